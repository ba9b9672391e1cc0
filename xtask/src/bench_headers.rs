//! The `headers` part of `cargo xtask bench` (issue 13): header parsing on a header of real shape
//! (`big-header-Q4_K_M.gguf`, written by gguf-py: 151,936 tokens, 150,000 merges, 3,000 tensors)
//! by model-headers (criterion), gguf-py's GGUFReader and @huggingface/gguf on the same file,
//! and each one's peak RSS reading it once (`/usr/bin/time -v`). Writes its section of
//! `BENCHMARKS.md` between the `headers` markers (after compat-bench has written the rest).

use std::fs;
use std::path::Path;

use crate::cmd::{read, run};
use crate::steps::{self, target_dir};

const BIG: &str = "big-header-Q4_K_M.gguf";
pub const START: &str = "<!-- headers:start -->";
pub const END: &str = "<!-- headers:end -->";
const GNU_TIME: &str = "/usr/bin/time";

/// Runs the comparison and returns the Markdown section (between the markers).
pub fn run_part(root: &Path, quick: bool) -> Result<String, String> {
    let step = steps::find("header-data").ok_or("cargo xtask has no header-data step")?;
    (step.run)(root)?;
    let target = target_dir(root);
    let data = target.join("header-data");
    let big = data.join(BIG);
    let big_s = big.to_str().ok_or("the target path is not UTF-8")?.to_owned();
    let header_bytes = header_bytes(&big)?;

    // Other work on the machine slows every reader alike; the report says how busy it was.
    let load = fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_owned));
    let sampling: &[&str] = if quick { &["--warm-up-time", "0.5", "--measurement-time", "1"] } else { &[] };
    let mut args = vec!["bench", "-p", "model-headers", "--bench", "headers"];
    if root.join("Cargo.lock").is_file() {
        args.push("--locked");
    }
    args.push("--");
    args.extend(sampling);
    run(root, "cargo", &args)?;
    let ours_bytes = criterion_median_ms(&target, "facts_from_bytes")?;
    let ours_file = criterion_median_ms(&target, "facts_from_file")?;

    let python = target.join("py-venv").join("bin").join("python");
    let python = python.to_str().ok_or("the target path is not UTF-8")?.to_owned();
    let py_script = root.join("tests/gen/bench_gguf_py.py");
    let py_script = py_script.to_str().ok_or("the project path is not UTF-8")?.to_owned();
    let peers = root.join("tests/header-peers");
    // GGUFReader takes seconds on this header: fewer runs than the npm peer.
    let (py_runs, js_runs) = if quick { ("1", "3") } else { ("3", "9") };
    let py = median_ms(&read(root, &python, &[py_script.as_str(), &big_s, py_runs])?)?;
    let js = median_ms(&read(&peers, "node", &["bench.mjs", &big_s, js_runs])?)?;

    let cli = build_cli(root)?;
    let rss_ours = peak_rss_kib(root, &cli, &["inspect", "--json", &big_s]);
    let rss_py = peak_rss_kib(root, &python, &[py_script.as_str(), &big_s, "1"]);
    let bench_mjs = peers.join("bench.mjs");
    let rss_js = peak_rss_kib(&peers, "node", &[bench_mjs.to_str().unwrap_or("bench.mjs"), &big_s, "1"]);

    let versions = format!(
        "gguf (PyPI) {}, @huggingface/gguf (npm) {}",
        read(root, &python, &["-c", "import importlib.metadata as m; print(m.version('gguf'))"])?.trim(),
        read(&peers, "node", &["-p", "require('./node_modules/@huggingface/gguf/package.json').version"])?.trim(),
    );
    let mb = header_bytes as f64 / 1e6;
    let row = |what: &str, ms: f64, rss: &Option<u64>| {
        format!(
            "| {what} | {} | {} MB/s | {}× | {} |",
            fmt_ms(ms),
            fmt_num(mb / (ms / 1000.0)),
            fmt_num(ms / ours_file),
            rss.map_or("n/a".to_owned(), |k| format!("{:.1} MB", k as f64 * 1024.0 / 1e6))
        )
    };
    let mut out = String::new();
    out.push_str(&format!("{START}\n## 6. GGUF headers: model-headers against GGUFReader and @huggingface/gguf\n\n"));
    out.push_str(&format!(
        "`cargo xtask bench --only headers`. The file: `{BIG}` as tests/gen/make_headers.py writes it with gguf-py's \
         GGUFWriter (151,936-token vocabulary, 150,000 merges, token types, 3,000 tensor infos; {header_bytes} bytes of \
         header). Each reads the header and the facts from it: tensor types and counts, parameters, bytes. Medians: \
         criterion's for ours, {py_runs} runs of GGUFReader, {js_runs} of `gguf(path, {{allowLocalFile: true, \
         computeParametersCount: true}})`, in-process (interpreter start not counted); 1-minute load average at the \
         start: {load} on {cores} cores. Peak RSS: one process reading \
         the file once (`/usr/bin/time -v`; ours is `model-compat inspect --json`, dev build). Peers: {versions}.\n\n",
        load = load.as_deref().unwrap_or("n/a"),
        cores = std::thread::available_parallelism().map_or(0, usize::from),
    ));
    out.push_str("| Reader | Median | Header MB/s | ×ours (from file) | Peak RSS |\n|---|---|---|---|---|\n");
    out.push_str(&format!(
        "{}\n",
        row("model-headers, from a file (256 KiB, then growing reads)", ours_file, &rss_ours)
    ));
    out.push_str(&format!("{}\n", row("model-headers, bytes already in memory", ours_bytes, &None)));
    out.push_str(&format!("{}\n", row("gguf-py `GGUFReader` (numpy memmap)", py, &rss_py)));
    out.push_str(&format!("{}\n", row("@huggingface/gguf, local file", js, &rss_js)));
    out.push_str(
        "\nmodel-headers keeps arrays as slices of the header bytes (decoded on demand) and allocates only the key \
         list and the tensor infos, so its memory is the header read plus a small multiple of the tensor count.\n",
    );
    out.push_str(&format!("{END}\n"));
    Ok(out)
}

/// Replaces the section between the markers in `file`, or appends it.
pub fn splice(file: &Path, section: &str) -> Result<(), String> {
    let text = fs::read_to_string(file).unwrap_or_default();
    let new = match (text.find(START), text.find(END)) {
        (Some(a), Some(b)) if b > a => {
            format!("{}{section}{}", &text[..a], text[b + END.len()..].trim_start_matches('\n'))
        }
        _ => format!("{}\n{section}", text.trim_end()),
    };
    fs::write(file, new).map_err(|e| format!("{}: {e}", file.display()))
}

fn header_bytes(path: &Path) -> Result<u64, String> {
    // The data offset is in no fixed place; the peers' dump has it.
    let dump = path.with_file_name("peers").join("gguf-py.json");
    let text = fs::read_to_string(&dump).map_err(|e| format!("{}: {e}", dump.display()))?;
    let at = text.find(&format!("\"{BIG}\"")).ok_or("the dump has no entry for the big header")?;
    number_after(&text[at..], "\"headerBytes\":").map(|n| n as u64).ok_or_else(|| "no headerBytes".to_owned())
}

fn criterion_median_ms(target: &Path, bench: &str) -> Result<f64, String> {
    let file = target.join("criterion").join("gguf_header").join(bench).join("new").join("estimates.json");
    let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let at = text.find("\"median\"").ok_or("estimates.json has no median")?;
    number_after(&text[at..], "\"point_estimate\":").map(|ns| ns / 1e6).ok_or_else(|| "no point_estimate".to_owned())
}

fn median_ms(line: &str) -> Result<f64, String> {
    number_after(line, "\"median_ms\":").ok_or_else(|| format!("no median_ms in `{line}`"))
}

/// The number after the first `key` in `text` (enough JSON for our own small outputs).
fn number_after(text: &str, key: &str) -> Option<f64> {
    let rest = text[text.find(key)? + key.len()..].trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c))).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn build_cli(root: &Path) -> Result<String, String> {
    // The dev build `cargo test` already made: peak RSS is the header buffer and the binary, and
    // a release build of the whole CLI (reqwest, tokio, rustls) costs minutes for no change there.
    let mut args = vec!["build", "-p", "compat-cli"];
    if root.join("Cargo.lock").is_file() {
        args.push("--locked");
    }
    run(root, "cargo", &args)?;
    let exe = target_dir(root).join("debug").join("model-compat");
    exe.to_str().map(str::to_owned).ok_or_else(|| "the target path is not UTF-8".to_owned())
}

/// Peak RSS in KiB of one run (`None` without GNU time or when the run fails).
fn peak_rss_kib(cwd: &Path, program: &str, args: &[&str]) -> Option<u64> {
    if !Path::new(GNU_TIME).is_file() {
        return None;
    }
    let out = std::process::Command::new(GNU_TIME).arg("-v").arg(program).args(args).current_dir(cwd).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("Maximum resident set size"))?;
    line.rsplit(':').next()?.trim().parse().ok()
}

/// Two decimals below 10, none above: ratios and rates far apart stay readable.
fn fmt_num(x: f64) -> String {
    if x < 10.0 { format!("{x:.2}") } else { format!("{x:.0}") }
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 1000.0 { format!("{:.2} s", ms / 1000.0) } else { format!("{ms:.2} ms") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_small_json() {
        let est = r#"{"mean":{"point_estimate":2.5},"median":{"confidence_interval":{"lower_bound":1.0},"point_estimate":6201800.5}}"#;
        let at = est.find("\"median\"").unwrap();
        assert_eq!(number_after(&est[at..], "\"point_estimate\":"), Some(6_201_800.5));
        assert_eq!(median_ms(r#"{"median_ms": 40943.63, "runs": 3}"#), Ok(40943.63));
        assert!(median_ms("{}").is_err());
    }

    #[test]
    fn splice_replaces_or_appends() {
        let dir = std::env::temp_dir().join(format!("xtask-splice-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("B.md");
        fs::write(&file, "# B\n\n## 1\n").unwrap();
        splice(&file, &format!("{START}\nA\n{END}\n")).unwrap();
        splice(&file, &format!("{START}\nB\n{END}\n")).unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), format!("# B\n\n## 1\n{START}\nB\n{END}\n"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
