//! The options objects of the async functions, as JavaScript passes them (camelCase), and
//! their translation to the providers' own options. Unknown keys are refused, so a typo
//! (`pagesize`) is an `INVALID_ARGUMENT` rather than a silently ignored filter.

use compat_core::read::{self, Object, boolean, named, object, string, strings, uint32};
use compat_core::{Device, FitFilter, WorkerCatalog, WorkerProfile};
#[cfg(not(target_arch = "wasm32"))]
use model_source::CacheConfig;
use model_source::{CollectOptions, HttpConfig, Secret};
use provider_civitai::{CivitaiPeriod, CivitaiQuery, CivitaiSort};
use provider_huggingface::{HfQuery, HfSort, Inspect, SortDirection};
use serde_json::Value;

use crate::error::BindingError;
use crate::judging::{device_arg, fit_arg};

/// How many models a listing returns when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 20;
/// How many pages a listing reads at most when `maxPages` is not given.
pub const DEFAULT_MAX_PAGES: u32 = 10;

/// Options of `listHuggingFaceModels` and `getCompatibleHuggingFaceModels`.
///
/// Every field is optional: with none, the most recent default listing of the Hub is read.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct HuggingFaceOptions {
    /// How many models to return (default 20). For `getCompatibleHuggingFaceModels`, how
    /// many *compatible* models: pages are read until that many are found, the listing
    /// ends, or `maxPages` pages were read.
    pub limit: Option<u32>,
    /// Full-text search on the model id (`search=`).
    pub search: Option<String>,
    /// Only this author's or organization's models (`author=`).
    pub author: Option<String>,
    /// Tags the Hub ANDs (`filter=`), e.g. `["gguf"]` or `["text-generation", "safetensors"]`.
    pub filter: Option<Vec<String>>,
    /// Only models with this pipeline tag (`pipeline_tag=`), e.g. `"text-generation"`.
    pub pipeline_tag: Option<String>,
    /// Sort key; the Hub's default order when absent.
    pub sort: Option<HfSort>,
    /// Sort direction (default descending).
    pub direction: Option<SortDirection>,
    /// Models per page, 1 to 1000 (`limit=` on the wire); the Hub's default when absent.
    pub page_size: Option<u32>,
    /// Read `config.json` of listed safetensors models whose context length the listing
    /// does not state (one more request per such model). Default `false`.
    pub enrich: Option<bool>,
    /// Read weight files' own headers with HTTP ranges (a few hundred KB per file, at most 4
    /// files at once): `"recommended"` (each model's recommended file), `"all"` (every GGUF or
    /// safetensors file), `"auto"` (the recommended file when the record leaves its verdict
    /// uncertain) or `"off"`. Default `"off"`. The WASM package reads no header (only `"off"`).
    pub inspect: Option<Inspect>,
    /// Stop after this many pages even if `limit` is not reached (default 10).
    pub max_pages: Option<u32>,
    /// Which models to return: `"compatible"` (those some worker runs; `limit` counts only
    /// them) or `"all"` (every model read, each with its verdict, so that a "show
    /// incompatible" toggle needs no second listing). Default: `"compatible"` for
    /// `getCompatible*`, `"all"` for `list*` and `list*Page`.
    pub include: Option<Include>,
    /// Only for `list*Page`: where to resume, the `nextCursor` of the previous page (an
    /// opaque string; pass it back with the same filters). Absent: the first page.
    pub cursor: Option<String>,
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub connection: ConnectionOptions,
    /// Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
    pub catalog: Option<WorkerCatalog>,
    /// One worker to judge against, instead of a catalog. Not with `catalog`.
    pub worker: Option<WorkerProfile>,
    /// The machine the models should run on: a preset name (`"gpu-12gb"`, see the
    /// `DevicePreset` list) or a `Device`. Each verdict then says whether the model fits it
    /// (`compatibility.fit`, `compatibility.memory`, `files[].fit`) and recommends the
    /// file that fits best. With the Hub, `device` also reads each candidate's
    /// `config.json` (or a quantized GGUF repository's base model's) for the dimensions
    /// the memory model needs, unless `enrich` is `false`.
    #[cfg_attr(feature = "ts", ts(type = "DeviceOption", optional))]
    pub device: Option<serde_json::Value>,
    /// With `device`, keep only the models that fit it: `"gpu"` all on the GPU, `"offload"`
    /// also split between the GPU and RAM, `"any"` also on the CPU alone. A model whose fit
    /// is unknown (`memory_unknown`) is not kept. Not with `include: "all"`.
    pub fit: Option<FitFilter>,
}

/// Filters and options of `listCivitaiModels` and `getCompatibleCivitaiModels`.
///
/// Every field is optional. Without `nsfw`, CivitAI returns only safe-for-work models.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct CivitaiFilters {
    /// How many models to return (default 20). For `getCompatibleCivitaiModels`, how many
    /// *compatible* models: pages are read until that many are found, the listing ends, or
    /// `maxPages` pages were read.
    pub limit: Option<u32>,
    /// Full-text search on the model name (`query=`).
    pub query: Option<String>,
    /// Only models with this tag (`tag=`).
    pub tag: Option<String>,
    /// Only this creator's models (`username=`).
    pub username: Option<String>,
    /// Model types, any of which matches (`types=`), e.g. `["Checkpoint", "LORA"]`.
    pub types: Option<Vec<String>>,
    /// Base models, any of which matches (`baseModels=`), e.g. `["SDXL 1.0", "Pony"]`.
    pub base_models: Option<Vec<String>>,
    /// Sort order, as CivitAI spells it (case, spaces, `-` and `_` are ignored when read).
    #[cfg_attr(feature = "ts", ts(type = "CivitaiSort", optional))]
    pub sort: Option<CivitaiSort>,
    /// Time window of the sort.
    #[cfg_attr(feature = "ts", ts(type = "CivitaiPeriod", optional))]
    pub period: Option<CivitaiPeriod>,
    /// `true` includes NSFW models, `false` excludes them; absent sends nothing and CivitAI
    /// returns safe-for-work models only.
    pub nsfw: Option<bool>,
    /// Only the primary file of each version.
    pub primary_file_only: Option<bool>,
    /// Commercial use the licence must allow (any case).
    #[cfg_attr(feature = "ts", ts(type = "CivitaiCommercialUse", optional))]
    pub allow_commercial_use: Option<String>,
    /// Models per page, 1 to 100 (`limit=` on the wire); CivitAI's default (100) when absent.
    pub page_size: Option<u32>,
    /// Stop after this many pages even if `limit` is not reached (default 10).
    pub max_pages: Option<u32>,
    /// Which models to return: `"compatible"` (those some worker runs; `limit` counts only
    /// them) or `"all"` (every model read, each with its verdict, so that a "show
    /// incompatible" toggle needs no second listing). Default: `"compatible"` for
    /// `getCompatible*`, `"all"` for `list*` and `list*Page`.
    pub include: Option<Include>,
    /// Only for `list*Page`: where to resume, the `nextCursor` of the previous page (an
    /// opaque string; pass it back with the same filters). Absent: the first page.
    pub cursor: Option<String>,
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub connection: ConnectionOptions,
    /// Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
    pub catalog: Option<WorkerCatalog>,
    /// One worker to judge against, instead of a catalog. Not with `catalog`.
    pub worker: Option<WorkerProfile>,
    /// The machine the models should run on: a preset name (`"gpu-12gb"`, see the
    /// `DevicePreset` list) or a `Device`. Each verdict then says whether the model fits it
    /// (`compatibility.fit`, `compatibility.memory`, `files[].fit`) and recommends the
    /// file that fits best.
    #[cfg_attr(feature = "ts", ts(type = "DeviceOption", optional))]
    pub device: Option<serde_json::Value>,
    /// With `device`, keep only the models that fit it: `"gpu"` all on the GPU, `"offload"`
    /// also split between the GPU and RAM, `"any"` also on the CPU alone. A model whose fit
    /// is unknown (`memory_unknown`) is not kept. Not with `include: "all"`.
    pub fit: Option<FitFilter>,
}

compat_core::wire_enum! {
    /// Which models a listing returns.
    pub enum Include {
        /// Every model read, compatible or not.
        All => "all",
        /// Only the models some worker runs.
        Compatible => "compatible",
    }
}

/// Options of `getHuggingFaceModel` and `getCivitaiModel`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct GetModelOptions {
    /// `getHuggingFaceModel` only: read weight files' own headers with HTTP ranges. Default
    /// `"auto"`: the recommended file, when the record alone leaves its verdict uncertain (a
    /// GGUF file named as an Unsloth dynamic quant, `UD` or `_XL`, which may hold tensor types a
    /// name does not show; a GGUF file without a quant label; no architecture in the record).
    /// The WASM package reads no header: only `"off"`, the default there.
    pub inspect: Option<Inspect>,
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub connection: ConnectionOptions,
    /// Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
    pub catalog: Option<WorkerCatalog>,
    /// One worker to judge against, instead of a catalog. Not with `catalog`.
    pub worker: Option<WorkerProfile>,
    /// The machine the model should run on: a preset name (`"gpu-12gb"`) or a `Device`.
    /// The verdict then says whether the model fits it. With the Hub, its `config.json`
    /// (or a quantized GGUF repository's base model's) is read for the model's dimensions.
    #[cfg_attr(feature = "ts", ts(type = "DeviceOption", optional))]
    pub device: Option<serde_json::Value>,
}

// Read only where local files are (the `local` feature); declared for TypeScript always.
/// Options of `inspectFile`.
#[cfg(feature = "files")]
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct InspectFileOptions {
    /// Read at most this many header bytes per file (default 64 MiB, the largest header a
    /// 250k-token vocabulary makes with room to spare). Only header bytes are ever read.
    #[cfg_attr(feature = "ts", ts(type = "number", optional))]
    pub max_header_bytes: Option<u64>,
    /// Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
    pub catalog: Option<WorkerCatalog>,
    /// One worker to judge against, instead of a catalog. Not with `catalog`.
    pub worker: Option<WorkerProfile>,
    /// The machine the model should run on: a preset name (`"gpu-12gb"`) or a `Device`.
    /// The verdict then says whether the model fits it, from the headers' exact tensor bytes
    /// and dimensions.
    #[cfg_attr(feature = "ts", ts(type = "DeviceOption", optional))]
    pub device: Option<serde_json::Value>,
}

#[cfg(feature = "files")]
impl InspectFileOptions {
    /// The header reader's limits and who judges.
    pub(crate) fn split(self) -> Result<(model_headers::Limits, Judging), BindingError> {
        let defaults = model_headers::Limits::default();
        let max_header_bytes = self.max_header_bytes.unwrap_or(defaults.max_header_bytes);
        if max_header_bytes == 0 {
            return Err(BindingError::invalid_argument("`maxHeaderBytes` must be at least 1"));
        }
        let judging = Judging::new(self.catalog, self.worker, self.device, None)?;
        Ok((model_headers::Limits { max_header_bytes, ..defaults }, judging))
    }

    pub(crate) fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        o.deny_unknown(&["maxHeaderBytes", "catalog", "worker", "device"])?;
        let (catalog, worker, device) = judge_options(o)?;
        Ok(Self { max_header_bytes: o.opt("maxHeaderBytes", read::uint)?, catalog, worker, device })
    }
}

/// Options of `createClient`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct ClientOptions {
    /// Keep the sources' answers in memory, for the calls of this client (a server rendering
    /// the same listings again and again). Absent: no cache. Node addon only: the WASM build
    /// accepts and checks it, and keeps nothing (the browser's HTTP cache is the cache there).
    pub cache: Option<CacheOptions>,
}

/// The in-memory cache of a client. It keeps each successful answer of a source (a listing
/// page, a model, a `config.json`), keyed by the request's URL (endpoint, query, page) and a
/// hash of the token (never the token: two tokens never share an answer). Verdicts are not
/// kept: each call judges with its own `catalog` or `worker`. Errors are never kept.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct CacheOptions {
    /// How long an answer is used without asking the source again, in milliseconds (default
    /// 60000). Past it, the source is asked again, with `If-None-Match` when it sent an `ETag`
    /// (a `304 Not Modified` keeps the answer for another `ttlMs`).
    pub ttl_ms: Option<u32>,
    /// How long past `ttlMs` an answer is still used at once while it is refreshed in the
    /// background, in milliseconds (default 0: a stale answer waits for the source).
    pub stale_while_revalidate_ms: Option<u32>,
    /// The most answers kept, at least 1 (default 500); the least recently used goes first.
    pub max_entries: Option<u32>,
}

impl CacheOptions {
    /// What the reader cannot refuse alone.
    pub(crate) fn check(&self) -> Result<(), BindingError> {
        match self.max_entries {
            Some(0) => Err(BindingError::invalid_argument("`cache.maxEntries` must be at least 1")),
            _ => Ok(()),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn config(&self) -> Result<CacheConfig, BindingError> {
        self.check()?;
        let defaults = CacheConfig::default();
        let ms = |n: Option<u32>, default: std::time::Duration| {
            n.map_or(default, |n| std::time::Duration::from_millis(u64::from(n)))
        };
        let max_entries = self.max_entries.map_or(defaults.max_entries, |n| n as usize);
        Ok(CacheConfig {
            ttl: ms(self.ttl_ms, defaults.ttl),
            stale_while_revalidate: ms(self.stale_while_revalidate_ms, defaults.stale_while_revalidate),
            max_entries,
        })
    }
}

/// How every function that calls a source reaches it: where the source is, the key, how hard
/// to retry. (Which workers judge is not part of it: `catalog` and `worker`.)
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct ConnectionOptions {
    /// Site root: the Hub (default `HF_ENDPOINT` in Node, else `https://huggingface.co`; a
    /// mirror or a test server) or CivitAI (default `https://civitai.com`; the API is
    /// `{endpoint}/api/v1/...`).
    pub endpoint: Option<String>,
    /// Access token or API key, sent as `Authorization: Bearer` to the endpoint's host only.
    /// Default `HF_TOKEN` or `CIVITAI_API_KEY` (Node).
    #[cfg_attr(feature = "ts", ts(type = "string", optional))]
    pub token: Option<Secret>,
    /// Retries of a request that failed with 408, 429, 5xx or a connection error
    /// (default 3, with backoff and `Retry-After` up to 60 s).
    pub max_retries: Option<u32>,
}

/// How to reach a provider, in its own terms.
#[derive(Debug, Clone, Default)]
pub(crate) struct Connection {
    pub endpoint: Option<String>,
    pub token: Option<Secret>,
    pub http: HttpConfig,
}

impl ConnectionOptions {
    pub(crate) fn connection(self) -> Connection {
        let mut http = HttpConfig::default();
        if let Some(retries) = self.max_retries {
            http.retry.max_retries = retries;
        }
        Connection { endpoint: self.endpoint, token: self.token, http }
    }
}

/// Who judges a listing or a model: the catalog (`None`: the default one), the device,
/// and which fits a listing keeps.
#[derive(Debug, Clone, Default)]
pub(crate) struct Judging {
    pub catalog: Option<WorkerCatalog>,
    pub device: Option<Device>,
    pub fit: Option<FitFilter>,
}

impl Judging {
    fn new(
        catalog: Option<WorkerCatalog>,
        worker: Option<WorkerProfile>,
        device: Option<serde_json::Value>,
        fit: Option<FitFilter>,
    ) -> Result<Self, BindingError> {
        let device = device_arg(device)?;
        let fit = fit_arg(fit, device.as_ref())?;
        Ok(Self { catalog: catalog_or_worker(catalog, worker)?, device, fit })
    }
}

impl GetModelOptions {
    /// The connection, who judges and which headers to read (`None`: the source's default).
    pub(crate) fn split(self) -> Result<(Connection, Judging, Option<Inspect>), BindingError> {
        let judging = Judging::new(self.catalog, self.worker, self.device, None)?;
        let inspect = inspect_in_build(self.inspect, cfg!(feature = "inspect"))?;
        Ok((self.connection.connection(), judging, inspect))
    }
}

/// The `inspect` option in a build that reads headers or not (the `inspect` feature): one
/// that does not accepts only `"off"`, and reads none by default.
fn inspect_in_build(inspect: Option<Inspect>, reads_headers: bool) -> Result<Option<Inspect>, BindingError> {
    match inspect {
        _ if reads_headers => Ok(inspect),
        None | Some(Inspect::Off) => Ok(Some(Inspect::Off)),
        Some(_) => Err(BindingError::invalid_argument(
            "`inspect`: this build reads no weight-file headers (built without the `inspect` feature; \
             @model-compat/wasm/inspect reads them)",
        )),
    }
}

/// The catalog to judge against: the given one, a one-worker catalog, or `None` for the
/// default. Both given is an error; either is validated.
pub(crate) fn catalog_or_worker(
    catalog: Option<WorkerCatalog>,
    worker: Option<WorkerProfile>,
) -> Result<Option<WorkerCatalog>, BindingError> {
    let catalog = match (catalog, worker) {
        (Some(_), Some(_)) => {
            return Err(BindingError::invalid_argument("give either `catalog` or `worker`, not both"));
        }
        (Some(catalog), None) => catalog,
        (None, Some(worker)) => WorkerCatalog::single(worker),
        (None, None) => return Ok(None),
    };
    catalog.validate().map_err(|e| BindingError::invalid_argument(e.to_string()))?;
    Ok(Some(catalog))
}

/// `fit` chooses models; `include: "all"` returns every one.
fn no_fit_with_all(fit: Option<FitFilter>, include: Option<Include>) -> Result<(), BindingError> {
    match (fit, include) {
        (Some(_), Some(Include::All)) => Err(BindingError::invalid_argument(
            "`fit` keeps only models that fit; with `include: \"all\"` every model is returned: filter on `compatibility.fit` instead",
        )),
        _ => Ok(()),
    }
}

fn collect_options(
    limit: Option<u32>,
    max_pages: Option<u32>,
    include: Option<Include>,
    compatible_by_default: bool,
    fit: Option<FitFilter>,
) -> Result<CollectOptions, BindingError> {
    // A `fit` filter keeps only models that fit, whichever function is called.
    let compatible_only = include.map_or(compatible_by_default || fit.is_some(), |i| i == Include::Compatible);
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 {
        return Err(BindingError::invalid_argument("`limit` must be at least 1"));
    }
    let max_pages = max_pages.unwrap_or(DEFAULT_MAX_PAGES);
    if max_pages == 0 {
        return Err(BindingError::invalid_argument("`maxPages` must be at least 1"));
    }
    Ok(CollectOptions { limit: limit as usize, max_pages: max_pages as usize, compatible_only, start: None })
}

impl HuggingFaceOptions {
    /// The listing's parts, and whether to read `config.json`; `collect.start` is the
    /// `cursor`, which the caller checks.
    pub(crate) fn split(
        self,
        compatible_by_default: bool,
    ) -> Result<(HfQuery, CollectOptions, Connection, Judging, Listing), BindingError> {
        no_fit_with_all(self.fit, self.include)?;
        let mut collect = collect_options(self.limit, self.max_pages, self.include, compatible_by_default, self.fit)?;
        collect.start = self.cursor;
        let query = HfQuery {
            search: self.search,
            author: self.author,
            filters: self.filter.unwrap_or_default(),
            pipeline_tag: self.pipeline_tag,
            sort: self.sort,
            direction: self.direction,
            page_size: self.page_size,
        };
        query.validate()?;
        let judging = Judging::new(self.catalog, self.worker, self.device, self.fit)?;
        let inspect = inspect_in_build(self.inspect, cfg!(feature = "inspect"))?.unwrap_or(Inspect::Off);
        // The memory model needs the dimensions only config.json has.
        let listing = Listing { enrich: self.enrich.unwrap_or(judging.device.is_some()), inspect };
        Ok((query, collect, self.connection.connection(), judging, listing))
    }
}

/// What a Hub listing reads besides the listing itself.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Listing {
    /// `config.json` of safetensors models.
    pub enrich: bool,
    pub inspect: Inspect,
}

impl CivitaiFilters {
    /// The listing's parts; `collect.start` is the `cursor`, which the caller checks.
    pub(crate) fn split(
        self,
        compatible_by_default: bool,
    ) -> Result<(CivitaiQuery, CollectOptions, Connection, Judging), BindingError> {
        no_fit_with_all(self.fit, self.include)?;
        let mut collect = collect_options(self.limit, self.max_pages, self.include, compatible_by_default, self.fit)?;
        collect.start = self.cursor;
        let query = CivitaiQuery {
            limit: self.page_size,
            query: self.query,
            tag: self.tag,
            username: self.username,
            types: self.types.unwrap_or_default(),
            base_models: self.base_models.unwrap_or_default(),
            sort: self.sort,
            period: self.period,
            nsfw: self.nsfw,
            primary_file_only: self.primary_file_only,
            allow_commercial_use: self.allow_commercial_use,
        };
        query.validate()?;
        let judging = Judging::new(self.catalog, self.worker, self.device, self.fit)?;
        Ok((query, collect, self.connection.connection(), judging))
    }
}

// Reading the options objects (by hand, for the WASM module's size: see `compat_core::read`).
// Unknown keys are refused, so a typo (`pagesize`) is an `INVALID_ARGUMENT` rather than a
// silently ignored filter.

/// The keys of [`ConnectionOptions`], accepted in every options object.
const CONNECTION_KEYS: [&str; 3] = ["endpoint", "token", "maxRetries"];
/// The keys naming the workers to judge against, and the device they judge on.
const JUDGE_KEYS: [&str; 3] = ["catalog", "worker", "device"];

/// A string one of the providers' `FromStr` enums reads (CivitAI's sort and period).
fn from_str<T: std::str::FromStr>(value: &Value) -> read::Result<T>
where
    T::Err: std::fmt::Display,
{
    string(value)?.parse().map_err(|e: T::Err| read::Error::new(e.to_string()))
}

/// `o`'s keys, checked against the type's own, the connection's and the judge's.
fn fields<'v>(value: &'v Value, own: &[&str]) -> read::Result<Object<'v>> {
    let o = object(value)?;
    let known: Vec<&str> = own.iter().chain(&CONNECTION_KEYS).chain(&JUDGE_KEYS).copied().collect();
    o.deny_unknown(&known)?;
    Ok(o)
}

impl ConnectionOptions {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(o: Object<'_>) -> read::Result<Self> {
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.endpoint = o.opt("endpoint", string)?;
        m.token = o.opt("token", string)?.map(Secret::from);
        m.max_retries = o.opt("maxRetries", uint32)?;
        Ok(m)
    }
}

/// `catalog`, `worker` and `device` (kept as JSON: [`crate::judging`] reads it), read from
/// an options object.
type JudgeFields = (Option<WorkerCatalog>, Option<WorkerProfile>, Option<Value>);

fn judge_options(o: Object<'_>) -> read::Result<JudgeFields> {
    Ok((
        o.opt("catalog", WorkerCatalog::read)?,
        o.opt("worker", WorkerProfile::read)?,
        o.opt("device", |v| Ok(v.clone()))?,
    ))
}

impl HuggingFaceOptions {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub(crate) fn read(value: &Value) -> read::Result<Self> {
        let o = fields(
            value,
            &[
                "limit",
                "search",
                "author",
                "filter",
                "pipelineTag",
                "sort",
                "direction",
                "pageSize",
                "enrich",
                "inspect",
                "maxPages",
                "include",
                "cursor",
                "fit",
            ],
        )?;
        let (catalog, worker, device) = judge_options(o)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.limit = o.opt("limit", uint32)?;
        m.search = o.opt("search", string)?;
        m.author = o.opt("author", string)?;
        m.filter = o.opt("filter", strings)?;
        m.pipeline_tag = o.opt("pipelineTag", string)?;
        m.sort = o.opt("sort", named)?;
        m.direction = o.opt("direction", named)?;
        m.page_size = o.opt("pageSize", uint32)?;
        m.enrich = o.opt("enrich", boolean)?;
        m.inspect = o.opt("inspect", named)?;
        m.max_pages = o.opt("maxPages", uint32)?;
        m.include = o.opt("include", named)?;
        m.cursor = o.opt("cursor", string)?;
        m.connection = ConnectionOptions::read(o)?;
        m.catalog = catalog;
        m.worker = worker;
        m.device = device;
        m.fit = o.opt("fit", named)?;
        Ok(m)
    }
}

impl CivitaiFilters {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub(crate) fn read(value: &Value) -> read::Result<Self> {
        let o = fields(
            value,
            &[
                "limit",
                "query",
                "tag",
                "username",
                "types",
                "baseModels",
                "sort",
                "period",
                "nsfw",
                "primaryFileOnly",
                "allowCommercialUse",
                "pageSize",
                "maxPages",
                "include",
                "cursor",
                "fit",
            ],
        )?;
        let (catalog, worker, device) = judge_options(o)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.limit = o.opt("limit", uint32)?;
        m.query = o.opt("query", string)?;
        m.tag = o.opt("tag", string)?;
        m.username = o.opt("username", string)?;
        m.types = o.opt("types", strings)?;
        m.base_models = o.opt("baseModels", strings)?;
        m.sort = o.opt("sort", from_str)?;
        m.period = o.opt("period", from_str)?;
        m.nsfw = o.opt("nsfw", boolean)?;
        m.primary_file_only = o.opt("primaryFileOnly", boolean)?;
        m.allow_commercial_use = o.opt("allowCommercialUse", string)?;
        m.page_size = o.opt("pageSize", uint32)?;
        m.max_pages = o.opt("maxPages", uint32)?;
        m.include = o.opt("include", named)?;
        m.cursor = o.opt("cursor", string)?;
        m.connection = ConnectionOptions::read(o)?;
        m.catalog = catalog;
        m.worker = worker;
        m.device = device;
        m.fit = o.opt("fit", named)?;
        Ok(m)
    }
}

impl ClientOptions {
    pub(crate) fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        o.deny_unknown(&["cache"])?;
        Ok(Self { cache: o.opt("cache", CacheOptions::read)? })
    }
}

impl CacheOptions {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        o.deny_unknown(&["ttlMs", "staleWhileRevalidateMs", "maxEntries"])?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.ttl_ms = o.opt("ttlMs", uint32)?;
        m.stale_while_revalidate_ms = o.opt("staleWhileRevalidateMs", uint32)?;
        m.max_entries = o.opt("maxEntries", uint32)?;
        Ok(m)
    }
}

impl GetModelOptions {
    pub(crate) fn read(value: &Value) -> read::Result<Self> {
        let o = fields(value, &["inspect"])?;
        let (catalog, worker, device) = judge_options(o)?;
        Ok(Self { inspect: o.opt("inspect", named)?, connection: ConnectionOptions::read(o)?, catalog, worker, device })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_without_header_reads_accepts_only_off() {
        // (option, with the feature, without it)
        let cases = [
            (None, Ok(None), Ok(Some(Inspect::Off))),
            (Some(Inspect::Off), Ok(Some(Inspect::Off)), Ok(Some(Inspect::Off))),
            (Some(Inspect::Auto), Ok(Some(Inspect::Auto)), Err(())),
            (Some(Inspect::All), Ok(Some(Inspect::All)), Err(())),
        ];
        for (option, with, without) in cases {
            let read = |available| {
                inspect_in_build(option, available)
                    .map_err(|e| assert_eq!(e.code, crate::ErrorCode::InvalidArgument, "{e}"))
            };
            assert_eq!(read(true), with, "{option:?} with the feature");
            assert_eq!(read(false), without, "{option:?} without it");
        }
    }

    #[test]
    fn inspect_is_read_by_name() {
        let read = |json: &str| GetModelOptions::read(&serde_json::from_str(json).unwrap()).map(|o| o.inspect);
        assert_eq!(read(r#"{"inspect": "all"}"#).unwrap(), Some(Inspect::All));
        assert_eq!(read(r#"{}"#).unwrap(), None);
        assert!(read(r#"{"inspect": "everything"}"#).is_err());
        assert!(read(r#"{"inspect": true}"#).is_err());
        let listing = HuggingFaceOptions::read(&serde_json::from_str(r#"{"inspect": "recommended"}"#).unwrap());
        assert_eq!(listing.unwrap().inspect, Some(Inspect::Recommended));
    }
}
