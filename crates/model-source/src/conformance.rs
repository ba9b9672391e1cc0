//! The behaviour every [`ModelSource`] must show, run by each provider's tests
//! against a loopback server that serves a known multi-page listing.
//!
//! Test code (compiled only with the `conformance` feature, for the providers' tests): it
//! counts what its own server serves, so the crate's wire-arithmetic lint does not apply.
#![allow(clippy::arithmetic_side_effects)]

use compat_core::WorkerCatalog;

use crate::{CollectOptions, ModelEntry, ModelSource, Pager, PagerState, SourceError, StopReason};

/// A source pointed at a server that lists `expected_ids` in pages of `page_size`.
pub struct ConformanceCase<S: ModelSource> {
    pub source: S,
    pub query: S::Query,
    /// Every id of the listing, in the order the server serves them.
    pub expected_ids: Vec<String>,
    pub page_size: usize,
    /// An id `get_model` finds.
    pub known_id: String,
    /// An id the server answers 404 for.
    pub missing_id: String,
    /// Requests the server has received so far.
    pub request_count: Box<dyn Fn() -> usize + Send + Sync>,
}

impl<S: ModelSource> std::fmt::Debug for ConformanceCase<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConformanceCase").field("source", &self.source.name()).field("query", &self.query).finish()
    }
}

/// Runs every check; panics with a message naming the failed one.
pub async fn run<S: ModelSource + Sync>(case: ConformanceCase<S>) {
    let name = case.source.name();
    let pages = case.expected_ids.len().div_ceil(case.page_size);
    assert!(pages >= 3, "{name}: the conformance listing needs at least three pages");

    // Page by page, in order, complete.
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    let mut fetched = 0;
    loop {
        let page = case.source.list_page(&case.query, cursor.as_deref()).await.expect("list_page");
        fetched += 1;
        for record in &page.records {
            assert_eq!(record.metadata.source, source_of(name), "{name}: {}: metadata.source", record.id);
        }
        ids.extend(page.records.into_iter().map(|r| r.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(fetched <= pages, "{name}: more pages than the server holds");
    }
    assert_eq!(ids, case.expected_ids, "{name}: listing collected completely and in order");
    assert_eq!(fetched, pages, "{name}: page count");

    // The pager's state survives serialization: one page, saved as JSON, resumed, the rest.
    let mut pager = Pager::new(&case.source, &case.query);
    let first = pager.next_page().await.expect("first page").expect("a first page");
    let saved = serde_json::to_string(pager.state()).expect("state to JSON");
    let state: PagerState = serde_json::from_str(&saved).expect("state from JSON");
    let mut resumed = Pager::resume(&case.source, &case.query, state);
    let mut ids: Vec<String> = first.records.into_iter().map(|r| r.id).collect();
    while let Some(page) = resumed.next_page().await.expect("resumed page") {
        ids.extend(page.records.into_iter().map(|r| r.id));
    }
    assert_eq!(ids, case.expected_ids, "{name}: a resumed pager continues where the saved one stood");
    assert_eq!((resumed.state().pages, resumed.state().scanned), (pages, ids.len()), "{name}: pager counts");
    assert!(resumed.is_exhausted() && resumed.next_page().await.expect("after the end").is_none());

    let judge = compat_core::default_catalog();
    // Paging to a limit stops as soon as it has the limit.
    let limit = case.page_size + 1;
    let before = (case.request_count)();
    let options = CollectOptions { limit, max_pages: 100, compatible_only: false, start: None };
    let got = case.source.collect(&case.query, &options, judge).await.expect("collect");
    assert_eq!(got.stop, StopReason::LimitReached, "{name}: stop reason");
    assert_eq!(got.entries.len(), limit, "{name}: collected exactly the limit");
    let first: Vec<&String> = got.entries.iter().map(|e| &e.record.id).collect();
    assert_eq!(first, case.expected_ids.iter().take(limit).collect::<Vec<_>>(), "{name}: first entries in order");
    assert_eq!((case.request_count)() - before, 2, "{name}: a limit of page_size + 1 needs exactly two requests");
    assert!(got.next.is_some(), "{name}: a resume token after stopping early");

    // Resuming from that token continues where it stopped.
    let rest = CollectOptions { limit: 1000, max_pages: 100, compatible_only: false, start: got.next.clone() };
    let resumed = case.source.collect(&case.query, &rest, judge).await.expect("resume");
    assert_eq!(resumed.stop, StopReason::Exhausted, "{name}: resume runs to the end");
    assert_eq!(
        resumed.entries.first().map(|e| &e.record.id),
        case.expected_ids.get(2 * case.page_size),
        "{name}: resume starts at the page after the last one read"
    );

    // Compatible-only returns only compatible models.
    let options = CollectOptions { limit: 1000, max_pages: 100, compatible_only: true, start: None };
    let compatible = case.source.collect(&case.query, &options, judge).await.expect("collect compatible");
    assert_eq!(compatible.stop, StopReason::Exhausted, "{name}: exhausted");
    assert!(compatible.entries.iter().all(|e| e.compatibility.compatible), "{name}: only compatible entries");
    assert_eq!(compatible.scanned, case.expected_ids.len(), "{name}: every model looked at once");

    // Verdicts are the caller's: the judge's, and a listing is judged again without fetching.
    let options = CollectOptions { limit: 1000, max_pages: 100, compatible_only: false, start: None };
    let all = case.source.collect(&case.query, &options, judge).await.expect("collect all");
    for entry in &all.entries {
        assert_eq!(
            entry.compatibility,
            compat_core::judge(&entry.record.metadata, judge, None),
            "{name}: {}",
            entry.id()
        );
    }
    assert!(all.entries.iter().any(ModelEntry::is_compatible), "{name}: the listing holds a compatible model");
    let before = (case.request_count)();
    let nobody = WorkerCatalog::default();
    let rejudged: Vec<ModelEntry> = all.entries.into_iter().map(|e| e.rejudged(&nobody)).collect();
    assert_eq!((case.request_count)(), before, "{name}: judging again fetches nothing");
    for entry in &rejudged {
        assert_eq!(
            entry.compatibility,
            compat_core::judge(&entry.record.metadata, &nobody, None),
            "{name}: {}",
            entry.id()
        );
        assert!(!entry.is_compatible(), "{name}: {}: no worker runs anything", entry.id());
    }

    // The page bound holds.
    let options = CollectOptions { limit: 1000, max_pages: 1, compatible_only: false, start: None };
    let bounded = case.source.collect(&case.query, &options, judge).await.expect("collect bounded");
    assert_eq!((bounded.pages, bounded.stop), (1, StopReason::MaxPages), "{name}: max_pages");

    // A zero limit is the caller's mistake.
    let options = CollectOptions { limit: 0, ..CollectOptions::default() };
    let err = case.source.collect(&case.query, &options, judge).await.expect_err("limit 0");
    assert!(matches!(err, SourceError::InvalidQuery(_)), "{name}: limit 0 gives InvalidQuery, got {err:?}");

    // Get by id.
    let record = case.source.get_model(&case.known_id).await.expect("get_model");
    assert_eq!(record.id, case.known_id, "{name}: get_model returns the model asked for");
    assert_eq!(record.metadata.source, source_of(name), "{name}: get_model metadata.source");
    let err = case.source.get_model(&case.missing_id).await.expect_err("missing id");
    assert!(matches!(err, SourceError::NotFound { .. }), "{name}: missing id gives NotFound, got {err:?}");
    assert!(!err.is_transient(), "{name}: NotFound is not transient");
}

/// The checks for a source whose client has a [`ResponseCache`](crate::ResponseCache) (set in
/// its `HttpConfig`, fresh for this case, with a TTL longer than the run): a listing read again
/// comes from memory, with the verdicts of whichever catalog judges it; errors are asked again.
#[cfg(not(target_arch = "wasm32"))]
pub async fn run_cached<S: ModelSource + Sync>(case: ConformanceCase<S>) {
    let name = case.source.name();
    let all = CollectOptions { limit: 1000, max_pages: 100, compatible_only: false, start: None };
    let default = compat_core::default_catalog();

    let before = (case.request_count)();
    let cold = case.source.collect(&case.query, &all, default).await.expect("cold collect");
    let pages = (case.request_count)() - before;
    assert!(pages >= 3, "{name}: the cached case needs a listing of several pages, read {pages}");
    let warm = case.source.collect(&case.query, &all, default).await.expect("warm collect");
    assert_eq!((case.request_count)() - before, pages, "{name}: the same listing again is read from memory");
    assert_eq!(warm.entries, cold.entries, "{name}: the same entries from memory");
    assert_eq!((warm.pages, warm.scanned, warm.stop), (cold.pages, cold.scanned, cold.stop), "{name}: same paging");

    // Another catalog: the same records from memory, judged by that catalog, not the first one.
    let mut differs = false;
    for worker in &default.workers {
        let single = WorkerCatalog::single(worker.clone());
        let judged = case.source.collect(&case.query, &all, &single).await.expect("collect, one worker");
        assert_eq!((case.request_count)() - before, pages, "{name}: another catalog reads from memory too");
        for (entry, first) in judged.entries.iter().zip(&cold.entries) {
            assert_eq!(entry.id(), first.id(), "{name}: the same records");
            let expected = compat_core::judge(&entry.record.metadata, &single, None);
            assert_eq!(entry.compatibility, expected, "{name}: {}: judged by `{}`", entry.id(), worker.id);
            differs |= entry.is_compatible() != first.is_compatible();
        }
    }
    assert!(differs, "{name}: some verdict depends on the catalog, so a cached verdict would show");

    // One model: read once, then from memory. A 404 is not kept: each asks again.
    let first = case.source.get_model(&case.known_id).await.expect("get_model");
    let read = (case.request_count)();
    let again = case.source.get_model(&case.known_id).await.expect("get_model again");
    assert_eq!(first, again, "{name}: the same model from memory");
    assert_eq!((case.request_count)(), read, "{name}: a model read again is read from memory");
    for _ in 0..2 {
        let err = case.source.get_model(&case.missing_id).await.expect_err("missing id");
        assert!(matches!(err, SourceError::NotFound { .. }), "{name}: {err:?}");
    }
    assert_eq!((case.request_count)() - read, 2, "{name}: errors are never kept");
}

fn source_of(name: &str) -> compat_core::Source {
    match name {
        "civitai" => compat_core::Source::Civitai,
        "huggingface" => compat_core::Source::Huggingface,
        _ => compat_core::Source::Local,
    }
}
