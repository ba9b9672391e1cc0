//! A set of strings and a map of strings to strings on B-trees the WASM module holds anyway.
//!
//! Each key and value type of a B-tree is its own copy of the tree's code in the module
//! (insert, split, search, clone, iterate, drop: 5 to 7 KB before compression). These two
//! reuse the trees of `ModelFile::tensor_types` (`String` to `u64`) and of `serde_json::Map`
//! (`String` to `Value`), which the module needs anyway. Serialized, printed and compared as
//! the `BTreeSet<String>` and `BTreeMap<String, String>` they stand for.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A sorted set of strings: a `BTreeMap<String, u64>` with unused values (see the module
/// docs). Serialized as a `BTreeSet<String>` is: an array of the strings in order.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StringSet(BTreeMap<String, u64>);

impl StringSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `s`; `false` when it was in already.
    pub fn insert(&mut self, s: String) -> bool {
        self.0.insert(s, 0).is_none()
    }

    pub fn contains(&self, s: &str) -> bool {
        self.0.contains_key(s)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The strings in order.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }
}

impl FromIterator<String> for StringSet {
    /// One by one: `collect` into a B-tree sorts first, a sort routine the WASM module has no
    /// other use for.
    fn from_iter<I: IntoIterator<Item = String>>(items: I) -> Self {
        let mut set = Self::new();
        for s in items {
            set.insert(s);
        }
        set
    }
}

impl fmt::Debug for StringSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl Serialize for StringSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for StringSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(deserializer).map(|items| items.into_iter().collect())
    }
}

/// A map of strings to strings, sorted by key: a `serde_json::Map` whose values are all
/// strings (see the module docs). Serialized as a `BTreeMap<String, String>` is: an object.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StringMap(Map<String, Value>);

impl StringMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`, replacing what it was.
    pub fn insert(&mut self, key: String, value: String) {
        self.0.insert(key, Value::String(value));
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &str)> {
        // Every value is a string: `insert` is the only way in.
        self.0.iter().map(|(k, v)| (k, v.as_str().unwrap_or_default()))
    }
}

impl FromIterator<(String, String)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(items: I) -> Self {
        let mut map = Self::new();
        for (key, value) in items {
            map.insert(key, value);
        }
        map
    }
}

impl fmt::Debug for StringMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(deserializer)?;
        if let Some(value) = map.values().find(|v| !v.is_string()) {
            return Err(serde::de::Error::custom(format_args!(
                "invalid type: {}, expected a string",
                crate::wire::kind_of(value)
            )));
        }
        Ok(Self(map))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{StringMap, StringSet};

    #[test]
    fn behaves_and_serializes_as_a_btree_set() {
        let items = ["b", "a/c", "b", "", "a"].map(str::to_owned);
        let mut set = StringSet::new();
        let mut reference = BTreeSet::new();
        for item in &items {
            assert_eq!(set.insert(item.clone()), reference.insert(item.clone()), "{item}");
        }
        assert_eq!(set.len(), 4);
        assert!(set.contains("a/c") && !set.contains("c"));
        assert_eq!(set.iter().collect::<Vec<_>>(), reference.iter().collect::<Vec<_>>());
        let json = serde_json::to_value(&set).unwrap();
        assert_eq!(json, serde_json::to_value(&reference).unwrap());
        assert_eq!(json, serde_json::json!(["", "a", "a/c", "b"]));
        assert_eq!(serde_json::from_value::<StringSet>(serde_json::json!(["b", "a", "b"])).unwrap().len(), 2);
        assert!(serde_json::from_value::<StringSet>(serde_json::json!([1])).is_err());
        assert!(StringSet::default().is_empty());
    }

    #[test]
    fn the_map_behaves_serializes_and_prints_as_a_btree_map() {
        let entries =
            [("SHA256", "ab"), ("AutoV2", "cd"), ("SHA256", "ef"), ("", "")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        let map: StringMap = entries.iter().cloned().collect();
        let reference: BTreeMap<String, String> = entries.iter().cloned().collect();
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("SHA256"), Some("ef"));
        assert_eq!(map.get("BLAKE3"), None);
        assert_eq!(map.iter().collect::<Vec<_>>(), reference.iter().map(|(k, v)| (k, v.as_str())).collect::<Vec<_>>());
        assert_eq!(format!("{map:?}"), format!("{reference:?}"));
        let json = serde_json::to_value(&map).unwrap();
        assert_eq!(json, serde_json::to_value(&reference).unwrap());
        assert_eq!(serde_json::from_value::<StringMap>(json).unwrap(), map);
        assert!(serde_json::from_value::<StringMap>(serde_json::json!({"a": 1})).is_err());
        assert!(serde_json::from_value::<StringMap>(serde_json::json!(["a"])).is_err());
        assert!(StringMap::default().is_empty());
        let mut set = StringSet::new();
        set.insert("b".to_owned());
        set.insert("a".to_owned());
        assert_eq!(format!("{set:?}"), format!("{:?}", BTreeSet::from(["a", "b"])));
    }
}
