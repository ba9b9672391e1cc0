//! Weight bytes: exact when the listing or the files say so, else estimated from the
//! parameter count and the quant's bits per weight.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// How many bytes the weights take in memory, and how that was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Weights {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// `true` when computed from parameters × bits per weight, not counted.
    pub estimated: bool,
    /// Where the number comes from, for people (`3 file sizes`, `8030261248 parameters × 4.899 bpw (Q4_K_M)`).
    pub basis: String,
}

/// One row of the bits-per-weight table (`bpw.json`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuantBits {
    pub label: String,
    pub bits_per_weight: f64,
    /// `file-average` (a whole GGUF file) or `tensor-type` (the type alone, a lower bound).
    pub kind: String,
    pub source: String,
}

#[derive(Deserialize)]
struct Table {
    quants: Vec<QuantBits>,
}

const BPW_JSON: &str = include_str!("bpw.json");

/// The table, in file order.
pub fn bits_per_weight_table() -> &'static [QuantBits] {
    static TABLE: OnceLock<Vec<QuantBits>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Compiled in and covered by tests; failing here is a build defect.
        let table: Table = serde_json::from_slice(BPW_JSON.as_bytes()).expect("bpw.json is valid");
        table.quants
    })
}

/// The table row of a quant label (`Q4_K_M`, `q8_0`, `BF16`). Unsloth's dynamic `_XL`
/// layouts keep more tensors at higher precision than the plain label, so they have no row.
pub fn bits_per_weight(label: &str) -> Option<&'static QuantBits> {
    let table = bits_per_weight_table();
    by_label()
        .binary_search_by(|&(row, _)| cmp_upper(&table[row].label, label.trim()))
        .ok()
        .map(|i| &table[by_label()[i].0])
}

/// Thousandths of a bit per weight of a quant label: [`bits_per_weight`] as an integer, so
/// that judging every file of a repository is a table look-up and a multiplication.
pub(crate) fn milli_bits(label: &str) -> Option<u64> {
    let index = by_label();
    index
        .binary_search_by(|&(row, _)| cmp_upper(&bits_per_weight_table()[row].label, label.trim()))
        .ok()
        .map(|i| index[i].1)
}

/// Row numbers of the table sorted by upper-case label, with each row's milli-bits.
fn by_label() -> &'static [(usize, u64)] {
    static INDEX: OnceLock<Vec<(usize, u64)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let table = bits_per_weight_table();
        let mut index: Vec<(usize, u64)> =
            table.iter().enumerate().map(|(i, q)| (i, (q.bits_per_weight * 1000.0).round() as u64)).collect();
        index.sort_by(|a, b| cmp_upper(&table[a.0].label, &table[b.0].label));
        index
    })
}

/// `a` against `b`, ASCII case ignored (no allocation).
fn cmp_upper(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().map(|c| c.to_ascii_uppercase()).cmp(b.bytes().map(|c| c.to_ascii_uppercase()))
}

/// `4.899`, `16`: thousandths written without float formatting (which the WASM module
/// would otherwise carry for this one number).
pub(crate) fn milli_text(milli: u64) -> String {
    let text = format!("{}.{:03}", milli / 1000, milli % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Weights {
    /// Sums file sizes (every shard of a split file). Saturates rather than wrapping.
    pub fn from_file_sizes(sizes: impl IntoIterator<Item = u64>) -> Self {
        let (count, sum) = sizes
            .into_iter()
            .fold((0u32, Some(0u64)), |(n, sum), s| (n.saturating_add(1), sum.and_then(|sum| sum.checked_add(s))));
        let plural = if count == 1 { "" } else { "s" };
        match sum {
            Some(bytes) => Self { bytes, estimated: false, basis: format!("{count} file size{plural}") },
            // No device holds 2^64 bytes: saturated, the verdict is "does not fit", and the
            // basis says the sizes were not believable.
            None => Self {
                bytes: u64::MAX,
                estimated: false,
                basis: format!("{count} file size{plural}, adding up past 2^64 bytes (saturated)"),
            },
        }
    }

    /// The Hub's `safetensors.parameters` (element count per dtype, packed counts for
    /// GPTQ/AWQ) times each dtype's element size. `None` when a dtype is unknown.
    pub fn from_safetensors_parameters(parameters: &BTreeMap<String, u64>) -> Option<Self> {
        let mut bytes = Some(0u64);
        for (dtype, count) in parameters {
            let dtype_bytes = count.checked_mul(safetensors_dtype_bytes(dtype)?);
            bytes = bytes.zip(dtype_bytes).and_then(|(sum, b)| sum.checked_add(b));
        }
        let basis = "safetensors parameters per dtype";
        Some(match bytes {
            Some(bytes) => Self { bytes, estimated: false, basis: basis.to_owned() },
            None => Self {
                bytes: u64::MAX,
                estimated: false,
                basis: format!("{basis}, adding up past 2^64 bytes (saturated)"),
            },
        })
    }

    /// `parameters` × the quant's bits per weight, marked estimated. `None` when the
    /// quant has no row in the table.
    pub fn from_parameters(parameters: u64, quant: &str) -> Option<Self> {
        let row = bits_per_weight(quant)?;
        let milli = milli_bits(quant)?;
        Some(Self {
            bytes: bytes_at(parameters, milli),
            estimated: true,
            basis: format!("{parameters} parameters × {} bpw ({}, {})", milli_text(milli), row.label, row.kind),
        })
    }
}

/// `parameters` at `milli_bits` thousandths of a bit each, in bytes.
pub(crate) fn bytes_at(parameters: u64, milli_bits: u64) -> u64 {
    u64::try_from(u128::from(parameters) * u128::from(milli_bits) / 8000).unwrap_or(u64::MAX)
}

/// Bytes per element of a safetensors dtype (the format's own list).
pub fn safetensors_dtype_bytes(dtype: &str) -> Option<u64> {
    Some(match dtype.to_ascii_uppercase().as_str() {
        "F64" | "I64" | "U64" => 8,
        "F32" | "I32" | "U32" => 4,
        "F16" | "BF16" | "I16" | "U16" => 2,
        "F8_E4M3" | "F8_E5M2" | "F8_E8M0" | "I8" | "U8" | "BOOL" => 1,
        _ => return None,
    })
}
