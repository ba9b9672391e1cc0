//! Verdicts per second of `is_model_compatible` over representative metadata, and the cost
//! the memory model adds per model (config parsing, estimate, fit, longest context), so the
//! integration into `judge` can be held to "with a device at most 1.2× without".

use compat_core::memory::{self, ModelShape, Weights};
use compat_core::{
    Evidence, ModelKind, ModelMetadata, ModelVersion, Source, architecture::architecture, classify_path,
    is_model_compatible,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

fn hf(raw: &str, evidence: Evidence, files: &[&str]) -> ModelMetadata {
    let files: Vec<_> = files.iter().filter_map(|f| classify_path(f, Some(4_000_000_000))).collect();
    let mut formats: Vec<_> = files.iter().filter_map(|f| f.format.clone()).collect();
    formats.sort();
    formats.dedup();
    ModelMetadata {
        id: format!("bench/{raw}"),
        source: Source::Huggingface,
        kind: ModelKind::TextGeneration,
        architecture: Some(architecture(raw, evidence)),
        pipeline_tag: Some("text-generation".into()),
        context_length: Some(131_072),
        files,
        formats,
        ..Default::default()
    }
}

fn corpus() -> Vec<ModelMetadata> {
    let quants = ["Q2_K", "Q3_K_M", "Q4_0", "Q4_K_M", "Q4_K_S", "Q5_K_M", "Q6_K", "Q8_0", "IQ4_XS", "F16"];
    let gguf_files: Vec<String> = quants.iter().map(|q| format!("Model-7B-Instruct-{q}.gguf")).collect();
    let gguf_refs: Vec<&str> = gguf_files.iter().map(String::as_str).collect();
    let mut civitai = ModelMetadata {
        id: "1".into(),
        source: Source::Civitai,
        kind: ModelKind::ImageGeneration,
        versioned: true,
        model_type: Some("LORA".into()),
        ..Default::default()
    };
    civitai.versions = (0..3)
        .map(|i| ModelVersion {
            id: i,
            base_model: Some(["Pony", "SDXL 1.0", "Pony V7"][i as usize].into()),
            files: vec![compat_core::ModelFile {
                name: format!("v{i}.safetensors"),
                format: Some(compat_core::WeightFormat::Safetensors),
                file_type: Some("Model".into()),
                ..Default::default()
            }],
            ..Default::default()
        })
        .collect();
    vec![
        hf(
            "llama",
            Evidence::Config,
            &[
                "model-00001-of-00004.safetensors",
                "model-00002-of-00004.safetensors",
                "model-00003-of-00004.safetensors",
                "model-00004-of-00004.safetensors",
            ],
        ),
        hf("qwen3moe", Evidence::Gguf, &gguf_refs),
        hf("llama4_text", Evidence::Config, &["model.safetensors"]),
        hf("gpt2", Evidence::Config, &["pytorch_model.bin", "model.safetensors", "tf_model.h5"]),
        civitai,
    ]
}

/// Listing records state no architecture: the judge reads it from the tags or the name with
/// the catalog's names (tags as the Hub sends them for GGUF repositories).
fn inferred() -> Vec<ModelMetadata> {
    let tagged = |id: &str, tags: &[&str]| {
        let mut m = hf("x", Evidence::Config, &["model-Q4_K_M.gguf", "model-Q8_0.gguf"]);
        m.id = id.into();
        m.architecture = None;
        m.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        m
    };
    let listing_tags = [
        "gguf",
        "text-generation",
        "en",
        "base_model:quantized:meta-llama/Llama-3.1-8B",
        "license:llama3.1",
        "endpoints_compatible",
        "region:us",
        "conversational",
        "imatrix",
        "llama",
    ];
    vec![
        tagged("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", &listing_tags),
        tagged("unsloth/Qwen3-30B-A3B-GGUF", &listing_tags[..9]),
        tagged("someone/TinyLlama-1.1B-Chat-GGUF", &listing_tags[..9]),
    ]
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let mut group = c.benchmark_group("is_model_compatible");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("mixed corpus (5 models)", |b| {
        b.iter(|| {
            corpus.iter().map(|m| std::hint::black_box(is_model_compatible(m)).compatible as usize).sum::<usize>()
        })
    });
    let inferred = inferred();
    group.throughput(Throughput::Elements(inferred.len() as u64));
    group.bench_function("architecture read from tags or name (3 models)", |b| {
        b.iter(|| {
            inferred.iter().map(|m| std::hint::black_box(is_model_compatible(m)).compatible as usize).sum::<usize>()
        })
    });
    group.finish();
}

/// Published config.json dimensions (see tests/memory.rs for the sources): dense GQA, MLA
/// MoE, a sliding-window pattern under `text_config`, alternating windows, a hybrid.
fn configs() -> Vec<Value> {
    vec![
        json!({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
               "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
               "max_position_embeddings": 131072, "tie_word_embeddings": false, "head_dim": 128}),
        json!({"model_type": "deepseek_v3", "hidden_size": 7168, "intermediate_size": 18432,
               "moe_intermediate_size": 2048, "n_routed_experts": 256, "n_shared_experts": 1,
               "num_experts_per_tok": 8, "first_k_dense_replace": 3, "num_hidden_layers": 61,
               "num_attention_heads": 128, "num_key_value_heads": 128, "kv_lora_rank": 512, "q_lora_rank": 1536,
               "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128, "vocab_size": 129280,
               "max_position_embeddings": 163840, "tie_word_embeddings": false}),
        json!({"model_type": "gemma3", "text_config": {"model_type": "gemma3_text", "hidden_size": 5376,
               "intermediate_size": 21504, "num_attention_heads": 32, "num_hidden_layers": 62,
               "num_key_value_heads": 16, "head_dim": 128, "sliding_window": 1024, "vocab_size": 262208,
               "max_position_embeddings": 131072}}),
        json!({"model_type": "gpt_oss", "hidden_size": 2880, "intermediate_size": 2880, "num_attention_heads": 64,
               "num_hidden_layers": 24, "num_key_value_heads": 8, "head_dim": 64, "num_local_experts": 32,
               "num_experts_per_tok": 4, "sliding_window": 128, "vocab_size": 201088,
               "max_position_embeddings": 131072}),
        json!({"model_type": "qwen3_next", "hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 16,
               "num_key_value_heads": 2, "head_dim": 256, "full_attention_interval": 4, "num_experts": 512,
               "num_experts_per_tok": 10, "moe_intermediate_size": 512, "vocab_size": 151936,
               "max_position_embeddings": 262144}),
    ]
}

fn bench_memory(c: &mut Criterion) {
    let configs = configs();
    let shapes: Vec<ModelShape> = configs.iter().map(ModelShape::from_config).collect();
    // Parameters are known for all but the hybrid (its linear layers are not counted): a
    // file size then, as the listing's tree would give.
    let weights: Vec<Weights> = shapes
        .iter()
        .map(|s| {
            s.parameters()
                .and_then(|p| Weights::from_parameters(p, "Q4_K_M"))
                .unwrap_or_else(|| Weights::from_file_sizes([48_000_000_000]))
        })
        .collect();
    let worker = compat_core::default_catalog().worker("llm-worker").unwrap();
    let params = worker.memory_params().into_owned();
    let device = compat_core::device_preset("gpu-12gb").unwrap();
    let mut group = c.benchmark_group("memory");
    group.throughput(Throughput::Elements(shapes.len() as u64));
    group.bench_function("shape from config.json (5 models)", |b| {
        b.iter(|| {
            configs
                .iter()
                .map(|c| std::hint::black_box(ModelShape::from_config(c)).pattern_layers() as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("estimate + fit (5 models)", |b| {
        b.iter(|| {
            shapes
                .iter()
                .zip(&weights)
                .map(|(s, w)| {
                    let e = memory::estimate(s, Some(w), &params, Some(32_768));
                    std::hint::black_box(memory::assess(&e, device, &worker.backends)).fit as usize
                })
                .sum::<usize>()
        })
    });
    group.bench_function("estimate + fit + longest contexts (5 models)", |b| {
        b.iter(|| {
            shapes
                .iter()
                .zip(&weights)
                .map(|(s, w)| {
                    let (_, v) =
                        memory::plan(s, Some(w), &params, device, &worker.backends, Some(32_768), Some(131_072));
                    std::hint::black_box(v).fit as usize
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// Models as a listing judged on a device holds them: dimensions from config.json, weights
/// from file sizes or parameters × bits per weight.
fn on_device_corpus() -> Vec<ModelMetadata> {
    let configs = configs();
    let shape = |i: usize| Some(ModelShape::from_config(&configs[i]));
    let quants = ["Q2_K", "Q3_K_M", "Q4_0", "Q4_K_M", "Q4_K_S", "Q5_K_M", "Q6_K", "Q8_0", "IQ4_XS", "F16"];
    let gguf_files: Vec<String> = quants.iter().map(|q| format!("Llama-3.1-8B-Instruct-{q}.gguf")).collect();
    let gguf_refs: Vec<&str> = gguf_files.iter().map(String::as_str).collect();
    let mut llama_gguf = hf("llama", Evidence::Gguf, &gguf_refs);
    for file in &mut llama_gguf.files {
        file.size_bytes = None;
    }
    llama_gguf.parameters = Some(8_030_261_248);
    llama_gguf.shape = shape(0);
    let mut llama = hf(
        "llama",
        Evidence::Config,
        &[
            "model-00001-of-00004.safetensors",
            "model-00002-of-00004.safetensors",
            "model-00003-of-00004.safetensors",
            "model-00004-of-00004.safetensors",
        ],
    );
    llama.shape = shape(0);
    let mut gemma = hf("gemma3", Evidence::Config, &["gemma-3-27b-it-Q4_K_M.gguf", "gemma-3-27b-it-Q8_0.gguf"]);
    gemma.shape = shape(2);
    let mut qwen =
        hf("qwen3_next", Evidence::Config, &["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]);
    qwen.shape = shape(4);
    let mut checkpoint = ModelMetadata {
        id: "2".into(),
        source: Source::Civitai,
        kind: ModelKind::ImageGeneration,
        versioned: true,
        model_type: Some("Checkpoint".into()),
        ..Default::default()
    };
    checkpoint.versions = vec![ModelVersion {
        id: 7,
        base_model: Some("SDXL 1.0".into()),
        files: vec![compat_core::ModelFile {
            name: "checkpoint.safetensors".into(),
            format: Some(compat_core::WeightFormat::Safetensors),
            file_type: Some("Model".into()),
            size_bytes: Some(6_938_041_144),
            ..Default::default()
        }],
        ..Default::default()
    }];
    vec![llama_gguf, llama, gemma, qwen, checkpoint]
}

/// `judge` with and without a device over the same models: the memory fit must cost at
/// most 1.2× (issue 14).
fn bench_device(c: &mut Criterion) {
    let corpus = on_device_corpus();
    let catalog = compat_core::default_catalog();
    let device = compat_core::device_preset("gpu-12gb").unwrap();
    let mut group = c.benchmark_group("judge");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("without a device (5 models with dimensions)", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|m| compat_core::judge(std::hint::black_box(m), catalog, None).compatible as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("on gpu-12gb (5 models with dimensions)", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|m| compat_core::judge(std::hint::black_box(m), catalog, Some(device)).compatible as usize)
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_memory, bench_device);
criterion_main!(benches);
