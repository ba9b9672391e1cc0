//! The generated header files: `cargo xtask test` writes them with the real writers (gguf-py's
//! GGUFWriter, the safetensors package; tests/gen/make_headers.py) and the peers' dumps beside
//! them, into `<target dir>/header-data`.

#![allow(dead_code)]

use std::path::PathBuf;

use model_headers::{HeaderError, HeaderFacts, Limits, read_header};

pub fn data_dir() -> PathBuf {
    let dir = match std::env::var_os("MODEL_HEADERS_DATA") {
        Some(dir) => PathBuf::from(dir),
        // <target>/debug/deps/<test binary>
        None => std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("header-data"),
    };
    assert!(
        dir.join("peers").join("gguf-py.json").is_file(),
        "no generated header files in {}: run `cargo xtask test header-data` (it makes a venv with gguf and \
         safetensors, writes the files and the peers' dumps)",
        dir.display()
    );
    dir
}

pub fn file(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads like a remote or local reader does: a first read, then at least doubling until the
/// header is complete. Returns the facts and the reads made.
pub fn read_growing(bytes: &[u8], first: usize) -> (Result<HeaderFacts, HeaderError>, usize) {
    let mut len = first.min(bytes.len());
    let mut reads = 1;
    loop {
        match read_header(&bytes[..len], &Limits::default()) {
            Err(HeaderError::NeedMoreBytes { have, need }) => {
                assert!(need > have, "need {need} must exceed have {have}");
                assert!(have as usize == len);
                let next = (need as usize).max(len * 2).min(bytes.len());
                assert!(next > len, "the file ends ({} bytes) before the header does (need {need})", bytes.len());
                len = next;
                reads += 1;
            }
            other => return (other, reads),
        }
    }
}
