//! The one paging loop: follows a listing's cursors, stops on a cursor that repeats, drops
//! models seen on an earlier page, and keeps its position in a [`PagerState`] that can be
//! saved and resumed from. [`ModelSource::collect`], the CLI's manifest and the bindings
//! all page through it.

use std::future::Future;
use std::pin::Pin;

// B-trees, not hash sets: small sets, and no hasher code in the WASM module.
use compat_core::StringSet;
use serde::{Deserialize, Serialize};

use crate::error::SourceError;
use crate::judge::{Judge, ModelEntry};
use crate::record::{ItemProblem, ModelRecord, Page};
use crate::source::ModelSource;

/// Where a listing stands. Serializable: save it, and [`Pager::resume`] from it later (in
/// another process, or in JavaScript).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PagerState {
    /// The cursor of the next page; `None` before the first page and after the last.
    pub next: Option<String>,
    /// The listing has no more pages.
    pub exhausted: bool,
    /// Pages read.
    pub pages: usize,
    /// Distinct models read.
    pub scanned: usize,
    /// Ids of the models read: a resumed listing does not return them again.
    #[serde(default)]
    pub seen: StringSet,
}

impl PagerState {
    /// At the page `cursor` names (the first page when `None`), nothing read yet.
    pub fn at(cursor: Option<String>) -> Self {
        Self { next: cursor, ..Self::default() }
    }

    /// The state from its JSON, read by hand (what the derived `Deserialize` reads, without
    /// its visitor code in the WASM module): the bindings' `cursor`.
    pub fn read(value: &serde_json::Value) -> compat_core::read::Result<Self> {
        use compat_core::read::{Error, boolean, object, string, strings, uint};
        let o = object(value)?;
        let count = |key: &str| -> compat_core::read::Result<usize> {
            usize::try_from(o.req(key, uint)?).map_err(|_| Error::new("too large").within(key))
        };
        let seen = o.or_default("seen", strings)?.into_iter().collect();
        Ok(Self {
            next: o.opt("next", string)?,
            exhausted: o.req("exhausted", boolean)?,
            pages: count("pages")?,
            scanned: count("scanned")?,
            seen,
        })
    }
}

/// One page as the pager hands it out: only models not seen before.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PagerPage {
    pub records: Vec<ModelRecord>,
    /// Items of the page that could not be read.
    pub problems: Vec<ItemProblem>,
}

/// Pages through one listing of one source, page by page, with its state explicit.
///
/// Not generic over the source: the source and its query are held as a [`Listing`] trait
/// object, so the paging loop exists once in a binary whatever the sources (the WASM module
/// pays for its code once, not once per provider).
pub struct Pager<'a> {
    listing: Box<dyn Listing + 'a>,
    state: PagerState,
    /// Cursors followed by this pager: a source that hands one out twice would loop.
    followed: StringSet,
}

impl std::fmt::Debug for Pager<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager").field("state", &self.state).field("followed", &self.followed).finish_non_exhaustive()
    }
}

/// The future of one listing page, `Send` where the sources' futures are.
#[cfg(not(target_arch = "wasm32"))]
type PageFuture<'s> = Pin<Box<dyn Future<Output = Result<Page, SourceError>> + Send + 's>>;
#[cfg(target_arch = "wasm32")]
type PageFuture<'s> = Pin<Box<dyn Future<Output = Result<Page, SourceError>> + 's>>;

/// One listing of one source: the source with its query bound in, as the pager calls it.
trait Listing: Send + Sync {
    fn page<'s>(&'s self, cursor: Option<&'s str>) -> PageFuture<'s>;
}

struct Bound<'a, S: ModelSource + ?Sized> {
    source: &'a S,
    query: &'a S::Query,
}

impl<S: ModelSource + Sync + ?Sized> Listing for Bound<'_, S> {
    fn page<'s>(&'s self, cursor: Option<&'s str>) -> PageFuture<'s> {
        // The source's own boxed future (async-trait), handed on as it is.
        self.source.list_page(self.query, cursor)
    }
}

impl<'a> Pager<'a> {
    /// From the first page.
    pub fn new<S: ModelSource + Sync + ?Sized>(source: &'a S, query: &'a S::Query) -> Self {
        Self::resume(source, query, PagerState::default())
    }

    /// From a saved state.
    pub fn resume<S: ModelSource + Sync + ?Sized>(source: &'a S, query: &'a S::Query, state: PagerState) -> Self {
        Self { listing: Box::new(Bound { source, query }), state, followed: StringSet::new() }
    }

    pub fn state(&self) -> &PagerState {
        &self.state
    }

    pub fn into_state(self) -> PagerState {
        self.state
    }

    pub fn is_exhausted(&self) -> bool {
        self.state.exhausted
    }

    /// The next page, `None` once the listing is exhausted. On an error the state is as
    /// before the call: the same page can be asked for again.
    pub async fn next_page(&mut self) -> Result<Option<PagerPage>, SourceError> {
        if self.state.exhausted {
            return Ok(None);
        }
        let cursor = self.state.next.clone();
        if let Some(c) = &cursor {
            if self.followed.contains(c) {
                return Err(SourceError::Pagination {
                    url: c.clone(),
                    message: "the API returned a cursor it had already returned".into(),
                });
            }
        }
        let page = self.listing.page(cursor.as_deref()).await?;
        if let Some(c) = cursor {
            self.followed.insert(c);
        }
        self.state.pages = self.state.pages.saturating_add(1);
        self.state.exhausted = page.next.is_none();
        self.state.next = page.next;
        // Sources repeat items across pages; a model counts once.
        let records: Vec<ModelRecord> =
            page.records.into_iter().filter(|r| self.state.seen.insert(r.id.clone())).collect();
        self.state.scanned = self.state.scanned.saturating_add(records.len());
        Ok(Some(PagerPage { records, problems: page.problems }))
    }

    /// Reads pages into `kept`, judging each new model, until `kept` holds `options.limit`
    /// models, the listing is exhausted or `options.max_pages` pages were read by this call.
    /// `on_page` runs after every page (to show progress or save the state).
    pub async fn collect_into(
        &mut self,
        kept: &mut Vec<ModelEntry>,
        options: &CollectOptions,
        judge: &dyn Judge,
        on_page: &mut (dyn FnMut(PageRead<'_>) + Send),
    ) -> Result<StopReason, SourceError> {
        if options.limit == 0 {
            return Err(SourceError::InvalidQuery("limit must be at least 1".into()));
        }
        let mut pages = 0;
        loop {
            if kept.len() >= options.limit {
                return Ok(StopReason::LimitReached);
            }
            if self.state.exhausted {
                return Ok(StopReason::Exhausted);
            }
            if pages >= options.max_pages {
                return Ok(StopReason::MaxPages);
            }
            let Some(page) = self.next_page().await? else { return Ok(StopReason::Exhausted) };
            pages = pages.saturating_add(1);
            for record in page.records {
                if kept.len() >= options.limit {
                    break;
                }
                let entry = ModelEntry::judged(record, judge);
                if !options.compatible_only || judge.keeps(&entry.compatibility) {
                    kept.push(entry);
                }
            }
            let progress = Progress {
                pages: self.state.pages,
                scanned: self.state.scanned,
                kept: kept.len(),
                limit: options.limit,
            };
            on_page(PageRead { progress, state: &self.state, kept, problems: &page.problems });
        }
    }
}

impl Pager<'_> {
    /// [`ModelSource::collect_with_progress`] from this pager's state (what the source's
    /// `collect` does, from [`PagerState::at`] its `options.start`).
    pub async fn collect(
        mut self,
        options: &CollectOptions,
        judge: &dyn Judge,
        on_page: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Collected, SourceError> {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let stop = self
            .collect_into(&mut entries, options, judge, &mut |read: PageRead<'_>| {
                problems.extend_from_slice(read.problems);
                on_page(read.progress);
            })
            .await?;
        let state = self.into_state();
        Ok(Collected { entries, pages: state.pages, scanned: state.scanned, next: state.next, stop, problems })
    }
}

/// What [`Pager::collect_into`] reports after each page.
#[derive(Debug)]
pub struct PageRead<'p> {
    pub progress: Progress,
    pub state: &'p PagerState,
    pub kept: &'p [ModelEntry],
    /// Items of this page that could not be read.
    pub problems: &'p [ItemProblem],
}

/// How far [`ModelSource::collect`] goes.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// How many models to return.
    pub limit: usize,
    /// Stop after this many pages even if `limit` is not reached.
    pub max_pages: usize,
    /// Count only compatible models (those the judge keeps: see [`Judge::keeps`]) towards
    /// `limit` and return only those.
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

#[cfg(test)]
mod tests {
    use super::PagerState;

    #[test]
    fn the_hand_reader_reads_what_serde_writes() {
        let states = [
            PagerState::default(),
            PagerState {
                next: Some("cursor|2".into()),
                exhausted: false,
                pages: 3,
                scanned: 41,
                seen: ["c".to_owned(), "a/b".to_owned()].into_iter().collect(),
            },
        ];
        for state in states {
            let value = serde_json::to_value(&state).unwrap();
            assert_eq!(PagerState::read(&value).unwrap(), state);
            assert_eq!(serde_json::from_value::<PagerState>(value).unwrap(), state);
        }
        for bad in [r#"{"exhausted": false}"#, r#"{"exhausted": 1, "pages": 0, "scanned": 0}"#, "[]"] {
            assert!(PagerState::read(&serde_json::from_str(bad).unwrap()).is_err(), "{bad}");
        }
    }
}
