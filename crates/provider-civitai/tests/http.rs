//! The CivitAI source against the loopback server replaying real recorded records.
//!
//! Recordings are read where they are (`../shared/fixtures/civitai` from the project
//! root, or `$MODEL_COMPAT_FIXTURES/civitai`); nothing is copied here.

#![cfg(feature = "http")]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use model_source::conformance::{self, ConformanceCase};
use model_source::{
    CacheConfig, CollectOptions, HttpConfig, ModelEntry, ModelSource, ResponseCache, RetryPolicy, Secret, SourceError,
    StopReason,
};
use provider_civitai::{CivitaiOptions, CivitaiPeriod, CivitaiQuery, CivitaiSort, CivitaiSource};
use serde_json::{Value, json};
use testkit::{Listing, ListingStyle, Response, Scenario, Server};

const TOKEN: &str = "civitai-testKEY-thatMustNotLeak";

fn fixtures_dir() -> PathBuf {
    testkit::shared_fixtures("civitai")
}

fn fixture_path(name: &str) -> PathBuf {
    let path = fixtures_dir().join(name);
    assert!(path.is_file(), "{}", path.display());
    path
}

fn fixture(name: &str) -> Value {
    let path = fixture_path(name);
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// A reconstructed error body, served as is with `status`.
fn error_response(status: u16, name: &str) -> Response {
    Response::file(fixture_path(&format!("errors-reconstructed/{name}"))).with_status(status)
}

fn error_message(name: &str) -> String {
    fixture(&format!("errors-reconstructed/{name}"))["error"].as_str().unwrap().to_owned()
}

const SD15_LIST: &str = "models-list_checkpoints_highest-rated_limit10_2024-05_sd15.json";
const TI_LIST: &str = "models-list_textualinversion_page1_2023_pickle_nsfw.json";

/// Nine real list items with distinct ids, in a fixed order: SD 1.5 checkpoints
/// (compatible), textual inversions (not), Illustrious/NoobAI items.
fn records() -> Vec<Value> {
    let sd15 = fixture(SD15_LIST)["items"].as_array().unwrap().clone();
    let ti = fixture(TI_LIST)["items"].as_array().unwrap().clone();
    let mut records: Vec<Value> = sd15.into_iter().take(4).chain(ti).collect();
    records.push(fixture("models-item_1789968_illustrious-lora_early-access-version.json"));
    records.push(fixture("models-item_964011_checkpoint_noobai_with-training-data.json"));
    records
}

fn ids(records: &[Value]) -> Vec<String> {
    records.iter().map(|r| r["id"].as_u64().unwrap().to_string()).collect()
}

fn options(server: &Server, api_key: Option<&str>) -> CivitaiOptions {
    CivitaiOptions {
        base_url: Some(server.base_url()),
        api_key: api_key.map(Secret::from),
        http: HttpConfig {
            retry: RetryPolicy { base_delay: Duration::from_millis(5), ..RetryPolicy::default() },
            ..HttpConfig::default()
        },
    }
}

fn source(server: &Server, api_key: Option<&str>) -> CivitaiSource {
    CivitaiSource::new(options(server, api_key)).unwrap()
}

fn everything() -> CollectOptions {
    CollectOptions { limit: 1000, max_pages: 100, compatible_only: false, start: None }
}

#[tokio::test]
async fn conformance_with_a_cache() {
    let records = records();
    let server = Server::start(
        Scenario::new()
            .route(
                "/api/v1/models/1231067",
                Response::file(fixture_path("model_1231067_flux1d_lora_single_version.json")),
            )
            .paged_listing("/api/v1/models", records.clone(), 2, ListingStyle::CivitAi),
    )
    .await;
    let cache = ResponseCache::new(CacheConfig { ttl: Duration::from_secs(600), ..CacheConfig::default() });
    let source = CivitaiSource::new(CivitaiOptions {
        base_url: Some(server.base_url()),
        api_key: Some(Secret::from(TOKEN)),
        http: HttpConfig { cache: Some(Arc::new(cache)), ..HttpConfig::default() },
    })
    .unwrap();
    let server = Arc::new(server);
    let counter = server.clone();
    conformance::run_cached(ConformanceCase {
        source,
        query: CivitaiQuery { limit: Some(2), ..CivitaiQuery::default() },
        expected_ids: ids(&records),
        page_size: 2,
        known_id: "1231067".into(),
        missing_id: "999999999".into(),
        request_count: Box::new(move || counter.request_count()),
    })
    .await;
}

#[tokio::test]
async fn conformance() {
    let records = records();
    let server = Server::start(
        Scenario::new()
            .route(
                "/api/v1/models/1231067",
                Response::file(fixture_path("model_1231067_flux1d_lora_single_version.json")),
            )
            .paged_listing("/api/v1/models", records.clone(), 2, ListingStyle::CivitAi),
    )
    .await;
    let source = source(&server, Some(TOKEN));
    let server = Arc::new(server);
    let counter = server.clone();
    conformance::run(ConformanceCase {
        source,
        query: CivitaiQuery { limit: Some(2), ..CivitaiQuery::default() },
        expected_ids: ids(&records),
        page_size: 2,
        known_id: "1231067".into(),
        missing_id: "999999999".into(),
        request_count: Box::new(move || counter.request_count()),
    })
    .await;
}

#[tokio::test]
async fn a_cursor_listing_that_repeats_an_item_is_collected_once_in_order() {
    let records = records();
    let listing = Listing::new("/api/v1/models", records.clone(), 3, ListingStyle::CivitAi).duplicate_on_page(2);
    let server = Server::start(Scenario::new().with_listing(listing)).await;
    let source = source(&server, None);

    // The page itself carries the repeat: the API does that, the source reports it as sent.
    let first = source.list_page(&CivitaiQuery::default(), None).await.unwrap();
    let second = source.list_page(&CivitaiQuery::default(), first.next.as_deref()).await.unwrap();
    assert_eq!(second.records.len(), 4);
    assert_eq!(second.records[0].id, first.records[2].id);

    let got = source.collect(&CivitaiQuery::default(), &everything(), compat_core::default_catalog()).await.unwrap();
    assert_eq!(
        got.entries.iter().map(|e| e.id().to_owned()).collect::<Vec<_>>(),
        ids(&records),
        "complete, in order, once"
    );
    assert_eq!((got.pages, got.scanned, got.stop), (3, 9, StopReason::Exhausted));
    assert!(got.problems.is_empty());
    assert_eq!(got.next, None);
}

#[tokio::test]
async fn an_item_repeated_within_a_page_is_kept_once() {
    let mut items = records();
    items.truncate(3);
    items.insert(2, items[0].clone());
    let server =
        Server::start(Scenario::new().route("/api/v1/models", Response::json(json!({"items": items, "metadata": {}}))))
            .await;
    let page = source(&server, None).list_page(&CivitaiQuery::default(), None).await.unwrap();
    let got: Vec<&str> = page.records.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(got, ["43331", "4384", "4468"]);
    assert!(page.problems.is_empty());
    assert_eq!(page.next, None, "no cursor, last page");
}

#[tokio::test]
async fn filters_go_out_as_repeated_parameters_and_the_cursor_comes_back() {
    let listing = Listing::new("/api/v1/models", records(), 2, ListingStyle::CivitAi);
    let server = Server::start(Scenario::new().with_listing(listing)).await;
    let source = source(&server, Some(TOKEN));
    let query = CivitaiQuery {
        limit: Some(2),
        query: Some("storybook".into()),
        tag: Some("style".into()),
        username: Some("PixelPawsAI".into()),
        types: vec!["Checkpoint".into(), "LORA".into()],
        base_models: vec!["SDXL 1.0".into(), "Pony".into()],
        sort: Some(CivitaiSort::HighestRated),
        period: Some(CivitaiPeriod::AllTime),
        nsfw: Some(true),
        primary_file_only: Some(true),
        allow_commercial_use: Some("sell".into()),
    };
    let first = source.list_page(&query, None).await.unwrap();
    let cursor = first.next.clone().expect("a next cursor");
    source.list_page(&query, Some(&cursor)).await.unwrap();

    let requests = server.requests();
    let (one, two) = (&requests[0], &requests[1]);
    assert_eq!(one.path, "/api/v1/models");
    assert_eq!(one.query_values("types"), ["Checkpoint", "LORA"], "repeated, in order");
    assert_eq!(one.query_values("baseModels"), ["SDXL 1.0", "Pony"]);
    assert!(one.query.contains("types=Checkpoint&types=LORA"), "{}", one.query);
    assert!(one.query.contains("baseModels=SDXL%201.0&baseModels=Pony"), "{}", one.query);
    assert!(!one.query.contains("%2C") && !one.query.contains(','), "never comma-joined: {}", one.query);
    assert!(one.query.contains("sort=Highest%20Rated"), "{}", one.query);
    assert_eq!(one.query_values("sort"), ["Highest Rated"]);
    assert_eq!(one.query_values("limit"), ["2"]);
    assert_eq!(one.query_values("nsfw"), ["true"]);
    assert_eq!(one.query_values("period"), ["AllTime"]);
    assert_eq!(one.query_values("query"), ["storybook"]);
    assert_eq!(one.query_values("tag"), ["style"]);
    assert_eq!(one.query_values("username"), ["PixelPawsAI"]);
    assert_eq!(one.query_values("primaryFileOnly"), ["true"]);
    assert_eq!(one.query_values("allowCommercialUse"), ["Sell"]);
    assert!(one.query_values("cursor").is_empty());
    for request in [one, two] {
        assert!(request.query_values("page").is_empty(), "never `page`");
        assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
    assert_eq!(two.query_values("cursor"), [cursor.as_str()], "the nextCursor, unchanged");
    let mut without_cursor = two.query_pairs.clone();
    without_cursor.retain(|(k, _)| k != "cursor");
    assert_eq!(without_cursor, one.query_pairs, "page 2 repeats the filters");
}

#[tokio::test]
async fn no_key_no_authorization_header() {
    let server =
        Server::start(Scenario::new().paged_listing("/api/v1/models", records(), 4, ListingStyle::CivitAi)).await;
    // An empty key: none is sent and `CIVITAI_API_KEY` is not read.
    let source = source(&server, Some(""));
    source.list_page(&CivitaiQuery::default(), None).await.unwrap();
    assert!(!source.has_api_key());
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[tokio::test]
async fn error_statuses_are_typed_and_carry_civitai_s_message() {
    let zod = json!({"error": {"issues": [{"code": "invalid_type", "expected": "number", "received": "nan",
        "path": ["limit"], "message": "Expected number, received nan"}], "name": "ZodError"}});
    let cases: Vec<(Response, &str, u16, String, usize)> = vec![
        (
            error_response(400, "api-v1-models_400_query-with-page.json"),
            "HTTP_ERROR",
            400,
            error_message("api-v1-models_400_query-with-page.json"),
            1,
        ),
        (Response::json(zod).with_status(400), "HTTP_ERROR", 400, "limit: Expected number, received nan".to_owned(), 1),
        (
            error_response(401, "api-v1-models_401_auth-only-filter.json"),
            "UNAUTHORIZED",
            401,
            error_message("api-v1-models_401_auth-only-filter.json"),
            1,
        ),
        (
            error_response(404, "api-v1-models-id_404.json"),
            "NOT_FOUND",
            404,
            error_message("api-v1-models-id_404.json"),
            1,
        ),
        // Transient: tried once and retried three times.
        (
            error_response(429, "api-v1-models_429_too-many-pages.json"),
            "RATE_LIMITED",
            429,
            error_message("api-v1-models_429_too-many-pages.json"),
            4,
        ),
        (
            error_response(503, "api-v1-models_503_search-overloaded.json"),
            "HTTP_ERROR",
            503,
            error_message("api-v1-models_503_search-overloaded.json"),
            4,
        ),
    ];
    for (response, code, status, message, requests) in cases {
        let server = Server::start(Scenario::new().route("/api/v1/models", response)).await;
        let query = CivitaiQuery { query: Some("flux".into()), ..CivitaiQuery::default() };
        let err = source(&server, Some(TOKEN)).list_page(&query, None).await.unwrap_err();
        assert_eq!((err.code().as_str(), err.status()), (code, Some(status)), "{err:?}");
        assert!(err.to_string().contains(&message), "{status}: `{err}` lacks `{message}`");
        assert_eq!(err.is_transient(), matches!(status, 429 | 503), "{status}");
        assert_eq!(server.request_count(), requests, "{status}: attempts");
        assert!(!format!("{err} {err:?}").contains(TOKEN));
    }
}

#[tokio::test]
async fn a_transient_failure_is_retried_and_the_listing_completes() {
    let records = records();
    let rate_limited = Listing::new("/api/v1/models", records.clone(), 4, ListingStyle::CivitAi)
        .fault_on_page(2, error_response(429, "api-v1-models_429_too-many-pages.json"));
    let server = Server::start(Scenario::new().with_listing(rate_limited)).await;
    let got = source(&server, Some(TOKEN))
        .collect(&CivitaiQuery::default(), &everything(), compat_core::default_catalog())
        .await
        .unwrap();
    assert_eq!(got.entries.iter().map(|e| e.id().to_owned()).collect::<Vec<_>>(), ids(&records));
    assert_eq!(server.request_count(), 4, "3 pages + 1 retry");

    let overloaded = Listing::new("/api/v1/models", records.clone(), 4, ListingStyle::CivitAi)
        .fault_on_page(3, error_response(503, "api-v1-models_503_search-overloaded.json"));
    let server = Server::start(Scenario::new().with_listing(overloaded)).await;
    let got = source(&server, Some(TOKEN))
        .collect(&CivitaiQuery::default(), &everything(), compat_core::default_catalog())
        .await
        .unwrap();
    assert_eq!(got.entries.len(), records.len());
    assert_eq!(server.request_count(), 4, "3 pages + 1 retry");
}

#[tokio::test]
async fn a_malformed_item_is_reported_and_the_rest_of_the_page_kept() {
    let mut items = records();
    items.truncate(3);
    let mut bad = fixture(TI_LIST)["items"][0].clone();
    bad["nsfw"] = json!("sometimes");
    items.insert(1, bad);
    items.push(json!("not a model"));
    let server = Server::start(
        Scenario::new()
            .route("/api/v1/models", Response::json(json!({"items": items, "metadata": {"nextCursor": "5|6"}}))),
    )
    .await;
    let page = source(&server, None).list_page(&CivitaiQuery::default(), None).await.unwrap();
    assert_eq!(page.records.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["43331", "4384", "4468"]);
    assert_eq!(page.problems.len(), 2, "{:?}", page.problems);
    assert_eq!((page.problems[0].index, page.problems[0].id.as_deref()), (1, Some("3036")));
    assert!(page.problems[0].error.contains("nsfw") || page.problems[0].error.contains("bool"), "{:?}", page.problems);
    assert_eq!((page.problems[1].index, page.problems[1].id.as_deref()), (4, None));
    assert_eq!(page.next.as_deref(), Some("5|6"));
    assert_eq!(server.requests()[0].query, "");
}

#[tokio::test]
async fn a_model_by_id_has_its_display_fields() {
    let server = Server::start(Scenario::new().route(
        "/api/v1/models/1231067",
        Response::file(fixture_path("model_1231067_flux1d_lora_single_version.json")),
    ))
    .await;
    let record = source(&server, Some(TOKEN)).get_model(" 1231067 ").await.unwrap();
    let entry = ModelEntry::judged(record, compat_core::default_catalog());
    let record = &entry.record;
    assert_eq!(record.id, "1231067");
    assert_eq!(record.name, "Vivid Impressions Storybook Style");
    assert_eq!(record.source, compat_core::Source::Civitai);
    assert_eq!(record.author.as_deref(), Some("PixelPawsAI"));
    assert_eq!((record.downloads, record.likes), (Some(2183), Some(416)), "likes are thumbs up");
    assert_eq!(record.tags, ["style", "illustration", "storybook"]);
    assert_eq!(record.created_at.as_deref(), Some("2025-02-08T11:29:04.487Z"), "the newest version's publishedAt");
    assert_eq!(record.last_modified.as_deref(), Some("2025-02-08T11:29:04.487Z"));
    assert!(record.description.as_deref().is_some_and(|d| d.contains('<')), "raw HTML");
    assert!(record.image_url.as_deref().unwrap().starts_with("https://image.civitai.com/"));
    assert_eq!(record.url, Some(server.url("/models/1231067")));
    assert!(entry.compatibility.compatible);
    assert_eq!(entry.compatibility.recommended_file.as_ref().unwrap().name, "pp-storybook_rank2_bf16.safetensors");
    assert_eq!(entry.size_bytes, Some(19_281_048));
    assert!(record.notes.is_empty());
    // The recording's permission flags; CivitAI names no licence id.
    let permissions = record.permissions.as_ref().expect("the record states its permissions");
    assert_eq!(
        permissions.commercial_use.as_deref(),
        Some(&["Image", "RentCivit", "Rent", "Sell"].map(String::from)[..])
    );
    assert_eq!(
        (permissions.derivatives, permissions.different_license, permissions.no_credit),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(record.license, None);
}

#[tokio::test]
async fn a_version_by_id_and_by_hash_is_judged_as_a_one_version_model() {
    let version_file = fixture_path("model-version_1387174_flux1d_lora.json");
    let sha256 = "9753338AB693CA82BF89ED77A5D1912879E40051463EC6E330FB9866CE798668";
    let server = Server::start(
        Scenario::new()
            .route("/api/v1/model-versions/1387174", Response::file(&version_file))
            .route(&format!("/api/v1/model-versions/by-hash/{sha256}"), Response::file(&version_file))
            .route(
                "/api/v1/model-versions/by-hash/3202778C3E",
                Response::file(fixture_path("model-version_1255556_flux1d_lora_with_creator.json")),
            )
            .route("/api/v1/model-versions/404404", error_response(404, "api-v1-model-versions_404.json")),
    )
    .await;
    let source = source(&server, Some(TOKEN));

    let by_id = source.get_version("1387174").await.unwrap();
    let by_hash = source.get_version_by_hash(sha256).await.unwrap();
    assert_eq!(by_id, by_hash);
    let judged = ModelEntry::judged(by_id.clone(), compat_core::default_catalog());
    assert_eq!(by_id.id, "1231067", "the parent model's id");
    assert_eq!(by_id.name, "Vivid Impressions Storybook Style");
    assert_eq!(by_id.metadata.versions.len(), 1);
    assert_eq!(by_id.metadata.versions[0].id, 1_387_174);
    assert_eq!(by_id.metadata.model_type.as_deref(), Some("LORA"));
    assert_eq!(by_id.metadata.base_model.as_deref(), Some("Flux.1 D"));
    assert!(judged.compatibility.compatible);
    assert_eq!(judged.compatibility, compat_core::is_model_compatible(&by_id.metadata));
    assert_eq!(judged.compatibility.recommended_file.as_ref().unwrap().name, "pp-storybook_rank2_bf16.safetensors");
    assert_eq!((by_id.downloads, by_id.likes), (Some(1436), Some(316)));
    assert_eq!(judged.size_bytes, Some(19_281_048));
    assert_eq!(by_id.url, Some(server.url("/models/1231067?modelVersionId=1387174")));
    assert_eq!(by_id.last_modified.as_deref(), Some("2025-02-08T11:29:04.526Z"));
    assert_eq!(by_id.permissions, None, "a version does not carry its model's permissions");

    let auto_v2 = source.get_version_by_hash("3202778C3E").await.unwrap();
    assert_eq!((auto_v2.id.as_str(), auto_v2.author.as_deref()), ("1117241", Some("PixelPawsAI")));
    assert_eq!(auto_v2.metadata.versions[0].id, 1_255_556);

    let err = source.get_version("404404").await.unwrap_err();
    assert!(matches!(&err, SourceError::NotFound { message, .. } if message == "Model not found"), "{err:?}");
    let before = server.request_count();
    for bad in ["", "abc", "../../../etc/passwd", "ABCD EFGH", "0123?x=1"] {
        let err = source.get_version_by_hash(bad).await.unwrap_err();
        assert_eq!(err.code().as_str(), "INVALID_ARGUMENT", "{bad}");
    }
    for bad in ["0", "-3", "1e5", "abc"] {
        assert_eq!(source.get_version(bad).await.unwrap_err().code().as_str(), "INVALID_ARGUMENT", "{bad}");
        assert_eq!(source.get_model(bad).await.unwrap_err().code().as_str(), "INVALID_ARGUMENT", "{bad}");
    }
    assert_eq!(server.request_count(), before, "invalid input makes no request");
}

#[tokio::test]
async fn the_key_travels_only_as_a_bearer_header() {
    let server = Server::start(
        Scenario::new()
            .route("/api/v1/models/1", error_response(401, "api-v1-models_401_auth-only-filter.json"))
            .route("/api/v1/models/2", Response::text("{\"id\": 2, \"modelVers").content_type("application/json"))
            .route("/api/v1/models/3", Response::html_error(200))
            .route("/api/v1/models/4", Response::json(json!({"error": "Model is being processed"})))
            .route("/api/v1/models", Response::json(json!({"not": "a page"}))),
    )
    .await;
    let options = options(&server, Some(TOKEN));
    assert!(!format!("{options:?}").contains(TOKEN));
    let source = CivitaiSource::new(options).unwrap();
    assert!(source.has_api_key());
    assert!(!format!("{source:?}").contains(TOKEN));

    let cases = [("1", "UNAUTHORIZED"), ("2", "DECODE_ERROR"), ("3", "DECODE_ERROR"), ("4", "DECODE_ERROR")];
    for (id, code) in cases {
        let err = source.get_model(id).await.unwrap_err();
        assert_eq!(err.code().as_str(), code, "{id}: {err:?}");
        assert!(!format!("{err} {err:?}").contains(TOKEN), "{id}");
    }
    let processing = source.get_model("4").await.unwrap_err();
    assert!(processing.to_string().contains("Model is being processed"), "{processing}");
    let err = source.list_page(&CivitaiQuery::default(), None).await.unwrap_err();
    assert_eq!(err.code().as_str(), "DECODE_ERROR", "{err:?}");
    assert!(!format!("{err} {err:?}").contains(TOKEN));
    for request in server.requests() {
        assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()), "{}", request.path);
        assert!(!request.query.contains(TOKEN) && !request.path.contains(TOKEN));
    }
}

#[tokio::test]
async fn a_repeating_cursor_stops_with_an_error() {
    let page = Response::json(json!({"items": [fixture(TI_LIST)["items"][0]], "metadata": {"nextCursor": "same"}}));
    let server = Server::start(Scenario::new().route("/api/v1/models", page)).await;
    let err = source(&server, None)
        .collect(&CivitaiQuery::default(), &everything(), compat_core::default_catalog())
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Pagination { .. }), "{err:?}");
    assert_eq!(server.request_count(), 2, "stopped at the first repeat");
}

#[tokio::test]
async fn bad_queries_and_options_are_refused_before_any_request() {
    let server = Server::start(Scenario::new()).await;
    let source = source(&server, None);
    let bad = [
        CivitaiQuery { limit: Some(101), ..CivitaiQuery::default() },
        CivitaiQuery { limit: Some(0), ..CivitaiQuery::default() },
        CivitaiQuery { types: vec!["Checkpoint,LORA".into()], ..CivitaiQuery::default() },
        CivitaiQuery { allow_commercial_use: Some("Lease".into()), ..CivitaiQuery::default() },
    ];
    for query in bad {
        let err = source.list_page(&query, None).await.unwrap_err();
        assert!(matches!(err, SourceError::InvalidQuery(_)), "{query:?}: {err:?}");
    }
    assert_eq!(
        source.list_page(&CivitaiQuery::default(), Some(" ")).await.unwrap_err().code().as_str(),
        "INVALID_ARGUMENT"
    );
    assert_eq!(server.request_count(), 0);

    for base_url in ["ftp://civitai.com", "not a url", "https://user:pw@civitai.com"] {
        let options = CivitaiOptions { base_url: Some(base_url.into()), ..CivitaiOptions::default() };
        let err = CivitaiSource::new(options).unwrap_err();
        assert_eq!(err.code().as_str(), "INVALID_ARGUMENT", "{base_url}");
        assert!(!err.to_string().contains("pw@"), "{err}");
    }
    let default = CivitaiSource::new(CivitaiOptions::default()).unwrap();
    assert_eq!(default.base_url().as_str(), "https://civitai.com/");
    let url = default.list_url(&CivitaiQuery { limit: Some(5), ..CivitaiQuery::default() }, Some("1|2")).unwrap();
    assert_eq!(url.as_str(), "https://civitai.com/api/v1/models?limit=5&cursor=1%7C2");
}

#[tokio::test]
async fn records_are_judged_with_the_caller_s_catalog_and_again_without_fetching() {
    let server = Server::start(Scenario::new().route(
        "/api/v1/models/1231067",
        Response::file(fixture_path("model_1231067_flux1d_lora_single_version.json")),
    ))
    .await;
    let mut text_only = compat_core::default_catalog().clone();
    text_only.workers.retain(|w| w.id == "llm-worker");
    assert_eq!(text_only.workers.len(), 1);
    let record = source(&server, None).get_model("1231067").await.unwrap();
    let everyone = ModelEntry::judged(record, compat_core::default_catalog());
    assert!(everyone.compatibility.compatible);
    assert_eq!(everyone.size_bytes, Some(19_281_048));
    let entry = everyone.rejudged(&text_only);
    assert_eq!(server.request_count(), 1, "judging again fetches nothing");
    assert!(!entry.compatibility.compatible, "no image worker in the catalog");
    assert_eq!(entry.compatibility, compat_core::judge(&entry.record.metadata, &text_only, None));
    assert_eq!(entry.size_bytes, None, "no recommended file, no size");
}
