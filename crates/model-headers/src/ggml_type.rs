//! The ggml tensor types: id, name, block size and bytes per block, so a tensor's byte size is
//! exact.
//!
//! Source: llama.cpp `ggml/src/ggml.c` `type_traits` (`blck_size`, `type_size`) and the same table
//! in gguf-py `gguf/constants.py` `GGML_QUANT_SIZES` (PyPI `gguf` 0.19.0); ids from
//! `GGMLQuantizationType` there. `/work/shared/REFERENCES.md` lists the bits per weight these give
//! (type_size × 8 / block_size). Ids 4, 5 (Q4_2, Q4_3), 31..=33 (Q4_0_4_4 ...) and 36..=38
//! (IQ4_NL_4_4 ...) were removed from ggml: a file holding them is read with the type kept as a
//! number.

use std::fmt;

use serde::{Serialize, Serializer};

/// `QK_K`: the super-block of the k-quants and most i-quants.
const QK_K: u64 = 256;

/// One ggml tensor type, by id; an id the table does not know is kept as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GgmlType(u32);

/// `(id, name, block size, bytes per block)`.
#[rustfmt::skip]
const TABLE: &[(u32, &str, u64, u64)] = &[
    (0,  "F32",     1,    4),
    (1,  "F16",     1,    2),
    (2,  "Q4_0",    32,   2 + 16),
    (3,  "Q4_1",    32,   2 + 2 + 16),
    (6,  "Q5_0",    32,   2 + 4 + 16),
    (7,  "Q5_1",    32,   2 + 2 + 4 + 16),
    (8,  "Q8_0",    32,   2 + 32),
    // ggml `block_q8_1` is two halves and 32 quants: `static_assert(sizeof(block_q8_1) ==
    // 2*sizeof(ggml_half) + QK8_1)` in ggml-common.h = 36 bytes. gguf-py 0.19 and huggingface.js
    // still say 4 + 4 + 32 (from when d and s were floats); ggml's struct is what llama.cpp reads.
    (9,  "Q8_1",    32,   2 + 2 + 32),
    (10, "Q2_K",    QK_K, 2 + 2 + QK_K / 16 + QK_K / 4),
    (11, "Q3_K",    QK_K, 2 + QK_K / 4 + QK_K / 8 + 12),
    (12, "Q4_K",    QK_K, 2 + 2 + QK_K / 2 + 12),
    (13, "Q5_K",    QK_K, 2 + 2 + QK_K / 2 + QK_K / 8 + 12),
    (14, "Q6_K",    QK_K, 2 + QK_K / 2 + QK_K / 4 + QK_K / 16),
    (15, "Q8_K",    QK_K, 4 + QK_K + QK_K / 8),
    (16, "IQ2_XXS", QK_K, 2 + QK_K / 4),
    (17, "IQ2_XS",  QK_K, 2 + QK_K / 4 + QK_K / 32),
    (18, "IQ3_XXS", QK_K, 2 + QK_K / 4 + QK_K / 8),
    (19, "IQ1_S",   QK_K, 2 + QK_K / 8 + QK_K / 16),
    (20, "IQ4_NL",  32,   2 + 16),
    (21, "IQ3_S",   QK_K, 2 + QK_K / 4 + QK_K / 8 + QK_K / 32 + 4),
    (22, "IQ2_S",   QK_K, 2 + QK_K / 4 + QK_K / 16),
    (23, "IQ4_XS",  QK_K, 2 + 2 + QK_K / 2 + QK_K / 64),
    (24, "I8",      1,    1),
    (25, "I16",     1,    2),
    (26, "I32",     1,    4),
    (27, "I64",     1,    8),
    (28, "F64",     1,    8),
    (29, "IQ1_M",   QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32),
    (30, "BF16",    1,    2),
    (34, "TQ1_0",   QK_K, 2 + 4 * 13),
    (35, "TQ2_0",   QK_K, 2 + 64),
    (39, "MXFP4",   32,   1 + 16),
    (40, "NVFP4",   64,   4 + 32),
    (41, "Q1_0",    128,  2 + 16),
    // Not in gguf-py 0.19 yet; from huggingface.js `packages/gguf/src/quant-descriptions.ts`
    // (@huggingface/gguf 0.4.6) and @huggingface/tasks `GGMLQuantizationType.Q2_0 = 42`.
    (42, "Q2_0",    64,   2 + 16),
];

impl GgmlType {
    pub const F32: Self = Self(0);
    pub const F16: Self = Self(1);
    pub const BF16: Self = Self(30);

    pub const fn from_id(id: u32) -> Self {
        Self(id)
    }

    pub const fn id(self) -> u32 {
        self.0
    }

    fn entry(self) -> Option<&'static (u32, &'static str, u64, u64)> {
        TABLE.iter().find(|e| e.0 == self.0)
    }

    /// Whether the table knows this id.
    pub fn is_known(self) -> bool {
        self.entry().is_some()
    }

    /// The name gguf-py and llama.cpp print (`Q4_K`, `IQ4_XS`), or `None` for an unknown id.
    pub fn name(self) -> Option<&'static str> {
        self.entry().map(|e| e.1)
    }

    /// Elements per block and bytes per block.
    pub fn block(self) -> Option<(u64, u64)> {
        self.entry().map(|e| (e.2, e.3))
    }

    /// Bits per weight (type size × 8 / block size).
    pub fn bits_per_weight(self) -> Option<f64> {
        self.block().map(|(b, s)| s as f64 * 8.0 / b as f64)
    }

    /// Every type the table knows, in id order.
    pub fn known() -> impl Iterator<Item = Self> {
        TABLE.iter().map(|e| Self(e.0))
    }
}

impl fmt::Display for GgmlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            // Stays distinguishable from every real name and keeps the number.
            None => write!(f, "ggml_type_{}", self.0),
        }
    }
}

impl Serialize for GgmlType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits per weight as `/work/shared/REFERENCES.md` lists them (llama.cpp `GGML_QUANT_SIZES`,
    /// huggingface.js `quant-descriptions.ts`).
    #[test]
    fn bits_per_weight_match_the_reference_table() {
        let expected = [
            ("F32", 32.0),
            ("F16", 16.0),
            ("BF16", 16.0),
            ("Q8_0", 8.5),
            ("Q8_1", 9.0),
            ("Q5_0", 5.5),
            ("Q5_1", 6.0),
            ("Q4_0", 4.5),
            ("Q4_1", 5.0),
            ("Q2_K", 2.625),
            ("Q3_K", 3.4375),
            ("Q4_K", 4.5),
            ("Q5_K", 5.5),
            ("Q6_K", 6.5625),
            ("Q8_K", 9.125),
            ("IQ1_S", 1.5625),
            ("IQ1_M", 1.75),
            ("IQ2_XXS", 2.0625),
            ("IQ2_XS", 2.3125),
            ("IQ2_S", 2.5625),
            ("IQ3_XXS", 3.0625),
            ("IQ3_S", 3.4375),
            ("IQ4_NL", 4.5),
            ("IQ4_XS", 4.25),
            ("TQ1_0", 1.6875),
            ("TQ2_0", 2.0625),
            ("MXFP4", 4.25),
        ];
        for (name, bpw) in expected {
            let t = GgmlType::known().find(|t| t.name() == Some(name)).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(t.bits_per_weight(), Some(bpw), "{name}");
        }
    }

    #[test]
    fn unknown_ids_keep_their_number() {
        let t = GgmlType::from_id(31);
        assert!(!t.is_known());
        assert_eq!(t.to_string(), "ggml_type_31");
        assert_eq!(t.block(), None);
        assert_eq!(GgmlType::from_id(23).to_string(), "IQ4_XS");
    }
}
