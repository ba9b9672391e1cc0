//! Weight file headers read with HTTP ranges from the loopback server, on files written by the
//! real writers (gguf-py's GGUFWriter, the safetensors package: `cargo xtask test header-data`
//! puts them in `<target>/header-data`): 206, a 200 that ignores the range, 416, growth over
//! several ranges, the cap per file, and a redirect to another host.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use model_source::{
    BodyLimits, ErrorCode, HttpClient, HttpConfig, RemoteHeader, RetryPolicy, Secret, SourceError, Url, first_read_for,
};
use testkit::{Response, Scenario, Server, StaticDir};

const TOKEN: &str = "hf_SECRETtoken1234567890";
const MIB: u64 = 1 << 20;
/// The size of `big-header-Q4_K_M.gguf`.
const BIG_FILE: u64 = 9_122_496;

/// `<target>/header-data`, written by `cargo xtask test header-data`.
fn data_dir() -> PathBuf {
    // <target>/debug/deps/<test binary>
    let dir = std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("header-data");
    assert!(
        dir.join("big-header-Q4_K_M.gguf").is_file(),
        "no generated header files in {}: run `cargo xtask test header-data`",
        dir.display()
    );
    dir
}

/// Files no writer makes because they are not headers: an empty file, and a real file cut
/// inside its header.
fn damaged_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("header-range-damaged");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("empty.gguf"), b"").unwrap();
    let whole = std::fs::read(data_dir().join("tiny-llama-Q4_K_M.gguf")).unwrap();
    std::fs::write(dir.join("cut-Q4_K_M.gguf"), &whole[..4000]).unwrap();
    dir
}

/// The facts a local read of the whole file gives: what every remote read must match.
fn local_facts(file: &str) -> model_headers::HeaderFacts {
    let bytes = std::fs::read(data_dir().join(file)).unwrap();
    model_headers::read_header(&bytes, &model_headers::Limits::default()).unwrap()
}

fn client(cap: u64) -> HttpClient {
    let config = HttpConfig {
        retry: RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            max_wait: Duration::from_secs(5),
        },
        body_limits: BodyLimits { header_range: cap, ..BodyLimits::default() },
        ..HttpConfig::default()
    };
    HttpClient::new(config, Some(Secret::new(TOKEN)), |_| None).unwrap()
}

/// What a case must come to.
#[derive(Debug)]
enum Expect {
    /// The local facts, after this many requests and this many bytes.
    Read {
        requests: u32,
        bytes_read: u64,
    },
    Fails(ErrorCode),
}

struct Case {
    what: &'static str,
    /// Path on the server: `/files/` answers ranges, `/plain/` ignores them, `/damaged/` serves
    /// [`damaged_dir`].
    path: &'static str,
    first_read: Option<u64>,
    cap: u64,
    expect: Expect,
}

fn cases() -> Vec<Case> {
    use Expect::{Fails, Read};
    let case = |what, path, first_read, cap, expect| Case { what, path, first_read, cap, expect };
    vec![
        case(
            "206: the header fits the first range",
            "/files/tiny-llama-Q4_K_M.gguf",
            None,
            16 * MIB,
            Read { requests: 1, bytes_read: 512 << 10 },
        ),
        // 16 bytes say the JSON is 296 bytes long: one more range of exactly the rest.
        case(
            "safetensors: the length, then exactly the rest",
            "/files/dense-bf16.safetensors",
            Some(16),
            16 * MIB,
            Read { requests: 2, bytes_read: 304 },
        ),
        // An 8,098,496-byte header (a 151,936-token vocabulary, 150k merges, 3000 tensors) in a
        // 9,122,496-byte file. 512 KiB; the token array then asks for at least 8 bytes per
        // token (1,215,873 bytes in all); then doubling: 2,431,746 and 4,863,492; the last
        // range stops at the file's end. Each range holds only the bytes not yet read.
        case(
            "growth over several ranges",
            "/files/big-header-Q4_K_M.gguf",
            None,
            16 * MIB,
            Read { requests: 5, bytes_read: BIG_FILE },
        ),
        // The same reads, each answered from byte 0 and cut where the read stops.
        case(
            "200 that ignores the range",
            "/plain/big-header-Q4_K_M.gguf",
            None,
            16 * MIB,
            Read { requests: 5, bytes_read: (512 << 10) + 1_215_873 + 2_431_746 + 4_863_492 + BIG_FILE },
        ),
        case(
            "header bigger than the cap",
            "/files/big-header-Q4_K_M.gguf",
            None,
            MIB,
            Fails(ErrorCode::HeaderTooLarge),
        ),
        case(
            "200 that ignores the range, header bigger than the cap",
            "/plain/big-header-Q4_K_M.gguf",
            None,
            MIB,
            Fails(ErrorCode::HeaderTooLarge),
        ),
        case("416 for an empty file", "/damaged/empty.gguf", None, 16 * MIB, Fails(ErrorCode::RangeNotSatisfiable)),
        case(
            "a file that ends inside its header",
            "/damaged/cut-Q4_K_M.gguf",
            None,
            16 * MIB,
            Fails(ErrorCode::InvalidHeader),
        ),
        case("not a weight file", "/files/peers/gguf-py.json", None, 16 * MIB, Fails(ErrorCode::InvalidHeader)),
        case("no such file", "/files/missing.gguf", None, 16 * MIB, Fails(ErrorCode::NotFound)),
    ]
}

#[tokio::test]
async fn headers_are_read_with_growing_ranges_within_the_cap() {
    let data = data_dir();
    let server = Server::start(
        Scenario::new()
            .static_dir("/files/", &data)
            .with_static(StaticDir::new("/plain/", &data).ignoring_range())
            .static_dir("/damaged/", damaged_dir()),
    )
    .await;
    for case in cases() {
        let before = server.request_count();
        let url = Url::parse(&server.url(case.path)).unwrap();
        let first_read = case.first_read.unwrap_or_else(|| first_read_for(case.path));
        let result = client(case.cap).read_header(url, first_read).await;
        let sent = server.request_count() - before;

        let what = case.what;
        match (&case.expect, result) {
            (Expect::Read { requests, bytes_read }, Ok(read)) => {
                let file = case.path.rsplit('/').next().unwrap();
                assert_eq!(read.facts, local_facts(file), "{what}");
                assert_eq!((read.requests, read.bytes_read), (*requests, *bytes_read), "{what}");
                assert_eq!(sent, *requests as usize, "{what}: requests on the wire");
                assert!(read.bytes_read <= 2 * case.cap, "{what}");
                println!("{what}: {} requests, {} bytes", read.requests, read.bytes_read);
            }
            (Expect::Fails(code), Err(error)) => {
                assert_eq!(error.code(), *code, "{what}: {error}");
                assert!(!error.is_transient(), "{what}: asking again gets the same answer");
                assert!(error.to_string().contains(case.path), "{what}: names the URL: {error}");
                println!("{what}: {sent} requests, {error}");
            }
            (expected, got) => panic!("{what}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[tokio::test]
async fn typed_errors_say_what_was_wrong() {
    let server =
        Server::start(Scenario::new().static_dir("/damaged/", damaged_dir()).static_dir("/files/", data_dir())).await;
    let read = |path: &'static str, cap: u64| {
        let url = Url::parse(&server.url(path)).unwrap();
        async move { client(cap).read_header(url, first_read_for(path)).await.unwrap_err() }
    };
    let empty = read("/damaged/empty.gguf", 16 * MIB).await;
    assert!(matches!(empty, SourceError::RangeNotSatisfiable { size: Some(0), .. }), "{empty:?}");
    assert_eq!(empty.status(), Some(416));

    let cut = read("/damaged/cut-Q4_K_M.gguf", 16 * MIB).await;
    assert!(cut.to_string().contains("the file ends at 4000 bytes, inside its header"), "{cut}");

    let big = read("/files/big-header-Q4_K_M.gguf", MIB).await;
    match big {
        SourceError::HeaderTooLarge { need, limit, .. } => assert!(need > limit && limit == MIB, "{need} {limit}"),
        other => panic!("{other:?}"),
    }
}

/// A 200 whose body never ends: each read stops at the length it wants. The body starts as a
/// safetensors file whose JSON header is 4 MiB long (the length bytes `00 00 40 00 ...`), so
/// the reader asks once more, for exactly 4 MiB + 8, then finds no JSON in the repeated text.
#[tokio::test]
async fn an_endless_200_is_read_only_as_far_as_wanted() {
    let start = "\0\0\u{40}\0\0\0\0\0{\"a\": ";
    let server = Server::start(Scenario::new().route("/endless.safetensors", Response::endless(start))).await;
    let url = Url::parse(&server.url("/endless.safetensors")).unwrap();
    let started = Instant::now();
    let error = client(16 * MIB).read_header(url.clone(), first_read_for(url.path())).await.unwrap_err();
    assert!(matches!(error, SourceError::InvalidHeader { source: Some(_), .. }), "{error:?}");
    assert_eq!(server.request_count(), 2);
    // Over the cap, the length alone settles it: one request.
    let error = client(MIB).read_header(url.clone(), first_read_for(url.path())).await.unwrap_err();
    assert!(matches!(error, SourceError::HeaderTooLarge { need, .. } if need == (4 << 20) + 8), "{error:?}");
    assert_eq!(server.request_count(), 3);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

/// The Hub answers `resolve` with a redirect to its CDN: the range goes along, the token does
/// not; a 503 on the way is retried.
#[tokio::test]
async fn a_redirect_to_another_host_keeps_the_range_and_drops_the_token() {
    let file = "Qwen3-0.6B-UD-Q4_K_XL.gguf";
    let cdn = Server::start(Scenario::new().static_dir("/xet/", data_dir())).await;
    let resolve = format!("/unsloth/Qwen3-0.6B-GGUF/resolve/main/{file}");
    let hub =
        Server::start(Scenario::new().route_seq(
            &resolve,
            vec![Response::status(503), Response::redirect(302, &cdn.url(&format!("/xet/{file}")))],
        ))
        .await;
    let url = Url::parse(&hub.url(&resolve)).unwrap();
    let RemoteHeader { facts, requests, bytes_read, file_size } =
        client(16 * MIB).read_header(url, first_read_for(file)).await.unwrap();
    assert_eq!(facts, local_facts(file));
    assert_eq!(facts.tensor_types.get("IQ4_XS"), Some(6), "the tensors a file name does not tell");
    assert_eq!((requests, bytes_read), (1, 512 << 10));
    assert_eq!(file_size, Some(std::fs::metadata(data_dir().join(file)).unwrap().len()));

    let at_hub = hub.requests();
    assert_eq!(at_hub.len(), 2, "the 503, then the redirect");
    for request in &at_hub {
        assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        assert_eq!(request.header("range"), Some("bytes=0-524287"));
    }
    let at_cdn = cdn.requests();
    assert_eq!(at_cdn.len(), 1);
    assert_eq!(at_cdn[0].header("range"), Some("bytes=0-524287"), "the range goes along");
    assert_eq!(at_cdn[0].header("authorization"), None, "the token stays with the Hub");
    assert!(!format!("{:?}", at_cdn[0]).contains(TOKEN));
}
