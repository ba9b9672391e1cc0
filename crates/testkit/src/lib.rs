//! A loopback HTTP server that replays HuggingFace Hub and CivitAI API responses and injects
//! faults, for Rust tests, JavaScript tests (Node, headless browser) and benchmarks.
//!
//! It binds only `127.0.0.1` (ephemeral port by default), so tests never reach the internet.
//!
//! ```no_run
//! # async fn demo() {
//! use serde_json::json;
//! use testkit::{ListingStyle, Response, Scenario, Server};
//!
//! let scenario = Scenario::new()
//!     .route_seq(
//!         "/api/models/gpt2",
//!         vec![
//!             Response::status(429).header("Retry-After", "1"),
//!             Response::json(json!({"id": "gpt2"})),
//!         ],
//!     )
//!     .paged_listing("/api/models", vec![json!({"id": "a"}), json!({"id": "b"})], 1, ListingStyle::HuggingFace);
//! let server = Server::start(scenario).await;
//! let url = server.url("/api/models/gpt2");
//! # let _ = url;
//! # }
//! ```
//!
//! The `testkit serve` binary runs the same server from a JSON scenario file for non-Rust
//! tests; see this crate's `README.md` for its CLI and the scenario JSON format.

pub mod hostile;
mod listing;
mod scenario;
mod server;

pub use scenario::{Body, Listing, ListingStyle, PageFault, Response, Route, Scenario, StaticDir, load_records};
pub use server::{BackgroundServer, RecordedRequest, Server};

use std::path::PathBuf;

/// A folder of the recorded API responses kept beside the repository
/// (`../shared/fixtures/<sub>`), or under `$MODEL_COMPAT_FIXTURES` when set. Tests read
/// them in place; they are never copied into the repository. Panics with a clear
/// message when the folder is missing, so a test cannot pass by finding nothing.
pub fn shared_fixtures(sub: &str) -> PathBuf {
    let root = std::env::var_os("MODEL_COMPAT_FIXTURES")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"), PathBuf::from);
    let dir = root.join(sub);
    assert!(
        dir.is_dir(),
        "recorded fixtures not found at {}: check out `shared` beside the repository or set MODEL_COMPAT_FIXTURES",
        dir.display()
    );
    dir
}
