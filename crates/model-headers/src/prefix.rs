//! Growing a file's prefix until its header reads, without I/O.
//!
//! [`HeaderPrefix`] says which bytes to read next and takes them; the caller reads them the way
//! it reads (a local file, HTTP ranges, a browser `Blob`). Each read after the first asks only
//! for bytes not yet held and at least doubles what is held, so a header of `n` bytes costs about
//! `log2(n / first read)` reads and at most twice `n` bytes, and never more than the cap
//! ([`Limits::max_header_bytes`]) nor the file's size.

use std::ops::Range;

use crate::{HeaderError, HeaderFacts, Limits, read_header};

/// The first bytes of one file, as far as they have been read.
#[derive(Debug)]
pub struct HeaderPrefix {
    bytes: Vec<u8>,
    /// How far the next read goes: never past the cap nor the file's known size.
    want: u64,
    /// The file's size, once known: given, stated by a server, or found where a read came
    /// back short.
    size: Option<u64>,
    limits: Limits,
}

impl HeaderPrefix {
    /// A prefix to read: `first_read` bytes first (at least one), fewer when the file is
    /// known to be shorter or the cap is lower.
    pub fn new(first_read: u64, size: Option<u64>, limits: Limits) -> Self {
        let cap = limits.max_header_bytes.max(1);
        let want = first_read.clamp(1, cap).min(size.unwrap_or(u64::MAX));
        Self { bytes: Vec::new(), want, size, limits }
    }

    /// The bytes to read next: from the end of what is held to what is wanted. Empty only for
    /// an empty file (its header then fails to read).
    pub fn next_range(&self) -> Range<u64> {
        self.held()..self.want
    }

    /// How many bytes are held.
    pub fn held(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// The file's size, when known.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// The file's size, as a reader learnt it (a `Content-Range`, a `Content-Length`). The first
    /// one stated is kept.
    pub fn set_size(&mut self, size: u64) {
        self.size = self.size.or(Some(size));
    }

    /// Bytes read from [`next_range`](Self::next_range)`.start`: more than asked for are
    /// dropped, and fewer mean the file ends there.
    pub fn append(&mut self, bytes: &[u8]) {
        let room = usize::try_from(self.want.saturating_sub(self.held())).unwrap_or(usize::MAX);
        self.bytes.extend_from_slice(bytes.get(..room).unwrap_or(bytes));
        self.ended_short();
    }

    /// The file from its first byte (an HTTP server that ignored the range), cut at what is
    /// wanted: it replaces what is held.
    pub fn replace(&mut self, mut bytes: Vec<u8>) {
        bytes.truncate(usize::try_from(self.want).unwrap_or(usize::MAX));
        self.bytes = bytes;
        self.ended_short();
    }

    fn ended_short(&mut self) {
        if self.held() < self.want {
            self.size = Some(self.held());
        }
    }

    /// The header's facts from the bytes held, or `Ok(None)` when more must be read
    /// ([`next_range`](Self::next_range) then says which).
    ///
    /// Errors: [`HeaderError::HeaderTooLarge`] when the header needs more than the cap,
    /// [`HeaderError::Truncated`] when the file ends inside it, and the reader's own errors for
    /// bytes that are not a readable header.
    pub fn facts(&mut self) -> Result<Option<HeaderFacts>, HeaderError> {
        match read_header(&self.bytes, &self.limits) {
            Ok(facts) => Ok(Some(facts)),
            Err(HeaderError::NeedMoreBytes { need, .. }) => {
                let limit = self.limits.max_header_bytes;
                if need > limit {
                    return Err(HeaderError::HeaderTooLarge { need, limit });
                }
                if let Some(size) = self.size.filter(|&size| need > size) {
                    return Err(HeaderError::Truncated { size, need });
                }
                // need > held: the read grows, within the cap and the file.
                self.want = need.max(self.want.saturating_mul(2)).min(limit).min(self.size.unwrap_or(u64::MAX));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(cap: u64) -> Limits {
        Limits { max_header_bytes: cap, ..Limits::default() }
    }

    /// A safetensors file whose JSON header is `json_len` bytes: the length says exactly how
    /// much to read, so each step of the growth is known in advance.
    fn safetensors(json_len: usize) -> Vec<u8> {
        let mut json = br#"{"__metadata__":{"pad":""#.to_vec();
        let close = br#""}}"#;
        json.resize(json_len.saturating_sub(close.len()), b' ');
        json.extend_from_slice(close);
        let mut file = (json.len() as u64).to_le_bytes().to_vec();
        file.extend_from_slice(&json);
        file
    }

    /// Reads `file` the way a local reader does; returns the facts' result and the ranges read.
    fn drive(file: &[u8], first: u64, cap: u64) -> (Result<HeaderFacts, HeaderError>, Vec<Range<u64>>) {
        let mut prefix = HeaderPrefix::new(first, Some(file.len() as u64), limits(cap));
        let mut ranges = Vec::new();
        loop {
            let range = prefix.next_range();
            ranges.push(range.clone());
            let end = usize::try_from(range.end).unwrap().min(file.len());
            prefix.append(&file[usize::try_from(range.start).unwrap()..end]);
            match prefix.facts() {
                Ok(Some(facts)) => return (Ok(facts), ranges),
                Ok(None) => {}
                Err(e) => return (Err(e), ranges),
            }
            assert!(ranges.len() < 64, "the prefix does not grow: {ranges:?}");
        }
    }

    #[test]
    fn grows_to_what_the_header_states_and_no_further() {
        let file = safetensors(100_000);
        let (facts, ranges) = drive(&file, 1024, 1 << 20);
        assert!(facts.is_ok(), "{facts:?}");
        // 1024 bytes, then straight to the 100,008 the length states.
        assert_eq!(ranges, vec![0..1024, 1024..100_008]);
    }

    #[test]
    fn a_first_read_past_the_file_stops_at_its_end() {
        let file = safetensors(200);
        let (facts, ranges) = drive(&file, 1 << 20, 1 << 20);
        assert!(facts.is_ok(), "{facts:?}");
        assert_eq!(ranges, vec![0..208]);
    }

    #[test]
    fn a_header_past_the_cap_is_too_large_before_it_is_read() {
        let file = safetensors(100_000);
        let (facts, ranges) = drive(&file, 1024, 50_000);
        assert!(matches!(facts, Err(HeaderError::HeaderTooLarge { need: 100_008, limit: 50_000 })), "{facts:?}");
        assert_eq!(ranges, vec![0..1024]);
    }

    #[test]
    fn a_file_that_ends_inside_its_header_is_truncated() {
        let mut file = safetensors(100_000);
        file.truncate(4000);
        let (facts, _) = drive(&file, 1024, 1 << 20);
        let error = facts.unwrap_err();
        assert!(matches!(error, HeaderError::Truncated { size: 4000, need: 100_008 }), "{error:?}");
        assert_eq!(error.to_string(), "the file ends at 4000 bytes, inside its header (which needs 100008)");
    }

    #[test]
    fn a_short_read_without_a_known_size_ends_the_file() {
        let file = safetensors(100_000);
        let mut prefix = HeaderPrefix::new(1024, None, limits(1 << 20));
        prefix.append(&file[..1024]);
        assert!(prefix.facts().unwrap().is_none());
        assert_eq!(prefix.next_range(), 1024..100_008);
        prefix.append(&file[1024..3000]);
        assert_eq!(prefix.size(), Some(3000));
        assert!(matches!(prefix.facts(), Err(HeaderError::Truncated { size: 3000, .. })));
    }

    #[test]
    fn a_whole_body_replaces_the_prefix_and_is_cut_at_what_was_wanted() {
        let file = safetensors(100_000);
        let mut prefix = HeaderPrefix::new(1024, None, limits(1 << 20));
        prefix.replace(file.clone());
        assert_eq!(prefix.held(), 1024);
        assert!(prefix.facts().unwrap().is_none());
        prefix.replace(file);
        assert!(prefix.facts().unwrap().is_some());
    }
}
