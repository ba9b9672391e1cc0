//! The trait every model source implements, and the paging built on it.

// B-trees, not hash sets: small sets, and no hasher code in the WASM module.
use std::collections::BTreeSet;

use async_trait::async_trait;
use compat_core::{CompatibilityResult, ModelMetadata, Source};
use serde::{Deserialize, Serialize};

use crate::error::SourceError;

/// A model as the marketplace shows it: display fields, the facts, the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelEntry {
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
    /// Total bytes of the weights, when the record says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The model's page on its site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub metadata: ModelMetadata,
    pub compatibility: CompatibilityResult,
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

/// One page of a listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub entries: Vec<ModelEntry>,
    /// Opaque token for the next page (`None`: this was the last).
    pub next: Option<String>,
    /// Items skipped because they could not be read; never silently dropped.
    pub problems: Vec<ItemProblem>,
}

/// How far [`ModelSource::collect`] goes.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// How many models to return.
    pub limit: usize,
    /// Stop after this many pages even if `limit` is not reached.
    pub max_pages: usize,
    /// Count only compatible models towards `limit` and return only those.
    pub compatible_only: bool,
    /// Resume from a token a previous run returned.
    pub start: Option<String>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        Self { limit: 20, max_pages: 10, compatible_only: true, start: None }
    }
}

/// Why collecting stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopReason {
    LimitReached,
    Exhausted,
    MaxPages,
}

/// What [`ModelSource::collect`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected {
    pub entries: Vec<ModelEntry>,
    /// Pages fetched.
    pub pages: usize,
    /// Models looked at (compatible or not).
    pub scanned: usize,
    /// Where to resume; `None` when the source is exhausted.
    pub next: Option<String>,
    pub stop: StopReason,
    pub problems: Vec<ItemProblem>,
}

/// Progress of a multi-page collection, for progress bars.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub pages: usize,
    pub scanned: usize,
    pub kept: usize,
    pub limit: usize,
}

/// A place models come from: HuggingFace, CivitAI, a test server.
#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
pub trait ModelSource {
    /// The source's listing filters.
    type Query: Clone + std::fmt::Debug + Send + Sync;

    /// Short name for messages (`huggingface`).
    fn name(&self) -> &'static str;

    /// One page of a listing; `cursor` is a token from a previous page.
    async fn list_page(&self, query: &Self::Query, cursor: Option<&str>) -> Result<Page, SourceError>;

    /// One model by id.
    async fn get_model(&self, id: &str) -> Result<ModelEntry, SourceError>;

    /// Pages until `limit` (compatible) models are found, the source is exhausted,
    /// or `max_pages` pages were read. Stops with an error on a cursor that repeats.
    async fn collect(&self, query: &Self::Query, options: &CollectOptions) -> Result<Collected, SourceError> {
        self.collect_with_progress(query, options, &mut |_| {}).await
    }

    /// [`ModelSource::collect`], reporting after each page.
    async fn collect_with_progress(
        &self,
        query: &Self::Query,
        options: &CollectOptions,
        on_page: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Collected, SourceError> {
        if options.limit == 0 {
            return Err(SourceError::InvalidQuery("limit must be at least 1".into()));
        }
        let mut out = Collected {
            entries: Vec::new(),
            pages: 0,
            scanned: 0,
            next: options.start.clone(),
            stop: StopReason::Exhausted,
            problems: Vec::new(),
        };
        let mut seen_cursors: BTreeSet<String> = BTreeSet::new();
        let mut seen_ids: BTreeSet<String> = BTreeSet::new();
        loop {
            if out.pages >= options.max_pages {
                out.stop = StopReason::MaxPages;
                break;
            }
            let cursor = out.next.take();
            if let Some(c) = &cursor {
                if !seen_cursors.insert(c.clone()) {
                    return Err(SourceError::Pagination {
                        url: c.clone(),
                        message: "the API returned a cursor it had already returned".into(),
                    });
                }
            }
            let page = self.list_page(query, cursor.as_deref()).await?;
            out.pages += 1;
            out.problems.extend(page.problems);
            out.next = page.next;
            for entry in page.entries {
                // Sources repeat items across pages; a model counts once.
                if !seen_ids.insert(entry.id.clone()) {
                    continue;
                }
                out.scanned += 1;
                if options.compatible_only && !entry.compatibility.compatible {
                    continue;
                }
                if out.entries.len() < options.limit {
                    out.entries.push(entry);
                }
            }
            on_page(Progress { pages: out.pages, scanned: out.scanned, kept: out.entries.len(), limit: options.limit });
            if out.entries.len() >= options.limit {
                out.stop = StopReason::LimitReached;
                break;
            }
            if out.next.is_none() {
                out.stop = StopReason::Exhausted;
                break;
            }
        }
        Ok(out)
    }
}
