//! Part 2: "the first 100 compatible text-generation models", end to end, against the testkit
//! server replaying real-shaped pages with a per-request latency. Every client runs the same
//! way against a fresh server (so its request and byte counters start at zero).

use std::collections::HashSet;

use serde_json::Value;
use testkit::{Listing, ListingStyle, Scenario, Server};

use crate::nodejs;
use crate::run::{Measured, json_line};
use crate::{Data, Env, Plan, median};

/// One client of the comparison.
#[derive(Debug, Clone)]
pub struct Client {
    pub label: String,
    /// `ours` for our own clients (they keep only what our rules accept).
    pub ours: bool,
    pub program: String,
    pub args: Vec<String>,
    /// Why it cannot run here, if it cannot.
    pub missing: Option<String>,
}

/// The medians of one client's runs and what it returned.
#[derive(Debug, Clone)]
pub struct Summary {
    pub listing_ms: f64,
    pub process_ms: f64,
    pub rss_kb: Option<f64>,
    pub requests: usize,
    pub bytes: u64,
    pub runs: usize,
    pub kept: Vec<String>,
    /// Of `kept`, how many our rules find runnable.
    pub runnable: usize,
    /// Models our rules accept that the client passed over before its last kept one.
    pub missed: usize,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub client: Client,
    pub result: Result<Summary, String>,
}

/// Every client against one server latency.
#[derive(Debug, Clone)]
pub struct Table {
    pub latency_ms: u64,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct E2e {
    pub records: usize,
    pub compatible: usize,
    pub records_for_limit: Option<usize>,
    /// The plan's latency first, then none (what is left is the clients' own work).
    pub tables: Vec<Table>,
    /// The same listing judged on a device, at the plan's latency.
    pub fit: Result<FitSummary, String>,
}

/// The device the fit row judges on.
pub const FIT_PRESET: &str = "gpu-12gb";

/// "The first `limit` models that fit a 12 GB GPU": our Rust provider judging on a device
/// preset, reading each candidate's `config.json`.
#[derive(Debug, Clone)]
pub struct FitSummary {
    pub listing_ms: f64,
    pub process_ms: f64,
    pub runs: usize,
    /// Listing pages read, and the `config.json` reads beside them.
    pub pages: usize,
    pub config_requests: usize,
    pub requests: usize,
    pub kept: usize,
    pub scanned: usize,
    /// Records given a reference `config.json` (the rest have no family a reference covers).
    pub with_config: usize,
}

impl E2e {
    /// The table at the plan's latency.
    pub fn main(&self) -> Option<&Table> {
        self.tables.first()
    }
}

impl Table {
    /// Our Rust provider's result, the reference of the ratios.
    pub fn ours(&self) -> Option<&Summary> {
        self.rows.first().and_then(|r| r.result.as_ref().ok())
    }
}

pub fn scenario(data: &Data, plan: &Plan, latency_ms: u64) -> Scenario {
    Scenario::new().with_listing(
        Listing::new("/api/models", data.listing.clone(), plan.page_size, ListingStyle::HuggingFace)
            .latency(latency_ms),
    )
}

pub fn clients(env: &Env, plan: &Plan) -> Vec<Client> {
    let limit = plan.limit.to_string();
    let bench = env.root.join("bench");
    let node_modules = env.node_modules();
    let mut out = Vec::new();

    let hf_list = env.bin("hf-list");
    out.push(Client {
        label: "model-compat, Rust (`HuggingFaceSource::collect`)".into(),
        ours: true,
        program: hf_list.display().to_string(),
        args: vec!["{url}".into(), limit.clone()],
        missing: (!hf_list.is_file()).then(|| format!("{} not built", hf_list.display())),
    });

    out.push(Client {
        label: "model-compat, Node addon (`getCompatibleHuggingFaceModels`)".into(),
        ours: true,
        program: "node".into(),
        args: vec![bench.join("node-addon-list.mjs").display().to_string(), "{url}".into(), limit.clone()],
        missing: nodejs::addon_unusable(env),
    });

    let python = env.python();
    out.push(Client {
        label: "`huggingface_hub` (PyPI) `list_models` + Python filter".into(),
        ours: false,
        program: python.display().to_string(),
        args: vec![bench.join("hf_hub_list.py").display().to_string(), "{url}".into(), limit.clone()],
        missing: (!python.is_file()).then(|| "bench/.venv not installed (run `cargo xtask bench`)".to_owned()),
    });

    out.push(Client {
        label: "`@huggingface/hub` (npm) `listModels` + JavaScript filter".into(),
        ours: false,
        program: "node".into(),
        args: vec![bench.join("hfjs-list.mjs").display().to_string(), "{url}".into(), limit],
        missing: (!node_modules.join("@huggingface").join("hub").is_dir())
            .then(|| "bench/node_modules not installed (run `cargo xtask bench`)".to_owned()),
    });
    out
}

pub fn run(env: &Env, plan: &Plan, data: &Data) -> E2e {
    let mut tables = Vec::new();
    for latency_ms in [plan.latency_ms, 0] {
        println!("- latency {latency_ms} ms");
        tables.push(Table { latency_ms, rows: table(env, plan, data, latency_ms) });
    }
    println!("- on {FIT_PRESET}, latency {} ms", plan.latency_ms);
    let fit = measure_fit(env, plan, data);
    match &fit {
        Ok(f) => println!(
            "   listing {:.0} ms (median of {}), {} pages + {} config.json reads, {} kept of {} scanned",
            f.listing_ms, f.runs, f.pages, f.config_requests, f.kept, f.scanned
        ),
        Err(e) => println!("   {e}"),
    }
    E2e {
        records: data.listing.len(),
        compatible: data.verdicts.values().filter(|v| **v).count(),
        records_for_limit: data.records_for(plan.limit),
        tables,
        fit,
    }
}

/// The fit row: `hf-fit` against the listing with a `config.json` per model it can give one.
fn measure_fit(env: &Env, plan: &Plan, data: &Data) -> Result<FitSummary, String> {
    let program = env.bin("hf-fit");
    if !program.is_file() {
        return Err(format!("not built: {}", program.display()));
    }
    let (records, configs) = compat_bench::fit_listing(&data.listing);
    let scenario = || {
        let listing = Listing::new("/api/models", records.clone(), plan.page_size, ListingStyle::HuggingFace);
        let mut scenario = Scenario::new().with_listing(listing).latency(plan.latency_ms);
        for (id, config) in &configs {
            scenario =
                scenario.route(&format!("/{id}/resolve/main/config.json"), testkit::Response::json(config.clone()));
        }
        scenario
    };
    let runner = env.runner(Vec::new());
    let (mut listing, mut process) = (Vec::new(), Vec::new());
    let mut last = None;
    for i in 0..plan.warmups + plan.runs {
        let server = env.rt.block_on(Server::try_start(scenario())).map_err(|e| e.to_string())?;
        let url = server.base_url();
        let args = [url.clone(), plan.limit.to_string(), FIT_PRESET.to_owned()];
        let measured = runner.measure(&program.display().to_string(), &args);
        let requests = server.requests();
        env.rt.block_on(server.shutdown());
        let measured = measured?;
        let out = json_line(&measured.stdout)?;
        if i < plan.warmups {
            continue;
        }
        listing.push(out.get("ms").and_then(Value::as_f64).ok_or("no `ms` in hf-fit's output")?);
        process.push(measured.wall_ms);
        last = Some((out, requests));
    }
    let (out, requests) = last.ok_or("no measured run")?;
    let count = |key: &str| out.get(key).and_then(Value::as_u64).unwrap_or(0) as usize;
    let config_requests = requests.iter().filter(|r| r.path.ends_with("/config.json")).count();
    Ok(FitSummary {
        listing_ms: median(&listing).unwrap_or(f64::NAN),
        process_ms: median(&process).unwrap_or(f64::NAN),
        runs: listing.len(),
        pages: count("pages"),
        config_requests,
        requests: requests.len(),
        kept: out.get("kept").and_then(Value::as_array).map_or(0, Vec::len),
        scanned: count("scanned"),
        with_config: configs.len(),
    })
}

fn table(env: &Env, plan: &Plan, data: &Data, latency_ms: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for client in clients(env, plan) {
        println!("-- {}", client.label);
        let result = match &client.missing {
            Some(why) => Err(format!("not built: {why}")),
            None => measure(env, plan, data, &client, latency_ms),
        };
        match &result {
            Ok(s) => println!(
                "   listing {:.0} ms (median of {}), process {:.0} ms, RSS {}, {} requests, {} bytes, {}/{} runnable",
                s.listing_ms,
                s.runs,
                s.process_ms,
                s.rss_kb.map_or("n/a".to_owned(), |k| format!("{:.0} MB", k / 1024.0)),
                s.requests,
                s.bytes,
                s.runnable,
                s.kept.len()
            ),
            Err(e) => println!("   {e}"),
        }
        rows.push(Row { client, result });
    }
    rows
}

fn measure(env: &Env, plan: &Plan, data: &Data, client: &Client, latency_ms: u64) -> Result<Summary, String> {
    let runner = env.runner(Vec::new());
    let mut listing = Vec::new();
    let mut process = Vec::new();
    let mut rss = Vec::new();
    let mut last: Option<(Value, usize, u64)> = None;
    for i in 0..plan.warmups + plan.runs {
        let server = env.rt.block_on(Server::try_start(scenario(data, plan, latency_ms))).map_err(|e| e.to_string())?;
        let url = server.base_url();
        let args: Vec<String> = client.args.iter().map(|a| a.replace("{url}", &url)).collect();
        let mut runner = runner.clone();
        runner.env.push(("HF_ENDPOINT".into(), url.clone()));
        let measured: Result<Measured, String> = runner.measure(&client.program, &args);
        let (requests, bytes) = (server.request_count(), server.bytes_sent());
        env.rt.block_on(server.shutdown());
        let measured = measured?;
        let out = json_line(&measured.stdout)?;
        if i < plan.warmups {
            continue;
        }
        listing.push(out.get("ms").and_then(Value::as_f64).ok_or("no `ms` in the client's output")?);
        process.push(measured.wall_ms);
        if let Some(kb) = measured.max_rss_kb {
            rss.push(kb as f64);
        }
        last = Some((out, requests, bytes));
    }
    let (out, requests, bytes) = last.ok_or("no measured run")?;
    let kept: Vec<String> = out
        .get("kept")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let runnable = kept.iter().filter(|id| data.verdicts.get(id.as_str()).copied().unwrap_or(false)).count();
    let kept_set: HashSet<&str> = kept.iter().map(String::as_str).collect();
    let last = data.listing.iter().rposition(|r| kept_set.contains(Data::id(r))).map_or(0, |i| i + 1);
    let missed = data.listing[..last]
        .iter()
        .map(Data::id)
        .filter(|id| data.verdicts.get(*id).copied().unwrap_or(false) && !kept_set.contains(id))
        .count();
    Ok(Summary {
        listing_ms: median(&listing).unwrap_or(f64::NAN),
        process_ms: median(&process).unwrap_or(f64::NAN),
        rss_kb: median(&rss),
        requests,
        bytes,
        runs: listing.len(),
        kept,
        runnable,
        missed,
    })
}
