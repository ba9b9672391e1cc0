//! One row per extraction rule, on minimal hand-written records (not copies of fixtures).
//!
//! Each check sees the metadata as the default catalog reads it ([`compat_core::resolve`]):
//! the kind a pipeline tag denotes, an architecture inferred from tags or the name. What
//! extraction alone keeps is checked by the cases that say so.

use compat_core::{
    Code, Evidence, FileRole, Gate, ModelKind, ModelMetadata, WeightFormat, default_catalog, is_model_compatible,
    resolve,
};
use provider_huggingface::{
    HfBody, HfGated, HfModelRecord, ParseError, extract_from_json, extract_metadata, extract_metadata_with_tree,
    parse_body,
};
use serde_json::{Value, json};

type Check = fn(&HfModelRecord, &ModelMetadata);

struct Case {
    name: &'static str,
    record: Value,
    check: Check,
}

fn case(name: &'static str, record: Value, check: Check) -> Case {
    Case { name, record, check }
}

fn arch(m: &ModelMetadata) -> Option<(&str, &str, Evidence)> {
    m.architecture.as_ref().map(|a| (a.family.as_deref().unwrap_or("(unresolved)"), a.raw.as_str(), a.evidence))
}

fn file_formats(m: &ModelMetadata) -> Vec<(&str, Option<&WeightFormat>)> {
    m.files.iter().map(|f| (f.name.as_str(), f.format.as_ref())).collect()
}

fn codes(m: &ModelMetadata) -> Vec<Code> {
    is_model_compatible(m).codes
}

use WeightFormat::{Gguf, Mlx, Onnx, PyTorch, Safetensors};

fn cases() -> Vec<Case> {
    vec![
        // ---- id ----
        case("id from `id`", json!({"id": "a/b", "modelId": "c/d"}), |_, m| assert_eq!(m.id, "a/b")),
        case("id from `modelId` when `id` is missing", json!({"modelId": "c/d"}), |_, m| assert_eq!(m.id, "c/d")),
        case("no id at all", json!({"tags": []}), |_, m| {
            assert_eq!(m.id, "");
            assert_eq!(m.source, compat_core::Source::Huggingface);
        }),
        // ---- architecture ----
        case(
            "architecture from config.model_type",
            json!({"id": "x/y", "config": {"model_type": "llama", "architectures": ["MistralForCausalLM"]}}),
            |_, m| assert_eq!(arch(m), Some(("llama", "llama", Evidence::Config))),
        ),
        case(
            "architecture from config.architectures when model_type is missing",
            json!({"id": "x/y", "config": {"architectures": ["Qwen2MoeForCausalLM"]}}),
            |_, m| assert_eq!(arch(m), Some(("qwen", "qwen2_moe", Evidence::Config))),
        ),
        case(
            "empty config falls through to gguf.architecture",
            json!({"id": "x/Llama-3-8B-GGUF", "config": {}, "gguf": {"architecture": "qwen3moe"}, "tags": ["llama"]}),
            |_, m| assert_eq!(arch(m), Some(("qwen", "qwen3moe", Evidence::Gguf))),
        ),
        case(
            "config holding only a tokenizer config is no evidence either",
            json!({"id": "x/y", "config": {"tokenizer_config": {"bos_token": "<s>"}}, "gguf": {"architecture": "llama"}}),
            |_, m| assert_eq!(arch(m), Some(("llama", "llama", Evidence::Gguf))),
        ),
        case(
            "architecture from a tag, with low confidence",
            json!({"id": "x/my-model", "config": {}, "tags": ["gguf", "mistral"], "siblings": [{"rfilename": "m-Q4_K_M.gguf"}]}),
            |record, m| {
                assert_eq!(arch(m), Some(("mistral", "mistral", Evidence::Tags)));
                // Extraction keeps the tags; the catalog reads the name out of them.
                let extracted = extract_metadata(record);
                assert_eq!(extracted.architecture, None);
                assert_eq!(extracted.tags, ["gguf", "mistral"]);
                let v = is_model_compatible(m);
                assert!(v.compatible);
                assert!(v.codes.contains(&Code::ArchitectureInferred));
                assert_eq!(v.confidence, compat_core::Confidence::Low);
            },
        ),
        case(
            "architecture from the repository name, last",
            json!({"id": "someone/gemma-2-9b-it-GGUF", "tags": ["gguf"]}),
            |_, m| assert_eq!(arch(m), Some(("gemma", "gemma2", Evidence::Name))),
        ),
        case("no architecture evidence at all", json!({"id": "someone/mystery", "config": {}}), |_, m| {
            assert_eq!(m.architecture, None)
        }),
        // ---- files and formats ----
        case(
            "formats from siblings, sorted and de-duplicated, sizes from size or lfs.size",
            json!({"id": "x/y", "tags": ["onnx"], "siblings": [
                {"rfilename": "config.json", "size": 10},
                {"rfilename": "pytorch_model.bin", "size": 5},
                {"rfilename": "model-00002-of-00002.safetensors", "lfs": {"size": 7, "sha256": "ab"}},
                {"rfilename": "model-00001-of-00002.safetensors", "size": 8, "lfs": {"size": 9}},
                {"rfilename": "model.safetensors.index.json"}
            ]}),
            |_, m| {
                // Tags are not read when files are listed: no Onnx.
                assert_eq!(m.formats, [Safetensors, PyTorch]);
                let sizes: Vec<_> = m.files.iter().map(|f| (f.name.as_str(), f.size_bytes)).collect();
                assert_eq!(
                    sizes,
                    [
                        ("pytorch_model.bin", Some(5)),
                        ("model-00002-of-00002.safetensors", Some(7)),
                        ("model-00001-of-00002.safetensors", Some(8)),
                    ]
                );
            },
        ),
        case(
            "GGUF quant labels per file, projector role kept",
            json!({"id": "x/y", "siblings": [
                {"rfilename": "m-Q4_K_M.gguf"}, {"rfilename": "m-IQ4_XS.gguf"}, {"rfilename": "mmproj-m-f16.gguf"}
            ]}),
            |_, m| {
                let quants: Vec<_> = m.files.iter().map(|f| f.quantization.as_deref()).collect();
                assert_eq!(quants, [Some("Q4_K_M"), Some("IQ4_XS"), Some("F16")]);
                assert_eq!(m.files[2].role, Some(FileRole::VisionProjector));
                assert_eq!(m.formats, [Gguf]);
            },
        ),
        case(
            "list shape without siblings falls back to format tags",
            json!({"id": "x/y", "modelId": "x/y", "tags": ["transformers", "safetensors", "pytorch", "onnx", "text-generation"],
                   "pipeline_tag": "text-generation", "library_name": "transformers"}),
            |_, m| {
                assert!(m.files.is_empty());
                assert_eq!(m.formats, [Safetensors, PyTorch, Onnx]);
            },
        ),
        case(
            "an empty siblings list also falls back to tags",
            json!({"id": "x/y", "tags": ["gguf"], "siblings": []}),
            |_, m| assert_eq!(m.formats, [Gguf]),
        ),
        case(
            "siblings without weights and no format tags: formats empty, never assumed",
            json!({"id": "x/llama-notes", "tags": ["llama", "text-generation"], "pipeline_tag": "text-generation",
                   "siblings": [{"rfilename": "README.md"}, {"rfilename": "config.json"}]}),
            |_, m| {
                assert!(m.files.is_empty());
                assert!(m.formats.is_empty());
                assert!(codes(m).contains(&Code::FormatUnknown));
            },
        ),
        case(
            "no files and no format tags: formats empty",
            json!({"id": "x/y", "tags": ["text-generation"], "pipeline_tag": "text-generation"}),
            |_, m| {
                assert!(m.formats.is_empty());
                assert!(codes(m).contains(&Code::FormatUnknown));
            },
        ),
        // ---- MLX ----
        case(
            "the mlx tag marks safetensors files as MLX",
            json!({"id": "mlx-community/Llama-3.2-1B-Instruct-4bit", "tags": ["mlx", "safetensors", "llama", "4-bit"],
                   "library_name": "mlx", "pipeline_tag": "text-generation",
                   "config": {"model_type": "llama"},
                   "siblings": [{"rfilename": "model.safetensors"}, {"rfilename": "config.json"}]}),
            |_, m| {
                assert_eq!(file_formats(m), [("model.safetensors", Some(&Mlx))]);
                assert_eq!(m.formats, [Mlx]);
                // 4-bit tag is not read: a config is present, and the weights are MLX anyway.
                assert_eq!(m.quantization, None);
                let v = is_model_compatible(m);
                assert!(!v.compatible);
                assert!(v.codes.contains(&Code::UnsupportedFormat));
            },
        ),
        case(
            "library_name mlx alone is enough; tags-only formats become MLX too",
            json!({"id": "x/y", "library_name": "mlx", "tags": ["safetensors"]}),
            |_, m| assert_eq!(m.formats, [Mlx]),
        ),
        case(
            "MLX leaves GGUF files alone",
            json!({"id": "x/y", "tags": ["mlx"], "siblings": [{"rfilename": "a.safetensors"}, {"rfilename": "a-Q8_0.gguf"}]}),
            |_, m| assert_eq!(m.formats, [Gguf, Mlx]),
        ),
        // ---- quantization ----
        case(
            "quantization_config.quant_method",
            json!({"id": "x/y", "config": {"model_type": "llama", "quantization_config": {"quant_method": "awq", "bits": 4}},
                   "siblings": [{"rfilename": "model.safetensors"}]}),
            |_, m| {
                assert_eq!(m.quantization.as_deref(), Some("awq"));
                assert!(codes(m).contains(&Code::QuantizedWeightsUnsupported));
            },
        ),
        case(
            "load_in_4bit without quant_method is bitsandbytes",
            json!({"id": "x/y", "config": {"model_type": "llama", "quantization_config": {"load_in_4bit": true}}}),
            |_, m| assert_eq!(m.quantization.as_deref(), Some("bitsandbytes")),
        ),
        case(
            "a non-empty quantization_config of unknown method is `unknown`",
            json!({"id": "x/y", "config": {"model_type": "llama", "quantization_config": {"bits": 3, "group_size": 64}}}),
            |_, m| assert_eq!(m.quantization.as_deref(), Some("unknown")),
        ),
        case(
            "an empty quantization_config is no quantization",
            json!({"id": "x/y", "config": {"model_type": "llama", "quantization_config": {}}}),
            |_, m| assert_eq!(m.quantization, None),
        ),
        case(
            "quantize_config.json means gptq",
            json!({"id": "x/y", "config": {"model_type": "llama"},
                   "siblings": [{"rfilename": "model.safetensors"}, {"rfilename": "quantize_config.json"}]}),
            |_, m| assert_eq!(m.quantization.as_deref(), Some("gptq")),
        ),
        case(
            "quantization_config wins over quantize_config.json",
            json!({"id": "x/y", "config": {"model_type": "llama", "quantization_config": {"quant_method": "awq"}},
                   "siblings": [{"rfilename": "model.safetensors"}, {"rfilename": "quantize_config.json"}]}),
            |_, m| assert_eq!(m.quantization.as_deref(), Some("awq")),
        ),
        case(
            "a nested quantize_config.json is not read",
            json!({"id": "x/y", "siblings": [{"rfilename": "model.safetensors"}, {"rfilename": "sub/quantize_config.json"}]}),
            |_, m| assert_eq!(m.quantization, None),
        ),
        case(
            "list without config: method tags on safetensors repos",
            json!({"id": "x/y", "tags": ["safetensors", "4-bit", "gptq", "llama"]}),
            |_, m| assert_eq!(m.quantization.as_deref(), Some("gptq")),
        ),
        case(
            "list without config: a bare bits tag is kept as the value",
            json!({"id": "x/y", "tags": ["safetensors", "8-bit"]}),
            |_, m| assert_eq!(m.quantization.as_deref(), Some("8-bit")),
        ),
        case(
            "bits tags on a GGUF repo are not safetensors quantization",
            json!({"id": "x/y", "tags": ["gguf", "4-bit", "safetensors"], "config": {},
                   "siblings": [{"rfilename": "m-Q4_K_M.gguf"}]}),
            |_, m| assert_eq!(m.quantization, None),
        ),
        case(
            "GGUF-only tags: no quantization from tags either",
            json!({"id": "x/y", "tags": ["gguf", "4-bit"]}),
            |_, m| assert_eq!(m.quantization, None),
        ),
        case(
            "tags are not read when a config speaks",
            json!({"id": "x/y", "tags": ["safetensors", "8-bit"], "config": {"model_type": "llama"}}),
            |_, m| assert_eq!(m.quantization, None),
        ),
        case(
            "integer-packed safetensors dtypes alone are not quantization",
            json!({"id": "x/y", "safetensors": {"parameters": {"I32": 100, "F16": 10}, "total": 110},
                   "siblings": [{"rfilename": "model.safetensors"}]}),
            |_, m| assert_eq!(m.quantization, None),
        ),
        // ---- parameters and context ----
        case(
            "parameters from safetensors.total",
            json!({"id": "x/y", "safetensors": {"parameters": {"BF16": 7}, "total": 8}, "gguf": {"total": 9}}),
            |_, m| assert_eq!(m.parameters, Some(8)),
        ),
        case(
            "parameters summed when total is missing",
            json!({"id": "x/y", "safetensors": {"parameters": {"BF16": 7, "F32": 2}}}),
            |_, m| assert_eq!(m.parameters, Some(9)),
        ),
        case("parameters from gguf.total", json!({"id": "x/y", "gguf": {"total": 9}}), |_, m| {
            assert_eq!(m.parameters, Some(9))
        }),
        case(
            "context from gguf first",
            json!({"id": "x/y", "gguf": {"context_length": 8192}, "config": {"max_position_embeddings": 4096}}),
            |_, m| assert_eq!(m.context_length, Some(8192)),
        ),
        case(
            "context from config keys",
            json!({"id": "x/y", "config": {"model_type": "gpt2", "n_positions": 1024}}),
            |_, m| assert_eq!(m.context_length, Some(1024)),
        ),
        case(
            "context from text_config of a multimodal config",
            json!({"id": "x/y", "config": {"model_type": "gemma3", "text_config": {"max_position_embeddings": 131072}}}),
            |_, m| assert_eq!(m.context_length, Some(131_072)),
        ),
        case(
            "sliding_window is not a context",
            json!({"id": "x/y", "config": {"model_type": "mistral", "sliding_window": 4096}}),
            |_, m| assert_eq!(m.context_length, None),
        ),
        case(
            "a context too long for the worker is flagged by the rules",
            json!({"id": "x/y", "pipeline_tag": "text-generation", "config": {"model_type": "llama", "max_position_embeddings": 131072},
                   "siblings": [{"rfilename": "model.safetensors"}]}),
            |_, m| assert!(codes(m).contains(&Code::ContextTruncated)),
        ),
        // ---- kind ----
        case("kind: text-generation pipeline", json!({"id": "x/y", "pipeline_tag": "text-generation"}), |_, m| {
            assert_eq!(m.kind, ModelKind::TextGeneration)
        }),
        case(
            "kind: image-text-to-text is text generation (vision ignored)",
            json!({"id": "x/y", "pipeline_tag": "image-text-to-text", "config": {"model_type": "gemma3"},
                   "siblings": [{"rfilename": "model.safetensors"}]}),
            |_, m| {
                assert_eq!(m.kind, ModelKind::TextGeneration);
                assert!(codes(m).contains(&Code::VisionInputIgnored));
            },
        ),
        case("kind: text-to-image", json!({"id": "x/y", "pipeline_tag": "text-to-image"}), |_, m| {
            assert_eq!(m.kind, ModelKind::ImageGeneration)
        }),
        case(
            "kind: any other pipeline is other, even for a causal LM class",
            json!({"id": "x/y", "pipeline_tag": "feature-extraction", "config": {"architectures": ["LlamaForCausalLM"]}}),
            |_, m| assert_eq!(m.kind, ModelKind::Other),
        ),
        case(
            "kind: no pipeline, a *ForCausalLM class",
            json!({"id": "x/y", "library_name": "transformers", "config": {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}}),
            |_, m| assert_eq!(m.kind, ModelKind::TextGeneration),
        ),
        case(
            "kind: no pipeline, transformersInfo says AutoModelForCausalLM",
            json!({"id": "x/y", "transformersInfo": {"auto_model": "AutoModelForCausalLM"}}),
            |_, m| assert_eq!(m.kind, ModelKind::TextGeneration),
        ),
        case(
            "kind: no pipeline, a GGUF repo",
            json!({"id": "x/y", "library_name": "transformers", "tags": ["gguf"], "siblings": [{"rfilename": "a-Q8_0.gguf"}]}),
            |_, m| assert_eq!(m.kind, ModelKind::TextGeneration),
        ),
        case(
            "kind: no pipeline, a seq2seq class is other",
            json!({"id": "x/y", "config": {"architectures": ["T5ForConditionalGeneration"], "model_type": "t5"}}),
            |_, m| assert_eq!(m.kind, ModelKind::Other),
        ),
        case(
            "kind: no pipeline, a diffusers pipeline class",
            json!({"id": "x/y", "tags": ["diffusers:StableDiffusionXLPipeline"], "siblings": [{"rfilename": "unet/diffusion_pytorch_model.safetensors"}]}),
            |_, m| {
                assert_eq!(m.kind, ModelKind::ImageGeneration);
                assert!(is_model_compatible(m).compatible);
            },
        ),
        case("kind: nothing to go on", json!({"id": "x/y"}), |_, m| assert_eq!(m.kind, ModelKind::Other)),
        // ---- diffusers ----
        case(
            "diffusers class from config first, then tags",
            json!({"id": "x/y", "config": {"diffusers": {"_class_name": "FluxPipeline"}}, "tags": ["diffusers:StableDiffusionPipeline"]}),
            |_, m| assert_eq!(m.diffusers_pipeline.as_deref(), Some("FluxPipeline")),
        ),
        case(
            "diffusers class from a tag",
            json!({"id": "x/y", "tags": ["diffusers", "diffusers:StableDiffusionXLPipeline"], "library_name": "diffusers"}),
            |_, m| {
                assert_eq!(m.diffusers_pipeline.as_deref(), Some("StableDiffusionXLPipeline"));
                assert_eq!(m.library.as_deref(), Some("diffusers"));
            },
        ),
        // ---- access ----
        case("gated manual", json!({"id": "x/y", "gated": "manual"}), |_, m| {
            assert_eq!(m.gated, Some(Gate::Manual));
        }),
        case("gated auto", json!({"id": "x/y", "gated": "auto"}), |_, m| {
            assert_eq!(m.gated, Some(Gate::Auto));
        }),
        case("gated true reads as auto", json!({"id": "x/y", "gated": true}), |r, m| {
            assert_eq!(r.gated, Some(HfGated::Auto));
            assert_eq!(m.gated, Some(Gate::Auto));
        }),
        case("gated false is not gated", json!({"id": "x/y", "gated": false}), |r, m| {
            assert_eq!(r.gated, Some(HfGated::Off));
            assert_eq!(m.gated, None);
        }),
        case("private and disabled", json!({"id": "x/y", "private": true, "disabled": true}), |_, m| {
            assert!(m.private);
            assert!(m.disabled);
            assert!(codes(m).contains(&Code::Disabled));
        }),
        // ---- licence, base models, library, pipeline ----
        case(
            "licence from cardData first",
            json!({"id": "x/y", "cardData": {"license": "apache-2.0"}, "tags": ["license:mit"]}),
            |_, m| assert_eq!(m.license.as_deref(), Some("apache-2.0")),
        ),
        case("licence from a tag", json!({"id": "x/y", "tags": ["license:llama3.1"]}), |_, m| {
            assert_eq!(m.license.as_deref(), Some("llama3.1"))
        }),
        case(
            "base model from cardData, a string",
            json!({"id": "x/y", "cardData": {"base_model": "a/b"}, "tags": ["base_model:c/d"]}),
            |_, m| assert_eq!(m.base_models, ["a/b"]),
        ),
        case(
            "base models from cardData, a list",
            json!({"id": "x/y", "cardData": {"base_model": ["a/b", "c/d"]}}),
            |_, m| assert_eq!(m.base_models, ["a/b", "c/d"]),
        ),
        case(
            "base models from tags, relation forms read as the repo id",
            json!({"id": "x/y", "tags": ["base_model:google/gemma-3-1b-it", "base_model:quantized:google/gemma-3-1b-it",
                                          "base_model:finetune:a/b", "base_model:adapter:c/d"]}),
            |_, m| assert_eq!(m.base_models, ["google/gemma-3-1b-it", "a/b", "c/d"]),
        ),
        case(
            "library and pipeline tag as sent",
            json!({"id": "x/y", "library_name": "transformers", "pipeline_tag": "fill-mask"}),
            |_, m| {
                assert_eq!(m.library.as_deref(), Some("transformers"));
                assert_eq!(m.pipeline_tag.as_deref(), Some("fill-mask"));
            },
        ),
        // ---- wrong types: absent plus a note, never a failure ----
        case(
            "wrong-typed fields are read as absent, with notes",
            json!({"id": "x/y", "downloads": "12", "gated": 5, "siblings": {}, "config": [],
                   "safetensors": "x", "tags": [1, "a"], "likes": -3, "private": "no", "gguf": 7,
                   "cardData": {"base_model": 3, "license": ["mit"]}}),
            |r, m| {
                assert_eq!(r.downloads, None);
                assert_eq!(r.gated, None);
                assert_eq!(r.siblings, None);
                assert_eq!(r.config, None);
                assert_eq!(r.safetensors, None);
                assert_eq!(r.likes, None);
                assert_eq!(r.private, None);
                assert_eq!(r.gguf, None);
                assert_eq!(r.tags, ["a"]);
                assert_eq!(
                    r.notes,
                    [
                        "field `gated`: expected false, \"auto\" or \"manual\", found a number",
                        "field `cardData.base_model`: expected a string or a list of strings, found a number",
                        "field `safetensors`: expected an object, found a string",
                        "field `gguf`: expected an object, found a number",
                        "field `siblings`: expected an array, found an object",
                        "field `config`: expected an object, found an array",
                        "field `private`: expected a boolean, found a string",
                        "field `downloads`: expected a number, found a string",
                        "field `likes`: expected a non-negative integer, found a number",
                        "field `tags`: dropped 1 element(s) that are not strings",
                    ]
                );
                assert_eq!(m.id, "x/y");
                assert_eq!(m.license.as_deref(), Some("mit"));
                assert!(m.formats.is_empty());
            },
        ),
        case(
            "wrong types inside nested objects",
            json!({"id": "x/y", "siblings": [{"rfilename": 3}, "README.md", {"size": 1}, {"rfilename": "a.gguf", "size": "big"}],
                   "safetensors": {"parameters": {"BF16": "7", "F32": 2}, "total": 1.5},
                   "config": {"model_type": ["llama"], "architectures": "LlamaForCausalLM", "quantization_config": "gptq",
                              "diffusers": {"_class_name": 1}},
                   "gguf": {"context_length": "32k", "architecture": "llama"}}),
            |r, m| {
                assert_eq!(r.siblings.as_ref().unwrap().len(), 1);
                assert_eq!(m.files.len(), 1);
                assert_eq!(m.files[0].size_bytes, None);
                assert_eq!(m.parameters, Some(2));
                assert_eq!(m.context_length, None);
                assert_eq!(m.quantization, None);
                assert_eq!(arch(m), Some(("llama", "llama", Evidence::Gguf)));
                for expected in [
                    "field `siblings[0].rfilename`: expected a string, found a number",
                    "field `siblings[1]`: expected an object, found a string",
                    "field `siblings[2].rfilename`: missing, entry dropped",
                    "field `siblings[3].size`: expected a number, found a string",
                    "field `safetensors.parameters.BF16`: expected a number, found a string",
                    "field `safetensors.total`: expected a non-negative integer, found a number",
                    "field `config.quantization_config`: expected an object, found a string",
                    "field `config.diffusers._class_name`: expected a string, found a number",
                    "field `config.model_type`: expected a string, found an array",
                    "field `config.architectures`: expected an array, found a string",
                    "field `gguf.context_length`: expected a number, found a string",
                ] {
                    assert!(r.notes.iter().any(|n| n == expected), "missing note {expected:?} in {:#?}", r.notes);
                }
            },
        ),
        case(
            "null is absent, silently",
            json!({"id": "x/y", "pipeline_tag": null, "config": null, "model-index": null, "cardData": {"base_model": null}}),
            |r, m| {
                assert!(r.notes.is_empty(), "{:?}", r.notes);
                assert_eq!(m.pipeline_tag, None);
            },
        ),
        case("an unknown gated mode reads as manual, with a note", json!({"id": "x/y", "gated": "review"}), |r, m| {
            assert_eq!(m.gated, Some(Gate::Manual));
            assert_eq!(r.notes, ["field `gated`: unknown mode `review`, read as manual"]);
        }),
        case(
            "display fields are kept",
            json!({"_id": "abc", "id": "x/y", "author": "x", "sha": "deadbeef", "createdAt": "2025-01-01T00:00:00.000Z",
                   "lastModified": "2025-02-01T00:00:00.000Z", "downloads": 12, "likes": 3, "trendingScore": 4,
                   "usedStorage": 1000, "gguf": {"totalFileSize": 900}, "downloadsAllTime": 99,
                   "cardData": {"license": "other", "license_name": "custom", "language": "en", "base_model_relation": "merge"}}),
            |r, _| {
                assert_eq!(r.internal_id.as_deref(), Some("abc"));
                assert_eq!(r.author.as_deref(), Some("x"));
                assert_eq!(r.sha.as_deref(), Some("deadbeef"));
                assert_eq!(r.created_at.as_deref(), Some("2025-01-01T00:00:00.000Z"));
                assert_eq!(r.last_modified.as_deref(), Some("2025-02-01T00:00:00.000Z"));
                assert_eq!((r.downloads, r.likes, r.trending_score), (Some(12), Some(3), Some(4.0)));
                assert_eq!(r.downloads_all_time, Some(99));
                assert_eq!(r.used_storage, Some(1000));
                assert_eq!(r.gguf.as_ref().unwrap().total_file_size, Some(900));
                let card = r.card_data.as_ref().unwrap();
                assert_eq!(card.license_name.as_deref(), Some("custom"));
                assert_eq!(card.language, ["en"]);
                assert_eq!(card.base_model_relation.as_deref(), Some("merge"));
                assert!(r.notes.is_empty());
            },
        ),
    ]
}

#[test]
fn extraction_rules() {
    let mut names = std::collections::BTreeSet::new();
    for case in cases() {
        assert!(names.insert(case.name), "duplicate case name {}", case.name);
        let record: HfModelRecord =
            serde_json::from_value(case.record.clone()).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let metadata = resolve(&extract_metadata(&record), default_catalog());
        let outcome = std::panic::catch_unwind(|| (case.check)(&record, &metadata));
        if let Err(panic) = outcome {
            eprintln!("case failed: {}", case.name);
            std::panic::resume_unwind(panic);
        }
        // Every record, however odd, gets a verdict.
        let _ = is_model_compatible(&metadata);
    }
}

#[test]
fn bodies_by_shape() {
    // A detail object.
    let one = extract_from_json(r#"{"id": "a/b", "tags": ["gguf"]}"#).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].1.id, "a/b");
    // A list page, bytes in.
    let list = extract_from_json(br#"[{"id": "a/b"}, {"modelId": "c/d"}, 3]"#).unwrap();
    let ids: Vec<&str> = list.iter().map(|(_, m)| m.id.as_str()).collect();
    assert_eq!(ids, ["a/b", "c/d", ""]);
    assert_eq!(list[2].0.notes, ["record: expected an object, found a number"]);
    // An empty list page.
    assert!(extract_from_json("[]").unwrap().is_empty());
    // A tree listing is told apart, and refused by extract_from_json.
    let tree = r#"[{"type": "file", "oid": "1", "size": 3, "path": "a.gguf"},
                  {"type": "directory", "oid": "2", "size": 0, "path": "sub"}]"#;
    let Ok(HfBody::Tree(entries)) = parse_body(tree) else { panic!("not read as a tree") };
    assert_eq!(entries.len(), 2);
    assert!(matches!(extract_from_json(tree), Err(ParseError::TreeListing)));
    // Errors.
    assert!(matches!(
        extract_from_json(r#"{"error": "Repository not found"}"#),
        Err(ParseError::Api(m)) if m == "Repository not found"
    ));
    assert!(matches!(extract_from_json("\"x\""), Err(ParseError::Shape("a string"))));
    assert!(matches!(extract_from_json("{"), Err(ParseError::Json(_))));
    // A list element shaped like a tree entry but carrying an id is a model.
    let Ok(HfBody::Models(models)) = parse_body(r#"[{"id": "a/b", "type": "model", "path": "x"}]"#) else {
        panic!("not read as models")
    };
    assert_eq!(models[0].id.as_deref(), Some("a/b"));
}

#[test]
fn tree_listing_replaces_siblings() {
    let record: HfModelRecord = serde_json::from_value(json!({
        "id": "x/y", "tags": ["mlx"], "config": {"model_type": "llama"},
        "siblings": [{"rfilename": "old.safetensors"}]
    }))
    .unwrap();
    let tree = match parse_body(
        r#"[{"type": "file", "oid": "1", "size": 345, "path": ".gitattributes"},
            {"type": "directory", "oid": "2", "size": 0, "path": "q"},
            {"type": "file", "oid": "3", "size": 10, "lfs": {"oid": "x", "size": 10, "pointerSize": 134}, "path": "model.safetensors"},
            {"type": "file", "oid": "4", "lfs": {"oid": "y", "size": 20, "pointerSize": 134}, "path": "q/m-Q4_K_M.gguf"},
            {"type": "file", "oid": "5", "size": 5, "path": "quantize_config.json"}]"#,
    )
    .unwrap()
    {
        HfBody::Tree(entries) => entries,
        HfBody::Models(_) => panic!("not a tree"),
    };
    let m = extract_metadata_with_tree(&record, &tree);
    let files: Vec<_> = m.files.iter().map(|f| (f.name.as_str(), f.format.clone(), f.size_bytes)).collect();
    assert_eq!(files, [("model.safetensors", Some(Mlx), Some(10)), ("q/m-Q4_K_M.gguf", Some(Gguf), Some(20)),]);
    assert_eq!(m.formats, [Gguf, Mlx]);
    assert_eq!(m.quantization.as_deref(), Some("gptq"));
    // Without the record's context, the tree alone gives plain classifications.
    let plain = provider_huggingface::extract_files_from_tree(&tree);
    assert_eq!(plain[0].format, Some(Safetensors));
    assert_eq!(plain.len(), 2);
}

/// One cosmetic number that does not fit reads as absent with a note; the rest of the record
/// and the page stay.
#[test]
fn numbers_that_do_not_fit_read_as_absent_with_a_note() {
    let body = format!(
        r#"[{{"id": "a/b", "downloads": 1e400, "likes": 1{}, "pipeline_tag": "text-generation"}}, {{"id": "c/d", "downloads": 4096.0}}]"#,
        "0".repeat(30)
    );
    let HfBody::Models(records) = parse_body(body.as_bytes()).unwrap() else { panic!("not models") };
    assert_eq!(records.len(), 2);
    assert_eq!((records[0].downloads, records[0].likes), (None, None));
    assert_eq!(records[0].pipeline_tag.as_deref(), Some("text-generation"));
    assert_eq!(
        records[0].notes,
        [
            "field `downloads`: expected a non-negative integer, found a number out of range",
            "field `likes`: expected a non-negative integer, found a number",
        ]
    );
    assert_eq!(records[1].downloads, Some(4096));
    let bom = [b"\xEF\xBB\xBF".as_slice(), br#"{"id": "a/b"}"#].concat();
    assert!(matches!(parse_body(&bom), Ok(HfBody::Models(r)) if r[0].repo_id() == Some("a/b")));
}
