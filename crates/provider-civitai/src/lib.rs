//! The CivitAI provider: CivitAI API responses to [`compat_core::ModelMetadata`].
//!
//! The parsing and extraction are pure: they read bytes the caller fetched and extract
//! the facts the rules judge, with no I/O and no async; without the `http` feature that
//! is the whole crate. Everything builds for `wasm32-unknown-unknown`.
//!
//! - [`record`]: the wire types, parsed tolerantly ([`parse_models_page`],
//!   [`parse_model`], [`parse_version`], [`parse_enums`], [`parse_error_body`]).
//! - [`extract`]: records to metadata ([`extract_model`], [`extract_version`]).
//! - `CivitaiSource` (feature `http`, on by default): CivitAI as a
//!   `model_source::ModelSource`: `/api/v1/models` paged by cursor and filtered by a
//!   `CivitaiQuery`, models by id, versions by id or by file hash.
//!
//! ```
//! use provider_civitai::{extract_model, parse_models_page};
//!
//! let body = br#"{
//!   "items": [
//!     {"id": 1, "name": "A", "type": "LORA", "nsfw": false, "modelVersions": [
//!       {"id": 10, "baseModel": "SDXL 1.0", "availability": "Public", "files": [
//!         {"name": "a.safetensors", "type": "Model", "primary": true,
//!          "metadata": {"format": "SafeTensor", "fp": "fp16", "size": "pruned"},
//!          "pickleScanResult": "Success", "virusScanResult": "Success"}]}]},
//!     {"id": "oops"}
//!   ],
//!   "metadata": {"nextCursor": "2|10"}
//! }"#;
//! let page = parse_models_page(body).unwrap();
//! assert_eq!(page.items.len(), 1);
//! assert_eq!(page.bad_items[0].index, 1);
//! assert_eq!(page.next_cursor.as_deref(), Some("2|10"));
//!
//! let verdict = compat_core::is_model_compatible(&extract_model(&page.items[0]));
//! assert!(verdict.compatible);
//! assert_eq!(verdict.recommended_file.unwrap().name, "a.safetensors");
//! ```

// Wire numbers (sizes, counts, lengths) are adversarial: arithmetic is checked or saturating,
// and a local `#[allow]` says why an operation cannot overflow (issue 16).
#![warn(clippy::arithmetic_side_effects)]

mod de;
#[cfg(feature = "http")]
mod entry;
pub mod extract;
#[cfg(feature = "http")]
mod query;
pub mod record;
#[cfg(feature = "http")]
mod snapshot;
#[cfg(feature = "http")]
mod source;

#[cfg(feature = "http")]
pub use entry::{model_record, version_record};
#[cfg(feature = "http")]
pub use query::{COMMERCIAL_USE, CivitaiPeriod, CivitaiQuery, CivitaiSort, MAX_PAGE_SIZE};
#[cfg(feature = "http")]
pub use snapshot::CivitaiSnapshot;
#[cfg(feature = "http")]
pub use source::{API_KEY_ENV, CivitaiOptions, CivitaiSource, DEFAULT_BASE_URL};

pub use extract::{
    NSFW_LEVEL_MASK, extract_model, extract_page, extract_version, file_format, is_nsfw, model_file, model_version,
};
pub use record::{
    BadItem, CivitaiBody, CivitaiCreator, CivitaiEnums, CivitaiErrorBody, CivitaiFile, CivitaiFileMetadata,
    CivitaiImage, CivitaiModel, CivitaiStats, CivitaiVersion, CivitaiVersionModel, ModelsPage, ParseError,
    body_from_value, looks_like_civitai, model_from_value, models_page_from_value, parse_enums, parse_error_body,
    parse_model, parse_models_page, parse_version, version_from_value,
};
