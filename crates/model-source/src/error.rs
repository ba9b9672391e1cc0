//! One error type for every source, with a variant per thing that can go wrong.

use std::time::Duration;

pub use compat_core::ErrorCode;

/// The cause of a transport error: reqwest's error natively, the `fetch` rejection's text on
/// wasm32 (a `JsValue` is neither `Send` nor an `Error`).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a source could not answer.
///
/// Messages name the URL (never with a token: tokens travel only in headers, and any text
/// equal to the token is cut out of what a server sends back) and carry the server's own
/// message where it sent one, shortened to one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// 401: the token is missing, wrong or expired.
    #[error("unauthorized (401) at {url}: {message}")]
    Unauthorized { url: String, message: String },
    /// 403: the token is valid but lacks access (gated repo not accepted, say).
    #[error("forbidden (403) at {url}: {message}")]
    Forbidden { url: String, message: String },
    /// 404, or a model id that does not exist.
    #[error("not found (404) at {url}: {message}")]
    NotFound { url: String, message: String },
    /// 429 after the retries ran out (or a wait longer than allowed was asked).
    #[error("rate limited (429) at {url}{}: {message}", retry_after.map(|d| format!(", retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited { url: String, retry_after: Option<Duration>, message: String },
    /// Any other non-success status the server sent (a redirect that cannot be followed
    /// keeps its own 3xx).
    #[error("HTTP {status} at {url}: {body_excerpt}")]
    Http { status: u16, url: String, body_excerpt: String },
    /// The server redirected more often than the client follows (a loop, most likely).
    #[error("too many redirects from {url} (followed {max})")]
    TooManyRedirects { url: String, max: u8 },
    /// A redirect to a URL that is not HTTP (`file:///etc/passwd`): asking again gets the same
    /// answer. Where the client follows redirects itself (natively) this is
    /// [`SourceError::Http`] with the 3xx status; `fetch` follows them and hides the status, so
    /// on wasm32 it is this, with the same code and no status.
    #[error("{url} redirected to a URL that is not HTTP: {message}")]
    RedirectRefused { url: String, message: String },
    /// The body is larger than the cap for this kind of request; reading stopped at the cap
    /// (or before the first byte, when `Content-Length` said so).
    #[error("the response of {url} is larger than the {limit}-byte cap{}", declared.map(|n| format!(" (Content-Length: {n})")).unwrap_or_default())]
    ResponseTooLarge { url: String, limit: u64, declared: Option<u64> },
    /// The body is not what the API promises (malformed, truncated, HTML, wrong shape).
    #[error("could not decode the response of {url}: {context}")]
    Decode { url: String, context: String },
    /// No usable response: connection refused or reset, DNS, TLS, or the request timed out.
    #[error("{} for {url}: {message}", if *timeout { "timed out" } else { "network error" })]
    Transport {
        url: String,
        /// The cause, in words (the innermost error of the chain, which says the most).
        message: String,
        timeout: bool,
        #[source]
        source: Option<BoxError>,
    },
    /// The pagination went wrong (a cursor that repeats, a next link to elsewhere).
    #[error("pagination error at {url}: {message}")]
    Pagination { url: String, message: String },
    /// The caller asked for something the API cannot do (bad sort key, limit 0...).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// 416: the server has no bytes at the range asked for (a file shorter than its header
    /// claims, or an empty one).
    #[error("range not satisfiable (416) at {url}{}", size.map(|n| format!(": the file has {n} bytes")).unwrap_or_default())]
    RangeNotSatisfiable { url: String, size: Option<u64> },
    /// A weight file's header needs more bytes than the cap per file
    /// ([`BodyLimits::header_range`](crate::BodyLimits)); reading stopped at the cap.
    #[error("the header of {url} needs at least {need} bytes, more than the {limit}-byte cap per file")]
    HeaderTooLarge { url: String, need: u64, limit: u64 },
    /// The first bytes of a weight file are not a readable GGUF or safetensors header.
    #[error("no readable header in {url}: {reason}")]
    InvalidHeader {
        url: String,
        reason: String,
        #[source]
        source: Option<model_headers::HeaderError>,
    },
    /// A local file could not be read (a model on disk: its weight files, its config.json).
    #[error("{path}: {message}")]
    File {
        path: String,
        message: String,
        #[source]
        source: Option<std::io::Error>,
    },
}

impl SourceError {
    /// A header that could not be read from the file at `url` (a path, for a local file):
    /// past the cap it is [`SourceError::HeaderTooLarge`], anything else
    /// [`SourceError::InvalidHeader`] keeping the reader's error.
    pub fn header(url: impl Into<String>, error: model_headers::HeaderError) -> Self {
        match error {
            model_headers::HeaderError::HeaderTooLarge { need, limit } => {
                Self::HeaderTooLarge { url: url.into(), need, limit }
            }
            error => Self::InvalidHeader { url: url.into(), reason: error.to_string(), source: Some(error) },
        }
    }

    /// A transport error keeping `cause` as its source; the message is the innermost error
    /// of the chain (reqwest's outer text only repeats the URL).
    pub fn transport(url: impl Into<String>, timeout: bool, cause: impl Into<BoxError>) -> Self {
        let source = cause.into();
        let mut innermost: &(dyn std::error::Error + 'static) = source.as_ref();
        while let Some(next) = innermost.source() {
            innermost = next;
        }
        let message = innermost.to_string();
        Self::Transport { url: url.into(), message, timeout, source: Some(source) }
    }

    /// Whether trying again later may succeed: rate limits, timeouts, connection
    /// errors, 408 and 5xx. Retries are driven by this.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Transport { .. } => true,
            Self::Http { status, .. } => *status == 408 || *status >= 500,
            _ => false,
        }
    }

    /// The HTTP status behind the error, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized { .. } => Some(401),
            Self::Forbidden { .. } => Some(403),
            Self::NotFound { .. } => Some(404),
            Self::RateLimited { .. } => Some(429),
            Self::Http { status, .. } => Some(*status),
            Self::RangeNotSatisfiable { .. } => Some(416),
            _ => None,
        }
    }

    /// The stable code bindings and the CLI report.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthorized { .. } => ErrorCode::Unauthorized,
            Self::Forbidden { .. } => ErrorCode::Forbidden,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Http { .. } | Self::RedirectRefused { .. } => ErrorCode::HttpError,
            Self::TooManyRedirects { .. } => ErrorCode::TooManyRedirects,
            Self::ResponseTooLarge { .. } => ErrorCode::ResponseTooLarge,
            Self::Decode { .. } | Self::Pagination { .. } => ErrorCode::DecodeError,
            Self::Transport { .. } => ErrorCode::NetworkError,
            Self::InvalidQuery(_) => ErrorCode::InvalidArgument,
            Self::RangeNotSatisfiable { .. } => ErrorCode::RangeNotSatisfiable,
            Self::HeaderTooLarge { .. } => ErrorCode::HeaderTooLarge,
            Self::InvalidHeader { .. } => ErrorCode::InvalidHeader,
            Self::File { .. } => ErrorCode::FileError,
        }
    }

    /// `Retry-After` the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The message without the layer's own prefix: what the caller asked wrong, say, for a
    /// CLI that prints `error:` before it.
    pub fn detail(&self) -> String {
        match self {
            Self::InvalidQuery(message) => message.clone(),
            other => other.to_string(),
        }
    }

    /// Cuts every occurrence of `secret` out of the text a server sent back (an error body
    /// that echoes the `Authorization` header, say).
    pub(crate) fn redacted(mut self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let text = match &mut self {
            Self::Unauthorized { message, .. }
            | Self::Forbidden { message, .. }
            | Self::NotFound { message, .. }
            | Self::RateLimited { message, .. }
            | Self::Transport { message, .. }
            | Self::RedirectRefused { message, .. }
            | Self::Pagination { message, .. } => message,
            Self::Http { body_excerpt, .. } => body_excerpt,
            Self::Decode { context, .. } => context,
            Self::TooManyRedirects { .. }
            | Self::ResponseTooLarge { .. }
            | Self::InvalidQuery(_)
            | Self::RangeNotSatisfiable { .. }
            | Self::HeaderTooLarge { .. }
            | Self::InvalidHeader { .. }
            | Self::File { .. } => return self,
        };
        if text.contains(secret) {
            *text = text.replace(secret, "<redacted>");
        }
        self
    }
}

/// At most `max` characters of a body, on one line, for error messages.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    one_line(&String::from_utf8_lossy(body), max)
}

/// `text` with runs of whitespace made one space, cut to `max` characters (marked `…`).
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut words = text.split_whitespace();
    let mut count = 0;
    let mut cut = false;
    'words: for (i, word) in words.by_ref().enumerate() {
        for c in (i > 0).then_some(' ').into_iter().chain(word.chars()) {
            if count == max {
                cut = true;
                break 'words;
            }
            out.push(c);
            count = count.saturating_add(1);
        }
    }
    if cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_of_each() -> Vec<SourceError> {
        let url = || "http://127.0.0.1/x".to_owned();
        vec![
            SourceError::RateLimited { url: url(), retry_after: None, message: "m".into() },
            SourceError::Unauthorized { url: url(), message: "m".into() },
            SourceError::Forbidden { url: url(), message: "m".into() },
            SourceError::NotFound { url: url(), message: "m".into() },
            SourceError::Http { status: 502, url: url(), body_excerpt: "m".into() },
            SourceError::TooManyRedirects { url: url(), max: 5 },
            SourceError::ResponseTooLarge { url: url(), limit: 10, declared: Some(11) },
            SourceError::Decode { url: url(), context: "m".into() },
            SourceError::Transport { url: url(), message: "m".into(), timeout: false, source: None },
            SourceError::InvalidQuery("m".into()),
            SourceError::RangeNotSatisfiable { url: url(), size: Some(10) },
            SourceError::HeaderTooLarge { url: url(), need: 20, limit: 10 },
            SourceError::InvalidHeader { url: url(), reason: "m".into(), source: None },
            SourceError::File { path: "/m/x.gguf".into(), message: "m".into(), source: None },
        ]
    }

    #[test]
    fn the_errors_cover_every_source_code() {
        let codes: Vec<ErrorCode> = one_of_each().iter().map(SourceError::code).collect();
        assert_eq!(codes, ErrorCode::ALL, "one error per code, in the order of ErrorCode::ALL");
    }

    #[test]
    fn no_status_is_invented() {
        let statuses: Vec<Option<u16>> = one_of_each().iter().map(SourceError::status).collect();
        let expected = [
            Some(429),
            Some(401),
            Some(403),
            Some(404),
            Some(502),
            None,
            None,
            None,
            None,
            None,
            Some(416),
            None,
            None,
            None,
        ];
        assert_eq!(statuses, expected);
    }

    #[test]
    fn a_refused_redirect_is_an_http_error_without_a_status_and_is_not_retried() {
        let e = SourceError::RedirectRefused { url: "u".into(), message: "URL scheme must be a HTTP(S) scheme".into() };
        assert_eq!((e.code(), e.status(), e.is_transient()), (ErrorCode::HttpError, None, false));
    }

    #[test]
    fn timeouts_say_so() {
        let e = SourceError::Transport {
            url: "u".into(),
            message: "operation timed out".into(),
            timeout: true,
            source: None,
        };
        assert!(e.to_string().starts_with("timed out for u"), "{e}");
    }

    #[test]
    fn the_token_is_cut_out_of_server_text() {
        let e =
            SourceError::Http { status: 500, url: "u".into(), body_excerpt: "echo: Bearer hf_abc and hf_abc".into() };
        assert_eq!(e.redacted("hf_abc").to_string(), "HTTP 500 at u: echo: Bearer <redacted> and <redacted>");
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(one_line("a \n\n b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(one_line("ab cd", 4), "ab c…");
        assert_eq!(one_line("ab cd", 5), "ab cd");
    }
}
