//! One error type for every source, with a variant per thing that can go wrong.

use std::time::Duration;

/// Why a source could not answer.
///
/// Messages name the URL (never with a token: tokens travel only in headers) and
/// carry the server's own message where it sent one.
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
    /// Any other non-success status.
    #[error("HTTP {status} at {url}: {body_excerpt}")]
    Http { status: u16, url: String, body_excerpt: String },
    /// The body is not what the API promises (malformed, truncated, HTML, wrong shape).
    #[error("could not decode the response of {url}: {context}")]
    Decode { url: String, context: String },
    /// Connection refused, reset, timed out, DNS, TLS.
    #[error("network error for {url}: {message}")]
    Transport { url: String, message: String, timeout: bool },
    /// The pagination went wrong (a cursor that repeats, a next link to elsewhere).
    #[error("pagination error at {url}: {message}")]
    Pagination { url: String, message: String },
    /// The caller asked for something the API cannot do (bad sort key, limit 0...).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
}

impl SourceError {
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
            _ => None,
        }
    }

    /// A stable code for bindings: `RATE_LIMITED`, `UNAUTHORIZED`, ...
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized { .. } => "UNAUTHORIZED",
            Self::Forbidden { .. } => "FORBIDDEN",
            Self::NotFound { .. } => "NOT_FOUND",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Http { .. } => "HTTP_ERROR",
            Self::Decode { .. } | Self::Pagination { .. } => "DECODE_ERROR",
            Self::Transport { .. } => "NETWORK_ERROR",
            Self::InvalidQuery(_) => "INVALID_ARGUMENT",
        }
    }

    /// `Retry-After` the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// At most `max` characters of a body, on one line, for error messages.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}
