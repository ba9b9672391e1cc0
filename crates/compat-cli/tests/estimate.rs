//! `model-compat estimate`: the JSON contract other tools script against.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

/// meta-llama/Llama-3.1-8B-Instruct, config.json (published values).
fn llama_config(dir: &Path) -> std::path::PathBuf {
    let config = json!({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
        "max_position_embeddings": 131072, "tie_word_embeddings": false, "head_dim": 128
    });
    let path = dir.join("config.json");
    std::fs::write(&path, config.to_string()).unwrap();
    path
}

fn estimate(args: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("model-compat").unwrap().arg("estimate").args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let value = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), value, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn json_keeps_the_contract_names() {
    let dir = tempfile::tempdir().unwrap();
    let config = llama_config(dir.path());
    let config = config.to_str().unwrap();
    let (code, out, _) =
        estimate(&["--config", config, "--quant", "Q4_K_M", "--context", "32768", "--device", "gpu-12gb", "--json"]);
    assert_eq!(code, 0);
    // f16 KV of 32 layers × 8 KV heads × 128 × 2 × 2 bytes at 32768 tokens: 4 GiB.
    assert_eq!(out["kvCacheBytes"], 4u64 << 30);
    assert_eq!(out["weightsEstimated"], true);
    let total = ["weightsBytes", "kvCacheBytes", "overheadBytes", "computeBufferBytes"]
        .iter()
        .map(|k| out[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(out["totalBytes"].as_u64(), Some(total));
    assert_eq!(out["fit"]["fit"], "fits");
    assert_eq!(out["context"], 32768);

    // Without a quant or size: no weightsBytes, and the reason why.
    let (code, out, _) = estimate(&["--config", config, "--context", "4096", "--json"]);
    assert_eq!(code, 0);
    assert!(out.get("weightsBytes").is_none() && out.get("totalBytes").is_none());
    assert_eq!(out["kvCacheBytes"], 512u64 << 20);
    assert_eq!(out["codes"], json!(["memory_unknown"]));

    // A file size is exact; q8_0 KV is 17/32 of f16.
    let (_, out, _) = estimate(&[
        "--config",
        config,
        "--file-size",
        "4.58GiB",
        "--context",
        "4096",
        "--kv-type",
        "q8_0",
        "--vram",
        "8GiB",
        "--ram",
        "32GiB",
        "--json",
    ]);
    assert_eq!(
        (out["weightsEstimated"].as_bool(), out["kvCacheBytes"].as_u64()),
        (Some(false), Some((512u64 << 20) * 17 / 32))
    );
    assert_eq!(out["fit"]["fit"], "fits");
}

#[test]
fn devices_from_files_and_auto() {
    let dir = tempfile::tempdir().unwrap();
    let config = llama_config(dir.path());
    let device = dir.path().join("device.json");
    std::fs::write(&device, r#"{"gpus":[{"memoryBytes":4294967296,"backend":"rocm"}],"ramBytes":68719476736}"#)
        .unwrap();
    let (code, out, _) = estimate(&[
        "--config",
        config.to_str().unwrap(),
        "--quant",
        "Q8_0",
        "--device",
        device.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out["fit"]["fit"], "fits_with_offload");
    assert_eq!(out["fit"]["code"], "fits_with_offload");
    // Detection never fails; it says what it found.
    let (code, out, _) =
        estimate(&["--config", config.to_str().unwrap(), "--quant", "Q4_K_M", "--device", "auto", "--json"]);
    assert_eq!(code, 0);
    assert!(out["notes"].as_array().is_some_and(|n| !n.is_empty()));
    assert!(out["fit"]["fit"].is_string());
}

#[test]
fn bad_input_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = llama_config(dir.path());
    let config = config.to_str().unwrap();
    let not_json = dir.path().join("bad.json");
    std::fs::write(&not_json, "{").unwrap();
    for args in [
        vec!["--config", not_json.to_str().unwrap()],
        vec!["--config", config, "--quant", "Q9_Z"],
        vec!["--config", config, "--device", "gpu-7gb"],
        vec!["--config", config, "--vram", "lots"],
        vec!["--config", config, "--kv-type", "q2"],
        vec!["--config", config, "--quant", "Q4_K_M", "--file-size", "5GB"],
    ] {
        let (code, _, stderr) = estimate(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(!stderr.is_empty());
    }
}
