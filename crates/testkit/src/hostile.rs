//! A hostile API and the means to watch a client survive it (issue 16): routes for each
//! case, and [`run_measured`], which runs a child process and reports its wall time and peak
//! resident memory (`VmHWM` from `/proc/<pid>/status`, sampled while it runs).
//!
//! Records are real recorded bodies (`../shared/fixtures`) with one field made hostile, so a
//! case differs from a real answer in exactly what it tests.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{ListingStyle, Response, Route, Scenario};

/// The recorded detail body the cases start from (a safetensors causal LM, so listings
/// enrich it with `config.json`).
pub const BASE_RECORD: &str = "alain-Qwen__Qwen2.5-1.5B-Instruct.detail.json";

/// Escape sequences a terminal acts on: set the window title, clear the screen, recolour,
/// and a C1 CSI.
pub const ESCAPES: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31m\u{9b}1m";

/// The recorded record every case starts from.
pub fn base_record() -> Value {
    let path = crate::shared_fixtures("huggingface").join(BASE_RECORD);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The base record under another id (`owner/name`).
pub fn record_with_id(id: &str) -> Value {
    let mut record = base_record();
    record["id"] = json!(id);
    record["modelId"] = json!(id);
    record
}

/// A model id, a pipeline tag and a licence carrying [`ESCAPES`].
pub fn escaping_record() -> Value {
    let mut record = record_with_id(&format!("evil/model{ESCAPES}"));
    record["pipeline_tag"] = json!(format!("text-generation{ESCAPES}"));
    record["cardData"]["license"] = json!(format!("mit{ESCAPES}"));
    record
}

/// Numbers whose sums overflow a `u64`: parameter counts, shard sizes, and a context of
/// `u64::MAX` tokens.
pub fn overflowing_record() -> Value {
    let mut record = record_with_id("big/numbers");
    let max = u64::MAX;
    record["safetensors"] = json!({"parameters": {"BF16": max, "F32": max, "I8": max}});
    record["gguf"] = json!({"architecture": "qwen2", "context_length": max});
    record["config"]["max_position_embeddings"] = json!(max);
    record["siblings"] = json!([
        {"rfilename": "config.json"},
        {"rfilename": "model-00001-of-00003.safetensors", "size": max},
        {"rfilename": "model-00002-of-00003.safetensors", "size": max},
        {"rfilename": "model-00003-of-00003.safetensors", "size": max},
        {"rfilename": "q/m-Q4_K_M-00001-of-00002.gguf", "size": max},
        {"rfilename": "q/m-Q4_K_M-00002-of-00002.gguf", "size": max},
    ]);
    record
}

/// `/api/models` listing `records` (one page) and `/api/models/{id}` for each.
pub fn hub(records: &[Value]) -> Scenario {
    let mut scenario = Scenario::new().paged_listing("/api/models", records.to_vec(), 100, ListingStyle::HuggingFace);
    for record in records {
        let id = record["id"].as_str().unwrap_or_default();
        scenario = scenario.route(&format!("/api/models/{id}"), Response::json(record.clone()));
    }
    scenario
}

/// An error body that tries to drive the terminal, for `/api/models/{id}`.
pub fn escaping_error(id: &str) -> Scenario {
    let body = json!({"error": format!("Repository not found{ESCAPES}")});
    Scenario::new().route(&format!("/api/models/{id}"), Response::json(body).with_status(404))
}

/// `n` listed safetensors models whose `config.json` answers only after `hang`: without an
/// enrichment budget a page takes about `n / concurrency * hang * attempts`.
pub fn hanging_configs(n: usize, hang: Duration) -> Scenario {
    let records: Vec<Value> = (0..n)
        .map(|i| {
            // No context in the record: only config.json would tell it.
            enrichable_record(&format!("slow/model-{i}"))
        })
        .collect();
    let mut scenario = hub(&records);
    let delay = u64::try_from(hang.as_millis()).unwrap_or(u64::MAX);
    for i in 0..n {
        let config = Response::json(json!({"max_position_embeddings": 32768})).delay(delay);
        scenario = scenario.route(&format!("/slow/model-{i}/resolve/main/config.json"), config);
    }
    scenario
}

/// The hostile listing page: 100 MB, past the client's default 64 MiB page cap. Before the
/// cap, issue 16 measured the CLI at 2.26 GB peak RSS on it.
pub const HUGE_PAGE_BYTES: u64 = 100_000_000;

/// `/api/models` answering a page of `bytes` bytes, the base record repeated: generated while
/// it is sent, with no length (`declared = false`: the client finds out by reading) or with
/// its true `Content-Length` (the client can refuse before reading).
pub fn huge_listing(bytes: u64, declared: bool) -> Scenario {
    let page = Response::filled(base_record(), bytes);
    let page = if declared { page.content_length(bytes) } else { page };
    Scenario::new().route("/api/models", page)
}

/// Every request of the API (`/api/models`, `/api/models/{id}`) lands in two paths that
/// redirect to each other.
pub fn redirect_loop(id: &str) -> Scenario {
    Scenario::new()
        .route("/api/models", Response::redirect(302, "/loop/a"))
        .route(&format!("/api/models/{id}"), Response::redirect(302, "/loop/a"))
        .route("/loop/a", Response::redirect(302, "/loop/b"))
        .route("/loop/b", Response::redirect(302, "/loop/a"))
}

/// The listing and `/api/models/{id}` redirect to `location`, a URL that is not HTTP
/// (`file:///etc/passwd`): asking again gets the same answer, so it is not worth a retry.
pub fn redirect_off_http(id: &str, location: &str) -> Scenario {
    Scenario::new()
        .route("/api/models", Response::redirect(302, location))
        .route(&format!("/api/models/{id}"), Response::redirect(302, location))
}

/// A listing whose first page's next link carries credentials for this same server
/// (`http://user:pw@127.0.0.1:PORT/api/models?cursor=2`): an HTTP stack would send them as
/// Basic auth. The second page (`cursor=2`) must never be asked for.
pub fn next_link_with_credentials() -> Scenario {
    let link = "<http://user:pw@{host}/api/models?cursor=2>; rel=\"next\"";
    Scenario::new()
        .with_route(
            Route::new("GET", "/api/models", vec![Response::json(json!([record_with_id("page/two")]))])
                .query("cursor", "2"),
        )
        .route("/api/models", Response::json(json!([record_with_id("page/one")])).header("Link", link))
}

/// A listed safetensors model the listing enriches: its record states no context, so the
/// client reads `config.json`.
pub fn enrichable_record(id: &str) -> Value {
    let mut record = record_with_id(id);
    record["config"] = json!({"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"]});
    record.as_object_mut().map(|o| o.remove("gguf"));
    record
}

/// The context length only `elsewhere`'s `config.json` states: a listing that shows it
/// followed the redirect there.
pub const ELSEWHERE_CONTEXT: u64 = 12_345;

/// An API whose answers send the client to `elsewhere` (another port: another origin), the
/// way the Hub's `resolve` URLs redirect to a CDN: `/api/models/{id}` and the listed model's
/// `config.json` redirect there. `elsewhere` is a server started with [`elsewhere`].
pub fn redirects_elsewhere(id: &str, elsewhere: &str) -> Scenario {
    let config = format!("/{id}/resolve/main/config.json");
    Scenario::new()
        .route("/api/models", Response::json(json!([enrichable_record(id)])))
        .route(&format!("/api/models/{id}"), Response::redirect(302, &format!("{elsewhere}/api/models/{id}")))
        .route(&config, Response::redirect(302, &format!("{elsewhere}{config}")))
}

/// A listing whose next link points to `elsewhere`: a host the token was not given for.
pub fn next_link_elsewhere(id: &str, elsewhere: &str) -> Scenario {
    let link = format!("<{elsewhere}/api/models?cursor=2>; rel=\"next\"");
    Scenario::new().route("/api/models", Response::json(json!([record_with_id(id)])).header("Link", &link))
}

/// The other origin of [`redirects_elsewhere`] and [`next_link_elsewhere`]: it answers what
/// they send the client to, and its request log shows which headers arrived.
pub fn elsewhere(id: &str) -> Scenario {
    let config = json!({"max_position_embeddings": ELSEWHERE_CONTEXT});
    Scenario::new()
        .route(&format!("/api/models/{id}"), Response::json(enrichable_record(id)))
        .route(&format!("/{id}/resolve/main/config.json"), Response::json(config))
        .route("/api/models", Response::json(json!([record_with_id("elsewhere/model")])))
}

/// What a child process did, and what it cost.
#[derive(Debug)]
pub struct Measured {
    /// `None` when it was killed at the time limit.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    /// Peak resident set (`VmHWM`) in KiB, as last sampled; 0 where `/proc` is missing.
    pub peak_rss_kib: u64,
}

impl Measured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The exit code; `None` when killed (time or memory limit) or ended by a signal.
    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// One line for a report: `12.3 s, peak 24 MiB, exit 0`.
    pub fn summary(&self) -> String {
        let end = match self.code() {
            Some(code) => format!("exit {code}"),
            None => "killed at the limit".to_owned(),
        };
        format!("{:.1} s, peak {} MiB, {end}", self.elapsed.as_secs_f64(), self.peak_rss_kib / 1024)
    }
}

/// Characters of `text` a terminal would act on (C0 but `\n` and `\t`, DEL, C1), with their
/// positions: empty when the text is safe to print.
pub fn raw_controls(text: &str) -> Vec<(usize, char)> {
    text.char_indices().filter(|(_, c)| c.is_control() && !matches!(c, '\n' | '\t')).collect()
}

/// Runs `cmd` (stdin closed, output captured) until it ends, `time_limit` passes or its
/// peak RSS passes `rss_limit_kib`; the last two kill it. Samples `VmHWM` every 5 ms.
pub fn run_measured(mut cmd: Command, time_limit: Duration, rss_limit_kib: u64) -> Measured {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut out);
            }
            out
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = std::fs::read_to_string(&status_file).ok().as_deref().and_then(vm_hwm_kib) {
            peak = peak.max(kib);
        }
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > time_limit || peak > rss_limit_kib => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for {cmd:?}: {e}"),
        }
    };
    let elapsed = start.elapsed();
    Measured {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed,
        peak_rss_kib: peak,
    }
}

/// `VmHWM:   12345 kB` from a `/proc/<pid>/status` text.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_peak_from_proc_status() {
        let status = "Name:\tcat\nVmPeak:\t  8000 kB\nVmHWM:\t    1234 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(1234));
        assert_eq!(vm_hwm_kib("Name:\tcat\n"), None);
    }

    #[test]
    fn finds_raw_controls() {
        assert!(raw_controls("plain\ttext\n").is_empty());
        assert_eq!(raw_controls(ESCAPES).len(), 5, "three ESC, a BEL, a C1 CSI");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn measures_a_child() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "printf out; printf err >&2; exit 3"]);
        let m = run_measured(cmd, Duration::from_secs(10), u64::MAX);
        assert_eq!((m.code(), m.stdout().as_str(), m.stderr().as_str()), (Some(3), "out", "err"));
        let mut sleeper = Command::new("sleep");
        sleeper.arg("30");
        let m = run_measured(sleeper, Duration::from_millis(200), u64::MAX);
        assert_eq!(m.code(), None);
        assert!(m.elapsed < Duration::from_secs(10));
    }
}
