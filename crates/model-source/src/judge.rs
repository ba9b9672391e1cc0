//! Judging is the caller's call: a source fetches [`ModelRecord`]s, a [`Judge`] turns each
//! into a [`ModelEntry`]. The same records can be judged again against other workers
//! without fetching them again.

use compat_core::{CompatibilityResult, ModelMetadata, WorkerCatalog};
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
}

/// A record with its verdict: what listings show and the CLI and the bindings emit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelEntry {
    #[serde(flatten)]
    pub record: ModelRecord,
    /// The download size: that of the recommended file, when the record gave sizes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
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
        let size_bytes = compatibility.recommended_file.as_ref().and_then(|f| f.size_bytes);
        Self { record, size_bytes, compatibility }
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
