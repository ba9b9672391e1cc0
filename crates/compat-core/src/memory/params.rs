//! A worker's memory parameters: catalog data (`memory` in a worker profile).

use serde::Serialize;
use serde_json::Value;

use crate::read::{self, boolean, deserialize_via_read, list, named, object, string, uint, uint32};

use super::kv::KvCacheType;

/// How the worker's runtime uses memory beyond the weights and the KV cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase", default)]
pub struct MemoryParams {
    /// Element type of the KV cache.
    pub kv_cache_type: KvCacheType,
    /// Fixed cost of the runtime on the GPU (context, kernels, allocator).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overhead_bytes: u64,
    /// Scratch memory for one forward pass.
    pub compute_buffer: ComputeBuffer,
    /// Memory left free on each device (other processes, fragmentation).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub safety_margin_bytes: u64,
    /// Whether the runtime caps sliding-window layers at their window. When it does not,
    /// those layers cache the whole context.
    pub cap_sliding_window: bool,
    /// Image workers: activation memory per output resolution (longest side, pixels).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub image_activation: Vec<ImageActivation>,
    /// Image workers: what a denoiser-only file of a family needs loaded beside it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub image_companions: Vec<ImageCompanions>,
}

impl Default for MemoryParams {
    fn default() -> Self {
        Self {
            kv_cache_type: KvCacheType::F16,
            // Ollama assumes a 457 MiB CUDA minimum (REFERENCES.md, "Memory estimates of other tools").
            overhead_bytes: 457 << 20,
            compute_buffer: ComputeBuffer::default(),
            // llama.cpp `--fit` keeps 1 GiB free per device (REFERENCES.md).
            safety_margin_bytes: 1 << 30,
            cap_sliding_window: true,
            image_activation: Vec::new(),
            image_companions: Vec::new(),
        }
    }
}

/// Scratch memory of one forward pass over a batch of `ubatchTokens` tokens: the f32
/// logits (vocab) and one f32 hidden row per token, plus `fixedBytes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase", default)]
pub struct ComputeBuffer {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ubatch_tokens: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub fixed_bytes: u64,
}

impl Default for ComputeBuffer {
    fn default() -> Self {
        // 512 is llama.cpp's default physical batch (`n_ubatch`).
        Self { ubatch_tokens: 512, fixed_bytes: 0 }
    }
}

/// Activation allowance of an image worker at one resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ImageActivation {
    /// Base-model family (`sd1`, `sdxl`, `flux1`) as in the worker's `baseModels`.
    pub family: String,
    /// Longest side of the image, pixels.
    pub resolution: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

/// Files a denoiser-only checkpoint of one family needs in memory beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ImageCompanions {
    pub family: String,
    pub files: Vec<CompanionFile>,
}

/// One companion file (a text encoder, a VAE) with its size and where that size comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct CompanionFile {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

// Reading (see `crate::read` for why by hand): an absent field is the default above.

impl MemoryParams {
    /// Reads one from a JSON value (what `Deserialize` does, without a deserializer).
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        let d = Self::default();
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.kv_cache_type = o.opt("kvCacheType", named)?.unwrap_or(d.kv_cache_type);
        m.overhead_bytes = o.opt("overheadBytes", uint)?.unwrap_or(d.overhead_bytes);
        m.compute_buffer = o.opt("computeBuffer", ComputeBuffer::read)?.unwrap_or(d.compute_buffer);
        m.safety_margin_bytes = o.opt("safetyMarginBytes", uint)?.unwrap_or(d.safety_margin_bytes);
        m.cap_sliding_window = o.opt("capSlidingWindow", boolean)?.unwrap_or(d.cap_sliding_window);
        m.image_activation = o.or_default("imageActivation", |v| list(v, ImageActivation::read))?;
        m.image_companions = o.or_default("imageCompanions", |v| list(v, ImageCompanions::read))?;
        Ok(m)
    }
}

impl ComputeBuffer {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        let d = Self::default();
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.ubatch_tokens = o.opt("ubatchTokens", uint)?.unwrap_or(d.ubatch_tokens);
        m.fixed_bytes = o.opt("fixedBytes", uint)?.unwrap_or(d.fixed_bytes);
        Ok(m)
    }
}

impl ImageActivation {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            family: o.req("family", string)?,
            resolution: o.req("resolution", uint32)?,
            bytes: o.req("bytes", uint)?,
        })
    }
}

impl ImageCompanions {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { family: o.req("family", string)?, files: o.req("files", |v| list(v, CompanionFile::read))? })
    }
}

impl CompanionFile {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self { name: o.req("name", string)?, bytes: o.req("bytes", uint)?, source: o.opt("source", string)? })
    }
}

deserialize_via_read!(MemoryParams, ComputeBuffer, ImageActivation, ImageCompanions, CompanionFile);
