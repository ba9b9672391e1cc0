//! For any metadata: checking never panics, is deterministic, and an incompatible
//! verdict always says why.

use compat_core::{
    Code, Confidence, Evidence, FileScan, Gate, ModelKind, ModelMetadata, ModelVersion, ScanStatus, Source,
    WeightFormat, WorkerCatalog, architecture::architecture, classify_path, default_catalog, is_compatible,
    is_model_compatible, judge,
};
use proptest::prelude::*;

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn text_or_known(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![pick(known).prop_map(str::to_owned), "\\PC{0,12}"]
}

fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        pick(&[
            "model.safetensors",
            "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors",
            "m-Q4_K_M.gguf",
            "m-IQ4_XS.gguf",
            "m-UD-Q4_K_XL.gguf",
            "m-Q4_K_M-00001-of-00002.gguf",
            "mmproj-f16.gguf",
            "pytorch_model.bin",
            "model.onnx",
            "tf_model.h5",
            "model.gguf",
            "README.md",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9_./-]{0,24}",
    ]
}

fn civitai_file() -> impl Strategy<Value = compat_core::ModelFile> {
    (
        file_name(),
        text_or_known(&["SafeTensor", "PickleTensor", "Diffusers", "Other", "GGUF"]),
        text_or_known(&["Model", "Pruned Model", "Training Data", "Archive", "VAE"]),
        proptest::option::of(text_or_known(&["Success", "Pending", "Danger", "Error"])),
        proptest::option::of(text_or_known(&["fp16", "fp32", "bf16"])),
        any::<bool>(),
    )
        .prop_map(|(name, format, file_type, scan, precision, primary)| compat_core::ModelFile {
            name,
            format: Some(WeightFormat::parse(&format)),
            file_type: Some(file_type),
            scan: scan.map(|s| FileScan { pickle: Some(ScanStatus::parse(&s)), virus: None }),
            precision,
            primary,
            ..Default::default()
        })
}

fn version() -> impl Strategy<Value = ModelVersion> {
    (
        any::<u64>(),
        proptest::option::of(text_or_known(&["SD 1.5", "SDXL 1.0", "Pony", "Pony V7", "Flux.1 D", "SD 3.5"])),
        any::<bool>(),
        proptest::collection::vec(civitai_file(), 0..4),
    )
        .prop_map(|(id, base_model, early_access, files)| ModelVersion {
            id,
            base_model,
            early_access,
            files,
            ..Default::default()
        })
}

fn metadata() -> impl Strategy<Value = ModelMetadata> {
    let arch = proptest::option::of((
        text_or_known(&["llama", "mistral", "qwen3_moe", "llama4_text", "gemma3", "gpt2", "qwen2moe"]),
        pick(&[Evidence::Config, Evidence::Gguf, Evidence::Tags, Evidence::Name]),
    ));
    (
        (
            pick(&[Source::Huggingface, Source::Civitai, Source::Local]),
            pick(&[ModelKind::TextGeneration, ModelKind::ImageGeneration, ModelKind::Other]),
        ),
        arch,
        proptest::collection::vec(file_name(), 0..6),
        proptest::collection::vec(text_or_known(&["safetensors", "gguf", "pytorch", "mlx"]), 0..3),
        proptest::option::of(text_or_known(&["gptq", "awq", "fp8"])),
        proptest::option::of(any::<u64>()),
        proptest::option::of(text_or_known(&["text-generation", "image-text-to-text", "text-to-image", "fill-mask"])),
        (any::<bool>(), proptest::option::of(pick(&[Gate::Auto, Gate::Manual]))),
        (
            proptest::option::of(text_or_known(&["StableDiffusionXLPipeline", "FluxPipeline"])),
            proptest::option::of(text_or_known(&["Checkpoint", "LORA", "TextualInversion"])),
            proptest::option::of(text_or_known(&["Archived", "TakenDown"])),
            proptest::collection::vec(version(), 0..3),
        ),
    )
        .prop_map(
            |(
                (source, kind),
                arch,
                files,
                formats,
                quantization,
                context_length,
                pipeline_tag,
                (disabled, gated),
                (diffusers_pipeline, model_type, mode, versions),
            )| {
                ModelMetadata {
                    id: "prop/model".into(),
                    source,
                    kind,
                    // CivitAI records are published as versions; the rules read that fact.
                    versioned: source == Source::Civitai,
                    architecture: arch.map(|(raw, evidence)| architecture(&raw, evidence)),
                    files: files.iter().filter_map(|f| classify_path(f, None)).collect(),
                    formats: formats.iter().map(|f| WeightFormat::parse(f)).collect(),
                    quantization,
                    context_length,
                    pipeline_tag,
                    disabled,
                    gated,
                    diffusers_pipeline,
                    model_type,
                    mode,
                    versions,
                    ..Default::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn verdicts_are_total_deterministic_and_explained(m in metadata()) {
        let first = is_model_compatible(&m);
        let second = judge(&m, default_catalog(), None);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(first.workers.len(), default_catalog().workers.len());
        if first.compatible {
            prop_assert!(first.confidence > Confidence::None);
            prop_assert!(first.codes.iter().all(|c| !c.is_blocking()));
        } else {
            prop_assert!(!first.reasons.is_empty());
            prop_assert!(first.codes.iter().any(|c| c.is_blocking()));
            prop_assert_eq!(first.confidence, Confidence::None);
            prop_assert!(first.recommended_file.is_none());
        }
        prop_assert_eq!(first.compatible, first.workers.iter().any(|w| w.compatible));
        for w in &first.workers {
            prop_assert!(w.compatible || (!w.reasons.is_empty() && !w.codes.is_empty()));
        }
        // An empty catalog (only buildable in Rust: JSON catalogs are validated) is a "no"
        // with its reason too.
        let none = judge(&m, &WorkerCatalog::default(), None);
        prop_assert!(!none.compatible && !none.reasons.is_empty());
        prop_assert_eq!(none.codes, vec![Code::NoWorkers]);
        // The yes/no answer is the verdict's, for the catalog, each worker alone and none.
        prop_assert_eq!(is_compatible(&m, default_catalog()), first.compatible);
        for worker in &default_catalog().workers {
            let single = WorkerCatalog::single(worker.clone());
            prop_assert_eq!(is_compatible(&m, &single), judge(&m, &single, None).compatible);
        }
        // A device can take a yes away (the model does not fit), never give one: the filters
        // judge on a device only the models the yes/no path keeps.
        for device in compat_core::device_presets() {
            prop_assert!(!judge(&m, default_catalog(), Some(device)).compatible || first.compatible);
        }
        prop_assert!(!is_compatible(&m, &WorkerCatalog::default()));
        // The wire form round-trips.
        let json = serde_json::to_string(&m).unwrap();
        let back: ModelMetadata = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(is_model_compatible(&back), first);
    }

    #[test]
    fn quant_parsing_never_panics(name in "\\PC{0,40}") {
        let _ = compat_core::gguf_quant_from_filename(&name);
        let _ = classify_path(&name, Some(1));
    }
}

#[test]
fn codes_have_stable_wire_names() {
    assert_eq!(serde_json::to_string(&Code::UnsupportedArchitecture).unwrap(), "\"unsupported_architecture\"");
    assert_eq!(serde_json::to_string(&Code::QuantizedWeightsUnsupported).unwrap(), "\"quantized_weights_unsupported\"");
    for code in [Code::ContextTruncated, Code::ScanPending, Code::EarlyAccess, Code::Gated, Code::UnsafePickle] {
        assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::String(code.as_str().into()));
    }
}
