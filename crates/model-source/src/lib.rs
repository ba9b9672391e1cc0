//! What the providers share: the [`ModelSource`] trait, the paging built on it,
//! one HTTP client with retries and token hygiene, and one error type.
//!
//! The rules live in `compat-core`; this crate only moves bytes and pages.

mod endpoint;
mod error;
mod headers;
mod http;
mod secret;
mod source;
mod transport;
#[cfg(target_arch = "wasm32")]
mod web_url;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use endpoint::{base_url, catalog_or_default, encode_query, join_path};
pub use error::{BoxError, ErrorCode, SourceError};
pub use headers::Headers;
pub use http::{BodyKind, BodyLimits, ErrorMessageFn, HttpClient, HttpConfig, HttpResponse, RetryPolicy, retry_after};
pub use secret::Secret;
pub use source::{CollectOptions, Collected, ItemProblem, ModelEntry, ModelSource, Page, Progress, StopReason};
/// A URL: the `url` crate natively, the host's `URL` on wasm32 (both implement the WHATWG URL
/// standard; see `web_url`).
#[cfg(not(target_arch = "wasm32"))]
pub use url::{ParseError as UrlError, Url};
#[cfg(target_arch = "wasm32")]
pub use web_url::{ParseError as UrlError, Url};
