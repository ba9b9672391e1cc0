//! Reading the documents this library defines (worker catalogs, model metadata) from JSON.
//!
//! By hand rather than with serde's derive. The derived visitors compile a JSON tokenizer
//! into every field of every type, for every input format; measured on the WASM module,
//! the catalog's and the metadata's derived `Deserialize` were 30 KB of its 200 KB gzipped
//! budget. Here each type reads itself from a parsed [`Value`] with a handful of shared
//! getters, and its `Deserialize` impl parses a `Value` first ([`deserialize_via_read!`]),
//! so `serde_json::from_str::<WorkerCatalog>` keeps working everywhere.
//!
//! The rules are those of the derive they replace: unknown keys are ignored, a missing key
//! (or `null`) is the field's default or, for a required field, an error, and a value of
//! the wrong type is an error naming the field's path (`workers[1].maxContext`).
//!
//! Readers: a type of many fields is read field by field into `Self::default()`
//! (`m.field = o.opt(..)?;`), not into a struct literal. With a literal, every `?` drops the
//! fields read before it, so the compiler writes one clean-up path per field; with a default
//! value an error drops that one value (about 1 KB gzipped of the WASM module over the
//! readers). Not for a type whose `Default` reads JSON itself (`WorkerCatalog`: its default
//! vocabulary is the default catalog's).

use std::fmt;

use serde_json::{Map, Value};

use crate::wire;
use crate::wire_enum::WireEnum;

/// Why a document could not be read: where, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    path: String,
    message: String,
}

impl Error {
    /// An error at this level; readers further out add the path.
    pub fn new(message: impl Into<String>) -> Self {
        Self { path: String::new(), message: message.into() }
    }

    /// The same error, one level further out: `key` (a field) or `[i]` (an element).
    // Out of line: every generic reader's error path calls it (WASM size).
    #[inline(never)]
    pub fn within(mut self, segment: &str) -> Self {
        let dot = !self.path.is_empty() && !self.path.starts_with('[');
        self.path = format!("{segment}{}{}", if dot { "." } else { "" }, self.path);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "`{}`: {}", self.path, self.message) }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Implements `serde::Deserialize` for a type with a `fn read(&Value) -> read::Result<Self>`.
macro_rules! deserialize_via_read {
    ($($ty:ty),+ $(,)?) => {$(
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::read(&value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    )+};
}
pub(crate) use deserialize_via_read;

pub fn expected(what: &str, value: &Value) -> Error {
    Error::new(format!("expected {what}, found {}", wire::describe(value)))
}

/// The fields of a JSON object.
#[derive(Debug, Clone, Copy)]
pub struct Object<'v>(&'v Map<String, Value>);

/// `value` as an object.
pub fn object(value: &Value) -> Result<Object<'_>> {
    value.as_object().map(Object).ok_or_else(|| expected("an object", value))
}

impl<'v> Object<'v> {
    /// The field `key` read by `read`; `None` when missing or null.
    pub fn opt<T>(self, key: &str, read: impl FnOnce(&'v Value) -> Result<T>) -> Result<Option<T>> {
        match self.field(key) {
            None => Ok(None),
            Some(value) => match read(value) {
                Ok(v) => Ok(Some(v)),
                Err(e) => Err(e.within(key)),
            },
        }
    }

    /// The field `key`, absent when missing or null. Out of line: the look-up is the same
    /// for every field type, and `opt` is compiled once per type (WASM size).
    #[inline(never)]
    fn field(self, key: &str) -> Option<&'v Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// A field that must be present.
    pub fn req<T>(self, key: &str, read: impl FnOnce(&'v Value) -> Result<T>) -> Result<T> {
        self.opt(key, read)?.ok_or_else(|| missing(key))
    }

    /// Refuses keys not in `known`, so a misspelt option is an error rather than ignored.
    pub fn deny_unknown(self, known: &[&str]) -> Result<()> {
        match self.0.keys().find(|key| !known.contains(&key.as_str())) {
            None => Ok(()),
            Some(key) => {
                let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                Err(Error::new(format!("unknown field `{key}`, expected one of {}", known.join(", "))))
            }
        }
    }

    /// A field whose absence is its type's default.
    pub fn or_default<T: Default>(self, key: &str, read: impl FnOnce(&'v Value) -> Result<T>) -> Result<T> {
        Ok(self.opt(key, read)?.unwrap_or_default())
    }
}

#[inline(never)]
fn missing(key: &str) -> Error {
    Error::new(format!("missing field `{key}`"))
}

pub fn string(value: &Value) -> Result<String> {
    value.as_str().map(str::to_owned).ok_or_else(|| expected("a string", value))
}

pub fn boolean(value: &Value) -> Result<bool> {
    value.as_bool().ok_or_else(|| expected("a boolean", value))
}

pub fn uint(value: &Value) -> Result<u64> {
    wire::uint(value).ok_or_else(|| expected(wire::UINT, value))
}

pub fn uint32(value: &Value) -> Result<u32> {
    wire::uint(value)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| expected("an integer from 0 to 4294967295", value))
}

/// An array, each element read by `read`.
///
/// Not an iterator collected into a `Result`: the adapters of that chain are compiled once
/// per element type, about 1 KB each in the WASM module.
pub fn list<'v, T>(value: &'v Value, read: impl Fn(&'v Value) -> Result<T>) -> Result<Vec<T>> {
    let items = array(value)?;
    let mut list = Vec::with_capacity(items.len());
    each(items, &mut |item| {
        list.push(read(item)?);
        Ok(())
    })?;
    Ok(list)
}

/// Calls `f` on each item, the error of the first that fails placed at its index. Not
/// generic: the loop is compiled once for every element type of [`list`] (WASM size: about
/// 1 KB gzipped less than a loop per type).
#[inline(never)]
fn each<'v>(items: &'v [Value], f: &mut dyn FnMut(&'v Value) -> Result<()>) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        f(item).map_err(|e| at_index(e, i))?;
    }
    Ok(())
}

fn array(value: &Value) -> Result<&Vec<Value>> {
    value.as_array().ok_or_else(|| expected("an array", value))
}

#[inline(never)]
fn at_index(e: Error, i: usize) -> Error {
    e.within(&format!("[{i}]"))
}

pub fn strings(value: &Value) -> Result<Vec<String>> {
    list(value, string)
}

/// One of the wire names of `T`.
pub fn named<T: WireEnum>(value: &Value) -> Result<T> {
    let name = value.as_str().ok_or_else(|| expected("a string", value))?;
    T::from_name(name).ok_or_else(|| unknown_name(name, T::NAMES))
}

/// [`named`]'s error, once for every wire enum.
#[inline(never)]
fn unknown_name(name: &str, names: &[&str]) -> Error {
    let known: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    Error::new(format!("unknown value `{name}`, expected one of {}", known.join(", ")))
}

/// A string parsed by `parse` (the open enums, which take any string).
pub fn parsed<T>(parse: fn(&str) -> T) -> impl Fn(&Value) -> Result<T> {
    move |value| value.as_str().map(parse).ok_or_else(|| expected("a string", value))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn errors_name_the_path_of_the_bad_value() {
        let value = json!({"workers": [{"id": "a"}, {"id": "b", "maxContext": "long"}]});
        let read = |v: &Value| {
            object(v)?.req("workers", |w| {
                list(w, |worker| {
                    let worker = object(worker)?;
                    worker.req("id", string)?;
                    worker.opt("maxContext", uint)
                })
            })
        };
        let error = read(&value).unwrap_err().to_string();
        assert_eq!(error, "`workers[1].maxContext`: expected a non-negative integer, found the string \"long\"");
        let missing = read(&json!({"workers": [{}]})).unwrap_err().to_string();
        assert_eq!(missing, "`workers[0]`: missing field `id`");
    }

    /// Every field written is read back under the same name: a catalog with every section,
    /// and metadata with every field set.
    #[test]
    fn documents_round_trip_field_for_field() {
        use crate::metadata::{Architecture, FileScan, ModelFile, ModelMetadata, ModelVersion, ScanStatus, Shard};
        use crate::{Evidence, FileRole, Gate, ModelKind, Source, WeightFormat, WorkerCatalog, default_catalog};

        let mut catalog = default_catalog().clone();
        catalog.workers[0].memory = Some(crate::MemoryParams::default());
        catalog.workers[0].max_context = Some(8192);
        let json = serde_json::to_string(&catalog).unwrap();
        assert_eq!(serde_json::from_str::<WorkerCatalog>(&json).unwrap(), catalog);

        let file = ModelFile {
            name: "model-00001-of-00002.safetensors".into(),
            format: Some(WeightFormat::Safetensors),
            role: Some(FileRole::Weights),
            quantization: Some("Q4_K_M".into()),
            precision: Some("fp16".into()),
            size_bytes: Some(1 << 40),
            shard: Some(Shard { group: "model.safetensors".into(), index: 1, count: 2 }),
            id: Some(7),
            file_type: Some("Model".into()),
            size_variant: Some("pruned".into()),
            primary: true,
            scan: Some(FileScan { pickle: Some(ScanStatus::Success), virus: Some(ScanStatus::Other("New".into())) }),
            download_url: Some("https://example.com/f".into()),
            hashes: [("SHA256".to_owned(), "ab".to_owned())].into_iter().collect(),
            parameters: Some(8_000_000_000),
            weights_bytes: Some(4_900_000_000),
            tensor_types: [("IQ4_XS".to_owned(), 6), ("Q4_K".to_owned(), 200)].into_iter().collect(),
        };
        let metadata = ModelMetadata {
            id: "org/model".into(),
            source: Source::Civitai,
            kind: ModelKind::ImageGeneration,
            versioned: true,
            architecture: Some(Architecture {
                family: Some("llama".into()),
                raw: "llama".into(),
                evidence: Evidence::Header,
            }),
            tags: vec!["t".into()],
            formats: vec![WeightFormat::Gguf, WeightFormat::Other("x".into())],
            files: vec![file.clone()],
            quantization: Some("gptq".into()),
            parameters: Some(8_000_000_000),
            context_length: Some(131_072),
            dimensions: Some(crate::Dimensions {
                layers: Some(1),
                embedding_length: Some(2),
                heads: Some(3),
                kv_heads: Some(4),
                key_length: Some(5),
                sliding_window: Some(7),
                experts: Some(8),
                experts_used: Some(9),
                vocab_size: Some(10),
            }),
            safetensors_bytes: Some(16_000_000_000),
            shape: Some(crate::ModelShape::from_config(&serde_json::json!({
                "model_type": "deepseek_v3", "hidden_size": 7168, "intermediate_size": 18432,
                "moe_intermediate_size": 2048, "n_routed_experts": 256, "n_shared_experts": 1,
                "num_experts_per_tok": 8, "first_k_dense_replace": 3, "num_hidden_layers": 61,
                "num_attention_heads": 128, "num_key_value_heads": 128, "kv_lora_rank": 512,
                "q_lora_rank": 1536, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
                "vocab_size": 129280, "max_position_embeddings": 163840, "sliding_window": 4096,
                "layer_types": vec!["full_attention"; 61], "tie_word_embeddings": false
            }))),
            pipeline_tag: Some("text-generation".into()),
            library: Some("transformers".into()),
            diffusers_pipeline: Some("FluxPipeline".into()),
            gated: Some(Gate::Manual),
            private: true,
            disabled: true,
            license: Some("mit".into()),
            base_models: vec!["a/b".into()],
            base_model: Some("SDXL 1.0".into()),
            model_type: Some("Checkpoint".into()),
            mode: Some("Archived".into()),
            nsfw: true,
            nsfw_level: Some(4),
            versions: vec![ModelVersion {
                id: 9,
                name: Some("v1".into()),
                base_model: Some("Flux.1 D".into()),
                base_model_type: Some("Standard".into()),
                early_access: true,
                nsfw_level: Some(1),
                published_at: Some("2024-01-01T00:00:00Z".into()),
                files: vec![file],
            }],
        };
        let json = serde_json::to_string(&metadata).unwrap();
        assert_eq!(serde_json::from_str::<ModelMetadata>(&json).unwrap(), metadata);
    }
}
