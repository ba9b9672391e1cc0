//! `model-compat inspect PATH...`: the facts a local GGUF or safetensors header proves.
//!
//! Only header bytes are read: a first read of [`model_headers::FIRST_READ`], then, while the
//! reader asks for more, at least double that, up to the header cap. Regular files only (a FIFO
//! or a device could be endless); a file that ends inside its header is an error, not a hang.

use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use model_headers::{HeaderError, HeaderFacts, Limits, PerLayer, SlidingWindowPattern};
use serde_json::Value;

use crate::cli::InspectArgs;
use crate::error::{CliError, CliResult};
use crate::output;

pub fn run(args: &InspectArgs) -> CliResult {
    let paths = shard_paths(&args.paths)?;
    let limits = Limits { max_header_bytes: args.headers.max_header_bytes, ..Limits::default() };
    let mut shards = Vec::new();
    for path in &paths {
        shards.push(read_file(path, &limits).map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))?);
    }
    if let Some(format) = shards.iter().map(|s| s.format).find(|f| *f != shards[0].format) {
        return Err(CliError::usage(format!(
            "the paths mix formats ({:?} and {format:?}): give the shards of one model",
            shards[0].format
        )));
    }
    let Some(facts) = HeaderFacts::combine(&shards) else {
        return Err(CliError::usage("no file to inspect"));
    };
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    if args.json {
        let mut value = serde_json::to_value(&facts).map_err(|e| CliError::Failed(e.to_string()))?;
        if let Value::Object(map) = &mut value {
            map.insert("files".to_owned(), files.into());
        }
        output::emit(&format!("{value}\n"))
    } else {
        output::emit(&readable(&facts, &files))
    }
}

/// The files of one model: the paths given, or, for one shard named `*-0000N-of-0000M.*`, every
/// sibling (all must exist).
pub fn shard_paths(paths: &[PathBuf]) -> CliResult<Vec<PathBuf>> {
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
        return Err(CliError::Failed(format!(
            "{} is shard {} of a split model, and shard {} is missing",
            one.display(),
            one.display(),
            missing.display()
        )));
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

/// Reads the header of one file, growing the read as the reader asks.
pub fn read_file(path: &Path, limits: &Limits) -> Result<HeaderFacts, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    let size = meta.len();
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    let mut want = model_headers::FIRST_READ.min(size).min(limits.max_header_bytes);
    loop {
        // `want` never passes the file size nor the cap, so the buffer stays bounded by both.
        let more = want.saturating_sub(buf.len() as u64);
        (&mut file).take(more).read_to_end(&mut buf).map_err(|e| e.to_string())?;
        match model_headers::read_header(&buf, limits) {
            Ok(facts) => return Ok(facts),
            Err(HeaderError::NeedMoreBytes { need, .. }) => {
                if need > size || (buf.len() as u64) < want {
                    return Err(format!("the file ends at {size} bytes, inside its header (which needs {need})"));
                }
                if need > limits.max_header_bytes {
                    return Err(format!(
                        "the header needs at least {need} bytes, more than --max-header-bytes {}",
                        limits.max_header_bytes
                    ));
                }
                want = need.max(want.saturating_mul(2)).min(size).min(limits.max_header_bytes);
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

fn readable(f: &HeaderFacts, files: &[String]) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        let _ = writeln!(out, "{label:<18}{value}");
    };
    line(if files.len() == 1 { "file" } else { "files" }, files.join(", "));
    let version = f.version.map(|v| format!(" v{v}")).unwrap_or_default();
    line(
        "format",
        format!(
            "{}{version}",
            serde_json::to_value(f.format).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        ),
    );
    let mut opt = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            let _ = writeln!(out, "{label:<18}{value}");
        }
    };
    let num = |v: Option<u64>| v.map(|v| v.to_string());
    let layers = |v: &Option<PerLayer>| {
        v.as_ref().map(|v| match v {
            PerLayer::All(n) => n.to_string(),
            PerLayer::Layers(per) => format!("per layer {per:?}"),
        })
    };
    opt("architecture", f.architecture.clone());
    opt("name", f.name.clone());
    opt("file type", num(f.file_type));
    opt("context length", num(f.context_length));
    opt("layers", num(f.block_count));
    opt("embedding length", num(f.embedding_length));
    opt("heads", layers(&f.head_count));
    opt("kv heads", layers(&f.head_count_kv));
    opt("key length", num(f.key_length));
    opt("value length", num(f.value_length));
    opt("sliding window", num(f.sliding_window));
    opt(
        "sliding pattern",
        f.sliding_window_pattern.as_ref().map(|p| match p {
            SlidingWindowPattern::Every(n) => format!("one global layer every {n}"),
            SlidingWindowPattern::Layers(l) => format!("per layer {l:?} (true = sliding)"),
        }),
    );
    opt("kv lora rank", num(f.kv_lora_rank));
    opt("experts", f.expert_count.map(|n| format!("{n} ({} used)", f.expert_used_count.unwrap_or(0))));
    opt("vocabulary", num(f.vocab_size));
    opt("split", f.split.map(|s| format!("{} files", s.count)));
    opt(
        "quantization",
        f.quantization.and_then(|q| serde_json::to_value(q).ok()).and_then(|v| v.as_str().map(str::to_owned)),
    );
    opt(
        "parameters",
        Some(format!("{} ({})", f.parameters, human(f.parameters as f64, &["", " K", " M", " B", " T"], 1000.0))),
    );
    opt(
        "weights",
        Some(match f.weights_bytes {
            Some(b) => format!("{b} bytes ({})", human(b as f64, &[" B", " KiB", " MiB", " GiB", " TiB"], 1024.0)),
            None => "unknown (a tensor type this reader does not know)".to_owned(),
        }),
    );
    opt("tensors", Some(f.tensor_count.to_string()));
    let types: Vec<String> = f.tensor_types.iter().map(|(t, n)| format!("{t} {n}")).collect();
    opt("tensor types", Some(types.join(", ")));
    for (k, v) in &f.metadata {
        opt(&format!("metadata {k}"), Some(v.clone()));
    }
    opt("header bytes", Some(f.header_bytes.to_string()));
    out
}

fn human(mut value: f64, units: &[&str], step: f64) -> String {
    let mut unit = units[0];
    for u in &units[1..] {
        if value < step {
            break;
        }
        value /= step;
        unit = u;
    }
    format!("{value:.2}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names() {
        assert_eq!(shard_name("Qwen3-235B-Q4_K_M-00001-of-00003.gguf"), Some(("Qwen3-235B-Q4_K_M", 3, "gguf")));
        assert_eq!(shard_name("model-00002-of-00004.safetensors"), Some(("model", 4, "safetensors")));
        assert_eq!(shard_name("model-1-of-3.gguf"), None);
        assert_eq!(shard_name("model.gguf"), None);
        assert_eq!(shard_name("m-00001-of-00000.gguf"), None);
    }
}
