//! `classify`: judge saved API bodies, offline. One JSON object per model per line.

use std::path::Path;

use compat_core::{ModelMetadata, WorkerCatalog, judge, resolve};
use provider_civitai::{CivitaiModel, extract_model, extract_version, parse_model, parse_models_page, parse_version};
use provider_huggingface::{HfBody, body_from_value, extract_metadata};
use serde_json::Value;

use crate::cli::{ClassifyArgs, SourceKind};
use crate::error::{CliError, CliResult};
use crate::output;
use crate::report::Report;
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
        match classify_file(path, args.source, &catalog) {
            Ok(classified) => {
                for skipped in &classified.skipped {
                    eprintln!("warning: {}: {skipped}", path.display());
                }
                output::json_lines(&classified.reports)?;
            }
            Err(message) => {
                failed = true;
                eprintln!("error: {}: {}", path.display(), one_line(&message));
            }
        }
    }
    if failed { Err(CliError::Partial) } else { Ok(()) }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads, detects and judges one file. `Err` is the one-line reason the file was not usable.
pub fn classify_file(path: &Path, source: Option<SourceKind>, catalog: &WorkerCatalog) -> Result<Classified, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| format!("not JSON: {e}"))?;
    let source = match source {
        Some(source) => source,
        None => detect(&value)?,
    };
    match source {
        SourceKind::Huggingface => huggingface(&value, catalog),
        SourceKind::Civitai => civitai(&value, &bytes, catalog),
    }
}

/// Which API wrote `value`: CivitAI ids are numbers and its records have `modelVersions`,
/// `items` or version `files`; Hub ids are `owner/name` strings.
pub fn detect(value: &Value) -> Result<SourceKind, String> {
    let civitai_record = |v: &Value| {
        v.get("id").is_some_and(Value::is_u64)
            || v.get("modelVersions").is_some()
            || (v.get("files").is_some() && (v.get("baseModel").is_some() || v.get("modelId").is_some()))
    };
    match value {
        Value::Object(obj) => {
            if obj.get("items").is_some_and(Value::is_array) || civitai_record(value) {
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
        Value::Array(items) => match items.iter().find(|i| i.is_object()) {
            Some(first) if civitai_record(first) => Ok(SourceKind::Civitai),
            _ => Ok(SourceKind::Huggingface),
        },
        other => Err(format!("not a model record or list: the JSON is {}", kind_of(other))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
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
        let result = judge(&metadata, catalog);
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

fn civitai(value: &Value, bytes: &[u8], catalog: &WorkerCatalog) -> Result<Classified, String> {
    let mut out = Classified::default();
    match value {
        Value::Object(obj) if obj.contains_key("items") => {
            let page = parse_models_page(bytes).map_err(|e| e.to_string())?;
            for model in &page.items {
                out.reports.push(civitai_report(Some(model), &extract_model(model), catalog));
            }
            for bad in &page.bad_items {
                let id = bad.id.map(|id| format!(" (id {id})")).unwrap_or_default();
                out.skipped.push(format!("item {}{id} skipped: {}", bad.index, bad.error));
            }
        }
        Value::Object(obj) if !obj.contains_key("modelVersions") && obj.contains_key("files") => {
            let version = parse_version(bytes).map_err(|e| e.to_string())?;
            let mut report = civitai_report(None, &extract_version(&version, None), catalog);
            report.name = version.model.as_ref().and_then(|m| m.name.clone()).or_else(|| version.name.clone());
            report.author = version.creator.as_ref().and_then(|c| c.username.clone());
            out.reports.push(report);
        }
        Value::Object(_) => {
            let model = parse_model(bytes).map_err(|e| e.to_string())?;
            out.reports.push(civitai_report(Some(&model), &extract_model(&model), catalog));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let parsed = serde_json::to_vec(item)
                    .map_err(|e| e.to_string())
                    .and_then(|b| parse_model(&b).map_err(|e| e.to_string()));
                match parsed {
                    Ok(model) => out.reports.push(civitai_report(Some(&model), &extract_model(&model), catalog)),
                    Err(e) => out.skipped.push(format!("item {index} skipped: {e}")),
                }
            }
        }
        other => return Err(format!("not a CivitAI model, version or page: the JSON is {}", kind_of(other))),
    }
    Ok(out)
}

fn civitai_report(model: Option<&CivitaiModel>, metadata: &ModelMetadata, catalog: &WorkerCatalog) -> Report {
    let result = judge(metadata, catalog);
    let mut report = Report::new(&resolve(metadata, catalog), &result);
    if let Some(model) = model {
        report.name = model.name.clone();
        report.author = model.creator.as_ref().and_then(|c| c.username.clone());
        report.downloads = model.stats.as_ref().and_then(|s| s.download_count);
    }
    if !report.id.is_empty() {
        report.url = Some(format!("{}/models/{}", provider_civitai::DEFAULT_BASE_URL, report.id));
    }
    report
}
