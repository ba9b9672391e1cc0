//! The memory model checked against published numbers, each with its source.
//!
//! Model dimensions are the published `config.json` values (HF repo and file cited per
//! row); parameter totals come from the recorded Hub responses in `../shared/fixtures`,
//! read in place.

use std::path::PathBuf;

use compat_core::memory::{
    self, Fit, KvCacheType, MemoryParams, ModelShape, Weights, estimate, estimate_image, kv_cache_bytes, plan,
};
use compat_core::{Device, default_catalog, device_preset};
use serde_json::{Value, json};

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// meta-llama/Llama-3.1-8B-Instruct, config.json.
fn llama_3_1_8b() -> Value {
    json!({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
        "max_position_embeddings": 131072, "tie_word_embeddings": false, "head_dim": 128,
        "rope_scaling": {"factor": 8.0, "rope_type": "llama3"}
    })
}

/// deepseek-ai/DeepSeek-R1, config.json.
fn deepseek_r1() -> Value {
    json!({
        "architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3",
        "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048,
        "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
        "first_k_dense_replace": 3, "num_hidden_layers": 61, "num_attention_heads": 128,
        "num_key_value_heads": 128, "kv_lora_rank": 512, "q_lora_rank": 1536,
        "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
        "vocab_size": 129280, "max_position_embeddings": 163840, "tie_word_embeddings": false
    })
}

/// google/gemma-3-27b-it, config.json: the language model under `text_config`
/// (`Gemma3TextConfig` defaults for what the file leaves out: pattern 6, vocab 262208).
fn gemma_3_27b() -> Value {
    json!({
        "architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
        "text_config": {
            "model_type": "gemma3_text", "hidden_size": 5376, "intermediate_size": 21504,
            "num_attention_heads": 32, "num_hidden_layers": 62, "num_key_value_heads": 16,
            "head_dim": 128, "sliding_window": 1024, "vocab_size": 262208,
            "max_position_embeddings": 131072
        },
        "vision_config": {"hidden_size": 1152, "num_hidden_layers": 27}
    })
}

/// openai/gpt-oss-20b, config.json (`layer_types` alternates sliding and full).
fn gpt_oss_20b() -> Value {
    let layer_types: Vec<&str> =
        (0..24).map(|i| if i % 2 == 0 { "sliding_attention" } else { "full_attention" }).collect();
    json!({
        "architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss",
        "hidden_size": 2880, "intermediate_size": 2880, "num_attention_heads": 64,
        "num_hidden_layers": 24, "num_key_value_heads": 8, "head_dim": 64,
        "num_local_experts": 32, "num_experts_per_tok": 4, "sliding_window": 128,
        "vocab_size": 201088, "max_position_embeddings": 131072, "layer_types": layer_types,
        "tie_word_embeddings": false, "attention_bias": true
    })
}

/// Qwen/Qwen3-Next-80B-A3B-Instruct, config.json: one full-attention layer in four.
fn qwen3_next() -> Value {
    json!({
        "architectures": ["Qwen3NextForCausalLM"], "model_type": "qwen3_next",
        "hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 16,
        "num_key_value_heads": 2, "head_dim": 256, "full_attention_interval": 4,
        "num_experts": 512, "num_experts_per_tok": 10, "moe_intermediate_size": 512,
        "vocab_size": 151936, "max_position_embeddings": 262144
    })
}

fn fixtures() -> PathBuf {
    std::env::var_os("MODEL_COMPAT_FIXTURES")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"), PathBuf::from)
}

/// A recorded Hub response, read in place.
fn recorded(file: &str) -> Value {
    let path = fixtures().join("huggingface").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (set MODEL_COMPAT_FIXTURES to the shared fixtures folder)", path.display())
    });
    serde_json::from_str(&text).unwrap()
}

fn percent_error(ours: u64, published: u64) -> f64 {
    (ours as f64 - published as f64) / published as f64 * 100.0
}

/// Parameters computed from config.json dimensions against the Hub's `safetensors.total`
/// recorded for the same repository.
#[test]
fn parameters_from_dimensions_match_recorded_safetensors_totals() {
    let rows: &[(&str, &str, Value)] = &[
        ("meta-llama/Llama-3.1-8B-Instruct", "alain-meta-llama__Llama-3.1-8B-Instruct.detail.json", llama_3_1_8b()),
        // meta-llama/Llama-3.2-1B, config.json (tied embeddings, head_dim 64).
        (
            "meta-llama/Llama-3.2-1B",
            "alain-meta-llama__Llama-3.2-1B.detail.json",
            json!({"model_type": "llama", "hidden_size": 2048, "intermediate_size": 8192,
                   "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8,
                   "head_dim": 64, "vocab_size": 128256, "tie_word_embeddings": true}),
        ),
        // meta-llama/Llama-3.2-3B, config.json.
        (
            "meta-llama/Llama-3.2-3B",
            "maruel-meta-llama__Llama-3.2-3B.revision-main.detail.json",
            json!({"model_type": "llama", "hidden_size": 3072, "intermediate_size": 8192,
                   "num_attention_heads": 24, "num_hidden_layers": 28, "num_key_value_heads": 8,
                   "head_dim": 128, "vocab_size": 128256, "tie_word_embeddings": true}),
        ),
        // meta-llama/Meta-Llama-3-70B-Instruct, config.json.
        (
            "meta-llama/Meta-Llama-3-70B-Instruct",
            "hfhub-cassette__model_info__meta-llama__Meta-Llama-3-70B-Instruct__gated-manual_llama_70b.json",
            json!({"model_type": "llama", "hidden_size": 8192, "intermediate_size": 28672,
                   "num_attention_heads": 64, "num_hidden_layers": 80, "num_key_value_heads": 8,
                   "vocab_size": 128256, "tie_word_embeddings": false}),
        ),
        // meta-llama/Llama-2-7b-hf, config.json (no GQA: 32 KV heads).
        (
            "meta-llama/Llama-2-7b-hf",
            "alain-meta-llama__Llama-2-7b-hf.detail.json",
            json!({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
                   "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
                   "vocab_size": 32000, "tie_word_embeddings": false}),
        ),
        // HuggingFaceH4/zephyr-7b-beta, config.json (Mistral-7B: its 4096 window is not a layer pattern).
        (
            "HuggingFaceH4/zephyr-7b-beta",
            "hfhub-cassette__model_info__HuggingFaceH4__zephyr-7b-beta__mistral_safetensors+bin.json",
            json!({"model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336,
                   "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
                   "vocab_size": 32000, "sliding_window": 4096, "tie_word_embeddings": false}),
        ),
        // Qwen/Qwen2.5-7B-Instruct, config.json (q/k/v biases).
        (
            "Qwen/Qwen2.5-7B-Instruct",
            "alain-Qwen__Qwen2.5-7B-Instruct.detail.json",
            json!({"model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944,
                   "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
                   "vocab_size": 152064, "tie_word_embeddings": false, "sliding_window": 131072,
                   "use_sliding_window": false}),
        ),
        // Qwen/Qwen2.5-1.5B-Instruct, config.json.
        (
            "Qwen/Qwen2.5-1.5B-Instruct",
            "alain-Qwen__Qwen2.5-1.5B-Instruct.detail.json",
            json!({"model_type": "qwen2", "hidden_size": 1536, "intermediate_size": 8960,
                   "num_attention_heads": 12, "num_hidden_layers": 28, "num_key_value_heads": 2,
                   "vocab_size": 151936, "tie_word_embeddings": true}),
        ),
        // Qwen/Qwen3-32B, config.json (head_dim 128 is not 5120 / 64).
        (
            "Qwen/Qwen3-32B",
            "alain-Qwen__Qwen3-32B.detail.json",
            json!({"model_type": "qwen3", "hidden_size": 5120, "intermediate_size": 25600,
                   "num_attention_heads": 64, "num_hidden_layers": 64, "num_key_value_heads": 8,
                   "head_dim": 128, "vocab_size": 151936, "tie_word_embeddings": false}),
        ),
        // Alibaba-NLP/Tongyi-DeepResearch-30B-A3B, config.json (Qwen3-30B-A3B dimensions:
        // 128 experts of 768, every one resident).
        (
            "Alibaba-NLP/Tongyi-DeepResearch-30B-A3B",
            "alain-Alibaba-NLP__Tongyi-DeepResearch-30B-A3B.detail.json",
            json!({"model_type": "qwen3_moe", "hidden_size": 2048, "intermediate_size": 6144,
                   "moe_intermediate_size": 768, "num_experts": 128, "num_experts_per_tok": 8,
                   "num_attention_heads": 32, "num_hidden_layers": 48, "num_key_value_heads": 4,
                   "head_dim": 128, "vocab_size": 151936, "tie_word_embeddings": false}),
        ),
        // google/gemma-3-1b-it, config.json (head_dim 256, 4 norms a layer, tied).
        (
            "google/gemma-3-1b-it",
            "alain-google__gemma-3-1b-it.detail.json",
            json!({"model_type": "gemma3_text", "hidden_size": 1152, "intermediate_size": 6912,
                   "num_attention_heads": 4, "num_hidden_layers": 26, "num_key_value_heads": 1,
                   "head_dim": 256, "vocab_size": 262144, "sliding_window": 512,
                   "sliding_window_pattern": 6}),
        ),
    ];
    for (repo, file, config) in rows {
        let safetensors = &recorded(file)["safetensors"];
        // Llama-2-7b-hf also stores 2048 F32 values: `rotary_emb.inv_freq` buffers (32
        // layers × 64), not parameters. Its F16 count is the model's parameters.
        let recorded_total = if *repo == "meta-llama/Llama-2-7b-hf" {
            safetensors["parameters"]["F16"].as_u64().unwrap()
        } else {
            safetensors["total"].as_u64().unwrap()
        };
        let ours = ModelShape::from_config(config).parameters().unwrap();
        assert_eq!(ours, recorded_total, "{repo}: {:+.3}%", percent_error(ours, recorded_total));
    }
}

/// Qwen3-0.6B's config says `tie_word_embeddings: true`, yet its checkpoint also stores
/// `lm_head`: the recorded total is ours plus exactly one vocab × hidden matrix.
#[test]
fn a_tied_checkpoint_that_stores_its_head_anyway_differs_by_one_embedding() {
    // Qwen/Qwen3-0.6B, config.json.
    let config = json!({"model_type": "qwen3", "hidden_size": 1024, "intermediate_size": 3072,
        "num_attention_heads": 16, "num_hidden_layers": 28, "num_key_value_heads": 8,
        "head_dim": 128, "vocab_size": 151936, "tie_word_embeddings": true});
    let recorded_total = recorded("alain-Qwen__Qwen3-0.6B.detail.json")["safetensors"]["total"].as_u64().unwrap();
    let ours = ModelShape::from_config(&config).parameters().unwrap();
    assert_eq!(recorded_total - ours, 151_936 * 1024);
}

/// MoE: every expert counts. DeepSeek-R1's model card: 671 B total, 37 B activated.
/// Mixtral-8x7B (mistralai/Mixtral-8x7B-v0.1 config.json; 46.7 B in its model card).
#[test]
fn moe_parameters_count_every_expert() {
    let r1 = ModelShape::from_config(&deepseek_r1());
    let total = r1.parameters().unwrap();
    assert!(percent_error(total, 671_000_000_000).abs() < 0.1, "{total}");
    let active = r1.active_parameters().unwrap();
    assert!(percent_error(active, 37_000_000_000).abs() < 2.0, "{active}");
    let mixtral = ModelShape::from_config(&json!({"model_type": "mixtral", "hidden_size": 4096,
        "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
        "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2,
        "vocab_size": 32000, "tie_word_embeddings": false}));
    assert!(percent_error(mixtral.parameters().unwrap(), 46_700_000_000).abs() < 0.1);
}

/// llama.cpp `tools/quantize/README.md`, Llama-3-8B file sizes in GiB. The bpw table was
/// derived from the same README (8.03 B parameters), so this checks the parameter count
/// from dimensions and the arithmetic; the independent checks follow.
#[test]
fn quantized_sizes_match_llama_cpp_quantize_readme() {
    let params = ModelShape::from_config(&llama_3_1_8b()).parameters().unwrap();
    let published: &[(&str, f64)] = &[
        ("Q2_K", 2.96),
        ("Q3_K_S", 3.41),
        ("Q3_K_M", 3.74),
        ("Q3_K_L", 4.03),
        ("Q4_0", 4.34),
        ("Q4_K_S", 4.37),
        ("Q4_K_M", 4.58),
        ("Q5_K_S", 5.21),
        ("Q5_K_M", 5.33),
        ("Q6_K", 6.14),
        ("Q8_0", 7.96),
    ];
    for (quant, gib) in published {
        let w = Weights::from_parameters(params, quant).unwrap();
        assert!(w.estimated);
        let published = (gib * GIB as f64) as u64;
        let error = percent_error(w.bytes, published);
        assert!(error.abs() < 0.5, "{quant}: ours {} vs {published} ({error:+.2}%)", w.bytes);
    }
}

/// Independent of the table's source: gguf-parser-go's README shows 4.91 bpw for a Qwen2
/// 7.6 B Q4_K_M; ggml-org/gemma-3-1b-it-GGUF's recorded `gguf.totalFileSize` (its f16 file)
/// against `gguf.total` parameters at 16 bpw.
#[test]
fn bits_per_weight_agree_with_other_published_files() {
    let q4km = memory::bits_per_weight("Q4_K_M").unwrap().bits_per_weight;
    assert!((q4km - 4.91).abs() / 4.91 < 0.01, "{q4km}");
    let gguf = &recorded("transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json")["gguf"];
    let (total, file) = (gguf["total"].as_u64().unwrap(), gguf["totalFileSize"].as_u64().unwrap());
    let ours = Weights::from_parameters(total, "F16").unwrap().bytes;
    let error = percent_error(ours, file);
    // A GGUF file adds its header, tokenizer and a few f32 norms to the tensors.
    assert!((-1.0..0.0).contains(&error), "{error:+.2}%");
}

#[test]
fn exact_weights_sum_every_shard_and_every_dtype() {
    let w = Weights::from_file_sizes([4_976_698_672, 4_999_802_720, 4_915_916_176, 1_168_138_808]);
    assert_eq!((w.bytes, w.estimated), (16_060_556_376, false));
    let overflowing = Weights::from_file_sizes([u64::MAX, 5]);
    assert_eq!(overflowing.bytes, u64::MAX);
    assert_eq!(overflowing.basis, "2 file sizes, adding up past 2^64 bytes (saturated)");
    let overflowing = Weights::from_safetensors_parameters(&[("BF16".to_owned(), u64::MAX)].into()).unwrap();
    assert_eq!(overflowing.bytes, u64::MAX);
    assert!(overflowing.basis.contains("past 2^64 bytes"), "{}", overflowing.basis);
    // Llama-2-7b-hf's recorded parameters: F16 6738415616 + F32 2048.
    let parameters = recorded("alain-meta-llama__Llama-2-7b-hf.detail.json")["safetensors"]["parameters"].clone();
    let parameters: std::collections::BTreeMap<String, u64> = serde_json::from_value(parameters).unwrap();
    let w = Weights::from_safetensors_parameters(&parameters).unwrap();
    assert_eq!(w.bytes, 6_738_415_616 * 2 + 2048 * 4);
    assert!(Weights::from_safetensors_parameters(&[("F4_NEW".to_owned(), 1)].into()).is_none());
}

/// The KV cache against published numbers.
#[test]
fn kv_cache_matches_published_numbers() {
    struct Row {
        what: &'static str,
        config: Value,
        context: u64,
        published: u64,
        /// Allowed error, percent.
        tolerance: f64,
    }
    let rows = [
        // 32 layers × 8 KV heads × head_dim 128 × 2 (K, V) × 2 bytes × 4096 tokens = 512 MiB (issue 14).
        Row {
            what: "Llama-3.1-8B f16 at 4096",
            config: llama_3_1_8b(),
            context: 4096,
            published: 512 * MIB,
            tolerance: 0.0,
        },
        // ik_llama.cpp log for DeepSeek-R1 at 32768 tokens: 2196 MiB (REFERENCES.md).
        Row {
            what: "DeepSeek-R1 MLA at 32768",
            config: deepseek_r1(),
            context: 32768,
            published: 2196 * MIB,
            tolerance: 0.05,
        },
        // gguf-parser-go issue #32: gpt-oss-20b per llama.cpp's layout at 131072 is 3.00 GiB
        // for the 12 full layers plus ~0.05 GiB windowed (llama.cpp pads its window cells).
        Row {
            what: "gpt-oss-20b at 131072",
            config: gpt_oss_20b(),
            context: 131_072,
            published: 3 * GIB + 50 * MIB,
            tolerance: 2.0,
        },
    ];
    for row in rows {
        let shape = ModelShape::from_config(&row.config);
        let ours = kv_cache_bytes(&shape, KvCacheType::F16, row.context, true).unwrap();
        let error = percent_error(ours, row.published);
        assert!(error.abs() <= row.tolerance, "{}: ours {ours} vs {} ({error:+.3}%)", row.what, row.published);
    }
    // The same issue: without the pattern all 24 blocks cost 49152 B per token.
    let uncapped = kv_cache_bytes(&ModelShape::from_config(&gpt_oss_20b()), KvCacheType::F16, 4096, false).unwrap();
    assert_eq!(uncapped, 49_152 * 4096);
}

/// whichllm PR #124: Gemma-3-27B at 128K drops from 12.68 to 2.20 GB with the sliding
/// pattern, a ratio of 0.1735. Their absolute numbers use other dimensions; the ratio is
/// the layer pattern's, which we compute per layer (10 global of 62) where whichllm uses
/// the fraction 1/6: 0.1678 against 0.1735.
#[test]
fn gemma_3_sliding_window_pattern() {
    let shape = ModelShape::from_config(&gemma_3_27b());
    assert_eq!((shape.pattern_layers(), shape.full_attention_layers), (62, 10));
    assert_eq!((shape.sliding_window_layers, shape.sliding_window), (52, Some(1024)));
    let capped = kv_cache_bytes(&shape, KvCacheType::F16, 131_072, true).unwrap();
    let uncapped = kv_cache_bytes(&shape, KvCacheType::F16, 131_072, false).unwrap();
    let ratio = capped as f64 / uncapped as f64;
    let published = 2.20 / 12.68;
    assert!((ratio - published).abs() / published < 0.04, "{ratio} vs {published}");
    // 62 × 16 × 128 × 2 × 2 bytes per token uncapped.
    assert_eq!(uncapped, 62 * 16 * 128 * 2 * 2 * 131_072);
}

#[test]
fn hybrid_models_count_only_full_attention_layers() {
    let shape = ModelShape::from_config(&qwen3_next());
    assert_eq!(shape.attention_layers(), 12);
    let kv = kv_cache_bytes(&shape, KvCacheType::F16, 32_768, true).unwrap();
    assert_eq!(kv, 12 * 2 * 2 * 256 * 2 * 32_768);
    // Its linear-attention layers' parameters are not modelled: no count rather than a wrong one.
    assert_eq!(shape.parameters(), None);
}

#[test]
fn kv_cache_types_scale_by_their_bits() {
    let shape = ModelShape::from_config(&llama_3_1_8b());
    let f16 = kv_cache_bytes(&shape, KvCacheType::F16, 4096, true).unwrap();
    let q8 = kv_cache_bytes(&shape, KvCacheType::Q8_0, 4096, true).unwrap();
    let q4 = kv_cache_bytes(&shape, KvCacheType::Q4_0, 4096, true).unwrap();
    assert_eq!((q8, q4), (f16 * 17 / 32, f16 * 9 / 32));
}

/// A missing fact is named, never guessed.
#[test]
fn missing_facts_give_memory_unknown() {
    let params = MemoryParams::default();
    let no_layers = ModelShape::from_config(&json!({"model_type": "llama", "hidden_size": 4096}));
    let e = estimate(&no_layers, None, &params, Some(4096));
    assert_eq!(e.codes, [compat_core::Code::MemoryUnknown]);
    // In the order found: the weights, then the cache's and the compute buffer's facts.
    assert_eq!(e.unknown, ["weights", "num_hidden_layers", "vocab_size"]);
    assert_eq!(e.total_bytes, None);
    let llama = ModelShape::from_config(&llama_3_1_8b());
    let e = estimate(&llama, Weights::from_parameters(8_030_261_248, "Q4_K_M").as_ref(), &params, None);
    assert_eq!(e.unknown, ["context"]);
    let v = memory::assess(&e, device_preset("gpu-12gb").unwrap(), &["cuda".to_owned()]);
    assert_eq!((v.fit, v.code), (Fit::Unknown, Some(compat_core::Code::MemoryUnknown)));
    assert_eq!(v.reason, "memory need unknown: missing context");
    // A broken config: absurd sizes are read as absent, never overflow or allocate.
    let broken = ModelShape::from_config(&json!({"num_hidden_layers": u64::MAX, "hidden_size": u64::MAX,
        "num_attention_heads": 0, "vocab_size": "many"}));
    assert_eq!(broken.layers, None);
    assert_eq!(broken.parameters(), None);
}

#[test]
fn context_is_the_smallest_known_limit() {
    assert_eq!(memory::resolve_context(Some(131_072), Some(32_768), None), Some(32_768));
    assert_eq!(memory::resolve_context(Some(131_072), Some(32_768), Some(8192)), Some(8192));
    assert_eq!(memory::resolve_context(None, None, Some(8192)), Some(8192));
    assert_eq!(memory::resolve_context(None, None, None), None);
}

fn llm_params() -> MemoryParams {
    default_catalog().worker("llm-worker").unwrap().memory_params().into_owned()
}

fn backends() -> Vec<String> {
    default_catalog().worker("llm-worker").unwrap().backends.clone()
}

/// The verdict across the presets, as a human reads it.
#[test]
fn llama_3_1_8b_q4_k_m_at_32k_on_every_preset() {
    let shape = ModelShape::from_config(&llama_3_1_8b());
    let weights = Weights::from_parameters(shape.parameters().unwrap(), "Q4_K_M").unwrap();
    let rows: Vec<Value> = compat_core::device_presets()
        .iter()
        .map(|device| {
            let (e, v) = plan(&shape, Some(&weights), &llm_params(), device, &backends(), Some(32_768), Some(131_072));
            json!({"device": device.id, "totalBytes": e.total_bytes, "fit": v.fit, "gpuLayers": v.gpu_layers,
                   "maxContextOnGpu": v.max_context_on_gpu, "maxContext": v.max_context,
                   "tokensPerSecondEstimate": v.tokens_per_second_estimate, "reason": v.reason})
        })
        .collect();
    insta::assert_yaml_snapshot!(rows);
}

/// The issue's example: a model that needs more than an 8 GiB GPU offloads layers.
#[test]
fn offload_splits_whole_layers() {
    let shape = ModelShape::from_config(&llama_3_1_8b());
    let weights = Weights::from_parameters(shape.parameters().unwrap(), "Q8_0").unwrap();
    let device = device_preset("gpu-8gb").unwrap();
    let (e, v) = plan(&shape, Some(&weights), &llm_params(), device, &backends(), Some(32_768), None);
    assert_eq!(v.fit, Fit::FitsWithOffload);
    let on_gpu = v.gpu_layers.unwrap();
    assert!(on_gpu > 0 && on_gpu < 32, "{on_gpu}");
    // What sits on the GPU, fixed costs and margin included, stays within it.
    let per_layer = (e.weights_bytes.unwrap() + e.kv_cache_bytes.unwrap()).div_ceil(32);
    let fixed = e.overhead_bytes + e.compute_buffer_bytes + e.safety_margin_bytes;
    assert!(u64::from(on_gpu) * per_layer + fixed <= 8 * GIB);
    assert!(u64::from(on_gpu + 1) * per_layer + fixed > 8 * GIB);
}

#[test]
fn backends_must_match() {
    let shape = ModelShape::from_config(&llama_3_1_8b());
    let weights = Weights::from_parameters(shape.parameters().unwrap(), "Q4_K_M").unwrap();
    let e = estimate(&shape, Some(&weights), &llm_params(), Some(4096));
    let vulkan =
        Device::from_json(r#"{"gpus":[{"memoryBytes":25769803776,"backend":"vulkan"}],"ramBytes":34359738368}"#)
            .unwrap();
    // llm-worker has no vulkan backend but runs on the CPU.
    let v = memory::assess(&e, &vulkan, &backends());
    assert_eq!((v.fit, v.gpu_bytes), (Fit::CpuOnly, 0));
    assert!(v.reason.contains("the worker has no vulkan backend"), "{}", v.reason);
    // A GPU-only worker cannot use it at all.
    let v = memory::assess(&e, &vulkan, &["cuda".to_owned()]);
    assert_eq!((v.fit, v.code), (Fit::DoesNotFit, Some(compat_core::Code::BackendUnsupported)));
}

#[test]
fn nothing_fits_a_machine_too_small() {
    let shape = ModelShape::from_config(&deepseek_r1());
    let weights = Weights::from_parameters(shape.parameters().unwrap(), "Q4_K_M").unwrap();
    let (_, v) = plan(
        &shape,
        Some(&weights),
        &llm_params(),
        device_preset("datacenter-80gb").unwrap(),
        &backends(),
        Some(32_768),
        Some(163_840),
    );
    assert_eq!((v.fit, v.code), (Fit::DoesNotFit, Some(compat_core::Code::DoesNotFit)));
    assert_eq!((v.max_context, v.max_context_on_gpu), (None, None));
}

/// `maxContext` is the boundary: it fits there and not one token further.
#[test]
fn max_context_is_the_boundary() {
    let shape = ModelShape::from_config(&gemma_3_27b());
    let weights = Weights::from_parameters(shape.parameters().unwrap(), "Q4_K_M").unwrap();
    let params = llm_params();
    let device = device_preset("gpu-24gb").unwrap();
    let limit = 131_072;
    let (_, v) = plan(&shape, Some(&weights), &params, device, &backends(), Some(limit), Some(limit));
    let max = v.max_context_on_gpu.unwrap();
    assert!(max < limit, "{max}");
    let at = |ctx| memory::assess(&estimate(&shape, Some(&weights), &params, Some(ctx)), device, &backends()).fit;
    assert_eq!((at(max), at(max + 1)), (Fit::Fits, Fit::FitsWithOffload));
}

/// Flux: a denoiser-only file needs T5-XXL, CLIP-L and the VAE beside it.
#[test]
fn flux_denoiser_needs_its_companions() {
    let sd = default_catalog().worker("sd-worker").unwrap().memory_params().into_owned();
    // Any denoiser size: what is checked is what comes on top of it.
    let denoiser = Weights::from_file_sizes([12 * GIB]);
    let alone = estimate_image(&denoiser, "flux1", false, 1024, &sd);
    let with = estimate_image(&denoiser, "flux1", true, 1024, &sd);
    assert_eq!(with.weights_bytes.unwrap() - alone.weights_bytes.unwrap(), 9_787_849_216 + 246_144_152 + 335_304_388);
    assert!(with.weights_estimated && with.unknown.is_empty());
    let unknown = estimate_image(&denoiser, "wan", true, 1024, &sd);
    assert_eq!(unknown.codes, [compat_core::Code::MemoryUnknown]);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn any_config() -> impl Strategy<Value = Value> {
        let dim = prop_oneof![Just(None), (0u64..=u64::MAX).prop_map(Some), (1u64..70_000).prop_map(Some)];
        (dim.clone(), dim.clone(), dim.clone(), dim.clone(), dim.clone(), dim.clone(), dim.clone(), dim).prop_map(
            |(layers, hidden, heads, kv, head_dim, vocab, window, experts)| {
                let mut config = serde_json::Map::new();
                for (key, value) in [
                    ("num_hidden_layers", layers),
                    ("hidden_size", hidden),
                    ("num_attention_heads", heads),
                    ("num_key_value_heads", kv),
                    ("head_dim", head_dim),
                    ("vocab_size", vocab),
                    ("sliding_window", window),
                    ("num_local_experts", experts),
                    ("intermediate_size", hidden),
                    ("sliding_window_pattern", heads),
                ] {
                    if let Some(v) = value {
                        config.insert(key.to_owned(), json!(v));
                    }
                }
                Value::Object(config)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any config: no panic, bounded memory, and a need that never shrinks as the
        /// context grows, so the longest-context search is sound.
        #[test]
        fn any_config_gives_a_monotonic_need(config in any_config(), a in 1u64..1_000_000, b in 1u64..1_000_000) {
            let shape = ModelShape::from_config(&config);
            prop_assert!(shape.pattern_layers() <= 4096);
            let _ = shape.parameters();
            let (lo, hi) = (a.min(b), a.max(b));
            if let (Ok(x), Ok(y)) = (
                kv_cache_bytes(&shape, KvCacheType::F16, lo, true),
                kv_cache_bytes(&shape, KvCacheType::F16, hi, true),
            ) {
                prop_assert!(x <= y);
            }
            let weights = Weights::from_file_sizes([5 * GIB]);
            let device = device_preset("gpu-8gb").unwrap();
            let (_, v) = plan(&shape, Some(&weights), &llm_params(), device, &backends(), Some(hi), Some(hi));
            if let (Some(on_gpu), Some(any)) = (v.max_context_on_gpu, v.max_context) {
                prop_assert!(on_gpu <= any);
            }
        }
    }
}
