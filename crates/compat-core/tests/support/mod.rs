//! Builders for metadata in rule tests: each reads like the record it stands for.
#![allow(dead_code)]

use compat_core::{
    Evidence, FileScan, Gate, ModelFile, ModelKind, ModelMetadata, ModelVersion, ScanStatus, Source, WeightFormat,
    architecture::architecture, classify_path,
};

/// A Hub text-generation repo with a config `model_type` and the given files.
pub fn hf(model_type: &str, files: &[&str]) -> ModelMetadata {
    ModelMetadata {
        id: format!("test/{model_type}"),
        source: Source::Huggingface,
        kind: ModelKind::TextGeneration,
        architecture: Some(architecture(model_type, Evidence::Config)),
        pipeline_tag: Some("text-generation".into()),
        // As a detail page reads the record (its config.json): a context the worker takes
        // whole. A listing's record states none (`context_unknown`); rows about that say so.
        context_length: Some(4096),
        ..Default::default()
    }
    .with_files(files)
}

/// A GGUF repo whose `gguf.architecture` is `arch`.
pub fn gguf(arch: &str, files: &[&str]) -> ModelMetadata {
    ModelMetadata { architecture: Some(architecture(arch, Evidence::Gguf)), ..hf(arch, files) }
}

pub trait MetadataExt {
    fn with_files(self, files: &[&str]) -> Self;
    fn with(self, edit: impl FnOnce(&mut ModelMetadata)) -> Self;
}

impl MetadataExt for ModelMetadata {
    fn with_files(mut self, files: &[&str]) -> Self {
        self.files = files.iter().filter_map(|p| classify_path(p, Some(1_000))).collect();
        self.formats = self.files.iter().filter_map(|f| f.format.clone()).collect();
        self.formats.sort();
        self.formats.dedup();
        self
    }

    fn with(mut self, edit: impl FnOnce(&mut ModelMetadata)) -> Self {
        edit(&mut self);
        self
    }
}

/// A Hub diffusers repo.
pub fn diffusers(class: &str, files: &[&str]) -> ModelMetadata {
    ModelMetadata {
        id: format!("test/{class}"),
        source: Source::Huggingface,
        kind: ModelKind::ImageGeneration,
        pipeline_tag: Some("text-to-image".into()),
        library: Some("diffusers".into()),
        diffusers_pipeline: Some(class.into()),
        ..Default::default()
    }
    .with_files(files)
}

/// A CivitAI file: `(name, format, file type)` with a clean scan.
pub fn civ_file(name: &str, format: &str, file_type: &str) -> ModelFile {
    ModelFile {
        name: name.into(),
        format: Some(WeightFormat::parse(format)),
        file_type: Some(file_type.into()),
        scan: Some(FileScan { pickle: Some(ScanStatus::Success), virus: Some(ScanStatus::Success) }),
        download_url: Some(format!("https://civitai.com/api/download/models/{name}")),
        ..Default::default()
    }
}

pub fn version(id: u64, base_model: &str, files: Vec<ModelFile>) -> ModelVersion {
    ModelVersion { id, name: Some(format!("v{id}")), base_model: Some(base_model.into()), files, ..Default::default() }
}

/// A CivitAI model of `model_type` with versions.
pub fn civitai(model_type: &str, versions: Vec<ModelVersion>) -> ModelMetadata {
    ModelMetadata {
        id: "4201".into(),
        source: Source::Civitai,
        kind: ModelKind::ImageGeneration,
        versioned: true,
        model_type: Some(model_type.into()),
        base_model: versions.first().and_then(|v| v.base_model.clone()),
        versions,
        ..Default::default()
    }
}

pub fn gated(mut m: ModelMetadata) -> ModelMetadata {
    m.gated = Some(Gate::Manual);
    m
}
