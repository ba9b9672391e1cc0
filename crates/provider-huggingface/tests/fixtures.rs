//! Every recorded Hub response in `../shared/fixtures/huggingface`, read in place: parsed,
//! extracted and judged by the default catalog.
//!
//! The fixtures live beside the repository (never copied into it). Set
//! `MODEL_COMPAT_FIXTURES` to the `fixtures` folder to read them from elsewhere.

use std::collections::BTreeMap;
use std::path::PathBuf;

use compat_core::{
    Code, CompatibilityResult, Confidence, Evidence, FamilySupport, Gate, ModelKind, ModelMetadata, PipelineKind,
    PipelineSupport, WeightFormat, WorkerCatalog, default_catalog, is_model_compatible, judge, resolve,
};
use provider_huggingface::{
    HfBody, HfModelRecord, ParseError, extract_files_from_tree, extract_from_json, extract_metadata, parse_body,
};

fn fixtures_dir() -> PathBuf {
    testkit::shared_fixtures("huggingface")
}

/// One parsed fixture file.
struct Fixture {
    file: String,
    bytes: Vec<u8>,
    body: HfBody,
}

fn load_all() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 40, "expected the full fixture set, found {}", paths.len());
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let body = parse_body(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
            Fixture { file, bytes, body }
        })
        .collect()
}

/// Every model record of every fixture, labelled `file` or `file#index` for lists.
fn all_models() -> Vec<(String, HfModelRecord, ModelMetadata, CompatibilityResult)> {
    let mut out = Vec::new();
    for fixture in load_all() {
        let HfBody::Models(records) = fixture.body else {
            continue;
        };
        let list = records.len() > 1 || fixture.file.contains("list");
        for (i, record) in records.into_iter().enumerate() {
            let label = if list { format!("{}#{i}", fixture.file) } else { fixture.file.clone() };
            // Judged as extracted; kept as the default catalog reads it (inferred
            // architecture, kind from the pipeline tag), which is what the tables show.
            let extracted = extract_metadata(&record);
            let verdict = is_model_compatible(&extracted);
            let metadata = resolve(&extracted, default_catalog());
            assert_eq!(is_model_compatible(&metadata), verdict, "{label}: judging what was read changes nothing");
            out.push((label, record, metadata, verdict));
        }
    }
    out
}

fn model<'a>(
    models: &'a [(String, HfModelRecord, ModelMetadata, CompatibilityResult)],
    file_prefix: &str,
) -> (&'a ModelMetadata, &'a CompatibilityResult) {
    let (_, _, m, v) = models
        .iter()
        .find(|(label, ..)| label.starts_with(file_prefix))
        .unwrap_or_else(|| panic!("no fixture {file_prefix}"));
    (m, v)
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    let out: Vec<String> = items.into_iter().map(|t| t.to_string()).collect();
    if out.is_empty() { "-".to_owned() } else { out.join(",") }
}

fn evidence(e: Evidence) -> &'static str {
    match e {
        Evidence::Header => "header",
        Evidence::Config => "config",
        Evidence::Gguf => "gguf",
        Evidence::Tags => "tags",
        Evidence::Name => "name",
    }
}

fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::None => "none",
        Confidence::Low => "low",
        Confidence::Medium => "medium",
        Confidence::High => "high",
    }
}

fn row(label: &str, m: &ModelMetadata, v: &CompatibilityResult) -> String {
    let family = m.architecture.as_ref().map_or("-".to_owned(), |a| {
        format!("{} ({}/{})", a.family.as_deref().unwrap_or("?"), a.raw, evidence(a.evidence))
    });
    let quants = join(
        m.files
            .iter()
            .filter(|f| f.format == Some(WeightFormat::Gguf))
            .map(|f| f.quantization.as_deref().unwrap_or("?")),
    );
    format!(
        "{label} | {id} | {kind} | {family} | {formats} | {quants} | {quant} | {ctx} | {ok} | {conf} | {codes}",
        id = if m.id.is_empty() { "(no id)" } else { &m.id },
        kind = m.kind.as_str(),
        formats = join(&m.formats),
        quant = m.quantization.as_deref().unwrap_or("-"),
        ctx = m.context_length.map_or("-".to_owned(), |c| c.to_string()),
        ok = if v.compatible { "yes" } else { "no" },
        conf = confidence(v.confidence),
        codes = join(v.codes.iter().map(|c| c.as_str())),
    )
}

#[test]
fn every_fixture_parses_without_notes() {
    for fixture in load_all() {
        let extracted = extract_from_json(&fixture.bytes);
        match &fixture.body {
            HfBody::Models(records) => {
                assert!(!records.is_empty(), "{}", fixture.file);
                assert_eq!(extracted.unwrap().len(), records.len(), "{}", fixture.file);
                for record in records {
                    assert!(
                        record.notes.is_empty(),
                        "{}: real data read with problems: {:?}",
                        fixture.file,
                        record.notes
                    );
                }
            }
            HfBody::Tree(entries) => {
                assert!(fixture.file.contains("tree"), "{} read as a tree listing", fixture.file);
                assert!(entries.iter().all(|e| e.notes.is_empty() && e.is_file()));
                assert!(matches!(extracted, Err(ParseError::TreeListing)), "{}", fixture.file);
            }
        }
    }
}

#[test]
fn tree_listings_are_classified_as_files() {
    let trees: BTreeMap<String, Vec<_>> = load_all()
        .into_iter()
        .filter_map(|f| match f.body {
            HfBody::Tree(entries) => Some((f.file, entries)),
            HfBody::Models(_) => None,
        })
        .collect();
    // Exactly the two recorded tree listings, and only they.
    assert_eq!(
        trees.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "hfjs-google-bert__bert-base-uncased.tree.dd4bc8b2.json",
            "test-capture__tree__ggerganov__whisper.cpp__tree-main-recursive__lfs-xetHash__trimmed.json",
        ]
    );
    let summary: Vec<String> = trees
        .iter()
        .flat_map(|(file, entries)| {
            extract_files_from_tree(entries).into_iter().map(move |f| {
                format!(
                    "{file} | {} | {} | {}",
                    f.name,
                    f.format.as_ref().map_or("-", |x| x.as_str()),
                    f.size_bytes.map_or("-".to_owned(), |s| s.to_string())
                )
            })
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"), @r"
    hfjs-google-bert__bert-base-uncased.tree.dd4bc8b2.json | pytorch_model.bin | pytorch | 440473133
    hfjs-google-bert__bert-base-uncased.tree.dd4bc8b2.json | tf_model.h5 | tensorflow | 536063208
    test-capture__tree__ggerganov__whisper.cpp__tree-main-recursive__lfs-xetHash__trimmed.json | ggml-large-v3-turbo.bin | ggml | 1624555275
    ");
}

/// One line per model, sorted by file name. Columns: file, id, kind, family (raw/evidence),
/// formats, GGUF quant per GGUF file, safetensors quantization, context, compatible,
/// confidence, codes.
#[test]
fn verdict_table() {
    let table: Vec<String> = all_models().iter().map(|(label, _, m, v)| row(label, m, v)).collect();
    insta::assert_snapshot!("verdict_table", table.join("\n"));
}

/// How many fixture models each worker verdict and code covers.
#[test]
fn verdict_counts() {
    let models = all_models();
    let compatible = models.iter().filter(|(.., v)| v.compatible).count();
    let mut per_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (.., v) in &models {
        for code in &v.codes {
            *per_code.entry(code.as_str()).or_default() += 1;
        }
    }
    let mut out = vec![
        format!("models: {}", models.len()),
        format!("compatible: {compatible}"),
        format!("incompatible: {}", models.len() - compatible),
    ];
    out.extend(per_code.iter().map(|(code, n)| format!("{code}: {n}")));
    insta::assert_snapshot!("verdict_counts", out.join("\n"));
}

/// The cases the table must get right, spelled out so a snapshot update cannot hide them.
#[test]
fn key_verdicts() {
    let models = all_models();

    // Gated manual Llama with safetensors: runs, with a gated warning.
    for file in
        ["alain-meta-llama__Llama-3.1-8B-Instruct", "hfhub-cassette__model_info__meta-llama__Llama-3.1-8B-Instruct"]
    {
        let (m, v) = model(&models, file);
        let arch = m.architecture.as_ref().unwrap();
        assert_eq!((arch.family.as_deref(), arch.evidence), (Some("llama"), Evidence::Config));
        assert!(m.formats.contains(&WeightFormat::Safetensors));
        assert_eq!(m.gated, Some(Gate::Manual));
        assert!(v.compatible, "{file}: {:?}", v.reasons);
        assert!(v.codes.contains(&Code::Gated));
        assert_eq!(m.kind, ModelKind::TextGeneration);
    }

    // gpt-oss: unsupported architecture, and MXFP4-quantized safetensors.
    let (m, v) = model(&models, "alain-openai__gpt-oss-20b");
    assert_eq!(m.architecture.as_ref().unwrap().raw, "gpt_oss");
    assert_eq!(m.quantization.as_deref(), Some("mxfp4"));
    assert!(!v.compatible);
    assert!(v.codes.contains(&Code::UnsupportedArchitecture));
    assert!(v.codes.contains(&Code::QuantizedWeightsUnsupported));

    // GGUF repo with `config: {}`: architecture from the gguf block.
    let (m, v) = model(&models, "transcript__model_info__ggml-org__gemma-3-1b-it-GGUF");
    let arch = m.architecture.as_ref().unwrap();
    assert_eq!((arch.raw.as_str(), arch.evidence), ("gemma3", Evidence::Gguf));
    assert_eq!(m.context_length, Some(32_768));
    assert_eq!(m.parameters, Some(999_885_952));
    assert_eq!(m.kind, ModelKind::TextGeneration);
    assert_eq!(m.base_models, ["google/gemma-3-1b-it"]);
    assert!(v.compatible);
    assert_eq!(v.recommended_file.as_ref().unwrap().quantization.as_deref(), Some("Q4_K_M"));

    // A merge with `config: {}` and a vision pipeline: no architecture to be had.
    let (m, v) = model(&models, "OrionLLM__GRM-2.6-Opus");
    assert_eq!(m.architecture, None);
    assert_eq!(m.kind, ModelKind::TextGeneration);
    assert!(v.codes.contains(&Code::VisionInputIgnored));
    assert!(v.codes.contains(&Code::ArchitectureUnknown));
    assert_eq!(m.parameters, Some(27_781_427_952));

    // Stable Diffusion 2.1: the image worker, through its diffusers pipeline class.
    let (m, v) = model(&models, "hfhub-cassette__model_info__stabilityai__stable-diffusion-2-1");
    assert_eq!(m.kind, ModelKind::ImageGeneration);
    assert_eq!(m.diffusers_pipeline.as_deref(), Some("StableDiffusionPipeline"));
    assert!(v.compatible);
    assert_eq!(v.workers.iter().find(|w| w.compatible).unwrap().id, "sd-worker");

    // T5: an architecture no worker runs.
    for file in ["alain-google__flan-t5-base", "alain-google__flan-t5-small"] {
        let (m, v) = model(&models, file);
        assert_eq!(m.architecture.as_ref().unwrap().raw, "t5");
        assert!(v.codes.contains(&Code::UnsupportedArchitecture), "{file}");
    }

    // distilbart: PyTorch pickles (and Flax, rust-bert) only, no safetensors.
    let (m, v) = model(&models, "hfhub-cassette__model_info__sshleifer__distilbart");
    assert_eq!(m.formats, [WeightFormat::PyTorch, WeightFormat::Flax, WeightFormat::RustBert]);
    assert!(!v.compatible);

    // ONNX only.
    let (m, v) = model(&models, "OpenMed__");
    assert_eq!(m.formats, [WeightFormat::Onnx]);
    assert!(v.codes.contains(&Code::UnsupportedFormat));

    // A trimmed record without id or config still gets a verdict.
    let (m, v) = model(&models, "maruel-microsoft__Phi-3");
    assert_eq!(m.id, "");
    assert_eq!(m.formats, [WeightFormat::Safetensors]);
    assert_eq!(m.parameters, Some(3_821_079_552));
    assert_eq!(m.license.as_deref(), Some("mit"));
    assert!(!v.compatible);
    assert!(!v.reasons.is_empty());
}

/// What the words of a record mean is the catalog's: a custom catalog that knows the
/// `kimi_k2` tag and reads the `translation` pipeline as text generation changes the
/// verdicts of models extracted once, before it existed.
#[test]
fn a_catalog_teaches_names_and_pipeline_kinds_without_extracting_again() {
    let models = all_models();
    let extracted = |prefix: &str| {
        let (_, record, ..) = models.iter().find(|(label, ..)| label.starts_with(prefix)).unwrap();
        extract_metadata(record)
    };
    let kimi = extracted("doc-capture__list__api-models_default-fields__2-items.json#0");
    let t5 = extracted("hfhub-cassette__model_info__google-t5__t5-small__t5_translation");
    let (kimi_before, t5_before) = (kimi.clone(), t5.clone());
    assert_eq!((kimi.id.as_str(), t5.id.as_str()), ("moonshotai/Kimi-K2-Thinking", "google-t5/t5-small"));
    // The default catalog knows neither word.
    let default = default_catalog();
    assert_eq!(judge(&kimi, default, None).codes, [Code::ArchitectureUnknown, Code::QuantizedWeightsUnsupported]);
    assert_eq!(judge(&t5, default, None).codes, [Code::NotTextGeneration, Code::NotImageGeneration]);

    let mut custom: WorkerCatalog = default.clone();
    custom.vocabulary.pipeline_kinds.push(PipelineKind { tag: "translation".into(), kind: ModelKind::TextGeneration });
    let llm = custom.workers.iter_mut().find(|w| w.id == "llm-worker").unwrap();
    llm.pipelines.push(PipelineSupport { tag: "translation".into(), warning: None });
    for (family, name) in [("kimi", "kimi_k2"), ("t5", "t5")] {
        llm.architectures.push(FamilySupport {
            family: family.into(),
            config_names: vec![name.into()],
            gguf_names: Vec::new(),
            confidence: Confidence::Medium,
        });
    }
    llm.safetensors_quantizations.push("compressed-tensors".into());

    let kimi_verdict = judge(&kimi, &custom, None);
    assert!(kimi_verdict.compatible, "{:?}", kimi_verdict.reasons);
    assert_eq!(kimi_verdict.codes, [Code::ContextUnknown, Code::ArchitectureInferred]);
    assert_eq!(kimi_verdict.confidence, Confidence::Low);
    let read = custom.architecture_of(&kimi).unwrap();
    assert_eq!((read.family.as_deref(), read.raw.as_str(), read.evidence), (Some("kimi"), "kimi_k2", Evidence::Tags));

    let t5_verdict = judge(&t5, &custom, None);
    assert!(t5_verdict.compatible, "{:?}", t5_verdict.reasons);
    assert_eq!(t5_verdict.recommended_file.unwrap().name, "model.safetensors");
    assert_eq!(resolve(&t5, &custom).kind, ModelKind::TextGeneration);

    // Judging read the metadata, it did not change it.
    assert_eq!((kimi, t5), (kimi_before, t5_before));
}
