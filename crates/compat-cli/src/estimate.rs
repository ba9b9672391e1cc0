//! `estimate`: the memory a model needs from its config.json, and whether it fits a device.
//!
//! A contract other tools script against: with `--json` it prints one object whose names
//! (`weightsBytes`, `kvCacheBytes`, `overheadBytes`, `totalBytes`, `fit`) do not change.

use std::path::PathBuf;

use clap::Args;
use compat_core::memory::{self, FitVerdict, KvCacheType, MemoryEstimate, ModelShape, Weights};
use compat_core::{Device, WorkerProfile, default_catalog};
use serde::Serialize;
use serde_json::Value;

use crate::device::{DeviceArgs, parse_size};
use crate::error::{CliError, CliResult};
use crate::output;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    model-compat estimate --config config.json --quant Q4_K_M --context 32768 --device gpu-12gb\n  \
    model-compat estimate --config config.json --file-size 4920734272 --vram 8GiB --ram 32GiB --json\n  \
    model-compat estimate --config config.json --quant Q8_0 --device auto\n\n\
    Presets: gpu-8gb, gpu-12gb, gpu-16gb, gpu-24gb, datacenter-80gb, apple-16gb, apple-32gb, apple-64gb, cpu-16gb, cpu-32gb")]
pub struct EstimateArgs {
    /// The model's config.json (multimodal configs: its `text_config` is read).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Parameter count [default: computed from the config's dimensions].
    #[arg(long, value_name = "N")]
    pub params: Option<u64>,
    /// Quantization of the weights (Q4_K_M, Q8_0, F16, BF16, ...): bytes = parameters × its bits per weight.
    #[arg(long, value_name = "LABEL", conflicts_with = "file_size")]
    pub quant: Option<String>,
    /// Exact size of the weights (bytes, or with a unit: 4.6GiB, 4920MB).
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    pub file_size: Option<u64>,
    /// Context to size the KV cache for [default: the smaller of the model's and the worker's].
    #[arg(long, value_name = "N")]
    pub context: Option<u64>,
    /// KV cache element type [default: the worker's, f16].
    #[arg(long, value_name = "TYPE", value_parser = parse_kv_type)]
    pub kv_type: Option<KvCacheType>,
    #[command(flatten)]
    pub device: DeviceArgs,
    /// The worker whose memory parameters and backends apply.
    #[arg(long, value_name = "ID", default_value = "llm-worker")]
    pub worker: String,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    #[serde(skip_serializing_if = "Option::is_none")]
    model_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<u64>,
    /// `given` (--params) or `config` (computed from the dimensions).
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters_source: Option<&'static str>,
    #[serde(flatten)]
    estimate: MemoryEstimate,
    #[serde(skip_serializing_if = "Option::is_none")]
    device: Option<Device>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fit: Option<FitVerdict>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

pub fn run(args: &EstimateArgs) -> CliResult {
    let text = std::fs::read_to_string(&args.config)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", args.config.display())))?;
    let config: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::usage(format!("{} is not JSON: {e}", args.config.display())))?;
    if !config.is_object() {
        return Err(CliError::usage(format!("{} is not a config.json object", args.config.display())));
    }
    let worker = worker(&args.worker)?;
    let mut params = worker.memory_params().into_owned();
    if let Some(kv) = args.kv_type {
        params.kv_cache_type = kv;
    }
    let shape = ModelShape::from_config(&config);
    let (parameters, parameters_source) = match args.params {
        Some(n) => (Some(n), Some("given")),
        None => (shape.parameters(), shape.parameters().map(|_| "config")),
    };
    let mut notes = Vec::new();
    let weights = match (args.file_size, &args.quant) {
        (Some(bytes), _) => Some(Weights::from_file_sizes([bytes])),
        (None, Some(quant)) => match parameters {
            Some(n) => {
                let w = Weights::from_parameters(n, quant);
                if w.is_none() {
                    let known: Vec<&str> = memory::bits_per_weight_table().map(|q| q.label).collect();
                    return Err(CliError::usage(format!(
                        "no bits per weight known for `{quant}` (known: {})",
                        known.join(", ")
                    )));
                }
                w
            }
            None => {
                notes.push("the parameter count is unknown (give --params): weights not estimated".to_owned());
                None
            }
        },
        (None, None) => {
            notes.push("no --quant or --file-size: weights not counted".to_owned());
            None
        }
    };
    let context = memory::resolve_context(shape.max_context, worker.max_context, args.context);
    let context_limit = memory::resolve_context(shape.max_context, worker.max_context, None);
    if args.context.is_some_and(|c| context_limit.is_some_and(|l| c > l)) {
        notes.push(format!(
            "context capped at {} (the model's or the worker's limit)",
            context_limit.unwrap_or_default()
        ));
    }
    let device = args.device.device(&mut notes)?;
    let (estimate, fit) = match &device {
        Some(device) => {
            let (e, v) =
                memory::plan(&shape, weights.as_ref(), &params, device, &worker.backends, context, context_limit);
            (e, Some(v))
        }
        None => (memory::estimate(&shape, weights.as_ref(), &params, context), None),
    };
    let out =
        Output { model_type: shape.model_type.clone(), parameters, parameters_source, estimate, device, fit, notes };
    if args.json {
        let line = serde_json::to_string(&out).map_err(|e| CliError::Failed(e.to_string()))?;
        output::emit(&format!("{line}\n"))
    } else {
        output::emit(&text_report(&out))
    }
}

fn worker(id: &str) -> CliResult<WorkerProfile> {
    default_catalog().worker(id.trim()).cloned().ok_or_else(|| {
        let valid: Vec<&str> = default_catalog().workers.iter().map(|w| w.id.as_str()).collect();
        CliError::usage(format!("unknown worker `{id}`: the default catalog has {}", valid.join(", ")))
    })
}

fn text_report(out: &Output) -> String {
    let mut text = String::new();
    if let Some(n) = out.parameters {
        text.push_str(&format!("parameters   {:.2} B ({})\n", n as f64 / 1e9, out.parameters_source.unwrap_or("")));
    }
    text.push_str(&breakdown(&out.estimate, out.fit.as_ref(), ""));
    for note in &out.notes {
        text.push_str(&format!("note         {note}\n"));
    }
    text
}

/// The memory breakdown for people, each line after `indent`: weights, KV cache, overhead,
/// total, what is missing, and with a device the fit, the longest contexts and the speed.
/// `estimate` and `check` print it.
pub fn breakdown(e: &MemoryEstimate, fit: Option<&FitVerdict>, indent: &str) -> String {
    let bytes = |b: Option<u64>| b.map_or_else(|| "unknown".to_owned(), memory::fit::gib);
    let mut lines = Vec::new();
    let estimated = if e.weights_estimated { " (estimated)" } else { "" };
    let basis = e.weights_basis.as_deref().map(|b| format!(": {b}")).unwrap_or_default();
    lines.push(format!("weights      {}{estimated}{basis}", bytes(e.weights_bytes)));
    let context = e.context.map_or_else(|| "unknown context".to_owned(), |c| format!("{c} tokens"));
    lines.push(format!("kv cache     {} ({}, {context})", bytes(e.kv_cache_bytes), e.kv_cache_type.as_str()));
    lines.push(format!(
        "overhead     {} (+ {} compute buffer)",
        memory::fit::gib(e.overhead_bytes),
        memory::fit::gib(e.compute_buffer_bytes)
    ));
    lines.push(format!(
        "total        {} (+ {} kept free on the device)",
        bytes(e.total_bytes),
        memory::fit::gib(e.safety_margin_bytes)
    ));
    if !e.unknown.is_empty() {
        lines.push(format!("unknown      {} (memory_unknown)", e.unknown.join(", ")));
    }
    if let Some(fit) = fit {
        lines.push(format!(
            "available    GPU {}, RAM {}",
            memory::fit::gib(fit.gpu_bytes),
            memory::fit::gib(fit.ram_bytes)
        ));
        lines.push(format!("fit          {}: {}", fit_name(fit.fit), fit.reason));
        if let Some(max) = fit.max_context_on_gpu {
            lines.push(format!("max context  {max} tokens on the GPU"));
        }
        if let Some(max) = fit.max_context {
            lines.push(format!("max context  {max} tokens on this device"));
        }
        if let Some(tps) = fit.tokens_per_second_estimate {
            lines.push(format!("speed        about {tps} tokens/s (estimate: weights read per token ÷ bandwidth)"));
        }
    }
    lines.iter().map(|l| format!("{indent}{l}\n")).collect()
}

/// `fits`, `fits_with_offload`, ... as the JSON says it.
pub fn fit_name(fit: memory::Fit) -> &'static str {
    match fit {
        memory::Fit::Fits => "fits",
        memory::Fit::FitsWithOffload => "fits_with_offload",
        memory::Fit::CpuOnly => "cpu_only",
        memory::Fit::DoesNotFit => "does_not_fit",
        memory::Fit::Unknown => "unknown",
    }
}

fn parse_kv_type(raw: &str) -> Result<KvCacheType, String> {
    KvCacheType::parse(raw).ok_or_else(|| format!("`{raw}` is not a KV cache type (f16, bf16, f32, q8_0, q4_0)"))
}
