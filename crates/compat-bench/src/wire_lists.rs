//! Bodies with 100k-entry lists (issue 16): what a hostile or just very large API answer
//! looks like to the code that reads lists from the wire. Each is built from a recorded body
//! (`../shared/fixtures`) with one list grown to [`ENTRIES`] distinct entries, and each is
//! read the way the providers read it: parse, extract, judge.
//!
//! Before issue 16 these were quadratic (26 to 32 s of CPU each); the criterion bench
//! `wire_lists` and the `wire-lists` binary (one timed pass per body) keep them linear.

use compat_core::{default_catalog, judge};
use serde_json::{Value, json};

/// Entries in each grown list.
pub const ENTRIES: usize = 100_000;

/// A named body and what reading it means.
#[derive(Debug)]
pub struct WireBody {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    read: fn(&[u8]) -> usize,
}

impl WireBody {
    /// Parse, extract and judge; returns a count so nothing is optimised away.
    pub fn read(&self) -> usize {
        (self.read)(&self.bytes)
    }
}

fn fixture(source: &str, name: &str) -> Value {
    let path = testkit::shared_fixtures(source).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn hf_read(bytes: &[u8]) -> usize {
    let records = provider_huggingface::extract_from_json(bytes).expect("a Hub record");
    records.iter().map(|(_, m)| judge(m, default_catalog(), None).files.len()).sum()
}

fn civitai_read(bytes: &[u8]) -> usize {
    let model = provider_civitai::parse_model(bytes).expect("a CivitAI model");
    let metadata = provider_civitai::extract_model(&model);
    judge(&metadata, default_catalog(), None).files.len() + model.allow_commercial_use.map_or(0, |c| c.len())
}

/// Every body, built once.
pub fn bodies() -> Vec<WireBody> {
    let mut out = Vec::new();

    // Hub: 100k shard groups (`logical_files`, then a verdict per logical file).
    let mut record = fixture("huggingface", "alain-Qwen__Qwen2.5-1.5B-Instruct.detail.json");
    let siblings: Vec<Value> = (0..ENTRIES)
        .map(|i| json!({"rfilename": format!("part{i}/model-00001-of-00002.safetensors"), "size": 1000}))
        .collect();
    record["siblings"] = Value::Array(siblings);
    out.push(WireBody { name: "hf_100k_shard_groups", bytes: to_vec(&record), read: hf_read });

    // CivitAI: 100k `allowCommercialUse` entries (`normalize_commercial_use`).
    let mut model = fixture("civitai", "model_1231067_flux1d_lora_single_version.json");
    let uses: Vec<String> = (0..ENTRIES).map(|i| format!("Use{i}")).collect();
    model["allowCommercialUse"] = json!(uses);
    out.push(WireBody { name: "civitai_100k_commercial_use", bytes: to_vec(&model), read: civitai_read });

    // CivitAI: 100k weight files of distinct formats (`weight_formats`, file verdicts).
    let mut model = fixture("civitai", "model_1231067_flux1d_lora_single_version.json");
    // The recorded file's own fields, without its hashes and scan details: about 50 bytes a file.
    let files: Vec<Value> = (0..ENTRIES)
        .map(|i| json!({"id": i, "name": format!("w{i}.f{i}"), "type": "Model", "metadata": {"format": format!("F{i}")}}))
        .collect();
    model["modelVersions"][0]["files"] = Value::Array(files);
    out.push(WireBody { name: "civitai_100k_weight_formats", bytes: to_vec(&model), read: civitai_read });

    out
}

fn to_vec(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("JSON")
}
