//! The one error type of the JavaScript API: a stable code, the HTTP status when there was
//! one, and a message.

use std::fmt;

#[cfg(feature = "http")]
use model_source::SourceError;
use serde::Serialize;

/// Why a call failed, as JavaScript sees it in `error.code`. The names never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// 429 after the retries ran out, or a `Retry-After` longer than the client waits.
    RateLimited,
    /// 401: the token is missing, wrong or expired.
    Unauthorized,
    /// 403: the token lacks access (a gated repository not accepted, say).
    Forbidden,
    /// 404: no such model.
    NotFound,
    /// Any other HTTP error status (5xx after the retries ran out, 400, ...).
    HttpError,
    /// The response is not what the API promises (malformed or truncated JSON, an HTML
    /// page, a pagination cursor that repeats).
    DecodeError,
    /// No response: connection refused or reset, timeout, DNS, TLS.
    NetworkError,
    /// The arguments are wrong: wrong types, unknown option, negative `limit`, unknown
    /// `sort`, a record that is not an object, an invalid catalog.
    InvalidArgument,
}

impl ErrorCode {
    pub const ALL: [Self; 8] = [
        Self::RateLimited,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::HttpError,
        Self::DecodeError,
        Self::NetworkError,
        Self::InvalidArgument,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RateLimited => "RATE_LIMITED",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::HttpError => "HTTP_ERROR",
            Self::DecodeError => "DECODE_ERROR",
            Self::NetworkError => "NETWORK_ERROR",
            Self::InvalidArgument => "INVALID_ARGUMENT",
        }
    }

    /// The code of a [`SourceError::code`] string.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call: what JavaScript receives as a thrown `Error` (sync functions) or a
/// rejected promise (async ones), with `code`, `status` and `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BindingError {
    pub code: ErrorCode,
    /// The HTTP status behind the error, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub message: String,
}

impl BindingError {
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self { code: ErrorCode::InvalidArgument, status: None, message: message.into() }
    }

    /// The error as one JSON object, `{"code", "status"?, "message"}`: how the bindings
    /// pass it through the native boundary to the JavaScript wrapper that rebuilds the
    /// `Error`.
    pub fn to_json(&self) -> String {
        // Serializing a struct of strings and integers cannot fail; the fallback is
        // there so that an error never turns into a panic.
        serde_json::to_string(self)
            .unwrap_or_else(|_| format!(r#"{{"code":"{}","message":"(unprintable error)"}}"#, self.code.as_str()))
    }
}

impl fmt::Display for BindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for BindingError {}

#[cfg(feature = "http")]
impl From<SourceError> for BindingError {
    fn from(error: SourceError) -> Self {
        // Every code SourceError has today is one of ours; a code added later without a
        // matching one here is still an error about the response, not a crash.
        let code = ErrorCode::parse(error.code()).unwrap_or(if error.status().is_some() {
            ErrorCode::HttpError
        } else {
            ErrorCode::DecodeError
        });
        Self { code, status: error.status(), message: error.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "http")]
    #[test]
    fn source_errors_keep_their_code_and_status() {
        let e = BindingError::from(SourceError::RateLimited {
            url: "http://127.0.0.1/api/models".into(),
            retry_after: None,
            message: "slow down".into(),
        });
        assert_eq!((e.code, e.status), (ErrorCode::RateLimited, Some(429)));
        let e = BindingError::from(SourceError::Http { status: 502, url: "u".into(), body_excerpt: "bad".into() });
        assert_eq!((e.code, e.status), (ErrorCode::HttpError, Some(502)));
        let e = BindingError::from(SourceError::InvalidQuery("limit must be at least 1".into()));
        assert_eq!((e.code, e.status), (ErrorCode::InvalidArgument, None));
        let e =
            BindingError::from(SourceError::Transport { url: "u".into(), message: "refused".into(), timeout: false });
        assert_eq!((e.code, e.status), (ErrorCode::NetworkError, None));
    }

    #[test]
    fn json_form() {
        let e = BindingError { code: ErrorCode::NotFound, status: Some(404), message: "no \"x\"".into() };
        assert_eq!(e.to_json(), r#"{"code":"NOT_FOUND","status":404,"message":"no \"x\""}"#);
        assert_eq!(BindingError::invalid_argument("bad").to_json(), r#"{"code":"INVALID_ARGUMENT","message":"bad"}"#);
    }

    #[test]
    fn every_code_round_trips() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
