//! Reading an architecture out of what a record offers, strongest evidence first.
//!
//! Providers call these; the rules only see the resulting [`Architecture`].

use crate::catalog::{WorkerCatalog, default_catalog};
use crate::metadata::{Architecture, Evidence};

/// HF `model_type` names that no default worker supports but that we must still
/// recognise in tags and repository names, so `llama4` is read as `llama4` and not
/// mistaken for `llama`. Recognition only: support is decided by the catalog.
const KNOWN_OTHER_NAMES: &[&str] = &[
    "albert",
    "baichuan",
    "bailing_moe",
    "bart",
    "bert",
    "bloom",
    "chatglm",
    "clip",
    "codegen",
    "cohere",
    "cohere2",
    "dbrx",
    "deberta",
    "deberta-v2",
    "deepseek_v2",
    "deepseek_v3",
    "distilbert",
    "electra",
    "ernie4_5",
    "ernie4_5_moe",
    "exaone",
    "falcon",
    "gemma3n",
    "glm",
    "glm4",
    "glm4_moe",
    "gpt2",
    "gpt_bigcode",
    "gpt_neo",
    "gpt_neox",
    "gpt_oss",
    "gptj",
    "granite",
    "granitemoe",
    "hunyuan",
    "idefics3",
    "internlm2",
    "jamba",
    "llama4",
    "llama4_text",
    "llava",
    "mamba",
    "mbart",
    "minicpm",
    "mistral3",
    "mllama",
    "mpt",
    "mt5",
    "nemotron",
    "olmo",
    "olmo2",
    "olmoe",
    "opt",
    "paligemma",
    "phi4mm",
    "phimoe",
    "qwen2_5_vl",
    "qwen2_vl",
    "qwen3_5",
    "qwen3_next",
    "qwen3_vl",
    "qwen3_vl_moe",
    "roberta",
    "rwkv",
    "smollm3",
    "stablelm",
    "starcoder2",
    "t5",
    "t5gemma",
    "umt5",
    "vaultgemma",
    "whisper",
    "xlm-roberta",
];

fn is_known_name(catalog: &WorkerCatalog, name: &str) -> bool {
    catalog.knows_config_name(name) || KNOWN_OTHER_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Builds an [`Architecture`], normalizing the family through the default catalog.
pub fn architecture(raw: &str, evidence: Evidence) -> Architecture {
    let raw = raw.trim();
    let family = default_catalog().family_of(raw, evidence).unwrap_or(raw).to_owned();
    Architecture { family, raw: raw.to_owned(), evidence }
}

/// From HF `config`: `model_type` first, else the first `architectures` class
/// (`Qwen2MoeForCausalLM` becomes `qwen2_moe`).
pub fn from_config(model_type: Option<&str>, architectures: &[&str]) -> Option<Architecture> {
    if let Some(model_type) = model_type.map(str::trim).filter(|s| !s.is_empty()) {
        return Some(architecture(model_type, Evidence::Config));
    }
    let class = architectures.iter().map(|s| s.trim()).find(|s| !s.is_empty())?;
    Some(architecture(&model_type_of_class(class), Evidence::Config))
}

/// From GGUF `general.architecture`.
pub fn from_gguf(name: &str) -> Option<Architecture> {
    let name = name.trim();
    (!name.is_empty()).then(|| architecture(name, Evidence::Gguf))
}

/// From repository tags: the first tag that is exactly a known architecture name.
pub fn from_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Architecture> {
    let catalog = default_catalog();
    tags.into_iter().map(str::trim).find(|t| is_known_name(catalog, t)).map(|t| architecture(t, Evidence::Tags))
}

/// From a repository name: whole tokens only (`Llama-4-Scout` reads as `llama4`, which
/// is not `llama`; `TinyLlama` reads as nothing).
pub fn from_name(repo_id: &str) -> Option<Architecture> {
    let catalog = default_catalog();
    let name = repo_id.rsplit('/').next().unwrap_or(repo_id).to_ascii_lowercase();
    let tokens: Vec<&str> = name.split(['-', '_', '.', ' ']).filter(|t| !t.is_empty()).collect();
    for (i, token) in tokens.iter().enumerate() {
        // A following version token belongs to the name: `gemma-3` is `gemma3`.
        if let Some(next) = tokens.get(i + 1) {
            for joined in [format!("{token}_{next}"), format!("{token}{next}")] {
                if is_known_name(catalog, &joined) {
                    return Some(architecture(&joined, Evidence::Name));
                }
            }
            if next.bytes().all(|b| b.is_ascii_digit()) && next.len() <= 2 && !token.bytes().any(|b| b.is_ascii_digit())
            {
                // `llama-3` is a llama; but `llama-4` was handled above only if known,
                // so an unknown numbered successor is not assumed to be its ancestor.
                let numbered = format!("{token}{next}");
                if !is_known_name(catalog, &numbered) && is_later_generation(token, next) {
                    continue;
                }
            }
        }
        if is_known_name(catalog, token) {
            return Some(architecture(token, Evidence::Name));
        }
    }
    None
}

/// Generations the default families do not cover when only a name is known:
/// `llama-4` (llama4 arch) but not `llama-2`/`llama-3`.
fn is_later_generation(token: &str, version: &str) -> bool {
    let version: u32 = version.parse().unwrap_or(0);
    match token {
        "llama" => version >= 4,
        "gemma" => version >= 4,
        "phi" => version >= 4,
        "qwen" => version >= 4,
        _ => false,
    }
}

/// `LlamaForCausalLM` -> `llama`, `Qwen2MoeForCausalLM` -> `qwen2_moe`,
/// `GPT2LMHeadModel` -> `gpt2`.
fn model_type_of_class(class: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "ForCausalLM",
        "ForConditionalGeneration",
        "LMHeadModel",
        "ForMaskedLM",
        "ForSequenceClassification",
        "Model",
    ];
    let stem = SUFFIXES.iter().find_map(|s| class.strip_suffix(s)).unwrap_or(class);
    let mut out = String::with_capacity(stem.len() + 4);
    let mut prev: Option<char> = None;
    for c in stem.chars() {
        if c.is_ascii_uppercase() && prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_become_model_types() {
        for (class, expected) in [
            ("LlamaForCausalLM", "llama"),
            ("Qwen2MoeForCausalLM", "qwen2_moe"),
            ("GPT2LMHeadModel", "gpt2"),
            ("GptOssForCausalLM", "gpt_oss"),
            ("Gemma3ForConditionalGeneration", "gemma3"),
            ("MistralForCausalLM", "mistral"),
        ] {
            assert_eq!(model_type_of_class(class), expected, "{class}");
        }
    }

    #[test]
    fn names_match_whole_tokens_only() {
        let table: &[(&str, Option<(&str, &str)>)] = &[
            ("meta-llama/Meta-Llama-3-8B-Instruct", Some(("llama", "llama"))),
            ("meta-llama/Llama-4-Scout-17B-16E-Instruct", Some(("llama4", "llama4"))),
            ("ggml-org/gemma-3-1b-it-GGUF", Some(("gemma3", "gemma"))),
            ("bartowski/Qwen2.5-7B-Instruct-GGUF", Some(("qwen2", "qwen"))),
            ("unsloth/Qwen3-30B-A3B-GGUF", Some(("qwen3", "qwen"))),
            ("TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF", Some(("mixtral", "mistral"))),
            ("microsoft/Phi-3-mini-4k-instruct-gguf", Some(("phi3", "phi"))),
            ("unsloth/gpt-oss-20b-GGUF", Some(("gpt_oss", "gpt_oss"))),
            ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", None),
            ("someone/gemmalike-2b", None),
            ("google/gemma-4-9b", None),
        ];
        for (id, expected) in table {
            let got = from_name(id).map(|a| (a.raw, a.family));
            let expected = expected.map(|(r, f)| (r.to_owned(), f.to_owned()));
            assert_eq!(got, expected, "{id}");
        }
    }

    #[test]
    fn tags_must_equal_a_known_name() {
        assert_eq!(from_tags(["text-generation", "llama", "conversational"]).map(|a| a.family), Some("llama".into()));
        assert_eq!(from_tags(["llama-cpp", "llama-3"]), None);
        assert_eq!(from_tags(["gpt_oss"]).map(|a| a.family), Some("gpt_oss".into()));
    }
}
