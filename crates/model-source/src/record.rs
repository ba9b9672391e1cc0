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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The model's page on its site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub metadata: ModelMetadata,
    /// Fields of the record that could not be read (wrong type, say); the rest was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
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
