//! Listings and `check` judged on a device: the SIZE, NEEDS and FITS columns, `--fit`, the
//! memory breakdown, and the device options (`--device PRESET|FILE|auto`, `--vram`, `--ram`).
//! Offline: the bundled snapshot, through the same source and judging as a live run.

use assert_cmd::Command;
use serde_json::Value;

fn cli() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_model-compat"));
    for var in ["HF_TOKEN", "HF_ENDPOINT", "CIVITAI_API_KEY", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = cli().args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn ok(args: &[&str]) -> Run {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    r
}

fn json_lines(r: &Run) -> Vec<Value> {
    r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The cells of the table's column `name`, one per model.
fn column(table: &str, name: &str) -> Vec<String> {
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    let start = header.find(name).unwrap_or_else(|| panic!("no {name} column:\n{table}"));
    lines.map(|l| l.get(start..).unwrap_or("").split("  ").next().unwrap_or("").trim().to_owned()).collect()
}

#[test]
fn the_table_gets_size_needs_and_fits_on_a_device() {
    let r = ok(&["huggingface", "--offline", "--device", "gpu-12gb", "--limit", "100"]);
    let header = r.stdout.lines().next().unwrap();
    for name in ["SIZE", "NEEDS", "FITS"] {
        assert!(header.contains(name), "{header}");
    }
    let fits = column(&r.stdout, "FITS");
    for kind in ["gpu", "offload", "?"] {
        assert!(fits.iter().any(|f| f.starts_with(kind)), "no `{kind}` in {fits:?}");
    }
    // Judged without a device: SIZE only.
    let plain = ok(&["huggingface", "--offline", "--limit", "5"]);
    let header = plain.stdout.lines().next().unwrap();
    assert!(header.contains("SIZE") && !header.contains("NEEDS") && !header.contains("FITS"), "{header}");
}

#[test]
fn the_fit_filter_keeps_what_fits() {
    let all = json_lines(&ok(&["huggingface", "--offline", "--device", "gpu-12gb", "--limit", "100", "--json"]));
    let gpu = json_lines(&ok(&["hf", "--offline", "--device", "gpu-12gb", "--fit", "gpu", "--limit", "100", "--json"]));
    let offload =
        json_lines(&ok(&["hf", "--offline", "--device", "gpu-12gb", "--fit", "offload", "--limit", "100", "--json"]));
    let fit = |l: &Value| l["fit"]["fit"].as_str().unwrap_or("none").to_owned();
    assert!(!gpu.is_empty() && gpu.iter().all(|l| fit(l) == "fits"));
    assert!(offload.iter().all(|l| ["fits", "fits_with_offload"].contains(&fit(l).as_str())));
    assert!(offload.len() > gpu.len());
    let fitting = all.iter().filter(|l| fit(l) == "fits").count();
    assert_eq!(gpu.len(), fitting, "the filter keeps exactly what fits");
    // Each line carries the numbers: memory (weights, KV, overhead, total) and fit.
    let line = &gpu[0];
    for key in ["weightsBytes", "kvCacheBytes", "overheadBytes", "totalBytes"] {
        assert!(line["memory"][key].is_u64(), "{key}: {line}");
    }
    assert!(line["fit"]["needsBytes"].is_u64() && line["sizeBytes"].is_u64(), "{line}");
    // Without a device there is nothing to fit.
    let r = run(&["hf", "--offline", "--fit", "gpu"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--fit needs a device"), "{}", r.stderr);
}

#[test]
fn vram_and_ram_describe_the_same_machine_as_a_preset() {
    let preset = ok(&["hf", "--offline", "--device", "gpu-12gb", "--limit", "100", "--json"]);
    let given = ok(&["hf", "--offline", "--vram", "12GiB", "--ram", "32GiB", "--limit", "100", "--json"]);
    let fits = |r: &Run| json_lines(r).iter().map(|l| l["fit"]["fit"].clone()).collect::<Vec<_>>();
    assert_eq!(fits(&preset), fits(&given));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("box.json");
    std::fs::write(&file, r#"{"gpus":[{"memoryBytes":12884901888,"backend":"cuda"}],"ramBytes":34359738368}"#).unwrap();
    let from_file = ok(&["hf", "--offline", "--device", file.to_str().unwrap(), "--limit", "100", "--json"]);
    assert_eq!(fits(&preset), fits(&from_file));
    let r = run(&["hf", "--offline", "--device", "gpu-7gb"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown device preset `gpu-7gb`"), "{}", r.stderr);
    // `auto` never fails: what it could not read is a note.
    ok(&["hf", "--offline", "--device", "auto", "--limit", "3"]);
}

#[test]
fn check_prints_the_memory_breakdown() {
    let r = ok(&["check", "huggingface", "meta-llama/Llama-3.1-8B-Instruct", "--offline", "--device", "gpu-8gb"]);
    for line in ["Memory (the recommended file):", "weights", "kv cache", "overhead", "total", "available", "fit "] {
        assert!(r.stdout.contains(line), "no `{line}`:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("layers fit on it, the rest run from RAM"), "{}", r.stdout);
    // The files list says where each fits.
    assert!(r.stdout.contains("layers on the GPU, needs"), "{}", r.stdout);
    let plain = ok(&["check", "huggingface", "meta-llama/Llama-3.1-8B-Instruct", "--offline"]);
    assert!(!plain.stdout.contains("Memory ("), "{}", plain.stdout);
}
