//! CivitAI over HTTP: `GET /api/v1/models` paged by cursor, `/api/v1/models/{id}`,
//! `/api/v1/model-versions/{id}` and `/api/v1/model-versions/by-hash/{hash}`.

use std::sync::Arc;

use async_trait::async_trait;
use compat_core::StringSet;
use model_source::{
    BodyKind, HttpClient, HttpConfig, HttpResponse, ItemProblem, ModelRecord, ModelSource, Page, Secret, SourceError,
    Url,
};

use crate::entry::{model_record, version_record};
use crate::extract::{extract_model, extract_version};
use crate::query::CivitaiQuery;
use crate::record::{
    CivitaiModel, ModelsPage, ParseError, model_from_value, models_page_from_value, parse_error_body,
    version_from_value,
};

/// The public site; the API is under `/api/v1`.
pub const DEFAULT_BASE_URL: &str = "https://civitai.com";

/// The environment variable read for an API key when [`CivitaiOptions::api_key`] is
/// `None`.
pub const API_KEY_ENV: &str = "CIVITAI_API_KEY";

/// How to reach CivitAI. `Debug` never shows the key (a [`Secret`]).
#[derive(Debug, Clone, Default)]
pub struct CivitaiOptions {
    /// Site root (the API is `{base_url}/api/v1/...`); [`DEFAULT_BASE_URL`] when `None`.
    /// For tests and mirrors.
    pub base_url: Option<String>,
    /// Else `CIVITAI_API_KEY`. Sent as `Authorization: Bearer` to the base URL's host
    /// only; never in URLs, messages, logs or `Debug`. `Some("")` sends no key and does
    /// not read the environment.
    pub api_key: Option<Secret>,
    pub http: HttpConfig,
}

/// CivitAI as a [`ModelSource`].
///
/// Listings page by `metadata.nextCursor`, passed back as `cursor=` ([`Page::next`] is
/// that cursor); `page=` is never sent. A model CivitAI repeats within a page is kept
/// once; the [`model_source::Pager`] drops repeats across pages. An item that cannot be
/// read is reported in [`Page::problems`] and the rest of the page is kept.
#[derive(Debug, Clone)]
pub struct CivitaiSource {
    http: HttpClient,
    base_url: Url,
}

impl CivitaiSource {
    pub fn new(options: CivitaiOptions) -> Result<Self, SourceError> {
        let base_url = model_source::base_url(options.base_url.as_deref(), None, DEFAULT_BASE_URL)?;
        let api_key = Secret::from_option_or_env(options.api_key.as_ref().map(Secret::expose), API_KEY_ENV);
        Ok(Self { http: HttpClient::new(options.http, api_key, parse_error_body)?, base_url })
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// Whether requests carry an API key.
    pub fn has_api_key(&self) -> bool {
        self.http.has_token()
    }

    fn url(&self, path: &str) -> Url {
        model_source::join_path(&self.base_url, path)
    }

    /// The URL of a listing page: `query`'s filters, then `cursor` if given.
    pub fn list_url(&self, query: &CivitaiQuery, cursor: Option<&str>) -> Result<Url, SourceError> {
        query.validate()?;
        let mut pairs = query.pairs();
        if let Some(cursor) = cursor {
            let cursor = cursor.trim();
            if cursor.is_empty() {
                return Err(SourceError::InvalidQuery("empty cursor".into()));
            }
            pairs.push(("cursor", cursor.to_owned()));
        }
        let mut url = self.url("/api/v1/models");
        if !pairs.is_empty() {
            url.set_query(Some(&model_source::encode_query(pairs.iter().map(|(k, v)| (*k, v.as_str())))));
        }
        Ok(url)
    }

    /// One version by its id, read as a one-version model (to ask "can my workers run this
    /// version?"). The record's `id` is the parent model's.
    pub async fn get_version(&self, version_id: &str) -> Result<ModelRecord, SourceError> {
        let id = positive_id(version_id, "model version")?;
        self.version(self.url(&format!("/api/v1/model-versions/{id}"))).await
    }

    /// The version a file hash belongs to (SHA256, BLAKE3, CRC32, AutoV1/V2/V3), read as a
    /// one-version model (to ask "can my workers run this file I already have?").
    pub async fn get_version_by_hash(&self, hash: &str) -> Result<ModelRecord, SourceError> {
        let hash = validate_hash(hash)?;
        self.version(self.url(&format!("/api/v1/model-versions/by-hash/{hash}"))).await
    }

    async fn version(&self, url: Url) -> Result<ModelRecord, SourceError> {
        let (record, _) = self
            .http
            .get_json_derived(url, BodyKind::Page, |body, response| {
                // The readers take the value: a copy only of a body the cache keeps.
                let version = version_from_value(Arc::unwrap_or_clone(body)).map_err(|e| decode_error(response, &e))?;
                Ok(version_record(&version, extract_version(&version, None), &self.base_url))
            })
            .await?;
        Ok(record)
    }

    fn model_record(&self, model: &CivitaiModel) -> ModelRecord {
        model_record(model, extract_model(model), &self.base_url)
    }
}

/// The cursor of the next page: `metadata.nextCursor`, else the `cursor` of
/// `metadata.nextPage`. A page-numbered `nextPage` alone (the old shape) is not
/// followed: `page` is never sent.
fn next_cursor(page: &ModelsPage) -> Option<String> {
    let from_cursor = page.next_cursor.as_deref().and_then(compat_core::wire::non_empty).map(str::to_owned);
    from_cursor.or_else(|| {
        let next = Url::parse(page.next_page.as_deref()?).ok()?;
        next.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.trim().to_owned()).filter(|c| !c.is_empty())
    })
}

fn decode_error(response: &HttpResponse, error: &ParseError) -> SourceError {
    SourceError::Decode { url: response.url.to_string(), context: error.to_string() }
}

/// A CivitAI numeric id: digits only, at least 1.
fn positive_id(id: &str, what: &str) -> Result<u64, SourceError> {
    let trimmed = id.trim();
    let parsed = trimmed.bytes().all(|b| b.is_ascii_digit()).then(|| trimmed.parse::<u64>().ok()).flatten();
    match parsed {
        Some(n) if n > 0 => Ok(n),
        _ => Err(SourceError::InvalidQuery(format!("`{id}` is not a CivitAI {what} id (a positive integer)"))),
    }
}

/// A file hash CivitAI indexes: hex (SHA256, BLAKE3, CRC32, AutoV1/V2/V3) or other
/// ASCII alphanumerics, 8 to 128 characters.
fn validate_hash(hash: &str) -> Result<&str, SourceError> {
    let trimmed = hash.trim();
    let ok = (8..=128).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(trimmed)
    } else {
        Err(SourceError::InvalidQuery(format!(
            "`{hash}` is not a file hash (8 to 128 letters and digits: SHA256, BLAKE3, CRC32, AutoV1/V2/V3)"
        )))
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
impl ModelSource for CivitaiSource {
    type Query = CivitaiQuery;

    fn name(&self) -> &'static str {
        "civitai"
    }

    async fn list_page(&self, query: &CivitaiQuery, cursor: Option<&str>) -> Result<Page, SourceError> {
        let url = self.list_url(query, cursor)?;
        // From the client's cache, the page as read the first time: no parsing or reading again.
        let (page, _) = self
            .http
            .get_json_derived(url, BodyKind::Page, |body, response| {
                let page =
                    models_page_from_value(Arc::unwrap_or_clone(body)).map_err(|e| decode_error(response, &e))?;
                // Ids as text, the record's id: a set of strings is B-tree code the WASM module
                // holds anyway (the pager's), where a set of numbers would be one more copy.
                let mut seen = StringSet::new();
                let records =
                    page.items.iter().filter(|m| seen.insert(m.id.to_string())).map(|m| self.model_record(m)).collect();
                let problems = page
                    .bad_items
                    .iter()
                    .map(|bad| ItemProblem {
                        index: bad.index,
                        id: bad.id.map(|id| id.to_string()),
                        error: bad.error.clone(),
                    })
                    .collect();
                Ok(Page { records, next: next_cursor(&page), problems })
            })
            .await?;
        Ok(page)
    }

    async fn get_model(&self, id: &str) -> Result<ModelRecord, SourceError> {
        let id = positive_id(id, "model")?;
        let url = self.url(&format!("/api/v1/models/{id}"));
        let (record, _) = self
            .http
            .get_json_derived(url, BodyKind::Page, |body, response| {
                let model = model_from_value(Arc::unwrap_or_clone(body)).map_err(|e| decode_error(response, &e))?;
                Ok(self.model_record(&model))
            })
            .await?;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_integers() {
        assert_eq!(positive_id("1231067", "model").unwrap(), 1_231_067);
        assert_eq!(positive_id(" 42 ", "model").unwrap(), 42);
        for bad in ["", "0", "-1", "+5", "1.5", "12a", "../1", "99999999999999999999999"] {
            assert_eq!(positive_id(bad, "model").unwrap_err().code().as_str(), "INVALID_ARGUMENT", "{bad}");
        }
    }

    #[test]
    fn hashes_are_validated() {
        for ok in [
            "F414C813",
            "9753338AB6",
            "34A22376739D",
            "9753338AB693CA82BF89ED77A5D1912879E40051463EC6E330FB9866CE798668",
            "a65ae7b3",
        ] {
            assert_eq!(validate_hash(ok).unwrap(), ok);
        }
        for bad in ["", "ABC123", "../../etc", "9753338AB6?x=1", "97533 38AB6", &"A".repeat(129)] {
            assert!(validate_hash(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_next_cursor_comes_from_metadata() {
        let page = |cursor: Option<&str>, next: Option<&str>| ModelsPage {
            next_cursor: cursor.map(str::to_owned),
            next_page: next.map(str::to_owned),
            ..ModelsPage::default()
        };
        assert_eq!(next_cursor(&page(Some("22138|364671|25494"), None)).as_deref(), Some("22138|364671|25494"));
        let real = "https://api.civitai.com/api/v1/models?limit=10&page=1&sort=Highest%20Rated&types=Checkpoint&cursor=22138%7C364671%7C25494";
        assert_eq!(next_cursor(&page(None, Some(real))).as_deref(), Some("22138|364671|25494"));
        assert_eq!(next_cursor(&page(None, Some("https://civitai.com/api/v1/models?limit=3&page=2"))), None);
        assert_eq!(next_cursor(&page(Some(" "), None)), None);
        assert_eq!(next_cursor(&page(None, None)), None);
    }

    #[test]
    fn options_debug_hides_the_key() {
        let options = CivitaiOptions { api_key: Some("secret-key-123".into()), ..CivitaiOptions::default() };
        let debug = format!("{options:?}");
        assert!(!debug.contains("secret-key-123"), "{debug}");
        assert!(debug.contains("<redacted>"));
    }
}
