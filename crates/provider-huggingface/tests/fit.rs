//! Judging recorded Hub models on a device: the records' own counts, config.json read for
//! the dimensions (a quantized GGUF repository's from the model it quantizes), the fit
//! filter, and what it costs in requests.

use compat_core::{Code, Fit, FitFilter, default_catalog, device_preset};
use model_source::{CollectOptions, HttpConfig, ModelSource, OnDevice};
use provider_huggingface::{HfQuery, HuggingFaceOptions, HuggingFaceSource};
use serde_json::{Value, json};
use testkit::{Listing, ListingStyle, Response, Scenario, Server};

fn fixture(name: &str) -> Value {
    let path = testkit::shared_fixtures("huggingface").join(name);
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

const LLAMA: &str = "alain-meta-llama__Llama-3.1-8B-Instruct.detail.json";
const GEMMA_GGUF: &str = "transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json";

/// meta-llama/Llama-3.1-8B-Instruct, config.json (published values).
fn llama_config() -> Value {
    json!({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
        "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
        "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 131072,
        "tie_word_embeddings": false, "head_dim": 128, "torch_dtype": "bfloat16"
    })
}

/// google/gemma-3-1b-it, config.json (published values): the model ggml-org's GGUF quantizes.
fn gemma_config() -> Value {
    json!({
        "architectures": ["Gemma3ForCausalLM"], "model_type": "gemma3_text", "hidden_size": 1152,
        "intermediate_size": 6912, "num_attention_heads": 4, "num_hidden_layers": 26,
        "num_key_value_heads": 1, "head_dim": 256, "vocab_size": 262144, "sliding_window": 512,
        "sliding_window_pattern": 6, "max_position_embeddings": 32768
    })
}

async fn hub(memory_facts: bool) -> (Server, HuggingFaceSource) {
    let listing = Listing::new("/api/models", vec![fixture(LLAMA), fixture(GEMMA_GGUF)], 10, ListingStyle::HuggingFace);
    let server = Server::start(
        Scenario::new()
            .with_listing(listing)
            .route("/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json", Response::json(llama_config()))
            .route("/google/gemma-3-1b-it/resolve/main/config.json", Response::json(gemma_config())),
    )
    .await;
    let source = HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(server.base_url()),
        http: HttpConfig::default(),
        enrich_listings: true,
        enrich_concurrency: 4,
        memory_facts,
        ..HuggingFaceOptions::default()
    })
    .unwrap();
    (server, source)
}

fn all() -> CollectOptions {
    CollectOptions { limit: 10, max_pages: 2, compatible_only: false, start: None }
}

#[tokio::test]
async fn a_device_reads_the_dimensions_and_judges_the_fit() {
    let (server, source) = hub(true).await;
    let device = device_preset("gpu-12gb").unwrap();
    let judge = OnDevice { catalog: default_catalog(), device: Some(device), fit: None };
    let got = source.collect(&HfQuery::default(), &all(), &judge).await.unwrap();
    // One listing page, and one config.json per model: the GGUF repository's is that of the
    // model it quantizes (`base_model:quantized:google/gemma-3-1b-it`).
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.contains(&"/google/gemma-3-1b-it/resolve/main/config.json".to_owned()), "{paths:?}");

    let llama = &got.entries[0];
    assert_eq!(llama.id(), "meta-llama/Llama-3.1-8B-Instruct");
    // The recorded BF16 count, 8030261248 parameters × 2 bytes.
    assert_eq!(llama.record.metadata.safetensors_bytes, Some(16_060_522_496));
    assert_eq!(llama.record.metadata.shape.as_ref().and_then(|s| s.layers), Some(32));
    let fit = llama.compatibility.fit.as_deref().unwrap();
    assert_eq!(fit.fit, Fit::FitsWithOffload, "{}", fit.reason);
    assert!(llama.compatibility.codes.contains(&Code::FitsWithOffload));

    let gemma = &got.entries[1];
    let fit = gemma.compatibility.fit.as_deref().unwrap();
    assert_eq!(fit.fit, Fit::Fits, "{}", fit.reason);
    assert_eq!(gemma.compatibility.recommended_file.as_ref().unwrap().quantization.as_deref(), Some("Q4_K_M"));
    // The listing states no file size: the download size is estimated, and says so.
    assert!(gemma.size_estimated && gemma.size_bytes.is_some());
}

#[tokio::test]
async fn without_a_device_nothing_more_is_read() {
    let (server, source) = hub(false).await;
    let got = source.collect(&HfQuery::default(), &all(), default_catalog()).await.unwrap();
    // Only the Llama record lacks a context length (the GGUF block states the gemma's).
    let configs = server.requests().iter().filter(|r| r.path.ends_with("config.json")).count();
    assert_eq!(configs, 1);
    assert!(got.entries.iter().all(|e| e.record.metadata.shape.is_none() && e.compatibility.fit.is_none()));
}

#[tokio::test]
async fn the_fit_filter_keeps_what_fits_as_asked() {
    let (_server, source) = hub(true).await;
    let kept = |fit| {
        let source = &source;
        async move {
            let judge = OnDevice { catalog: default_catalog(), device: device_preset("gpu-12gb").ok(), fit: Some(fit) };
            let options = CollectOptions { compatible_only: true, ..all() };
            let got = source.collect(&HfQuery::default(), &options, &judge).await.unwrap();
            got.entries.iter().map(|e| e.id().to_owned()).collect::<Vec<_>>()
        }
    };
    assert_eq!(kept(FitFilter::Gpu).await, ["ggml-org/gemma-3-1b-it-GGUF"]);
    assert_eq!(kept(FitFilter::Offload).await, ["meta-llama/Llama-3.1-8B-Instruct", "ggml-org/gemma-3-1b-it-GGUF"]);
}

/// The recorded Llama-3.1-8B-Instruct record on every preset, as a person reads it.
#[test]
fn recorded_llama_on_every_preset() {
    let record = provider_huggingface::HfModelRecord::from_value(&fixture(LLAMA));
    let mut metadata = provider_huggingface::extract_metadata(&record);
    metadata.shape = Some(compat_core::ModelShape::from_config(&llama_config()));
    metadata.context_length = Some(131_072);
    let rows: Vec<Value> = compat_core::device_presets()
        .iter()
        .map(|device| {
            let result = compat_core::judge(&metadata, default_catalog(), Some(device));
            let fit = result.fit.as_deref().unwrap();
            let memory = result.memory.as_deref().unwrap();
            json!({
                "device": device.id, "compatible": result.compatible, "fit": fit.fit,
                "weightsBytes": memory.weights_bytes, "kvCacheBytes": memory.kv_cache_bytes,
                "totalBytes": memory.total_bytes, "needsBytes": fit.needs_bytes,
                "gpuLayers": fit.gpu_layers, "maxContextOnGpu": fit.max_context_on_gpu,
                "maxContext": fit.max_context, "reason": fit.reason, "codes": result.codes,
            })
        })
        .collect();
    insta::assert_yaml_snapshot!(rows);
}
