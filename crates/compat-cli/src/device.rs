//! `--device PRESET|FILE|auto`, `--vram`, `--ram`, `--backend`: the machine models are judged on.

use clap::Args;
use compat_core::{Backend, Device, device_preset};
use serde_json::Value;

use crate::detect;
use crate::error::{CliError, CliResult};

/// The machine to judge the memory fit on.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Device (memory fit)")]
pub struct DeviceArgs {
    /// A device preset (gpu-8gb, gpu-12gb, gpu-16gb, gpu-24gb, datacenter-80gb, apple-16gb,
    /// apple-32gb, apple-64gb, cpu-16gb, cpu-32gb), a device JSON file, or `auto` (this machine).
    #[arg(long, value_name = "PRESET|FILE|auto", conflicts_with = "vram")]
    pub device: Option<String>,
    /// One GPU with this much memory (12GiB); with --ram and --backend.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub vram: Option<u64>,
    /// System RAM (32GiB); alone, a CPU-only machine.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub ram: Option<u64>,
    /// Backend of the --vram GPU.
    #[arg(long, value_name = "NAME", default_value = "cuda", value_parser = parse_backend)]
    pub backend: Backend,
}

impl DeviceArgs {
    /// The device the options describe: `--device`, else `--vram`/`--ram`, else none.
    /// What `auto` found or assumed goes to `notes`.
    pub fn device(&self, notes: &mut Vec<String>) -> CliResult<Option<Device>> {
        match self.device.as_deref() {
            Some("auto") => {
                let (device, found) = detect::detect();
                notes.extend(found);
                Ok(Some(device))
            }
            Some(name) => {
                if let Ok(preset) = device_preset(name) {
                    return Ok(Some(preset.clone()));
                }
                let path = std::path::Path::new(name);
                if !path.is_file() {
                    let e = device_preset(name).err().map(|e| e.to_string()).unwrap_or_default();
                    return Err(CliError::usage(format!("{e}; or give a device JSON file")));
                }
                let text = std::fs::read_to_string(path)
                    .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
                Device::from_json(&text).map(Some).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
            }
            None => Ok(match (self.vram, self.ram) {
                (Some(vram), ram) => Some(Device::single_gpu(vram, self.backend, ram.unwrap_or(0))),
                (None, Some(ram)) => Some(Device { ram_bytes: ram, ..Device::default() }),
                (None, None) => None,
            }),
        }
    }
}

/// `12GiB`, `12 GB`, `12G` (binary), `4920734272`.
pub fn parse_size(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let number: f64 = number.parse().map_err(|_| format!("`{raw}` is not a size (12GiB, 16GB, 4920734272)"))?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024f64.powi(2),
        "g" | "gib" => 1024f64.powi(3),
        "t" | "tib" => 1024f64.powi(4),
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        other => return Err(format!("unknown unit `{other}` in `{raw}` (B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)")),
    };
    let bytes = number * scale;
    if !bytes.is_finite() || bytes < 1.0 || bytes >= u64::MAX as f64 {
        return Err(format!("`{raw}` is not a usable size"));
    }
    Ok(bytes as u64)
}

fn parse_backend(raw: &str) -> Result<Backend, String> {
    serde_json::from_value(Value::String(raw.trim().to_ascii_lowercase()))
        .map_err(|_| format!("`{raw}` is not a backend (cuda, rocm, metal, vulkan, cpu)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        let table: &[(&str, Result<u64, ()>)] = &[
            ("12GiB", Ok(12 << 30)),
            ("12 GiB", Ok(12 << 30)),
            ("12G", Ok(12 << 30)),
            ("16GB", Ok(16_000_000_000)),
            ("4.5GiB", Ok(4_831_838_208)),
            ("4920734272", Ok(4_920_734_272)),
            ("0", Err(())),
            ("12XB", Err(())),
            ("GiB", Err(())),
            ("1e400", Err(())),
            ("99999999999TB", Err(())),
        ];
        for (raw, expected) in table {
            assert_eq!(parse_size(raw).map_err(|_| ()), *expected, "{raw}");
        }
    }
}
