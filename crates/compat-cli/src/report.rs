//! The JSON contract: one object per model (`classify`, `--json` listings, `check --json`).
//!
//! Every key listed here is always present (`null` when unknown), except the display
//! fields a record may not have (`name`, `author`, `url`, `downloads`, `likes`), `notes`,
//! `versions`, which only CivitAI models carry, and `headers`, present when weight-file headers
//! were read (`--inspect`).

use std::collections::BTreeMap;

use compat_core::{
    CompatibilityResult, Confidence, Dimensions, FileFit, FileVerdict, FitVerdict, MemoryEstimate, ModelKind,
    ModelMetadata, RecommendedFile, Source, VersionVerdict, WeightFormat, WorkerVerdict, logical_files,
};
use model_source::{HeaderRead, ModelEntry};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub id: String,
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downloads: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likes: Option<u64>,
    pub kind: ModelKind,
    /// Architecture family (HuggingFace) or base model (CivitAI).
    pub family: Option<String>,
    /// The architecture name as the record wrote it.
    pub architecture: Option<String>,
    /// `format quantization` of the recommended file, else of what the model holds.
    pub format: Option<String>,
    pub context_length: Option<u64>,
    /// What a weight file's header states of the model's shape (only when a header was read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    pub compatible: bool,
    pub confidence: Confidence,
    pub codes: Vec<compat_core::Code>,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
    pub recommendations: Vec<String>,
    pub workers: Vec<WorkerVerdict>,
    pub files: Vec<FileReport>,
    pub recommended_file: Option<RecommendedFile>,
    /// Bytes to download (the recommended file), stated or estimated (`sizeEstimated`).
    pub size_bytes: Option<u64>,
    pub size_estimated: bool,
    /// Judged on a device: what the recommended file needs, and where it fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryEstimate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fit: Option<FitVerdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<VersionReport>>,
    /// Weight-file headers read with HTTP ranges: per file read, the facts in the shape
    /// `model-compat inspect --json` prints, and the requests and bytes they cost.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderRead>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One logical file (all shards of a split file count as one).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    pub name: String,
    pub format: Option<WeightFormat>,
    pub quantization: Option<String>,
    pub parts: u32,
    pub size_bytes: Option<u64>,
    pub runnable: bool,
    pub code: Option<compat_core::Code>,
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<u64>,
    /// Tensor type to its number of tensors over every part, when the headers were read.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tensor_types: BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fit: Option<FileFit>,
}

impl From<&FileVerdict> for FileReport {
    fn from(f: &FileVerdict) -> Self {
        Self {
            name: f.name.clone(),
            format: f.format.clone(),
            quantization: f.quantization.clone(),
            parts: f.parts,
            size_bytes: f.size_bytes,
            runnable: f.runnable,
            code: f.code,
            reason: f.reason.clone(),
            version_id: f.version_id,
            tensor_types: BTreeMap::new(),
            fit: f.fit,
        }
    }
}

/// One CivitAI version.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionReport {
    pub id: u64,
    pub name: Option<String>,
    pub base_model: Option<String>,
    pub compatible: bool,
    pub confidence: Confidence,
    pub codes: Vec<compat_core::Code>,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
    pub recommended_file: Option<RecommendedFile>,
}

impl From<&VersionVerdict> for VersionReport {
    fn from(v: &VersionVerdict) -> Self {
        Self {
            id: v.id,
            name: v.name.clone(),
            base_model: v.base_model.clone(),
            compatible: v.compatible,
            confidence: v.confidence,
            codes: v.codes.clone(),
            reasons: v.reasons.clone(),
            warnings: v.warnings.clone(),
            recommended_file: v.recommended_file.clone(),
        }
    }
}

impl Report {
    /// The report of a model judged from its metadata alone, as the judging catalog reads
    /// it ([`compat_core::resolve`]).
    pub fn new(metadata: &ModelMetadata, result: &CompatibilityResult) -> Self {
        Self {
            id: metadata.id.clone(),
            source: metadata.source,
            name: None,
            author: None,
            url: None,
            downloads: None,
            likes: None,
            kind: metadata.kind,
            family: family(metadata, result),
            architecture: metadata.architecture.as_ref().map(|a| a.raw.clone()),
            format: format_summary(metadata, result),
            context_length: metadata.context_length,
            dimensions: metadata.dimensions.clone(),
            compatible: result.compatible,
            confidence: result.confidence,
            codes: result.codes.clone(),
            reasons: result.reasons.clone(),
            warnings: result.warnings.clone(),
            recommendations: result.recommendations.clone(),
            workers: result.workers.clone(),
            files: {
                let mut types = tensor_types(metadata);
                let mut files: Vec<FileReport> = result.files.iter().map(FileReport::from).collect();
                for file in &mut files {
                    file.tensor_types = types.remove(&file.name).unwrap_or_default();
                }
                files
            },
            recommended_file: result.recommended_file.clone(),
            size_bytes: result.recommended_file.as_ref().and_then(|f| f.size_bytes),
            size_estimated: result
                .recommended_file
                .as_ref()
                .is_some_and(|f| f.size_estimated && f.size_bytes.is_some()),
            memory: result.memory.as_deref().cloned(),
            fit: result.fit.as_deref().cloned(),
            versions: (metadata.source == Source::Civitai)
                .then(|| result.versions.iter().map(VersionReport::from).collect()),
            headers: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The report of a listed model, with its display fields.
    pub fn from_entry(entry: &ModelEntry) -> Self {
        Self {
            name: Some(entry.record.name.clone()).filter(|n| !n.is_empty()),
            author: entry.record.author.clone(),
            url: entry.record.url.clone(),
            downloads: entry.record.downloads,
            likes: entry.record.likes,
            headers: entry.record.headers.clone(),
            notes: entry.record.notes.clone(),
            ..Self::new(&entry.record.metadata, &entry.compatibility)
        }
    }
}

/// The tensor types the headers of each logical file's parts show, summed, by the name of its
/// first part (the name its verdict carries). Files without header facts are left out.
pub fn tensor_types(metadata: &ModelMetadata) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    for file in logical_files(&metadata.files) {
        let mut sum: BTreeMap<String, u64> = BTreeMap::new();
        for (name, count) in file.files.iter().flat_map(|part| part.tensor_types.iter()) {
            let total = sum.entry(name.clone()).or_default();
            *total = total.saturating_add(count);
        }
        if !sum.is_empty() {
            out.insert(file.head.name.clone(), sum);
        }
    }
    out
}

/// HuggingFace: the architecture family (the raw name when no worker knows it), else the
/// diffusers pipeline (`StableDiffusionXL`).
/// CivitAI: the base model of the recommended version, else of the newest one.
pub fn family(metadata: &ModelMetadata, result: &CompatibilityResult) -> Option<String> {
    if metadata.source == Source::Civitai {
        let recommended = result.recommended_file.as_ref().and_then(|f| f.version_id);
        let of_version =
            recommended.and_then(|id| metadata.versions.iter().find(|v| v.id == id)).and_then(|v| v.base_model.clone());
        return of_version.or_else(|| metadata.base_model.clone());
    }
    metadata.architecture.as_ref().map(|a| a.family.clone().unwrap_or_else(|| a.raw.clone())).or_else(|| {
        // Diffusers repositories have no architecture: their pipeline says what they are.
        metadata.diffusers_pipeline.as_ref().map(|p| p.strip_suffix("Pipeline").unwrap_or(p).to_owned())
    })
}

/// What to download, in one short phrase: `gguf Q4_K_M`, `safetensors ×4`, `safetensors fp16`;
/// for a model nothing runs, what it holds: `gguf IQ4_XS/IQ3_M`, `safetensors gptq`, `pytorch`.
pub fn format_summary(metadata: &ModelMetadata, result: &CompatibilityResult) -> Option<String> {
    if let Some(file) = &result.recommended_file {
        let mut text = file.format.as_ref().map_or_else(|| "?".to_owned(), |f| f.as_str().to_owned());
        if let Some(detail) = file.quantization.as_ref().or(file.precision.as_ref()) {
            text.push(' ');
            text.push_str(detail);
        }
        if file.parts > 1 {
            text.push_str(&format!(" ×{}", file.parts));
        }
        return Some(text);
    }
    let mut formats: Vec<String> = Vec::new();
    for format in &metadata.formats {
        let mut text = format.as_str().to_owned();
        if *format == WeightFormat::Gguf {
            let mut quants: Vec<&str> = Vec::new();
            for q in result.files.iter().filter(|f| f.format.as_ref() == Some(format)) {
                if let Some(q) = q.quantization.as_deref() {
                    if !quants.contains(&q) {
                        quants.push(q);
                    }
                }
            }
            if !quants.is_empty() {
                let shown: Vec<&str> = quants.iter().take(3).copied().collect();
                text = format!("gguf {}{}", shown.join("/"), if quants.len() > 3 { "/…" } else { "" });
            }
        } else if *format == WeightFormat::Safetensors {
            if let Some(method) = &metadata.quantization {
                text = format!("safetensors {method}");
            }
        }
        formats.push(text);
    }
    (!formats.is_empty()).then(|| formats.join(", "))
}
