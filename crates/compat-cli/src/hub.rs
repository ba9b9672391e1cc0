//! The HuggingFace source as the options configure it (live, or the offline snapshot).

use compat_core::WorkerCatalog;
use model_source::{HttpConfig, RetryPolicy};
use provider_huggingface::{HfQuery, HfSort, HuggingFaceOptions, HuggingFaceSource, MAX_PAGE_SIZE};
use testkit::Server;

use crate::cli::{GlobalArgs, HfFilters};
use crate::error::{CliError, CliResult};
use crate::offline;

/// The Hub's default page for the CLI: large enough that a compatible-only listing needs few requests.
const DEFAULT_PAGE_SIZE: usize = 100;

/// A source and, offline, the server it reads from (stopped when dropped).
#[derive(Debug)]
pub struct Hub {
    pub source: HuggingFaceSource,
    /// Offline: the loopback server, kept alive as long as the source.
    _offline: Option<Server>,
}

pub fn http_config(global: &GlobalArgs) -> HttpConfig {
    HttpConfig { retry: RetryPolicy { max_retries: global.retries, ..RetryPolicy::default() }, ..HttpConfig::default() }
}

/// The query the filters describe.
pub fn query(filters: &HfFilters, sort: Option<&str>, page_size: Option<usize>) -> CliResult<HfQuery> {
    let sort = match sort {
        Some(raw) => Some(raw.parse::<HfSort>().map_err(CliError::invalid)?),
        None => None,
    };
    let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE).min(MAX_PAGE_SIZE as usize);
    let query = HfQuery {
        search: filters.search.clone(),
        author: filters.author.clone(),
        filters: filters.filters.clone(),
        pipeline_tag: filters.pipeline_tag.clone(),
        sort,
        direction: None,
        page_size: Some(u32::try_from(page_size).unwrap_or(MAX_PAGE_SIZE)),
    };
    query.validate().map_err(CliError::invalid)?;
    Ok(query)
}

/// Offline, the listing is what `listing` selects from the snapshot (everything when `None`).
impl Hub {
    /// Offline: rewrites the loopback address in display URLs to the public site's.
    pub fn public_urls(&self) -> Option<crate::offline::UrlRewrite> {
        self._offline.as_ref().map(|s| crate::offline::UrlRewrite {
            from: s.base_url(),
            to: provider_huggingface::DEFAULT_ENDPOINT.to_owned(),
        })
    }
}

pub async fn open(
    global: &GlobalArgs,
    listing: Option<&HfQuery>,
    catalog: WorkerCatalog,
    enrich: bool,
) -> CliResult<Hub> {
    let (endpoint, token, server) = if global.offline {
        if global.endpoint.is_some() {
            return Err(CliError::usage("--offline serves its own endpoint: drop --endpoint"));
        }
        let server = offline::huggingface(listing).await?;
        // An empty explicit token: nothing is sent, HF_TOKEN is not read.
        (Some(server.base_url()), Some(String::new()), Some(server))
    } else {
        (global.endpoint.clone(), global.token.clone(), None)
    };
    let source = HuggingFaceSource::new(HuggingFaceOptions {
        endpoint,
        token,
        http: http_config(global),
        catalog: Some(catalog),
        enrich_listings: enrich,
        enrich_concurrency: 8,
    })
    .map_err(CliError::invalid)?;
    Ok(Hub { source, _offline: server })
}
