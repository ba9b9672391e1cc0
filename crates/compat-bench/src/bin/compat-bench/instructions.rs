//! Instructions per call, counted by callgrind (valgrind) over a criterion bench run with
//! `--profile-time`: the same count on every run, where wall-clock medians on a shared
//! machine move by tens of percent between runs (the `judge` ratio of issue 14 was read
//! anywhere from 1.10× to 1.28× from the same build).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Calls to one function and the instructions spent inside them (callees included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub calls: u64,
    pub instructions: u64,
}

impl Count {
    pub fn per_call(&self) -> f64 {
        self.instructions as f64 / self.calls.max(1) as f64
    }
}

/// The executable of `cargo bench -p PACKAGE --bench BENCH` (built if needed, as `cargo
/// bench` would).
pub fn bench_executable(root: &Path, package: &str, bench: &str) -> Result<PathBuf, String> {
    let out = Command::new("cargo")
        .args(["bench", "-p", package, "--bench", bench, "--no-run", "--message-format=json"])
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo bench --no-run: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo bench -p {package} --bench {bench} --no-run failed"));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["target"]["name"] == bench && m["target"]["kind"][0] == "bench")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| format!("cargo did not name the executable of bench `{bench}`"))
}

/// Runs the criterion benchmark `filter` of `executable` for one second under callgrind,
/// counting only inside `function` (its full path, `compat_core::rules::judge`).
pub fn count(executable: &Path, filter: &str, function: &str, scratch: &Path) -> Result<Count, String> {
    let out_file = scratch.join(format!("callgrind.{}.out", filter.replace(|c: char| !c.is_alphanumeric(), "_")));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--toggle-collect={function}"))
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(executable)
        .args(["--bench", "--profile-time", "1", filter])
        .env("CRITERION_HOME", scratch.join("criterion-profile"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("valgrind: {e} (is valgrind installed?)"))?;
    if !status.success() {
        return Err(format!("valgrind --tool=callgrind {} {filter}: {status}", executable.display()));
    }
    let text = std::fs::read_to_string(&out_file).map_err(|e| format!("{}: {e}", out_file.display()))?;
    calls_to(&text, function).ok_or_else(|| format!("{}: no call to {function}", out_file.display()))
}

/// From a callgrind out file written with `--toggle-collect=function`: the calls to
/// `function` (every `calls=` line under a `cfn=` naming it) and the instructions counted,
/// which are those spent inside it (the `summary:`).
fn calls_to(text: &str, function: &str) -> Option<Count> {
    // Names are compressed: `(id) name` the first time an id appears, `(id)` after.
    let mut id_of_function: Option<&str> = None;
    let mut calling = false;
    let mut calls = 0u64;
    let mut instructions = None;
    for line in text.lines() {
        if let Some(total) = line.strip_prefix("summary:") {
            instructions = total.trim().parse::<u64>().ok();
        }
        let Some(rest) = line.strip_prefix("cfn=").or_else(|| line.strip_prefix("fn=")) else {
            if calling {
                if let Some(n) = line.strip_prefix("calls=") {
                    calls += n.split_whitespace().next()?.parse::<u64>().ok()?;
                }
            }
            calling &= line.starts_with("calls=");
            continue;
        };
        let (id, name) = rest.split_once(' ').map_or((rest, None), |(id, name)| (id, Some(name)));
        if name == Some(function) {
            id_of_function = Some(id);
        }
        calling = line.starts_with("cfn=") && id_of_function == Some(id);
    }
    Some(Count { calls, instructions: instructions? }).filter(|c| c.calls > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An out file of `valgrind --tool=callgrind --toggle-collect=compat_core::rules::judge` over
    /// compat-core's `judge/on gpu-12gb`: its header, summary and the three call sites of `judge`
    /// as recorded (ids included), cut to those; the lines naming `text::judge` (id 4402) are
    /// added, for calls to another function, which must not count.
    const OUT: &str = "# callgrind format
version: 1
creator: callgrind-3.19.0
positions: line
events: Ir
summary: 174254208

fl=(314)
fn=(4398) compat_core::rules::judge
67 1120
cfi=(12)
cfn=(4402) compat_core::rules::text::judge
calls=8188 40
67 9000
fn=(4382)
fi=(314)
cfi=(485)
cfn=(4398)
calls=11 66 
277 350719
fi=(314)
cfi=(485)
cfn=(4398)
calls=2036 66 
277 63173309
cfn=(4398)
calls=8188 66 
277 110730180
cfn=(4402)
calls=5 1
1 100
totals: 174254208
";

    #[test]
    fn counts_the_calls_under_the_named_function_and_the_summary() {
        assert_eq!(
            calls_to(OUT, "compat_core::rules::judge"),
            Some(Count { calls: 10_235, instructions: 174_254_208 })
        );
        assert_eq!(calls_to(OUT, "compat_core::rules::text::judge").map(|c| c.calls), Some(8_193));
        assert_eq!(calls_to(OUT, "no::such::function"), None);
        assert_eq!(calls_to("summary: 5\n", "f"), None);
    }
}
