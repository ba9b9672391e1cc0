//! The one error type of the JavaScript API: a stable code, the HTTP status when there was
//! one, and a message.

use std::fmt;

/// The one list of codes, shared with `model-source` and the CLI.
pub use compat_core::ErrorCode;
#[cfg(feature = "http")]
use model_source::SourceError;
use serde::Serialize;

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
        Self { code: error.code(), status: error.status(), message: error.to_string() }
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
        let e = BindingError::from(SourceError::transport("u", false, "refused"));
        assert_eq!((e.code, e.status), (ErrorCode::NetworkError, None));
        let e = BindingError::from(SourceError::TooManyRedirects { url: "u".into(), max: 5 });
        assert_eq!((e.code, e.status), (ErrorCode::TooManyRedirects, None));
    }

    #[test]
    fn json_form() {
        let e = BindingError { code: ErrorCode::NotFound, status: Some(404), message: "no \"x\"".into() };
        assert_eq!(e.to_json(), r#"{"code":"NOT_FOUND","status":404,"message":"no \"x\""}"#);
        assert_eq!(BindingError::invalid_argument("bad").to_json(), r#"{"code":"INVALID_ARGUMENT","message":"bad"}"#);
    }

    #[test]
    fn every_code_reaches_javascript_by_its_wire_name() {
        for code in ErrorCode::ALL {
            let e = BindingError { code, status: None, message: "m".into() };
            let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
            assert_eq!(json["code"], code.as_str());
        }
    }

    /// The JavaScript sides keep their own copy of the list (the Node wrapper checks what the
    /// addon sends, the conformance suite checks what callers get): both must be this one.
    #[test]
    fn the_javascript_lists_of_codes_are_this_one() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let expected: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        for file in ["bindings/node/index.js", "tests/js/conformance.mjs"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let start = text.find("ERROR_CODES = ").unwrap_or_else(|| panic!("{file}: no ERROR_CODES"));
            let list = &text[start..];
            let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
            let codes: Vec<&str> =
                list.split(',').map(|c| c.trim().trim_matches('\'')).filter(|c| !c.is_empty()).collect();
            assert_eq!(codes, expected, "{file}");
        }
    }
}
