//! Which self-hosted worker can run which HuggingFace or CivitAI model, and why.
//!
//! `compat-core` holds the rules and nothing else: it does no I/O, knows nothing of
//! HTTP, async runtimes or JavaScript, and builds for `wasm32-unknown-unknown`.
//! Providers turn raw API records into [`ModelMetadata`]; this crate turns metadata
//! and a [`WorkerProfile`] into a [`CompatibilityResult`] with reasons, warnings,
//! stable [`Code`]s and a [`Confidence`].
//!
//! ```
//! use compat_core::{ModelMetadata, ModelKind, Evidence, architecture, classify_path, is_model_compatible};
//!
//! let metadata = ModelMetadata {
//!     id: "ggml-org/gemma-3-1b-it-GGUF".into(),
//!     kind: ModelKind::TextGeneration,
//!     architecture: Some(architecture::architecture("gemma3", Evidence::Gguf)),
//!     files: classify_path("gemma-3-1b-it-Q4_K_M.gguf", None).into_iter().collect(),
//!     ..Default::default()
//! };
//! let verdict = is_model_compatible(&metadata);
//! assert!(verdict.compatible);
//! assert_eq!(verdict.recommended_file.unwrap().quantization.as_deref(), Some("Q4_K_M"));
//! ```

// Numbers come from the wire (sizes, counts, config dimensions, a caller's catalog and
// device): arithmetic saturates, is checked, or reads an overflow as unknown (issue 16).
// Test code is exempt: it computes expectations, not verdicts.
#![cfg_attr(not(test), warn(clippy::arithmetic_side_effects))]

pub mod architecture;
pub mod catalog;
mod collections;
pub mod device;
mod error_code;
pub mod files;
pub mod format;
mod header;
pub mod memory;
pub mod metadata;
mod open_enum;
pub mod quant;
pub mod read;
mod resolve;
pub mod result;
mod rules;
pub mod wire;
pub mod wire_enum;

pub use catalog::{
    BaseModelFamily, CatalogError, FamilySupport, FileTypeRole, LaterGeneration, NameSet, PipelineKind,
    PipelineSupport, TokenAdvice, Vocabulary, WorkerCatalog, WorkerProfile, default_catalog, default_catalog_json,
};
pub use collections::{CountMap, StringMap, StringSet};
pub use device::{Backend, Device, DeviceError, Gpu, device_preset, device_presets};
pub use error_code::ErrorCode;
pub use files::{classify_path, logical_files};
pub use format::WeightFormat;
pub use header::{FileHeader, apply_header};
pub use memory::{Fit, FitFilter, FitVerdict, MemoryEstimate, MemoryParams, ModelShape, Weights};
pub use metadata::{
    Architecture, Dimensions, Evidence, FileRole, FileScan, Gate, ModelFile, ModelKind, ModelMetadata, ModelVersion,
    ScanStatus, Shard, Source,
};
pub use quant::gguf_quant_from_filename;
pub use resolve::resolve;
pub use result::{
    Code, CompatibilityResult, Confidence, FileFit, FileVerdict, RecommendedFile, VersionVerdict, WorkerVerdict,
};
pub use rules::{
    check_model_worker_compatibility, filter_compatible_models, is_compatible, is_model_compatible, judge,
};
