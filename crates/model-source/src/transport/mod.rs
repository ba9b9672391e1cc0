//! One GET on the wire, per platform: reqwest natively, the host's `fetch` on wasm32.
//!
//! Both return every status as an [`HttpResponse`](crate::HttpResponse) (the client decides
//! what an error is), map connection failures to
//! [`SourceError::Transport`](crate::SourceError::Transport) and a body that ends early to
//! [`SourceError::Decode`](crate::SourceError::Decode).

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Transport;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
pub(crate) use fetch::Transport;
