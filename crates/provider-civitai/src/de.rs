//! Deserialization helpers for the tolerance rules of [`crate::record`].

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Cosmetic fields: null, a missing key or a value of the wrong type all become the
/// default (`None`, empty). A display field never costs a model its place on a page.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).unwrap_or_default())
}

/// Structural lists (`modelVersions`, `files`): null means empty, but a value of the
/// wrong type is an error, so the record is reported instead of silently emptied.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A list of cosmetic items: keeps the elements that parse, drops the others.
/// Anything but an array is an empty list.
pub(crate) fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items.into_iter().filter_map(|item| T::deserialize(item).ok()).collect(),
        _ => Vec::new(),
    })
}

/// Tags: plain strings (`"anime"`) or objects with a name (`{"name": "anime"}`).
pub(crate) fn tags<'de, D>(deserializer: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    let Value::Array(items) = Value::deserialize(deserializer)? else {
        return Ok(Vec::new());
    };
    Ok(items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(name) => Some(name),
            Value::Object(mut map) => match map.remove("name") {
                Some(Value::String(name)) => Some(name),
                _ => None,
            },
            _ => None,
        })
        .filter(|name| !name.trim().is_empty())
        .collect())
}

/// Hash algorithm to value; entries whose value is not a string are dropped.
pub(crate) fn hashes<'de, D>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: Deserializer<'de>,
{
    let Value::Object(map) = Value::deserialize(deserializer)? else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(algorithm, value)| match value {
            Value::String(hash) if !hash.is_empty() => Some((algorithm, hash)),
            _ => None,
        })
        .collect())
}

/// `nextCursor`: a string, or a number on some endpoints.
pub(crate) fn string_or_number<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `allowCommercialUse` in each shape CivitAI has sent:
///
/// - a single value, the old API (`"Sell"`),
/// - an array (`["Image", "RentCivit"]`),
/// - a Postgres array literal (`"{Image,RentCivit}"`).
///
/// `None` (the permission level that grants nothing) is dropped, so "no commercial
/// use" is an empty list. Null or missing is `None`: not said.
pub(crate) fn commercial_use<'de, D>(deserializer: D) -> Result<Option<Vec<String>>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(normalize_commercial_use(&Value::deserialize(deserializer)?))
}

pub(crate) fn normalize_commercial_use(value: &Value) -> Option<Vec<String>> {
    let raw: Vec<&str> = match value {
        Value::String(s) => {
            let s = s.trim();
            match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(inner) => inner.split(',').collect(),
                None => vec![s],
            }
        }
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for item in raw {
        let item = item.trim().trim_matches('"').trim();
        if item.is_empty() || item.eq_ignore_ascii_case("None") {
            continue;
        }
        if !out.iter().any(|x| x == item) {
            out.push(item.to_owned());
        }
    }
    Some(out)
}

/// The name of a JSON value's type, for error messages.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
