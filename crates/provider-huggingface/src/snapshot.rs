//! The Hub's API answered from records held in memory, as the Hub would answer: `/api/models`
//! filtered (search, author, filter, pipeline tag), sorted and paged with `Link` headers,
//! `/api/models/{id}` and `/{id}/resolve/main/config.json`. Serve it through a
//! [`model_source::InMemory`] transport (the CLI's `--offline` snapshot).

use std::cmp::Ordering;

use model_source::{HttpResponse, Url, offset_page};
use serde_json::{Map, Value, json};

/// Records in the `/api/models?expand[]=...` list shape and `config.json` files by model id.
#[derive(Debug, Clone)]
pub struct HubSnapshot {
    records: Vec<Value>,
    configs: Map<String, Value>,
    /// Models per page, whatever the request's `limit` asks.
    page_size: usize,
}

impl HubSnapshot {
    pub fn new(records: Vec<Value>, configs: Map<String, Value>, page_size: usize) -> Self {
        Self { records, configs, page_size: page_size.max(1) }
    }

    /// The response the Hub would send for a GET of `url`.
    pub fn respond(&self, url: &Url) -> HttpResponse {
        let path = url.path();
        if path == "/api/models" {
            return self.listing(url);
        }
        if let Some(id) = path.strip_prefix("/api/models/") {
            if let Some(record) = self.records.iter().find(|r| text(r, "id") == Some(id)) {
                return HttpResponse::from_json(url, 200, record);
            }
        }
        if let Some(id) = path.strip_prefix('/').and_then(|p| p.strip_suffix("/resolve/main/config.json")) {
            return match self.configs.get(id) {
                Some(config) => HttpResponse::from_json(url, 200, config),
                None => HttpResponse::from_json(url, 404, &json!({"error": "Entry not found"})),
            };
        }
        HttpResponse::from_json(url, 404, &json!({"error": "Repository not found"}))
    }

    fn listing(&self, url: &Url) -> HttpResponse {
        let params: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let param = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let filters: Vec<&str> = params.iter().filter(|(k, _)| k == "filter").map(|(_, v)| v.as_str()).collect();
        let query = Selection {
            search: param("search"),
            author: param("author"),
            filters,
            pipeline_tag: param("pipeline_tag"),
        };
        let mut listed: Vec<&Value> = self.records.iter().filter(|r| query.matches(r)).collect();
        if let Some(key) = param("sort") {
            let ascending = param("direction") == Some("1");
            listed.sort_by(|a, b| {
                let order = compare(a.get(key), b.get(key));
                if ascending { order } else { order.reverse() }
            });
        }
        let Some((page, next)) = offset_page(&listed, param("cursor"), self.page_size) else {
            return HttpResponse::from_json(url, 400, &json!({"error": "invalid cursor"}));
        };
        let mut response =
            HttpResponse::from_json(url, 200, &Value::Array(page.iter().map(|r| (*r).clone()).collect()));
        if let Some(next) = next {
            let mut next_url = url.clone();
            next_url.set_query(Some(&with_cursor(url.query().unwrap_or_default(), &next)));
            response.headers.append("link", format!("<{next_url}>; rel=\"next\""));
        }
        response
    }
}

/// The filters of a listing request.
struct Selection<'q> {
    search: Option<&'q str>,
    author: Option<&'q str>,
    filters: Vec<&'q str>,
    pipeline_tag: Option<&'q str>,
}

impl Selection<'_> {
    fn matches(&self, record: &Value) -> bool {
        let id = text(record, "id").unwrap_or_default();
        let tags: Vec<&str> = record
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let has_tag = |tag: &str| {
            let tag = tag.trim();
            tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
                || text(record, "library_name").is_some_and(|l| l.eq_ignore_ascii_case(tag))
                || text(record, "pipeline_tag").is_some_and(|p| p.eq_ignore_ascii_case(tag))
        };
        self.search.is_none_or(|s| id.to_lowercase().contains(&s.trim().to_lowercase()))
            && self
                .author
                .is_none_or(|a| id.split_once('/').is_some_and(|(owner, _)| owner.eq_ignore_ascii_case(a.trim())))
            && self.filters.iter().all(|f| has_tag(f))
            && self
                .pipeline_tag
                .is_none_or(|p| text(record, "pipeline_tag").is_some_and(|t| t.eq_ignore_ascii_case(p.trim())))
    }
}

fn text<'a>(record: &'a Value, key: &str) -> Option<&'a str> {
    record.get(key).and_then(Value::as_str)
}

/// Numbers by value, strings (ISO dates) by text, missing values first.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x.as_f64().unwrap_or(0.0).total_cmp(&y.as_f64().unwrap_or(0.0))
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// The request's query with its `cursor` replaced; the other parameters byte for byte, as the
/// Hub's own next links keep them.
fn with_cursor(query: &str, cursor: &str) -> String {
    let kept = query.split('&').filter(|part| !part.is_empty() && !part.starts_with("cursor="));
    kept.chain(std::iter::once(format!("cursor={cursor}").as_str())).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> HubSnapshot {
        let records = vec![
            json!({"id": "a/one", "downloads": 5, "tags": ["gguf"], "pipeline_tag": "text-generation"}),
            json!({"id": "b/two", "downloads": 9, "tags": ["safetensors"]}),
            json!({"id": "a/three", "downloads": 1, "library_name": "gguf"}),
        ];
        let mut configs = Map::new();
        configs.insert("a/one".into(), json!({"max_position_embeddings": 4096}));
        HubSnapshot::new(records, configs, 2)
    }

    fn ids(response: &HttpResponse) -> Vec<String> {
        let body: Value = response.json().unwrap();
        body.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
    }

    fn get(snapshot: &HubSnapshot, url: &str) -> HttpResponse {
        snapshot.respond(&Url::parse(url).unwrap())
    }

    #[test]
    fn listings_filter_sort_and_page_like_the_hub() {
        let hub = snapshot();
        let first = get(&hub, "https://huggingface.co/api/models?sort=downloads&limit=100");
        assert_eq!(ids(&first), ["b/two", "a/one"]);
        let link = first.header("link").unwrap();
        assert_eq!(link, "<https://huggingface.co/api/models?sort=downloads&limit=100&cursor=2>; rel=\"next\"");
        let second = get(&hub, "https://huggingface.co/api/models?sort=downloads&limit=100&cursor=2");
        assert_eq!(ids(&second), ["a/three"]);
        assert_eq!(second.header("link"), None, "the last page has no next link");
        assert_eq!(ids(&get(&hub, "https://huggingface.co/api/models?filter=GGUF&author=a")), ["a/one", "a/three"]);
        assert_eq!(ids(&get(&hub, "https://huggingface.co/api/models?search=TWO")), ["b/two"]);
        assert_eq!(ids(&get(&hub, "https://huggingface.co/api/models?pipeline_tag=text-generation")), ["a/one"]);
        assert_eq!(get(&hub, "https://huggingface.co/api/models?cursor=9").status, 400);
    }

    #[test]
    fn details_and_configs_by_id() {
        let hub = snapshot();
        assert_eq!(get(&hub, "https://huggingface.co/api/models/a/three").status, 200);
        assert_eq!(get(&hub, "https://huggingface.co/api/models/nobody/nothing").status, 404);
        assert_eq!(get(&hub, "https://huggingface.co/a/one/resolve/main/config.json").status, 200);
        assert_eq!(get(&hub, "https://huggingface.co/b/two/resolve/main/config.json").status, 404);
    }
}
