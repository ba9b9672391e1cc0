//! A set of strings on a B-tree the WASM module holds anyway.
//!
//! Each key and value type of a B-tree is its own copy of the tree's code in the module
//! (insert, split, search, clone, iterate, drop: 5 to 7 KB before compression). This one
//! reuses the tree of `ModelFile::tensor_types` (`String` to `u64`), which the module needs
//! anyway. Serialized, printed and compared as the `BTreeSet<String>` it stands for.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::StringSet;

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
    fn the_set_prints_as_a_btree_set() {
        let mut set = StringSet::new();
        set.insert("b".to_owned());
        set.insert("a".to_owned());
        assert_eq!(format!("{set:?}"), format!("{:?}", BTreeSet::from(["a", "b"])));
    }
}
