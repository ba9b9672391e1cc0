//! Exact facts from the weights themselves: GGUF (v2, v3) and safetensors headers, read from the
//! first bytes of a file.
//!
//! Pure: no I/O. A caller (the CLI on a local file, a remote reader with HTTP ranges, the browser
//! on a `Blob` slice) reads a prefix, calls [`read_header`], and when the answer is
//! [`HeaderError::NeedMoreBytes`] reads at least `need` bytes from the start and calls again —
//! the way `@huggingface/gguf` grows its range. [`HeaderPrefix`] is that loop without the
//! reading, written once for every caller: it says which bytes to read next, growing
//! geometrically (at least doubling), which keeps the number of reads logarithmic in the
//! header size, within a cap and the file's size.

// Every count, length and offset here comes from a file someone else wrote: arithmetic is
// checked or saturating (issue 16), and this lint keeps it so.
#![cfg_attr(not(test), warn(clippy::arithmetic_side_effects))]

mod error;
mod facts;
pub mod ggml_type;
pub mod gguf;
mod prefix;
pub mod safetensors;

pub use error::HeaderError;
pub use facts::{
    Format, HeaderFacts, PerLayer, SafetensorsQuant, SlidingWindowPattern, Split, gguf_facts, safetensors_facts,
};
pub use ggml_type::GgmlType;
pub use gguf::Limits;
pub use prefix::HeaderPrefix;

/// Bytes enough to tell the format and, for most files, to read the whole header at once
/// (a small model's header fits; large vocabularies need a second read).
pub const FIRST_READ: u64 = 256 * 1024;

/// The format the first bytes show, if any (GGUF from 4 bytes, safetensors from 9).
pub fn sniff(prefix: &[u8]) -> Option<Format> {
    if prefix.starts_with(gguf::MAGIC) {
        Some(Format::Gguf)
    } else if safetensors::looks_like(prefix) {
        Some(Format::Safetensors)
    } else {
        None
    }
}

/// Reads the header facts of a GGUF or safetensors file from its first bytes.
pub fn read_header(prefix: &[u8], limits: &Limits) -> Result<HeaderFacts, HeaderError> {
    match sniff(prefix) {
        Some(Format::Gguf) => gguf_facts(&gguf::parse(prefix, limits)?),
        Some(Format::Safetensors) => Ok(safetensors_facts(&safetensors::parse(prefix, limits.max_header_bytes)?)),
        // Too short to tell: the safetensors length and its `{` take 9 bytes.
        None if prefix.len() < 9 => Err(HeaderError::NeedMoreBytes { have: prefix.len() as u64, need: 9 }),
        None => Err(HeaderError::UnknownFormat { start: prefix.iter().take(8).copied().collect() }),
    }
}
