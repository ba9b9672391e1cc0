//! Complete verdicts for representative models, as a human reads them.

mod support;

use compat_core::{ScanStatus, is_model_compatible};
use support::*;

#[test]
fn gguf_repo_with_projector_and_iquants() {
    let m = gguf(
        "gemma3",
        &["gemma-3-4b-it-IQ4_XS.gguf", "gemma-3-4b-it-Q4_K_M.gguf", "gemma-3-4b-it-Q8_0.gguf", "mmproj-model-f16.gguf"],
    )
    .with(|m| {
        m.pipeline_tag = Some("image-text-to-text".into());
        m.context_length = Some(131_072);
    });
    insta::assert_yaml_snapshot!(is_model_compatible(&m));
}

#[test]
fn gated_llama_safetensors() {
    let m = gated(hf(
        "llama",
        &["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "original/consolidated.00.pth"],
    ));
    insta::assert_yaml_snapshot!(is_model_compatible(&m));
}

#[test]
fn gptq_llama() {
    let m = hf("llama", &["model.safetensors", "quantize_config.json"]).with(|m| m.quantization = Some("gptq".into()));
    insta::assert_yaml_snapshot!(is_model_compatible(&m));
}

#[test]
fn iq4_xs_only_repo() {
    let m = gguf("llama", &["Meta-Llama-3-8B-Instruct.IQ4_XS.gguf"]);
    insta::assert_yaml_snapshot!(is_model_compatible(&m));
}

#[test]
fn llama4_text() {
    insta::assert_yaml_snapshot!(is_model_compatible(&hf("llama4_text", &["model.safetensors"])));
}

#[test]
fn civitai_pony_v7_and_pony_versions() {
    let mut pending = civ_file("pony-pruned.safetensors", "SafeTensor", "Model");
    pending.scan.as_mut().unwrap().pickle = Some(ScanStatus::Pending);
    pending.precision = Some("fp16".into());
    pending.size_variant = Some("pruned".into());
    let m = civitai(
        "LORA",
        vec![
            version(3, "Pony V7", vec![civ_file("v7.safetensors", "SafeTensor", "Model")]),
            version(2, "Pony", vec![civ_file("t.zip", "Other", "Training Data"), pending]),
            version(1, "SD 1.5", vec![civ_file("old.pt", "PickleTensor", "Model")]),
        ],
    );
    insta::assert_yaml_snapshot!(is_model_compatible(&m));
}

#[test]
fn civitai_pickle_only_checkpoint() {
    let m = civitai("Checkpoint", vec![version(9, "SD 1.5", vec![civ_file("model.ckpt", "PickleTensor", "Model")])]);
    insta::assert_yaml_snapshot!(is_model_compatible(&m));
}
