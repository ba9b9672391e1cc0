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

mod listing;
mod scenario;
mod server;

pub use scenario::{Body, Listing, ListingStyle, PageFault, Response, Route, Scenario, StaticDir, load_records};
pub use server::{RecordedRequest, Server};
