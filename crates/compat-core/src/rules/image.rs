//! Rules for image-generation workers (the Stable Diffusion family worker).

use super::files::{FileOutcome, describe_list, file_verdict, recommended, role_and_format, warn_size_overflows};
use super::findings::Findings;
use super::fit::{ImageFit, fit_rank};
use super::text::availability;
use crate::catalog::WorkerProfile;
use crate::device::Device;
use crate::files::{LogicalFile, logical_files};
use crate::format::WeightFormat;
use crate::memory::{Fit, FitVerdict, MemoryEstimate};
use crate::metadata::{ModelFile, ModelKind, ModelMetadata, ModelVersion, ScanStatus};
use crate::resolve::Facts;
use crate::result::{Code, CompatibilityResult, Confidence, FileVerdict, RecommendedFile, VersionVerdict};

/// The memory verdict of the file recommended, when judged with a device.
type Memory = Option<(MemoryEstimate, FitVerdict)>;

pub(super) fn judge(
    m: &ModelMetadata,
    facts: &Facts<'_>,
    w: &WorkerProfile,
    device: Option<&Device>,
) -> CompatibilityResult {
    let mut f = Findings::new(Confidence::High);
    if let Some(reason) = wrong_kind(m, facts, w) {
        f.block(Code::NotImageGeneration, reason);
        return f.into_result(&w.id, Vec::new(), None, Vec::new());
    }
    availability(m, facts, w, &mut f);
    let on_device = device.map(|d| ImageFit::new(w, d));
    let (mut result, memory) = if m.versioned {
        versioned(m, facts, w, f, on_device.as_ref())
    } else {
        diffusers(m, facts, w, f, on_device.as_ref())
    };
    if let Some((estimate, fit)) = memory {
        result.memory = Some(Box::new(estimate));
        result.fit = Some(Box::new(fit));
    }
    result
}

fn wrong_kind(m: &ModelMetadata, facts: &Facts<'_>, w: &WorkerProfile) -> Option<String> {
    if facts.kind == ModelKind::TextGeneration {
        return Some(format!("a text-generation model; {} runs image generation", w.id));
    }
    match &m.pipeline_tag {
        Some(tag) if !w.pipelines.iter().any(|p| p.tag == *tag) => {
            Some(format!("pipeline `{tag}` is not image generation"))
        }
        None if m.diffusers_pipeline.is_none() && facts.kind != ModelKind::ImageGeneration => {
            Some("neither a diffusers pipeline nor an image-generation pipeline tag".to_owned())
        }
        _ => None,
    }
}

/// HF diffusers repositories.
fn diffusers(
    m: &ModelMetadata,
    facts: &Facts<'_>,
    w: &WorkerProfile,
    mut f: Findings,
    on_device: Option<&ImageFit<'_>>,
) -> (CompatibilityResult, Memory) {
    match &m.diffusers_pipeline {
        None => f.block(Code::UnsupportedPipeline, "not a diffusers repository: no pipeline class"),
        Some(class) if !w.diffusers_pipelines.iter().any(|c| c == class) => {
            f.block(Code::UnsupportedPipeline, format!("diffusers pipeline `{class}` is not supported by {}", w.id))
        }
        Some(_) => {}
    }
    let logical = logical_files(&m.files);
    warn_size_overflows(&logical, &mut f);
    let outcomes: Vec<FileOutcome> =
        logical.iter().map(|lf| role_and_format(lf.head, facts, w).unwrap_or_else(FileOutcome::ok)).collect();
    let verdicts: Vec<FileVerdict> = logical.iter().zip(&outcomes).map(|(lf, o)| file_verdict(lf, o, None)).collect();
    let runnable = outcomes.iter().any(|o| o.runnable);
    if logical.is_empty() {
        if m.formats.is_empty() {
            f.block(Code::FormatUnknown, "no weight files listed and no format tags: the weight format is unknown");
        } else if !m.formats.iter().any(|fmt| w.accepts_format(fmt)) {
            f.block(
                Code::UnsupportedFormat,
                format!("no weights in a format {} loads (present: {})", w.id, describe_list(&m.formats)),
            );
        }
    } else if !runnable {
        f.block(
            Code::UnsupportedFormat,
            format!("no weights in a format {} loads (present: {})", w.id, describe_list(&m.formats)),
        );
        if outcomes.iter().any(|o| o.code == Some(Code::UnsafePickle)) {
            f.block(Code::UnsafePickle, "only PyTorch pickle weights: loading them runs arbitrary code");
        }
    }
    // A single-file checkpoint at the root is what a worker downloads; a diffusers
    // folder layout is loaded as a whole and has no one file to recommend.
    let single = logical.iter().zip(&outcomes).find(|(lf, o)| o.runnable && !lf.head.name.contains('/'));
    // The catalog sizes checkpoints by base-model family, which a diffusers repository
    // does not name: its memory is not estimated.
    let memory = on_device.filter(|_| runnable && !f.is_blocked()).map(|fit| {
        fit.verdict(single.map(|(lf, _)| lf), Err("the pipeline's memory (a diffusers repository)"), false, &mut f)
    });
    let single = single.map(|(lf, _)| recommended(lf, None));
    (f.into_result(&w.id, verdicts, single, Vec::new()), memory)
}

/// Versioned models (CivitAI): judged per version, compatible when one version is.
fn versioned(
    m: &ModelMetadata,
    facts: &Facts<'_>,
    w: &WorkerProfile,
    mut f: Findings,
    on_device: Option<&ImageFit<'_>>,
) -> (CompatibilityResult, Memory) {
    match &m.model_type {
        Some(t) if w.model_types.iter().any(|x| x.eq_ignore_ascii_case(t)) => {}
        Some(t) => f.block(Code::UnsupportedModelType, format!("model type `{t}` is not supported by {}", w.id)),
        None => f.block(Code::UnsupportedModelType, "model type not given"),
    }
    if m.is_archived() {
        f.block(
            Code::Archived,
            format!("the model is {}: its files are no longer served", m.mode.as_deref().unwrap_or("archived")),
        );
    }

    let mut versions: Vec<VersionVerdict> = Vec::with_capacity(m.versions.len());
    let mut files: Vec<FileVerdict> = Vec::new();
    let mut chosen: Option<(usize, Findings)> = None;
    let mut rejected: Vec<Findings> = Vec::new();
    let mut memory: Memory = None;
    let checkpoint = m.model_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("checkpoint"));
    let on_device = on_device.map(|fit| (fit, checkpoint));
    for version in &m.versions {
        let (vf, file_verdicts, rec, version_memory) = judge_version(version, facts, w, f.blocking_items(), on_device);
        files.extend(file_verdicts);
        let index = versions.len();
        versions.push(vf.version_verdict(version, rec));
        if !vf.is_blocked() && chosen.is_none() {
            chosen = Some((index, vf));
            memory = version_memory;
        } else {
            // A version that does not fit says why, unless one that runs does.
            if memory.is_none() && chosen.is_none() {
                memory = version_memory.filter(|(_, fit)| fit.fit == Fit::DoesNotFit);
            }
            rejected.push(vf);
        }
    }

    if m.versions.is_empty() {
        f.block(Code::NoRunnableFile, "the model lists no versions");
    }
    let recommended_file = match chosen {
        Some((index, vf)) => {
            for (code, warning) in vf.warning_items() {
                f.warn(*code, format!("version {}: {warning}", versions[index].id));
            }
            f.cap_confidence(vf.confidence());
            versions[index].recommended_file.clone()
        }
        None => {
            // Model-level blocks were copied into every version; say them once.
            let model_level: Vec<Code> = f.blocking_codes().collect();
            for (verdict, vf) in versions.iter().zip(&rejected) {
                for (code, reason) in vf.blocking_items().iter().filter(|(c, _)| !model_level.contains(c)) {
                    f.block(*code, format!("version {}: {reason}", verdict.id));
                }
            }
            if f.blocking_codes().any(|c| c == Code::UnsupportedBaseModel) {
                let families: Vec<&str> = w.base_models.iter().map(|b| b.family.as_str()).collect();
                f.recommend(format!("Pick a version trained on a supported base model ({}).", families.join(", ")));
            }
            if f.blocking_codes().any(|c| c == Code::UnsafePickle) {
                f.recommend("Ask for, or look for, a SafeTensor upload of this model.");
            }
            None
        }
    };
    (f.into_result(&w.id, files, recommended_file, versions), memory)
}

/// One version; `model_blocks` (archived, wrong model type) block every version too. With a
/// device (and whether the model is a checkpoint), the file recommended is the preferred
/// one that fits best.
fn judge_version(
    v: &ModelVersion,
    facts: &Facts<'_>,
    w: &WorkerProfile,
    model_blocks: &[(Code, String)],
    on_device: Option<(&ImageFit<'_>, bool)>,
) -> (Findings, Vec<FileVerdict>, Option<RecommendedFile>, Memory) {
    let mut f = Findings::new(Confidence::High);
    for (code, reason) in model_blocks {
        f.block(*code, reason.clone());
    }
    if let Some(kind) = &v.base_model_type {
        if !w.base_model_types.is_empty() && !w.base_model_types.iter().any(|t| t.eq_ignore_ascii_case(kind)) {
            f.block(Code::UnsupportedBaseModel, format!("`{kind}` checkpoints need another pipeline than {}'s", w.id));
        }
    }
    // Looked up once: the version check and the memory model both need it.
    let base_family = v.base_model.as_deref().and_then(|b| w.base_model_family(b));
    match &v.base_model {
        Some(_) if base_family.is_some() => {}
        Some(base) => f.block(Code::UnsupportedBaseModel, format!("base model `{base}` is not supported by {}", w.id)),
        None => f.block(Code::UnsupportedBaseModel, "base model not given"),
    }
    if v.early_access {
        f.warn(Code::EarlyAccess, "early access: downloads may need a purchase until it becomes public");
    }
    let logical = logical_files(&v.files);
    warn_size_overflows(&logical, &mut f);
    let outcomes: Vec<FileOutcome> = logical.iter().map(|lf| civitai_file(lf.head, facts, w)).collect();
    let mut verdicts: Vec<FileVerdict> =
        logical.iter().zip(&outcomes).map(|(lf, o)| file_verdict(lf, o, Some(v.id))).collect();
    // The family the worker sizes a checkpoint by; a LoRA runs on a checkpoint not known here.
    let family = match on_device {
        Some((_, true)) => base_family.map(|b| b.family.as_str()),
        _ => None,
    };
    if let Some((fit, _)) = on_device {
        for ((lf, o), verdict) in logical.iter().zip(&outcomes).zip(&mut verdicts) {
            if o.runnable {
                verdict.fit = Some(fit.place(lf.size_bytes, family));
            }
        }
    }
    let best = logical
        .iter()
        .zip(&outcomes)
        .zip(&verdicts)
        .filter(|((_, o), _)| o.runnable)
        .min_by_key(|((lf, _), verdict)| (fit_rank(verdict.fit.as_ref()), preference(lf, facts, w)))
        .map(|((lf, o), verdict)| (lf, o.clone(), verdict.fit));
    let mut memory: Memory = None;
    let rec = match best {
        Some((lf, outcome, file_fit)) => {
            if outcome.code == Some(Code::ScanPending) {
                f.warn(Code::ScanPending, format!("{}: scan pending, not yet known to be safe", lf.head.name));
                f.cap_confidence(Confidence::Medium);
            }
            if let Some((fit, checkpoint)) = on_device.filter(|_| !f.is_blocked()) {
                // Nothing fits: the verdict is that of the smallest file.
                let file = match file_fit {
                    Some(ff) if ff.fit == Fit::DoesNotFit => logical
                        .iter()
                        .zip(&outcomes)
                        .filter(|(_, o)| o.runnable)
                        .filter_map(|(lf, _)| Some((lf, lf.size_bytes?)))
                        .min_by_key(|(_, size)| *size)
                        .map_or(lf, |(lf, _)| lf),
                    _ => lf,
                };
                let family = match (family, checkpoint) {
                    (Some(family), _) => Ok(family),
                    (None, true) => Err("the memory allowance of this base model"),
                    (None, false) => Err("the base checkpoint this file loads on (not a checkpoint)"),
                };
                let named = outcomes.iter().filter(|o| o.runnable).nth(1).is_some();
                memory = Some(fit.verdict(Some(file), family, named, &mut f));
            }
            Some(recommended(lf, Some(v.id)))
        }
        None => {
            let mut codes: Vec<(Code, String)> = outcomes
                .iter()
                .zip(&logical)
                .filter(|(o, _)| o.code != Some(Code::NotModelWeights))
                .filter_map(|(o, lf)| Some((o.code?, format!("{}: {}", lf.head.name, o.reason.as_deref()?))))
                .collect();
            codes.dedup_by_key(|(c, _)| *c);
            if codes.is_empty() {
                f.block(Code::NoRunnableFile, "no model file (only training data or auxiliary files)");
            }
            for (code, reason) in codes {
                f.block(code, reason);
            }
            None
        }
    };
    f.settle_files(&mut verdicts);
    (f, verdicts, rec, memory)
}

fn civitai_file(file: &ModelFile, facts: &Facts<'_>, w: &WorkerProfile) -> FileOutcome {
    if let Some(t) = &file.file_type {
        if !w.file_types.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            return FileOutcome::no(Code::NotModelWeights, format!("{t} file, not model weights"));
        }
    }
    if let Some(outcome) = role_and_format(file, facts, w) {
        return outcome;
    }
    if let Some(precision) = &file.precision {
        if !w.precisions.is_empty() && !w.precisions.iter().any(|p| p.eq_ignore_ascii_case(precision)) {
            return FileOutcome::no(
                Code::QuantizedWeightsUnsupported,
                format!("{precision} weights are not loadable by {}", w.id),
            );
        }
    }
    let scans = file.scan.iter().flat_map(|s| [("pickle", &s.pickle), ("virus", &s.virus)]);
    let mut pending = false;
    for (which, status) in scans {
        match status {
            Some(ScanStatus::Danger) => {
                return FileOutcome::no(Code::ScanDanger, format!("the {which} scan flagged this file as dangerous"));
            }
            Some(ScanStatus::Pending) => pending = true,
            _ => {}
        }
    }
    if pending { FileOutcome::caveat(Code::ScanPending, "scan pending") } else { FileOutcome::ok() }
}

/// By the worker's precision, then size-variant preference (pruned fp16 first: the smallest
/// file that loads the same), then safetensors, then the primary file.
fn preference(file: &LogicalFile<'_>, facts: &Facts<'_>, w: &WorkerProfile) -> (usize, usize, bool, bool) {
    let head = file.head;
    let precision = head
        .precision
        .as_deref()
        .and_then(|p| w.precision_preference.iter().position(|x| x.eq_ignore_ascii_case(p)))
        .unwrap_or(w.precision_preference.len());
    let size = facts
        .size_variants(head)
        .filter_map(|s| w.size_preference.iter().position(|x| x.eq_ignore_ascii_case(s)))
        .min()
        .unwrap_or(w.size_preference.len());
    let safetensors = head.format == Some(WeightFormat::Safetensors);
    (precision, size, !safetensors, !head.primary)
}
