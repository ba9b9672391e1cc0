//! `cargo xtask fuzz`: the cargo-fuzz targets in `fuzz/` (their own workspace, nightly only).
//!
//! Each run first seeds `fuzz/corpus/<target>/` (git-ignored) from what the project reads for
//! real, generated or copied at run time, never committed:
//! - the recorded API bodies in `../shared/fixtures` (read in place, copied only into the corpus
//!   folder), and for CivitAI also pieces cut from them: each listed model, each version, and
//!   pages re-assembled from consecutive real items under the target's `-max_len`, so the
//!   fuzzer runs on bodies of kilobytes while still covering whole pages;
//! - the GGUF and safetensors files `tests/gen/make_headers.py` writes with the real writers
//!   (gguf-py's GGUFWriter, the safetensors package) into `<target>/header-data` (the
//!   `header-data` step of `cargo xtask test`, run here when missing or stale), each cut to the
//!   target's `-max_len` (every header but the 8 MB one fits);
//! - the default catalog.
//!
//! cargo-fuzz itself is installed into `.tools/` at the pinned version when missing.

use std::{
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
    time::Instant,
};

use crate::cmd::{read, run};
use crate::steps::{Outcome, StepResult};

pub const USAGE: &str = "\
Usage: cargo xtask fuzz [--smoke] [--seconds N] [--runs N] [TARGET...]

  --smoke      each target for a few seconds (what `cargo xtask test` runs)
  --seconds N  at most N seconds per target (default 60)
  --runs N     at most N executions per target (default: no limit)
  TARGET       some of the targets (default: all); `cargo xtask fuzz --list` lists them

Needs a nightly toolchain (`rustup toolchain install nightly`); says so and stops when none is
installed. Seeds come from ../shared/fixtures (or $MODEL_COMPAT_FIXTURES) and from the header
files `cargo xtask test header-data` generates (run here when missing).";

/// Pinned: `cargo install` of exactly this version into `.tools/` when missing.
const CARGO_FUZZ_VERSION: &str = "0.13.1";
const TOOLS_DIR: &str = ".tools";
const FUZZ_DIR: &str = "fuzz";
const SMOKE_SECONDS: u32 = 10;

/// A fuzz target and where its seeds come from.
#[derive(Debug)]
struct Target {
    name: &'static str,
    /// Folders under the shared fixtures whose `.json` files (recursively) seed it.
    fixtures: &'static [&'static str],
    /// Files of the project itself that seed it, relative to the root.
    project_files: &'static [&'static str],
    /// Extensions of the generated header files (`<target>/header-data`) that seed it.
    header_files: &'static [&'static str],
    /// `-max_len`: the longest input libFuzzer makes, and the prefix of a seed it reads.
    /// `None`: libFuzzer's guess from the seeds. Seeds longer than this are cut to it (header
    /// files) or left out in favour of their cut pieces (JSON bodies).
    max_len: Option<usize>,
    /// Extra seeds cut from each fixture's text (real data in smaller bodies), at most
    /// `max_len` bytes each.
    pieces: Option<fn(&str, usize) -> Vec<String>>,
}

/// Every target in `fuzz/Cargo.toml`.
const TARGETS: &[Target] = &[
    Target {
        name: "hf_record",
        fixtures: &["huggingface"],
        project_files: &[],
        header_files: &[],
        max_len: None,
        pieces: None,
    },
    // The recorded pages are up to 0.9 MB (ten checkpoints with all their versions): read
    // whole, a few hundred executions a second. Their items, versions and re-assembled pages
    // under 64 KiB run tens of times faster.
    Target {
        name: "civitai_body",
        fixtures: &["civitai"],
        project_files: &[],
        header_files: &[],
        max_len: Some(64 << 10),
        pieces: Some(civitai_pieces),
    },
    Target {
        name: "catalog",
        fixtures: &[],
        project_files: &["crates/compat-core/src/default_catalog.json"],
        header_files: &[],
        max_len: None,
        pieces: None,
    },
    // The generated headers are at most 31 KB but one (a 150k-token vocabulary, 8 MB), whose
    // first 32 KiB still seed the "read more" path.
    Target {
        name: "gguf_header",
        fixtures: &[],
        project_files: &[],
        header_files: &["gguf"],
        max_len: Some(32 << 10),
        pieces: None,
    },
    // safetensors headers of the generated files are under 500 bytes.
    Target {
        name: "safetensors_header",
        fixtures: &[],
        project_files: &[],
        header_files: &["safetensors"],
        max_len: Some(4 << 10),
        pieces: None,
    },
];

#[derive(Debug)]
struct Options {
    seconds: u32,
    runs: Option<u64>,
    targets: Vec<&'static Target>,
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { seconds: 60, runs: None, targets: Vec::new() };
    let mut it = args.iter();
    let number = |value: Option<&&str>, flag: &str| -> Result<u64, String> {
        value.ok_or(format!("{flag} needs a number"))?.parse().map_err(|e| format!("{flag}: {e}"))
    };
    while let Some(arg) = it.next() {
        match *arg {
            "--smoke" => options.seconds = SMOKE_SECONDS,
            "--seconds" => {
                options.seconds =
                    u32::try_from(number(it.next(), "--seconds")?).map_err(|e| format!("--seconds: {e}"))?;
            }
            "--runs" => options.runs = Some(number(it.next(), "--runs")?),
            name => {
                let target = TARGETS.iter().find(|t| t.name == name).ok_or_else(|| {
                    let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
                    format!("unknown fuzz target or option `{name}` (targets: {})", names.join(", "))
                })?;
                options.targets.push(target);
            }
        }
    }
    if options.targets.is_empty() {
        options.targets = TARGETS.iter().collect();
    }
    Ok(options)
}

pub fn fuzz(root: &Path, args: &[&str]) -> ExitCode {
    if args == ["--list"] {
        for target in TARGETS {
            println!("{}", target.name);
        }
        return ExitCode::SUCCESS;
    }
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run_targets(root, &options) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Skipped(why)) => {
            println!("skipped: {why}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("FAILED: cargo xtask fuzz: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The `fuzz` step of `cargo xtask test`: every target for a few seconds.
pub fn smoke(root: &Path) -> StepResult {
    run_targets(root, &Options { seconds: SMOKE_SECONDS, runs: None, targets: TARGETS.iter().collect() })
}

fn run_targets(root: &Path, options: &Options) -> StepResult {
    if !has_nightly(root) {
        return Ok(Outcome::Skipped(
            "NO NIGHTLY TOOLCHAIN: cargo-fuzz needs one, the fuzz targets did not run \
             (install it with `rustup toolchain install nightly`)"
                .to_owned(),
        ));
    }
    let cargo_fuzz = ensure_cargo_fuzz(root)?;
    if options.targets.iter().any(|t| !t.header_files.is_empty()) {
        // Skipped when the files are up to date (the `header-data` step of `cargo xtask test`).
        crate::steps::header_data(root)?;
    }
    let fixtures = fixtures_root(root);
    let fuzz_dir = root.join(FUZZ_DIR);
    let mut summary = Vec::new();
    for target in &options.targets {
        let corpus = seed(root, &fixtures, target)?;
        let corpus = corpus.to_str().ok_or("the corpus path is not UTF-8")?.to_owned();
        let max_time = format!("-max_total_time={}", options.seconds);
        // `-a`: debug assertions (and so overflow checks) on, as in the README's `cargo run`.
        // No sanitizer: the code under test forbids `unsafe`, and ASan would halve the speed.
        let mut args = vec!["run", "-a", "-s", "none", target.name, corpus.as_str(), "--", max_time.as_str()];
        // A single input that takes seconds is a bug too (quadratic work on a wire list).
        args.extend(["-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1"]);
        let max_len = target.max_len.map(|n| format!("-max_len={n}"));
        if let Some(max_len) = &max_len {
            args.push(max_len);
        }
        let runs = options.runs.map(|n| format!("-runs={n}"));
        if let Some(runs) = &runs {
            args.push(runs);
        }
        let start = Instant::now();
        run(&fuzz_dir, "env", &[&["RUSTUP_TOOLCHAIN=nightly", cargo_fuzz.as_str()][..], &args].concat()).map_err(
            |e| format!("{e}\nfuzz target `{}` failed: the crashing input is in fuzz/artifacts/", target.name),
        )?;
        summary.push(format!("{} ok in {:.0} s", target.name, start.elapsed().as_secs_f64()));
    }
    println!("fuzz targets (executions: `stat::number_of_executed_units` above):");
    for line in summary {
        println!("  {line}");
    }
    Ok(Outcome::Done)
}

fn has_nightly(root: &Path) -> bool {
    read(root, "rustup", &["run", "nightly", "rustc", "--version"]).is_ok()
}

/// `.tools/bin/cargo-fuzz` at [`CARGO_FUZZ_VERSION`], installed when missing or another version.
fn ensure_cargo_fuzz(root: &Path) -> Result<String, String> {
    let tools = root.join(TOOLS_DIR);
    let exe = tools.join("bin").join("cargo-fuzz");
    let exe = exe.to_str().ok_or("the project path is not UTF-8")?.to_owned();
    let installed = read(root, &exe, &["--version"]).ok();
    if installed.as_deref().map(str::trim) == Some(format!("cargo-fuzz {CARGO_FUZZ_VERSION}").as_str()) {
        println!("cargo-fuzz {CARGO_FUZZ_VERSION}: already in {TOOLS_DIR}/");
        return Ok(exe);
    }
    let tools = tools.to_str().ok_or("the project path is not UTF-8")?;
    let version = format!("={CARGO_FUZZ_VERSION}");
    run(root, "cargo", &["install", "cargo-fuzz", "--version", &version, "--locked", "--root", tools, "--force"])?;
    Ok(exe)
}

/// `$MODEL_COMPAT_FIXTURES`, else `../shared/fixtures` beside the project (as testkit finds it).
fn fixtures_root(root: &Path) -> PathBuf {
    std::env::var_os("MODEL_COMPAT_FIXTURES").map_or_else(|| root.join("../shared/fixtures"), PathBuf::from)
}

/// Writes the target's seeds into `fuzz/corpus/<target>/` (git-ignored) and returns that folder.
fn seed(root: &Path, fixtures: &Path, target: &Target) -> Result<PathBuf, String> {
    let corpus = root.join(FUZZ_DIR).join("corpus").join(target.name);
    fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let max_len = target.max_len.unwrap_or(usize::MAX);
    let write = |name: &str, bytes: &[u8]| {
        let to = corpus.join(name);
        fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))
    };
    let mut files = Vec::new();
    for sub in target.fixtures {
        let dir = fixtures.join(sub);
        if !dir.is_dir() {
            return Err(format!(
                "recorded fixtures not found at {}: check out `shared` beside the repository or set \
                 MODEL_COMPAT_FIXTURES",
                dir.display()
            ));
        }
        files_with(&dir, &["json"], &mut files)?;
    }
    files.extend(target.project_files.iter().map(|f| root.join(f)));
    let (mut whole, mut cut) = (0, 0);
    for file in &files {
        let name = file.file_name().ok_or_else(|| format!("{}: no file name", file.display()))?.to_string_lossy();
        let bytes = fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        // A JSON body cut at max_len is not JSON: a body that long is seeded by its pieces only.
        if bytes.len() <= max_len {
            write(&format!("seed-{name}"), &bytes)?;
            whole += 1;
        }
        if let Some(pieces) = target.pieces {
            for (i, piece) in pieces(&String::from_utf8_lossy(&bytes), max_len).iter().enumerate() {
                write(&format!("cut-{i:03}-{name}"), piece.as_bytes())?;
                cut += 1;
            }
        }
    }
    let mut headers = Vec::new();
    if !target.header_files.is_empty() {
        let dir = crate::steps::target_dir(root).join(crate::steps::HEADER_DATA);
        files_with(&dir, target.header_files, &mut headers)?;
        if headers.is_empty() {
            return Err(format!(
                "no {:?} files in {}: run `cargo xtask test header-data`",
                target.header_files,
                dir.display()
            ));
        }
    }
    for file in &headers {
        let name = file.file_name().ok_or_else(|| format!("{}: no file name", file.display()))?.to_string_lossy();
        let bytes = fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        // The header and perhaps some data after it: libFuzzer would read no more anyway.
        write(&format!("seed-{name}"), &bytes[..bytes.len().min(max_len)])?;
    }
    println!(
        "{}: {whole} whole seed files, {cut} cut from them, {} header files, in fuzz/corpus/{}/",
        target.name,
        headers.len(),
        target.name
    );
    Ok(corpus)
}

/// Smaller real CivitAI bodies cut from a recorded one, each at most `max_len` bytes: every
/// listed model (a model body), every version (a version body), and the page's items again as
/// pages of consecutive items with the page's own `metadata`.
fn civitai_pieces(body: &str, max_len: usize) -> Vec<String> {
    // Recordings are pretty-printed: a third of their bytes is indentation the fuzzer would
    // only parse and mutate.
    let compact = json::compact(body);
    let body = compact.as_str();
    let mut out = Vec::new();
    let models = match json::member(body, "items") {
        Some(items) => {
            let items = json::elements(items);
            let metadata = json::member(body, "metadata").unwrap_or("{}");
            let page = |items: &[&str]| format!("{{\"items\":[{}],\"metadata\":{metadata}}}", items.join(","));
            let mut run: Vec<&str> = Vec::new();
            for item in items.iter().copied() {
                run.push(item);
                if page(&run).len() > max_len {
                    run.pop();
                    if !run.is_empty() {
                        out.push(page(&run));
                    }
                    run = if page(&[item]).len() <= max_len { vec![item] } else { Vec::new() };
                }
            }
            if !run.is_empty() {
                out.push(page(&run));
            }
            out.extend(items.iter().map(|item| (*item).to_owned()));
            items
        }
        None => vec![body],
    };
    for model in models {
        let versions = json::member(model, "modelVersions").map(json::elements).unwrap_or_default();
        out.extend(versions.into_iter().map(str::to_owned));
    }
    out.retain(|piece| piece.len() <= max_len);
    out
}

/// Just enough of JSON to cut real bodies into real pieces (xtask stays std only): the text of
/// a top-level member and of an array's elements, from valid JSON.
mod json {
    /// Where the value starting at `start` ends (exclusive).
    fn value_end(bytes: &[u8], start: usize) -> usize {
        let mut i = start;
        match bytes.get(i) {
            Some(b'"') => {
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    i += if b == b'\\' { 2 } else { 1 };
                    if b == b'"' {
                        return i;
                    }
                }
                i
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'"' => {
                            i = value_end(bytes, i);
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return i + 1;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i
            }
            _ => {
                while bytes.get(i).is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
                    i += 1;
                }
                i
            }
        }
    }

    fn skip_space(bytes: &[u8], mut i: usize) -> usize {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    }

    /// The values of a JSON object (`open` `{`) or array (`[`): (key text, value text) pairs,
    /// the key empty for an array.
    fn items(text: &str, open: u8) -> Vec<(&str, &str)> {
        let bytes = text.as_bytes();
        let mut i = skip_space(bytes, 0);
        if bytes.get(i) != Some(&open) {
            return Vec::new();
        }
        let mut out = Vec::new();
        loop {
            i = skip_space(bytes, i + 1);
            if matches!(bytes.get(i), None | Some(b'}' | b']')) {
                return out;
            }
            let mut key = "";
            if open == b'{' {
                let end = value_end(bytes, i);
                key = &text[i..end];
                i = skip_space(bytes, end);
                if bytes.get(i) != Some(&b':') {
                    return out;
                }
                i = skip_space(bytes, i + 1);
            }
            let end = value_end(bytes, i);
            out.push((key, &text[i..end]));
            i = skip_space(bytes, end);
            if bytes.get(i) != Some(&b',') {
                return out;
            }
        }
    }

    /// `text` without the whitespace between tokens.
    pub fn compact(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b'"' {
                let end = value_end(bytes, i);
                out.push_str(&text[i..end]);
                i = end;
            } else {
                if !b.is_ascii_whitespace() {
                    out.push(char::from(b));
                }
                i += 1;
            }
        }
        out
    }

    /// The value of `key` in the top-level object of `text`.
    pub fn member<'a>(text: &'a str, key: &str) -> Option<&'a str> {
        let quoted = format!("\"{key}\"");
        items(text, b'{').into_iter().find(|(k, _)| *k == quoted).map(|(_, v)| v)
    }

    /// The elements of the array `text`.
    pub fn elements(text: &str) -> Vec<&str> {
        items(text, b'[').into_iter().map(|(_, v)| v).collect()
    }
}

/// Files under `dir` (recursively) whose extension is one of `extensions`, in name order.
fn files_with(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_with(&path, extensions, out)?;
        } else if path.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_is_in_the_fuzz_manifest() {
        let manifest = fs::read_to_string(crate::project_root().join("fuzz/Cargo.toml")).unwrap();
        for target in TARGETS {
            assert!(manifest.contains(&format!("name = \"{}\"", target.name)), "{}", target.name);
        }
    }

    #[test]
    fn json_members_and_elements_are_cut_from_real_text() {
        let body = r#"{"items": [{"id": 1, "name": "a \"quoted\" ] name", "modelVersions": [{"id": 10}, {"id": 11}]},
            {"id": 2, "modelVersions": []}], "metadata": {"nextCursor": "1|2"}}"#;
        let items = json::elements(json::member(body, "items").unwrap());
        assert_eq!(items.len(), 2);
        assert!(items[0].starts_with(r#"{"id": 1"#) && items[0].ends_with("]}"), "{}", items[0]);
        assert_eq!(json::member(body, "metadata"), Some(r#"{"nextCursor": "1|2"}"#));
        assert_eq!(json::member(items[0], "id"), Some("1"));
        assert_eq!(
            json::elements(json::member(items[0], "modelVersions").unwrap()),
            [r#"{"id": 10}"#, r#"{"id": 11}"#]
        );
        assert_eq!(json::member(body, "nextCursor"), None, "top-level members only");
        assert_eq!(json::compact("{ \"a b\" : [1, \"x \\\" y\"] }\n"), r#"{"a b":[1,"x \" y"]}"#);
    }

    #[test]
    fn civitai_pieces_are_valid_bodies_under_the_cap() {
        let dir = fixtures_root(&crate::project_root()).join("civitai");
        let page = dir.join("models-list_checkpoints_highest-rated_limit10_2024-05_sd15.json");
        let text = fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let max_len = 64 << 10;
        let pieces = civitai_pieces(&text, max_len);
        let (pages, models, versions) = (
            pieces.iter().filter(|p| p.starts_with(r#"{"items":["#)).count(),
            pieces.iter().filter(|p| json::member(p, "modelVersions").is_some()).count(),
            pieces.iter().filter(|p| json::member(p, "modelId").is_some()).count(),
        );
        // Ten models with 123 versions between them; the models and pages that fit 64 KiB.
        let items = json::elements(json::member(&text, "items").unwrap());
        let small = items.iter().filter(|item| json::compact(item).len() <= max_len).count();
        assert_eq!((models, versions), (small, 123), "{pages} pages");
        assert!(small >= 5 && pages >= 3, "{small} models, {pages} pages");
        assert!(pieces.iter().all(|p| p.len() <= max_len));
        for piece in &pieces {
            // Balanced and quoted as JSON is: a piece is one whole value.
            assert_eq!(json::elements(&format!("[{piece}]")), [piece.as_str()]);
        }
    }

    #[test]
    fn options() {
        let o = parse(&["--smoke", "catalog"]).unwrap();
        assert_eq!(o.seconds, SMOKE_SECONDS);
        assert_eq!(o.targets.len(), 1);
        assert_eq!(parse(&["--runs", "5"]).unwrap().runs, Some(5));
        assert!(parse(&["nope"]).unwrap_err().contains("hf_record"));
    }
}
