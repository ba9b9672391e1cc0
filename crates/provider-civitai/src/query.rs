//! The listing filters of `GET /api/v1/models`.

use std::fmt;
use std::str::FromStr;

use model_source::SourceError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest page CivitAI serves (also its default).
pub const MAX_PAGE_SIZE: u32 = 100;

/// The values `allowCommercialUse` accepts, in CivitAI's spelling.
pub const COMMERCIAL_USE: &[&str] = &["None", "Image", "RentCivit", "Rent", "Sell"];

/// How CivitAI orders a listing (`sort=`).
///
/// Serialized as CivitAI spells it (`"Highest Rated"`). Parsing ([`FromStr`], serde)
/// ignores case, spaces, `-` and `_`: `highest-rated`, `HighestRated` and
/// `highest rated` all read as [`CivitaiSort::HighestRated`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CivitaiSort {
    HighestRated,
    MostDownloaded,
    MostLiked,
    MostDiscussed,
    MostCollected,
    MostImages,
    Newest,
    Oldest,
}

impl CivitaiSort {
    pub const ALL: [Self; 8] = [
        Self::HighestRated,
        Self::MostDownloaded,
        Self::MostLiked,
        Self::MostDiscussed,
        Self::MostCollected,
        Self::MostImages,
        Self::Newest,
        Self::Oldest,
    ];

    /// The value sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HighestRated => "Highest Rated",
            Self::MostDownloaded => "Most Downloaded",
            Self::MostLiked => "Most Liked",
            Self::MostDiscussed => "Most Discussed",
            Self::MostCollected => "Most Collected",
            Self::MostImages => "Most Images",
            Self::Newest => "Newest",
            Self::Oldest => "Oldest",
        }
    }
}

/// The time window of a sort (`period=`).
///
/// Serialized as CivitAI spells it (`"AllTime"`); parsed like [`CivitaiSort`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CivitaiPeriod {
    AllTime,
    Year,
    Month,
    Week,
    Day,
}

impl CivitaiPeriod {
    pub const ALL: [Self; 5] = [Self::AllTime, Self::Year, Self::Month, Self::Week, Self::Day];

    /// The value sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AllTime => "AllTime",
            Self::Year => "Year",
            Self::Month => "Month",
            Self::Week => "Week",
            Self::Day => "Day",
        }
    }
}

/// Lowercase without spaces, `-` and `_`: the key both enums are matched on. ASCII case folding
/// is enough (every known name is ASCII) and keeps Unicode's case tables out of the WASM module.
fn loose(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '_').map(|c| c.to_ascii_lowercase()).collect()
}

fn list<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
}

impl FromStr for CivitaiSort {
    type Err = SourceError;

    fn from_str(s: &str) -> Result<Self, SourceError> {
        let key = loose(s);
        Self::ALL.into_iter().find(|v| loose(v.as_str()) == key).ok_or_else(|| {
            SourceError::InvalidQuery(format!("unknown sort `{s}` (use {})", list(&Self::ALL, Self::as_str)))
        })
    }
}

impl FromStr for CivitaiPeriod {
    type Err = SourceError;

    fn from_str(s: &str) -> Result<Self, SourceError> {
        let key = loose(s);
        Self::ALL.into_iter().find(|v| loose(v.as_str()) == key).ok_or_else(|| {
            SourceError::InvalidQuery(format!("unknown period `{s}` (use {})", list(&Self::ALL, Self::as_str)))
        })
    }
}

macro_rules! wire_string {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(|e: SourceError| serde::de::Error::custom(e))
            }
        }
    };
}

wire_string!(CivitaiSort);
wire_string!(CivitaiPeriod);

/// What to list. Every field is optional.
///
/// Pagination is by cursor only: [`crate::CivitaiSource`] never sends `page`, which
/// CivitAI caps (429 "You've requested too many pages") and refuses together with
/// `query` (400).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CivitaiQuery {
    /// Models per page, 1..=[`MAX_PAGE_SIZE`]; CivitAI's default (100) when `None`.
    /// Sent as `limit`.
    #[serde(alias = "pageSize")]
    pub limit: Option<u32>,
    /// Full-text search on the model name.
    pub query: Option<String>,
    pub tag: Option<String>,
    /// The creator's username.
    pub username: Option<String>,
    /// Model types (`Checkpoint`, `LORA`, ...; see `/api/v1/enums` `ModelType`), any of
    /// which matches. Sent as repeated `types=` parameters: CivitAI answers 400 to a
    /// comma-joined list, so a value holding a comma is refused.
    pub types: Vec<String>,
    /// Base models (`SDXL 1.0`, `Pony`, ...), any of which matches. Sent as repeated
    /// `baseModels=` parameters, like `types`.
    pub base_models: Vec<String>,
    pub sort: Option<CivitaiSort>,
    pub period: Option<CivitaiPeriod>,
    /// `Some(true)` includes NSFW models, `Some(false)` excludes them. When `None`
    /// the parameter is not sent and CivitAI returns only PG (safe-for-work) models.
    pub nsfw: Option<bool>,
    /// Only the primary file of each version.
    pub primary_file_only: Option<bool>,
    /// Commercial use the licence must allow: one of [`COMMERCIAL_USE`] (any case).
    pub allow_commercial_use: Option<String>,
}

impl CivitaiQuery {
    /// Checks the query without sending it: the page size, the enum-like values, and
    /// no empty or comma-joined `types`/`baseModels`.
    pub fn validate(&self) -> Result<(), SourceError> {
        if let Some(limit) = self.limit {
            if limit == 0 || limit > MAX_PAGE_SIZE {
                return Err(SourceError::InvalidQuery(format!("page size {limit} is outside 1..={MAX_PAGE_SIZE}")));
            }
        }
        for (name, values) in [("types", &self.types), ("baseModels", &self.base_models)] {
            for value in values {
                if value.trim().is_empty() {
                    return Err(SourceError::InvalidQuery(format!("empty value in `{name}`")));
                }
                if value.contains(',') {
                    return Err(SourceError::InvalidQuery(format!(
                        "`{name}` value `{value}` holds a comma; give each value on its own"
                    )));
                }
            }
        }
        self.commercial_use()?;
        Ok(())
    }

    /// `allowCommercialUse` in CivitAI's spelling.
    fn commercial_use(&self) -> Result<Option<&'static str>, SourceError> {
        let Some(raw) = self.allow_commercial_use.as_deref().and_then(compat_core::wire::non_empty) else {
            return Ok(None);
        };
        COMMERCIAL_USE.iter().find(|v| v.eq_ignore_ascii_case(raw)).copied().map(Some).ok_or_else(|| {
            SourceError::InvalidQuery(format!("unknown allowCommercialUse `{raw}` (use {})", COMMERCIAL_USE.join(", ")))
        })
    }

    /// The query parameters, in wire order, unencoded; repeated keys repeat. Call
    /// [`CivitaiQuery::validate`] first.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let text = |s: &Option<String>| s.as_deref().and_then(compat_core::wire::non_empty).map(str::to_owned);
        let mut pairs = Vec::new();
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(query) = text(&self.query) {
            pairs.push(("query", query));
        }
        if let Some(tag) = text(&self.tag) {
            pairs.push(("tag", tag));
        }
        if let Some(username) = text(&self.username) {
            pairs.push(("username", username));
        }
        pairs.extend(self.types.iter().map(|t| ("types", t.trim().to_owned())));
        pairs.extend(self.base_models.iter().map(|b| ("baseModels", b.trim().to_owned())));
        if let Some(sort) = self.sort {
            pairs.push(("sort", sort.as_str().to_owned()));
        }
        if let Some(period) = self.period {
            pairs.push(("period", period.as_str().to_owned()));
        }
        if let Some(nsfw) = self.nsfw {
            pairs.push(("nsfw", nsfw.to_string()));
        }
        if let Some(primary) = self.primary_file_only {
            pairs.push(("primaryFileOnly", primary.to_string()));
        }
        if let Ok(Some(use_)) = self.commercial_use() {
            pairs.push(("allowCommercialUse", use_.to_owned()));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_periods_parse_loosely_and_print_as_civitai_spells_them() {
        for sort in CivitaiSort::ALL {
            assert_eq!(sort.as_str().parse::<CivitaiSort>().unwrap(), sort);
            assert_eq!(sort.as_str().to_uppercase().parse::<CivitaiSort>().unwrap(), sort);
        }
        assert_eq!("highest-rated".parse::<CivitaiSort>().unwrap(), CivitaiSort::HighestRated);
        assert_eq!("MostDownloaded".parse::<CivitaiSort>().unwrap(), CivitaiSort::MostDownloaded);
        assert_eq!("all_time".parse::<CivitaiPeriod>().unwrap(), CivitaiPeriod::AllTime);
        for bad in ["", "Trending", "Highest"] {
            let err = bad.parse::<CivitaiSort>().unwrap_err();
            assert_eq!(err.code().as_str(), "INVALID_ARGUMENT", "{bad}");
            assert!(err.to_string().contains("Most Collected"), "{err}");
        }
        assert!("Decade".parse::<CivitaiPeriod>().is_err());
    }

    #[test]
    fn the_query_is_camel_case_json() {
        let query: CivitaiQuery = serde_json::from_str(
            r#"{"limit": 20, "types": ["LORA"], "baseModels": ["Pony"], "sort": "most downloaded",
                "period": "Week", "nsfw": true, "primaryFileOnly": true, "allowCommercialUse": "sell"}"#,
        )
        .unwrap();
        assert_eq!(query.sort, Some(CivitaiSort::MostDownloaded));
        assert_eq!(query.base_models, ["Pony"]);
        let back = serde_json::to_value(&query).unwrap();
        assert_eq!(back["sort"], "Most Downloaded");
        assert_eq!(back["period"], "Week");
        assert!(serde_json::from_str::<CivitaiQuery>(r#"{"sort": "Trending"}"#).is_err());
        let aliased: CivitaiQuery = serde_json::from_str(r#"{"pageSize": 5}"#).unwrap();
        assert_eq!(aliased.limit, Some(5));
    }

    #[test]
    fn validation() {
        assert!(CivitaiQuery::default().validate().is_ok());
        let bad = [
            CivitaiQuery { limit: Some(0), ..CivitaiQuery::default() },
            CivitaiQuery { limit: Some(101), ..CivitaiQuery::default() },
            CivitaiQuery { types: vec!["Checkpoint,LORA".into()], ..CivitaiQuery::default() },
            CivitaiQuery { base_models: vec![" ".into()], ..CivitaiQuery::default() },
            CivitaiQuery { allow_commercial_use: Some("Lease".into()), ..CivitaiQuery::default() },
        ];
        for query in bad {
            let err = query.validate().unwrap_err();
            assert_eq!(err.code().as_str(), "INVALID_ARGUMENT", "{query:?}");
        }
        assert!(CivitaiQuery { limit: Some(100), ..CivitaiQuery::default() }.validate().is_ok());
    }

    #[test]
    fn pairs_repeat_and_encode_spaces_as_percent_20() {
        let query = CivitaiQuery {
            types: vec!["Checkpoint".into(), "LORA".into()],
            base_models: vec!["SDXL 1.0".into(), "Pony".into()],
            sort: Some(CivitaiSort::HighestRated),
            allow_commercial_use: Some("rentcivit".into()),
            query: Some("  ".into()),
            ..CivitaiQuery::default()
        };
        let pairs = query.pairs();
        let encoded = model_source::encode_query(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(
            encoded,
            "types=Checkpoint&types=LORA&baseModels=SDXL%201.0&baseModels=Pony&sort=Highest%20Rated&allowCommercialUse=RentCivit"
        );
        assert_eq!(
            model_source::encode_query([("cursor", "22138|364671|25494"), ("q", "a+b&c")]),
            "cursor=22138%7C364671%7C25494&q=a%2Bb%26c"
        );
    }
}
