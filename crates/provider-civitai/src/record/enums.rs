//! `GET /api/v1/enums`.

use serde::Serialize;

use super::parse::{ParseError, api_error, json, object};
use crate::de::{Fields, Notes};

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

/// Parses `GET /api/v1/enums`.
pub fn parse_enums(bytes: &[u8]) -> Result<CivitaiEnums, ParseError> {
    let map = object(json(bytes)?)?;
    if let Some(error) = api_error(&map, "BaseModel") {
        return Err(error);
    }
    let notes = Notes::default();
    let f = Fields::new(&map, &notes);
    Ok(CivitaiEnums {
        model_types: f.strings("ModelType"),
        model_file_types: f.strings("ModelFileType"),
        active_base_models: f.strings("ActiveBaseModel"),
        base_models: f.strings("BaseModel"),
        base_model_types: f.strings("BaseModelType"),
    })
}
