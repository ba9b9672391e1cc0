//! `cargo xtask bench`: the benchmarks side by side with the tools people would use instead
//! (issue 8). Not part of `cargo xtask test` or CI: a full run takes several minutes.
//!
//! In order: installs what it needs when missing (GNU `time` for peak RSS, the npm peers into
//! `bench/node_modules`, the PyPI peer into `bench/.venv`, Debian's `chromium` for the browser
//! call), builds the release Node addon (`npm run build` in bindings/node) and the WASM
//! package (the `wasm-bindings` step of `cargo xtask test`) unless `--no-build`, runs the
//! criterion benches, then `compat-bench` (crates/compat-bench), which runs every client
//! against the testkit server on 127.0.0.1 and writes `BENCHMARKS.md`. A binding that does not
//! build is reported as "not built", never measured from an older build.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::bench_headers;
use crate::cmd::run;
use crate::steps::{self, Outcome};

pub const USAGE: &str = "\
Usage: cargo xtask bench [--quick] [--no-build] [--only PART,...]

  --quick     a smoke run: short criterion sampling, one end-to-end run per client, 10k models
              streamed; writes target/compat-bench/BENCHMARKS.quick.md, not BENCHMARKS.md
  --no-build  measure the bindings as they are built now (skip `npm run build` in
              bindings/node and the wasm-bindings build)
  --only      some of: core, e2e, node, wasm, memory, headers (default: all)";

/// GNU time: `compat-bench` reads the clients' peak RSS from `time -v`.
const GNU_TIME: &str = "/usr/bin/time";
const CHROMIUM: &str = "/usr/bin/chromium";

#[derive(Debug, Default)]
struct Options {
    quick: bool,
    build: bool,
    only: Option<String>,
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { build: true, ..Options::default() };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--quick" => options.quick = true,
            "--no-build" => options.build = false,
            "--only" => options.only = Some(it.next().ok_or("--only needs a list of parts")?.to_string()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

pub fn bench(root: &Path, args: &[&str]) -> ExitCode {
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match run_all(root, &options) {
        Ok(()) => {
            println!("\nOK: cargo xtask bench in {:.0} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\nFAILED: cargo xtask bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn section(title: &str) {
    println!("\n==> {title}");
}

fn locked(root: &Path) -> Vec<&'static str> {
    if root.join("Cargo.lock").is_file() { vec!["--locked"] } else { Vec::new() }
}

fn run_all(root: &Path, options: &Options) -> Result<(), String> {
    let wants = |part: &str| options.only.as_deref().is_none_or(|only| only.split(',').any(|p| p.trim() == part));
    // The headers part is ours, not compat-bench's: it needs none of the tools below.
    let others: Option<String> = options
        .only
        .as_deref()
        .map(|only| only.split(',').map(str::trim).filter(|p| *p != "headers").collect::<Vec<_>>().join(","));
    if others.as_deref() != Some("") {
        run_compat_bench(root, options, others.as_deref())?;
    }
    if wants("headers") {
        section("headers: model-headers against GGUFReader and @huggingface/gguf");
        let report = bench_headers::run_part(root, options.quick)?;
        let file = if options.quick {
            root.join("target").join("compat-bench").join("BENCHMARKS.quick.md")
        } else {
            root.join("BENCHMARKS.md")
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        bench_headers::splice(&file, &report)?;
        println!(
            "{report}
(written to {})",
            file.display()
        );
    }
    Ok(())
}

fn run_compat_bench(root: &Path, options: &Options, only: Option<&str>) -> Result<(), String> {
    let wants = |part: &str| only.is_none_or(|only| only.split(',').any(|p| p.trim() == part));

    section("tools: GNU time, the npm and PyPI peers, chromium");
    if !Path::new(GNU_TIME).is_file() {
        if let Err(e) = apt_install(root, "time") {
            println!("warning: {e}; peak RSS will read n/a");
        }
    }
    let bench = root.join("bench");
    run(&bench, "npm", &["ci", "--no-audit", "--no-fund"])?;
    let python = bench.join(".venv").join("bin").join("python");
    if !python.is_file() {
        // Debian's python3 needs python3-venv for `-m venv`.
        if run(&bench, "python3", &["-m", "venv", ".venv"]).is_err() {
            apt_install(root, "python3-venv")?;
            let _ = std::fs::remove_dir_all(bench.join(".venv"));
            run(&bench, "python3", &["-m", "venv", ".venv"])?;
        }
    }
    let python = python.to_str().ok_or("the path of bench/.venv is not UTF-8")?;
    run(&bench, python, &["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"])?;
    if wants("wasm") && !Path::new(CHROMIUM).is_file() {
        if let Err(e) = apt_install(root, "chromium") {
            println!("warning: {e}; the WASM browser call will be reported as not run");
        }
    }

    let mut not_built: Vec<String> = Vec::new();
    if options.build {
        if wants("e2e") || wants("node") {
            section("bindings/node: release addon (npm ci, npm run build)");
            if let Some(why) = build_node_addon(root) {
                println!("warning: {why}");
                not_built.push(format!("node={why}"));
            }
        }
        if wants("wasm") {
            section("bindings/wasm: the `wasm-bindings` step of cargo xtask test (build + its tests)");
            if let Some(why) = build_wasm(root) {
                println!("warning: {why}");
                not_built.push(format!("wasm={why}"));
            }
        }
    }

    section("build: compat-bench (release)");
    let mut build = vec!["build", "--release", "-p", "compat-bench", "--bins"];
    build.extend(locked(root));
    run(root, "cargo", &build)?;

    if wants("core") {
        section("core: criterion");
        // compat-bench counts `judge`'s instructions under callgrind (wall clock alone moves too
        // much on a shared machine to hold the issue-14 ratio to).
        let valgrind = std::process::Command::new("valgrind").arg("--version").output();
        if !valgrind.is_ok_and(|o| o.status.success()) {
            if let Err(e) = apt_install(root, "valgrind") {
                println!("warning: {e}; instruction counts will read \"not counted\"");
            }
        }
        let sampling: &[&str] = if options.quick { &["--warm-up-time", "0.5", "--measurement-time", "1"] } else { &[] };
        for (package, bench) in [("compat-core", "verdicts"), ("compat-bench", "core"), ("compat-bench", "wire_lists")]
        {
            let mut args = vec!["bench", "-p", package, "--bench", bench];
            args.extend(locked(root));
            args.push("--");
            args.extend(sampling);
            run(root, "cargo", &args)?;
        }
    }

    section("compat-bench: every client against the testkit server, then the report");
    let mut args = vec!["run", "--release", "-p", "compat-bench", "--bin", "compat-bench"];
    args.extend(locked(root));
    args.push("--");
    if options.quick {
        args.push("--quick");
    }
    if let Some(only) = only {
        args.extend(["--only", only]);
    }
    for entry in &not_built {
        args.extend(["--not-built", entry.as_str()]);
    }
    run(root, "cargo", &args)
}

/// `npm ci` and `npm run build` (release) in bindings/node. Returns why it is not built.
fn build_node_addon(root: &Path) -> Option<String> {
    let dir = root.join("bindings").join("node");
    let result =
        run(&dir, "npm", &["ci", "--no-audit", "--no-fund"]).and_then(|()| run(&dir, "npm", &["run", "build"]));
    result.err().map(|e| format!("the release build failed: {}", e.lines().next().unwrap_or_default()))
}

/// The WASM package through the `wasm-bindings` step. Returns why it is not built.
fn build_wasm(root: &Path) -> Option<String> {
    let Some(step) = steps::find("wasm-bindings") else {
        return Some("cargo xtask has no wasm-bindings step".to_owned());
    };
    match (step.run)(root) {
        Ok(Outcome::Done) => None,
        Ok(Outcome::Skipped(why)) => Some(why),
        Err(e) => Some(format!("the wasm-bindings step failed: {}", e.lines().next().unwrap_or_default())),
    }
}

/// `apt-get install -y PACKAGE` (as root, after `apt-get update`).
fn apt_install(root: &Path, package: &str) -> Result<(), String> {
    let apt = |args: &[&str]| {
        let mut full = vec!["DEBIAN_FRONTEND=noninteractive", "apt-get"];
        full.extend(args);
        run(root, "env", &full)
    };
    apt(&["update"])
        .and_then(|()| apt(&["install", "-y", package]))
        .map_err(|e| format!("could not install {package} with apt-get ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        let o = parse(&["--quick", "--no-build", "--only", "e2e,node"]).unwrap();
        assert!(o.quick && !o.build);
        assert_eq!(o.only.as_deref(), Some("e2e,node"));
        assert!(parse(&[]).unwrap().build);
        assert!(parse(&["--only"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }
}
