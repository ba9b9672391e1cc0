//! The binary against a hostile API and hostile files (issue 16): each case runs
//! `model-compat` as a child process and asserts its exit, its deadline, its peak memory
//! (`VmHWM`, sampled by testkit) and that no raw control character reaches the terminal.
//!
//! Every case prints `hostile case <name>: <time>, peak <MiB>, exit <code>`; with
//! `HOSTILE_CLI=<path>` the same cases run against another build (how the "before" numbers of
//! the issue were taken).

use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use testkit::hostile::{self, Measured, raw_controls, run_measured};
use testkit::{BackgroundServer, Response, Scenario};

/// No case needs more than this (the binary alone is about 10 MiB resident).
const RSS_LIMIT_KIB: u64 = 256 * 1024;

fn cli(args: &[&str]) -> Command {
    let exe = std::env::var("HOSTILE_CLI").unwrap_or_else(|_| env!("CARGO_BIN_EXE_model-compat").to_owned());
    let mut cmd = Command::new(exe);
    for var in ["HF_TOKEN", "HF_ENDPOINT", "CIVITAI_API_KEY", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd.args(args);
    cmd
}

/// Runs one case and prints its line. Cases run first and are checked after, so one run
/// prints every case's numbers even when an early one fails.
fn measure(name: &'static str, cmd: Command, deadline: Duration) -> (&'static str, Measured) {
    let m = run_measured(cmd, deadline, RSS_LIMIT_KIB);
    println!("hostile case {name}: {}", m.summary());
    (name, m)
}

/// What every case must hold: it ended by itself, within the memory bound, without a panic,
/// and printed no raw control character.
fn holds(case: &(&str, Measured)) {
    let (name, m) = case;
    assert!(m.code().is_some(), "{name}: killed at the limit ({}); stderr: {}", m.summary(), m.stderr());
    assert!(m.peak_rss_kib < RSS_LIMIT_KIB, "{name}: {}", m.summary());
    let (stdout, stderr) = (m.stdout(), m.stderr());
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert_eq!(raw_controls(&stdout), [], "{name}: raw control characters on stdout:\n{stdout}");
    assert_eq!(raw_controls(&stderr), [], "{name}: raw control characters on stderr:\n{stderr}");
}

#[test]
fn escape_sequences_from_the_api_never_reach_the_terminal() {
    let record = hostile::escaping_record();
    let id = record["id"].as_str().unwrap().to_owned();
    let api = BackgroundServer::start(hostile::hub(std::slice::from_ref(&record)));
    let url = api.base_url();
    // A plain id asked for, a record full of escapes answered (its own id, tag, licence).
    let detail =
        BackgroundServer::start(Scenario::new().route("/api/models/owner/model", Response::json(record.clone())));
    let error = BackgroundServer::start(hostile::escaping_error("owner/name"));
    let limit = Duration::from_secs(60);

    let table = measure("escapes-table", cli(&["huggingface", "--endpoint", &url, "--all", "--no-enrich"]), limit);
    let json =
        measure("escapes-json", cli(&["huggingface", "--endpoint", &url, "--all", "--no-enrich", "--json"]), limit);
    let check = measure("escapes-check", cli(&["check", "hf", "owner/model", "--endpoint", &detail.base_url()]), limit);
    let failed =
        measure("escapes-error-body", cli(&["check", "hf", "owner/name", "--endpoint", &error.base_url()]), limit);

    for case in [&table, &json, &check, &failed] {
        holds(case);
    }
    let (table, json, check, failed) = (&table.1, &json.1, &check.1, &failed.1);
    assert_eq!(table.code(), Some(0), "{}", table.stderr());
    assert!(table.stdout().contains(r"evil/model\x1b]0;pwned\x07"), "{}", table.stdout());
    let line: Value = serde_json::from_str(json.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(line["id"], id, "JSON keeps the exact string");
    assert_eq!(check.code(), Some(0), "{}", check.stderr());
    assert!(check.stdout().contains(r"pipeline text-generation\x1b]0;pwned\x07"), "{}", check.stdout());
    assert_eq!(failed.code(), Some(1), "{}", failed.stderr());
    assert!(failed.stderr().contains(r"Repository not found\x1b]0;pwned"), "{}", failed.stderr());
}

#[test]
fn numbers_that_overflow_are_unknown_not_a_panic() {
    let record = hostile::overflowing_record();
    let api = BackgroundServer::start(hostile::hub(std::slice::from_ref(&record)));
    let url = api.base_url();
    let limit = Duration::from_secs(60);
    let cases = [
        measure("overflow-table", cli(&["huggingface", "--endpoint", &url, "--all", "--no-enrich"]), limit),
        measure("overflow-json", cli(&["huggingface", "--endpoint", &url, "--all", "--no-enrich", "--json"]), limit),
        measure("overflow-check", cli(&["check", "hf", "big/numbers", "--endpoint", &url]), limit),
    ];
    for case in &cases {
        holds(case);
        assert_eq!(case.1.code(), Some(0), "{}: {}", case.0, case.1.stderr());
    }
}

#[test]
fn hanging_config_reads_cost_the_enrichment_budget_not_hours() {
    // 16 models, each config.json answering after 10 minutes: before the budget this took
    // 16 / 8 concurrent * (30 s timeout * 4 attempts + backoff), about 246 s.
    let api = BackgroundServer::start(hostile::hanging_configs(16, Duration::from_secs(600)));
    let url = api.base_url();
    // The default budget is 20 s; 90 s leaves room for a loaded machine.
    let case = measure(
        "config-json-hangs",
        cli(&["huggingface", "--endpoint", &url, "--all", "--limit", "16", "--json"]),
        Duration::from_secs(90),
    );
    holds(&case);
    let m = case.1;
    assert_eq!(m.code(), Some(0), "{}", m.stderr());
    let lines: Vec<Value> = m.stdout().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 16);
    for line in &lines {
        assert!(line["notes"].to_string().contains("enrichment budget of 20 s ran out"), "{line}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn classify_refuses_what_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let big = dir.path().join("big.json");
    std::fs::File::create(&big).unwrap().set_len(33 * 1024 * 1024).unwrap();
    let limit = Duration::from_secs(30);
    let cases = [
        (measure("classify-dev-zero", cli(&["classify", "/dev/zero"]), limit), "not a regular file"),
        (measure("classify-fifo", cli(&["classify", fifo.to_str().unwrap()]), limit), "not a regular file"),
        (measure("classify-over-cap", cli(&["classify", big.to_str().unwrap()]), limit), "over the limit"),
    ];
    for (case, says) in &cases {
        holds(case);
        assert_eq!(case.1.code(), Some(2), "{}: {}", case.0, case.1.stderr());
        assert!(case.1.stderr().contains(says), "{}: {}", case.0, case.1.stderr());
    }
}

/// Peak RSS the 100 MB page may cost: the 64 MiB page cap, plus the binary and its runtime
/// (about 10 MiB), plus room for the allocator. Before the cap: 2.26 GB.
const HUGE_PAGE_RSS_LIMIT_KIB: u64 = (64 + 48) * 1024;

#[test]
fn a_100_mb_listing_page_costs_the_cap_not_the_page() {
    let limit = Duration::from_secs(60);
    let mut cases = Vec::new();
    for (name, declared) in [("huge-page-streamed", false), ("huge-page-declared", true)] {
        let api = BackgroundServer::start(hostile::huge_listing(hostile::HUGE_PAGE_BYTES, declared));
        let case = measure(name, cli(&["huggingface", "--endpoint", &api.base_url(), "--all", "--no-enrich"]), limit);
        assert_eq!(api.request_count(), 1, "{name}: not retried");
        assert!(api.bytes_sent() <= hostile::HUGE_PAGE_BYTES, "{name}: {}", api.bytes_sent());
        cases.push(case);
    }
    for case in &cases {
        holds(case);
        let (name, m) = case;
        assert_eq!(m.code(), Some(1), "{name}: {}", m.stderr());
        assert!(m.stderr().contains("error [RESPONSE_TOO_LARGE]"), "{name}: {}", m.stderr());
        assert!(m.peak_rss_kib < HUGE_PAGE_RSS_LIMIT_KIB, "{name}: {}", m.summary());
    }
    // With its length declared, the page is refused before a byte of it is held.
    let declared = &cases[1].1;
    assert!(declared.stderr().contains("Content-Length: 100000000"), "{}", declared.stderr());
    assert!(declared.peak_rss_kib < 48 * 1024, "{}", declared.summary());
}

const TOKEN: &str = "hf_hostileSuiteToken0123456789";

/// Every `Authorization` header a server received.
fn authorizations(server: &BackgroundServer) -> Vec<Option<String>> {
    server.requests().iter().map(|r| r.header("authorization").map(str::to_owned)).collect()
}

#[test]
fn redirects_fail_typed_and_the_token_stays_home() {
    let id = "owner/model";
    let limit = Duration::from_secs(60);
    let looping = BackgroundServer::start(hostile::redirect_loop(id));
    let file = BackgroundServer::start(hostile::redirect_off_http(id, "file:///etc/passwd"));
    let credentials = BackgroundServer::start(hostile::next_link_with_credentials());
    let other = BackgroundServer::start(hostile::elsewhere(id));
    let redirecting = BackgroundServer::start(hostile::redirects_elsewhere(id, &other.base_url()));
    let other_listing = BackgroundServer::start(hostile::elsewhere(id));
    let linking = BackgroundServer::start(hostile::next_link_elsewhere(id, &other_listing.base_url()));
    let with_token = |args: &[&str]| {
        let mut cmd = cli(args);
        cmd.env("HF_TOKEN", TOKEN);
        cmd
    };
    let list = |server: &BackgroundServer| with_token(&["huggingface", "--endpoint", &server.base_url(), "--json"]);
    let check = |server: &BackgroundServer| with_token(&["check", "hf", id, "--endpoint", &server.base_url()]);

    let loop_list = measure("redirect-loop-listing", list(&looping), limit);
    let loop_check = measure("redirect-loop-check", check(&looping), limit);
    let file_list = measure("redirect-to-file-listing", list(&file), limit);
    let file_check = measure("redirect-to-file-check", check(&file), limit);
    let userinfo = measure("next-link-with-credentials", list(&credentials), limit);
    let away_check = measure("redirect-to-another-port-check", check(&redirecting), limit);
    let away_list = measure("config-redirect-to-another-port", list(&redirecting), limit);
    let away_link = measure("next-link-to-another-port", list(&linking), limit);
    let all = [&loop_list, &loop_check, &file_list, &file_check, &userinfo, &away_check, &away_list, &away_link];
    for case in all {
        holds(case);
        let (name, m) = case;
        assert!(!format!("{}{}", m.stdout(), m.stderr()).contains(TOKEN), "{name}: the token was printed");
    }

    let fails_with = |case: &(&str, Measured), code: &str, says: &str| {
        let (name, m) = case;
        assert_eq!(m.code(), Some(1), "{name}: {}", m.stderr());
        assert!(m.stderr().contains(&format!("error [{code}]")), "{name}: {}", m.stderr());
        assert!(m.stderr().contains(says), "{name}: {}", m.stderr());
    };
    // Its own error, not "HTTP 310" (issue 16), and not retried: the first request and 5
    // redirects per run.
    fails_with(&loop_list, "TOO_MANY_REDIRECTS", "too many redirects");
    fails_with(&loop_check, "TOO_MANY_REDIRECTS", "too many redirects");
    assert_eq!(looping.request_count(), 12);
    // Not retried as a network failure: one request per run.
    fails_with(&file_list, "HTTP_ERROR", "redirect to a file: URL, which is not HTTP");
    fails_with(&file_check, "HTTP_ERROR", "redirect to a file: URL, which is not HTTP");
    assert_eq!(file.request_count(), 2);
    // The next link's credentials are neither followed nor printed.
    fails_with(&userinfo, "DECODE_ERROR", "next link carries user credentials");
    assert!(!userinfo.1.stderr().contains("pw@"), "{}", userinfo.1.stderr());
    assert!(credentials.requests().iter().all(|r| r.query_values("cursor").is_empty()));
    assert!(authorizations(&credentials).iter().all(|a| a.as_deref() == Some(&format!("Bearer {TOKEN}"))));

    // Redirects to another port are followed without the token.
    assert_eq!(away_check.1.code(), Some(0), "{}", away_check.1.stderr());
    assert_eq!(away_list.1.code(), Some(0), "{}", away_list.1.stderr());
    let line: Value = serde_json::from_str(away_list.1.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(line["contextLength"], hostile::ELSEWHERE_CONTEXT, "config.json read at the other port: {line}");
    let sent_here = authorizations(&redirecting);
    assert!(sent_here.len() >= 3, "{sent_here:?}");
    assert!(sent_here.iter().all(|a| a.as_deref() == Some(&format!("Bearer {TOKEN}"))), "{sent_here:?}");
    let sent_there = authorizations(&other);
    assert!(sent_there.len() >= 2 && sent_there.iter().all(Option::is_none), "{sent_there:?}");
    // A next link to another port is refused before anything is sent there.
    fails_with(&away_link, "DECODE_ERROR", "next link points to another host");
    assert_eq!(other_listing.request_count(), 0);
}
