//! The cache's entries and its bookkeeping (native only).

use std::any::Any;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use serde_json::Value;

use super::CacheConfig;
use crate::Url;
use crate::http::HttpResponse;
use crate::secret::Secret;

/// The cache itself. Share it (`Arc`) between the clients and the calls that should see each
/// other's responses; each holds its own entries.
pub struct ResponseCache {
    config: CacheConfig,
    state: Mutex<State>,
    stats: Counters,
}

/// What the cache did so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Answered from a fresh entry.
    pub hits: u64,
    /// Answered from a stale entry while a refresh ran in the background.
    pub stale_hits: u64,
    /// Went to the network: no entry, or one too old to serve.
    pub misses: u64,
    /// `304 Not Modified` answers that restarted an entry's clock.
    pub not_modified: u64,
    /// Entries dropped to stay within `max_entries`.
    pub evictions: u64,
    /// Entries held now.
    pub entries: u64,
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    stale_hits: AtomicU64,
    misses: AtomicU64,
    not_modified: AtomicU64,
    evictions: AtomicU64,
}

/// A request as the cache tells requests apart.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    url: String,
    /// SHA-256 of the token, if there is one.
    token: Option<[u8; 32]>,
}

impl Key {
    pub(crate) fn new(url: &Url, token: Option<&Secret>) -> Self {
        let token = token.map(|t| {
            let digest = ring::digest::digest(&ring::digest::SHA256, t.expose().as_bytes());
            let mut hash = [0u8; 32];
            hash.copy_from_slice(digest.as_ref());
            hash
        });
        Self { url: url.as_str().to_owned(), token }
    }
}

/// A stored response: the parsed body and the response it came with (its body left empty:
/// the value is the body), and what a source made of the body, once it has (see
/// [`HttpClient::get_json_derived`](crate::HttpClient::get_json_derived)).
#[derive(Clone)]
pub(crate) struct Cached {
    pub value: Arc<Value>,
    pub response: HttpResponse,
    pub derived: Derived,
    /// Which stored body this is (a refresh that brings a new body stores a new serial); 0
    /// for a response that was not kept.
    pub serial: u64,
}

/// A value derived from a stored body: set once, by the first caller that reads the body, and
/// kept as long as the body is (a `304` keeps both).
pub(crate) type Derived = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

struct Entry {
    cached: Cached,
    etag: Option<String>,
    stored: Instant,
    /// Its place in [`State::order`].
    used: u64,
    /// A background refresh is running: a second one would only repeat it.
    refreshing: bool,
}

#[derive(Default)]
struct State {
    entries: HashMap<Key, Entry>,
    /// Entries by last use, oldest first: eviction takes the first.
    order: BTreeMap<u64, Key>,
    clock: u64,
    /// The last [`Cached::serial`] handed out.
    serials: u64,
}

impl State {
    fn touch(&mut self, key: &Key) {
        let Some(entry) = self.entries.get_mut(key) else { return };
        self.order.remove(&entry.used);
        // A u64 count of uses does not wrap within any process lifetime.
        self.clock = self.clock.wrapping_add(1);
        entry.used = self.clock;
        self.order.insert(self.clock, key.clone());
    }
}

/// What a lookup found.
pub(crate) enum Lookup {
    /// Young enough: the answer.
    Fresh(Cached),
    /// Too old to be fresh, young enough to serve while it is refreshed. `refresh` is set for
    /// the one caller that should start the refresh (the others serve it as it is).
    Stale { cached: Cached, etag: Option<String>, refresh: bool },
    /// Too old to serve (or absent): ask the network, with this `ETag` if there is one.
    Missing { etag: Option<String> },
}

impl ResponseCache {
    pub fn new(config: CacheConfig) -> Self {
        Self { config, state: Mutex::default(), stats: Counters::default() }
    }

    pub fn config(&self) -> &CacheConfig {
        &self.config
    }

    /// Drops every entry.
    pub fn clear(&self) {
        let mut state = self.lock();
        state.entries.clear();
        state.order.clear();
    }

    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn stats(&self) -> CacheStats {
        let read = |n: &AtomicU64| n.load(Ordering::Relaxed);
        CacheStats {
            hits: read(&self.stats.hits),
            stale_hits: read(&self.stats.stale_hits),
            misses: read(&self.stats.misses),
            not_modified: read(&self.stats.not_modified),
            evictions: read(&self.stats.evictions),
            entries: self.len() as u64,
        }
    }

    /// Runs `call` and returns, with its output, what it read through this cache (or any):
    /// see [`Trace`]. Reads in futures `call` polls itself are noted (a stream of them, say);
    /// reads in tasks it spawns are not.
    pub async fn traced<F: std::future::Future>(call: F) -> (F::Output, Trace) {
        TRACE
            .scope(RefCell::new(Trace::default()), async move {
                let output = call.await;
                (output, TRACE.with(RefCell::take))
            })
            .await
    }

    /// Whether every answer `trace` noted would come from this cache again, fresh and the same
    /// body, at `now`; then each counts as a hit (and is used again, for the LRU order). A
    /// trace with any other read (see [`Trace::is_complete`]) never is.
    pub fn answers_unchanged(&self, trace: &Trace, now: Instant) -> bool {
        if !trace.is_complete() {
            return false;
        }
        let mut state = self.lock();
        let unchanged = trace.read.iter().all(|(key, serial)| {
            state.entries.get(key).is_some_and(|entry| {
                entry.cached.serial == *serial && now.saturating_duration_since(entry.stored) < self.config.ttl
            })
        });
        if unchanged {
            for (key, _) in &trace.read {
                state.touch(key);
            }
            let hits = u64::try_from(trace.read.len()).unwrap_or(u64::MAX);
            self.stats.hits.fetch_add(hits, Ordering::Relaxed);
        }
        unchanged
    }

    /// A poisoned lock only means another thread panicked while holding it; every update
    /// below leaves the map and the order consistent before anything can panic.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn lookup(&self, key: &Key, now: Instant) -> Lookup {
        let mut state = self.lock();
        let Some(entry) = state.entries.get_mut(key) else {
            self.stats.misses.fetch_add(1, Ordering::Relaxed);
            return Lookup::Missing { etag: None };
        };
        let age = now.saturating_duration_since(entry.stored);
        if age < self.config.ttl {
            let cached = entry.cached.clone();
            state.touch(key);
            self.stats.hits.fetch_add(1, Ordering::Relaxed);
            return Lookup::Fresh(cached);
        }
        if age < self.config.ttl.saturating_add(self.config.stale_while_revalidate) {
            let refresh = !entry.refreshing;
            entry.refreshing = true;
            let (cached, etag) = (entry.cached.clone(), entry.etag.clone());
            state.touch(key);
            self.stats.stale_hits.fetch_add(1, Ordering::Relaxed);
            return Lookup::Stale { cached, etag, refresh };
        }
        self.stats.misses.fetch_add(1, Ordering::Relaxed);
        Lookup::Missing { etag: entry.etag.clone() }
    }

    /// Keeps a successful response, unless it says not to (`Cache-Control: no-store`), and
    /// hands it back as the cache holds it (kept or not).
    pub(crate) fn store(&self, key: Key, value: Arc<Value>, response: HttpResponse, now: Instant) -> Cached {
        let etag = response.header("etag").map(str::to_owned);
        let response = HttpResponse { body: Vec::new(), ..response };
        let mut cached = Cached { value, response, derived: Derived::default(), serial: 0 };
        if self.config.max_entries == 0 || no_store(&cached.response) {
            return cached;
        }
        let mut state = self.lock();
        state.serials = state.serials.wrapping_add(1);
        cached.serial = state.serials;
        if let Some(old) = state.entries.remove(&key) {
            state.order.remove(&old.used);
        }
        while state.entries.len() >= self.config.max_entries {
            let Some((_, oldest)) = state.order.pop_first() else { break };
            state.entries.remove(&oldest);
            self.stats.evictions.fetch_add(1, Ordering::Relaxed);
        }
        state.clock = state.clock.wrapping_add(1);
        let used = state.clock;
        state.order.insert(used, key.clone());
        state.entries.insert(key, Entry { cached: cached.clone(), etag, stored: now, used, refreshing: false });
        cached
    }

    /// Drops the entry of `key`: its body was successful HTTP but not what the source reads
    /// (a shape error is an error too, and is not served from memory).
    pub(crate) fn remove(&self, key: &Key) {
        let mut state = self.lock();
        if let Some(old) = state.entries.remove(key) {
            state.order.remove(&old.used);
        }
    }

    /// The server answered `304 Not Modified` to the entry's `ETag`: its clock restarts. `None`
    /// when the entry is gone (evicted meanwhile).
    pub(crate) fn not_modified(&self, key: &Key, now: Instant) -> Option<Cached> {
        let mut state = self.lock();
        let entry = state.entries.get_mut(key)?;
        entry.stored = now;
        entry.refreshing = false;
        let cached = entry.cached.clone();
        state.touch(key);
        self.stats.not_modified.fetch_add(1, Ordering::Relaxed);
        Some(cached)
    }

    /// A background refresh failed: the entry stays as it was, and a later call may try again.
    pub(crate) fn refresh_failed(&self, key: &Key) {
        if let Some(entry) = self.lock().entries.get_mut(key) {
            entry.refreshing = false;
        }
    }
}

tokio::task_local! {
    static TRACE: RefCell<Trace>;
}

/// What one call (see [`ResponseCache::traced`]) read: the fresh or newly kept bodies it was
/// answered with, and whether anything else happened. A call whose every read is such a body
/// answers the same from the same bodies (the caller judges that for its own output; the
/// bindings keep a call's result JSON beside its trace, and hand it out again while
/// [`ResponseCache::answers_unchanged`] holds).
#[derive(Debug, Default)]
pub struct Trace {
    read: Vec<(Key, u64)>,
    /// Reads started and not finished: a read dropped midway (a budget ran out), whose absence
    /// shaped the output.
    open: usize,
    /// A read that was not a kept body: a stale answer (being refreshed), an error, an answer
    /// not kept, a range, a request without the cache.
    other: bool,
}

impl Trace {
    /// Whether the call read only kept bodies, each to the end.
    pub fn is_complete(&self) -> bool {
        self.open == 0 && !self.other && !self.read.is_empty()
    }

    /// Notes a read through the cache starting; [`finished`](Self::finished) ends it.
    pub(crate) fn started() {
        let _ = TRACE.try_with(|t| {
            let mut t = t.borrow_mut();
            t.open = t.open.saturating_add(1);
        });
    }

    /// A read through the cache ended: answered by the kept body `serial` of `key` (0: not
    /// kept), or `None` (failed).
    pub(crate) fn finished(key: &Key, serial: Option<u64>) {
        let _ = TRACE.try_with(|t| {
            let mut t = t.borrow_mut();
            t.open = t.open.saturating_sub(1);
            match serial {
                Some(serial) if serial != 0 => t.read.push((key.clone(), serial)),
                _ => t.other = true,
            }
        });
    }

    /// A read that does not go through the cache.
    pub(crate) fn uncached() {
        let _ = TRACE.try_with(|t| t.borrow_mut().other = true);
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL (a caller may consider it private), nor the token's hash.
        f.write_str("Key")
    }
}

fn no_store(response: &HttpResponse) -> bool {
    response
        .header("cache-control")
        .is_some_and(|v| v.split(',').any(|directive| directive.trim().eq_ignore_ascii_case("no-store")))
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys: they name URLs a caller may consider private.
        f.debug_struct("ResponseCache").field("config", &self.config).field("entries", &self.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn config(ttl_ms: u64, swr_ms: u64, max_entries: usize) -> CacheConfig {
        CacheConfig {
            ttl: Duration::from_millis(ttl_ms),
            stale_while_revalidate: Duration::from_millis(swr_ms),
            max_entries,
        }
    }

    fn url(path: &str) -> Url {
        Url::parse(&format!("http://127.0.0.1:9{path}")).unwrap()
    }

    fn response(path: &str, headers: &[(&str, &str)]) -> HttpResponse {
        let mut response = HttpResponse::from_json(&url(path), 200, &serde_json::json!({"path": path}));
        for (name, value) in headers {
            response.headers.append(*name, *value);
        }
        response
    }

    fn put(cache: &ResponseCache, path: &str, now: Instant) -> Key {
        let key = Key::new(&url(path), None);
        cache.store(key.clone(), Arc::new(serde_json::json!(path)), response(path, &[]), now);
        key
    }

    #[test]
    fn fresh_then_stale_then_missing() {
        let cache = ResponseCache::new(config(100, 1_000, 10));
        let t0 = Instant::now();
        let key = put(&cache, "/a", t0);
        assert!(matches!(cache.lookup(&key, t0 + Duration::from_millis(99)), Lookup::Fresh(_)));
        // The first caller past the TTL refreshes; the next one serves the same stale entry.
        let stale = t0 + Duration::from_millis(100);
        assert!(matches!(cache.lookup(&key, stale), Lookup::Stale { refresh: true, .. }));
        assert!(matches!(cache.lookup(&key, stale), Lookup::Stale { refresh: false, .. }));
        cache.refresh_failed(&key);
        assert!(matches!(cache.lookup(&key, stale), Lookup::Stale { refresh: true, .. }));
        assert!(matches!(cache.lookup(&key, t0 + Duration::from_millis(1_100)), Lookup::Missing { etag: None }));
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.stale_hits, stats.misses, stats.entries), (1, 3, 1, 1));
    }

    #[test]
    fn the_body_is_not_kept_twice_and_the_etag_is() {
        let cache = ResponseCache::new(config(0, 0, 10));
        let key = Key::new(&url("/e"), None);
        let t0 = Instant::now();
        cache.store(key.clone(), Arc::new(Value::Null), response("/e", &[("ETag", "W/\"v1\"")]), t0);
        let Lookup::Missing { etag } = cache.lookup(&key, t0) else { panic!("a TTL of 0 is never fresh") };
        assert_eq!(etag.as_deref(), Some("W/\"v1\""));
        let later = t0 + Duration::from_secs(1);
        let cached = cache.not_modified(&key, later).expect("still there");
        assert!(cached.response.body.is_empty());
        cache.remove(&key);
        assert!(cache.is_empty());
        assert_eq!(cached.response.header("content-type"), Some("application/json"));
        assert_eq!(cache.stats().not_modified, 1);
    }

    #[test]
    fn least_recently_used_goes_first() {
        let cache = ResponseCache::new(config(60_000, 0, 2));
        let now = Instant::now();
        let a = put(&cache, "/a", now);
        let b = put(&cache, "/b", now);
        assert!(matches!(cache.lookup(&a, now), Lookup::Fresh(_)));
        let c = put(&cache, "/c", now);
        assert!(matches!(cache.lookup(&b, now), Lookup::Missing { .. }), "b was the least recently used");
        assert!(matches!(cache.lookup(&a, now), Lookup::Fresh(_)));
        assert!(matches!(cache.lookup(&c, now), Lookup::Fresh(_)));
        assert_eq!(cache.stats().evictions, 1);
        assert_eq!(cache.len(), 2);
        // Storing a key again replaces it rather than growing the cache.
        put(&cache, "/a", now);
        assert_eq!(cache.len(), 2);
        cache.clear();
        assert!(cache.is_empty());
    }

    #[test]
    fn tokens_are_hashed_and_keep_entries_apart() {
        let u = url("/a");
        let one = Key::new(&u, Some(&Secret::new("hf_one")));
        let two = Key::new(&u, Some(&Secret::new("hf_two")));
        let none = Key::new(&u, None);
        assert!(one != two && one != none && two != none);
        assert!(one == Key::new(&u, Some(&Secret::new("hf_one"))));
        let cache = ResponseCache::new(config(60_000, 0, 10));
        let now = Instant::now();
        cache.store(one.clone(), Arc::new(Value::Null), response("/a", &[]), now);
        assert!(matches!(cache.lookup(&two, now), Lookup::Missing { .. }));
        assert!(matches!(cache.lookup(&none, now), Lookup::Missing { .. }));
        assert!(matches!(cache.lookup(&one, now), Lookup::Fresh(_)));
        assert!(!format!("{cache:?}").contains("hf_one"));
    }

    #[test]
    fn no_store_is_honoured_and_zero_entries_keeps_nothing() {
        let now = Instant::now();
        let cache = ResponseCache::new(config(60_000, 0, 10));
        let key = Key::new(&url("/n"), None);
        cache.store(key.clone(), Arc::new(Value::Null), response("/n", &[("Cache-Control", "private, no-store")]), now);
        assert!(cache.is_empty());
        let none = ResponseCache::new(config(60_000, 0, 0));
        none.store(key, Arc::new(Value::Null), response("/n", &[]), now);
        assert!(none.is_empty());
    }
}
