//! Paged listings in the two shapes real clients must follow:
//! HuggingFace (`Link: <...>; rel="next"` header, array body) and CivitAI
//! (`metadata.nextCursor` / `metadata.nextPage` in the body).

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::scenario::{Listing, ListingStyle, load_records};
use crate::server::Prepared;

pub(crate) struct CompiledListing {
    pub(crate) path: String,
    style: ListingStyle,
    page_size: usize,
    records: Vec<Value>,
    pub(crate) latency: Duration,
    pub(crate) etags: bool,
    duplicate_on_page: Option<usize>,
    fault: Option<(usize, Prepared, usize)>,
    fault_hits: AtomicUsize,
}

impl CompiledListing {
    pub(crate) fn compile(listing: &Listing) -> io::Result<Self> {
        if listing.page_size == 0 {
            return Err(invalid(format!("listing {}: pageSize must be > 0", listing.path)));
        }
        let mut records = listing.records.clone();
        if let Some(file) = &listing.records_file {
            records.extend(load_records(file)?);
        }
        let fault = match &listing.fault {
            Some(f) => Some((f.page, Prepared::compile(&f.response)?, f.times)),
            None => None,
        };
        Ok(Self {
            path: listing.path.clone(),
            style: listing.style,
            page_size: listing.page_size,
            records,
            latency: Duration::from_millis(listing.latency_ms),
            etags: listing.etags,
            duplicate_on_page: listing.duplicate_on_page,
            fault,
            fault_hits: AtomicUsize::new(0),
        })
    }

    /// The page selected by the request's `cursor` (none = page 1). `base_url` is this
    /// server's own address, so next-page URLs are absolute like the real APIs' are.
    pub(crate) fn respond(&self, base_url: &str, raw_query: &str) -> Prepared {
        let total = self.records.len();
        let offset = match cursor_param(raw_query) {
            None => 0,
            Some(cursor) => match decode_cursor(&cursor) {
                Some(offset) if offset <= total => offset,
                _ => {
                    return Prepared::json_error(
                        StatusCode::BAD_REQUEST,
                        &format!("testkit: invalid cursor {cursor:?}"),
                    );
                }
            },
        };
        let page = offset / self.page_size + 1;

        if let Some((fault_page, response, times)) = &self.fault {
            if *fault_page == page && self.fault_hits.fetch_add(1, Ordering::SeqCst) < *times {
                return response.clone();
            }
        }

        let end = (offset + self.page_size).min(total);
        let mut items = self.records[offset..end].to_vec();
        if self.duplicate_on_page == Some(page) && offset > 0 {
            items.insert(0, self.records[offset - 1].clone());
        }
        let next = (end < total).then(|| {
            let cursor = encode_cursor(end);
            let url = format!("{base_url}{}?{}", self.path, query_with_cursor(raw_query, &cursor));
            (cursor, url)
        });

        match self.style {
            ListingStyle::HuggingFace => {
                let mut prepared = Prepared::json(StatusCode::OK, &Value::Array(items));
                if let Some((_, url)) = &next {
                    let link = format!("<{url}>; rel=\"next\"");
                    prepared
                        .headers
                        .push((header::LINK, HeaderValue::from_str(&link).expect("cursor and query are ASCII")));
                }
                prepared
            }
            ListingStyle::CivitAi => {
                let mut metadata = serde_json::Map::new();
                if let Some((cursor, url)) = next {
                    metadata.insert("nextCursor".into(), json!(cursor));
                    metadata.insert("nextPage".into(), json!(url));
                }
                Prepared::json(StatusCode::OK, &json!({ "items": items, "metadata": metadata }))
            }
        }
    }
}

/// Opaque to clients (they must pass it back verbatim), but just base64url of `{"offset":N}`
/// so a failing test's log is still readable after decoding.
pub(crate) fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(json!({ "offset": offset }).to_string())
}

pub(crate) fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim_end_matches('=')).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    usize::try_from(value.get("offset")?.as_u64()?).ok()
}

fn cursor_param(raw_query: &str) -> Option<String> {
    url::form_urlencoded::parse(raw_query.as_bytes()).find(|(k, _)| k == "cursor").map(|(_, v)| v.into_owned())
}

/// The request's query with `cursor` replaced. The other params are kept byte-for-byte (not
/// re-encoded) so a client comparing URLs sees exactly what it sent.
fn query_with_cursor(raw_query: &str, cursor: &str) -> String {
    let mut parts: Vec<&str> = raw_query
        .split('&')
        .filter(|part| !part.is_empty())
        .filter(|part| {
            let key = part.split('=').next().unwrap_or_default();
            !url::form_urlencoded::parse(key.as_bytes()).any(|(k, _)| k == "cursor")
        })
        .collect();
    let cursor_part = format!("cursor={cursor}");
    parts.push(&cursor_part);
    parts.join("&")
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        for offset in [0, 1, 50, 123_456] {
            assert_eq!(decode_cursor(&encode_cursor(offset)), Some(offset));
        }
        assert_eq!(decode_cursor("not a cursor"), None);
    }

    #[test]
    fn cursor_replaces_old_cursor_and_keeps_other_params_verbatim() {
        assert_eq!(
            query_with_cursor("expand%5B%5D=siblings&cursor=old&limit=2", "NEW"),
            "expand%5B%5D=siblings&limit=2&cursor=NEW"
        );
        assert_eq!(query_with_cursor("", "C"), "cursor=C");
    }
}
