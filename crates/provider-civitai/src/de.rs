//! Reading records out of JSON values, with the tolerance rules of [`crate::record`].
//!
//! By hand rather than with serde's derive: the records are read from a `Value` either way,
//! the rules differ field by field, and the derived visitors were a quarter of the WASM
//! module for what these few functions do.

use std::cell::RefCell;

use compat_core::wire::{self, kind_of};
use compat_core::{StringMap, StringSet};
use serde::de::Error as _;
use serde_json::{Map, Value};

/// Why a strict field failed its record.
pub(crate) type Error = serde_json::Error;

/// What a record's lenient getters met and read as absent, in words, for callers to surface
/// (the same policy as the Hub's records: `compat_core::wire`).
pub(crate) type Notes = RefCell<Vec<String>>;

/// One JSON object being read into a record.
///
/// Lenient getters (cosmetic fields) read null and a missing key as absent, and a value of
/// the wrong type or out of range as absent with a note: a display field never costs a model
/// its place on a page. Strict getters (fields a verdict or a content filter relies on) read
/// null and missing as absent but fail on a value of the wrong type.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'v> {
    map: &'v Map<String, Value>,
    notes: &'v Notes,
}

impl<'v> Fields<'v> {
    pub fn new(map: &'v Map<String, Value>, notes: &'v Notes) -> Self {
        Self { map, notes }
    }

    /// An object value, or the error a record of `what` gets for anything else.
    pub fn of(value: &'v Value, what: &str, notes: &'v Notes) -> Result<Self, Error> {
        match value {
            Value::Object(map) => Ok(Self::new(map, notes)),
            other => Err(Error::custom(format!("{what}: expected an object, found {}", kind_of(other)))),
        }
    }

    /// The value at `key`, `None` when missing or null.
    fn get(self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The value at `key` read by `read`; a value `read` refuses is noted.
    fn lenient<T>(self, key: &str, expected: &str, read: impl FnOnce(&'v Value) -> Option<T>) -> Option<T> {
        let value = self.get(key)?;
        let read = read(value);
        if read.is_none() {
            let note = format!("field `{key}`: expected {expected}, found {}, read as absent", wire::describe(value));
            self.notes.borrow_mut().push(note);
        }
        read
    }

    // Lenient.

    pub fn string(self, key: &str) -> Option<String> {
        self.lenient(key, "a string", |v| v.as_str().map(str::to_owned))
    }

    pub fn boolean(self, key: &str) -> Option<bool> {
        self.lenient(key, "a boolean", Value::as_bool)
    }

    pub fn uint(self, key: &str) -> Option<u64> {
        self.lenient(key, wire::UINT, wire::uint)
    }

    pub fn uint32(self, key: &str) -> Option<u32> {
        self.lenient(key, "an integer from 0 to 4294967295", |v| wire::uint(v)?.try_into().ok())
    }

    pub fn float(self, key: &str) -> Option<f64> {
        self.lenient(key, "a number", wire::float)
    }

    pub fn object(self, key: &str) -> Option<Fields<'v>> {
        self.lenient(key, "an object", |v| v.as_object().map(|map| Self::new(map, self.notes)))
    }

    /// A list of strings; elements that are not strings are dropped, anything but an array
    /// is an empty list.
    pub fn strings(self, key: &str) -> Vec<String> {
        self.objects_or_values(key).filter_map(|v| v.as_str().map(str::to_owned)).collect()
    }

    /// The objects of a list; elements that are not objects are dropped, anything but an
    /// array is an empty list.
    pub fn objects(self, key: &str) -> impl Iterator<Item = Fields<'v>> {
        let notes = self.notes;
        self.objects_or_values(key).filter_map(move |v| v.as_object().map(|map| Self::new(map, notes)))
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
    pub fn hashes(self, key: &str) -> StringMap {
        let Some(map) = self.get(key).and_then(Value::as_object) else {
            return StringMap::new();
        };
        let mut hashes = StringMap::new();
        for (algorithm, value) in map {
            if let Value::String(hash) = value {
                if !hash.is_empty() {
                    hashes.insert(algorithm.clone(), hash.clone());
                }
            }
        }
        hashes
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
            Some(value) => wire::uint(value).ok_or_else(|| wrong(key, wire::UINT, value)),
        }
    }

    pub fn strict_string(self, key: &str) -> Result<Option<String>, Error> {
        self.strict(key, "a string", |v| v.as_str().map(str::to_owned))
    }

    pub fn strict_boolean(self, key: &str) -> Result<Option<bool>, Error> {
        self.strict(key, "a boolean", Value::as_bool)
    }

    pub fn strict_uint32(self, key: &str) -> Result<Option<u32>, Error> {
        self.strict(key, "an integer from 0 to 4294967295", |v| wire::uint(v)?.try_into().ok())
    }

    pub fn strict_object(self, key: &str) -> Result<Option<Fields<'v>>, Error> {
        self.strict(key, "an object", |v| v.as_object().map(|map| Self::new(map, self.notes)))
    }

    /// A structural list (`modelVersions`, `files`) of `what`: null or missing is empty,
    /// anything but an array fails, and so does any element that is not an object or that
    /// `read` refuses. The elements' notes are this record's.
    pub fn list<T>(
        self,
        key: &str,
        what: &str,
        read: impl Fn(Fields<'v>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    Self::of(item, what, self.notes)
                        .and_then(&read)
                        .map_err(|e| Error::custom(format!("`{key}[{index}]`: {e}")))
                })
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
    Error::custom(format!("`{key}`: expected {expected}, found {}", wire::describe(found)))
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
    // n log n: a hostile body can send 100k entries (a B-tree, not a hash set: no hasher in
    // the WASM module; the one set type the module has code for).
    let mut seen = StringSet::new();
    let out = raw
        .into_iter()
        .map(|item| item.trim().trim_matches('"').trim())
        .filter(|item| !item.is_empty() && !item.eq_ignore_ascii_case("None"))
        .map(str::to_owned)
        .filter(|item| seen.insert(item.clone()))
        .collect();
    Some(out)
}
