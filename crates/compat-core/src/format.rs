//! Weight file formats and how to recognise them from a file name.

use crate::open_enum::open_enum;

open_enum! {
    /// The serialization format of model weights.
    pub enum WeightFormat {
        /// `.safetensors` (CivitAI: `SafeTensor`).
        Safetensors => "safetensors" | "SafeTensor",
        /// llama.cpp's `.gguf`.
        Gguf => "gguf",
        /// PyTorch pickles: `.bin`, `.pt`, `.pth`, `.ckpt` (CivitAI: `PickleTensor`).
        /// Loading one runs arbitrary code.
        PyTorch => "pytorch" | "PickleTensor",
        /// Keras / TensorFlow `.h5`.
        TensorFlow => "tensorflow" | "tf",
        /// Flax `.msgpack`.
        Flax => "flax" | "jax",
        /// ONNX `.onnx` / `.ort`.
        Onnx => "onnx",
        /// Apple Core ML `.mlmodel` / `.mlpackage`.
        CoreMl => "coreml" | "Core ML",
        /// TensorFlow Lite `.tflite`.
        TfLite => "tflite",
        /// rust-bert `.ot`.
        RustBert => "rust",
        /// Apple MLX layout (safetensors files in MLX's own layout).
        Mlx => "mlx",
        /// A zipped diffusers folder (CivitAI `Diffusers`).
        Diffusers => "diffusers",
    }
}

impl WeightFormat {
    /// Formats whose loading executes code embedded in the file.
    pub fn is_pickle(&self) -> bool {
        matches!(self, Self::PyTorch)
    }

    /// Recognises a weight file by its path. Returns `None` for anything that is not
    /// weights (configs, tokenizers, readmes, images).
    pub fn from_path(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        // Core ML packages are folders whose inner files have generic extensions.
        if lower.contains(".mlpackage/") || lower.ends_with(".mlmodel") || lower.contains(".mlmodelc/") {
            return Some(Self::CoreMl);
        }
        let file = lower.rsplit('/').next().unwrap_or(&lower);
        let ext = file.rsplit_once('.').map(|(_, ext)| ext)?;
        let format = match ext {
            "safetensors" => Self::Safetensors,
            "gguf" => Self::Gguf,
            "bin" | "pt" | "pth" | "ckpt" | "pkl" | "pickle" => {
                // Non-weight pickles that sit beside real weights in many repos.
                if file == "training_args.bin"
                    || file.starts_with("optimizer")
                    || file.starts_with("scheduler")
                    || file.starts_with("rng_state")
                {
                    return None;
                }
                // `.bin` is also the extension of raw GGML and Metal weight dumps, which
                // are neither pickles nor anything a worker here loads.
                if ext == "bin" && (file.starts_with("ggml") || file.contains(".ggml")) {
                    return Some(Self::Other("ggml".into()));
                }
                if ext == "bin" && lower.split('/').any(|dir| dir == "metal") {
                    return Some(Self::Other("metal".into()));
                }
                Self::PyTorch
            }
            "h5" | "keras" => Self::TensorFlow,
            "msgpack" => Self::Flax,
            "onnx" | "ort" => Self::Onnx,
            "tflite" => Self::TfLite,
            "ot" => Self::RustBert,
            _ => return None,
        };
        Some(format)
    }
}

#[cfg(test)]
mod tests {
    use super::WeightFormat::{self, *};

    #[test]
    fn recognises_weight_files_by_path() {
        let table: &[(&str, Option<WeightFormat>)] = &[
            ("model.safetensors", Some(Safetensors)),
            ("model-00001-of-00004.safetensors", Some(Safetensors)),
            ("gemma-3-1b-it-Q4_K_M.gguf", Some(Gguf)),
            ("pytorch_model.bin", Some(PyTorch)),
            ("v2-1_768-ema-pruned.ckpt", Some(PyTorch)),
            ("original/consolidated.00.pth", Some(PyTorch)),
            ("tf_model.h5", Some(TensorFlow)),
            ("flax_model.msgpack", Some(Flax)),
            ("onnx/decoder_model.onnx", Some(Onnx)),
            ("model.ort", Some(Onnx)),
            ("64-8bits.tflite", Some(TfLite)),
            ("rust_model.ot", Some(RustBert)),
            ("coreml/text-generation/float32_model.mlpackage/Data/com.apple.CoreML/weights/weight.bin", Some(CoreMl)),
            ("training_args.bin", None),
            ("metal/model.bin", Some(WeightFormat::Other("metal".into()))),
            ("ggml-large-v3-turbo.bin", Some(WeightFormat::Other("ggml".into()))),
            ("llama-2-7b-chat.ggmlv3.q4_K_M.bin", Some(WeightFormat::Other("ggml".into()))),
            ("config.json", None),
            ("tokenizer.model", None),
            ("README.md", None),
            (".gitattributes", None),
            ("LICENSE", None),
        ];
        for (path, expected) in table {
            assert_eq!(&WeightFormat::from_path(path), expected, "{path}");
        }
    }

    #[test]
    fn unknown_values_round_trip() {
        let parsed: WeightFormat = serde_json::from_str("\"Other\"").unwrap();
        assert_eq!(parsed, WeightFormat::Other("Other".into()));
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"Other\"");
        assert_eq!(WeightFormat::parse("SafeTensor"), Safetensors);
        assert_eq!(WeightFormat::parse("PickleTensor"), PyTorch);
        assert_eq!(serde_json::to_string(&PyTorch).unwrap(), "\"pytorch\"");
    }
}
