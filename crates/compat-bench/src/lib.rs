//! The data every benchmark of `cargo xtask bench` runs on, built the same way each time.
//!
//! - [`fixture_bodies`]: the recorded Hub bodies of `../shared/fixtures/huggingface`, read in
//!   place (tree listings and error bodies left out: they hold no model to judge).
//! - [`dataset_entries`] + [`dataset_record`]: the 963 entries of
//!   `../shared/datasets/llmfit_hf_models.json`. That file is *derived* data (a scraper's
//!   summary, not API output), so each entry is turned back into the raw record the Hub's
//!   `/api/models?expand[]=...` would send for it: tags with the format, `pipeline_tag`,
//!   `library_name`, a `config` with `model_type`, `architectures`, the family's
//!   `tokenizer_config` (taken from a recorded record of that family, as the Hub inlines it)
//!   and `quantization_config` for AWQ/GPTQ, `safetensors` or `gguf` blocks, and `siblings`
//!   named by format and quantization.
//! - [`listing_records`]: what a "text-generation, most downloaded first" listing would
//!   page through: the text-generation fixture records (cut to the fields our provider asks
//!   for) and the dataset records, by downloads.
//! - [`synthetic_records`]: as many records as wanted, cycling those templates with unique
//!   ids, for the memory benchmark.
//!
//! Everything is deterministic (no randomness), so two runs measure the same bytes.

pub mod wire_lists;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use compat_core::is_model_compatible;
use provider_huggingface::{EXPAND_FIELDS, HfBody, HfModelRecord, extract_metadata, parse_body};
use serde_json::{Map, Value, json};

/// Records per page when the dataset is served or measured as listing pages.
pub const DATASET_PAGE_SIZE: usize = 50;

/// `../shared/fixtures/huggingface` (or under `$MODEL_COMPAT_FIXTURES`).
pub fn fixtures_dir() -> PathBuf {
    testkit::shared_fixtures("huggingface")
}

/// `$MODEL_COMPAT_DATASETS`, else `datasets` beside `$MODEL_COMPAT_FIXTURES` (both live in
/// `shared`, so a checkout elsewhere sets one variable), else `../shared/datasets`.
pub fn datasets_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MODEL_COMPAT_DATASETS") {
        return PathBuf::from(dir);
    }
    match std::env::var_os("MODEL_COMPAT_FIXTURES") {
        Some(fixtures) => PathBuf::from(fixtures).join("../datasets"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets"),
    }
}

/// One recorded response body holding model records.
#[derive(Debug, Clone)]
pub struct FixtureBody {
    pub name: String,
    pub bytes: Vec<u8>,
    pub records: usize,
}

/// Every `*.json` body of the HuggingFace fixtures that parses as model records, in file-name
/// order. Panics when the folder is missing or holds none: a benchmark must not pass on no data.
pub fn fixture_bodies() -> Vec<FixtureBody> {
    let dir = fixtures_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let bodies: Vec<FixtureBody> = paths
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            match parse_body(&bytes) {
                Ok(HfBody::Models(records)) if !records.is_empty() => Some(FixtureBody {
                    name: path.file_name()?.to_string_lossy().into_owned(),
                    records: records.len(),
                    bytes,
                }),
                _ => None,
            }
        })
        .collect();
    assert!(!bodies.is_empty(), "no HuggingFace model bodies in {}", dir.display());
    bodies
}

/// The records of the fixture bodies, as JSON values, in file order (duplicates kept).
pub fn fixture_records(bodies: &[FixtureBody]) -> Vec<Value> {
    bodies
        .iter()
        .flat_map(|b| match serde_json::from_slice::<Value>(&b.bytes) {
            Ok(Value::Array(items)) => items,
            Ok(single) => vec![single],
            Err(_) => Vec::new(),
        })
        .collect()
}

/// The 963 derived entries of `llmfit_hf_models.json`.
pub fn dataset_entries() -> Vec<Value> {
    let path = datasets_dir().join("llmfit_hf_models.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (check out `shared` beside the repository or set MODEL_COMPAT_DATASETS)", path.display())
    });
    match serde_json::from_slice(&bytes) {
        Ok(Value::Array(entries)) => entries,
        _ => panic!("{}: expected a JSON array", path.display()),
    }
}

/// Chat templates and tokenizer configs by `model_type`, from the recorded records that
/// inline one (the Hub's listing with `expand[]=config` sends them).
#[derive(Debug, Clone, Default)]
pub struct Templates {
    tokenizer: BTreeMap<String, Value>,
}

impl Templates {
    pub fn from_fixtures(records: &[Value]) -> Self {
        let mut tokenizer = BTreeMap::new();
        for record in records {
            let config = record.get("config");
            let model_type = config.and_then(|c| c.get("model_type")).and_then(Value::as_str);
            let tok = config.and_then(|c| c.get("tokenizer_config"));
            if let (Some(model_type), Some(tok)) = (model_type, tok) {
                // Keep the richest (longest) template of each family.
                let len = tok.to_string().len();
                let better = tokenizer.get(model_type).is_none_or(|old: &Value| old.to_string().len() < len);
                if better {
                    tokenizer.insert(model_type.to_owned(), tok.clone());
                }
            }
        }
        Self { tokenizer }
    }

    /// The template of `model_type`, else of its family (`qwen3_moe` -> `qwen3`,
    /// `qwen2_5_vl` -> `qwen2`, `llama4` -> `llama`), else Llama's.
    fn tokenizer_config(&self, model_type: &str) -> Option<&Value> {
        if let Some(t) = self.tokenizer.get(model_type) {
            return Some(t);
        }
        let family: String = model_type.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        self.tokenizer
            .iter()
            .find(|(k, _)| !family.is_empty() && k.starts_with(&family))
            .map(|(_, v)| v)
            .or_else(|| self.tokenizer.get("llama"))
    }
}

/// FNV-1a: stable ids and choices without randomness.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// `qwen3_moe` -> `Qwen3Moe`.
fn camel(model_type: &str) -> String {
    model_type
        .split(['_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// llama.cpp's `general.architecture` for a transformers `model_type`.
fn gguf_architecture(model_type: &str) -> String {
    match model_type {
        "mistral" | "mixtral" => "llama".to_owned(),
        "gemma3_text" => "gemma3".to_owned(),
        "gpt_oss" => "gpt-oss".to_owned(),
        "deepseek_v3" | "deepseek_v2" => "deepseek2".to_owned(),
        "phi" => "phi2".to_owned(),
        other => other.replace('_', ""),
    }
}

fn licence_for(id: &str) -> &'static str {
    let owner = id.split('/').next().unwrap_or_default().to_ascii_lowercase();
    match owner.as_str() {
        "meta-llama" => "llama3.1",
        "google" => "gemma",
        "qwen" | "mistralai" => "apache-2.0",
        "microsoft" | "deepseek-ai" => "mit",
        _ => "other",
    }
}

/// Safetensors shard names for `bytes` of weights, in shards of at most 5 GB, as
/// `transformers` writes them.
fn shards(bytes: u64) -> Vec<String> {
    let n = bytes.div_ceil(5_000_000_000).max(1);
    if n == 1 {
        return vec!["model.safetensors".to_owned()];
    }
    let mut names: Vec<String> = (1..=n).map(|i| format!("model-{i:05}-of-{n:05}.safetensors")).collect();
    names.push("model.safetensors.index.json".to_owned());
    names
}

/// The raw Hub record (listing with `expand[]`) that a derived dataset entry describes.
/// See the crate docs.
pub fn dataset_record(entry: &Value, templates: &Templates) -> Value {
    let s = |k: &str| entry.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let n = |k: &str| entry.get(k).and_then(Value::as_u64);
    let id = s("name").unwrap_or("unknown/unknown").to_owned();
    let base = id.rsplit('/').next().unwrap_or(&id).to_owned();
    let model_type = s("architecture").filter(|a| *a != "unknown").map(str::to_owned);
    let format = s("format").unwrap_or("safetensors");
    let quant = s("quantization").unwrap_or("Q4_K_M");
    let params = n("parameters_raw").unwrap_or(0);
    let vision = entry
        .get("capabilities")
        .and_then(Value::as_array)
        .is_some_and(|caps| caps.iter().any(|c| c.as_str() == Some("vision")));
    let pipeline = match s("pipeline_tag") {
        Some("unknown") | None => {
            if vision {
                "image-text-to-text"
            } else {
                "text-generation"
            }
        }
        Some(tag) => tag,
    };
    let date =
        s("release_date").map_or_else(|| "2025-06-01T00:00:00.000Z".to_owned(), |d| format!("{d}T00:00:00.000Z"));
    let hash = fnv(&id);
    let licence = licence_for(&id);

    let mut tags: Vec<String> = Vec::new();
    let mut siblings: Vec<String> = vec![".gitattributes".into(), "README.md".into()];
    let mut config = Map::new();
    let mut record = Map::new();
    let library: Option<&str>;
    let class = model_type
        .as_deref()
        .map(|mt| format!("{}{}", camel(mt), if vision { "ForConditionalGeneration" } else { "ForCausalLM" }));
    let tokenizer = model_type.as_deref().and_then(|mt| templates.tokenizer_config(mt)).cloned();

    match format {
        "gguf" => {
            // A GGUF repository: empty config, what the Hub read from the GGUF header, and
            // the GGUF file named by its quantization.
            library = None;
            tags.push("gguf".into());
            if let Some(mt) = &model_type {
                tags.push(mt.clone());
            }
            siblings.push(format!("{base}-{quant}.gguf"));
            if vision {
                siblings.push(format!("mmproj-{base}-F16.gguf"));
            }
            let mut gguf = Map::new();
            gguf.insert("total".into(), json!(params));
            if let Some(mt) = &model_type {
                gguf.insert("architecture".into(), json!(gguf_architecture(mt)));
            }
            if let Some(ctx) = n("context_length") {
                gguf.insert("context_length".into(), json!(ctx));
            }
            if let Some(template) = tokenizer.as_ref().and_then(|t| t.get("chat_template")) {
                gguf.insert("chat_template".into(), template.clone());
            }
            gguf.insert("bos_token".into(), json!("<s>"));
            gguf.insert("eos_token".into(), json!("</s>"));
            record.insert("gguf".into(), Value::Object(gguf));
        }
        other => {
            let (lib, bits, dtype) = match other {
                "awq" | "gptq" => {
                    let bits = if quant.contains('8') { 8 } else { 4 };
                    ("transformers", bits, "I32")
                }
                "mlx" => ("mlx", 4, "U32"),
                _ => ("transformers", 16, "BF16"),
            };
            library = Some(lib);
            if lib == "mlx" {
                tags.push("mlx".into());
            } else {
                tags.push("transformers".into());
            }
            tags.push("safetensors".into());
            if let Some(mt) = &model_type {
                tags.push(mt.clone());
            }
            if bits < 16 {
                tags.push(format!("{bits}-bit"));
            }
            if matches!(other, "awq" | "gptq") {
                tags.push(other.to_owned());
            }
            for shard in shards(params.saturating_mul(bits) / 8) {
                siblings.push(shard);
            }
            siblings.extend(
                ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"].map(String::from),
            );
            if let Some(class) = &class {
                config.insert("architectures".into(), json!([class]));
            }
            if let Some(mt) = &model_type {
                config.insert("model_type".into(), json!(mt));
            }
            match other {
                "awq" | "gptq" => {
                    config.insert(
                        "quantization_config".into(),
                        json!({"quant_method": other, "bits": bits, "group_size": 128}),
                    );
                }
                "mlx" => {
                    config.insert("quantization".into(), json!({"group_size": 64, "bits": bits}));
                }
                _ => {}
            }
            if let Some(tok) = tokenizer {
                config.insert("tokenizer_config".into(), tok);
            }
            let mut parameters = Map::new();
            if bits < 16 {
                // Packed weights plus the unquantized embeddings and norms.
                parameters.insert(dtype.into(), json!(params / 8 * 7));
                parameters.insert("F16".into(), json!(params - params / 8 * 7));
            } else {
                parameters.insert(dtype.into(), json!(params));
            }
            record.insert("safetensors".into(), json!({"parameters": parameters, "total": params}));
        }
    }
    tags.push(pipeline.into());
    tags.extend([
        "conversational".into(),
        format!("license:{licence}"),
        "endpoints_compatible".into(),
        "region:us".into(),
    ]);

    record.insert("_id".into(), json!(format!("{:016x}{:08x}", hash, hash >> 32 & 0xffff_ffff)));
    record.insert("id".into(), json!(id));
    record.insert("private".into(), json!(false));
    record.insert("pipeline_tag".into(), json!(pipeline));
    if let Some(lib) = library {
        record.insert("library_name".into(), json!(lib));
    }
    record.insert("tags".into(), json!(tags));
    record.insert("downloads".into(), json!(n("hf_downloads").unwrap_or(0)));
    record.insert("likes".into(), json!(n("hf_likes").unwrap_or(0)));
    record.insert("lastModified".into(), json!(date));
    record.insert("gated".into(), if licence == "llama3.1" { json!("manual") } else { json!(false) });
    record.insert("disabled".into(), json!(false));
    record.insert("config".into(), Value::Object(config));
    let mut card = json!({"license": licence, "pipeline_tag": pipeline});
    if let Some(lib) = library {
        card["library_name"] = json!(lib);
    }
    record.insert("cardData".into(), card);
    record.insert("siblings".into(), Value::Array(siblings.into_iter().map(|f| json!({"rfilename": f})).collect()));
    record.insert("createdAt".into(), json!(date));
    Value::Object(record)
}

/// [`dataset_record`] of every entry.
pub fn dataset_records(entries: &[Value], templates: &Templates) -> Vec<Value> {
    entries.iter().map(|e| dataset_record(e, templates)).collect()
}

/// Compact JSON pages of `page_size` records, as the Hub sends them.
pub fn pages(records: &[Value], page_size: usize) -> Vec<Vec<u8>> {
    records.chunks(page_size).map(|chunk| serde_json::to_vec(chunk).expect("plain JSON")).collect()
}

/// Only the fields a listing with our `expand[]` sends (plus `_id` and `id`).
fn as_listed(record: &Value) -> Option<Value> {
    let obj = record.as_object()?;
    obj.get("id").and_then(Value::as_str)?;
    let kept: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| *k == "_id" || *k == "id" || EXPAND_FIELDS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Some(Value::Object(kept))
}

fn is_text_generation(record: &Value) -> bool {
    matches!(record.get("pipeline_tag").and_then(Value::as_str), Some("text-generation" | "image-text-to-text"))
}

/// The records of a `pipeline_tag=text-generation&sort=downloads` listing: the fixture
/// records and dataset records of a text-generation pipeline, one per id (a recording wins
/// over a derived record), most downloaded first.
pub fn listing_records(fixture_records: &[Value], dataset_records: &[Value]) -> Vec<Value> {
    let mut seen = HashSet::new();
    let mut out: Vec<Value> = fixture_records
        .iter()
        .chain(dataset_records)
        .filter(|r| is_text_generation(r))
        .filter_map(as_listed)
        .filter(|r| seen.insert(r["id"].as_str().unwrap_or_default().to_owned()))
        .collect();
    let downloads = |r: &Value| r.get("downloads").and_then(Value::as_u64).unwrap_or(0);
    // Stable: ties keep their order.
    out.sort_by_key(|r| std::cmp::Reverse(downloads(r)));
    out
}

/// `count` records cycling `templates`, each with a unique id (`{id}-{n}` after the first
/// round), for long listings.
pub fn synthetic_records(templates: &[Value], count: usize) -> Vec<Value> {
    assert!(!templates.is_empty(), "no templates");
    (0..count)
        .map(|i| {
            let mut record = templates[i % templates.len()].clone();
            let round = i / templates.len();
            if round > 0 {
                if let Some(id) = record.get("id").and_then(Value::as_str).map(str::to_owned) {
                    record["id"] = json!(format!("{id}-{round}"));
                }
            }
            record
        })
        .collect()
}

/// The publishers' config.json files the offline snapshot holds (`tests/fixtures/offline/`),
/// by repository id: the reference dimensions of the "fits a 12 GB GPU" listing.
pub fn reference_configs() -> Map<String, Value> {
    let path = project_root().join("tests").join("fixtures").join("offline").join("huggingface-configs.json");
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_slice(&text) {
        Ok(Value::Object(configs)) => configs,
        _ => panic!("{}: not an object of configs", path.display()),
    }
}

/// The "first 100 models that fit a 12 GB GPU" listing: the end-to-end records, and a
/// `config.json` for each record whose family a reference config covers. The dataset holds no
/// dimensions, so a derived record gets the reference config of its `model_type` whose
/// parameter count is nearest its own (a recording with a reference of its own id gets that
/// one). GGUF repositories list a `config.json`, as Unsloth's do, so that the provider reads
/// it. Derived data, like the listing itself: the row measures requests and time, and which
/// models fit follows from these dimensions and the records' parameter counts.
pub fn fit_listing(listing: &[Value]) -> (Vec<Value>, Vec<(String, Value)>) {
    let references = reference_configs();
    let mut by_family: BTreeMap<String, Vec<(u64, &Value)>> = BTreeMap::new();
    for config in references.values() {
        let shape = compat_core::ModelShape::from_config(config);
        if let (Some(model_type), Some(parameters)) = (shape.model_type.clone(), shape.parameters()) {
            by_family.entry(model_type).or_default().push((parameters, config));
        }
    }
    let mut records = Vec::with_capacity(listing.len());
    let mut configs = Vec::new();
    for record in listing {
        let mut record = record.clone();
        let id = Data::id_of(&record).to_owned();
        let model_type = record.pointer("/config/model_type").and_then(Value::as_str).map(str::to_owned);
        let parameters = record
            .pointer("/safetensors/total")
            .or_else(|| record.pointer("/gguf/total"))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        // GGUF repositories carry the family as a tag (`qwen3_moe`), not in their empty config.
        let tagged = || {
            record
                .get("tags")
                .and_then(Value::as_array)?
                .iter()
                .filter_map(Value::as_str)
                .find(|t| by_family.contains_key(*t))
                .map(str::to_owned)
        };
        let family = model_type.or_else(tagged);
        let config = references.get(&id).or_else(|| {
            by_family
                .get(family.as_deref()?)?
                .iter()
                .min_by_key(|(p, _)| p.abs_diff(parameters))
                .map(|(_, config)| *config)
        });
        if let Some(config) = config {
            configs.push((id, config.clone()));
            if let Some(Value::Array(siblings)) = record.get_mut("siblings") {
                if !siblings.iter().any(|s| s["rfilename"] == "config.json") {
                    siblings.push(json!({"rfilename": "config.json"}));
                }
            }
        }
        records.push(record);
    }
    (records, configs)
}

/// Record ids.
struct Data;

impl Data {
    fn id_of(record: &Value) -> &str {
        record.get("id").and_then(Value::as_str).unwrap_or_default()
    }
}

/// Whether our rules (default catalog) find each record runnable, by id.
pub fn verdicts(records: &[Value]) -> HashMap<String, bool> {
    records
        .iter()
        .filter_map(|value| {
            let record = HfModelRecord::from_value(value);
            let id = record.repo_id()?.to_owned();
            Some((id, is_model_compatible(&extract_metadata(&record)).compatible))
        })
        .collect()
}

/// The project root (two folders above this crate).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(camel("qwen3_moe"), "Qwen3Moe");
        assert_eq!(gguf_architecture("qwen3_moe"), "qwen3moe");
        assert_eq!(gguf_architecture("mistral"), "llama");
        assert_eq!(shards(3_000_000_000), ["model.safetensors"]);
        assert_eq!(shards(12_000_000_000).len(), 4);
    }

    #[test]
    fn dataset_entries_become_records_our_provider_reads() {
        let templates = Templates::default();
        let gguf = dataset_record(
            &json!({"name": "a/b", "format": "gguf", "quantization": "Q4_K_M", "architecture": "llama",
                     "parameters_raw": 8_000_000_000u64, "context_length": 8192, "pipeline_tag": "unknown"}),
            &templates,
        );
        let m = extract_metadata(&HfModelRecord::from_value(&gguf));
        assert_eq!(m.files[0].quantization.as_deref(), Some("Q4_K_M"));
        assert!(is_model_compatible(&m).compatible);

        let awq = dataset_record(
            &json!({"name": "a/c", "format": "awq", "quantization": "AWQ-4bit", "architecture": "qwen2",
                     "parameters_raw": 7_000_000_000u64}),
            &templates,
        );
        let m = extract_metadata(&HfModelRecord::from_value(&awq));
        assert_eq!(m.quantization.as_deref(), Some("awq"));
        assert!(!is_model_compatible(&m).compatible);
    }
}
