//! One GET, behind the [`Transport`] trait: on the wire per platform (reqwest natively, the
//! host's `fetch` on wasm32), or answered in-process by [`InMemory`].
//!
//! Every transport returns every status as an [`HttpResponse`] (the client decides what an
//! error is). The wire transports map connection failures to
//! [`SourceError::Transport`](crate::SourceError::Transport) and a body that ends early to
//! [`SourceError::Decode`](crate::SourceError::Decode). Both stream the body into a
//! [`BodyBuffer`], which holds the cap the same way on either platform.

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
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
impl Transport for Platform {
    async fn get(&self, url: &Url, bearer: Option<&str>, limit: u64) -> Result<HttpResponse, SourceError> {
        Platform::get(self, url, bearer, limit).await
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
    /// Success bodies over the cap fail; error bodies are cut (see [`ERROR_BODY_LIMIT`]).
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
    pub fn new(url: &crate::Url, status: u16, declared: Option<u64>, limit: u64) -> Result<Self, SourceError> {
        let strict = (200..300).contains(&status);
        let limit = if strict { limit } else { limit.min(ERROR_BODY_LIMIT) };
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
        let err = BodyBuffer::new(&url(), 200, Some(100 << 30), 1 << 20).unwrap_err();
        assert!(matches!(err, SourceError::ResponseTooLarge { declared: Some(n), .. } if n == 100 << 30), "{err:?}");
        // A length under the cap sizes the buffer; never more than the cap.
        assert_eq!(BodyBuffer::new(&url(), 200, Some(10), 1 << 20).unwrap().body.capacity(), 10);
    }

    #[test]
    fn a_success_body_over_the_cap_fails_an_error_body_is_cut() {
        let mut ok = BodyBuffer::new(&url(), 200, None, 4).unwrap();
        assert_eq!(ok.push(&url(), b"abc").unwrap(), Read::More);
        assert!(matches!(ok.push(&url(), b"de"), Err(SourceError::ResponseTooLarge { limit: 4, .. })));

        let mut error_page = BodyBuffer::new(&url(), 500, Some(1 << 40), 4).unwrap();
        assert_eq!(error_page.push(&url(), b"abc").unwrap(), Read::More);
        assert_eq!(error_page.push(&url(), b"def").unwrap(), Read::Done);
        assert_eq!(error_page.into_inner(), b"abcd");
    }
}
