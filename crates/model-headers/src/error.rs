//! The one error of this crate.

/// Why a header could not be read. [`HeaderError::NeedMoreBytes`] is not a defect of the file: the
/// prefix was too short, and the caller reads more (at least `need` bytes from the start).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    #[error("the header continues past the {have} bytes read: read at least {need} bytes from the start")]
    NeedMoreBytes { have: u64, need: u64 },
    #[error("the header needs at least {need} bytes, more than the limit of {limit}")]
    HeaderTooLarge { need: u64, limit: u64 },
    #[error("the file ends at {size} bytes, inside its header (which needs {need})")]
    Truncated { size: u64, need: u64 },
    #[error("neither a GGUF nor a safetensors file (first bytes {start:02x?})")]
    UnknownFormat { start: Vec<u8> },
    #[error("GGUF version {0} is not supported (only 2 and 3)")]
    UnsupportedVersion(u32),
    #[error("{what} is {value}, over the limit of {limit}")]
    OverLimit { what: &'static str, value: u64, limit: u64 },
    #[error("metadata value type {id} at byte {at} does not exist")]
    InvalidValueType { id: u32, at: u64 },
    #[error("{what} at byte {at} is not UTF-8")]
    InvalidUtf8 {
        what: &'static str,
        at: u64,
        #[source]
        source: std::str::Utf8Error,
    },
    #[error("metadata `{key}` has type {found}, expected {expected}")]
    WrongType { key: String, found: &'static str, expected: &'static str },
    #[error("general.alignment {0} is not a power of two")]
    BadAlignment(u64),
    #[error("tensor `{tensor}`: {reason}")]
    BadTensor { tensor: String, reason: String },
    #[error("the safetensors header is not valid JSON")]
    Json(#[source] serde_json::Error),
    #[error("safetensors header: {0}")]
    BadSafetensors(String),
}

impl HeaderError {
    /// The total prefix length to read next, when the prefix was only too short.
    pub fn needed(&self) -> Option<u64> {
        match self {
            Self::NeedMoreBytes { need, .. } => Some(*need),
            _ => None,
        }
    }
}
