//! `model-compat inspect PATH...`: the facts a local GGUF or safetensors header proves.
//!
//! Only header bytes are read: a first read of [`model_headers::FIRST_READ`], then, while the
//! reader asks for more, at least double that, up to the header cap. Regular files only (a FIFO
//! or a device could be endless); a file that ends inside its header is an error, not a hang.

use std::fmt::Write as _;

use model_headers::{HeaderFacts, Limits, PerLayer, SlidingWindowPattern};
use provider_huggingface::local;
use serde_json::Value;

use crate::cli::InspectArgs;
use crate::error::{CliError, CliResult};
use crate::output;

pub fn run(args: &InspectArgs) -> CliResult {
    let paths = local::shard_paths(&args.paths).map_err(CliError::local)?;
    let limits = Limits { max_header_bytes: args.headers.max_header_bytes, ..Limits::default() };
    let mut shards = Vec::new();
    for path in &paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        shards.push(local::read_header(path, &name, &limits).map_err(CliError::local)?.facts);
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
    for (k, v) in f.metadata.iter() {
        opt(&format!("metadata {k}"), Some(v.to_owned()));
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
