//! GGUF quantization labels as llama.cpp tools write them into file names.

/// Finds the quantization label in a GGUF file name, e.g. `Q4_K_M` in
/// `gemma-3-1b-it-Q4_K_M.gguf` or `Q4_K_XL` in `Qwen3-8B-UD-Q4_K_XL.gguf`.
///
/// The label is returned in canonical upper case (`FP16` becomes `F16`). Unsloth's
/// `UD-` prefix marks a dynamic layout of the same quant type and is dropped.
/// Returns `None` when no token of the name is a quantization label.
pub fn gguf_quant_from_filename(name: &str) -> Option<String> {
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem = strip_suffix_ignore_case(file, ".gguf").unwrap_or(file);
    let stem = crate::files::split_shard_suffix(stem).map_or(stem, |(base, _, _)| base);
    // The label is almost always last; scanning from the end avoids matching e.g. a
    // model called `F16-finetune` before its real quant.
    stem.rsplit(['-', '.', ' ']).find_map(|token| {
        let upper = token.to_ascii_uppercase();
        if let Some(label) = canonical_label(&upper) {
            return Some(label);
        }
        // `mistral-7b-v0.2_Q4_K_M`: the label follows an underscore inside a token.
        upper.match_indices('_').find_map(|(at, _)| upper[at..].strip_prefix('_').and_then(canonical_label))
    })
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

/// Validates an upper-case token against the label grammar and canonicalises it.
fn canonical_label(token: &str) -> Option<String> {
    match token {
        "F32" | "FP32" => return Some("F32".into()),
        "F16" | "FP16" => return Some("F16".into()),
        "BF16" => return Some("BF16".into()),
        "MXFP4" | "MXFP4_MOE" => return Some(token.into()),
        _ => {}
    }
    let valid = if let Some(rest) = token.strip_prefix("TQ") {
        matches!(rest, "1_0" | "2_0")
    } else if let Some(rest) = token.strip_prefix("IQ") {
        match rest.split_once('_') {
            Some((bits, size)) => {
                matches!(bits, "1" | "2" | "3" | "4") && matches!(size, "XXS" | "XS" | "S" | "M" | "NL")
            }
            None => false,
        }
    } else if let Some(rest) = token.strip_prefix('Q') {
        let mut parts = rest.split('_');
        let bits_ok = parts.next().is_some_and(|b| matches!(b, "1" | "2" | "3" | "4" | "5" | "6" | "8"));
        match (bits_ok, parts.next(), parts.next(), parts.next(), parts.next()) {
            // Legacy block quants: Q4_0, Q5_1, Q8_0.
            (true, Some("0" | "1"), None, None, None) => true,
            // ARM repacks: Q4_0_4_4, Q4_0_8_8.
            (true, Some("0"), Some(a), Some(b), None) => is_digit(a) && is_digit(b),
            // k-quants: Q6_K, Q4_K_M, Q4_K_XL.
            (true, Some("K"), None, None, None) => true,
            (true, Some("K"), Some("S" | "M" | "L" | "XL" | "XS"), None, None) => true,
            _ => false,
        }
    } else {
        false
    };
    valid.then(|| token.to_owned())
}

fn is_digit(s: &str) -> bool {
    s.len() == 1 && s.as_bytes()[0].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::gguf_quant_from_filename;

    #[test]
    fn finds_labels_in_real_file_names() {
        let table: &[(&str, Option<&str>)] = &[
            ("gemma-3-1b-it-Q4_K_M.gguf", Some("Q4_K_M")),
            ("Qwen3.8-27B-Abliterated.Q3_K_M.gguf", Some("Q3_K_M")),
            ("Qwen3.8-27B-Wildthing-Q8_0.gguf", Some("Q8_0")),
            ("Meta-Llama-3-8B-Instruct.IQ4_XS.gguf", Some("IQ4_XS")),
            ("Qwen3-30B-A3B-UD-Q4_K_XL.gguf", Some("Q4_K_XL")),
            ("Q4_K_M/Qwen3-235B-A22B-Q4_K_M-00001-of-00003.gguf", Some("Q4_K_M")),
            ("qwen2.5-7b-instruct-q4_k_m-00002-of-00002.gguf", Some("Q4_K_M")),
            ("mistral-7b-instruct-v0.2_Q4_K_M.gguf", Some("Q4_K_M")),
            ("Llama-3.2-1B-Instruct-f16.gguf", Some("F16")),
            ("model-fp16.gguf", Some("F16")),
            ("gemma-3-1b-it-BF16.gguf", Some("BF16")),
            ("mmproj-model-f16.gguf", Some("F16")),
            ("Llama-3.2-3B-Instruct-Q4_0_4_4.gguf", Some("Q4_0_4_4")),
            ("BitNet-b1.58-TQ1_0.gguf", Some("TQ1_0")),
            ("gpt-oss-20b-MXFP4.gguf", Some("MXFP4")),
            ("gpt-oss-120b-mxfp4_moe.gguf", Some("MXFP4_MOE")),
            ("ggml-model-IQ2_XXS.gguf", Some("IQ2_XXS")),
            ("model.gguf", None),
            ("Qwen3-8B.gguf", None),
            ("Q9_K.gguf", None),
        ];
        for (name, expected) in table {
            assert_eq!(gguf_quant_from_filename(name).as_deref(), *expected, "{name}");
        }
    }
}
