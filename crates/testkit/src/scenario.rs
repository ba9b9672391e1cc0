//! What the server answers: routes, paged listings and static directories.
//!
//! A [`Scenario`] is plain data (serde, camelCase JSON) so the same description can be built
//! with the Rust builders below or loaded from a JSON file by the `testkit serve` binary.
//! Files it names (response bodies, listing records) are read once, when the server starts.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Everything one server answers. Requests are matched in this order: [`Route`]s (in the
/// order given, first match wins), then [`Listing`]s, then static directories, else 404.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Latency added to every request to a route, listing or unmatched path (not to static
    /// files, CORS preflights or `/__testkit/*`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub latency_ms: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<Listing>,
    #[serde(default, rename = "static", skip_serializing_if = "Vec::is_empty")]
    pub static_dirs: Vec<StaticDir>,
    /// Validators as a caching API sends them: every `200` of a route or listing gets an
    /// `ETag` (a hash of its body) unless it names its own, and a `GET` whose `If-None-Match`
    /// holds it (or `*`) gets `304 Not Modified` without a body.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub etags: bool,
}

/// One endpoint with a sequence of responses: the n-th matching request gets the n-th
/// response, and the last one repeats forever (so `[429, 200]` means "fail once").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Route {
    #[serde(default = "default_method")]
    pub method: String,
    /// Exact path, e.g. `/api/models/gpt2` (no query).
    pub path: String,
    /// Query pairs that must all be present in the request (other pairs are allowed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    pub responses: Vec<Response>,
}

/// One canned HTTP response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Response {
    #[serde(default = "default_status")]
    pub status: u16,
    /// Extra headers, in order; a name may repeat. In a route's responses, `{host}` in a
    /// value becomes this server's `127.0.0.1:PORT` (ports are ephemeral, and a hostile
    /// `Location` or `Link` may need this server's own address with something added, such as
    /// `http://user:pw@{host}/...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// No body means an empty body (and no Content-Type unless one is set explicitly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// Defaults to `application/json` when there is a body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Wait this long before sending the response head.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delay_ms: u64,
    /// Promise the full Content-Length but send only the first N body bytes, then close the
    /// connection: clients see a truncated-body error, never a silently short body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncate_at: Option<usize>,
    /// Sent as `Content-Length` whatever the body holds: a lie when it differs (the body is
    /// then streamed, so the length is not corrected). A longer body is cut at this length on
    /// the wire; a shorter one ends the connection early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_length: Option<u64>,
}

/// A response body. JSON: `{"json": ...}`, `{"text": "..."}` or `{"file": "path"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Body {
    Json(Value),
    Text(String),
    /// Read at server start; a relative path in a scenario file is relative to that file.
    File(PathBuf),
    /// This text repeated forever (chunked, no `Content-Length` unless one is set): a body
    /// that never ends.
    Endless(String),
    /// A JSON array of `item` repeated, padded with spaces to exactly `bytes` bytes (at least
    /// `[]`), generated while it is sent (chunked, no `Content-Length` unless one is set): a
    /// valid page of any size that the server never holds whole.
    Filled {
        item: Value,
        bytes: u64,
    },
}

/// A list endpoint served in pages, shaped like the real API's pagination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Listing {
    /// Exact path; any query matches (a `cursor` param selects the page).
    pub path: String,
    pub style: ListingStyle,
    pub page_size: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<Value>,
    /// More records (appended after `records`), read at start: a JSON array, a CivitAI page
    /// `{"items": [...]}`, a single object, or a directory of `*.json` files (one record
    /// each, in file-name order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_file: Option<PathBuf>,
    /// Latency for every request to this listing (on top of the scenario's).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub latency_ms: u64,
    /// 1-based page (>= 2) that starts by repeating the last record of the previous page,
    /// as CivitAI's cursor pagination sometimes does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_on_page: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<PageFault>,
    /// `ETag`s and `304`s for this listing's pages only (see [`Scenario::etags`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub etags: bool,
}

/// The first `times` requests for `page` (1-based) get `response` instead of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageFault {
    pub page: usize,
    pub response: Response,
    #[serde(default = "default_times")]
    pub times: usize,
}

/// Which real API's pagination a [`Listing`] imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListingStyle {
    /// Body is a JSON array; a non-last page has `Link: <absolute url&cursor=..>; rel="next"`.
    #[serde(alias = "huggingFace", alias = "hf")]
    HuggingFace,
    /// Body is `{"items": [...], "metadata": {"nextCursor", "nextPage"}}`.
    #[serde(alias = "civitAi", alias = "civitAI")]
    CivitAi,
}

/// Files under `dir` served at `prefix` (e.g. `/static/`), with content types browsers need
/// (`.wasm` as `application/wasm`, `.js` as `text/javascript`, ...), and `Range` requests
/// answered as a file server (or the Hub's CDN) answers them: 206 with `Content-Range`, 416 for
/// a range that starts past the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StaticDir {
    pub prefix: String,
    pub dir: PathBuf,
    /// `true`: `Range` is ignored and every file is sent whole with 200, as servers without
    /// range support do.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_range: bool,
    /// Wait this long before answering each request (to hold several requests in flight).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delay_ms: u64,
}

impl StaticDir {
    pub fn new(prefix: &str, dir: impl Into<PathBuf>) -> Self {
        Self { prefix: prefix.to_owned(), dir: dir.into(), ignore_range: false, delay_ms: 0 }
    }

    /// Ignore `Range` headers: every file whole, with 200.
    pub fn ignoring_range(mut self) -> Self {
        self.ignore_range = true;
        self
    }

    /// Wait `ms` before each answer.
    pub fn delay(mut self, ms: u64) -> Self {
        self.delay_ms = ms;
        self
    }
}

fn default_method() -> String {
    "GET".to_owned()
}
fn default_status() -> u16 {
    200
}
fn default_times() -> usize {
    1
}
fn is_zero(n: &u64) -> bool {
    *n == 0
}
fn is_false(b: &bool) -> bool {
    !*b
}

impl Scenario {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse a scenario file; relative file paths in it become relative to its directory.
    pub fn from_file(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let mut scenario: Scenario = serde_json::from_str(&text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?;
        let base = path.parent().unwrap_or(Path::new("."));
        scenario.resolve_paths(base);
        Ok(scenario)
    }

    /// Make every relative file path in the scenario relative to `base` instead of the cwd.
    pub fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        let fix_response = |r: &mut Response| {
            if let Some(Body::File(p)) = &mut r.body {
                fix(p);
            }
        };
        for route in &mut self.routes {
            route.responses.iter_mut().for_each(fix_response);
        }
        for listing in &mut self.listings {
            if let Some(p) = &mut listing.records_file {
                fix(p);
            }
            if let Some(fault) = &mut listing.fault {
                fix_response(&mut fault.response);
            }
        }
        for s in &mut self.static_dirs {
            fix(&mut s.dir);
        }
    }

    /// Send `ETag`s and answer `If-None-Match` (see [`Scenario::etags`]).
    pub fn etags(mut self) -> Self {
        self.etags = true;
        self
    }

    /// Latency for every route, listing and 404 (see [`Scenario::latency_ms`]).
    pub fn latency(mut self, ms: u64) -> Self {
        self.latency_ms = ms;
        self
    }

    /// `GET path` always answers `response`.
    pub fn route(self, path: &str, response: Response) -> Self {
        self.route_seq(path, vec![response])
    }

    /// `GET path` answers `responses` in turn; the last one repeats.
    pub fn route_seq(self, path: &str, responses: Vec<Response>) -> Self {
        self.with_route(Route::new("GET", path, responses))
    }

    /// Add a fully specified route (other method, required query pairs).
    pub fn with_route(mut self, route: Route) -> Self {
        self.routes.push(route);
        self
    }

    /// Serve `records` at `path` in pages of `page_size`, shaped like `style`.
    pub fn paged_listing(self, path: &str, records: Vec<Value>, page_size: usize, style: ListingStyle) -> Self {
        self.with_listing(Listing::new(path, records, page_size, style))
    }

    /// Add a listing built with [`Listing`]'s options (latency, duplicate, fault).
    pub fn with_listing(mut self, listing: Listing) -> Self {
        self.listings.push(listing);
        self
    }

    /// Serve the files under `dir` at `prefix` (e.g. `/static/`), with range support.
    pub fn static_dir(self, prefix: &str, dir: impl Into<PathBuf>) -> Self {
        self.with_static(StaticDir::new(prefix, dir))
    }

    /// Serve a directory set up with [`StaticDir`]'s options.
    pub fn with_static(mut self, dir: StaticDir) -> Self {
        self.static_dirs.push(dir);
        self
    }
}

impl Route {
    pub fn new(method: &str, path: &str, responses: Vec<Response>) -> Self {
        Self { method: method.to_ascii_uppercase(), path: path.to_owned(), query: Vec::new(), responses }
    }

    /// Only match requests whose query contains `key=value` (decoded).
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }
}

impl Response {
    /// 200 with `value` as an `application/json` body.
    pub fn json(value: Value) -> Self {
        Self::status(200).with_body(Body::Json(value))
    }

    /// 200 with a raw text body (still `application/json` unless `content_type` is set, so
    /// malformed JSON can be served).
    pub fn text(text: impl Into<String>) -> Self {
        Self::status(200).with_body(Body::Text(text.into()))
    }

    /// 200 with the bytes of `path` (read when the server starts).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self::status(200).with_body(Body::File(path.into()))
    }

    /// `code` with an empty body.
    pub fn status(code: u16) -> Self {
        Self {
            status: code,
            headers: Vec::new(),
            body: None,
            content_type: None,
            delay_ms: 0,
            truncate_at: None,
            content_length: None,
        }
    }

    /// An HTML error page like a CDN or proxy returns in front of a JSON API.
    pub fn html_error(code: u16) -> Self {
        let reason = axum::http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
        let page = format!(
            "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
             <center><h1>{code} {reason}</h1></center>\r\n<hr><center>cloudflare</center>\r\n\
             </body>\r\n</html>\r\n"
        );
        Self::status(code).with_body(Body::Text(page)).content_type("text/html")
    }

    /// A redirect; `location` may be relative (`/api/models/new/id`) or absolute (e.g. another
    /// testkit server's URL, to play "another host").
    pub fn redirect(code: u16, location: &str) -> Self {
        Self::status(code).header("Location", location)
    }

    pub fn with_status(mut self, code: u16) -> Self {
        self.status = code;
        self
    }

    pub fn with_body(mut self, body: Body) -> Self {
        self.body = Some(body);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn content_type(mut self, content_type: &str) -> Self {
        self.content_type = Some(content_type.to_owned());
        self
    }

    pub fn delay(mut self, ms: u64) -> Self {
        self.delay_ms = ms;
        self
    }

    pub fn truncate_at(mut self, bytes: usize) -> Self {
        self.truncate_at = Some(bytes);
        self
    }

    /// 200 with `text` repeated forever.
    pub fn endless(text: impl Into<String>) -> Self {
        Self::status(200).with_body(Body::Endless(text.into()))
    }

    /// 200 with a JSON array of `item` repeated to exactly `bytes` bytes (see [`Body::Filled`]).
    pub fn filled(item: Value, bytes: u64) -> Self {
        Self::status(200).with_body(Body::Filled { item, bytes })
    }

    /// Declares `bytes` as the `Content-Length`, true or not.
    pub fn content_length(mut self, bytes: u64) -> Self {
        self.content_length = Some(bytes);
        self
    }
}

impl Listing {
    pub fn new(path: &str, records: Vec<Value>, page_size: usize, style: ListingStyle) -> Self {
        Self {
            path: path.to_owned(),
            style,
            page_size,
            records,
            records_file: None,
            latency_ms: 0,
            duplicate_on_page: None,
            fault: None,
            etags: false,
        }
    }

    /// `ETag`s and `304`s for this listing (see [`Scenario::etags`]).
    pub fn etags(mut self) -> Self {
        self.etags = true;
        self
    }

    /// Latency for every request to this listing (benchmarks use 50 ms).
    pub fn latency(mut self, ms: u64) -> Self {
        self.latency_ms = ms;
        self
    }

    /// Page `page` (1-based, >= 2) starts with the last record of the previous page again.
    pub fn duplicate_on_page(mut self, page: usize) -> Self {
        self.duplicate_on_page = Some(page);
        self
    }

    /// The first request for `page` (1-based) gets `response`; later ones get the page.
    pub fn fault_on_page(mut self, page: usize, response: Response) -> Self {
        self.fault = Some(PageFault { page, response, times: 1 });
        self
    }
}

/// Read listing records from a JSON array file, a CivitAI page (`{"items": [...]}`), a single
/// JSON object, or a directory of `*.json` files (one record each, sorted by file name).
/// Real fixtures are read where they are; nothing is copied.
pub fn load_records(path: &Path) -> io::Result<Vec<Value>> {
    let read_json = |p: &Path| -> io::Result<Value> {
        let bytes = std::fs::read(p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", p.display())))
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        return files.iter().map(|p| read_json(p)).collect();
    }
    Ok(match read_json(path)? {
        Value::Array(items) => items,
        Value::Object(mut page) if page.get("items").is_some_and(Value::is_array) => match page.remove("items") {
            Some(Value::Array(items)) => items,
            _ => unreachable!("checked above"),
        },
        single => vec![single],
    })
}
