//! Worker profiles: what each self-hosted worker can load, as data.
//!
//! The rules engine reads these tables and nothing else, so a user describes a new
//! worker (or a patched one) in JSON without touching code.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::format::WeightFormat;
use crate::memory::MemoryParams;
use crate::metadata::{Evidence, FileRole, ModelKind, Source};
use crate::read::{self, boolean, deserialize_via_read, list, named, object, string, strings, uint, uint32};
use crate::result::{Code, Confidence};

/// An architecture family and every raw name that denotes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// How well the worker runs this family (`high` when absent).
    pub confidence: Confidence,
}

impl FamilySupport {
    /// Whether `raw`, read from `evidence`, names this family. Tags and names carry
    /// HF-style names; GGUF metadata and GGUF headers carry llama.cpp names. Never a
    /// substring match.
    pub fn covers(&self, raw: &str, evidence: Evidence) -> bool {
        let names = match evidence {
            Evidence::Header | Evidence::Gguf => &self.gguf_names,
            Evidence::Config | Evidence::Tags | Evidence::Name => &self.config_names,
        };
        names.iter().any(|n| n.eq_ignore_ascii_case(raw))
    }
}

/// A pipeline tag the worker accepts, with the caveat that comes with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct PipelineSupport {
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<Code>,
}

/// A group of CivitAI base model names that one worker code path handles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct BaseModelFamily {
    pub family: String,
    pub names: Vec<String>,
}

/// One worker: what it runs. Missing sections mean "supports nothing of that kind".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase", default)]
pub struct WorkerProfile {
    pub id: String,
    /// `text-generation` or `image-generation`.
    pub kind: ModelKind,
    /// Compute backends the worker is built for (`cpu`, `cuda`, `metal`, `rocm`). No rule
    /// reads it yet: the hardware-fit work matches it against a device profile.
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
    /// ggml tensor types (`Q4_K`, `F16`) the worker loads. A GGUF file whose header shows a
    /// tensor of any other type does not load, whatever its name's label; one whose every
    /// tensor is listed loads. Empty: headers are not checked, the label decides.
    // llm-worker's list is candle 0.11.0's (`candle-core/src/quantized/mod.rs`,
    // `GgmlDType::from_u32`: ids 0, 1, 2, 3, 6..=15, 30); any other type fails there with
    // "unknown dtype for tensor" (no IQ*, TQ*, MXFP4, NVFP4).
    pub gguf_tensor_types: Vec<String>,
    /// Plain (unquantized) safetensors dtypes the worker loads, as named in reasons.
    pub safetensors_dtypes: Vec<String>,
    /// Quantization methods (`gptq`, `awq`, `fp8`, ...) whose safetensors the worker
    /// loads; any other quantized safetensors is `quantized_weights_unsupported`.
    pub safetensors_quantizations: Vec<String>,
    /// Dtypes to look for when the weights on offer are quantized (the recommendation
    /// names them): the precisions unquantized originals are published in.
    pub recommended_dtypes: Vec<String>,
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
    /// Size variants (`pruned`, `full`) preferred for the recommended file, in order, after
    /// precision; unlisted variants come after. A pruned file loads the same and is smaller.
    pub size_preference: Vec<String>,
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

    /// Whether a GGUF tensor of ggml type `name` loads.
    pub fn loads_tensor_type(&self, name: &str) -> bool {
        self.gguf_tensor_types.iter().any(|t| t.eq_ignore_ascii_case(name))
    }

    /// Whether safetensors quantized with `method` load.
    pub fn loads_quantized_safetensors(&self, method: &str) -> bool {
        self.safetensors_quantizations.iter().any(|q| q.eq_ignore_ascii_case(method))
    }
}

/// A set of workers; a model is compatible when any of them runs it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct WorkerCatalog {
    pub workers: Vec<WorkerProfile>,
    /// How the records' words are read. Missing: the default catalog's.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub vocabulary: Vocabulary,
}

/// How a catalog reads what records say, shared by all its workers: the names, tags and
/// file types that extraction keeps as it found them. A missing entry is the default
/// catalog's, so a catalog written before an entry existed keeps its verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// Architecture names (HF `model_type`s) no worker runs but that tags and repository
    /// names must still be read as, so `llama4` is `llama4` and not taken for `llama`.
    /// The workers' `configNames` are known names too. Recognition only: support is
    /// decided by the workers.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>"))]
    pub architecture_names: NameSet,
    /// Numbered successors a bare name does not cover: from the `from` generation on, a
    /// repository named `<name>-<n>` is not read as `<name>` (`llama-4` is not a llama),
    /// unless `<name><n>` is itself a known name.
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub later_generations: Vec<LaterGeneration>,
    /// Pipeline tags and the kind of model they denote. A model with any other pipeline
    /// tag is of kind `other`; one without a tag keeps the kind its record states.
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub pipeline_kinds: Vec<PipelineKind>,
    /// File types a record states (CivitAI `files[].type`) and the role they give a file.
    /// A type not listed is an auxiliary file.
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub file_types: Vec<FileTypeRole>,
    /// What to give a worker to download a gated model, per source.
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub tokens: Vec<TokenAdvice>,
}

/// See [`Vocabulary::later_generations`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct LaterGeneration {
    pub name: String,
    pub from: u32,
}

/// See [`Vocabulary::pipeline_kinds`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct PipelineKind {
    pub tag: String,
    pub kind: ModelKind,
}

/// See [`Vocabulary::file_types`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FileTypeRole {
    #[serde(rename = "type")]
    pub file_type: String,
    pub role: FileRole,
    /// The size variant the type implies (`Pruned Model` is `pruned`), for files whose
    /// record does not state one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_variant: Option<String>,
}

/// See [`Vocabulary::tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct TokenAdvice {
    pub source: Source,
    /// Completes "give the worker ...": `a HuggingFace token (HF_TOKEN)`.
    pub advice: String,
}

/// Names compared case-insensitively, kept lower-cased and sorted so a lookup is a
/// binary search: tag and name inference asks it for every tag and name token of every
/// model judged. Built once, when the catalog is read; there is no way to change it in
/// place that would leave it unsorted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct NameSet(Vec<String>);

impl NameSet {
    pub fn contains(&self, name: &str) -> bool {
        self.0.binary_search_by(|probe| cmp_ignore_ascii_case(probe, name)).is_ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

impl From<Vec<String>> for NameSet {
    fn from(names: Vec<String>) -> Self {
        // Insertion by binary search rather than a sort: a few dozen names, and no sort
        // routine for strings in the WASM module.
        let mut set: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let name = name.trim().to_ascii_lowercase();
            if let (false, Err(at)) = (name.is_empty(), set.binary_search(&name)) {
                set.insert(at, name);
            }
        }
        Self(set)
    }
}

impl From<NameSet> for Vec<String> {
    fn from(names: NameSet) -> Self {
        names.0
    }
}

impl<S: Into<String>> FromIterator<S> for NameSet {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self::from(iter.into_iter().map(Into::into).collect::<Vec<String>>())
    }
}

impl Default for Vocabulary {
    /// The default catalog's vocabulary.
    fn default() -> Self {
        default_vocabulary().clone()
    }
}

impl Vocabulary {
    /// The kind a pipeline tag denotes, `other` when the tag is not listed.
    pub fn kind_of_pipeline(&self, tag: &str) -> ModelKind {
        self.pipeline_kinds.iter().find(|p| p.tag.eq_ignore_ascii_case(tag)).map_or(ModelKind::Other, |p| p.kind)
    }

    /// The entry for a stated file type, if listed.
    pub fn file_type(&self, file_type: &str) -> Option<&FileTypeRole> {
        let file_type = file_type.trim();
        self.file_types.iter().find(|t| t.file_type.eq_ignore_ascii_case(file_type))
    }

    /// Whether `<name>-<generation>` is a later generation than `name` covers.
    pub fn is_later_generation(&self, name: &str, generation: u32) -> bool {
        self.later_generations.iter().any(|g| g.name.eq_ignore_ascii_case(name) && generation >= g.from)
    }

    pub fn token_advice(&self, source: Source) -> Option<&str> {
        self.tokens.iter().find(|t| t.source == source).map(|t| t.advice.as_str())
    }
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
        let catalog: Self = serde_json::from_slice(json.as_bytes())?;
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

    /// A one-worker catalog with the default vocabulary.
    pub fn single(worker: WorkerProfile) -> Self {
        Self { workers: vec![worker], vocabulary: Vocabulary::default() }
    }

    /// The normalized family of a raw architecture name, per this catalog's tables.
    pub fn family_of(&self, raw: &str, evidence: Evidence) -> Option<&str> {
        self.reader().family_of(raw, evidence)
    }

    /// Whether `raw` is an architecture name this catalog knows: a worker's or one of
    /// the vocabulary's.
    pub fn knows_name(&self, raw: &str) -> bool {
        self.reader().knows_name(raw)
    }

    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader { workers: &self.workers, vocabulary: &self.vocabulary }
    }
}

/// The part of a catalog that reads records: its workers' names and its vocabulary. A
/// single worker is read with the default vocabulary.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a> {
    pub workers: &'a [WorkerProfile],
    pub vocabulary: &'a Vocabulary,
}

impl<'a> Reader<'a> {
    pub(crate) fn of_worker(worker: &'a WorkerProfile) -> Self {
        Reader { workers: std::slice::from_ref(worker), vocabulary: default_vocabulary() }
    }

    pub(crate) fn family_of(&self, raw: &str, evidence: Evidence) -> Option<&'a str> {
        self.workers.iter().find_map(|w| w.family_for(raw, evidence)).map(|f| f.family.as_str())
    }

    pub(crate) fn knows_name(&self, raw: &str) -> bool {
        self.vocabulary.architecture_names.contains(raw) || self.family_of(raw, Evidence::Config).is_some()
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

/// The default catalog's vocabulary. The default catalog states every entry, so reading
/// it never asks for a default (a test holds it; otherwise this would wait on itself).
fn default_vocabulary() -> &'static Vocabulary {
    &default_catalog().vocabulary
}

/// The default catalog as JSON, the starting point for a custom one.
pub fn default_catalog_json() -> &'static str {
    DEFAULT_CATALOG_JSON
}

// Reading a catalog (see `crate::read` for why by hand). Absent fields are the defaults the
// docs above state.

impl FamilySupport {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            family: o.req("family", string)?,
            config_names: o.or_default("configNames", strings)?,
            gguf_names: o.or_default("ggufNames", strings)?,
            confidence: o.opt("confidence", named)?.unwrap_or(Confidence::High),
        })
    }
}

impl PipelineSupport {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { tag: o.req("tag", string)?, warning: o.opt("warning", named)? })
    }
}

impl BaseModelFamily {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { family: o.req("family", string)?, names: o.req("names", strings)? })
    }
}

impl WorkerProfile {
    /// Reads one from a JSON value (what `Deserialize` does, without a deserializer).
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        let strings_of = |key| o.or_default(key, strings);
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.id = o.or_default("id", string)?;
        m.kind = o.or_default("kind", named)?;
        m.backends = strings_of("backends")?;
        m.architectures = o.or_default("architectures", |v| list(v, FamilySupport::read))?;
        m.formats = o.or_default("formats", |v| list(v, read::parsed(WeightFormat::parse)))?;
        m.gguf_quantizations = strings_of("ggufQuantizations")?;
        m.gguf_quantizations_with_warning = strings_of("ggufQuantizationsWithWarning")?;
        m.gguf_preference = strings_of("ggufPreference")?;
        m.gguf_tensor_types = strings_of("ggufTensorTypes")?;
        m.safetensors_dtypes = strings_of("safetensorsDtypes")?;
        m.safetensors_quantizations = strings_of("safetensorsQuantizations")?;
        m.recommended_dtypes = strings_of("recommendedDtypes")?;
        m.max_context = o.opt("maxContext", uint)?;
        m.pipelines = o.or_default("pipelines", |v| list(v, PipelineSupport::read))?;
        m.allow_missing_pipeline = o.or_default("allowMissingPipeline", boolean)?;
        m.diffusers_pipelines = strings_of("diffusersPipelines")?;
        m.base_models = o.or_default("baseModels", |v| list(v, BaseModelFamily::read))?;
        m.base_model_types = strings_of("baseModelTypes")?;
        m.precisions = strings_of("precisions")?;
        m.model_types = strings_of("modelTypes")?;
        m.file_types = strings_of("fileTypes")?;
        m.precision_preference = strings_of("precisionPreference")?;
        m.size_preference = strings_of("sizePreference")?;
        m.memory = o.opt("memory", MemoryParams::read)?;
        Ok(m)
    }
}

impl WorkerCatalog {
    /// Reads one from a JSON value (what `Deserialize` does, without a deserializer).
    pub fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Not field by field into `Self::default()` like the larger readers: the default
        // vocabulary is the default catalog's, read by this very function.
        Ok(Self {
            workers: o.req("workers", |v| list(v, WorkerProfile::read))?,
            vocabulary: o.opt("vocabulary", Vocabulary::read)?.unwrap_or_default(),
        })
    }
}

impl Vocabulary {
    /// A missing entry is the default catalog's. The default catalog states every entry,
    /// so reading it never asks for one (a test holds it; otherwise this would wait on
    /// itself).
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            architecture_names: match o.opt("architectureNames", strings)? {
                Some(names) => NameSet::from(names),
                None => default_vocabulary().architecture_names.clone(),
            },
            later_generations: match o.opt("laterGenerations", |v| list(v, LaterGeneration::read))? {
                Some(entries) => entries,
                None => default_vocabulary().later_generations.clone(),
            },
            pipeline_kinds: match o.opt("pipelineKinds", |v| list(v, PipelineKind::read))? {
                Some(entries) => entries,
                None => default_vocabulary().pipeline_kinds.clone(),
            },
            file_types: match o.opt("fileTypes", |v| list(v, FileTypeRole::read))? {
                Some(entries) => entries,
                None => default_vocabulary().file_types.clone(),
            },
            tokens: match o.opt("tokens", |v| list(v, TokenAdvice::read))? {
                Some(entries) => entries,
                None => default_vocabulary().tokens.clone(),
            },
        })
    }
}

impl LaterGeneration {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { name: o.req("name", string)?, from: o.req("from", uint32)? })
    }
}

impl PipelineKind {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { tag: o.req("tag", string)?, kind: o.req("kind", named)? })
    }
}

impl FileTypeRole {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            file_type: o.req("type", string)?,
            role: o.req("role", named)?,
            size_variant: o.opt("sizeVariant", string)?,
        })
    }
}

impl TokenAdvice {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { source: o.req("source", named)?, advice: o.req("advice", string)? })
    }
}

deserialize_via_read!(
    FamilySupport,
    PipelineSupport,
    BaseModelFamily,
    WorkerProfile,
    WorkerCatalog,
    Vocabulary,
    LaterGeneration,
    PipelineKind,
    FileTypeRole,
    TokenAdvice,
);
