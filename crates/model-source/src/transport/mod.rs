//! One GET on the wire, per platform: reqwest natively, the host's `fetch` on wasm32.
//!
//! Both return every status as a response (the client decides what an error is), map
//! connection failures to [`SourceError::Transport`](crate::SourceError::Transport) and a body
//! that ends early to [`SourceError::Decode`](crate::SourceError::Decode).

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Transport;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
pub(crate) use fetch::Transport;

use crate::Url;
use crate::headers::Headers;

/// What came back, whatever the status.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The URL that answered (after the redirects `fetch` follows itself).
    pub url: Url,
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}
