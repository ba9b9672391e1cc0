//! An opt-in in-process cache of the JSON a source reads, for a server that renders the same
//! listing again and again (a marketplace page: 3 to 10 sequential requests per render without
//! it). It sits in [`HttpClient`](crate::HttpClient), so both providers, listings and single
//! models alike, get it by setting [`HttpConfig::cache`](crate::HttpConfig::cache).
//!
//! What it keeps is a successful JSON response, parsed, and the records a source read from it:
//! a later identical request answers from memory without parsing or reading again. The key is
//! the requested URL (endpoint, path and query, the page's cursor included) and a SHA-256 of
//! the token, never the token: two tokens never share an entry, and a process dump of the
//! cache shows no token. Verdicts are not cached here: a call with another catalog reads the
//! same records and gets its own verdicts. A caller that wants to keep what it made of the
//! answers (the bindings keep a call's result) runs the call under [`ResponseCache::traced`]
//! and reuses its result while [`ResponseCache::answers_unchanged`] holds.
//!
//! - An entry younger than [`CacheConfig::ttl`] answers at once.
//! - Older, but within [`CacheConfig::stale_while_revalidate`] more, it still answers at once
//!   and one refresh starts in the background (on the caller's tokio runtime); the next call
//!   reads what the refresh stored.
//! - Older still, the request goes out again. When the entry has an `ETag`, it is sent as
//!   `If-None-Match`, and a `304 Not Modified` restarts the entry's clock without a body.
//! - Errors are never stored (a failed refresh leaves the entry as it was), nor is a response
//!   marked `Cache-Control: no-store`.
//! - At most [`CacheConfig::max_entries`] entries; the least recently used goes first. An
//!   entry is one body, parsed ([`BodyLimits`](crate::BodyLimits) caps it), and what its
//!   source read from it (see [`HttpClient::get_json_derived`](crate::HttpClient::get_json_derived)).
//!
//! Native only: on wasm32 the host (a browser's HTTP cache) is the cache, and the module has no
//! room for a second one.

use std::time::Duration;

#[cfg(not(target_arch = "wasm32"))]
mod store;
#[cfg(not(target_arch = "wasm32"))]
pub use store::{CacheStats, ResponseCache, Trace};
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use store::{Cached, Key, Lookup};

/// How long entries live and how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheConfig {
    /// How long an entry answers without asking the network.
    pub ttl: Duration,
    /// How long past `ttl` an entry still answers while one refresh runs in the background.
    pub stale_while_revalidate: Duration,
    /// The most entries held; the least recently used goes first. 0 keeps nothing.
    pub max_entries: usize,
}

impl Default for CacheConfig {
    /// A minute fresh, no stale answers, 500 entries (a listing of 10 pages for 50 queries).
    fn default() -> Self {
        Self { ttl: Duration::from_secs(60), stale_while_revalidate: Duration::ZERO, max_entries: 500 }
    }
}
