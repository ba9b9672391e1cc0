//! The library server, driven by a real HTTP client over loopback.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use testkit::{Listing, ListingStyle, Response, Route, Scenario, Server, StaticDir};

fn records(n: usize) -> Vec<Value> {
    (0..n).map(|i| json!({ "id": format!("org/model-{i}") })).collect()
}

fn ids(values: &[Value]) -> Vec<String> {
    values.iter().map(|v| v["id"].as_str().unwrap().to_owned()).collect()
}

/// The `rel="next"` target of a Link header, as a HuggingFace client would read it.
fn next_link(response: &reqwest::Response) -> Option<String> {
    let link = response.headers().get("link")?.to_str().unwrap();
    link.split(',').find(|part| part.contains("rel=\"next\"")).map(|part| {
        let start = part.find('<').unwrap() + 1;
        let end = part.find('>').unwrap();
        part[start..end].to_owned()
    })
}

/// The workspace's `../shared/fixtures`, read in place (never copied into the repo).
fn fixtures_dir() -> PathBuf {
    testkit::shared_fixtures("")
}

#[tokio::test]
async fn route_sequence_gives_429_with_retry_after_then_200_which_repeats() {
    let server = Server::start(Scenario::new().route_seq(
        "/api/models/gpt2",
        vec![Response::status(429).header("Retry-After", "1"), Response::json(json!({ "id": "gpt2" }))],
    ))
    .await;
    let client = reqwest::Client::new();
    let url = server.url("/api/models/gpt2");

    let first = client.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 429);
    assert_eq!(first.headers()["retry-after"], "1");

    for _ in 0..2 {
        let ok = client.get(&url).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.headers()["content-type"], "application/json");
        assert_eq!(ok.json::<Value>().await.unwrap(), json!({ "id": "gpt2" }));
    }
    assert_eq!(server.request_count(), 3);
    assert_eq!(server.bytes_sent(), 2 * json!({ "id": "gpt2" }).to_string().len() as u64);
}

#[tokio::test]
async fn route_matches_method_and_query_subset() {
    let server = Server::start(
        Scenario::new()
            .with_route(Route::new("GET", "/api/models", vec![Response::json(json!("gguf"))]).query("filter", "gguf"))
            .with_route(Route::new("POST", "/api/models", vec![Response::json(json!("posted")).with_status(201)]))
            .route("/api/models", Response::json(json!("any"))),
    )
    .await;
    let client = reqwest::Client::new();
    let get = |q: &str| client.get(server.url(&format!("/api/models{q}"))).send();

    let gguf = get("?limit=5&filter=gguf").await.unwrap();
    assert_eq!(gguf.json::<Value>().await.unwrap(), json!("gguf"));
    let other = get("?filter=onnx").await.unwrap();
    assert_eq!(other.json::<Value>().await.unwrap(), json!("any"));
    let posted = client.post(server.url("/api/models")).send().await.unwrap();
    assert_eq!(posted.status(), 201);
    assert_eq!(posted.json::<Value>().await.unwrap(), json!("posted"));
}

#[tokio::test]
async fn huggingface_listing_is_followed_through_link_headers() {
    let all = records(7);
    let server =
        Server::start(Scenario::new().paged_listing("/api/models", all.clone(), 3, ListingStyle::HuggingFace)).await;
    let client = reqwest::Client::new();

    let mut url = server.url("/api/models?search=llama&limit=3&expand=siblings");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let response = client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let next = next_link(&response);
        let page: Vec<Value> = response.json().await.unwrap();
        pages += 1;
        seen.extend(page);
        match next {
            Some(next) => {
                // Absolute, on this server, other params kept, cursor opaque.
                assert!(next.starts_with(&server.url("/api/models?")), "{next}");
                assert!(next.contains("search=llama&limit=3&expand=siblings&cursor="));
                assert!(!next.contains("offset"), "cursor should be opaque: {next}");
                url = next;
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids(&seen), ids(&all));

    let log = server.requests();
    assert_eq!(log.len(), 3);
    assert!(log[0].query_values("cursor").is_empty());
    for request in &log[1..] {
        assert_eq!(request.query_values("search"), ["llama"]);
        assert_eq!(request.query_values("cursor").len(), 1);
    }

    let bad = client.get(server.url("/api/models?cursor=garbage")).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn civitai_listing_follows_next_page_and_repeats_an_item() {
    let all = records(5);
    let server = Server::start(
        Scenario::new()
            .with_listing(Listing::new("/api/v1/models", all.clone(), 2, ListingStyle::CivitAi).duplicate_on_page(2)),
    )
    .await;
    let client = reqwest::Client::new();

    let mut url = server.url("/api/v1/models?limit=2&types=LORA");
    let mut seen = Vec::new();
    let mut cursors = Vec::new();
    loop {
        let page: Value = client.get(&url).send().await.unwrap().json().await.unwrap();
        seen.extend(page["items"].as_array().unwrap().iter().cloned());
        let metadata = &page["metadata"];
        match metadata["nextPage"].as_str() {
            Some(next) => {
                let cursor = metadata["nextCursor"].as_str().unwrap();
                assert!(next.starts_with(&server.url("/api/v1/models?limit=2&types=LORA&")));
                assert!(next.ends_with(&format!("cursor={cursor}")));
                cursors.push(cursor.to_owned());
                url = next.to_owned();
            }
            None => {
                assert!(metadata.get("nextCursor").is_none(), "{metadata}");
                break;
            }
        }
    }
    // Page 2 starts with the last item of page 1 again; a client must de-duplicate.
    assert_eq!(ids(&seen), ["org/model-0", "org/model-1", "org/model-1", "org/model-2", "org/model-3", "org/model-4"]);
    let mut unique = ids(&seen);
    unique.dedup();
    assert_eq!(unique, ids(&all));

    // The cursor alone (as a client building its own URL would send it) selects the page.
    let page2: Value = client
        .get(server.url(&format!("/api/v1/models?cursor={}", cursors[0])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page2["items"][1]["id"], "org/model-2");
}

#[tokio::test]
async fn listing_fault_hits_once_and_latency_applies() {
    let server = Server::start(
        Scenario::new().with_listing(
            Listing::new("/api/models", records(4), 2, ListingStyle::HuggingFace)
                .latency(50)
                .fault_on_page(2, Response::html_error(503)),
        ),
    )
    .await;
    let client = reqwest::Client::new();

    let started = Instant::now();
    let first = client.get(server.url("/api/models")).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50));
    let next = next_link(&first).unwrap();

    let fault = client.get(&next).send().await.unwrap();
    assert_eq!(fault.status(), 503);
    let retry = client.get(&next).send().await.unwrap();
    assert_eq!(retry.status(), 200);
    let page: Vec<Value> = retry.json().await.unwrap();
    assert_eq!(ids(&page), ["org/model-2", "org/model-3"]);
}

#[tokio::test]
async fn truncated_body_is_a_client_error() {
    let big = json!({ "id": "big", "siblings": records(200) });
    let full_len = big.to_string().len();
    let server = Server::start(Scenario::new().route("/api/models/big", Response::json(big).truncate_at(100))).await;

    let response = reqwest::get(server.url("/api/models/big")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(full_len as u64));
    let body = response.bytes().await;
    assert!(body.is_err(), "expected a truncated-body error, got {body:?}");
    assert_eq!(server.bytes_sent(), 100);
}

#[tokio::test]
async fn html_error_page_is_served_as_html() {
    let server = Server::start(Scenario::new().route("/api/models/x", Response::html_error(502))).await;
    let response = reqwest::get(server.url("/api/models/x")).await.unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    let text = response.text().await.unwrap();
    assert!(text.contains("<title>502 Bad Gateway</title>"), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn relative_redirect_is_followed_on_the_same_server() {
    let server = Server::start(
        Scenario::new()
            .route("/api/models/old/id", Response::redirect(307, "/api/models/new/id"))
            .route("/api/models/new/id", Response::json(json!({ "id": "new/id" }))),
    )
    .await;
    let response = reqwest::get(server.url("/api/models/old/id")).await.unwrap();
    assert_eq!(response.url().as_str(), server.url("/api/models/new/id"));
    assert_eq!(response.json::<Value>().await.unwrap()["id"], "new/id");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/api/models/old/id", "/api/models/new/id"]);
}

#[tokio::test]
async fn redirect_to_another_server_shows_which_headers_arrived_there() {
    let other = Server::start(
        Scenario::new().route("/files/model.bin", Response::text("weights").content_type("application/octet-stream")),
    )
    .await;
    let api =
        Server::start(Scenario::new().route("/api/resolve", Response::redirect(302, &other.url("/files/model.bin"))))
            .await;
    assert_ne!(api.base_url(), other.base_url());

    let response =
        reqwest::Client::new().get(api.url("/api/resolve")).bearer_auth("secret-token").send().await.unwrap();
    assert_eq!(response.text().await.unwrap(), "weights");

    assert_eq!(api.requests()[0].header("Authorization"), Some("Bearer secret-token"));
    let arrived = other.requests();
    assert_eq!(arrived.len(), 1);
    // reqwest drops credentials when a redirect changes origin (here: the port).
    assert_eq!(arrived[0].header("authorization"), None);
}

#[tokio::test]
async fn cors_headers_on_every_response_and_preflight_gets_204() {
    let server = Server::start(Scenario::new().route("/api/models", Response::json(json!([])))).await;
    let client = reqwest::Client::new();

    for path in ["/api/models", "/nowhere", "/__testkit/stats"] {
        let response = client.get(server.url(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["access-control-allow-origin"], "*", "{path}");
        assert_eq!(headers["access-control-allow-headers"], "authorization, content-type, range, if-none-match");
        assert_eq!(
            headers["access-control-expose-headers"],
            "link, retry-after, ratelimit, ratelimit-policy, content-length, content-range, accept-ranges, etag"
        );
    }

    let preflight = client
        .request(reqwest::Method::OPTIONS, server.url("/any/path/at/all"))
        .header("Origin", "http://127.0.0.1:9")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert!(headers["access-control-allow-headers"].to_str().unwrap().contains("authorization"));
    assert!(headers["access-control-allow-methods"].to_str().unwrap().contains("GET"));
}

#[tokio::test]
async fn unmatched_route_is_a_json_404() {
    let server = Server::start(Scenario::new()).await;
    let response = reqwest::get(server.url("/api/models/nope?x=1")).await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "error": "testkit: no route for GET /api/models/nope" })
    );
}

#[tokio::test]
async fn request_log_keeps_repeated_query_keys_and_headers() {
    let server = Server::start(Scenario::new().route("/api/models", Response::json(json!([])))).await;
    let client = reqwest::Client::new();
    client
        .get(server.url("/api/models?expand=siblings&search=a%20b&expand=config&expand%5B%5D=gguf"))
        .header("X-Custom", "yes")
        .send()
        .await
        .unwrap();

    let log = server.requests();
    assert_eq!(log.len(), 1);
    let request = &log[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/models");
    assert_eq!(request.query, "expand=siblings&search=a%20b&expand=config&expand%5B%5D=gguf");
    let pairs: Vec<(&str, &str)> = request.query_pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("expand", "siblings"), ("search", "a b"), ("expand", "config"), ("expand[]", "gguf")]);
    assert_eq!(request.query_values("expand"), ["siblings", "config"]);
    assert_eq!(request.header("x-custom"), Some("yes"));
    assert!(request.headers.iter().all(|(n, _)| *n == n.to_lowercase()));

    // The same log over HTTP, for JS tests; control requests are not logged themselves.
    let over_http: Value = client.get(server.url("/__testkit/requests")).send().await.unwrap().json().await.unwrap();
    assert_eq!(over_http[0]["queryPairs"][2], json!(["expand", "config"]));
    let stats: Value = client.get(server.url("/__testkit/stats")).send().await.unwrap().json().await.unwrap();
    assert_eq!(stats, json!({ "requestCount": 1, "bytesSent": 2, "maxInFlight": 1 }));
}

#[tokio::test]
async fn static_dir_serves_browser_content_types() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("testkit-static");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(dir.join("pkg/app.js"), "export {}").unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();

    let server = Server::start(Scenario::new().static_dir("/static/", &dir)).await;
    let client = reqwest::Client::new();
    let fetch = |path: &str| client.get(server.url(path)).send();

    for (path, content_type) in [
        ("/static/", "text/html; charset=utf-8"),
        ("/static/index.html", "text/html; charset=utf-8"),
        ("/static/pkg/app.js", "text/javascript; charset=utf-8"),
        ("/static/pkg/app_bg.wasm", "application/wasm"),
    ] {
        let response = fetch(path).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], content_type, "{path}");
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
    }
    let wasm = fetch("/static/pkg/app_bg.wasm").await.unwrap().bytes().await.unwrap();
    assert_eq!(&wasm[..], b"\0asm\x01\0\0\0");
    assert_eq!(fetch("/static/missing.js").await.unwrap().status(), 404);

    // Clients normalize `..` away, so send it raw (on a blocking thread: the server runs on
    // this test's single-threaded runtime).
    let addr = server.addr();
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.write_all(b"GET /static/pkg/../index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        raw
    })
    .await
    .unwrap();
    assert!(raw.starts_with("HTTP/1.1 404"), "{raw}");
}

#[tokio::test]
async fn scenario_file_resolves_relative_bodies_and_replays_real_fixtures() {
    let fixtures = fixtures_dir();
    let civitai_page = fixtures.join("civitai/models-list_checkpoints_highest-rated_limit10_2024-05_sd15.json");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("testkit-scenario-file");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("detail.json"), r#"{"id":"from-file"}"#).unwrap();
    let scenario = json!({
        "latencyMs": 0,
        "routes": [
            { "path": "/api/models/x", "responses": [ { "body": { "file": "detail.json" } } ] }
        ],
        "listings": [
            {
                "path": "/api/v1/models",
                "style": "civitai",
                "pageSize": 4,
                "recordsFile": civitai_page,
            }
        ]
    });
    std::fs::write(dir.join("scenario.json"), scenario.to_string()).unwrap();

    let server = Server::start(Scenario::from_file(dir.join("scenario.json")).unwrap()).await;
    let client = reqwest::Client::new();
    let detail: Value = client.get(server.url("/api/models/x")).send().await.unwrap().json().await.unwrap();
    assert_eq!(detail, json!({ "id": "from-file" }));

    let expected = testkit::load_records(&civitai_page).unwrap();
    assert_eq!(expected.len(), 10);
    let mut url = server.url("/api/v1/models");
    let mut seen = Vec::new();
    loop {
        let page: Value = client.get(&url).send().await.unwrap().json().await.unwrap();
        seen.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["metadata"]["nextPage"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn explicit_shutdown_stops_listening() {
    let server = Server::start(Scenario::new().route("/x", Response::json(json!(1)))).await;
    let url = server.url("/x");
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
    server.shutdown().await;
    // A fresh client, so no pooled connection hides the closed listener.
    let client = reqwest::Client::builder().build().unwrap();
    assert!(client.get(&url).send().await.is_err());
}

/// `scenarios/example.json` is the documented example; keep it loadable and meaningful.
#[tokio::test]
async fn example_scenario_file_replays_fixtures() {
    fixtures_dir();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/example.json");
    let server = Server::start(Scenario::from_file(path).unwrap()).await;
    let client = reqwest::Client::new();

    let gpt2 = server.url("/api/models/openai-community/gpt2");
    assert_eq!(client.get(&gpt2).send().await.unwrap().status(), 429);
    let detail: Value = client.get(&gpt2).send().await.unwrap().json().await.unwrap();
    assert!(detail["id"].as_str().unwrap().contains("gpt2"), "{detail}");

    let first = client.get(server.url("/api/models?limit=1")).send().await.unwrap();
    let next = next_link(&first).unwrap();
    let second = client.get(&next).send().await.unwrap();
    assert!(next_link(&second).is_none());
    assert_eq!(second.json::<Vec<Value>>().await.unwrap().len(), 1);

    let mut url = server.url("/api/v1/models");
    let mut statuses = Vec::new();
    let mut items = 0;
    loop {
        let response = client.get(&url).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status() != 200 {
            continue; // the fault: retry the same URL
        }
        let page: Value = response.json().await.unwrap();
        items += page["items"].as_array().unwrap().len();
        match page["metadata"]["nextPage"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(statuses, [200, 200, 500, 200]);
    assert_eq!(items, 10 + 1); // one duplicate on page 2
}

#[tokio::test]
async fn a_filled_body_is_a_json_array_of_exactly_the_size_asked() {
    let item = json!({"id": "org/model", "pad": "x".repeat(300)});
    let mut scenario = Scenario::new();
    // Smaller than one item, one chunk and a bit, several chunks.
    for bytes in [1u64, 100, 70_000, 1_000_003] {
        scenario = scenario.route(&format!("/filled/{bytes}"), Response::filled(item.clone(), bytes));
    }
    let server = Server::start(scenario).await;
    for bytes in [1u64, 100, 70_000, 1_000_003] {
        let response = reqwest::get(server.url(&format!("/filled/{bytes}"))).await.unwrap();
        assert_eq!(response.content_length(), None, "{bytes}: generated while sent, so chunked");
        let body = response.bytes().await.unwrap();
        assert_eq!(body.len() as u64, bytes.max(2), "{bytes}");
        let items: Vec<Value> = serde_json::from_slice(&body).unwrap();
        assert!(items.iter().all(|v| *v == item), "{bytes}");
        if bytes > 1_000 {
            assert!(items.len() as u64 > bytes / 400, "{bytes}: {} items", items.len());
        }
    }
}

#[tokio::test]
async fn host_in_a_route_header_is_this_server() {
    let server = Server::start(
        Scenario::new().route("/x", Response::redirect(302, "http://user:pw@{host}/y").header("Link", "<//{host}/z>")),
    )
    .await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.get(server.url("/x")).send().await.unwrap();
    let host = server.base_url().trim_start_matches("http://").to_owned();
    assert_eq!(response.headers()["location"], format!("http://user:pw@{host}/y").as_str());
    assert_eq!(response.headers()["link"], format!("<//{host}/z>").as_str());
}

#[tokio::test]
async fn static_files_answer_ranges_as_a_file_server_does() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("testkit-ranges");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ten.bin"), b"0123456789").unwrap();
    let server = Server::start(
        Scenario::new().static_dir("/files/", &dir).with_static(StaticDir::new("/plain/", &dir).ignoring_range()),
    )
    .await;
    let client = reqwest::Client::new();
    /// (path, Range header, status, body, Content-Range)
    type Case = (&'static str, Option<&'static str>, u16, &'static [u8], Option<&'static str>);
    let cases: [Case; 8] = [
        ("/files/ten.bin", None, 200, b"0123456789", None),
        ("/files/ten.bin", Some("bytes=2-4"), 206, b"234", Some("bytes 2-4/10")),
        ("/files/ten.bin", Some("bytes=7-"), 206, b"789", Some("bytes 7-9/10")),
        ("/files/ten.bin", Some("bytes=8-100"), 206, b"89", Some("bytes 8-9/10")),
        ("/files/ten.bin", Some("bytes=10-20"), 416, b"", Some("bytes */10")),
        // Forms a header reader never sends are ignored: the whole file.
        ("/files/ten.bin", Some("bytes=0-1,4-5"), 200, b"0123456789", None),
        ("/files/ten.bin", Some("bytes=5-2"), 200, b"0123456789", None),
        ("/plain/ten.bin", Some("bytes=2-4"), 200, b"0123456789", None),
    ];
    for (path, range, status, body, content_range) in cases {
        let mut request = client.get(server.url(path));
        if let Some(range) = range {
            request = request.header("range", range);
        }
        let response = request.send().await.unwrap();
        let what = format!("{path} {range:?}");
        assert_eq!(response.status(), status, "{what}");
        let header = response.headers().get("content-range").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(header.as_deref(), content_range, "{what}");
        assert_eq!(&response.bytes().await.unwrap()[..], body, "{what}");
    }
}

#[tokio::test]
async fn the_most_requests_in_flight_are_counted() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("testkit-in-flight");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.bin"), b"a").unwrap();
    let server = Server::start(Scenario::new().with_static(StaticDir::new("/slow/", &dir).delay(200))).await;
    let client = reqwest::Client::new();
    let three = (0..3).map(|_| client.get(server.url("/slow/a.bin")).send());
    for response in futures::future::join_all(three).await {
        assert_eq!(response.unwrap().status(), 200);
    }
    assert_eq!(server.max_in_flight(), 3);
    client.get(server.url("/slow/a.bin")).send().await.unwrap();
    assert_eq!(server.max_in_flight(), 3, "a maximum, not the last count");
}

#[tokio::test]
async fn etags_are_sent_and_a_matching_if_none_match_gets_a_304() {
    let server = Server::start(
        Scenario::new()
            .etags()
            .route_seq("/api/models/gpt2", vec![Response::json(json!({ "id": "gpt2" }))])
            .route("/own", Response::json(json!({})).header("ETag", "W/\"v7\""))
            .route("/fails", Response::status(500))
            .paged_listing("/api/models", records(3), 2, ListingStyle::HuggingFace),
    )
    .await;
    let client = reqwest::Client::new();
    let get = |path: &str, if_none_match: Option<&str>| {
        let mut request = client.get(server.url(path));
        if let Some(tag) = if_none_match {
            request = request.header("If-None-Match", tag);
        }
        request.send()
    };

    let first = get("/api/models/gpt2", None).await.unwrap();
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    // The same body, the same validator.
    assert_eq!(get("/api/models/gpt2", None).await.unwrap().headers()["etag"], etag.as_str());

    let unchanged = get("/api/models/gpt2", Some(&etag)).await.unwrap();
    assert_eq!(unchanged.status(), 304);
    assert!(unchanged.bytes().await.unwrap().is_empty());
    assert_eq!(get("/api/models/gpt2", Some("\"other\", *")).await.unwrap().status(), 304);
    assert_eq!(get("/api/models/gpt2", Some("\"other\"")).await.unwrap().status(), 200);

    // A validator the scenario names is kept, and compared weakly.
    let own = get("/own", None).await.unwrap();
    assert_eq!(own.headers()["etag"], "W/\"v7\"");
    assert_eq!(get("/own", Some("\"v7\"")).await.unwrap().status(), 304);

    // Listing pages get validators of their own; errors get none.
    let page1 = get("/api/models", None).await.unwrap();
    let page2 = client.get(next_link(&page1).unwrap()).send().await.unwrap();
    assert_eq!(page2.status(), 200);
    assert_ne!(page1.headers()["etag"], page2.headers()["etag"]);
    let failed = get("/fails", None).await.unwrap();
    assert_eq!(failed.status(), 500);
    assert!(failed.headers().get("etag").is_none());

    // One listing alone can have them.
    let mixed = Server::start(
        Scenario::new()
            .route("/x", Response::json(json!({})))
            .with_listing(Listing::new("/api/models", records(2), 1, ListingStyle::HuggingFace).etags()),
    )
    .await;
    assert!(client.get(mixed.url("/api/models")).send().await.unwrap().headers().get("etag").is_some());
    assert!(client.get(mixed.url("/x")).send().await.unwrap().headers().get("etag").is_none());

    // Without `etags`, no validators and no 304s.
    let plain = Server::start(Scenario::new().route("/x", Response::json(json!({})))).await;
    let response = client.get(plain.url("/x")).header("If-None-Match", "*").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("etag").is_none());
}
