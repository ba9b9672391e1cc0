//! A GGUF header through the reader: the header, every metadata value (arrays decoded to the
//! last nested element), the tensor table, the facts, and `combine` of the file with itself.
//! Any panic is a bug, and so is a broken promise of the incremental contract:
//! `NeedMoreBytes { need }` asks for more than was given, and a header that reads from a
//! prefix reads the same from exactly its own bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_headers::gguf::{self, Value};
use model_headers::{HeaderError, HeaderFacts, Limits, gguf_facts};

/// Small limits, so the fuzzer reaches them with inputs of a few KiB.
const LIMITS: Limits = Limits { max_header_bytes: 1 << 20, max_tensors: 4096, max_kv: 4096, max_array_depth: 4 };

/// Decodes every element, nested arrays included; returns how many values it saw.
fn walk(value: &Value<'_>) -> u64 {
    let Some(array) = value.as_array() else {
        let _ = (value.as_u64(), value.as_str());
        return 1;
    };
    let mut seen = 0u64;
    for element in array.iter() {
        seen = seen.saturating_add(walk(&element));
    }
    // The bytes were checked when the header was read: every element decodes.
    assert_eq!(array.iter().count() as u64, array.len(), "an array yields its length");
    seen.saturating_add(1)
}

fuzz_target!(|data: &[u8]| {
    match gguf::parse(data, &LIMITS) {
        Ok(header) => {
            for (_, value) in &header.metadata {
                walk(value);
            }
            for tensor in &header.tensors {
                let _ = (tensor.dims(), tensor.ggml_type.name(), tensor.ggml_type.bits_per_weight());
            }
            assert!(header.header_bytes <= data.len() as u64);
            assert!(header.data_offset >= header.header_bytes);
            // Its own bytes are enough, and read the same.
            let own = &data[..header.header_bytes as usize];
            let again = gguf::parse(own, &LIMITS).expect("a header reads from exactly its own bytes");
            assert_eq!((again.metadata.len(), &again.tensors), (header.metadata.len(), &header.tensors));
            if let Ok(facts) = gguf_facts(&header) {
                let both = HeaderFacts::combine(&[facts.clone(), facts]).expect("two shards");
                let _ = both.parameters;
            }
        }
        Err(HeaderError::NeedMoreBytes { have, need }) => {
            assert_eq!(have, data.len() as u64);
            assert!(need > have, "asks for more than it was given: {need} <= {have}");
        }
        Err(_) => {}
    }
    // The entry point callers use, with its format sniffing and default limits.
    let _ = model_headers::read_header(data, &Limits::default());
});
