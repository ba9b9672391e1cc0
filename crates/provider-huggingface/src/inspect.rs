//! Headers read from the weight files themselves, with HTTP ranges
//! ([`model_source::HttpClient::read_header`]) of `{endpoint}/{repo}/resolve/{revision}/{file}`.
//!
//! Which files: [`Inspect`]. Listings read none unless asked; one model's call reads the
//! recommended file when the record alone leaves its verdict uncertain ([`Inspect::Auto`],
//! [`is_uncertain`]). A split file is read shard by shard. All reads of one call share one
//! concurrency limit and one time budget. What each header says goes into the record's metadata
//! through `compat_core::apply_header` ([`keep_headers`]), so the verdict reads it.

use std::collections::BTreeMap;

use compat_core::wire_enum::WireEnum;
use compat_core::{Evidence, FileRole, ModelFile, ModelMetadata, WeightFormat};
use model_source::{HeaderRead, SourceError, Url};

compat_core::wire_enum! {
    /// Which weight files to read the headers of (with HTTP ranges: a few hundred KB per file).
    pub enum Inspect #[derive(Default)] {
        /// None.
        #[default]
        Off => "off",
        /// The recommended file, only when the record alone leaves its verdict uncertain: a
        /// GGUF file named as an Unsloth dynamic quant (`UD`, `_XL`), a GGUF file without a
        /// quant label, or no architecture in the record.
        Auto => "auto",
        /// The recommended file.
        Recommended => "recommended",
        /// Every GGUF or safetensors weight file (the shards of a split file are one).
        All => "all",
    }
}

impl std::str::FromStr for Inspect {
    type Err = SourceError;

    /// By name, ignoring ASCII case (the CLI's `--inspect`, and the bindings' option).
    fn from_str(s: &str) -> Result<Self, SourceError> {
        <Self as WireEnum>::ALL.iter().copied().find(|i| i.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            SourceError::InvalidQuery(format!("unknown inspect mode `{s}` (use off, auto, recommended or all)"))
        })
    }
}

/// One weight file to read: a single file, or all shards of a split one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectTarget {
    /// The file a loader opens (a split file's first shard).
    pub file: String,
    /// Every file to read, in shard order (`[file]` for a single file).
    pub parts: Vec<String>,
}

/// One file's header, or why it could not be read.
#[derive(Debug)]
pub struct Inspection {
    /// The file's path in the repository (a split file's shards are files of their own).
    pub file: String,
    pub result: Result<HeaderRead, SourceError>,
}

/// Whether the record alone leaves the verdict on `file` uncertain: the narrow sense in which
/// [`Inspect::Auto`] reads a header. Only GGUF files qualify (their header names the
/// architecture, the context and every tensor's type; a safetensors model's facts come from
/// its `config.json`), and only when
/// - the file name's quant label is a dynamic one: Unsloth's `UD` token or a k-quant `_XL`
///   label (`Qwen3-8B-UD-Q4_K_XL.gguf`): the name says k-quant, the tensor table may hold IQ
///   types a candle worker cannot load;
/// - the file name has no quant label at all; or
/// - the record states no architecture from its `config` or `gguf` block (none, or only one
///   read from tags or the name).
pub fn is_uncertain(metadata: &ModelMetadata, file: &ModelFile) -> bool {
    if file.format != Some(WeightFormat::Gguf) {
        return false;
    }
    let stated =
        metadata.architecture.as_ref().is_some_and(|a| matches!(a.evidence, Evidence::Config | Evidence::Gguf));
    let base = file.name.rsplit('/').next().unwrap_or(&file.name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let unsloth_dynamic = stem.split(['-', '_', '.', ' ']).any(|token| token.eq_ignore_ascii_case("UD"));
    let xl = file.quantization.as_deref().is_some_and(|q| q.ends_with("_XL"));
    !stated || file.quantization.is_none() || unsloth_dynamic || xl
}

/// The files `which` selects in `metadata`. The recommended file is the one the default
/// catalog recommends (sources hold no catalog: as for `config.json` enrichment, the default
/// one reads the record), else the first candidate.
pub fn inspection_targets(metadata: &ModelMetadata, which: Inspect) -> Vec<InspectTarget> {
    if which == Inspect::Off {
        return Vec::new();
    }
    let (mut targets, heads) = candidates(metadata);
    if which == Inspect::All {
        return targets;
    }
    let verdict = compat_core::judge(metadata, compat_core::default_catalog(), None);
    let name = verdict.recommended_file.map(|f| f.name);
    let at = name.and_then(|name| targets.iter().position(|t| t.file == name)).unwrap_or(0);
    let wanted = which == Inspect::Recommended || heads.get(at).is_some_and(|head| is_uncertain(metadata, head));
    if at < targets.len() && wanted { vec![targets.swap_remove(at)] } else { Vec::new() }
}

/// GGUF and safetensors weight files, one target per logical file (the shards of a split file
/// together), and each one's first shard. One pass, shard groups found by key (a listing can
/// name 100k files). Parts keep the record's order: the Hub lists files sorted by path, which
/// is shard order for zero-padded shard names, and combining shards' facts does not depend on
/// it.
fn candidates(metadata: &ModelMetadata) -> (Vec<InspectTarget>, Vec<&ModelFile>) {
    let mut targets: Vec<InspectTarget> = Vec::new();
    let mut heads: Vec<&ModelFile> = Vec::new();
    let mut by_group: BTreeMap<&str, usize> = BTreeMap::new();
    let weights = metadata.files.iter().filter(|f| {
        matches!(f.format, Some(WeightFormat::Gguf | WeightFormat::Safetensors))
            && matches!(f.role, None | Some(FileRole::Weights))
    });
    for file in weights {
        let known = file.shard.as_ref().and_then(|s| by_group.get(s.group.as_str()).copied().map(|at| (s, at)));
        match known {
            Some((shard, at)) => {
                targets[at].parts.push(file.name.clone());
                // The first shard names the file, wherever the record lists it.
                if heads[at].shard.as_ref().is_some_and(|head| shard.index < head.index) {
                    heads[at] = file;
                    targets[at].file = file.name.clone();
                }
            }
            None => {
                if let Some(shard) = &file.shard {
                    by_group.insert(shard.group.as_str(), targets.len());
                }
                targets.push(InspectTarget { file: file.name.clone(), parts: vec![file.name.clone()] });
                heads.push(file);
            }
        }
    }
    (targets, heads)
}

/// `{endpoint}/{repo}/resolve/{revision}/{file}`, each path segment percent-encoded. A file
/// path with an empty, `.` or `..` segment is refused: it would name another URL.
pub fn resolve_url(endpoint: &Url, repo: &str, revision: &str, file: &str) -> Result<Url, SourceError> {
    let segment_ok = |s: &str| !s.is_empty() && s != "." && s != "..";
    if !file.split('/').all(segment_ok) || !revision.split('/').all(segment_ok) {
        return Err(SourceError::InvalidQuery(format!("`{file}` at `{revision}` is not a file of a repository")));
    }
    let encode = |path: &str| path.split('/').map(encode_segment).collect::<Vec<_>>().join("/");
    let path = format!("/{}/resolve/{}/{}", encode(repo), encode(revision), encode(file));
    Ok(model_source::join_path(endpoint, &path))
}

/// A path segment with every byte but RFC 3986's unreserved ones and sub-delims percent-encoded
/// (`%` included, so a name holding `%20` stays that name).
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The revision to read files at: the commit the record describes when it names one (so the
/// header is that of the files the record lists), else `main`.
pub(crate) fn revision(sha: Option<&str>) -> &str {
    sha.filter(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())).unwrap_or("main")
}

/// Keeps what was read on `record`: each header's facts go into its metadata
/// (`compat_core::apply_header`: evidence `header`, the file's tensor types, the model's
/// architecture, context and shape), and the header itself onto `record.headers`. A file that
/// could not be read gets a note (reading headers is a bonus, like `config.json` enrichment:
/// the model is still judged without it).
pub fn keep_headers(record: &mut model_source::ModelRecord, inspections: Vec<Inspection>) {
    for Inspection { file, result } in inspections {
        match result {
            Ok(read) => {
                compat_core::apply_header(&mut record.metadata, &read.file, &read.facts.to_file_header());
                record.headers.push(read);
            }
            Err(e) => record.notes.push(format!("header of {file} not read: {e}")),
        }
    }
    record.parameters = record.metadata.parameters.or(record.parameters);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> ModelMetadata {
        ModelMetadata {
            files: names.iter().filter_map(|n| compat_core::files::classify_path(n, None)).collect(),
            architecture: Some(compat_core::Architecture {
                family: None,
                raw: "qwen3".into(),
                evidence: Evidence::Gguf,
            }),
            ..ModelMetadata::default()
        }
    }

    #[test]
    fn uncertain_is_narrow() {
        // (file, stated architecture, uncertain)
        let cases = [
            ("Qwen3-8B-UD-Q4_K_XL.gguf", true, true),
            ("Qwen3-8B-Q4_K_XL.gguf", true, true),
            ("UD-Q2_K_XL/Qwen3-8B-UD-Q2_K_XL-00001-of-00002.gguf", true, true),
            ("model.gguf", true, true),
            ("Qwen3-8B-Q4_K_M.gguf", false, true),
            ("Qwen3-8B-Q4_K_M.gguf", true, false),
            ("Qwen3-8B-IQ4_XS.gguf", true, false),
            // A word that merely contains "ud" is no Unsloth token.
            ("cloud-model-Q4_K_M.gguf", true, false),
            ("model.safetensors", false, false),
        ];
        for (name, stated, expected) in cases {
            let mut metadata = files(&[name]);
            if !stated {
                metadata.architecture = None;
            }
            assert_eq!(is_uncertain(&metadata, &metadata.files[0]), expected, "{name} (stated: {stated})");
        }
    }

    #[test]
    fn targets_are_logical_files() {
        let metadata = files(&[
            "Qwen3-8B-Q4_K_M.gguf",
            "mmproj-F16.gguf",
            "Q8_0/Qwen3-8B-Q8_0-00002-of-00002.gguf",
            "Q8_0/Qwen3-8B-Q8_0-00001-of-00002.gguf",
            "Qwen3-8B-UD-Q4_K_XL.gguf",
            "README.md",
        ]);
        let all = inspection_targets(&metadata, Inspect::All);
        let got: Vec<(&str, Vec<&str>)> =
            all.iter().map(|t| (t.file.as_str(), t.parts.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            [
                ("Qwen3-8B-Q4_K_M.gguf", vec!["Qwen3-8B-Q4_K_M.gguf"]),
                // Named by its first shard, parts in the record's order.
                (
                    "Q8_0/Qwen3-8B-Q8_0-00001-of-00002.gguf",
                    vec!["Q8_0/Qwen3-8B-Q8_0-00002-of-00002.gguf", "Q8_0/Qwen3-8B-Q8_0-00001-of-00002.gguf"]
                ),
                ("Qwen3-8B-UD-Q4_K_XL.gguf", vec!["Qwen3-8B-UD-Q4_K_XL.gguf"]),
            ]
        );
        assert!(inspection_targets(&metadata, Inspect::Off).is_empty());
    }

    #[test]
    fn modes_read_by_name() {
        for &mode in <Inspect as WireEnum>::ALL {
            assert_eq!(mode.as_str().parse::<Inspect>().unwrap(), mode);
            assert_eq!(serde_json::to_value(mode).unwrap(), mode.as_str());
        }
        assert_eq!(" ALL ".parse::<Inspect>().unwrap(), Inspect::All);
        assert!("everything".parse::<Inspect>().is_err());
    }

    #[test]
    fn resolve_urls_are_encoded_and_never_escape_the_repository() {
        let endpoint = Url::parse("http://127.0.0.1:9/mirror").unwrap();
        let url = resolve_url(&endpoint, "org/m", "main", "dir/a b#c?d%20.gguf").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/mirror/org/m/resolve/main/dir/a%20b%23c%3Fd%2520.gguf");
        for bad in ["../api/models/x", "a//b.gguf", "./a.gguf", ""] {
            assert!(resolve_url(&endpoint, "org/m", "main", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_a_commit_sha_is_a_revision() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(revision(Some(sha)), sha);
        for other in [None, Some("main"), Some("../../x"), Some("0123")] {
            assert_eq!(revision(other), "main", "{other:?}");
        }
    }
}
