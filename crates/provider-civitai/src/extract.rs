//! CivitAI records to [`ModelMetadata`]: the facts the rules judge.
//!
//! Mapping decisions:
//!
//! - Every CivitAI model is `kind: image-generation` and `versioned`: the rules judge its
//!   `type` (`Checkpoint`, `LORA`, ...), then each version's `baseModel` and files.
//! - `nsfw` is true when CivitAI's legacy `nsfw` flag is set **or** `nsfwLevel` has
//!   any bit of R, X, XXX or Blocked (4 | 8 | 16 | 32): real records carry
//!   `nsfw: false` with `nsfwLevel: 31`. `nsfw_level` is passed through as sent.
//! - `license` stays `None`: CivitAI has no licence identifier, only permission flags
//!   (`allowCommercialUse`, ...), which stay on [`CivitaiModel`] for display.
//! - `base_model` is the first version's (CivitAI lists the newest first).
//! - A version is early access when `availability == "EarlyAccess"`, nothing else.
//! - A file's format comes from `metadata.format`. When that is missing or `Other`
//!   (CivitAI could not classify the file) the file name's extension decides, if it
//!   is a known weight extension (`x.bin` is a PyTorch pickle), else the format is
//!   unknown (`None`). A format CivitAI adds later is kept as
//!   [`WeightFormat::Other`], which no worker accepts.
//! - A file's type is kept as sent (`file_type`) and its `role` left out: which types are
//!   weights is catalog data (`vocabulary.fileTypes`: `Model` and `Pruned Model` are
//!   weights, `Training Data` is training data, any other type is auxiliary), read when
//!   judging. A file without a type is taken as weights; its format still has to pass.
//! - `formats`: the distinct formats of the files, whatever their type.

use compat_core::{
    FileScan, ModelFile, ModelKind, ModelMetadata, ModelVersion, ScanStatus, Source, StringSet, WeightFormat,
    gguf_quant_from_filename,
};

use crate::record::{CivitaiFile, CivitaiModel, CivitaiVersion, ModelsPage};

/// `nsfwLevel` bits CivitAI counts as NSFW: R, X, XXX, Blocked.
pub const NSFW_LEVEL_MASK: u32 = 4 | 8 | 16 | 32;

/// A model with all its versions.
pub fn extract_model(model: &CivitaiModel) -> ModelMetadata {
    let versions: Vec<ModelVersion> = model.model_versions.iter().map(model_version).collect();
    ModelMetadata {
        id: model.id.to_string(),
        source: Source::Civitai,
        kind: ModelKind::ImageGeneration,
        versioned: true,
        formats: weight_formats(&versions),
        base_model: model.model_versions.first().and_then(|v| clean(v.base_model.as_deref())),
        model_type: clean(model.model_type.as_deref()),
        mode: clean(model.mode.as_deref()),
        nsfw: is_nsfw(model.nsfw, model.nsfw_level),
        nsfw_level: model.nsfw_level,
        versions,
        ..ModelMetadata::default()
    }
}

/// A single version (a `/model-versions/{id}` or by-hash lookup) judged as a
/// one-version model.
///
/// Model-level facts (`type`, `mode`, `nsfw`, `nsfwLevel`, id) come from `parent`
/// when the caller has the full model, else from the version's own `model` summary
/// and `modelId` (or its `air`). Without a parent, `nsfw_level` is the version's.
pub fn extract_version(version: &CivitaiVersion, parent: Option<&CivitaiModel>) -> ModelMetadata {
    let summary = version.model.as_ref();
    let model_type = parent
        .and_then(|p| clean(p.model_type.as_deref()))
        .or_else(|| summary.and_then(|s| clean(s.model_type.as_deref())));
    let mode = match parent {
        Some(p) => clean(p.mode.as_deref()),
        None => summary.and_then(|s| clean(s.mode.as_deref())),
    };
    let nsfw_flag = parent.and_then(|p| p.nsfw).or_else(|| summary.and_then(|s| s.nsfw));
    let nsfw_level = parent.and_then(|p| p.nsfw_level).or(version.nsfw_level);
    let id = parent.map(|p| p.id).or_else(|| version.parent_model_id()).map(|id| id.to_string()).unwrap_or_default();
    let versions = vec![model_version(version)];
    ModelMetadata {
        id,
        source: Source::Civitai,
        kind: ModelKind::ImageGeneration,
        versioned: true,
        formats: weight_formats(&versions),
        base_model: clean(version.base_model.as_deref()),
        model_type,
        mode,
        nsfw: is_nsfw(nsfw_flag, nsfw_level),
        nsfw_level,
        versions,
        ..ModelMetadata::default()
    }
}

/// Every item of a list page that parsed, in order.
pub fn extract_page(page: &ModelsPage) -> Vec<ModelMetadata> {
    page.items.iter().map(extract_model).collect()
}

/// One version's facts.
pub fn model_version(version: &CivitaiVersion) -> ModelVersion {
    ModelVersion {
        id: version.id,
        name: clean(version.name.as_deref()),
        base_model: clean(version.base_model.as_deref()),
        base_model_type: clean(version.base_model_type.as_deref()),
        early_access: version.is_early_access(),
        nsfw_level: version.nsfw_level,
        published_at: clean(version.published_at.as_deref()),
        files: version.files.iter().map(model_file).collect(),
    }
}

/// One file's facts.
pub fn model_file(file: &CivitaiFile) -> ModelFile {
    let name = file.name.clone().unwrap_or_default();
    let meta = file.metadata.as_ref();
    let format = file_format(file);
    let quantization = match format {
        Some(WeightFormat::Gguf) => meta
            .and_then(|m| clean(m.quant_type.as_deref()))
            .map(|q| q.to_ascii_uppercase())
            .or_else(|| gguf_quant_from_filename(&name)),
        _ => None,
    };
    let pickle = clean(file.pickle_scan_result.as_deref()).map(|s| ScanStatus::parse(&s));
    let virus = clean(file.virus_scan_result.as_deref()).map(|s| ScanStatus::parse(&s));
    let scan = (pickle.is_some() || virus.is_some()).then_some(FileScan { pickle, virus });
    ModelFile {
        format,
        role: None,
        quantization,
        precision: meta.and_then(|m| clean(m.fp.as_deref())),
        size_bytes: file.size_bytes(),
        shard: None,
        id: file.id,
        file_type: clean(file.file_type.as_deref()),
        size_variant: meta.and_then(|m| clean(m.size.as_deref())),
        primary: file.primary.unwrap_or(false),
        scan,
        download_url: clean(file.download_url.as_deref()),
        hashes: file.hashes.clone(),
        name,
        // Header facts: only a header read (`compat_core::apply_header`) states them.
        ..ModelFile::default()
    }
}

/// A file's weight format: `metadata.format`, or the extension when CivitAI sent no
/// format or `Other`.
pub fn file_format(file: &CivitaiFile) -> Option<WeightFormat> {
    let declared = file.metadata.as_ref().and_then(|m| clean(m.format.as_deref()));
    match declared {
        Some(raw) if !raw.eq_ignore_ascii_case("Other") => Some(WeightFormat::parse(&raw)),
        _ => file.name.as_deref().and_then(WeightFormat::from_path),
    }
}

/// The legacy flag or an R-and-above `nsfwLevel`.
pub fn is_nsfw(flag: Option<bool>, level: Option<u32>) -> bool {
    flag == Some(true) || level.is_some_and(|l| l & NSFW_LEVEL_MASK != 0)
}

/// Distinct formats of the files, whatever their type, in first-seen order.
/// n log n in the number of files (a page can hold 100k): formats are found in a B-tree (no
/// hasher in the WASM module): the one set type the module has code for.
fn weight_formats(versions: &[ModelVersion]) -> Vec<WeightFormat> {
    let mut seen = StringSet::new();
    versions
        .iter()
        .flat_map(|v| &v.files)
        .filter_map(|file| file.format.as_ref())
        .filter(|format| seen.insert(format.as_str().to_owned()))
        .cloned()
        .collect()
}

fn clean(value: Option<&str>) -> Option<String> {
    value.and_then(compat_core::wire::non_empty).map(str::to_owned)
}
