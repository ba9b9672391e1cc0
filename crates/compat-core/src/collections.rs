//! A set of strings, a map of strings to strings and one of strings to counts, all on the
//! B-tree of `serde_json::Map` (`String` to `Value`), which the WASM module needs anyway.
//!
//! Each key and value type of a B-tree is its own copy of the tree's code in the module
//! (insert, split, search, clone, iterate, drop: 5 to 7 KB before compression); with these
//! the module holds one. Serialized, printed and compared as the `BTreeSet<String>`,
//! `BTreeMap<String, String>` and `BTreeMap<String, u64>` they stand for.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A sorted set of strings: a `serde_json::Map` of nulls (see the module docs). Serialized
/// as a `BTreeSet<String>` is: an array of the strings in order.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StringSet(Map<String, Value>);

impl StringSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `s`; `false` when it was in already.
    pub fn insert(&mut self, s: String) -> bool {
        self.0.insert(s, Value::Null).is_none()
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

/// A map of strings to counts, sorted by key: a `serde_json::Map` whose values are all
/// whole numbers (see the module docs). Serialized as a `BTreeMap<String, u64>` is: an object.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CountMap(Map<String, Value>);

impl CountMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `count`, replacing what it was.
    pub fn insert(&mut self, key: String, count: u64) {
        self.0.insert(key, Value::from(count));
    }

    /// Adds `count` to what `key` holds (nothing: 0), saturating.
    pub fn add(&mut self, key: &str, count: u64) {
        match self.0.get_mut(key) {
            Some(total) => *total = Value::from(total.as_u64().unwrap_or_default().saturating_add(count)),
            None => self.insert(key.to_owned(), count),
        }
    }

    pub fn get(&self, key: &str) -> Option<u64> {
        self.0.get(key).and_then(Value::as_u64)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, u64)> {
        // Every value is a u64: `insert` is the only way in.
        self.0.iter().map(|(k, v)| (k, v.as_u64().unwrap_or_default()))
    }

    /// The counts in key order.
    pub fn values(&self) -> impl Iterator<Item = u64> + '_ {
        self.iter().map(|(_, n)| n)
    }
}

impl FromIterator<(String, u64)> for CountMap {
    fn from_iter<I: IntoIterator<Item = (String, u64)>>(items: I) -> Self {
        let mut map = Self::new();
        for (key, count) in items {
            map.insert(key, count);
        }
        map
    }
}

impl<const N: usize> From<[(String, u64); N]> for CountMap {
    fn from(items: [(String, u64); N]) -> Self {
        items.into_iter().collect()
    }
}

impl fmt::Debug for CountMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for CountMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CountMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(deserializer)?;
        if let Some(value) = map.values().find(|v| v.as_u64().is_none()) {
            return Err(serde::de::Error::custom(format_args!(
                "invalid value: {}, expected u64",
                crate::wire::kind_of(value)
            )));
        }
        Ok(Self(map))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{CountMap, StringMap, StringSet};

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

    #[test]
    fn counts_behave_serialize_and_print_as_a_btree_map() {
        let entries = [("Q4_K", 6), ("F32", 7), ("Q4_K", u64::MAX), ("", 0)].map(|(k, v)| (k.to_owned(), v));
        let mut map: CountMap = entries.iter().cloned().collect();
        let reference: BTreeMap<String, u64> = entries.iter().cloned().collect();
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("Q4_K"), Some(u64::MAX));
        assert_eq!(map.iter().collect::<Vec<_>>(), reference.iter().map(|(k, v)| (k, *v)).collect::<Vec<_>>());
        assert_eq!(map.values().collect::<Vec<_>>(), reference.values().copied().collect::<Vec<_>>());
        assert_eq!(format!("{map:?}"), format!("{reference:?}"));
        let json = serde_json::to_value(&map).unwrap();
        assert_eq!(json, serde_json::to_value(&reference).unwrap());
        assert_eq!(serde_json::from_value::<CountMap>(json).unwrap(), map);
        for bad in [serde_json::json!({"a": -1}), serde_json::json!({"a": 0.5}), serde_json::json!({"a": "1"})] {
            assert!(serde_json::from_value::<CountMap>(bad.clone()).is_err(), "{bad}");
        }
        map.add("Q4_K", 1);
        map.add("IQ4_XS", 2);
        assert_eq!((map.get("Q4_K"), map.get("IQ4_XS")), (Some(u64::MAX), Some(2)));
        assert_eq!(CountMap::from([("a".to_owned(), 1)]).get("a"), Some(1));
        assert!(CountMap::default().is_empty());
    }
}
