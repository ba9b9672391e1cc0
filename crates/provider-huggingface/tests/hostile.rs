//! The Rust API against a hostile Hub (issue 16): the same testkit routes the CLI's hostile
//! suite uses, here through `HuggingFaceSource` directly.

use std::time::{Duration, Instant};

use model_source::{BodyLimits, ErrorCode, HttpConfig, ModelSource, RetryPolicy, SourceError};
use provider_huggingface::{HfQuery, HuggingFaceOptions, HuggingFaceSource};
use testkit::Server;
use testkit::hostile;

fn source(server: &Server, enrich_budget: Duration) -> HuggingFaceSource {
    HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(server.base_url()),
        http: HttpConfig {
            retry: RetryPolicy { base_delay: Duration::from_millis(5), ..RetryPolicy::default() },
            ..HttpConfig::default()
        },
        enrich_listings: true,
        enrich_concurrency: 4,
        enrich_budget: Some(enrich_budget),
        ..HuggingFaceOptions::default()
    })
    .unwrap()
}

#[tokio::test]
async fn hanging_config_reads_stop_at_the_budget_and_say_so() {
    let server = Server::start(hostile::hanging_configs(12, Duration::from_secs(600))).await;
    let hub = source(&server, Duration::from_secs(1));
    let started = Instant::now();
    let page = hub.list_page(&HfQuery::default(), None).await.unwrap();
    let took = started.elapsed();
    // One budget for the whole page, not one per model or per batch: 12 models at 4 at a
    // time would be 3 budgets if it restarted.
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(page.records.len(), 12);
    for entry in &page.records {
        assert!(entry.notes.iter().any(|n| n.contains("enrichment budget of 1 s ran out")), "{:?}", entry.notes);
        assert_eq!(entry.metadata.context_length, None, "judged without config.json");
    }
}

#[tokio::test]
async fn a_quick_config_read_is_used_within_the_budget() {
    let server = Server::start(hostile::hanging_configs(2, Duration::from_millis(10))).await;
    let page = source(&server, Duration::from_secs(30)).list_page(&HfQuery::default(), None).await.unwrap();
    for entry in &page.records {
        assert_eq!(entry.metadata.context_length, Some(32_768), "{:?}", entry.notes);
    }
}

#[tokio::test]
async fn overflowing_numbers_are_unknown() {
    let record = hostile::overflowing_record();
    let server = Server::start(hostile::hub(std::slice::from_ref(&record))).await;
    let entry = source(&server, Duration::from_secs(5)).get_model("big/numbers").await.unwrap();
    assert_eq!(entry.metadata.parameters, None, "the safetensors counts overflow");
    assert!(entry.notes.iter().any(|n| n.contains("safetensors.parameters")), "{:?}", entry.notes);
    let verdict = compat_core::judge(&entry.metadata, compat_core::default_catalog(), None);
    let split: Vec<_> = verdict.files.iter().filter(|f| f.parts > 1).collect();
    assert_eq!(split.len(), 2, "{:?}", verdict.files);
    for file in split {
        assert_eq!(file.size_bytes, None, "{}: the shard sizes overflow", file.name);
        // The verdict says why the size is missing, for the workers that saw the file.
        let warning = format!("{}: the sizes of its {} parts add up past 2^64 bytes", file.name, file.parts);
        let said = verdict.workers.iter().any(|w| w.warnings.iter().any(|t| t.starts_with(&warning)));
        assert!(said, "{warning}: {:#?}", verdict.workers);
    }
    // The text worker judged the files (the image worker stopped at the model's kind).
    assert!(verdict.codes.contains(&compat_core::Code::SizeUnknown), "{:?}", verdict.codes);
}

const TOKEN: &str = "hf_hostileSuiteToken0123456789";

fn source_with_token(url: &str) -> HuggingFaceSource {
    HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(url.to_owned()),
        token: Some(TOKEN.into()),
        http: HttpConfig {
            retry: RetryPolicy { base_delay: Duration::from_millis(5), ..RetryPolicy::default() },
            ..HttpConfig::default()
        },
        enrich_listings: true,
        enrich_concurrency: 4,
        enrich_budget: Some(Duration::from_secs(20)),
        ..HuggingFaceOptions::default()
    })
    .unwrap()
}

/// Every `Authorization` header a server received.
fn authorizations(server: &Server) -> Vec<Option<String>> {
    server.requests().iter().map(|r| r.header("authorization").map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_100_mb_page_stops_at_the_cap_with_a_typed_error() {
    for declared in [false, true] {
        let server = Server::start(hostile::huge_listing(hostile::HUGE_PAGE_BYTES, declared)).await;
        let started = Instant::now();
        let error = source(&server, Duration::from_secs(5)).list_page(&HfQuery::default(), None).await.unwrap_err();
        let limit = BodyLimits::default().page;
        let expected = if declared { Some(hostile::HUGE_PAGE_BYTES) } else { None };
        assert!(
            matches!(&error, SourceError::ResponseTooLarge { limit: l, declared: d, .. } if *l == limit && *d == expected),
            "declared {declared}: {error:?}"
        );
        assert_eq!(error.code(), ErrorCode::ResponseTooLarge);
        assert_eq!(server.request_count(), 1, "declared {declared}: not retried, the same page would come back");
        // Reading 64 MiB over loopback takes well under a second; the bound is for a loaded machine.
        assert!(started.elapsed() < Duration::from_secs(30), "declared {declared}: {:?}", started.elapsed());
        // Streamed: the client stopped at the cap, not at the end of the 100 MB.
        assert!(server.bytes_sent() <= hostile::HUGE_PAGE_BYTES, "{}", server.bytes_sent());
    }
}

#[tokio::test]
async fn a_redirect_loop_is_too_many_redirects_not_an_http_status() {
    let server = Server::start(hostile::redirect_loop("owner/model")).await;
    let hub = source(&server, Duration::from_secs(5));
    let listing = hub.list_page(&HfQuery::default(), None).await.unwrap_err();
    let model = hub.get_model("owner/model").await.unwrap_err();
    for error in [&listing, &model] {
        assert!(matches!(error, SourceError::TooManyRedirects { max: 5, .. }), "{error:?}");
        assert_eq!((error.code(), error.status(), error.is_transient()), (ErrorCode::TooManyRedirects, None, false));
    }
    assert_eq!(server.request_count(), 12, "each call: the first request and 5 redirects, no retry");
}

#[tokio::test]
async fn a_redirect_to_a_file_url_fails_once() {
    let server = Server::start(hostile::redirect_off_http("owner/model", "file:///etc/passwd")).await;
    let hub = source(&server, Duration::from_secs(5));
    let listing = hub.list_page(&HfQuery::default(), None).await.unwrap_err();
    let model = hub.get_model("owner/model").await.unwrap_err();
    for error in [&listing, &model] {
        assert!(matches!(error, SourceError::Http { status: 302, .. }), "{error:?}");
        assert!(error.to_string().contains("redirect to a file: URL, which is not HTTP"), "{error}");
        assert!(!error.is_transient(), "{error:?}");
    }
    assert_eq!(server.request_count(), 2, "one request per call: not retried as a network failure");
}

#[tokio::test]
async fn a_next_link_with_credentials_is_not_followed() {
    let server = Server::start(hostile::next_link_with_credentials()).await;
    let hub = source_with_token(&server.base_url());
    let error = hub.list_page(&HfQuery::default(), None).await.unwrap_err();
    assert!(matches!(&error, SourceError::Pagination { .. }), "{error:?}");
    assert!(error.to_string().contains("user credentials"), "{error}");
    assert!(!error.to_string().contains("pw@"), "the credentials are not repeated: {error}");
    // Page 1 (and the listed model's config.json) were read with the token; page 2 never.
    assert!(server.requests().iter().all(|r| r.query_values("cursor").is_empty()), "{:?}", server.requests());
    assert!(authorizations(&server).iter().all(|a| a.as_deref() == Some(&format!("Bearer {TOKEN}"))));
}

#[tokio::test]
async fn the_token_never_goes_to_another_origin() {
    let id = "owner/model";
    let other = Server::start(hostile::elsewhere(id)).await;
    let api = Server::start(hostile::redirects_elsewhere(id, &other.base_url())).await;
    let hub = source_with_token(&api.base_url());

    // The record and the listed model's config.json both redirect to the other port.
    let entry = hub.get_model(id).await.unwrap();
    assert_eq!(entry.metadata.id, id);
    let page = hub.list_page(&HfQuery::default(), None).await.unwrap();
    assert_eq!(
        page.records[0].metadata.context_length,
        Some(hostile::ELSEWHERE_CONTEXT),
        "{:?}",
        page.records[0].notes
    );
    let sent_here = authorizations(&api);
    assert!(
        sent_here.len() >= 3 && sent_here.iter().all(|a| a.as_deref() == Some(&format!("Bearer {TOKEN}"))),
        "{sent_here:?}"
    );
    let sent_there = authorizations(&other);
    assert!(sent_there.len() >= 2 && sent_there.iter().all(Option::is_none), "{sent_there:?}");

    // A next link to the other port is refused before anything is sent there.
    let other = Server::start(hostile::elsewhere(id)).await;
    let api = Server::start(hostile::next_link_elsewhere(id, &other.base_url())).await;
    let error = source_with_token(&api.base_url()).list_page(&HfQuery::default(), None).await.unwrap_err();
    assert!(matches!(&error, SourceError::Pagination { .. }), "{error:?}");
    assert!(error.to_string().contains("another host"), "{error}");
    assert_eq!(other.request_count(), 0);
    assert!(!format!("{error} {error:?}").contains(TOKEN));
}
