//! Verdicts: the answer the rules give, with its evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::format::WeightFormat;

/// How sure a verdict is. `None` is the confidence of every incompatible verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    #[default]
    None,
    Low,
    Medium,
    High,
}

/// Stable machine codes. Their wire names never change; new ones may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    // Blocking: the worker cannot run the model (or file, or version).
    UnsupportedArchitecture,
    ArchitectureUnknown,
    UnsupportedFormat,
    FormatUnknown,
    QuantizedWeightsUnsupported,
    UnsupportedQuantization,
    NotTextGeneration,
    NotImageGeneration,
    UnsupportedPipeline,
    Disabled,
    UnsafePickle,
    ScanDanger,
    Archived,
    UnsupportedBaseModel,
    UnsupportedModelType,
    NotModelWeights,
    NoRunnableFile,
    /// The catalog the model was judged against has no workers.
    NoWorkers,
    /// The model needs more memory than the device's GPU and RAM hold.
    DoesNotFit,
    /// The device's GPUs use a backend the worker does not run on, and the worker has no CPU path.
    BackendUnsupported,
    // Warnings: runnable, with a caveat.
    ContextTruncated,
    VisionInputIgnored,
    Gated,
    ScanPending,
    EarlyAccess,
    MixedQuantization,
    QuantizationUnknown,
    ArchitectureInferred,
    /// Runs with some layers on the GPU and the rest from RAM (slower).
    FitsWithOffload,
    /// Runs from RAM on the CPU only (much slower).
    CpuOnly,
    /// A fact the memory estimate needs is missing (weights, context, head counts).
    MemoryUnknown,
}

impl Code {
    /// Whether this code prevents running.
    pub fn is_blocking(self) -> bool {
        !matches!(
            self,
            Self::ContextTruncated
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
        )
    }

    /// The wire name (`unsupported_architecture`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnsupportedArchitecture => "unsupported_architecture",
            Self::ArchitectureUnknown => "architecture_unknown",
            Self::UnsupportedFormat => "unsupported_format",
            Self::FormatUnknown => "format_unknown",
            Self::QuantizedWeightsUnsupported => "quantized_weights_unsupported",
            Self::UnsupportedQuantization => "unsupported_quantization",
            Self::NotTextGeneration => "not_text_generation",
            Self::NotImageGeneration => "not_image_generation",
            Self::UnsupportedPipeline => "unsupported_pipeline",
            Self::Disabled => "disabled",
            Self::UnsafePickle => "unsafe_pickle",
            Self::ScanDanger => "scan_danger",
            Self::Archived => "archived",
            Self::UnsupportedBaseModel => "unsupported_base_model",
            Self::UnsupportedModelType => "unsupported_model_type",
            Self::NotModelWeights => "not_model_weights",
            Self::NoRunnableFile => "no_runnable_file",
            Self::NoWorkers => "no_workers",
            Self::DoesNotFit => "does_not_fit",
            Self::BackendUnsupported => "backend_unsupported",
            Self::ContextTruncated => "context_truncated",
            Self::VisionInputIgnored => "vision_input_ignored",
            Self::Gated => "gated",
            Self::ScanPending => "scan_pending",
            Self::EarlyAccess => "early_access",
            Self::MixedQuantization => "mixed_quantization",
            Self::QuantizationUnknown => "quantization_unknown",
            Self::ArchitectureInferred => "architecture_inferred",
            Self::FitsWithOffload => "fits_with_offload",
            Self::CpuOnly => "cpu_only",
            Self::MemoryUnknown => "memory_unknown",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: Option<u64>,
    /// Number of files in a split set; 1 for a single file.
    pub parts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub hashes: BTreeMap<String, String>,
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
}
