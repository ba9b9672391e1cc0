//! `model-compat inspect` on files written by the real writers (gguf-py's GGUFWriter, the
//! safetensors package): `cargo xtask test` generates them into `<target dir>/header-data`
//! with the reference readers' dumps beside them, which the numbers here are checked against.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn data_dir() -> PathBuf {
    let dir = match std::env::var_os("MODEL_HEADERS_DATA") {
        Some(dir) => PathBuf::from(dir),
        // <target>/debug/deps/<test binary>
        None => std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("header-data"),
    };
    assert!(
        dir.join("peers").join("gguf-py.json").is_file(),
        "no generated header files in {}: run `cargo xtask test header-data`",
        dir.display()
    );
    dir
}

/// What GGUFReader / the safetensors package read from a generated file.
fn reference(name: &str) -> Value {
    let text = std::fs::read_to_string(data_dir().join("peers").join("gguf-py.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all[name].clone()
}

fn inspect(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_model-compat"));
    cmd.arg("inspect").args(args).env_remove("RUST_LOG");
    let out = cmd.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn inspect_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let (code, stdout, stderr) = inspect(&all);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(stdout.lines().count(), 1, "one JSON object: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

fn path(name: &str) -> String {
    data_dir().join(name).to_str().unwrap().to_owned()
}

#[test]
fn ud_file_shows_its_iq_tensors() {
    let name = "Qwen3-0.6B-UD-Q4_K_XL.gguf";
    let facts = inspect_json(&[&path(name)]);
    let want = reference(name);
    for key in ["format", "architecture", "contextLength", "parameters", "tensorTypes", "weightsBytes", "headCountKv"] {
        assert_eq!(facts[key], want[key], "{key}");
    }
    assert_eq!(facts["tensorTypes"]["IQ4_XS"], 6);
    assert_eq!(facts["files"], serde_json::json!([path(name)]));

    let (code, text, _) = inspect(&[&path(name)]);
    assert_eq!(code, 0);
    let types = text.lines().find(|l| l.starts_with("tensor types")).unwrap();
    assert!(types.ends_with("F32 7, IQ4_XS 6, Q4_K 6, Q5_K 3, Q6_K 4, Q8_0 3"), "{types}");
    assert!(text.lines().any(|l| l == "architecture      qwen3"), "{text}");
}

#[test]
fn one_shard_brings_its_siblings_and_several_paths_are_one_model() {
    let shards: Vec<String> = (1..=3).map(|i| path(&format!("split-model-0000{i}-of-00003.gguf"))).collect();
    let sum = |key: &str| -> u64 {
        (1..=3).map(|i| reference(&format!("split-model-0000{i}-of-00003.gguf"))[key].as_u64().unwrap()).sum()
    };
    let from_one = inspect_json(&[&shards[1]]);
    assert_eq!(from_one["files"], serde_json::json!(shards));
    assert_eq!(from_one["tensorCount"], 7);
    assert_eq!(from_one["parameters"].as_u64(), Some(sum("parameters")));
    assert_eq!(from_one["weightsBytes"].as_u64(), Some(sum("weightsBytes")));
    assert_eq!(from_one["architecture"], "llama", "model keys come from the first shard");
    let given: Vec<&str> = shards.iter().map(String::as_str).collect();
    assert_eq!(inspect_json(&given), from_one);
}

#[test]
fn a_missing_shard_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("split-model-00001-of-00003.gguf");
    std::fs::copy(path("split-model-00001-of-00003.gguf"), &copy).unwrap();
    let (code, _, stderr) = inspect(&[copy.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("split-model-00002-of-00003.gguf is missing"), "{stderr}");
}

#[test]
fn safetensors_file() {
    let facts = inspect_json(&[&path("gptq.safetensors")]);
    let want = reference("gptq.safetensors");
    for key in ["format", "parameters", "parametersByType", "tensorTypes", "weightsBytes", "headerBytes"] {
        assert_eq!(facts[key], want[key], "{key}");
    }
    assert_eq!(facts["quantization"], "gptq");
}

#[test]
fn bad_inputs_are_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    // Ends inside its header.
    let cut = dir.path().join("cut.gguf");
    let bytes = std::fs::read(path("tiny-llama-Q4_K_M.gguf")).unwrap();
    std::fs::write(&cut, &bytes[..5000]).unwrap();
    // Not a model file at all.
    let text = dir.path().join("notes.gguf");
    std::fs::write(&text, "just some text, long enough to be read").unwrap();
    let table = [
        (cut.to_str().unwrap().to_owned(), "inside its header"),
        (text.to_str().unwrap().to_owned(), "neither a GGUF nor a safetensors file"),
        (dir.path().to_str().unwrap().to_owned(), "not a regular file"),
        (dir.path().join("absent.gguf").to_str().unwrap().to_owned(), "No such file"),
    ];
    for (file, message) in table {
        let (code, stdout, stderr) = inspect(&[&file]);
        assert_eq!(code, 1, "{file}: {stdout}");
        assert!(stderr.contains(message), "{file}: {stderr}");
    }
    // A header bigger than the cap.
    let (code, _, stderr) = inspect(&[&path("big-header-Q4_K_M.gguf"), "--max-header-bytes", "1000000"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("more than") && stderr.contains("1000000"), "{stderr}");
}

/// `check` reads the header of a model whose record leaves the verdict uncertain: here a GGUF
/// named as an Unsloth dynamic quant, served by a Hub that redirects `resolve` to its CDN (two
/// servers on 127.0.0.1). The repository record is written here: no recording holds one naming
/// these generated files.
#[test]
fn check_reads_the_header_of_an_uncertain_gguf_through_the_cdn() {
    use testkit::{BackgroundServer, Response, Scenario};
    const TOKEN: &str = "hf_cliTOKENthatStaysWithTheHub";
    let file = "Qwen3-0.6B-UD-Q4_K_XL.gguf";
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let cdn = BackgroundServer::start(Scenario::new().static_dir("/xet/", data_dir()));
    let record = serde_json::json!({
        "id": "unsloth/Qwen3-0.6B-GGUF", "sha": sha, "tags": ["gguf"], "pipeline_tag": "text-generation",
        "config": {}, "gguf": {"architecture": "qwen3", "context_length": 40960},
        "siblings": [{"rfilename": file}, {"rfilename": "README.md"}],
    });
    let hub = BackgroundServer::start(
        Scenario::new().route("/api/models/unsloth/Qwen3-0.6B-GGUF", Response::json(record)).route(
            &format!("/unsloth/Qwen3-0.6B-GGUF/resolve/{sha}/{file}"),
            Response::redirect(302, &cdn.url(&format!("/xet/{file}"))),
        ),
    );
    let check = |extra: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_model-compat"));
        cmd.args(["check", "hf", "unsloth/Qwen3-0.6B-GGUF", "--endpoint", &hub.base_url(), "--token", TOKEN]);
        cmd.args(extra).env_remove("RUST_LOG").env_remove("HF_TOKEN").env_remove("HF_ENDPOINT");
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };

    let text = check(&[]);
    // The name says Q4_K_XL; the header says what the file holds, and the verdict follows it.
    for needle in [
        "NOT COMPATIBLE",
        "read from the file header",
        &format!("{file}: 6 tensors are IQ4_XS, which llm-worker cannot load"),
        "tensors: F32 7, IQ4_XS 6, Q4_K 6, Q5_K 3, Q6_K 4, Q8_0 3",
        &format!("Headers read over HTTP:\n  - {file} (1 request, 524.3 KB)"),
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert_eq!(cdn.request_count(), 1);

    let json: Value = serde_json::from_str(&check(&["--json"])).unwrap();
    let header = &json["headers"][0];
    assert_eq!(header["file"], file);
    assert_eq!(header["facts"]["tensorTypes"]["IQ4_XS"], 6);
    let mut local = inspect_json(&[&path(file)]);
    local.as_object_mut().unwrap().remove("files");
    assert_eq!(header["facts"], local, "the facts `inspect --json` prints for the local file");
    assert_eq!((header["requests"].as_u64(), header["bytesRead"].as_u64()), (Some(1), Some(512 << 10)));

    let off = check(&["--inspect", "off"]);
    assert!(!off.contains("Headers read") && off.contains("COMPATIBLE, confidence medium"), "{off}");
    assert_eq!(cdn.request_count(), 2, "--inspect off reads nothing");
    for request in cdn.requests() {
        assert_eq!(request.header("authorization"), None, "the token stays with the Hub");
        assert_eq!(request.header("range"), Some("bytes=0-524287"));
    }
}
