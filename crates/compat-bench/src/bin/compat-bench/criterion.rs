//! Part 1: the medians criterion wrote under `target/criterion`.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One benchmark's median and what one iteration processed.
#[derive(Debug, Clone)]
pub struct Estimate {
    /// Median time of one iteration, in nanoseconds.
    pub median_ns: f64,
    /// `Elements` or `Bytes` per iteration, as the bench declared.
    pub elements: Option<u64>,
    pub bytes: Option<u64>,
}

impl Estimate {
    pub fn per_second(&self, n: u64) -> f64 {
        n as f64 / (self.median_ns / 1e9)
    }
}

/// `target/criterion` (or under `$CARGO_TARGET_DIR`).
pub fn criterion_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("criterion")
}

/// The estimate of `group`/`function` (the function as criterion names it, e.g.
/// `mixed corpus (5 models)`), found by the ids criterion records in `benchmark.json`.
pub fn estimate(dir: &Path, group: &str, function: &str) -> Option<Estimate> {
    let group_dir = dir.join(group);
    let entries = std::fs::read_dir(&group_dir).ok()?;
    for entry in entries.flatten() {
        let new = entry.path().join("new");
        let Some(info) = read_json(&new.join("benchmark.json")) else { continue };
        if info.get("function_id").and_then(Value::as_str) != Some(function) {
            continue;
        }
        let estimates = read_json(&new.join("estimates.json"))?;
        let median_ns = estimates.get("median")?.get("point_estimate")?.as_f64()?;
        let throughput = info.get("throughput");
        let elements = throughput.and_then(|t| t.get("Elements")).and_then(Value::as_u64);
        let bytes = throughput.and_then(|t| t.get("Bytes")).and_then(Value::as_u64);
        return Some(Estimate { median_ns, elements, bytes });
    }
    None
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}
