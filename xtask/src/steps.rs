//! The steps of `cargo xtask test`, in order. Adding a step is one line in [`STEPS`] plus its
//! function. Every step runs with the project root as working directory.

use std::{fs, path::Path};

use crate::cmd::{read, run};
use crate::readme_sizes::Measured as WasmSize;

/// What a step did when it did not fail.
#[derive(Debug)]
pub enum Outcome {
    Done,
    /// The step cannot run on this machine (the fuzz step without a nightly toolchain); the
    /// text says why, and the summary shows it.
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
    step("header-data",   "venv + gguf/safetensors, npm peers: test headers",     header_data),
    step("test",          "cargo test --workspace (unit, integration, doc tests)", test),
    step("wasm-check",    "cargo clippy --target wasm32 of the portable crates",   wasm_check),
    step("purity",        "the pure crates pull in no I/O, async or binding crates", purity),
    step("fuzz",          "cargo-fuzz targets for seconds each (nightly)",         crate::fuzz::smoke),
    step("node-bindings", "bindings/node: napi build + node --test",               node_bindings),
    step("wasm-bindings", "bindings/wasm: wasm-bindgen build + JS tests",          wasm_bindings),
    step("node-wasm-fallback", "bindings/node on its WASM fallback: conformance suite", node_wasm_fallback),
    step("examples",      "examples/: Next.js, webpack, Vite built, moved, run in Chromium", examples),
];

pub fn find(name: &str) -> Option<&'static Step> {
    STEPS.iter().find(|s| s.name == name)
}

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The pure core: always built for wasm32.
const CORE: &str = "compat-core";

/// Crates besides compat-core that must compile for wasm32.
const PORTABLE_CRATES: &[&str] = &["model-headers", "model-source", "provider-huggingface", "provider-civitai"];

/// The crates the purity check is about: the core and the header readers.
const PURE_CRATES: &[&str] = &[CORE, "model-headers"];

/// Crates that must never appear among the pure crates' normal dependencies: I/O, async runtimes,
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
    // The header tests read the generated files; a no-op when they are up to date.
    header_data(root)?;
    let mut args = vec!["test", "--workspace"];
    args.extend(locked(root));
    run(root, "cargo", &args)?;
    Ok(Outcome::Done)
}

/// The packages that must build for wasm32: compat-core, the portable crates, and the package
/// in `bindings/wasm`.
pub fn wasm_crates(root: &Path) -> Result<Vec<String>, String> {
    let manifest = root.join(WASM_DIR).join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let bindings = package_name(&text).ok_or_else(|| format!("no [package] name in {}", manifest.display()))?;
    Ok([CORE].iter().chain(PORTABLE_CRATES).map(|s| (*s).to_owned()).chain([bindings]).collect())
}

fn wasm_check(root: &Path) -> StepResult {
    let crates = wasm_crates(root)?;
    println!("crates to check for {WASM_TARGET}: {}", crates.join(", "));
    // One run per crate: checking them together would unify their features and could hide a
    // crate that only builds thanks to a feature another crate turns on. Clippy, not check: the
    // wasm32-only code (the fetch transport) gets the same lints as the rest.
    for name in &crates {
        let mut args = vec!["clippy", "--target", WASM_TARGET, "-p", name.as_str()];
        args.extend(locked(root));
        args.extend(["--", "-D", "warnings"]);
        run(root, "cargo", &args)?;
    }
    Ok(Outcome::Done)
}

fn purity(root: &Path) -> StepResult {
    let mut problems = Vec::new();
    for pure in PURE_CRATES {
        for target in [None, Some(WASM_TARGET)] {
            let mut args = vec!["tree", "-p", pure, "-e", "normal", "--prefix", "none"];
            if let Some(target) = target {
                args.extend(["--target", target]);
            }
            let label = target.unwrap_or("host target");
            let crates = crate_names(&read(root, "cargo", &args)?);
            println!("{pure} normal dependencies ({label}): {} crates: {}", crates.len(), crates.join(", "));
            let bad: Vec<&String> = crates.iter().filter(|c| FORBIDDEN_IN_CORE.contains(&c.as_str())).collect();
            if bad.is_empty() {
                println!("  none of the forbidden crates ({label})");
                continue;
            }
            for name in &bad {
                println!("  FORBIDDEN in {pure} ({label}): {name}; pulled in by:");
                // Best effort: the inverted tree shows the path from the crate to the forbidden one.
                let mut why = vec!["tree", "-p", pure, "-e", "normal", "-i", name.as_str()];
                if let Some(target) = target {
                    why.extend(["--target", target]);
                }
                let _ = run(root, "cargo", &why);
                problems.push(format!("{pure}: {name} ({label})"));
            }
        }
    }
    if problems.is_empty() {
        Ok(Outcome::Done)
    } else {
        Err(format!(
            "the pure crates must stay pure (no I/O, async runtime or bindings) but depend on: {}",
            problems.join(", ")
        ))
    }
}

/// Where the generated header files go (git-ignored: under the target dir).
pub const HEADER_DATA: &str = "header-data";
/// The generator and the Python peers (tests/gen) and the npm peer (tests/header-peers).
const HEADER_GEN: &str = "tests/gen";
const HEADER_PEERS: &str = "tests/header-peers";

/// The target dir: `CARGO_TARGET_DIR`, else `<root>/target`.
pub fn target_dir(root: &Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into)
}

/// The project's venv (`<target>/py-venv`) with the pinned packages of `requirements`; made when
/// missing (Debian's python3 needs python3-venv for `-m venv`, installed with apt-get then).
/// Returns its python.
pub fn ensure_venv(root: &Path, requirements: &Path) -> Result<String, String> {
    let venv = target_dir(root).join("py-venv");
    let python = venv.join("bin").join("python");
    let venv_str = venv.to_str().ok_or("the target path is not UTF-8")?.to_owned();
    if !python.is_file() && run(root, "python3", &["-m", "venv", &venv_str]).is_err() {
        let apt = |args: &[&str]| {
            let mut full = vec!["DEBIAN_FRONTEND=noninteractive", "apt-get"];
            full.extend(args);
            run(root, "env", &full)
        };
        apt(&["update"]).and_then(|()| apt(&["install", "-y", "python3-venv"]))?;
        let _ = fs::remove_dir_all(&venv);
        run(root, "python3", &["-m", "venv", &venv_str])?;
    }
    let python = python.to_str().ok_or("the target path is not UTF-8")?.to_owned();
    let requirements = requirements.to_str().ok_or("the project path is not UTF-8")?;
    run(root, &python, &["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements])?;
    Ok(python)
}

/// Writes the header test files with the real writers (gguf-py's GGUFWriter, safetensors) into
/// `<target>/header-data`, and the peers' readings of them (GGUFReader + safetensors,
/// @huggingface/gguf) into its `peers/`. Skipped when the scripts, pins and lock file are the
/// same as for the files there.
pub fn header_data(root: &Path) -> StepResult {
    let data = target_dir(root).join(HEADER_DATA);
    let gen_dir = root.join(HEADER_GEN);
    let peers = root.join(HEADER_PEERS);
    let mut stamp = String::new();
    for file in [
        gen_dir.join("make_headers.py"),
        gen_dir.join("dump_gguf_py.py"),
        gen_dir.join("requirements.txt"),
        peers.join("dump.mjs"),
        peers.join("package-lock.json"),
    ] {
        stamp.push_str(&fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    let stamp_file = data.join(".stamp");
    if fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str()) {
        return Ok(Outcome::Skipped(format!("{} is up to date", data.display())));
    }
    let python = ensure_venv(root, &gen_dir.join("requirements.txt"))?;
    timed("npm ci (@huggingface/gguf)", || run(&peers, "npm", &["ci", "--no-audit", "--no-fund"]))?;
    if data.exists() {
        fs::remove_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    }
    let peers_out = data.join("peers");
    fs::create_dir_all(&peers_out).map_err(|e| format!("{}: {e}", peers_out.display()))?;
    let utf8 = |p: &Path| p.to_str().map(str::to_owned).ok_or_else(|| format!("{} is not UTF-8", p.display()));
    let (data_s, gen_s) = (utf8(&data)?, utf8(&gen_dir)?);
    timed("make_headers.py", || run(root, &python, &[&format!("{gen_s}/make_headers.py"), &data_s]))?;
    timed("GGUFReader + safetensors dump", || {
        run(root, &python, &[&format!("{gen_s}/dump_gguf_py.py"), &data_s, &utf8(&peers_out.join("gguf-py.json"))?])
    })?;
    timed("@huggingface/gguf dump", || {
        run(&peers, "node", &["dump.mjs", &data_s, &utf8(&peers_out.join("hfjs.json"))?])
    })?;
    fs::write(&stamp_file, stamp).map_err(|e| format!("{}: {e}", stamp_file.display()))?;
    Ok(Outcome::Done)
}

/// Files the `bindings/node` build writes that are committed: a build must not change them
/// (the TypeScript declarations generated from the Rust types, and the addon's `index.d.ts`,
/// which starts with them).
const NODE_GENERATED: &[&str] = &["bindings/shared/model-compat.d.ts", "bindings/node/index.d.ts"];

/// `bindings/node`: installs the npm tools (`npm ci`), generates the TypeScript declarations
/// of the Rust types, builds the addon with `napi build` (debug: the tests do not need an
/// optimized addon, and debug reuses what `cargo test` compiled; `npm run build` in
/// bindings/node makes the release build), fails when the committed `.d.ts` files changed,
/// then runs `node --test` (the shared conformance suite in tests/js against the testkit
/// server, the API list, the package).
fn node_bindings(root: &Path) -> StepResult {
    let dir = root.join("bindings").join("node");
    let before: Vec<Option<Vec<u8>>> = NODE_GENERATED.iter().map(|f| fs::read(root.join(f)).ok()).collect();

    run(&dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    let mut generate = vec!["run", "-p", "model-compat-bindings", "--bin", "model-compat-gen"];
    generate.extend(locked(root));
    generate.extend(["--", "types", "--out", NODE_GENERATED[0]]);
    run(root, "cargo", &generate)?;
    let napi = dir.join("node_modules").join(".bin").join("napi");
    let napi = napi.to_str().ok_or("the path of bindings/node is not UTF-8")?;
    // `--strip`: the debug addon is 75 MB with its debug info, 16 MB without; the examples step
    // packs it into the Next.js app (npm packs `file:` dependencies), where the size is time.
    run(&dir, napi, &["build", "--platform", "--strip", "--js", "binding.js", "--dts", "index.d.ts"])?;

    for (file, old) in NODE_GENERATED.iter().zip(before) {
        let tracked = read(root, "git", &["ls-files", "--error-unmatch", "--", file]).is_ok();
        let changed = if tracked {
            run(root, "git", &["diff", "--exit-code", "--stat", "--", file]).is_err()
        } else {
            // Not committed yet: compare with what was there before the build.
            old.is_some_and(|old| fs::read(root.join(file)).ok().as_ref() != Some(&old))
        };
        if changed {
            return Err(format!(
                "{file} changed when rebuilt: the Rust types, their doc comments or the napi exports \
                 changed without regenerating it. Review the change (git diff {file}) and commit it."
            ));
        }
    }

    // The JavaScript harness starts these (it would build them itself; building here keeps
    // --locked and the output in one place).
    let mut tools = vec!["build", "-p", "testkit", "-p", "model-compat-bindings", "--bins"];
    tools.extend(locked(root));
    run(root, "cargo", &tools)?;
    run(&dir, "node", &["--test", "test/"])?;
    Ok(Outcome::Done)
}

/// `bindings/node` where no native binary matches the platform: copies the WASM `nodejs` build
/// (from the `wasm-bindings` step) into the package (`bindings/node/wasm/`, shipped in its
/// tarball), then runs the shared conformance suite and the backend tests with
/// `MODEL_COMPAT_FORCE_WASM=1`, so `index.js` takes the WASM build instead of the addon.
fn node_wasm_fallback(root: &Path) -> StepResult {
    let dir = root.join("bindings").join("node");
    run(&dir, "node", &["tools/copy-wasm-fallback.mjs"])
        .map_err(|e| format!("{e}\nhint: the `wasm-bindings` step builds bindings/wasm/pkg first"))?;
    let mut tools = vec!["build", "-p", "testkit", "-p", "model-compat-bindings", "--bins"];
    tools.extend(locked(root));
    run(root, "cargo", &tools)?;
    run(
        &dir,
        "env",
        &["MODEL_COMPAT_FORCE_WASM=1", "node", "--test", "test/conformance.test.mjs", "test/backend.test.mjs"],
    )?;
    Ok(Outcome::Done)
}

/// `examples/`: the Next.js marketplace (the addon on the server, the WASM build in a client
/// component), a webpack 5 bundle and a Vite app, each installed with `npm ci` from its lock
/// file (the model-compat packages as packed copies of `bindings/node` and `bindings/wasm`),
/// built for production, moved to another directory (baked-in paths fail), then run against a
/// testkit server and checked in headless Chromium (`examples/smoke.test.mjs`). Reuses what the
/// earlier steps built: the debug addon, its WASM fallback, `bindings/wasm/pkg`, playwright-core
/// from `bindings/wasm/node_modules`, Debian's chromium.
fn examples(root: &Path) -> StepResult {
    let needed = [
        ("bindings/node/binding.js", "node-bindings"),
        ("bindings/node/wasm/model_compat_wasm_bg.wasm", "node-wasm-fallback"),
        ("bindings/wasm/pkg/bundler/model_compat_wasm_bg.wasm", "wasm-bindings"),
        ("bindings/wasm/node_modules/playwright-core/package.json", "wasm-bindings"),
    ];
    for (file, step) in needed {
        if !root.join(file).is_file() {
            return Err(format!("{file} is missing: run the `{step}` step first (cargo xtask test {step})"));
        }
    }
    ensure_chromium(root)?;
    let mut tools = vec!["build", "-p", "testkit", "-p", "model-compat-bindings", "--bins"];
    tools.extend(locked(root));
    run(root, "cargo", &tools)?;
    timed("examples (npm ci, build, move, Chromium, for each)", || {
        run(root, "node", &["--test", "--test-concurrency=1", "examples/smoke.test.mjs"])
    })?;
    Ok(Outcome::Done)
}

/// Where the WASM package lives, relative to the project root.
const WASM_DIR: &str = "bindings/wasm";

/// Project-local tools (`cargo install --root`), gitignored: CI on a fresh machine installs them,
/// a machine that has them skips the install.
const TOOLS_DIR: &str = ".tools";

/// The browser the JS tests drive (Debian's `chromium`, never a downloaded one).
const CHROMIUM: &str = "/usr/bin/chromium";

/// The cargo profile of the `.wasm`: release, optimized for size. Defined with `--config` so the
/// workspace profiles stay as they are.
const WASM_PROFILE: &str = "wasm-release";
const WASM_PROFILE_CONFIG: &[&str] = &[
    "profile.wasm-release.inherits=\"release\"",
    "profile.wasm-release.opt-level=\"z\"",
    "profile.wasm-release.lto=true",
    "profile.wasm-release.codegen-units=1",
    "profile.wasm-release.panic=\"abort\"",
];

/// The shipped `.wasm` is built by the nightly toolchain with its own `std` rebuilt for size
/// (`-Zbuild-std`) and panics that abort on the spot (`-Cpanic=immediate-abort`: no panic message
/// formatting, no location strings; `-Zlocation-detail=none`: nor the file names that
/// `#[track_caller]` code still records, 320 B gzipped). Measured on this workspace: 210,269 ->
/// 197,031 B gzipped for the full build; the budget in bindings/wasm/test holds the result. Stable still lints and
/// checks every crate for wasm32 (`wasm-check`); only the release artifact needs nightly.
const WASM_NIGHTLY: &str = "+nightly";
const WASM_NIGHTLY_ARGS: &[&str] = &[
    "-Zbuild-std=std,panic_abort",
    "--config",
    "target.wasm32-unknown-unknown.rustflags=[\"-Zunstable-options\", \"-Cpanic=immediate-abort\", \"-Zlocation-detail=none\"]",
];

/// binaryen passes over the `.wasm`, in order (see `build_wasm_variant`); `--converge` runs
/// them again while the module still shrinks (about 700 B gzipped).
const WASM_OPT_PASSES: &[&str] = &["-Oz", "--flatten", "--rereloop", "-Oz", "--converge"];

/// The nightly pieces the size build needs: the wasm32 standard library and `rust-src` (to
/// rebuild `std`). Fails with a clear message when no nightly toolchain is installed.
fn nightly_for_wasm(root: &Path) -> Result<(), String> {
    read(root, "rustc", &[WASM_NIGHTLY, "--version"]).map_err(|e| {
        format!("{e}\nthe WASM package is built with the nightly toolchain (build-std for size): `rustup toolchain install nightly`")
    })?;
    run(root, "rustup", &["component", "add", "rust-src", "--toolchain", "nightly"])?;
    run(root, "rustup", &["target", "add", WASM_TARGET, "--toolchain", "nightly"])?;
    Ok(())
}

/// The wasm-bindgen targets built for each variant, each into `<variant dir>/<target>/`.
const WASM_BINDGEN_TARGETS: &[&str] = &["bundler", "web", "nodejs"];

/// One build of the `.wasm`: the full API, the pure one (sync functions only, no HTTP), and the
/// one that also reads weight-file headers.
#[derive(Debug)]
struct WasmVariant {
    name: &'static str,
    cargo_args: &'static [&'static str],
    /// Relative to [`WASM_DIR`].
    out: &'static str,
}

const WASM_VARIANTS: &[WasmVariant] = &[
    WasmVariant { name: "full", cargo_args: &[], out: "pkg" },
    WasmVariant { name: "pure", cargo_args: &["--no-default-features", "--features", "files"], out: "pkg/pure" },
    // Everything: the full API plus weight-file headers, read with HTTP ranges (the `inspect`
    // option) and from a page's `File`s (`inspectFile`), over the full build's budget.
    WasmVariant { name: "inspect", cargo_args: &["--features", "inspect,files"], out: "pkg/inspect" },
];

/// `bindings/wasm`: the browser bundle. Installs what it needs when missing (wasm-bindgen-cli of
/// exactly the wasm-bindgen version in Cargo.lock into `.tools/`, the npm tools with `npm ci`:
/// binaryen's `wasm-opt` and `playwright-core`, Debian's `chromium`), builds the `.wasm` of every
/// variant ([`WASM_VARIANTS`]: full, pure, inspect) with a size-optimized profile, runs
/// `wasm-bindgen` for the bundler, web and nodejs targets and `wasm-opt -Oz`, reports the sizes
/// (`pkg/sizes.json`), then runs `node --test`: the shared conformance suite (tests/js) against
/// the nodejs build in Node and against the web build in headless Chromium, the API list and the
/// package.
fn wasm_bindings(root: &Path) -> StepResult {
    let dir = root.join(WASM_DIR);
    let wasm_bindgen = ensure_wasm_bindgen(root)?;
    nightly_for_wasm(root)?;
    timed("npm ci (binaryen, playwright-core, typescript)", || run(&dir, "npm", &["ci", "--no-audit", "--no-fund"]))?;
    ensure_chromium(root)?;

    let manifest = dir.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let package = package_name(&text).ok_or_else(|| format!("no [package] name in {}", manifest.display()))?;
    let mut sizes = Vec::new();
    for variant in WASM_VARIANTS {
        sizes.push(build_wasm_variant(root, &dir, &package, &wasm_bindgen, variant)?);
    }
    let readmes_changed = crate::readme_sizes::update(root, &sizes)?;
    let report: Vec<String> = sizes
        .iter()
        .map(|s| format!("  \"{}\": {{\"raw\": {}, \"gzip\": {}, \"brotli\": {}}}", s.name, s.raw, s.gzip, s.brotli))
        .collect();
    let report = format!("{{\n{}\n}}\n", report.join(",\n"));
    fs::write(dir.join("pkg").join("sizes.json"), &report).map_err(|e| format!("pkg/sizes.json: {e}"))?;
    println!("optimized .wasm sizes (bytes, pkg/sizes.json):");
    for s in &sizes {
        println!(
            "  {:<5} raw {:>7} ({:.1} KiB)  gzip -9 {:>7} ({:.1} KiB)  brotli {:>7} ({:.1} KiB)",
            s.name,
            s.raw,
            kib(s.raw),
            s.gzip,
            kib(s.gzip),
            s.brotli,
            kib(s.brotli)
        );
    }

    // The JavaScript harness starts these (it would build them itself; building here keeps
    // --locked and the output in one place); the pure build's `inspectFile` is compared with
    // the CLI's `check file` on the files `header-data` wrote.
    let mut tools = vec!["build", "-p", "testkit", "-p", "model-compat-bindings", "-p", "compat-cli", "--bins"];
    tools.extend(locked(root));
    run(root, "cargo", &tools)?;
    // One file at a time: each starts its own servers, and the browser wants the cores.
    run(&dir, "node", &["--test", "--test-concurrency=1", "test/"])?;
    if !readmes_changed.is_empty() {
        return Err(format!(
            "the WASM sizes changed, and {} now say so: review the change (git diff) and commit it",
            readmes_changed.join(" and ")
        ));
    }
    Ok(Outcome::Done)
}

fn kib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

/// Runs `f`, then prints how long it took.
fn timed<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let start = std::time::Instant::now();
    let out = f()?;
    println!("{what}: {:.1} s", start.elapsed().as_secs_f64());
    Ok(out)
}

/// The version of `name` in Cargo.lock (the first one, for a crate locked once).
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines.next()?.strip_prefix("version = ")?;
            return Some(version.trim_matches('"').to_owned());
        }
    }
    None
}

/// `.tools/bin/wasm-bindgen` of exactly the wasm-bindgen version in Cargo.lock, installed when
/// it is missing or another version (`cargo install` without `--locked`: with it the install
/// fails on a yanked dependency).
fn ensure_wasm_bindgen(root: &Path) -> Result<String, String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let version = locked_version(&lock, "wasm-bindgen").ok_or("wasm-bindgen is not in Cargo.lock")?;
    let tools = root.join(TOOLS_DIR);
    let exe = tools.join("bin").join("wasm-bindgen");
    let exe = exe.to_str().ok_or("the project path is not UTF-8")?.to_owned();
    let installed = read(root, &exe, &["--version"]).ok();
    if installed.as_deref().map(str::trim) == Some(format!("wasm-bindgen {version}").as_str()) {
        println!("wasm-bindgen-cli {version}: already in {TOOLS_DIR}/");
        return Ok(exe);
    }
    let tools = tools.to_str().ok_or("the project path is not UTF-8")?;
    let version_req = format!("={version}");
    timed(&format!("cargo install wasm-bindgen-cli {version}"), || {
        run(root, "cargo", &["install", "wasm-bindgen-cli", "--version", &version_req, "--root", tools, "--force"])
    })?;
    Ok(exe)
}

/// Debian's chromium at [`CHROMIUM`], installed with apt-get when missing (CI runs as root).
fn ensure_chromium(root: &Path) -> Result<(), String> {
    if Path::new(CHROMIUM).is_file() {
        println!("chromium: {CHROMIUM}");
        return Ok(());
    }
    let apt = |args: &[&str]| {
        let mut full = vec!["DEBIAN_FRONTEND=noninteractive", "apt-get"];
        full.extend(args);
        run(root, "env", &full)
    };
    timed("apt-get install chromium", || {
        apt(&["update"])?;
        apt(&["install", "-y", "chromium"])
    })
    .map_err(|e| format!("{e}\nhint: the browser test needs Debian's chromium at {CHROMIUM} (apt-get as root)"))?;
    if Path::new(CHROMIUM).is_file() {
        Ok(())
    } else {
        Err(format!("chromium was installed but {CHROMIUM} is missing"))
    }
}

/// Builds one variant: cargo, wasm-bindgen for every target, one `wasm-opt -Oz` (the three
/// targets share the same `.wasm`). Returns `(name, raw bytes, gzip bytes)` of the optimized
/// module.
fn build_wasm_variant(
    root: &Path,
    dir: &Path,
    package: &str,
    wasm_bindgen: &str,
    variant: &WasmVariant,
) -> Result<WasmSize, String> {
    println!("--- {} build", variant.name);
    let mut args = vec![WASM_NIGHTLY, "build", "-p", package, "--target", WASM_TARGET, "--profile", WASM_PROFILE];
    args.extend(locked(root));
    args.extend(WASM_NIGHTLY_ARGS);
    args.extend(variant.cargo_args);
    for config in WASM_PROFILE_CONFIG {
        args.extend(["--config", config]);
    }
    run(root, "cargo", &args)?;

    let stem = package.replace('-', "_");
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    let wasm = target_dir.join(WASM_TARGET).join(WASM_PROFILE).join(format!("{stem}.wasm"));
    let wasm = wasm.to_str().ok_or("the target path is not UTF-8")?.to_owned();
    let out = dir.join(variant.out);
    let bg = format!("{stem}_bg.wasm");
    let mut outputs = Vec::new();
    for target in WASM_BINDGEN_TARGETS {
        let target_out = out.join(target);
        if target_out.exists() {
            fs::remove_dir_all(&target_out).map_err(|e| format!("{}: {e}", target_out.display()))?;
        }
        let target_out_str = target_out.to_str().ok_or("the package path is not UTF-8")?;
        run(root, wasm_bindgen, &["--target", target, "--out-dir", target_out_str, &wasm])?;
        if *target == "nodejs" {
            // The package is `"type": "module"`; the nodejs build is CommonJS.
            fs::write(target_out.join("package.json"), "{\n  \"type\": \"commonjs\"\n}\n")
                .map_err(|e| format!("{}: {e}", target_out.display()))?;
        }
        outputs.push(target_out.join(&bg));
    }
    let first = fs::read(&outputs[0]).map_err(|e| format!("{}: {e}", outputs[0].display()))?;
    let same = outputs[1..].iter().all(|o| fs::read(o).ok().as_ref() == Some(&first));

    let wasm_opt = dir.join("node_modules").join(".bin").join("wasm-opt");
    let wasm_opt = wasm_opt.to_str().ok_or("the package path is not UTF-8")?;
    let optimize = |file: &Path| -> Result<(), String> {
        let file = file.to_str().ok_or("the package path is not UTF-8")?;
        // `-Oz`, then flatten and re-loop the control flow and `-Oz` again: measured on this tree,
        // 200,842 -> 198,781 B gzipped for the full build (plain `-Oz --converge`: 200,132).
        run(
            root,
            wasm_opt,
            &WASM_OPT_PASSES
                .iter()
                .copied()
                .chain(["--strip-debug", "--strip-producers", file, "-o", file])
                .collect::<Vec<_>>(),
        )
    };
    if same {
        timed(&format!("wasm-opt -Oz ({})", variant.name), || optimize(&outputs[0]))?;
        for other in &outputs[1..] {
            fs::copy(&outputs[0], other).map_err(|e| format!("{}: {e}", other.display()))?;
        }
    } else {
        for output in &outputs {
            optimize(output)?;
        }
    }
    // The `node` + `import` entry that survives bundling (the module inlined as base64).
    run(dir, "node", &["tools/node-entry.mjs", variant.out])?;
    let optimized = outputs[0].to_str().ok_or("the package path is not UTF-8")?;
    let raw = fs::metadata(optimized).map_err(|e| format!("{optimized}: {e}"))?.len();
    // `gzip -9` as a web server would send it (GNU gzip compresses .wasm a few % better than
    // Node's zlib), and brotli (quality 11) from Node's zlib.
    let gzip = read(root, "sh", &["-c", "gzip -9 -c \"$1\" | wc -c", "sh", optimized])?;
    let brotli = read(
        root,
        "node",
        &[
            "-e",
            "const z = require('zlib'); const q = z.constants.BROTLI_PARAM_QUALITY; \
             process.stdout.write(String(z.brotliCompressSync(require('fs').readFileSync(process.argv[1]), \
             {params: {[q]: 11}}).length))",
            optimized,
        ],
    )?;
    let number = |text: &str| text.trim().parse::<u64>().map_err(|e| format!("compressed size `{text}`: {e}"));
    Ok(WasmSize { name: variant.name, raw, gzip: number(&gzip)?, brotli: number(&brotli)? })
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
    fn locked_version_from_cargo_lock() {
        let lock = "[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"registry\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(lock, "wasm-bindgen-futures").as_deref(), Some("0.4.80"));
        assert_eq!(locked_version(lock, "js-sys"), None);
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
