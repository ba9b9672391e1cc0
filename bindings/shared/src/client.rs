//! What `createClient` returns holds: settings the calls made through it share. Today that is
//! the in-memory cache of the sources' answers (issue 15: a server rendering a listing page
//! again and again asks the source again every time without it).
//!
//! The cache lives in the HTTP client of `model-source`, natively only: in the WASM build a
//! client checks its options like the addon does, so the JavaScript API is the same, and keeps
//! nothing (the browser's HTTP cache is the cache there, and the module's size budget has no
//! room for a second one).
//!
//! Beside the answers, a client keeps each call's result (the JSON text handed to JavaScript)
//! with the [`Trace`] of what the call read: while every body it read is still kept, fresh
//! and unchanged, the same call (same function, same arguments, same environment) hands out
//! the same text without collecting, judging or serializing again. That is most of a cached
//! call's time (a listing of 100 compatible models judges and serializes a few hundred
//! records). A call that read anything else (a stale answer, an error turned into a note, a
//! header range, a read cut short by a budget) keeps no result: the next one runs in full.

#[cfg(not(target_arch = "wasm32"))]
use std::collections::{HashMap, VecDeque};
#[cfg(not(target_arch = "wasm32"))]
use std::sync::{Arc, Mutex, PoisonError};

use model_source::HttpConfig;
#[cfg(not(target_arch = "wasm32"))]
use model_source::{ResponseCache, Trace};

use crate::error::BindingError;
use crate::options::ClientOptions;

/// A client's shared state. Cheap to clone: clones share it. The default one (what the plain
/// functions use) keeps nothing.
#[derive(Debug, Clone, Default)]
pub struct Client {
    #[cfg(not(target_arch = "wasm32"))]
    cache: Option<Arc<ResponseCache>>,
    #[cfg(not(target_arch = "wasm32"))]
    results: Arc<Mutex<Results>>,
}

/// Which call a result is of: a SHA-256 of the function's name, its arguments' JSON texts
/// and the environment the addon reads defaults from (a token among them, so never kept as
/// such); `None` from a client without a cache, and always in the WASM build, which keeps
/// nothing.
#[cfg(not(target_arch = "wasm32"))]
pub type CallKey = Option<[u8; 32]>;
#[cfg(target_arch = "wasm32")]
pub type CallKey = Option<std::convert::Infallible>;

/// The environment variables the sources read defaults from.
#[cfg(not(target_arch = "wasm32"))]
const ENV: [&str; 3] = ["HF_ENDPOINT", "HF_TOKEN", "CIVITAI_API_KEY"];

/// Kept call results, oldest first out past the cache's `max_entries`.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default)]
struct Results {
    by_call: HashMap<[u8; 32], (String, Trace)>,
    order: VecDeque<[u8; 32]>,
}

impl Client {
    /// `createClient(options?)`: `options` is the JSON text of a `ClientOptions`.
    pub fn new(options: Option<&str>) -> Result<Self, BindingError> {
        let options = crate::api::options_object("options", options, ClientOptions::read)?;
        #[cfg(not(target_arch = "wasm32"))]
        return Ok(Self {
            cache: options.cache.map(|cache| cache.config().map(|c| Arc::new(ResponseCache::new(c)))).transpose()?,
            results: Arc::default(),
        });
        // Checked as natively (the same options fail the same way), then dropped.
        #[cfg(target_arch = "wasm32")]
        {
            options.cache.as_ref().map(crate::options::CacheOptions::check).transpose()?;
            Ok(Self {})
        }
    }

    /// `client.clearCache()`: drops every kept answer.
    pub fn clear_cache(&self) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(cache) = &self.cache {
            cache.clear();
            *self.results() = Results::default();
        }
    }

    /// The key of a call of `function` with the JSON texts `args`, when this client keeps
    /// results (it has a cache).
    pub fn call_key(&self, function: &str, args: &[Option<&str>]) -> CallKey {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.cache.as_ref()?;
            let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
            // Each part with its length: no two argument lists hash the same bytes.
            let mut part = |bytes: Option<&[u8]>| {
                let len = bytes.map_or(u64::MAX, |b| b.len() as u64);
                hash.update(&len.to_le_bytes());
                hash.update(bytes.unwrap_or_default());
            };
            part(Some(function.as_bytes()));
            for arg in args {
                part(arg.map(str::as_bytes));
            }
            for name in ENV {
                part(std::env::var_os(name).as_ref().map(|v| v.as_encoded_bytes()));
            }
            let mut key = [0u8; 32];
            key.copy_from_slice(hash.finish().as_ref());
            Some(key)
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = (function, args);
            None
        }
    }

    /// The result of the call `key`: the kept one while what it read is unchanged (see the
    /// module's notes), else `call`'s, kept when it read only kept bodies.
    pub async fn remembered(
        &self,
        key: CallKey,
        call: impl std::future::Future<Output = Result<String, BindingError>>,
    ) -> Result<String, BindingError> {
        #[cfg(not(target_arch = "wasm32"))]
        if let (Some(cache), Some(key)) = (&self.cache, key) {
            let now = std::time::Instant::now();
            if let Some((json, trace)) = self.results().by_call.get(&key) {
                if cache.answers_unchanged(trace, now) {
                    return Ok(json.clone());
                }
            }
            let (result, trace) = ResponseCache::traced(call).await;
            if let (Ok(json), true) = (&result, trace.is_complete()) {
                self.keep(key, json.clone(), trace, cache.config().max_entries);
            }
            return result;
        }
        #[cfg(target_arch = "wasm32")]
        let _ = key;
        call.await
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn keep(&self, key: [u8; 32], json: String, trace: Trace, max: usize) {
        let mut results = self.results();
        if results.by_call.insert(key, (json, trace)).is_none() {
            results.order.push_back(key);
        }
        while results.by_call.len() > max {
            let Some(oldest) = results.order.pop_front() else { break };
            results.by_call.remove(&oldest);
        }
    }

    /// A poisoned lock only means a panic elsewhere; the map and the order stay consistent.
    #[cfg(not(target_arch = "wasm32"))]
    fn results(&self) -> std::sync::MutexGuard<'_, Results> {
        self.results.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cache, if this client keeps one.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn cache(&self) -> Option<&Arc<ResponseCache>> {
        self.cache.as_ref()
    }

    /// `http` as this client's calls use it.
    pub(crate) fn configure(&self, http: &mut HttpConfig) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            http.cache = self.cache.clone();
        }
        #[cfg(target_arch = "wasm32")]
        let _ = http;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn options_are_read_and_checked() {
        assert!(Client::new(None).unwrap().cache().is_none());
        assert!(Client::new(Some("{}")).unwrap().cache().is_none());
        let client =
            Client::new(Some(r#"{"cache":{"ttlMs":1500,"staleWhileRevalidateMs":250,"maxEntries":7}}"#)).unwrap();
        let config = *client.cache().expect("a cache").config();
        assert_eq!(config.ttl, std::time::Duration::from_millis(1500));
        assert_eq!(config.stale_while_revalidate, std::time::Duration::from_millis(250));
        assert_eq!(config.max_entries, 7);
        let defaults = *Client::new(Some(r#"{"cache":{}}"#)).unwrap().cache().unwrap().config();
        assert_eq!(defaults, model_source::CacheConfig::default());
        for bad in [
            "5",
            r#"{"cach":{}}"#,
            r#"{"cache":{"ttl":1}}"#,
            r#"{"cache":{"maxEntries":0}}"#,
            r#"{"cache":{"ttlMs":-1}}"#,
            r#"{"cache":true}"#,
        ] {
            assert_eq!(Client::new(Some(bad)).unwrap_err().code, ErrorCode::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn clones_share_the_cache_and_the_http_config_gets_it() {
        let client = Client::new(Some(r#"{"cache":{}}"#)).unwrap();
        let clone = client.clone();
        assert!(Arc::ptr_eq(client.cache().unwrap(), clone.cache().unwrap()));
        let mut http = HttpConfig::default();
        clone.configure(&mut http);
        assert!(Arc::ptr_eq(http.cache.as_ref().unwrap(), client.cache().unwrap()));
        let mut plain = HttpConfig::default();
        Client::default().configure(&mut plain);
        assert!(plain.cache.is_none());
    }
}
