//! `hf-list ENDPOINT LIMIT`: our Rust provider as a user calls it: the first LIMIT compatible
//! text-generation models, most downloaded first. Prints one JSON line:
//! `{"ms": <listing time>, "kept": [ids...], "pages": N, "scanned": N}`.
//!
//! Run by `compat-bench` under `/usr/bin/time -v` against the testkit server on 127.0.0.1.

use std::process::ExitCode;
use std::time::Instant;

use model_source::{CollectOptions, ModelSource};
use provider_huggingface::{HfQuery, HuggingFaceOptions, HuggingFaceSource};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, limit] = args.as_slice() else {
        eprintln!("usage: hf-list ENDPOINT LIMIT");
        return ExitCode::from(2);
    };
    let Ok(limit) = limit.parse::<usize>() else {
        eprintln!("LIMIT must be a number");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let hub =
        match HuggingFaceSource::new(HuggingFaceOptions { endpoint: Some(endpoint.clone()), ..Default::default() }) {
            Ok(hub) => hub,
            Err(e) => {
                eprintln!("hf-list: {e}");
                return ExitCode::FAILURE;
            }
        };
    let options = CollectOptions { limit, max_pages: 1000, compatible_only: true, start: None };
    match hub.collect(&HfQuery::text_generation(), &options, compat_core::default_catalog()).await {
        Ok(found) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let kept: Vec<&str> = found.entries.iter().map(|e| e.id()).collect();
            let line = serde_json::json!({"ms": ms, "kept": kept, "pages": found.pages, "scanned": found.scanned});
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hf-list: {e}");
            ExitCode::FAILURE
        }
    }
}
