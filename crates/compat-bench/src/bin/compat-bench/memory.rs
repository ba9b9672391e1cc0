//! Part 5: resident memory while streaming a long listing (100,000 models from real record
//! templates, latency 0), read by the client itself at 1k, 10k and 100k models.

use serde_json::Value;
use testkit::{Listing, ListingStyle, Scenario, Server};

use crate::run::json_line;
use crate::{Data, Env, Plan};

#[derive(Debug, Clone)]
pub struct Mark {
    pub models: usize,
    pub rss_kb: u64,
    pub hwm_kb: u64,
    pub ms: f64,
}

#[derive(Debug, Clone)]
pub struct MemoryResult {
    pub marks: Vec<Mark>,
    pub pages: usize,
    pub page_size: usize,
    pub compatible: usize,
    pub bytes: u64,
    pub max_rss_kb: Option<u64>,
}

pub fn run(env: &Env, plan: &Plan, data: &Data) -> Result<MemoryResult, String> {
    let hf_stream = env.bin("hf-stream");
    if !hf_stream.is_file() {
        return Err(format!("not built: {}", hf_stream.display()));
    }
    let total = plan.stream_marks.iter().copied().max().unwrap_or(0);
    let records = compat_bench::synthetic_records(&data.listing, total);
    let scenario = Scenario::new().with_listing(Listing::new(
        "/api/models",
        records,
        plan.stream_page_size,
        ListingStyle::HuggingFace,
    ));
    let server = env.rt.block_on(Server::try_start(scenario)).map_err(|e| e.to_string())?;
    let mut args = vec![server.base_url()];
    args.extend(plan.stream_marks.iter().map(usize::to_string));
    let measured = env.runner(Vec::new()).measure(&hf_stream.display().to_string(), &args);
    let bytes = server.bytes_sent();
    env.rt.block_on(server.shutdown());
    let measured = measured?;
    let out = json_line(&measured.stdout)?;
    let marks: Vec<Mark> = out
        .get("marks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| Mark {
            models: m["models"].as_u64().unwrap_or(0) as usize,
            rss_kb: m["rssKb"].as_u64().unwrap_or(0),
            hwm_kb: m["hwmKb"].as_u64().unwrap_or(0),
            ms: m["ms"].as_f64().unwrap_or(0.0),
        })
        .collect();
    for m in &marks {
        println!(
            "   {:>7} models: RSS {:.1} MB (peak {:.1} MB) after {:.1} s",
            m.models,
            m.rss_kb as f64 / 1024.0,
            m.hwm_kb as f64 / 1024.0,
            m.ms / 1000.0
        );
    }
    Ok(MemoryResult {
        marks,
        pages: out["pages"].as_u64().unwrap_or(0) as usize,
        page_size: plan.stream_page_size,
        compatible: out["compatible"].as_u64().unwrap_or(0) as usize,
        bytes,
        max_rss_kb: measured.max_rss_kb,
    })
}
