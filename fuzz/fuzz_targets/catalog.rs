//! A user's worker catalog (the JSON shape of `default_catalog.json`): parsed, validated, then
//! used to judge a few models of each kind. A catalog is user input, so a bad one must be a
//! `CatalogError` or a verdict, never a panic.
#![no_main]

use std::sync::OnceLock;

use compat_core::{ModelMetadata, WorkerCatalog, judge};
use libfuzzer_sys::fuzz_target;

/// Models of each kind the rules tell apart, built by the Hub extractor from small records.
fn models() -> &'static [ModelMetadata] {
    static MODELS: OnceLock<Vec<ModelMetadata>> = OnceLock::new();
    MODELS.get_or_init(|| {
        let records = r#"[
            {"id": "a/llama-gguf", "pipeline_tag": "text-generation", "tags": ["gguf"],
             "gguf": {"architecture": "llama", "context_length": 8192, "total": 1000000000},
             "siblings": [{"rfilename": "m-Q4_K_M.gguf"}, {"rfilename": "m-IQ2_XS-00001-of-00002.gguf"},
                          {"rfilename": "m-IQ2_XS-00002-of-00002.gguf"}]},
            {"id": "a/qwen", "pipeline_tag": "text-generation", "library_name": "transformers",
             "config": {"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]},
             "safetensors": {"total": 1500000000},
             "siblings": [{"rfilename": "model.safetensors"}, {"rfilename": "pytorch_model.bin"}]},
            {"id": "a/sdxl", "pipeline_tag": "text-to-image", "library_name": "diffusers",
             "config": {"diffusers": {"_class_name": "StableDiffusionXLPipeline"}},
             "cardData": {"base_model": "stabilityai/stable-diffusion-xl-base-1.0"},
             "siblings": [{"rfilename": "unet/diffusion_pytorch_model.safetensors"}]},
            {"id": "a/unknown"}
        ]"#;
        let mut models: Vec<ModelMetadata> = provider_huggingface::extract_from_json(records)
            .map(|pairs| pairs.into_iter().map(|(_, m)| m).collect())
            .unwrap_or_default();
        models.push(ModelMetadata::default());
        models
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = WorkerCatalog::from_json(text) else {
        return;
    };
    let _ = catalog.validate();
    for model in models() {
        let _ = judge(model, &catalog, None);
    }
});
