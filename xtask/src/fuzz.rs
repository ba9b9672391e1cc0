//! `cargo xtask fuzz`: the cargo-fuzz targets in `fuzz/` (their own workspace, nightly only).
//!
//! Each run first seeds `fuzz/corpus/<target>/` from what the project reads for real: the
//! recorded API bodies in `../shared/fixtures` (read in place, copied only into the git-ignored
//! corpus folder at run time, never committed) and the default catalog. cargo-fuzz itself is
//! installed into `.tools/` at the pinned version when missing.

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
installed. Seeds come from ../shared/fixtures (or $MODEL_COMPAT_FIXTURES).";

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
}

/// Every target in `fuzz/Cargo.toml`. The header readers of crate `model-headers` add
/// `gguf_header` and `safetensors_header` here (seeded from files real writers generate).
const TARGETS: &[Target] = &[
    Target { name: "hf_record", fixtures: &["huggingface"], project_files: &[] },
    Target { name: "civitai_body", fixtures: &["civitai"], project_files: &[] },
    Target { name: "catalog", fixtures: &[], project_files: &["crates/compat-core/src/default_catalog.json"] },
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

/// Copies the target's seeds into `fuzz/corpus/<target>/` (git-ignored) and returns that folder.
fn seed(root: &Path, fixtures: &Path, target: &Target) -> Result<PathBuf, String> {
    let corpus = root.join(FUZZ_DIR).join("corpus").join(target.name);
    fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
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
        json_files(&dir, &mut files)?;
    }
    files.extend(target.project_files.iter().map(|f| root.join(f)));
    for file in &files {
        let name = file.file_name().ok_or_else(|| format!("{}: no file name", file.display()))?;
        let to = corpus.join(format!("seed-{}", name.to_string_lossy()));
        fs::copy(file, &to).map_err(|e| format!("{} -> {}: {e}", file.display(), to.display()))?;
    }
    println!("{}: {} seed files in fuzz/corpus/{}/", target.name, files.len(), target.name);
    Ok(corpus)
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
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
    fn options() {
        let o = parse(&["--smoke", "catalog"]).unwrap();
        assert_eq!(o.seconds, SMOKE_SECONDS);
        assert_eq!(o.targets.len(), 1);
        assert_eq!(parse(&["--runs", "5"]).unwrap().runs, Some(5));
        assert!(parse(&["nope"]).unwrap_err().contains("hf_record"));
    }
}
