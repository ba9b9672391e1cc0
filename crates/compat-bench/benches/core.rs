//! Part 1 of `cargo xtask bench`: the core, without the network.
//!
//! - `verdicts/dataset`: `is_model_compatible` over the metadata of the 963 dataset records
//!   (extracted once, outside the measurement).
//! - `dataset/*` and `fixtures/*`: the same bytes read two ways: `serde_value`, plain
//!   `serde_json::from_slice::<Value>` (the floor for any JSON consumer), and
//!   `parse_extract_judge`, what a listing page costs us: parse the body, read every record
//!   leniently, extract its metadata and judge it against the default catalog.
//!
//! The dataset is served as compact pages of 50 records, as a listing would send them; the
//! fixtures are the recorded bodies, read in place. The driver (`compat-bench`) reads the
//! medians from `target/criterion/<group>/<function>/new/`.

use std::hint::black_box;

use compat_bench::{DATASET_PAGE_SIZE, Templates, dataset_entries, dataset_records, fixture_bodies, fixture_records};
use compat_core::is_model_compatible;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use provider_huggingface::{HfBody, HfModelRecord, extract_metadata, parse_body};
use serde_json::Value;

/// Parse, read, extract, judge: the count of compatible models (so nothing is optimised away).
fn judge_body(bytes: &[u8]) -> usize {
    match parse_body(bytes) {
        Ok(HfBody::Models(records)) => {
            records.iter().filter(|r| is_model_compatible(&extract_metadata(r)).compatible).count()
        }
        _ => 0,
    }
}

fn floor(bytes: &[u8]) -> usize {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => items.len(),
        Ok(_) => 1,
        Err(_) => 0,
    }
}

fn bench(c: &mut Criterion) {
    let fixtures = fixture_bodies();
    let templates = Templates::from_fixtures(&fixture_records(&fixtures));
    let records = dataset_records(&dataset_entries(), &templates);
    let pages = compat_bench::pages(&records, DATASET_PAGE_SIZE);
    let page_bytes: usize = pages.iter().map(Vec::len).sum();

    let metadata: Vec<_> = records.iter().map(|r| extract_metadata(&HfModelRecord::from_value(r))).collect();
    let mut group = c.benchmark_group("verdicts");
    group.throughput(Throughput::Elements(metadata.len() as u64));
    group.bench_function("dataset", |b| {
        b.iter(|| metadata.iter().filter(|m| black_box(is_model_compatible(m)).compatible).count())
    });
    group.finish();

    let mut group = c.benchmark_group("dataset");
    group.throughput(Throughput::Bytes(page_bytes as u64));
    group.bench_function("serde_value", |b| b.iter(|| pages.iter().map(|p| floor(black_box(p))).sum::<usize>()));
    group.bench_function("parse_extract_judge", |b| {
        b.iter(|| pages.iter().map(|p| judge_body(black_box(p))).sum::<usize>())
    });
    group.finish();

    let fixture_bytes: usize = fixtures.iter().map(|f| f.bytes.len()).sum();
    let mut group = c.benchmark_group("fixtures");
    group.throughput(Throughput::Bytes(fixture_bytes as u64));
    group.bench_function("serde_value", |b| {
        b.iter(|| fixtures.iter().map(|f| floor(black_box(&f.bytes))).sum::<usize>())
    });
    group.bench_function("parse_extract_judge", |b| {
        b.iter(|| fixtures.iter().map(|f| judge_body(black_box(&f.bytes))).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
