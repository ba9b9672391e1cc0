//! Compiles the sourced data files into what the library needs of them. `bpw.json` and
//! `devices.json` stay the data, with their sources beside each number; the library (and the
//! WASM module, whose 200,000 B gzipped budget this is for) carries only the numbers: the
//! bits-per-weight table as a Rust array, the presets as JSON without the `_about` and
//! `_source` notes or whitespace.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo::rerun-if-changed=src/memory/bpw.json");
    println!("cargo::rerun-if-changed=src/devices.json");

    let bpw = read("src/memory/bpw.json");
    let mut rows = String::from("&[\n");
    for row in bpw["quants"].as_array().expect("bpw.json lists `quants`") {
        let label = row["label"].as_str().expect("a row's `label`");
        let bits = row["bitsPerWeight"].as_f64().expect("a row's `bitsPerWeight`");
        let kind = row["kind"].as_str().expect("a row's `kind`");
        assert!(row["source"].as_str().is_some_and(|s| !s.is_empty()), "bpw.json: {label} has no `source`");
        assert!(label.len() <= 16 && label.is_ascii(), "bpw.json: {label} does not pack into 16 bytes");
        // Labels packed as the look-up packs them (ASCII upper case, big-endian u128), and
        // thousandths of a bit: judging compares integers.
        let mut packed = [0u8; 16];
        for (slot, byte) in packed.iter_mut().zip(label.bytes()) {
            *slot = byte.to_ascii_uppercase();
        }
        let key = u128::from_be_bytes(packed);
        let milli = (bits * 1000.0).round() as u64;
        writeln!(
            rows,
            "    QuantRow {{ key: {key}, milli: {milli}, bits: QuantBits {{ label: {label:?}, bits_per_weight: {bits:?}, kind: {kind:?} }} }},"
        )
        .unwrap();
    }
    rows.push(']');
    std::fs::write(Path::new(&out).join("bpw_table.rs"), rows).unwrap();

    let mut devices = read("src/devices.json");
    drop_notes(&mut devices);
    std::fs::write(Path::new(&out).join("devices.min.json"), serde_json::to_vec(&devices).unwrap()).unwrap();
}

fn read(path: &str) -> Value {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Removes the keys that are notes for people (`_about`, `_source`), at any depth.
fn drop_notes(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| !key.starts_with('_'));
            map.values_mut().for_each(drop_notes);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_notes),
        _ => {}
    }
}
