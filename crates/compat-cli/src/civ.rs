//! The CivitAI source as the options configure it (live, or the offline snapshot).

use compat_core::WorkerCatalog;
use provider_civitai::{CivitaiOptions, CivitaiPeriod, CivitaiQuery, CivitaiSort, CivitaiSource, MAX_PAGE_SIZE};
use testkit::Server;

use crate::cli::{CivitaiFilters, GlobalArgs};
use crate::error::{CliError, CliResult};
use crate::hub::http_config;
use crate::offline;

/// A source and, offline, the server it reads from (stopped when dropped).
#[derive(Debug)]
pub struct Civitai {
    pub source: CivitaiSource,
    /// Offline: the loopback server, kept alive as long as the source.
    _offline: Option<Server>,
}

/// The query the filters describe.
pub fn query(filters: &CivitaiFilters, sort: Option<&str>, page_size: Option<usize>) -> CliResult<CivitaiQuery> {
    let usage = CliError::invalid;
    let sort = sort.map(str::parse::<CivitaiSort>).transpose().map_err(usage)?;
    let period = filters.period.as_deref().map(str::parse::<CivitaiPeriod>).transpose().map_err(usage)?;
    let limit = page_size.map(|n| u32::try_from(n.min(MAX_PAGE_SIZE as usize)).unwrap_or(MAX_PAGE_SIZE));
    let query = CivitaiQuery {
        limit,
        query: filters.query.clone(),
        types: filters.types.clone(),
        base_models: filters.base_models.clone(),
        sort,
        period,
        // Not sent unless asked: CivitAI then lists safe-for-work models only.
        nsfw: filters.nsfw.then_some(true),
        ..CivitaiQuery::default()
    };
    query.validate().map_err(usage)?;
    Ok(query)
}

/// Offline, the listing is what the filters select from the snapshot (everything when `None`).
impl Civitai {
    /// Offline: rewrites the loopback address in display URLs to the public site's.
    pub fn public_urls(&self) -> Option<crate::offline::UrlRewrite> {
        self._offline.as_ref().map(|s| crate::offline::UrlRewrite {
            from: s.base_url(),
            to: provider_civitai::DEFAULT_BASE_URL.to_owned(),
        })
    }
}

pub async fn open(
    global: &GlobalArgs,
    listing: Option<(&CivitaiFilters, Option<CivitaiSort>)>,
    catalog: WorkerCatalog,
) -> CliResult<Civitai> {
    let (base_url, api_key, server) = if global.offline {
        if global.endpoint.is_some() {
            return Err(CliError::usage("--offline serves its own endpoint: drop --endpoint"));
        }
        let server = offline::civitai(listing).await?;
        // An empty explicit key: nothing is sent, CIVITAI_API_KEY is not read.
        (Some(server.base_url()), Some(String::new()), Some(server))
    } else {
        (global.endpoint.clone(), global.token.clone(), None)
    };
    let source =
        CivitaiSource::new(CivitaiOptions { base_url, api_key, http: http_config(global), catalog: Some(catalog) })
            .map_err(CliError::invalid)?;
    Ok(Civitai { source, _offline: server })
}
