//! Rules for text-generation workers (the candle LLM worker).

use super::files::{FileOutcome, describe_list, file_verdict, recommended, role_and_format, warn_size_overflows};
use super::findings::Findings;
use super::fit::{TextFit, fit_rank, text_file_weights};
use crate::CountMap;
use crate::catalog::WorkerProfile;
use crate::device::Device;
use crate::files::{LogicalFile, logical_files};
use crate::format::WeightFormat;
use crate::memory::{FitVerdict, MemoryEstimate};
use crate::metadata::{Evidence, Gate, ModelKind, ModelMetadata};
use crate::resolve::Facts;
use crate::result::{Code, CompatibilityResult, Confidence, FileVerdict, RecommendedFile};

pub(super) fn judge(
    m: &ModelMetadata,
    facts: &Facts<'_>,
    w: &WorkerProfile,
    device: Option<&Device>,
) -> CompatibilityResult {
    let mut f = Findings::new(Confidence::High);

    // A model of another kind gets that one reason, not a pile of consequences.
    if let Some(reason) = wrong_kind(m, facts, w) {
        f.block(Code::NotTextGeneration, reason);
        return f.into_result(&w.id, Vec::new(), None, Vec::new());
    }
    if let Some(tag) = &m.pipeline_tag {
        if let Some(code) = w.pipelines.iter().find(|p| p.tag == *tag).and_then(|p| p.warning) {
            warn_for_pipeline(&mut f, code, tag, w);
        }
    }
    availability(m, facts, w, &mut f);
    architecture(facts, w, &mut f);
    let (files, recommended_file, memory) = weights(m, facts, w, device, &mut f);
    context(m, w, &mut f);
    let mut result = f.into_result(&w.id, files, recommended_file, Vec::new());
    if let Some((estimate, fit)) = memory {
        result.memory = Some(Box::new(estimate));
        result.fit = Some(Box::new(fit));
    }
    result
}

/// The memory verdict of the file recommended, when judged with a device.
type Memory = Option<(MemoryEstimate, FitVerdict)>;

fn wrong_kind(m: &ModelMetadata, facts: &Facts<'_>, w: &WorkerProfile) -> Option<String> {
    if facts.kind == ModelKind::ImageGeneration {
        return Some(format!("an image-generation model; {} runs text generation", w.id));
    }
    match &m.pipeline_tag {
        Some(tag) if !w.pipelines.iter().any(|p| p.tag == *tag) => {
            Some(format!("pipeline `{tag}` is not text generation"))
        }
        None if !w.allow_missing_pipeline => Some("no pipeline tag: not known to be text generation".to_owned()),
        _ => None,
    }
}

fn warn_for_pipeline(f: &mut Findings, code: Code, tag: &str, w: &WorkerProfile) {
    if code == Code::VisionInputIgnored {
        f.warn(code, format!("pipeline `{tag}`: {} runs the text part only; image inputs are ignored", w.id));
        f.recommend("Use it for text prompts only: the worker does not load the vision encoder.");
    } else {
        f.warn(code, format!("pipeline `{tag}`"));
    }
}

/// Disabled, gated: what the Hub says about access.
pub(super) fn availability(m: &ModelMetadata, facts: &Facts<'_>, w: &WorkerProfile, f: &mut Findings) {
    if m.disabled {
        f.block(Code::Disabled, "the repository is disabled: its files cannot be downloaded");
    }
    if let Some(gate) = m.gated {
        let how = match gate {
            Gate::Auto => "accepted automatically",
            Gate::Manual => "reviewed by the authors",
        };
        f.warn(Code::Gated, format!("gated repository: downloads need a token and an accepted licence ({how})"));
        let token = facts.vocabulary.token_advice(m.source).unwrap_or("an access token");
        f.recommend(format!("Accept the licence on the model page, then give {} {token}.", w.id));
    }
}

fn architecture(facts: &Facts<'_>, w: &WorkerProfile, f: &mut Findings) {
    let Some((raw, evidence)) = &facts.architecture else {
        f.block(Code::ArchitectureUnknown, "architecture unknown: no config, no GGUF metadata, no telling tag or name");
        return;
    };
    let evidence = *evidence;
    match w.family_for(raw, evidence) {
        Some(family) => {
            f.cap_confidence(family.confidence);
            if evidence.is_inferred() {
                f.cap_confidence(Confidence::Low);
                f.warn(
                    Code::ArchitectureInferred,
                    format!(
                        "architecture `{raw}` is inferred from the repository {}, not read from a config",
                        if evidence == Evidence::Tags { "tags" } else { "name" }
                    ),
                );
            }
        }
        None => {
            let source = match evidence {
                Evidence::Header => "the file header",
                Evidence::Config => "config",
                Evidence::Gguf => "GGUF metadata",
                Evidence::Tags => "tags",
                Evidence::Name => "repository name",
            };
            f.block(
                Code::UnsupportedArchitecture,
                format!("architecture `{raw}` (from {source}) is not supported by {}", w.id),
            );
        }
    }
}

fn gguf_outcome(label: Option<&str>, w: &WorkerProfile) -> FileOutcome {
    let Some(label) = label else {
        return FileOutcome::caveat(Code::QuantizationUnknown, "GGUF quantization not named in the file name");
    };
    if w.gguf_quantizations.iter().any(|q| q.eq_ignore_ascii_case(label)) {
        return FileOutcome::ok();
    }
    if w.gguf_quantizations_with_warning.iter().any(|q| q.eq_ignore_ascii_case(label)) {
        return FileOutcome::caveat(
            Code::MixedQuantization,
            format!("{label} mixes k-quant types per tensor; loads, but is less tested than standard k-quants"),
        );
    }
    let kind = if label.starts_with("IQ") {
        "an i-quant"
    } else if label.starts_with("TQ") {
        "a ternary quant"
    } else if label.starts_with("MXFP4") {
        "an MXFP4 quant"
    } else if label.matches('_').count() >= 3 {
        "an ARM repacked quant"
    } else {
        "a quantization"
    };
    FileOutcome::no(Code::UnsupportedQuantization, format!("{label} is {kind} that {} cannot load", w.id))
}

/// What the headers of a GGUF file's parts say, when they settle it: not runnable when a
/// part holds a tensor of a type the worker does not load; runnable when every part was
/// read and all of it loads. `None` otherwise (nothing read, or a part unread): the label
/// decides.
fn tensor_outcome(file: &LogicalFile<'_>, w: &WorkerProfile) -> Option<FileOutcome> {
    if w.gguf_tensor_types.is_empty() {
        return None;
    }
    // Unloadable types in name order, each once over the parts. The map type of
    // `tensor_types` itself, on the one B-tree the WASM module holds, where a map of borrowed
    // names would be one more copy of B-tree code (the names are few; cloning them costs little).
    let mut unloadable = CountMap::new();
    let mut read = 0usize;
    for part in file.files.iter().filter(|p| p.parameters.is_some()) {
        read = read.saturating_add(1);
        for (name, count) in part.tensor_types.iter().filter(|(name, _)| !w.loads_tensor_type(name)) {
            unloadable.add(name, count);
        }
    }
    if !unloadable.is_empty() {
        // "6 tensors are IQ4_XS, 2 are IQ3_S, 1 is TQ1_0, which llm-worker cannot load"
        let mut text = String::new();
        for (i, (name, count)) in unloadable.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(&count.to_string());
            text.push_str(match (i, count == 1) {
                (0, true) => " tensor is ",
                (0, false) => " tensors are ",
                (_, true) => " is ",
                (_, false) => " are ",
            });
            text.push_str(name);
        }
        text.push_str(", which ");
        text.push_str(&w.id);
        text.push_str(" cannot load");
        return Some(FileOutcome::no(Code::UnsupportedTensorType, text));
    }
    let expected = file.head.shard.as_ref().map_or(1, |s| s.count);
    let complete = read > 0 && read == file.files.len() && file.parts >= expected;
    complete.then(FileOutcome::ok)
}

fn file_outcome(file: &LogicalFile<'_>, m: &ModelMetadata, facts: &Facts<'_>, w: &WorkerProfile) -> FileOutcome {
    if let Some(outcome) = role_and_format(file.head, facts, w) {
        return outcome;
    }
    match &file.head.format {
        Some(WeightFormat::Gguf) => {
            tensor_outcome(file, w).unwrap_or_else(|| gguf_outcome(file.head.quantization.as_deref(), w))
        }
        Some(WeightFormat::Safetensors) => match &m.quantization {
            Some(method) if !w.loads_quantized_safetensors(method) => FileOutcome::no(
                Code::QuantizedWeightsUnsupported,
                format!("safetensors hold {method}-quantized weights; only {} load", plain_dtypes(w)),
            ),
            _ => FileOutcome::ok(),
        },
        _ => FileOutcome::ok(),
    }
}

/// The plain safetensors dtypes a worker loads, for reasons: `F32/F16/BF16`.
fn plain_dtypes(w: &WorkerProfile) -> String {
    if w.safetensors_dtypes.is_empty() { "unquantized weights".to_owned() } else { w.safetensors_dtypes.join("/") }
}

fn rank(file: &LogicalFile<'_>, w: &WorkerProfile) -> usize {
    let listed = w.gguf_preference.len();
    match (&file.head.format, &file.head.quantization) {
        (Some(WeightFormat::Gguf), Some(label)) => {
            w.gguf_preference.iter().position(|q| q.eq_ignore_ascii_case(label)).unwrap_or(listed)
        }
        // A GGUF whose quantization is unknown is a worse bet than known plain weights.
        (Some(WeightFormat::Gguf), None) => listed.saturating_add(2),
        _ => listed.saturating_add(1),
    }
}

/// Per-file verdicts, then the repository-level verdict they imply. With a device, the file
/// recommended is the most preferred one that fits on the GPU, else with offload, else on
/// the CPU; none fitting blocks the model.
fn weights(
    m: &ModelMetadata,
    facts: &Facts<'_>,
    w: &WorkerProfile,
    device: Option<&Device>,
    f: &mut Findings,
) -> (Vec<FileVerdict>, Option<RecommendedFile>, Memory) {
    let logical = logical_files(&m.files);
    warn_size_overflows(&logical, f);
    let outcomes: Vec<FileOutcome> = logical.iter().map(|lf| file_outcome(lf, m, facts, w)).collect();
    let mut verdicts: Vec<FileVerdict> =
        logical.iter().zip(&outcomes).map(|(lf, o)| file_verdict(lf, o, None)).collect();
    let on_device = device.map(|d| TextFit::new(m, w, d));
    let parameters = match &on_device {
        Some(fit) => fit.parameters,
        None => super::fit::parameters(m),
    };
    if let Some(fit) = &on_device {
        for ((lf, o), v) in logical.iter().zip(&outcomes).zip(&mut verdicts) {
            if o.runnable {
                v.fit = Some(fit.place(text_file_weights(lf, m, parameters)));
            }
        }
    }

    let best = logical
        .iter()
        .zip(&outcomes)
        .zip(&verdicts)
        .filter(|((_, o), _)| o.runnable)
        .min_by_key(|((lf, _), v)| (fit_rank(v.fit.as_ref()), rank(lf, w)))
        .map(|((lf, o), v)| (lf, o.clone(), v.fit));

    let weight_outcomes: Vec<&FileOutcome> =
        outcomes.iter().filter(|o| o.code != Some(Code::NotModelWeights)).collect();
    if logical.is_empty() {
        formats_without_files(m, w, f);
        let memory = on_device.filter(|_| !f.is_blocked()).map(|fit| {
            let weights = m.safetensors_bytes.filter(|_| m.formats.contains(&WeightFormat::Safetensors));
            fit.verdict(None, weights.map(|b| (b, false)), false, f)
        });
        return (verdicts, None, memory);
    }
    if weight_outcomes.is_empty() {
        f.block(Code::NoRunnableFile, "no model weights: only vision projectors or auxiliary files");
        return (verdicts, None, None);
    }
    match best {
        Some((lf, outcome, file_fit)) => {
            if let (Some(code), Some(reason)) = (outcome.code, &outcome.reason) {
                f.warn(code, format!("{}: {reason}", lf.head.name));
                if code == Code::QuantizationUnknown {
                    f.cap_confidence(Confidence::Medium);
                }
            }
            // The weights as placed, else (no device) as the size estimate needs them.
            let weights = match file_fit {
                Some(ff) => ff.weights_bytes.map(|bytes| (bytes, ff.weights_estimated)),
                None => text_file_weights(lf, m, parameters),
            };
            let named = outcomes.iter().filter(|o| o.runnable).nth(1).is_some();
            let memory = on_device.as_ref().filter(|_| !f.is_blocked()).map(|fit| match file_fit {
                // Nothing fits: the verdict is that of the smallest file.
                Some(ff) if ff.fit == crate::memory::Fit::DoesNotFit => {
                    let (small, small_weights) = smallest(&logical, &outcomes, m, parameters).unwrap_or((lf, weights));
                    fit.verdict(Some(small), small_weights, named, f)
                }
                _ => fit.verdict(Some(lf), weights, named, f),
            });
            let mut file = recommended(lf, None);
            if file.size_bytes.is_none() {
                // The size to download when the record lists none: the weights' estimate.
                file.size_bytes = weights.map(|(bytes, _)| bytes);
                file.size_estimated = file.size_bytes.is_some();
            }
            (verdicts, Some(file), memory)
        }
        None => {
            let codes = crate::wire_enum::distinct_sorted(weight_outcomes.iter().filter_map(|o| o.code));
            let present = describe_list(&m.formats);
            for code in codes {
                if code == Code::UnsupportedTensorType {
                    // Each file's own count: the file names say nothing of it.
                    for (lf, o) in logical.iter().zip(&outcomes).filter(|(_, o)| o.code == Some(code)) {
                        f.block(code, format!("{}: {}", lf.head.name, o.reason.as_deref().unwrap_or_default()));
                    }
                    continue;
                }
                let detail: Vec<&str> = logical
                    .iter()
                    .zip(&outcomes)
                    .filter(|(_, o)| o.code == Some(code))
                    .map(|(lf, _)| lf.head.quantization.as_deref().unwrap_or(lf.head.name.as_str()))
                    .collect();
                let reason = match code {
                    Code::UnsupportedQuantization => {
                        format!("no loadable GGUF quantization: only {}", detail.join(", "))
                    }
                    Code::QuantizedWeightsUnsupported => format!(
                        "safetensors hold {}-quantized weights; {} loads {} only",
                        m.quantization.as_deref().unwrap_or("quantized"),
                        w.id,
                        plain_dtypes(w)
                    ),
                    Code::UnsafePickle => "only PyTorch pickle weights: loading them runs arbitrary code".to_owned(),
                    _ => format!("no weights in a format {} loads (present: {present})", w.id),
                };
                f.block(code, reason);
            }
            if f.blocking_codes().any(|c| c == Code::UnsafePickle) {
                f.block(Code::UnsupportedFormat, format!("no weights in a format {} loads (present: {present})", w.id));
            }
            recommend_for(f, w);
            (verdicts, None, None)
        }
    }
}

/// The runnable file with the smallest known weights, and those weights.
fn smallest<'f, 'm>(
    logical: &'f [LogicalFile<'m>],
    outcomes: &[FileOutcome],
    m: &ModelMetadata,
    parameters: Option<u64>,
) -> Option<(&'f LogicalFile<'m>, super::fit::FileWeights)> {
    logical
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.runnable)
        .filter_map(|(lf, _)| Some((lf, text_file_weights(lf, m, parameters)?)))
        .min_by_key(|(_, (bytes, _))| *bytes)
        .map(|(lf, w)| (lf, Some(w)))
}

/// No weight files listed (a listing without siblings): fall back to format tags.
fn formats_without_files(m: &ModelMetadata, w: &WorkerProfile, f: &mut Findings) {
    if m.formats.is_empty() {
        f.block(Code::FormatUnknown, "no weight files listed and no format tags: the weight format is unknown");
        f.recommend("Fetch the model's details (siblings) to see its files.");
        return;
    }
    let loadable: Vec<&WeightFormat> = m.formats.iter().filter(|fmt| w.accepts_format(fmt)).collect();
    if loadable.is_empty() {
        f.block(
            Code::UnsupportedFormat,
            format!("no weights in a format {} loads (present: {})", w.id, describe_list(&m.formats)),
        );
        recommend_for(f, w);
        return;
    }
    let only_quantized_safetensors = m.quantization.as_deref().is_some_and(|q| !w.loads_quantized_safetensors(q))
        && loadable.iter().all(|fmt| **fmt == WeightFormat::Safetensors);
    if only_quantized_safetensors {
        f.block(
            Code::QuantizedWeightsUnsupported,
            format!(
                "safetensors hold {}-quantized weights; {} loads {} only",
                m.quantization.as_deref().unwrap_or("quantized"),
                w.id,
                plain_dtypes(w)
            ),
        );
        recommend_for(f, w);
        return;
    }
    if loadable.iter().all(|fmt| **fmt == WeightFormat::Gguf) {
        f.warn(Code::QuantizationUnknown, "GGUF files not listed: their quantizations are unknown");
    }
    f.cap_confidence(Confidence::Medium);
}

fn recommend_for(f: &mut Findings, w: &WorkerProfile) {
    let codes: Vec<Code> = f.blocking_codes().collect();
    let preferred: Vec<&str> = w.gguf_preference.iter().take(4).map(String::as_str).collect();
    if codes.contains(&Code::UnsupportedQuantization) {
        f.recommend(format!("Look for a GGUF repository of this model with a {} file.", preferred.join(" / ")));
    }
    if codes.contains(&Code::UnsupportedTensorType) {
        f.recommend(format!(
            "Look for a {} file of this model whose tensors are all of types {} loads: the name alone does not tell.",
            preferred.join(" / "),
            w.id
        ));
    }
    if codes.contains(&Code::QuantizedWeightsUnsupported) {
        let dtypes = match w.recommended_dtypes.as_slice() {
            [] => String::new(),
            dtypes => format!(" ({})", dtypes.join("/")),
        };
        f.recommend(format!("Look for the unquantized{dtypes} original or a GGUF conversion of this model."));
    }
    if codes.contains(&Code::UnsupportedFormat) || codes.contains(&Code::UnsafePickle) {
        f.recommend("Look for a safetensors or GGUF conversion of this model.");
    }
}

/// The model's context against the worker's maximum. A runnable model whose record states no
/// context (a Hub listing carries no config.json) says so, so that a listing card and the
/// model's detail page, which reads config.json, do not disagree in silence.
fn context(m: &ModelMetadata, w: &WorkerProfile, f: &mut Findings) {
    match (m.context_length, w.max_context) {
        (Some(context), Some(max)) if context > max => {
            f.warn(
                Code::ContextTruncated,
                format!("context length {context} exceeds {}'s maximum of {max} tokens", w.id),
            );
            f.recommend(format!("Keep prompts and history under {max} tokens: longer inputs are truncated."));
        }
        // A model that cannot run gets its reasons, not this caveat too.
        (None, Some(max)) if !f.is_blocked() => f.warn(
            Code::ContextUnknown,
            format!(
                "context length unknown: the record states none (config.json not read); {} truncates inputs past {max} tokens",
                w.id
            ),
        ),
        _ => {}
    }
}
