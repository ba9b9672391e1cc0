//! `hf-stream ENDPOINT MARK...`: pages through a long listing with `list_page`, judging every
//! model and keeping none, and reports its own resident memory (`VmRSS` of
//! `/proc/self/status`) when the count of models read first reaches each MARK. Prints one
//! JSON line: `{"marks": [{"models", "rssKb", "hwmKb", "ms"}...], "models", "pages",
//! "compatible", "ms"}`.
//!
//! Run by `compat-bench` against the testkit server on 127.0.0.1 (latency 0).

use std::process::ExitCode;
use std::time::Instant;

use model_source::ModelSource;
use provider_huggingface::{HfQuery, HuggingFaceOptions, HuggingFaceSource};
use serde_json::json;

/// `VmRSS` and `VmHWM` (peak) of this process, in kB.
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((endpoint, marks)) = args.split_first() else {
        eprintln!("usage: hf-stream ENDPOINT MARK...");
        return ExitCode::from(2);
    };
    let mut marks: Vec<usize> = marks.iter().filter_map(|m| m.parse().ok()).collect();
    marks.sort_unstable();
    let hub =
        match HuggingFaceSource::new(HuggingFaceOptions { endpoint: Some(endpoint.clone()), ..Default::default() }) {
            Ok(hub) => hub,
            Err(e) => {
                eprintln!("hf-stream: {e}");
                return ExitCode::FAILURE;
            }
        };
    let query = HfQuery::text_generation();
    let started = Instant::now();
    let (mut models, mut pages, mut compatible) = (0usize, 0usize, 0usize);
    let mut reported = Vec::new();
    let mut next_mark = marks.iter().copied().peekable();
    let mut cursor: Option<String> = None;
    loop {
        let page = match hub.list_page(&query, cursor.as_deref()).await {
            Ok(page) => page,
            Err(e) => {
                eprintln!("hf-stream: page {}: {e}", pages + 1);
                return ExitCode::FAILURE;
            }
        };
        pages += 1;
        models += page.records.len();
        let catalog = compat_core::default_catalog();
        compatible += page.records.iter().filter(|r| compat_core::judge(&r.metadata, catalog, None).compatible).count();
        cursor = page.next;
        // The page (records, verdicts) is dropped here: nothing is kept.
        while next_mark.peek().is_some_and(|m| models >= *m) {
            let mark = next_mark.next().unwrap_or_default();
            let (rss, hwm) = memory_kb();
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            reported.push(json!({"mark": mark, "models": models, "rssKb": rss, "hwmKb": hwm, "ms": ms}));
        }
        if cursor.is_none() || next_mark.peek().is_none() {
            break;
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("{}", json!({"marks": reported, "models": models, "pages": pages, "compatible": compatible, "ms": ms}));
    ExitCode::SUCCESS
}
