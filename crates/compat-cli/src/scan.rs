//! `model-compat scan [DIR]`: every model in a HuggingFace cache with its verdict, offline.
//!
//! The cache is huggingface_hub's layout: `models--org--name/` holding `refs/main` (a commit
//! hash), `snapshots/<commit>/...` (symlinks into `blobs/`) and `blobs/`. A model is judged at
//! the snapshot `refs/main` names, else at its newest snapshot. Only header bytes of weight
//! files are read (see [`crate::local`]).

use std::path::{Path, PathBuf};

use model_headers::Limits;
use model_source::ModelEntry;
use provider_huggingface::local::{LocalModel, hub_id};

use crate::classify::read_bounded;
use crate::cli::ScanArgs;
use crate::error::{CliError, CliResult};
use crate::output;
use crate::report::Report;
use crate::terminal;
use crate::workers;

pub fn run(args: &ScanArgs) -> CliResult {
    let catalog = workers::catalog(&args.workers)?;
    let limits = Limits { max_header_bytes: args.headers.max_header_bytes, ..Limits::default() };
    let cache = match &args.dir {
        Some(dir) => dir.clone(),
        None => default_cache().ok_or_else(|| {
            CliError::usage("no HuggingFace cache to scan: give DIR, or set HF_HUB_CACHE, HF_HOME or HOME")
        })?,
    };
    let models = cached_models(&cache).map_err(|e| CliError::Failed(format!("{}: {e}", cache.display())))?;
    let mut entries = Vec::new();
    for (id, snapshot) in models {
        let Some(snapshot) = snapshot else {
            eprintln!("{}", terminal::clean_line(&format!("warning: {id}: no snapshot in the cache, skipped")));
            continue;
        };
        let url = format!("{}/{id}", provider_huggingface::DEFAULT_ENDPOINT);
        match LocalModel::from_dir(&snapshot, (id.clone(), Some(url))).and_then(|m| m.record(&limits)) {
            Ok(record) => entries.push(ModelEntry::judged(record, &catalog)),
            Err(e) => eprintln!("{}", terminal::clean_line(&format!("warning: {id}: {e}, skipped"))),
        }
    }
    if args.json {
        let reports: Vec<Report> = entries.iter().map(Report::from_entry).collect();
        output::json_lines(&reports)?;
    } else if !entries.is_empty() {
        output::emit(&output::table(&entries))?;
    }
    let runnable = entries.iter().filter(|e| e.is_compatible()).count();
    let line = format!("{} models in {}, {runnable} runnable.", entries.len(), cache.display());
    eprintln!("{}", terminal::clean_line(&line));
    Ok(())
}

/// huggingface_hub's default cache: `HF_HUB_CACHE`, else `HF_HOME/hub`, else
/// `~/.cache/huggingface/hub` (`huggingface_hub.constants`).
fn default_cache() -> Option<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    set("HF_HUB_CACHE")
        .or_else(|| set("HF_HOME").map(|home| home.join("hub")))
        .or_else(|| set("HOME").map(|home| home.join(".cache").join("huggingface").join("hub")))
}

/// The models of a cache, by id, each with the snapshot to judge (`None`: it has none).
fn cached_models(cache: &Path) -> Result<Vec<(String, Option<PathBuf>)>, String> {
    let listing = std::fs::read_dir(cache).map_err(|e| format!("not a HuggingFace cache: {e}"))?;
    let mut models: Vec<(String, Option<PathBuf>)> = listing
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let id = hub_id(entry.file_name().to_str()?)?;
            entry.file_type().ok()?.is_dir().then(|| (id, snapshot(&entry.path())))
        })
        .collect();
    models.sort();
    Ok(models)
}

/// The snapshot `refs/main` names, else the newest one.
fn snapshot(repo: &Path) -> Option<PathBuf> {
    let snapshots = repo.join("snapshots");
    // A commit hash is 40 hex digits: a ref file past a few hundred bytes is not one.
    let main = read_bounded(&repo.join("refs").join("main"), 256).ok();
    let named = main
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(|commit| commit.trim().to_owned())
        .filter(|commit| !commit.is_empty() && !commit.contains(['/', '\\', '.']))
        .map(|commit| snapshots.join(commit))
        .filter(|dir| dir.is_dir());
    named.or_else(|| {
        std::fs::read_dir(&snapshots)
            .ok()?
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .max()
            .map(|(_, path)| path)
    })
}
