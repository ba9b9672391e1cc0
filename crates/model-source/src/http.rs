//! The one HTTP client both providers use: retries with backoff, typed status
//! errors, manual redirects that keep the token on its own host.

use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::Url;
#[cfg(not(target_arch = "wasm32"))]
use crate::cache::{Cached, Key, Lookup, ResponseCache, Trace};
use crate::error::{SourceError, excerpt, one_line};
use crate::headers::Headers;
use crate::secret::Secret;
use crate::transport::{Platform, Transport};

/// How hard to try again.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff; doubles per retry.
    pub base_delay: Duration,
    /// Cap of one backoff.
    pub max_delay: Duration,
    /// The longest server-requested wait (`Retry-After`, `RateLimit`) to sit out;
    /// a longer one fails at once with [`SourceError::RateLimited`].
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// Exponential backoff with jitter in [50%, 100%] of the step.
    fn backoff(&self, attempt: u32) -> Duration {
        let step = self.base_delay.saturating_mul(1u32 << attempt.min(16)).min(self.max_delay);
        step.mul_f64(0.5 + 0.5 * jitter())
    }
}

/// A number in [0, 1) that differs between calls; jitter only, not randomness
/// anyone relies on. `RandomState` is seeded per process where the platform allows.
#[cfg(not(target_arch = "wasm32"))]
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// On wasm32 the host's `Math.random()`: wasm32-unknown-unknown has no entropy source of its
/// own, and a hasher only for this would add its code to the module.
#[cfg(target_arch = "wasm32")]
fn jitter() -> f64 {
    js_sys::Math::random()
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub user_agent: String,
    /// Whole-request timeout, body included (on wasm32 an `AbortSignal.timeout`).
    pub timeout: Duration,
    /// Native only: `fetch` does not expose connecting as a phase of its own.
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    pub max_redirects: u8,
    /// The largest body read, per kind of request.
    pub body_limits: BodyLimits,
    /// Where requests go: the platform's HTTP stack when `None`, else this transport (an
    /// [`InMemory`](crate::InMemory) API, say).
    pub transport: Option<Arc<dyn Transport>>,
    /// The whole call, retries and their waits included: past it the call fails as timed
    /// out (a server that answers every attempt slowly costs this much, not attempts × timeout).
    pub budget: Duration,
    /// Keep successful JSON responses in memory for later identical requests (see
    /// [`ResponseCache`]); `None` (the default) keeps nothing. Native only.
    #[cfg(not(target_arch = "wasm32"))]
    pub cache: Option<Arc<ResponseCache>>,
}

/// What a request fetches, which decides how large its body may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// A listing page or one model's record.
    Page,
    /// A small JSON document such as a repository's `config.json`.
    Config,
    /// The byte ranges holding one weight file's header, all together: the cap per file of
    /// [`HttpClient::read_header`].
    HeaderRange,
}

/// Caps on response bodies, in bytes. A body over its cap fails with
/// [`SourceError::ResponseTooLarge`] before more than the cap is held in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    pub page: u64,
    pub config: u64,
    pub header_range: u64,
}

impl Default for BodyLimits {
    fn default() -> Self {
        Self {
            // The largest recorded page, CivitAI's 10 checkpoints with all their versions, is
            // 0.9 MB (shared fixtures, models-list_checkpoints_..._limit10); a 100-item page
            // of those is about 9 MB. 64 MiB leaves seven times that.
            page: 64 << 20,
            // A config.json is a few KB; ones with large label maps reach a few hundred KB.
            config: 4 << 20,
            // The largest headers seen are GGUF files with 250k-token vocabularies and their
            // merges, around 10 MiB (model-headers' `Limits`); a safetensors header is a few
            // hundred KB even for thousands of tensors. Larger ones exist (the format allows a
            // 100 MB JSON header): raise the cap for them.
            header_range: 16 << 20,
        }
    }
}

impl BodyLimits {
    pub fn of(&self, kind: BodyKind) -> u64 {
        match kind {
            BodyKind::Page => self.page,
            BodyKind::Config => self.config,
            BodyKind::HeaderRange => self.header_range,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            user_agent: concat!("model-compat/", env!("CARGO_PKG_VERSION")).to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_redirects: 5,
            body_limits: BodyLimits::default(),
            transport: None,
            budget: Duration::from_secs(120),
            #[cfg(not(target_arch = "wasm32"))]
            cache: None,
        }
    }
}

/// A response, read whole. [`HttpClient`] hands out successful ones only.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The URL that answered, after redirects.
    pub url: Url,
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A JSON response, as an emulated API sends it.
    pub fn from_json(url: &Url, status: u16, body: &serde_json::Value) -> Self {
        let mut headers = Headers::default();
        headers.append("content-type", "application/json");
        Self { url: url.clone(), status, headers, body: body.to_string().into_bytes() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// Decodes the body as JSON, refusing HTML pages served with a 200.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, SourceError> {
        let content_type = self.header("content-type").unwrap_or_default();
        if content_type.contains("html") {
            return Err(SourceError::Decode {
                url: self.url.to_string(),
                context: format!("expected JSON, got an HTML page: {}", html_title_or_excerpt(&self.body)),
            });
        }
        // The one tolerance policy (a byte order mark, numbers out of range): compat_core::wire.
        let value = compat_core::wire::parse(&self.body);
        value.and_then(T::deserialize).map_err(|e| SourceError::Decode {
            url: self.url.to_string(),
            context: format!("{e} (body of {} bytes: {})", self.body.len(), excerpt(&self.body, 80)),
        })
    }
}

/// A boxed future of [`HttpClient`], `Send` where the platform's futures are (natively; `fetch`'s
/// are not).
#[cfg(not(target_arch = "wasm32"))]
pub type ClientFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, SourceError>> + Send + 'a>>;
/// A boxed future of [`HttpClient`], `Send` where the platform's futures are (natively; `fetch`'s
/// are not).
#[cfg(target_arch = "wasm32")]
pub type ClientFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, SourceError>> + 'a>>;

/// Reads the API's own error message out of an error body.
pub type ErrorMessageFn = fn(&[u8]) -> Option<String>;

/// What one GET asks for: the body cap, a byte range or the whole resource, and (for the
/// response cache) the body only if it no longer matches an `ETag`.
#[derive(Debug, Clone)]
struct Ask<'a> {
    limit: u64,
    range: Option<Range<u64>>,
    /// Only ever set for a whole resource: ranged reads bypass the cache.
    etag: Option<&'a str>,
}

/// The shared HTTP client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct HttpClient {
    transport: Arc<dyn Transport>,
    token: Option<Secret>,
    config: HttpConfig,
    error_message: ErrorMessageFn,
}

impl HttpClient {
    pub fn new(config: HttpConfig, token: Option<Secret>, error_message: ErrorMessageFn) -> Result<Self, SourceError> {
        let transport = match &config.transport {
            Some(transport) => transport.clone(),
            None => Arc::new(Platform::new(&config)?),
        };
        Ok(Self { transport, token, config, error_message })
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// GET of a listing page or a record ([`BodyKind::Page`]), with retries on transient
    /// failures, within [`HttpConfig::budget`].
    pub async fn get(&self, url: Url) -> Result<HttpResponse, SourceError> {
        self.get_as(url, BodyKind::Page).await
    }

    /// GET with the body cap of `kind`, with retries on transient failures, within
    /// [`HttpConfig::budget`].
    pub async fn get_as(&self, url: Url, kind: BodyKind) -> Result<HttpResponse, SourceError> {
        #[cfg(not(target_arch = "wasm32"))]
        Trace::uncached();
        let ask = Ask { limit: self.config.body_limits.of(kind), range: None, etag: None };
        let result = self.get_within_budget(&url, &ask).await;
        result.map_err(|error| self.redact(error))
    }

    /// GET of the bytes `range` of `url` (not empty), with retries on transient failures,
    /// within [`HttpConfig::budget`]. The body is at most `limit` bytes: reading stops there.
    ///
    /// The answer is a success: a 206 with the range, or a 200 from a server that ignored the
    /// range (its body starts at byte 0 and was cut at `limit`). A 416 is
    /// [`SourceError::RangeNotSatisfiable`]. Redirects carry the range along; the token stays
    /// on the origin of `url`, as for every request.
    ///
    /// Never through the [`ResponseCache`]: a part of a file is not its whole, and a header
    /// is read once per inspection anyway.
    pub async fn get_range(&self, url: Url, range: Range<u64>, limit: u64) -> Result<HttpResponse, SourceError> {
        #[cfg(not(target_arch = "wasm32"))]
        Trace::uncached();
        let result = self.get_within_budget(&url, &Ask { limit, range: Some(range), etag: None }).await;
        result.map_err(|error| self.redact(error))
    }

    async fn get_within_budget(&self, url: &Url, ask: &Ask<'_>) -> Result<HttpResponse, SourceError> {
        let budget = self.config.budget;
        let mut call = std::pin::pin!(self.get_retrying(url, ask));
        let mut timer = std::pin::pin!(sleep(budget));
        // A two-way select by hand: `futures` is not a dependency of this crate (WASM size).
        std::future::poll_fn(|cx| {
            if let std::task::Poll::Ready(result) = call.as_mut().poll(cx) {
                return std::task::Poll::Ready(result);
            }
            // The typed timeout: `SourceError::Transport` with `timeout`, shown as "timed out".
            timer.as_mut().poll(cx).map(|()| {
                Err(SourceError::Transport {
                    url: url.to_string(),
                    message: format!("no answer within the call's budget of {} s, retries included", budget.as_secs()),
                    timeout: true,
                    source: None,
                })
            })
        })
        .await
    }

    async fn get_retrying(&self, url: &Url, ask: &Ask<'_>) -> Result<HttpResponse, SourceError> {
        let retry = &self.config.retry;
        let mut attempt = 0;
        loop {
            match self.get_once(url, ask).await {
                Ok(response) => return Ok(response),
                Err(error) if error.is_transient() && attempt < retry.max_retries => {
                    let wait = match error.retry_after() {
                        Some(asked) if asked > retry.max_wait => return Err(error),
                        Some(asked) => asked,
                        None => retry.backoff(attempt),
                    };
                    tracing::debug!(%url, attempt, wait_ms = wait.as_millis() as u64, %error, "retrying");
                    sleep(wait).await;
                    attempt = attempt.saturating_add(1);
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// GET and decode JSON. Not generic on purpose: every caller wants a `Value` (the providers
    /// read records tolerantly from it), and one instance of this future is all the WASM module
    /// then holds.
    pub async fn get_json(&self, url: Url) -> Result<(serde_json::Value, HttpResponse), SourceError> {
        self.get_json_as(url, BodyKind::Page).await
    }

    /// [`get_json`](Self::get_json) with the body cap of `kind`.
    pub async fn get_json_as(
        &self,
        url: Url,
        kind: BodyKind,
    ) -> Result<(serde_json::Value, HttpResponse), SourceError> {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(cache) = &self.config.cache {
            // A value the cache holds is shared: the caller gets a copy of it.
            let (cached, _) = self.get_json_cached(cache, url, kind).await?;
            return Ok((Arc::unwrap_or_clone(cached.value), cached.response));
        }
        let response = self.get_as(url, kind).await?;
        let value = response.json().map_err(|error| self.redact(error))?;
        Ok((value, response))
    }

    /// [`get_json_as`](Self::get_json_as) for a caller that only reads the value: from the
    /// cache it is the cached value itself, not a copy (copying a parsed page costs about what
    /// parsing it did).
    ///
    /// Boxed here, and never inlined: the future's code is then compiled once, in this crate
    /// (an `async fn`'s future is compiled again in every crate that awaits it, and the WASM
    /// module held one copy of the whole request path per provider).
    #[inline(never)]
    pub fn get_json_shared(
        &self,
        url: Url,
        kind: BodyKind,
    ) -> ClientFuture<'_, (Arc<serde_json::Value>, HttpResponse)> {
        Box::pin(self.get_json_shared_now(url, kind))
    }

    async fn get_json_shared_now(
        &self,
        url: Url,
        kind: BodyKind,
    ) -> Result<(Arc<serde_json::Value>, HttpResponse), SourceError> {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(cache) = &self.config.cache {
            let (cached, _) = self.get_json_cached(cache, url, kind).await?;
            return Ok((cached.value, cached.response));
        }
        let response = self.get_as(url, kind).await?;
        let value = response.json().map_err(|error| self.redact(error))?;
        Ok((Arc::new(value), response))
    }

    /// A GET of JSON that a source turns into `T` with `derive` (a listing page into its
    /// records, say). From the cache, `T` is kept beside the body: a later answer from memory
    /// hands out the same `T` without reading the body again. When `derive` fails (a body of
    /// the wrong shape), the body is dropped from the cache: that error is asked again next
    /// time, as every error is. `derive` gets the body shared with the cache, if it keeps it
    /// (`Arc::unwrap_or_clone` copies it only then). The caller gets its own `T`: a copy of
    /// the cached one, or (without a cache) the one `derive` made.
    pub async fn get_json_derived<T: Clone + Send + Sync + 'static>(
        &self,
        url: Url,
        kind: BodyKind,
        derive: impl FnOnce(Arc<serde_json::Value>, &HttpResponse) -> Result<T, SourceError>,
    ) -> Result<(T, HttpResponse), SourceError> {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(cache) = &self.config.cache {
            let (cached, key) = self.get_json_cached(cache, url, kind).await?;
            if let Some(done) = cached.derived.get().and_then(|d| d.downcast_ref::<T>()) {
                return Ok((done.clone(), cached.response));
            }
            let derived = match derive(Arc::clone(&cached.value), &cached.response) {
                Ok(derived) => derived,
                Err(error) => {
                    cache.remove(&key);
                    return Err(error);
                }
            };
            // Two callers may derive at once: the same result either way, the first is kept.
            let _ = cached.derived.set(Arc::new(derived.clone()));
            return Ok((derived, cached.response));
        }
        let (value, response) = self.get_json_shared(url, kind).await?;
        Ok((derive(value, &response)?, response))
    }

    /// [`get_json_as`](Self::get_json_as) through the cache: from memory when an entry may
    /// answer, else from the network (conditionally, when the entry has an `ETag`). A response
    /// from memory has an empty body: the value is the body. Also the entry's key.
    #[cfg(not(target_arch = "wasm32"))]
    async fn get_json_cached(
        &self,
        cache: &Arc<ResponseCache>,
        url: Url,
        kind: BodyKind,
    ) -> Result<(Cached, Key), SourceError> {
        let key = Key::new(&url, self.token.as_ref());
        Trace::started();
        let answer = self.lookup_or_fetch(cache, &key, url, kind).await;
        match &answer {
            Ok((cached, true)) => Trace::finished(&key, Some(cached.serial)),
            _ => Trace::finished(&key, None),
        }
        Ok((answer?.0, key))
    }

    /// The answer for `key`: from memory or the network, and whether it is current (a fresh
    /// entry or a body just fetched, not a stale one being refreshed).
    #[cfg(not(target_arch = "wasm32"))]
    async fn lookup_or_fetch(
        &self,
        cache: &Arc<ResponseCache>,
        key: &Key,
        url: Url,
        kind: BodyKind,
    ) -> Result<(Cached, bool), SourceError> {
        let etag = match cache.lookup(key, std::time::Instant::now()) {
            Lookup::Fresh(hit) => return Ok((hit, true)),
            Lookup::Stale { cached, etag, refresh } => {
                if !refresh {
                    return Ok((cached, false));
                }
                // Outside a tokio runtime there is nowhere to run the refresh but here.
                let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                    return Ok((self.fetch_into_cache(cache, key.clone(), url, kind, etag).await?, true));
                };
                let (client, shared, refreshed) = (self.clone(), Arc::clone(cache), key.clone());
                runtime.spawn(async move {
                    if let Err(error) = client.fetch_into_cache(&shared, refreshed.clone(), url, kind, etag).await {
                        tracing::debug!(%error, "background refresh failed; the stale entry stays");
                        shared.refresh_failed(&refreshed);
                    }
                });
                return Ok((cached, false));
            }
            Lookup::Missing { etag } => etag,
        };
        Ok((self.fetch_into_cache(cache, key.clone(), url, kind, etag).await?, true))
    }

    /// One GET (conditional with `etag`) whose answer goes into the cache: a `304` restarts the
    /// entry's clock, a success replaces it. An error is returned, never stored.
    #[cfg(not(target_arch = "wasm32"))]
    async fn fetch_into_cache(
        &self,
        cache: &ResponseCache,
        key: Key,
        url: Url,
        kind: BodyKind,
        etag: Option<String>,
    ) -> Result<Cached, SourceError> {
        let limit = self.config.body_limits.of(kind);
        let ask = Ask { limit, range: None, etag: etag.as_deref() };
        let mut response = self.get_within_budget(&url, &ask).await.map_err(|e| self.redact(e))?;
        if response.status == 304 {
            if let Some(hit) = cache.not_modified(&key, std::time::Instant::now()) {
                return Ok(hit);
            }
            // Evicted while the request was out: ask again, for the body.
            response = self.get_within_budget(&url, &Ask { etag: None, ..ask }).await.map_err(|e| self.redact(e))?;
        }
        let value = Arc::new(response.json().map_err(|error| self.redact(error))?);
        Ok(cache.store(key, value, response, std::time::Instant::now()))
    }

    /// The error with the token cut out of any text the server sent.
    fn redact(&self, error: SourceError) -> SourceError {
        match &self.token {
            Some(token) => error.redacted(token.expose()),
            None => error,
        }
    }

    /// One attempt, following redirects by hand so the token never leaves the origin it
    /// was meant for (natively; `fetch` follows them itself and applies the same rule).
    async fn get_once(&self, url: &Url, ask: &Ask<'_>) -> Result<HttpResponse, SourceError> {
        let origin = url.origin();
        let mut current = url.clone();
        for hop in 0..=self.config.max_redirects {
            let bearer = self.token.as_ref().filter(|_| current.origin() == origin).map(Secret::expose);
            let sent = match (&ask.range, ask.etag) {
                (Some(range), _) => self.transport.get_range(&current, bearer, range.clone(), ask.limit).await,
                #[cfg(not(target_arch = "wasm32"))]
                (None, Some(etag)) => self.transport.get_if_none_match(&current, bearer, ask.limit, etag).await,
                _ => self.transport.get(&current, bearer, ask.limit).await,
            };
            let HttpResponse { url: answered, status, headers, body } = sent?;
            // The answer to `If-None-Match`: the caller's copy is current (a 3xx, not a redirect).
            if status == 304 && ask.etag.is_some() {
                return Ok(HttpResponse { url: answered, status, headers, body: Vec::new() });
            }
            if (300..400).contains(&status) {
                let unusable = |why: String| SourceError::Http { status, url: answered.to_string(), body_excerpt: why };
                let location = headers.get("location").ok_or_else(|| unusable("redirect without a Location".into()))?;
                let next = answered.join(location).map_err(|e| unusable(format!("redirect to an invalid URL: {e}")))?;
                // Not a network failure: asking again gets the same answer (and reqwest would
                // refuse a `file:` URL as if the network had failed).
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(unusable(format!("redirect to a {}: URL, which is not HTTP", next.scheme())));
                }
                if hop == self.config.max_redirects {
                    break;
                }
                tracing::debug!(from = %answered, to = %next, "following redirect");
                current = next;
                continue;
            }
            if (200..300).contains(&status) {
                return Ok(HttpResponse { url: answered, status, headers, body });
            }
            return Err(self.status_error(status, &answered, &headers, &body));
        }
        Err(SourceError::TooManyRedirects { url: url.to_string(), max: self.config.max_redirects })
    }

    fn status_error(&self, status: u16, url: &Url, headers: &Headers, body: &[u8]) -> SourceError {
        let url = url.to_string();
        let is_html = headers.get("content-type").is_some_and(|c| c.contains("html"));
        let text = if is_html {
            format!("HTML error page: {}", html_title_or_excerpt(body))
        } else {
            (self.error_message)(body).unwrap_or_else(|| String::from_utf8_lossy(body).into_owned())
        };
        // What the server wrote is untrusted: the token cut out before the text is shortened
        // (so no prefix of it survives the cut), then one short line.
        let text = match &self.token {
            Some(token) if !token.expose().is_empty() => text.replace(token.expose(), "<redacted>"),
            _ => text,
        };
        let message = one_line(&text, 200);
        match status {
            401 => SourceError::Unauthorized { url, message },
            403 => SourceError::Forbidden { url, message },
            404 => SourceError::NotFound { url, message },
            429 => SourceError::RateLimited { url, retry_after: retry_after(headers), message },
            416 => SourceError::RangeNotSatisfiable { url, size: content_range(headers).and_then(|r| r.size) },
            code => SourceError::Http { status: code, url, body_excerpt: message },
        }
    }
}

/// The wait a 429 asks for: `Retry-After: <seconds>`, or the Hub's
/// `RateLimit: "api";r=0;t=<seconds until reset>`; the longer of the two.
pub fn retry_after(headers: &Headers) -> Option<Duration> {
    let from_retry_after = headers.get("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
    let from_ratelimit = headers.get("ratelimit").and_then(|v| {
        v.split(';').map(str::trim).find_map(|part| part.strip_prefix("t=")).and_then(|t| t.trim().parse::<u64>().ok())
    });
    from_retry_after.into_iter().chain(from_ratelimit).max().map(Duration::from_secs)
}

/// `Content-Range: bytes 0-499/1234` (or `bytes */1234` on a 416): the range sent and the
/// size of the whole resource, when the server knows it (`*` otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// First and last byte sent (inclusive, as HTTP writes it); `None` on a 416.
    pub bytes: Option<(u64, u64)>,
    pub size: Option<u64>,
}

/// Reads the `Content-Range` header; `None` when absent or not `bytes` of this form (a
/// browser hides the header unless the server exposes it to CORS).
pub fn content_range(headers: &Headers) -> Option<ContentRange> {
    let value = headers.get("content-range")?.trim();
    let (unit, rest) = value.split_once(' ')?;
    if !unit.eq_ignore_ascii_case("bytes") {
        return None;
    }
    let (sent, size) = rest.trim().split_once('/')?;
    let size = match size.trim() {
        "*" => None,
        n => Some(n.parse().ok()?),
    };
    let bytes = match sent.trim() {
        "*" => None,
        pair => {
            let (first, last) = pair.split_once('-')?;
            let (first, last): (u64, u64) = (first.trim().parse().ok()?, last.trim().parse().ok()?);
            if last < first {
                return None;
            }
            Some((first, last))
        }
    };
    Some(ContentRange { bytes, size })
}

fn html_title_or_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    if let (Some(start), Some(end)) = (lower.find("<title>"), lower.find("</title>")) {
        // Lower-casing ASCII keeps byte positions: the title is the same span of `text`.
        if let Some(title) = text.get(start..end).and_then(|t| t.get("<title>".len()..)) {
            return title.trim().to_owned();
        }
    }
    excerpt(body, 120)
}

/// Waits `duration` on either platform (tokio natively, the host's timers on wasm32).
#[cfg(not(target_arch = "wasm32"))]
pub async fn sleep(duration: Duration) {
    tokio::time::sleep(duration).await;
}

/// Waits `duration` on either platform (tokio natively, the host's timers on wasm32).
#[cfg(target_arch = "wasm32")]
pub async fn sleep(duration: Duration) {
    gloo_timers::future::sleep(duration).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_both_headers() {
        let mut headers = Headers::default();
        assert_eq!(retry_after(&headers), None);
        headers.append("Retry-After", "3");
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.append("ratelimit", "\"api\";r=0;t=55");
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(55)));
    }

    #[test]
    fn content_ranges_are_read() {
        let read = |value: &str| content_range(&[("Content-Range", value)].into_iter().collect());
        assert_eq!(read("bytes 0-499/1234"), Some(ContentRange { bytes: Some((0, 499)), size: Some(1234) }));
        assert_eq!(read("bytes 10-19/*"), Some(ContentRange { bytes: Some((10, 19)), size: None }));
        assert_eq!(read("bytes */1234"), Some(ContentRange { bytes: None, size: Some(1234) }));
        for bad in ["bytes 5-4/10", "items 0-1/2", "bytes 0-1", "bytes a-b/10", "bytes 0-1/-3"] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 0..10 {
            let d = policy.backoff(attempt);
            let step = policy.base_delay.saturating_mul(1 << attempt).min(policy.max_delay);
            assert!(d >= step / 2 && d <= step, "attempt {attempt}: {d:?} vs {step:?}");
        }
    }
}
