//! Raw CivitAI API records, parsed tolerantly.
//!
//! These types hold what CivitAI sent, in its own vocabulary: enum-like fields
//! (`type`, `baseModel`, `metadata.format`, `metadata.fp`, scan results, `mode`,
//! `availability`) stay strings, so a value CivitAI adds tomorrow is kept verbatim and
//! never fails a page. [`crate::extract`] turns them into [`compat_core::ModelMetadata`].
//!
//! # Tolerance
//!
//! Every field but the ids may be null or missing. Beyond that, fields fall in two
//! groups:
//!
//! - **Cosmetic** fields (names, descriptions, stats, creator, tags, images, dates,
//!   licence flags, `sizeKB`, hashes, `primary`, `metadata.fp/size/format`) are
//!   lenient: a value of the wrong type or out of range (`1e400`, see
//!   `compat_core::wire`) is read as absent with a line in the record's `notes`, rather
//!   than costing the model its place on the page. The Hub's records follow the same
//!   policy.
//! - Fields a verdict or a content filter relies on, where a silent default would be
//!   unsafe, are strict: `nsfw`, `nsfwLevel`, `mode`, `availability`,
//!   `pickleScanResult`, `virusScanResult`, and the structure itself (`id`,
//!   `modelVersions`, `files`). A wrong type there makes the record fail; in a list
//!   page only that item fails and is reported in [`ModelsPage::bad_items`].
//!
//! Null or missing is never an error: `mode` is absent unless a model is `Archived` or
//! `TakenDown`, `primary` is absent unless true, stats and `metadata.fp/size/format`
//! can be null.
//!
//! By concern: [`model`] holds the records and how each is read, [`page`] the list page,
//! [`parse`] the entry points for one body and the shape detection that tells them apart,
//! [`enums`] `/api/v1/enums`, [`error_body`] the messages of error responses.

mod enums;
mod error_body;
mod model;
mod page;
mod parse;

pub use enums::{CivitaiEnums, parse_enums};
pub use error_body::{CivitaiErrorBody, parse_error_body};
pub use model::{
    CivitaiCreator, CivitaiFile, CivitaiFileMetadata, CivitaiImage, CivitaiModel, CivitaiStats, CivitaiVersion,
    CivitaiVersionModel,
};
pub use page::{BadItem, ModelsPage, models_page_from_value, parse_models_page};
pub use parse::{
    CivitaiBody, ParseError, body_from_value, looks_like_civitai, model_from_value, parse_model, parse_version,
    version_from_value,
};
