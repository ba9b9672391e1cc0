//! `--offline`: the bundled snapshot, served by an in-process loopback server.
//!
//! The snapshot (`tests/fixtures/offline/`) is compiled into the binary, so `--offline` works
//! from any directory. The listing goes through the same source, HTTP client and paging as a
//! live run; only the endpoint is the local [`testkit::Server`]. The server answers any query
//! with the same listing, so the filters are applied here, before it starts, the way the API
//! applies them.

use std::cmp::Ordering;

use provider_civitai::CivitaiSort;
use provider_huggingface::{HfQuery, SortDirection};
use serde_json::Value;
use testkit::{Listing, ListingStyle, Response, Scenario, Server};

use crate::cli::CivitaiFilters;
use crate::error::{CliError, CliResult};

const HF_MODELS: &str = include_str!("../../../tests/fixtures/offline/huggingface-models.json");
const HF_CONFIGS: &str = include_str!("../../../tests/fixtures/offline/huggingface-configs.json");
const CIVITAI_PAGES: [&str; 3] = [
    include_str!("../../../tests/fixtures/offline/civitai-models-page-1.json"),
    include_str!("../../../tests/fixtures/offline/civitai-models-page-2.json"),
    include_str!("../../../tests/fixtures/offline/civitai-models-page-3.json"),
];

/// Offline, entries name the loopback server in their URLs; people should see the real site.
#[derive(Debug, Clone)]
pub struct UrlRewrite {
    pub from: String,
    pub to: String,
}

impl UrlRewrite {
    pub fn apply(&self, entry: &mut model_source::ModelEntry) {
        if let Some(url) = &entry.url {
            if let Some(rest) = url.strip_prefix(&self.from) {
                entry.url = Some(format!("{}{rest}", self.to));
            }
        }
    }
}

/// Models per page the offline server serves (whatever `--page-size` asks).
pub const HF_PAGE_SIZE: usize = 20;
pub const CIVITAI_PAGE_SIZE: usize = 10;

/// Where the CivitAI API lives under its endpoint.
pub const CIVITAI_MODELS_PATH: &str = "/api/v1/models";

fn parse(text: &str, what: &str) -> CliResult<Value> {
    serde_json::from_str(text).map_err(|e| CliError::Failed(format!("the bundled {what} snapshot is broken: {e}")))
}

/// Every HuggingFace record of the snapshot, in `/api/models?expand[]=...` list shape.
pub fn huggingface_records() -> CliResult<Vec<Value>> {
    match parse(HF_MODELS, "HuggingFace")? {
        Value::Array(items) => Ok(items),
        _ => Err(CliError::Failed("the bundled HuggingFace snapshot is not a list".into())),
    }
}

/// Every CivitAI item of the snapshot, pages in order.
pub fn civitai_records() -> CliResult<Vec<Value>> {
    let mut items = Vec::new();
    for page in CIVITAI_PAGES {
        match parse(page, "CivitAI")?.get_mut("items").map(Value::take) {
            Some(Value::Array(page_items)) => items.extend(page_items),
            _ => return Err(CliError::Failed("a bundled CivitAI page has no items".into())),
        }
    }
    Ok(items)
}

/// Starts the server for HuggingFace: the listing as `query` selects it, every model's detail
/// at `/api/models/{id}`, and the `config.json` files the snapshot holds.
pub async fn huggingface(query: Option<&HfQuery>) -> CliResult<Server> {
    let all = huggingface_records()?;
    let listed = match query {
        Some(q) => select_huggingface(&all, q),
        None => all.clone(),
    };
    let mut scenario =
        Scenario::new().with_listing(Listing::new("/api/models", listed, HF_PAGE_SIZE, ListingStyle::HuggingFace));
    for record in &all {
        if let Some(id) = record.get("id").and_then(Value::as_str) {
            scenario = scenario.route(&format!("/api/models/{id}"), Response::json(record.clone()));
        }
    }
    if let Value::Object(configs) = parse(HF_CONFIGS, "HuggingFace config")? {
        for (id, config) in configs {
            scenario = scenario.route(&format!("/{id}/resolve/main/config.json"), Response::json(config));
        }
    }
    start(scenario).await
}

/// Starts the server for CivitAI: the listing as the filters select it and every model at
/// `/api/v1/models/{id}`.
pub async fn civitai(filters: Option<(&CivitaiFilters, Option<CivitaiSort>)>) -> CliResult<Server> {
    let all = civitai_records()?;
    let listed = match filters {
        Some((f, sort)) => select_civitai(&all, f, sort),
        None => all.clone(),
    };
    let mut scenario = Scenario::new().with_listing(Listing::new(
        CIVITAI_MODELS_PATH,
        listed,
        CIVITAI_PAGE_SIZE,
        ListingStyle::CivitAi,
    ));
    for record in &all {
        if let Some(id) = record.get("id").and_then(Value::as_u64) {
            scenario = scenario.route(&format!("{CIVITAI_MODELS_PATH}/{id}"), Response::json(record.clone()));
        }
    }
    start(scenario).await
}

async fn start(scenario: Scenario) -> CliResult<Server> {
    let server = Server::try_start(scenario)
        .await
        .map_err(|e| CliError::Failed(format!("cannot start the offline server on 127.0.0.1: {e}")))?;
    tracing::debug!(url = %server.base_url(), "offline snapshot served");
    Ok(server)
}

fn text<'a>(record: &'a Value, key: &str) -> Option<&'a str> {
    record.get(key).and_then(Value::as_str)
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.trim().to_lowercase())
}

/// The records the Hub would list for `query`, in its order.
pub fn select_huggingface(records: &[Value], query: &HfQuery) -> Vec<Value> {
    let mut out: Vec<Value> = records
        .iter()
        .filter(|r| {
            let id = text(r, "id").unwrap_or_default();
            let tags: Vec<&str> = r
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let has_tag = |tag: &str| {
                let tag = tag.trim();
                tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
                    || text(r, "library_name").is_some_and(|l| l.eq_ignore_ascii_case(tag))
                    || text(r, "pipeline_tag").is_some_and(|p| p.eq_ignore_ascii_case(tag))
            };
            query.search.as_deref().is_none_or(|s| contains_ci(id, s))
                && query
                    .author
                    .as_deref()
                    .is_none_or(|a| id.split_once('/').is_some_and(|(owner, _)| owner.eq_ignore_ascii_case(a.trim())))
                && query.filters.iter().all(|f| has_tag(f))
                && query
                    .pipeline_tag
                    .as_deref()
                    .is_none_or(|p| text(r, "pipeline_tag").is_some_and(|t| t.eq_ignore_ascii_case(p.trim())))
        })
        .cloned()
        .collect();
    if let Some(sort) = query.sort {
        let key = sort.as_str();
        out.sort_by(|a, b| {
            let order = compare(a.get(key), b.get(key));
            if query.direction == Some(SortDirection::Ascending) { order } else { order.reverse() }
        });
    }
    out
}

/// The items CivitAI would list for these filters, in its order.
pub fn select_civitai(records: &[Value], filters: &CivitaiFilters, sort: Option<CivitaiSort>) -> Vec<Value> {
    let mut out: Vec<Value> = records
        .iter()
        .filter(|r| {
            let versions: Vec<&Value> =
                r.get("modelVersions").and_then(Value::as_array).map(|v| v.iter().collect()).unwrap_or_default();
            let nsfw = provider_civitai::is_nsfw(
                r.get("nsfw").and_then(Value::as_bool),
                r.get("nsfwLevel").and_then(Value::as_u64).and_then(|l| u32::try_from(l).ok()),
            );
            (filters.nsfw || !nsfw)
                && filters.query.as_deref().is_none_or(|q| text(r, "name").is_some_and(|n| contains_ci(n, q)))
                && (filters.types.is_empty()
                    || text(r, "type").is_some_and(|t| filters.types.iter().any(|want| want.eq_ignore_ascii_case(t))))
                && (filters.base_models.is_empty()
                    || versions.iter().any(|v| {
                        text(v, "baseModel")
                            .is_some_and(|b| filters.base_models.iter().any(|want| want.trim().eq_ignore_ascii_case(b)))
                    }))
        })
        .cloned()
        .collect();
    let stat = |r: &Value, key: &str| r.get("stats").and_then(|s| s.get(key)).and_then(Value::as_f64).unwrap_or(0.0);
    let published = |r: &Value| {
        r.get("modelVersions")
            .and_then(|v| v.get(0))
            .and_then(|v| text(v, "publishedAt"))
            .unwrap_or_default()
            .to_owned()
    };
    let by_stat = |out: &mut Vec<Value>, key: &str| out.sort_by(|a, b| stat(b, key).total_cmp(&stat(a, key)));
    match sort {
        Some(CivitaiSort::MostDownloaded) => by_stat(&mut out, "downloadCount"),
        Some(CivitaiSort::HighestRated | CivitaiSort::MostLiked) => by_stat(&mut out, "thumbsUpCount"),
        Some(CivitaiSort::MostDiscussed) => by_stat(&mut out, "commentCount"),
        Some(CivitaiSort::MostCollected) => by_stat(&mut out, "collectedCount"),
        Some(CivitaiSort::MostImages) => by_stat(&mut out, "imageCount"),
        Some(CivitaiSort::Newest) => out.sort_by_key(|r| std::cmp::Reverse(published(r))),
        Some(CivitaiSort::Oldest) => out.sort_by_key(published),
        None => {}
    }
    out
}

/// Numbers by value, strings (ISO dates) by text, missing values first.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x.as_f64().unwrap_or(0.0).total_cmp(&y.as_f64().unwrap_or(0.0))
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}
