//! The steps of `cargo xtask test`, in order. Adding a step is one line in [`STEPS`] plus its
//! function. Every step runs with the project root as working directory.

use std::{fs, path::Path};

use crate::cmd::{read, run};

/// What a step did when it did not fail.
#[derive(Debug)]
pub enum Outcome {
    Done,
    /// The step does not apply (yet); the text says why.
    Skipped(String),
}

pub type StepResult = Result<Outcome, String>;

#[derive(Debug)]
pub struct Step {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&Path) -> StepResult,
}

const fn step(name: &'static str, about: &'static str, run: fn(&Path) -> StepResult) -> Step {
    Step { name, about, run }
}

/// `cargo xtask test`, in order. Names are also what the summary and `FAILED:` line show.
#[rustfmt::skip]
pub const STEPS: &[Step] = &[
    step("toolchain",     "rustup: wasm32 target, rustfmt and clippy",            toolchain),
    step("fmt",           "cargo fmt --check",                                     fmt),
    step("clippy",        "cargo clippy, warnings are errors",                     clippy),
    step("test",          "cargo test --workspace (unit, integration, doc tests)", test),
    step("wasm-check",    "cargo check --target wasm32 of the portable crates",    wasm_check),
    step("purity",        "compat-core pulls in no I/O, async or binding crates",  purity),
    step("node-bindings", "bindings/node: napi build + node --test",               node_bindings),
    step("wasm-bindings", "bindings/wasm: wasm-bindgen build + JS tests",          wasm_bindings),
];

pub fn find(name: &str) -> Option<&'static Step> {
    STEPS.iter().find(|s| s.name == name)
}

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The pure core: the purity check is about this crate.
const CORE: &str = "compat-core";

/// Crates that must compile for wasm32 when they exist (`crates/<name>/Cargo.toml`).
const OPTIONAL_WASM_CRATES: &[&str] = &["model-source", "provider-huggingface", "provider-civitai"];

/// Crates that must never appear among compat-core's normal dependencies: I/O, async runtimes,
/// HTTP, and JS/Node binding crates belong in the outer crates.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "reqwest",
    "tokio",
    "hyper",
    "napi",
    "napi-derive",
    "napi-sys",
    "wasm-bindgen",
    "js-sys",
    "web-sys",
    "async-trait",
    "axum",
    "mio",
];

/// `--locked` when Cargo.lock exists (it is committed), so CI never silently re-resolves.
fn locked(root: &Path) -> &'static [&'static str] {
    if root.join("Cargo.lock").is_file() { &["--locked"] } else { &[] }
}

fn toolchain(root: &Path) -> StepResult {
    run(root, "rustup", &["target", "add", WASM_TARGET])?;
    run(root, "rustup", &["component", "add", "rustfmt", "clippy"])?;
    Ok(Outcome::Done)
}

fn fmt(root: &Path) -> StepResult {
    run(root, "cargo", &["fmt", "--all", "--", "--check"])
        .map_err(|e| format!("{e}\nhint: run `cargo fmt --all` and commit the result"))?;
    Ok(Outcome::Done)
}

fn clippy(root: &Path) -> StepResult {
    let mut args = vec!["clippy", "--workspace", "--all-targets"];
    args.extend(locked(root));
    args.extend(["--", "-D", "warnings"]);
    run(root, "cargo", &args)?;
    Ok(Outcome::Done)
}

fn test(root: &Path) -> StepResult {
    let mut args = vec!["test", "--workspace"];
    args.extend(locked(root));
    run(root, "cargo", &args)?;
    Ok(Outcome::Done)
}

/// The packages that must build for wasm32: compat-core, the optional crates that exist, and the
/// package in `bindings/wasm` if that folder exists.
pub fn wasm_crates(root: &Path) -> Result<Vec<String>, String> {
    let mut crates = vec![CORE.to_owned()];
    for name in OPTIONAL_WASM_CRATES {
        if root.join("crates").join(name).join("Cargo.toml").is_file() {
            crates.push((*name).to_owned());
        }
    }
    let bindings = root.join("bindings").join("wasm");
    if bindings.is_dir() {
        let manifest = bindings.join("Cargo.toml");
        let text = fs::read_to_string(&manifest)
            .map_err(|e| format!("bindings/wasm exists but {}: {e}", manifest.display()))?;
        let name = package_name(&text).ok_or_else(|| format!("no [package] name in {}", manifest.display()))?;
        crates.push(name);
    }
    Ok(crates)
}

fn wasm_check(root: &Path) -> StepResult {
    let crates = wasm_crates(root)?;
    println!("crates to check for {WASM_TARGET}: {}", crates.join(", "));
    // One `cargo check` per crate: checking them together would unify their features and could
    // hide a crate that only builds thanks to a feature another crate turns on.
    for name in &crates {
        run(root, "cargo", &["check", "--target", WASM_TARGET, "-p", name.as_str()])?;
    }
    Ok(Outcome::Done)
}

fn purity(root: &Path) -> StepResult {
    let mut problems = Vec::new();
    for target in [None, Some(WASM_TARGET)] {
        let mut args = vec!["tree", "-p", CORE, "-e", "normal", "--prefix", "none"];
        if let Some(target) = target {
            args.extend(["--target", target]);
        }
        let label = target.unwrap_or("host target");
        let crates = crate_names(&read(root, "cargo", &args)?);
        println!("{CORE} normal dependencies ({label}): {} crates: {}", crates.len(), crates.join(", "));
        let bad: Vec<&String> = crates.iter().filter(|c| FORBIDDEN_IN_CORE.contains(&c.as_str())).collect();
        if bad.is_empty() {
            println!("  none of the forbidden crates ({label})");
            continue;
        }
        for name in &bad {
            println!("  FORBIDDEN in {CORE} ({label}): {name}; pulled in by:");
            // Best effort: the inverted tree shows the path from compat-core to the crate.
            let mut why = vec!["tree", "-p", CORE, "-e", "normal", "-i", name.as_str()];
            if let Some(target) = target {
                why.extend(["--target", target]);
            }
            let _ = run(root, "cargo", &why);
            problems.push(format!("{name} ({label})"));
        }
    }
    if problems.is_empty() {
        Ok(Outcome::Done)
    } else {
        Err(format!(
            "{CORE} must stay pure (no I/O, async runtime or bindings) but depends on: {}",
            problems.join(", ")
        ))
    }
}

/// Hook for `bindings/node`. Not implemented yet: skipped while the folder does not exist, and a
/// loud failure once it does, so CI never goes green without testing the bindings.
///
/// To implement (see ../shared/TOOLCHAIN.md): in bindings/node run `npm ci`, then
/// `npx napi build --platform --release`, then `node --test`.
fn node_bindings(root: &Path) -> StepResult {
    if !root.join("bindings").join("node").is_dir() {
        return Ok(Outcome::Skipped("bindings/node does not exist yet".to_owned()));
    }
    Err("bindings/node exists but its test step is still a stub: implement `node_bindings` in \
         xtask/src/steps.rs (npm ci, npx napi build --platform --release, node --test)"
        .to_owned())
}

/// Hook for `bindings/wasm`. Not implemented yet: skipped while the folder does not exist, and a
/// loud failure once it does.
///
/// To implement (see ../shared/TOOLCHAIN.md): `cargo install wasm-bindgen-cli --version =<the
/// wasm-bindgen version in Cargo.lock>` (without `--locked`; skip when the installed one already
/// matches), `cargo build --release --target wasm32-unknown-unknown -p <package>`, run
/// wasm-bindgen on the .wasm, then the JS tests. wasm-opt comes from the npm package `binaryen`,
/// never Debian's.
fn wasm_bindings(root: &Path) -> StepResult {
    if !root.join("bindings").join("wasm").is_dir() {
        return Ok(Outcome::Skipped("bindings/wasm does not exist yet".to_owned()));
    }
    Err("bindings/wasm exists but its test step is still a stub: implement `wasm_bindings` in \
         xtask/src/steps.rs (wasm-bindgen-cli pinned to Cargo.lock, build, JS tests)"
        .to_owned())
}

/// Crate names in `cargo tree --prefix none` output (one `name vX.Y.Z [...]` per line), sorted
/// and without duplicates.
fn crate_names(tree: &str) -> Vec<String> {
    let mut names: Vec<String> =
        tree.lines().filter_map(|line| line.split_whitespace().next()).map(str::to_owned).collect();
    names.sort();
    names.dedup();
    names
}

/// `name` from the `[package]` table of a Cargo.toml (a minimal reader, enough for our own
/// manifests).
fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim() == "name" {
            let value = value.split('#').next().unwrap_or("").trim();
            return Some(value.trim_matches(|c| c == '"' || c == '\'').to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_names_are_unique() {
        for (i, a) in STEPS.iter().enumerate() {
            assert!(STEPS[i + 1..].iter().all(|b| b.name != a.name), "{}", a.name);
        }
    }

    #[test]
    fn crate_names_from_cargo_tree() {
        let tree = "compat-core v0.1.0 (/work/main/crates/compat-core)\n\
                    serde v1.0.228\n\
                    serde_derive v1.0.228 (proc-macro)\n\
                    \n\
                    serde v1.0.228 (*)\n\
                    wasm-bindgen v0.2.100\n";
        assert_eq!(crate_names(tree), ["compat-core", "serde", "serde_derive", "wasm-bindgen"]);
    }

    #[test]
    fn package_name_from_manifest() {
        let manifest = r#"
[package]
version.workspace = true
name = "model-compat-wasm" # the npm package name differs

[dependencies]
name = "not this"
"#;
        assert_eq!(package_name(manifest).as_deref(), Some("model-compat-wasm"));
        assert_eq!(package_name("[dependencies]\nname = \"x\"\n"), None);
    }
}
