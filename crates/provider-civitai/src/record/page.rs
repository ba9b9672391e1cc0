//! `GET /api/v1/models`: a page of models, each item read on its own.

use serde::Serialize;
use serde_json::Value;

use super::model::CivitaiModel;
use super::parse::{ParseError, api_error, json, object};
use crate::de::{Fields, Notes};

/// `GET /api/v1/models`: the items that parsed, the ones that did not, and the
/// pagination metadata (cursor-based in newer responses, page-based in older ones).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelsPage {
    pub items: Vec<CivitaiModel>,
    /// Items that could not be read, in page order. The rest of the page is unaffected.
    pub bad_items: Vec<BadItem>,
    pub next_cursor: Option<String>,
    /// Full URL of the next page.
    pub next_page: Option<String>,
    pub prev_page: Option<String>,
    pub current_page: Option<u64>,
    pub page_size: Option<u64>,
    /// Old shape only.
    pub total_items: Option<u64>,
    /// Old shape only.
    pub total_pages: Option<u64>,
}

/// A list item that could not be read as a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BadItem {
    /// Position in `items`.
    pub index: usize,
    /// The item's `id`, when it has a numeric one.
    pub id: Option<u64>,
    pub error: String,
}

/// Parses `GET /api/v1/models`. Each item is read on its own: one that cannot be read
/// is reported in [`ModelsPage::bad_items`] and the others are kept. The whole body
/// fails only when it is not JSON, not an object, or has no `items` list.
pub fn parse_models_page(bytes: &[u8]) -> Result<ModelsPage, ParseError> {
    models_page_from_value(json(bytes)?)
}

/// [`parse_models_page`] of a body already parsed as JSON.
pub fn models_page_from_value(value: Value) -> Result<ModelsPage, ParseError> {
    let mut map = object(value)?;
    // Taken in place, not removed: removal would link the B-tree rebalancing code (about
    // 3 KB of the WASM module) for this one call.
    let items = match map.get_mut("items").map(Value::take) {
        Some(Value::Array(items)) => items,
        Some(Value::Null) | None => {
            return Err(api_error(&map, "items").unwrap_or(ParseError::MissingItems));
        }
        Some(other) => {
            return Err(ParseError::ItemsNotArray { found: compat_core::wire::kind_of(&other) });
        }
    };
    // The paging metadata is not shown: what is wrong in it matters only through the
    // cursor, which `collect` checks.
    let notes = Notes::default();
    let meta = Fields::new(&map, &notes).object("metadata");
    let meta_string = |key: &str| meta.and_then(|m| m.string(key));
    let meta_uint = |key: &str| meta.and_then(|m| m.uint(key));
    let mut page = ModelsPage {
        items: Vec::with_capacity(items.len()),
        bad_items: Vec::new(),
        next_cursor: meta.and_then(|m| m.string_or_number("nextCursor")),
        next_page: meta_string("nextPage"),
        prev_page: meta_string("prevPage"),
        current_page: meta_uint("currentPage"),
        page_size: meta_uint("pageSize"),
        total_items: meta_uint("totalItems"),
        total_pages: meta_uint("totalPages"),
    };
    for (index, item) in items.iter().enumerate() {
        let id = item.get("id").and_then(Value::as_u64);
        match CivitaiModel::from_value(item) {
            Ok(model) => page.items.push(model),
            Err(e) => page.bad_items.push(BadItem { index, id, error: e.to_string() }),
        }
    }
    Ok(page)
}
