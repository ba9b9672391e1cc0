//! Memory fit on a device, inside judging: which of a model's files fit, which one to
//! recommend, and the verdict in words for that one file.
//!
//! Judging with a device must cost little more than judging without (criterion bench
//! `verdicts`): every file the worker loads is placed from numbers alone; the estimate,
//! the longest context and the text are made once, for the file recommended.

use std::borrow::Cow;

use super::findings::Findings;
use crate::catalog::WorkerProfile;
use crate::device::Device;
use crate::files::LogicalFile;
use crate::format::WeightFormat;
use crate::memory::fit::{Need, Offer, Probe, assess_with, gib, place, push_u64};
use crate::memory::weights::{bytes_at, milli_bits, quant_row};
use crate::memory::{self, Fit, FitVerdict, MemoryEstimate, MemoryParams, ModelShape, Weights};
use crate::metadata::ModelMetadata;
use crate::result::{Code, FileFit};

/// A file's weights in memory: bytes, and whether they are estimated.
pub(crate) type FileWeights = Option<(u64, bool)>;

/// Order of preference between fits: all on the GPU first, never one that does not fit.
pub(crate) fn fit_rank(fit: Option<&FileFit>) -> u8 {
    match fit.map(|f| f.fit) {
        None | Some(Fit::Fits) => 0,
        Some(Fit::FitsWithOffload) => 1,
        Some(Fit::CpuOnly) => 2,
        Some(Fit::Unknown) => 3,
        Some(Fit::DoesNotFit) => 4,
    }
}

/// The weights of a text model's file: the tensor bytes its headers state (every part read);
/// its size when listed; a GGUF file's parameters × its quant's bits per weight; the
/// record's safetensors count. `None` when none is known.
pub(crate) fn text_file_weights(file: &LogicalFile<'_>, m: &ModelMetadata, parameters: Option<u64>) -> FileWeights {
    if let Some(bytes) = header_bytes(file) {
        return Some((bytes, false));
    }
    if let Some(size) = file.size_bytes {
        return Some((size, false));
    }
    match file.head.format {
        Some(WeightFormat::Gguf) => {
            let milli = milli_bits(file.head.quantization.as_deref()?)?;
            Some((bytes_at(parameters?, milli), true))
        }
        Some(WeightFormat::Safetensors) => m.safetensors_bytes.map(|bytes| (bytes, false)),
        _ => None,
    }
}

/// The tensor bytes of every part of `file`, when each part's header was read and states
/// them (`apply_header`): exact, and closer to what is loaded than the file size, which
/// also counts the header (a GGUF vocabulary, a safetensors JSON).
fn header_bytes(file: &LogicalFile<'_>) -> Option<u64> {
    file.files.iter().try_fold(0u64, |sum, part| sum.checked_add(part.weights_bytes?))
}

/// The parameter count the record states, else the one its dimensions give.
pub(crate) fn parameters(m: &ModelMetadata) -> Option<u64> {
    m.parameters.or_else(|| m.shape.as_ref()?.parameters())
}

/// Whether a header states other KV-cache dimensions than a config: layers, KV heads or the
/// head dimension, each where the header states it.
fn disagree(config: &ModelShape, header: &ModelShape) -> bool {
    let differs = |h: Option<u64>, c: Option<u64>| h.is_some() && h != c;
    differs(header.layers.map(u64::from), config.layers.map(u64::from))
        || differs(header.kv_heads, config.kv_heads)
        || differs(header.head_dim, config.head_dim)
}

/// Where the weights alone, with the fixed overhead, could possibly go: if even that is
/// more than the device holds, no KV cache or layer split will make it fit.
fn certainly_too_big(weights: u64, params: &MemoryParams, offer: Offer) -> bool {
    let at_least = weights.saturating_add(params.overhead_bytes).saturating_add(params.safety_margin_bytes);
    let capacity = match (offer.gpu_bytes > 0, offer.cpu_ok) {
        (true, true) if offer.unified => offer.ram_bytes.max(offer.gpu_bytes),
        (true, true) => offer.gpu_bytes.saturating_add(offer.ram_bytes),
        (true, false) => offer.gpu_bytes,
        (false, true) => offer.ram_bytes,
        (false, false) => 0,
    };
    at_least > capacity
}

/// A text model on a device: what all its files share (context, KV cache, overhead).
pub(crate) struct TextFit<'a> {
    device: &'a Device,
    params: Cow<'a, MemoryParams>,
    offer: Offer,
    /// From config.json, else from a weight file's header (`dimensions`).
    shape: Option<Cow<'a, ModelShape>>,
    pub parameters: Option<u64>,
    context: Option<u64>,
    /// The longest context the model and the worker allow.
    limit: Option<u64>,
    kv: Option<u64>,
    /// Overhead and compute buffer at `context`.
    fixed: Option<u64>,
}

impl<'a> TextFit<'a> {
    pub(crate) fn new(m: &'a ModelMetadata, worker: &'a WorkerProfile, device: &'a Device) -> Self {
        let params = worker.memory_params();
        let header = m.dimensions.as_ref().map(ModelShape::from_dimensions).filter(|h| h.pattern_layers() > 0);
        let shape = match (m.shape.as_ref(), header) {
            // A header states the file's own dimensions: where they differ from a config's
            // (one read for the model a GGUF repository quantizes, say), the file's win. A
            // config keeps what a header cannot state (layer patterns, MLA) where they agree.
            (Some(config), Some(header)) if config.mla.is_none() && disagree(config, &header) => {
                Some(Cow::Owned(header))
            }
            (Some(config), _) => Some(Cow::Borrowed(config)),
            (None, header) => header.map(Cow::Owned),
        };
        let model_context = m.context_length.or_else(|| shape.as_ref()?.max_context);
        let context = memory::resolve_context(model_context, worker.max_context, None);
        let kv = shape
            .as_deref()
            .zip(context)
            .and_then(|(s, c)| memory::kv_cache_bytes(s, params.kv_cache_type, c, params.cap_sliding_window).ok());
        let fixed = shape
            .as_deref()
            .and_then(|s| memory::compute_buffer_bytes(s, &params, context))
            .map(|compute| compute.saturating_add(params.overhead_bytes));
        Self {
            device,
            offer: Offer::of(device, &worker.backends),
            params,
            shape,
            parameters: parameters(m),
            context,
            limit: context,
            kv,
            fixed,
        }
    }

    /// Where one file goes, from numbers alone.
    pub(crate) fn place(&self, weights: FileWeights) -> FileFit {
        let unknown = FileFit {
            fit: Fit::Unknown,
            weights_bytes: None,
            weights_estimated: false,
            needs_bytes: None,
            gpu_layers: None,
        };
        let Some((bytes, estimated)) = weights else { return unknown };
        let mut fit = FileFit { weights_bytes: Some(bytes), weights_estimated: estimated, ..unknown };
        match self.kv.zip(self.fixed) {
            Some((kv, fixed)) => {
                let need = Need {
                    weights: bytes,
                    kv,
                    fixed,
                    margin: self.params.safety_margin_bytes,
                    layers: self.shape.as_deref().and_then(|s| s.layers),
                };
                (fit.fit, fit.gpu_layers) = place(need, self.offer);
                fit.needs_bytes = Some(need.total().saturating_add(need.margin));
            }
            None if certainly_too_big(bytes, &self.params, self.offer) => fit.fit = Fit::DoesNotFit,
            None => {}
        }
        fit
    }

    /// The verdict for the file recommended (or, when none fits, the smallest), in
    /// words, with the longest context; its code goes into `f`, naming the file when the
    /// model has others (`named`).
    pub(crate) fn verdict(
        &self,
        file: Option<&LogicalFile<'_>>,
        weights: FileWeights,
        named: bool,
        f: &mut Findings,
    ) -> (MemoryEstimate, FitVerdict) {
        let weights =
            weights.map(|(bytes, estimated)| Weights { bytes, estimated, basis: self.basis(file, estimated) });
        let no_shape;
        let shape = match self.shape.as_deref() {
            Some(shape) => shape,
            None => {
                no_shape = ModelShape::default();
                &no_shape
            }
        };
        let weights_bytes = weights.as_ref().map(|w| w.bytes);
        let mut estimate = memory::estimate_owned(shape, weights, &self.params, self.context);
        if self.shape.is_none() {
            // Not one dimension is known: say what would tell them, not every field.
            estimate.unknown.retain(|u| u == "weights" || u == "context");
            estimate.unknown.push("model dimensions (config.json or a weight file's header)".to_owned());
        }
        let mut fit = assess_with(&estimate, self.device, self.offer);
        if let (Some(limit), Some(w)) = (self.limit.filter(|_| estimate.total_bytes.is_some()), weights_bytes) {
            // Judged at the longest context allowed: where it fits there, that is the answer
            // without a search.
            let at_limit = self.context == Some(limit);
            let (runs, on_gpu) = match fit.fit {
                Fit::Fits if at_limit => (Some(limit), Some(limit)),
                Fit::FitsWithOffload | Fit::CpuOnly if at_limit => (Some(limit), None),
                _ => (None, None),
            };
            (fit.max_context, fit.max_context_on_gpu) = (runs, on_gpu);
            if runs.is_none() || on_gpu.is_none() {
                if let Some(probe) = Probe::new(shape, w, &self.params, self.offer) {
                    fit.max_context_on_gpu = on_gpu.or_else(|| probe.longest(limit, true));
                    fit.max_context = runs.or_else(|| probe.longest(limit, false));
                }
            }
        }
        if fit.fit == Fit::Unknown {
            if let Some(w) = weights_bytes.filter(|&w| certainly_too_big(w, &self.params, self.offer)) {
                too_big(&mut fit, w, &self.params);
            }
        }
        record(f, file.filter(|_| named), &fit, &estimate);
        (estimate, fit)
    }

    /// Where the weights' number comes from, for people: a fixed phrase, or the count and
    /// the table row (written by hand, see `push_u64`).
    fn basis(&self, file: Option<&LogicalFile<'_>>, estimated: bool) -> Cow<'static, str> {
        const COUNTED: &str = "safetensors parameters per dtype";
        let Some(file) = file else { return Cow::Borrowed(COUNTED) };
        if header_bytes(file).is_some() {
            return Cow::Borrowed("tensor bytes the header states");
        }
        if file.size_bytes.is_some() {
            return Cow::Borrowed(if file.parts == 1 { "file size" } else { "file sizes (every part)" });
        }
        let row = file.head.quantization.as_deref().and_then(quant_row);
        let (true, Some((row, milli)), Some(parameters)) = (estimated, row, self.parameters) else {
            return Cow::Borrowed(COUNTED);
        };
        let mut text = String::with_capacity(64);
        push_u64(&mut text, parameters);
        text.push_str(" parameters × ");
        push_u64(&mut text, milli / 1000);
        let fraction = milli % 1000;
        if fraction != 0 {
            // Thousandths, trailing zeros dropped: 4.899, 4.25, 5.5.
            text.push('.');
            for (unit, above) in [(100, 1000), (10, 100), (1, 10)] {
                if fraction.checked_rem(above).is_some_and(|rest| rest != 0) {
                    push_u64(&mut text, fraction.checked_div(unit).unwrap_or(0) % 10);
                }
            }
        }
        text.push_str(" bpw (");
        text.push_str(row.label);
        text.push_str(", ");
        text.push_str(row.kind);
        text.push(')');
        Cow::Owned(text)
    }
}

/// An image model on a device: a checkpoint plus, for a family whose checkpoints hold the
/// denoiser only (the catalog lists its companion files), the text encoders and the VAE,
/// plus the worker's activation allowance for the family's smallest listed resolution.
pub(crate) struct ImageFit<'a> {
    device: &'a Device,
    params: Cow<'a, MemoryParams>,
    offer: Offer,
}

impl<'a> ImageFit<'a> {
    pub(crate) fn new(worker: &'a WorkerProfile, device: &'a Device) -> Self {
        Self { device, params: worker.memory_params(), offer: Offer::of(device, &worker.backends) }
    }

    /// Companions and activation of `family`; `None` when the catalog has no allowance.
    fn extra(&self, family: &str) -> Option<u64> {
        let activation = self
            .params
            .image_activation
            .iter()
            .filter(|a| a.family.eq_ignore_ascii_case(family))
            .min_by_key(|a| a.resolution)?
            .bytes;
        let companions = self
            .params
            .image_companions
            .iter()
            .find(|c| c.family.eq_ignore_ascii_case(family))
            .map_or(0, |c| c.files.iter().fold(0u64, |sum, f| sum.saturating_add(f.bytes)));
        Some(activation.saturating_add(companions))
    }

    /// One checkpoint file of `family` (`None`: not a checkpoint whose family the worker
    /// knows, such as a LoRA, whose base checkpoint is not known).
    pub(crate) fn place(&self, size: Option<u64>, family: Option<&str>) -> FileFit {
        let mut fit = FileFit {
            fit: Fit::Unknown,
            weights_bytes: size,
            weights_estimated: false,
            needs_bytes: None,
            gpu_layers: None,
        };
        if let (Some(size), Some(extra)) = (size, family.and_then(|f| self.extra(f))) {
            let need = Need {
                weights: size,
                kv: 0,
                fixed: extra
                    .saturating_add(self.params.overhead_bytes)
                    .saturating_add(self.params.compute_buffer.fixed_bytes),
                margin: self.params.safety_margin_bytes,
                layers: None,
            };
            fit.fit = place(need, self.offer).0;
            fit.needs_bytes = Some(need.total().saturating_add(need.margin));
        }
        fit
    }

    /// The verdict in words for the recommended checkpoint (or the smallest, when none
    /// fits). `family` is the checkpoint's family, or what is missing to size it.
    pub(crate) fn verdict(
        &self,
        file: Option<&LogicalFile<'_>>,
        family: Result<&str, &str>,
        named: bool,
        f: &mut Findings,
    ) -> (MemoryEstimate, FitVerdict) {
        let size = file.and_then(|file| file.size_bytes);
        let (estimate, mut fit) = match (size, family) {
            (Some(size), Ok(family)) => {
                let checkpoint = Weights { bytes: size, estimated: false, basis: Cow::Borrowed("file size") };
                let denoiser_only = self.params.image_companions.iter().any(|c| c.family.eq_ignore_ascii_case(family));
                let estimate = memory::estimate_image_owned(checkpoint, family, denoiser_only, 0, &self.params);
                let fit = assess_with(&estimate, self.device, self.offer);
                (estimate, fit)
            }
            _ => {
                let missing = match (size, family) {
                    (_, Err(missing)) => missing,
                    (None, Ok(_)) => "file size",
                    (Some(_), Ok(family)) => family,
                };
                let estimate = MemoryEstimate {
                    weights_bytes: size,
                    overhead_bytes: self.params.overhead_bytes,
                    safety_margin_bytes: self.params.safety_margin_bytes,
                    unknown: vec![missing.to_owned()],
                    codes: vec![Code::MemoryUnknown],
                    ..MemoryEstimate::default()
                };
                let fit = assess_with(&estimate, self.device, self.offer);
                (estimate, fit)
            }
        };
        if fit.fit == Fit::Unknown {
            if let Some(size) = size.filter(|&s| certainly_too_big(s, &self.params, self.offer)) {
                too_big(&mut fit, size, &self.params);
            }
        }
        record(f, file.filter(|_| named), &fit, &estimate);
        (estimate, fit)
    }
}

/// A verdict whose need is unknown, but whose weights alone are more than the device holds.
fn too_big(fit: &mut FitVerdict, weights: u64, params: &MemoryParams) {
    let at_least = weights.saturating_add(params.overhead_bytes).saturating_add(params.safety_margin_bytes);
    fit.fit = Fit::DoesNotFit;
    fit.code = Some(Code::DoesNotFit);
    fit.needs_bytes = Some(at_least);
    fit.reason = format!(
        "needs at least {} before the KV cache; the GPU has {} and RAM {}: it does not fit",
        gib(at_least),
        gib(fit.gpu_bytes),
        gib(fit.ram_bytes)
    );
}

/// The fit's code, as a warning or a block of the worker's verdict.
fn record(f: &mut Findings, file: Option<&LogicalFile<'_>>, fit: &FitVerdict, estimate: &MemoryEstimate) {
    let Some(code) = fit.code else { return };
    let text = match file {
        Some(file) => {
            let mut text =
                String::with_capacity(file.head.name.len().saturating_add(fit.reason.len()).saturating_add(2));
            text.push_str(&file.head.name);
            text.push_str(": ");
            text.push_str(&fit.reason);
            text
        }
        None => fit.reason.clone(),
    };
    if code.is_blocking() {
        f.block(code, text);
        if code == Code::DoesNotFit {
            match estimate.total_bytes {
                Some(_) => f.recommend(format!(
                    "Look for a smaller quantization or model: this one needs {} of GPU memory to run on the GPU.",
                    gib(fit.needs_bytes.unwrap_or_default())
                )),
                None => f.recommend("Look for a smaller quantization or model."),
            }
        }
    } else {
        f.warn(code, text);
    }
}
