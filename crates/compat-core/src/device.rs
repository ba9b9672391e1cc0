//! The machine a model should run on: GPUs, system RAM, unified memory, bandwidth.
//!
//! Data, like the worker catalog: named presets ship in `devices.json`, and a user
//! describes their own machine in the same JSON shape. Detecting the local machine is
//! I/O and lives in the CLI; this module only holds and validates the description.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::read::{self, boolean, list, named, object, string, uint};

crate::wire_enum! {
    /// The compute API a GPU is driven through. Matched against a worker's `backends`.
    pub enum Backend #[derive(PartialOrd, Ord)] {
        Cuda => "cuda",
        Rocm => "rocm",
        Metal => "metal",
        Vulkan => "vulkan",
        Cpu => "cpu",
    }
}

/// One GPU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Gpu {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Memory the GPU can hold weights and caches in. On unified-memory machines, the
    /// share the GPU may use, not the whole RAM.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub memory_bytes: u64,
    pub backend: Backend,
    /// Peak memory bandwidth, for the (labelled) tokens-per-second estimate only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bandwidth_bytes_per_sec: Option<u64>,
}

/// A machine: its GPUs (none for CPU-only) and its system RAM.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase", default)]
pub struct Device {
    /// Preset id (`gpu-12gb`) or any label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub gpus: Vec<Gpu>,
    /// System RAM.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ram_bytes: u64,
    /// GPU and CPU share one memory (Apple silicon): what the GPU holds is not free RAM.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>"))]
    pub unified_memory: bool,
    /// Peak bandwidth of system RAM, for the CPU tokens-per-second estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ram_bandwidth_bytes_per_sec: Option<u64>,
}

/// A device description that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    #[error("device is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("device does not fit the device schema: {0}")]
    Schema(read::Error),
    #[error("device has no memory: give ramBytes or at least one GPU with memoryBytes")]
    NoMemory,
    #[error("device GPU {0} has memoryBytes 0")]
    EmptyGpu(usize),
    #[error("unknown device preset `{0}` (known: {1})")]
    UnknownPreset(String, String),
}

impl Device {
    /// Parses and validates one device (`{"gpus": [...], "ramBytes": ...}`).
    pub fn from_json(json: &str) -> Result<Self, DeviceError> {
        let value: Value = serde_json::from_slice(json.as_bytes())?;
        let device = Self::read(&value).map_err(DeviceError::Schema)?;
        device.validate()?;
        Ok(device)
    }

    /// Reads one from a JSON value, unvalidated (see [`Device::validate`]). By hand, like
    /// the catalog (see `crate::read`): the bindings take a device in every options object.
    #[expect(clippy::field_reassign_with_default, reason = "one clean-up path for every field, see below")]
    pub fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        // Field by field: see `compat_core::read`, "Readers".
        let mut m = Self::default();
        m.id = o.opt("id", string)?;
        m.name = o.opt("name", string)?;
        m.gpus = o.or_default("gpus", |v| list(v, Gpu::read))?;
        m.ram_bytes = o.or_default("ramBytes", uint)?;
        m.unified_memory = o.or_default("unifiedMemory", boolean)?;
        m.ram_bandwidth_bytes_per_sec = o.opt("ramBandwidthBytesPerSec", uint)?;
        Ok(m)
    }

    /// What serde cannot check: some memory somewhere, no zero-sized GPU.
    pub fn validate(&self) -> Result<(), DeviceError> {
        if let Some(i) = self.gpus.iter().position(|g| g.memory_bytes == 0) {
            return Err(DeviceError::EmptyGpu(i));
        }
        if self.ram_bytes == 0 && self.gpus.is_empty() {
            return Err(DeviceError::NoMemory);
        }
        Ok(())
    }

    /// A one-GPU machine (the CLI's `--vram`/`--ram`).
    pub fn single_gpu(memory_bytes: u64, backend: Backend, ram_bytes: u64) -> Self {
        Self {
            gpus: vec![Gpu { name: None, memory_bytes, backend, bandwidth_bytes_per_sec: None }],
            ram_bytes,
            ..Self::default()
        }
    }

    /// The GPUs a worker with these `backends` can drive.
    pub fn usable_gpus<'a>(&'a self, backends: &'a [String]) -> impl Iterator<Item = &'a Gpu> + 'a {
        self.gpus.iter().filter(move |g| backends.iter().any(|b| b.eq_ignore_ascii_case(g.backend.as_str())))
    }

    /// A short label for reasons: the preset or name, else the memory.
    pub fn label(&self) -> String {
        self.name.clone().or_else(|| self.id.clone()).unwrap_or_else(|| "the device".to_owned())
    }
}

impl Gpu {
    fn read(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        Ok(Self {
            name: o.opt("name", string)?,
            memory_bytes: o.req("memoryBytes", uint)?,
            backend: o.req("backend", named)?,
            bandwidth_bytes_per_sec: o.opt("bandwidthBytesPerSec", uint)?,
        })
    }
}

read::deserialize_via_read!(Device, Gpu);

/// `devices.json` without its notes for people (`build.rs`): the numbers' sources stay in
/// the data file.
const DEVICES_JSON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/devices.min.json"));

/// The named presets (`gpu-8gb` ... `cpu-32gb`), in file order.
pub fn device_presets() -> &'static [Device] {
    static PRESETS: OnceLock<Vec<Device>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        // Compiled in and covered by tests; failing here is a build defect.
        let value: Value = serde_json::from_slice(DEVICES_JSON).expect("devices.json is JSON");
        let devices = value.get("devices").expect("devices.json lists `devices`");
        list(devices, Device::read).expect("devices.json is valid")
    })
}

/// One preset by id (case-insensitive).
pub fn device_preset(id: &str) -> Result<&'static Device, DeviceError> {
    let presets = device_presets();
    presets.iter().find(|d| d.id.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(id.trim()))).ok_or_else(|| {
        let known: Vec<&str> = presets.iter().filter_map(|d| d.id.as_deref()).collect();
        DeviceError::UnknownPreset(id.to_owned(), known.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_and_the_issue_sizes_are_there() {
        const GIB: u64 = 1 << 30;
        for device in device_presets() {
            device.validate().unwrap();
        }
        let gpu = |id: &str| device_preset(id).unwrap().gpus[0].memory_bytes;
        assert_eq!(
            [gpu("gpu-8gb"), gpu("gpu-12gb"), gpu("gpu-16gb"), gpu("gpu-24gb")],
            [8, 12, 16, 24].map(|g| g * GIB)
        );
        assert_eq!(gpu("datacenter-80gb"), 80 * GIB);
        for (id, ram) in [("apple-16gb", 16), ("apple-32gb", 32), ("apple-64gb", 64)] {
            let d = device_preset(id).unwrap();
            assert!(d.unified_memory && d.gpus[0].backend == Backend::Metal);
            assert_eq!(d.ram_bytes, ram * GIB);
            assert!(d.gpus[0].memory_bytes < d.ram_bytes);
        }
        for (id, ram) in [("cpu-16gb", 16), ("cpu-32gb", 32)] {
            let d = device_preset(id).unwrap();
            assert!(d.gpus.is_empty());
            assert_eq!(d.ram_bytes, ram * GIB);
        }
        assert!(matches!(device_preset("gpu-7gb"), Err(DeviceError::UnknownPreset(..))));
    }

    #[test]
    fn user_devices_are_validated() {
        let ok = Device::from_json(r#"{"gpus":[{"memoryBytes":1000,"backend":"rocm"}],"ramBytes":5}"#).unwrap();
        assert_eq!(ok.gpus[0].backend, Backend::Rocm);
        assert!(matches!(Device::from_json(r#"{"ramBytes":0}"#), Err(DeviceError::NoMemory)));
        assert!(matches!(
            Device::from_json(r#"{"gpus":[{"memoryBytes":0,"backend":"cuda"}]}"#),
            Err(DeviceError::EmptyGpu(0))
        ));
        assert!(matches!(
            Device::from_json(r#"{"gpus":[{"memoryBytes":1,"backend":"tpu"}]}"#),
            Err(DeviceError::Schema(_))
        ));
        assert!(matches!(Device::from_json("{"), Err(DeviceError::Json(_))));
        // What serializes reads back, field for field.
        for device in device_presets() {
            let json = serde_json::to_string(device).unwrap();
            assert_eq!(&Device::from_json(&json).unwrap(), device);
        }
    }
}
