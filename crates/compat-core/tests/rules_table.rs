//! One row per rule of the default catalog, positive and negative, traps included.

mod support;

use compat_core::{Code, Confidence, ModelMetadata, ScanStatus, is_model_compatible};
use support::*;

struct Case {
    name: &'static str,
    model: ModelMetadata,
    compatible: bool,
    /// Exactly the codes expected (sorted order does not matter here).
    codes: &'static [Code],
    confidence: Confidence,
}

fn case(
    name: &'static str,
    model: ModelMetadata,
    compatible: bool,
    codes: &'static [Code],
    confidence: Confidence,
) -> Case {
    Case { name, model, compatible, codes, confidence }
}

use Code::*;
use Confidence::{High, Low, Medium, None as NoConf};

const ST: &[&str] = &["config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];

fn text_cases() -> Vec<Case> {
    vec![
        // Families and the raw names they cover.
        case("llama config", hf("llama", ST), true, &[], High),
        case("mistral config", hf("mistral", ST), true, &[], High),
        case("mixtral config", hf("mixtral", ST), true, &[], High),
        case("phi config", hf("phi", ST), true, &[], Medium),
        case("phi3 config", hf("phi3", ST), true, &[], Medium),
        case("qwen2 config", hf("qwen2", ST), true, &[], Medium),
        case("qwen2_moe config", hf("qwen2_moe", ST), true, &[], Medium),
        case("qwen3 config", hf("qwen3", ST), true, &[], Medium),
        case("qwen3_moe config", hf("qwen3_moe", ST), true, &[], Medium),
        case("gemma config", hf("gemma", ST), true, &[], Medium),
        case("gemma2 config", hf("gemma2", ST), true, &[], Medium),
        case("gemma3 config", hf("gemma3", ST), true, &[], Medium),
        case("gemma3_text config", hf("gemma3_text", ST), true, &[], Medium),
        case("gguf llama (also Mistral files)", gguf("llama", &["m-Q4_K_M.gguf"]), true, &[], High),
        case("gguf phi2", gguf("phi2", &["m-Q4_K_M.gguf"]), true, &[], Medium),
        case("gguf qwen2moe", gguf("qwen2moe", &["m-Q4_K_M.gguf"]), true, &[], Medium),
        case("gguf qwen3moe", gguf("qwen3moe", &["m-Q4_K_M.gguf"]), true, &[], Medium),
        case("gguf gemma3", gguf("gemma3", &["m-Q4_K_M.gguf"]), true, &[], Medium),
        // Unsupported raw names, including the look-alike traps.
        case("llama4_text", hf("llama4_text", ST), false, &[UnsupportedArchitecture], NoConf),
        case("mistral3", hf("mistral3", ST), false, &[UnsupportedArchitecture], NoConf),
        case("qwen3_next", hf("qwen3_next", ST), false, &[UnsupportedArchitecture], NoConf),
        case("gpt_oss", hf("gpt_oss", ST), false, &[UnsupportedArchitecture], NoConf),
        case("vaultgemma", hf("vaultgemma", ST), false, &[UnsupportedArchitecture], NoConf),
        case("t5gemma", hf("t5gemma", ST), false, &[UnsupportedArchitecture], NoConf),
        case("gpt2", hf("gpt2", ST), false, &[UnsupportedArchitecture], NoConf),
        case("bloom", hf("bloom", ST), false, &[UnsupportedArchitecture], NoConf),
        case(
            "qwen2 name from gguf is not a config name",
            gguf("qwen2_moe", &["m-Q4_K_M.gguf"]),
            false,
            &[UnsupportedArchitecture],
            NoConf,
        ),
        case(
            "mixtral is not a GGUF architecture",
            gguf("mixtral", &["m-Q4_K_M.gguf"]),
            false,
            &[UnsupportedArchitecture],
            NoConf,
        ),
        // Evidence strength.
        case(
            "architecture from tags only",
            hf("llama", &["m-Q4_K_M.gguf"]).with(|m| {
                m.architecture = None;
                m.tags = vec!["gguf".into(), "llama".into(), "conversational".into()];
            }),
            true,
            &[ArchitectureInferred],
            Low,
        ),
        case(
            "architecture from name only",
            hf("x", &["m-Q4_K_M.gguf"]).with(|m| {
                m.architecture = None;
                m.id = "bartowski/Qwen2.5-7B-Instruct-GGUF".into();
            }),
            true,
            &[ArchitectureInferred],
            Low,
        ),
        case(
            "no architecture at all",
            hf("x", ST).with(|m| m.architecture = None),
            false,
            &[ArchitectureUnknown],
            NoConf,
        ),
        case(
            "TinyLlama is not llama",
            hf("x", ST).with(|m| {
                m.architecture = None;
                m.id = "TinyLlama/TinyLlama-1.1B-Chat-v1.0".into();
            }),
            false,
            &[ArchitectureUnknown],
            NoConf,
        ),
        // Formats.
        case(
            "safetensors and pickle: runnable",
            hf("mistral", &["model.safetensors", "pytorch_model.bin"]),
            true,
            &[],
            High,
        ),
        case(
            "pickle-only checkpoint",
            hf("llama", &["pytorch_model.bin"]),
            false,
            &[UnsupportedFormat, UnsafePickle],
            NoConf,
        ),
        case(
            "ckpt-only checkpoint",
            hf("llama", &["consolidated.00.pth"]),
            false,
            &[UnsupportedFormat, UnsafePickle],
            NoConf,
        ),
        case("tensorflow only", hf("llama", &["tf_model.h5"]), false, &[UnsupportedFormat], NoConf),
        case("flax only", hf("llama", &["flax_model.msgpack"]), false, &[UnsupportedFormat], NoConf),
        case("onnx only", hf("llama", &["onnx/model.onnx", "model.ort"]), false, &[UnsupportedFormat], NoConf),
        case(
            "coreml only",
            hf("llama", &["m.mlpackage/Data/com.apple.CoreML/weights/weight.bin"]),
            false,
            &[UnsupportedFormat],
            NoConf,
        ),
        case("tflite only", hf("llama", &["m.tflite"]), false, &[UnsupportedFormat], NoConf),
        case("rust-bert only", hf("llama", &["rust_model.ot"]), false, &[UnsupportedFormat], NoConf),
        case(
            "mlx repo",
            hf("llama", &[]).with(|m| {
                m.formats = vec![compat_core::WeightFormat::Mlx];
                m.files = vec![compat_core::ModelFile {
                    name: "model.safetensors".into(),
                    format: Some(compat_core::WeightFormat::Mlx),
                    ..Default::default()
                }];
            }),
            false,
            &[UnsupportedFormat],
            NoConf,
        ),
        case("repo with no files and no format tags", hf("llama", &[]), false, &[FormatUnknown], NoConf),
        case(
            "no files, safetensors tag",
            hf("llama", &[]).with(|m| m.formats = vec![compat_core::WeightFormat::Safetensors]),
            true,
            &[],
            Medium,
        ),
        case(
            "no files, gguf tag",
            gguf("llama", &[]).with(|m| m.formats = vec![compat_core::WeightFormat::Gguf]),
            true,
            &[QuantizationUnknown],
            Medium,
        ),
        // Quantized safetensors.
        case(
            "GPTQ llama",
            hf("llama", ST).with(|m| m.quantization = Some("gptq".into())),
            false,
            &[QuantizedWeightsUnsupported],
            NoConf,
        ),
        case(
            "AWQ qwen2",
            hf("qwen2", ST).with(|m| m.quantization = Some("awq".into())),
            false,
            &[QuantizedWeightsUnsupported],
            NoConf,
        ),
        case(
            "fp8 mistral",
            hf("mistral", ST).with(|m| m.quantization = Some("fp8".into())),
            false,
            &[QuantizedWeightsUnsupported],
            NoConf,
        ),
        case(
            "quantized safetensors from tags only",
            hf("llama", &[]).with(|m| {
                m.formats = vec![compat_core::WeightFormat::Safetensors];
                m.quantization = Some("bitsandbytes".into());
            }),
            false,
            &[QuantizedWeightsUnsupported],
            NoConf,
        ),
        // GGUF quantizations.
        case("IQ4_XS only", gguf("llama", &["m.IQ4_XS.gguf"]), false, &[UnsupportedQuantization], NoConf),
        case(
            "i-quants only",
            gguf("llama", &["m-IQ2_XXS.gguf", "m-IQ3_M.gguf", "m-IQ4_NL.gguf"]),
            false,
            &[UnsupportedQuantization],
            NoConf,
        ),
        case("TQ1_0 only", gguf("llama", &["m-TQ1_0.gguf"]), false, &[UnsupportedQuantization], NoConf),
        case("MXFP4 only", gguf("llama", &["m-MXFP4.gguf"]), false, &[UnsupportedQuantization], NoConf),
        case("ARM repack only", gguf("llama", &["m-Q4_0_4_4.gguf"]), false, &[UnsupportedQuantization], NoConf),
        case("IQ4_XS beside Q4_K_M", gguf("llama", &["m.IQ4_XS.gguf", "m.Q4_K_M.gguf"]), true, &[], High),
        case("UD XL k-quant only", gguf("qwen3moe", &["Q-UD-Q4_K_XL.gguf"]), true, &[MixedQuantization], Medium),
        case("unnamed quant", gguf("llama", &["model.gguf"]), true, &[QuantizationUnknown], Medium),
        case("every legacy quant", gguf("llama", &["a-Q4_0.gguf"]), true, &[], High),
        case("mmproj only", gguf("gemma3", &["mmproj-model-f16.gguf"]), false, &[NoRunnableFile], NoConf),
        case("mmproj beside weights", gguf("gemma3", &["mmproj-model-f16.gguf", "m-Q4_K_M.gguf"]), true, &[], Medium),
        // Context.
        case(
            "long context",
            hf("llama", ST).with(|m| m.context_length = Some(131_072)),
            true,
            &[ContextTruncated],
            High,
        ),
        case("context at the limit", hf("llama", ST).with(|m| m.context_length = Some(32_768)), true, &[], High),
        case(
            "context unknown (a listing)",
            hf("llama", ST).with(|m| m.context_length = None),
            true,
            &[ContextUnknown],
            High,
        ),
        case(
            "context unknown, not runnable: no caveat on top",
            hf("llama", &["model.bin"]).with(|m| m.context_length = None),
            false,
            &[UnsupportedFormat, UnsafePickle],
            NoConf,
        ),
        // Pipelines.
        case("no pipeline tag", hf("llama", ST).with(|m| m.pipeline_tag = None), true, &[], High),
        case(
            "image-text-to-text",
            hf("gemma3", ST).with(|m| m.pipeline_tag = Some("image-text-to-text".into())),
            true,
            &[VisionInputIgnored],
            Medium,
        ),
        case(
            "feature-extraction",
            hf("qwen3", ST).with(|m| {
                m.pipeline_tag = Some("feature-extraction".into());
                m.kind = compat_core::ModelKind::Other;
            }),
            false,
            &[NotTextGeneration, NotImageGeneration],
            NoConf,
        ),
        case(
            "sentence-similarity",
            hf("qwen3", ST).with(|m| {
                m.pipeline_tag = Some("sentence-similarity".into());
                m.kind = compat_core::ModelKind::Other;
            }),
            false,
            &[NotTextGeneration, NotImageGeneration],
            NoConf,
        ),
        case(
            "fill-mask",
            hf("bert", ST).with(|m| {
                m.pipeline_tag = Some("fill-mask".into());
                m.kind = compat_core::ModelKind::Other;
            }),
            false,
            &[NotTextGeneration, NotImageGeneration],
            NoConf,
        ),
        case(
            "text2text-generation",
            hf("t5", ST).with(|m| {
                m.pipeline_tag = Some("text2text-generation".into());
                m.kind = compat_core::ModelKind::Other;
            }),
            false,
            &[NotTextGeneration, NotImageGeneration],
            NoConf,
        ),
        // Access.
        case("gated manual", gated(hf("llama", ST)), true, &[Gated], High),
        case("gated auto", hf("llama", ST).with(|m| m.gated = Some(compat_core::Gate::Auto)), true, &[Gated], High),
        case("disabled", hf("llama", ST).with(|m| m.disabled = true), false, &[Disabled], NoConf),
    ]
}

const SDXL: &str = "StableDiffusionXLPipeline";

fn image_cases() -> Vec<Case> {
    let model = |name: &str| civ_file(name, "SafeTensor", "Model");
    vec![
        case(
            "diffusers SD 1.x",
            diffusers("StableDiffusionPipeline", &["unet/diffusion_pytorch_model.safetensors"]),
            true,
            &[],
            High,
        ),
        case("diffusers SDXL", diffusers(SDXL, &["unet/diffusion_pytorch_model.fp16.safetensors"]), true, &[], High),
        case("diffusers Flux", diffusers("FluxPipeline", &["flux1-dev.safetensors"]), true, &[], High),
        case(
            "diffusers SD3",
            diffusers("StableDiffusion3Pipeline", &["sd3.safetensors"]),
            false,
            &[UnsupportedPipeline],
            NoConf,
        ),
        case(
            "diffusers pickle only",
            diffusers(SDXL, &["unet/diffusion_pytorch_model.bin"]),
            false,
            &[UnsafePickle, UnsupportedFormat],
            NoConf,
        ),
        case(
            "image pipeline without diffusers class",
            diffusers(SDXL, &["model.safetensors"]).with(|m| m.diffusers_pipeline = None),
            false,
            &[UnsupportedPipeline],
            NoConf,
        ),
        // CivitAI model types and base models.
        case(
            "Checkpoint SD 1.5",
            civitai("Checkpoint", vec![version(1, "SD 1.5", vec![model("a.safetensors")])]),
            true,
            &[],
            High,
        ),
        case(
            "LORA SDXL 1.0",
            civitai("LORA", vec![version(1, "SDXL 1.0", vec![model("a.safetensors")])]),
            true,
            &[],
            High,
        ),
        case("LORA Pony", civitai("LORA", vec![version(1, "Pony", vec![model("a.safetensors")])]), true, &[], High),
        case(
            "LORA Illustrious",
            civitai("LORA", vec![version(1, "Illustrious", vec![model("a.safetensors")])]),
            true,
            &[],
            High,
        ),
        case(
            "Checkpoint NoobAI",
            civitai("Checkpoint", vec![version(1, "NoobAI", vec![model("a.safetensors")])]),
            true,
            &[],
            High,
        ),
        case(
            "LORA Flux.1 D",
            civitai("LORA", vec![version(1, "Flux.1 D", vec![model("a.safetensors")])]),
            true,
            &[],
            High,
        ),
        case(
            "SD 2.1 768",
            civitai("Checkpoint", vec![version(1, "SD 2.1 768", vec![model("a.safetensors")])]),
            true,
            &[],
            High,
        ),
        case(
            "Pony V7 is AuraFlow",
            civitai("LORA", vec![version(1, "Pony V7", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "SD 3.5",
            civitai("Checkpoint", vec![version(1, "SD 3.5", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "AuraFlow",
            civitai("Checkpoint", vec![version(1, "AuraFlow", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "Kolors",
            civitai("Checkpoint", vec![version(1, "Kolors", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "Hunyuan Video",
            civitai("LORA", vec![version(1, "Hunyuan Video", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "unknown base model",
            civitai("LORA", vec![version(1, "Something New 9", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "TextualInversion",
            civitai("TextualInversion", vec![version(1, "SD 1.5", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedModelType],
            NoConf,
        ),
        case(
            "Controlnet",
            civitai("Controlnet", vec![version(1, "SD 1.5", vec![model("a.safetensors")])]),
            false,
            &[UnsupportedModelType],
            NoConf,
        ),
        // Files.
        case(
            "PickleTensor only",
            civitai("Checkpoint", vec![version(1, "SD 1.5", vec![civ_file("a.ckpt", "PickleTensor", "Model")])]),
            false,
            &[UnsafePickle],
            NoConf,
        ),
        case(
            "pickle beside safetensors",
            civitai(
                "Checkpoint",
                vec![version(1, "SD 1.5", vec![civ_file("a.ckpt", "PickleTensor", "Model"), model("a.safetensors")])],
            ),
            true,
            &[],
            High,
        ),
        case(
            "scan danger",
            civitai(
                "Checkpoint",
                vec![version(
                    1,
                    "SD 1.5",
                    vec![{
                        let mut f = model("a.safetensors");
                        f.scan.as_mut().unwrap().virus = Some(ScanStatus::Danger);
                        f
                    }],
                )],
            ),
            false,
            &[ScanDanger],
            NoConf,
        ),
        case(
            "scan pending",
            civitai(
                "Checkpoint",
                vec![version(
                    1,
                    "SD 1.5",
                    vec![{
                        let mut f = model("a.safetensors");
                        f.scan.as_mut().unwrap().pickle = Some(ScanStatus::Pending);
                        f
                    }],
                )],
            ),
            true,
            &[ScanPending],
            Medium,
        ),
        case(
            "training data only",
            civitai("LORA", vec![version(1, "Illustrious", vec![civ_file("t.zip", "Other", "Training Data")])]),
            false,
            &[NoRunnableFile],
            NoConf,
        ),
        case(
            "training data beside model",
            civitai(
                "LORA",
                vec![version(
                    1,
                    "Illustrious",
                    vec![civ_file("t.zip", "Other", "Training Data"), model("a.safetensors")],
                )],
            ),
            true,
            &[],
            High,
        ),
        case(
            "diffusers zip only",
            civitai("Checkpoint", vec![version(1, "SD 1.5", vec![civ_file("d.zip", "Diffusers", "Model")])]),
            false,
            &[UnsupportedFormat],
            NoConf,
        ),
        case(
            "archived",
            civitai("LORA", vec![version(1, "SDXL 1.0", vec![model("a.safetensors")])])
                .with(|m| m.mode = Some("Archived".into())),
            false,
            &[Archived],
            NoConf,
        ),
        case(
            "taken down",
            civitai("LORA", vec![version(1, "SDXL 1.0", vec![model("a.safetensors")])])
                .with(|m| m.mode = Some("TakenDown".into())),
            false,
            &[Archived],
            NoConf,
        ),
        case(
            "early access",
            civitai(
                "LORA",
                vec![{
                    let mut v = version(1, "SDXL 1.0", vec![model("a.safetensors")]);
                    v.early_access = true;
                    v
                }],
            ),
            true,
            &[EarlyAccess],
            High,
        ),
        case(
            "one good version of two",
            civitai(
                "LORA",
                vec![
                    version(2, "Pony V7", vec![model("b.safetensors")]),
                    version(1, "Pony", vec![model("a.safetensors")]),
                ],
            ),
            true,
            &[],
            High,
        ),
        case("no versions", civitai("LORA", vec![]), false, &[NoRunnableFile], NoConf),
        case(
            "inpainting checkpoint",
            civitai(
                "Checkpoint",
                vec![{
                    let mut v = version(1, "SD 1.5", vec![model("a.safetensors")]);
                    v.base_model_type = Some("Inpainting".into());
                    v
                }],
            ),
            false,
            &[UnsupportedBaseModel],
            NoConf,
        ),
        case(
            "nf4 weights",
            civitai(
                "Checkpoint",
                vec![version(
                    1,
                    "Flux.1 D",
                    vec![{
                        let mut f = model("a.safetensors");
                        f.precision = Some("nf4".into());
                        f
                    }],
                )],
            ),
            false,
            &[QuantizedWeightsUnsupported],
            NoConf,
        ),
        // Kinds cross: each worker declines the other kind.
        case("text model is not an image model", hf("gpt2", ST), false, &[UnsupportedArchitecture], NoConf),
    ]
}

#[test]
fn every_rule_of_the_default_catalog() {
    let mut failures = Vec::new();
    for c in text_cases().into_iter().chain(image_cases()) {
        let r = is_model_compatible(&c.model);
        let mut expected: Vec<Code> = c.codes.to_vec();
        expected.sort_unstable();
        if r.compatible != c.compatible || r.codes != expected || r.confidence != c.confidence {
            failures.push(format!(
                "{}: got compatible={} codes={:?} confidence={:?}; expected compatible={} codes={:?} confidence={:?}\n  reasons={:?} warnings={:?}",
                c.name, r.compatible, r.codes, r.confidence, c.compatible, expected, c.confidence, r.reasons, r.warnings
            ));
        }
        if !r.compatible {
            assert!(!r.reasons.is_empty(), "{}: incompatible without a reason", c.name);
        }
        if r.codes.iter().any(|c| !c.is_blocking()) {
            assert!(!r.warnings.is_empty(), "{}: warning code without a warning text", c.name);
        }
    }
    assert!(failures.is_empty(), "{} rule rows failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn recommended_gguf_follows_the_preference_order() {
    let table: &[(&[&str], &str)] = &[
        (&["m-Q8_0.gguf", "m-Q5_K_M.gguf", "m-F16.gguf"], "m-Q5_K_M.gguf"),
        (&["m-Q4_K_S.gguf", "m-Q4_K_M.gguf"], "m-Q4_K_M.gguf"),
        (&["m-Q5_K_S.gguf", "m-Q5_K_M.gguf"], "m-Q5_K_M.gguf"),
        (&["m-Q6_K.gguf", "m-Q8_0.gguf"], "m-Q6_K.gguf"),
        (&["m-Q4_0.gguf", "m-Q8_0.gguf"], "m-Q8_0.gguf"),
        (&["m-F32.gguf", "m-F16.gguf"], "m-F16.gguf"),
        (&["m-F16.gguf", "m-Q2_K.gguf"], "m-Q2_K.gguf"),
        (&["m-IQ4_XS.gguf", "m-F32.gguf"], "m-F32.gguf"),
        (
            &["Q4_K_M/m-Q4_K_M-00002-of-00002.gguf", "Q4_K_M/m-Q4_K_M-00001-of-00002.gguf", "m-Q8_0.gguf"],
            "Q4_K_M/m-Q4_K_M-00001-of-00002.gguf",
        ),
    ];
    for (files, expected) in table {
        let r = is_model_compatible(&gguf("llama", files));
        let rec = r.recommended_file.unwrap_or_else(|| panic!("no recommendation for {files:?}"));
        assert_eq!(rec.name, *expected, "{files:?}");
    }
}

#[test]
fn split_gguf_is_one_logical_file() {
    let r = is_model_compatible(&gguf(
        "qwen3",
        &["m-Q4_K_M-00001-of-00003.gguf", "m-Q4_K_M-00002-of-00003.gguf", "m-Q4_K_M-00003-of-00003.gguf"],
    ));
    assert_eq!(r.files.len(), 1);
    assert_eq!(r.files[0].parts, 3);
    assert_eq!(r.files[0].size_bytes, Some(3_000));
    assert_eq!(r.recommended_file.unwrap().parts, 3);
}

#[test]
fn civitai_recommends_pruned_fp16() {
    let file = |name: &str, variant: &str, fp: &str| {
        let mut f = civ_file(name, "SafeTensor", "Model");
        f.size_variant = Some(variant.into());
        f.precision = Some(fp.into());
        f
    };
    let m = civitai(
        "Checkpoint",
        vec![version(
            7,
            "SDXL 1.0",
            vec![
                file("full32.safetensors", "full", "fp32"),
                file("pruned32.safetensors", "pruned", "fp32"),
                file("pruned16.safetensors", "pruned", "fp16"),
                file("full16.safetensors", "full", "fp16"),
            ],
        )],
    );
    let r = is_model_compatible(&m);
    let rec = r.recommended_file.unwrap();
    assert_eq!(rec.name, "pruned16.safetensors");
    assert_eq!(rec.version_id, Some(7));
    assert!(rec.download_url.is_some());
    assert_eq!(r.versions[0].recommended_file.as_ref().map(|f| f.name.as_str()), Some("pruned16.safetensors"));
}

#[test]
fn model_level_blocks_apply_to_every_version() {
    let m =
        civitai("TextualInversion", vec![version(1, "SD 1.5", vec![civ_file("a.safetensors", "SafeTensor", "Model")])])
            .with(|m| m.mode = Some("Archived".into()));
    let r = is_model_compatible(&m);
    assert_eq!(r.codes, [Code::Archived, Code::UnsupportedModelType]);
    assert_eq!(r.reasons.len(), 2, "said once, not once per version: {:?}", r.reasons);
    assert!(!r.versions[0].compatible);
    assert!(r.versions[0].recommended_file.is_none());
    assert_eq!(r.versions[0].codes, [Code::Archived, Code::UnsupportedModelType]);
}

#[test]
fn per_worker_verdicts_are_reported() {
    let r = is_model_compatible(&hf("llama", ST));
    let ids: Vec<(&str, bool)> = r.workers.iter().map(|w| (w.id.as_str(), w.compatible)).collect();
    assert_eq!(ids, [("llm-worker", true), ("sd-worker", false)]);
    assert_eq!(r.workers[1].codes, [Code::NotImageGeneration]);

    let image = civitai("LORA", vec![version(1, "Pony V7", vec![civ_file("a.safetensors", "SafeTensor", "Model")])]);
    let r = is_model_compatible(&image);
    // The text worker's "not text generation" does not leak into an image model's verdict.
    assert_eq!(r.codes, [Code::UnsupportedBaseModel]);
    assert_eq!(r.workers[0].codes, [Code::NotTextGeneration]);
    assert_eq!(r.versions.len(), 1);
    assert!(!r.versions[0].compatible);
}
