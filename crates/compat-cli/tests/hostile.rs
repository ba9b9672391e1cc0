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
use testkit::{Response, Scenario, Server};

/// No case needs more than this (the binary alone is about 10 MiB resident).
const RSS_LIMIT_KIB: u64 = 256 * 1024;

struct Api {
    server: Server,
    _runtime: tokio::runtime::Runtime,
}

impl Api {
    fn start(scenario: Scenario) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let server = runtime.block_on(Server::start(scenario));
        Self { server, _runtime: runtime }
    }
}

fn cli(args: &[&str]) -> Command {
    let exe = std::env::var("HOSTILE_CLI").unwrap_or_else(|_| env!("CARGO_BIN_EXE_model-compat").to_owned());
    let mut cmd = Command::new(exe);
    for var in ["HF_TOKEN", "HF_ENDPOINT", "CIVITAI_API_KEY", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd.args(args);
    cmd
}

/// Runs one case, prints its line, and checks what every case must hold.
fn case(name: &str, cmd: Command, deadline: Duration) -> Measured {
    let m = run_measured(cmd, deadline, RSS_LIMIT_KIB);
    println!("hostile case {name}: {}", m.summary());
    assert!(m.code().is_some(), "{name}: killed at the limit ({}); stderr: {}", m.summary(), m.stderr());
    assert!(m.peak_rss_kib < RSS_LIMIT_KIB, "{name}: {}", m.summary());
    let (stdout, stderr) = (m.stdout(), m.stderr());
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert_eq!(raw_controls(&stdout), [], "{name}: raw control characters on stdout:\n{stdout}");
    assert_eq!(raw_controls(&stderr), [], "{name}: raw control characters on stderr:\n{stderr}");
    m
}

#[test]
fn escape_sequences_from_the_api_never_reach_the_terminal() {
    let record = hostile::escaping_record();
    let id = record["id"].as_str().unwrap().to_owned();
    let api = Api::start(hostile::hub(std::slice::from_ref(&record)));
    let url = api.server.base_url();
    let ten = Duration::from_secs(60);

    let table = case("escapes-table", cli(&["huggingface", "--endpoint", &url, "--all", "--no-enrich"]), ten);
    assert_eq!(table.code(), Some(0), "{}", table.stderr());
    assert!(table.stdout().contains(r"evil/model\x1b]0;pwned\x07"), "{}", table.stdout());

    let json = case("escapes-json", cli(&["huggingface", "--endpoint", &url, "--all", "--no-enrich", "--json"]), ten);
    let line: Value = serde_json::from_str(json.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(line["id"], id, "JSON keeps the exact string");

    // A plain id asked for, a record full of escapes answered (its own id, tag, licence).
    let detail = Api::start(Scenario::new().route("/api/models/owner/model", Response::json(record.clone())));
    let check =
        case("escapes-check", cli(&["check", "hf", "owner/model", "--endpoint", &detail.server.base_url()]), ten);
    assert_eq!(check.code(), Some(0), "{}", check.stderr());
    assert!(check.stdout().contains(r"pipeline text-generation\x1b]0;pwned\x07"), "{}", check.stdout());

    let error = Api::start(hostile::escaping_error("owner/name"));
    let m =
        case("escapes-error-body", cli(&["check", "hf", "owner/name", "--endpoint", &error.server.base_url()]), ten);
    assert_eq!(m.code(), Some(1), "{}", m.stderr());
    assert!(m.stderr().contains(r"Repository not found\x1b]0;pwned"), "{}", m.stderr());
}

#[test]
fn numbers_that_overflow_are_unknown_not_a_panic() {
    let record = hostile::overflowing_record();
    let api = Api::start(hostile::hub(std::slice::from_ref(&record)));
    let url = api.server.base_url();
    let limit = Duration::from_secs(60);
    for (name, args) in [
        ("overflow-table", vec!["huggingface", "--endpoint", &url, "--all", "--no-enrich"]),
        ("overflow-json", vec!["huggingface", "--endpoint", &url, "--all", "--no-enrich", "--json"]),
        ("overflow-check", vec!["check", "hf", "big/numbers", "--endpoint", &url]),
    ] {
        let m = case(name, cli(&args), limit);
        assert_eq!(m.code(), Some(0), "{name}: {}", m.stderr());
    }
}

#[test]
fn hanging_config_reads_cost_the_enrichment_budget_not_hours() {
    // 16 models, each config.json answering after 10 minutes: before the budget this took
    // 16 / 8 concurrent * (30 s timeout * 4 attempts + backoff), about 246 s.
    let api = Api::start(hostile::hanging_configs(16, Duration::from_secs(600)));
    let url = api.server.base_url();
    // The default budget is 20 s; 90 s leaves room for a loaded machine.
    let m = case(
        "config-json-hangs",
        cli(&["huggingface", "--endpoint", &url, "--all", "--limit", "16", "--json"]),
        Duration::from_secs(90),
    );
    assert_eq!(m.code(), Some(0), "{}", m.stderr());
    let lines: Vec<Value> = m.stdout().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 16);
    for line in &lines {
        let notes = line["notes"].to_string();
        assert!(notes.contains("enrichment budget") || notes.contains("config.json not read"), "{line}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn classify_refuses_what_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (name, path) in [("classify-dev-zero", "/dev/zero"), ("classify-fifo", fifo.to_str().unwrap())] {
        let m = case(name, cli(&["classify", path]), Duration::from_secs(30));
        assert_eq!(m.code(), Some(2), "{name}: {}", m.stderr());
        assert!(m.stderr().contains("not a regular file"), "{name}: {}", m.stderr());
    }
    let big = dir.path().join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(33 * 1024 * 1024).unwrap();
    let m = case("classify-over-cap", cli(&["classify", big.to_str().unwrap()]), Duration::from_secs(30));
    assert_eq!(m.code(), Some(2), "{}", m.stderr());
    assert!(m.stderr().contains("over the limit"), "{}", m.stderr());
}
