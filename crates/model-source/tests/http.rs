//! The shared HTTP client against the loopback test server: retries, typed
//! errors, redirects, and a token that never leaks.

use std::time::{Duration, Instant};

use model_source::{HttpClient, HttpConfig, RetryPolicy, Secret, SourceError, Url};
use serde_json::json;
use testkit::{Response, Scenario, Server};

const TOKEN: &str = "hf_SECRETtoken1234567890";

fn client(token: Option<&str>) -> HttpClient {
    let config = HttpConfig {
        retry: RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            max_wait: Duration::from_secs(5),
        },
        ..HttpConfig::default()
    };
    let message = |body: &[u8]| -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        value.get("error")?.as_str().map(str::to_owned)
    };
    HttpClient::new(config, token.map(Secret::new), message).unwrap()
}

fn url(server: &Server, path: &str) -> Url {
    Url::parse(&server.url(path)).unwrap()
}

#[tokio::test]
async fn waits_as_told_by_retry_after_then_succeeds() {
    let server =
        Server::start(Scenario::new().route_seq(
            "/x",
            vec![Response::status(429).header("Retry-After", "1"), Response::json(json!({"ok": true}))],
        ))
        .await;
    let started = Instant::now();
    let (value, _) = client(None).get_json(url(&server, "/x")).await.unwrap();
    assert_eq!(value, json!({"ok": true}));
    assert!(started.elapsed() >= Duration::from_secs(1), "honoured Retry-After: {:?}", started.elapsed());
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn honours_the_hub_ratelimit_header() {
    let server = Server::start(Scenario::new().route_seq(
        "/x",
        vec![Response::status(429).header("RateLimit", "\"api\";r=0;t=1"), Response::json(json!([]))],
    ))
    .await;
    let started = Instant::now();
    client(None).get(url(&server, "/x")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_wait_longer_than_allowed_fails_at_once_as_rate_limited() {
    let server = Server::start(
        Scenario::new().route(
            "/x",
            Response::status(429)
                .header("Retry-After", "3600")
                .with_body(testkit::Body::Json(json!({"error": "slow down"}))),
        ),
    )
    .await;
    let err = client(None).get(url(&server, "/x")).await.unwrap_err();
    match &err {
        SourceError::RateLimited { retry_after, message, .. } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
            assert_eq!(message, "slow down");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(err.is_transient());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn server_errors_until_retries_run_out_give_a_transient_error() {
    for status in [500, 502, 503, 408] {
        let server = Server::start(Scenario::new().route("/x", Response::status(status))).await;
        let err = client(None).get(url(&server, "/x")).await.unwrap_err();
        assert!(matches!(err, SourceError::Http { status: s, .. } if s == status), "{err:?}");
        assert!(err.is_transient());
        assert_eq!(server.request_count(), 3, "first try + 2 retries for {status}");
    }
}

#[tokio::test]
async fn statuses_map_to_their_variants_with_the_server_message() {
    type IsVariant = fn(&SourceError) -> bool;
    let cases: [(u16, IsVariant); 4] = [
        (401, |e| matches!(e, SourceError::Unauthorized { .. })),
        (403, |e| matches!(e, SourceError::Forbidden { .. })),
        (404, |e| matches!(e, SourceError::NotFound { .. })),
        (400, |e| matches!(e, SourceError::Http { status: 400, .. })),
    ];
    for (status, is_variant) in cases {
        let body = testkit::Body::Json(json!({"error": format!("nope {status}")}));
        let server = Server::start(Scenario::new().route("/x", Response::status(status).with_body(body))).await;
        let err = client(Some(TOKEN)).get(url(&server, "/x")).await.unwrap_err();
        assert!(is_variant(&err), "{status}: {err:?}");
        assert!(!err.is_transient(), "{status} is not transient");
        assert!(err.to_string().contains(&format!("nope {status}")), "{err}");
        assert!(err.to_string().contains("/x"), "names the URL: {err}");
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.request_count(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn malformed_truncated_and_html_bodies_are_decode_errors_naming_the_url() {
    let big = json!({"items": (0..200).map(|i| json!({"id": i})).collect::<Vec<_>>()});
    let server = Server::start(
        Scenario::new()
            .route("/malformed", Response::text("{\"id\": ").content_type("application/json"))
            .route("/truncated", Response::json(big).truncate_at(100))
            .route(
                "/html",
                Response::text("<html><head><title>Just a moment...</title></head></html>").content_type("text/html"),
            ),
    )
    .await;
    for path in ["/malformed", "/truncated", "/html"] {
        let err = client(None).get_json(url(&server, path)).await.unwrap_err();
        assert!(matches!(err, SourceError::Decode { .. }), "{path}: {err:?}");
        assert!(err.to_string().contains(path), "{path}: {err}");
    }
}

#[tokio::test]
async fn html_error_pages_become_http_errors_with_their_title() {
    let server = Server::start(Scenario::new().route("/x", Response::html_error(502))).await;
    let err = client(None).get(url(&server, "/x")).await.unwrap_err();
    assert!(matches!(err, SourceError::Http { status: 502, .. }), "{err:?}");
    assert!(!err.to_string().contains("<html"), "no raw HTML in messages: {err}");
}

#[tokio::test]
async fn follows_a_relative_rename_redirect_with_the_token() {
    let server = Server::start(
        Scenario::new()
            .route("/api/models/gpt2", Response::redirect(307, "/api/models/openai-community/gpt2"))
            .route("/api/models/openai-community/gpt2", Response::json(json!({"id": "openai-community/gpt2"}))),
    )
    .await;
    let (value, response) = client(Some(TOKEN)).get_json(url(&server, "/api/models/gpt2")).await.unwrap();
    assert_eq!(value["id"], "openai-community/gpt2");
    assert!(response.url.path().ends_with("/openai-community/gpt2"));
    let auth: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("authorization").map(str::to_owned)).collect();
    assert_eq!(auth, vec![Some(format!("Bearer {TOKEN}")); 2], "same host keeps the token");
}

#[tokio::test]
async fn the_token_is_not_sent_to_another_host_on_redirect() {
    let other = Server::start(Scenario::new().route("/file", Response::json(json!({"ok": 1})))).await;
    let server = Server::start(Scenario::new().route("/x", Response::redirect(302, &other.url("/file")))).await;
    client(Some(TOKEN)).get(url(&server, "/x")).await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(other.requests().len(), 1);
    assert_eq!(other.requests()[0].header("authorization"), None, "token leaked to another host");
}

#[tokio::test]
async fn the_token_is_absent_from_every_error_and_debug_output() {
    let server = Server::start(
        Scenario::new()
            .route("/401", Response::status(401))
            .route("/429", Response::status(429).header("Retry-After", "999"))
            .route("/500", Response::status(500))
            .route("/bad", Response::text("nope").content_type("application/json")),
    )
    .await;
    let client = client(Some(TOKEN));
    assert!(!format!("{client:?}").contains(TOKEN));
    for path in ["/401", "/429", "/500", "/bad", "/missing"] {
        let err = client.get_json(url(&server, path)).await.unwrap_err();
        assert!(!format!("{err} {err:?}").contains(TOKEN), "{path}: {err:?}");
    }
    // A refused connection, too.
    let dead = Url::parse("http://127.0.0.1:9/x").unwrap();
    let err = client.get(dead).await.unwrap_err();
    assert!(matches!(err, SourceError::Transport { .. }) && err.is_transient(), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_redirect_loop_is_its_own_error_not_an_invented_status() {
    let server = Server::start(Scenario::new().route("/loop", Response::redirect(302, "/loop"))).await;
    let err = client(None).get(url(&server, "/loop")).await.unwrap_err();
    assert!(matches!(err, SourceError::TooManyRedirects { max: 5, .. }), "{err:?}");
    assert_eq!((err.code(), err.status()), (model_source::ErrorCode::TooManyRedirects, None));
    assert!(!err.is_transient());
    assert_eq!(server.request_count(), 6, "the first request and 5 redirects, no retry");
}

#[tokio::test]
async fn a_redirect_off_http_fails_once_with_its_status() {
    for location in ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:,hi"] {
        let server = Server::start(Scenario::new().route("/x", Response::redirect(302, location))).await;
        let err = client(None).get(url(&server, "/x")).await.unwrap_err();
        assert!(matches!(err, SourceError::Http { status: 302, .. }), "{location}: {err:?}");
        assert!(!err.is_transient(), "{location}: asking again gets the same redirect");
        assert_eq!(server.request_count(), 1, "{location}: not retried");
    }
}

#[tokio::test]
async fn server_text_that_echoes_the_token_is_cut_out_and_short() {
    let echo = format!("{{\"error\": \"bad token Bearer {TOKEN} {}\"}}", "padding ".repeat(100));
    let server = Server::start(
        Scenario::new()
            .route("/json", Response::text(echo.clone()).with_status(400))
            .route("/plain", Response::text(format!("{TOKEN}\n{TOKEN}")).with_status(500).content_type("text/plain"))
            .route("/ok-but-bad", Response::text(format!("not json {TOKEN}"))),
    )
    .await;
    let client = client(Some(TOKEN));
    for path in ["/json", "/plain", "/ok-but-bad"] {
        let err = client.get_json(url(&server, path)).await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(TOKEN) && !text.contains(&TOKEN[..12]), "{path}: {text}");
        assert!(err.to_string().contains("<redacted>"), "{path}: {err}");
        assert!(err.to_string().chars().count() < 300, "{path}: {err}");
    }
}

#[tokio::test]
async fn a_timeout_says_timed_out() {
    let server = Server::start(Scenario::new().route("/slow", Response::json(json!([])).delay(2_000))).await;
    let config =
        HttpConfig { timeout: Duration::from_millis(200), retry: RetryPolicy::none(), ..HttpConfig::default() };
    let client = HttpClient::new(config, None, |_| None).unwrap();
    let err = client.get(url(&server, "/slow")).await.unwrap_err();
    assert!(matches!(err, SourceError::Transport { timeout: true, .. }), "{err:?}");
    assert!(err.to_string().starts_with("timed out for "), "{err}");
    assert!(std::error::Error::source(&err).is_some(), "keeps its cause");
}

#[tokio::test]
async fn a_call_ends_at_its_budget_whatever_the_retries() {
    // Every attempt hangs: without a budget this call would take 4 attempts × the timeout.
    let server = Server::start(Scenario::new().route("/slow", Response::json(json!({})).delay(60_000))).await;
    let config = HttpConfig {
        timeout: Duration::from_secs(30),
        budget: Duration::from_millis(300),
        retry: RetryPolicy { max_retries: 3, ..RetryPolicy::default() },
        ..HttpConfig::default()
    };
    let client = HttpClient::new(config, None, |_| None).unwrap();
    let started = Instant::now();
    let error = client.get(url(&server, "/slow")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    assert!(matches!(error, SourceError::Transport { timeout: true, .. }), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(error.to_string().starts_with("timed out for "), "{error}");
}
