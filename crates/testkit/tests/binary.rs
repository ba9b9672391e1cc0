//! The `testkit serve` binary as a Node script would use it: spawn, read the URL line, call it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Kills the child if a test fails before it exits on its own.
struct Spawned(Child);

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn write_scenario(name: &str, scenario: &Value) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.json");
    std::fs::write(&path, scenario.to_string()).unwrap();
    path
}

/// Spawn `testkit serve ARGS` with stdin piped (kept open) and return it with its URL.
fn spawn(args: &[&str]) -> (Spawned, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_testkit"))
        .arg("serve")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let spawned = Spawned(child);
    let line = rx.recv_timeout(Duration::from_secs(30)).expect("no URL line from testkit serve");
    let parsed: Value = serde_json::from_str(line.trim()).unwrap();
    let url = parsed["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(parsed.as_object().unwrap().len(), 1, "{line}");
    (spawned, url)
}

fn wait_for_exit(child: &mut Child, within: Duration) -> ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "testkit serve did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn serve_prints_url_and_answers_the_scenario() {
    let scenario = write_scenario(
        "binary-serve",
        &json!({
            "routes": [{
                "path": "/api/models/gpt2",
                "responses": [
                    { "status": 429, "headers": [["Retry-After", "2"]] },
                    { "body": { "json": { "id": "gpt2" } } }
                ]
            }]
        }),
    );
    let (_child, url) = spawn(&["--scenario", scenario.to_str().unwrap(), "--port", "0"]);
    let client = reqwest::Client::new();

    let limited = client.get(format!("{url}/api/models/gpt2?a=1&a=2")).send().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "2");
    let ok: Value = client.get(format!("{url}/api/models/gpt2")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ok, json!({ "id": "gpt2" }));

    let log: Value = client.get(format!("{url}/__testkit/requests")).send().await.unwrap().json().await.unwrap();
    assert_eq!(log.as_array().unwrap().len(), 2);
    assert_eq!(log[0]["queryPairs"], json!([["a", "1"], ["a", "2"]]));
    let stats: Value = client.get(format!("{url}/__testkit/stats")).send().await.unwrap().json().await.unwrap();
    assert_eq!(stats["requestCount"], 2);
}

#[test]
fn serve_exits_after_idle_timeout() {
    let (mut child, _url) = spawn(&["--idle-timeout-secs", "1"]);
    let status = wait_for_exit(&mut child.0, Duration::from_secs(15));
    assert!(status.success(), "{status}");
}

#[test]
fn serve_exits_after_max_lifetime() {
    let (mut child, _url) = spawn(&["--idle-timeout-secs", "0", "--max-lifetime-secs", "1"]);
    let status = wait_for_exit(&mut child.0, Duration::from_secs(15));
    assert!(status.success(), "{status}");
}

#[test]
fn serve_exits_when_stdin_closes() {
    let (mut child, _url) = spawn(&[]);
    drop(child.0.stdin.take());
    let status = wait_for_exit(&mut child.0, Duration::from_secs(15));
    assert!(status.success(), "{status}");
}

#[test]
fn serve_rejects_a_bad_scenario() {
    let scenario = write_scenario("binary-bad", &json!({ "routes": [{ "paht": "/x" }] }));
    let output = Command::new(env!("CARGO_BIN_EXE_testkit"))
        .args(["serve", "--scenario", scenario.to_str().unwrap()])
        .stdin(Stdio::piped())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("paht"));
}
