//! Raw HuggingFace Hub API records, read leniently.
//!
//! Every `GET /api/models` shape parses into [`HfModelRecord`]: the list with default
//! fields, the list with `expand[]`, the detail (`/api/models/{id}`, with or without
//! `expand`), and records trimmed by whoever recorded them. Unknown fields are ignored and
//! missing ones are absent. A field of the wrong type (`"downloads": "12"`, `"siblings": {}`)
//! never fails the record: it is read as absent and a line is added to
//! [`HfModelRecord::notes`], for callers to surface. `null` is read as absent, silently.
//!
//! `GET /api/models/{id}/tree/{rev}` listings are a different shape (an array of
//! `{type, oid, size, lfs?, xetHash?, path}`) and parse into [`HfTreeEntry`]; see
//! [`parse_body`], which tells the two apart.

use std::fmt;

use compat_core::CountMap;
use compat_core::wire::{self, kind_of};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// HF `gated`: `false`, `"auto"` or `"manual"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HfGated {
    /// `false`: not gated.
    Off,
    /// `"auto"` (and `true`, which older records use): granted once the licence is accepted.
    Auto,
    /// `"manual"`: the authors review each request.
    Manual,
}

/// The model card's front matter (`cardData`), the parts worth keeping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfCardData {
    /// `license`; the first entry when the card gives a list.
    pub license: Option<String>,
    /// `license_name` (with `license: other`).
    pub license_name: Option<String>,
    pub license_link: Option<String>,
    /// `base_model`: a string or a list in the card, always a list here.
    pub base_model: Vec<String>,
    /// `base_model_relation`: `finetune`, `quantized`, `merge`, `adapter`.
    pub base_model_relation: Option<String>,
    pub pipeline_tag: Option<String>,
    pub library_name: Option<String>,
    /// `language`: a string or a list in the card, always a list here.
    pub language: Vec<String>,
}

/// `safetensors`: parameter counts read from the safetensors headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfSafetensors {
    /// dtype (`BF16`, `F32`, `U8`, `I64`, ...) to parameter count.
    pub parameters: CountMap,
    pub total: Option<u64>,
}

/// `gguf`: what the Hub read from the repository's GGUF headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfGguf {
    /// llama.cpp's `general.architecture` (`llama`, `gemma3`, `qwen3moe`).
    pub architecture: Option<String>,
    pub context_length: Option<u64>,
    /// Parameter count.
    pub total: Option<u64>,
    /// `totalFileSize`: bytes of all GGUF files.
    pub total_file_size: Option<u64>,
}

/// One entry of `siblings`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfSibling {
    pub rfilename: String,
    /// The file size in bytes: `size` (present with `?blobs=true`), else `lfs.size`.
    pub size: Option<u64>,
    pub blob_id: Option<String>,
}

/// `config`: the subset of `config.json` the Hub inlines, plus what we read from it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfConfig {
    pub model_type: Option<String>,
    /// `architectures` classes (`LlamaForCausalLM`).
    pub architectures: Vec<String>,
    /// `quantization_config` as sent (an object).
    pub quantization_config: Option<Map<String, Value>>,
    /// `diffusers._class_name` (`StableDiffusionXLPipeline`).
    pub diffusers_class_name: Option<String>,
    /// The context length the config states, when it states one (see
    /// [`crate::context_length_from_config`]); the Hub's inlined config rarely does.
    pub context_length: Option<u64>,
}

impl HfConfig {
    /// Whether the config says nothing we use: `config: {}` (common on GGUF repos) or one
    /// holding only a tokenizer config.
    pub fn is_empty(&self) -> bool {
        self.model_type.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.architectures.is_empty()
            && self.quantization_config.as_ref().is_none_or(|q| q.is_empty())
            && self.diffusers_class_name.is_none()
            && self.context_length.is_none()
    }
}

/// `transformersInfo`: how `transformers` would load the model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfTransformersInfo {
    /// `AutoModelForCausalLM`, `AutoModelForSeq2SeqLM`, ...
    pub auto_model: Option<String>,
    pub pipeline_tag: Option<String>,
    pub processor: Option<String>,
}

/// One model as the Hub API sends it, in any endpoint shape. See the module docs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HfModelRecord {
    /// `_id`: the Hub's internal object id.
    pub internal_id: Option<String>,
    /// `id`: `owner/name`.
    pub id: Option<String>,
    /// `modelId`: same as `id`; absent from `expand[]` lists.
    pub model_id: Option<String>,
    pub author: Option<String>,
    /// Commit sha of the revision described.
    pub sha: Option<String>,
    /// `createdAt` (ISO 8601, as sent).
    pub created_at: Option<String>,
    /// `lastModified` (ISO 8601, as sent).
    pub last_modified: Option<String>,
    pub private: Option<bool>,
    pub disabled: Option<bool>,
    pub gated: Option<HfGated>,
    pub downloads: Option<u64>,
    pub downloads_all_time: Option<u64>,
    pub likes: Option<u64>,
    pub trending_score: Option<f64>,
    /// `tags` (non-string entries are dropped with a note).
    pub tags: Vec<String>,
    pub pipeline_tag: Option<String>,
    pub library_name: Option<String>,
    pub card_data: Option<HfCardData>,
    /// `usedStorage`: bytes stored by the repository, all revisions.
    pub used_storage: Option<u64>,
    pub safetensors: Option<HfSafetensors>,
    pub gguf: Option<HfGguf>,
    /// `siblings`; `None` when the record does not list files (default list fields).
    pub siblings: Option<Vec<HfSibling>>,
    pub config: Option<HfConfig>,
    pub transformers_info: Option<HfTransformersInfo>,
    /// Problems met while reading the record (wrong-typed fields read as absent).
    pub notes: Vec<String>,
}

impl HfModelRecord {
    /// Reads a record from a JSON value. Never fails: see the module docs.
    pub fn from_value(value: &Value) -> Self {
        let mut r = Reader::default();
        let Some(obj) = value.as_object() else {
            r.notes.push(format!("record: expected an object, found {}", kind_of(value)));
            return Self { notes: r.notes, ..Self::default() };
        };
        let gated = r.gated(obj);
        let card_data = r.object(obj, "", "cardData").map(|o| r.card_data(o));
        let safetensors = r.object(obj, "", "safetensors").map(|o| r.safetensors(o, "safetensors."));
        let gguf = r.object(obj, "", "gguf").map(|o| HfGguf {
            architecture: r.string(o, "gguf.", "architecture"),
            context_length: r.uint(o, "gguf.", "context_length"),
            total: r.uint(o, "gguf.", "total"),
            total_file_size: r.uint(o, "gguf.", "totalFileSize"),
        });
        let siblings = r.array(obj, "", "siblings").map(|items| r.siblings(items));
        let config = r.object(obj, "", "config").map(|o| r.config(o));
        let transformers_info = r.object(obj, "", "transformersInfo").map(|o| HfTransformersInfo {
            auto_model: r.string(o, "transformersInfo.", "auto_model"),
            pipeline_tag: r.string(o, "transformersInfo.", "pipeline_tag"),
            processor: r.string(o, "transformersInfo.", "processor"),
        });
        Self {
            internal_id: r.string(obj, "", "_id"),
            id: r.string(obj, "", "id"),
            model_id: r.string(obj, "", "modelId"),
            author: r.string(obj, "", "author"),
            sha: r.string(obj, "", "sha"),
            created_at: r.string(obj, "", "createdAt"),
            last_modified: r.string(obj, "", "lastModified"),
            private: r.boolean(obj, "", "private"),
            disabled: r.boolean(obj, "", "disabled"),
            gated,
            downloads: r.uint(obj, "", "downloads"),
            downloads_all_time: r.uint(obj, "", "downloadsAllTime"),
            likes: r.uint(obj, "", "likes"),
            trending_score: r.float(obj, "", "trendingScore"),
            tags: r.strings(obj, "", "tags").unwrap_or_default(),
            pipeline_tag: r.string(obj, "", "pipeline_tag"),
            library_name: r.string(obj, "", "library_name"),
            card_data,
            used_storage: r.uint(obj, "", "usedStorage"),
            safetensors,
            gguf,
            siblings,
            config,
            transformers_info,
            notes: r.notes,
        }
    }

    /// `id`, else `modelId`.
    pub fn repo_id(&self) -> Option<&str> {
        self.id.as_deref().or(self.model_id.as_deref()).filter(|s| !s.trim().is_empty())
    }
}

impl<'de> Deserialize<'de> for HfModelRecord {
    /// Fails only on invalid JSON; any JSON value gives a record (see the module docs).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(|v| Self::from_value(&v))
    }
}

/// One entry of a `tree` listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HfTreeEntry {
    /// `type`: `file` or `directory`.
    pub entry_type: String,
    pub oid: Option<String>,
    /// The file size in bytes: `size`, else `lfs.size`.
    pub size: Option<u64>,
    pub xet_hash: Option<String>,
    pub path: String,
    /// Problems met while reading the entry.
    pub notes: Vec<String>,
}

impl HfTreeEntry {
    /// Reads an entry from a JSON value. Never fails.
    pub fn from_value(value: &Value) -> Self {
        let mut r = Reader::default();
        let Some(obj) = value.as_object() else {
            r.notes.push(format!("tree entry: expected an object, found {}", kind_of(value)));
            return Self { notes: r.notes, ..Self::default() };
        };
        let size = r.file_size(obj, "");
        let entry_type = r.string(obj, "", "type").unwrap_or_default();
        let path = r.string(obj, "", "path").unwrap_or_default();
        Self {
            entry_type,
            oid: r.string(obj, "", "oid"),
            size,
            xet_hash: r.string(obj, "", "xetHash"),
            path,
            notes: r.notes,
        }
    }

    pub fn is_file(&self) -> bool {
        self.entry_type == "file"
    }
}

impl<'de> Deserialize<'de> for HfTreeEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(|v| Self::from_value(&v))
    }
}

/// A Hub API response body, by shape.
#[derive(Debug, Clone, PartialEq)]
pub enum HfBody {
    /// A detail record (one element) or a list page.
    Models(Vec<HfModelRecord>),
    /// A `tree` listing.
    Tree(Vec<HfTreeEntry>),
}

/// A body that is not model records.
#[derive(Debug)]
#[non_exhaustive]
pub enum ParseError {
    /// Not JSON at all.
    Json(serde_json::Error),
    /// The Hub's error body, `{"error": "..."}`.
    Api(String),
    /// A `tree` listing where model records were expected.
    TreeListing,
    /// JSON, but neither an object nor an array.
    Shape(&'static str),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "response body is not valid JSON: {e}"),
            Self::Api(message) => write!(f, "the Hub answered with an error: {message}"),
            Self::TreeListing => f.write_str("response body is a tree listing, not model records"),
            Self::Shape(found) => write!(f, "response body is {found}, expected a model object or a list"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for ParseError {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}

/// Parses a response body of `/api/models`, `/api/models/{id}` or
/// `/api/models/{id}/tree/{rev}`, telling them apart by shape.
///
/// An array is a tree listing when it is not empty and every element has a string `path`
/// and `type` and no `id`/`modelId`/`rfilename`; any other array is a list page (a
/// non-object element becomes a record with a note). An object is one record, unless it
/// is the Hub's `{"error": "..."}` body.
pub fn parse_body(json: impl AsRef<[u8]>) -> Result<HfBody, ParseError> {
    let value: Value = compat_core::wire::parse(json.as_ref())?;
    body_from_value(&value)
}

/// [`parse_body`] on an already parsed value.
pub fn body_from_value(value: &Value) -> Result<HfBody, ParseError> {
    match value {
        Value::Array(items) => {
            if !items.is_empty() && items.iter().all(looks_like_tree_entry) {
                Ok(HfBody::Tree(items.iter().map(HfTreeEntry::from_value).collect()))
            } else {
                Ok(HfBody::Models(items.iter().map(HfModelRecord::from_value).collect()))
            }
        }
        Value::Object(obj) => {
            let is_error = !obj.contains_key("id") && !obj.contains_key("modelId");
            if let (true, Some(Value::String(message))) = (is_error, obj.get("error")) {
                return Err(ParseError::Api(message.clone()));
            }
            Ok(HfBody::Models(vec![HfModelRecord::from_value(value)]))
        }
        other => Err(ParseError::Shape(kind_of(other))),
    }
}

fn looks_like_tree_entry(value: &Value) -> bool {
    let Some(obj) = value.as_object() else {
        return false;
    };
    obj.get("path").is_some_and(Value::is_string)
        && obj.get("type").is_some_and(Value::is_string)
        && !obj.contains_key("id")
        && !obj.contains_key("modelId")
        && !obj.contains_key("rfilename")
}

/// Reads typed fields, noting the ones of the wrong type.
#[derive(Default)]
struct Reader {
    notes: Vec<String>,
}

impl Reader {
    fn wrong(&mut self, prefix: &str, key: &str, expected: &str, found: &Value) {
        self.notes.push(format!("field `{prefix}{key}`: expected {expected}, found {}", kind_of(found)));
    }

    /// The value at `key`, `None` when missing or `null`.
    fn get<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        obj.get(key).filter(|v| !v.is_null())
    }

    fn string(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Option<String> {
        match Self::get(obj, key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong(prefix, key, "a string", other);
                None
            }
        }
    }

    fn boolean(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Option<bool> {
        match Self::get(obj, key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong(prefix, key, "a boolean", other);
                None
            }
        }
    }

    fn uint(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Option<u64> {
        let value = Self::get(obj, key)?;
        let parsed = wire::uint(value);
        if parsed.is_none() {
            let expected = if kind_of(value).starts_with("a number") { wire::UINT } else { "a number" };
            self.wrong(prefix, key, expected, value);
        }
        parsed
    }

    /// A file's size in bytes, the same way in siblings and tree entries: `size`, else
    /// `lfs.size` (both read, so either one of the wrong type is noted).
    fn file_size(&mut self, obj: &Map<String, Value>, prefix: &str) -> Option<u64> {
        let size = self.uint(obj, prefix, "size");
        let lfs_prefix = format!("{prefix}lfs.");
        let lfs_size = self.object(obj, prefix, "lfs").and_then(|l| self.uint(l, &lfs_prefix, "size"));
        size.or(lfs_size)
    }

    fn float(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Option<f64> {
        let value = Self::get(obj, key)?;
        let parsed = wire::float(value);
        if parsed.is_none() {
            self.wrong(prefix, key, "a number", value);
        }
        parsed
    }

    fn object<'v>(&mut self, obj: &'v Map<String, Value>, prefix: &str, key: &str) -> Option<&'v Map<String, Value>> {
        match Self::get(obj, key)? {
            Value::Object(o) => Some(o),
            other => {
                self.wrong(prefix, key, "an object", other);
                None
            }
        }
    }

    fn array<'v>(&mut self, obj: &'v Map<String, Value>, prefix: &str, key: &str) -> Option<&'v [Value]> {
        match Self::get(obj, key)? {
            Value::Array(items) => Some(items),
            other => {
                self.wrong(prefix, key, "an array", other);
                None
            }
        }
    }

    /// An array of strings; other elements are dropped with one note.
    fn strings(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Option<Vec<String>> {
        let items = self.array(obj, prefix, key)?;
        Some(self.string_items(items, prefix, key))
    }

    fn string_items(&mut self, items: &[Value], prefix: &str, key: &str) -> Vec<String> {
        let out: Vec<String> = items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
        let dropped = items.len().saturating_sub(out.len());
        if dropped > 0 {
            self.notes.push(format!("field `{prefix}{key}`: dropped {dropped} element(s) that are not strings"));
        }
        out
    }

    /// A string or an array of strings.
    fn string_or_list(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Vec<String> {
        match Self::get(obj, key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => self.string_items(items, prefix, key),
            Some(other) => {
                self.wrong(prefix, key, "a string or a list of strings", other);
                Vec::new()
            }
        }
    }

    fn gated(&mut self, obj: &Map<String, Value>) -> Option<HfGated> {
        match Self::get(obj, "gated")? {
            Value::Bool(false) => Some(HfGated::Off),
            Value::Bool(true) => Some(HfGated::Auto),
            Value::String(s) if s.eq_ignore_ascii_case("auto") => Some(HfGated::Auto),
            Value::String(s) if s.eq_ignore_ascii_case("manual") => Some(HfGated::Manual),
            Value::String(s) => {
                self.notes.push(format!("field `gated`: unknown mode `{s}`, read as manual"));
                Some(HfGated::Manual)
            }
            other => {
                self.wrong("", "gated", "false, \"auto\" or \"manual\"", other);
                None
            }
        }
    }

    fn card_data(&mut self, o: &Map<String, Value>) -> HfCardData {
        const P: &str = "cardData.";
        HfCardData {
            license: self.string_or_list(o, P, "license").into_iter().next(),
            license_name: self.string(o, P, "license_name"),
            license_link: self.string(o, P, "license_link"),
            base_model: self.string_or_list(o, P, "base_model"),
            base_model_relation: self.string(o, P, "base_model_relation"),
            pipeline_tag: self.string(o, P, "pipeline_tag"),
            library_name: self.string(o, P, "library_name"),
            language: self.string_or_list(o, P, "language"),
        }
    }

    fn safetensors(&mut self, o: &Map<String, Value>, prefix: &str) -> HfSafetensors {
        let mut parameters = CountMap::new();
        if let Some(params) = self.object(o, prefix, "parameters") {
            let inner = format!("{prefix}parameters.");
            for dtype in params.keys() {
                if let Some(count) = self.uint(params, &inner, dtype) {
                    parameters.insert(dtype.clone(), count);
                }
            }
        }
        if parameters.values().try_fold(0u64, |sum, n| sum.checked_add(n)).is_none() {
            self.notes.push(format!("field `{prefix}parameters`: the counts add up past 2^64, their sum is unknown"));
        }
        HfSafetensors { parameters, total: self.uint(o, prefix, "total") }
    }

    fn siblings(&mut self, items: &[Value]) -> Vec<HfSibling> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let prefix = format!("siblings[{i}].");
            let Some(o) = item.as_object() else {
                self.notes.push(format!("field `siblings[{i}]`: expected an object, found {}", kind_of(item)));
                continue;
            };
            let Some(rfilename) = self.string(o, &prefix, "rfilename") else {
                if Self::get(o, "rfilename").is_none() {
                    self.notes.push(format!("field `{prefix}rfilename`: missing, entry dropped"));
                }
                continue;
            };
            out.push(HfSibling {
                rfilename,
                size: self.file_size(o, &prefix),
                blob_id: self.string(o, &prefix, "blobId"),
            });
        }
        out
    }

    fn config(&mut self, o: &Map<String, Value>) -> HfConfig {
        const P: &str = "config.";
        let quantization_config = match Self::get(o, "quantization_config") {
            None => None,
            Some(Value::Object(q)) => Some(q.clone()),
            Some(other) => {
                self.wrong(P, "quantization_config", "an object", other);
                None
            }
        };
        let diffusers_class_name =
            self.object(o, P, "diffusers").and_then(|d| self.string(d, "config.diffusers.", "_class_name"));
        HfConfig {
            model_type: self.string(o, P, "model_type"),
            architectures: self.strings(o, P, "architectures").unwrap_or_default(),
            quantization_config,
            diffusers_class_name,
            context_length: crate::extract::context_length_from_object(o),
        }
    }
}
