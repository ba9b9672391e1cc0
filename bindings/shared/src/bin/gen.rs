//! `model-compat-gen`: writes what the JavaScript bindings are built and tested with.
//!
//! - `model-compat-gen types [--out FILE]`: the TypeScript declarations generated from the
//!   Rust types (to stdout without `--out`). The committed copy is
//!   `bindings/shared/model-compat.d.ts`.
//! - `model-compat-gen expected --out FILE [--fixtures DIR]`: for every model record of the
//!   shared recorded fixtures (read in place: `DIR`, else `$MODEL_COMPAT_FIXTURES`, else
//!   `../shared/fixtures` beside the repository), where it is and what the Rust crates
//!   compute for it: the extracted metadata, the same as the default catalog reads it (what a
//!   listing entry holds), the default catalog's verdict and each default worker's own verdict. The JavaScript conformance suite runs the bindings over the same
//!   records and must get exactly this. The records are found the way the providers'
//!   snapshot tests find them (same labels); tests/js/node/snapshots.mjs checks that the
//!   verdicts are those of the reviewed snapshot tables. Under `device`: a recorded GGUF
//!   repository with the dimensions its base model's published config.json gives, judged on
//!   devices (the suite checks the `device` and `fit` options against these verdicts, and
//!   the listings' `config.json` reads against that config, which the scenario serves).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use compat_core::{
    Device, ModelMetadata, ModelShape, check_model_worker_compatibility, default_catalog, device_preset,
    is_model_compatible, judge, resolve,
};
use provider_huggingface::{HfBody, extract_metadata, parse_body};
use serde_json::{Value, json};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("model-compat-gen: {e}");
            eprintln!("usage: model-compat-gen types [--out FILE]");
            eprintln!("       model-compat-gen expected --out FILE [--fixtures DIR]");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let (command, rest) = args.split_first().ok_or("no command")?;
    let mut out = None;
    let mut fixtures = None;
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--fixtures" => fixtures = Some(PathBuf::from(value)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    match command.as_str() {
        "types" => {
            let text = model_compat_bindings::typescript::declarations();
            match out {
                Some(path) => write(&path, &text),
                None => {
                    print!("{text}");
                    Ok(())
                }
            }
        }
        "expected" => {
            let out = out.ok_or("expected needs --out")?;
            let dir = fixtures.unwrap_or_else(default_fixtures);
            let expected = expected(&dir)?;
            let text = serde_json::to_string_pretty(&expected).map_err(|e| e.to_string())?;
            write(&out, &text)
        }
        other => Err(format!("unknown command {other}")),
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn default_fixtures() -> PathBuf {
    std::env::var_os("MODEL_COMPAT_FIXTURES")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"), PathBuf::from)
}

/// Sorted `*.json` files of a folder.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e} (set MODEL_COMPAT_FIXTURES to the shared fixtures folder)", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn case(
    label: String,
    file: &str,
    index: Option<usize>,
    items: Option<&str>,
    kind: &str,
    metadata: &ModelMetadata,
) -> Value {
    json!({
        "label": label,
        "file": file,
        "path": match (items, index) {
            (Some(key), Some(i)) => json!([key, i]),
            (None, Some(i)) => json!([i]),
            _ => json!([]),
        },
        "kind": kind,
        "metadata": metadata,
        // What a listing entry holds: the metadata as the default catalog reads it.
        "resolved": resolve(metadata, default_catalog()),
        "compatibility": is_model_compatible(metadata),
        "workers": default_catalog()
            .workers
            .iter()
            .map(|w| (w.id.clone(), serde_json::to_value(check_model_worker_compatibility(metadata, w, None)).unwrap_or_default()))
            .collect::<serde_json::Map<String, Value>>(),
    })
}

fn expected(fixtures: &Path) -> Result<Value, String> {
    let mut huggingface = Vec::new();
    for path in json_files(&fixtures.join("huggingface"))? {
        let file = name_of(&path);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let raw: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{file}: {e}"))?;
        let Ok(HfBody::Models(records)) = parse_body(&bytes) else { continue };
        // Labels as in provider-huggingface's verdict table: `file`, or `file#i` for lists.
        let list = records.len() > 1 || file.contains("list");
        for (i, record) in records.iter().enumerate() {
            let label = if list { format!("{file}#{i}") } else { file.clone() };
            let index = raw.is_array().then_some(i);
            huggingface.push(case(label, &file, index, None, "model", &extract_metadata(record)));
        }
    }

    let mut civitai = Vec::new();
    for path in json_files(&fixtures.join("civitai"))? {
        let file = name_of(&path);
        let stem = file.trim_end_matches(".json").to_owned();
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if stem.starts_with("models-list_") {
            let page: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{file}: {e}"))?;
            let items = page.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                let item_bytes = serde_json::to_vec(item).map_err(|e| e.to_string())?;
                let Ok(model) = provider_civitai::parse_model(&item_bytes) else { continue };
                let metadata = provider_civitai::extract_model(&model);
                civitai.push(case(format!("{stem}#{i}"), &file, Some(i), Some("items"), "model", &metadata));
            }
        } else if stem.starts_with("model_") || stem.starts_with("models-item_") {
            let model = provider_civitai::parse_model(&bytes).map_err(|e| format!("{file}: {e}"))?;
            civitai.push(case(stem, &file, None, None, "model", &provider_civitai::extract_model(&model)));
        } else if stem.starts_with("model-version_") {
            let version = provider_civitai::parse_version(&bytes).map_err(|e| format!("{file}: {e}"))?;
            let metadata = provider_civitai::extract_version(&version, None);
            civitai.push(case(stem, &file, None, None, "version", &metadata));
        }
    }
    if huggingface.is_empty() || civitai.is_empty() {
        return Err(format!("no fixtures found under {}", fixtures.display()));
    }
    Ok(json!({
        "generatedBy": "model-compat-gen expected",
        "huggingface": huggingface,
        "civitai": civitai,
        "device": device_cases(fixtures)?,
    }))
}

/// google/gemma-3-1b-it, config.json (the publisher's values): the model ggml-org's
/// recorded GGUF repository quantizes (`base_model:quantized:google/gemma-3-1b-it`).
fn gemma_config() -> Value {
    json!({
        "architectures": ["Gemma3ForCausalLM"], "model_type": "gemma3_text", "hidden_size": 1152,
        "intermediate_size": 6912, "num_attention_heads": 4, "num_hidden_layers": 26,
        "num_key_value_heads": 1, "head_dim": 256, "vocab_size": 262144, "sliding_window": 512,
        "sliding_window_pattern": 6, "max_position_embeddings": 32768
    })
}

/// The recorded ggml-org/gemma-3-1b-it-GGUF with its base model's dimensions, judged on
/// presets and on a device object; and without them (its fit is then unknown).
fn device_cases(fixtures: &Path) -> Result<Value, String> {
    let file = fixtures
        .join("huggingface")
        .join("transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json");
    let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let Ok(HfBody::Models(records)) = parse_body(&bytes) else {
        return Err(format!("{}: not a model", file.display()));
    };
    let bare = extract_metadata(records.first().ok_or("no record")?);
    let mut shaped = bare.clone();
    shaped.shape = Some(ModelShape::from_config(&gemma_config()));
    // An 8 GiB CUDA GPU and 32 GiB of RAM, without the preset's name and bandwidth.
    let custom: Device = serde_json::from_value(json!({
        "gpus": [{"memoryBytes": 8_589_934_592u64, "backend": "cuda"}], "ramBytes": 34_359_738_368u64
    }))
    .map_err(|e| e.to_string())?;
    let on = |m: &ModelMetadata, device: &Device| serde_json::to_value(judge(m, default_catalog(), Some(device)));
    let preset = |id: &str| device_preset(id).map_err(|e| e.to_string());
    Ok(json!({
        "configRepo": "google/gemma-3-1b-it",
        "config": gemma_config(),
        "metadata": shaped,
        "bare": bare,
        "custom": custom,
        "verdicts": {
            "gpu-8gb": on(&shaped, preset("gpu-8gb")?).map_err(|e| e.to_string())?,
            "cpu-16gb": on(&shaped, preset("cpu-16gb")?).map_err(|e| e.to_string())?,
            "custom": on(&shaped, &custom).map_err(|e| e.to_string())?,
            "bare-gpu-8gb": on(&bare, preset("gpu-8gb")?).map_err(|e| e.to_string())?,
        },
    }))
}
