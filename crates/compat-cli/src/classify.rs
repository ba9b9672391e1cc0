//! `classify`: judge saved API bodies, offline. One JSON object per model per line.

use std::path::Path;

use compat_core::{ModelMetadata, WorkerCatalog, judge, resolve};
use model_source::SourceError;
use provider_civitai::{CivitaiBody, CivitaiModel, extract_model, extract_version};
use provider_huggingface::{HfBody, body_from_value, extract_metadata, local};
use serde_json::Value;

use crate::cli::{ClassifyArgs, SourceKind};
use crate::error::{CliError, CliResult};
use crate::output;
use crate::report::Report;
use crate::terminal;
use crate::workers;

/// What one file gave: its models, and items that could not be read (reported, not fatal).
#[derive(Debug, Default)]
pub struct Classified {
    pub reports: Vec<Report>,
    pub skipped: Vec<String>,
}

pub fn run(args: &ClassifyArgs) -> CliResult {
    let catalog = workers::catalog(&args.workers)?;
    let mut failed = false;
    for path in &args.files {
        let max_bytes = args.max_size_mib.saturating_mul(1024 * 1024);
        match classify_file(path, args.source, &catalog, max_bytes) {
            Ok(classified) => {
                for skipped in &classified.skipped {
                    eprintln!("warning: {}: {}", path.display(), terminal::clean_line(skipped));
                }
                output::json_lines(&classified.reports)?;
            }
            Err(message) => {
                failed = true;
                eprintln!("error: {}: {}", path.display(), terminal::clean_line(&one_line(&message)));
            }
        }
    }
    if failed { Err(CliError::Partial) } else { Ok(()) }
}

/// [`local::read_bounded`] with the error in this command's words (the path is printed before it).
pub fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    local::read_bounded(path, max_bytes).map_err(|e| match e {
        SourceError::File { message, .. } => format!("cannot read: {message}"),
        other => format!("cannot read: {other}"),
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads, detects and judges one file. `Err` is the one-line reason the file was not usable.
pub fn classify_file(
    path: &Path,
    source: Option<SourceKind>,
    catalog: &WorkerCatalog,
    max_bytes: u64,
) -> Result<Classified, String> {
    let bytes = read_bounded(path, max_bytes)?;
    let value: Value = compat_core::wire::parse(&bytes).map_err(|e| format!("not JSON: {e}"))?;
    let source = match source {
        Some(source) => source,
        None => detect(&value)?,
    };
    match source {
        SourceKind::Huggingface => huggingface(&value, catalog),
        SourceKind::Civitai => civitai(value, catalog),
    }
}

/// Which API wrote `value`: CivitAI ids are numbers and its records have `modelVersions`,
/// `items` or version `files`; Hub ids are `owner/name` strings.
pub fn detect(value: &Value) -> Result<SourceKind, String> {
    match value {
        Value::Object(obj) => {
            if provider_civitai::looks_like_civitai(value) {
                return Ok(SourceKind::Civitai);
            }
            if !obj.contains_key("id") && !obj.contains_key("modelId") {
                if let Some(error) = obj.get("error") {
                    let message = error.as_str().map_or_else(|| error.to_string(), str::to_owned);
                    return Err(format!("an API error body, not a model: {message}"));
                }
            }
            Ok(SourceKind::Huggingface)
        }
        Value::Array(_) if provider_civitai::looks_like_civitai(value) => Ok(SourceKind::Civitai),
        Value::Array(_) => Ok(SourceKind::Huggingface),
        other => Err(format!("not a model record or list: the JSON is {}", compat_core::wire::kind_of(other))),
    }
}

fn huggingface(value: &Value, catalog: &WorkerCatalog) -> Result<Classified, String> {
    let records = match body_from_value(value).map_err(|e| e.to_string())? {
        HfBody::Models(records) => records,
        HfBody::Tree(_) => return Err("a file tree listing, not model records".to_owned()),
    };
    let mut out = Classified::default();
    for (index, record) in records.iter().enumerate() {
        let Some(id) = record.repo_id() else {
            out.skipped.push(format!("item {index} skipped: no model id ({})", record.notes.join("; ")));
            continue;
        };
        let mut metadata = extract_metadata(record);
        if metadata.id.is_empty() {
            metadata.id = id.to_owned();
        }
        let result = judge(&metadata, catalog, None);
        let mut report = Report::new(&resolve(&metadata, catalog), &result);
        report.author = record.author.clone().or_else(|| id.split_once('/').map(|(a, _)| a.to_owned()));
        report.name = Some(id.rsplit('/').next().unwrap_or(id).to_owned());
        report.downloads = record.downloads;
        report.likes = record.likes;
        report.url = Some(format!("{}/{id}", provider_huggingface::DEFAULT_ENDPOINT));
        report.notes = record.notes.clone();
        out.reports.push(report);
    }
    Ok(out)
}

fn civitai(value: Value, catalog: &WorkerCatalog) -> Result<Classified, String> {
    let mut out = Classified::default();
    match provider_civitai::body_from_value(value).map_err(|e| e.to_string())? {
        CivitaiBody::Page(page) => {
            for model in &page.items {
                out.reports.push(civitai_report(Some(model), &extract_model(model), catalog));
            }
            for bad in &page.bad_items {
                let id = bad.id.map(|id| format!(" (id {id})")).unwrap_or_default();
                out.skipped.push(format!("item {}{id} skipped: {}", bad.index, bad.error));
            }
        }
        CivitaiBody::Version(version) => {
            let mut report = civitai_report(None, &extract_version(&version, None), catalog);
            report.name = version.model.as_ref().and_then(|m| m.name.clone()).or_else(|| version.name.clone());
            report.author = version.creator.as_ref().and_then(|c| c.username.clone());
            report.notes = version.notes.clone();
            out.reports.push(report);
        }
        CivitaiBody::Model(model) => out.reports.push(civitai_report(Some(&model), &extract_model(&model), catalog)),
        CivitaiBody::Models(items) => {
            for (index, item) in items.into_iter().enumerate() {
                match item {
                    Ok(model) => out.reports.push(civitai_report(Some(&model), &extract_model(&model), catalog)),
                    Err(e) => out.skipped.push(format!("item {index} skipped: {e}")),
                }
            }
        }
    }
    Ok(out)
}

fn civitai_report(model: Option<&CivitaiModel>, metadata: &ModelMetadata, catalog: &WorkerCatalog) -> Report {
    let result = judge(metadata, catalog, None);
    let mut report = Report::new(&resolve(metadata, catalog), &result);
    if let Some(model) = model {
        report.name = model.name.clone();
        report.author = model.creator.as_ref().and_then(|c| c.username.clone());
        report.downloads = model.stats.as_ref().and_then(|s| s.download_count);
        report.notes = model.notes.clone();
    }
    if !report.id.is_empty() {
        report.url = Some(format!("{}/models/{}", provider_civitai::DEFAULT_BASE_URL, report.id));
    }
    report
}
