//! What the rules know about a model: facts extracted from API records.
//!
//! Providers fill these from raw HuggingFace or CivitAI records; the rules never see
//! the raw records. Every field is optional or defaults to "absent", so a record
//! that says little yields metadata that says little, never a guess.

use serde::Serialize;
use serde_json::Value;

use crate::format::WeightFormat;
use crate::memory::ModelShape;
use crate::open_enum::open_enum;
use crate::read::{self, boolean, deserialize_via_read, list, named, object, string, strings, uint, uint32};
use crate::wire_enum::wire_enum;
use crate::{CountMap, StringMap};

wire_enum! {
    /// Where a record came from.
    pub enum Source #[derive(Default)] {
        #[default]
        Huggingface => "huggingface",
        Civitai => "civitai",
        Local => "local",
    }
}

wire_enum! {
    /// What a model does, as far as the worker kinds are concerned.
    pub enum ModelKind #[derive(Default)] {
        TextGeneration => "text-generation",
        ImageGeneration => "image-generation",
        #[default]
        Other => "other",
    }
}

wire_enum! {
    /// Which part of the record an architecture was read from. Ordered from strongest
    /// to weakest evidence.
    pub enum Evidence #[derive(PartialOrd, Ord)] {
        /// A weight file's own header (GGUF `general.architecture`, llama.cpp's names): what the
        /// runtime will read, so stronger than anything a record says about the file.
        Header => "header",
        /// `config.model_type` or `config.architectures`.
        Config => "config",
        /// `gguf.architecture` (llama.cpp's `general.architecture`).
        Gguf => "gguf",
        /// A repository tag equal to an architecture name the catalog knows.
        Tags => "tags",
        /// The repository name.
        Name => "name",
    }
}

impl Evidence {
    /// Whether this evidence is only circumstantial (tags or name).
    pub fn is_inferred(self) -> bool {
        matches!(self, Self::Tags | Self::Name)
    }
}

/// A model's architecture: the raw name the record used and the family it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Architecture {
    /// Normalized family (`llama`, `qwen`, ...) when the name is known to the catalog,
    /// else the raw name itself. Set by `resolve`; extraction, which knows no
    /// catalog, leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The name as the record wrote it (`qwen2_moe`, `LlamaForCausalLM`, `qwen3moe`).
    pub raw: String,
    pub evidence: Evidence,
}

wire_enum! {
    /// HuggingFace gating mode.
    pub enum Gate {
        /// Access is granted automatically once the licence is accepted.
        Auto => "auto",
        /// The author reviews each request.
        Manual => "manual",
    }
}

open_enum! {
    /// A CivitAI pickle or virus scan outcome.
    pub enum ScanStatus {
        Success => "Success",
        Pending => "Pending",
        Danger => "Danger",
        Error => "Error",
    }
}

/// Scan results CivitAI reports for a file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FileScan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickle: Option<ScanStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virus: Option<ScanStatus>,
}

wire_enum! {
    /// What a file is for. A record's stated file type (CivitAI) is read by the catalog
    /// (`vocabulary.fileTypes`).
    pub enum FileRole #[derive(Default)] {
        /// Model weights a worker loads.
        #[default]
        Weights => "weights",
        /// A multimodal projector (`mmproj*.gguf`): an add-on, not a model.
        VisionProjector => "vision-projector",
        /// CivitAI training data archive.
        TrainingData => "training-data",
        /// Any other archive or auxiliary file (configs, VAEs, embeddings shipped beside).
        Auxiliary => "auxiliary",
    }
}

/// One file of a split set (`model-00001-of-00004.safetensors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Shard {
    /// Key shared by all parts, e.g. `model.safetensors`.
    pub group: String,
    pub index: u32,
    pub count: u32,
}

/// One file of a model (HF sibling or CivitAI version file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ModelFile {
    /// Path inside the repository, or the CivitAI file name.
    pub name: String,
    /// `None` when the format is not known (CivitAI `Other`, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<WeightFormat>,
    /// What the path says the file is for (a `mmproj` GGUF is a vision projector). Absent
    /// when the record states a `file_type` instead: the catalog reads that when judging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<FileRole>,
    /// GGUF quant label (`Q4_K_M`), upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<String>,
    /// Declared floating-point precision (CivitAI `metadata.fp`: fp16, fp32, bf16, fp8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// CivitAI file id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: Option<u64>,
    /// CivitAI file type as sent (`Model`, `Pruned Model`, `Training Data`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// CivitAI `metadata.size`: `pruned` or `full`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_variant: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub primary: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<FileScan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    /// Hash algorithm (`SHA256`, `AutoV2`, `BLAKE3`, ...) to value.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<std::collections::BTreeMap<String, String>>"))]
    pub hashes: StringMap,
    /// Elements over the file's tensors, as its header states them. Set exactly when the
    /// header was read (0 for a file without tensors): see `apply_header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub parameters: Option<u64>,
    /// Exact bytes of the tensor data, from the header; absent when a tensor has a type whose
    /// size is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub weights_bytes: Option<u64>,
    /// Tensor type (ggml type or safetensors dtype) to the number of tensors of that type,
    /// from the header. What a worker must load, whatever the file name's label says.
    #[serde(default, skip_serializing_if = "CountMap::is_empty")]
    // Counts are JavaScript numbers (ts-rs would say `bigint` for a u64).
    #[cfg_attr(feature = "ts", ts(as = "Option<std::collections::BTreeMap<String, u32>>"))]
    pub tensor_types: CountMap,
}

/// The dimensions a weight file's header states (GGUF `{arch}.*` keys): evidence `header`.
/// A count GGUF gives per layer is its largest value over the layers (what a cache sized for
/// every layer alike needs).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Dimensions {
    /// `block_count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub layers: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub embedding_length: Option<u64>,
    /// `attention.head_count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub heads: Option<u64>,
    /// `attention.head_count_kv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub kv_heads: Option<u64>,
    /// `attention.key_length`: the head dimension of K (not always embedding ÷ heads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub key_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sliding_window: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub experts: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub experts_used: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub vocab_size: Option<u64>,
}

/// One CivitAI model version.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ModelVersion {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_model: Option<String>,
    /// `Standard`, `Inpainting`, `Refiner`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_model_type: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub early_access: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw_level: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub files: Vec<ModelFile>,
}

/// Everything the rules look at for one model.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ModelMetadata {
    /// `owner/name` on the Hub, the numeric id on CivitAI.
    pub id: String,
    #[serde(default)]
    pub source: Source,
    /// What the record says the model is, apart from its pipeline tag: CivitAI hosts image
    /// models; a Hub repository's structure may say (a diffusers pipeline, a causal-LM
    /// class, GGUF weights). When judging, a pipeline tag decides instead, through the
    /// catalog's `vocabulary.pipelineKinds`.
    #[serde(default)]
    pub kind: ModelKind,
    /// Published as versions, each with its own files and base model (CivitAI): judged per
    /// version, runnable when one version is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub versioned: bool,
    /// The architecture the record states (config, GGUF). When it states none, the judge
    /// reads one from `tags` or the repository name with the names its catalog knows. An
    /// architecture inferred from those (as `resolve` writes it) is not evidence:
    /// each catalog reads the tags and the name again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Architecture>,
    /// Repository tags as sent (HF): evidence the catalog reads (architecture names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub tags: Vec<String>,
    /// Every weight format present, whether seen in files or only in tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub formats: Vec<WeightFormat>,
    /// Weight files (HF siblings). CivitAI files live in `versions`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub files: Vec<ModelFile>,
    /// Quantization method of quantized safetensors (`gptq`, `awq`, `bitsandbytes`,
    /// `fp8`, `mxfp4`, ...). `None` means plain F32/F16/BF16 weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub parameters: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub context_length: Option<u64>,
    /// What a weight file's header states of the model's shape (layers, heads, key length,
    /// sliding window, experts): evidence `header`. Set by `apply_header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// Bytes of the safetensors weights as the record counts them (the Hub's parameters per
    /// dtype × each dtype's size), for when the files' sizes are not listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub safetensors_bytes: Option<u64>,
    /// The dimensions the memory model reads (layers, heads, KV heads, head size, sliding
    /// window, MLA, experts), from `config.json` when a listing is enriched or a model is
    /// read alone. Absent: the KV cache cannot be sized, and a fit on a device is
    /// `memory_unknown` unless the weights alone rule it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<ModelShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<String>,
    /// Diffusers pipeline class (`StableDiffusionXLPipeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diffusers_pipeline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gated: Option<Gate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub private: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub disabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Models this one was derived from (HF `base_model`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub base_models: Vec<String>,
    /// Image models: the base model of the newest version (`SDXL 1.0`, `Pony`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_model: Option<String>,
    /// CivitAI model type (`Checkpoint`, `LORA`, `TextualInversion`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_type: Option<String>,
    /// CivitAI `mode` as sent (`Archived`, `TakenDown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub nsfw: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw_level: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub versions: Vec<ModelVersion>,
}

impl ModelMetadata {
    /// CivitAI `mode` Archived or TakenDown: files are no longer served.
    pub fn is_archived(&self) -> bool {
        self.mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("archived") || m.eq_ignore_ascii_case("takendown"))
    }
}

// Reading (see `crate::read` for why by hand): the metadata a binding or a saved listing
// hands back, field for field as serialized above.

impl Architecture {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { family: o.opt("family", string)?, raw: o.req("raw", string)?, evidence: o.req("evidence", named)? })
    }
}

impl FileScan {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        let status = read::parsed(ScanStatus::parse);
        Ok(Self { pickle: o.opt("pickle", &status)?, virus: o.opt("virus", &status)? })
    }
}

impl Shard {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { group: o.req("group", string)?, index: o.req("index", uint32)?, count: o.req("count", uint32)? })
    }
}

impl ModelFile {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.name = o.req("name", string)?;
        m.format = o.opt("format", read::parsed(WeightFormat::parse))?;
        m.role = o.opt("role", named)?;
        m.quantization = o.opt("quantization", string)?;
        m.precision = o.opt("precision", string)?;
        m.size_bytes = o.opt("sizeBytes", uint)?;
        m.shard = o.opt("shard", Shard::read)?;
        m.id = o.opt("id", uint)?;
        m.file_type = o.opt("fileType", string)?;
        m.size_variant = o.opt("sizeVariant", string)?;
        m.primary = o.or_default("primary", boolean)?;
        m.scan = o.opt("scan", FileScan::read)?;
        m.download_url = o.opt("downloadUrl", string)?;
        m.hashes = o.or_default("hashes", string_map)?;
        m.parameters = o.opt("parameters", uint)?;
        m.weights_bytes = o.opt("weightsBytes", uint)?;
        m.tensor_types = o.or_default("tensorTypes", count_map)?;
        Ok(m)
    }
}

/// An object of counts.
fn count_map(value: &Value) -> read::Result<CountMap> {
    let mut out = CountMap::new();
    entries(value, uint, |key, count| out.insert(key, count))?;
    Ok(out)
}

/// An object of strings.
fn string_map(value: &Value) -> read::Result<StringMap> {
    let mut out = StringMap::new();
    entries(value, string, |key, text| out.insert(key, text))?;
    Ok(out)
}

/// Each entry of an object, its value read by `read`, handed to `insert`; a bad value's
/// error names its key.
fn entries<T>(
    value: &Value,
    read: fn(&Value) -> read::Result<T>,
    mut insert: impl FnMut(String, T),
) -> read::Result<()> {
    let object = value.as_object().ok_or_else(|| read::expected("an object", value))?;
    for (key, item) in object {
        insert(key.clone(), read(item).map_err(|e| e.within(key))?);
    }
    Ok(())
}

impl Dimensions {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.layers = o.opt("layers", uint)?;
        m.embedding_length = o.opt("embeddingLength", uint)?;
        m.heads = o.opt("heads", uint)?;
        m.kv_heads = o.opt("kvHeads", uint)?;
        m.key_length = o.opt("keyLength", uint)?;
        m.sliding_window = o.opt("slidingWindow", uint)?;
        m.experts = o.opt("experts", uint)?;
        m.experts_used = o.opt("expertsUsed", uint)?;
        m.vocab_size = o.opt("vocabSize", uint)?;
        Ok(m)
    }
}

impl ModelVersion {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.id = o.req("id", uint)?;
        m.name = o.opt("name", string)?;
        m.base_model = o.opt("baseModel", string)?;
        m.base_model_type = o.opt("baseModelType", string)?;
        m.early_access = o.or_default("earlyAccess", boolean)?;
        m.nsfw_level = o.opt("nsfwLevel", uint32)?;
        m.published_at = o.opt("publishedAt", string)?;
        m.files = o.or_default("files", |v| list(v, ModelFile::read))?;
        Ok(m)
    }
}

impl ModelMetadata {
    /// Reads one from a JSON value (what `Deserialize` does, without a deserializer).
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.id = o.req("id", string)?;
        m.source = o.or_default("source", named)?;
        m.kind = o.or_default("kind", named)?;
        m.versioned = o.or_default("versioned", boolean)?;
        m.architecture = o.opt("architecture", Architecture::read)?;
        m.tags = o.or_default("tags", strings)?;
        m.formats = o.or_default("formats", |v| list(v, read::parsed(WeightFormat::parse)))?;
        m.files = o.or_default("files", |v| list(v, ModelFile::read))?;
        m.quantization = o.opt("quantization", string)?;
        m.parameters = o.opt("parameters", uint)?;
        m.context_length = o.opt("contextLength", uint)?;
        m.dimensions = o.opt("dimensions", Dimensions::read)?;
        m.safetensors_bytes = o.opt("safetensorsBytes", uint)?;
        m.shape = o.opt("shape", ModelShape::read)?;
        m.pipeline_tag = o.opt("pipelineTag", string)?;
        m.library = o.opt("library", string)?;
        m.diffusers_pipeline = o.opt("diffusersPipeline", string)?;
        m.gated = o.opt("gated", named)?;
        m.private = o.or_default("private", boolean)?;
        m.disabled = o.or_default("disabled", boolean)?;
        m.license = o.opt("license", string)?;
        m.base_models = o.or_default("baseModels", strings)?;
        m.base_model = o.opt("baseModel", string)?;
        m.model_type = o.opt("modelType", string)?;
        m.mode = o.opt("mode", string)?;
        m.nsfw = o.or_default("nsfw", boolean)?;
        m.nsfw_level = o.opt("nsfwLevel", uint32)?;
        m.versions = o.or_default("versions", |v| list(v, ModelVersion::read))?;
        Ok(m)
    }
}

deserialize_via_read!(Architecture, FileScan, Shard, ModelFile, Dimensions, ModelVersion, ModelMetadata);
