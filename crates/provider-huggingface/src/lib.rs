//! The HuggingFace Hub provider: raw Hub API JSON to [`compat_core::ModelMetadata`].
//!
//! - [`record`]: the wire types. [`HfModelRecord`] reads every `/api/models` shape (list,
//!   list with `expand[]`, detail) and never fails on a wrong-typed field: it reads it as
//!   absent and notes the problem in [`HfModelRecord::notes`].
//! - [`extract`]: record to metadata, pure and without I/O; the rules are listed there.
//! - [`HuggingFaceSource`] (feature `http`, on by default): the Hub as a
//!   [`model_source::ModelSource`]: listings paged by `Link` header, detail by id with
//!   rename redirects followed, optional `config.json` enrichment, and the weight files'
//!   own headers read with HTTP ranges ([`inspect`]).
//!
//! ```
//! use provider_huggingface::extract_from_json;
//!
//! let body = r#"{"id": "ggml-org/gemma-3-1b-it-GGUF", "tags": ["gguf"], "config": {},
//!   "gguf": {"architecture": "gemma3", "context_length": 32768},
//!   "siblings": [{"rfilename": "gemma-3-1b-it-Q4_K_M.gguf"}]}"#;
//! let models = extract_from_json(body).unwrap();
//! let (_, metadata) = &models[0];
//! assert_eq!(metadata.architecture.as_ref().unwrap().raw, "gemma3");
//! // The catalog a model is judged against says which family that is.
//! let catalog = compat_core::default_catalog();
//! assert_eq!(catalog.architecture_of(metadata).unwrap().family.as_deref(), Some("gemma"));
//! assert!(compat_core::judge(metadata, catalog, None).compatible);
//! ```

// Wire numbers (sizes, counts, lengths) are adversarial: arithmetic is checked or saturating,
// and a local `#[allow]` says why an operation cannot overflow (issue 16).
#![warn(clippy::arithmetic_side_effects)]

#[cfg(feature = "http")]
mod entry;
pub mod extract;
#[cfg(feature = "files")]
pub mod files;
#[cfg(feature = "http")]
pub mod inspect;
#[cfg(feature = "local")]
pub mod local;
#[cfg(feature = "http")]
mod query;
pub mod record;
#[cfg(feature = "http")]
mod snapshot;
#[cfg(feature = "http")]
mod source;

#[cfg(feature = "http")]
pub use entry::model_record;
#[cfg(feature = "http")]
pub use inspect::{Inspect, InspectTarget, Inspection, inspection_targets, is_uncertain};
#[cfg(feature = "http")]
pub use query::{HfQuery, HfSort, MAX_PAGE_SIZE, SortDirection};
#[cfg(feature = "http")]
pub use snapshot::HubSnapshot;
#[cfg(feature = "http")]
pub use source::{
    DEFAULT_ENDPOINT, DEFAULT_ENRICH_BUDGET, DEFAULT_INSPECT_BUDGET, DEFAULT_INSPECT_CONCURRENCY, EXPAND_FIELDS,
    HuggingFaceOptions, HuggingFaceSource,
};

pub use extract::{
    context_length_from_config, extract_files_from_tree, extract_from_json, extract_metadata,
    extract_metadata_with_tree, model_kind, quantization_from_config,
};
pub use record::{
    HfBody, HfCardData, HfConfig, HfGated, HfGguf, HfModelRecord, HfSafetensors, HfSibling, HfTransformersInfo,
    HfTreeEntry, ParseError, body_from_value, parse_body,
};
