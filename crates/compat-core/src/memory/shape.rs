//! Model dimensions from a HuggingFace `config.json`: what the memory model needs.
//!
//! Read by hand from a `serde_json::Value` (like the providers' records): a field of the
//! wrong type is absent, and an absent fact is listed in [`ModelShape::missing`], never
//! guessed.

use std::num::NonZeroU64;
use std::ops::{Add, AddAssign, Mul, Sub};

use serde::Serialize;
use serde_json::Value;

use crate::read::{self, boolean, object, string, uint32};

/// What a layer keeps in the KV cache as the context grows: how a config's layer pattern
/// reads, before [`ModelShape`] counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerAttention {
    /// Attends to the whole context.
    Full,
    /// Attends to the last `window` tokens (Gemma 2/3 local layers, gpt-oss).
    Sliding { window: u64 },
    /// Holds a fixed-size state, not a per-token cache (linear attention, Mamba).
    Recurrent,
}

/// Multi-head latent attention (DeepSeek V2/V3/R1, Kimi K2): the cache holds the
/// compressed latent, `kv_lora_rank + qk_rope_head_dim` values per token per layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Mla {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub kv_lora_rank: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub qk_rope_head_dim: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub qk_nope_head_dim: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub v_head_dim: u64,
    /// `None`: queries are projected directly (DeepSeek-V2-Lite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub q_lora_rank: Option<u64>,
}

/// Mixture of experts: every expert is resident in memory, whichever are active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Moe {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub experts: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shared_experts: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub experts_per_token: Option<u64>,
    /// Hidden size of one expert's MLP.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expert_intermediate: u64,
    /// Qwen-style shared expert of its own size (`shared_expert_intermediate_size`), in
    /// place of `shared_experts` copies of a routed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shared_expert_intermediate: Option<u64>,
    /// Leading layers with a dense MLP instead (DeepSeek `first_k_dense_replace`).
    pub dense_layers: u32,
}

/// The dimensions of a transformer language model.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ModelShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub hidden: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub heads: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub kv_heads: Option<u64>,
    /// `head_dim` when the config gives it (Qwen3, Gemma: not hidden ÷ heads), else
    /// hidden ÷ heads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub head_dim: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub intermediate: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub vocab: Option<u64>,
    pub tie_word_embeddings: bool,
    /// Biases on the q/k/v projections (Qwen2).
    pub attention_bias: bool,
    /// RMS norms on q and k per head (Qwen3, Gemma 3).
    pub qk_norm: bool,
    /// Norms per layer: 2 in Llama-style blocks, 4 in Gemma 2/3 (pre and post).
    pub norms_per_layer: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_context: Option<u64>,
    /// Layers attending to the whole context. The layer counts below are 0 when the
    /// number of layers is unknown. Counts, not a list per layer: the cache at any context
    /// is then a few multiplications, and a shape stays small on the wire.
    pub full_attention_layers: u32,
    /// Layers attending to the last `slidingWindow` tokens (Gemma 2/3 local layers, gpt-oss).
    pub sliding_window_layers: u32,
    /// The window of the sliding layers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sliding_window: Option<u64>,
    /// Layers with a fixed-size state rather than a per-token cache (linear attention, Mamba).
    pub recurrent_layers: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mla: Option<Mla>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moe: Option<Moe>,
    /// Config fields the memory model needed and did not find (`num_key_value_heads`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub missing: Vec<String>,
}

/// Largest dimension accepted (16.7 M): larger is a broken config, read as absent, and it
/// keeps the parameter arithmetic far from overflow.
const MAX_DIM: u64 = 1 << 24;

/// Most layers accepted: one attention entry is kept per layer, so this bounds memory.
const MAX_LAYERS: u64 = 4096;

fn uint(obj: &Value, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| obj.get(*k).and_then(Value::as_u64))
}

impl ModelShape {
    /// Reads a `config.json`. Multimodal configs nest the language model under
    /// `text_config` (Gemma 3, Llama 4, Qwen2.5-VL); its fields win over the top level's.
    pub fn from_config(config: &Value) -> Self {
        let text = config.get("text_config").filter(|t| t.is_object());
        let any_u = |keys: &[&str]| text.and_then(|t| uint(t, keys)).or_else(|| uint(config, keys));
        let get_u = |keys: &[&str]| any_u(keys).filter(|&v| v <= MAX_DIM);
        let get = |key: &str| text.and_then(|t| t.get(key)).or_else(|| config.get(key));
        let model_type = get("model_type").and_then(Value::as_str).map(str::to_owned);
        let family = model_type.as_deref().unwrap_or_default().to_ascii_lowercase();

        // Gemma 3 configs leave to `Gemma3TextConfig`'s defaults what they do not write
        // (google/gemma-3-4b-it's `text_config` has no head counts): transformers
        // `configuration_gemma3.py`, 8 heads, 4 KV heads, head_dim 256, vocab 262208.
        let gemma3 = family.starts_with("gemma3");
        let default = |value: u64| gemma3.then_some(value);
        let mut shape = ModelShape {
            model_type,
            layers: get_u(&["num_hidden_layers", "n_layer", "num_layers"])
                .filter(|&n| n <= MAX_LAYERS)
                .and_then(|n| u32::try_from(n).ok()),
            hidden: get_u(&["hidden_size", "n_embd", "d_model"]),
            heads: get_u(&["num_attention_heads", "n_head"]).or(default(8)),
            intermediate: get_u(&["intermediate_size", "n_inner", "ffn_hidden_size"]),
            vocab: get_u(&["vocab_size"]).or(default(262_208)),
            // transformers' PretrainedConfig default is `True`; Llama-3.1-8B writes `false`.
            tie_word_embeddings: get("tie_word_embeddings").and_then(Value::as_bool).unwrap_or(true),
            attention_bias: get("attention_bias").and_then(Value::as_bool).unwrap_or(family.starts_with("qwen2")),
            qk_norm: family.starts_with("qwen3") || family.starts_with("gemma3"),
            norms_per_layer: if family.starts_with("gemma2") || family.starts_with("gemma3") { 4 } else { 2 },
            max_context: any_u(&["max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"]),
            ..Self::default()
        };
        shape.kv_heads =
            get_u(&["num_key_value_heads", "num_kv_heads", "multi_query_group_num"]).or(default(4)).or(shape.heads);
        shape.head_dim = get_u(&["head_dim"])
            .or(default(256))
            .or_else(|| shape.hidden.zip(shape.heads).and_then(|(h, n)| h.checked_div(n)));
        shape.mla = get_u(&["kv_lora_rank"]).map(|kv_lora_rank| Mla {
            kv_lora_rank,
            qk_rope_head_dim: get_u(&["qk_rope_head_dim"]).unwrap_or(0),
            qk_nope_head_dim: get_u(&["qk_nope_head_dim"]).unwrap_or(0),
            v_head_dim: get_u(&["v_head_dim"]).unwrap_or(0),
            q_lora_rank: get_u(&["q_lora_rank"]),
        });
        if shape.mla.is_some_and(|m| m.qk_rope_head_dim == 0) {
            shape.missing.push("qk_rope_head_dim".to_owned());
        }
        let experts = get_u(&["n_routed_experts", "num_local_experts", "num_experts", "moe_num_experts"]);
        shape.moe = experts.filter(|&e| e > 1).map(|experts| Moe {
            experts,
            shared_experts: get_u(&["n_shared_experts", "num_shared_experts"]).unwrap_or(0),
            experts_per_token: get_u(&["num_experts_per_tok", "moe_k", "experts_per_token"]),
            expert_intermediate: get_u(&["moe_intermediate_size"]).or(shape.intermediate).unwrap_or(0),
            shared_expert_intermediate: get_u(&["shared_expert_intermediate_size"]).filter(|&s| s > 0),
            dense_layers: get_u(&["first_k_dense_replace"]).and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        });
        if let Some(layers) = shape.layers {
            for layer in layer_pattern(&|k| get(k), &family, layers) {
                match layer {
                    LayerAttention::Full => shape.full_attention_layers = shape.full_attention_layers.saturating_add(1),
                    LayerAttention::Sliding { window } => {
                        shape.sliding_window_layers = shape.sliding_window_layers.saturating_add(1);
                        shape.sliding_window = Some(window);
                    }
                    LayerAttention::Recurrent => shape.recurrent_layers = shape.recurrent_layers.saturating_add(1),
                }
            }
        }
        for (name, absent) in [
            ("num_hidden_layers", shape.layers.is_none()),
            ("hidden_size", shape.hidden.is_none()),
            ("num_attention_heads", shape.heads.is_none()),
            ("head_dim", shape.head_dim.is_none() && shape.mla.is_none()),
        ] {
            if absent {
                shape.missing.push(name.to_owned());
            }
        }
        shape
    }

    /// What a weight file's header states ([`crate::Dimensions`], evidence `header`), as a
    /// shape: layers, embedding width, heads, KV heads and key length (the head dimension),
    /// vocabulary. A header gives no layer pattern, so every layer counts as full attention
    /// (an upper bound for sliding-window models), and no MLP width, so no parameter count
    /// comes from it (the header states the total itself).
    pub fn from_dimensions(d: &crate::Dimensions) -> Self {
        let dim = |v: Option<u64>| v.filter(|&v| v <= MAX_DIM);
        let layers = d.layers.filter(|&n| n <= MAX_LAYERS).and_then(|n| u32::try_from(n).ok());
        let (hidden, heads) = (dim(d.embedding_length), dim(d.heads));
        Self {
            layers,
            hidden,
            heads,
            kv_heads: dim(d.kv_heads).or(heads),
            head_dim: dim(d.key_length).or_else(|| hidden.zip(heads).and_then(|(h, n)| h.checked_div(n))),
            vocab: dim(d.vocab_size),
            norms_per_layer: 2,
            full_attention_layers: layers.unwrap_or(0),
            ..Self::default()
        }
    }

    /// Layers whose cache grows with the context (full or sliding attention).
    pub fn attention_layers(&self) -> u32 {
        self.full_attention_layers.saturating_add(self.sliding_window_layers)
    }

    /// Layers the attention pattern was read for: 0 when the layer count is unknown.
    pub fn pattern_layers(&self) -> u32 {
        self.attention_layers().saturating_add(self.recurrent_layers)
    }

    /// Parameters computed from the dimensions: embeddings (tied or not), attention
    /// (GQA or MLA), the MLP or every expert of a MoE, norms. `None` when a dimension
    /// it needs is missing. Checked against published totals in the tests.
    pub fn parameters(&self) -> Option<u64> {
        self.count(None)
    }

    /// Parameters used per token: a MoE's routed experts counted `experts_per_token` times.
    /// `None` for dense models and when the routing width is unknown.
    pub fn active_parameters(&self) -> Option<u64> {
        self.count(Some(self.moe?.experts_per_token?))
    }

    #[allow(clippy::arithmetic_side_effects, reason = "Sat's operators saturate, as Saturating's do")]
    fn count(&self, routed_experts: Option<u64>) -> Option<u64> {
        // Linear-attention and state-space layers have parameters this count does not
        // model (Qwen3-Next, Jamba): better no number than a wrong one.
        if self.recurrent_layers > 0 {
            return None;
        }
        // Saturating u128: from `from_config` every dimension is at most MAX_DIM (2^24) and no
        // sum of these products comes near 2^128, but a shape is also deserialized from the
        // caller's JSON with any u64 in it. A saturated total does not fit a u64 below, so an
        // absurd shape has no parameter count rather than a wrapped one.
        let w = |n: u64| Sat(u128::from(n));
        let (one, two, three) = (w(1), w(2), w(3));
        let h = w(self.hidden?);
        let layers = w(u64::from(self.layers?));
        let vocab = w(self.vocab?);
        let heads = w(self.heads?);
        let embeddings = vocab * h * if self.tie_word_embeddings { one } else { two };
        let attention = match self.mla {
            Some(m) => {
                let (rank, rope, nope, v) =
                    (w(m.kv_lora_rank), w(m.qk_rope_head_dim), w(m.qk_nope_head_dim), w(m.v_head_dim));
                let q = match m.q_lora_rank.map(w) {
                    Some(r) => h * r + r + r * heads * (nope + rope),
                    None => h * heads * (nope + rope),
                };
                q + h * (rank + rope) + rank + rank * heads * (nope + v) + heads * v * h
            }
            None => {
                let d = w(self.head_dim?);
                let kv = w(self.kv_heads?);
                let mut a = two * h * heads * d + two * h * kv * d;
                if self.attention_bias {
                    a += heads * d + two * kv * d;
                }
                if self.qk_norm {
                    a += two * d;
                }
                a
            }
        };
        let norms = w(u64::from(self.norms_per_layer)) * h;
        let dense_mlp = three * h * w(self.intermediate.unwrap_or(0));
        let mlp_total = match self.moe {
            Some(moe) => {
                let dense = w(u64::from(moe.dense_layers)).min(layers);
                let expert = three * h * w(moe.expert_intermediate);
                let routed = w(routed_experts.unwrap_or(moe.experts));
                let shared = match moe.shared_expert_intermediate {
                    // One shared expert of its own size, plus its 1-wide gate.
                    Some(si) => three * h * w(si) + h,
                    None => w(moe.shared_experts) * expert,
                };
                let moe_layer = routed * expert + shared + h * w(moe.experts);
                dense * dense_mlp + (layers - dense) * moe_layer
            }
            None => {
                self.intermediate?;
                layers * dense_mlp
            }
        };
        u64::try_from((embeddings + layers * (attention + norms) + mlp_total + h).0).ok()
    }
}

// Reading a shape back (metadata handed to a binding, a saved listing), field for field as
// serialized above; by hand, see `crate::read`.

impl ModelShape {
    /// Reads one from a JSON value (what `Deserialize` does, without a deserializer).
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.model_type = o.opt("modelType", string)?;
        m.layers = o.opt("layers", uint32)?;
        m.hidden = o.opt("hidden", read::uint)?;
        m.heads = o.opt("heads", read::uint)?;
        m.kv_heads = o.opt("kvHeads", read::uint)?;
        m.head_dim = o.opt("headDim", read::uint)?;
        m.intermediate = o.opt("intermediate", read::uint)?;
        m.vocab = o.opt("vocab", read::uint)?;
        m.tie_word_embeddings = o.or_default("tieWordEmbeddings", boolean)?;
        m.attention_bias = o.or_default("attentionBias", boolean)?;
        m.qk_norm = o.or_default("qkNorm", boolean)?;
        m.norms_per_layer = o.or_default("normsPerLayer", uint32)?;
        m.max_context = o.opt("maxContext", read::uint)?;
        m.full_attention_layers = o.or_default("fullAttentionLayers", uint32)?;
        m.sliding_window_layers = o.or_default("slidingWindowLayers", uint32)?;
        m.sliding_window = o.opt("slidingWindow", read::uint)?;
        m.recurrent_layers = o.or_default("recurrentLayers", uint32)?;
        m.mla = o.opt("mla", Mla::read)?;
        m.moe = o.opt("moe", Moe::read)?;
        m.missing = o.or_default("missing", read::strings)?;
        Ok(m)
    }
}

impl Mla {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            kv_lora_rank: o.req("kvLoraRank", read::uint)?,
            qk_rope_head_dim: o.req("qkRopeHeadDim", read::uint)?,
            qk_nope_head_dim: o.req("qkNopeHeadDim", read::uint)?,
            v_head_dim: o.req("vHeadDim", read::uint)?,
            q_lora_rank: o.opt("qLoraRank", read::uint)?,
        })
    }
}

impl Moe {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            experts: o.req("experts", read::uint)?,
            shared_experts: o.req("sharedExperts", read::uint)?,
            experts_per_token: o.opt("expertsPerToken", read::uint)?,
            expert_intermediate: o.req("expertIntermediate", read::uint)?,
            shared_expert_intermediate: o.opt("sharedExpertIntermediate", read::uint)?,
            dense_layers: o.req("denseLayers", uint32)?,
        })
    }
}

read::deserialize_via_read!(ModelShape, Mla, Moe);

/// Which layers use full, sliding or no growing attention, in the config's own terms.
fn layer_pattern<'a>(get: &dyn Fn(&str) -> Option<&'a Value>, family: &str, layers: u32) -> Vec<LayerAttention> {
    let window = get("sliding_window").and_then(Value::as_u64).filter(|&w| w > 0);
    let n = layers as usize;
    // `layer_types` (transformers >= 4.53: Gemma 3, gpt-oss, Qwen3-Next) says it per layer.
    if let Some(types) = get("layer_types").and_then(Value::as_array).filter(|t| t.len() == n) {
        return types
            .iter()
            .map(|t| match t.as_str().unwrap_or_default() {
                "sliding_attention" | "chunked_attention" => {
                    window.map_or(LayerAttention::Full, |window| LayerAttention::Sliding { window })
                }
                "linear_attention" | "mamba" | "conv" => LayerAttention::Recurrent,
                _ => LayerAttention::Full,
            })
            .collect();
    }
    // Qwen3-Next: one full-attention layer every `full_attention_interval`, linear between.
    if let Some(interval) = get("full_attention_interval").and_then(Value::as_u64).and_then(NonZeroU64::new) {
        return (1..=u64::from(layers))
            .map(|i| if i % interval == 0 { LayerAttention::Full } else { LayerAttention::Recurrent })
            .collect();
    }
    let Some(window) = window else { return vec![LayerAttention::Full; n] };
    // Gemma 3 (and Cohere2): one global layer every `sliding_window_pattern` layers,
    // `is_sliding = (layer_idx + 1) % pattern != 0` (transformers `Gemma3Attention`).
    let pattern = get("sliding_window_pattern").or_else(|| get("_sliding_window_pattern")).and_then(Value::as_u64);
    let pattern = pattern.or(match family {
        // Gemma 3 configs may leave the pattern to `Gemma3TextConfig`'s default, 6.
        "gemma3" | "gemma3_text" => Some(6),
        // Gemma 2 alternates, local first (transformers `Gemma2DecoderLayer`: `not bool(layer_idx % 2)`).
        "gemma2" => Some(2),
        // gpt-oss alternates sliding and full, sliding first (`layer_types` in its config).
        "gpt_oss" => Some(2),
        _ => None,
    });
    match pattern.filter(|&p| p > 1).and_then(NonZeroU64::new) {
        Some(p) => (1..=u64::from(layers))
            .map(|i| if i % p == 0 { LayerAttention::Full } else { LayerAttention::Sliding { window } })
            .collect(),
        // A window with no layer pattern (Mistral-7B-v0.1, Qwen2's unused `sliding_window`):
        // runtimes ignore it (REFERENCES.md), so the cache is full.
        None => vec![LayerAttention::Full; n],
    }
}

/// Saturating `u128` arithmetic for [`ModelShape::count`], each operation out of line: some
/// thirty products inlined as `Saturating<u128>` cost the WASM module about 1 KB more than
/// thirty calls (its size budget); the arithmetic is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Sat(u128);

impl Mul for Sat {
    type Output = Sat;
    #[inline(never)]
    fn mul(self, other: Sat) -> Sat {
        Sat(self.0.saturating_mul(other.0))
    }
}

impl Add for Sat {
    type Output = Sat;
    #[inline(never)]
    fn add(self, other: Sat) -> Sat {
        Sat(self.0.saturating_add(other.0))
    }
}

impl Sub for Sat {
    type Output = Sat;
    fn sub(self, other: Sat) -> Sat {
        Sat(self.0.saturating_sub(other.0))
    }
}

impl AddAssign for Sat {
    fn add_assign(&mut self, other: Sat) {
        *self = Sat(self.0.saturating_add(other.0));
    }
}
