//! Every recorded CivitAI response parses, and every model and version is judged.
//!
//! The recordings are read where they are (`../shared/fixtures/civitai` from the
//! project root, or `$MODEL_COMPAT_FIXTURES/civitai`); nothing is copied here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use compat_core::{CompatibilityResult, ModelMetadata, WorkerProfile, is_model_compatible};
use provider_civitai::{
    CivitaiModel, CivitaiVersion, ModelsPage, ParseError, extract_model, extract_version, parse_enums,
    parse_error_body, parse_model, parse_models_page, parse_version,
};
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    testkit::shared_fixtures("civitai")
}

/// Sorted `*.json` files of a folder.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Folders of reconstructed error bodies (SOURCES.md calls it `errors_from_source/`,
/// the folder is `errors-reconstructed/`: take any folder starting with `errors`).
fn error_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("errors")))
        .collect();
    dirs.sort();
    dirs
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[derive(Debug)]
enum Fixture {
    Page(ModelsPage),
    Model(Box<CivitaiModel>),
    Version(Box<CivitaiVersion>),
    Enums,
}

/// Reads a fixture by what its name says it is. An unknown prefix fails, so a new
/// recording gets classified on purpose.
fn load(path: &Path) -> Fixture {
    let name = stem(path);
    let bytes = std::fs::read(path).unwrap();
    let context = |e: ParseError| format!("{name}: {e}");
    if name.starts_with("models-list_") {
        Fixture::Page(parse_models_page(&bytes).map_err(context).unwrap())
    } else if name.starts_with("model_") || name.starts_with("models-item_") {
        Fixture::Model(Box::new(parse_model(&bytes).map_err(context).unwrap()))
    } else if name.starts_with("model-version_") {
        Fixture::Version(Box::new(parse_version(&bytes).map_err(context).unwrap()))
    } else if name.starts_with("enums_") {
        parse_enums(&bytes).map_err(context).unwrap();
        Fixture::Enums
    } else {
        panic!("{name}: unclassified CivitAI fixture; teach tests/fixtures.rs what it is")
    }
}

fn sd_worker() -> &'static WorkerProfile {
    compat_core::default_catalog().worker("sd-worker").expect("the default catalog has sd-worker")
}

fn codes(codes: &[compat_core::Code]) -> String {
    if codes.is_empty() { "-".to_owned() } else { codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",") }
}

/// `Model:safetensors:fp16:pruned*`: file type, extracted format (`?` when unknown),
/// precision, size variant, `*` when primary, scan results other than Success.
fn files_summary(m: &ModelMetadata, version: u64) -> String {
    let v = m.versions.iter().find(|v| v.id == version).unwrap();
    if v.files.is_empty() {
        return "(no files)".to_owned();
    }
    v.files
        .iter()
        .map(|f| {
            let mut s = format!(
                "{}:{}:{}:{}",
                f.file_type.as_deref().unwrap_or("?"),
                f.format.as_ref().map_or("?", |x| x.as_str()),
                f.precision.as_deref().unwrap_or("-"),
                f.size_variant.as_deref().unwrap_or("-"),
            );
            if f.primary {
                s.push('*');
            }
            if let Some(scan) = &f.scan {
                for (which, status) in [("pickle", &scan.pickle), ("virus", &scan.virus)] {
                    if let Some(status) = status.as_ref().filter(|s| s.as_str() != "Success") {
                        let _ = write!(s, "!{which}={status}");
                    }
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn recommended(rec: Option<&compat_core::RecommendedFile>) -> String {
    rec.map_or("-".to_owned(), |r| format!("{} ({})", r.name, r.precision.as_deref().unwrap_or("-")))
}

#[derive(Default)]
struct Tally {
    versions_ok: usize,
    versions_no: usize,
    models_ok: usize,
    models_no: usize,
    version_codes: BTreeMap<&'static str, usize>,
    model_codes: BTreeMap<&'static str, usize>,
}

/// One line per version, then one line for the model's own verdict.
fn judge_into(out: &mut String, tally: &mut Tally, fixture: &str, m: &ModelMetadata) -> CompatibilityResult {
    let verdict = is_model_compatible(m);
    let model_type = m.model_type.as_deref().unwrap_or("?");
    assert_eq!(verdict.versions.len(), m.versions.len(), "{fixture} {}: one verdict per version", m.id);
    for v in &verdict.versions {
        let _ = writeln!(
            out,
            "{fixture} | {} | {model_type} | {} | {} | {} | {} | {} | {}",
            m.id,
            v.id,
            v.base_model.as_deref().unwrap_or("?"),
            files_summary(m, v.id),
            if v.compatible { "yes" } else { "no" },
            codes(&v.codes),
            recommended(v.recommended_file.as_ref()),
        );
        if v.compatible {
            tally.versions_ok += 1;
        } else {
            tally.versions_no += 1;
        }
        for c in &v.codes {
            *tally.version_codes.entry(c.as_str()).or_default() += 1;
        }
    }
    let _ = writeln!(
        out,
        "{fixture} | {} | {model_type} | MODEL | {} | mode={} nsfw={} level={} | {} | {} | {}",
        m.id,
        m.base_model.as_deref().unwrap_or("?"),
        m.mode.as_deref().unwrap_or("-"),
        m.nsfw,
        m.nsfw_level.map_or("-".to_owned(), |l| l.to_string()),
        if verdict.compatible { "YES" } else { "NO" },
        codes(&verdict.codes),
        verdict.recommended_file.as_ref().map_or("-".to_owned(), |r| format!(
            "{} (v{})",
            recommended(Some(r)),
            r.version_id.unwrap_or(0)
        )),
    );
    if verdict.compatible {
        tally.models_ok += 1;
    } else {
        tally.models_no += 1;
    }
    for c in &verdict.codes {
        *tally.model_codes.entry(c.as_str()).or_default() += 1;
    }
    verdict
}

struct Judged {
    table: String,
    verdicts: BTreeMap<String, CompatibilityResult>,
    models: BTreeMap<u64, CivitaiModel>,
}

fn judge_all() -> Judged {
    let dir = fixtures_dir();
    let mut table = String::from(
        "fixture | model | type | version | baseModel | files (type:format:fp:size, * primary) | compatible | codes | recommended\n",
    );
    let mut tally = Tally::default();
    let mut verdicts = BTreeMap::new();
    let mut models = BTreeMap::new();
    let mut versions: Vec<(String, CivitaiVersion)> = Vec::new();
    for path in json_files(&dir) {
        let name = stem(&path);
        match load(&path) {
            Fixture::Page(page) => {
                assert!(page.bad_items.is_empty(), "{name}: real items must all parse: {:?}", page.bad_items);
                assert!(!page.items.is_empty(), "{name}: no items");
                for model in page.items {
                    let v = judge_into(&mut table, &mut tally, &name, &extract_model(&model));
                    verdicts.insert(format!("{name}/{}", model.id), v);
                    models.insert(model.id, model);
                }
            }
            Fixture::Model(model) => {
                let v = judge_into(&mut table, &mut tally, &name, &extract_model(&model));
                verdicts.insert(format!("{name}/{}", model.id), v);
                models.insert(model.id, *model);
            }
            Fixture::Version(version) => versions.push((name, *version)),
            Fixture::Enums => {}
        }
    }
    for (name, version) in &versions {
        let m = extract_version(version, None);
        let v = judge_into(&mut table, &mut tally, name, &m);
        verdicts.insert(format!("{name}/{}", m.id), v);
    }
    let _ = writeln!(table, "\nversions: {} compatible, {} incompatible", tally.versions_ok, tally.versions_no);
    for (code, n) in &tally.version_codes {
        let _ = writeln!(table, "  version code {code}: {n}");
    }
    let _ = writeln!(table, "models: {} compatible, {} incompatible", tally.models_ok, tally.models_no);
    for (code, n) in &tally.model_codes {
        let _ = writeln!(table, "  model code {code}: {n}");
    }
    Judged { table, verdicts, models }
}

#[test]
fn every_fixture_parses_and_is_judged() {
    let judged = judge_all();
    insta::assert_snapshot!("civitai_fixture_verdicts", judged.table);
}

fn verdict<'a>(judged: &'a Judged, key: &str) -> &'a CompatibilityResult {
    judged.verdicts.get(key).unwrap_or_else(|| panic!("no verdict for {key}"))
}

fn version(result: &CompatibilityResult, id: u64) -> &compat_core::VersionVerdict {
    result.versions.iter().find(|v| v.id == id).unwrap()
}

fn has(codes: &[compat_core::Code], code: &str) -> bool {
    codes.iter().any(|c| c.as_str() == code)
}

/// The snapshot's key rows, spelled out against the sd-worker rules.
#[test]
fn fixture_verdicts_follow_the_sd_worker_rules() {
    let j = judge_all();
    let sd15 = "models-list_checkpoints_highest-rated_limit10_2024-05_sd15";
    let ti = "models-list_textualinversion_page1_2023_pickle_nsfw";

    // A supported base model, SafeTensor pruned fp16 primary: compatible, that file.
    let majic = verdict(&j, &format!("{sd15}/43331"));
    assert!(majic.compatible);
    let v = version(majic, 176_425);
    assert!(v.compatible && v.codes.is_empty());
    assert_eq!(v.recommended_file.as_ref().unwrap().name, "majicmixRealistic_v7.safetensors");
    // `baseModel: Other` is not a base model sd-worker knows.
    let ghost = verdict(&j, &format!("{sd15}/36520"));
    assert!(has(&version(ghost, 42_601).codes, "unsupported_base_model"));

    let dreamshaper = verdict(&j, &format!("{sd15}/4384"));
    // Only a Diffusers zip: not a format sd-worker loads.
    assert!(has(&version(dreamshaper, 303_662).codes, "unsupported_format"));
    // Only a Training Data zip (flagged primary): nothing to run.
    assert_eq!(
        version(dreamshaper, 111_861).codes.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        ["no_runnable_file"]
    );
    // Pickle + SafeTensor, Model + Pruned Model: the pruned fp16 SafeTensor wins.
    let rec = version(dreamshaper, 6202).recommended_file.as_ref().unwrap();
    assert_eq!(rec.name, "dreamshaper_332BakedVaeClipFix.safetensors");
    assert_eq!(rec.format, Some(compat_core::WeightFormat::Safetensors));
    // Pruned fp16 preferred over the primary full fp16 when both are SafeTensor.
    let rec = version(dreamshaper, 78_164).recommended_file.as_ref().unwrap();
    assert_eq!(rec.size_bytes, Some(2_132_625_431));

    // A CKPT-only version: unsafe pickle, while the model stays compatible.
    let meina = verdict(&j, &format!("{sd15}/12606"));
    assert!(meina.compatible);
    assert!(has(&version(meina, 101_354).codes, "unsafe_pickle"));

    // Textual inversions: not a model type sd-worker runs; .pt files are pickles; the
    // `.bin` with format `Other` is read as a pickle by its extension.
    for id in [3036, 4514, 8109] {
        let r = verdict(&j, &format!("{ti}/{id}"));
        assert!(!r.compatible);
        assert!(has(&r.codes, "unsupported_model_type"), "{id}");
    }
    let ulzzang = verdict(&j, &format!("{ti}/8109"));
    assert!(has(&version(ulzzang, 10_107).codes, "unsafe_pickle"));

    // Early access: runnable with a warning.
    let ea = verdict(&j, "models-item_1789968_illustrious-lora_early-access-version/1789968");
    assert!(ea.compatible);
    assert!(has(&ea.codes, "early_access"));
    // Training Data beside the model file does not count against it.
    let td = verdict(&j, "models-item_1810669_illustrious-lora_with-training-data-file/1810669");
    assert!(td.compatible && td.codes.is_empty());
    assert_eq!(td.recommended_file.as_ref().unwrap().name, "Ocean_dream_Floating_underwater.safetensors");
    // Flux.1 D LoRA: supported.
    assert!(verdict(&j, "model_1231067_flux1d_lora_single_version/1231067").compatible);
}

/// A version looked up alone reaches the same verdict as inside its model.
#[test]
fn version_lookup_matches_its_model() {
    let j = judge_all();
    let dir = fixtures_dir();
    let bytes = std::fs::read(dir.join("model-version_1387174_flux1d_lora.json")).unwrap();
    let version = parse_version(&bytes).unwrap();
    assert_eq!(version.parent_model_id(), Some(1_231_067));
    let alone = extract_version(&version, None);
    assert_eq!(alone.id, "1231067");
    assert_eq!(alone.model_type.as_deref(), Some("LORA"));
    assert_eq!(alone.base_model.as_deref(), Some("Flux.1 D"));

    let model = &j.models[&1_231_067];
    let with_parent = extract_version(&version, Some(model));
    let in_model = verdict(&j, "model_1231067_flux1d_lora_single_version/1231067");
    for m in [&alone, &with_parent] {
        let r = is_model_compatible(m);
        assert_eq!(r.compatible, in_model.compatible);
        assert_eq!(r.codes, in_model.codes);
        assert_eq!(r.recommended_file.as_ref().map(|f| &f.name), in_model.recommended_file.as_ref().map(|f| &f.name));
    }
}

#[test]
fn list_page_metadata() {
    let dir = fixtures_dir();
    let read =
        |name: &str| parse_models_page(&std::fs::read(dir.join(name)).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    // New shape: cursor, plus page numbers because `page` was used.
    let new = read("models-list_checkpoints_highest-rated_limit10_2024-05_sd15.json");
    assert_eq!(new.items.len(), 10);
    assert_eq!(new.next_cursor.as_deref(), Some("22138|364671|25494"));
    assert!(new.next_page.as_deref().unwrap().contains("cursor="));
    assert_eq!((new.current_page, new.page_size), (Some(1), Some(10)));
    assert_eq!(new.total_items, None);
    // Old shape: totals, no cursor; `allowCommercialUse` is a single string.
    let old = read("models-list_textualinversion_page1_2023_pickle_nsfw.json");
    assert_eq!(old.items.len(), 3);
    assert_eq!(old.next_cursor, None);
    assert_eq!((old.total_items, old.total_pages), (Some(1676), Some(559)));
    assert_eq!(old.items[0].allow_commercial_use.as_deref(), Some(&["Rent".to_owned()][..]));
    assert_eq!(old.items[0].stats.as_ref().unwrap().rating, Some(4.63));
    // Display fields.
    let first = &new.items[0];
    assert_eq!(first.creator.as_ref().unwrap().username.as_deref(), Some("Merjic"));
    assert!(first.image_url().unwrap().starts_with("https://image.civitai.com/"));
    assert!(!first.tags.is_empty());
}

/// Every reconstructed error body yields its message, and the record parsers
/// recognise it as an error rather than a malformed record.
#[test]
fn error_bodies_parse_with_their_message() {
    let dir = fixtures_dir();
    let dirs = error_dirs(&dir);
    assert!(!dirs.is_empty(), "no errors* folder under {}", dir.display());
    let mut table = String::new();
    for errors in dirs {
        for path in json_files(&errors) {
            let name = stem(&path);
            let bytes = std::fs::read(&path).unwrap();
            let message = parse_error_body(&bytes).unwrap_or_else(|| panic!("{name}: no message"));
            let raw: Value = serde_json::from_slice(&bytes).unwrap();
            let error = raw["error"].as_str().unwrap();
            assert!(message.contains(error), "{name}: {message}");
            if let Some(detail) = raw.get("message").and_then(Value::as_str) {
                assert!(message.contains(detail), "{name}: {message}");
            }
            for result in [parse_models_page(&bytes).err(), parse_model(&bytes).err(), parse_version(&bytes).err()] {
                match result {
                    Some(ParseError::Api { message: m }) => assert_eq!(m, message, "{name}"),
                    other => panic!("{name}: expected an API error, got {other:?}"),
                }
            }
            let _ = writeln!(table, "{name}: {message}");
        }
    }
    insta::assert_snapshot!("civitai_error_messages", table);
}

/// Base models CivitAI lists that sd-worker does not run, on purpose. A base model
/// CivitAI adds fails the test below until it is put in the catalog or here.
const DELIBERATELY_UNSUPPORTED: &[&str] = &[
    // Other architectures (DiT, MMDiT, other text encoders) sd-worker has no code for.
    "Anima",
    "AuraFlow",
    "Chroma",
    "Flux.2 D",
    "Flux.2 Klein 9B",
    "Flux.2 Klein 9B-base",
    "Flux.2 Klein 4B",
    "Flux.2 Klein 4B-base",
    "HiDream",
    "Hunyuan 1",
    "Kolors",
    "Lumina",
    "PixArt a",
    "PixArt E",
    "Playground v2",
    "Pony V7",
    "Qwen",
    "Stable Cascade",
    "SD 3",
    "SD 3.5",
    "SD 3.5 Large",
    "SD 3.5 Large Turbo",
    "SD 3.5 Medium",
    "ZImageTurbo",
    "ZImageBase",
    // Video models.
    "CogVideoX",
    "Hunyuan Video",
    "LTXV",
    "LTXV2",
    "LTXV 2.3",
    "Mochi",
    "SVD",
    "SVD XT",
    "Wan Video",
    "Wan Video 1.3B t2v",
    "Wan Video 14B t2v",
    "Wan Video 14B i2v 480p",
    "Wan Video 14B i2v 720p",
    "Wan Video 2.2 TI2V-5B",
    "Wan Video 2.2 I2V-A14B",
    "Wan Video 2.2 T2V-A14B",
    "Wan Video 2.5 T2V",
    "Wan Video 2.5 I2V",
    // Hosted services: nothing to download.
    "Imagen4",
    "Kling",
    "Nano Banana",
    "OpenAI",
    "Seedance",
    "Seedream",
    "Sora 2",
    "Veo 3",
    "Vidu Q1",
    // Not a base model.
    "ODOR",
    "Other",
];

#[test]
fn enums_base_models_are_supported_or_deliberately_not() {
    let dir = fixtures_dir();
    let path = json_files(&dir).into_iter().find(|p| stem(p).starts_with("enums_")).expect("an enums fixture");
    let enums = parse_enums(&std::fs::read(&path).unwrap()).unwrap();
    let sd = sd_worker();

    for t in &sd.model_types {
        assert!(enums.model_types.contains(t), "catalog model type {t}");
    }
    for t in &sd.file_types {
        assert!(enums.model_file_types.contains(t), "catalog file type {t}");
    }
    for family in &sd.base_models {
        for name in &family.names {
            assert!(
                enums.base_models.contains(name),
                "catalog base model `{name}` ({}) is not a CivitAI base model",
                family.family
            );
        }
    }
    for name in &enums.active_base_models {
        assert!(enums.base_models.contains(name), "active {name}");
    }

    let unsupported: Vec<&str> =
        enums.base_models.iter().map(String::as_str).filter(|b| sd.base_model_family(b).is_none()).collect();
    println!("CivitAI base models sd-worker does not run: {unsupported:?}");
    let undecided: Vec<&&str> = unsupported.iter().filter(|b| !DELIBERATELY_UNSUPPORTED.contains(b)).collect();
    assert!(undecided.is_empty(), "base models neither in the catalog nor deliberately unsupported: {undecided:?}");
    let stale: Vec<&&str> = DELIBERATELY_UNSUPPORTED.iter().filter(|b| !unsupported.contains(b)).collect();
    assert!(stale.is_empty(), "listed as unsupported but supported or no longer listed by CivitAI: {stale:?}");
}
