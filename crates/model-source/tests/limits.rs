//! Bodies that never end or claim to be huge: the client stops at the cap for the kind of
//! request with a typed error, quickly, having allocated nothing beyond the cap.

use std::time::{Duration, Instant};

use model_source::{BodyKind, BodyLimits, ErrorCode, HttpClient, HttpConfig, RetryPolicy, SourceError, Url};
use serde_json::json;
use testkit::{Response, Scenario, Server};

const CAP: u64 = 256 << 10;

fn client() -> HttpClient {
    let config = HttpConfig {
        retry: RetryPolicy::none(),
        timeout: Duration::from_secs(20),
        body_limits: BodyLimits { page: CAP, config: 1 << 10, header_range: 4 << 10 },
        ..HttpConfig::default()
    };
    HttpClient::new(config, None, |_| None).unwrap()
}

fn url(server: &Server, path: &str) -> Url {
    Url::parse(&server.url(path)).unwrap()
}

type Expected = fn(&SourceError) -> bool;

/// (route, response, what the client must answer). Each must come back well within the
/// timeout: none of them may be read to its (non-existent) end.
fn cases() -> Vec<(&'static str, Response, Expected)> {
    vec![
        ("/endless", Response::endless("[{\"id\":\"a/b\"},"), |e| {
            matches!(e, SourceError::ResponseTooLarge { limit: CAP, declared: None, .. })
        }),
        ("/100gb", Response::json(json!([])).content_length(100_000_000_000), |e| {
            matches!(e, SourceError::ResponseTooLarge { declared: Some(100_000_000_000), .. })
        }),
        (
            "/just-over",
            Response::json(json!([])).content_length(CAP + 1),
            |e| matches!(e, SourceError::ResponseTooLarge { declared: Some(n), .. } if *n == CAP + 1),
        ),
        // A length under the cap on an endless body: HTTP/1.1 ends the body at the declared
        // length, so the client reads 100 bytes of a cut JSON text and says so.
        ("/lying", Response::endless("[{\"id\":\"a/b\"},").content_length(100), |e| {
            matches!(e, SourceError::Decode { .. })
        }),
    ]
}

#[tokio::test]
async fn oversized_bodies_fail_fast_with_a_typed_error() {
    let mut scenario = Scenario::new();
    for (path, response, _) in cases() {
        scenario = scenario.route(path, response);
    }
    let server = Server::start(scenario).await;
    let client = client();
    for (path, _, expected) in cases() {
        let started = Instant::now();
        let err = client.get_json(url(&server, path)).await.unwrap_err();
        assert!(expected(&err), "{path}: {err:?}");
        assert!(!err.is_transient(), "{path}: asking again gets the same body");
        assert!(started.elapsed() < Duration::from_secs(5), "{path} took {:?}", started.elapsed());
    }
    let too_large = client.get(url(&server, "/endless")).await.unwrap_err();
    assert_eq!(too_large.code(), ErrorCode::ResponseTooLarge);
    assert!(too_large.to_string().contains(&format!("{CAP}-byte cap")), "{too_large}");
}

#[tokio::test]
async fn each_kind_of_request_has_its_own_cap() {
    let body = json!({"max_position_embeddings": 4096, "pad": "x".repeat(2000)});
    let server = Server::start(Scenario::new().route("/config.json", Response::json(body.clone()))).await;
    let client = client();
    // 2 KB is a fine page and too much for a config.json capped at 1 KB.
    let (value, _) = client.get_json(url(&server, "/config.json")).await.unwrap();
    assert_eq!(value, body);
    let err = client.get_json_as(url(&server, "/config.json"), BodyKind::Config).await.unwrap_err();
    assert!(matches!(err, SourceError::ResponseTooLarge { limit: 1024, .. }), "{err:?}");
}

#[tokio::test]
async fn error_pages_are_cut_not_failed() {
    let server = Server::start(Scenario::new().route("/x", Response::endless("boom ").with_status(400))).await;
    let err = client().get(url(&server, "/x")).await.unwrap_err();
    assert!(matches!(err, SourceError::Http { status: 400, .. }), "{err:?}");
    assert!(err.to_string().chars().count() < 400, "one short line: {err}");
}
