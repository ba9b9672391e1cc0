//! A Hub record as the marketplace shows it.

use compat_core::{CompatibilityResult, ModelMetadata, Source};
use model_source::{ModelEntry, Url};

use crate::record::HfModelRecord;

/// Display fields from the record, the facts, and the verdict.
pub fn entry(
    record: &HfModelRecord,
    metadata: ModelMetadata,
    compatibility: CompatibilityResult,
    endpoint: &Url,
) -> ModelEntry {
    let id = metadata.id.clone();
    let (author, name) = match id.split_once('/') {
        Some((author, name)) => (Some(author.to_owned()), name.to_owned()),
        None => (None, id.clone()),
    };
    ModelEntry {
        name,
        author: record.author.clone().or(author),
        source: Source::Huggingface,
        description: None,
        downloads: record.downloads,
        likes: record.likes,
        tags: record.tags.clone(),
        created_at: record.created_at.clone(),
        last_modified: record.last_modified.clone(),
        size_bytes: size_bytes(&compatibility),
        parameters: metadata.parameters,
        image_url: None,
        url: Some(format!("{}/{id}", endpoint.as_str().trim_end_matches('/'))),
        notes: record.notes.clone(),
        id,
        metadata,
        compatibility,
    }
}

/// The download size: that of the recommended file, when the record gave sizes.
fn size_bytes(compatibility: &CompatibilityResult) -> Option<u64> {
    compatibility.recommended_file.as_ref().and_then(|f| f.size_bytes)
}
