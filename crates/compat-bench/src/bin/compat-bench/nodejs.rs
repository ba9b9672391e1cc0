//! Part 3: the Node addon's `filterCompatibleModels` over 10,000 models, against a pure
//! JavaScript port of the main rules (`bench/js-rules.mjs`) over the same objects; the other
//! ways in (the yes/no `filterCompatibleIndices`, a `prepareModels` set); and a server-side
//! listing through `createClient({ cache })`, called again.

use std::path::Path;

use serde_json::Value;

use crate::run::json_line;
use crate::{Data, Env, Plan};

/// Why the addon in `dir` cannot be loaded, or `None` when it is built.
pub fn addon_missing(dir: &Path) -> Option<String> {
    if !dir.join("package.json").is_file() {
        return Some(format!("{} does not exist", dir.display()));
    }
    let built = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().any(|e| e.path().extension().is_some_and(|x| x == "node")))
        .unwrap_or(false);
    if !built {
        return Some("bindings/node has no built `.node` addon (`npm run build` there)".to_owned());
    }
    None
}

#[derive(Debug, Clone)]
pub struct NodeResult {
    pub records: usize,
    pub repeats: usize,
    pub addon_ms: f64,
    pub js_ms: f64,
    pub addon_kept: usize,
    pub js_kept: usize,
    /// Models on which the two verdicts (compatible or not) agree.
    pub agree: usize,
    /// Metadata objects built once, outside the timings (`extractHuggingFaceMetadata`).
    pub extract_ms: f64,
    pub disagreements: Vec<String>,
    /// How many of the models they disagree on state no architecture (the port reads none
    /// from names).
    pub unstated_architecture: usize,
    /// The addon's call in three steps: `JSON.stringify` of the models, the native call
    /// (JSON text in, JSON text out), `JSON.parse` of the result; and the texts' sizes.
    pub breakdown: Option<Breakdown>,
    /// The other ways in; `None` for an addon without them.
    pub paths: Option<Paths>,
    /// The cached server-side call.
    pub cached: Result<Cached, String>,
}

/// Medians of the other ways in, over the same models.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `filterCompatibleIndices(models)`: the yes/no, the models as JSON.
    pub indices_ms: f64,
    /// `prepareModels(models)`: reading the models once into a set.
    pub prepare_ms: f64,
    /// `filterCompatibleModels(set)`: full verdicts over a prepared set.
    pub set_ms: f64,
    /// `filterCompatibleIndices(set)`: the yes/no over a prepared set.
    pub set_indices_ms: f64,
    /// Every way in kept the same models as `filterCompatibleModels(models)`.
    pub agree: bool,
}

/// `getCompatibleHuggingFaceModels` through `createClient({ cache })`: the end-to-end listing of
/// part 2, once, then again from memory.
#[derive(Debug, Clone)]
pub struct Cached {
    pub limit: usize,
    pub latency_ms: u64,
    pub first_ms: f64,
    /// Median of the calls after the first.
    pub again_ms: f64,
    pub again_max_ms: f64,
    pub repeats: usize,
    /// Requests the server received, all calls together.
    pub requests: usize,
    pub kept: usize,
    /// Every call returned the same models.
    pub same: bool,
}

#[derive(Debug, Clone)]
pub struct Breakdown {
    pub stringify_ms: f64,
    pub native_ms: f64,
    pub parse_ms: f64,
    pub in_bytes: u64,
    pub out_bytes: u64,
}

/// [`addon_missing`], or what xtask said about the build.
pub fn addon_unusable(env: &Env) -> Option<String> {
    env.not_built("node").or_else(|| addon_missing(&env.root.join("bindings").join("node")))
}

pub fn run(env: &Env, plan: &Plan, data: &Data) -> Result<NodeResult, String> {
    let addon = env.root.join("bindings").join("node");
    if let Some(why) = addon_unusable(env) {
        println!("   not built: {why}");
        return Err(format!("not built: {why}"));
    }
    let records = compat_bench::synthetic_records(&data.listing, plan.node_records);
    let file = env.scratch.join("node-records.json");
    std::fs::write(&file, serde_json::to_vec(&records).map_err(|e| e.to_string())?)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let runner = env.runner(vec![("MODEL_COMPAT_NODE".into(), addon.display().to_string())]);
    let script = env.root.join("bench").join("node-addon-filter.mjs");
    let measured = runner
        .measure("node", &[script.display().to_string(), file.display().to_string(), plan.node_repeats.to_string()])?;
    let out = json_line(&measured.stdout)?;
    let f = |k: &str| out.get(k).and_then(Value::as_f64).ok_or_else(|| format!("no `{k}` in the output"));
    let u = |k: &str| out.get(k).and_then(Value::as_u64).map(|n| n as usize).ok_or_else(|| format!("no `{k}`"));
    let result = NodeResult {
        records: u("records")?,
        repeats: u("repeats")?,
        addon_ms: f("addonMs")?,
        js_ms: f("jsMs")?,
        addon_kept: u("addonKept")?,
        js_kept: u("jsKept")?,
        agree: u("agree")?,
        extract_ms: f("extractMs")?,
        unstated_architecture: u("unstatedArchitecture").unwrap_or(0),
        disagreements: out
            .get("disagreements")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        breakdown: out.get("breakdown").filter(|b| b.is_object()).map(|b| Breakdown {
            stringify_ms: b["stringifyMs"].as_f64().unwrap_or(f64::NAN),
            native_ms: b["nativeMs"].as_f64().unwrap_or(f64::NAN),
            parse_ms: b["parseMs"].as_f64().unwrap_or(f64::NAN),
            in_bytes: b["inBytes"].as_u64().unwrap_or(0),
            out_bytes: b["outBytes"].as_u64().unwrap_or(0),
        }),
        paths: out.get("paths").filter(|p| p.is_object()).map(|p| Paths {
            indices_ms: p["indicesMs"].as_f64().unwrap_or(f64::NAN),
            prepare_ms: p["prepareMs"].as_f64().unwrap_or(f64::NAN),
            set_ms: p["setMs"].as_f64().unwrap_or(f64::NAN),
            set_indices_ms: p["setIndicesMs"].as_f64().unwrap_or(f64::NAN),
            agree: p["indicesAgree"].as_bool().unwrap_or(false),
        }),
        cached: cached(env, plan, data),
    };
    println!(
        "   addon {:.1} ms, JavaScript {:.1} ms over {} models (kept {} / {}; verdicts agree on {})",
        result.addon_ms, result.js_ms, result.records, result.addon_kept, result.js_kept, result.agree
    );
    if let Some(p) = &result.paths {
        println!(
            "   indices {:.1} ms; prepare {:.1} ms, then set {:.1} ms, set indices {:.1} ms (same models: {})",
            p.indices_ms, p.prepare_ms, p.set_ms, p.set_indices_ms, p.agree
        );
    }
    match &result.cached {
        Ok(c) => println!(
            "   cached listing: first {:.1} ms, again {:.2} ms (median of {}), {} requests",
            c.first_ms, c.again_ms, c.repeats, c.requests
        ),
        Err(e) => println!("   cached listing: {e}"),
    }
    Ok(result)
}

/// The end-to-end listing (part 2's server, at the plan's latency) through a client with a
/// cache: the first call, then the same call `node_repeats` times.
fn cached(env: &Env, plan: &Plan, data: &Data) -> Result<Cached, String> {
    let addon = env.root.join("bindings").join("node");
    let server = env
        .rt
        .block_on(testkit::Server::try_start(crate::e2e::scenario(data, plan, plan.latency_ms)))
        .map_err(|e| e.to_string())?;
    let runner = env.runner(vec![("MODEL_COMPAT_NODE".into(), addon.display().to_string())]);
    let script = env.root.join("bench").join("node-addon-cached.mjs");
    let measured = runner.measure(
        "node",
        &[script.display().to_string(), server.base_url(), plan.limit.to_string(), plan.node_repeats.to_string()],
    );
    let requests = server.request_count();
    env.rt.block_on(server.shutdown());
    let out = json_line(&measured?.stdout)?;
    let again: Vec<f64> =
        out.get("againMs").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_f64).collect();
    Ok(Cached {
        limit: plan.limit,
        latency_ms: plan.latency_ms,
        first_ms: out.get("firstMs").and_then(Value::as_f64).ok_or("no `firstMs` in the output")?,
        again_ms: crate::median(&again).ok_or("no `againMs` in the output")?,
        again_max_ms: again.iter().copied().fold(f64::NAN, f64::max),
        repeats: again.len(),
        requests,
        kept: out.get("kept").and_then(Value::as_u64).unwrap_or(0) as usize,
        same: out.get("same").and_then(Value::as_bool).unwrap_or(false),
    })
}
