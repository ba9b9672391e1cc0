//! Reading an architecture out of what a record offers, strongest evidence first.
//!
//! Providers read what a record states (`config`, GGUF) with [`from_config`] and
//! [`from_gguf`]; names that are only circumstantial (tags, the repository name) are read
//! when judging, with the names the catalog knows ([`from_tags`], [`from_name`]), so a
//! catalog can teach a name without the model being extracted again.

use crate::catalog::{Reader, WorkerCatalog};
use crate::metadata::{Architecture, Evidence};

/// An architecture as a record states it. Its family is left for the catalog the model
/// is judged against (see [`crate::resolve`]).
pub fn architecture(raw: &str, evidence: Evidence) -> Architecture {
    Architecture { family: None, raw: raw.trim().to_owned(), evidence }
}

/// From HF `config`: `model_type` first, else the first `architectures` class
/// (`Qwen2MoeForCausalLM` becomes `qwen2_moe`).
pub fn from_config(model_type: Option<&str>, architectures: &[&str]) -> Option<Architecture> {
    if let Some(model_type) = model_type.and_then(crate::wire::non_empty) {
        return Some(architecture(model_type, Evidence::Config));
    }
    let class = architectures.iter().find_map(|s| crate::wire::non_empty(s))?;
    Some(architecture(&model_type_of_class(class), Evidence::Config))
}

/// From GGUF `general.architecture`.
pub fn from_gguf(name: &str) -> Option<Architecture> {
    let name = name.trim();
    (!name.is_empty()).then(|| architecture(name, Evidence::Gguf))
}

/// From repository tags: the first tag that is exactly a name `catalog` knows.
pub fn from_tags<'a>(tags: impl IntoIterator<Item = &'a str>, catalog: &WorkerCatalog) -> Option<Architecture> {
    infer_from_tags(tags, catalog.reader()).map(|raw| architecture(raw, Evidence::Tags))
}

/// From a repository name: whole tokens only, against the names `catalog` knows
/// (`Llama-4-Scout` reads as `llama4`, which is not `llama`; `TinyLlama` reads as nothing).
pub fn from_name(repo_id: &str, catalog: &WorkerCatalog) -> Option<Architecture> {
    infer_from_name(repo_id, catalog.reader()).map(|raw| architecture(&raw, Evidence::Name))
}

pub(crate) fn infer_from_tags<'a>(tags: impl IntoIterator<Item = &'a str>, reader: Reader<'_>) -> Option<&'a str> {
    tags.into_iter().map(str::trim).find(|t| reader.knows_name(t))
}

pub(crate) fn infer_from_name(repo_id: &str, reader: Reader<'_>) -> Option<String> {
    let name = repo_id.rsplit('/').next().unwrap_or(repo_id).to_ascii_lowercase();
    let tokens: Vec<&str> = name.split(['-', '_', '.', ' ']).filter(|t| !t.is_empty()).collect();
    for (i, token) in tokens.iter().enumerate() {
        // A following version token belongs to the name: `gemma-3` is `gemma3`.
        if let Some(next) = tokens.get(i.saturating_add(1)) {
            for joined in [format!("{token}_{next}"), format!("{token}{next}")] {
                if reader.knows_name(&joined) {
                    return Some(joined);
                }
            }
            if next.bytes().all(|b| b.is_ascii_digit()) && next.len() <= 2 && !token.bytes().any(|b| b.is_ascii_digit())
            {
                // `llama-3` is a llama; but `llama-4` was handled above only if known,
                // so an unknown numbered successor is not assumed to be its ancestor.
                let generation: u32 = next.parse().unwrap_or(0);
                if reader.vocabulary.is_later_generation(token, generation) {
                    continue;
                }
            }
        }
        if reader.knows_name(token) {
            return Some((*token).to_owned());
        }
    }
    None
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
    let mut out = String::with_capacity(stem.len().saturating_add(4));
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
    use crate::catalog::default_catalog;

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
            let got = from_name(id, default_catalog()).map(|a| {
                let family = default_catalog().family_of(&a.raw, a.evidence).unwrap_or(&a.raw).to_owned();
                (a.raw, family)
            });
            let expected = expected.map(|(r, f)| (r.to_owned(), f.to_owned()));
            assert_eq!(got, expected, "{id}");
        }
    }

    #[test]
    fn tags_must_equal_a_known_name() {
        let catalog = default_catalog();
        let raw = |tags: &[&'static str]| from_tags(tags.iter().copied(), catalog).map(|a| a.raw);
        assert_eq!(raw(&["text-generation", "llama", "conversational"]), Some("llama".into()));
        assert_eq!(raw(&["llama-cpp", "llama-3"]), None);
        assert_eq!(raw(&["gpt_oss"]), Some("gpt_oss".into()));
        assert_eq!(raw(&["Qwen3"]), Some("Qwen3".into()));
    }
}
