//! What the functions return, shaped for JavaScript.

use compat_core::{CompatibilityResult, ModelMetadata};
#[cfg(any(feature = "inspect", feature = "files"))]
use model_source::HeaderRead;
use serde::{Deserialize, Serialize};
#[cfg(feature = "http")]
use {
    compat_core::Source,
    model_source::{LicensePermissions, ModelEntry},
};

/// A model as the marketplace shows it: display fields, the facts the rules read
/// (`metadata`) and the verdict (`compatibility`).
///
/// This is the Rust `ModelEntry` with one rename: its `sizeBytes` is `size` here.
#[cfg(feature = "http")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// `owner/name` on the Hub; the numeric model id, as a string, on CivitAI.
    pub id: String,
    pub name: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// CivitAI: the description as sent (HTML). The Hub's listings carry none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub downloads: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub likes: Option<u64>,
    /// Size in bytes of the file to download (the recommended file, all its parts): as the
    /// record states it or, when it states none, estimated from the parameter count and the
    /// quantization (`sizeEstimated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: Option<u64>,
    /// `size` is an estimate, not the files' stated size.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub size_estimated: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A preview image (CivitAI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// ISO 8601 timestamp, as the API sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// ISO 8601 timestamp, as the API sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Parameter count, when the record states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub parameters: Option<u64>,
    /// The licence's id (the Hub's `cardData.license` or `license:` tag, e.g. `apache-2.0`;
    /// the same as `metadata.license`). CivitAI names none: see `permissions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// What the licence allows, when the source states it (CivitAI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<LicensePermissions>,
    /// The model's page on its site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Fields of the record that could not be read (wrong type, say); the rest was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub notes: Vec<String>,
    pub metadata: ModelMetadata,
    pub compatibility: CompatibilityResult,
    /// The weight-file headers read (the `inspect` option, `inspectFile`): per file, what its
    /// header says. Their facts are in `metadata` too. Absent when none was read.
    #[cfg(any(feature = "inspect", feature = "files"))]
    #[serde(default, skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub headers: Vec<HeaderRead>,
}

#[cfg(feature = "http")]
impl From<ModelEntry> for Model {
    fn from(ModelEntry { record: entry, size_bytes, size_estimated, compatibility }: ModelEntry) -> Self {
        Self {
            id: entry.id,
            name: entry.name,
            source: entry.source,
            author: entry.author,
            description: entry.description,
            downloads: entry.downloads,
            likes: entry.likes,
            size: size_bytes,
            size_estimated,
            tags: entry.tags,
            image_url: entry.image_url,
            created_at: entry.created_at,
            last_modified: entry.last_modified,
            parameters: entry.parameters,
            license: entry.license,
            permissions: entry.permissions,
            url: entry.url,
            notes: entry.notes,
            metadata: entry.metadata,
            compatibility,
            #[cfg(any(feature = "inspect", feature = "files"))]
            headers: entry.headers,
        }
    }
}

/// One page of a listing (`listHuggingFaceModelsPage`, `listCivitaiModelsPage`), for
/// "load more": pass `nextCursor` back as `cursor`, with the same filters, for the next one.
#[cfg(feature = "http")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ModelPage {
    /// The models of the source pages read (those `include` keeps), in listing order. Whole
    /// source pages are read, so there may be more than `limit`.
    pub models: Vec<Model>,
    /// Where the next page starts (opaque; it holds the ids already returned, so that a
    /// model the source repeats is not returned twice). Absent once the listing is exhausted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Models read by this call, compatible or not.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub scanned: usize,
    /// The listing has no more models.
    pub exhausted: bool,
    /// Why this page ended.
    #[cfg_attr(feature = "ts", ts(type = "StopReason"))]
    pub stopped_by: model_source::StopReason,
}

/// One model `filterCompatibleModels` kept: the metadata it was given, and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct CompatibleModel {
    pub metadata: ModelMetadata,
    pub compatibility: CompatibilityResult,
}

/// [`CompatibleModel`] by reference, to serialize without copying the metadata.
#[derive(Debug, Serialize)]
pub(crate) struct CompatibleModelRef<'a> {
    pub metadata: &'a ModelMetadata,
    pub compatibility: CompatibilityResult,
}
