//! One GET, behind the [`Transport`] trait: on the wire per platform (reqwest natively, the
//! host's `fetch` on wasm32), or answered in-process by [`InMemory`].
//!
//! Every transport returns every status as an [`HttpResponse`] (the client decides what an
//! error is). The wire transports map connection failures to
//! [`SourceError::Transport`](crate::SourceError::Transport) and a body that ends early to
//! [`SourceError::Decode`](crate::SourceError::Decode).

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
/// header; the client has already decided it may go to this URL.
#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
pub trait Transport: std::fmt::Debug + Send + Sync {
    async fn get(&self, url: &Url, bearer: Option<&str>) -> Result<HttpResponse, SourceError>;
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
impl Transport for Platform {
    async fn get(&self, url: &Url, bearer: Option<&str>) -> Result<HttpResponse, SourceError> {
        Platform::get(self, url, bearer).await
    }
}
