//! One body to one record, and telling the shapes of body apart.

use std::fmt;

use serde_json::Value;

use super::error_body::CivitaiErrorBody;
use super::model::{CivitaiModel, CivitaiVersion};

/// Why a body could not be read at all. Problems with single list items are not
/// errors: see [`ModelsPage::bad_items`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not JSON.
    Json(serde_json::Error),
    /// The body is JSON but not an object.
    NotAnObject { found: &'static str },
    /// The body is a CivitAI error (`{"error": ...}`), not a record.
    Api { message: String },
    /// A list page without `items`.
    MissingItems,
    /// A list page whose `items` is not an array.
    ItemsNotArray { found: &'static str },
    /// The object does not have the record's shape (a missing or non-numeric `id`,
    /// a `files` that is not a list, a `nsfw` that is not a boolean, ...).
    Record(serde_json::Error),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "CivitAI response is not JSON: {e}"),
            Self::NotAnObject { found } => {
                write!(f, "CivitAI response is {found}, not a JSON object")
            }
            Self::Api { message } => write!(f, "CivitAI returned an error: {message}"),
            Self::MissingItems => f.write_str("CivitAI list response has no `items`"),
            Self::ItemsNotArray { found } => {
                write!(f, "CivitAI list response has `items` as {found}, not a list")
            }
            Self::Record(e) => write!(f, "CivitAI record has an unexpected shape: {e}"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(e) | Self::Record(e) => Some(e),
            _ => None,
        }
    }
}

pub(super) fn json(bytes: &[u8]) -> Result<Value, ParseError> {
    compat_core::wire::parse(bytes).map_err(ParseError::Json)
}

pub(super) fn object(value: Value) -> Result<serde_json::Map<String, Value>, ParseError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(ParseError::NotAnObject { found: compat_core::wire::kind_of(&other) }),
    }
}

/// An object that carries `error` instead of the record's `key` is an error body.
pub(super) fn api_error(map: &serde_json::Map<String, Value>, key: &str) -> Option<ParseError> {
    if map.contains_key(key) || map.get("error").is_none_or(Value::is_null) {
        return None;
    }
    let message = CivitaiErrorBody::from_map(map).map(|body| body.message).unwrap_or_else(|| map["error"].to_string());
    Some(ParseError::Api { message })
}

/// A record body: an object, and not an error body.
fn record<T>(value: Value, read: impl FnOnce(&Value) -> Result<T, serde_json::Error>) -> Result<T, ParseError> {
    let map = object(value)?;
    if let Some(error) = api_error(&map, "id") {
        return Err(error);
    }
    read(&Value::Object(map)).map_err(ParseError::Record)
}

/// Parses `GET /api/v1/models/{id}` (or one list item on its own).
pub fn parse_model(bytes: &[u8]) -> Result<CivitaiModel, ParseError> {
    model_from_value(json(bytes)?)
}

/// [`parse_model`] of a body already parsed as JSON.
pub fn model_from_value(value: Value) -> Result<CivitaiModel, ParseError> {
    record(value, CivitaiModel::from_value)
}

/// Parses `GET /api/v1/model-versions/{id}` or `/model-versions/by-hash/{hash}`.
pub fn parse_version(bytes: &[u8]) -> Result<CivitaiVersion, ParseError> {
    version_from_value(json(bytes)?)
}

/// [`parse_version`] of a body already parsed as JSON.
pub fn version_from_value(value: Value) -> Result<CivitaiVersion, ParseError> {
    record(value, CivitaiVersion::from_value)
}

/// Whether `value` looks like a CivitAI body rather than a Hub one: a page (`items`), or a
/// record with a numeric `id`, `modelVersions`, or a version's `files` beside `baseModel` or
/// `modelId` (Hub ids are `owner/name` strings). A list is judged by its first object.
pub fn looks_like_civitai(value: &Value) -> bool {
    let record = |v: &Value| {
        v.get("id").is_some_and(Value::is_u64)
            || v.get("modelVersions").is_some()
            || (v.get("files").is_some() && (v.get("baseModel").is_some() || v.get("modelId").is_some()))
    };
    match value {
        Value::Object(obj) => obj.get("items").is_some_and(Value::is_array) || record(value),
        Value::Array(items) => items.iter().find(|i| i.is_object()).is_some_and(record),
        _ => false,
    }
}

/// Any body the API sends for models, read by its shape. Not `non_exhaustive`: a new shape
/// should fail to compile at every caller, not fall into a catch-all.
#[derive(Debug)]
pub enum CivitaiBody {
    /// `GET /api/v1/models`: an object with `items`.
    Page(super::ModelsPage),
    /// A model: `GET /api/v1/models/{id}` or one page item.
    Model(Box<CivitaiModel>),
    /// `GET /api/v1/model-versions/{id}` (or `by-hash`): no `modelVersions`, and `files` or
    /// `modelId`.
    Version(Box<CivitaiVersion>),
    /// A JSON array of models (items saved on their own), each read on its own.
    Models(Vec<Result<CivitaiModel, ParseError>>),
}

/// The one place that tells CivitAI's body shapes apart (the CLI's `classify` and the
/// bindings' `extractCivitaiMetadata` both ask it).
pub fn body_from_value(value: Value) -> Result<CivitaiBody, ParseError> {
    match value {
        Value::Object(ref obj) if obj.contains_key("items") => {
            super::models_page_from_value(value).map(CivitaiBody::Page)
        }
        Value::Object(ref obj)
            if !obj.contains_key("modelVersions") && (obj.contains_key("files") || obj.contains_key("modelId")) =>
        {
            version_from_value(value).map(|v| CivitaiBody::Version(Box::new(v)))
        }
        Value::Object(_) => model_from_value(value).map(|m| CivitaiBody::Model(Box::new(m))),
        Value::Array(items) => Ok(CivitaiBody::Models(items.into_iter().map(model_from_value).collect())),
        other => Err(ParseError::NotAnObject { found: compat_core::wire::kind_of(&other) }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn shapes() {
        let cases = [
            (json!({"items": [], "metadata": {}}), "page"),
            (json!({"id": 1, "modelVersions": []}), "model"),
            (json!({"id": 2, "files": []}), "version"),
            (json!({"id": 2, "modelId": 1}), "version"),
            (json!([{"id": 1, "modelVersions": []}, 3]), "models"),
        ];
        for (value, expected) in cases {
            assert!(looks_like_civitai(&value), "{value}");
            let shape = match body_from_value(value.clone()) {
                Ok(CivitaiBody::Page(_)) => "page",
                Ok(CivitaiBody::Model(_)) => "model",
                Ok(CivitaiBody::Version(_)) => "version",
                Ok(CivitaiBody::Models(items)) => {
                    assert!(items[0].is_ok() && items[1].is_err(), "each item on its own");
                    "models"
                }
                Err(e) => panic!("{value}: {e}"),
            };
            assert_eq!(shape, expected, "{value}");
        }
        for hub in [json!({"id": "owner/name"}), json!([{"id": "a/b"}]), json!("x")] {
            assert!(!looks_like_civitai(&hub), "{hub}");
        }
        assert!(matches!(body_from_value(json!(3)), Err(ParseError::NotAnObject { found: "a number" })));
    }
}
