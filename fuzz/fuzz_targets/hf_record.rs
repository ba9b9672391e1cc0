//! A Hub API body (a model record, a listing page or a file tree) through the whole path a
//! listing takes: tolerant record parsing, metadata extraction, judging against the default
//! catalog. Any panic is a bug: bad input must become a typed error or a verdict.
#![no_main]

use compat_core::{default_catalog, judge};
use libfuzzer_sys::fuzz_target;
use provider_huggingface::{HfBody, extract_files_from_tree, extract_metadata, extract_metadata_with_tree, parse_body};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = parse_body(data) else {
        return;
    };
    match body {
        HfBody::Models(records) => {
            for record in &records {
                let metadata = extract_metadata(record);
                let _ = judge(&metadata, default_catalog(), None);
            }
        }
        HfBody::Tree(tree) => {
            let _ = extract_files_from_tree(&tree);
            // A tree is what the detail call adds to a record: judge it as one model's files.
            let record = provider_huggingface::HfModelRecord::default();
            let metadata = extract_metadata_with_tree(&record, &tree);
            let _ = judge(&metadata, default_catalog(), None);
        }
    }
});
