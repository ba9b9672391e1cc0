//! The model-compat API for the browser (and any JavaScript host with WebAssembly and
//! `fetch`), with wasm-bindgen: the same exported names, argument and result shapes and
//! error codes as the Node addon (`bindings/node`).
//!
//! Everything here is conversion. Each function hands the `JSON.stringify` of its
//! arguments to the shared implementation in `model-compat-bindings` (`api`), parses the
//! JSON it returns, and turns a [`BindingError`] into a JavaScript `Error` with `code` and
//! `status`. The async functions fetch through the host's `fetch` (model-source calls
//! it directly on wasm32), so in a browser the usual CORS rules apply.
//!
//! Features: `http` (default) exports the async functions; without it (the `pure` build)
//! only the sync ones are exported, and the module holds no HTTP client.

use model_compat_bindings::{BindingError, api};
use wasm_bindgen::prelude::*;

// The TypeScript declarations of every type the API takes or returns, generated from the
// Rust types (ts-rs, `model-compat-gen types`) and shared with the Node addon.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../../shared/model-compat.d.ts");

/// A [`BindingError`] as JavaScript sees it: an `Error` with `code` and, when there was an
/// HTTP status, `status`.
fn js_error(error: BindingError) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    set(&js, "code", &JsValue::from_str(error.code.as_str()));
    if let Some(status) = error.status {
        set(&js, "status", &JsValue::from(status));
    }
    js.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property of a fresh `Error` cannot fail; nothing to do if it did.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// An argument as JSON text, `None` when it is `undefined` (or a value JSON has no text
/// for, such as a function). Values `JSON.stringify` refuses (a `BigInt`, a cycle) are an
/// `INVALID_ARGUMENT`.
fn json_arg(name: &str, value: &JsValue) -> Result<Option<String>, BindingError> {
    if value.is_undefined() {
        return Ok(None);
    }
    match js_sys::JSON::stringify(value) {
        Ok(text) => Ok(text.as_string()),
        Err(error) => {
            let reason = error
                .dyn_ref::<js_sys::Error>()
                .and_then(|e| e.message().as_string())
                .unwrap_or_else(|| "not serializable".to_owned());
            Err(BindingError::invalid_argument(format!("`{name}` cannot be converted to JSON: {reason}")))
        }
    }
}

/// The JSON text a shared function returned, as a JavaScript value.
fn json_result(result: Result<String, BindingError>) -> Result<JsValue, JsValue> {
    let text = result.map_err(js_error)?;
    js_sys::JSON::parse(&text)
}

fn json_arg_opt(name: &str, value: Option<&JsValue>) -> Result<Option<String>, BindingError> {
    match value {
        Some(value) => json_arg(name, value),
        None => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------
// Sync: pure functions over records and metadata.

/// Reads a HuggingFace model object (`/api/models/{id}`, or one item of `/api/models`) into
/// the metadata the rules judge. Fields of the wrong type are read as absent.
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `record` is not an object.
#[wasm_bindgen(js_name = extractHuggingFaceMetadata, unchecked_return_type = "ModelMetadata")]
pub fn extract_hugging_face_metadata(
    #[wasm_bindgen(unchecked_param_type = "object")] record: JsValue,
) -> Result<JsValue, JsValue> {
    let record = json_arg("record", &record).map_err(js_error)?;
    json_result(api::extract_hugging_face_metadata(record.as_deref()))
}

/// Reads a CivitAI model object (`/api/v1/models/{id}`, or one item of `/api/v1/models`)
/// into the metadata the rules judge. A model-version object
/// (`/api/v1/model-versions/{id}`) is read as a one-version model.
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `record` is not an object.
#[wasm_bindgen(js_name = extractCivitaiMetadata, unchecked_return_type = "ModelMetadata")]
pub fn extract_civitai_metadata(
    #[wasm_bindgen(unchecked_param_type = "object")] record: JsValue,
) -> Result<JsValue, JsValue> {
    let record = json_arg("record", &record).map_err(js_error)?;
    json_result(api::extract_civitai_metadata(record.as_deref()))
}

/// Judges one model against a catalog of workers (default: `defaultWorkerCatalog()`): is it
/// compatible, how sure, why, and which file to take; with `options.device` (a preset name
/// or a `Device`), also whether it fits that machine.
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `metadata`, `catalog` or
/// `options` is not of the right shape.
#[wasm_bindgen(js_name = isModelCompatible, unchecked_return_type = "CompatibilityResult")]
pub fn is_model_compatible(
    #[wasm_bindgen(unchecked_param_type = "ModelMetadata")] metadata: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WorkerCatalog | null")] catalog: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "JudgeOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let metadata = json_arg("metadata", &metadata).map_err(js_error)?;
    let catalog = json_arg_opt("catalog", catalog.as_ref()).map_err(js_error)?;
    let options = json_arg_opt("options", options.as_ref()).map_err(js_error)?;
    json_result(api::is_model_compatible(metadata.as_deref(), catalog.as_deref(), options.as_deref()))
}

/// The models some worker of the catalog (default: `defaultWorkerCatalog()`) runs, in
/// order, each with its verdict; on `options.device`, and with `options.fit` only those
/// that fit it as asked. `models` may be a `ModelSet` from `prepareModels`.
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `models` is not an array of
/// metadata, `catalog` is not a catalog or `options` not valid.
#[wasm_bindgen(js_name = filterCompatibleModels, unchecked_return_type = "CompatibleModel[]")]
pub fn filter_compatible_models(
    #[wasm_bindgen(unchecked_param_type = "ModelMetadata[] | ModelSet")] models: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WorkerCatalog | null")] catalog: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "JudgeOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let models = json_arg("models", &models).map_err(js_error)?;
    let catalog = json_arg_opt("catalog", catalog.as_ref()).map_err(js_error)?;
    let options = json_arg_opt("options", options.as_ref()).map_err(js_error)?;
    json_result(api::filter_compatible_models(models.as_deref(), catalog.as_deref(), options.as_deref()))
}

/// The positions of the models some worker of the catalog (default: `defaultWorkerCatalog()`)
/// runs, in order (on `options.device`, fitting as `options.fit` asks): the yes or no of
/// `filterCompatibleModels`, without the verdicts.
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `models` is not an array of
/// metadata, `catalog` is not a catalog or `options` not valid.
#[wasm_bindgen(js_name = filterCompatibleIndices, unchecked_return_type = "number[]")]
pub fn filter_compatible_indices(
    #[wasm_bindgen(unchecked_param_type = "ModelMetadata[] | ModelSet")] models: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WorkerCatalog | null")] catalog: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "JudgeOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let models = json_arg("models", &models).map_err(js_error)?;
    let catalog = json_arg_opt("catalog", catalog.as_ref()).map_err(js_error)?;
    let options = json_arg_opt("options", options.as_ref()).map_err(js_error)?;
    let indices =
        api::compatible_indices(models.as_deref(), catalog.as_deref(), options.as_deref()).map_err(js_error)?;
    Ok(indices.into_iter().map(JsValue::from).collect::<js_sys::Array>().into())
}

/// Checks `models` once and keeps a copy of them, for filters over the same models again and
/// again. The WASM build has no form of its own to keep them in: the copy is an array of
/// `ModelMetadata`, read again by every filter (the Node addon reads it once). A snapshot:
/// later changes to `models` are not seen.
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `models` is not an array of metadata.
#[wasm_bindgen(js_name = prepareModels, unchecked_return_type = "ModelSet")]
pub fn prepare_models(
    #[wasm_bindgen(unchecked_param_type = "ModelMetadata[]")] models: JsValue,
) -> Result<JsValue, JsValue> {
    let models = json_arg("models", &models).map_err(js_error)?;
    model_compat_bindings::ModelSet::parse(models.as_deref()).map_err(js_error)?;
    js_sys::JSON::parse(models.as_deref().unwrap_or_default())
}

/// Judges one model against one worker (on `options.device`, when given).
///
/// Throws an `Error` with `code` `INVALID_ARGUMENT` when `metadata`, `worker` or `options`
/// is not of the right shape.
#[wasm_bindgen(js_name = checkModelWorkerCompatibility, unchecked_return_type = "CompatibilityResult")]
pub fn check_model_worker_compatibility(
    #[wasm_bindgen(unchecked_param_type = "ModelMetadata")] metadata: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WorkerProfile")] worker: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JudgeOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let metadata = json_arg("metadata", &metadata).map_err(js_error)?;
    let worker = json_arg("worker", &worker).map_err(js_error)?;
    let options = json_arg_opt("options", options.as_ref()).map_err(js_error)?;
    json_result(api::check_model_worker_compatibility(metadata.as_deref(), worker.as_deref(), options.as_deref()))
}

/// The workers the rules know by default (the LLM worker, the image worker), in the JSON
/// shape a custom catalog uses.
#[wasm_bindgen(js_name = defaultWorkerCatalog, unchecked_return_type = "WorkerCatalog")]
pub fn default_worker_catalog() -> Result<JsValue, JsValue> {
    json_result(api::default_worker_catalog())
}

// ---------------------------------------------------------------------------------------
// Async: the providers over the host's `fetch`.

#[cfg(feature = "http")]
mod http {
    use super::*;

    use std::future::Future;
    use std::pin::Pin;

    use js_sys::Promise;

    /// A shared async function, called on its JSON arguments.
    type Call = Pin<Box<dyn Future<Output = Result<String, BindingError>>>>;

    /// The promise of a call: it resolves to the parsed JSON result and rejects with the
    /// error, argument errors included (an async function never throws synchronously).
    /// One function for every export, so the module holds one copy of the promise glue
    /// (`async fn` exports would each instantiate it).
    fn promise(call: Result<Call, BindingError>) -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            match call {
                Ok(call) => json_result(call.await),
                Err(error) => Err(js_error(error)),
            }
        })
    }

    fn boxed(future: impl Future<Output = Result<String, BindingError>> + 'static) -> Call {
        Box::pin(future)
    }

    /// HuggingFace models some worker can run: pages through `/api/models` until `limit`
    /// (default 20) compatible models are found, the listing ends, or `maxPages` pages were
    /// read.
    ///
    /// Rejects with an `Error` whose `code` is one of `ErrorCode` (`RATE_LIMITED`,
    /// `HTTP_ERROR`, `NETWORK_ERROR`, ...), with `status` when there was an HTTP status.
    #[wasm_bindgen(js_name = getCompatibleHuggingFaceModels, unchecked_return_type = "Promise<Model[]>")]
    pub fn get_compatible_hugging_face_models(
        #[wasm_bindgen(unchecked_optional_param_type = "HuggingFaceOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        promise(
            json_arg_opt("options", options.as_ref())
                .map(|options| boxed(api::get_compatible_hugging_face_models(Default::default(), options))),
        )
    }

    /// HuggingFace models, compatible or not, each with its verdict: the first `limit`
    /// (default 20) of the listing.
    ///
    /// Rejects with an `Error` with `code` (and `status`), as
    /// `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = listHuggingFaceModels, unchecked_return_type = "Promise<Model[]>")]
    pub fn list_hugging_face_models(
        #[wasm_bindgen(unchecked_optional_param_type = "HuggingFaceOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        promise(
            json_arg_opt("options", options.as_ref())
                .map(|options| boxed(api::list_hugging_face_models(Default::default(), options))),
        )
    }

    /// One page of a HuggingFace listing, for "load more": whole pages are read until
    /// `limit` (default 20) models are kept (`include`: `"all"` by default), the listing
    /// ends, or `maxPages` pages were read. Pass `nextCursor` back as `cursor`.
    ///
    /// Rejects with an `Error` with `code` (and `status`), as
    /// `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = listHuggingFaceModelsPage, unchecked_return_type = "Promise<ModelPage>")]
    pub fn list_hugging_face_models_page(
        #[wasm_bindgen(unchecked_optional_param_type = "HuggingFaceOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        promise(
            json_arg_opt("options", options.as_ref())
                .map(|options| boxed(api::list_hugging_face_models_page(Default::default(), options))),
        )
    }

    /// One HuggingFace model by id (`owner/name`), with its verdict.
    ///
    /// Rejects with an `Error` with `code` (`NOT_FOUND` with `status` 404 for an unknown
    /// id), as `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = getHuggingFaceModel, unchecked_return_type = "Promise<Model>")]
    pub fn get_hugging_face_model(
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetModelOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        let args = json_arg("id", &id).and_then(|id| Ok((id, json_arg_opt("options", options.as_ref())?)));
        promise(args.map(|(id, options)| boxed(api::get_hugging_face_model(Default::default(), id, options))))
    }

    /// CivitAI models some worker can run: pages through `/api/v1/models` by cursor until
    /// `limit` (default 20) compatible models are found, the listing ends, or `maxPages`
    /// pages were read.
    ///
    /// Rejects with an `Error` with `code` (and `status`), as
    /// `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = getCompatibleCivitaiModels, unchecked_return_type = "Promise<Model[]>")]
    pub fn get_compatible_civitai_models(
        #[wasm_bindgen(unchecked_optional_param_type = "CivitaiFilters | null")] filters: Option<JsValue>,
    ) -> Promise {
        promise(
            json_arg_opt("filters", filters.as_ref())
                .map(|filters| boxed(api::get_compatible_civitai_models(Default::default(), filters))),
        )
    }

    /// CivitAI models, compatible or not, each with its verdict: the first `limit`
    /// (default 20) of the listing.
    ///
    /// Rejects with an `Error` with `code` (and `status`), as
    /// `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = listCivitaiModels, unchecked_return_type = "Promise<Model[]>")]
    pub fn list_civitai_models(
        #[wasm_bindgen(unchecked_optional_param_type = "CivitaiFilters | null")] filters: Option<JsValue>,
    ) -> Promise {
        promise(
            json_arg_opt("filters", filters.as_ref())
                .map(|filters| boxed(api::list_civitai_models(Default::default(), filters))),
        )
    }

    /// One page of a CivitAI listing, for "load more" (see `listHuggingFaceModelsPage`).
    ///
    /// Rejects with an `Error` with `code` (and `status`), as
    /// `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = listCivitaiModelsPage, unchecked_return_type = "Promise<ModelPage>")]
    pub fn list_civitai_models_page(
        #[wasm_bindgen(unchecked_optional_param_type = "CivitaiFilters | null")] filters: Option<JsValue>,
    ) -> Promise {
        promise(
            json_arg_opt("filters", filters.as_ref())
                .map(|filters| boxed(api::list_civitai_models_page(Default::default(), filters))),
        )
    }

    /// A client: the async functions as methods that share its settings. Its `cache` option is
    /// checked as the Node addon checks it, and nothing is kept: in a browser, the HTTP cache is
    /// the cache (the addon keeps the sources' answers in memory; see `ClientOptions`).
    ///
    /// Throws an `Error` with `code` `INVALID_ARGUMENT` for bad options.
    #[wasm_bindgen(js_name = createClient, unchecked_return_type = "ModelCompatClient")]
    pub fn create_client(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions | null")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = json_arg_opt("options", options.as_ref()).map_err(js_error)?;
        model_compat_bindings::Client::new(options.as_deref()).map_err(js_error)?;
        // A plain object of closures, all of one type (each closure type, like each exported
        // class, costs the module its own glue): the index says which function one calls.
        let client = js_sys::Object::new();
        for (index, name) in CLIENT_METHODS.iter().enumerate() {
            let method = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(move |a, b| client_call(index, a, b));
            set(&client, name, &method.into_js_value());
        }
        Ok(js_sys::Object::freeze(&client).into())
    }

    /// The methods of a client, in the order [`client_call`] numbers them.
    const CLIENT_METHODS: [&str; 9] = [
        "getCompatibleHuggingFaceModels",
        "listHuggingFaceModels",
        "listHuggingFaceModelsPage",
        "getHuggingFaceModel",
        "getCompatibleCivitaiModels",
        "listCivitaiModels",
        "listCivitaiModelsPage",
        "getCivitaiModel",
        "clearCache",
    ];

    /// Method `index` of a client: the function of the same name (an absent argument arrives
    /// as `undefined`, which the functions read as absent). `clearCache` has nothing to drop.
    fn client_call(index: usize, a: JsValue, b: JsValue) -> JsValue {
        match index {
            0 => get_compatible_hugging_face_models(Some(a)).into(),
            1 => list_hugging_face_models(Some(a)).into(),
            2 => list_hugging_face_models_page(Some(a)).into(),
            3 => get_hugging_face_model(a, Some(b)).into(),
            4 => get_compatible_civitai_models(Some(a)).into(),
            5 => list_civitai_models(Some(a)).into(),
            6 => list_civitai_models_page(Some(a)).into(),
            7 => get_civitai_model(a, Some(b)).into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// One CivitAI model by id (a number, or its decimal string), with its verdict.
    ///
    /// Rejects with an `Error` with `code` (`NOT_FOUND` with `status` 404 for an unknown
    /// id), as `getCompatibleHuggingFaceModels` does.
    #[wasm_bindgen(js_name = getCivitaiModel, unchecked_return_type = "Promise<Model>")]
    pub fn get_civitai_model(
        #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetModelOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        let args = json_arg("id", &id).and_then(|id| Ok((id, json_arg_opt("options", options.as_ref())?)));
        promise(args.map(|(id, options)| boxed(api::get_civitai_model(Default::default(), id, options))))
    }

    /// One model from its weight files, judged: in this module, a promise that rejects with
    /// `INVALID_ARGUMENT`, so that code written for both packages gets a clear error rather
    /// than a missing function. The header readers do not fit this module's size budget
    /// beside the HTTP sources: `inspectFile` of `@model-compat/wasm/pure` (or `/inspect`) reads
    /// a `File` or `Blob`, and the Node addon reads paths.
    #[cfg(not(feature = "files"))]
    #[wasm_bindgen(js_name = inspectFile, unchecked_return_type = "Promise<Model>")]
    pub fn inspect_file(
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "InspectFileOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        let args = json_arg("file", &file).and_then(|file| Ok((file, json_arg_opt("options", options.as_ref())?)));
        let result = args.and_then(|(file, options)| api::inspect_file(file.as_deref(), options.as_deref()));
        match json_result(result) {
            Ok(model) => Promise::resolve(&model),
            Err(error) => Promise::reject(&error),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Files the page holds: `inspectFile` on a browser's `Blob`s.

#[cfg(feature = "files")]
mod files {
    use super::*;

    use js_sys::{Array, Promise, Reflect, Uint8Array};
    use model_compat_bindings::api::HeldInspection;
    use wasm_bindgen_futures::JsFuture;

    /// One model from its weight files, judged, as the Node addon's `inspectFile` judges
    /// paths: `file` is a `File` (or any `Blob` with a `name`), or an array of them (every
    /// shard of a split model). Only the headers are read, slice by slice as the reader asks
    /// (at most `maxHeaderBytes` per file): a 5 GB file dropped on a page is never read whole,
    /// and nothing leaves the page.
    ///
    /// Rejects with an `Error` with `code`: `INVALID_ARGUMENT` (not a file, no name, bad
    /// options), `INVALID_HEADER` (not a readable GGUF or safetensors header, or a file that
    /// ends inside it), `HEADER_TOO_LARGE`, `FILE_ERROR` (the browser could not read it).
    #[wasm_bindgen(js_name = inspectFile, unchecked_return_type = "Promise<Model>")]
    pub fn inspect_file(
        #[wasm_bindgen(unchecked_param_type = "Blob | Blob[]")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "InspectFileOptions | null")] options: Option<JsValue>,
    ) -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let result = match json_arg_opt("options", options.as_ref()) {
                Ok(options) => inspect(file, options).await,
                Err(error) => Err(error),
            };
            json_result(result)
        })
    }

    async fn inspect(file: JsValue, options: Option<String>) -> Result<String, BindingError> {
        let blobs: Vec<JsValue> = if Array::is_array(&file) { Array::from(&file).iter().collect() } else { vec![file] };
        let mut named = Vec::with_capacity(blobs.len().min(1024));
        for blob in &blobs {
            named.push(name_and_size(blob)?);
        }
        let mut inspection = HeldInspection::new(named, options.as_deref())?;
        for i in inspection.to_read() {
            let Some(blob) = blobs.get(i) else { continue };
            let mut prefix = inspection.prefix(i);
            let mut reads = 0u32;
            let facts = loop {
                let range = prefix.next_range();
                let bytes = read_slice(blob, range.start, range.end).await.map_err(|m| inspection.unreadable(i, m))?;
                reads = reads.saturating_add(1);
                prefix.append(&bytes);
                match prefix.facts() {
                    Ok(Some(facts)) => break Ok(facts),
                    Ok(None) => {}
                    Err(e) => break Err(e),
                }
            };
            inspection.header(i, facts, reads, prefix.held())?;
        }
        inspection.judged()
    }

    /// A `Blob`'s `name` (a `File` has one) and `size`.
    fn name_and_size(blob: &JsValue) -> Result<(String, u64), BindingError> {
        let not_a_file = || {
            BindingError::invalid_argument("`file` must be a File (a Blob with a `name`) or a non-empty array of them")
        };
        if !blob.is_object() {
            return Err(not_a_file());
        }
        let get = |key: &str| Reflect::get(blob, &JsValue::from_str(key)).ok();
        let name = get("name").and_then(|n| n.as_string()).filter(|n| !n.is_empty()).ok_or_else(not_a_file)?;
        let size =
            get("size").and_then(|n| n.as_f64()).filter(|n| n.is_finite() && *n >= 0.0).ok_or_else(not_a_file)?;
        let has_slice = get("slice").is_some_and(|f| f.is_function());
        if !has_slice {
            return Err(not_a_file());
        }
        // A `Blob`'s size is an integer below 2^53.
        Ok((name, size as u64))
    }

    /// Bytes `start..end` of a `Blob`: `blob.slice(start, end).arrayBuffer()`.
    async fn read_slice(blob: &JsValue, start: u64, end: u64) -> Result<Vec<u8>, String> {
        let message = |e: JsValue| {
            e.dyn_ref::<js_sys::Error>()
                .and_then(|e| e.message().as_string())
                .unwrap_or_else(|| "the browser could not read the file".to_owned())
        };
        let slice = Reflect::get(blob, &JsValue::from_str("slice")).map_err(message)?;
        let slice: js_sys::Function = slice.dyn_into().map_err(message)?;
        // Offsets below 2^53 are exact as numbers; a header's are far below.
        let part =
            slice.call2(blob, &JsValue::from_f64(start as f64), &JsValue::from_f64(end as f64)).map_err(message)?;
        let buffer = Reflect::get(&part, &JsValue::from_str("arrayBuffer")).map_err(message)?;
        let buffer: js_sys::Function = buffer.dyn_into().map_err(message)?;
        let promise: Promise = buffer.call0(&part).map_err(message)?.dyn_into().map_err(message)?;
        let bytes = Uint8Array::new(&JsFuture::from(promise).await.map_err(message)?);
        // A `Blob` slice holds what was asked; anything that answers with more is cut before
        // the copy, so the read stays within the reader's cap.
        let asked = u32::try_from(end.saturating_sub(start)).unwrap_or(u32::MAX);
        Ok(if bytes.length() > asked { bytes.subarray(0, asked) } else { bytes }.to_vec())
    }
}
