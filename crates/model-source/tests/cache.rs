//! The response cache against the loopback test server: what answers from memory, what goes
//! out again, and what is never kept.

use std::sync::Arc;
use std::time::{Duration, Instant};

use model_source::{CacheConfig, HttpClient, HttpConfig, ResponseCache, RetryPolicy, Secret, SourceError, Url};
use serde_json::{Value, json};
use testkit::{Response, Scenario, Server};

fn cache(ttl_ms: u64, stale_ms: u64) -> Arc<ResponseCache> {
    Arc::new(ResponseCache::new(CacheConfig {
        ttl: Duration::from_millis(ttl_ms),
        stale_while_revalidate: Duration::from_millis(stale_ms),
        max_entries: 100,
    }))
}

fn client(cache: &Arc<ResponseCache>, token: Option<&str>) -> HttpClient {
    let config = HttpConfig { retry: RetryPolicy::none(), cache: Some(Arc::clone(cache)), ..HttpConfig::default() };
    HttpClient::new(config, token.map(Secret::new), |_| None).unwrap()
}

fn url(server: &Server, path: &str) -> Url {
    Url::parse(&server.url(path)).unwrap()
}

async fn get(client: &HttpClient, server: &Server, path: &str) -> Result<Value, SourceError> {
    client.get_json(url(server, path)).await.map(|(value, _)| value)
}

/// Calls until the answer is `want` (a background refresh landing), within two seconds.
async fn until(client: &HttpClient, server: &Server, path: &str, want: &Value) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        if get(client, server, path).await.unwrap() == *want {
            return;
        }
        assert!(Instant::now() < deadline, "the refresh never landed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_second_identical_request_answers_from_memory_with_the_headers() {
    let server = Server::start(
        Scenario::new()
            .route("/api/models", Response::json(json!([{"id": "a"}])).header("Link", "<http://x/next>; rel=\"next\"")),
    )
    .await;
    let cache = cache(60_000, 0);
    let client = client(&cache, None);
    let (first, _) = client.get_json(url(&server, "/api/models?limit=1")).await.unwrap();
    let (second, response) = client.get_json(url(&server, "/api/models?limit=1")).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(server.request_count(), 1);
    // The headers a provider pages with come from memory too.
    assert_eq!(response.header("link"), Some("<http://x/next>; rel=\"next\""));
    assert_eq!(response.status, 200);

    // Another query is another entry. Another client sharing the cache with the same token
    // (none here) answers from memory.
    get(&client, &server, "/api/models?limit=2").await.unwrap();
    assert_eq!(server.request_count(), 2);
    let other = self::client(&cache, None);
    get(&other, &server, "/api/models?limit=2").await.unwrap();
    assert_eq!(server.request_count(), 2);
    let stats = cache.stats();
    assert_eq!((stats.hits, stats.misses, stats.entries), (2, 2, 2));
}

#[tokio::test]
async fn an_entry_older_than_its_ttl_is_fetched_again() {
    let server = Server::start(
        Scenario::new().route_seq("/x", vec![Response::json(json!({"v": 1})), Response::json(json!({"v": 2}))]),
    )
    .await;
    let cache = cache(50, 0);
    let client = client(&cache, None);
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 2}));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_stale_entry_answers_at_once_while_one_refresh_runs_in_the_background() {
    let server = Server::start(
        Scenario::new()
            .route_seq("/x", vec![Response::json(json!({"v": 1})), Response::json(json!({"v": 2})).delay(500)]),
    )
    .await;
    let cache = cache(50, 60_000);
    let client = client(&cache, None);
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    tokio::time::sleep(Duration::from_millis(80)).await;

    // The refresh answers `{"v": 2}` after 500 ms: a call that waited for it would return that.
    // The stale answers do not wait, and start no second refresh.
    for _ in 0..3 {
        assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    }
    until(&client, &server, "/x", &json!({"v": 2})).await;
    assert_eq!(server.request_count(), 2, "one refresh for all the stale answers");
    let stats = cache.stats();
    assert!(stats.stale_hits >= 3, "{stats:?}");
}

#[tokio::test]
async fn etags_are_sent_back_and_a_304_refreshes_the_entry() {
    let server = Server::start(Scenario::new().etags().route("/x", Response::json(json!({"v": 1})))).await;
    // A TTL of zero: every call asks the server, conditionally.
    let cache = cache(0, 0);
    let client = client(&cache, None);
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("if-none-match"), None);
    let etag = requests[1].header("if-none-match").expect("the second request is conditional");
    assert!(etag.starts_with('"'), "{etag}");
    assert_eq!(cache.stats().not_modified, 1);

    // A 304 in the background brings a stale entry back to fresh.
    let cache = self::cache(50, 60_000);
    let client = self::client(&cache, None);
    get(&client, &server, "/x").await.unwrap();
    tokio::time::sleep(Duration::from_millis(80)).await;
    get(&client, &server, "/x").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    while cache.stats().not_modified < 1 {
        assert!(Instant::now() < deadline, "no 304: {:?}", cache.stats());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before = server.request_count();
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    assert_eq!(server.request_count(), before, "fresh again after the 304");
}

#[tokio::test]
async fn a_changed_body_under_a_new_etag_replaces_the_entry() {
    let server = Server::start(
        Scenario::new().etags().route_seq("/x", vec![Response::json(json!({"v": 1})), Response::json(json!({"v": 2}))]),
    )
    .await;
    let cache = cache(0, 0);
    let client = client(&cache, None);
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 2}));
    // Now the server's body matches the stored one: 304s from here on.
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 2}));
    assert_eq!(cache.stats().not_modified, 1);
}

#[tokio::test]
async fn errors_are_never_kept() {
    let html = Response::text("<html><title>Just a moment...</title></html>").content_type("text/html");
    let server = Server::start(
        Scenario::new()
            .route_seq("/status", vec![Response::status(500), Response::json(json!({"ok": 1}))])
            .route_seq("/html", vec![html, Response::json(json!({"ok": 2}))])
            .route_seq("/missing", vec![Response::status(404), Response::json(json!({"ok": 3}))]),
    )
    .await;
    let cache = cache(60_000, 60_000);
    let client = client(&cache, None);
    for (path, ok) in [("/status", 1), ("/html", 2), ("/missing", 3)] {
        assert!(get(&client, &server, path).await.is_err(), "{path}");
        assert_eq!(get(&client, &server, path).await.unwrap(), json!({ "ok": ok }), "{path} asked again");
        assert_eq!(get(&client, &server, path).await.unwrap(), json!({ "ok": ok }), "{path} from memory");
    }
    assert_eq!(server.request_count(), 6);
    assert_eq!(cache.len(), 3);
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_stale_entry_and_a_later_one_may_succeed() {
    let server = Server::start(Scenario::new().route_seq(
        "/x",
        vec![Response::json(json!({"v": 1})), Response::status(503), Response::json(json!({"v": 3}))],
    ))
    .await;
    let cache = cache(50, 60_000);
    let client = client(&cache, None);
    get(&client, &server, "/x").await.unwrap();
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(get(&client, &server, "/x").await.unwrap(), json!({"v": 1}));
    let deadline = Instant::now() + Duration::from_secs(2);
    while server.request_count() < 2 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The 503 was not stored: the stale entry still answers, and starts the next refresh.
    until(&client, &server, "/x", &json!({"v": 3})).await;
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn different_tokens_never_share_an_entry() {
    let server = Server::start(Scenario::new().route("/x", Response::json(json!({"v": 1})))).await;
    let cache = cache(60_000, 0);
    let alice = client(&cache, Some("hf_alice_token"));
    let bob = client(&cache, Some("hf_bob_token"));
    let anonymous = client(&cache, None);
    for client in [&alice, &bob, &anonymous] {
        get(client, &server, "/x").await.unwrap();
    }
    assert_eq!(server.request_count(), 3, "one request per token");
    let sent: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("authorization").map(str::to_owned)).collect();
    assert_eq!(
        sent,
        [Some("Bearer hf_alice_token".to_owned()), Some("Bearer hf_bob_token".to_owned()), None],
        "each request carried its own token"
    );
    // The same token, in another client, shares.
    get(&client(&cache, Some("hf_alice_token")), &server, "/x").await.unwrap();
    assert_eq!(server.request_count(), 3);
    assert_eq!(cache.len(), 3);
    assert!(!format!("{cache:?}").contains("hf_alice_token"));
}

#[tokio::test]
async fn what_a_source_derives_is_kept_and_a_body_it_refuses_is_asked_again() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = Server::start(
        Scenario::new()
            .etags()
            .route("/page", Response::json(json!([1, 2, 3])))
            .route_seq("/shape", vec![Response::json(json!({"error": "not a page"})), Response::json(json!([1]))]),
    )
    .await;
    let derives = AtomicUsize::new(0);
    let count = |body: Arc<Value>, response: &model_source::HttpResponse| {
        derives.fetch_add(1, Ordering::Relaxed);
        body.as_array()
            .map(Vec::len)
            .ok_or_else(|| SourceError::Decode { url: response.url.to_string(), context: "expected an array".into() })
    };

    // Kept beside the body: derived once, however often it is read.
    let cache = cache(60_000, 0);
    let client = client(&cache, None);
    for _ in 0..3 {
        let (n, _) = client.get_json_derived(url(&server, "/page"), model_source::BodyKind::Page, count).await.unwrap();
        assert_eq!(n, 3);
    }
    assert_eq!((server.request_count(), derives.load(Ordering::Relaxed)), (1, 1));

    // A 200 of the wrong shape is an error: not served from memory, asked again.
    let shape = || client.get_json_derived(url(&server, "/shape"), model_source::BodyKind::Page, count);
    assert!(matches!(shape().await, Err(SourceError::Decode { .. })));
    assert_eq!(shape().await.unwrap().0, 1);
    assert_eq!(shape().await.unwrap().0, 1);
    assert_eq!(server.request_count(), 3, "the refused body was asked again, the good one kept");

    // A 304 keeps the body and what was derived from it.
    let cache = self::cache(0, 0);
    let client = self::client(&cache, None);
    let before = derives.load(Ordering::Relaxed);
    for _ in 0..3 {
        client.get_json_derived(url(&server, "/page"), model_source::BodyKind::Page, count).await.unwrap();
    }
    assert_eq!(cache.stats().not_modified, 2);
    assert_eq!(derives.load(Ordering::Relaxed) - before, 1, "derived once across the 304s");

    // Without a cache, derived every time.
    let plain =
        HttpClient::new(HttpConfig { retry: RetryPolicy::none(), ..HttpConfig::default() }, None, |_| None).unwrap();
    let before = derives.load(Ordering::Relaxed);
    for _ in 0..2 {
        plain.get_json_derived(url(&server, "/page"), model_source::BodyKind::Page, count).await.unwrap();
    }
    assert_eq!(derives.load(Ordering::Relaxed) - before, 2);
}

/// Ranged reads (weight-file headers) never go through the cache: a part of a file is never
/// kept as its whole nor served from it, and a range is never asked with the whole body's
/// `ETag` (a `304` would say nothing about the bytes asked for).
#[tokio::test]
async fn ranged_reads_bypass_the_cache_both_ways() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cache-ranges");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("doc.json"), br#"{"whole": "document"}"#).unwrap();
    let server = Server::start(
        Scenario::new().etags().static_dir("/files/", &dir).route("/api/x", Response::json(json!({"whole": "route"}))),
    )
    .await;
    let cache = cache(60_000, 0);
    let client = client(&cache, None);
    let file = url(&server, "/files/doc.json");

    // A range first: answered in part and not kept, so the whole document is then asked for.
    let part = client.get_range(file.clone(), 0..4, 1024).await.unwrap();
    assert_eq!((part.status, &part.body[..]), (206, &b"{\"wh"[..]));
    assert!(cache.is_empty());
    let (whole, _) = client.get_json(file.clone()).await.unwrap();
    assert_eq!(whole, json!({"whole": "document"}));
    assert_eq!(server.request_count(), 2);
    assert_eq!(cache.len(), 1);

    // The whole document kept: a range still goes out, and gets its bytes, not the body.
    let part = client.get_range(file.clone(), 2..9, 1024).await.unwrap();
    assert_eq!((part.status, &part.body[..]), (206, &b"whole\":"[..]));
    assert_eq!(server.request_count(), 3);
    assert_eq!(server.requests()[2].header("range"), Some("bytes=2-8"));
    // ... and the whole document still answers from memory, whole.
    assert_eq!(get(&client, &server, "/files/doc.json").await.unwrap(), whole);
    assert_eq!(server.request_count(), 3);

    // A kept entry with an ETag (the route has one; statics do not): a range of the same URL
    // is sent without If-None-Match, so the answer is bytes, never a 304. This server ignores
    // ranges on routes: a 200 whose body is cut at the range's cap.
    // A TTL of 0: every whole read asks again, with the kept ETag.
    let expired = self::cache(0, 0);
    let client = self::client(&expired, None);
    get(&client, &server, "/api/x").await.unwrap();
    let part = client.get_range(url(&server, "/api/x"), 0..5, 5).await.unwrap();
    assert_eq!((part.status, &part.body[..]), (200, &b"{\"who"[..]));
    let asked = server.requests();
    let ranged = asked.last().unwrap();
    assert_eq!((ranged.path.as_str(), ranged.header("range")), ("/api/x", Some("bytes=0-4")));
    assert_eq!(ranged.header("if-none-match"), None);
    // The whole read after it is still the whole body (revalidated: a 304 keeps the entry).
    assert_eq!(get(&client, &server, "/api/x").await.unwrap(), json!({"whole": "route"}));
    assert_eq!(asked.len() + 1, server.request_count());
    assert!(server.requests().last().unwrap().header("if-none-match").is_some());
    assert_eq!(expired.stats().not_modified, 1);
}

/// `ResponseCache::traced` notes what a call read; `answers_unchanged` holds while each of
/// those bodies is still kept, fresh and the same (the bindings hand out a kept call result
/// on it), and never for a call that read anything else.
#[tokio::test]
async fn a_trace_holds_while_the_bodies_it_read_are_kept_fresh_and_unchanged() {
    let server = Server::start(
        Scenario::new()
            .etags()
            .route("/a", Response::json(json!({"a": 1})))
            .route_seq("/b", vec![Response::json(json!({"b": 1})), Response::json(json!({"b": 2}))])
            .route_seq("/c", vec![Response::json(json!({"c": 1})), Response::json(json!({"c": 2}))])
            .route("/missing", Response::status(404))
            .route("/slow", Response::json(json!({})).delay(500)),
    )
    .await;
    let cache = cache(60_000, 0);
    let client = client(&cache, None);
    let both = || async {
        get(&client, &server, "/a").await.unwrap();
        get(&client, &server, "/b").await.unwrap()
    };

    let (b, trace) = ResponseCache::traced(both()).await;
    assert_eq!(b, json!({"b": 1}));
    assert!(trace.is_complete(), "{trace:?}");
    assert!(cache.answers_unchanged(&trace, Instant::now()));
    // From memory, the same bodies: the same trace holds.
    let (_, again) = ResponseCache::traced(both()).await;
    assert!(again.is_complete() && cache.answers_unchanged(&again, Instant::now()));
    assert_eq!(server.request_count(), 2);
    // Past the TTL it does not (the bodies may have changed)...
    assert!(!cache.answers_unchanged(&trace, Instant::now() + Duration::from_secs(61)));

    // Past the TTL, the same body again (a 304 to the kept ETag) holds again; a new body
    // (`/c` brings `{"c": 2}`) does not.
    let short = self::cache(50, 0);
    let client = self::client(&short, None);
    let (_, a) = ResponseCache::traced(get(&client, &server, "/a")).await;
    let (_, c) = ResponseCache::traced(get(&client, &server, "/c")).await;
    assert!(short.answers_unchanged(&a, Instant::now()) && short.answers_unchanged(&c, Instant::now()));
    tokio::time::sleep(Duration::from_millis(60)).await;
    assert!(!short.answers_unchanged(&a, Instant::now()), "past the TTL");
    get(&client, &server, "/a").await.unwrap();
    assert_eq!(short.stats().not_modified, 1);
    assert!(short.answers_unchanged(&a, Instant::now()), "the same body, revalidated");
    assert_eq!(get(&client, &server, "/c").await.unwrap(), json!({"c": 2}));
    assert!(!short.answers_unchanged(&c, Instant::now()), "another body");

    // Anything but a kept body makes a trace that never holds.
    let client = self::client(&cache, None);
    let incomplete = [
        ResponseCache::traced(async { get(&client, &server, "/missing").await.unwrap_err() }).await.1,
        ResponseCache::traced(async { client.get_range(url(&server, "/a"), 0..2, 2).await.unwrap() }).await.1,
        ResponseCache::traced(async { client.get(url(&server, "/a")).await.unwrap() }).await.1,
        // A read dropped midway (as a budget drops one).
        ResponseCache::traced(async {
            let _ = tokio::time::timeout(Duration::from_millis(20), get(&client, &server, "/slow")).await;
        })
        .await
        .1,
        ResponseCache::traced(async {}).await.1,
    ];
    for trace in &incomplete {
        assert!(!trace.is_complete(), "{trace:?}");
        assert!(!cache.answers_unchanged(trace, Instant::now()));
    }
    // Stale answers (being refreshed) are not kept bodies either.
    let stale = self::cache(1, 60_000);
    let client = self::client(&stale, None);
    get(&client, &server, "/a").await.unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (_, trace) = ResponseCache::traced(get(&client, &server, "/a")).await;
    assert!(!trace.is_complete(), "{trace:?}");
}
