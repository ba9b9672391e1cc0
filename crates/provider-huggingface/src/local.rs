//! Models on the local disk, read as the Hub would state them: weight files, the shards of one
//! model, a model directory, a HuggingFace cache snapshot. Each becomes a [`ModelRecord`] of
//! source `local`: its config.json and file list go through the Hub extraction
//! ([`crate::extract_metadata`]), then what each weight file's header proves
//! ([`compat_core::apply_header`]). Only header bytes of weight files are read, never whole files.
//!
//! The CLI's `check file`, `inspect` and `scan` and the Node addon's `inspectFile` read files
//! through here (feature `local`; native only, since a browser has no paths).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use model_headers::{HeaderPrefix, Limits};
use model_source::{HeaderRead, ModelRecord, SourceError};
use serde_json::{Map, Value, json};

use crate::files::{self, HeldFile};

/// A model directory is shallow and holds few files; a deeper or larger tree is not one.
const MAX_DEPTH: usize = 4;
const MAX_FILES: usize = 10_000;
/// A config.json or model_index.json is a few KB; anything past this is not one.
const MAX_CONFIG_BYTES: u64 = 16 << 20;

fn file_error(path: &Path, message: impl Into<String>, source: Option<std::io::Error>) -> SourceError {
    SourceError::File { path: path.display().to_string(), message: message.into(), source }
}

fn io_error(path: &Path, error: std::io::Error) -> SourceError {
    file_error(path, error.to_string(), Some(error))
}

/// The bytes of a regular file of at most `max_bytes`. Anything else is refused before it is
/// read: a FIFO would block forever (opening it waits for a writer) and `/dev/zero` never ends.
pub fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>, SourceError> {
    // `metadata` follows symlinks and does not open: a FIFO is refused without blocking.
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(file_error(path, format!("not a regular file ({})", file_kind(&meta.file_type())), None));
    }
    let too_large = |size: &dyn std::fmt::Display| {
        file_error(path, format!("the file is {size} bytes, over the limit of {max_bytes} bytes"), None)
    };
    if meta.len() > max_bytes {
        return Err(too_large(&meta.len()));
    }
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    // The file may grow (or be swapped) after the check: read at most one byte past the cap.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| io_error(path, e))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > max_bytes) {
        return Err(too_large(&format!("more than {max_bytes}")));
    }
    Ok(bytes)
}

fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() { "a directory" } else { "not a file" }
}

/// Reads the header of one weight file: a first read of [`model_headers::FIRST_READ`], then,
/// while the reader asks for more, at least double that, up to `limits.max_header_bytes`.
/// `file` is the name the record gives it.
///
/// Errors: [`SourceError::File`] (missing, not a regular file, unreadable),
/// [`SourceError::HeaderTooLarge`] past the cap, [`SourceError::InvalidHeader`] for bytes that
/// are not a readable header (another format, a lying header, a file that ends inside it).
pub fn read_header(path: &Path, file: &str, limits: &Limits) -> Result<HeaderRead, SourceError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(file_error(path, format!("not a regular file ({})", file_kind(&meta.file_type())), None));
    }
    let mut handle = File::open(path).map_err(|e| io_error(path, e))?;
    let mut prefix = HeaderPrefix::new(model_headers::FIRST_READ, Some(meta.len()), *limits);
    let mut reads = 0u32;
    let mut chunk = Vec::new();
    loop {
        // The range never passes the file size nor the cap, so the buffers stay bounded by both.
        let range = prefix.next_range();
        chunk.clear();
        (&mut handle)
            .take(range.end.saturating_sub(range.start))
            .read_to_end(&mut chunk)
            .map_err(|e| io_error(path, e))?;
        prefix.append(&chunk);
        reads = reads.saturating_add(1);
        match prefix.facts() {
            Ok(Some(facts)) => {
                return Ok(HeaderRead { file: file.to_owned(), facts, requests: reads, bytes_read: prefix.held() });
            }
            Ok(None) => {}
            Err(e) => return Err(SourceError::header(path.display().to_string(), e)),
        }
    }
}

/// The files of one model: the paths given, or, for one shard named `*-0000N-of-0000M.*`, every
/// sibling (all must exist).
pub fn shard_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SourceError> {
    let [one] = paths else {
        return Ok(paths.to_vec());
    };
    let Some((prefix, count, ext)) = one.file_name().and_then(|n| n.to_str()).and_then(shard_name) else {
        return Ok(paths.to_vec());
    };
    let dir = one.parent().unwrap_or(Path::new(""));
    let siblings: Vec<PathBuf> =
        (1..=count).map(|i| dir.join(format!("{prefix}-{i:05}-of-{count:05}.{ext}"))).collect();
    if let Some(missing) = siblings.iter().find(|p| !p.exists()) {
        return Err(file_error(
            one,
            format!("shard of a split model, and shard {} is missing", missing.display()),
            None,
        ));
    }
    Ok(siblings)
}

/// `(prefix, count, extension)` of `PREFIX-00001-of-00003.EXT` (the gguf-split and
/// transformers shard names).
fn shard_name(name: &str) -> Option<(&str, u32, &str)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let (rest, count) = stem.rsplit_once("-of-")?;
    let (prefix, index) = rest.rsplit_once('-')?;
    let digits = |s: &str| s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(index) || !digits(count) {
        return None;
    }
    let count: u32 = count.parse().ok()?;
    (count > 0).then_some((prefix, count, ext))
}

/// One file of a local model, and where it is.
#[derive(Debug, Clone)]
struct LocalFile {
    held: HeldFile,
    path: PathBuf,
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
    /// Files the user named: a header that cannot be read fails the call. In a directory it
    /// is a note on the verdict instead.
    named: bool,
    /// What could not be listed.
    notes: Vec<String>,
}

impl LocalModel {
    /// One model directory, or the weight files of one model (one shard brings its
    /// siblings). Mixing them, or two files of one name, is [`SourceError::InvalidQuery`].
    pub fn from_paths(paths: &[PathBuf]) -> Result<Self, SourceError> {
        if let [one] = paths {
            if std::fs::metadata(one).is_ok_and(|m| m.is_dir()) {
                return Self::from_dir(one, id_of_dir(one));
            }
        }
        if paths.is_empty() {
            return Err(SourceError::InvalidQuery("no file given".to_owned()));
        }
        if let Some(dir) = paths.iter().find(|p| p.is_dir()) {
            return Err(SourceError::InvalidQuery(format!(
                "{} is a directory: give one model directory alone, or the weight files of one model",
                dir.display()
            )));
        }
        let named = shard_paths(paths)?
            .into_iter()
            .map(|path| match path.file_name().and_then(|n| n.to_str()).map(str::to_owned) {
                Some(name) => Ok((path, name)),
                None => {
                    Err(SourceError::InvalidQuery(format!("{}: not a file name this tool can show", path.display())))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(name) = files::repeated_name(named.iter().map(|(_, name)| name.as_str())) {
            return Err(SourceError::InvalidQuery(format!("two paths are named {name}: give the files of one model")));
        }
        let mut files: Vec<LocalFile> = Vec::with_capacity(named.len());
        for (path, name) in named {
            let meta = std::fs::metadata(&path).map_err(|e| io_error(&path, e))?;
            if !meta.is_file() {
                return Err(file_error(&path, format!("not a regular file ({})", file_kind(&meta.file_type())), None));
            }
            files.push(LocalFile { held: HeldFile { name, size: meta.len() }, path });
        }
        let id = files::id_of_files(&files.iter().map(|f| f.held.clone()).collect::<Vec<_>>());
        Ok(Self { id, url: None, dir: None, files, named: true, notes: Vec::new() })
    }

    /// Every file under `dir` (symlinked files followed, as a HuggingFace cache snapshot
    /// holds them; symlinked directories not, so a loop cannot be walked), with the id and
    /// page [`id_of_dir`] gives.
    pub fn from_dir(dir: &Path, (id, url): (String, Option<String>)) -> Result<Self, SourceError> {
        let mut model = Self { id, url, dir: Some(dir.to_owned()), files: Vec::new(), named: false, notes: Vec::new() };
        walk(dir, "", 0, &mut model)?;
        model.files.sort_by(|a, b| a.held.name.cmp(&b.held.name));
        Ok(model)
    }

    /// The model as a record: its config.json and file list read by the Hub extraction, then
    /// every GGUF and safetensors header merged in (each also listed in `headers`).
    pub fn record(self, limits: &Limits) -> Result<ModelRecord, SourceError> {
        let mut notes = self.notes;
        let mut config = None;
        if let Some(dir) = &self.dir {
            config = read_json(&dir.join("config.json"), &mut notes);
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
            }
        }
        let mut headers = Vec::new();
        for file in self.files.iter().filter(|f| files::reads_header(&f.held.name)) {
            match read_header(&file.path, &file.held.name, limits) {
                Ok(read) => headers.push(read),
                Err(e) if self.named => return Err(e),
                Err(e) => notes.push(format!("{}: header not read: {}", file.held.name, without_path(&e, &file.path))),
            }
        }
        let held: Vec<HeldFile> = self.files.into_iter().map(|f| f.held).collect();
        Ok(files::record(self.id, self.url, &held, config, headers, notes))
    }
}

/// The error's words without the path the note already names.
fn without_path(error: &SourceError, path: &Path) -> String {
    match error {
        SourceError::File { message, .. } => message.clone(),
        SourceError::InvalidHeader { reason, .. } => reason.clone(),
        other => other.to_string().replace(&format!("{}: ", path.display()), ""),
    }
}

/// Adds the files under `dir` (named `prefix` + their path below it) to `model`.
fn walk(dir: &Path, prefix: &str, depth: usize, model: &mut LocalModel) -> Result<(), SourceError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
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
            return Err(file_error(dir, format!("more than {MAX_FILES} files: not a model directory"), None));
        }
        model.files.push(LocalFile { held: HeldFile { name: format!("{prefix}{name}"), size: meta.len() }, path });
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
        .map_err(|e| without_path(&e, path))
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
            let url = format!("{}/{id}", crate::DEFAULT_ENDPOINT);
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

    #[test]
    fn only_regular_files_up_to_the_cap_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.json");
        std::fs::write(&file, b"[1, 2, 3]").unwrap();
        assert_eq!(read_bounded(&file, 9).unwrap(), b"[1, 2, 3]");
        let table: Vec<(PathBuf, u64, &str)> = vec![
            (file.clone(), 8, "9 bytes, over the limit of 8"),
            (dir.path().to_owned(), 100, "not a regular file (a directory)"),
            (dir.path().join("absent.json"), 100, "No such file"),
            #[cfg(unix)]
            ("/dev/zero".into(), 100, "not a regular file (a device)"),
        ];
        for (path, cap, message) in table {
            let err = read_bounded(&path, cap).unwrap_err();
            assert_eq!(err.code(), compat_core::ErrorCode::FileError, "{err}");
            assert!(err.to_string().contains(message), "{path:?}: {err}");
        }
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
            assert!(made.success());
            // Would block forever if it were opened: refused from its metadata alone.
            let err = read_bounded(&fifo, 100).unwrap_err();
            assert!(err.to_string().contains("not a regular file (a FIFO)"), "{err}");
        }
    }

    #[test]
    fn files_of_one_name_in_two_places_are_refused_before_any_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("m.gguf"), b"GGUF").unwrap();
        // The second is not even there: the names alone settle it.
        let err = LocalModel::from_paths(&[a.join("m.gguf"), b.join("m.gguf")]).unwrap_err();
        assert!(matches!(&err, SourceError::InvalidQuery(m) if m.starts_with("two paths are named m.gguf")), "{err}");
        let one = LocalModel::from_paths(&[a.join("m.gguf")]).unwrap();
        assert_eq!(one.files.iter().map(|f| f.held.name.as_str()).collect::<Vec<_>>(), ["m.gguf"]);
    }

    #[test]
    fn shard_names() {
        assert_eq!(shard_name("Qwen3-235B-Q4_K_M-00001-of-00003.gguf"), Some(("Qwen3-235B-Q4_K_M", 3, "gguf")));
        assert_eq!(shard_name("model-00002-of-00004.safetensors"), Some(("model", 4, "safetensors")));
        assert_eq!(shard_name("model-1-of-3.gguf"), None);
        assert_eq!(shard_name("model.gguf"), None);
        assert_eq!(shard_name("m-00001-of-00000.gguf"), None);
    }
}
