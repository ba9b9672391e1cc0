//! Part 4: the WASM package: bundle size (raw and gzipped), instantiate time in Node, and one
//! call in headless Chromium. Runs only when `bindings/wasm/pkg` has been built.

use std::path::{Path, PathBuf};

use serde_json::Value;
use testkit::{Listing, ListingStyle, Scenario, Server};

use crate::run::json_line;
use crate::{Data, Env, Plan, median};

/// The module file wasm-bindgen writes for the crate `model-compat-wasm`.
const MODULE: &str = "model_compat_wasm";

#[derive(Debug, Clone)]
pub struct Size {
    pub label: String,
    pub raw: u64,
    pub gzip: u64,
}

#[derive(Debug, Clone)]
pub struct Browser {
    pub version: String,
    pub import_ms: f64,
    pub init_ms: f64,
    pub sync_call_ms: f64,
    pub listing_ms: f64,
    /// The same call again, warm, against the listing without latency.
    pub warm_no_latency_ms: Option<f64>,
    pub kept: usize,
    pub runnable: usize,
    pub requests: usize,
}

#[derive(Debug, Clone)]
pub struct WasmResult {
    pub sizes: Vec<Size>,
    /// `require` of the nodejs build in a fresh process (read + compile + instantiate).
    pub require_ms: Option<f64>,
    pub first_call_ms: Option<f64>,
    pub instantiate_runs: usize,
    /// `filterCompatibleModels` over the part-3 models: (models, median ms, kept).
    pub filter: Option<(usize, f64, usize)>,
    pub browser: Result<Browser, String>,
    pub latency_ms: u64,
}

/// Where the built package is, or why it is not there.
fn pkg(root: &Path) -> Result<PathBuf, String> {
    let pkg = root.join("bindings").join("wasm").join("pkg");
    let need = [pkg.join("web").join(format!("{MODULE}_bg.wasm")), pkg.join("nodejs").join(format!("{MODULE}.js"))];
    match need.iter().find(|p| !p.is_file()) {
        None => Ok(pkg),
        Some(missing) => Err(format!("not built: {} is missing (bindings/wasm builds it)", missing.display())),
    }
}

pub fn run(env: &Env, plan: &Plan, data: &Data) -> Result<WasmResult, String> {
    if let Some(why) = env.not_built("wasm") {
        println!("   not built: {why}");
        return Err(format!("not built: {why}"));
    }
    let pkg = pkg(&env.root).inspect_err(|e| println!("   {e}"))?;
    let bench = env.root.join("bench");
    let script = bench.join("wasm-node.mjs").display().to_string();
    let runner = env.runner(Vec::new());

    // Sizes of the .wasm a browser downloads (web build), full and pure.
    let mut files = vec![("full (`pkg/web`)".to_owned(), pkg.join("web").join(format!("{MODULE}_bg.wasm")))];
    let pure = pkg.join("pure").join("web").join(format!("{MODULE}_bg.wasm"));
    if pure.is_file() {
        files.push(("pure, sync functions only (`pkg/pure/web`)".to_owned(), pure));
    }
    let glue = pkg.join("web").join(format!("{MODULE}.js"));
    files.push(("JavaScript glue of the full web build".to_owned(), glue));
    let mut args = vec!["sizes".to_owned()];
    args.extend(files.iter().map(|(_, p)| p.display().to_string()));
    let out = runner.measure("node", &[vec![script.clone()], args].concat())?;
    let listed: Vec<Value> = serde_json::from_str(out.stdout.trim()).map_err(|e| format!("sizes: {e}"))?;
    let sizes: Vec<Size> = files
        .iter()
        .zip(&listed)
        .map(|((label, _), v)| Size {
            label: label.clone(),
            raw: v["raw"].as_u64().unwrap_or(0),
            gzip: v["gzip"].as_u64().unwrap_or(0),
        })
        .collect();
    for s in &sizes {
        println!("   {}: {} bytes, {} gzipped", s.label, s.raw, s.gzip);
    }

    // Instantiate in fresh Node processes.
    let record = env.scratch.join("wasm-record.json");
    let first = data.listing.first().ok_or("no listing records")?;
    std::fs::write(&record, first.to_string()).map_err(|e| e.to_string())?;
    let entry = pkg.join("nodejs").join(format!("{MODULE}.js")).display().to_string();
    let (mut require, mut first_call) = (Vec::new(), Vec::new());
    for _ in 0..plan.wasm_repeats {
        let out = runner
            .measure("node", &[script.clone(), "instantiate".into(), entry.clone(), record.display().to_string()])?;
        let v = json_line(&out.stdout)?;
        require.extend(v["requireMs"].as_f64());
        first_call.extend(v["firstCallMs"].as_f64());
    }
    println!(
        "   nodejs build: require (compile + instantiate) {:.1} ms, first call {:.2} ms",
        median(&require).unwrap_or(f64::NAN),
        median(&first_call).unwrap_or(f64::NAN)
    );

    // The part-3 filter, in WASM.
    let records = env.scratch.join("node-records.json");
    if !records.is_file() {
        let synthetic = compat_bench::synthetic_records(&data.listing, plan.node_records);
        std::fs::write(&records, serde_json::to_vec(&synthetic).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    }
    let filter = runner
        .measure(
            "node",
            &[script, "filter".into(), entry, records.display().to_string(), plan.node_repeats.to_string()],
        )
        .and_then(|out| json_line(&out.stdout))
        .ok()
        .and_then(|v| Some((v["records"].as_u64()? as usize, v["ms"].as_f64()?, v["kept"].as_u64()? as usize)));

    let browser = browser(env, plan, data, &pkg, &record);
    match &browser {
        Ok(b) => println!(
            "   Chromium {}: import {:.1} ms, init {:.1} ms, sync call {:.2} ms, listing {:.0} ms ({} requests)",
            b.version, b.import_ms, b.init_ms, b.sync_call_ms, b.listing_ms, b.requests
        ),
        Err(e) => println!("   browser: {e}"),
    }
    Ok(WasmResult {
        sizes,
        require_ms: median(&require),
        first_call_ms: median(&first_call),
        instantiate_runs: require.len(),
        filter,
        browser,
        latency_ms: plan.latency_ms,
    })
}

/// One page load in headless Chromium, against a server holding the page, the module and the
/// end-to-end listing (same latency as part 2).
fn browser(env: &Env, plan: &Plan, data: &Data, pkg: &Path, record: &Path) -> Result<Browser, String> {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).is_file() {
        return Err(format!("no browser: {chromium} is not installed (`apt-get install chromium`)"));
    }
    if !env.node_modules().join("playwright-core").is_dir() {
        return Err("no browser driver: bench/node_modules/playwright-core is not installed".to_owned());
    }
    let data_dir = record.parent().ok_or("no scratch dir")?.join("web-data");
    std::fs::create_dir_all(&data_dir).map_err(|e| e.to_string())?;
    std::fs::copy(record, data_dir.join("record.json")).map_err(|e| e.to_string())?;
    let scenario = Scenario::new()
        .with_listing(
            Listing::new("/api/models", data.listing.clone(), plan.page_size, ListingStyle::HuggingFace)
                .latency(plan.latency_ms),
        )
        .with_listing(Listing::new("/fast/api/models", data.listing.clone(), plan.page_size, ListingStyle::HuggingFace))
        .static_dir("/module/", pkg.join("web"))
        .static_dir("/bench/", env.root.join("bench").join("web"))
        .static_dir("/data/", data_dir);
    let server = env.rt.block_on(Server::try_start(scenario)).map_err(|e| e.to_string())?;
    let url = server.base_url();
    let script = env.root.join("bench").join("wasm-browser.mjs").display().to_string();
    let measured = env.runner(Vec::new()).measure("node", &[script, url]);
    // Only the listing's requests: the page, the module and the record are static files.
    let requests = server.requests().iter().filter(|r| r.path == "/api/models").count();
    env.rt.block_on(server.shutdown());
    let v = json_line(&measured?.stdout)?;
    if let Some(e) = v.get("error").and_then(Value::as_str) {
        return Err(format!("the page failed: {e}"));
    }
    let kept: Vec<&str> = v["kept"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    Ok(Browser {
        version: v["browser"].as_str().unwrap_or("chromium").to_owned(),
        import_ms: f("importMs"),
        init_ms: f("initMs"),
        sync_call_ms: f("syncCallMs"),
        listing_ms: f("listingMs"),
        warm_no_latency_ms: v["warmNoLatencyMs"].as_f64(),
        runnable: kept.iter().filter(|id| data.verdicts.get(**id).copied().unwrap_or(false)).count(),
        kept: kept.len(),
        requests,
    })
}
