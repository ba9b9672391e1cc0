//! Judging on a device: which file a worker should take on which machine, and why.
//!
//! Parameter counts and file sizes are real: the Hub's recorded `safetensors` counts in
//! `../shared/fixtures` (read in place), or the published numbers cited per row. Dimensions
//! are the publishers' `config.json` values (cited per function).

mod support;

use compat_core::memory::ModelShape;
use compat_core::{
    Code, CompatibilityResult, Device, Fit, ModelMetadata, WorkerCatalog, default_catalog, device_preset, judge,
};
use serde_json::{Value, json};
use support::*;

const GIB: u64 = 1 << 30;

fn fixtures() -> std::path::PathBuf {
    std::env::var_os("MODEL_COMPAT_FIXTURES").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
        std::path::PathBuf::from,
    )
}

/// `safetensors.total` of a recorded Hub response, read in place.
fn recorded_total(file: &str) -> u64 {
    let path = fixtures().join("huggingface").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (set MODEL_COMPAT_FIXTURES to the shared fixtures folder)", path.display())
    });
    let value: Value = serde_json::from_str(&text).unwrap();
    value["safetensors"]["total"].as_u64().unwrap()
}

/// meta-llama/Llama-3.1-8B-Instruct, config.json.
fn llama_3_1_8b() -> ModelShape {
    ModelShape::from_config(&json!({
        "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
        "max_position_embeddings": 131072, "tie_word_embeddings": false, "head_dim": 128
    }))
}

/// mistralai/Mixtral-8x7B-Instruct-v0.1, config.json: 8 experts of 14336, 2 per token, all resident.
fn mixtral_8x7b() -> ModelShape {
    ModelShape::from_config(&json!({
        "model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2,
        "vocab_size": 32000, "max_position_embeddings": 32768, "tie_word_embeddings": false,
        "sliding_window": null
    }))
}

/// Llama-3.1-8B: the recorded Hub count of meta-llama/Llama-3.1-8B-Instruct (8030261248).
fn llama_parameters() -> u64 {
    recorded_total("alain-meta-llama__Llama-3.1-8B-Instruct.detail.json")
}

/// Mixtral-8x7B: the Hub's `safetensors.total` for mistralai/Mixtral-8x7B-Instruct-v0.1
/// (46.7 B in its model card); no recording of it is in the shared fixtures.
const MIXTRAL_PARAMETERS: u64 = 46_702_792_704;

/// A GGUF repository of `shape` with one file per quant, sizes unlisted (as listings send
/// them): weights are the parameters × each quant's bits per weight.
fn gguf_repo(arch: &str, shape: ModelShape, parameters: u64, quants: &[&str]) -> ModelMetadata {
    let files: Vec<String> = quants.iter().map(|q| format!("Model-{q}.gguf")).collect();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    gguf(arch, &refs).with(|m| {
        for file in &mut m.files {
            file.size_bytes = None;
        }
        m.parameters = Some(parameters);
        m.context_length = shape.max_context;
        m.shape = Some(shape);
    })
}

/// A safetensors repository with the Hub's count of its BF16 weights.
fn safetensors_repo(model_type: &str, shape: ModelShape, parameters: u64) -> ModelMetadata {
    hf(model_type, &["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]).with(|m| {
        for file in &mut m.files {
            file.size_bytes = None;
        }
        m.parameters = Some(parameters);
        m.safetensors_bytes = Some(parameters * 2);
        m.context_length = shape.max_context;
        m.shape = Some(shape);
    })
}

fn preset(id: &str) -> &'static Device {
    device_preset(id).unwrap()
}

struct Row {
    name: &'static str,
    model: ModelMetadata,
    device: &'static str,
    fit: Fit,
    compatible: bool,
    /// The quant of the recommended file (`None`: none recommended).
    recommended: Option<&'static str>,
    /// The memory codes the verdict carries.
    codes: &'static [Code],
}

fn rows() -> Vec<Row> {
    let llama = || gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M", "Q8_0", "F16"]);
    let mixtral = || gguf_repo("llama", mixtral_8x7b(), MIXTRAL_PARAMETERS, &["Q4_K_M", "Q2_K"]);
    vec![
        // The issue's example: Llama-3.1-8B Q4_K_M, 4.6 GiB of weights and 4 GiB of f16 KV at
        // 32k (the worker's longest), fits a 12 GB GPU.
        Row {
            name: "Llama-3.1-8B Q4_K_M on 12 GB",
            model: llama(),
            device: "gpu-12gb",
            fit: Fit::Fits,
            compatible: true,
            recommended: Some("Q4_K_M"),
            codes: &[],
        },
        Row {
            name: "Llama-3.1-8B on 8 GB: Q4_K_M still preferred, with offload",
            model: llama(),
            device: "gpu-8gb",
            fit: Fit::FitsWithOffload,
            compatible: true,
            recommended: Some("Q4_K_M"),
            codes: &[Code::FitsWithOffload],
        },
        Row {
            name: "Llama-3.1-8B on a CPU-only machine",
            model: llama(),
            device: "cpu-16gb",
            fit: Fit::CpuOnly,
            compatible: true,
            recommended: Some("Q4_K_M"),
            codes: &[Code::CpuOnly],
        },
        // The issue's complaint: Mixtral-8x7B (~90 GB in BF16) is no longer "compatible,
        // high confidence" on an 8 GB GPU.
        Row {
            name: "Mixtral-8x7B BF16 safetensors on 8 GB",
            model: safetensors_repo("mixtral", mixtral_8x7b(), MIXTRAL_PARAMETERS),
            device: "gpu-8gb",
            fit: Fit::DoesNotFit,
            compatible: false,
            recommended: None,
            codes: &[Code::DoesNotFit],
        },
        Row {
            name: "Mixtral-8x7B GGUF on 8 GB: Q4_K_M splits with RAM",
            model: mixtral(),
            device: "gpu-8gb",
            fit: Fit::FitsWithOffload,
            compatible: true,
            recommended: Some("Q4_K_M"),
            codes: &[Code::FitsWithOffload],
        },
        Row {
            name: "Mixtral-8x7B GGUF on 80 GB: all on the GPU",
            model: mixtral(),
            device: "datacenter-80gb",
            fit: Fit::Fits,
            compatible: true,
            recommended: Some("Q4_K_M"),
            codes: &[],
        },
        Row {
            name: "Mixtral-8x7B GGUF on 16 GB of RAM alone: nothing fits",
            model: mixtral(),
            device: "cpu-16gb",
            fit: Fit::DoesNotFit,
            compatible: false,
            recommended: None,
            codes: &[Code::DoesNotFit],
        },
        // No dimensions (a listing not enriched): the KV cache is unknown, never guessed.
        Row {
            name: "Llama-3.1-8B GGUF without config.json dimensions",
            model: llama().with(|m| m.shape = None),
            device: "gpu-12gb",
            fit: Fit::Unknown,
            compatible: true,
            recommended: Some("Q4_K_M"),
            codes: &[Code::MemoryUnknown],
        },
        // ...unless the weights alone are more than the machine holds.
        Row {
            name: "Mixtral-8x7B BF16 without dimensions on 16 GB of RAM",
            model: safetensors_repo("mixtral", mixtral_8x7b(), MIXTRAL_PARAMETERS).with(|m| m.shape = None),
            device: "cpu-16gb",
            fit: Fit::DoesNotFit,
            compatible: false,
            recommended: None,
            codes: &[Code::DoesNotFit],
        },
    ]
}

fn memory_codes(result: &CompatibilityResult) -> Vec<Code> {
    let memory =
        [Code::DoesNotFit, Code::BackendUnsupported, Code::FitsWithOffload, Code::CpuOnly, Code::MemoryUnknown];
    result.codes.iter().copied().filter(|c| memory.contains(c)).collect()
}

#[test]
fn the_device_decides_the_fit_and_the_file() {
    for row in rows() {
        let result = judge(&row.model, default_catalog(), Some(preset(row.device)));
        let fit = result.fit.as_deref().unwrap_or_else(|| panic!("{}: no fit", row.name));
        assert_eq!(fit.fit, row.fit, "{}: {}", row.name, fit.reason);
        assert_eq!(result.compatible, row.compatible, "{}: {:?}", row.name, result.reasons);
        let recommended = result.recommended_file.as_ref().and_then(|f| f.quantization.as_deref());
        assert_eq!(recommended, row.recommended, "{}", row.name);
        assert_eq!(memory_codes(&result), row.codes, "{}", row.name);
        // Every file the worker loads has its own fit; a file known to fit has the numbers.
        for file in result.files.iter().filter(|f| f.fit.is_some()) {
            let file_fit = file.fit.unwrap();
            if matches!(file_fit.fit, Fit::Fits | Fit::FitsWithOffload | Fit::CpuOnly) {
                assert!(file_fit.needs_bytes.is_some() && file_fit.weights_bytes.is_some(), "{}: {file:?}", row.name);
            }
        }
        // Without a device, the same model is judged as before, with no memory verdict.
        let plain = judge(&row.model, default_catalog(), None);
        assert!(plain.fit.is_none() && plain.memory.is_none() && plain.files.iter().all(|f| f.fit.is_none()));
    }
}

/// The issue's reason: "needs 9.8 GiB at 32k context; the GPU has 8 GiB: 27 of 32 layers
/// fit on it, the rest run from RAM".
#[test]
fn offload_says_how_many_layers() {
    let model = gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M"]);
    let result = judge(&model, default_catalog(), Some(preset("gpu-8gb")));
    let fit = result.fit.as_deref().unwrap();
    let (on_gpu, layers) = (fit.gpu_layers.unwrap(), fit.layers.unwrap());
    assert_eq!(layers, 32);
    assert!(on_gpu > 0 && on_gpu < 32, "{on_gpu}");
    let expected = "of 32 layers fit on it, the rest run from RAM";
    assert!(fit.reason.starts_with("needs ") && fit.reason.contains(" at 32k context; the GPU has 8.0 GiB: "));
    assert!(fit.reason.ends_with(&format!("{on_gpu} {expected}")), "{}", fit.reason);
    assert!(result.warnings.contains(&fit.reason), "{:?}", result.warnings);
    // The longest context that fits all on the GPU is shorter than 32k, and any runs.
    assert!(fit.max_context_on_gpu.unwrap() < 32_768);
    assert_eq!(fit.max_context, Some(32_768));
}

/// The most preferred file that fits all on the GPU, else the best with offload: a worker
/// preferring F16 gets it where it fits and the next preference where it does not.
#[test]
fn the_recommended_file_is_the_preferred_one_that_fits() {
    let mut catalog = WorkerCatalog::single(default_catalog().worker("llm-worker").unwrap().clone());
    catalog.workers[0].gguf_preference = ["F16", "Q8_0", "Q4_K_M"].map(str::to_owned).to_vec();
    let model = gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M", "Q8_0", "F16"]);
    let on = |device: &str| {
        let result = judge(&model, &catalog, Some(preset(device)));
        let file = result.recommended_file.unwrap();
        (file.quantization.unwrap(), result.fit.unwrap().fit)
    };
    assert_eq!(on("gpu-24gb"), ("F16".to_owned(), Fit::Fits));
    assert_eq!(on("gpu-16gb"), ("Q8_0".to_owned(), Fit::Fits));
    assert_eq!(on("gpu-12gb"), ("Q4_K_M".to_owned(), Fit::Fits));
    // Nothing fits all on an 8 GB GPU: the most preferred that fits with offload.
    assert_eq!(on("gpu-8gb"), ("F16".to_owned(), Fit::FitsWithOffload));
    // Without a device, preference alone.
    assert_eq!(judge(&model, &catalog, None).recommended_file.unwrap().quantization.as_deref(), Some("F16"));
}

/// A worker that has no backend for the device's GPU and does not run on the CPU.
#[test]
fn backends_are_matched() {
    let model = gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M"]);
    let vulkan =
        Device::from_json(r#"{"gpus":[{"memoryBytes":25769803776,"backend":"vulkan"}],"ramBytes":34359738368}"#)
            .unwrap();
    let result = judge(&model, default_catalog(), Some(&vulkan));
    assert_eq!(result.fit.as_deref().unwrap().fit, Fit::CpuOnly);
    let mut gpu_only = WorkerCatalog::single(default_catalog().worker("llm-worker").unwrap().clone());
    gpu_only.workers[0].backends = vec!["cuda".to_owned()];
    let result = judge(&model, &gpu_only, Some(&vulkan));
    assert!(!result.compatible);
    assert_eq!(memory_codes(&result), [Code::BackendUnsupported]);
    assert!(result.reasons[0].contains("the worker has no vulkan backend"), "{:?}", result.reasons);
}

/// The size a listing shows: stated, else estimated (and flagged), with or without a device.
#[test]
fn the_recommended_size_is_stated_or_estimated() {
    let estimated = gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M"]);
    let file = judge(&estimated, default_catalog(), None).recommended_file.unwrap();
    assert!(file.size_estimated);
    // 8030261248 × 4.899 bpw / 8.
    assert_eq!(file.size_bytes, Some(8_030_261_248 * 4899 / 8000));
    let stated = gguf("llama", &["Model-Q4_K_M.gguf"]);
    let file = judge(&stated, default_catalog(), None).recommended_file.unwrap();
    assert_eq!((file.size_bytes, file.size_estimated), (Some(1_000), false));
}

/// CivitAI checkpoints: the file, the family's companions and activation allowance.
#[test]
fn image_checkpoints_fit_by_family() {
    let file = |name: &str, bytes: u64| {
        let mut f = civ_file(name, "safetensors", "Model");
        f.size_bytes = Some(bytes);
        f
    };
    // An SDXL checkpoint of 6.5 GiB (the usual fp16 all-in-one size), and a Flux.1 D one
    // whose text encoders and VAE come on top (catalog `imageCompanions`).
    let sdxl = civitai("Checkpoint", vec![version(1, "SDXL 1.0", vec![file("sdxl.safetensors", 6_938_041_144)])]);
    let flux = civitai("Checkpoint", vec![version(2, "Flux.1 D", vec![file("flux.safetensors", 11_901_525_888)])]);
    let lora = civitai("LORA", vec![version(3, "SDXL 1.0", vec![file("lora.safetensors", 228_458_428)])]);
    let fit = |m: &ModelMetadata, device: &str| judge(m, default_catalog(), Some(preset(device))).fit.unwrap().fit;
    assert_eq!(fit(&sdxl, "gpu-12gb"), Fit::Fits);
    assert_eq!(fit(&sdxl, "gpu-8gb"), Fit::CpuOnly);
    assert_eq!(fit(&flux, "gpu-24gb"), Fit::CpuOnly);
    assert_eq!(fit(&flux, "datacenter-80gb"), Fit::Fits);
    let result = judge(&flux, default_catalog(), Some(preset("datacenter-80gb")));
    let basis = result.memory.unwrap().weights_basis.unwrap();
    assert!(basis.contains("t5xxl_fp16.safetensors") && basis.contains("ae.safetensors"), "{basis}");
    // A LoRA loads on a checkpoint this verdict does not know: unknown, said so.
    assert_eq!(fit(&lora, "gpu-12gb"), Fit::Unknown);
}

/// What a person reads: the verdict's memory and fit for each preset, Llama-3.1-8B Q4_K_M and
/// the Mixtral GGUF repository.
#[test]
fn verdicts_on_every_preset() {
    let models = [
        ("Llama-3.1-8B GGUF", gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M", "Q8_0"])),
        ("Mixtral-8x7B GGUF", gguf_repo("llama", mixtral_8x7b(), MIXTRAL_PARAMETERS, &["Q4_K_M", "Q2_K"])),
    ];
    let mut rows = Vec::new();
    for (name, model) in &models {
        for device in compat_core::device_presets() {
            let result = judge(model, default_catalog(), Some(device));
            let fit = result.fit.as_deref().unwrap();
            let memory = result.memory.as_deref().unwrap();
            let files: Vec<Value> = result
                .files
                .iter()
                .map(|f| json!({"quant": f.quantization, "fit": f.fit.map(|x| x.fit), "needsGiB": f.fit.and_then(|x| x.needs_bytes).map(|b| b as f64 / GIB as f64 * 10.0).map(|t| t.round() / 10.0)}))
                .collect();
            rows.push(json!({
                "model": name, "device": device.id, "compatible": result.compatible,
                "recommended": result.recommended_file.as_ref().and_then(|f| f.quantization.clone()),
                "fit": fit.fit, "gpuLayers": fit.gpu_layers, "maxContextOnGpu": fit.max_context_on_gpu,
                "maxContext": fit.max_context, "weightsBytes": memory.weights_bytes,
                "kvCacheBytes": memory.kv_cache_bytes, "totalBytes": memory.total_bytes,
                "reason": fit.reason, "files": files,
            }));
        }
    }
    insta::assert_yaml_snapshot!(rows);
}

/// A weight file's header (evidence `header`, as `apply_header` sets it) sizes the KV cache
/// when no config.json was read: for Llama-3.1-8B the same numbers as its config.json.
#[test]
fn header_dimensions_size_the_cache_without_a_config() {
    let from_config = gguf_repo("llama", llama_3_1_8b(), llama_parameters(), &["Q4_K_M"]);
    let from_header = from_config.clone().with(|m| {
        m.shape = None;
        // llama.cpp's keys for Llama-3.1-8B: block_count 32, embedding_length 4096,
        // attention.head_count 32, head_count_kv 8, key_length 128, 128256 tokens.
        m.dimensions = Some(compat_core::Dimensions {
            layers: Some(32),
            embedding_length: Some(4096),
            heads: Some(32),
            kv_heads: Some(8),
            key_length: Some(128),
            vocab_size: Some(128_256),
            ..Default::default()
        });
    });
    let device = Some(preset("gpu-12gb"));
    let (a, b) = (judge(&from_config, default_catalog(), device), judge(&from_header, default_catalog(), device));
    assert_eq!(b.fit.as_deref().unwrap().fit, Fit::Fits);
    assert_eq!(a.memory.as_deref().unwrap().kv_cache_bytes, b.memory.as_deref().unwrap().kv_cache_bytes);
    assert_eq!(a.fit, b.fit);
}
