//! Reading records out of JSON values, with the tolerance rules of [`crate::record`].
//!
//! By hand rather than with serde's derive: the records are read from a `Value` either way,
//! the rules differ field by field, and the derived visitors were a quarter of the WASM
//! module for what these few functions do.

use std::collections::{BTreeMap, HashSet};

use serde::de::Error as _;
use serde_json::{Map, Value};

/// Why a strict field failed its record.
pub(crate) type Error = serde_json::Error;

/// One JSON object being read into a record.
///
/// Lenient getters (cosmetic fields) read null, a missing key and a value of the wrong type
/// alike as absent: a display field never costs a model its place on a page. Strict getters
/// (fields a verdict or a content filter relies on) read null and missing as absent but fail
/// on a value of the wrong type.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'v> {
    map: &'v Map<String, Value>,
}

impl<'v> Fields<'v> {
    pub fn new(map: &'v Map<String, Value>) -> Self {
        Self { map }
    }

    /// An object value, or the error a record of `what` gets for anything else.
    pub fn of(value: &'v Value, what: &str) -> Result<Self, Error> {
        match value {
            Value::Object(map) => Ok(Self::new(map)),
            other => Err(Error::custom(format!("{what}: expected an object, found {}", kind_of(other)))),
        }
    }

    /// The value at `key`, `None` when missing or null.
    fn get(self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    // Lenient.

    pub fn string(self, key: &str) -> Option<String> {
        self.get(key)?.as_str().map(str::to_owned)
    }

    pub fn boolean(self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    pub fn uint(self, key: &str) -> Option<u64> {
        self.get(key)?.as_u64()
    }

    pub fn uint32(self, key: &str) -> Option<u32> {
        self.uint(key)?.try_into().ok()
    }

    pub fn float(self, key: &str) -> Option<f64> {
        self.get(key)?.as_f64()
    }

    pub fn object(self, key: &str) -> Option<Fields<'v>> {
        self.get(key)?.as_object().map(Self::new)
    }

    /// A list of strings; elements that are not strings are dropped, anything but an array
    /// is an empty list.
    pub fn strings(self, key: &str) -> Vec<String> {
        self.objects_or_values(key).filter_map(|v| v.as_str().map(str::to_owned)).collect()
    }

    /// The objects of a list; elements that are not objects are dropped, anything but an
    /// array is an empty list.
    pub fn objects(self, key: &str) -> impl Iterator<Item = Fields<'v>> {
        self.objects_or_values(key).filter_map(|v| v.as_object().map(Self::new))
    }

    fn objects_or_values(self, key: &str) -> std::slice::Iter<'v, Value> {
        self.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default().iter()
    }

    /// Tags: plain strings (`"anime"`) or objects with a name (`{"name": "anime"}`).
    pub fn tags(self, key: &str) -> Vec<String> {
        self.objects_or_values(key)
            .filter_map(|item| match item {
                Value::String(name) => Some(name.as_str()),
                Value::Object(map) => map.get("name").and_then(Value::as_str),
                _ => None,
            })
            .filter(|name| !name.trim().is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Hash algorithm to value; entries whose value is not a non-empty string are dropped.
    pub fn hashes(self, key: &str) -> BTreeMap<String, String> {
        let Some(map) = self.get(key).and_then(Value::as_object) else {
            return BTreeMap::new();
        };
        map.iter()
            .filter_map(|(algorithm, value)| match value {
                Value::String(hash) if !hash.is_empty() => Some((algorithm.clone(), hash.clone())),
                _ => None,
            })
            .collect()
    }

    /// A cursor: a non-empty string, or a number on some endpoints.
    pub fn string_or_number(self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// `allowCommercialUse`, see [`normalize_commercial_use`].
    pub fn commercial_use(self, key: &str) -> Option<Vec<String>> {
        normalize_commercial_use(self.get(key)?)
    }

    // Strict.

    /// A required non-negative integer (the record ids).
    pub fn id(self, key: &str) -> Result<u64, Error> {
        match self.map.get(key) {
            None => Err(Error::custom(format!("missing field `{key}`"))),
            Some(value) => value.as_u64().ok_or_else(|| wrong(key, "a non-negative integer", value)),
        }
    }

    pub fn strict_string(self, key: &str) -> Result<Option<String>, Error> {
        self.strict(key, "a string", |v| v.as_str().map(str::to_owned))
    }

    pub fn strict_boolean(self, key: &str) -> Result<Option<bool>, Error> {
        self.strict(key, "a boolean", Value::as_bool)
    }

    pub fn strict_uint32(self, key: &str) -> Result<Option<u32>, Error> {
        self.strict(key, "an integer from 0 to 4294967295", |v| v.as_u64()?.try_into().ok())
    }

    pub fn strict_object(self, key: &str) -> Result<Option<Fields<'v>>, Error> {
        self.strict(key, "an object", |v| v.as_object().map(Self::new))
    }

    /// A structural list (`modelVersions`, `files`): null or missing is empty, anything but
    /// an array fails, and so does any element `read` refuses.
    pub fn list<T>(self, key: &str, read: impl Fn(&'v Value) -> Result<T, Error>) -> Result<Vec<T>, Error> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| read(item).map_err(|e| Error::custom(format!("`{key}[{index}]`: {e}"))))
                .collect(),
            Some(other) => Err(wrong(key, "an array", other)),
        }
    }

    fn strict<T>(
        self,
        key: &str,
        expected: &str,
        read: impl FnOnce(&'v Value) -> Option<T>,
    ) -> Result<Option<T>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => read(value).map(Some).ok_or_else(|| wrong(key, expected, value)),
        }
    }
}

fn wrong(key: &str, expected: &str, found: &Value) -> Error {
    let found = match found {
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.len() <= 40 => format!("the string {s:?}"),
        other => kind_of(other).to_owned(),
    };
    Error::custom(format!("`{key}`: expected {expected}, found {found}"))
}

/// `allowCommercialUse` in each shape CivitAI has sent:
///
/// - a single value, the old API (`"Sell"`),
/// - an array (`["Image", "RentCivit"]`),
/// - a Postgres array literal (`"{Image,RentCivit}"`).
///
/// `None` (the permission level that grants nothing) is dropped, so "no commercial
/// use" is an empty list. Null or missing is `None`: not said.
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
    // Linear: a hostile body can send 100k entries.
    let mut seen: HashSet<&str> = HashSet::with_capacity(raw.len());
    let out = raw
        .into_iter()
        .map(|item| item.trim().trim_matches('"').trim())
        .filter(|item| !item.is_empty() && !item.eq_ignore_ascii_case("None") && seen.insert(item))
        .map(str::to_owned)
        .collect();
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
