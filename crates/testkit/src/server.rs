//! The loopback server: matching, delays, truncation, CORS, the request log.
//!
//! Everything goes through one fallback handler instead of axum's router, because routes are
//! data (a [`Scenario`]) and must match on method + exact path + a query subset, in order.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header, request};
use futures::StreamExt as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::listing::CompiledListing;
use crate::scenario::{Body, Response, Scenario, StaticDir};

/// Prefix of the server's own endpoints (request log, stats); never recorded or matched.
const CONTROL_PREFIX: &str = "/__testkit/";

/// One request as it arrived on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?` ("" when absent).
    pub query: String,
    /// Decoded query pairs in wire order; repeated keys are kept.
    pub query_pairs: Vec<(String, String)>,
    /// Lowercase names, in wire order.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// First value of a header (`name` in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// All values of a query key, in order.
    pub fn query_values(&self, key: &str) -> Vec<&str> {
        self.query_pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    fn from_parts(parts: &request::Parts) -> Self {
        let query = parts.uri.query().unwrap_or_default().to_owned();
        Self {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query_pairs: url::form_urlencoded::parse(query.as_bytes()).into_owned().collect(),
            query,
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
        }
    }
}

/// A running server on `127.0.0.1`. Dropping it stops accepting and closes idle connections.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .field("request_count", &self.request_count())
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Start on an ephemeral port. Panics if the scenario is invalid or a file it names can't
    /// be read: this is for tests, where that is a bug in the test. See [`Server::try_start`].
    pub async fn start(scenario: Scenario) -> Server {
        match Self::try_start(scenario).await {
            Ok(server) => server,
            Err(e) => panic!("testkit: cannot start server: {e}"),
        }
    }

    /// Start on an ephemeral port.
    pub async fn try_start(scenario: Scenario) -> io::Result<Server> {
        Self::try_start_on(scenario, 0).await
    }

    /// Start on `127.0.0.1:port` (0 = ephemeral). Never binds any other interface.
    pub async fn try_start_on(scenario: Scenario, port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::compile(&scenario, format!("http://{addr}"))?);
        let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // Either an explicit stop or the `Server` being dropped.
                    let _ = stopped.await;
                })
                .await
        });
        tracing::debug!(%addr, "testkit server listening");
        Ok(Server { addr, shared, stop: Some(stop), task: Some(task) })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// `base_url() + path`; `path` should start with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.shared.base_url)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far (CORS preflights included, `/__testkit/*` excluded), in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.shared.log.lock().unwrap().len()
    }

    /// Response body bytes actually sent (a truncated body counts what was sent).
    pub fn bytes_sent(&self) -> u64 {
        self.shared.bytes_sent.load(Ordering::Relaxed)
    }

    /// The most requests that were being answered at once (from arrival until the response
    /// head is ready: a route's or a static dir's delay counts, streaming the body does not).
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::Relaxed)
    }

    /// Time since the last request (any path), or since start if there was none.
    pub fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.shared.last_request_ms.load(Ordering::Relaxed));
        self.shared.started.elapsed().saturating_sub(last)
    }

    /// Stop accepting, let in-flight responses finish (at most 5 s), then return.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A response ready to send: header values validated and files read at start-up.
#[derive(Clone)]
pub(crate) struct Prepared {
    pub(crate) status: StatusCode,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Bytes,
    pub(crate) delay: Duration,
    pub(crate) truncate_at: Option<usize>,
    /// `Body::Endless`: `body` is repeated forever.
    pub(crate) endless: bool,
    /// `Body::Filled`: `body` is a run of comma-separated items, repeated inside `[` `]` and
    /// padded to this many bytes.
    pub(crate) filled: Option<u64>,
    pub(crate) content_length: Option<u64>,
}

impl Prepared {
    pub(crate) fn compile(response: &Response) -> io::Result<Self> {
        let status = StatusCode::from_u16(response.status)
            .map_err(|_| invalid(format!("invalid status {}", response.status)))?;
        let endless = matches!(response.body, Some(Body::Endless(_)));
        let filled = match &response.body {
            Some(Body::Filled { bytes, .. }) => Some(*bytes),
            _ => None,
        };
        let body = match &response.body {
            None => Bytes::new(),
            Some(Body::Endless(text)) if text.is_empty() => return Err(invalid("an endless body needs text".into())),
            // Chunks of about 64 KiB: a client over its cap notices within a few reads.
            Some(Body::Endless(text)) => Bytes::from(text.repeat((64 << 10) / text.len() + 1)),
            // About 64 KiB of whole items, as for an endless body.
            Some(Body::Filled { item, .. }) => {
                let item = item.to_string();
                let copies = (64 << 10) / (item.len() + 1) + 1;
                Bytes::from(vec![item; copies].join(","))
            }
            Some(Body::Json(value)) => Bytes::from(value.to_string()),
            Some(Body::Text(text)) => Bytes::from(text.clone()),
            Some(Body::File(path)) => Bytes::from(
                std::fs::read(path)
                    .map_err(|e| io::Error::new(e.kind(), format!("body file {}: {e}", path.display())))?,
            ),
        };
        let mut headers = Vec::new();
        let content_type = match (&response.content_type, &response.body) {
            (Some(ct), _) => Some(ct.as_str()),
            (None, Some(_)) => Some("application/json"),
            (None, None) => None,
        };
        if let Some(ct) = content_type {
            headers.push((header::CONTENT_TYPE, header_value(ct)?));
        }
        for (name, value) in &response.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
            headers.push((name, header_value(value)?));
        }
        Ok(Self {
            status,
            headers,
            body,
            delay: Duration::from_millis(response.delay_ms),
            truncate_at: response.truncate_at,
            endless,
            filled,
            content_length: response.content_length,
        })
    }

    pub(crate) fn json(status: StatusCode, value: &Value) -> Self {
        Self {
            status,
            headers: vec![(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            body: Bytes::from(value.to_string()),
            delay: Duration::ZERO,
            truncate_at: None,
            endless: false,
            filled: None,
            content_length: None,
        }
    }

    pub(crate) fn json_error(status: StatusCode, message: &str) -> Self {
        Self::json(status, &json!({ "error": message }))
    }
}

struct CompiledRoute {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    responses: Vec<Prepared>,
    hits: AtomicUsize,
}

impl CompiledRoute {
    fn matches(&self, method: &Method, path: &str, pairs: &[(String, String)]) -> bool {
        self.method == method && self.path == path && self.query.iter().all(|want| pairs.contains(want))
    }

    /// The n-th request gets the n-th response; the last one repeats.
    fn next_response(&self) -> Prepared {
        let n = self.hits.fetch_add(1, Ordering::SeqCst);
        self.responses[n.min(self.responses.len() - 1)].clone()
    }
}

struct Shared {
    base_url: String,
    latency: Duration,
    routes: Vec<CompiledRoute>,
    listings: Vec<CompiledListing>,
    statics: Vec<StaticDir>,
    etags: bool,
    log: Mutex<Vec<RecordedRequest>>,
    bytes_sent: AtomicU64,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    started: Instant,
    /// Milliseconds after `started` of the latest request, for the binary's idle timeout.
    last_request_ms: AtomicU64,
}

impl Shared {
    fn compile(scenario: &Scenario, base_url: String) -> io::Result<Self> {
        let mut routes = Vec::new();
        for route in &scenario.routes {
            let context =
                |e: io::Error| io::Error::new(e.kind(), format!("route {} {}: {e}", route.method, route.path));
            if route.responses.is_empty() {
                return Err(context(invalid("no responses".into())));
            }
            let method = Method::from_bytes(route.method.to_ascii_uppercase().as_bytes())
                .map_err(|_| context(invalid("invalid method".into())))?;
            let host = base_url.trim_start_matches("http://");
            let responses = route
                .responses
                .iter()
                .map(|r| Prepared::compile(&with_host(r, host)))
                .collect::<io::Result<Vec<_>>>()
                .map_err(context)?;
            routes.push(CompiledRoute {
                method,
                path: route.path.clone(),
                query: route.query.clone(),
                responses,
                hits: AtomicUsize::new(0),
            });
        }
        let listings = scenario.listings.iter().map(CompiledListing::compile).collect::<io::Result<Vec<_>>>()?;
        for s in &scenario.static_dirs {
            if !s.dir.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("static dir {} is not a directory", s.dir.display()),
                ));
            }
        }
        Ok(Self {
            base_url,
            latency: Duration::from_millis(scenario.latency_ms),
            routes,
            listings,
            statics: scenario.static_dirs.clone(),
            etags: scenario.etags,
            log: Mutex::new(Vec::new()),
            bytes_sent: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            started: Instant::now(),
            last_request_ms: AtomicU64::new(0),
        })
    }

    fn touch(&self) {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_request_ms.store(now, Ordering::Relaxed);
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> axum::response::Response {
    shared.touch();
    let (parts, _body) = request.into_parts();
    let path = parts.uri.path();

    if path.starts_with(CONTROL_PREFIX) {
        if parts.method == Method::OPTIONS {
            return preflight();
        }
        let mut response = control(&shared, &parts.method, path);
        add_cors(response.headers_mut());
        return response;
    }

    let recorded = RecordedRequest::from_parts(&parts);
    let query_pairs = recorded.query_pairs.clone();
    shared.log.lock().unwrap().push(recorded);

    if parts.method == Method::OPTIONS {
        return preflight();
    }

    let _counted = InFlight::enter(&shared);
    answer(&shared, &parts, &query_pairs).await
}

/// One request being answered; leaving (or a client that hangs up) counts it out.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn answer(shared: &Shared, parts: &request::Parts, query_pairs: &[(String, String)]) -> axum::response::Response {
    let path = parts.uri.path();
    let raw_query = parts.uri.query().unwrap_or_default();
    let (prepared, latency, etags) = if let Some(route) =
        shared.routes.iter().find(|r| r.matches(&parts.method, path, query_pairs))
    {
        (route.next_response(), shared.latency, shared.etags)
    } else if let Some(listing) = shared.listings.iter().find(|l| parts.method == Method::GET && l.path == path) {
        (listing.respond(&shared.base_url, raw_query), shared.latency + listing.latency, shared.etags || listing.etags)
    } else if let Some((file, delay)) = serve_static(&shared.statics, &parts.method, path, &parts.headers).await {
        (file, delay, false)
    } else {
        let message = format!("testkit: no route for {} {path}", parts.method);
        (Prepared::json_error(StatusCode::NOT_FOUND, &message), shared.latency, false)
    };

    let prepared = if etags { with_etag(prepared, &parts.headers) } else { prepared };
    let wait = latency + prepared.delay;
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    tracing::debug!(method = %parts.method, path, status = prepared.status.as_u16(), "request");
    send(shared, prepared)
}

/// `response` with `{host}` in its header values replaced by `host`.
fn with_host(response: &Response, host: &str) -> Response {
    let mut response = response.clone();
    for (_, value) in &mut response.headers {
        *value = value.replace("{host}", host);
    }
    response
}

/// The pieces of a [`Body::Filled`](crate::Body::Filled) body: `[`, `items`, `,items`, ...,
/// then spaces and `]` so that the whole is exactly `total` bytes (or `[]` when smaller).
fn filled(items: Bytes, total: u64) -> impl Iterator<Item = Bytes> {
    let next_items = Bytes::from([b",".as_slice(), &items].concat());
    let mut left = total.saturating_sub(2);
    let (mut first, mut done) = (true, false);
    std::iter::once(Bytes::from_static(b"[")).chain(std::iter::from_fn(move || {
        if done {
            return None;
        }
        let piece = if first { &items } else { &next_items };
        if left >= piece.len() as u64 {
            left -= piece.len() as u64;
            first = false;
            return Some(piece.clone());
        }
        done = true;
        // Less than one piece (about 64 KiB) is left.
        let mut tail = vec![b' '; usize::try_from(left).unwrap_or(0)];
        tail.push(b']');
        Some(Bytes::from(tail))
    }))
}

/// A `200` with its `ETag` (a hash of the body, unless the scenario set one), or `304 Not
/// Modified` when the request's `If-None-Match` names it. Faults (truncated, endless, filled, a
/// lying length) are sent as they are.
fn with_etag(mut prepared: Prepared, request: &HeaderMap) -> Prepared {
    use std::hash::{Hash, Hasher};
    if prepared.status != StatusCode::OK
        || prepared.endless
        || prepared.filled.is_some()
        || prepared.truncate_at.is_some()
        || prepared.content_length.is_some()
    {
        return prepared;
    }
    let etag = match prepared.headers.iter().find(|(name, _)| *name == header::ETAG) {
        Some((_, value)) => value.clone(),
        None => {
            // Stable for a body within a run, which is all a validator needs here.
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            prepared.body.hash(&mut hasher);
            let value = HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish())).expect("hex digits");
            prepared.headers.push((header::ETAG, value.clone()));
            value
        }
    };
    let matches = request.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).any(|list| {
        list.split(',').map(str::trim).any(|tag| tag == "*" || weak_eq(tag, etag.to_str().unwrap_or_default()))
    });
    if matches {
        prepared.status = StatusCode::NOT_MODIFIED;
        prepared.body = Bytes::new();
        prepared.headers.retain(|(name, _)| *name != header::CONTENT_TYPE);
    }
    prepared
}

/// `If-None-Match` compares weakly (RFC 9110, 13.1.2): `W/"x"` matches `"x"`.
fn weak_eq(a: &str, b: &str) -> bool {
    a.trim_start_matches("W/") == b.trim_start_matches("W/")
}

fn send(shared: &Shared, prepared: Prepared) -> axum::response::Response {
    let full_len = prepared.body.len();
    let (body, sent) = match prepared.truncate_at {
        _ if prepared.filled.is_some() => {
            let total = prepared.filled.unwrap_or(0).max(2);
            let pieces = filled(prepared.body.clone(), total).map(Ok::<_, io::Error>);
            (HttpBody::from_stream(futures::stream::iter(pieces)), usize::try_from(total).unwrap_or(usize::MAX))
        }
        _ if prepared.endless => {
            let chunk = prepared.body.clone();
            (HttpBody::from_stream(futures::stream::repeat_with(move || Ok::<_, io::Error>(chunk.clone()))), 0)
        }
        // Streamed, so hyper keeps the declared length rather than the body's own. A body
        // shorter than declared then fails as a truncated one does (after a pause, so the head
        // is flushed first).
        _ if prepared.content_length.is_some() => {
            let short = prepared.content_length.is_some_and(|n| n > full_len as u64);
            let end = futures::stream::once(async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Err(io::Error::other("testkit: body shorter than its Content-Length"))
            })
            .filter(move |_| futures::future::ready(short));
            let stream = futures::stream::iter([Ok(prepared.body.clone())]).chain(end);
            (HttpBody::from_stream(stream), full_len)
        }
        Some(cut) if cut < full_len => {
            // Content-Length promises `full_len`; the stream sends `cut` bytes and then fails,
            // which makes hyper close the connection, so the client gets a body error rather
            // than a short-but-"complete" body. The pause lets hyper flush the head and the
            // prefix first; failing at once would drop them and look like a refused request.
            let prefix = prepared.body.slice(..cut);
            let fail = futures::stream::once(async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Err(io::Error::other("testkit: truncated body"))
            });
            let stream = futures::stream::iter([Ok(prefix)]).chain(fail);
            (HttpBody::from_stream(stream), cut)
        }
        _ => (HttpBody::from(prepared.body), full_len),
    };
    let mut response = axum::response::Response::new(body);
    *response.status_mut() = prepared.status;
    let headers = response.headers_mut();
    for (name, value) in prepared.headers {
        headers.append(name, value);
    }
    if let Some(declared) = prepared.content_length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(declared));
    } else if sent < full_len && !prepared.endless && prepared.filled.is_none() {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full_len));
    }
    add_cors(headers);
    shared.bytes_sent.fetch_add(sent as u64, Ordering::Relaxed);
    response
}

/// CORS for every response, so a page on another origin (headless Chromium) can call us and
/// read pagination/rate-limit headers. A scenario header of the same name wins, so CORS
/// failures can be tested too.
fn add_cors(headers: &mut HeaderMap) {
    let defaults = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, "authorization, content-type, range, if-none-match"),
        (
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            "link, retry-after, ratelimit, ratelimit-policy, content-length, content-range, accept-ranges, etag",
        ),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

fn preflight() -> axum::response::Response {
    let mut response = axum::response::Response::new(HttpBody::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    add_cors(headers);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, PUT, DELETE, OPTIONS"),
    );
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

/// `GET /__testkit/requests` (the log), `DELETE /__testkit/requests` (clear it),
/// `GET /__testkit/stats` (`{"requestCount", "bytesSent", "maxInFlight"}`).
fn control(shared: &Shared, method: &Method, path: &str) -> axum::response::Response {
    let json_response = |value: Value| {
        let mut response = axum::response::Response::new(HttpBody::from(value.to_string()));
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    };
    let rest = &path[CONTROL_PREFIX.len()..];
    match (method.as_str(), rest) {
        ("GET", "requests") => {
            let log = shared.log.lock().unwrap().clone();
            json_response(serde_json::to_value(log).expect("plain data"))
        }
        ("DELETE", "requests") => {
            shared.log.lock().unwrap().clear();
            let mut response = axum::response::Response::new(HttpBody::empty());
            *response.status_mut() = StatusCode::NO_CONTENT;
            response
        }
        ("GET", "stats") => json_response(json!({
            "requestCount": shared.log.lock().unwrap().len(),
            "bytesSent": shared.bytes_sent.load(Ordering::Relaxed),
            "maxInFlight": shared.max_in_flight.load(Ordering::Relaxed),
        })),
        _ => {
            let mut response = json_response(json!({
                "error": format!("testkit: no control endpoint {method} {path}")
            }));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
    }
}

/// A file under a static dir (with the dir's delay), or `None` if no prefix matches. Paths are
/// not percent-decoded (bundle file names are plain) and `..` is refused. A `Range` request
/// gets its bytes (206) unless the dir ignores ranges.
async fn serve_static(
    statics: &[StaticDir],
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Option<(Prepared, Duration)> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    for s in statics {
        let prefix = s.prefix.trim_end_matches('/');
        let rest = if path == prefix {
            ""
        } else if let Some(rest) = path.strip_prefix(prefix).and_then(|r| r.strip_prefix('/')) {
            rest
        } else {
            continue;
        };
        let not_found = || Prepared::json_error(StatusCode::NOT_FOUND, &format!("testkit: no static file {path}"));
        let mut relative = rest.to_owned();
        if relative.is_empty() || relative.ends_with('/') {
            relative.push_str("index.html");
        }
        let delay = Duration::from_millis(s.delay_ms);
        if relative.split('/').any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.contains('\\')) {
            return Some((not_found(), delay));
        }
        let file = s.dir.join(&relative);
        let Ok(bytes) = tokio::fs::read(&file).await else { return Some((not_found(), delay)) };
        let mut prepared = Prepared {
            status: StatusCode::OK,
            headers: vec![(header::CONTENT_TYPE, HeaderValue::from_static(content_type_for(&file)))],
            body: Bytes::from(bytes),
            delay: Duration::ZERO,
            truncate_at: None,
            endless: false,
            filled: None,
            content_length: None,
        };
        let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).and_then(byte_range);
        if let (Some((first, last)), false) = (range, s.ignore_range) {
            let size = prepared.body.len() as u64;
            let content_range = match first < size {
                true => {
                    // `last` past the end means "to the end" (RFC 9110, 14.1.2).
                    let last = last.map_or(size - 1, |l| l.min(size - 1));
                    prepared.body = prepared.body.slice(first as usize..=last as usize);
                    prepared.status = StatusCode::PARTIAL_CONTENT;
                    format!("bytes {first}-{last}/{size}")
                }
                false => {
                    prepared.body = Bytes::new();
                    prepared.status = StatusCode::RANGE_NOT_SATISFIABLE;
                    format!("bytes */{size}")
                }
            };
            prepared.headers.push((header::CONTENT_RANGE, HeaderValue::from_str(&content_range).ok()?));
        }
        if !s.ignore_range {
            prepared.headers.push((header::ACCEPT_RANGES, HeaderValue::from_static("bytes")));
        }
        return Some((prepared, delay));
    }
    None
}

/// `bytes=FIRST-LAST` or `bytes=FIRST-` (the only forms a header reader sends): the first byte
/// and the last (inclusive), if given. Other forms (suffixes, several ranges) are ignored, which
/// RFC 9110 allows: the file is then sent whole.
fn byte_range(value: &str) -> Option<(u64, Option<u64>)> {
    let (first, last) = value.trim().strip_prefix("bytes=")?.split_once('-')?;
    let first: u64 = first.trim().parse().ok()?;
    let last = match last.trim() {
        "" => None,
        last => Some(last.parse::<u64>().ok().filter(|l| *l >= first)?),
    };
    Some((first, last))
}

fn content_type_for(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header_value(value: &str) -> io::Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| invalid(format!("invalid header value {value:?}")))
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// A [`Server`] with its own runtime, for tests that are not async themselves (a CLI run as a
/// child process, say): it keeps serving while the test blocks, and stops when dropped.
#[derive(Debug)]
pub struct BackgroundServer {
    server: Server,
    _runtime: tokio::runtime::Runtime,
}

impl BackgroundServer {
    /// Starts `scenario` on an ephemeral port, served by two runtime threads. Panics as
    /// [`Server::start`] does.
    pub fn start(scenario: Scenario) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("testkit: cannot build a runtime");
        let server = runtime.block_on(Server::start(scenario));
        Self { server, _runtime: runtime }
    }
}

impl std::ops::Deref for BackgroundServer {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.server
    }
}
