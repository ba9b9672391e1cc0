//! One GET, behind the [`Transport`] trait: on the wire per platform (reqwest natively, the
//! host's `fetch` on wasm32), or answered in-process by [`InMemory`].
//!
//! Every transport returns every status as an [`HttpResponse`] (the client decides what an
//! error is). The wire transports map connection failures to
//! [`SourceError::Transport`](crate::SourceError::Transport) and a body that ends early to
//! [`SourceError::Decode`](crate::SourceError::Decode). Both stream the body into a
//! [`BodyBuffer`], which holds the cap the same way on either platform.

use std::ops::Range;

use async_trait::async_trait;

use crate::Url;
use crate::error::SourceError;
use crate::http::HttpResponse;

mod memory;
pub use memory::{InMemory, offset_page};

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Platform;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
pub(crate) use fetch::Platform;

/// Where [`HttpClient`](crate::HttpClient) sends a GET. `bearer` goes in the `Authorization`
/// header; the client has already decided it may go to this URL. The body is read up to
/// `limit` bytes: over it a success fails with
/// [`SourceError::ResponseTooLarge`], an error page is cut.
#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
pub trait Transport: std::fmt::Debug + Send + Sync {
    async fn get(&self, url: &Url, bearer: Option<&str>, limit: u64) -> Result<HttpResponse, SourceError>;

    /// A GET of the bytes `range` of the resource (`Range: bytes=start-(end-1)`; `range` is
    /// not empty). Whatever the status, the body is read up to `limit` bytes and the read then
    /// stops without an error: a server that ignores the range and sends the whole file (a
    /// 200) costs `limit` bytes, not the file. The caller tells a 206 from a 200.
    async fn get_range(
        &self,
        url: &Url,
        bearer: Option<&str>,
        range: Range<u64>,
        limit: u64,
    ) -> Result<HttpResponse, SourceError>;

    /// [`get`](Self::get) asking for the body only if it no longer matches `etag`
    /// (`If-None-Match`, for the [`ResponseCache`](crate::ResponseCache)): the answer may then
    /// be a `304 Not Modified` without a body. A transport that cannot send the header makes a
    /// plain `get`; a `200` with the body is always a correct answer.
    #[cfg(not(target_arch = "wasm32"))]
    async fn get_if_none_match(
        &self,
        url: &Url,
        bearer: Option<&str>,
        limit: u64,
        etag: &str,
    ) -> Result<HttpResponse, SourceError> {
        let _ = etag;
        self.get(url, bearer, limit).await
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
impl Transport for Platform {
    async fn get(&self, url: &Url, bearer: Option<&str>, limit: u64) -> Result<HttpResponse, SourceError> {
        Platform::send(self, url, bearer, None, BodyCap::whole(limit)).await
    }

    #[cfg(not(target_arch = "wasm32"))]
    async fn get_if_none_match(
        &self,
        url: &Url,
        bearer: Option<&str>,
        limit: u64,
        etag: &str,
    ) -> Result<HttpResponse, SourceError> {
        Platform::send_if_none_match(self, url, bearer, BodyCap::whole(limit), etag).await
    }

    async fn get_range(
        &self,
        url: &Url,
        bearer: Option<&str>,
        range: Range<u64>,
        limit: u64,
    ) -> Result<HttpResponse, SourceError> {
        Platform::send(self, url, bearer, Some(range), BodyCap::prefix(limit)).await
    }
}

/// The value of a `Range` header for `range` (end exclusive, as Rust ranges are; HTTP's is
/// inclusive).
pub(crate) fn range_header(range: &Range<u64>) -> String {
    format!("bytes={}-{}", range.start, range.end.saturating_sub(1))
}

/// How much of a body to read, and what reaching the cap means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BodyCap {
    limit: u64,
    /// A whole document (a page, a config): a success body over the cap fails. A prefix (a
    /// header range): reading stops at the cap, which is all that was wanted.
    whole: bool,
}

impl BodyCap {
    pub fn whole(limit: u64) -> Self {
        Self { limit, whole: true }
    }

    pub fn prefix(limit: u64) -> Self {
        Self { limit, whole: false }
    }
}

/// An error page is only ever shown as a one-line excerpt: this much of it is plenty, and the
/// rest is dropped rather than failing the request with a less useful error.
const ERROR_BODY_LIMIT: u64 = 64 << 10;

/// A response body being read chunk by chunk, never beyond its cap: chunks are copied in once,
/// and the buffer is sized from `Content-Length` only up to the cap (a lying or enormous
/// length allocates nothing beyond it).
#[derive(Debug)]
pub(crate) struct BodyBuffer {
    body: Vec<u8>,
    limit: u64,
    /// Whole success bodies over the cap fail; error bodies and prefixes are cut (see
    /// [`ERROR_BODY_LIMIT`], [`BodyCap`]).
    strict: bool,
}

/// Whether to keep reading.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Read {
    More,
    Done,
}

impl BodyBuffer {
    /// Checks `Content-Length` before a byte is read.
    pub fn new(url: &crate::Url, status: u16, declared: Option<u64>, cap: BodyCap) -> Result<Self, SourceError> {
        let success = (200..300).contains(&status);
        let strict = success && cap.whole;
        let limit = if success { cap.limit } else { cap.limit.min(ERROR_BODY_LIMIT) };
        if strict && declared.is_some_and(|n| n > limit) {
            return Err(SourceError::ResponseTooLarge { url: url.to_string(), limit, declared });
        }
        let capacity = usize::try_from(declared.unwrap_or(0).min(limit)).unwrap_or(0);
        Ok(Self { body: Vec::with_capacity(capacity), limit, strict })
    }

    pub fn push(&mut self, url: &crate::Url, chunk: &[u8]) -> Result<Read, SourceError> {
        let room = usize::try_from(self.limit).unwrap_or(usize::MAX).saturating_sub(self.body.len());
        if chunk.len() <= room {
            self.body.extend_from_slice(chunk);
            return Ok(Read::More);
        }
        if self.strict {
            return Err(SourceError::ResponseTooLarge { url: url.to_string(), limit: self.limit, declared: None });
        }
        self.body.extend_from_slice(&chunk[..room]);
        Ok(Read::Done)
    }

    /// Whether a cut body reached its cap: reading stops here rather than waiting for a chunk
    /// that would only be cut. Never for a whole body: only its next chunk (or its end) tells
    /// whether it is over the cap.
    pub fn is_full(&self) -> bool {
        !self.strict && self.body.len() as u64 >= self.limit
    }

    pub fn into_inner(self) -> Vec<u8> {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> crate::Url {
        crate::Url::parse("http://127.0.0.1/x").unwrap()
    }

    #[test]
    fn the_declared_length_is_checked_before_reading() {
        let err = BodyBuffer::new(&url(), 200, Some(100 << 30), BodyCap::whole(1 << 20)).unwrap_err();
        assert!(matches!(err, SourceError::ResponseTooLarge { declared: Some(n), .. } if n == 100 << 30), "{err:?}");
        // A length under the cap sizes the buffer; never more than the cap.
        assert_eq!(BodyBuffer::new(&url(), 200, Some(10), BodyCap::whole(1 << 20)).unwrap().body.capacity(), 10);
    }

    #[test]
    fn a_success_body_over_the_cap_fails_an_error_body_is_cut() {
        let mut ok = BodyBuffer::new(&url(), 200, None, BodyCap::whole(4)).unwrap();
        assert_eq!(ok.push(&url(), b"abc").unwrap(), Read::More);
        assert!(matches!(ok.push(&url(), b"de"), Err(SourceError::ResponseTooLarge { limit: 4, .. })));

        let mut error_page = BodyBuffer::new(&url(), 500, Some(1 << 40), BodyCap::whole(4)).unwrap();
        assert_eq!(error_page.push(&url(), b"abc").unwrap(), Read::More);
        assert_eq!(error_page.push(&url(), b"def").unwrap(), Read::Done);
        assert_eq!(error_page.into_inner(), b"abcd");
    }

    #[test]
    fn a_whole_body_exactly_at_the_cap_reads_on() {
        // Chunks that end exactly at the cap (a browser's 64 KiB chunks and a 64 MiB cap): the
        // next chunk, not the cap, decides.
        let mut page = BodyBuffer::new(&url(), 200, None, BodyCap::whole(4)).unwrap();
        assert_eq!(page.push(&url(), b"abcd").unwrap(), Read::More);
        assert!(!page.is_full());
        assert!(matches!(page.push(&url(), b"e"), Err(SourceError::ResponseTooLarge { .. })));
    }

    #[test]
    fn a_prefix_stops_at_the_cap_whatever_the_length_says() {
        // A 200 that ignores the range and declares the whole 100 GB file.
        let mut whole_file = BodyBuffer::new(&url(), 200, Some(100 << 30), BodyCap::prefix(4)).unwrap();
        assert_eq!(whole_file.body.capacity(), 4);
        assert_eq!(whole_file.push(&url(), b"GG").unwrap(), Read::More);
        assert!(!whole_file.is_full());
        assert_eq!(whole_file.push(&url(), b"UF and more").unwrap(), Read::Done);
        assert!(whole_file.is_full());
        assert_eq!(whole_file.into_inner(), b"GGUF");
    }

    #[test]
    fn range_headers_are_inclusive() {
        assert_eq!(range_header(&(0..65536)), "bytes=0-65535");
        assert_eq!(range_header(&(100..101)), "bytes=100-100");
    }
}
