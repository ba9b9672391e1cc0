//! A Hub record as the marketplace shows it.

use compat_core::{ModelMetadata, Source};
use model_source::{ModelRecord, Url};

use crate::record::HfModelRecord;

/// Display fields from the record, and the facts.
pub fn model_record(record: &HfModelRecord, metadata: ModelMetadata, endpoint: &Url) -> ModelRecord {
    let id = metadata.id.clone();
    let (author, name) = match id.split_once('/') {
        Some((author, name)) => (Some(author.to_owned()), name.to_owned()),
        None => (None, id.clone()),
    };
    ModelRecord {
        name,
        author: record.author.clone().or(author),
        source: Source::Huggingface,
        description: None,
        downloads: record.downloads,
        likes: record.likes,
        tags: record.tags.clone(),
        created_at: record.created_at.clone(),
        last_modified: record.last_modified.clone(),
        parameters: metadata.parameters,
        license: metadata.license.clone(),
        permissions: None,
        image_url: None,
        url: Some(format!("{}/{id}", endpoint.as_str().trim_end_matches('/'))),
        notes: record.notes.clone(),
        id,
        metadata,
        headers: Vec::new(),
    }
}
