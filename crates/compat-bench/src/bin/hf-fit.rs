//! `hf-fit ENDPOINT LIMIT PRESET`: the first LIMIT text-generation models that fit all on the
//! GPU of a device preset, most downloaded first: our Rust provider judging on a device, which
//! reads each candidate's `config.json` (concurrently, bounded) for its dimensions. Prints one
//! JSON line: `{"ms": <listing time>, "kept": [ids...], "pages": N, "scanned": N}`.

use std::process::ExitCode;
use std::time::Instant;

use compat_core::{FitFilter, device_preset};
use model_source::{CollectOptions, ModelSource, OnDevice};
use provider_huggingface::{HfQuery, HuggingFaceOptions, HuggingFaceSource};

/// Concurrent `config.json` reads per page.
const CONCURRENCY: usize = 8;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, limit, preset] = args.as_slice() else {
        eprintln!("usage: hf-fit ENDPOINT LIMIT PRESET");
        return ExitCode::from(2);
    };
    let (Ok(limit), Ok(device)) = (limit.parse::<usize>(), device_preset(preset)) else {
        eprintln!("LIMIT must be a number and PRESET a device preset");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let hub = match HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(endpoint.clone()),
        enrich_listings: true,
        enrich_concurrency: CONCURRENCY,
        memory_facts: true,
        ..Default::default()
    }) {
        Ok(hub) => hub,
        Err(e) => {
            eprintln!("hf-fit: {e}");
            return ExitCode::FAILURE;
        }
    };
    let judge = OnDevice { catalog: compat_core::default_catalog(), device: Some(device), fit: Some(FitFilter::Gpu) };
    let options = CollectOptions { limit, max_pages: 1000, compatible_only: true, start: None };
    match hub.collect(&HfQuery::text_generation(), &options, &judge).await {
        Ok(found) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let kept: Vec<&str> = found.entries.iter().map(|e| e.id()).collect();
            let line = serde_json::json!({"ms": ms, "kept": kept, "pages": found.pages, "scanned": found.scanned});
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hf-fit: {e}");
            ExitCode::FAILURE
        }
    }
}
