//! Accumulates what the checks find and turns it into verdict structs.

use crate::result::{
    Code, CompatibilityResult, Confidence, FileVerdict, RecommendedFile, VersionVerdict, WorkerVerdict,
};

/// What one worker's checks found.
#[derive(Debug, Clone)]
pub(crate) struct Findings {
    blocking: Vec<(Code, String)>,
    warnings: Vec<(Code, String)>,
    recommendations: Vec<String>,
    confidence: Confidence,
}

impl Findings {
    pub(crate) fn new(confidence: Confidence) -> Self {
        Self { blocking: Vec::new(), warnings: Vec::new(), recommendations: Vec::new(), confidence }
    }

    pub(crate) fn block(&mut self, code: Code, reason: impl Into<String>) {
        debug_assert!(code.is_blocking(), "{code} is a warning code");
        self.blocking.push((code, reason.into()));
    }

    pub(crate) fn warn(&mut self, code: Code, warning: impl Into<String>) {
        self.warnings.push((code, warning.into()));
    }

    pub(crate) fn recommend(&mut self, recommendation: impl Into<String>) {
        let recommendation = recommendation.into();
        if !self.recommendations.contains(&recommendation) {
            self.recommendations.push(recommendation);
        }
    }

    /// Lowers the confidence to at most `cap`.
    pub(crate) fn cap_confidence(&mut self, cap: Confidence) {
        self.confidence = self.confidence.min(cap);
    }

    pub(crate) fn is_blocked(&self) -> bool {
        !self.blocking.is_empty()
    }

    /// Blocking findings as (code, reason), in the order found.
    pub(crate) fn blocking_items(&self) -> &[(Code, String)] {
        &self.blocking
    }

    /// Warnings as (code, text), in the order found.
    pub(crate) fn warning_items(&self) -> &[(Code, String)] {
        &self.warnings
    }

    pub(crate) fn blocking_codes(&self) -> impl Iterator<Item = Code> + '_ {
        self.blocking.iter().map(|(code, _)| *code)
    }

    pub(crate) fn confidence(&self) -> Confidence {
        if self.is_blocked() { Confidence::None } else { self.confidence }
    }

    pub(crate) fn codes(&self) -> Vec<Code> {
        crate::wire_enum::distinct_sorted(self.blocking.iter().chain(&self.warnings).map(|(code, _)| *code))
    }

    /// Distinct texts in first-seen order; n log n (no hasher in the WASM module), as texts can name wire items (files, tags).
    fn texts(items: &[(Code, String)]) -> Vec<String> {
        let mut texts = items.iter().map(|(_, text)| text.clone()).collect();
        crate::wire::dedup_in_order(&mut texts);
        texts
    }

    pub(crate) fn reasons(&self) -> Vec<String> {
        Self::texts(&self.blocking)
    }

    pub(crate) fn warnings(&self) -> Vec<String> {
        Self::texts(&self.warnings)
    }

    pub(crate) fn worker_verdict(&self, id: &str) -> WorkerVerdict {
        WorkerVerdict {
            id: id.to_owned(),
            compatible: !self.is_blocked(),
            confidence: self.confidence(),
            reasons: self.reasons(),
            warnings: self.warnings(),
            codes: self.codes(),
        }
    }

    pub(crate) fn version_verdict(
        &self,
        version: &crate::metadata::ModelVersion,
        recommended_file: Option<RecommendedFile>,
    ) -> VersionVerdict {
        VersionVerdict {
            id: version.id,
            name: version.name.clone(),
            base_model: version.base_model.clone(),
            compatible: !self.is_blocked(),
            confidence: self.confidence(),
            reasons: self.reasons(),
            warnings: self.warnings(),
            codes: self.codes(),
            recommended_file: if self.is_blocked() { None } else { recommended_file },
        }
    }

    /// A file that loads is still not runnable when the model (or version) around it
    /// is blocked; it then carries the first blocking reason.
    pub(crate) fn settle_files(&self, files: &mut [FileVerdict]) {
        if let Some((code, reason)) = self.blocking.first() {
            for file in files.iter_mut().filter(|f| f.runnable) {
                file.runnable = false;
                file.code = Some(*code);
                file.reason = Some(reason.clone());
            }
        }
    }

    /// The result of judging against a single worker.
    pub(crate) fn into_result(
        self,
        worker_id: &str,
        mut files: Vec<FileVerdict>,
        recommended_file: Option<RecommendedFile>,
        versions: Vec<VersionVerdict>,
    ) -> CompatibilityResult {
        let compatible = !self.is_blocked();
        self.settle_files(&mut files);
        // Made once; the worker's verdict holds copies.
        let worker = self.worker_verdict(worker_id);
        CompatibilityResult {
            compatible,
            confidence: worker.confidence,
            reasons: worker.reasons.clone(),
            warnings: worker.warnings.clone(),
            codes: worker.codes.clone(),
            recommendations: self.recommendations,
            workers: vec![worker],
            files,
            recommended_file: if compatible { recommended_file } else { None },
            versions,
            memory: None,
            fit: None,
        }
    }
}
