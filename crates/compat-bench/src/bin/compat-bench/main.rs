//! `compat-bench`: the driver of `cargo xtask bench`.
//!
//! ```text
//! compat-bench [--quick] [--out FILE] [--only PART,...] [--not-built node|wasm=REASON]...
//! compat-bench data [--dump DIR] # what the benchmarks run on (counts, sizes, compatible share)
//! ```
//!
//! Parts: `core` (reads the criterion medians of `cargo bench -p compat-bench --bench core`
//! and `-p compat-core --bench verdicts`, which xtask runs first), `e2e` (the listing against
//! the peers), `node` (addon vs pure JavaScript), `wasm`, `memory`. It starts the testkit
//! server in-process on 127.0.0.1 for every client run and never talks to anything else;
//! the clients are child processes, measured under `/usr/bin/time -v`.
//!
//! Writes the report (default `BENCHMARKS.md` at the project root).

mod criterion;
mod e2e;
mod instructions;
mod machine;
mod memory;
mod nodejs;
mod report;
mod run;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use compat_bench::{Templates, dataset_entries, dataset_records, fixture_bodies, fixture_records, listing_records};
use serde_json::Value;

/// What a full run and a `--quick` run measure.
#[derive(Debug, Clone)]
pub struct Plan {
    pub quick: bool,
    /// Compatible models the end-to-end listing asks for.
    pub limit: usize,
    pub latency_ms: u64,
    /// Records per listing page of the end-to-end scenario.
    pub page_size: usize,
    pub warmups: usize,
    pub runs: usize,
    pub node_records: usize,
    pub node_repeats: usize,
    /// Models read by the memory benchmark when it reports its RSS.
    pub stream_marks: Vec<usize>,
    pub stream_page_size: usize,
    pub wasm_repeats: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        Self {
            quick,
            limit: 100,
            latency_ms: 50,
            page_size: 50,
            warmups: if quick { 0 } else { 1 },
            runs: if quick { 1 } else { 5 },
            node_records: 10_000,
            node_repeats: if quick { 3 } else { 15 },
            stream_marks: if quick { vec![1_000, 10_000] } else { vec![1_000, 10_000, 100_000] },
            stream_page_size: 100,
            wasm_repeats: if quick { 3 } else { 10 },
        }
    }
}

/// The records every part shares, built once.
#[derive(Debug)]
pub struct Data {
    pub fixtures: Vec<compat_bench::FixtureBody>,
    pub dataset: Vec<Value>,
    /// The end-to-end listing, in listing order.
    pub listing: Vec<Value>,
    /// Our verdict of every listing record, by id.
    pub verdicts: std::collections::HashMap<String, bool>,
}

impl Data {
    fn build() -> Self {
        let fixtures = fixture_bodies();
        let fixture_values = fixture_records(&fixtures);
        let templates = Templates::from_fixtures(&fixture_values);
        let dataset = dataset_records(&dataset_entries(), &templates);
        let listing = listing_records(&fixture_values, &dataset);
        let verdicts = compat_bench::verdicts(&listing);
        Self { fixtures, dataset, listing, verdicts }
    }

    pub fn id(record: &Value) -> &str {
        record.get("id").and_then(Value::as_str).unwrap_or_default()
    }

    /// How many listing records must be read to find `limit` compatible ones.
    pub fn records_for(&self, limit: usize) -> Option<usize> {
        let mut found = 0;
        for (i, r) in self.listing.iter().enumerate() {
            if self.verdicts.get(Self::id(r)).copied().unwrap_or(false) {
                found += 1;
                if found == limit {
                    return Some(i + 1);
                }
            }
        }
        None
    }
}

/// Paths and the runtime the parts share.
#[derive(Debug)]
pub struct Env {
    pub root: PathBuf,
    pub scratch: PathBuf,
    pub bin_dir: PathBuf,
    pub rt: tokio::runtime::Runtime,
    /// Bindings xtask could not build (`--not-built node|wasm=REASON`): reported as not built
    /// even if an older build is lying around.
    pub not_built: Vec<(String, String)>,
}

impl Env {
    pub fn runner(&self, extra_env: Vec<(String, String)>) -> run::Runner {
        let mut env = vec![
            ("HF_HOME".to_owned(), self.scratch.join("hf-home").display().to_string()),
            ("HF_HUB_DISABLE_TELEMETRY".to_owned(), "1".to_owned()),
            ("HF_HUB_DISABLE_PROGRESS_BARS".to_owned(), "1".to_owned()),
            ("NO_PROXY".to_owned(), "127.0.0.1,localhost".to_owned()),
            ("no_proxy".to_owned(), "127.0.0.1,localhost".to_owned()),
            ("PYTHONDONTWRITEBYTECODE".to_owned(), "1".to_owned()),
        ];
        env.extend(extra_env);
        run::Runner {
            cwd: self.root.join("bench"),
            scratch: self.scratch.clone(),
            env,
            timeout: Duration::from_secs(600),
        }
    }

    /// A binary of this crate, built beside this one.
    pub fn bin(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }

    pub fn node_modules(&self) -> PathBuf {
        self.root.join("bench").join("node_modules")
    }

    /// Why the binding `name` (`node`, `wasm`) must not be measured, if xtask said so.
    pub fn not_built(&self, name: &str) -> Option<String> {
        self.not_built.iter().find(|(n, _)| n == name).map(|(_, why)| why.clone())
    }

    pub fn python(&self) -> PathBuf {
        self.root.join("bench").join(".venv").join("bin").join("python")
    }
}

const PARTS: &[&str] = &["core", "e2e", "node", "wasm", "memory"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = compat_bench::project_root();
    if args.first().map(String::as_str) == Some("data") {
        let data = Data::build();
        print_data(&data, &Plan::new(false));
        // `data --dump DIR`: the end-to-end listing and our verdicts, to look at.
        if let (Some("--dump"), Some(dir)) = (args.get(1).map(String::as_str), args.get(2)) {
            let dir = PathBuf::from(dir);
            let written = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(dir.join("listing.json"), Value::Array(data.listing.clone()).to_string()))
                .and_then(|()| std::fs::write(dir.join("verdicts.json"), serde_json::json!(data.verdicts).to_string()));
            if let Err(e) = written {
                eprintln!("compat-bench: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {0}/listing.json and {0}/verdicts.json", dir.display());
        }
        return ExitCode::SUCCESS;
    }
    let mut quick = false;
    let mut out = None;
    let mut only: Vec<String> = PARTS.iter().map(|p| (*p).to_owned()).collect();
    let mut not_built = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--out" => out = it.next().map(PathBuf::from),
            "--not-built" => match it.next().and_then(|s| s.split_once('=')) {
                Some((name, why)) => not_built.push((name.to_owned(), why.to_owned())),
                None => {
                    eprintln!("compat-bench: --not-built expects NAME=REASON");
                    return ExitCode::from(2);
                }
            },
            "--only" => only = it.next().map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default(),
            "-h" | "--help" => {
                println!(
                    "usage: compat-bench [--quick] [--out FILE] [--only {}] [--not-built node|wasm=REASON]...\n       compat-bench data",
                    PARTS.join(",")
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("compat-bench: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(bad) = only.iter().find(|p| !PARTS.contains(&p.as_str())) {
        eprintln!("compat-bench: unknown part `{bad}` (parts: {})", PARTS.join(", "));
        return ExitCode::from(2);
    }
    let out = out.unwrap_or_else(|| {
        if quick {
            root.join("target").join("compat-bench").join("BENCHMARKS.quick.md")
        } else {
            root.join("BENCHMARKS.md")
        }
    });
    let plan = Plan::new(quick);
    let env = Env {
        scratch: root.join("target").join("compat-bench"),
        bin_dir: std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_default(),
        rt: tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime"),
        root,
        not_built,
    };
    let _ = std::fs::create_dir_all(&env.scratch);

    let mut machine = machine::Machine::read(&env.root);
    machine.tools = tool_versions(&env);
    println!("compat-bench: {} on {} ({} cores, {:.0} GiB)", machine.date, machine.cpu, machine.cores, machine.ram_gib);
    let data = Data::build();
    print_data(&data, &plan);

    let wants = |part: &str| only.iter().any(|p| p == part);
    let mut report = report::Report::new(machine, plan.clone());
    if wants("core") {
        println!("\n== core (criterion medians)");
        report.core = Some(report::core(&env, &data));
    }
    if wants("e2e") {
        println!("\n== end-to-end listing");
        report.e2e = Some(e2e::run(&env, &plan, &data));
    }
    if wants("node") {
        println!("\n== Node addon vs pure JavaScript");
        report.node = Some(nodejs::run(&env, &plan, &data));
    }
    if wants("wasm") {
        println!("\n== WASM");
        report.wasm = Some(wasm::run(&env, &plan, &data));
    }
    if wants("memory") {
        println!("\n== memory while streaming");
        report.memory = Some(memory::run(&env, &plan, &data));
    }
    let text = report.markdown();
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(&out, &text) {
        Ok(()) => {
            println!("\nwrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("compat-bench: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn print_data(data: &Data, plan: &Plan) {
    let fixture_records: usize = data.fixtures.iter().map(|f| f.records).sum();
    let fixture_bytes: usize = data.fixtures.iter().map(|f| f.bytes.len()).sum();
    let dataset_bytes: usize = data.dataset.iter().map(|r| r.to_string().len()).sum();
    let listing_bytes: usize = data.listing.iter().map(|r| r.to_string().len()).sum();
    let compatible = data.verdicts.values().filter(|v| **v).count();
    println!(
        "data: {} fixture bodies ({fixture_records} records, {fixture_bytes} bytes); dataset {} records ({dataset_bytes} bytes)",
        data.fixtures.len(),
        data.dataset.len()
    );
    println!(
        "      listing {} records ({} bytes, {:.1} KB/record), {compatible} compatible ({:.0}%); {} compatible within the first {} records",
        data.listing.len(),
        listing_bytes,
        listing_bytes as f64 / data.listing.len().max(1) as f64 / 1000.0,
        100.0 * compatible as f64 / data.listing.len().max(1) as f64,
        plan.limit,
        data.records_for(plan.limit).map_or_else(|| "(never)".to_owned(), |n| n.to_string()),
    );
}

fn tool_versions(env: &Env) -> Vec<(String, String)> {
    let mut tools = Vec::new();
    let mut add = |name: &str, version: Option<String>| {
        tools.push((name.to_owned(), version.unwrap_or_else(|| "not installed".to_owned())));
    };
    add("rustc", run::output_of("rustc", &["--version"], &env.root));
    add("node", run::output_of("node", &["--version"], &env.root));
    let python = env.python();
    add("python (bench/.venv)", run::output_of(&python.display().to_string(), &["--version"], &env.root));
    add(
        "huggingface_hub (PyPI)",
        run::output_of(
            &python.display().to_string(),
            &["-c", "import huggingface_hub; print(huggingface_hub.__version__)"],
            &env.root,
        ),
    );
    add("@huggingface/hub (npm)", package_version(&env.node_modules().join("@huggingface").join("hub")));
    add("playwright-core (npm)", package_version(&env.node_modules().join("playwright-core")));
    add("chromium", run::output_of("chromium", &["--version"], &env.root));
    tools
}

/// `version` of the `package.json` in `dir`.
pub fn package_version(dir: &Path) -> Option<String> {
    let text = std::fs::read(dir.join("package.json")).ok()?;
    let value: Value = serde_json::from_slice(&text).ok()?;
    value.get("version")?.as_str().map(str::to_owned)
}

/// The median of `values` (the mean of the two middle ones for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 { v[mid] } else { (v[mid - 1] + v[mid]) / 2.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }
}
