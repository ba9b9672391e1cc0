//! The memory model: how much memory a model needs on a worker, at a context length.
//!
//! Pure arithmetic over facts: [`ModelShape`] (config.json dimensions), [`Weights`]
//! (counted or estimated bytes) and the worker's [`MemoryParams`] (catalog data). A fact
//! that is missing is named in [`MemoryEstimate::unknown`] with the `memory_unknown`
//! code; nothing is guessed. [`fit`] turns an estimate and a [`crate::Device`] into a
//! verdict.

pub mod fit;
pub mod kv;
pub mod params;
pub mod shape;
pub mod weights;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use fit::{Fit, FitFilter, FitVerdict, assess, max_context, plan};
pub use kv::{KvCacheType, kv_cache_bytes};
pub use params::{CompanionFile, ComputeBuffer, ImageActivation, ImageCompanions, MemoryParams};
pub use shape::{LayerAttention, Mla, ModelShape, Moe};
pub use weights::{QuantBits, Weights, bits_per_weight, bits_per_weight_table};

use crate::result::Code;

/// What a model needs in memory at one context length. Byte counts are `None` when a
/// fact they need is missing (see `unknown`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct MemoryEstimate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub weights_bytes: Option<u64>,
    /// Whether the weight bytes are estimated (parameters × bits per weight) rather than counted.
    pub weights_estimated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub weights_basis: Option<Cow<'static, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub kv_cache_bytes: Option<u64>,
    pub kv_cache_type: KvCacheType,
    /// The context the KV cache is sized for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub context: Option<u64>,
    /// Runtime overhead plus the compute buffer (image models: plus activations and
    /// companion files such as text encoders).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overhead_bytes: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub compute_buffer_bytes: u64,
    /// Weights + KV cache + overhead; `None` when the weights or the cache are unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_bytes: Option<u64>,
    /// Kept free on a device on top of `totalBytes`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub safety_margin_bytes: u64,
    /// Transformer layers (the unit of GPU offload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<u32>,
    /// Bytes read per generated token (all weights; the active experts' share for MoE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_read_per_token: Option<u64>,
    /// Facts that were missing (`weights`, `context`, `num_key_value_heads`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub unknown: Vec<String>,
    /// `memory_unknown` when anything is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub codes: Vec<Code>,
}

/// `a × b ÷ c`, for byte counts and shares: u64 arithmetic (a u128 division is a library
/// routine in the WASM module); a product past u64 divides first, losing a little precision
/// on numbers no model reaches. `c == 0` gives `a`.
pub(crate) fn mul_div(a: u64, b: u64, c: u64) -> u64 {
    match a.checked_mul(b) {
        Some(product) => product.checked_div(c).unwrap_or(a),
        None => a.checked_div(c).map_or(a, |part| part.saturating_mul(b)),
    }
}

/// The context the worker will run at: the smallest of the model's, the worker's and the
/// requested one, among those known. `None` when none is.
pub fn resolve_context(model: Option<u64>, worker: Option<u64>, requested: Option<u64>) -> Option<u64> {
    [model, worker, requested].into_iter().flatten().filter(|&c| c > 0).min()
}

/// Compute buffer of one forward pass: `ubatch × (vocab + hidden) × 4` (f32 logits and a
/// hidden row per token of the batch) plus the fixed part. The batch never exceeds the
/// context.
pub(crate) fn compute_buffer_bytes(shape: &ModelShape, params: &MemoryParams, context: Option<u64>) -> Option<u64> {
    let ubatch = context.map_or(params.compute_buffer.ubatch_tokens, |c| c.min(params.compute_buffer.ubatch_tokens));
    let per_token = shape.vocab?.checked_add(shape.hidden?)?.checked_mul(4)?;
    ubatch.checked_mul(per_token)?.checked_add(params.compute_buffer.fixed_bytes)
}

/// The memory a text model needs at `context` tokens (already resolved with
/// [`resolve_context`]). `weights` is `None` when neither sizes nor a parameter count with a
/// known quant are available.
pub fn estimate(
    shape: &ModelShape,
    weights: Option<&Weights>,
    params: &MemoryParams,
    context: Option<u64>,
) -> MemoryEstimate {
    estimate_owned(shape, weights.cloned(), params, context)
}

/// [`estimate`] keeping `weights`' basis without a copy (judging makes one per model).
pub(crate) fn estimate_owned(
    shape: &ModelShape,
    weights: Option<Weights>,
    params: &MemoryParams,
    context: Option<u64>,
) -> MemoryEstimate {
    let mut unknown = Vec::new();
    if weights.is_none() {
        unknown.push("weights".to_owned());
    }
    let kv_cache_bytes = match context {
        None => {
            unknown.push("context".to_owned());
            None
        }
        Some(ctx) => match kv_cache_bytes(shape, params.kv_cache_type, ctx, params.cap_sliding_window) {
            Ok(bytes) => Some(bytes),
            Err(missing) => {
                // In the order found, each once (no sort routine for this short list).
                for fact in missing {
                    if !unknown.contains(&fact) {
                        unknown.push(fact);
                    }
                }
                None
            }
        },
    };
    let compute = compute_buffer_bytes(shape, params, context).unwrap_or_else(|| {
        unknown.push("vocab_size".to_owned());
        params.compute_buffer.fixed_bytes
    });
    let weights_bytes = weights.as_ref().map(|w| w.bytes);
    let total_bytes = weights_bytes
        .zip(kv_cache_bytes)
        .map(|(w, kv)| w.saturating_add(kv).saturating_add(params.overhead_bytes).saturating_add(compute));
    // A MoE reads only its active experts per token.
    let active_share = || Some((shape.moe?, shape.parameters()?, shape.active_parameters()?));
    let bytes_read_per_token = weights_bytes.map(|w| match active_share() {
        Some((_, total, active)) if total > 0 => mul_div(w, active, total),
        _ => w,
    });
    MemoryEstimate {
        weights_bytes,
        weights_estimated: weights.as_ref().is_some_and(|w| w.estimated),
        weights_basis: weights.map(|w| w.basis),
        kv_cache_bytes,
        kv_cache_type: params.kv_cache_type,
        context,
        overhead_bytes: params.overhead_bytes,
        compute_buffer_bytes: compute,
        total_bytes,
        safety_margin_bytes: params.safety_margin_bytes,
        layers: shape.layers,
        bytes_read_per_token,
        codes: if unknown.is_empty() { Vec::new() } else { vec![Code::MemoryUnknown] },
        unknown,
    }
}

/// The memory an image model needs: the checkpoint, plus the companion files a
/// denoiser-only checkpoint of `family` needs beside it (Flux: T5-XXL, CLIP-L, the VAE),
/// plus the worker's activation allowance at `resolution`. Always marked estimated.
pub fn estimate_image(
    checkpoint: &Weights,
    family: &str,
    denoiser_only: bool,
    resolution: u32,
    params: &MemoryParams,
) -> MemoryEstimate {
    estimate_image_owned(checkpoint.clone(), family, denoiser_only, resolution, params)
}

/// [`estimate_image`] keeping the checkpoint's basis without a copy when nothing is added.
pub(crate) fn estimate_image_owned(
    checkpoint: Weights,
    family: &str,
    denoiser_only: bool,
    resolution: u32,
    params: &MemoryParams,
) -> MemoryEstimate {
    let mut unknown = Vec::new();
    let mut basis = checkpoint.basis;
    let mut weights = checkpoint.bytes;
    if denoiser_only {
        match params.image_companions.iter().find(|c| c.family.eq_ignore_ascii_case(family)) {
            Some(companions) => {
                let basis = basis.to_mut();
                for file in &companions.files {
                    weights = weights.saturating_add(file.bytes);
                    basis.push_str(" + ");
                    basis.push_str(&file.name);
                }
            }
            None => unknown.push(format!("companion files of {family}")),
        }
    }
    // The allowance of the smallest listed resolution at or above the one asked for.
    let activation = params
        .image_activation
        .iter()
        .filter(|a| a.family.eq_ignore_ascii_case(family) && a.resolution >= resolution)
        .min_by_key(|a| a.resolution)
        .map(|a| a.bytes);
    if activation.is_none() {
        unknown.push(format!("activation memory of {family} at {resolution} px"));
    }
    let compute = activation.unwrap_or(0).saturating_add(params.compute_buffer.fixed_bytes);
    MemoryEstimate {
        weights_bytes: Some(weights),
        weights_estimated: true,
        weights_basis: Some(basis),
        kv_cache_bytes: Some(0),
        kv_cache_type: params.kv_cache_type,
        context: None,
        overhead_bytes: params.overhead_bytes,
        compute_buffer_bytes: compute,
        total_bytes: activation.map(|a| weights.saturating_add(params.overhead_bytes).saturating_add(a)),
        safety_margin_bytes: params.safety_margin_bytes,
        layers: None,
        bytes_read_per_token: None,
        codes: if unknown.is_empty() { Vec::new() } else { vec![Code::MemoryUnknown] },
        unknown,
    }
}
