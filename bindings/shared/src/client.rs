//! What `createClient` returns holds: settings the calls made through it share. Today that is
//! the in-memory cache of the sources' answers (issue 15: a server rendering a listing page
//! again and again asks the source again every time without it).
//!
//! The cache lives in the HTTP client of `model-source`, natively only: in the WASM build a
//! client checks its options like the addon does, so the JavaScript API is the same, and keeps
//! nothing (the browser's HTTP cache is the cache there, and the module's size budget has no
//! room for a second one).

#[cfg(not(target_arch = "wasm32"))]
use std::sync::Arc;

use model_source::HttpConfig;
#[cfg(not(target_arch = "wasm32"))]
use model_source::ResponseCache;

use crate::error::BindingError;
use crate::options::ClientOptions;

/// A client's shared state. Cheap to clone: clones share it. The default one (what the plain
/// functions use) keeps nothing.
#[derive(Debug, Clone, Default)]
pub struct Client {
    #[cfg(not(target_arch = "wasm32"))]
    cache: Option<Arc<ResponseCache>>,
}

impl Client {
    /// `createClient(options?)`: `options` is the JSON text of a `ClientOptions`.
    pub fn new(options: Option<&str>) -> Result<Self, BindingError> {
        let options = crate::api::options_object("options", options, ClientOptions::read)?;
        #[cfg(not(target_arch = "wasm32"))]
        return Ok(Self {
            cache: options.cache.map(|cache| cache.config().map(|c| Arc::new(ResponseCache::new(c)))).transpose()?,
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
        }
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
