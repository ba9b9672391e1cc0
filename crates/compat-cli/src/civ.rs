//! The CivitAI source as the options configure it (live, or the offline snapshot).

use model_source::Secret;
use provider_civitai::{CivitaiOptions, CivitaiPeriod, CivitaiQuery, CivitaiSort, CivitaiSource, MAX_PAGE_SIZE};

use crate::cli::{CivitaiFilters, GlobalArgs};
use crate::error::{CliError, CliResult};
use crate::hub::http_config;
use crate::offline;

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

/// CivitAI, or offline the snapshot at CivitAI's public address.
pub fn open(global: &GlobalArgs) -> CliResult<CivitaiSource> {
    let (base_url, api_key, http) = if global.offline {
        if global.endpoint.is_some() {
            return Err(CliError::usage("--offline serves its own endpoint: drop --endpoint"));
        }
        // An empty explicit key: nothing is sent, CIVITAI_API_KEY is not read.
        let base_url = provider_civitai::DEFAULT_BASE_URL.to_owned();
        (Some(base_url), Some(Secret::from("")), offline::civitai(http_config(global))?)
    } else {
        (global.endpoint.clone(), global.token.clone(), http_config(global))
    };
    CivitaiSource::new(CivitaiOptions { base_url, api_key, http }).map_err(CliError::invalid)
}
