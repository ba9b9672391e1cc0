//! `check file PATH...`, and the models on the local disk it and `scan` judge: weight files,
//! the shards of one model, a model directory, a HuggingFace cache snapshot. Each is read as a Hub record would state it (its config.json
//! and its file list, through the Hub provider's own extraction) plus what the weight files'
//! headers prove (`compat_core::apply_header`). Only header bytes of weight files are read.

use std::path::{Path, PathBuf};

use compat_core::{Source, WeightFormat, apply_header, classify_path};
use model_headers::Limits;
use model_source::ModelRecord;
use provider_huggingface::{HfModelRecord, extract_metadata};
use serde_json::{Map, Value, json};

use model_source::ModelEntry;

use crate::classify::read_bounded;
use crate::cli::CheckFileArgs;
use crate::error::{CliError, CliResult};
use crate::report::Report;
use crate::{inspect, output, terminal, workers};

/// `check file PATH...`: one local model's full verdict.
pub fn check_file(args: &CheckFileArgs) -> CliResult {
    let catalog = workers::catalog(&args.workers)?;
    let limits = Limits { max_header_bytes: args.headers.max_header_bytes, ..Limits::default() };
    let record = LocalModel::from_paths(&args.paths)?.record(&limits).map_err(CliError::Failed)?;
    let entry = ModelEntry::judged(record, &catalog);
    if args.json {
        let line = serde_json::to_string(&Report::from_entry(&entry)).map_err(|e| CliError::Failed(e.to_string()))?;
        output::emit(&format!("{}\n", terminal::json_controls(&line)))
    } else {
        output::emit(&output::verdict(&entry))
    }
}

/// A model directory is shallow and holds few files; a deeper or larger tree is not one.
const MAX_DEPTH: usize = 4;
const MAX_FILES: usize = 10_000;
/// A config.json or model_index.json is a few KB; anything past this is not one.
const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// One file of a local model: its name as the model sees it (`/`-separated, relative to the
/// model directory), where it is, and its size.
#[derive(Debug, Clone)]
struct LocalFile {
    name: String,
    path: PathBuf,
    size: u64,
}

/// The files of one model on disk, before any is read.
#[derive(Debug)]
pub struct LocalModel {
    pub id: String,
    /// The model's page, for a HuggingFace cache snapshot (its id is a Hub id).
    url: Option<String>,
    /// Where config.json would be: the model directory.
    dir: Option<PathBuf>,
    files: Vec<LocalFile>,
    /// Files the user named: a header that cannot be read fails the command. In a directory
    /// it is a note on the verdict instead.
    named: bool,
    /// What could not be listed.
    notes: Vec<String>,
}

impl LocalModel {
    /// The model `check file` was given: one directory, or weight files (one shard brings its
    /// siblings).
    pub fn from_paths(paths: &[PathBuf]) -> CliResult<Self> {
        if let [one] = paths {
            if std::fs::metadata(one).is_ok_and(|m| m.is_dir()) {
                return Self::from_dir(one, id_of_dir(one))
                    .map_err(|e| CliError::Failed(format!("{}: {e}", one.display())));
            }
        }
        if let Some(dir) = paths.iter().find(|p| p.is_dir()) {
            return Err(CliError::usage(format!(
                "{} is a directory: give one model directory alone, or the weight files of one model",
                dir.display()
            )));
        }
        let mut files: Vec<LocalFile> = Vec::new();
        for path in inspect::shard_paths(paths)? {
            let name =
                path.file_name().and_then(|n| n.to_str()).map(str::to_owned).ok_or_else(|| {
                    CliError::usage(format!("{}: not a file name this tool can show", path.display()))
                })?;
            if files.iter().any(|f| f.name == name) {
                return Err(CliError::usage(format!("two paths are named {name}: give the files of one model")));
            }
            let meta = std::fs::metadata(&path).map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))?;
            if !meta.is_file() {
                return Err(CliError::Failed(format!("{}: not a regular file", path.display())));
            }
            files.push(LocalFile { name, path, size: meta.len() });
        }
        let first = files.first().map(|f| f.name.as_str()).unwrap_or_default();
        let stem = first.rsplit_once('.').map_or(first, |(stem, _)| stem);
        let id = compat_core::files::split_shard_suffix(stem).map_or(stem, |(base, _, _)| base).to_owned();
        Ok(Self { id, url: None, dir: None, files, named: true, notes: Vec::new() })
    }

    /// Every file under `dir` (symlinked files followed, as a HuggingFace cache snapshot
    /// holds them; symlinked directories not, so a loop cannot be walked).
    pub fn from_dir(dir: &Path, id: (String, Option<String>)) -> Result<Self, String> {
        let mut model =
            Self { id: id.0, url: id.1, dir: Some(dir.to_owned()), files: Vec::new(), named: false, notes: Vec::new() };
        walk(dir, "", 0, &mut model)?;
        model.files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(model)
    }

    /// The model as a record: its config.json and file list read by the Hub provider's
    /// extraction, then every GGUF and safetensors header merged in. Source `local`.
    pub fn record(self, limits: &Limits) -> Result<ModelRecord, String> {
        let mut notes = self.notes;
        let mut body = Map::new();
        body.insert("id".to_owned(), json!(self.id));
        let siblings: Vec<Value> = self.files.iter().map(|f| json!({"rfilename": f.name, "size": f.size})).collect();
        body.insert("siblings".to_owned(), Value::Array(siblings));
        if let Some(dir) = &self.dir {
            let mut config = read_json(&dir.join("config.json"), &mut notes);
            // A diffusers pipeline states its class in model_index.json; the Hub's record
            // carries it as `config.diffusers._class_name`.
            if let Some(Value::Object(index)) = read_json(&dir.join("model_index.json"), &mut notes) {
                let class = index.get("_class_name").cloned().unwrap_or(Value::Null);
                let mut with = match config {
                    Some(Value::Object(map)) => map,
                    _ => Map::new(),
                };
                with.insert("diffusers".to_owned(), json!({ "_class_name": class }));
                config = Some(Value::Object(with));
                body.insert("library_name".to_owned(), json!("diffusers"));
            }
            if let Some(config) = config {
                body.insert("config".to_owned(), config);
            }
        }
        let hub = HfModelRecord::from_value(&Value::Object(body));
        notes.extend(hub.notes.iter().cloned());
        let mut metadata = extract_metadata(&hub);
        metadata.source = Source::Local;

        for file in &self.files {
            let readable = classify_path(&file.name, None)
                .is_some_and(|f| matches!(f.format, Some(WeightFormat::Gguf | WeightFormat::Safetensors)));
            if !readable {
                continue;
            }
            match inspect::read_file(&file.path, limits) {
                Ok(facts) => apply_header(&mut metadata, &file.name, &facts.to_file_header()),
                Err(e) if self.named => return Err(format!("{}: {e}", file.path.display())),
                Err(e) => notes.push(format!("{}: header not read: {e}", file.name)),
            }
        }

        let (author, name) = match self.id.split_once('/') {
            Some((author, name)) => (Some(author.to_owned()), name.to_owned()),
            None => (None, self.id.clone()),
        };
        Ok(ModelRecord {
            id: self.id,
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
            url: self.url,
            metadata,
            // Local files' headers go into the metadata above; `headers` lists reads over HTTP.
            headers: Vec::new(),
            notes,
        })
    }
}

/// Adds the files under `dir` (named `prefix` + their path below it) to `model`.
fn walk(dir: &Path, prefix: &str, depth: usize, model: &mut LocalModel) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            model.notes.push(format!("{prefix}{}: not UTF-8, skipped", entry.file_name().to_string_lossy()));
            continue;
        };
        // `.cache` (huggingface_hub's local-dir metadata), `.git`: not the model's files.
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if depth.saturating_add(1) >= MAX_DEPTH {
                model.notes.push(format!("{prefix}{name}/: deeper than {MAX_DEPTH} levels, not listed"));
            } else {
                walk(&path, &format!("{prefix}{name}/"), depth.saturating_add(1), model)?;
            }
            continue;
        }
        // A symlink is followed to a file (snapshots point into `blobs/`), never to a directory.
        let Ok(meta) = std::fs::metadata(&path) else {
            model.notes.push(format!("{prefix}{name}: a broken link, skipped"));
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if model.files.len() >= MAX_FILES {
            return Err(format!("more than {MAX_FILES} files: not a model directory"));
        }
        model.files.push(LocalFile { name: format!("{prefix}{name}"), path, size: meta.len() });
    }
    Ok(())
}

/// A JSON file of the model directory, if there is one; one that cannot be read is a note.
fn read_json(path: &Path, notes: &mut Vec<String>) -> Option<Value> {
    if !path.exists() {
        return None;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parsed = read_bounded(path, MAX_CONFIG_BYTES)
        .and_then(|bytes| compat_core::wire::parse(&bytes).map_err(|e| format!("not JSON: {e}")));
    match parsed {
        Ok(value) => Some(value),
        Err(e) => {
            notes.push(format!("{name}: {e}"));
            None
        }
    }
}

/// The id of a model directory and its page: a HuggingFace cache snapshot
/// (`models--org--name/snapshots/<revision>`) is `org/name`; any other directory is its name.
pub fn id_of_dir(dir: &Path) -> (String, Option<String>) {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    let parts: Vec<&str> = absolute.components().rev().take(3).filter_map(|c| c.as_os_str().to_str()).collect();
    if let [_, "snapshots", folder] = parts.as_slice() {
        if let Some(id) = hub_id(folder) {
            let url = format!("{}/{id}", provider_huggingface::DEFAULT_ENDPOINT);
            return (id, Some(url));
        }
    }
    let name = absolute.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| ".".to_owned());
    (name, None)
}

/// `models--org--name` -> `org/name` (huggingface_hub's `repo_folder_name`; a Hub name
/// never holds `--`).
pub fn hub_id(folder: &str) -> Option<String> {
    let rest = folder.strip_prefix("models--")?;
    let parts: Vec<&str> = rest.split("--").collect();
    (parts.iter().all(|p| !p.is_empty())).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_folders_name_hub_models() {
        assert_eq!(hub_id("models--unsloth--Qwen3-0.6B-GGUF").as_deref(), Some("unsloth/Qwen3-0.6B-GGUF"));
        assert_eq!(hub_id("models--gpt2").as_deref(), Some("gpt2"));
        assert_eq!(hub_id("datasets--someone--prompts"), None);
        assert_eq!(hub_id("models----x"), None);
        let snapshot = Path::new("/c/models--Qwen--Qwen3-0.6B/snapshots/abc");
        assert_eq!(
            id_of_dir(snapshot),
            ("Qwen/Qwen3-0.6B".to_owned(), Some("https://huggingface.co/Qwen/Qwen3-0.6B".to_owned()))
        );
        assert_eq!(id_of_dir(Path::new("/m/tiny-qwen3")), ("tiny-qwen3".to_owned(), None));
    }
}
