//! A weight file's header read over HTTP: a first byte range, then more ranges as the reader
//! asks for them ([`model_headers::HeaderError::NeedMoreBytes`]), within a cap per file.
//!
//! Each range after the first asks only for the bytes not yet held, and at least doubles what
//! is held, so a header of `n` bytes costs about `log2(n / first read)` requests and at most
//! twice `n` bytes (the last range may overshoot). A server that ignores `Range` and answers
//! 200 sends the file from its first byte: the read stops at the length wanted (never the
//! whole file), and the next, longer read starts from byte 0 again.

use model_headers::{HeaderFacts, HeaderPrefix, Limits};
use serde::Serialize;

use crate::Url;
use crate::error::SourceError;
use crate::http::{ContentRange, HttpClient, content_range};

/// The first range of a GGUF file: the key/values and tensor table of a small model fit (a
/// 32k-token vocabulary is about 0.5 MB of strings and scores); a 150k-token one with its merges
/// (5 to 10 MB) takes four or five more ranges.
pub const GGUF_FIRST_READ: u64 = 512 << 10;

/// The first range of a safetensors file: its 8-byte length and the JSON header of most files
/// (a few hundred bytes per tensor). The length says exactly how long a longer header is, so
/// that one takes one more range.
pub const SAFETENSORS_FIRST_READ: u64 = 64 << 10;

/// The first range to ask for, by the file's extension (GGUF's when it is not `.safetensors`).
pub fn first_read_for(file: &str) -> u64 {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".safetensors") { SAFETENSORS_FIRST_READ } else { GGUF_FIRST_READ }
}

/// The header facts of one remote file, and what reading them cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteHeader {
    pub facts: HeaderFacts,
    /// HTTP requests made (retries not counted).
    pub requests: u32,
    /// Body bytes received, over all requests.
    pub bytes_read: u64,
    /// The size of the whole file, when a server said (`Content-Range`, or the length of a 200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
}

impl HttpClient {
    /// Reads the header of the GGUF or safetensors file at `url`, starting with a range of
    /// `first_read` bytes ([`first_read_for`] picks one by extension). Reads at most
    /// [`BodyLimits::header_range`](crate::BodyLimits) bytes of the file: a header that needs
    /// more is [`SourceError::HeaderTooLarge`]. Every range is a [`get_range`](Self::get_range):
    /// retried, within the call budget, the token kept on its origin across redirects.
    ///
    /// Errors: the request's own ([`SourceError::NotFound`], [`SourceError::RangeNotSatisfiable`],
    /// ...), [`SourceError::HeaderTooLarge`], or [`SourceError::InvalidHeader`] for bytes that
    /// are not a readable header (another format, a lying header, a file that ends inside it).
    pub async fn read_header(&self, url: Url, first_read: u64) -> Result<RemoteHeader, SourceError> {
        let cap = self.config().body_limits.header_range;
        // The reader refuses a header past the cap itself, before asking for its bytes.
        let mut prefix = HeaderPrefix::new(first_read, None, Limits { max_header_bytes: cap, ..Limits::default() });
        let (mut requests, mut bytes_read) = (0u32, 0u64);
        loop {
            let range = prefix.next_range();
            let start = range.start;
            let response = self.get_range(url.clone(), range.clone(), range.end).await?;
            requests = requests.saturating_add(1);
            bytes_read = bytes_read.saturating_add(response.body.len() as u64);
            match response.status {
                206 => {
                    let sent = content_range(&response.headers);
                    if let Some(ContentRange { bytes: Some((first, _)), .. }) = sent {
                        if first != start {
                            return Err(SourceError::InvalidHeader {
                                url: url.to_string(),
                                reason: format!("asked for bytes from {start}, the server sent from {first}"),
                                source: None,
                            });
                        }
                    }
                    if let Some(size) = sent.and_then(|r| r.size) {
                        prefix.set_size(size);
                    }
                    prefix.append(&response.body);
                }
                200 => {
                    // The range was ignored: the body is the file from its first byte, cut at
                    // the end wanted by the transport.
                    if let Some(size) = response.header("content-length").and_then(|n| n.trim().parse().ok()) {
                        prefix.set_size(size);
                    }
                    prefix.replace(response.body);
                }
                status => {
                    return Err(SourceError::InvalidHeader {
                        url: url.to_string(),
                        reason: format!("HTTP {status} is no answer to a range request"),
                        source: None,
                    });
                }
            }
            match prefix.facts() {
                Ok(Some(facts)) => {
                    return Ok(RemoteHeader { facts, requests, bytes_read, file_size: prefix.size() });
                }
                Ok(None) => {}
                Err(e) => return Err(SourceError::header(url.to_string(), e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_read_follows_the_extension() {
        assert_eq!(first_read_for("model-00001-of-00002.safetensors"), SAFETENSORS_FIRST_READ);
        assert_eq!(first_read_for("dir/MODEL.SAFETENSORS"), SAFETENSORS_FIRST_READ);
        assert_eq!(first_read_for("Qwen3-0.6B-UD-Q4_K_XL.gguf"), GGUF_FIRST_READ);
    }
}
