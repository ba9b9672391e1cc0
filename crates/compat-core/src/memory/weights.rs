//! Weight bytes: exact when the listing or the files say so, else estimated from the
//! parameter count and the quant's bits per weight.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

/// How many bytes the weights take in memory, and how that was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Weights {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// `true` when computed from parameters × bits per weight, not counted.
    pub estimated: bool,
    /// Where the number comes from, for people (`3 file sizes`, `8030261248 parameters × 4.899 bpw (Q4_K_M)`).
    /// Borrowed when it is a fixed phrase: judging writes one per model.
    pub basis: Cow<'static, str>,
}

/// One row of the bits-per-weight table (`bpw.json`, where each row's source is written).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuantBits {
    pub label: &'static str,
    pub bits_per_weight: f64,
    /// `file-average` (a whole GGUF file) or `tensor-type` (the type alone, a lower bound).
    pub kind: &'static str,
}

/// A row with its label packed ([`pack`]) and its thousandths of a bit, computed when
/// the crate is built (`build.rs`): a look-up compares integers, and no JSON is read.
struct QuantRow {
    key: u128,
    milli: u64,
    bits: QuantBits,
}

const TABLE: &[QuantRow] = include!(concat!(env!("OUT_DIR"), "/bpw_table.rs"));

/// The table, in file order.
pub fn bits_per_weight_table() -> impl ExactSizeIterator<Item = &'static QuantBits> {
    TABLE.iter().map(|row| &row.bits)
}

/// The table row of a quant label (`Q4_K_M`, `q8_0`, `BF16`). Unsloth's dynamic `_XL`
/// layouts keep more tensors at higher precision than the plain label, so they have no row.
pub fn bits_per_weight(label: &str) -> Option<&'static QuantBits> {
    row_of(label).map(|row| &row.bits)
}

/// Thousandths of a bit per weight of a quant label: [`bits_per_weight`] as an integer, so
/// that judging every file of a repository is a table look-up and a multiplication.
pub(crate) fn milli_bits(label: &str) -> Option<u64> {
    row_of(label).map(|row| row.milli)
}

/// [`bits_per_weight`] and [`milli_bits`] in one look-up.
pub(crate) fn quant_row(label: &str) -> Option<(&'static QuantBits, u64)> {
    row_of(label).map(|row| (&row.bits, row.milli))
}

/// The table row of `label`: labels packed into integers (upper case) and compared as
/// such; 34 rows, scanned.
fn row_of(label: &str) -> Option<&'static QuantRow> {
    let key = pack(label.trim())?;
    TABLE.iter().find(|row| row.key == key)
}

/// A label of at most 16 bytes as one integer, ASCII upper case (as `build.rs` packs the
/// table's). Longer labels are in no table.
fn pack(label: &str) -> Option<u128> {
    if label.is_empty() || label.len() > 16 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (slot, byte) in bytes.iter_mut().zip(label.bytes()) {
        *slot = byte.to_ascii_uppercase();
    }
    Some(u128::from_be_bytes(bytes))
}

/// `4.899`, `16`: thousandths written without float formatting (which the WASM module
/// would otherwise carry for this one number).
pub(crate) struct Milli(pub u64);

impl std::fmt::Display for Milli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, mut part, mut digits) = (self.0 / 1000, self.0 % 1000, 3usize);
        while digits > 0 && part % 10 == 0 {
            part /= 10;
            digits = digits.saturating_sub(1);
        }
        if digits == 0 { write!(f, "{whole}") } else { write!(f, "{whole}.{part:0digits$}") }
    }
}

impl Weights {
    /// Sums file sizes (every shard of a split file). Saturates rather than wrapping.
    pub fn from_file_sizes(sizes: impl IntoIterator<Item = u64>) -> Self {
        let (count, sum) = sizes
            .into_iter()
            .fold((0u32, Some(0u64)), |(n, sum), s| (n.saturating_add(1), sum.and_then(|sum| sum.checked_add(s))));
        let plural = if count == 1 { "" } else { "s" };
        match sum {
            Some(bytes) => Self { bytes, estimated: false, basis: format!("{count} file size{plural}").into() },
            // No device holds 2^64 bytes: saturated, the verdict is "does not fit", and the
            // basis says the sizes were not believable.
            None => Self {
                bytes: u64::MAX,
                estimated: false,
                basis: format!("{count} file size{plural}, adding up past 2^64 bytes (saturated)").into(),
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
            Some(bytes) => Self { bytes, estimated: false, basis: Cow::Borrowed(basis) },
            None => Self {
                bytes: u64::MAX,
                estimated: false,
                basis: format!("{basis}, adding up past 2^64 bytes (saturated)").into(),
            },
        })
    }

    /// `parameters` × the quant's bits per weight, marked estimated. `None` when the
    /// quant has no row in the table.
    pub fn from_parameters(parameters: u64, quant: &str) -> Option<Self> {
        let (row, milli) = quant_row(quant)?;
        Some(Self {
            bytes: bytes_at(parameters, milli),
            estimated: true,
            basis: format!("{parameters} parameters × {} bpw ({}, {})", Milli(milli), row.label, row.kind).into(),
        })
    }
}

/// `parameters` at `milli_bits` thousandths of a bit each, in bytes.
pub(crate) fn bytes_at(parameters: u64, milli_bits: u64) -> u64 {
    super::mul_div(parameters, milli_bits, 8000)
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
