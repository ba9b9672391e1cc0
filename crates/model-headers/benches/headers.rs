//! Header parsing on a header of real shape: gguf-py's GGUFWriter wrote it (tests/gen/
//! make_headers.py, `big-header-Q4_K_M.gguf`: a 151,936-token vocabulary, 150,000 merges, token
//! types, 3,000 tensor infos; about 8 MB of header). `cargo xtask bench` generates it and compares
//! these medians with gguf-py's GGUFReader and @huggingface/gguf on the same file.

use std::io::Read;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use model_headers::{HeaderError, Limits, read_header};

const BIG: &str = "big-header-Q4_K_M.gguf";

fn data_dir() -> PathBuf {
    let dir = match std::env::var_os("MODEL_HEADERS_DATA") {
        Some(dir) => PathBuf::from(dir),
        // <target>/release/deps/<bench binary>
        None => std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("header-data"),
    };
    assert!(dir.join(BIG).is_file(), "{} missing: run `cargo xtask test header-data`", dir.join(BIG).display());
    dir
}

/// What `model-compat inspect` does: read 256 KiB, then grow while the reader asks.
fn read_from_file(path: &PathBuf) -> model_headers::HeaderFacts {
    let mut file = std::fs::File::open(path).unwrap();
    let mut buf = Vec::new();
    let mut want = model_headers::FIRST_READ;
    loop {
        let more = want - buf.len() as u64;
        (&mut file).take(more).read_to_end(&mut buf).unwrap();
        match read_header(&buf, &Limits::default()) {
            Ok(facts) => return facts,
            Err(HeaderError::NeedMoreBytes { need, .. }) => want = need.max(want * 2),
            Err(e) => panic!("{e}"),
        }
    }
}

fn bench(c: &mut Criterion) {
    let path = data_dir().join(BIG);
    let bytes = std::fs::read(&path).unwrap();
    let facts = read_header(&bytes, &Limits::default()).unwrap();
    assert_eq!((facts.tensor_count, facts.vocab_size), (3000, Some(151_936)));
    let mut group = c.benchmark_group("gguf_header");
    group.throughput(Throughput::Bytes(facts.header_bytes));
    group.bench_function("facts_from_bytes", |b| {
        b.iter(|| read_header(std::hint::black_box(&bytes), &Limits::default()).unwrap())
    });
    group.bench_function("facts_from_file", |b| b.iter(|| read_from_file(&path)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
