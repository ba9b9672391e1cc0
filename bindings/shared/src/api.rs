//! The JavaScript API, JSON text in and JSON text out.
//!
//! Each argument is the `JSON.stringify` of what JavaScript passed, or `None` when it
//! passed `undefined` (an optional argument may also be `null`). Each result is JSON text
//! the binding's JavaScript side parses. Both bindings (napi and wasm-bindgen) call these
//! functions and only map the error to a JavaScript `Error`: there is one implementation.
//!
//! JSON is the boundary format on purpose: `JSON.stringify`/`JSON.parse` and serde are
//! much faster than walking objects property by property across the boundary, they drop
//! `undefined` properties the way JavaScript users expect, and they have no size limits.

use compat_core::{CompatibilityResult, Device, FitFilter, ModelMetadata, WorkerCatalog, WorkerProfile};
use provider_civitai::CivitaiBody;
use provider_huggingface::HfModelRecord;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
#[cfg(feature = "http")]
use {
    crate::client::{CallKey, Client},
    crate::model::{Model, ModelPage},
    crate::options::{CivitaiFilters, Connection, GetModelOptions, HuggingFaceOptions, Judging, Listing},
    model_source::{CollectOptions, ModelEntry, ModelRecord, ModelSource, OnDevice, Pager, PagerState, StopReason},
    provider_civitai::{CivitaiOptions, CivitaiSource},
    provider_huggingface::{HuggingFaceSource, Inspect},
    std::future::Future,
};

use crate::error::BindingError;
use crate::judging::JudgeOptions;
use crate::model::CompatibleModelRef;

/// A required argument.
fn required<T: DeserializeOwned>(name: &str, json: Option<&str>) -> Result<T, BindingError> {
    let json = json.ok_or_else(|| BindingError::invalid_argument(format!("`{name}` is required")))?;
    parse(name, json)
}

/// An optional argument: absent or `null` is `None`.
fn optional<T: DeserializeOwned>(name: &str, json: Option<&str>) -> Result<Option<T>, BindingError> {
    match json.map(str::trim) {
        None | Some("null") => Ok(None),
        Some(json) => parse(name, json).map(Some),
    }
}

/// An options object: absent or `null` is the defaults.
pub(crate) fn options_object<T: Default>(
    name: &str,
    json: Option<&str>,
    read: fn(&Value) -> compat_core::read::Result<T>,
) -> Result<T, BindingError> {
    match optional::<Value>(name, json)? {
        None => Ok(T::default()),
        Some(value) => read(&value).map_err(|e| BindingError::invalid_argument(format!("`{name}`: {e}"))),
    }
}

fn parse<T: DeserializeOwned>(name: &str, json: &str) -> Result<T, BindingError> {
    serde_json::from_slice(json.as_bytes()).map_err(|e| BindingError::invalid_argument(format!("`{name}`: {e}")))
}

/// An argument that must be a JSON object.
fn object(name: &str, json: Option<&str>, what: &str) -> Result<Value, BindingError> {
    let value: Value = required(name, json)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(BindingError::invalid_argument(format!(
            "`{name}` must be {what}, got {}",
            compat_core::wire::kind_of(&value)
        )))
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, BindingError> {
    // Our types serialize without error (string keys, no non-finite floats); the error
    // path exists so that nothing here can panic.
    serde_json::to_string(value).map_err(|e| BindingError {
        code: crate::ErrorCode::DecodeError,
        status: None,
        message: format!("cannot serialize the result: {e}"),
    })
}

/// The catalog argument of the sync checks: absent or `null` is the default catalog.
fn catalog_arg(json: Option<&str>) -> Result<Option<WorkerCatalog>, BindingError> {
    let catalog: Option<WorkerCatalog> = optional("catalog", json)?;
    if let Some(catalog) = &catalog {
        catalog.validate().map_err(|e| BindingError::invalid_argument(format!("`catalog`: {e}")))?;
    }
    Ok(catalog)
}

/// The `options` argument of the sync judging functions: the device and the fit filter.
fn judge_options(json: Option<&str>) -> Result<(Option<Device>, Option<FitFilter>), BindingError> {
    options_object("options", json, JudgeOptions::read_value)?.read()
}

/// Options of a function that judges one model: a fit filter chooses nothing there.
fn device_only(json: Option<&str>, function: &str) -> Result<Option<Device>, BindingError> {
    match judge_options(json)? {
        (_, Some(_)) => Err(BindingError::invalid_argument(format!(
            "`fit` filters a list: it is an option of `filterCompatibleModels` and the listings, not of `{function}`"
        ))),
        (device, None) => Ok(device),
    }
}

// ---------------------------------------------------------------------------------------
// Sync: pure functions over records and metadata.

/// `extractHuggingFaceMetadata(record)`: a Hub model object (`/api/models/{id}` or one
/// item of `/api/models`) to `ModelMetadata`. Wrong-typed fields are read as absent.
pub fn extract_hugging_face_metadata(record: Option<&str>) -> Result<String, BindingError> {
    let record = object("record", record, "a HuggingFace model object")?;
    let record = HfModelRecord::from_value(&record);
    to_json(&provider_huggingface::extract_metadata(&record))
}

/// `extractCivitaiMetadata(record)`: a CivitAI model object (`/api/v1/models/{id}` or one
/// item of `/api/v1/models`) to `ModelMetadata`. A model-version object
/// (`/api/v1/model-versions/{id}`: it has `modelId` or `files` and no `modelVersions`) is
/// read as a one-version model.
pub fn extract_civitai_metadata(record: Option<&str>) -> Result<String, BindingError> {
    let value = object("record", record, "a CivitAI model or model-version object")?;
    let metadata = match provider_civitai::body_from_value(value) {
        Ok(CivitaiBody::Version(version)) => provider_civitai::extract_version(&version, None),
        Ok(CivitaiBody::Model(model)) => provider_civitai::extract_model(&model),
        Ok(CivitaiBody::Page(_) | CivitaiBody::Models(_)) => {
            return Err(BindingError::invalid_argument("`record` is a list page, not one model"));
        }
        Err(e) => return Err(BindingError::invalid_argument(format!("`record`: {e}"))),
    };
    to_json(&metadata)
}

/// `isModelCompatible(metadata, catalog?, options?)`.
pub fn is_model_compatible(
    metadata: Option<&str>,
    catalog: Option<&str>,
    options: Option<&str>,
) -> Result<String, BindingError> {
    let metadata: ModelMetadata = required("metadata", metadata)?;
    let catalog = catalog_arg(catalog)?;
    let device = device_only(options, "isModelCompatible")?;
    let catalog = catalog.as_ref().unwrap_or_else(|| compat_core::default_catalog());
    to_json(&compat_core::judge(&metadata, catalog, device.as_ref()))
}

/// `filterCompatibleModels(models, catalog?, options?)`: the compatible ones, in order, each
/// with its verdict.
pub fn filter_compatible_models(
    models: Option<&str>,
    catalog: Option<&str>,
    options: Option<&str>,
) -> Result<String, BindingError> {
    let set = ModelSet::parse(models)?;
    let kept: Vec<CompatibleModelRef<'_>> = set
        .kept(&SyncJudging::read(catalog, options)?)
        .into_iter()
        .map(|(index, compatibility)| CompatibleModelRef { metadata: &set.models[index], compatibility })
        .collect();
    to_json(&kept)
}

/// `filterCompatibleModels` for a binding whose JavaScript side still holds `models`: the
/// compatible ones as `[{"index", "compatibility"}]` (their position in `models`, in order),
/// so that the metadata is not serialized back and parsed again; the JavaScript side pairs
/// each verdict with its own `models[index]`. Same verdicts as [`filter_compatible_models`].
pub fn filter_compatible_indices(
    models: Option<&str>,
    catalog: Option<&str>,
    options: Option<&str>,
) -> Result<String, BindingError> {
    ModelSet::parse(models)?.filter_indexed(catalog, options)
}

/// `filterCompatibleIndices(models, catalog?, options?)`: the positions of the compatible
/// models, in order, without their verdicts (the yes/no path). The same models as
/// [`filter_compatible_models`] keeps.
pub fn compatible_indices(
    models: Option<&str>,
    catalog: Option<&str>,
    options: Option<&str>,
) -> Result<Vec<u32>, BindingError> {
    ModelSet::parse(models)?.compatible_indices(catalog, options)
}

/// [`compatible_indices`] as JSON text, for a binding that hands JSON back.
pub fn compatible_indices_json(
    models: Option<&str>,
    catalog: Option<&str>,
    options: Option<&str>,
) -> Result<String, BindingError> {
    to_json(&compatible_indices(models, catalog, options)?)
}

/// What `prepareModels(models)` keeps on the native side: the models read once, so that the
/// filters over them read nothing again (the Node addon; the WASM build keeps a copy in
/// JavaScript instead, and reads it on every call).
#[derive(Debug, Clone, Default)]
pub struct ModelSet {
    models: Vec<ModelMetadata>,
}

impl ModelSet {
    /// `models`: the JSON text of an array of `ModelMetadata`.
    pub fn parse(models: Option<&str>) -> Result<Self, BindingError> {
        Ok(Self { models: required("models", models)? })
    }

    pub fn len(&self) -> usize {
        self.models.len()
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// The positions of the models that `catalog` (on the options' device) runs, fitting as
    /// their `fit` asks, in order, each with its verdict.
    fn kept(&self, judging: &SyncJudging) -> Vec<(usize, CompatibilityResult)> {
        let catalog = judging.catalog();
        let fits = |result: &CompatibilityResult| match judging.fit {
            Some(filter) => result.fit.as_ref().is_some_and(|f| filter.keeps(f.fit)),
            None => true,
        };
        // The yes/no first (it needs no device): the whole verdict only for the models kept.
        self.models
            .iter()
            .enumerate()
            .filter(|(_, m)| compat_core::is_compatible(m, catalog))
            .map(|(index, m)| (index, compat_core::judge(m, catalog, judging.device.as_ref())))
            .filter(|(_, result)| result.compatible && fits(result))
            .collect()
    }

    /// The positions of the compatible models, in order (see [`compatible_indices`]).
    pub fn compatible_indices(&self, catalog: Option<&str>, options: Option<&str>) -> Result<Vec<u32>, BindingError> {
        let judging = SyncJudging::read(catalog, options)?;
        // A `u32` index: JavaScript arrays hold at most 2^32 - 1 elements.
        if judging.device.is_none() {
            let catalog = judging.catalog();
            let compatible = |(i, m): (usize, &ModelMetadata)| compat_core::is_compatible(m, catalog).then_some(i);
            return Ok(self.models.iter().enumerate().filter_map(compatible).map(|i| i as u32).collect());
        }
        // On a device, fits decide too, and only the whole verdict knows them.
        Ok(self.kept(&judging).into_iter().map(|(i, _)| i as u32).collect())
    }

    /// The compatible models as `[{"index", "compatibility"}]` (see
    /// [`filter_compatible_indices`]).
    pub fn filter_indexed(&self, catalog: Option<&str>, options: Option<&str>) -> Result<String, BindingError> {
        let judging = SyncJudging::read(catalog, options)?;
        let kept: Vec<IndexedVerdict> = self
            .kept(&judging)
            .into_iter()
            .map(|(index, compatibility)| IndexedVerdict { index, compatibility })
            .collect();
        to_json(&kept)
    }
}

/// The `catalog` and `options` arguments of the sync filters, read and checked.
struct SyncJudging {
    catalog: Option<WorkerCatalog>,
    device: Option<Device>,
    fit: Option<FitFilter>,
}

impl SyncJudging {
    fn read(catalog: Option<&str>, options: Option<&str>) -> Result<Self, BindingError> {
        let catalog = catalog_arg(catalog)?;
        let (device, fit) = judge_options(options)?;
        Ok(Self { catalog, device, fit })
    }

    fn catalog(&self) -> &WorkerCatalog {
        self.catalog.as_ref().unwrap_or_else(|| compat_core::default_catalog())
    }
}

#[derive(Serialize)]
struct IndexedVerdict {
    index: usize,
    compatibility: CompatibilityResult,
}

/// `checkModelWorkerCompatibility(metadata, worker, options?)`.
pub fn check_model_worker_compatibility(
    metadata: Option<&str>,
    worker: Option<&str>,
    options: Option<&str>,
) -> Result<String, BindingError> {
    let metadata: ModelMetadata = required("metadata", metadata)?;
    let worker: WorkerProfile = required("worker", worker)?;
    let catalog = WorkerCatalog::single(worker);
    catalog.validate().map_err(|e| BindingError::invalid_argument(format!("`worker`: {e}")))?;
    let device = device_only(options, "checkModelWorkerCompatibility")?;
    to_json(&compat_core::check_model_worker_compatibility(&metadata, &catalog.workers[0], device.as_ref()))
}

/// `defaultWorkerCatalog()`.
pub fn default_worker_catalog() -> Result<String, BindingError> {
    to_json(compat_core::default_catalog())
}

// ---------------------------------------------------------------------------------------
// Async: the providers over HTTP.

#[cfg(feature = "http")]
/// `call` as `client` runs it: natively through its kept results (see [`Client::remembered`]).
/// The WASM build keeps nothing: there it is `call` itself, so that the module holds no
/// future per function wrapping another.
fn remembered(
    client: Client,
    key: CallKey,
    call: impl Future<Output = Result<String, BindingError>>,
) -> impl Future<Output = Result<String, BindingError>> {
    #[cfg(not(target_arch = "wasm32"))]
    return async move { client.remembered(key, call).await };
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (client, key);
        call
    }
}

#[cfg(feature = "http")]
/// The Hub for a listing (`listing`: what it reads besides) or, with `Listing::default()`, for
/// one model (`inspect`: that model's headers; `None`, the source's default). `memory_facts`:
/// read the dimensions the memory model needs (judging on a device).
fn hugging_face(
    client: &Client,
    mut connection: Connection,
    listing: Listing,
    inspect: Option<Inspect>,
    memory_facts: bool,
) -> Result<HuggingFaceSource, BindingError> {
    client.configure(&mut connection.http);
    let defaults = provider_huggingface::HuggingFaceOptions::default();
    Ok(HuggingFaceSource::new(provider_huggingface::HuggingFaceOptions {
        endpoint: connection.endpoint,
        token: connection.token,
        http: connection.http,
        enrich_listings: listing.enrich,
        enrich_concurrency: 4,
        inspect_listings: listing.inspect,
        inspect_model: inspect.unwrap_or(defaults.inspect_model),
        memory_facts,
        ..defaults
    })?)
}

#[cfg(feature = "http")]
impl Judging {
    fn judge(&self) -> OnDevice<'_> {
        OnDevice {
            catalog: self.catalog.as_ref().unwrap_or_else(|| compat_core::default_catalog()),
            device: self.device.as_ref(),
            fit: self.fit,
        }
    }
}

#[cfg(feature = "http")]
fn civitai(client: &Client, mut connection: Connection) -> Result<CivitaiSource, BindingError> {
    client.configure(&mut connection.http);
    Ok(CivitaiSource::new(CivitaiOptions {
        base_url: connection.endpoint,
        api_key: connection.token,
        http: connection.http,
    })?)
}

#[cfg(feature = "http")]
fn models(entries: Vec<ModelEntry>) -> Result<String, BindingError> {
    to_json(&entries.into_iter().map(Model::from).collect::<Vec<_>>())
}

#[cfg(feature = "http")]
/// One model, judged as `judging` says.
fn judged(record: ModelRecord, judging: &Judging) -> Result<String, BindingError> {
    to_json(&Model::from(ModelEntry::judged(record, &judging.judge())))
}

#[cfg(feature = "http")]
/// A model id: a string, or (CivitAI) a number.
fn id_arg(json: Option<&str>) -> Result<String, BindingError> {
    match required::<Value>("id", json)? {
        Value::String(id) if !id.trim().is_empty() => Ok(id),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(BindingError::invalid_argument(format!(
            "`id` must be a non-empty string or a number, got {}",
            compat_core::wire::kind_of(&other)
        ))),
    }
}

#[cfg(feature = "http")]
/// The listing functions that return an array have no way to hand back a cursor.
fn no_cursor(collect: &CollectOptions, page_function: &str) -> Result<(), BindingError> {
    match collect.start {
        Some(_) => Err(BindingError::invalid_argument(format!("`cursor` is an option of `{page_function}` only"))),
        None => Ok(()),
    }
}

#[cfg(feature = "http")]
/// What a listing function hands back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    /// The compatible models, an array.
    Compatible,
    /// The models compatible or not, an array.
    All,
    /// One page with its cursor (`listing_page`).
    Page,
}

#[cfg(feature = "http")]
/// The listing functions of both providers: one future for the six of them. `options` is
/// HuggingFace's options or CivitAI's filters.
async fn listing(
    client: Client,
    options: Option<String>,
    provider: Provider,
    listed: Listed,
) -> Result<String, BindingError> {
    let compatible = listed == Listed::Compatible;
    // The source and its query, of whichever provider: the pager borrows them.
    let (hub, civitai_source);
    let (pager, collect, judging) = match provider {
        Provider::HuggingFace => {
            let options = options_object("options", options.as_deref(), HuggingFaceOptions::read)?;
            let (query, collect, connection, judging, listing) = options.split(compatible)?;
            if listed != Listed::Page {
                no_cursor(&collect, "listHuggingFaceModelsPage")?;
            }
            hub = (hugging_face(&client, connection, listing, None, judging.device.is_some())?, query);
            let start = page_start(&collect)?;
            (Pager::resume(&hub.0, &hub.1, start), collect, judging)
        }
        Provider::Civitai => {
            let filters = options_object("filters", options.as_deref(), CivitaiFilters::read)?;
            let (query, collect, connection, judging) = filters.split(compatible)?;
            if listed != Listed::Page {
                no_cursor(&collect, "listCivitaiModelsPage")?;
            }
            civitai_source = (civitai(&client, connection)?, query);
            let start = page_start(&collect)?;
            (Pager::resume(&civitai_source.0, &civitai_source.1, start), collect, judging)
        }
    };
    listed_models(pager, collect, &judging, listed).await
}

#[cfg(feature = "http")]
/// A listing from `pager` (at the first page for the arrays: they take no cursor), as `listed`
/// says.
async fn listed_models(
    pager: Pager<'_>,
    collect: CollectOptions,
    judging: &Judging,
    listed: Listed,
) -> Result<String, BindingError> {
    match listed {
        Listed::Page => listing_page(pager, collect, judging).await,
        // What `ModelSource::collect` does, from the same start.
        Listed::Compatible | Listed::All => {
            models(pager.collect(&collect, &judging.judge(), &mut |_| {}).await?.entries)
        }
    }
}

#[cfg(feature = "http")]
/// Where a page starts: the listing's start, or the state its `cursor` names.
fn page_start(collect: &CollectOptions) -> Result<PagerState, BindingError> {
    match collect.start.as_deref() {
        None => Ok(PagerState::default()),
        Some(cursor) => serde_json::from_slice(cursor.as_bytes())
            .ok()
            .and_then(|value: Value| PagerState::read(&value).ok())
            .ok_or_else(|| {
                BindingError::invalid_argument("`cursor` must be the `nextCursor` of a previous page, unchanged")
            }),
    }
}

#[cfg(feature = "http")]
/// One page of a listing for "load more": whole source pages are read until `limit` models
/// are kept, the listing ends or `max_pages` pages were read. A source page is never cut
/// short: the cursor resumes after the last page read, so a model cut off would be lost.
async fn listing_page(
    mut pager: Pager<'_>,
    collect: CollectOptions,
    judging: &Judging,
) -> Result<String, BindingError> {
    let judge = judging.judge();
    let scanned_before = pager.state().scanned;
    let mut models = Vec::new();
    let mut pages = 0;
    let stopped_by = loop {
        if models.len() >= collect.limit {
            break StopReason::LimitReached;
        }
        if pages >= collect.max_pages {
            break StopReason::MaxPages;
        }
        let Some(page) = pager.next_page().await? else { break StopReason::Exhausted };
        pages += 1;
        for record in page.records {
            let entry = ModelEntry::judged(record, &judge);
            if !collect.compatible_only || model_source::Judge::keeps(&judge, &entry.compatibility) {
                models.push(Model::from(entry));
            }
        }
    };
    let state = pager.into_state();
    // The last page read may have ended the listing whatever stopped the loop.
    let stopped_by = if state.exhausted { StopReason::Exhausted } else { stopped_by };
    let next_cursor = if state.exhausted { None } else { Some(to_json(&state)?) };
    to_json(&ModelPage {
        models,
        next_cursor,
        scanned: state.scanned - scanned_before,
        exhausted: state.exhausted,
        stopped_by,
    })
}

#[cfg(feature = "http")]
/// `listHuggingFaceModelsPage(options?)`.
pub fn list_hugging_face_models_page(
    client: Client,
    options: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("listHuggingFaceModelsPage", &[options.as_deref()]);
    let call = listing(client.clone(), options, Provider::HuggingFace, Listed::Page);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `listCivitaiModelsPage(filters?)`.
pub fn list_civitai_models_page(
    client: Client,
    filters: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("listCivitaiModelsPage", &[filters.as_deref()]);
    let call = listing(client.clone(), filters, Provider::Civitai, Listed::Page);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `getCompatibleHuggingFaceModels(options?)`.
pub fn get_compatible_hugging_face_models(
    client: Client,
    options: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("getCompatibleHuggingFaceModels", &[options.as_deref()]);
    let call = listing(client.clone(), options, Provider::HuggingFace, Listed::Compatible);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `listHuggingFaceModels(options?)`.
pub fn list_hugging_face_models(
    client: Client,
    options: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("listHuggingFaceModels", &[options.as_deref()]);
    let call = listing(client.clone(), options, Provider::HuggingFace, Listed::All);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `getHuggingFaceModel(id, options?)`.
pub fn get_hugging_face_model(
    client: Client,
    id: Option<String>,
    options: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("getHuggingFaceModel", &[id.as_deref(), options.as_deref()]);
    let call = get_model(client.clone(), id, options, Provider::HuggingFace);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `getCompatibleCivitaiModels(filters?)`.
pub fn get_compatible_civitai_models(
    client: Client,
    filters: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("getCompatibleCivitaiModels", &[filters.as_deref()]);
    let call = listing(client.clone(), filters, Provider::Civitai, Listed::Compatible);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `listCivitaiModels(filters?)`.
pub fn list_civitai_models(
    client: Client,
    filters: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("listCivitaiModels", &[filters.as_deref()]);
    let call = listing(client.clone(), filters, Provider::Civitai, Listed::All);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// `getCivitaiModel(id, options?)`.
pub fn get_civitai_model(
    client: Client,
    id: Option<String>,
    options: Option<String>,
) -> impl Future<Output = Result<String, BindingError>> {
    let key = client.call_key("getCivitaiModel", &[id.as_deref(), options.as_deref()]);
    let call = get_model(client.clone(), id, options, Provider::Civitai);
    remembered(client, key, call)
}

#[cfg(feature = "http")]
/// Which source [`get_model`] asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provider {
    HuggingFace,
    Civitai,
}

#[cfg(feature = "http")]
/// `getHuggingFaceModel` and `getCivitaiModel`: one future for both.
async fn get_model(
    client: Client,
    id: Option<String>,
    options: Option<String>,
    provider: Provider,
) -> Result<String, BindingError> {
    let id = id_arg(id.as_deref())?;
    let options = options_object("options", options.as_deref(), GetModelOptions::read)?;
    // The option as given: a build without header reads makes an absent one "off".
    if provider == Provider::Civitai && options.inspect.is_some() {
        return Err(BindingError::invalid_argument("`inspect` is an option of `getHuggingFaceModel` only"));
    }
    let (connection, judging, inspect) = options.split()?;
    let record = match provider {
        Provider::HuggingFace => {
            let source = hugging_face(&client, connection, Listing::default(), inspect, judging.device.is_some())?;
            source.get_model(&id).await?
        }
        Provider::Civitai => civitai(&client, connection)?.get_model(&id).await?,
    };
    judged(record, &judging)
}

/// `inspectFile`: one model on the local disk (weight files, the shards of one model, or a
/// model directory), read as the Hub would state it plus what each weight file's header
/// proves, judged. Only header bytes are read. `file` is a path or an array of paths.
#[cfg(feature = "local")]
pub fn inspect_file(file: Option<&str>, options: Option<&str>) -> Result<String, BindingError> {
    use crate::options::InspectFileOptions;
    use provider_huggingface::local::LocalModel;
    let paths: Vec<std::path::PathBuf> = match required::<Value>("file", file)? {
        Value::String(path) => vec![path.into()],
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| item.as_str().map(std::path::PathBuf::from))
            .collect::<Option<_>>()
            .ok_or_else(|| BindingError::invalid_argument("`file`: every item must be a path (a string)"))?,
        other => {
            return Err(BindingError::invalid_argument(format!(
                "`file` must be a path or a non-empty array of paths, got {}",
                compat_core::wire::kind_of(&other)
            )));
        }
    };
    let (limits, judging) = options_object("options", options, InspectFileOptions::read)?.split()?;
    let record = LocalModel::from_paths(&paths).and_then(|model| model.record(&limits))?;
    judged(record, &judging)
}

/// `inspectFile` on files the caller reads itself: the WASM module, on a browser's `Blob`s
/// (a `File` dropped on a page, say), read slice by slice so that a 5 GB file is never read
/// whole. The caller gives the files' names and sizes, reads the header of each file
/// [`to_read`](Self::to_read) names the way its [`HeaderPrefix`](model_headers::HeaderPrefix)
/// asks, hands back each result, then [`judged`](Self::judged) judges the model as the local
/// reader's `inspectFile` does: one implementation of the record, the options and the errors.
#[cfg(feature = "files")]
#[derive(Debug)]
pub struct HeldInspection {
    files: Vec<provider_huggingface::files::HeldFile>,
    limits: model_headers::Limits,
    judging: Judging,
    headers: Vec<model_source::HeaderRead>,
}

#[cfg(feature = "files")]
impl HeldInspection {
    /// The files of one model (the shards of a split file all given), by name and size.
    /// Errors: `INVALID_ARGUMENT` for no file, two of one name, or bad options.
    pub fn new(files: Vec<(String, u64)>, options: Option<&str>) -> Result<Self, BindingError> {
        use crate::options::InspectFileOptions;
        use provider_huggingface::files::HeldFile;
        if files.is_empty() {
            return Err(BindingError::invalid_argument("`file`: no file given"));
        }
        let held: Vec<HeldFile> = files.into_iter().map(|(name, size)| HeldFile { name, size }).collect();
        if let Some(name) = provider_huggingface::files::repeated_name(held.iter().map(|f| f.name.as_str())) {
            return Err(BindingError::invalid_argument(format!(
                "`file`: two files are named {name}: give the files of one model"
            )));
        }
        let (limits, judging) = options_object("options", options, InspectFileOptions::read)?.split()?;
        Ok(Self { files: held, limits, judging, headers: Vec::new() })
    }

    /// The positions of the files whose headers to read (GGUF and safetensors weight files).
    pub fn to_read(&self) -> Vec<usize> {
        (0..self.files.len())
            .filter(|&i| self.files.get(i).is_some_and(|f| provider_huggingface::files::reads_header(&f.name)))
            .collect()
    }

    /// Where the header read of file `i` starts: its first bytes, within its size and the cap.
    pub fn prefix(&self, i: usize) -> model_headers::HeaderPrefix {
        let size = self.files.get(i).map(|f| f.size);
        model_headers::HeaderPrefix::new(model_headers::FIRST_READ, size, self.limits)
    }

    /// The header read of file `i`: its facts, in `reads` reads of `bytes_read` bytes; or why
    /// it could not be read, which fails the call (the user named the file).
    pub fn header(
        &mut self,
        i: usize,
        read: Result<model_headers::HeaderFacts, model_headers::HeaderError>,
        reads: u32,
        bytes_read: u64,
    ) -> Result<(), BindingError> {
        let name = self.files.get(i).map(|f| f.name.clone()).unwrap_or_default();
        match read {
            Ok(facts) => {
                self.headers.push(model_source::HeaderRead { file: name, facts, requests: reads, bytes_read });
                Ok(())
            }
            Err(e) => Err(model_source::SourceError::header(name, e).into()),
        }
    }

    /// File `i` could not be read at all (the host's reader failed: a file moved away, say).
    pub fn unreadable(&self, i: usize, message: String) -> BindingError {
        let path = self.files.get(i).map(|f| f.name.clone()).unwrap_or_default();
        model_source::SourceError::File { path, message, source: None }.into()
    }

    /// The model, judged: `inspectFile`'s result.
    pub fn judged(self) -> Result<String, BindingError> {
        let id = provider_huggingface::files::id_of_files(&self.files);
        let record = provider_huggingface::files::record(id, None, &self.files, None, self.headers, Vec::new());
        judged(record, &self.judging)
    }
}

/// `inspectFile` in a build without the local reader (the full WASM module: a browser has
/// no paths, and the header readers do not fit its size budget beside the HTTP sources; the
/// pure and inspect entries have them).
#[cfg(all(feature = "http", not(feature = "local")))]
pub fn inspect_file(_file: Option<&str>, _options: Option<&str>) -> Result<String, BindingError> {
    Err(BindingError::invalid_argument(
        "`inspectFile`: this module reads no files; in a browser, `inspectFile` of @model-compat/wasm/pure or /inspect reads a \
         `File` or `Blob` (load it when needed: `await import('@model-compat/wasm/pure')`); in Node, use \
         @model-compat/node",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn code<T: std::fmt::Debug>(result: Result<T, BindingError>) -> ErrorCode {
        result.unwrap_err().code
    }

    #[test]
    fn bad_arguments_are_invalid_argument() {
        assert_eq!(code(extract_hugging_face_metadata(None)), ErrorCode::InvalidArgument);
        assert_eq!(code(extract_hugging_face_metadata(Some("[1]"))), ErrorCode::InvalidArgument);
        assert_eq!(code(extract_hugging_face_metadata(Some("\"gpt2\""))), ErrorCode::InvalidArgument);
        assert_eq!(code(extract_civitai_metadata(Some("42"))), ErrorCode::InvalidArgument);
        assert_eq!(code(is_model_compatible(Some("{}"), None, None)), ErrorCode::InvalidArgument);
        assert_eq!(
            code(is_model_compatible(Some(r#"{"id":"a"}"#), Some(r#"{"workers":[]}"#), None)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(code(filter_compatible_models(Some("{}"), None, None)), ErrorCode::InvalidArgument);
        assert_eq!(
            code(check_model_worker_compatibility(Some(r#"{"id":"a"}"#), None, None)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(check_model_worker_compatibility(Some(r#"{"id":"a"}"#), Some(r#"{"id":""}"#), None)),
            ErrorCode::InvalidArgument
        );
        // Devices: an unknown preset, a device with no memory, a filter without a device or
        // where nothing is filtered, a key that does not exist.
        for options in [
            r#"{"device":"gpu-7gb"}"#,
            r#"{"device":{"ramBytes":0}}"#,
            r#"{"device":42}"#,
            r#"{"fit":"gpu"}"#,
            r#"{"device":"gpu-12gb","fit":"gpu"}"#,
            r#"{"devise":"gpu-12gb"}"#,
        ] {
            assert_eq!(
                code(is_model_compatible(Some(r#"{"id":"a"}"#), None, Some(options))),
                ErrorCode::InvalidArgument
            );
        }
        assert_eq!(
            code(filter_compatible_models(Some("[]"), None, Some(r#"{"fit":"everywhere","device":"gpu-8gb"}"#))),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn indexed_filter_keeps_the_same_models() {
        let models = r#"[{"id":"a"},
            {"id":"g","kind":"text-generation","architecture":{"family":"gemma","raw":"gemma3","evidence":"gguf"},
             "formats":["gguf"],"files":[{"name":"g-Q4_K_M.gguf","format":"gguf","quantization":"Q4_K_M"}]},
            {"id":"b"}]"#;
        let full: Vec<Value> =
            serde_json::from_str(&filter_compatible_models(Some(models), None, None).unwrap()).unwrap();
        let indexed: Vec<Value> =
            serde_json::from_str(&filter_compatible_indices(Some(models), None, None).unwrap()).unwrap();
        assert_eq!(full.len(), 1);
        assert_eq!(indexed.len(), 1);
        assert_eq!(indexed[0]["index"], 1);
        assert_eq!(indexed[0]["compatibility"], full[0]["compatibility"]);
        assert_eq!(full[0]["metadata"]["id"], "g");
    }

    #[test]
    fn indices_and_sets_keep_the_models_the_filter_keeps() {
        let models = r#"[{"id":"a"},
            {"id":"g","kind":"text-generation","architecture":{"family":"gemma","raw":"gemma3","evidence":"gguf"},
             "formats":["gguf"],"files":[{"name":"g-Q4_K_M.gguf","format":"gguf","quantization":"Q4_K_M"}]},
            {"id":"b"},
            {"id":"s","kind":"image-generation","diffusersPipeline":"StableDiffusionPipeline",
             "files":[{"name":"v1-5.safetensors","format":"safetensors"}]}]"#;
        let full: Vec<Value> =
            serde_json::from_str(&filter_compatible_models(Some(models), None, None).unwrap()).unwrap();
        let ids: Vec<&str> = full.iter().map(|k| k["metadata"]["id"].as_str().unwrap()).collect();
        let indices = compatible_indices(Some(models), None, None).unwrap();
        assert!(!indices.is_empty());
        let by_index: Vec<&str> = indices.iter().map(|&i| ["a", "g", "b", "s"][i as usize]).collect();
        assert_eq!(by_index, ids);
        assert_eq!(
            compatible_indices_json(Some(models), None, None).unwrap(),
            serde_json::to_string(&indices).unwrap()
        );

        let set = ModelSet::parse(Some(models)).unwrap();
        assert_eq!(set.len(), 4);
        assert_eq!(set.compatible_indices(None, None).unwrap(), indices);
        assert_eq!(
            set.filter_indexed(None, None).unwrap(),
            filter_compatible_indices(Some(models), None, None).unwrap()
        );
        // Another catalog: the set is judged again, not remembered.
        let llm = r#"{"workers":[{"id":"llm-worker","kind":"text-generation","families":[{"family":"gemma","names":["gemma3"]}],"formats":["gguf"],"ggufQuantizations":["Q4_K_M"],"pipelines":[{"tag":"text-generation"}],"allowMissingPipeline":true}]}"#;
        assert_eq!(
            set.compatible_indices(Some(llm), None).unwrap(),
            compatible_indices(Some(models), Some(llm), None).unwrap()
        );
        assert_eq!(code(set.compatible_indices(Some(r#"{"workers":[]}"#), None)), ErrorCode::InvalidArgument);
        assert_eq!(code(ModelSet::parse(Some("{}"))), ErrorCode::InvalidArgument);
        assert_eq!(code(compatible_indices(None, None, None)), ErrorCode::InvalidArgument);
        // On a device, the fit filter decides too: both paths keep what the full filter keeps.
        for options in
            [r#"{"device":"gpu-8gb"}"#, r#"{"device":"gpu-8gb","fit":"gpu"}"#, r#"{"device":"cpu-16gb","fit":"any"}"#]
        {
            let full: Vec<Value> =
                serde_json::from_str(&filter_compatible_models(Some(models), None, Some(options)).unwrap()).unwrap();
            let ids: Vec<&str> = full.iter().map(|k| k["metadata"]["id"].as_str().unwrap()).collect();
            let by_index: Vec<&str> = set
                .compatible_indices(None, Some(options))
                .unwrap()
                .iter()
                .map(|&i| ["a", "g", "b", "s"][i as usize])
                .collect();
            assert_eq!(by_index, ids, "{options}");
        }
        assert_eq!(code(set.compatible_indices(None, Some(r#"{"fit":"gpu"}"#))), ErrorCode::InvalidArgument);
    }

    #[test]
    fn null_optional_arguments_are_absent() {
        let verdict = is_model_compatible(Some(r#"{"id":"a"}"#), Some("null"), Some("null")).unwrap();
        assert!(verdict.contains("\"compatible\":false"));
    }

    #[test]
    fn catalog_round_trips() {
        let json = default_worker_catalog().unwrap();
        let catalog: WorkerCatalog = serde_json::from_str(&json).unwrap();
        assert_eq!(&catalog, compat_core::default_catalog());
    }

    #[cfg(feature = "http")]
    fn block<F: std::future::Future>(future: F) -> F::Output {
        // The argument checks fail before any I/O, so one poll settles them.
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("the future did I/O"),
        }
    }

    #[cfg(feature = "http")]
    #[test]
    fn bad_options_fail_before_any_request() {
        let invalid = |r: Result<String, BindingError>| {
            let e = r.unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{e}");
        };
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"limit":-1}"#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"limit":0}"#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"sort":"sideways"}"#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"pagesize":5}"#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"pageSize":5000}"#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#""downloads""#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"catalog":{"workers":[]}}"#.into()))));
        invalid(block(get_compatible_civitai_models(Client::default(), Some(r#"{"sort":"Sideways"}"#.into()))));
        invalid(block(get_compatible_civitai_models(Client::default(), Some(r#"{"maxPages":0}"#.into()))));
        invalid(block(get_civitai_model(Client::default(), Some("true".into()), None)));
        invalid(block(get_hugging_face_model(Client::default(), None, None)));
        invalid(block(get_hugging_face_model(Client::default(), Some(r#""a/b/c""#.into()), None)));
        invalid(block(get_civitai_model(Client::default(), Some(r#""12ab""#.into()), None)));
        let both = r#"{"catalog":{"workers":[{"id":"a"}]},"worker":{"id":"b"}}"#;
        invalid(block(get_hugging_face_model(Client::default(), Some(r#""gpt2""#.into()), Some(both.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"inspect":"everything"}"#.into()))));
        invalid(block(get_hugging_face_model(
            Client::default(),
            Some(r#""gpt2""#.into()),
            Some(r#"{"inspect":true}"#.into()),
        )));
        invalid(block(get_civitai_model(Client::default(), Some("12".into()), Some(r#"{"inspect":"all"}"#.into()))));
        invalid(block(list_hugging_face_models(Client::default(), Some(r#"{"fit":"gpu"}"#.into()))));
        invalid(block(list_hugging_face_models(
            Client::default(),
            Some(r#"{"device":"gpu-12gb","fit":"gpu","include":"all"}"#.into()),
        )));
        invalid(block(get_civitai_model(
            Client::default(),
            Some("4201".into()),
            Some(r#"{"device":"tpu-9000"}"#.into()),
        )));
    }
}
