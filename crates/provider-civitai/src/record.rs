//! Raw CivitAI API records, parsed tolerantly.
//!
//! These types hold what CivitAI sent, in its own vocabulary: enum-like fields
//! (`type`, `baseModel`, `metadata.format`, `metadata.fp`, scan results, `mode`,
//! `availability`) stay strings, so a value CivitAI adds tomorrow is kept verbatim and
//! never fails a page. [`crate::extract`] turns them into [`compat_core::ModelMetadata`].
//!
//! # Tolerance
//!
//! Every field but the ids may be null or missing. Beyond that, fields fall in two
//! groups:
//!
//! - **Cosmetic** fields (names, descriptions, stats, creator, tags, images, dates,
//!   licence flags, `sizeKB`, hashes, `primary`, `metadata.fp/size/format`) are
//!   lenient: a value of the wrong type is dropped (`None`, empty) rather than
//!   costing the model its place on the page.
//! - Fields a verdict or a content filter relies on, where a silent default would be
//!   unsafe, are strict: `nsfw`, `nsfwLevel`, `mode`, `availability`,
//!   `pickleScanResult`, `virusScanResult`, and the structure itself (`id`,
//!   `modelVersions`, `files`). A wrong type there makes the record fail; in a list
//!   page only that item fails and is reported in [`ModelsPage::bad_items`].
//!
//! Null or missing is never an error: `mode` is absent unless a model is `Archived` or
//! `TakenDown`, `primary` is absent unless true, stats and `metadata.fp/size/format`
//! can be null.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::de::{self, Fields};

/// A model: `GET /api/v1/models/{id}`, or one element of a list page's `items`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiModel {
    pub id: u64,
    pub name: Option<String>,
    /// HTML, as sent.
    pub description: Option<String>,
    /// `Checkpoint`, `LORA`, `TextualInversion`, ... (see `/api/v1/enums` `ModelType`).
    #[serde(rename = "type")]
    pub model_type: Option<String>,
    /// The legacy flag. It can disagree with `nsfwLevel` (`false` with level 31).
    pub nsfw: Option<bool>,
    /// Bit flags: PG 1, PG13 2, R 4, X 8, XXX 16, Blocked 32.
    pub nsfw_level: Option<u32>,
    /// Person of interest (a real person).
    pub poi: Option<bool>,
    pub minor: Option<bool>,
    pub sfw_only: Option<bool>,
    /// `Archived` or `TakenDown`; absent otherwise.
    pub mode: Option<String>,
    /// `Public`, `Unsearchable`, `EarlyAccess`, `Private`, ...
    pub availability: Option<String>,
    pub allow_no_credit: Option<bool>,
    /// What commercial use the licence allows (`Image`, `RentCivit`, `Rent`, `Sell`),
    /// normalized from any of the three wire shapes. `Some(vec![])` means none;
    /// `None` means the record did not say.
    pub allow_commercial_use: Option<Vec<String>>,
    pub allow_derivatives: Option<bool>,
    pub allow_different_license: Option<bool>,
    pub supports_generation: Option<bool>,
    /// Tag names (sent as strings, or as objects with a `name`).
    pub tags: Vec<String>,
    pub creator: Option<CivitaiCreator>,
    pub stats: Option<CivitaiStats>,
    pub created_at: Option<String>,
    pub published_at: Option<String>,
    pub updated_at: Option<String>,
    /// In CivitAI's order: the newest (or the creator's pick) first.
    pub model_versions: Vec<CivitaiVersion>,
}

impl CivitaiModel {
    /// The preview the marketplace shows: the first image (not video) URL, looking
    /// at versions in order.
    pub fn image_url(&self) -> Option<&str> {
        self.model_versions.iter().find_map(CivitaiVersion::image_url)
    }
}

/// A model version: one element of `modelVersions`, or the body of
/// `GET /api/v1/model-versions/{id}` and `/model-versions/by-hash/{hash}`, which add
/// `modelId` and a `model` summary.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiVersion {
    pub id: u64,
    pub model_id: Option<u64>,
    pub name: Option<String>,
    /// HTML, as sent.
    pub description: Option<String>,
    /// `SD 1.5`, `SDXL 1.0`, `Pony`, `Flux.1 D`, ... (see `/api/v1/enums` `BaseModel`).
    pub base_model: Option<String>,
    /// `Standard`, `Inpainting`, `Refiner`, `Pix2Pix`.
    pub base_model_type: Option<String>,
    /// `Public` or `EarlyAccess` (list and model endpoints; the version endpoint does
    /// not send it).
    pub availability: Option<String>,
    pub status: Option<String>,
    pub nsfw_level: Option<u32>,
    /// Position in the model's version list (newer responses).
    pub index: Option<u32>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub published_at: Option<String>,
    /// Old shape: early access length in days. Not a reliable signal on its own.
    pub early_access_time_frame: Option<u64>,
    /// Version endpoint: when early access ends (a timestamp), if it was set.
    pub early_access_ends_at: Option<String>,
    pub trained_words: Vec<String>,
    pub supports_generation: Option<bool>,
    /// AI resource name, e.g. `urn:air:flux1:lora:civitai:1231067@1387174`.
    pub air: Option<String>,
    pub stats: Option<CivitaiStats>,
    pub files: Vec<CivitaiFile>,
    pub images: Vec<CivitaiImage>,
    /// Download URL of the primary file.
    pub download_url: Option<String>,
    /// Version endpoint: the parent model in brief.
    pub model: Option<CivitaiVersionModel>,
    /// Version endpoint (newer responses): the creator.
    pub creator: Option<CivitaiCreator>,
}

impl CivitaiVersion {
    /// `availability == "EarlyAccess"`. The old `earlyAccessTimeFrame` is not used:
    /// it stays set after early access ends.
    pub fn is_early_access(&self) -> bool {
        self.availability.as_deref().is_some_and(|a| a.trim().eq_ignore_ascii_case("EarlyAccess"))
    }

    /// The first image (not video) URL.
    pub fn image_url(&self) -> Option<&str> {
        self.images
            .iter()
            .filter(|i| !i.media_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("video")))
            .find_map(|i| i.url.as_deref().filter(|u| !u.is_empty()))
    }

    /// The parent model's id: `modelId`, else the model id inside `air`.
    pub fn parent_model_id(&self) -> Option<u64> {
        self.model_id.or_else(|| {
            let air = self.air.as_deref()?;
            let last = air.rsplit(':').next()?;
            let (model, _version) = last.split_once('@')?;
            model.parse().ok()
        })
    }
}

/// The `model` summary inside a version response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiVersionModel {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub model_type: Option<String>,
    pub nsfw: Option<bool>,
    pub poi: Option<bool>,
    /// `Archived` or `TakenDown`; absent otherwise.
    pub mode: Option<String>,
}

/// One file of a version.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiFile {
    pub id: Option<u64>,
    pub name: Option<String>,
    #[serde(rename = "sizeKB")]
    pub size_kb: Option<f64>,
    /// `Model`, `Pruned Model`, `Training Data`, `Archive`, `Config`, `VAE`,
    /// `Text Encoder`, `Negative`, ...
    #[serde(rename = "type")]
    pub file_type: Option<String>,
    pub metadata: Option<CivitaiFileMetadata>,
    /// `Success`, `Pending`, `Danger`, `Error`, ...
    pub pickle_scan_result: Option<String>,
    pub pickle_scan_message: Option<String>,
    pub virus_scan_result: Option<String>,
    pub virus_scan_message: Option<String>,
    pub scanned_at: Option<String>,
    /// Algorithm (`SHA256`, `AutoV2`, `BLAKE3`, `CRC32`, ...) to hash.
    pub hashes: BTreeMap<String, String>,
    /// Present (true) on the primary file only in list responses; true or false in
    /// version responses.
    pub primary: Option<bool>,
    pub download_url: Option<String>,
}

impl CivitaiFile {
    /// `sizeKB * 1024`, rounded.
    pub fn size_bytes(&self) -> Option<u64> {
        let kb = self.size_kb?;
        let bytes = (kb * 1024.0).round();
        // `as` saturates; the range check keeps nonsense (negative, NaN) out.
        (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
    }
}

/// A file's `metadata`. Each field can be null.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiFileMetadata {
    /// `SafeTensor`, `PickleTensor`, `GGUF`, `Diffusers`, `Core ML`, `ONNX`, `Other`.
    pub format: Option<String>,
    /// `full` or `pruned`.
    pub size: Option<String>,
    /// `fp16`, `fp8`, `nf4`, `fp32`, `bf16`.
    pub fp: Option<String>,
    /// GGUF quant label, when CivitAI sends one (list endpoint, GGUF files).
    pub quant_type: Option<String>,
}

/// A preview image (or video) of a version.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiImage {
    pub id: Option<u64>,
    pub url: Option<String>,
    pub nsfw_level: Option<u32>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// BlurHash.
    pub hash: Option<String>,
    /// `image` or `video`.
    #[serde(rename = "type")]
    pub media_type: Option<String>,
}

/// Who published a model.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiCreator {
    pub username: Option<String>,
    /// Avatar URL.
    pub image: Option<String>,
}

/// Model or version statistics. Every count can be null or missing; which ones are
/// sent depends on the endpoint and the API's age (`rating` and `favoriteCount` are
/// mostly 0 in newer responses, `thumbsUpCount` replaced them).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CivitaiStats {
    pub download_count: Option<u64>,
    pub favorite_count: Option<u64>,
    pub thumbs_up_count: Option<u64>,
    pub thumbs_down_count: Option<u64>,
    pub comment_count: Option<u64>,
    pub rating_count: Option<u64>,
    pub rating: Option<f64>,
    pub tipped_amount_count: Option<u64>,
}

// Reading: the tolerance rules of the module docs, field by field (`de::Fields`).

impl CivitaiModel {
    /// Reads a model object; fails on a wrong-typed strict field (see the module docs).
    pub fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        let f = Fields::of(value, "model")?;
        Ok(Self {
            id: f.id("id")?,
            name: f.string("name"),
            description: f.string("description"),
            model_type: f.string("type"),
            nsfw: f.strict_boolean("nsfw")?,
            nsfw_level: f.strict_uint32("nsfwLevel")?,
            poi: f.boolean("poi"),
            minor: f.boolean("minor"),
            sfw_only: f.boolean("sfwOnly"),
            mode: f.strict_string("mode")?,
            availability: f.strict_string("availability")?,
            allow_no_credit: f.boolean("allowNoCredit"),
            allow_commercial_use: f.commercial_use("allowCommercialUse"),
            allow_derivatives: f.boolean("allowDerivatives"),
            allow_different_license: f.boolean("allowDifferentLicense"),
            supports_generation: f.boolean("supportsGeneration"),
            tags: f.tags("tags"),
            creator: f.object("creator").map(CivitaiCreator::read),
            stats: f.object("stats").map(CivitaiStats::read),
            created_at: f.string("createdAt"),
            published_at: f.string("publishedAt"),
            updated_at: f.string("updatedAt"),
            model_versions: f.list("modelVersions", CivitaiVersion::from_value)?,
        })
    }
}

impl CivitaiVersion {
    /// Reads a version object; fails on a wrong-typed strict field (see the module docs).
    pub fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        let f = Fields::of(value, "model version")?;
        Ok(Self {
            id: f.id("id")?,
            model_id: f.uint("modelId"),
            name: f.string("name"),
            description: f.string("description"),
            base_model: f.string("baseModel"),
            base_model_type: f.string("baseModelType"),
            availability: f.strict_string("availability")?,
            status: f.string("status"),
            nsfw_level: f.strict_uint32("nsfwLevel")?,
            index: f.uint32("index"),
            created_at: f.string("createdAt"),
            updated_at: f.string("updatedAt"),
            published_at: f.string("publishedAt"),
            early_access_time_frame: f.uint("earlyAccessTimeFrame"),
            early_access_ends_at: f.string("earlyAccessEndsAt"),
            trained_words: f.strings("trainedWords"),
            supports_generation: f.boolean("supportsGeneration"),
            air: f.string("air"),
            stats: f.object("stats").map(CivitaiStats::read),
            files: f.list("files", CivitaiFile::from_value)?,
            images: f.objects("images").map(CivitaiImage::read).collect(),
            download_url: f.string("downloadUrl"),
            model: f.strict_object("model")?.map(CivitaiVersionModel::read).transpose()?,
            creator: f.object("creator").map(CivitaiCreator::read),
        })
    }
}

impl CivitaiVersionModel {
    fn read(f: Fields<'_>) -> Result<Self, serde_json::Error> {
        Ok(Self {
            name: f.string("name"),
            model_type: f.string("type"),
            nsfw: f.strict_boolean("nsfw")?,
            poi: f.boolean("poi"),
            mode: f.strict_string("mode")?,
        })
    }
}

impl CivitaiFile {
    /// Reads a file object; fails on a wrong-typed scan result.
    pub fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        let f = Fields::of(value, "file")?;
        Ok(Self {
            id: f.uint("id"),
            name: f.string("name"),
            size_kb: f.float("sizeKB"),
            file_type: f.string("type"),
            metadata: f.object("metadata").map(|m| CivitaiFileMetadata {
                format: m.string("format"),
                size: m.string("size"),
                fp: m.string("fp"),
                quant_type: m.string("quantType"),
            }),
            pickle_scan_result: f.strict_string("pickleScanResult")?,
            pickle_scan_message: f.string("pickleScanMessage"),
            virus_scan_result: f.strict_string("virusScanResult")?,
            virus_scan_message: f.string("virusScanMessage"),
            scanned_at: f.string("scannedAt"),
            hashes: f.hashes("hashes"),
            primary: f.boolean("primary"),
            download_url: f.string("downloadUrl"),
        })
    }
}

impl CivitaiImage {
    fn read(f: Fields<'_>) -> Self {
        Self {
            id: f.uint("id"),
            url: f.string("url"),
            nsfw_level: f.uint32("nsfwLevel"),
            width: f.uint32("width"),
            height: f.uint32("height"),
            hash: f.string("hash"),
            media_type: f.string("type"),
        }
    }
}

impl CivitaiCreator {
    fn read(f: Fields<'_>) -> Self {
        Self { username: f.string("username"), image: f.string("image") }
    }
}

impl CivitaiStats {
    fn read(f: Fields<'_>) -> Self {
        Self {
            download_count: f.uint("downloadCount"),
            favorite_count: f.uint("favoriteCount"),
            thumbs_up_count: f.uint("thumbsUpCount"),
            thumbs_down_count: f.uint("thumbsDownCount"),
            comment_count: f.uint("commentCount"),
            rating_count: f.uint("ratingCount"),
            rating: f.float("rating"),
            tipped_amount_count: f.uint("tippedAmountCount"),
        }
    }
}

impl<'de> Deserialize<'de> for CivitaiModel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_value(&Value::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

impl<'de> Deserialize<'de> for CivitaiVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_value(&Value::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// `GET /api/v1/models`: the items that parsed, the ones that did not, and the
/// pagination metadata (cursor-based in newer responses, page-based in older ones).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelsPage {
    pub items: Vec<CivitaiModel>,
    /// Items that could not be read, in page order. The rest of the page is unaffected.
    pub bad_items: Vec<BadItem>,
    pub next_cursor: Option<String>,
    /// Full URL of the next page.
    pub next_page: Option<String>,
    pub prev_page: Option<String>,
    pub current_page: Option<u64>,
    pub page_size: Option<u64>,
    /// Old shape only.
    pub total_items: Option<u64>,
    /// Old shape only.
    pub total_pages: Option<u64>,
}

/// A list item that could not be read as a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BadItem {
    /// Position in `items`.
    pub index: usize,
    /// The item's `id`, when it has a numeric one.
    pub id: Option<u64>,
    pub error: String,
}

/// `GET /api/v1/enums`: CivitAI's current value sets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CivitaiEnums {
    #[serde(rename = "ModelType")]
    pub model_types: Vec<String>,
    #[serde(rename = "ModelFileType")]
    pub model_file_types: Vec<String>,
    /// Base models new versions can be published with.
    #[serde(rename = "ActiveBaseModel")]
    pub active_base_models: Vec<String>,
    /// Every base model a version can carry, including retired ones.
    #[serde(rename = "BaseModel")]
    pub base_models: Vec<String>,
    #[serde(rename = "BaseModelType")]
    pub base_model_types: Vec<String>,
}

/// Why a body could not be read at all. Problems with single list items are not
/// errors: see [`ModelsPage::bad_items`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not JSON.
    Json(serde_json::Error),
    /// The body is JSON but not an object.
    NotAnObject { found: &'static str },
    /// The body is a CivitAI error (`{"error": ...}`), not a record.
    Api { message: String },
    /// A list page without `items`.
    MissingItems,
    /// A list page whose `items` is not an array.
    ItemsNotArray { found: &'static str },
    /// The object does not have the record's shape (a missing or non-numeric `id`,
    /// a `files` that is not a list, a `nsfw` that is not a boolean, ...).
    Record(serde_json::Error),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "CivitAI response is not JSON: {e}"),
            Self::NotAnObject { found } => {
                write!(f, "CivitAI response is {found}, not a JSON object")
            }
            Self::Api { message } => write!(f, "CivitAI returned an error: {message}"),
            Self::MissingItems => f.write_str("CivitAI list response has no `items`"),
            Self::ItemsNotArray { found } => {
                write!(f, "CivitAI list response has `items` as {found}, not a list")
            }
            Self::Record(e) => write!(f, "CivitAI record has an unexpected shape: {e}"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(e) | Self::Record(e) => Some(e),
            _ => None,
        }
    }
}

fn json(bytes: &[u8]) -> Result<Value, ParseError> {
    serde_json::from_slice(bytes).map_err(ParseError::Json)
}

fn object(value: Value) -> Result<serde_json::Map<String, Value>, ParseError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(ParseError::NotAnObject { found: de::kind_of(&other) }),
    }
}

/// An object that carries `error` instead of the record's `key` is an error body.
fn api_error(map: &serde_json::Map<String, Value>, key: &str) -> Option<ParseError> {
    if map.contains_key(key) || map.get("error").is_none_or(Value::is_null) {
        return None;
    }
    let message = CivitaiErrorBody::from_map(map).map(|body| body.message).unwrap_or_else(|| map["error"].to_string());
    Some(ParseError::Api { message })
}

/// A record body: an object, and not an error body.
fn record<T>(value: Value, read: impl FnOnce(&Value) -> Result<T, serde_json::Error>) -> Result<T, ParseError> {
    let map = object(value)?;
    if let Some(error) = api_error(&map, "id") {
        return Err(error);
    }
    read(&Value::Object(map)).map_err(ParseError::Record)
}

/// Parses `GET /api/v1/models`. Each item is read on its own: one that cannot be read
/// is reported in [`ModelsPage::bad_items`] and the others are kept. The whole body
/// fails only when it is not JSON, not an object, or has no `items` list.
pub fn parse_models_page(bytes: &[u8]) -> Result<ModelsPage, ParseError> {
    models_page_from_value(json(bytes)?)
}

/// [`parse_models_page`] of a body already parsed as JSON.
pub fn models_page_from_value(value: Value) -> Result<ModelsPage, ParseError> {
    let mut map = object(value)?;
    let items = match map.remove("items") {
        Some(Value::Array(items)) => items,
        Some(Value::Null) | None => {
            return Err(api_error(&map, "items").unwrap_or(ParseError::MissingItems));
        }
        Some(other) => {
            return Err(ParseError::ItemsNotArray { found: de::kind_of(&other) });
        }
    };
    let meta = Fields::new(&map).object("metadata");
    let meta_string = |key: &str| meta.and_then(|m| m.string(key));
    let meta_uint = |key: &str| meta.and_then(|m| m.uint(key));
    let mut page = ModelsPage {
        items: Vec::with_capacity(items.len()),
        bad_items: Vec::new(),
        next_cursor: meta.and_then(|m| m.string_or_number("nextCursor")),
        next_page: meta_string("nextPage"),
        prev_page: meta_string("prevPage"),
        current_page: meta_uint("currentPage"),
        page_size: meta_uint("pageSize"),
        total_items: meta_uint("totalItems"),
        total_pages: meta_uint("totalPages"),
    };
    for (index, item) in items.iter().enumerate() {
        let id = item.get("id").and_then(Value::as_u64);
        match CivitaiModel::from_value(item) {
            Ok(model) => page.items.push(model),
            Err(e) => page.bad_items.push(BadItem { index, id, error: e.to_string() }),
        }
    }
    Ok(page)
}

/// Parses `GET /api/v1/models/{id}` (or one list item on its own).
pub fn parse_model(bytes: &[u8]) -> Result<CivitaiModel, ParseError> {
    model_from_value(json(bytes)?)
}

/// [`parse_model`] of a body already parsed as JSON.
pub fn model_from_value(value: Value) -> Result<CivitaiModel, ParseError> {
    record(value, CivitaiModel::from_value)
}

/// Parses `GET /api/v1/model-versions/{id}` or `/model-versions/by-hash/{hash}`.
pub fn parse_version(bytes: &[u8]) -> Result<CivitaiVersion, ParseError> {
    version_from_value(json(bytes)?)
}

/// [`parse_version`] of a body already parsed as JSON.
pub fn version_from_value(value: Value) -> Result<CivitaiVersion, ParseError> {
    record(value, CivitaiVersion::from_value)
}

/// Parses `GET /api/v1/enums`.
pub fn parse_enums(bytes: &[u8]) -> Result<CivitaiEnums, ParseError> {
    let map = object(json(bytes)?)?;
    if let Some(error) = api_error(&map, "BaseModel") {
        return Err(error);
    }
    let f = Fields::new(&map);
    Ok(CivitaiEnums {
        model_types: f.strings("ModelType"),
        model_file_types: f.strings("ModelFileType"),
        active_base_models: f.strings("ActiveBaseModel"),
        base_models: f.strings("BaseModel"),
        base_model_types: f.strings("BaseModelType"),
    })
}

/// The message of a CivitAI error response.
///
/// CivitAI answers errors with `{"error": "..."}`, sometimes with a `message` beside
/// it (`{"error": "Unauthorized", "message": "The creator of this asset requires you
/// to be logged in to download it"}`), and bad query parameters with a serialized
/// Zod error: `{"error": {"issues": [...], "name": "ZodError"}}` (Zod 3),
/// `{"error": {"name": "ZodError", "message": "<the issues as JSON text>"}}` (Zod 4),
/// or a bare issue list. Issues read `path: message`, joined by `; `.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CivitaiErrorBody {
    pub message: String,
}

impl CivitaiErrorBody {
    /// Reads an error body; `None` when it carries no message.
    ///
    /// A body that is not JSON counts when it is a short line of plain text (a
    /// proxy's `error code: 1015`); HTML pages do not.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => Self::from_value(&value),
            Err(_) => {
                let text = std::str::from_utf8(bytes).ok()?.trim();
                let plain =
                    !text.is_empty() && text.len() <= 300 && !text.contains('\n') && !text.starts_with(['<', '{', '[']);
                plain.then(|| Self { message: text.to_owned() })
            }
        }
    }

    /// Reads an error body already parsed as JSON.
    pub fn from_value(value: &Value) -> Option<Self> {
        message_of(value, 0).map(|message| Self { message })
    }

    fn from_map(map: &serde_json::Map<String, Value>) -> Option<Self> {
        message_of_object(map, 0).map(|message| Self { message })
    }
}

/// The message of a CivitAI error body (see [`CivitaiErrorBody`]), for the HTTP layer.
pub fn parse_error_body(bytes: &[u8]) -> Option<String> {
    CivitaiErrorBody::parse(bytes).map(|body| body.message)
}

const MAX_DEPTH: usize = 4;

fn message_of(value: &Value, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match value {
        Value::String(text) => {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            // Zod 4 puts the issue list, as JSON text, in `message`.
            if text.starts_with('[') {
                if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) {
                    if let Some(issues) = issues(&items) {
                        return Some(issues);
                    }
                }
            }
            Some(text.to_owned())
        }
        Value::Array(items) => issues(items).or_else(|| {
            let texts: Vec<String> =
                items.iter().filter_map(|item| message_of(item, depth.saturating_add(1))).collect();
            (!texts.is_empty()).then(|| texts.join("; "))
        }),
        Value::Object(map) => message_of_object(map, depth),
        _ => None,
    }
}

fn message_of_object(map: &serde_json::Map<String, Value>, depth: usize) -> Option<String> {
    if let Some(Value::Array(items)) = map.get("issues") {
        if let Some(issues) = issues(items) {
            return Some(issues);
        }
    }
    let error = map.get("error").and_then(|e| message_of(e, depth.saturating_add(1)));
    let message = map.get("message").and_then(|m| message_of(m, depth.saturating_add(1)));
    match (error, message) {
        (Some(error), Some(message)) if error != message && !message.contains(&error) => {
            return Some(format!("{error}: {message}"));
        }
        (Some(_), Some(message)) => return Some(message),
        (Some(text), None) | (None, Some(text)) => return Some(text),
        (None, None) => {}
    }
    // tRPC wraps its error as `{"json": {"message": ...}}`.
    if let Some(inner) = map.get("json") {
        if let Some(text) = message_of(inner, depth.saturating_add(1)) {
            return Some(text);
        }
    }
    flattened(map)
}

/// Zod issues (`{code, message, path}`) as `path: message; ...`. `None` unless every
/// element is an issue.
fn issues(items: &[Value]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let issue = item.as_object()?;
        let text =
            issue.get("message").and_then(Value::as_str).or_else(|| issue.get("code").and_then(Value::as_str))?;
        let path: Vec<String> = issue
            .get("path")
            .and_then(Value::as_array)
            .map(|p| {
                p.iter()
                    .map(|seg| match seg {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(if path.is_empty() { text.to_owned() } else { format!("{}: {text}", path.join(".")) });
    }
    Some(out.join("; "))
}

/// Zod's `flatten()`: `{"formErrors": [...], "fieldErrors": {"field": [...]}}`.
fn flattened(map: &serde_json::Map<String, Value>) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(Value::Array(errors)) = map.get("formErrors") {
        out.extend(errors.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(Value::Object(fields)) = map.get("fieldErrors") {
        for (field, errors) in fields {
            let texts: Vec<&str> = match errors {
                Value::Array(errors) => errors.iter().filter_map(Value::as_str).collect(),
                Value::String(text) => vec![text.as_str()],
                _ => Vec::new(),
            };
            out.extend(texts.into_iter().map(|text| format!("{field}: {text}")));
        }
    }
    (!out.is_empty()).then(|| out.join("; "))
}
