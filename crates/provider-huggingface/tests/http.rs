//! The Hub source against the loopback server replaying real recorded records.

use model_source::conformance::{self, ConformanceCase};
use model_source::{
    CacheConfig, CollectOptions, HttpConfig, ModelEntry, ModelSource, ResponseCache, RetryPolicy, Secret, SourceError,
};
use provider_huggingface::{EXPAND_FIELDS, HfQuery, HfSort, HuggingFaceOptions, HuggingFaceSource};
use serde_json::{Value, json};
use testkit::{Listing, ListingStyle, Response, Scenario, Server};

const TOKEN: &str = "hf_testTOKENthatMustNotLeak";

fn fixture(name: &str) -> Value {
    let path = testkit::shared_fixtures("huggingface").join(name);
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// Seven real detail records, in a fixed order.
fn records() -> Vec<Value> {
    [
        "alain-meta-llama__Llama-3.1-8B-Instruct.detail.json",
        "alain-openai__gpt-oss-20b.detail.json",
        "alain-Qwen__Qwen3-0.6B.detail.json",
        "transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json",
        "alain-google__flan-t5-base.detail.json",
        "hfhub-cassette__model_info__HuggingFaceH4__zephyr-7b-beta__mistral_safetensors+bin.json",
        "alain-baidu__ERNIE-4.5-21B-A3B-Thinking.detail.json",
    ]
    .into_iter()
    .map(fixture)
    .collect()
}

fn ids(records: &[Value]) -> Vec<String> {
    records.iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

fn source(server: &Server, token: Option<&str>) -> HuggingFaceSource {
    HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(server.base_url()),
        token: token.map(Secret::from),
        http: HttpConfig {
            retry: RetryPolicy { base_delay: std::time::Duration::from_millis(5), ..RetryPolicy::default() },
            ..HttpConfig::default()
        },
        ..HuggingFaceOptions::default()
    })
    .unwrap()
}

#[tokio::test]
async fn conformance() {
    let records = records();
    let known = records[2].clone();
    let server =
        Server::start(Scenario::new().route("/api/models/Qwen/Qwen3-0.6B", Response::json(known)).paged_listing(
            "/api/models",
            records.clone(),
            2,
            ListingStyle::HuggingFace,
        ))
        .await;
    let source = source(&server, Some(TOKEN));
    let server = std::sync::Arc::new(server);
    let counter = server.clone();
    conformance::run(ConformanceCase {
        source,
        query: HfQuery::text_generation(),
        expected_ids: ids(&records),
        page_size: 2,
        known_id: "Qwen/Qwen3-0.6B".into(),
        missing_id: "nobody/nothing".into(),
        request_count: Box::new(move || counter.request_count()),
    })
    .await;
}

#[tokio::test]
async fn conformance_with_a_cache() {
    let records = records();
    let known = records[2].clone();
    // With the `config.json` that `get_model` reads: a 404 would be asked again every time
    // (errors are never kept).
    let server = Server::start(
        Scenario::new()
            .route("/api/models/Qwen/Qwen3-0.6B", Response::json(known))
            .route(
                "/Qwen/Qwen3-0.6B/resolve/main/config.json",
                Response::json(json!({"max_position_embeddings": 40960})),
            )
            .paged_listing("/api/models", records.clone(), 2, ListingStyle::HuggingFace),
    )
    .await;
    let cache = ResponseCache::new(CacheConfig { ttl: std::time::Duration::from_secs(600), ..CacheConfig::default() });
    let source = HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(server.base_url()),
        token: Some(Secret::from(TOKEN)),
        http: HttpConfig { cache: Some(std::sync::Arc::new(cache)), ..HttpConfig::default() },
        ..HuggingFaceOptions::default()
    })
    .unwrap();
    let server = std::sync::Arc::new(server);
    let counter = server.clone();
    conformance::run_cached(ConformanceCase {
        source,
        query: HfQuery::text_generation(),
        expected_ids: ids(&records),
        page_size: 2,
        known_id: "Qwen/Qwen3-0.6B".into(),
        missing_id: "nobody/nothing".into(),
        request_count: Box::new(move || counter.request_count()),
    })
    .await;
}

#[tokio::test]
async fn the_listing_request_carries_the_query_and_exactly_the_expand_fields() {
    let server =
        Server::start(Scenario::new().paged_listing("/api/models", records(), 3, ListingStyle::HuggingFace)).await;
    let query = HfQuery {
        search: Some("llama".into()),
        author: Some("meta-llama".into()),
        filters: vec!["gguf".into(), "conversational".into()],
        pipeline_tag: Some("text-generation".into()),
        sort: Some(HfSort::TrendingScore),
        direction: Some(provider_huggingface::SortDirection::Descending),
        page_size: Some(3),
    };
    let page = source(&server, None).list_page(&query, None).await.unwrap();
    assert_eq!(page.records.len(), 3);
    let request = &server.requests()[0];
    assert_eq!(request.path, "/api/models");
    assert_eq!(request.query_values("search"), ["llama"]);
    assert_eq!(request.query_values("author"), ["meta-llama"]);
    assert_eq!(request.query_values("filter"), ["gguf", "conversational"], "repeated, in order");
    assert_eq!(request.query_values("pipeline_tag"), ["text-generation"]);
    assert_eq!(request.query_values("sort"), ["trendingScore"]);
    assert_eq!(request.query_values("direction"), ["-1"]);
    assert_eq!(request.query_values("limit"), ["3"]);
    assert_eq!(request.query_values("expand[]"), EXPAND_FIELDS);
    assert_eq!(request.header("authorization"), None, "no token, no header");
}

#[tokio::test]
async fn the_next_link_is_followed_with_its_cursor_unchanged() {
    let server =
        Server::start(Scenario::new().paged_listing("/api/models", records(), 3, ListingStyle::HuggingFace)).await;
    let source = source(&server, None);
    let first = source.list_page(&HfQuery::default(), None).await.unwrap();
    let next = first.next.clone().expect("a next link");
    source.list_page(&HfQuery::default(), Some(&next)).await.unwrap();
    let sent = &server.requests()[1];
    assert_eq!(format!("{}?{}", server.url(&sent.path), sent.query), next, "byte-for-byte");
}

#[tokio::test]
async fn a_repeating_cursor_stops_with_an_error() {
    let page = Response::json(json!([{"id": "a/b", "tags": ["gguf"]}]))
        .header("Link", "</api/models?cursor=same>; rel=\"next\"");
    let server = Server::start(Scenario::new().route("/api/models", page)).await;
    let options = CollectOptions { limit: 100, max_pages: 10, compatible_only: false, start: None };
    let err =
        source(&server, None).collect(&HfQuery::default(), &options, compat_core::default_catalog()).await.unwrap_err();
    assert!(matches!(err, SourceError::Pagination { .. }), "{err:?}");
    assert_eq!(server.request_count(), 2, "stopped at the first repeat");
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused() {
    let page = Response::json(json!([])).header("Link", "<http://example.com/api/models?cursor=x>; rel=\"next\"");
    let server = Server::start(Scenario::new().route("/api/models", page)).await;
    let err = source(&server, Some(TOKEN)).list_page(&HfQuery::default(), None).await.unwrap_err();
    assert!(matches!(err, SourceError::Pagination { .. }), "{err:?}");
}

#[tokio::test]
async fn a_rate_limited_page_is_retried_as_told() {
    let listing = Listing::new("/api/models", records(), 3, ListingStyle::HuggingFace)
        .fault_on_page(2, Response::status(429).header("RateLimit", "\"api\";r=0;t=1"));
    let server = Server::start(Scenario::new().with_listing(listing)).await;
    let options = CollectOptions { limit: 100, max_pages: 10, compatible_only: false, start: None };
    let started = std::time::Instant::now();
    let got =
        source(&server, None).collect(&HfQuery::default(), &options, compat_core::default_catalog()).await.unwrap();
    assert_eq!(got.entries.len(), 7);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(server.request_count(), 4, "3 pages + 1 retry");
}

#[tokio::test]
async fn get_follows_the_rename_redirect_and_enriches_the_context_length() {
    let qwen = fixture("alain-Qwen__Qwen3-0.6B.detail.json");
    let server = Server::start(
        Scenario::new()
            .route("/api/models/qwen3-small", Response::redirect(307, "/api/models/Qwen/Qwen3-0.6B"))
            .route("/api/models/Qwen/Qwen3-0.6B", Response::json(qwen))
            .route(
                "/Qwen/Qwen3-0.6B/resolve/main/config.json",
                Response::json(json!({"max_position_embeddings": 40960})),
            ),
    )
    .await;
    let record = source(&server, Some(TOKEN)).get_model("qwen3-small").await.unwrap();
    assert_eq!(record.id, "Qwen/Qwen3-0.6B");
    assert_eq!(record.metadata.context_length, Some(40960));
    let family = |m: &compat_core::ModelMetadata| m.architecture.as_ref().and_then(|a| a.family.clone());
    assert_eq!(family(&record.metadata), None, "extraction knows no catalog");
    let entry = ModelEntry::judged(record, compat_core::default_catalog());
    assert!(entry.compatibility.compatible);
    // The entry shows the model as the judging catalog reads it (JS listings show the family).
    assert_eq!(family(&entry.record.metadata).as_deref(), Some("qwen"));
    assert!(entry.compatibility.codes.contains(&compat_core::Code::ContextTruncated));
    let auth: Vec<bool> = server.requests().iter().map(|r| r.header("authorization").is_some()).collect();
    assert_eq!(auth, [true, true, true], "the token goes to the endpoint host, redirect and config read included");
}

#[tokio::test]
async fn a_failed_enrichment_is_a_note_not_an_error() {
    let qwen = fixture("alain-Qwen__Qwen3-0.6B.detail.json");
    let server = Server::start(Scenario::new().route("/api/models/Qwen/Qwen3-0.6B", Response::json(qwen))).await;
    let entry = source(&server, None).get_model("Qwen/Qwen3-0.6B").await.unwrap();
    assert_eq!(entry.metadata.context_length, None);
    assert!(entry.notes.iter().any(|n| n.contains("config.json")), "{:?}", entry.notes);
    // The recording's `cardData.license`, at the top level for a marketplace's filter.
    assert_eq!(entry.license.as_deref(), Some("apache-2.0"));
    assert_eq!(entry.permissions, None);
}

#[tokio::test]
async fn errors_are_typed_and_never_carry_the_token() {
    let server = Server::start(
        Scenario::new()
            .route(
                "/api/models/private/repo",
                Response::status(401)
                    .with_body(testkit::Body::Json(json!({"error": "Invalid credentials in Authorization header"}))),
            )
            .route(
                "/api/models/gated/repo",
                Response::status(403)
                    .with_body(testkit::Body::Json(json!({"error": "Access to model gated/repo is restricted."}))),
            )
            .route("/api/models/broken/json", Response::text("{\"id\": \"broken/js").content_type("application/json"))
            .route(
                "/api/models/html/page",
                Response::text("<html><title>502 Bad Gateway</title></html>").content_type("text/html"),
            )
            .route("/api/models", Response::json(json!({"not": "a list"}))),
    )
    .await;
    let source = source(&server, Some(TOKEN));
    let cases: [(&str, &str); 4] = [
        ("private/repo", "UNAUTHORIZED"),
        ("gated/repo", "FORBIDDEN"),
        ("broken/json", "DECODE_ERROR"),
        ("html/page", "DECODE_ERROR"),
    ];
    for (id, code) in cases {
        let err = source.get_model(id).await.unwrap_err();
        assert_eq!(err.code().as_str(), code, "{id}: {err:?}");
        assert!(!format!("{err} {err:?}").contains(TOKEN));
    }
    let err = source.get_model("../../etc/passwd").await.unwrap_err();
    assert_eq!(err.code().as_str(), "INVALID_ARGUMENT");
    let err = source.list_page(&HfQuery::default(), None).await.unwrap_err();
    assert!(matches!(err, SourceError::Decode { .. }), "{err:?}");
    assert!(!format!("{source:?}").contains(TOKEN));
    let options = HuggingFaceOptions { token: Some(TOKEN.into()), ..HuggingFaceOptions::default() };
    assert!(!format!("{options:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_malformed_item_is_reported_and_the_rest_of_the_page_kept() {
    let mut items = records();
    items.insert(1, json!("not a model"));
    items[0]["downloads"] = json!("many");
    let server = Server::start(Scenario::new().route("/api/models", Response::json(Value::Array(items)))).await;
    let page = source(&server, None).list_page(&HfQuery::default(), None).await.unwrap();
    assert_eq!(page.records.len(), 7);
    assert_eq!(page.problems.len(), 1);
    assert_eq!(page.problems[0].index, 1);
    assert_eq!(page.records[0].downloads, None);
    assert!(page.records[0].notes.iter().any(|n| n.contains("downloads")), "{:?}", page.records[0].notes);
}

#[tokio::test]
async fn a_failed_page_leaves_the_pager_where_it_was_and_repeats_are_dropped() {
    let listing = Listing::new("/api/models", records(), 3, ListingStyle::HuggingFace)
        .duplicate_on_page(2)
        .fault_on_page(2, Response::json(json!({"error": "Internal Error"})).with_status(500));
    let server = Server::start(Scenario::new().with_listing(listing)).await;
    let source = HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(server.base_url()),
        http: HttpConfig { retry: RetryPolicy::none(), ..HttpConfig::default() },
        ..HuggingFaceOptions::default()
    })
    .unwrap();
    let query = HfQuery::default();
    let mut pager = model_source::Pager::new(&source, &query);
    let first = pager.next_page().await.unwrap().unwrap();
    let before = pager.state().clone();
    let err = pager.next_page().await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(pager.state(), &before, "a failed page changes nothing");
    let second = pager.next_page().await.unwrap().unwrap();
    let all = ids(&records());
    let got: Vec<&str> = first.records.iter().chain(&second.records).map(|r| r.id.as_str()).collect();
    assert_eq!(got, all[..6], "page 2 repeats the last model of page 1; the pager drops it");
    assert_eq!((pager.state().pages, pager.state().scanned), (2, 6));
}
