//! TypeScript declarations of every type the JavaScript API takes or returns, generated
//! from the Rust types (ts-rs derives behind the `ts` features of `compat-core`,
//! `provider-huggingface` and this crate). Doc comments carry over.
//!
//! `model-compat-gen types` writes [`declarations`] to `bindings/shared/model-compat.d.ts`;
//! the Node addon's `index.d.ts` starts with that file (napi's `dtsHeaderFile`), and the
//! WASM bundle includes it with `typescript_custom_section`. The file is committed and the
//! test command fails when a build would change it.

use compat_core::memory::{CompanionFile, ComputeBuffer, ImageActivation, ImageCompanions, KvCacheType, Mla, Moe};
use compat_core::{
    Architecture, Backend, BaseModelFamily, Code, CompatibilityResult, Confidence, Device, Dimensions, Evidence,
    FamilySupport, FileFit, FileRole, FileScan, FileTypeRole, FileVerdict, Fit, FitFilter, FitVerdict, Gate, Gpu,
    LaterGeneration, MemoryEstimate, MemoryParams, ModelFile, ModelKind, ModelMetadata, ModelShape, ModelVersion,
    PipelineKind, PipelineSupport, RecommendedFile, ScanStatus, Shard, Source, TokenAdvice, VersionVerdict, Vocabulary,
    WeightFormat, WorkerCatalog, WorkerProfile, WorkerVerdict, device_presets,
};
use model_headers::{
    Format as HeaderFormat, HeaderFacts, PerLayer, SafetensorsQuant, SlidingWindowPattern, Split as GgufSplit,
};
use model_source::{HeaderRead, LicensePermissions};
use provider_civitai::{COMMERCIAL_USE, CivitaiPeriod, CivitaiSort};
use provider_huggingface::{HfSort, Inspect, SortDirection};
use ts_rs::TS;

use crate::error::ErrorCode;
use crate::judging::JudgeOptions;
use crate::model::{CompatibleModel, Model, ModelPage};
use crate::options::{
    CacheOptions, CivitaiFilters, ClientOptions, ConnectionOptions, GetModelOptions, HuggingFaceOptions, Include,
    InspectFileOptions,
};

/// The first lines of the generated file.
pub const HEADER: &str = "\
/* eslint-disable */
// Generated from the Rust types by `cargo run -p model-compat-bindings --bin model-compat-gen -- types`
// (ts-rs). Do not edit by hand: change the Rust types or their doc comments and rebuild.
";

/// Lines longer than this are split: object members one per line, unions one member per line.
const WIDTH: usize = 100;

/// One declaration of a ts-rs type: its doc comment and its `export`ed, formatted text.
fn declaration<T: TS + ?Sized>() -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", format_decl(&T::decl()))
}

/// A declaration written here (not derived): a union of string literals.
fn string_union(name: &str, docs: &str, values: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let members: Vec<String> = values.into_iter().map(|v| format!("{:?}", v.as_ref())).collect();
    format!("/**\n * {docs}\n */\nexport {}\n", format_decl(&format!("type {name} = {};", members.join(" | "))))
}

/// The `Error` the functions throw or reject with: ts-rs has no way to say `extends Error`.
const ERROR_INTERFACE: &str = "\
/**
 * What every function throws (sync functions) or rejects with (async functions).
 */
export interface ModelCompatError extends Error {
  /**
   * Stable code: what went wrong.
   */
  code: ErrorCode;
  /**
   * The HTTP status behind the error, when there was one.
   */
  status?: number;
}
";

/// What a `device` option takes: a union ts-rs cannot derive from a `serde_json::Value`.
const DEVICE_OPTION: &str = "\
/**
 * A `device` option: a preset's name, or a machine described in full.
 */
export type DeviceOption = DevicePreset | Device;
";

/// What `createClient` returns: the async functions as methods (napi and wasm-bindgen each
/// declare their own class; this is the shape both satisfy).
const CLIENT_INTERFACE: &str = "\
/**
 * What `createClient` returns: the async functions, as methods that share the client's
 * settings (its `cache`). Same options, results and errors as the functions of the same name.
 */
export interface ModelCompatClient {
  getCompatibleHuggingFaceModels(options?: HuggingFaceOptions): Promise<Array<Model>>;
  listHuggingFaceModels(options?: HuggingFaceOptions): Promise<Array<Model>>;
  listHuggingFaceModelsPage(options?: HuggingFaceOptions): Promise<ModelPage>;
  getHuggingFaceModel(id: string, options?: GetModelOptions): Promise<Model>;
  getCompatibleCivitaiModels(filters?: CivitaiFilters): Promise<Array<Model>>;
  listCivitaiModels(filters?: CivitaiFilters): Promise<Array<Model>>;
  listCivitaiModelsPage(filters?: CivitaiFilters): Promise<ModelPage>;
  getCivitaiModel(id: number | string, options?: GetModelOptions): Promise<Model>;
  /**
   * Drops every answer the cache keeps (nothing to drop without a cache).
   */
  clearCache(): void;
}
";

/// What `prepareModels` returns: opaque (the addon's handle; the WASM build's copy).
const MODEL_SET_INTERFACE: &str = "\
/**
 * Models read once by `prepareModels`, for `filterCompatibleModels` and
 * `filterCompatibleIndices` over the same models again and again (other catalogs, other
 * workers): the Node addon keeps them in its own form and reads nothing again. Opaque: read
 * only `length`. A snapshot: later changes to the array or its objects are not seen.
 */
export interface ModelSet {
  /**
   * How many models it holds.
   */
  readonly length: number;
}
";

/// Every declaration, in reading order.
pub fn declarations() -> String {
    let sections: Vec<(&str, Vec<String>)> = vec![
        ("Errors", vec![declaration::<ErrorCode>(), ERROR_INTERFACE.to_owned()]),
        (
            "Model metadata: what the rules read (compat-core)",
            vec![
                declaration::<ModelMetadata>(),
                declaration::<Source>(),
                declaration::<ModelKind>(),
                declaration::<Architecture>(),
                declaration::<Evidence>(),
                declaration::<Dimensions>(),
                declaration::<WeightFormat>(),
                declaration::<ModelFile>(),
                declaration::<FileRole>(),
                declaration::<Shard>(),
                declaration::<FileScan>(),
                declaration::<ScanStatus>(),
                declaration::<Gate>(),
                declaration::<ModelVersion>(),
                declaration::<ModelShape>(),
                declaration::<Mla>(),
                declaration::<Moe>(),
            ],
        ),
        (
            "Verdicts (compat-core)",
            vec![
                declaration::<CompatibilityResult>(),
                declaration::<Confidence>(),
                declaration::<Code>(),
                declaration::<WorkerVerdict>(),
                declaration::<FileVerdict>(),
                declaration::<FileFit>(),
                declaration::<RecommendedFile>(),
                declaration::<VersionVerdict>(),
            ],
        ),
        (
            "Workers (compat-core)",
            vec![
                declaration::<WorkerCatalog>(),
                declaration::<WorkerProfile>(),
                declaration::<FamilySupport>(),
                declaration::<PipelineSupport>(),
                declaration::<BaseModelFamily>(),
                declaration::<Vocabulary>(),
                declaration::<LaterGeneration>(),
                declaration::<PipelineKind>(),
                declaration::<FileTypeRole>(),
                declaration::<TokenAdvice>(),
                declaration::<MemoryParams>(),
                declaration::<KvCacheType>(),
                declaration::<ComputeBuffer>(),
                declaration::<ImageActivation>(),
                declaration::<ImageCompanions>(),
                declaration::<CompanionFile>(),
            ],
        ),
        (
            "Devices and memory (compat-core)",
            vec![
                declaration::<Device>(),
                declaration::<Gpu>(),
                declaration::<Backend>(),
                string_union(
                    "DevicePreset",
                    "The named devices a `device` option may give instead of a `Device` (their data: `devices.json`).",
                    device_presets().iter().filter_map(|d| d.id.as_deref()),
                ),
                DEVICE_OPTION.to_owned(),
                declaration::<MemoryEstimate>(),
                declaration::<FitVerdict>(),
                declaration::<Fit>(),
                declaration::<FitFilter>(),
                declaration::<JudgeOptions>(),
            ],
        ),
        (
            "Options of the async functions",
            vec![
                declaration::<HuggingFaceOptions>(),
                declaration::<HfSort>(),
                declaration::<SortDirection>(),
                declaration::<CivitaiFilters>(),
                string_union(
                    "CivitaiSort",
                    "How CivitAI orders a listing.",
                    CivitaiSort::ALL.iter().map(|s| s.as_str()),
                ),
                string_union(
                    "CivitaiPeriod",
                    "The time window of a CivitAI sort.",
                    CivitaiPeriod::ALL.iter().map(|p| p.as_str()),
                ),
                string_union(
                    "CivitaiCommercialUse",
                    "Commercial use a CivitAI licence allows.",
                    COMMERCIAL_USE.iter().copied(),
                ),
                declaration::<Include>(),
                declaration::<Inspect>(),
                declaration::<GetModelOptions>(),
                declaration::<InspectFileOptions>(),
                declaration::<ConnectionOptions>(),
            ],
        ),
        (
            "Weight-file headers (model-headers)",
            vec![
                declaration::<HeaderRead>(),
                declaration::<HeaderFacts>(),
                declaration::<HeaderFormat>(),
                declaration::<PerLayer>(),
                declaration::<SlidingWindowPattern>(),
                declaration::<GgufSplit>(),
                declaration::<SafetensorsQuant>(),
            ],
        ),
        (
            "Clients: createClient",
            vec![declaration::<ClientOptions>(), declaration::<CacheOptions>(), CLIENT_INTERFACE.to_owned()],
        ),
        (
            "Results",
            vec![
                declaration::<Model>(),
                declaration::<LicensePermissions>(),
                declaration::<ModelPage>(),
                string_union(
                    "StopReason",
                    "Why a page of a listing ended: enough models, the listing's end, or `maxPages`.",
                    ["limit-reached", "exhausted", "max-pages"],
                ),
                declaration::<CompatibleModel>(),
                MODEL_SET_INTERFACE.to_owned(),
            ],
        ),
    ];
    let mut out = String::from(HEADER);
    for (title, decls) in sections {
        out.push_str(&format!("\n// {title}\n"));
        for decl in decls {
            out.push('\n');
            out.push_str(&decl);
        }
    }
    out
}

/// Formats one ts-rs declaration (`type X = { a: T, b?: U, };` or `type X = "a" | "b";`):
/// an object type becomes an `interface` with one member per line and indented doc
/// comments; a long union gets one member per line.
fn format_decl(decl: &str) -> String {
    let decl = decl.trim();
    let Some((head, body)) = decl.split_once(" = ") else { return decl.to_owned() };
    let body = body.trim().trim_end_matches(';').trim();
    if body.starts_with('{') && body.ends_with('}') && matching_close(body, 0) == Some(body.len() - 1) {
        let name = head.trim_start_matches("type ").trim();
        let members = split_top_level(&body[1..body.len() - 1], ',');
        let mut out = format!("interface {name} {{\n");
        for member in members {
            let (docs, member) = split_docs(&member);
            for line in docs.lines() {
                out.push_str(&doc_line(line));
                out.push('\n');
            }
            out.push_str(&format!("  {member};\n"));
        }
        out.push('}');
        return out;
    }
    let members = split_top_level(body, '|');
    let one_line = format!("{head} = {};", members.join(" | "));
    if one_line.len() <= WIDTH || members.len() < 2 {
        return one_line;
    }
    let mut out = format!("{head} =\n");
    for member in &members {
        out.push_str(&format!("  | {member}\n"));
    }
    out.pop();
    out.push(';');
    out
}

/// A doc comment line, re-indented by two: ` * text` lines keep one leading space so the
/// stars line up under `/**`.
fn doc_line(line: &str) -> String {
    let line = line.trim();
    if line.starts_with('*') { format!("   {line}") } else { format!("  {line}") }
}

/// The index of the bracket closing the one at `open`.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '{' | '[' | '(' | '<' => depth += 1,
            '}' | ']' | ')' | '>' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside brackets, string literals and comments; trims the parts and
/// drops empty ones (ts-rs ends member lists with `, `).
fn split_top_level(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                current.push(c);
                while let Some(s) = chars.next() {
                    current.push(s);
                    if s == '\\' {
                        if let Some(escaped) = chars.next() {
                            current.push(escaped);
                        }
                    } else if s == '"' {
                        break;
                    }
                }
                continue;
            }
            '/' if chars.peek() == Some(&'*') => {
                current.push(c);
                let mut last = ' ';
                for s in chars.by_ref() {
                    current.push(s);
                    if last == '*' && s == '/' {
                        break;
                    }
                    last = s;
                }
                continue;
            }
            '{' | '[' | '(' | '<' => depth += 1,
            '}' | ']' | ')' | '>' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
}

/// A member's leading `/** ... */` comment and the member itself.
fn split_docs(member: &str) -> (String, String) {
    let member = member.trim();
    if member.starts_with("/**") {
        if let Some(end) = member.find("*/") {
            return (member[..end + 2].to_owned(), member[end + 2..].trim().to_owned());
        }
    }
    (String::new(), member.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Capitalized identifiers in the code (not the comments, not string literals) of the
    /// declarations: the type names they use.
    fn used_names(text: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("/*") || line.starts_with('*') || line.starts_with("//") {
                continue;
            }
            let code: String = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            for word in code.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
                if word.starts_with(|c: char| c.is_ascii_uppercase()) {
                    names.insert(word.to_owned());
                }
            }
        }
        names
    }

    #[test]
    fn every_referenced_type_is_declared() {
        let text = declarations();
        let used = used_names(&text);
        for name in ["WeightFormat", "Code", "ModelMetadata", "CivitaiSort", "WorkerProfile"] {
            assert!(used.contains(name), "{name}");
        }
        for name in used.iter().filter(|n| !["Array", "Error", "Promise", "Record"].contains(&n.as_str())) {
            let declared =
                text.contains(&format!("export interface {name} ")) || text.contains(&format!("export type {name} "));
            assert!(declared, "`{name}` is used but not declared");
        }
    }

    #[test]
    fn numbers_are_numbers_and_optional_fields_are_optional() {
        let text = declarations();
        assert!(!text.contains("bigint"), "64-bit integers must be `number` in JSON");
        assert!(!text.contains("| null;") || text.contains("maxContext?: number | null;"));
        assert!(text.contains("  sizeBytes?: number;"));
        assert!(text.contains("  size?: number;"));
        assert!(text.contains("  formats?: Array<WeightFormat>;"));
        assert!(text.contains("  reasons: Array<string>;"));
        assert!(text.contains("export interface ModelMetadata {"));
        assert!(text.contains("export type ErrorCode ="));
    }

    #[test]
    fn formats_objects_and_unions() {
        assert_eq!(
            format_decl(
                "type A = { \n/**\n * Doc, with a comma.\n */\na: string, b?: { [key in string]?: string }, };"
            ),
            "interface A {\n  /**\n   * Doc, with a comma.\n   */\n  a: string;\n  b?: { [key in string]?: string };\n}"
        );
        assert_eq!(format_decl("type B = \"x\" | \"y\";"), "type B = \"x\" | \"y\";");
        let long = format!("type C = {};", (0..20).map(|i| format!("\"value{i}\"")).collect::<Vec<_>>().join(" | "));
        let formatted = format_decl(&long);
        assert!(formatted.starts_with("type C =\n  | \"value0\"\n"));
        assert!(formatted.ends_with("  | \"value19\";"));
        assert_eq!(split_top_level("\"a|b\" | c", '|'), ["\"a|b\"", "c"]);
    }
}
