//! Whether an estimate fits a device: on the GPU, split with RAM, CPU only, or not at all.

use std::num::NonZeroU64;

use serde::{Deserialize, Serialize};

use super::{MemoryEstimate, MemoryParams, ModelShape, Weights, estimate};
use crate::device::{Backend, Device};
use crate::result::Code;

crate::wire_enum! {
    /// Where the model runs on the device.
    pub enum Fit #[derive(PartialOrd, Ord)] {
        /// Everything on the GPU(s).
        Fits => "fits",
        /// Some layers on the GPU, the rest in RAM.
        FitsWithOffload => "fits_with_offload",
        /// No usable GPU, or too small for one layer: everything in RAM.
        CpuOnly => "cpu_only",
        DoesNotFit => "does_not_fit",
        /// A fact the estimate needs is missing.
        Unknown => "unknown",
    }
}

crate::wire_enum! {
    /// Which fits a listing keeps (`fit` in the bindings, `--fit` in the CLI).
    pub enum FitFilter {
        /// All on the GPU (`fits`).
        Gpu => "gpu",
        /// On the GPU, or split between the GPU and RAM (`fits`, `fits_with_offload`).
        Offload => "offload",
        /// Anywhere on the device, the CPU included (`fits`, `fits_with_offload`, `cpu_only`).
        Any => "any",
    }
}

impl FitFilter {
    /// Whether a fit passes. `unknown` never does: a filter keeps what is known to fit.
    pub fn keeps(self, fit: Fit) -> bool {
        match self {
            Self::Gpu => fit == Fit::Fits,
            Self::Offload => matches!(fit, Fit::Fits | Fit::FitsWithOffload),
            Self::Any => matches!(fit, Fit::Fits | Fit::FitsWithOffload | Fit::CpuOnly),
        }
    }

    /// `gpu`, `offload`, `any` (any case).
    pub fn parse(raw: &str) -> Option<Self> {
        use crate::wire_enum::WireEnum as _;
        Self::from_name(raw.trim().to_ascii_lowercase().as_str())
    }
}

/// The fit of one estimate on one device, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FitVerdict {
    pub fit: Fit,
    /// `fits_with_offload`, `cpu_only`, `does_not_fit`, `backend_unsupported` or
    /// `memory_unknown`; none when it fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    pub reason: String,
    /// `totalBytes` plus the safety margin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub needs_bytes: Option<u64>,
    /// Memory of the GPUs the worker can drive.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub gpu_bytes: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ram_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<Backend>,
    /// Layers on the GPU (all of them when it fits, some with offload, 0 on the CPU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_layers: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<u32>,
    /// Longest context (up to the limit asked) that still fits entirely on the GPU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_context_on_gpu: Option<u64>,
    /// Longest context (up to the limit asked) that runs at all on this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_context: Option<u64>,
    /// An ESTIMATE of generation speed: bytes read per token ÷ memory bandwidth, an upper
    /// bound that ignores compute. Only when the device states its bandwidth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_per_second_estimate: Option<u32>,
}

const GIB: u128 = 1 << 30;

/// `9.8 GiB`, to the nearest tenth.
pub fn gib(bytes: u64) -> String {
    let mut text = String::with_capacity(12);
    push_gib(&mut text, bytes);
    text
}

/// Appends `n` in decimal. Reasons are written by hand, not through `core::fmt`: judging a
/// listing on a device writes one per model, and `write!` costs more than the arithmetic.
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let digit = |d: u64| char::from(b'0'.saturating_add((d % 10) as u8));
    if n < 10 {
        out.push(digit(n));
        return;
    }
    // Most numbers in a reason are GiB and layer counts: two digits.
    if n < 100 {
        out.push(digit(n / 10));
        out.push(digit(n));
        return;
    }
    let mut digits = ['0'; 20];
    let mut at = digits.len();
    while n > 0 {
        at = at.saturating_sub(1);
        if let Some(slot) = digits.get_mut(at) {
            *slot = digit(n);
        }
        n /= 10;
    }
    out.extend(digits.get(at..).unwrap_or_default());
}

/// Appends `9.8 GiB`, to the nearest tenth. Integer arithmetic: float formatting would put
/// `core`'s float printer in the WASM module for this one number.
pub(crate) fn push_gib(out: &mut String, bytes: u64) {
    // Below 2^64 tenths of a GiB, whatever the bytes.
    let tenths = (u128::from(bytes).saturating_mul(10).saturating_add(GIB / 2) / GIB) as u64;
    push_u64(out, tenths / 10);
    out.push('.');
    push_u64(out, tenths % 10);
    out.push_str(" GiB");
}

/// Appends ` at 32k context` for multiples of 1024, else the number; nothing when unknown.
fn push_context(out: &mut String, context: Option<u64>) {
    match context {
        Some(c) if c >= 1024 && c % 1024 == 0 => {
            out.push_str(" at ");
            push_u64(out, c / 1024);
            out.push_str("k context");
        }
        Some(c) => {
            out.push_str(" at ");
            push_u64(out, c);
            out.push_str(" tokens of context");
        }
        None => {}
    }
}

/// The numbers `place` decides on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Need {
    pub weights: u64,
    pub kv: u64,
    /// Overhead and compute buffer.
    pub fixed: u64,
    pub margin: u64,
    pub layers: Option<u32>,
}

impl Need {
    pub(crate) fn total(self) -> u64 {
        self.weights.saturating_add(self.kv).saturating_add(self.fixed)
    }
}

/// What the device can offer a worker with some backends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Offer {
    pub gpu_bytes: u64,
    pub ram_bytes: u64,
    pub unified: bool,
    pub cpu_ok: bool,
    /// The first GPU the worker can drive (its backend and bandwidth speak for all).
    pub first_gpu: Option<usize>,
}

impl Offer {
    pub(crate) fn of(device: &Device, backends: &[String]) -> Self {
        let mut offer = Self {
            gpu_bytes: 0,
            ram_bytes: device.ram_bytes,
            unified: device.unified_memory,
            cpu_ok: backends.iter().any(|b| b.eq_ignore_ascii_case("cpu")),
            first_gpu: None,
        };
        for (i, gpu) in device.gpus.iter().enumerate() {
            if backends.iter().any(|b| b.eq_ignore_ascii_case(gpu.backend.as_str())) {
                offer.gpu_bytes = offer.gpu_bytes.saturating_add(gpu.memory_bytes);
                offer.first_gpu = offer.first_gpu.or(Some(i));
            }
        }
        offer
    }
}

/// Where the model goes, from numbers alone (no text): cheap enough to call in the
/// longest-context search. Returns the fit and the layers on the GPU.
pub(crate) fn place(need: Need, offer: Offer) -> (Fit, Option<u32>) {
    let needs = need.total().saturating_add(need.margin);
    if offer.gpu_bytes > 0 && needs <= offer.gpu_bytes {
        return (Fit::Fits, need.layers);
    }
    // Offload: whole layers (weights and their cache) go to the GPU while they fit beside
    // the fixed costs and the margin; the rest runs from RAM.
    if let (Some(layers), true) = (need.layers.filter(|&n| n > 0), offer.gpu_bytes > 0 && offer.cpu_ok) {
        let per_layer = need.weights.saturating_add(need.kv).div_ceil(u64::from(layers));
        let per_layer = NonZeroU64::new(per_layer).unwrap_or(NonZeroU64::MIN);
        let room = offer.gpu_bytes.saturating_sub(need.fixed).saturating_sub(need.margin);
        let on_gpu = u32::try_from((room / per_layer).min(u64::from(layers))).unwrap_or(layers);
        let in_ram = u64::from(layers.saturating_sub(on_gpu)).saturating_mul(per_layer.get());
        let ram_free = if offer.unified {
            // One memory: what the GPU holds is not free for the CPU.
            offer.ram_bytes.saturating_sub(need.margin).saturating_sub(offer.gpu_bytes.min(needs))
        } else {
            offer.ram_bytes.saturating_sub(need.margin)
        };
        if on_gpu > 0 && in_ram <= ram_free {
            return (Fit::FitsWithOffload, Some(on_gpu));
        }
    }
    if offer.cpu_ok && needs <= offer.ram_bytes {
        return (Fit::CpuOnly, need.layers.map(|_| 0));
    }
    (Fit::DoesNotFit, None)
}

/// Judges `estimate` on `device` for a worker with `backends`.
pub fn assess(estimate: &MemoryEstimate, device: &Device, backends: &[String]) -> FitVerdict {
    assess_with(estimate, device, Offer::of(device, backends))
}

/// [`assess`] with the device's offer to these backends already worked out.
pub(crate) fn assess_with(estimate: &MemoryEstimate, device: &Device, offer: Offer) -> FitVerdict {
    let first_gpu = offer.first_gpu.and_then(|i| device.gpus.get(i));
    let mut verdict = FitVerdict {
        fit: Fit::Unknown,
        code: Some(Code::MemoryUnknown),
        reason: String::new(),
        needs_bytes: None,
        gpu_bytes: offer.gpu_bytes,
        ram_bytes: device.ram_bytes,
        backend: first_gpu.map(|g| g.backend),
        gpu_layers: None,
        layers: estimate.layers,
        max_context_on_gpu: None,
        max_context: None,
        tokens_per_second_estimate: None,
    };
    let Some(total) = estimate.total_bytes else {
        verdict.reason = format!("memory need unknown: missing {}", estimate.unknown.join(", "));
        return verdict;
    };
    let weights = estimate.weights_bytes.unwrap_or(0);
    let kv = estimate.kv_cache_bytes.unwrap_or(0);
    let need = Need {
        weights,
        kv,
        fixed: total.saturating_sub(weights).saturating_sub(kv),
        margin: estimate.safety_margin_bytes,
        layers: estimate.layers,
    };
    let needs = total.saturating_add(need.margin);
    verdict.needs_bytes = Some(needs);
    let (fit, gpu_layers) = place(need, offer);
    verdict.fit = fit;
    verdict.gpu_layers = gpu_layers;
    let unmatched = first_gpu.is_none() && !device.gpus.is_empty();
    // One buffer for the reason: judging a listing writes one per model.
    let mut reason = String::with_capacity(112);
    reason.push_str("needs ");
    push_gib(&mut reason, needs);
    push_context(&mut reason, estimate.context);
    let why_not_gpu = |reason: &mut String| match (unmatched, offer.gpu_bytes) {
        (true, _) => {
            reason.push_str("the worker has no ");
            for (i, gpu) in device.gpus.iter().enumerate() {
                if i > 0 {
                    reason.push('/');
                }
                reason.push_str(gpu.backend.as_str());
            }
            reason.push_str(" backend");
        }
        (false, 0) => reason.push_str("no GPU"),
        (false, g) => {
            reason.push_str("the GPU has ");
            push_gib(reason, g);
            reason.push_str(", too little");
        }
    };
    match fit {
        Fit::Fits => {
            verdict.code = None;
            reason.push_str("; fits on the GPU (");
            push_gib(&mut reason, offer.gpu_bytes);
            reason.push(')');
            verdict.tokens_per_second_estimate = speed(estimate, device, first_gpu, weights, 0);
        }
        Fit::FitsWithOffload => {
            let (on_gpu, layers) = (gpu_layers.unwrap_or(0), estimate.layers.unwrap_or(1).max(1));
            verdict.code = Some(Code::FitsWithOffload);
            reason.push_str("; the GPU has ");
            push_gib(&mut reason, offer.gpu_bytes);
            reason.push_str(": ");
            push_u64(&mut reason, u64::from(on_gpu));
            reason.push_str(" of ");
            push_u64(&mut reason, u64::from(layers));
            reason.push_str(" layers fit on it, the rest run from RAM");
            let gpu_share = super::mul_div(weights, u64::from(on_gpu), u64::from(layers));
            verdict.tokens_per_second_estimate =
                speed(estimate, device, first_gpu, gpu_share, weights.saturating_sub(gpu_share));
        }
        Fit::CpuOnly => {
            verdict.code = Some(Code::CpuOnly);
            reason.push_str("; ");
            why_not_gpu(&mut reason);
            reason.push_str(": runs from RAM (");
            push_gib(&mut reason, device.ram_bytes);
            reason.push_str("), slowly");
            verdict.tokens_per_second_estimate = speed(estimate, device, first_gpu, 0, weights);
        }
        Fit::DoesNotFit | Fit::Unknown if !offer.cpu_ok => {
            verdict.code = Some(if unmatched { Code::BackendUnsupported } else { Code::DoesNotFit });
            reason.push_str("; ");
            why_not_gpu(&mut reason);
            reason.push_str(", and the worker does not run on the CPU");
        }
        Fit::DoesNotFit | Fit::Unknown => {
            verdict.code = Some(Code::DoesNotFit);
            reason.push_str("; ");
            why_not_gpu(&mut reason);
            reason.push_str(" and RAM has ");
            push_gib(&mut reason, device.ram_bytes);
            reason.push_str(": it does not fit");
        }
    }
    verdict.reason = reason;
    verdict
}

/// Tokens per second if reading the weights were the only cost: the GPU share at the GPU's
/// bandwidth plus the RAM share at the RAM's. `None` when a bandwidth is not stated.
fn speed(
    estimate: &MemoryEstimate,
    device: &Device,
    gpu: Option<&crate::device::Gpu>,
    gpu_bytes: u64,
    ram_bytes: u64,
) -> Option<u32> {
    let weights = estimate.weights_bytes?.max(1);
    let per_token = estimate.bytes_read_per_token? as f64 / weights as f64;
    let mut seconds = 0.0;
    if gpu_bytes > 0 {
        let bw = gpu?.bandwidth_bytes_per_sec? as f64;
        seconds += gpu_bytes as f64 * per_token / bw;
    }
    if ram_bytes > 0 {
        let bw = device.ram_bandwidth_bytes_per_sec.or_else(|| {
            // Unified memory: the CPU reads the same memory at the same speed.
            if device.unified_memory { gpu.and_then(|g| g.bandwidth_bytes_per_sec) } else { None }
        })? as f64;
        seconds += ram_bytes as f64 * per_token / bw;
    }
    (seconds > 0.0).then(|| (1.0 / seconds).round().min(f64::from(u32::MAX)) as u32)
}

/// The longest context in `1..=limit` at which `ok` holds, by binary search: the need only
/// grows with the context. `None` when even one token fails.
fn longest(limit: u64, ok: impl Fn(u64) -> bool) -> Option<u64> {
    if limit == 0 || !ok(1) {
        return None;
    }
    let (mut lo, mut hi) = (1u64, limit);
    while lo < hi {
        // lo < mid <= hi: neither step can leave the range.
        let mid = lo.saturating_add(hi.saturating_sub(lo).div_ceil(2));
        if ok(mid) { lo = mid } else { hi = mid.saturating_sub(1) }
    }
    Some(lo)
}

/// The longest context up to `limit` that fits on the GPU (`on_gpu`) or runs at all.
/// `None` when the weights or a dimension are unknown, or nothing fits.
pub fn max_context(
    shape: &ModelShape,
    weights: Option<&Weights>,
    params: &MemoryParams,
    device: &Device,
    backends: &[String],
    limit: u64,
    on_gpu: bool,
) -> Option<u64> {
    let probe = Probe::new(shape, weights?.bytes, params, Offer::of(device, backends))?;
    probe.longest(limit, on_gpu)
}

/// What the longest-context search needs, computed once: each probe is then a few
/// multiplications and [`place`], no estimate built and no text written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe<'a> {
    shape: &'a ModelShape,
    params: &'a MemoryParams,
    per_token: u128,
    per_batch_token: u64,
    weights: u64,
    offer: Offer,
}

impl<'a> Probe<'a> {
    /// `None` when a dimension the cache or the compute buffer needs is unknown.
    pub(crate) fn new(shape: &'a ModelShape, weights: u64, params: &'a MemoryParams, offer: Offer) -> Option<Self> {
        if shape.pattern_layers() == 0 {
            return None;
        }
        let per_token = super::kv::values_per_token(shape).ok()?;
        let per_batch_token = shape.vocab?.checked_add(shape.hidden?)?.checked_mul(4)?;
        Some(Self { shape, params, per_token, per_batch_token, weights, offer })
    }

    /// The longest context up to `limit` whose whole need fits on the GPU. The need is a
    /// sum of a few linear pieces (full layers, sliding layers up to their window, the batch up
    /// to `ubatch`): interpolating between a context that fits and one that does not lands on
    /// the answer within a few probes once past the pieces' breaks; a binary search finishes
    /// what is left. Every probe is exact, so the answer is the boundary whatever the steps.
    fn longest_on_gpu(&self, limit: u64) -> Option<u64> {
        let gpu = self.offer.gpu_bytes;
        let needs = |ctx: u64| {
            let need = self.need_at(ctx);
            need.total().saturating_add(need.margin)
        };
        if gpu == 0 || limit == 0 {
            return None;
        }
        let (mut lo, mut hi) = (1u64, limit);
        let (mut at_lo, at_hi) = (needs(lo), needs(hi));
        if at_lo > gpu {
            return None;
        }
        if at_hi <= gpu {
            return Some(limit);
        }
        let mut at_hi = at_hi;
        // Invariant: lo < hi, needs(lo) <= gpu < needs(hi); the subtractions cannot wrap.
        for _ in 0..6 {
            if hi.saturating_sub(lo) <= 1 {
                return Some(lo);
            }
            // Where the chord from `lo` to `hi` meets the GPU's size, strictly between them.
            let span = super::mul_div(hi.saturating_sub(lo), gpu.saturating_sub(at_lo), at_hi.saturating_sub(at_lo));
            let x = lo.saturating_add(span).clamp(lo.saturating_add(1), hi.saturating_sub(1));
            let at_x = needs(x);
            if at_x <= gpu {
                if needs(x.saturating_add(1)) > gpu {
                    return Some(x);
                }
                (lo, at_lo) = (x, at_x);
            } else {
                (hi, at_hi) = (x, at_x);
            }
        }
        // Not converged (many breaks close together): bisect what is left.
        while hi.saturating_sub(lo) > 1 {
            let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
            if needs(mid) <= gpu { lo = mid } else { hi = mid }
        }
        Some(lo)
    }

    fn need_at(&self, context: u64) -> Need {
        let p = self.params;
        let kv = super::kv::kv_bytes(self.shape, self.per_token, p.kv_cache_type, context, p.cap_sliding_window);
        let ubatch = context.min(p.compute_buffer.ubatch_tokens);
        let compute = ubatch.saturating_mul(self.per_batch_token).saturating_add(p.compute_buffer.fixed_bytes);
        Need {
            weights: self.weights,
            kv,
            fixed: p.overhead_bytes.saturating_add(compute),
            margin: p.safety_margin_bytes,
            layers: self.shape.layers,
        }
    }

    /// The longest context up to `limit` that fits on the GPU (`on_gpu`) or runs at all.
    pub(crate) fn longest(&self, limit: u64, on_gpu: bool) -> Option<u64> {
        if on_gpu {
            self.longest_on_gpu(limit)
        } else {
            longest(limit, |ctx| {
                matches!(place(self.need_at(ctx), self.offer).0, Fit::Fits | Fit::FitsWithOffload | Fit::CpuOnly)
            })
        }
    }
}

/// Estimate and fit at `context`, with both longest contexts up to `context_limit` (the
/// model's and the worker's limit): what the CLI and the integration into `judge` call.
pub fn plan(
    shape: &ModelShape,
    weights: Option<&Weights>,
    params: &MemoryParams,
    device: &Device,
    backends: &[String],
    context: Option<u64>,
    context_limit: Option<u64>,
) -> (MemoryEstimate, FitVerdict) {
    let estimate = estimate(shape, weights, params, context);
    let mut verdict = assess(&estimate, device, backends);
    if let (Some(limit), Some(_)) = (context_limit, estimate.total_bytes) {
        verdict.max_context_on_gpu = max_context(shape, weights, params, device, backends, limit, true);
        verdict.max_context = max_context(shape, weights, params, device, backends, limit, false);
    }
    (estimate, verdict)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{gib, push_u64};

    proptest! {
        /// The hand-written digits are `core::fmt`'s, for every `u64`.
        #[test]
        fn push_u64_writes_what_display_writes(n: u64, prefix in "[a-z ]{0,8}") {
            let mut out = prefix.clone();
            push_u64(&mut out, n);
            prop_assert_eq!(out, format!("{prefix}{n}"));
        }
    }

    #[test]
    fn gib_rounds_to_the_nearest_tenth() {
        let table = [
            (0, "0.0 GiB"),
            (1 << 30, "1.0 GiB"),
            (8_589_934_592 + 858_993_459, "8.8 GiB"),
            (1_073_741_824 * 10 - 1, "10.0 GiB"),
            (u64::MAX, "17179869184.0 GiB"),
        ];
        for (bytes, text) in table {
            assert_eq!(gib(bytes), text, "{bytes} bytes");
        }
    }
}
