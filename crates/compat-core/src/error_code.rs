//! The stable codes of a failed call, one list for every layer.
//!
//! `model-source` gives each `SourceError` one of these, the bindings hand it to JavaScript as
//! `error.code` (and the TypeScript union is generated from this enum), the CLI prints it in
//! brackets. It lives here, in the crate every other one depends on, because the pure WASM
//! build (no HTTP, no `model-source`) still reports `INVALID_ARGUMENT`.

use std::fmt;

use serde::Serialize;

/// Why a call failed, as JavaScript sees it in `error.code`. The names never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ErrorCode {
    /// 429 after the retries ran out, or a `Retry-After` longer than the client waits.
    RateLimited,
    /// 401: the token is missing, wrong or expired.
    Unauthorized,
    /// 403: the token lacks access (a gated repository not accepted, say).
    Forbidden,
    /// 404: no such model.
    NotFound,
    /// Any other HTTP error status (5xx after the retries ran out, 400, a redirect that
    /// cannot be followed, ...).
    HttpError,
    /// The server kept redirecting: more hops than the client follows (a redirect loop).
    TooManyRedirects,
    /// The response body is larger than the cap for its kind of request (a listing page,
    /// a `config.json`, a header range); nothing beyond the cap was read.
    ResponseTooLarge,
    /// The response is not what the API promises (malformed or truncated JSON, an HTML
    /// page, a pagination cursor that repeats).
    DecodeError,
    /// No response: connection refused or reset, timeout, DNS, TLS.
    NetworkError,
    /// The arguments are wrong: wrong types, unknown option, negative `limit`, unknown
    /// `sort`, a record that is not an object, an invalid catalog.
    InvalidArgument,
    /// 416: the server has no bytes at the range asked for (a file shorter than its header
    /// claims, or an empty one).
    RangeNotSatisfiable,
    /// A weight file's header needs more bytes than the cap per file allows (default 16 MiB);
    /// nothing beyond the cap was read.
    HeaderTooLarge,
    /// A weight file's first bytes are not a readable GGUF or safetensors header (another
    /// format, a header that contradicts itself, a file that ends inside its header).
    InvalidHeader,
    /// A local file could not be read: missing, not a regular file (a directory, a FIFO, a
    /// device), unreadable, or larger than the cap for its kind.
    FileError,
}

impl ErrorCode {
    /// Every code, in declaration order (tests walk it to cover each one).
    pub const ALL: [Self; 14] = [
        Self::RateLimited,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::HttpError,
        Self::TooManyRedirects,
        Self::ResponseTooLarge,
        Self::DecodeError,
        Self::NetworkError,
        Self::InvalidArgument,
        Self::RangeNotSatisfiable,
        Self::HeaderTooLarge,
        Self::InvalidHeader,
        Self::FileError,
    ];

    /// The wire name, the same string serde writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RateLimited => "RATE_LIMITED",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::HttpError => "HTTP_ERROR",
            Self::TooManyRedirects => "TOO_MANY_REDIRECTS",
            Self::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Self::DecodeError => "DECODE_ERROR",
            Self::NetworkError => "NETWORK_ERROR",
            Self::InvalidArgument => "INVALID_ARGUMENT",
            Self::RangeNotSatisfiable => "RANGE_NOT_SATISFIABLE",
            Self::HeaderTooLarge => "HEADER_TOO_LARGE",
            Self::InvalidHeader => "INVALID_HEADER",
            Self::FileError => "FILE_ERROR",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_serde_name_and_is_listed_once() {
        for (i, code) in ErrorCode::ALL.into_iter().enumerate() {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str(), "{code:?}");
            assert!(!ErrorCode::ALL[..i].contains(&code), "{code:?} listed twice");
            assert_eq!(ErrorCode::ALL[index(code)], code);
        }
    }

    /// Exhaustive on purpose: a new variant does not compile until it has a place in `ALL`.
    fn index(code: ErrorCode) -> usize {
        use ErrorCode::*;
        match code {
            RateLimited => 0,
            Unauthorized => 1,
            Forbidden => 2,
            NotFound => 3,
            HttpError => 4,
            TooManyRedirects => 5,
            ResponseTooLarge => 6,
            DecodeError => 7,
            NetworkError => 8,
            InvalidArgument => 9,
            RangeNotSatisfiable => 10,
            HeaderTooLarge => 11,
            InvalidHeader => 12,
            FileError => 13,
        }
    }
}
