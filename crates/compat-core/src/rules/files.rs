//! Per-file verdicts shared by the text and image rules.

use super::findings::Findings;
use crate::catalog::WorkerProfile;
use crate::files::LogicalFile;
use crate::format::WeightFormat;
use crate::metadata::{FileRole, ModelFile};
use crate::resolve::Facts;
use crate::result::{Code, FileVerdict, RecommendedFile};

/// The outcome for one logical file: runnable or not, and the code explaining it.
#[derive(Debug, Clone)]
pub(crate) struct FileOutcome {
    pub runnable: bool,
    pub code: Option<Code>,
    pub reason: Option<String>,
}

impl FileOutcome {
    pub(crate) fn ok() -> Self {
        Self { runnable: true, code: None, reason: None }
    }

    pub(crate) fn caveat(code: Code, reason: impl Into<String>) -> Self {
        Self { runnable: true, code: Some(code), reason: Some(reason.into()) }
    }

    pub(crate) fn no(code: Code, reason: impl Into<String>) -> Self {
        Self { runnable: false, code: Some(code), reason: Some(reason.into()) }
    }
}

/// The checks every worker applies before its own: role and format.
pub(crate) fn role_and_format(file: &ModelFile, facts: &Facts<'_>, worker: &WorkerProfile) -> Option<FileOutcome> {
    match facts.role(file) {
        FileRole::Weights => {}
        FileRole::VisionProjector => {
            return Some(FileOutcome::no(Code::NotModelWeights, "vision projector (mmproj), not model weights"));
        }
        FileRole::TrainingData => {
            return Some(FileOutcome::no(Code::NotModelWeights, "training data, not model weights"));
        }
        FileRole::Auxiliary => {
            let what = file.file_type.as_deref().unwrap_or("auxiliary file");
            return Some(FileOutcome::no(Code::NotModelWeights, format!("{what}, not model weights")));
        }
    }
    let Some(format) = &file.format else {
        return Some(FileOutcome::no(Code::UnsupportedFormat, "weight format unknown"));
    };
    if worker.accepts_format(format) {
        return None;
    }
    Some(if format.is_pickle() {
        FileOutcome::no(Code::UnsafePickle, "PyTorch pickle: loading it runs arbitrary code")
    } else {
        FileOutcome::no(
            Code::UnsupportedFormat,
            format!("{} weights are not loadable by {}", describe(format), worker.id),
        )
    })
}

/// Human name of a format.
pub(crate) fn describe(format: &WeightFormat) -> &str {
    match format {
        WeightFormat::Safetensors => "safetensors",
        WeightFormat::Gguf => "GGUF",
        WeightFormat::PyTorch => "PyTorch pickle",
        WeightFormat::TensorFlow => "TensorFlow",
        WeightFormat::Flax => "Flax",
        WeightFormat::Onnx => "ONNX",
        WeightFormat::CoreMl => "Core ML",
        WeightFormat::TfLite => "TFLite",
        WeightFormat::RustBert => "rust-bert",
        WeightFormat::Mlx => "MLX",
        WeightFormat::Diffusers => "diffusers archive",
        other => other.as_str(),
    }
}

pub(crate) fn describe_list<'a>(formats: impl IntoIterator<Item = &'a WeightFormat>) -> String {
    let names: Vec<&str> = formats.into_iter().map(describe).collect();
    if names.is_empty() { "none".to_owned() } else { names.join(", ") }
}

/// A warning for each split file whose parts' sizes add up past `u64::MAX`: its `sizeBytes`
/// is null, and the verdict says why rather than leaving a silent gap.
pub(crate) fn warn_size_overflows(logical: &[LogicalFile<'_>], f: &mut Findings) {
    for file in logical.iter().filter(|lf| lf.size_overflows) {
        f.warn(
            Code::SizeUnknown,
            format!(
                "{}: the sizes of its {} parts add up past 2^64 bytes; its size is unknown",
                file.head.name, file.parts
            ),
        );
    }
}

pub(crate) fn file_verdict(file: &LogicalFile<'_>, outcome: &FileOutcome, version_id: Option<u64>) -> FileVerdict {
    FileVerdict {
        name: file.head.name.clone(),
        format: file.head.format.clone(),
        quantization: file.head.quantization.clone().or_else(|| file.head.precision.clone()),
        parts: file.parts,
        size_bytes: file.size_bytes,
        runnable: outcome.runnable,
        code: outcome.code,
        reason: outcome.reason.clone(),
        version_id,
        fit: None,
    }
}

pub(crate) fn recommended(file: &LogicalFile<'_>, version_id: Option<u64>) -> RecommendedFile {
    RecommendedFile {
        name: file.head.name.clone(),
        format: file.head.format.clone(),
        quantization: file.head.quantization.clone(),
        precision: file.head.precision.clone(),
        size_bytes: file.size_bytes,
        size_estimated: false,
        parts: file.parts,
        version_id,
        download_url: file.head.download_url.clone(),
        hashes: file.head.hashes.clone(),
    }
}
