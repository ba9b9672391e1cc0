//! Who judges: the `device` and `fit` options every function takes, read the same way for
//! the sync functions and the listings.

use compat_core::read::{self, named, object};
use compat_core::{Device, FitFilter, device_preset};
use serde_json::Value;

use crate::error::BindingError;

/// The options of the sync judging functions (`isModelCompatible`,
/// `filterCompatibleModels`, `checkModelWorkerCompatibility`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct JudgeOptions {
    /// The machine the model should run on: a preset name (`"gpu-12gb"`, see
    /// `DevicePreset`) or a `Device`. The verdict then says whether the model fits it
    /// (`fit`, `memory`, `files[].fit`) and recommends the file that fits best.
    #[cfg_attr(feature = "ts", ts(type = "DeviceOption", optional))]
    pub device: Option<Value>,
    /// `filterCompatibleModels` only, with `device`: keep only the models that fit it
    /// (`"gpu"`, `"offload"` or `"any"`; see `HuggingFaceOptions.fit`).
    pub fit: Option<FitFilter>,
}

impl JudgeOptions {
    /// Reads the options object (by hand, like every options object; unknown keys refused).
    pub(crate) fn read_value(value: &Value) -> read::Result<Self> {
        let o = object(value)?;
        o.deny_unknown(&["device", "fit"])?;
        Ok(Self { device: o.opt("device", |v| Ok(v.clone()))?, fit: o.opt("fit", named)? })
    }
}

/// A `device` option: a preset's name or a device object, validated.
pub(crate) fn device_arg(value: Option<Value>) -> Result<Option<Device>, BindingError> {
    let device = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(name)) => {
            device_preset(&name).map_err(|e| BindingError::invalid_argument(format!("`device`: {e}")))?.clone()
        }
        Some(value @ Value::Object(_)) => Device::read(&value)
            .map_err(|e| BindingError::invalid_argument(format!("`device` is not a device: {e}")))?,
        Some(other) => {
            return Err(BindingError::invalid_argument(format!(
                "`device` must be a preset name or a device object, got {}",
                compat_core::wire::kind_of(&other)
            )));
        }
    };
    device.validate().map_err(|e| BindingError::invalid_argument(format!("`device`: {e}")))?;
    Ok(Some(device))
}

/// A `fit` filter needs a device to judge fits on.
pub(crate) fn fit_arg(fit: Option<FitFilter>, device: Option<&Device>) -> Result<Option<FitFilter>, BindingError> {
    match (fit, device) {
        (Some(_), None) => Err(BindingError::invalid_argument("`fit` needs a `device` to fit on")),
        (fit, _) => Ok(fit),
    }
}

impl JudgeOptions {
    /// The device and the filter, checked.
    pub(crate) fn read(self) -> Result<(Option<Device>, Option<FitFilter>), BindingError> {
        let device = device_arg(self.device)?;
        let fit = fit_arg(self.fit, device.as_ref())?;
        Ok((device, fit))
    }
}
