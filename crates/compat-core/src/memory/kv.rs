//! The KV cache: what attention keeps per token of context.

use super::shape::ModelShape;
use crate::wire_enum::{WireEnum as _, wire_enum};

wire_enum! {
    /// The element type of the KV cache.
    pub enum KvCacheType #[derive(Default)] {
        F32 => "f32",
        #[default]
        F16 => "f16",
        Bf16 => "bf16",
        /// 8.5 bits per element (a 34-byte block of 32), llama.cpp `GGML_QUANT_SIZES`.
        Q8_0 => "q8_0",
        /// 4.5 bits per element (an 18-byte block of 32).
        Q4_0 => "q4_0",
    }
}

impl KvCacheType {
    /// Bits per element, doubled so that q8_0 (8.5) and q4_0 (4.5) stay integers.
    pub fn half_bits(self) -> u128 {
        match self {
            Self::F32 => 64,
            Self::F16 | Self::Bf16 => 32,
            Self::Q8_0 => 17,
            Self::Q4_0 => 9,
        }
    }

    /// Parses `f16`, `q8_0`, ... (case-insensitive).
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.as_str().eq_ignore_ascii_case(raw.trim()))
    }
}

/// Values cached per token in one attention layer: K and V of every KV head (GQA), or
/// the MLA latent (`kv_lora_rank + qk_rope_head_dim`, shared by K and V).
pub(crate) fn values_per_token(shape: &ModelShape) -> Result<u128, Vec<String>> {
    if let Some(mla) = shape.mla {
        return Ok(u128::from(mla.kv_lora_rank).saturating_add(u128::from(mla.qk_rope_head_dim)));
    }
    match (shape.kv_heads, shape.head_dim) {
        (Some(kv), Some(d)) => Ok(u128::from(kv).saturating_mul(u128::from(d)).saturating_mul(2)),
        (kv, d) => Err([(kv.is_none(), "num_key_value_heads"), (d.is_none(), "head_dim")]
            .into_iter()
            .filter(|(absent, _)| *absent)
            .map(|(_, name)| name.to_owned())
            .collect()),
    }
}

/// KV cache bytes at `context` tokens: sliding-window layers hold min(context, window)
/// when the runtime caps them, recurrent layers hold no per-token cache. `Err` lists the
/// missing config facts.
pub fn kv_cache_bytes(
    shape: &ModelShape,
    kv_type: KvCacheType,
    context: u64,
    cap_sliding_window: bool,
) -> Result<u64, Vec<String>> {
    if shape.pattern_layers() == 0 {
        return Err(vec!["num_hidden_layers".to_owned()]);
    }
    let per_token = values_per_token(shape)?;
    Ok(kv_bytes(shape, per_token, kv_type, context, cap_sliding_window))
}

/// [`kv_cache_bytes`] once the values per token are known: a few multiplications, cheap
/// enough for every probe of the longest-context search.
pub(crate) fn kv_bytes(
    shape: &ModelShape,
    per_token: u128,
    kv_type: KvCacheType,
    context: u64,
    cap_sliding_window: bool,
) -> u64 {
    let sliding_tokens = match shape.sliding_window {
        Some(window) if cap_sliding_window => context.min(window),
        _ => context,
    };
    let (full, sliding) = (u64::from(shape.full_attention_layers), u64::from(shape.sliding_window_layers));
    // u64 while nothing overflows (any real model: the longest-context search probes this
    // dozens of times a verdict); u128 otherwise, saturating.
    let fast = full
        .checked_mul(context)
        .and_then(|t| t.checked_add(sliding.checked_mul(sliding_tokens)?))
        .and_then(|t| t.checked_mul(u64::try_from(per_token).ok()?))
        .and_then(|t| t.checked_mul(kv_type.half_bits() as u64));
    if let Some(bytes) = fast {
        return bytes / 16;
    }
    let tokens = u128::from(full)
        .saturating_mul(u128::from(context))
        .saturating_add(u128::from(sliding).saturating_mul(u128::from(sliding_tokens)));
    let bytes = tokens.saturating_mul(per_token).saturating_mul(kv_type.half_bits()) / 16;
    u64::try_from(bytes).unwrap_or(u64::MAX)
}
