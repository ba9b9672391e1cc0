//! Worker profiles: what each self-hosted worker can load, as data.
//!
//! The rules engine reads these tables and nothing else, so a user describes a new
//! worker (or a patched one) in JSON without touching code.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::format::WeightFormat;
use crate::memory::MemoryParams;
use crate::metadata::{Evidence, ModelKind};
use crate::result::{Code, Confidence};

/// An architecture family and every raw name that denotes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FamilySupport {
    pub family: String,
    /// HF `config.model_type` values (compared exactly, case-insensitively).
    #[serde(default)]
    pub config_names: Vec<String>,
    /// GGUF `general.architecture` values.
    #[serde(default)]
    pub gguf_names: Vec<String>,
    /// How well the worker runs this family.
    #[serde(default = "high")]
    pub confidence: Confidence,
}

fn high() -> Confidence {
    Confidence::High
}

impl FamilySupport {
    /// Whether `raw`, read from `evidence`, names this family. Tags and names carry
    /// HF-style names; GGUF carries llama.cpp names. Never a substring match.
    pub fn covers(&self, raw: &str, evidence: Evidence) -> bool {
        let names = match evidence {
            Evidence::Gguf => &self.gguf_names,
            Evidence::Config | Evidence::Tags | Evidence::Name => &self.config_names,
        };
        names.iter().any(|n| n.eq_ignore_ascii_case(raw))
    }
}

/// A pipeline tag the worker accepts, with the caveat that comes with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct PipelineSupport {
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<Code>,
}

/// A group of CivitAI base model names that one worker code path handles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct BaseModelFamily {
    pub family: String,
    pub names: Vec<String>,
}

/// One worker: what it runs. Missing sections mean "supports nothing of that kind".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase", default)]
pub struct WorkerProfile {
    pub id: String,
    /// `text-generation` or `image-generation`.
    pub kind: ModelKind,
    pub backends: Vec<String>,
    pub architectures: Vec<FamilySupport>,
    /// Weight formats the worker loads.
    pub formats: Vec<WeightFormat>,
    /// GGUF quant labels that load as they are.
    pub gguf_quantizations: Vec<String>,
    /// GGUF quant labels that load, with a `mixed_quantization` warning.
    pub gguf_quantizations_with_warning: Vec<String>,
    /// Preference order for the recommended GGUF file; unlisted labels come after.
    pub gguf_preference: Vec<String>,
    /// Longest context the worker serves.
    #[cfg_attr(feature = "ts", ts(type = "number | null", optional))]
    pub max_context: Option<u64>,
    /// Pipeline tags accepted.
    pub pipelines: Vec<PipelineSupport>,
    /// Whether a model without a pipeline tag may still be judged by its other facts.
    pub allow_missing_pipeline: bool,
    /// Diffusers pipeline classes accepted (HF image models).
    pub diffusers_pipelines: Vec<String>,
    /// CivitAI base models accepted, grouped into families.
    pub base_models: Vec<BaseModelFamily>,
    /// CivitAI `baseModelType`s accepted (`Standard`); empty accepts any.
    pub base_model_types: Vec<String>,
    /// CivitAI file precisions (`metadata.fp`) accepted; empty accepts any.
    pub precisions: Vec<String>,
    /// CivitAI model types accepted (`Checkpoint`, `LORA`).
    pub model_types: Vec<String>,
    /// CivitAI file types that count as loadable weights (`Model`, `Pruned Model`).
    pub file_types: Vec<String>,
    /// CivitAI precision preference for the recommended file (`fp16` first).
    pub precision_preference: Vec<String>,
    /// How the worker uses memory (KV cache type, overheads, margins); the memory model's
    /// defaults when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryParams>,
}

impl WorkerProfile {
    /// The family supporting `raw` from `evidence`, if any.
    pub fn family_for(&self, raw: &str, evidence: Evidence) -> Option<&FamilySupport> {
        self.architectures.iter().find(|f| f.covers(raw, evidence))
    }

    /// The base-model family containing `name`, if accepted.
    pub fn base_model_family(&self, name: &str) -> Option<&BaseModelFamily> {
        self.base_models.iter().find(|f| f.names.iter().any(|n| n.eq_ignore_ascii_case(name.trim())))
    }

    /// The worker's memory parameters, or the memory model's defaults.
    pub fn memory_params(&self) -> std::borrow::Cow<'_, MemoryParams> {
        match &self.memory {
            Some(params) => std::borrow::Cow::Borrowed(params),
            None => std::borrow::Cow::Owned(MemoryParams::default()),
        }
    }

    pub fn accepts_format(&self, format: &WeightFormat) -> bool {
        self.formats.contains(format)
    }
}

/// A set of workers; a model is compatible when any of them runs it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct WorkerCatalog {
    pub workers: Vec<WorkerProfile>,
}

/// A catalog that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    #[error("worker catalog is not valid JSON for the catalog schema: {0}")]
    Json(#[from] serde_json::Error),
    #[error("worker catalog has no workers")]
    Empty,
    #[error("worker catalog has a worker with an empty id")]
    EmptyId,
    #[error("worker catalog lists worker `{0}` twice")]
    DuplicateId(String),
}

impl WorkerCatalog {
    /// Parses and validates a catalog (`{"workers": [...]}`).
    pub fn from_json(json: &str) -> Result<Self, CatalogError> {
        let catalog: Self = serde_json::from_str(json)?;
        catalog.validate()?;
        Ok(catalog)
    }

    /// Checks what serde cannot: at least one worker, non-empty unique ids.
    pub fn validate(&self) -> Result<(), CatalogError> {
        if self.workers.is_empty() {
            return Err(CatalogError::Empty);
        }
        for (i, worker) in self.workers.iter().enumerate() {
            if worker.id.trim().is_empty() {
                return Err(CatalogError::EmptyId);
            }
            if self.workers[..i].iter().any(|w| w.id == worker.id) {
                return Err(CatalogError::DuplicateId(worker.id.clone()));
            }
        }
        Ok(())
    }

    pub fn worker(&self, id: &str) -> Option<&WorkerProfile> {
        self.workers.iter().find(|w| w.id == id)
    }

    /// A one-worker catalog.
    pub fn single(worker: WorkerProfile) -> Self {
        Self { workers: vec![worker] }
    }

    /// The normalized family of a raw architecture name, per this catalog's tables.
    pub fn family_of(&self, raw: &str, evidence: Evidence) -> Option<&str> {
        self.workers.iter().find_map(|w| w.family_for(raw, evidence)).map(|f| f.family.as_str())
    }

    /// Whether `raw` is an architecture name some worker of this catalog knows.
    pub fn knows_config_name(&self, raw: &str) -> bool {
        self.family_of(raw, Evidence::Config).is_some()
    }
}

const DEFAULT_CATALOG_JSON: &str = include_str!("default_catalog.json");

/// The product's workers: `llm-worker` (candle) and `sd-worker` (Stable Diffusion family).
pub fn default_catalog() -> &'static WorkerCatalog {
    static CATALOG: OnceLock<WorkerCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // The file is compiled in and covered by tests; failing here is a build defect.
        WorkerCatalog::from_json(DEFAULT_CATALOG_JSON).expect("default_catalog.json is valid")
    })
}

/// The default catalog as JSON, the starting point for a custom one.
pub fn default_catalog_json() -> &'static str {
    DEFAULT_CATALOG_JSON
}
