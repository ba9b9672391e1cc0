//! A CivitAI body read each way the API sends one (a models page, a model, a version), then
//! extracted and judged against the default catalog. Any panic is a bug.
#![no_main]

use compat_core::{default_catalog, judge};
use libfuzzer_sys::fuzz_target;
use provider_civitai::{extract_model, extract_version, parse_model, parse_models_page, parse_version};

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = parse_models_page(data) {
        for model in &page.items {
            let _ = judge(&extract_model(model), default_catalog(), None);
        }
    }
    if let Ok(model) = parse_model(data) {
        let _ = judge(&extract_model(&model), default_catalog(), None);
    }
    if let Ok(version) = parse_version(data) {
        let _ = judge(&extract_version(&version, None), default_catalog(), None);
    }
});
