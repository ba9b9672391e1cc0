//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use model_source::Secret;
use provider_huggingface::Inspect;

use crate::device::DeviceArgs;

/// Which HuggingFace and CivitAI models can your self-hosted workers run, and why.
///
/// Every verdict comes from the API records (config, GGUF metadata, file list,
/// quantization, scans, gating, base models) judged against the worker catalog.
#[derive(Debug, Parser)]
#[command(name = "model-compat", version, propagate_version = true, max_term_width = 110)]
#[command(after_help = "Examples:\n  \
    model-compat huggingface --offline --limit 20\n  \
    model-compat huggingface --offline --device gpu-12gb --fit gpu\n  \
    model-compat huggingface --search llama --filter gguf --sort downloads --json\n  \
    model-compat civitai --types Checkpoint --base-model \"SDXL 1.0\" --limit 10\n  \
    model-compat check huggingface Qwen/Qwen2.5-1.5B-Instruct\n  \
    model-compat classify saved/*.json\n  \
    model-compat estimate --config config.json --quant Q4_K_M --context 32768 --device gpu-12gb\n  \
    model-compat inspect Qwen3-8B-UD-Q4_K_XL.gguf --json\n  \
    model-compat check file Qwen3-8B-UD-Q4_K_XL.gguf\n  \
    model-compat scan --json\n  \
    model-compat manifest --source huggingface --limit 500 --out site/models.json --resume")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// API base URL [default: https://huggingface.co (or HF_ENDPOINT), https://civitai.com]
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// API token [default: HF_TOKEN or CIVITAI_API_KEY]. Sent only to the endpoint's host.
    #[arg(long, global = true, value_name = "TOKEN", value_parser = secret)]
    pub token: Option<Secret>,
    /// Log what happens to stderr (-v: debug, -vv: trace; RUST_LOG overrides).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// Serve listings from the bundled offline snapshot (through a local loopback server).
    #[arg(long, global = true)]
    pub offline: bool,
    /// Retries of a request after a 408, 429, 5xx or a connection error.
    #[arg(long, global = true, value_name = "N", default_value_t = 3)]
    pub retries: u32,
}

/// `--token` held as a [`Secret`], so `Debug` of the arguments never shows it.
fn secret(token: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(Secret::from(token))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List compatible HuggingFace models (every model with its verdict with --all).
    #[command(visible_alias = "hf")]
    Huggingface(HfListArgs),
    /// List compatible CivitAI models (every model with its verdict with --all).
    Civitai(CivitaiListArgs),
    /// One model's full verdict.
    Check(CheckArgs),
    /// Judge saved API bodies (files), offline. One JSON object per model per line.
    Classify(ClassifyArgs),
    /// The facts a local GGUF or safetensors header proves (reads the header bytes only).
    Inspect(InspectArgs),
    /// Every model in a HuggingFace cache with its verdict, offline (reads header bytes only).
    Scan(ScanArgs),
    /// Write a JSON manifest of compatible models, for static site generation.
    Manifest(ManifestArgs),
    /// Memory a model needs (weights, KV cache, overhead) from its config.json, and the fit on a device.
    Estimate(crate::estimate::EstimateArgs),
}

/// HuggingFace listing filters.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "HuggingFace filters")]
pub struct HfFilters {
    /// Text the repository id contains.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Repositories of this user or organization.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// A tag every model must carry (repeatable: gguf, safetensors, license:mit, ...).
    #[arg(long = "filter", value_name = "TAG")]
    pub filters: Vec<String>,
    /// The pipeline tag (text-generation, image-text-to-text, ...).
    #[arg(long, value_name = "TAG")]
    pub pipeline_tag: Option<String>,
    /// Do not read each listed safetensors model's config.json for its context length.
    #[arg(long)]
    pub no_enrich: bool,
    /// Read listed models' weight-file headers with HTTP ranges (a few hundred KB per file, 4
    /// at once): recommended (each model's recommended file), all, auto (the recommended file
    /// when the record leaves the verdict uncertain) or off.
    #[arg(long, value_name = "MODE", default_value = "off", value_parser = inspect_mode)]
    pub inspect: Inspect,
}

/// An `--inspect` value.
fn inspect_mode(raw: &str) -> Result<Inspect, String> {
    raw.parse().map_err(|e: model_source::SourceError| e.detail())
}

/// CivitAI listing filters.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "CivitAI filters")]
pub struct CivitaiFilters {
    /// Text to search for in model names.
    #[arg(long, value_name = "TEXT")]
    pub query: Option<String>,
    /// Model type (repeatable: Checkpoint, LORA, TextualInversion, ...).
    #[arg(long = "types", value_name = "TYPE")]
    pub types: Vec<String>,
    /// Base model (repeatable: "SD 1.5", "SDXL 1.0", Pony, Illustrious, "Flux.1 D", ...).
    #[arg(long = "base-model", value_name = "NAME")]
    pub base_models: Vec<String>,
    /// Time window of the sort: AllTime, Year, Month, Week or Day.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Include NSFW models (hidden by default).
    #[arg(long)]
    pub nsfw: bool,
}

/// How many models and which ones to show.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct ListArgs {
    /// How many models to show.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = parse_limit)]
    pub limit: usize,
    /// Show every model with its verdict, not only compatible ones.
    #[arg(long)]
    pub all: bool,
    /// Print JSON Lines (one object per model) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Stop after this many pages even when fewer than --limit models were found.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = parse_limit)]
    pub max_pages: usize,
    /// Models per request [default: 100 for HuggingFace, the API's own for CivitAI].
    #[arg(long, value_name = "N", value_parser = parse_limit)]
    pub page_size: Option<usize>,
    /// With a device: keep only models that fit it all on the GPU (gpu), also split with
    /// RAM (offload), or also on the CPU alone (any). A model whose fit is unknown is not kept.
    #[arg(long, value_name = "WHERE", value_parser = parse_fit)]
    pub fit: Option<compat_core::FitFilter>,
}

/// Which workers judge the models.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Workers")]
pub struct WorkerArgs {
    /// Judge against one worker of the default catalog (llm-worker, sd-worker).
    #[arg(long, value_name = "ID", conflicts_with = "catalog")]
    pub worker: Option<String>,
    /// Judge against the workers described in this catalog JSON file.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HfListArgs {
    #[command(flatten)]
    pub filters: HfFilters,
    /// Sort key: downloads, likes, trendingScore, createdAt or lastModified.
    #[arg(long, value_name = "KEY", help_heading = "HuggingFace filters")]
    pub sort: Option<String>,
    #[command(flatten)]
    pub list: ListArgs,
    #[command(flatten)]
    pub workers: WorkerArgs,
    #[command(flatten)]
    pub device: DeviceArgs,
}

#[derive(Debug, Args)]
pub struct CivitaiListArgs {
    #[command(flatten)]
    pub filters: CivitaiFilters,
    /// Sort: "Highest Rated", "Most Downloaded" or "Newest".
    #[arg(long, value_name = "KEY", help_heading = "CivitAI filters")]
    pub sort: Option<String>,
    #[command(flatten)]
    pub list: ListArgs,
    #[command(flatten)]
    pub workers: WorkerArgs,
    #[command(flatten)]
    pub device: DeviceArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(subcommand)]
    pub target: CheckTarget,
}

#[derive(Debug, Subcommand)]
pub enum CheckTarget {
    /// A HuggingFace model by id (owner/name).
    #[command(visible_alias = "hf")]
    Huggingface(CheckOne),
    /// A CivitAI model by its numeric id.
    Civitai(CheckOne),
    /// Local files, offline: a .gguf or .safetensors file, the shards of one model, or a model
    /// directory (config.json and its weights). Reads header bytes only.
    File(CheckFileArgs),
}

/// How much of a weight file may be read: its header only, up to a cap.
#[derive(Debug, Clone, Args)]
pub struct HeaderArgs {
    /// Read at most this many header bytes per file.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub max_header_bytes: u64,
}

#[derive(Debug, Args)]
pub struct CheckFileArgs {
    /// One model: its weight files (one shard named `NAME-00001-of-00003.gguf` brings its
    /// siblings along), or its directory. A HuggingFace cache snapshot directory is named by
    /// its repository.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the verdict as one JSON object (the shape `classify` prints) instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub workers: WorkerArgs,
    #[command(flatten)]
    pub headers: HeaderArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The cache [default: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print JSON Lines (one object per model, the shape `classify` prints) instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub workers: WorkerArgs,
    #[command(flatten)]
    pub headers: HeaderArgs,
}

#[derive(Debug, Args)]
pub struct CheckOne {
    /// The model id.
    pub id: String,
    /// Print the verdict as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// HuggingFace: read weight-file headers with HTTP ranges. auto (the default; off with
    /// --offline, whose snapshot holds no files): the recommended file when the record leaves
    /// the verdict uncertain (a GGUF named as an Unsloth dynamic quant, UD or _XL; a GGUF without
    /// a quant label; no architecture in the record); recommended; all; off.
    #[arg(long, value_name = "MODE", value_parser = inspect_mode)]
    pub inspect: Option<Inspect>,
    #[command(flatten)]
    pub workers: WorkerArgs,
    #[command(flatten)]
    pub device: DeviceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceKind {
    #[value(alias = "hf")]
    Huggingface,
    Civitai,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Huggingface => "huggingface",
            Self::Civitai => "civitai",
        }
    }
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Which API the files come from [default: detected from each file's shape].
    #[arg(long, value_enum)]
    pub source: Option<SourceKind>,
    #[command(flatten)]
    pub workers: WorkerArgs,
    /// Raw API bodies: a model record, a list (array), or a CivitAI `{items, metadata}` page.
    /// Regular files only: a FIFO, a device or a directory is refused.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Refuse a file larger than this many MiB (a real API page is a few MB).
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_size_mib: u64,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A .gguf or .safetensors file. Several paths are the shards of one model; one shard named
    /// `NAME-00001-of-00003.gguf` brings its siblings along.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub headers: HeaderArgs,
}

#[derive(Debug, Args)]
pub struct ManifestArgs {
    /// Which API to list.
    #[arg(long, value_enum)]
    pub source: SourceKind,
    /// How many compatible models the manifest holds.
    #[arg(long, value_name = "N", value_parser = parse_limit)]
    pub limit: usize,
    /// The manifest to write (atomically; progress is kept in FILE.partial.json).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Continue from the progress saved by an interrupted run with the same options.
    #[arg(long)]
    pub resume: bool,
    /// Sort key of the source (see `huggingface --help` and `civitai --help`).
    #[arg(long, value_name = "KEY")]
    pub sort: Option<String>,
    /// Stop after this many pages even when fewer than --limit models were found.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = parse_limit)]
    pub max_pages: usize,
    /// Models per request [default: 100 for HuggingFace, the API's own for CivitAI].
    #[arg(long, value_name = "N", value_parser = parse_limit)]
    pub page_size: Option<usize>,
    #[command(flatten)]
    pub hf: HfFilters,
    #[command(flatten)]
    pub civitai: CivitaiFilters,
    #[command(flatten)]
    pub workers: WorkerArgs,
}

fn parse_fit(raw: &str) -> Result<compat_core::FitFilter, String> {
    compat_core::FitFilter::parse(raw).ok_or_else(|| format!("`{raw}` is not a fit (gpu, offload, any)"))
}

fn parse_limit(raw: &str) -> Result<usize, String> {
    match raw.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{raw}` is not a positive whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn limits_are_positive() {
        assert!(parse_limit("0").is_err());
        assert!(parse_limit("-1").is_err());
        assert_eq!(parse_limit("20"), Ok(20));
    }
}
