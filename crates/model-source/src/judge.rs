//! Judging is the caller's call: a source fetches [`ModelRecord`]s, a [`Judge`] turns each
//! into a [`ModelEntry`]. The same records can be judged again against other workers
//! without fetching them again.

use compat_core::{CompatibilityResult, Device, FitFilter, ModelMetadata, WorkerCatalog};
use serde::{Deserialize, Serialize};

use crate::record::ModelRecord;

/// What decides whether a model runs. A catalog is one; a catalog with a device (memory fit)
/// is another, added without touching any source.
pub trait Judge: Sync {
    fn judge(&self, metadata: &ModelMetadata) -> CompatibilityResult;

    /// `metadata` as this judge reads it (kind, architecture with its family, file roles):
    /// what a judged entry shows beside its verdict. A judge with no reading of its own
    /// shows the facts as extracted.
    fn read(&self, metadata: &ModelMetadata) -> ModelMetadata {
        metadata.clone()
    }

    /// Whether a listing that keeps only compatible models keeps this verdict.
    fn keeps(&self, result: &CompatibilityResult) -> bool {
        result.compatible
    }
}

impl Judge for WorkerCatalog {
    fn judge(&self, metadata: &ModelMetadata) -> CompatibilityResult {
        compat_core::judge(metadata, self, None)
    }

    fn read(&self, metadata: &ModelMetadata) -> ModelMetadata {
        compat_core::resolve(metadata, self)
    }
}

impl<J: Judge + ?Sized> Judge for &J {
    fn judge(&self, metadata: &ModelMetadata) -> CompatibilityResult {
        (**self).judge(metadata)
    }

    fn read(&self, metadata: &ModelMetadata) -> ModelMetadata {
        (**self).read(metadata)
    }

    fn keeps(&self, result: &CompatibilityResult) -> bool {
        (**self).keeps(result)
    }
}

/// A catalog judging on a device: each verdict says whether the model fits it (see
/// [`compat_core::judge`]), and with a `fit` filter a listing keeps only the models that
/// fit as asked (a `memory_unknown` model is not known to fit, so it is not kept).
#[derive(Debug, Clone, Copy)]
pub struct OnDevice<'a> {
    pub catalog: &'a WorkerCatalog,
    pub device: Option<&'a Device>,
    pub fit: Option<FitFilter>,
}

impl Judge for OnDevice<'_> {
    fn judge(&self, metadata: &ModelMetadata) -> CompatibilityResult {
        compat_core::judge(metadata, self.catalog, self.device)
    }

    fn read(&self, metadata: &ModelMetadata) -> ModelMetadata {
        compat_core::resolve(metadata, self.catalog)
    }

    fn keeps(&self, result: &CompatibilityResult) -> bool {
        result.compatible
            && match self.fit {
                None => true,
                Some(filter) => result.fit.as_ref().is_some_and(|f| filter.keeps(f.fit)),
            }
    }
}

/// A record with its verdict: what listings show and the CLI and the bindings emit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelEntry {
    #[serde(flatten)]
    pub record: ModelRecord,
    /// The download size: that of the recommended file, as the record states it or, when
    /// it states none, estimated (`sizeEstimated`) from the parameters and the quantization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// `sizeBytes` is an estimate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub size_estimated: bool,
    pub compatibility: CompatibilityResult,
}

impl ModelEntry {
    /// `record` judged by `judge`. The entry shows the metadata as the judge read it, so
    /// listings keep the family and an architecture inferred from tags or the name; judging
    /// it again reads it afresh (an inferred architecture is a reading, not evidence).
    pub fn judged(mut record: ModelRecord, judge: &(impl Judge + ?Sized)) -> Self {
        let compatibility = judge.judge(&record.metadata);
        record.metadata = judge.read(&record.metadata);
        Self::with_verdict(record, compatibility)
    }

    /// `record` with a verdict made elsewhere.
    pub fn with_verdict(record: ModelRecord, compatibility: CompatibilityResult) -> Self {
        let file = compatibility.recommended_file.as_ref();
        let size_bytes = file.and_then(|f| f.size_bytes);
        let size_estimated = size_bytes.is_some() && file.is_some_and(|f| f.size_estimated);
        Self { record, size_bytes, size_estimated, compatibility }
    }

    /// The same record judged by another judge; nothing is fetched.
    pub fn rejudged(self, judge: &(impl Judge + ?Sized)) -> Self {
        Self::judged(self.record, judge)
    }

    pub fn id(&self) -> &str {
        &self.record.id
    }

    pub fn is_compatible(&self) -> bool {
        self.compatibility.compatible
    }
}
