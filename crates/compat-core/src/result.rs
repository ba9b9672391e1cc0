//! Verdicts: the answer the rules give, with its evidence.

use serde::{Deserialize, Serialize};

use crate::StringMap;
use crate::format::WeightFormat;
use crate::memory::{Fit, FitVerdict, MemoryEstimate};
use crate::wire_enum::wire_enum;

wire_enum! {
    /// How sure a verdict is. `None` is the confidence of every incompatible verdict.
    pub enum Confidence #[derive(PartialOrd, Ord, Default)] {
        #[default]
        None => "none",
        Low => "low",
        Medium => "medium",
        High => "high",
    }
}

wire_enum! {
    /// Stable machine codes. Their wire names never change; new ones may be added.
    pub enum Code #[derive(PartialOrd, Ord)] #[non_exhaustive] {
        // Blocking: the worker cannot run the model (or file, or version).
        UnsupportedArchitecture => "unsupported_architecture",
        ArchitectureUnknown => "architecture_unknown",
        UnsupportedFormat => "unsupported_format",
        FormatUnknown => "format_unknown",
        QuantizedWeightsUnsupported => "quantized_weights_unsupported",
        UnsupportedQuantization => "unsupported_quantization",
        /// A GGUF file's header shows tensors of a ggml type the worker cannot load (an i-quant
        /// tensor in a file whose name says k-quant, say).
        UnsupportedTensorType => "unsupported_tensor_type",
        NotTextGeneration => "not_text_generation",
        NotImageGeneration => "not_image_generation",
        UnsupportedPipeline => "unsupported_pipeline",
        Disabled => "disabled",
        UnsafePickle => "unsafe_pickle",
        ScanDanger => "scan_danger",
        Archived => "archived",
        UnsupportedBaseModel => "unsupported_base_model",
        UnsupportedModelType => "unsupported_model_type",
        NotModelWeights => "not_model_weights",
        NoRunnableFile => "no_runnable_file",
        /// The catalog the model was judged against has no workers.
        NoWorkers => "no_workers",
        /// The model needs more memory than the device's GPU and RAM hold.
        DoesNotFit => "does_not_fit",
        /// The device's GPUs use a backend the worker does not run on, and the worker has no CPU path.
        BackendUnsupported => "backend_unsupported",
        // Warnings: runnable, with a caveat.
        ContextTruncated => "context_truncated",
        /// The record states no context length (a listing without config.json): whether the
        /// worker truncates it is not known.
        ContextUnknown => "context_unknown",
        VisionInputIgnored => "vision_input_ignored",
        Gated => "gated",
        ScanPending => "scan_pending",
        EarlyAccess => "early_access",
        MixedQuantization => "mixed_quantization",
        QuantizationUnknown => "quantization_unknown",
        ArchitectureInferred => "architecture_inferred",
        /// Runs with some layers on the GPU and the rest from RAM (slower).
        FitsWithOffload => "fits_with_offload",
        /// Runs from RAM on the CPU only (much slower).
        CpuOnly => "cpu_only",
        /// A fact the memory estimate needs is missing (weights, context, head counts).
        MemoryUnknown => "memory_unknown",
        /// The sizes a split file's parts give add up past 2^64 bytes: its size is unknown.
        SizeUnknown => "size_unknown",
    }
}

impl Code {
    /// Whether this code prevents running.
    pub fn is_blocking(self) -> bool {
        !matches!(
            self,
            Self::ContextTruncated
                | Self::ContextUnknown
                | Self::VisionInputIgnored
                | Self::Gated
                | Self::ScanPending
                | Self::EarlyAccess
                | Self::MixedQuantization
                | Self::QuantizationUnknown
                | Self::ArchitectureInferred
                | Self::FitsWithOffload
                | Self::CpuOnly
                | Self::MemoryUnknown
                | Self::SizeUnknown
        )
    }
}

/// Whether one logical file (all shards of a split file count as one) can be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FileVerdict {
    /// The file a loader opens (the first shard of a split file).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<WeightFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<String>,
    /// Number of files in a split set; 1 for a single file.
    pub parts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: Option<u64>,
    pub runnable: bool,
    /// Why not runnable, or the caveat when runnable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// CivitAI: the version this file belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version_id: Option<u64>,
    /// Judged with a device: whether this file fits it, with the numbers. Only for files the
    /// worker loads; the model's `fit` has the breakdown and the reason for the file it
    /// recommends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<FileFit>,
}

/// Whether one file fits the device: numbers only (the text is written for the
/// recommended file alone, in the model's `fit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FileFit {
    pub fit: Fit,
    /// The weights in memory: the file's size, or parameters × the quant's bits per weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub weights_bytes: Option<u64>,
    /// `weightsBytes` is estimated, not counted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub weights_estimated: bool,
    /// Weights, KV cache, overhead and the safety margin (`fit` unknown: absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub needs_bytes: Option<u64>,
    /// Layers on the GPU (`fits_with_offload`: some of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_layers: Option<u32>,
}

/// The file to download to run the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct RecommendedFile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<WeightFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    /// Bytes of the file (all its parts): counted when the record gives sizes, else
    /// estimated (`sizeEstimated`) from the parameter count and the quant's bits per weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: Option<u64>,
    /// `sizeBytes` is an estimate, not the files' stated size.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub size_estimated: bool,
    /// Number of files in a split set; 1 for a single file.
    pub parts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<std::collections::BTreeMap<String, String>>"))]
    pub hashes: StringMap,
}

/// The verdict of one worker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct WorkerVerdict {
    pub id: String,
    pub compatible: bool,
    pub confidence: Confidence,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
    pub codes: Vec<Code>,
}

/// The verdict for one CivitAI model version.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct VersionVerdict {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_model: Option<String>,
    pub compatible: bool,
    pub confidence: Confidence,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
    pub codes: Vec<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended_file: Option<RecommendedFile>,
}

/// Whether a model can run, why, and how.
///
/// `compatible`, `confidence`, `reasons`, `warnings` and `recommendations` are the
/// marketplace's original contract; the rest was added without changing it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct CompatibilityResult {
    pub compatible: bool,
    pub confidence: Confidence,
    /// Why the model cannot run (empty when compatible).
    pub reasons: Vec<String>,
    /// Caveats that do not prevent running.
    pub warnings: Vec<String>,
    /// What to do about the reasons or warnings.
    pub recommendations: Vec<String>,
    /// Machine codes for every reason and warning, sorted, without duplicates.
    pub codes: Vec<Code>,
    /// One verdict per worker judged.
    pub workers: Vec<WorkerVerdict>,
    /// Per logical file, for the worker whose verdict this is.
    pub files: Vec<FileVerdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended_file: Option<RecommendedFile>,
    /// CivitAI: one verdict per version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub versions: Vec<VersionVerdict>,
    /// Judged with a device: what the recommended file (else the smallest file the worker
    /// loads) needs in memory: weights, KV cache, overhead, total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<MemoryEstimate>"))]
    pub memory: Option<Box<MemoryEstimate>>,
    /// Judged with a device: where that file runs (`fits`, `fits_with_offload` with the
    /// layers on the GPU, `cpu_only`, `does_not_fit`, `unknown`), the memory available, the
    /// longest context that fits, and the reason in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<FitVerdict>"))]
    pub fit: Option<Box<FitVerdict>>,
}
