//! Raw Hub records to [`ModelMetadata`]: pure, no I/O.
//!
//! The rules, in the order [`extract_metadata`] applies them:
//!
//! - **id**: `id`, else `modelId`, else empty. Source: `huggingface`.
//! - **files**: every `siblings[].rfilename` (or tree `path`) that
//!   [`compat_core::classify_path`] recognises as weights, with the size from `size` or
//!   `lfs.size`. GGUF quant labels come from the file names.
//! - **MLX**: the `mlx` tag or `library_name: mlx` means the safetensors files are in MLX
//!   layout: they are marked [`WeightFormat::Mlx`].
//! - **formats**: the sorted, de-duplicated formats of those files. Only when the record
//!   lists no files (no or empty `siblings`) do the tags `safetensors`, `gguf`, `pytorch`,
//!   `tf`, `jax`, `onnx`, `coreml`, `tflite`, `rust`, `mlx` stand in. Nothing else is assumed.
//! - **architecture**: `config.model_type`, else `config.architectures`, else
//!   `gguf.architecture`. An empty `config: {}` is no evidence. Tags and the repository name
//!   are kept (`tags`, `id`): which of them names an architecture is read when judging,
//!   with the names the catalog knows.
//! - **quantization** (quantized safetensors): a non-empty `config.quantization_config`
//!   ([`quantization_from_config`]); else a root `quantize_config.json` file (`gptq`); else,
//!   only when the record has no usable config *and* its weights are safetensors without
//!   GGUF, the tags `gptq`, `awq`, `exl2`, `aqlm`, `hqq`, `bitsandbytes`,
//!   `compressed-tensors`, `fp8`, `mxfp4` (the method), then `4-bit` / `8-bit` (kept as
//!   the value, the method being unknown). Safetensors dtypes are not used: an `I64` or
//!   `U8` count is not proof of quantization (`deepset/roberta-base-squad2` holds 514 `I64`
//!   position ids, and is plain F32).
//! - **parameters**: `safetensors.total` (else the sum of `safetensors.parameters`), else
//!   `gguf.total`.
//! - **context**: `gguf.context_length`, else [`context_length_from_config`] on the
//!   inlined config.
//! - **diffusers pipeline**: `config.diffusers._class_name`, else a `diffusers:<Class>` tag.
//! - **kind** (see [`model_kind`]): what the record's structure says; the pipeline tag is
//!   kept as sent and read by the catalog when judging (`vocabulary.pipelineKinds`).
//! - **tags**: as sent.
//! - **access**: `gated` `"auto"` or `true` is [`Gate::Auto`], `"manual"` is
//!   [`Gate::Manual`], `false` is none; `private`, `disabled`.
//! - **licence**: `cardData.license`, else a `license:<id>` tag.
//! - **base models**: `cardData.base_model` (string or list), else the `base_model:` tags,
//!   relation forms (`base_model:quantized:org/name`) read as `org/name`.
//! - **library**, **pipeline tag**: `library_name`, `pipeline_tag`, as sent.

use compat_core::architecture::{from_config, from_gguf};
use compat_core::{Gate, ModelFile, ModelKind, ModelMetadata, Source, WeightFormat, classify_path, wire};
use serde_json::{Map, Value};

use crate::record::{HfBody, HfConfig, HfGated, HfModelRecord, HfTreeEntry, ParseError, parse_body};

/// Config keys that state the context length, in order of preference.
const CONTEXT_KEYS: &[&str] = &["max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "n_ctx"];

/// Tags that name a weight format, when the record lists no files.
const FORMAT_TAGS: &[(&str, WeightFormat)] = &[
    ("safetensors", WeightFormat::Safetensors),
    ("gguf", WeightFormat::Gguf),
    ("pytorch", WeightFormat::PyTorch),
    ("tf", WeightFormat::TensorFlow),
    ("jax", WeightFormat::Flax),
    ("onnx", WeightFormat::Onnx),
    ("coreml", WeightFormat::CoreMl),
    ("tflite", WeightFormat::TfLite),
    ("rust", WeightFormat::RustBert),
    ("mlx", WeightFormat::Mlx),
];

/// Tags that name a safetensors quantization method, most specific first.
const QUANT_METHOD_TAGS: &[&str] =
    &["gptq", "awq", "exl2", "aqlm", "hqq", "bitsandbytes", "compressed-tensors", "fp8", "mxfp4"];

/// Tags that say "quantized" without the method.
const QUANT_BITS_TAGS: &[&str] = &["4-bit", "8-bit"];

/// The facts of one Hub record. See the module docs for the rules.
pub fn extract_metadata(record: &HfModelRecord) -> ModelMetadata {
    let listing = record
        .siblings
        .as_ref()
        .map(|siblings| siblings.iter().map(|s| (s.rfilename.as_str(), s.size)).collect::<Vec<_>>());
    extract(record, listing)
}

/// [`extract_metadata`] with the file list (and sizes) of a `tree` listing instead of the
/// record's `siblings`. Directory entries are skipped.
pub fn extract_metadata_with_tree(record: &HfModelRecord, tree: &[HfTreeEntry]) -> ModelMetadata {
    let listing =
        tree.iter().filter(|e| e.is_file() && !e.path.is_empty()).map(|e| (e.path.as_str(), e.size)).collect();
    extract(record, Some(listing))
}

/// The weight files of a `tree` listing, classified by path, with their sizes. Knows
/// nothing of the repository's tags, so MLX layouts are not recognised here.
pub fn extract_files_from_tree(tree: &[HfTreeEntry]) -> Vec<ModelFile> {
    tree.iter().filter(|e| e.is_file()).filter_map(|e| classify_path(&e.path, e.size)).collect()
}

/// Parses a detail body (one object) or a list page (an array) and extracts every record.
///
/// A tree listing is refused with [`ParseError::TreeListing`]: use [`parse_body`] and
/// [`extract_files_from_tree`] for those.
pub fn extract_from_json(json: impl AsRef<[u8]>) -> Result<Vec<(HfModelRecord, ModelMetadata)>, ParseError> {
    match parse_body(json)? {
        HfBody::Models(records) => Ok(records
            .into_iter()
            .map(|r| {
                let m = extract_metadata(&r);
                (r, m)
            })
            .collect()),
        HfBody::Tree(_) => Err(ParseError::TreeListing),
    }
}

/// The context length a `config.json` states: the first positive integer among
/// `max_position_embeddings`, `n_positions`, `max_sequence_length`, `seq_length`, `n_ctx`,
/// then the same keys in `text_config` (multimodal configs). `sliding_window` is not a
/// context length. `None` when the value is not an object or states none.
pub fn context_length_from_config(config: &Value) -> Option<u64> {
    context_length_from_object(config.as_object()?)
}

pub(crate) fn context_length_from_object(config: &Map<String, Value>) -> Option<u64> {
    let direct = |obj: &Map<String, Value>| CONTEXT_KEYS.iter().find_map(|k| positive_integer(obj.get(*k)?));
    direct(config).or_else(|| direct(config.get("text_config")?.as_object()?))
}

fn positive_integer(value: &Value) -> Option<u64> {
    let n = value.as_number()?;
    let v = n.as_u64().or_else(|| {
        let f = n.as_f64()?;
        (f.is_finite() && f >= 1.0 && f.fract() == 0.0 && f < u64::MAX as f64).then_some(f as u64)
    })?;
    (v > 0).then_some(v)
}

/// The quantization method a `quantization_config` object states: its `quant_method`
/// (lower-cased: `gptq`, `awq`, `bitsandbytes`, `fp8`, `compressed-tensors`, `mxfp4`,
/// ...), else `bitsandbytes` when `load_in_4bit` or `load_in_8bit` is true, else `unknown`.
/// `None` for an empty object.
pub fn quantization_from_config(quantization_config: &Map<String, Value>) -> Option<String> {
    if quantization_config.is_empty() {
        return None;
    }
    if let Some(method) = quantization_config.get("quant_method").and_then(Value::as_str).and_then(wire::non_empty) {
        return Some(method.to_ascii_lowercase());
    }
    let flag = |k: &str| quantization_config.get(k).and_then(Value::as_bool) == Some(true);
    if flag("load_in_4bit") || flag("load_in_8bit") {
        return Some("bitsandbytes".to_owned());
    }
    Some("unknown".to_owned())
}

/// What the record's structure says the model does, apart from its pipeline tag (which the
/// catalog reads when judging, and which decides when present): image generation when the
/// repository is a diffusers pipeline (a pipeline class, or `library_name: diffusers`);
/// text generation when it looks like a causal LM (a `*ForCausalLM` config class,
/// `transformersInfo.auto_model: AutoModelForCausalLM`) or is a GGUF repository (a `gguf`
/// block, GGUF files, the `gguf` tag or library); else other.
pub fn model_kind(record: &HfModelRecord, metadata: &ModelMetadata) -> ModelKind {
    if metadata.diffusers_pipeline.is_some() || metadata.library.as_deref() == Some("diffusers") {
        return ModelKind::ImageGeneration;
    }
    let causal_class =
        record.config.as_ref().is_some_and(|c| c.architectures.iter().any(|a| a.ends_with("ForCausalLM")));
    let causal_auto =
        record.transformers_info.as_ref().and_then(|t| t.auto_model.as_deref()) == Some("AutoModelForCausalLM");
    let gguf_repo = record.gguf.is_some()
        || metadata.formats.contains(&WeightFormat::Gguf)
        || metadata.library.as_deref() == Some("gguf");
    if causal_class || causal_auto || gguf_repo { ModelKind::TextGeneration } else { ModelKind::Other }
}

fn extract(record: &HfModelRecord, listing: Option<Vec<(&str, Option<u64>)>>) -> ModelMetadata {
    let tags = &record.tags;
    let has_tag = |t: &str| tags.iter().any(|x| x.eq_ignore_ascii_case(t));
    let library = non_empty(record.library_name.as_deref());
    let mlx = has_tag("mlx") || library.as_deref().is_some_and(|l| l.eq_ignore_ascii_case("mlx"));
    // `config: {}` (GGUF repos, merges) says nothing.
    let config: Option<&HfConfig> = record.config.as_ref().filter(|c| !c.is_empty());

    // Files, else format tags.
    let listing = listing.filter(|l| !l.is_empty());
    let files: Vec<ModelFile> = listing
        .iter()
        .flatten()
        .filter_map(|(path, size)| classify_path(path, *size))
        .map(|mut file| {
            if mlx && file.format == Some(WeightFormat::Safetensors) {
                file.format = Some(WeightFormat::Mlx);
            }
            file
        })
        .collect();
    let mut formats: Vec<WeightFormat> = if listing.is_some() {
        files.iter().filter_map(|f| f.format.clone()).collect()
    } else {
        FORMAT_TAGS
            .iter()
            .filter(|(tag, _)| has_tag(tag))
            .map(|(_, format)| match format {
                WeightFormat::Safetensors if mlx => WeightFormat::Mlx,
                other => other.clone(),
            })
            .collect()
    };
    formats.sort();
    formats.dedup();

    let id = record.repo_id().unwrap_or_default().to_owned();
    let architecture = config
        .and_then(|c| {
            let classes: Vec<&str> = c.architectures.iter().map(String::as_str).collect();
            from_config(c.model_type.as_deref(), &classes)
        })
        .or_else(|| record.gguf.as_ref().and_then(|g| from_gguf(g.architecture.as_deref()?)));

    let has_quantize_config = listing.iter().flatten().any(|(path, _)| *path == "quantize_config.json");
    let quantization = config
        .and_then(|c| c.quantization_config.as_ref())
        .and_then(quantization_from_config)
        .or_else(|| has_quantize_config.then(|| "gptq".to_owned()))
        .or_else(|| {
            let safetensors_only =
                formats.contains(&WeightFormat::Safetensors) && !formats.contains(&WeightFormat::Gguf);
            if config.is_some() || !safetensors_only {
                return None;
            }
            QUANT_METHOD_TAGS.iter().chain(QUANT_BITS_TAGS).find(|t| has_tag(t)).map(|t| (*t).to_owned())
        });

    let parameters = record
        .safetensors
        .as_ref()
        .and_then(|s| {
            s.total.filter(|t| *t > 0).or_else(|| {
                // Counts from the wire: a sum past u64 is no count (the record notes it).
                let sum = s.parameters.values().try_fold(0u64, |sum, n| sum.checked_add(n))?;
                (sum > 0).then_some(sum)
            })
        })
        .or_else(|| record.gguf.as_ref().and_then(|g| g.total).filter(|t| *t > 0));
    // Bytes the safetensors weights take: each dtype's count × its size. An unknown dtype or
    // a sum past u64 is no number.
    let safetensors_bytes = record.safetensors.as_ref().filter(|s| !s.parameters.is_empty()).and_then(|s| {
        s.parameters.iter().try_fold(0u64, |sum, (dtype, count)| {
            sum.checked_add(count.checked_mul(compat_core::memory::weights::safetensors_dtype_bytes(dtype)?)?)
        })
    });
    let context_length = record
        .gguf
        .as_ref()
        .and_then(|g| g.context_length)
        .filter(|c| *c > 0)
        .or_else(|| record.config.as_ref().and_then(|c| c.context_length));

    let diffusers_pipeline = config
        .and_then(|c| non_empty(c.diffusers_class_name.as_deref()))
        .or_else(|| tags.iter().find_map(|t| non_empty(t.strip_prefix("diffusers:"))));

    let card = record.card_data.as_ref();
    let license = card
        .and_then(|c| non_empty(c.license.as_deref()))
        .or_else(|| tags.iter().find_map(|t| non_empty(t.strip_prefix("license:"))));
    let mut base_models: Vec<String> =
        card.map(|c| c.base_model.iter().filter_map(|b| non_empty(Some(b))).collect()).unwrap_or_default();
    if base_models.is_empty() {
        base_models = tags.iter().filter_map(|t| base_model_of_tag(t)).collect();
    }
    wire::dedup_in_order(&mut base_models);

    let gated = match record.gated {
        Some(HfGated::Auto) => Some(Gate::Auto),
        Some(HfGated::Manual) => Some(Gate::Manual),
        Some(HfGated::Off) | None => None,
    };

    let mut metadata = ModelMetadata {
        id,
        source: Source::Huggingface,
        kind: ModelKind::Other,
        architecture,
        tags: tags.clone(),
        formats,
        files,
        quantization,
        parameters,
        context_length,
        safetensors_bytes: safetensors_bytes.filter(|b| *b > 0),
        pipeline_tag: non_empty(record.pipeline_tag.as_deref()),
        library,
        diffusers_pipeline,
        gated,
        private: record.private.unwrap_or(false),
        disabled: record.disabled.unwrap_or(false),
        license,
        base_models,
        ..ModelMetadata::default()
    };
    metadata.kind = model_kind(record, &metadata);
    metadata
}

/// `base_model:org/name` or `base_model:<relation>:org/name` -> `org/name`.
fn base_model_of_tag(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix("base_model:")?;
    let id = match rest.split_once(':') {
        // A relation (`quantized`, `finetune`, `merge`, `adapter`) has no slash; a repo
        // id never holds a colon.
        Some((relation, id)) if !relation.contains('/') => id,
        _ => rest,
    };
    non_empty(Some(id))
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.and_then(wire::non_empty).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_model_tags() {
        for (tag, expected) in [
            ("base_model:google/gemma-3-1b-it", Some("google/gemma-3-1b-it")),
            ("base_model:quantized:google/gemma-3-1b-it", Some("google/gemma-3-1b-it")),
            ("base_model:finetune:Qwen/Qwen2.5-7B", Some("Qwen/Qwen2.5-7B")),
            ("base_model:merge:a/b", Some("a/b")),
            ("base_model:gpt2", Some("gpt2")),
            ("base_model:", None),
            ("base_model:quantized:", None),
            ("license:mit", None),
        ] {
            assert_eq!(base_model_of_tag(tag).as_deref(), expected, "{tag}");
        }
    }

    #[test]
    fn context_keys() {
        let cases = [
            (serde_json::json!({"max_position_embeddings": 131072}), Some(131_072)),
            (serde_json::json!({"n_positions": 1024, "n_ctx": 2048}), Some(1024)),
            (serde_json::json!({"seq_length": 8192.0}), Some(8192)),
            (serde_json::json!({"sliding_window": 4096}), None),
            (serde_json::json!({"text_config": {"max_position_embeddings": 32768}}), Some(32_768)),
            (serde_json::json!({"max_position_embeddings": "4096"}), None),
            (serde_json::json!({"max_position_embeddings": 0, "n_ctx": 512}), Some(512)),
            (serde_json::json!([]), None),
        ];
        for (config, expected) in cases {
            assert_eq!(context_length_from_config(&config), expected, "{config}");
        }
    }

    #[test]
    fn parameter_counts_that_overflow_are_unknown_with_a_note() {
        let max = u64::MAX;
        let body = format!(r#"{{"id": "a/b", "safetensors": {{"parameters": {{"BF16": {max}, "F32": {max}}}}}}}"#);
        let (record, metadata) = extract_from_json(body).unwrap().remove(0);
        assert_eq!(metadata.parameters, None);
        assert!(
            record.notes.iter().any(|n| n.contains("safetensors.parameters") && n.contains("unknown")),
            "{:?}",
            record.notes
        );
        let fits = r#"{"id": "a/b", "safetensors": {"parameters": {"BF16": 7, "F32": 3}}}"#;
        assert_eq!(extract_from_json(fits).unwrap()[0].1.parameters, Some(10));
    }

    #[test]
    fn quantization_configs() {
        let q = |v: Value| quantization_from_config(v.as_object().unwrap());
        assert_eq!(q(serde_json::json!({})), None);
        assert_eq!(q(serde_json::json!({"quant_method": "GPTQ", "bits": 4})).as_deref(), Some("gptq"));
        assert_eq!(q(serde_json::json!({"load_in_4bit": true})).as_deref(), Some("bitsandbytes"));
        assert_eq!(q(serde_json::json!({"load_in_8bit": true})).as_deref(), Some("bitsandbytes"));
        assert_eq!(q(serde_json::json!({"bits": 4})).as_deref(), Some("unknown"));
        assert_eq!(q(serde_json::json!({"quant_method": 3})).as_deref(), Some("unknown"));
    }
}
