//! `cargo xtask`: the project's build and test automation, in Rust so it runs wherever cargo
//! does (the rust-analyzer way: <https://github.com/matklad/cargo-xtask>). std only, on purpose.
//!
//! `cargo xtask test` is the one command that CI (`.ci/run`) and the README use.

mod bench;
mod bench_headers;
mod cmd;
mod fuzz;
mod prebuilt;
mod readme_sizes;
mod steps;

use std::{
    env,
    path::{Path, PathBuf},
    process::ExitCode,
    time::{Duration, Instant},
};

use steps::{Outcome, STEPS, Step};

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  test        Everything CI checks, in order, stopping at the first failure:
              toolchain, fmt, clippy, header-data, test, wasm-check, purity, fuzz,
              node-bindings, wasm-bindings, node-wasm-fallback, examples
  test <step>...
              Only the named steps of `test`, in the order given (for instance
              `cargo xtask test wasm-bindings` to rebuild the WASM package and run its tests)
  wasm-check  cargo clippy --target wasm32-unknown-unknown of compat-core and the other
              portable crates that exist (model-headers, model-source, providers, bindings/wasm)
  purity      Fail if compat-core or model-headers depends on I/O, async or binding crates
              (reqwest, tokio, hyper, napi, wasm-bindgen, ...) on the host or wasm32
  fuzz        The cargo-fuzz targets in fuzz/ (nightly), seeded from ../shared/fixtures;
              `--smoke` runs each for seconds (the `fuzz` step of `test`):
              `cargo xtask fuzz --help`
  prebuilt    Release addons of bindings/node for every target whose toolchain is installed
              (linux-x64-gnu; linux-x64-musl with musl-tools; linux-arm64-gnu with
              gcc-aarch64-linux-gnu). Not part of `test`: cross builds cannot run here
  bench       Benchmarks against the tools people use instead; writes BENCHMARKS.md.
              Slow, not part of `test`: `cargo xtask bench --help`
  help        Print this help (also -h, --help)

Commands run from the project root. Exit status: 0 ok, 1 a step failed, 2 bad usage.";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = project_root();
    match args.as_slice() {
        ["test"] => run_steps(&root, &STEPS.iter().collect::<Vec<_>>()),
        ["test", names @ ..] => match names.iter().map(|n| steps::find(n).ok_or(*n)).collect::<Result<Vec<_>, _>>() {
            Ok(chosen) => run_steps(&root, &chosen),
            Err(unknown) => usage_error(&format!("unknown step `{unknown}`")),
        },
        [name @ ("wasm-check" | "purity")] => {
            let step = steps::find(name).expect("every command names a step");
            run_steps(&root, &[step])
        }
        ["fuzz", "-h" | "--help"] => {
            println!("{}", fuzz::USAGE);
            ExitCode::SUCCESS
        }
        ["fuzz", options @ ..] => fuzz::fuzz(&root, options),
        ["prebuilt"] => match prebuilt::prebuilt(&root) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        ["bench", "-h" | "--help"] => {
            println!("{}", bench::USAGE);
            ExitCode::SUCCESS
        }
        ["bench", options @ ..] => bench::bench(&root, options),
        ["help" | "-h" | "--help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        [] => usage_error("no command given"),
        [command] => usage_error(&format!("unknown command `{command}`")),
        [command, extra, ..] => usage_error(&format!("unexpected argument `{extra}` after `{command}`")),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// The workspace root: the parent of this crate's folder.
fn project_root() -> PathBuf {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().expect("xtask lives one folder below the project root").to_path_buf()
}

#[derive(Debug)]
enum Status {
    Ok,
    Skipped(String),
    Failed,
}

/// Runs the steps in order with a header and timing for each, stops at the first failure, and
/// prints a summary.
fn run_steps(root: &Path, steps: &[&Step]) -> ExitCode {
    let started = Instant::now();
    let mut done: Vec<(&Step, Status, Duration)> = Vec::new();
    let mut failure = None;
    for (i, step) in steps.iter().enumerate() {
        println!("\n==> [{}/{}] {}: {}", i + 1, steps.len(), step.name, step.about);
        let start = Instant::now();
        let result = (step.run)(root);
        let took = start.elapsed();
        match result {
            Ok(Outcome::Done) => {
                println!("<== {} ok in {}", step.name, fmt_duration(took));
                done.push((step, Status::Ok, took));
            }
            Ok(Outcome::Skipped(why)) => {
                println!("skipped: {why}");
                done.push((step, Status::Skipped(why), took));
            }
            Err(error) => {
                eprintln!("error: {error}");
                eprintln!("FAILED: {} (after {})", step.name, fmt_duration(took));
                done.push((step, Status::Failed, took));
                failure = Some((step.name, error));
                break;
            }
        }
    }

    println!("\n==> summary");
    let width = steps.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for (step, status, took) in &done {
        let (label, note) = match status {
            Status::Ok => ("ok", String::new()),
            Status::Skipped(why) => ("skipped", format!("  ({why})")),
            Status::Failed => ("FAILED", String::new()),
        };
        println!("  {label:<8} {:<width$} {:>9}{note}", step.name, fmt_duration(*took));
    }
    for step in &steps[done.len()..] {
        println!("  not run  {}", step.name);
    }
    let total = fmt_duration(started.elapsed());
    match failure {
        None => {
            let skipped = done.iter().filter(|(_, s, _)| matches!(s, Status::Skipped(_))).count();
            println!("OK: {} passed, {skipped} skipped, in {total}", done.len() - skipped);
            ExitCode::SUCCESS
        }
        Some((name, error)) => {
            eprintln!("FAILED: {name} (total {total})");
            for line in error.lines() {
                eprintln!("  {line}");
            }
            ExitCode::FAILURE
        }
    }
}

fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(fmt_duration(Duration::from_millis(1234)), "1.2s");
        assert_eq!(fmt_duration(Duration::from_secs(125)), "2m05s");
    }

    #[test]
    fn root_holds_the_workspace_manifest() {
        assert!(project_root().join("Cargo.toml").is_file());
        assert!(project_root().join("xtask").is_dir());
    }
}
