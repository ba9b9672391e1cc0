//! Recorded CivitAI models judged on a device: the files' stated sizes (`sizeKB`), the
//! family's activation allowance, and a LoRA whose base checkpoint is not known.

use compat_core::{Fit, default_catalog, device_preset, judge};

fn model(file: &str) -> compat_core::ModelMetadata {
    let path = testkit::shared_fixtures("civitai").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    provider_civitai::extract_model(&provider_civitai::parse_model(&bytes).unwrap())
}

/// A NoobAI (SDXL-family) checkpoint of 6775438 KB, fp16: 6.5 GiB, plus the worker's 2 GiB
/// allowance at 1024 px, its overhead and the margin kept free.
#[test]
fn an_sdxl_checkpoint_on_8_and_12_gb() {
    let noobai = model("models-item_964011_checkpoint_noobai_with-training-data.json");
    let rows = [("gpu-8gb", Fit::CpuOnly, true), ("gpu-12gb", Fit::Fits, true), ("cpu-16gb", Fit::CpuOnly, true)];
    for (device, fit, compatible) in rows {
        let result = judge(&noobai, default_catalog(), Some(device_preset(device).unwrap()));
        let verdict = result.fit.as_deref().unwrap();
        assert_eq!((verdict.fit, result.compatible), (fit, compatible), "{device}: {}", verdict.reason);
        let memory = result.memory.as_deref().unwrap();
        // The recorded size, to the byte the KB allow.
        let file = result.recommended_file.as_ref().unwrap();
        assert_eq!(memory.weights_bytes, file.size_bytes, "{device}");
        assert!(memory.weights_bytes.unwrap() > 6_900_000_000 && memory.weights_estimated, "{memory:?}");
        // The training-data zip is not weights and gets no fit; the checkpoints do.
        for f in &result.files {
            assert_eq!(f.fit.is_some(), f.name.ends_with(".safetensors"), "{}", f.name);
        }
    }
}

/// A LoRA runs on a checkpoint this verdict does not know: its fit is unknown, and says why.
#[test]
fn a_lora_fit_is_unknown() {
    let lora = model("models-item_1786861_illustrious-lora_nsfwLevel31_3-versions.json");
    let result = judge(&lora, default_catalog(), Some(device_preset("gpu-12gb").unwrap()));
    assert!(result.compatible);
    let fit = result.fit.as_deref().unwrap();
    assert_eq!(fit.fit, Fit::Unknown);
    assert!(fit.reason.contains("the base checkpoint"), "{}", fit.reason);
    assert!(result.codes.contains(&compat_core::Code::MemoryUnknown));
}
