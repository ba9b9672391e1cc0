//! CivitAI's API answered from items held in memory, as CivitAI would answer:
//! `/api/v1/models` filtered (query, types, base models, NSFW), sorted and paged by cursor,
//! and `/api/v1/models/{id}`. Serve it through a [`model_source::InMemory`] transport (the
//! CLI's `--offline` snapshot).

use std::cmp::Reverse;
use std::str::FromStr;

use model_source::{HttpResponse, Url, offset_page};
use serde_json::{Value, json};

use crate::query::CivitaiSort;

/// Where the listing lives under the site root.
const MODELS_PATH: &str = "/api/v1/models";

/// Items in the `/api/v1/models` shape, in the order CivitAI listed them.
#[derive(Debug, Clone)]
pub struct CivitaiSnapshot {
    items: Vec<Value>,
    /// Models per page, whatever the request's `limit` asks.
    page_size: usize,
}

impl CivitaiSnapshot {
    pub fn new(items: Vec<Value>, page_size: usize) -> Self {
        Self { items, page_size: page_size.max(1) }
    }

    /// The response CivitAI would send for a GET of `url`.
    pub fn respond(&self, url: &Url) -> HttpResponse {
        let path = url.path();
        if path == MODELS_PATH {
            return self.listing(url);
        }
        let id = path.strip_prefix(MODELS_PATH).and_then(|p| p.strip_prefix('/'));
        if let Some(id) = id.and_then(|id| id.parse::<u64>().ok()) {
            if let Some(item) = self.items.iter().find(|i| i.get("id").and_then(Value::as_u64) == Some(id)) {
                return HttpResponse::from_json(url, 200, item);
            }
        }
        HttpResponse::from_json(url, 404, &json!({"error": "No model with id"}))
    }

    fn listing(&self, url: &Url) -> HttpResponse {
        let params: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let param = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let all = |key: &str| params.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim()).collect::<Vec<_>>();
        let (types, base_models) = (all("types"), all("baseModels"));
        let with_nsfw = param("nsfw") == Some("true");
        let mut listed: Vec<&Value> = self
            .items
            .iter()
            .filter(|item| {
                let nsfw = crate::is_nsfw(
                    item.get("nsfw").and_then(Value::as_bool),
                    item.get("nsfwLevel").and_then(Value::as_u64).and_then(|l| u32::try_from(l).ok()),
                );
                let versions =
                    item.get("modelVersions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                (with_nsfw || !nsfw)
                    && param("query").is_none_or(|q| {
                        text(item, "name").is_some_and(|n| n.to_lowercase().contains(&q.trim().to_lowercase()))
                    })
                    && (types.is_empty()
                        || text(item, "type").is_some_and(|t| types.iter().any(|want| want.eq_ignore_ascii_case(t))))
                    && (base_models.is_empty()
                        || versions.iter().any(|v| {
                            text(v, "baseModel")
                                .is_some_and(|b| base_models.iter().any(|want| want.eq_ignore_ascii_case(b)))
                        }))
            })
            .collect();
        if let Some(sort) = param("sort").and_then(|s| CivitaiSort::from_str(s).ok()) {
            sort_items(&mut listed, sort);
        }
        let Some((page, next)) = offset_page(&listed, param("cursor"), self.page_size) else {
            return HttpResponse::from_json(url, 400, &json!({"error": "invalid cursor"}));
        };
        let mut metadata = serde_json::Map::new();
        if let Some(cursor) = next {
            let mut next_url = url.clone();
            let kept =
                url.query().unwrap_or_default().split('&').filter(|p| !p.is_empty() && !p.starts_with("cursor="));
            next_url.set_query(Some(&kept.chain([format!("cursor={cursor}").as_str()]).collect::<Vec<_>>().join("&")));
            metadata.insert("nextCursor".into(), json!(cursor));
            metadata.insert("nextPage".into(), json!(next_url.to_string()));
        }
        HttpResponse::from_json(url, 200, &json!({ "items": page, "metadata": metadata }))
    }
}

/// CivitAI's orders, by the statistics the items carry.
fn sort_items(items: &mut [&Value], sort: CivitaiSort) {
    let stat =
        |item: &Value, key: &str| item.get("stats").and_then(|s| s.get(key)).and_then(Value::as_f64).unwrap_or(0.0);
    let published = |item: &Value| {
        item.get("modelVersions")
            .and_then(|v| v.get(0))
            .and_then(|v| text(v, "publishedAt"))
            .unwrap_or_default()
            .to_owned()
    };
    let by_stat = |items: &mut [&Value], key: &str| items.sort_by(|a, b| stat(b, key).total_cmp(&stat(a, key)));
    match sort {
        CivitaiSort::MostDownloaded => by_stat(items, "downloadCount"),
        CivitaiSort::HighestRated | CivitaiSort::MostLiked => by_stat(items, "thumbsUpCount"),
        CivitaiSort::MostDiscussed => by_stat(items, "commentCount"),
        CivitaiSort::MostCollected => by_stat(items, "collectedCount"),
        CivitaiSort::MostImages => by_stat(items, "imageCount"),
        CivitaiSort::Newest => items.sort_by_key(|item| Reverse(published(item))),
        CivitaiSort::Oldest => items.sort_by_key(|item| published(item)),
    }
}

fn text<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> CivitaiSnapshot {
        let items = vec![
            json!({"id": 1, "name": "Alpha", "type": "LORA", "nsfw": false, "stats": {"downloadCount": 3},
                   "modelVersions": [{"baseModel": "SD 1.5"}]}),
            json!({"id": 2, "name": "Beta", "type": "Checkpoint", "nsfw": true, "stats": {"downloadCount": 9}}),
            json!({"id": 3, "name": "Gamma", "type": "LORA", "nsfw": false, "stats": {"downloadCount": 7},
                   "modelVersions": [{"baseModel": "SDXL 1.0"}]}),
        ];
        CivitaiSnapshot::new(items, 1)
    }

    fn get(snapshot: &CivitaiSnapshot, url: &str) -> (u16, Value) {
        let response = snapshot.respond(&Url::parse(url).unwrap());
        (response.status, response.json().unwrap())
    }

    fn ids(body: &Value) -> Vec<u64> {
        body["items"].as_array().unwrap().iter().map(|i| i["id"].as_u64().unwrap()).collect()
    }

    #[test]
    fn listings_filter_sort_and_page_by_cursor() {
        let civitai = snapshot();
        let (_, first) = get(&civitai, "https://civitai.com/api/v1/models?sort=Most%20Downloaded");
        assert_eq!(ids(&first), [3], "safe for work only, most downloaded first");
        assert_eq!(first["metadata"]["nextCursor"], "1");
        let next = first["metadata"]["nextPage"].as_str().unwrap();
        assert_eq!(next, "https://civitai.com/api/v1/models?sort=Most%20Downloaded&cursor=1");
        let (_, second) = get(&civitai, next);
        assert_eq!(ids(&second), [1]);
        assert!(second["metadata"].get("nextCursor").is_none());
        let (_, nsfw) = get(&civitai, "https://civitai.com/api/v1/models?nsfw=true&limit=100");
        assert_eq!(ids(&nsfw), [1], "pages of one");
        let (_, sdxl) = get(&civitai, "https://civitai.com/api/v1/models?types=lora&baseModels=SDXL%201.0");
        assert_eq!(ids(&sdxl), [3]);
        let (_, by_name) = get(&civitai, "https://civitai.com/api/v1/models?query=alp");
        assert_eq!(ids(&by_name), [1]);
        assert_eq!(get(&civitai, "https://civitai.com/api/v1/models?cursor=x").0, 400);
    }

    #[test]
    fn models_by_id() {
        let civitai = snapshot();
        assert_eq!(get(&civitai, "https://civitai.com/api/v1/models/2").0, 200);
        assert_eq!(get(&civitai, "https://civitai.com/api/v1/models/4").0, 404);
    }
}
