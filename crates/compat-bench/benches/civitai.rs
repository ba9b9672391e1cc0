//! CivitAI bodies, read the way `CivitaiSource` reads them: JSON into a `Value`, the records
//! out of it (tolerance rules, bad items kept aside), extraction, verdicts. Against the floor
//! of parsing the same bytes into a `Value` only.
//!
//! `cargo bench -p compat-bench --bench civitai`. The bodies are the recorded ones of
//! `../shared/fixtures/civitai` (models, list pages and versions), read in place.

use std::hint::black_box;

use compat_core::is_model_compatible;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use provider_civitai::{extract_model, extract_version, model_from_value, models_page_from_value, version_from_value};
use serde_json::Value;

/// The recorded bodies, each with how to read it.
fn bodies() -> Vec<(String, Vec<u8>)> {
    let dir = testkit::shared_fixtures("civitai");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            let readable =
                ["models-list_", "models-item_", "model_", "model-version_"].iter().any(|s| name.starts_with(s));
            readable.then(|| (name, std::fs::read(&p).expect("readable fixture")))
        })
        .collect();
    out.sort();
    out
}

/// Compatible models (or versions) in one body, so nothing is optimised away.
fn judge_body(name: &str, bytes: &[u8]) -> usize {
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else { return 0 };
    let compatible = |m: &compat_core::ModelMetadata| usize::from(is_model_compatible(m).compatible);
    if name.starts_with("models-list_") {
        models_page_from_value(value).map_or(0, |page| page.items.iter().map(|m| compatible(&extract_model(m))).sum())
    } else if name.starts_with("model-version_") {
        version_from_value(value).map_or(0, |v| compatible(&extract_version(&v, None)))
    } else {
        model_from_value(value).map_or(0, |m| compatible(&extract_model(&m)))
    }
}

fn bench(c: &mut Criterion) {
    let bodies = bodies();
    assert!(bodies.len() >= 8, "expected the CivitAI fixtures, found {}", bodies.len());
    let bytes: usize = bodies.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("civitai_fixtures");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("serde_value", |b| {
        b.iter(|| bodies.iter().filter(|(_, body)| serde_json::from_slice::<Value>(black_box(body)).is_ok()).count())
    });
    group.bench_function("parse_extract_judge", |b| {
        b.iter(|| bodies.iter().map(|(name, body)| judge_body(name, black_box(body))).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
