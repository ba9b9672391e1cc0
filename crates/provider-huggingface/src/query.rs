//! The listing filters of `/api/models`.

use model_source::SourceError;
use serde::{Deserialize, Serialize};

compat_core::wire_enum! {
    /// Sort keys the Hub accepts.
    pub enum HfSort {
        Downloads => "downloads",
        Likes => "likes",
        TrendingScore => "trendingScore",
        CreatedAt => "createdAt",
        LastModified => "lastModified",
    }
}

impl std::str::FromStr for HfSort {
    type Err = SourceError;

    fn from_str(s: &str) -> Result<Self, SourceError> {
        <Self as compat_core::wire_enum::WireEnum>::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                SourceError::InvalidQuery(format!(
                    "unknown sort `{s}` (use downloads, likes, trendingScore, createdAt or lastModified)"
                ))
            })
    }
}

compat_core::wire_enum! {
    /// Sort direction; the Hub's default is descending.
    pub enum SortDirection {
        Ascending => "ascending",
        Descending => "descending",
    }
}

/// What to list. Every field is optional; `filters` are tags the Hub ANDs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HfQuery {
    pub search: Option<String>,
    pub author: Option<String>,
    pub filters: Vec<String>,
    pub pipeline_tag: Option<String>,
    pub sort: Option<HfSort>,
    pub direction: Option<SortDirection>,
    /// Models per page (1..=1000); the Hub's default when `None`.
    pub page_size: Option<u32>,
}

/// The largest page the Hub serves.
pub const MAX_PAGE_SIZE: u32 = 1000;

impl HfQuery {
    /// Text-generation models, most downloaded first: the marketplace's default.
    pub fn text_generation() -> Self {
        Self { pipeline_tag: Some("text-generation".into()), sort: Some(HfSort::Downloads), ..Self::default() }
    }

    pub fn validate(&self) -> Result<(), SourceError> {
        if let Some(size) = self.page_size {
            if size == 0 || size > MAX_PAGE_SIZE {
                return Err(SourceError::InvalidQuery(format!("page size {size} is outside 1..={MAX_PAGE_SIZE}")));
            }
        }
        if self.filters.iter().any(|f| f.trim().is_empty()) {
            return Err(SourceError::InvalidQuery("empty filter tag".into()));
        }
        Ok(())
    }

    /// The query's `key=value` pairs, in the order they go on the wire.
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let non_empty = |s: &Option<String>| s.as_deref().and_then(compat_core::wire::non_empty).map(str::to_owned);
        let mut pairs = Vec::new();
        if let Some(search) = non_empty(&self.search) {
            pairs.push(("search", search));
        }
        if let Some(author) = non_empty(&self.author) {
            pairs.push(("author", author));
        }
        for filter in &self.filters {
            pairs.push(("filter", filter.trim().to_owned()));
        }
        if let Some(tag) = non_empty(&self.pipeline_tag) {
            pairs.push(("pipeline_tag", tag));
        }
        if let Some(sort) = self.sort {
            pairs.push(("sort", sort.as_str().to_owned()));
        }
        if let Some(direction) = self.direction {
            pairs.push(("direction", if direction == SortDirection::Ascending { "1" } else { "-1" }.to_owned()));
        }
        if let Some(size) = self.page_size {
            pairs.push(("limit", size.to_string()));
        }
        pairs
    }
}
