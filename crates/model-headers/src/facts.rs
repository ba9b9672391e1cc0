//! The facts a header proves, in one shape for GGUF and safetensors: what `inspect` prints and what
//! the verdict and the memory model will take as evidence `header`.

use compat_core::{CountMap, StringMap};
use serde::Serialize;

use crate::error::HeaderError;
use crate::gguf::{Array, GgufHeader, Value};
use crate::safetensors::SafetensorsHeader;

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "HeaderFormat"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Gguf,
    Safetensors,
}

/// A number that is the same for every layer, or given per layer (GGUF allows an array for
/// `head_count` and `head_count_kv`; Gemma 4 and LFM2 use it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PerLayer {
    All(#[cfg_attr(feature = "ts", ts(type = "number"))] u64),
    Layers(#[cfg_attr(feature = "ts", ts(type = "Array<number>"))] Vec<u64>),
}

impl PerLayer {
    /// The largest value over the layers (what a cache sized for every layer alike needs).
    pub fn max(&self) -> u64 {
        match self {
            Self::All(v) => *v,
            Self::Layers(v) => v.iter().copied().max().unwrap_or(0),
        }
    }
}

/// `{arch}.attention.sliding_window_pattern`: one full-attention layer every N layers, or per
/// layer `true` for a sliding-window layer (gguf-py `add_sliding_window_pattern`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SlidingWindowPattern {
    Every(#[cfg_attr(feature = "ts", ts(type = "number"))] u64),
    Layers(Vec<bool>),
}

/// `split.no`, `split.count`, `split.tensors.count` of a GGUF shard (gguf-split).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "GgufSplit"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Split {
    /// 0-based.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub no: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: u64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub tensors: Option<u64>,
}

/// A quantized safetensors layout, recognised from dtypes and tensor names.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SafetensorsQuant {
    /// F8_E4M3 / F8_E5M2 weights (FP8 checkpoints, compressed-tensors float-quantized).
    Fp8,
    /// Sub-byte float dtypes (F4, F6_*), or U8-packed FP4 with F8 block scales (NVFP4, MXFP4).
    Fp4,
    /// `qweight`/`qzeros`/`scales` with `g_idx` (AutoGPTQ / GPTQModel).
    Gptq,
    /// `qweight`/`qzeros`/`scales` without `g_idx` (AutoAWQ).
    Awq,
    /// compressed-tensors `weight_packed` + `weight_scale` (pack-quantized int4/int8).
    PackedInt,
    /// bitsandbytes 4-bit: `quant_state.bitsandbytes__nf4` / `__fp4`.
    BitsandbytesNf4,
    BitsandbytesFp4,
    /// bitsandbytes LLM.int8: `SCB` scales beside I8 weights.
    BitsandbytesInt8,
}

/// Everything one header (or the shards of one model, combined) says.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeaderFacts {
    pub format: Format,
    /// GGUF version; absent for safetensors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub version: Option<u32>,
    pub architecture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
    /// `general.file_type` (llama.cpp `llama_ftype`): the label the converter chose; the tensor
    /// types below are what the file holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub file_type: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub context_length: Option<u64>,
    /// Layers (`{arch}.block_count`).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub block_count: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub embedding_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub feed_forward_length: Option<PerLayer>,
    pub head_count: Option<PerLayer>,
    pub head_count_kv: Option<PerLayer>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub key_length: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub value_length: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub sliding_window: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sliding_window_pattern: Option<SlidingWindowPattern>,
    /// MLA latent rank (DeepSeek V2/V3): the KV cache holds this per token, not heads × dims.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub kv_lora_rank: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub expert_count: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub expert_used_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub vocab_size: Option<u64>,
    /// Elements over all tensors (for packed layouts: the stored elements, as the Hub counts them).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub parameters: u64,
    /// Exact bytes of the tensor data; null when a GGUF tensor has a type id this reader does
    /// not know.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub weights_bytes: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub tensor_count: u64,
    /// Type name (ggml type or safetensors dtype) to the number of tensors of that type.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub tensor_types: CountMap,
    /// Type name to the elements stored in it.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub parameters_by_type: CountMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub split: Option<Split>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub quantization: Option<SafetensorsQuant>,
    /// safetensors `__metadata__`.
    #[serde(skip_serializing_if = "StringMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<std::collections::BTreeMap<String, String>>"))]
    pub metadata: StringMap,
    /// Bytes before the tensor data (what a reader must fetch).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub header_bytes: u64,
}

impl HeaderFacts {
    fn empty(format: Format, header_bytes: u64) -> Self {
        Self {
            format,
            version: None,
            architecture: None,
            name: None,
            file_type: None,
            context_length: None,
            block_count: None,
            embedding_length: None,
            feed_forward_length: None,
            head_count: None,
            head_count_kv: None,
            key_length: None,
            value_length: None,
            sliding_window: None,
            sliding_window_pattern: None,
            kv_lora_rank: None,
            expert_count: None,
            expert_used_count: None,
            vocab_size: None,
            parameters: 0,
            weights_bytes: Some(0),
            tensor_count: 0,
            tensor_types: CountMap::new(),
            parameters_by_type: CountMap::new(),
            split: None,
            quantization: None,
            metadata: StringMap::new(),
            header_bytes,
        }
    }

    /// The facts of a whole model from its shards (split GGUF, sharded safetensors): the model
    /// facts of the first shard that has them, tensor counts and sizes summed. `None` for no
    /// shards.
    pub fn combine(shards: &[HeaderFacts]) -> Option<HeaderFacts> {
        let (first, rest) = shards.split_first()?;
        let mut all = first.clone();
        for s in rest {
            all.parameters = all.parameters.saturating_add(s.parameters);
            all.weights_bytes = all.weights_bytes.zip(s.weights_bytes).map(|(a, b)| a.saturating_add(b));
            all.tensor_count = all.tensor_count.saturating_add(s.tensor_count);
            all.header_bytes = all.header_bytes.saturating_add(s.header_bytes);
            for (k, v) in s.tensor_types.iter() {
                all.tensor_types.add(k, v);
            }
            for (k, v) in s.parameters_by_type.iter() {
                all.parameters_by_type.add(k, v);
            }
            macro_rules! fill {
                ($($field:ident),*) => {$(
                    if all.$field.is_none() {
                        all.$field = s.$field.clone();
                    }
                )*};
            }
            fill!(
                architecture,
                name,
                file_type,
                context_length,
                block_count,
                embedding_length,
                feed_forward_length,
                head_count,
                head_count_kv,
                key_length,
                value_length,
                sliding_window,
                sliding_window_pattern,
                kv_lora_rank,
                expert_count,
                expert_used_count,
                vocab_size,
                quantization
            );
            for (k, v) in s.metadata.iter() {
                if all.metadata.get(k).is_none() {
                    all.metadata.insert(k.clone(), v.to_owned());
                }
            }
        }
        Some(all)
    }
}

impl HeaderFacts {
    /// These facts as `compat-core` takes them into a model's metadata
    /// ([`compat_core::apply_header`]): per-layer counts as their largest value, the
    /// safetensors quantized layout by its name (`fp8`, `gptq`, `bitsandbytes-nf4`).
    pub fn to_file_header(&self) -> compat_core::FileHeader {
        let max = |v: &Option<PerLayer>| v.as_ref().map(PerLayer::max);
        compat_core::FileHeader {
            format: match self.format {
                Format::Gguf => compat_core::WeightFormat::Gguf,
                Format::Safetensors => compat_core::WeightFormat::Safetensors,
            },
            architecture: self.architecture.clone(),
            context_length: self.context_length,
            dimensions: compat_core::Dimensions {
                layers: self.block_count,
                embedding_length: self.embedding_length,
                heads: max(&self.head_count),
                kv_heads: max(&self.head_count_kv),
                key_length: self.key_length,
                sliding_window: self.sliding_window,
                experts: self.expert_count,
                experts_used: self.expert_used_count,
                vocab_size: self.vocab_size,
            },
            parameters: self.parameters,
            weights_bytes: self.weights_bytes,
            tensor_types: self.tensor_types.clone(),
            quantization: self.quantization.map(|q| q.as_str().to_owned()),
        }
    }
}

impl SafetensorsQuant {
    /// The name serde writes (`bitsandbytes-nf4`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fp8 => "fp8",
            Self::Fp4 => "fp4",
            Self::Gptq => "gptq",
            Self::Awq => "awq",
            Self::PackedInt => "packed-int",
            Self::BitsandbytesNf4 => "bitsandbytes-nf4",
            Self::BitsandbytesFp4 => "bitsandbytes-fp4",
            Self::BitsandbytesInt8 => "bitsandbytes-int8",
        }
    }
}

fn wrong(key: &str, value: &Value<'_>, expected: &'static str) -> HeaderError {
    HeaderError::WrongType { key: key.to_owned(), found: value.value_type().name(), expected }
}

/// Reads the GGUF facts; a known key with the wrong type is an error, not a silent `None`.
pub fn gguf_facts(h: &GgufHeader<'_>) -> Result<HeaderFacts, HeaderError> {
    let mut f = HeaderFacts::empty(Format::Gguf, h.data_offset);
    f.version = Some(h.version);
    let string = |key: &str| -> Result<Option<String>, HeaderError> {
        h.get(key).map(|v| v.as_str().map(str::to_owned).ok_or_else(|| wrong(key, v, "string"))).transpose()
    };
    let number = |key: &str| -> Result<Option<u64>, HeaderError> {
        h.get(key).map(|v| v.as_u64().ok_or_else(|| wrong(key, v, "non-negative integer"))).transpose()
    };
    let per_layer = |key: &str| -> Result<Option<PerLayer>, HeaderError> {
        let Some(v) = h.get(key) else { return Ok(None) };
        if let Some(n) = v.as_u64() {
            return Ok(Some(PerLayer::All(n)));
        }
        let numbers = v.as_array().and_then(|a| u64s(&a)).ok_or_else(|| wrong(key, v, "integer or integer array"))?;
        Ok(Some(PerLayer::Layers(numbers)))
    };

    f.architecture = string("general.architecture")?;
    f.name = string("general.name")?;
    f.file_type = number("general.file_type")?;
    if let Some(arch) = f.architecture.clone() {
        let key = |suffix: &str| format!("{arch}.{suffix}");
        f.context_length = number(&key("context_length"))?;
        f.block_count = number(&key("block_count"))?;
        f.embedding_length = number(&key("embedding_length"))?;
        f.feed_forward_length = per_layer(&key("feed_forward_length"))?;
        f.head_count = per_layer(&key("attention.head_count"))?;
        f.head_count_kv = per_layer(&key("attention.head_count_kv"))?;
        f.key_length = number(&key("attention.key_length"))?;
        f.value_length = number(&key("attention.value_length"))?;
        f.sliding_window = number(&key("attention.sliding_window"))?;
        f.kv_lora_rank = number(&key("attention.kv_lora_rank"))?;
        f.expert_count = number(&key("expert_count"))?;
        f.expert_used_count = number(&key("expert_used_count"))?;
        f.vocab_size = number(&key("vocab_size"))?;
        let pattern_key = key("attention.sliding_window_pattern");
        if let Some(v) = h.get(&pattern_key) {
            f.sliding_window_pattern = Some(match (v.as_u64(), v.as_array()) {
                (Some(n), _) => SlidingWindowPattern::Every(n),
                (None, Some(a)) => {
                    SlidingWindowPattern::Layers(bools(&a).ok_or_else(|| wrong(&pattern_key, v, "bool array"))?)
                }
                _ => return Err(wrong(&pattern_key, v, "integer or bool array")),
            });
        }
    }
    if f.vocab_size.is_none() {
        f.vocab_size = h.get("tokenizer.ggml.tokens").and_then(Value::as_array).map(|a| a.len());
    }
    if let Some(count) = number("split.count")? {
        f.split = Some(Split { no: number("split.no")?.unwrap_or(0), count, tensors: number("split.tensors.count")? });
    }

    for t in &h.tensors {
        let name = t.ggml_type.to_string();
        f.parameters = f.parameters.saturating_add(t.elements);
        f.weights_bytes = f.weights_bytes.zip(t.bytes).map(|(a, b)| a.saturating_add(b));
        f.tensor_types.add(&name, 1);
        f.parameters_by_type.add(&name, t.elements);
    }
    f.tensor_count = h.tensors.len() as u64;
    Ok(f)
}

/// The elements of an integer array; `None` if one is not a non-negative integer.
fn u64s(a: &Array<'_>) -> Option<Vec<u64>> {
    // Collecting from the iterator grows with the elements actually decoded.
    a.iter().map(|v| v.as_u64()).collect()
}

fn bools(a: &Array<'_>) -> Option<Vec<bool>> {
    a.iter().map(|v| if let Value::Bool(b) = v { Some(b) } else { None }).collect()
}

/// The safetensors facts: parameters and bytes per dtype, `__metadata__`, and the quantized layout
/// the names and dtypes show.
pub fn safetensors_facts(h: &SafetensorsHeader) -> HeaderFacts {
    let mut f = HeaderFacts::empty(Format::Safetensors, h.header_bytes);
    for t in &h.tensors {
        f.parameters = f.parameters.saturating_add(t.elements);
        f.weights_bytes = f.weights_bytes.map(|b| b.saturating_add(t.bytes));
        f.tensor_types.add(&t.dtype, 1);
        f.parameters_by_type.add(&t.dtype, t.elements);
    }
    f.tensor_count = h.tensors.len() as u64;
    f.quantization = safetensors_quant(h);
    f.metadata = h.metadata.clone();
    f
}

fn safetensors_quant(h: &SafetensorsHeader) -> Option<SafetensorsQuant> {
    let has = |suffix: &str| h.tensors.iter().any(|t| t.name.ends_with(suffix));
    let has_dtype = |dtype: &str| h.tensors.iter().any(|t| t.dtype == dtype);
    use SafetensorsQuant as Q;
    if has(".quant_state.bitsandbytes__nf4") {
        return Some(Q::BitsandbytesNf4);
    }
    if has(".quant_state.bitsandbytes__fp4") {
        return Some(Q::BitsandbytesFp4);
    }
    if has(".SCB") {
        return Some(Q::BitsandbytesInt8);
    }
    if has(".qweight") && has(".qzeros") && has(".scales") {
        return Some(if has(".g_idx") { Q::Gptq } else { Q::Awq });
    }
    if has(".weight_packed") && has(".weight_scale") {
        return Some(Q::PackedInt);
    }
    if has_dtype("F4") || has_dtype("F6_E2M3") || has_dtype("F6_E3M2") {
        return Some(Q::Fp4);
    }
    // NVFP4 (ModelOpt): U8 weights holding two FP4 values each, F8_E4M3 block scales and an F32
    // global `weight_scale_2`. MXFP4 (gpt-oss): U8 `_blocks` with U8 (E8M0) `_scales`.
    if (has(".weight_scale_2") && has_dtype("U8")) || (has("_blocks") && has("_scales")) {
        return Some(Q::Fp4);
    }
    if has_dtype("F8_E4M3") || has_dtype("F8_E5M2") {
        return Some(Q::Fp8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::SafetensorsQuant as Q;

    #[test]
    fn layout_names_are_the_serde_names() {
        let all = [
            Q::Fp8,
            Q::Fp4,
            Q::Gptq,
            Q::Awq,
            Q::PackedInt,
            Q::BitsandbytesNf4,
            Q::BitsandbytesFp4,
            Q::BitsandbytesInt8,
        ];
        for q in all {
            assert_eq!(serde_json::to_value(q).unwrap(), q.as_str(), "{q:?}");
        }
    }
}
