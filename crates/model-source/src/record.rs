//! What a source returns: models as the marketplace shows them, with the facts the rules
//! read, and no verdict (the caller judges, see [`crate::judge`]).

use compat_core::{ModelMetadata, Source};
use serde::{Deserialize, Serialize};

/// A model as a source read it: display fields, the facts, and what could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelRecord {
    pub id: String,
    pub name: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downloads: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likes: Option<u64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<u64>,
    /// The licence's id (the Hub's `cardData.license` or `license:` tag, e.g. `apache-2.0`).
    /// CivitAI names none: what its licence allows is in `permissions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// What the licence allows, when the source states it (CivitAI's permission flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<LicensePermissions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The model's page on its site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub metadata: ModelMetadata,
    /// Headers read from the weight files themselves (over HTTP when the source was asked to
    /// inspect them; from disk for a local model), one per file read (each shard of a split
    /// file is one). Their facts are in `metadata` too (`compat_core::apply_header`); a file
    /// that could not be read has a note.
    #[serde(default, skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderRead>,
    /// Fields of the record that could not be read (wrong type, say); the rest was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The header of one weight file, read from the file itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HeaderRead {
    /// The file's path in the repository (or in the model directory).
    pub file: String,
    /// What the header says.
    pub facts: model_headers::HeaderFacts,
    /// HTTP requests made (retries not counted), or reads of a local file.
    pub requests: u32,
    /// Bytes received (or read from the file).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_read: u64,
}

/// What a model's licence allows, as CivitAI states it (`allowCommercialUse`,
/// `allowDerivatives`, `allowDifferentLicense`, `allowNoCredit`). Absent: not stated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct LicensePermissions {
    /// The commercial uses allowed (`Image`, `RentCivit`, `Rent`, `Sell`); empty: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commercial_use: Option<Vec<String>>,
    /// Derivatives (merges, fine-tunes) may be shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivatives: Option<bool>,
    /// Derivatives may carry a different licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub different_license: Option<bool>,
    /// Use without crediting the creator is allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_credit: Option<bool>,
}

impl LicensePermissions {
    /// `None` when no flag is stated, so that an absent licence is not shown as "nothing allowed".
    pub fn stated(self) -> Option<Self> {
        (self != Self::default()).then_some(self)
    }
}

/// An item of a page that could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemProblem {
    pub index: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub error: String,
}

/// One page of a listing, as the source served it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub records: Vec<ModelRecord>,
    /// Opaque token for the next page (`None`: this was the last).
    pub next: Option<String>,
    /// Items skipped because they could not be read; never silently dropped.
    pub problems: Vec<ItemProblem>,
}
