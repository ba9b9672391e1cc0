//! `--offline`: the bundled snapshot, answered in-process.
//!
//! The snapshot (`tests/fixtures/offline/`) is compiled into the binary, so `--offline` works
//! from any directory. The listing goes through the same source, HTTP client and paging as a
//! live run, against the public endpoint; only the transport differs: an
//! [`InMemory`] one that answers as the API would (the providers' `HubSnapshot` and
//! `CivitaiSnapshot` hold the search, filter, sort and paging). Nothing listens on a port.

use std::sync::Arc;

use model_source::{HttpConfig, InMemory};
use provider_civitai::CivitaiSnapshot;
use provider_huggingface::HubSnapshot;
use serde_json::Value;

use crate::error::{CliError, CliResult};

const HF_MODELS: &str = include_str!("../../../tests/fixtures/offline/huggingface-models.json");
const HF_CONFIGS: &str = include_str!("../../../tests/fixtures/offline/huggingface-configs.json");
const CIVITAI_PAGES: [&str; 3] = [
    include_str!("../../../tests/fixtures/offline/civitai-models-page-1.json"),
    include_str!("../../../tests/fixtures/offline/civitai-models-page-2.json"),
    include_str!("../../../tests/fixtures/offline/civitai-models-page-3.json"),
];

/// Models per page the snapshot serves (whatever `--page-size` asks).
pub const HF_PAGE_SIZE: usize = 20;
pub const CIVITAI_PAGE_SIZE: usize = 10;

fn parse(text: &str, what: &str) -> CliResult<Value> {
    serde_json::from_str(text).map_err(|e| CliError::Failed(format!("the bundled {what} snapshot is broken: {e}")))
}

/// `http` with its requests answered by the HuggingFace snapshot.
pub fn huggingface(http: HttpConfig) -> CliResult<HttpConfig> {
    let Value::Array(records) = parse(HF_MODELS, "HuggingFace")? else {
        return Err(CliError::Failed("the bundled HuggingFace snapshot is not a list".into()));
    };
    let Value::Object(configs) = parse(HF_CONFIGS, "HuggingFace config")? else {
        return Err(CliError::Failed("the bundled HuggingFace config snapshot is not an object".into()));
    };
    let hub = HubSnapshot::new(records, configs, HF_PAGE_SIZE);
    Ok(HttpConfig { transport: Some(Arc::new(InMemory::new(move |url| hub.respond(url)))), ..http })
}

/// `http` with its requests answered by the CivitAI snapshot: its pages' items, in order.
pub fn civitai(http: HttpConfig) -> CliResult<HttpConfig> {
    let mut items = Vec::new();
    for page in CIVITAI_PAGES {
        match parse(page, "CivitAI")?.get_mut("items").map(Value::take) {
            Some(Value::Array(page_items)) => items.extend(page_items),
            _ => return Err(CliError::Failed("a bundled CivitAI page has no items".into())),
        }
    }
    let civitai = CivitaiSnapshot::new(items, CIVITAI_PAGE_SIZE);
    Ok(HttpConfig { transport: Some(Arc::new(InMemory::new(move |url| civitai.respond(url)))), ..http })
}
