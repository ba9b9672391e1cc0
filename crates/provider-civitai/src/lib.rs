//! CivitAI API responses to [`compat_core::ModelMetadata`].
//!
//! Pure: parses bytes the caller fetched and extracts the facts the rules judge. No
//! I/O, no async; builds for `wasm32-unknown-unknown`.
//!
//! - [`record`]: the wire types, parsed tolerantly ([`parse_models_page`],
//!   [`parse_model`], [`parse_version`], [`parse_enums`], [`parse_error_body`]).
//! - [`extract`]: records to metadata ([`extract_model`], [`extract_version`]).
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

mod de;
pub mod extract;
pub mod record;

pub use extract::{
    NSFW_LEVEL_MASK, extract_model, extract_page, extract_version, file_format, file_role, is_nsfw, model_file,
    model_version,
};
pub use record::{
    BadItem, CivitaiCreator, CivitaiEnums, CivitaiErrorBody, CivitaiFile, CivitaiFileMetadata, CivitaiImage,
    CivitaiModel, CivitaiStats, CivitaiVersion, CivitaiVersionModel, ModelsPage, ParseError, parse_enums,
    parse_error_body, parse_model, parse_models_page, parse_version,
};
