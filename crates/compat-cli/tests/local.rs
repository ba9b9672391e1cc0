//! `check file` and `scan` on what tests/gen/make_headers.py writes with the real writers
//! (gguf-py's GGUFWriter, the safetensors package) and lays out with huggingface_hub's own cache
//! helpers: `cargo xtask test` generates them into `<target dir>/header-data`. The verdicts are
//! insta snapshots a reader can check by eye: the UD-style file is refused for its 6 IQ4_XS
//! tensors whatever its name says, its plain Q4_K_M twin runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

fn data_dir() -> PathBuf {
    let dir = match std::env::var_os("MODEL_HEADERS_DATA") {
        Some(dir) => PathBuf::from(dir),
        // <target>/debug/deps/<test binary>
        None => std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("header-data"),
    };
    assert!(
        dir.join("hf-cache").is_dir(),
        "no generated HuggingFace cache in {}: run `cargo xtask test header-data`",
        dir.display()
    );
    dir
}

fn path(name: &str) -> String {
    data_dir().join(name).to_str().unwrap().to_owned()
}

fn cli() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_model-compat"));
    for var in ["RUST_LOG", "HF_HUB_CACHE", "HF_HOME"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Exit code, stdout, stderr.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(cli().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn check_file_refuses_the_ud_file_for_its_iq4_xs_tensors() {
    let text = ok(&["check", "file", &path("Qwen3-0.6B-UD-Q4_K_XL.gguf")]);
    insta::assert_snapshot!("check_file_ud_q4_k_xl", text);

    let report = &json_lines(&ok(&["check", "file", &path("Qwen3-0.6B-UD-Q4_K_XL.gguf"), "--json"]))[0];
    assert_eq!(report["compatible"], false);
    assert_eq!(report["codes"], serde_json::json!(["unsupported_tensor_type", "context_truncated"]));
    let file = &report["files"][0];
    assert_eq!(file["reason"], "6 tensors are IQ4_XS, which llm-worker cannot load");
    // The label the name gives stays the label shown; the tensors are what the header holds.
    assert_eq!(file["quantization"], "Q4_K_XL");
    assert_eq!(file["tensorTypes"]["IQ4_XS"], 6);
    assert_eq!(report["architecture"], "qwen3");
    assert_eq!(report["dimensions"]["keyLength"], 128);
}

#[test]
fn check_file_runs_the_plain_k_quant_files() {
    let text = ok(&["check", "file", &path("tiny-llama-Q4_K_M.gguf")]);
    insta::assert_snapshot!("check_file_tiny_llama_q4_k_m", text);
    let twin = &json_lines(&ok(&["check", "file", &path("Qwen3-0.6B-Q4_K_M.gguf"), "--json"]))[0];
    assert_eq!((&twin["compatible"], &twin["codes"]), (&Value::Bool(true), &serde_json::json!(["context_truncated"])));
    assert_eq!(twin["recommendedFile"]["name"], "Qwen3-0.6B-Q4_K_M.gguf");
}

#[test]
fn check_file_on_a_model_directory_and_on_split_shards() {
    let text = ok(&["check", "file", &path("models/tiny-qwen3")]);
    insta::assert_snapshot!("check_file_model_directory", text);

    // One shard brings its siblings: one file of three parts, whose tensor types are summed.
    let split = &json_lines(&ok(&["check", "file", &path("split-model-00002-of-00003.gguf"), "--json"]))[0];
    assert_eq!(split["id"], "split-model");
    assert_eq!(split["files"][0]["parts"], 3);
    assert_eq!(split["files"][0]["name"], "split-model-00001-of-00003.gguf");
    let types = &split["files"][0]["tensorTypes"];
    assert_eq!(
        (&types["Q4_K"], &types["Q5_K"], &types["Q6_K"], &types["Q8_0"]),
        (&2.into(), &2.into(), &2.into(), &1.into())
    );
    assert_eq!(split["compatible"], true, "{split}");
}

#[test]
fn check_file_json_is_the_shape_classify_prints() {
    let fixture = testkit::shared_fixtures("huggingface").join("alain-Qwen__Qwen3-0.6B.detail.json");
    let classified = &json_lines(&ok(&["classify", fixture.to_str().unwrap()]))[0];
    let local = &json_lines(&ok(&["check", "file", &path("models/tiny-qwen3"), "--json"]))[0];
    // Display fields a local model has no value for (downloads, likes, author) are left out.
    // `headers` lists the files whose headers were read: `classify` reads none.
    let display = ["name", "author", "url", "downloads", "likes", "notes", "versions", "dimensions", "headers"];
    for key in classified.as_object().unwrap().keys().filter(|k| !display.contains(&k.as_str())) {
        assert!(local.get(key).is_some(), "`check file --json` has no `{key}`: {local}");
    }
    for key in local.as_object().unwrap().keys().filter(|k| !display.contains(&k.as_str())) {
        assert!(classified.get(key).is_some(), "`classify` has no `{key}`");
    }
    for (c, l) in classified["files"].as_array().unwrap().iter().zip(local["files"].as_array().unwrap()) {
        let keys =
            |v: &Value| v.as_object().unwrap().keys().filter(|k| *k != "tensorTypes").cloned().collect::<Vec<_>>();
        assert_eq!(keys(c), keys(l));
    }
    assert_eq!((&local["source"], &local["id"]), (&Value::from("local"), &Value::from("tiny-qwen3")));
}

#[test]
fn scan_lists_every_model_of_the_cache() {
    let cache = path("hf-cache");
    let (code, table, stderr) = run(cli().args(["scan", &cache]));
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("scan_table", table);
    assert!(stderr.ends_with(&format!("3 models in {cache}, 2 runnable.\n")), "{stderr}");

    let lines = json_lines(&ok(&["scan", &cache, "--json"]));
    let summary: Vec<String> = lines
        .iter()
        .map(|l| {
            let files: Vec<String> = l["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{} {} {}", f["name"].as_str().unwrap(), f["runnable"], f["code"]))
                .collect();
            format!(
                "{} compatible={} codes={} context={} headers-read={} url={}\n  {}",
                l["id"].as_str().unwrap(),
                l["compatible"],
                l["codes"],
                l["contextLength"],
                l["files"].as_array().unwrap().iter().any(|f| f.get("tensorTypes").is_some()),
                l["url"].as_str().unwrap(),
                files.join("\n  ")
            )
        })
        .collect();
    insta::assert_snapshot!("scan_json_lines", summary.join("\n"));
    // refs/main names the newer snapshot: its config says 40960, the older one's 32768.
    assert_eq!(lines[0]["id"], "Qwen/Qwen3-0.6B");
    assert_eq!(lines[0]["contextLength"], 40960);
}

#[test]
fn scan_finds_the_cache_as_huggingface_hub_does() {
    let cache = path("hf-cache");
    let ids = |cmd: &mut Command| -> Vec<String> {
        let (code, stdout, stderr) = run(cmd.args(["scan", "--json"]));
        assert_eq!(code, 0, "{stderr}");
        json_lines(&stdout).iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect()
    };
    let expected = ["Qwen/Qwen3-0.6B", "local-test/Qwen3-0.6B-FP8", "unsloth/Qwen3-0.6B-GGUF"];
    assert_eq!(ids(cli().env("HF_HUB_CACHE", &cache).env("HF_HOME", "/nonexistent")), expected);

    let home = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&cache, home.path().join("hub")).unwrap();
    assert_eq!(ids(cli().env("HF_HOME", home.path())), expected);

    let user = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(user.path().join(".cache/huggingface")).unwrap();
    std::os::unix::fs::symlink(&cache, user.path().join(".cache/huggingface/hub")).unwrap();
    assert_eq!(ids(cli().env("HOME", user.path())), expected);

    let (code, _, stderr) = run(cli().args(["scan", "/nonexistent-cache"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("not a HuggingFace cache"), "{stderr}");
}

#[test]
fn bad_local_inputs_are_errors_or_notes_never_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut-Q4_K_M.gguf");
    let bytes = std::fs::read(path("tiny-llama-Q4_K_M.gguf")).unwrap();
    std::fs::write(&cut, &bytes[..5000]).unwrap();
    let cut = cut.to_str().unwrap();

    // Named files: a header that cannot be read fails the command.
    let table: &[(&[&str], i32, &str)] = &[
        (&[cut], 1, "inside its header"),
        (&["/nonexistent.gguf"], 1, "No such file"),
        (&["/dev/null"], 1, "not a regular file"),
        (&[cut, dir.path().to_str().unwrap()], 2, "give one model directory alone"),
    ];
    for (paths, want, message) in table {
        let (code, stdout, stderr) = run(cli().args(["check", "file"]).args(*paths));
        assert_eq!(code, *want, "{paths:?}: {stdout}{stderr}");
        assert!(stderr.contains(message), "{paths:?}: {stderr}");
    }

    // In a directory, the same file is a note on the verdict, judged by its name.
    std::fs::write(dir.path().join("config.json"), "{ not json").unwrap();
    let report = &json_lines(&ok(&["check", "file", dir.path().to_str().unwrap(), "--json"]))[0];
    let notes: Vec<&str> = report["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.starts_with("config.json: not JSON")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.starts_with("cut-Q4_K_M.gguf: header not read: the file ends at 5000 bytes")),
        "{notes:?}"
    );
}

/// A weight file of 1 TiB (sparse: no disk used) with a real header at its start. Reading more
/// than the header would take minutes (or all memory); the guard below kills the run first.
fn sparse_copy(of: &str, to: &Path) {
    let file = std::fs::File::create(to).unwrap();
    std::io::Write::write_all(&mut &file, &std::fs::read(path(of)).unwrap()).unwrap();
    file.set_len(1 << 40).unwrap();
}

#[test]
fn only_header_bytes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge-Q4_K_M.gguf");
    sparse_copy("tiny-llama-Q4_K_M.gguf", &file);
    // The same file in a cache, as huggingface_hub lays one out.
    let repo = dir.path().join("cache/models--big--model");
    std::fs::create_dir_all(repo.join("snapshots/abc")).unwrap();
    std::fs::create_dir_all(repo.join("blobs")).unwrap();
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::write(repo.join("refs/main"), "abc").unwrap();
    sparse_copy("Qwen3-0.6B-UD-Q4_K_XL.gguf", &repo.join("blobs/0123"));
    std::os::unix::fs::symlink("../../blobs/0123", repo.join("snapshots/abc/Qwen3-UD-Q4_K_XL.gguf")).unwrap();

    let cache = dir.path().join("cache");
    let cases: [(&str, Vec<&str>); 2] = [
        ("check file", vec!["check", "file", file.to_str().unwrap(), "--json"]),
        ("scan", vec!["scan", cache.to_str().unwrap(), "--json"]),
    ];
    for (name, args) in cases {
        let mut cmd = cli();
        cmd.args(&args);
        let m = testkit::hostile::run_measured(cmd, Duration::from_secs(60), 256 * 1024);
        assert_eq!(m.code(), Some(0), "{name}: {} {}", m.summary(), m.stderr());
        let report = &json_lines(&m.stdout())[0];
        assert_eq!(report["files"][0]["sizeBytes"], 1u64 << 40, "{name}");
        let runnable = report["files"][0]["runnable"].as_bool();
        assert_eq!(runnable, Some(name == "check file"), "{name}: {report}");
    }
}
