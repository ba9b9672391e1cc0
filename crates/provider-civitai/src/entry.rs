//! A CivitAI model (or a single version) as the marketplace shows it.
//!
//! Display fields:
//!
//! - `id`: the model id, as a string; `url`: `{base}/models/{id}` (a version adds
//!   `?modelVersionId={versionId}`).
//! - `author`: `creator.username`; `description`: the raw HTML CivitAI sent.
//! - `downloads`: `stats.downloadCount`. `likes`: `stats.thumbsUpCount`, else
//!   `stats.favoriteCount` (older responses have only the latter; newer ones send
//!   `favoriteCount: 0` beside the thumbs-up count).
//! - `created_at` / `last_modified`: the model's own `createdAt` (or `publishedAt`) and
//!   `updatedAt` when it has them (list and detail responses usually do not), else the
//!   newest version's `publishedAt` (or `createdAt`) and `updatedAt` (or
//!   `publishedAt`). The newest version is the one with the latest date; CivitAI lists
//!   it first unless the creator reordered them.
//! - `image_url`: the first image (not video) of the versions, in order.

use compat_core::{ModelMetadata, Source};
use model_source::{LicensePermissions, ModelRecord, Url};

use crate::record::{CivitaiModel, CivitaiStats, CivitaiVersion};

/// A model with all its versions.
pub fn model_record(model: &CivitaiModel, metadata: ModelMetadata, base_url: &Url) -> ModelRecord {
    let newest = newest_version(&model.model_versions);
    let created_at = text(&model.created_at)
        .or_else(|| text(&model.published_at))
        .or_else(|| newest.and_then(|v| text(&v.published_at).or_else(|| text(&v.created_at))));
    let last_modified =
        text(&model.updated_at).or_else(|| newest.and_then(|v| text(&v.updated_at).or_else(|| text(&v.published_at))));
    let id = model.id.to_string();
    ModelRecord {
        name: text(&model.name).unwrap_or_else(|| id.clone()),
        source: Source::Civitai,
        author: model.creator.as_ref().and_then(|c| text(&c.username)),
        description: text(&model.description),
        downloads: model.stats.as_ref().and_then(|s| s.download_count),
        likes: likes(model.stats.as_ref()),
        tags: model.tags.clone(),
        created_at,
        last_modified,
        parameters: metadata.parameters,
        license: metadata.license.clone(),
        permissions: LicensePermissions {
            commercial_use: model.allow_commercial_use.clone(),
            derivatives: model.allow_derivatives,
            different_license: model.allow_different_license,
            no_credit: model.allow_no_credit,
        }
        .stated(),
        image_url: model.image_url().map(str::to_owned),
        url: Some(format!("{}/models/{id}", base(base_url))),
        notes: model.notes.clone(),
        id,
        metadata,
        headers: Vec::new(),
    }
}

/// One version (`/model-versions/{id}`, `/model-versions/by-hash/{hash}`), shown as a
/// one-version model. The name is the parent model's, from the version's `model`
/// summary; the stats, dates and description are the version's own.
pub fn version_record(version: &CivitaiVersion, metadata: ModelMetadata, base_url: &Url) -> ModelRecord {
    let mut notes = version.notes.clone();
    let id = metadata.id.clone();
    if id.is_empty() {
        notes.push(format!("version {} names no parent model (no `modelId`, no `air`)", version.id));
    }
    let name = version
        .model
        .as_ref()
        .and_then(|m| text(&m.name))
        .or_else(|| text(&version.name))
        .unwrap_or_else(|| format!("version {}", version.id));
    ModelRecord {
        name,
        source: Source::Civitai,
        author: version.creator.as_ref().and_then(|c| text(&c.username)),
        description: text(&version.description),
        downloads: version.stats.as_ref().and_then(|s| s.download_count),
        likes: likes(version.stats.as_ref()),
        tags: Vec::new(),
        created_at: text(&version.published_at).or_else(|| text(&version.created_at)),
        last_modified: text(&version.updated_at).or_else(|| text(&version.published_at)),
        parameters: metadata.parameters,
        license: metadata.license.clone(),
        // A version does not carry its model's permission flags.
        permissions: None,
        image_url: version.image_url().map(str::to_owned),
        url: (!id.is_empty()).then(|| format!("{}/models/{id}?modelVersionId={}", base(base_url), version.id)),
        notes,
        id,
        metadata,
        headers: Vec::new(),
    }
}

/// The version with the latest `publishedAt` (or `createdAt`); the first on a tie or
/// when none has a date.
fn newest_version(versions: &[CivitaiVersion]) -> Option<&CivitaiVersion> {
    let date = |v: &CivitaiVersion| text(&v.published_at).or_else(|| text(&v.created_at));
    versions.iter().enumerate().max_by(|(ia, a), (ib, b)| date(a).cmp(&date(b)).then(ib.cmp(ia))).map(|(_, v)| v)
}

fn likes(stats: Option<&CivitaiStats>) -> Option<u64> {
    stats.and_then(|s| s.thumbs_up_count.or(s.favorite_count))
}

fn base(url: &Url) -> &str {
    url.as_str().trim_end_matches('/')
}

fn text(value: &Option<String>) -> Option<String> {
    value.as_deref().and_then(compat_core::wire::non_empty).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(id: u64, published: Option<&str>) -> CivitaiVersion {
        CivitaiVersion { id, published_at: published.map(str::to_owned), ..CivitaiVersion::default() }
    }

    #[test]
    fn the_newest_version_is_the_latest_dated_else_the_first() {
        let versions = [
            version(1, Some("2024-01-01T00:00:00.000Z")),
            version(2, Some("2024-03-01T00:00:00.000Z")),
            version(3, None),
        ];
        assert_eq!(newest_version(&versions).unwrap().id, 2);
        let undated = [version(7, None), version(8, None)];
        assert_eq!(newest_version(&undated).unwrap().id, 7);
        assert!(newest_version(&[]).is_none());
    }

    #[test]
    fn likes_prefer_thumbs_up() {
        let new = CivitaiStats { thumbs_up_count: Some(5), favorite_count: Some(0), ..CivitaiStats::default() };
        let old = CivitaiStats { favorite_count: Some(9), ..CivitaiStats::default() };
        assert_eq!(likes(Some(&new)), Some(5));
        assert_eq!(likes(Some(&old)), Some(9));
        assert_eq!(likes(None), None);
    }
}
