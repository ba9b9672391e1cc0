//! What a file name says about a file: its format, its role, its shard group.
//!
//! Sizes and shard numbers here come from the wire: arithmetic is checked (issue 16).

use crate::CountMap;
use crate::format::WeightFormat;
use crate::metadata::{FileRole, ModelFile, Shard};
use crate::quant::gguf_quant_from_filename;

/// Splits `name-00001-of-00003` into (`name`, 1, 3). Works on a stem (no extension).
pub fn split_shard_suffix(stem: &str) -> Option<(&str, u32, u32)> {
    let (rest, total) = stem.rsplit_once("-of-")?;
    let (base, index) = rest.rsplit_once('-')?;
    let digits = |s: &str| s.len() >= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(index) || !digits(total) {
        return None;
    }
    Some((base, index.parse().ok()?, total.parse().ok()?))
}

/// Classifies one repository path into a [`ModelFile`], or `None` when the path is
/// not weights (configs, tokenizers, docs).
pub fn classify_path(path: &str, size_bytes: Option<u64>) -> Option<ModelFile> {
    let format = WeightFormat::from_path(path)?;
    let file = path.rsplit('/').next().unwrap_or(path);
    let lower = file.to_ascii_lowercase();
    let role = if lower.starts_with("mmproj") || lower.contains("-mmproj") || lower.contains(".mmproj") {
        FileRole::VisionProjector
    } else {
        FileRole::Weights
    };
    let quantization = match format {
        WeightFormat::Gguf => gguf_quant_from_filename(file),
        _ => None,
    };
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let shard = split_shard_suffix(stem).map(|(base, index, count)| {
        let dir = path.strip_suffix(file).unwrap_or_default();
        Shard { group: format!("{dir}{base}.{ext}"), index, count }
    });
    Some(ModelFile {
        name: path.to_owned(),
        format: Some(format),
        role: Some(role),
        quantization,
        size_bytes,
        shard,
        ..ModelFile::default()
    })
}

/// Groups shards of one logical file; single files are their own group.
/// Keeps the first-seen order of groups. The first shard names the group.
///
/// n log n in the number of files: a listing can name 100k shards, so groups are found by
/// key, not by scanning the groups seen so far (a B-tree, not a hash map: no hasher in the
/// WASM module; a [`CountMap`] of group indices, on the one B-tree the module holds).
pub fn logical_files<'a>(files: impl IntoIterator<Item = &'a ModelFile>) -> Vec<LogicalFile<'a>> {
    let files = files.into_iter();
    let mut groups: Vec<LogicalFile<'a>> = Vec::with_capacity(files.size_hint().0);
    let mut by_key = CountMap::new();
    for file in files {
        let key = file.shard.as_ref().map(|s| s.group.as_str());
        let existing =
            key.and_then(|k| by_key.get(k)).and_then(|i| usize::try_from(i).ok()).and_then(|i| groups.get_mut(i));
        match existing {
            Some(group) => {
                if file.shard.as_ref().is_some_and(|s| s.index < group.first_index) {
                    group.head = file;
                    group.first_index = file.shard.as_ref().map_or(0, |s| s.index);
                }
                group.parts = group.parts.saturating_add(1);
                group.files.push(file);
                // Sizes come from the wire: a sum past u64 is not a size, so it is unknown
                // (and the verdict says why, see `size_overflows`).
                let sum = group.size_bytes.zip(file.size_bytes).map(|(a, b)| a.checked_add(b));
                group.size_overflows |= sum.is_some_and(|s| s.is_none());
                group.size_bytes = sum.flatten();
            }
            None => {
                if let Some(key) = key {
                    by_key.insert(key.to_owned(), u64::try_from(groups.len()).unwrap_or(u64::MAX));
                }
                groups.push(LogicalFile {
                    head: file,
                    group: key.map(str::to_owned),
                    first_index: file.shard.as_ref().map_or(0, |s| s.index),
                    files: vec![file],
                    parts: 1,
                    size_bytes: file.size_bytes,
                    size_overflows: false,
                });
            }
        }
    }
    groups
}

/// One loadable unit: a single file, or all shards of a split file.
#[derive(Debug, Clone)]
pub struct LogicalFile<'a> {
    /// The first shard (or the file itself); its name is what a loader opens.
    pub head: &'a ModelFile,
    /// Shard group key, when split.
    pub group: Option<String>,
    first_index: u32,
    /// Every part, in the order listed (the head among them).
    pub files: Vec<&'a ModelFile>,
    /// Number of files seen in the group.
    pub parts: u32,
    /// Sum of the parts' sizes, when every part's size is known and the sum fits in a `u64`.
    pub size_bytes: Option<u64>,
    /// The parts' sizes add up past `u64::MAX`: `size_bytes` is unknown for that reason.
    pub size_overflows: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_suffixes() {
        assert_eq!(split_shard_suffix("model-00001-of-00004"), Some(("model", 1, 4)));
        assert_eq!(split_shard_suffix("Qwen3-Q4_K_M-00002-of-00003"), Some(("Qwen3-Q4_K_M", 2, 3)));
        assert_eq!(split_shard_suffix("model-of-the-year"), None);
        assert_eq!(split_shard_suffix("model"), None);
    }

    #[test]
    fn shards_form_one_logical_file() {
        let files: Vec<ModelFile> = [
            "Q4_K_M/m-Q4_K_M-00002-of-00002.gguf",
            "Q4_K_M/m-Q4_K_M-00001-of-00002.gguf",
            "m-Q8_0.gguf",
            "mmproj-m-f16.gguf",
        ]
        .iter()
        .filter_map(|p| classify_path(p, Some(10)))
        .collect();
        let logical = logical_files(&files);
        assert_eq!(logical.len(), 3);
        assert_eq!(logical[0].head.name, "Q4_K_M/m-Q4_K_M-00001-of-00002.gguf");
        assert_eq!(logical[0].parts, 2);
        assert_eq!(logical[0].size_bytes, Some(20));
        assert_eq!(logical[2].head.role, Some(FileRole::VisionProjector));
    }

    #[test]
    fn shard_sizes_that_overflow_are_unknown() {
        let files: Vec<ModelFile> = ["m-00001-of-00002.safetensors", "m-00002-of-00002.safetensors"]
            .iter()
            .filter_map(|p| classify_path(p, Some(u64::MAX)))
            .collect();
        let logical = logical_files(&files);
        assert_eq!(logical.len(), 1);
        assert_eq!(logical[0].parts, 2);
        assert_eq!(logical[0].size_bytes, None);
        assert!(logical[0].size_overflows);
        let known: Vec<ModelFile> = ["m-00001-of-00002.safetensors", "m-00002-of-00002.safetensors"]
            .iter()
            .filter_map(|p| classify_path(p, Some(u64::MAX / 2)))
            .collect();
        assert!(!logical_files(&known)[0].size_overflows);
        assert_eq!(logical_files(&known)[0].size_bytes, Some(u64::MAX - 1));
    }
}
