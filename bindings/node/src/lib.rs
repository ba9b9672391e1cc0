//! The native Node addon of model-compat (napi-rs).
//!
//! Thin by design: every function forwards to `model_compat_bindings::api` (shared with
//! the WASM bundle) and maps its error. Arguments and results cross the boundary as JSON
//! text: the package's `index.js` passes `JSON.stringify` of each argument and parses the
//! result, and turns the error this addon rejects or throws with (its message is
//! `{"code", "status"?, "message"}`) into an `Error` with `code` and `status`. The
//! TypeScript signatures below (`ts_args_type`, `ts_return_type`) are those of
//! `index.js`, the package's entry point; `binding.js` is the generated loader.

use model_compat_bindings::{BindingError, Client, ModelSet, api};
use napi::bindgen_prelude::{External, PromiseRaw};
use napi::{Env, Error, Result, Status};
use napi_derive::napi;

/// napi turns this into a JavaScript `Error` whose message is the error as JSON.
fn js_error(error: BindingError) -> Error {
    Error::new(Status::GenericFailure, error.to_json())
}

// ---------------------------------------------------------------------------------------
// Async: HuggingFace and CivitAI over HTTP.

/// Lists HuggingFace Hub models and returns the first `limit` (default 20) that some
/// worker of the catalog runs, each with its verdict. Reads pages until that many are
/// found, the listing ends, or `maxPages` (default 10) pages were read.
///
/// Rejects with a `ModelCompatError`: `INVALID_ARGUMENT` for bad options, else the
/// HTTP or network failure (`RATE_LIMITED`, `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`,
/// `HTTP_ERROR`, `DECODE_ERROR`, `NETWORK_ERROR`), with `status` when there was one.
#[napi(ts_args_type = "options?: HuggingFaceOptions", ts_return_type = "Promise<Array<Model>>")]
pub async fn get_compatible_hugging_face_models(options: Option<String>) -> Result<String> {
    api::get_compatible_hugging_face_models(Client::default(), options).await.map_err(js_error)
}

/// Lists HuggingFace Hub models, compatible or not: the first `limit` (default 20) of the
/// listing, each with its verdict.
///
/// Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`).
#[napi(ts_args_type = "options?: HuggingFaceOptions", ts_return_type = "Promise<Array<Model>>")]
pub async fn list_hugging_face_models(options: Option<String>) -> Result<String> {
    api::list_hugging_face_models(Client::default(), options).await.map_err(js_error)
}

/// One page of a HuggingFace Hub listing, for "load more": whole pages of the listing are
/// read until `limit` (default 20) models are kept (`include`: `"all"` by default, or
/// `"compatible"`), the listing ends, or `maxPages` (default 10) pages were read. Pass
/// `nextCursor` back as `cursor`, with the same options, for the next page.
///
/// Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`);
/// `INVALID_ARGUMENT` for a `cursor` that is not a `nextCursor`.
#[napi(ts_args_type = "options?: HuggingFaceOptions", ts_return_type = "Promise<ModelPage>")]
pub async fn list_hugging_face_models_page(options: Option<String>) -> Result<String> {
    api::list_hugging_face_models_page(Client::default(), options).await.map_err(js_error)
}

/// One HuggingFace Hub model by id (`owner/name`), with its verdict. Its `config.json`
/// is read when the record does not state the context length.
///
/// Rejects with a `ModelCompatError`: `NOT_FOUND` for an unknown id, `INVALID_ARGUMENT`
/// for an id that cannot be a Hub id.
#[napi(ts_args_type = "id: string, options?: GetModelOptions", ts_return_type = "Promise<Model>")]
pub async fn get_hugging_face_model(id: Option<String>, options: Option<String>) -> Result<String> {
    api::get_hugging_face_model(Client::default(), id, options).await.map_err(js_error)
}

/// Lists CivitAI models and returns the first `limit` (default 20) that some worker of
/// the catalog runs, each with its verdict (and one verdict per version). Reads pages
/// (by cursor) until that many are found, the listing ends, or `maxPages` (default 10)
/// pages were read.
///
/// Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`).
#[napi(ts_args_type = "filters?: CivitaiFilters", ts_return_type = "Promise<Array<Model>>")]
pub async fn get_compatible_civitai_models(filters: Option<String>) -> Result<String> {
    api::get_compatible_civitai_models(Client::default(), filters).await.map_err(js_error)
}

/// Lists CivitAI models, compatible or not: the first `limit` (default 20) of the
/// listing, each with its verdict.
///
/// Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`).
#[napi(ts_args_type = "filters?: CivitaiFilters", ts_return_type = "Promise<Array<Model>>")]
pub async fn list_civitai_models(filters: Option<String>) -> Result<String> {
    api::list_civitai_models(Client::default(), filters).await.map_err(js_error)
}

/// One page of a CivitAI listing, for "load more" (see `listHuggingFaceModelsPage`).
///
/// Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`);
/// `INVALID_ARGUMENT` for a `cursor` that is not a `nextCursor`.
#[napi(ts_args_type = "filters?: CivitaiFilters", ts_return_type = "Promise<ModelPage>")]
pub async fn list_civitai_models_page(filters: Option<String>) -> Result<String> {
    api::list_civitai_models_page(Client::default(), filters).await.map_err(js_error)
}

/// One CivitAI model by id (a positive integer, or its decimal string), with its verdict
/// and one verdict per version.
///
/// Rejects with a `ModelCompatError`: `NOT_FOUND` for an unknown id, `INVALID_ARGUMENT`
/// for an id that is not a positive integer.
#[napi(ts_args_type = "id: number | string, options?: GetModelOptions", ts_return_type = "Promise<Model>")]
pub async fn get_civitai_model(id: Option<String>, options: Option<String>) -> Result<String> {
    api::get_civitai_model(Client::default(), id, options).await.map_err(js_error)
}

/// A client: the async functions above as methods sharing one cache of the sources' answers
/// (`cache` in `options`). `index.js` wraps the handle this returns in a `ModelCompatClient`
/// whose methods call the `client*` functions below with it.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` for bad options.
#[napi(ts_args_type = "options?: ClientOptions", ts_return_type = "ModelCompatClient")]
pub fn create_client(options: Option<String>) -> Result<External<Client>> {
    Client::new(options.as_deref()).map(External::new).map_err(js_error)
}

// The methods of a client (see `createClient`): the async functions with the client's handle
// first. Not declared: `index.js` calls them, and declares its client as `ModelCompatClient`.
// Sync functions returning a promise, so that the handle is read before the call goes async.

/// `client.clearCache()`.
#[napi(skip_typescript)]
pub fn client_clear_cache(client: &External<Client>) {
    client.clear_cache();
}

/// One `client*` function per async function: the same call, on the client's handle.
macro_rules! client_methods {
    ($( $name:ident => $call:path [$($arg:ident),+] ),+ $(,)?) => {$(
        #[napi(skip_typescript)]
        pub fn $name<'env>(
            env: &'env Env,
            client: &External<Client>,
            $($arg: Option<String>),+
        ) -> Result<PromiseRaw<'env, String>> {
            let client = Client::clone(client);
            env.spawn_future(async move { $call(client, $($arg),+).await.map_err(js_error) })
        }
    )+};
}

client_methods! {
    client_get_compatible_hugging_face_models => api::get_compatible_hugging_face_models [options],
    client_list_hugging_face_models => api::list_hugging_face_models [options],
    client_list_hugging_face_models_page => api::list_hugging_face_models_page [options],
    client_get_hugging_face_model => api::get_hugging_face_model [id, options],
    client_get_compatible_civitai_models => api::get_compatible_civitai_models [filters],
    client_list_civitai_models => api::list_civitai_models [filters],
    client_list_civitai_models_page => api::list_civitai_models_page [filters],
    client_get_civitai_model => api::get_civitai_model [id, options],
}

/// One model on the local disk, judged: a weight file (`.gguf`, `.safetensors`), the shards of
/// one model (one shard brings its siblings), or a model directory with its config.json (a
/// HuggingFace cache snapshot too). Only header bytes of weight files are read, never whole
/// files; `headers` lists what each header says.
///
/// Rejects with a `ModelCompatError`: `FILE_ERROR` for a file that cannot be read (missing,
/// not a regular file), `INVALID_HEADER` for a weight file whose header is not readable,
/// `HEADER_TOO_LARGE` past `maxHeaderBytes`, `INVALID_ARGUMENT` for bad arguments.
#[napi(ts_args_type = "file: string | Array<string>, options?: InspectFileOptions", ts_return_type = "Promise<Model>")]
pub async fn inspect_file(file: Option<String>, options: Option<String>) -> Result<String> {
    // Header reads are blocking file I/O: off the event loop's thread, on napi's pool.
    let read = napi::tokio::task::spawn_blocking(move || api::inspect_file(file.as_deref(), options.as_deref()));
    read.await.map_err(|e| Error::new(Status::GenericFailure, e.to_string()))?.map_err(js_error)
}

// ---------------------------------------------------------------------------------------
// Sync: pure, no I/O.

/// Reads the facts the rules need from a HuggingFace Hub model object (the body of
/// `/api/models/{id}`, or one item of `/api/models`, ideally with `expand[]` fields such
/// as `config`, `gguf`, `safetensors`, `siblings`). Wrong-typed fields are read as absent.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `record` is not an
/// object.
#[napi(ts_args_type = "record: object", ts_return_type = "ModelMetadata")]
pub fn extract_hugging_face_metadata(record: Option<String>) -> Result<String> {
    api::extract_hugging_face_metadata(record.as_deref()).map_err(js_error)
}

/// Reads the facts the rules need from a CivitAI model object (the body of
/// `/api/v1/models/{id}`, or one item of `/api/v1/models`). A model-version object (the
/// body of `/api/v1/model-versions/{id}`: it has `modelId` or `files` and no
/// `modelVersions`) is read as a model with that one version.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `record` is not an
/// object or not a CivitAI model or version.
#[napi(ts_args_type = "record: object", ts_return_type = "ModelMetadata")]
pub fn extract_civitai_metadata(record: Option<String>) -> Result<String> {
    api::extract_civitai_metadata(record.as_deref()).map_err(js_error)
}

/// Judges a model against a catalog of workers (default: `defaultWorkerCatalog()`): it
/// is compatible when some worker runs it. With `options.device` (a preset name or a
/// `Device`), also whether it fits that machine and which file fits best.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `metadata` is not
/// `ModelMetadata`, `catalog` is not a valid catalog or `options.device` not a device.
#[napi(
    ts_args_type = "metadata: ModelMetadata, catalog?: WorkerCatalog, options?: JudgeOptions",
    ts_return_type = "CompatibilityResult"
)]
pub fn is_model_compatible(
    metadata: Option<String>,
    catalog: Option<String>,
    options: Option<String>,
) -> Result<String> {
    api::is_model_compatible(metadata.as_deref(), catalog.as_deref(), options.as_deref()).map_err(js_error)
}

/// Keeps the models some worker of the catalog (default: `defaultWorkerCatalog()`) runs,
/// in their order, each with its verdict. Each `metadata` is the object that was passed in
/// (to `prepareModels`, for a `ModelSet`). With `options.device`, judged on that machine;
/// with `options.fit` too, only the models that fit it as asked.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `models` is not an
/// array of `ModelMetadata`, `catalog` is not a valid catalog or `options` not valid.
#[napi(
    ts_args_type = "models: Array<ModelMetadata> | ModelSet, catalog?: WorkerCatalog, options?: JudgeOptions",
    ts_return_type = "Array<CompatibleModel>"
)]
pub fn filter_compatible_models(
    models: Option<String>,
    catalog: Option<String>,
    options: Option<String>,
) -> Result<String> {
    // `index.js` holds `models`: only `[{index, compatibility}]` comes back, and it pairs
    // each verdict with `models[index]` (no metadata serialized back and parsed again).
    api::filter_compatible_indices(models.as_deref(), catalog.as_deref(), options.as_deref()).map_err(js_error)
}

/// The positions of the models some worker of the catalog (default: `defaultWorkerCatalog()`)
/// runs, in order (on `options.device`, fitting as `options.fit` asks): the yes or no of
/// `filterCompatibleModels`, without the verdicts. `models` may be a `ModelSet` from
/// `prepareModels`, which is read without converting it again.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `models` is not an array of
/// `ModelMetadata` (or a `ModelSet`), `catalog` is not a valid catalog or `options` not valid.
#[napi(
    ts_args_type = "models: Array<ModelMetadata> | ModelSet, catalog?: WorkerCatalog, options?: JudgeOptions",
    ts_return_type = "Array<number>"
)]
pub fn filter_compatible_indices(
    models: Option<String>,
    catalog: Option<String>,
    options: Option<String>,
) -> Result<Vec<u32>> {
    api::compatible_indices(models.as_deref(), catalog.as_deref(), options.as_deref()).map_err(js_error)
}

/// Reads `models` once into the addon's own form, for filters that run over the same models
/// again and again (other catalogs, other workers): `filterCompatibleModels` and
/// `filterCompatibleIndices` take the `ModelSet` and read nothing again. A snapshot: later
/// changes to `models` are not seen.
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `models` is not an array of
/// `ModelMetadata`.
#[napi(ts_args_type = "models: Array<ModelMetadata>", ts_return_type = "ModelSet")]
pub fn prepare_models(models: Option<String>) -> Result<External<ModelSet>> {
    ModelSet::parse(models.as_deref()).map(External::new).map_err(js_error)
}

/// `filterCompatibleModels` over a prepared set (`index.js` pairs the verdicts with its models).
#[napi(skip_typescript)]
pub fn model_set_filter(set: &External<ModelSet>, catalog: Option<String>, options: Option<String>) -> Result<String> {
    set.filter_indexed(catalog.as_deref(), options.as_deref()).map_err(js_error)
}

/// `filterCompatibleIndices` over a prepared set.
#[napi(skip_typescript)]
pub fn model_set_indices(
    set: &External<ModelSet>,
    catalog: Option<String>,
    options: Option<String>,
) -> Result<Vec<u32>> {
    set.compatible_indices(catalog.as_deref(), options.as_deref()).map_err(js_error)
}

/// Judges a model against one worker (on `options.device`, when given).
///
/// Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `metadata` is not
/// `ModelMetadata`, `worker` is not a `WorkerProfile` with an id or `options.device` not a device.
#[napi(
    ts_args_type = "metadata: ModelMetadata, worker: WorkerProfile, options?: JudgeOptions",
    ts_return_type = "CompatibilityResult"
)]
pub fn check_model_worker_compatibility(
    metadata: Option<String>,
    worker: Option<String>,
    options: Option<String>,
) -> Result<String> {
    api::check_model_worker_compatibility(metadata.as_deref(), worker.as_deref(), options.as_deref()).map_err(js_error)
}

/// The product's workers (`llm-worker`, `sd-worker`): what each runs. The starting point
/// for a custom catalog; every function judges against it by default.
#[napi(ts_return_type = "WorkerCatalog")]
pub fn default_worker_catalog() -> Result<String> {
    api::default_worker_catalog().map_err(js_error)
}
