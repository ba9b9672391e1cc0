//! The HuggingFace source as the options configure it (live, or the offline snapshot).

use model_source::{HttpConfig, RetryPolicy, Secret};
use provider_huggingface::{HfQuery, HfSort, HuggingFaceOptions, HuggingFaceSource, Inspect, MAX_PAGE_SIZE};

use crate::cli::{GlobalArgs, HfFilters};
use crate::error::{CliError, CliResult};
use crate::offline;

/// The Hub's default page for the CLI: large enough that a compatible-only listing needs few requests.
const DEFAULT_PAGE_SIZE: usize = 100;

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

/// What a Hub source reads besides the API records.
#[derive(Debug, Clone, Copy)]
pub struct Reads {
    /// `config.json` of listed safetensors models.
    pub enrich: bool,
    /// Weight-file headers of listed models.
    pub inspect_listings: Inspect,
    /// Weight-file headers of one model: `None` is `auto`, or `off` offline (the snapshot holds
    /// records and configs, no weight files).
    pub inspect_model: Option<Inspect>,
    /// The dimensions the memory model needs (judging on a device).
    pub memory_facts: bool,
}

/// The Hub, or offline the snapshot at the Hub's public address.
pub fn open(global: &GlobalArgs, reads: Reads) -> CliResult<HuggingFaceSource> {
    let (endpoint, token, http) = if global.offline {
        if global.endpoint.is_some() {
            return Err(CliError::usage("--offline serves its own endpoint: drop --endpoint"));
        }
        // The public endpoint (HF_ENDPOINT is not read) and an empty explicit token (nothing
        // is sent, HF_TOKEN is not read): the snapshot answers in-process.
        let endpoint = provider_huggingface::DEFAULT_ENDPOINT.to_owned();
        (Some(endpoint), Some(Secret::from("")), offline::huggingface(http_config(global))?)
    } else {
        (global.endpoint.clone(), global.token.clone(), http_config(global))
    };
    HuggingFaceSource::new(HuggingFaceOptions {
        endpoint,
        token,
        http,
        enrich_listings: reads.enrich,
        enrich_concurrency: 8,
        inspect_listings: reads.inspect_listings,
        inspect_model: reads.inspect_model.unwrap_or(if global.offline { Inspect::Off } else { Inspect::Auto }),
        memory_facts: reads.memory_facts,
        ..HuggingFaceOptions::default()
    })
    .map_err(CliError::invalid)
}
