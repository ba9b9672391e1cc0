//! Child processes: run one with a time limit, its output in files, its peak RSS from
//! `/usr/bin/time -v`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// GNU time, which reports the peak RSS of the command it runs.
pub const GNU_TIME: &str = "/usr/bin/time";

/// What one run of a command gave.
#[derive(Debug, Clone)]
pub struct Measured {
    pub stdout: String,
    pub stderr: String,
    /// Spawn to exit, as the driver saw it.
    pub wall_ms: f64,
    /// `Maximum resident set size` from `/usr/bin/time -v`, when it is installed.
    pub max_rss_kb: Option<u64>,
}

/// How to run the clients: where, with which environment, for how long at most.
#[derive(Debug, Clone)]
pub struct Runner {
    pub cwd: PathBuf,
    pub scratch: PathBuf,
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
}

/// Variables a child must not inherit: tokens (nothing here needs one, and none may leave
/// this machine) and proxies (every request goes to 127.0.0.1 directly).
const REMOVED_ENV: &[&str] = &[
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "HF_HUB_OFFLINE",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

impl Runner {
    /// Runs `program args`, under `/usr/bin/time -v` when available. Fails on a non-zero
    /// exit or after the timeout (the child is killed then).
    pub fn measure(&self, program: &str, args: &[String]) -> Result<Measured, String> {
        std::fs::create_dir_all(&self.scratch).map_err(|e| format!("{}: {e}", self.scratch.display()))?;
        let out_path = self.scratch.join("child.stdout");
        let err_path = self.scratch.join("child.stderr");
        let time_path = self.scratch.join("child.time");
        let _ = std::fs::remove_file(&time_path);
        let timed = Path::new(GNU_TIME).is_file();
        let mut command = if timed {
            let mut c = Command::new(GNU_TIME);
            c.arg("-v").arg("-o").arg(&time_path).arg(program).args(args);
            c
        } else {
            let mut c = Command::new(program);
            c.args(args);
            c
        };
        command.current_dir(&self.cwd).stdin(Stdio::null());
        for name in REMOVED_ENV {
            command.env_remove(name);
        }
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        command.stdout(File::create(&out_path).map_err(|e| e.to_string())?);
        command.stderr(File::create(&err_path).map_err(|e| e.to_string())?);
        let line = std::iter::once(program).chain(args.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");

        let started = Instant::now();
        let mut child = command.spawn().map_err(|e| format!("cannot run `{line}`: {e}"))?;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`{line}` took more than {} s: killed", self.timeout.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
        let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
        let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
        if !status.success() {
            let tail: String =
                stderr.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
            return Err(format!("`{line}` failed ({status}):\n{tail}"));
        }
        let max_rss_kb = std::fs::read_to_string(&time_path).ok().and_then(|t| max_rss(&t));
        Ok(Measured { stdout, stderr, wall_ms, max_rss_kb })
    }
}

/// `Maximum resident set size (kbytes): N` of GNU time's `-v` report.
pub fn max_rss(report: &str) -> Option<u64> {
    report.lines().find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):")?.trim().parse().ok())
}

/// The last line of `stdout` that parses as a JSON object.
pub fn json_line(stdout: &str) -> Result<serde_json::Value, String> {
    stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<serde_json::Value>(l.trim()).ok().filter(|v| v.is_object()))
        .ok_or_else(|| format!("no JSON result in the output: {}", stdout.chars().take(300).collect::<String>()))
}

/// Runs `program args` and returns its trimmed stdout, or `None`.
pub fn output_of(program: &str, args: &[&str], cwd: &Path) -> Option<String> {
    let out = Command::new(program).args(args).current_dir(cwd).stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gnu_time() {
        let report = "\tCommand being timed: \"x\"\n\tMaximum resident set size (kbytes): 12345\n\tExit status: 0\n";
        assert_eq!(max_rss(report), Some(12345));
        assert_eq!(json_line("noise\n{\"ms\": 1}\n").unwrap()["ms"], 1);
    }
}
