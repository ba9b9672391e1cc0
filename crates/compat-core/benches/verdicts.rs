//! Verdicts per second of `is_model_compatible` over representative metadata.

use compat_core::{
    Evidence, ModelKind, ModelMetadata, ModelVersion, Source, architecture::architecture, classify_path,
    is_model_compatible,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let mut group = c.benchmark_group("is_model_compatible");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("mixed corpus (5 models)", |b| {
        b.iter(|| {
            corpus.iter().map(|m| std::hint::black_box(is_model_compatible(m)).compatible as usize).sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
