//! A safetensors header through the reader: the 8-byte length, the JSON, every tensor entry
//! checked against its dtype and offsets, the facts (quantized layouts recognised) and
//! `combine`. Any panic is a bug, and so is a broken incremental contract (see gguf_header).
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_headers::{HeaderError, HeaderFacts, Limits, safetensors, safetensors_facts};

/// Small, so the fuzzer reaches it.
const MAX_HEADER_BYTES: u64 = 1 << 20;

fuzz_target!(|data: &[u8]| {
    match safetensors::parse(data, MAX_HEADER_BYTES) {
        Ok(header) => {
            assert!(header.header_bytes <= data.len() as u64);
            for tensor in &header.tensors {
                let (begin, end) = tensor.data_offsets;
                assert_eq!(end - begin, tensor.bytes, "{}", tensor.name);
            }
            let own = &data[..header.header_bytes as usize];
            let again = safetensors::parse(own, MAX_HEADER_BYTES).expect("a header reads from exactly its own bytes");
            assert_eq!(again, header);
            let facts = safetensors_facts(&header);
            let both = HeaderFacts::combine(&[facts.clone(), facts]).expect("two shards");
            let _ = both.quantization;
        }
        Err(HeaderError::NeedMoreBytes { have, need }) => {
            assert_eq!(have, data.len() as u64);
            assert!(need > have, "asks for more than it was given: {need} <= {have}");
        }
        Err(_) => {}
    }
    let _ = model_headers::read_header(data, &Limits::default());
});
