//! The records, and how each one is read (the tolerance rules of the module docs of
//! [`crate::record`], field by field through `de::Fields`).

use compat_core::StringMap;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::de::{Fields, Notes};

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
    /// Cosmetic fields of the wrong type or out of range, read as absent (this record's and
    /// its versions' and files'), for callers to surface.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
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
    /// Cosmetic fields of the wrong type or out of range, read as absent (this version's and its
    /// files'; inside a model they are the model's), for callers to surface.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
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
    pub hashes: StringMap,
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
        let notes = Notes::default();
        let mut model = Self::read(Fields::of(value, "model", &notes)?)?;
        model.notes = notes.into_inner();
        Ok(model)
    }

    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(f: Fields<'_>) -> Result<Self, serde_json::Error> {
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.id = f.id("id")?;
        m.name = f.string("name");
        m.description = f.string("description");
        m.model_type = f.string("type");
        m.nsfw = f.strict_boolean("nsfw")?;
        m.nsfw_level = f.strict_uint32("nsfwLevel")?;
        m.poi = f.boolean("poi");
        m.minor = f.boolean("minor");
        m.sfw_only = f.boolean("sfwOnly");
        m.mode = f.strict_string("mode")?;
        m.availability = f.strict_string("availability")?;
        m.allow_no_credit = f.boolean("allowNoCredit");
        m.allow_commercial_use = f.commercial_use("allowCommercialUse");
        m.allow_derivatives = f.boolean("allowDerivatives");
        m.allow_different_license = f.boolean("allowDifferentLicense");
        m.supports_generation = f.boolean("supportsGeneration");
        m.tags = f.tags("tags");
        m.creator = f.object("creator").map(CivitaiCreator::read);
        m.stats = f.object("stats").map(CivitaiStats::read);
        m.created_at = f.string("createdAt");
        m.published_at = f.string("publishedAt");
        m.updated_at = f.string("updatedAt");
        m.model_versions = f.list("modelVersions", "model version", CivitaiVersion::read)?;
        m.notes = Vec::new();
        Ok(m)
    }
}

impl CivitaiVersion {
    /// Reads a version object; fails on a wrong-typed strict field (see the module docs).
    pub fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        let notes = Notes::default();
        let mut version = Self::read(Fields::of(value, "model version", &notes)?)?;
        version.notes = notes.into_inner();
        Ok(version)
    }

    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(f: Fields<'_>) -> Result<Self, serde_json::Error> {
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.id = f.id("id")?;
        m.model_id = f.uint("modelId");
        m.name = f.string("name");
        m.description = f.string("description");
        m.base_model = f.string("baseModel");
        m.base_model_type = f.string("baseModelType");
        m.availability = f.strict_string("availability")?;
        m.status = f.string("status");
        m.nsfw_level = f.strict_uint32("nsfwLevel")?;
        m.index = f.uint32("index");
        m.created_at = f.string("createdAt");
        m.updated_at = f.string("updatedAt");
        m.published_at = f.string("publishedAt");
        m.early_access_time_frame = f.uint("earlyAccessTimeFrame");
        m.early_access_ends_at = f.string("earlyAccessEndsAt");
        m.trained_words = f.strings("trainedWords");
        m.supports_generation = f.boolean("supportsGeneration");
        m.air = f.string("air");
        m.stats = f.object("stats").map(CivitaiStats::read);
        m.files = f.list("files", "file", CivitaiFile::read)?;
        m.images = f.objects("images").map(CivitaiImage::read).collect();
        m.download_url = f.string("downloadUrl");
        m.model = f.strict_object("model")?.map(CivitaiVersionModel::read).transpose()?;
        m.creator = f.object("creator").map(CivitaiCreator::read);
        m.notes = Vec::new();
        Ok(m)
    }
}

impl CivitaiVersionModel {
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    fn read(f: Fields<'_>) -> Result<Self, serde_json::Error> {
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.name = f.string("name");
        m.model_type = f.string("type");
        m.nsfw = f.strict_boolean("nsfw")?;
        m.poi = f.boolean("poi");
        m.mode = f.strict_string("mode")?;
        Ok(m)
    }
}

impl CivitaiFile {
    /// Reads a file object; fails on a wrong-typed scan result.
    pub fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        Self::read(Fields::of(value, "file", &Notes::default())?)
    }

    fn read(f: Fields<'_>) -> Result<Self, serde_json::Error> {
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
