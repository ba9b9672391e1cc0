//! The rules engine: metadata + worker profile -> verdict.
//!
//! Every decision reads the worker's tables (see [`crate::catalog`]); the code here
//! only knows how to apply a table, never which values it holds.

mod files;
mod findings;
mod fit;
mod image;
mod text;

use crate::catalog::{Reader, WorkerCatalog, WorkerProfile, default_catalog};
use crate::device::Device;
use crate::metadata::{ModelKind, ModelMetadata};
use crate::resolve::Facts;
use crate::result::{Code, CompatibilityResult, Confidence};

/// Judges `metadata` against the default catalog: compatible when any worker runs it.
pub fn is_model_compatible(metadata: &ModelMetadata) -> CompatibilityResult {
    judge(metadata, default_catalog(), None)
}

/// Judges `metadata` against one worker, reading it with that worker's names and the
/// default vocabulary; on `device` when given (see [`judge`]).
pub fn check_model_worker_compatibility(
    metadata: &ModelMetadata,
    worker: &WorkerProfile,
    device: Option<&Device>,
) -> CompatibilityResult {
    worker_verdict(metadata, &Facts::read(metadata, Reader::of_worker(worker)), worker, device)
}

fn worker_verdict(
    metadata: &ModelMetadata,
    facts: &Facts<'_>,
    worker: &WorkerProfile,
    device: Option<&Device>,
) -> CompatibilityResult {
    match worker.kind {
        ModelKind::TextGeneration => text::judge(metadata, facts, worker, device),
        ModelKind::ImageGeneration => image::judge(metadata, facts, worker, device),
        ModelKind::Other => {
            let mut findings = findings::Findings::new(Confidence::None);
            findings
                .block(Code::UnsupportedModelType, format!("worker `{}` declares no kind of model it runs", worker.id));
            findings.into_result(&worker.id, Vec::new(), None, Vec::new())
        }
    }
}

/// Judges `metadata` against every worker of `catalog`, reading its evidence (pipeline
/// tag, tags, name, file types) with the catalog's vocabulary (see [`crate::resolve`]).
///
/// When some worker runs the model, the verdict is that worker's (the most confident
/// one; the catalog's order breaks ties). Otherwise it gathers the reasons of the
/// workers meant for this kind of model, so a text model is not told that it is "not
/// an image model".
///
/// With a `device`, each worker also judges the memory the model needs there: every file
/// it loads gets a `fit`, the recommended file is the most preferred one that fits on the
/// GPU (else with offload, else on the CPU), and the verdict carries that file's `memory`
/// estimate and `fit` (with the reason in words and the longest context that fits). A
/// model no file of which fits is `does_not_fit` (or `backend_unsupported`); offload and
/// CPU-only runs are warnings (`fits_with_offload`, `cpu_only`); a missing fact is the
/// warning `memory_unknown`, never a guess.
pub fn judge(metadata: &ModelMetadata, catalog: &WorkerCatalog, device: Option<&Device>) -> CompatibilityResult {
    // `WorkerCatalog::from_json` and `validate` refuse an empty catalog; one built in Rust can
    // still be empty, and "no" without a reason is never a verdict.
    if catalog.workers.is_empty() {
        return CompatibilityResult {
            reasons: vec!["no worker to judge against: the catalog is empty".to_owned()],
            codes: vec![Code::NoWorkers],
            ..CompatibilityResult::default()
        };
    }
    let facts = Facts::read(metadata, catalog.reader());
    let mut per_worker: Vec<(&WorkerProfile, CompatibilityResult)> =
        catalog.workers.iter().map(|w| (w, worker_verdict(metadata, &facts, w, device))).collect();
    // Each single-worker result holds exactly its own worker verdict.
    let workers: Vec<_> = per_worker.iter_mut().flat_map(|(_, r)| std::mem::take(&mut r.workers)).collect();

    let best = per_worker.iter().enumerate().filter(|(_, (_, r))| r.compatible).fold(
        None::<(usize, Confidence)>,
        |best, (i, (_, r))| match best {
            Some((_, confidence)) if confidence >= r.confidence => best,
            _ => Some((i, r.confidence)),
        },
    );
    if let Some((index, _)) = best {
        // Taken, not copied: the verdict holds every file's and the memory's texts.
        let (_, best) = per_worker.swap_remove(index);
        return CompatibilityResult { workers, ..best };
    }

    // Positions in `per_worker`, so that the first one's files and memory can be taken.
    let pick = |keep: &dyn Fn(&WorkerProfile, &CompatibilityResult) -> bool| -> Vec<usize> {
        per_worker.iter().enumerate().filter(|(_, (w, r))| keep(w, r)).map(|(i, _)| i).collect()
    };
    let mut relevant = pick(&|w, _| w.kind == facts.kind);
    // A model of no known kind: the workers that judged it on its merits rather than
    // declining its kind, if any.
    if relevant.is_empty() {
        relevant = pick(&|_, r| !is_kind_mismatch(r));
    }
    if relevant.is_empty() {
        relevant = (0..per_worker.len()).collect();
    }
    let prefix = relevant.len() > 1;
    let mut merged = CompatibilityResult { workers, ..CompatibilityResult::default() };
    for &i in &relevant {
        let (worker, result) = &per_worker[i];
        let label = |text: &String| {
            if prefix { format!("{}: {text}", worker.id) } else { text.clone() }
        };
        push_unique(&mut merged.reasons, result.reasons.iter().map(label));
        push_unique(&mut merged.warnings, result.warnings.iter().map(label));
        push_unique(&mut merged.recommendations, result.recommendations.iter().cloned());
        merged.codes.extend(&result.codes);
    }
    merged.codes = crate::wire_enum::distinct_sorted(std::mem::take(&mut merged.codes));
    if let Some(&i) = relevant.first() {
        let first = &mut per_worker[i].1;
        merged.files = std::mem::take(&mut first.files);
        merged.versions = std::mem::take(&mut first.versions);
        merged.memory = first.memory.take();
        merged.fit = first.fit.take();
    }
    merged
}

/// Whether some worker of `catalog` runs `metadata`: exactly `judge(metadata, catalog, None).compatible`,
/// for a caller that wants only the yes or no (a filter). It stops at the first worker that
/// runs the model and builds no merged verdict. A device can only take a yes away (the model
/// does not fit there), so a filter on a device judges in full only the models kept here.
pub fn is_compatible(metadata: &ModelMetadata, catalog: &WorkerCatalog) -> bool {
    if catalog.workers.is_empty() {
        return false;
    }
    let facts = Facts::read(metadata, catalog.reader());
    catalog.workers.iter().any(|w| worker_verdict(metadata, &facts, w, None).compatible)
}

/// A verdict that only says "this is not my kind of model".
fn is_kind_mismatch(result: &CompatibilityResult) -> bool {
    matches!(result.codes.as_slice(), [Code::NotTextGeneration] | [Code::NotImageGeneration])
}

/// Appends the items `into` does not hold yet, in order; linear in both lists.
fn push_unique(into: &mut Vec<String>, items: impl Iterator<Item = String>) {
    into.extend(items);
    crate::wire::dedup_in_order(into);
}

/// Keeps the models some worker of `catalog` runs (on `device`, when given), each with its
/// verdict, in order.
pub fn filter_compatible_models<'a>(
    models: impl IntoIterator<Item = &'a ModelMetadata>,
    catalog: &WorkerCatalog,
    device: Option<&Device>,
) -> Vec<(&'a ModelMetadata, CompatibilityResult)> {
    models
        .into_iter()
        .filter_map(|m| {
            let result = judge(m, catalog, device);
            result.compatible.then_some((m, result))
        })
        .collect()
}
