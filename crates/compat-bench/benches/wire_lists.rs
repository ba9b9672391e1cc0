//! 100k-entry lists from the wire (issue 16): shard groups, commercial-use entries, weight
//! formats. Each body read once per iteration: parse, extract, judge. Linear code reads one
//! in tens of milliseconds; the quadratic code it replaced took 26 to 32 s.
//!
//! `cargo bench -p compat-bench --bench wire_lists` (part of `cargo xtask bench`).

use std::hint::black_box;
use std::time::Duration;

use compat_bench::wire_lists::bodies;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn wire_lists(c: &mut Criterion) {
    let mut group = c.benchmark_group("wire_lists");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for body in bodies() {
        group.throughput(Throughput::Bytes(body.bytes.len() as u64));
        group.bench_function(body.name, |b| b.iter(|| black_box(body.read())));
    }
    group.finish();
}

criterion_group!(benches, wire_lists);
criterion_main!(benches);
