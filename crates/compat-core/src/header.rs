//! Facts a weight file's own header states, merged into a model's metadata.
//!
//! `model-headers` reads GGUF and safetensors headers (from a local file, an HTTP range, a
//! browser `Blob` slice) and converts what it reads into a [`FileHeader`], plain data, so
//! this crate needs no header reader (nor its code in the WASM module). [`apply_header`]
//! merges it: the rules then read header facts like any other, with evidence `header`,
//! stronger than what a record says.
//!
//! Files and shards come from the wire and the file system: arithmetic is checked.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::BTreeMap;

use crate::CountMap;
use crate::architecture::architecture;
use crate::files::classify_path;
use crate::format::WeightFormat;
use crate::metadata::{Dimensions, Evidence, FileRole, ModelFile, ModelMetadata};

/// What one weight file's header states. `model-headers` builds it
/// (`HeaderFacts::to_file_header`); a test or another reader can too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHeader {
    pub format: WeightFormat,
    /// GGUF `general.architecture` (llama.cpp's name: `qwen3`, `gemma3`).
    pub architecture: Option<String>,
    pub context_length: Option<u64>,
    pub dimensions: Dimensions,
    /// Elements over the file's tensors.
    pub parameters: u64,
    /// Exact bytes of the tensor data; `None` when a tensor's type has no known size.
    pub weights_bytes: Option<u64>,
    /// Tensor type (ggml type or safetensors dtype) to its number of tensors.
    pub tensor_types: CountMap,
    /// The quantized layout a safetensors header shows (`fp8`, `gptq`, `awq`, ...).
    pub quantization: Option<String>,
}

/// Merges what `header`, read from the file at `file_path` (its path in the repository or
/// model directory, as [`ModelFile::name`] holds it), states into `metadata`. Call it once
/// per file read, in any order; a split file's parts are files of their own.
///
/// - **The file** (added, classified by its path, when `metadata` lists it neither among its
///   files nor among a version's, where the facts stay on the file alone) gets its
///   tensor types with their counts, its parameters and its exact weight bytes. Its
///   `quantization` (the file name's label) stays as it is: it is the display label.
/// - **The model**, unless the path says the file is not weights (a vision projector's
///   header names the `clip` architecture): the architecture with evidence `header`,
///   replacing one a record stated; the context length; the [`Dimensions`]; for
///   safetensors, the quantized layout when no config named one. The first such header
///   sets these; later ones fill only what it left out.
/// - **The parameters** of the model become the largest count of a weights file whose
///   parts have all been read (the files of a repository hold the same model in other
///   precisions; a part alone holds only some of it).
///
/// Linear in the files `metadata` lists.
pub fn apply_header(metadata: &mut ModelMetadata, file_path: &str, header: &FileHeader) {
    // A versioned model's files (CivitAI) belong to their version: the facts stay on the file,
    // judged with its version.
    let in_version = metadata.versions.iter_mut().flat_map(|v| v.files.iter_mut()).find(|f| f.name == file_path);
    if let Some(file) = in_version {
        set_file_facts(file, header);
        return;
    }
    let at = match metadata.files.iter().position(|f| f.name == file_path) {
        Some(at) => at,
        None => {
            let file = classify_path(file_path, None).unwrap_or_else(|| ModelFile {
                name: file_path.to_owned(),
                format: Some(header.format.clone()),
                ..ModelFile::default()
            });
            metadata.files.push(file);
            metadata.files.len().saturating_sub(1)
        }
    };
    let Some(file) = metadata.files.get_mut(at) else { return };
    set_file_facts(file, header);
    let weights = matches!(file.role, None | Some(FileRole::Weights));
    if let Some(format) = file.format.clone() {
        if let Err(at) = metadata.formats.binary_search(&format) {
            metadata.formats.insert(at, format);
        }
    }
    if !weights {
        return;
    }

    let first = metadata.dimensions.is_none();
    if let Some(raw) = header.architecture.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        if first || metadata.architecture.as_ref().is_none_or(|a| a.evidence != Evidence::Header) {
            metadata.architecture = Some(architecture(raw, Evidence::Header));
        }
    }
    if let Some(context) = header.context_length.filter(|c| *c > 0) {
        if first || metadata.context_length.is_none() {
            metadata.context_length = Some(context);
        }
    }
    if header.dimensions != Dimensions::default() || header.architecture.is_some() {
        match &mut metadata.dimensions {
            None => metadata.dimensions = Some(header.dimensions.clone()),
            Some(known) => known.fill(&header.dimensions),
        }
    }
    if metadata.quantization.is_none() {
        metadata.quantization.clone_from(&header.quantization);
    }
    if let Some(parameters) = largest_read(&metadata.files) {
        metadata.parameters = Some(parameters);
    }
}

fn set_file_facts(file: &mut ModelFile, header: &FileHeader) {
    file.parameters = Some(header.parameters);
    file.weights_bytes = header.weights_bytes;
    file.tensor_types.clone_from(&header.tensor_types);
}

impl Dimensions {
    /// Takes from `other` what `self` does not know.
    fn fill(&mut self, other: &Dimensions) {
        let fields = [
            (&mut self.layers, other.layers),
            (&mut self.embedding_length, other.embedding_length),
            (&mut self.heads, other.heads),
            (&mut self.kv_heads, other.kv_heads),
            (&mut self.key_length, other.key_length),
            (&mut self.sliding_window, other.sliding_window),
            (&mut self.experts, other.experts),
            (&mut self.experts_used, other.experts_used),
            (&mut self.vocab_size, other.vocab_size),
        ];
        for (mine, theirs) in fields {
            if mine.is_none() {
                *mine = theirs;
            }
        }
    }
}

/// The largest parameter count of a weights file whose every part's header was read: one
/// pass, parts grouped by their shard group.
fn largest_read(files: &[ModelFile]) -> Option<u64> {
    // Per group: (parameters so far, parts read, parts expected); `None` once a sum overflows.
    let mut groups: BTreeMap<&str, (Option<u64>, u32, u32)> = BTreeMap::new();
    for file in files {
        let (Some(parameters), true) = (file.parameters, matches!(file.role, None | Some(FileRole::Weights))) else {
            continue;
        };
        let (key, expected) = match &file.shard {
            Some(shard) => (shard.group.as_str(), shard.count),
            None => (file.name.as_str(), 1),
        };
        let group = groups.entry(key).or_insert((Some(0), 0, expected));
        group.0 = group.0.and_then(|sum| sum.checked_add(parameters));
        group.1 = group.1.saturating_add(1);
    }
    groups.into_values().filter(|(_, read, expected)| read >= expected).filter_map(|(sum, _, _)| sum).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::default_catalog;
    use crate::files::classify_path;
    use crate::metadata::ModelKind;
    use crate::result::Code;
    use crate::rules::judge;

    /// What model-headers reads from tests/gen's `Qwen3-0.6B-UD-Q4_K_XL.gguf`.
    fn ud_header() -> FileHeader {
        FileHeader {
            format: WeightFormat::Gguf,
            architecture: Some("qwen3".into()),
            context_length: Some(40960),
            dimensions: Dimensions {
                layers: Some(3),
                embedding_length: Some(256),
                heads: Some(16),
                kv_heads: Some(8),
                key_length: Some(128),
                vocab_size: Some(512),
                ..Dimensions::default()
            },
            parameters: 4_000_000,
            weights_bytes: Some(2_000_000),
            tensor_types: [("F32", 7), ("IQ4_XS", 6), ("Q4_K", 6), ("Q5_K", 3), ("Q6_K", 4), ("Q8_0", 3)]
                .into_iter()
                .map(|(t, n)| (t.to_owned(), n))
                .collect(),
            quantization: None,
        }
    }

    fn k_quant_header(parameters: u64) -> FileHeader {
        FileHeader {
            tensor_types: [("F32".to_owned(), 7), ("Q4_K".to_owned(), 12)].into_iter().collect(),
            parameters,
            context_length: Some(4096),
            ..ud_header()
        }
    }

    fn repo(paths: &[&str]) -> ModelMetadata {
        ModelMetadata {
            id: "unsloth/Qwen3-0.6B-GGUF".into(),
            kind: ModelKind::TextGeneration,
            files: paths.iter().filter_map(|p| classify_path(p, Some(1000))).collect(),
            ..ModelMetadata::default()
        }
    }

    #[test]
    fn the_header_decides_a_file_whatever_its_label() {
        let mut m = repo(&["Qwen3-0.6B-UD-Q4_K_XL.gguf"]);
        // From the name alone: a mixed k-quant that loads with a warning.
        assert_eq!(
            judge(&m, default_catalog(), None).codes,
            [Code::ContextUnknown, Code::MixedQuantization, Code::ArchitectureInferred]
        );

        apply_header(&mut m, "Qwen3-0.6B-UD-Q4_K_XL.gguf", &ud_header());
        let verdict = judge(&m, default_catalog(), None);
        assert!(!verdict.compatible);
        assert_eq!(verdict.codes, [Code::UnsupportedTensorType, Code::ContextTruncated]);
        assert_eq!(
            verdict.files[0].reason.as_deref(),
            Some("6 tensors are IQ4_XS, which llm-worker cannot load"),
            "{verdict:#?}"
        );
        assert_eq!(verdict.files[0].quantization.as_deref(), Some("Q4_K_XL"), "the label stays the display label");
        let arch = m.architecture.as_ref().unwrap();
        assert_eq!((arch.raw.as_str(), arch.evidence), ("qwen3", Evidence::Header));
        assert_eq!(m.context_length, Some(40960));
        assert_eq!(m.parameters, Some(4_000_000));
        assert_eq!(m.dimensions.as_ref().and_then(|d| d.key_length), Some(128));

        // An i-quant label on a file whose tensors all load: the header settles it.
        let mut m = repo(&["model-IQ4_XS.gguf"]);
        assert!(!judge(&m, default_catalog(), None).compatible);
        apply_header(&mut m, "model-IQ4_XS.gguf", &k_quant_header(10));
        let verdict = judge(&m, default_catalog(), None);
        assert!(verdict.compatible, "{verdict:#?}");
        assert_eq!(verdict.codes, []);
    }

    #[test]
    fn types_are_counted_over_every_part_and_an_unread_part_leaves_the_label_to_decide() {
        let parts = ["m-Q4_K_M-00001-of-00002.gguf", "m-Q4_K_M-00002-of-00002.gguf"];
        let mut m = repo(&parts);
        apply_header(&mut m, parts[0], &k_quant_header(10));
        // One part read, all of it loads: the other may not, so the label decides (it loads).
        let verdict = judge(&m, default_catalog(), None);
        assert!(verdict.compatible);
        assert_eq!(m.parameters, None, "half a model is not its parameter count");

        apply_header(&mut m, parts[1], &FileHeader { tensor_types: [("IQ4_XS".to_owned(), 1)].into(), ..ud_header() });
        let verdict = judge(&m, default_catalog(), None);
        assert_eq!(verdict.files[0].reason.as_deref(), Some("1 tensor is IQ4_XS, which llm-worker cannot load"));
        assert_eq!(m.parameters, Some(4_000_010));
    }

    #[test]
    fn a_projector_header_says_nothing_of_the_model() {
        let mut m = repo(&["model-Q4_K_M.gguf", "mmproj-model-f16.gguf"]);
        let clip = FileHeader { architecture: Some("clip".into()), context_length: None, ..k_quant_header(99) };
        apply_header(&mut m, "mmproj-model-f16.gguf", &clip);
        assert_eq!((m.architecture.clone(), m.parameters, m.dimensions.clone()), (None, None, None));
        assert_eq!(m.files[1].parameters, Some(99));
        apply_header(&mut m, "model-Q4_K_M.gguf", &k_quant_header(10));
        assert_eq!(m.architecture.as_ref().map(|a| a.raw.as_str()), Some("qwen3"));
        assert_eq!(m.parameters, Some(10));
    }

    #[test]
    fn a_worker_without_tensor_types_reads_the_label() {
        let mut m = repo(&["Qwen3-0.6B-UD-Q4_K_XL.gguf"]);
        apply_header(&mut m, "Qwen3-0.6B-UD-Q4_K_XL.gguf", &ud_header());
        let mut catalog = default_catalog().clone();
        catalog.workers[0].gguf_tensor_types.clear();
        assert_eq!(judge(&m, &catalog, None).codes, [Code::ContextTruncated, Code::MixedQuantization]);
    }

    #[test]
    fn a_version_file_keeps_its_facts_to_itself() {
        let mut m = ModelMetadata {
            versioned: true,
            versions: vec![crate::metadata::ModelVersion {
                id: 1,
                files: classify_path("model.safetensors", Some(10)).into_iter().collect(),
                ..Default::default()
            }],
            ..ModelMetadata::default()
        };
        let header =
            FileHeader { format: WeightFormat::Safetensors, quantization: Some("fp8".into()), ..k_quant_header(7) };
        apply_header(&mut m, "model.safetensors", &header);
        assert_eq!(m.versions[0].files[0].parameters, Some(7));
        assert_eq!((m.files.len(), m.quantization.clone(), m.architecture.clone()), (0, None, None));
    }

    #[test]
    fn dimensions_on_the_wire() {
        let d = ud_header().dimensions;
        let wire = serde_json::to_value(&d).unwrap();
        assert_eq!(
            wire,
            serde_json::json!({"layers": 3, "embeddingLength": 256, "heads": 16, "kvHeads": 8, "keyLength": 128,
                               "vocabSize": 512})
        );
        assert_eq!(serde_json::from_value::<Dimensions>(wire).unwrap(), d);
        let with_unknown: Dimensions = serde_json::from_str(r#"{"layers": 3, "other": "x"}"#).unwrap();
        assert_eq!(with_unknown, Dimensions { layers: Some(3), ..Dimensions::default() });
    }

    #[test]
    fn a_file_the_record_does_not_list_is_added() {
        let mut m = ModelMetadata { id: "local".into(), ..ModelMetadata::default() };
        let header = FileHeader { quantization: Some("gptq".into()), ..k_quant_header(5) };
        apply_header(&mut m, "weights.dat", &header);
        assert_eq!(m.files.len(), 1);
        assert_eq!(m.files[0].format, Some(WeightFormat::Gguf));
        assert_eq!(m.formats, [WeightFormat::Gguf]);
        assert_eq!(m.quantization.as_deref(), Some("gptq"));
    }
}
