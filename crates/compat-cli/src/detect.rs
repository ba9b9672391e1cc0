//! `--device auto`: this machine's GPUs and RAM, read from the OS and the vendors' tools.
//!
//! Never fails: what cannot be read is replaced by a fallback and a note says so. I/O
//! lives here, in the CLI; compat-core only receives the resulting [`Device`].

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use compat_core::{Backend, Device, Gpu, device_preset};

/// A vendor tool that does not answer in this time is treated as absent.
const TOOL_TIMEOUT: Duration = Duration::from_secs(5);
/// Most output read from a tool: a few GPUs' worth of lines.
const MAX_OUTPUT: u64 = 1 << 20;

/// The detected device and notes on what was found, assumed or missing.
pub fn detect() -> (Device, Vec<String>) {
    let mut notes = Vec::new();
    let mut device = Device { id: Some("auto".to_owned()), ..Device::default() };
    let ram = if cfg!(target_os = "macos") {
        run("sysctl", &["-n", "hw.memsize"]).and_then(|out| out.trim().parse::<u64>().ok())
    } else {
        std::fs::read_to_string("/proc/meminfo").ok().and_then(|text| mem_total(&text))
    };
    match ram {
        Some(bytes) => device.ram_bytes = bytes,
        None => notes.push("could not read the RAM size".to_owned()),
    }
    if let Some(out) = run("nvidia-smi", &["--query-gpu=name,memory.total", "--format=csv,noheader,nounits"]) {
        device.gpus.extend(nvidia_gpus(&out));
    }
    if let Some(out) = run("rocm-smi", &["--showmeminfo", "vram", "--json"]) {
        device.gpus.extend(rocm_gpus(&out));
    }
    if cfg!(all(target_os = "macos", target_arch = "aarch64")) && device.gpus.is_empty() && device.ram_bytes > 0 {
        // The GPU's share of unified memory: the presets' assumption (devices.json, _about).
        let share = if device.ram_bytes > 36 << 30 {
            (device.ram_bytes / 4).saturating_mul(3)
        } else {
            (device.ram_bytes / 3).saturating_mul(2)
        };
        device.unified_memory = true;
        device.gpus.push(Gpu {
            name: Some("Apple GPU".to_owned()),
            memory_bytes: share,
            backend: Backend::Metal,
            bandwidth_bytes_per_sec: None,
        });
        notes.push("Apple silicon: the GPU is assumed to use 2/3 (3/4 above 36 GiB) of unified memory".to_owned());
    }
    if device.gpus.is_empty() {
        notes.push("no GPU found (no nvidia-smi or rocm-smi answered): CPU only".to_owned());
    }
    if device.validate().is_err() {
        let fallback = device_preset("cpu-16gb").cloned().unwrap_or_default();
        notes.push("nothing detected: using the cpu-16gb preset".to_owned());
        return (fallback, notes);
    }
    notes.insert(
        0,
        format!("detected {} GPU(s), {} RAM", device.gpus.len(), compat_core::memory::fit::gib(device.ram_bytes)),
    );
    (device, notes)
}

/// `MemTotal:       32791124 kB` from /proc/meminfo (the kernel's kB are KiB).
pub fn mem_total(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits`: one
/// `name, MiB` line per GPU.
pub fn nvidia_gpus(csv: &str) -> Vec<Gpu> {
    csv.lines()
        .filter_map(|line| {
            let (name, mib) = line.rsplit_once(',')?;
            let mib: u64 = mib.trim().parse().ok()?;
            Some(Gpu {
                name: Some(name.trim().to_owned()),
                memory_bytes: mib.checked_mul(1 << 20).filter(|&b| b > 0)?,
                backend: Backend::Cuda,
                bandwidth_bytes_per_sec: None,
            })
        })
        .collect()
}

/// `rocm-smi --showmeminfo vram --json`: `{"card0": {"VRAM Total Memory (B)": "17163091968", ...}}`.
pub fn rocm_gpus(json: &str) -> Vec<Gpu> {
    let Ok(serde_json::Value::Object(cards)) = serde_json::from_str(json) else { return Vec::new() };
    cards
        .iter()
        .filter_map(|(card, info)| {
            let total = info.get("VRAM Total Memory (B)")?;
            let bytes = total.as_u64().or_else(|| total.as_str()?.trim().parse().ok())?;
            (bytes > 0).then(|| Gpu {
                name: Some(card.clone()),
                memory_bytes: bytes,
                backend: Backend::Rocm,
                bandwidth_bytes_per_sec: None,
            })
        })
        .collect()
}

/// Runs a tool with a deadline; `None` when it is absent, fails, hangs or says nothing.
fn run(program: &str, args: &[&str]) -> Option<String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(Some(_)) | Err(_) => return None,
            Ok(None) if start.elapsed() > TOOL_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    let mut out = String::new();
    child.stdout.take()?.take(MAX_OUTPUT).read_to_string(&mut out).ok()?;
    (!out.trim().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Output formats as the tools document them: nvidia-smi's `--format=csv,noheader,nounits`
    // (one line per GPU, MiB), rocm-smi's `--json` (strings of bytes per card), and Linux's
    // /proc/meminfo (proc(5): values in kB).
    #[test]
    fn reads_the_tools_outputs() {
        let gpus = nvidia_gpus("NVIDIA GeForce RTX 3060, 12288\nNVIDIA A100-SXM4-80GB, 81920\nbad line\n");
        assert_eq!(gpus.iter().map(|g| g.memory_bytes).collect::<Vec<_>>(), [12 << 30, 80 << 30]);
        assert_eq!(gpus[0].name.as_deref(), Some("NVIDIA GeForce RTX 3060"));
        let rocm =
            rocm_gpus(r#"{"card0": {"VRAM Total Memory (B)": "17163091968", "VRAM Total Used Memory (B)": "12345"}}"#);
        assert_eq!((rocm[0].memory_bytes, rocm[0].backend), (17_163_091_968, Backend::Rocm));
        assert!(rocm_gpus("not json").is_empty());
        assert_eq!(mem_total("MemTotal:       32791124 kB\nMemFree: 1 kB\n"), Some(32_791_124 * 1024));
        assert_eq!(mem_total("MemFree: 1 kB\n"), None);
    }

    #[test]
    fn detection_never_fails() {
        let (device, notes) = detect();
        assert!(device.validate().is_ok());
        assert!(!notes.is_empty());
    }

    #[test]
    fn a_missing_tool_is_absent() {
        assert_eq!(run("model-compat-no-such-tool", &[]), None);
    }
}
