//! A model made of files someone holds (a directory on disk, files dropped on a web page), as
//! the Hub would state it: the file names and sizes and its config.json go through the Hub
//! extraction ([`crate::extract_metadata`]), then what each weight file's header proves
//! ([`compat_core::apply_header`]).
//!
//! No I/O: [`crate::local`] reads the disk, and the WASM binding reads a browser's `Blob`s; both
//! read the headers of the files [`reads_header`] names, the way [`model_headers::HeaderPrefix`]
//! asks, and hand them here.

use compat_core::{Source, WeightFormat, apply_header, classify_path};
use model_source::{HeaderRead, ModelRecord};
use serde_json::{Map, Value, json};

use crate::record::HfModelRecord;

/// One file of the model: its name as the model sees it (`/`-separated, relative to the model
/// directory) and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldFile {
    pub name: String,
    pub size: u64,
}

/// Whether a file's header is worth reading: a GGUF or safetensors weight file, by its name.
pub fn reads_header(name: &str) -> bool {
    classify_path(name, None).is_some_and(|f| matches!(f.format, Some(WeightFormat::Gguf | WeightFormat::Safetensors)))
}

/// The first name given twice, found in n log n (someone may hand over thousands of shards).
pub fn repeated_name<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = compat_core::StringSet::new();
    names.into_iter().find(|name| !seen.insert((*name).to_owned()))
}

/// The id of a model given as weight files: the first file's name without its extension and
/// shard suffix (`Qwen3-0.6B-Q4_K_M.gguf`: `Qwen3-0.6B-Q4_K_M`).
pub fn id_of_files(files: &[HeldFile]) -> String {
    let first = files.first().map(|f| f.name.as_str()).unwrap_or_default();
    let stem = first.rsplit_once('.').map_or(first, |(stem, _)| stem);
    compat_core::files::split_shard_suffix(stem).map_or(stem, |(base, _, _)| base).to_owned()
}

/// A model's files, its config.json (a diffusers pipeline's class under `diffusers`, as the
/// Hub's record carries it) and the headers read, as one record of source `local`. `notes` say
/// what could not be read.
pub fn record(
    id: String,
    url: Option<String>,
    files: &[HeldFile],
    config: Option<Value>,
    headers: Vec<HeaderRead>,
    mut notes: Vec<String>,
) -> ModelRecord {
    let mut body = Map::new();
    body.insert("id".to_owned(), json!(id));
    let siblings: Vec<Value> = files.iter().map(|f| json!({"rfilename": f.name, "size": f.size})).collect();
    body.insert("siblings".to_owned(), Value::Array(siblings));
    if let Some(config) = config {
        if config.get("diffusers").is_some() {
            body.insert("library_name".to_owned(), json!("diffusers"));
        }
        body.insert("config".to_owned(), config);
    }
    let hub = HfModelRecord::from_value(&Value::Object(body));
    notes.extend(hub.notes.iter().cloned());
    let mut metadata = crate::extract_metadata(&hub);
    metadata.source = Source::Local;
    for read in &headers {
        apply_header(&mut metadata, &read.file, &read.facts.to_file_header());
    }
    let (author, name) = match id.split_once('/') {
        Some((author, name)) => (Some(author.to_owned()), name.to_owned()),
        None => (None, id.clone()),
    };
    ModelRecord {
        id,
        name,
        source: Source::Local,
        author,
        description: None,
        downloads: None,
        likes: None,
        tags: Vec::new(),
        created_at: None,
        last_modified: None,
        parameters: metadata.parameters,
        license: None,
        permissions: None,
        image_url: None,
        url,
        metadata,
        headers,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_repeated_name() {
        let table: [(&[&str], Option<&str>); 4] = [
            (&[], None),
            (&["a.gguf", "b.gguf"], None),
            (&["a.gguf", "b.gguf", "a.gguf", "b.gguf"], Some("a.gguf")),
            (&["x/m.safetensors", "m.safetensors", "x/m.safetensors"], Some("x/m.safetensors")),
        ];
        for (names, expected) in table {
            assert_eq!(repeated_name(names.iter().copied()), expected, "{names:?}");
        }
        let many: Vec<String> = (0..50_000).map(|i| format!("model-{i:05}-of-50000.gguf")).collect();
        assert_eq!(repeated_name(many.iter().map(String::as_str)), None);
    }
}
