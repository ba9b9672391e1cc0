//! What the Node addon (`bindings/node`, napi-rs) and the browser bundle (`bindings/wasm`,
//! wasm-bindgen) share, so that both expose the same API with the same shapes and error
//! codes while staying thin:
//!
//! - [`api`]: every exported function, JSON text in and JSON text out. A binding passes
//!   the `JSON.stringify` of each argument and parses the result; it only maps a
//!   [`BindingError`] to a JavaScript `Error` with `code` and `status`.
//! - [`options`]: the options objects of the async functions (camelCase, unknown keys
//!   refused) and their translation to the providers' queries.
//! - [`Client`]: what `createClient` holds, the cache its calls share (native only); every
//!   async function takes one (the plain functions pass `Client::default()`, which keeps
//!   nothing).
//! - [`model`]: the shapes returned ([`Model`]: a `ModelEntry` with `size` for
//!   `sizeBytes`).
//! - [`typescript`] (feature `ts`): the TypeScript declarations of all those types,
//!   generated from the Rust types with ts-rs; `model-compat-gen types` writes them to
//!   `bindings/shared/model-compat.d.ts`, which both bindings put in their `.d.ts`.
//!
//! Features: `http` (default) for the async functions; without it only the sync functions
//! exist and no HTTP client is linked (the small WASM build). `inspect` (default) reads
//! weight-file headers with HTTP ranges; `local` (default) reads models on the local disk
//! (`inspectFile`; the Node addon only). `ts` (default) for the declarations and the
//! generator.
//!
//! No rules live here: verdicts come from `compat-core`, records are read by the
//! providers.

pub mod api;
#[cfg(feature = "http")]
mod client;
mod error;
pub mod judging;
pub mod model;
#[cfg(feature = "http")]
pub mod options;
#[cfg(feature = "ts")]
pub mod typescript;

pub use api::ModelSet;
#[cfg(feature = "http")]
pub use client::Client;
pub use error::{BindingError, ErrorCode};
pub use judging::JudgeOptions;
pub use model::CompatibleModel;
#[cfg(feature = "http")]
pub use model::{Model, ModelPage};
#[cfg(feature = "files")]
pub use options::InspectFileOptions;
#[cfg(feature = "http")]
pub use options::{
    CacheOptions, CivitaiFilters, ClientOptions, ConnectionOptions, GetModelOptions, HuggingFaceOptions, Include,
};
