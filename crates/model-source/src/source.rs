//! The trait every model source implements. Sources fetch and read; they do not judge.

use async_trait::async_trait;

use crate::error::SourceError;
use crate::judge::Judge;
use crate::pager::{CollectOptions, Collected, Pager, PagerState, Progress};
use crate::record::{ModelRecord, Page};

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
    async fn get_model(&self, id: &str) -> Result<ModelRecord, SourceError>;

    /// Pages (through a [`Pager`]) until `limit` models are kept, the source is exhausted,
    /// or `max_pages` pages were read, judging each model with `judge`. Stops with an
    /// error on a cursor that repeats.
    async fn collect(
        &self,
        query: &Self::Query,
        options: &CollectOptions,
        judge: &dyn Judge,
    ) -> Result<Collected, SourceError>
    where
        Self: Sync,
    {
        self.collect_with_progress(query, options, judge, &mut |_| {}).await
    }

    /// [`ModelSource::collect`], reporting after each page.
    async fn collect_with_progress(
        &self,
        query: &Self::Query,
        options: &CollectOptions,
        judge: &dyn Judge,
        on_page: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Collected, SourceError>
    where
        Self: Sync,
    {
        Pager::resume(self, query, PagerState::at(options.start.clone())).collect(options, judge, on_page).await
    }
}
