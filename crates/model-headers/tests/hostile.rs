//! Properties: no byte string panics the reader; every truncation of a real header asks for more
//! bytes, and for no more than the header needs.

mod common;

use model_headers::{HeaderError, Limits, read_header};
use proptest::prelude::*;

use common::file;

const REAL: &[&str] = &["tiny-llama-Q4_K_M.gguf", "hybrid-per-layer-BF16.gguf", "fp8.safetensors", "gptq.safetensors"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_header(&bytes, &Limits::default());
    }

    #[test]
    fn gguf_like_bytes_never_panic(version in 0u32..5, tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"GGUF".to_vec();
        bytes.extend(version.to_le_bytes());
        bytes.extend(tail);
        let _ = read_header(&bytes, &Limits::default());
    }

    /// A real header with bytes flipped: a typed error or facts, never a panic.
    #[test]
    fn corrupted_real_headers_never_panic(which in 0..REAL.len(), flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = file(REAL[which]);
        let header = read_header(&bytes, &Limits::default()).unwrap().header_bytes as usize;
        for (at, value) in flips {
            let at = at.index(header);
            bytes[at] = value;
        }
        let _ = read_header(&bytes[..header.min(bytes.len())], &Limits::default());
    }

    #[test]
    fn truncation_asks_for_more(which in 0..REAL.len(), cut in any::<prop::sample::Index>()) {
        let bytes = file(REAL[which]);
        let facts = read_header(&bytes, &Limits::default()).unwrap();
        // GGUF: the tensor infos end before the padding; safetensors: the header is exact.
        let end = model_headers::gguf::parse(&bytes, &Limits::default()).map_or(facts.header_bytes, |h| h.header_bytes);
        let cut = cut.index(end as usize);
        match read_header(&bytes[..cut], &Limits::default()) {
            Err(HeaderError::NeedMoreBytes { have, need }) => {
                prop_assert_eq!(have, cut as u64);
                prop_assert!(need > have && need <= end, "need {} for a header of {}", need, end);
            }
            other => prop_assert!(false, "cut at {cut} of {end}: {other:?}"),
        }
    }
}
