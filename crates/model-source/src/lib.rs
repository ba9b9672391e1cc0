//! What the providers share: the [`ModelSource`] trait, the [`Pager`] built on it, the
//! [`Judge`] seam, one HTTP client with retries and token hygiene over a [`Transport`] (whole
//! documents, and byte ranges: [`HttpClient::read_header`] reads a weight file's header), and
//! one error type.
//!
//! The rules live in `compat-core`; this crate only moves bytes and pages.

// Lengths, counts and waits come from servers: arithmetic is checked or saturating (issue 16).
#![cfg_attr(not(test), warn(clippy::arithmetic_side_effects))]

mod cache;
mod endpoint;
mod error;
mod headers;
mod http;
mod judge;
mod pager;
mod record;
mod remote_header;
mod secret;
mod source;
mod transport;
#[cfg(target_arch = "wasm32")]
mod web_url;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use cache::CacheConfig;
#[cfg(not(target_arch = "wasm32"))]
pub use cache::{CacheStats, ResponseCache, Trace};
pub use endpoint::{base_url, encode_query, join_path};
pub use error::{BoxError, ErrorCode, SourceError};
pub use headers::Headers;
pub use http::{
    BodyKind, BodyLimits, ClientFuture, ContentRange, ErrorMessageFn, HttpClient, HttpConfig, HttpResponse,
    RetryPolicy, content_range, retry_after, sleep,
};
pub use judge::{Judge, ModelEntry, OnDevice};
pub use pager::{CollectOptions, Collected, PageRead, Pager, PagerPage, PagerState, Progress, StopReason};
pub use record::{HeaderRead, ItemProblem, LicensePermissions, ModelRecord, Page};
pub use remote_header::{GGUF_FIRST_READ, RemoteHeader, SAFETENSORS_FIRST_READ, first_read_for};
pub use secret::Secret;
pub use source::ModelSource;
pub use transport::{InMemory, Transport, offset_page};
/// A URL: the `url` crate natively, the host's `URL` on wasm32 (both implement the WHATWG URL
/// standard; see `web_url`).
#[cfg(not(target_arch = "wasm32"))]
pub use url::{ParseError as UrlError, Url};
#[cfg(target_arch = "wasm32")]
pub use web_url::{ParseError as UrlError, Url};
