//! A transport that never leaves the process, in the spirit of object_store's `InMemory`: an
//! API emulated by a function of the request URL (the CLI's `--offline` snapshot).

use std::ops::Range;
use std::sync::Arc;

use async_trait::async_trait;

use super::{BodyBuffer, BodyCap, Transport};
use crate::Url;
use crate::error::SourceError;
use crate::http::HttpResponse;

/// Answers every GET with `respond(url)`, and a ranged GET with the bytes of the range of a
/// 200 answer, as a static file server does (206 with `Content-Range`, 416 past the end).
/// Cheap to clone.
#[derive(Clone)]
pub struct InMemory {
    respond: Arc<dyn Fn(&Url) -> HttpResponse + Send + Sync>,
}

impl InMemory {
    pub fn new(respond: impl Fn(&Url) -> HttpResponse + Send + Sync + 'static) -> Self {
        Self { respond: Arc::new(respond) }
    }
}

impl std::fmt::Debug for InMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InMemory")
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
impl Transport for InMemory {
    async fn get(&self, url: &Url, _bearer: Option<&str>, limit: u64) -> Result<HttpResponse, SourceError> {
        // The same cap as on the wire, so a body too large fails the same way in-process.
        let response = (self.respond)(url);
        let mut body = BodyBuffer::new(url, response.status, Some(response.body.len() as u64), BodyCap::whole(limit))?;
        body.push(url, &response.body)?;
        Ok(HttpResponse { body: body.into_inner(), ..response })
    }

    async fn get_range(
        &self,
        url: &Url,
        _bearer: Option<&str>,
        range: Range<u64>,
        limit: u64,
    ) -> Result<HttpResponse, SourceError> {
        let mut response = (self.respond)(url);
        if response.status == 200 {
            let size = response.body.len() as u64;
            if range.start >= size {
                response.status = 416;
                response.body = Vec::new();
                response.headers.append("content-range", format!("bytes */{size}"));
            } else {
                let end = range.end.min(size);
                // Both ends are within the body, whose length fits a usize.
                response.body = response.body[range.start as usize..end as usize].to_vec();
                response.status = 206;
                response
                    .headers
                    .append("content-range", format!("bytes {}-{}/{size}", range.start, end.saturating_sub(1)));
            }
        }
        let cap = BodyCap::prefix(limit);
        let mut body = BodyBuffer::new(url, response.status, Some(response.body.len() as u64), cap)?;
        body.push(url, &response.body)?;
        Ok(HttpResponse { body: body.into_inner(), ..response })
    }
}

/// The page of `items` a cursor names, for an emulated listing: the cursor is the offset of
/// the page's first item (`None`: the first page). Returns the page and the next page's
/// cursor, or `None` for a cursor that is not an offset within `items`.
pub fn offset_page<'a, T>(items: &'a [T], cursor: Option<&str>, page_size: usize) -> Option<(&'a [T], Option<String>)> {
    let offset = match cursor {
        None => 0,
        Some(c) => c.parse::<usize>().ok().filter(|o| *o <= items.len())?,
    };
    let end = offset.saturating_add(page_size.max(1)).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    Some((&items[offset..end], next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn ranges_are_served_as_a_file_server_does() {
        let file = InMemory::new(|url| HttpResponse {
            url: url.clone(),
            status: 200,
            headers: crate::Headers::default(),
            body: b"0123456789".to_vec(),
        });
        let url = Url::parse("http://127.0.0.1/f").unwrap();
        /// (range, cap, status, body, Content-Range)
        type Case = (Range<u64>, u64, u16, &'static [u8], Option<&'static str>);
        let cases: [Case; 4] = [
            (2..5, 100, 206, b"234", Some("bytes 2-4/10")),
            (8..100, 100, 206, b"89", Some("bytes 8-9/10")),
            // The cap cuts a range too long for it.
            (0..10, 4, 206, b"0123", Some("bytes 0-9/10")),
            (10..20, 100, 416, b"", Some("bytes */10")),
        ];
        for (range, limit, status, body, content_range) in cases {
            let answer = file.get_range(&url, None, range.clone(), limit).await.unwrap();
            assert_eq!((answer.status, answer.body.as_slice()), (status, body), "{range:?}");
            assert_eq!(answer.header("content-range"), content_range, "{range:?}");
        }
    }

    #[test]
    fn offset_pages_cover_the_items_once() {
        let items: Vec<u32> = (0..7).collect();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let (page, next) = offset_page(&items, cursor.as_deref(), 3).unwrap();
            seen.extend_from_slice(page);
            match next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert_eq!(seen, items);
        assert_eq!(offset_page(&items, Some("8"), 3), None);
        assert_eq!(offset_page(&items, Some("x"), 3), None);
        assert_eq!(offset_page::<u32>(&[], None, 3), Some((&[][..], None)));
    }
}
