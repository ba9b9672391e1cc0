//! `manifest`: compatible models as one JSON file for a static site, resumable.
//!
//! The paging is the [`Pager`]'s. Progress is saved after every page in `<out>.partial.json`
//! (written atomically): the models kept so far and the pager's state (the ids seen, the
//! cursor of the next page). `--resume` reads it back and resumes the pager from it, so an
//! interrupted run neither refetches nor duplicates. The
//! manifest itself is written once, at the end, to a temporary file in the same directory and
//! renamed over `<out>`: a reader never sees half a manifest.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use model_source::{CollectOptions, Judge, ModelEntry, ModelSource, PageRead, Pager, PagerState, StopReason, Url};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cli::{GlobalArgs, ManifestArgs};
use crate::error::{CliError, CliResult};
use crate::list::report_problems;
use crate::progress::PageBar;

/// Format of the manifest and of the progress file.
pub const MANIFEST_FORMAT: &str = "model-compat-manifest/1";
const STATE_FORMAT: &str = "model-compat-manifest-progress/1";

/// What is listed, as a manifest and its progress file record it. Two runs continue each
/// other only when these are equal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    pub source: String,
    pub query: Value,
    pub workers: Vec<String>,
    /// FNV-1a of the catalog JSON: the same ids with other rules are another selection.
    pub catalog_hash: String,
}

/// The saved progress of an unfinished manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub format: String,
    pub selection: Selection,
    /// Where the listing stands. Its `next` cursor is saved as a path and query
    /// (`/api/models?...&cursor=...`) when it is on the endpoint's host, so that a mirror
    /// served at another address resumes as well.
    #[serde(flatten)]
    pub listing: PagerState,
    pub entries: Vec<ModelEntry>,
    pub updated_at: String,
}

/// [`State`] as written after a page, borrowing what it can.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SavedState<'a> {
    format: &'a str,
    selection: &'a Selection,
    #[serde(flatten)]
    listing: PagerState,
    entries: &'a [ModelEntry],
    updated_at: String,
}

/// The manifest a static site generator reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: String,
    pub generator: String,
    pub generated_at: String,
    #[serde(flatten)]
    pub selection: Selection,
    /// `limit-reached`, `exhausted` or `max-pages`.
    pub stop: StopReason,
    pub pages: usize,
    pub scanned: usize,
    pub count: usize,
    pub models: Vec<ModelEntry>,
}

/// `<out>.partial.json`, beside `<out>`.
pub fn state_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "manifest.json".into());
    name.push(".partial.json");
    out.with_file_name(name)
}

pub fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Pages through `source` until `args.limit` compatible models are kept, saving progress
/// after every page, then writes the manifest.
#[allow(clippy::too_many_arguments)]
pub async fn run<S: ModelSource + Sync>(
    source: &S,
    query: &S::Query,
    judge: &dyn Judge,
    selection: Selection,
    endpoint: &Url,
    args: &ManifestArgs,
    global: &GlobalArgs,
) -> CliResult {
    if args.out.is_dir() {
        return Err(CliError::usage(format!("--out {} is a directory", args.out.display())));
    }
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Failed(format!("cannot create the directory {}: {e}", dir.display())))?;
    }
    let state_file = state_path(&args.out);
    let State { format, selection, mut listing, mut entries, .. } = start_state(&state_file, selection, args.resume)?;
    listing.next = listing.next.map(|c| absolute(&c, endpoint)).transpose()?;
    let mut pager = Pager::resume(source, query, listing);
    // One page per call, so that the progress is saved (and a failure to save stops the run)
    // between pages.
    let one_page = CollectOptions { limit: args.limit, max_pages: 1, compatible_only: true, start: None };
    let mut bar = PageBar::new(global.verbose, "compatible");
    let mut pages_now: usize = 0;
    let stop = loop {
        let pages_before = pager.state().pages;
        let read = pager
            .collect_into(&mut entries, &one_page, judge, &mut |read: PageRead<'_>| {
                report_problems(read.problems);
                bar.update(read.progress);
            })
            .await;
        let stop = match read {
            Ok(stop) => stop,
            Err(error) => {
                bar.finish();
                if pager.state().pages > 0 {
                    eprintln!(
                        "note: {} models from {} pages are saved in {}; run again with --resume to continue",
                        entries.len(),
                        pager.state().pages,
                        state_file.display()
                    );
                }
                return Err(error.into());
            }
        };
        if pager.state().pages > pages_before {
            let mut listing = pager.state().clone();
            listing.next = listing.next.map(|n| relative(&n, endpoint));
            let state = SavedState {
                format: &format,
                selection: &selection,
                listing,
                entries: &entries,
                updated_at: now_rfc3339(),
            };
            write_atomic(&state_file, &to_json(&state)?)?;
            tracing::debug!(pages = pager.state().pages, kept = entries.len(), "manifest progress saved");
            pages_now = pages_now.saturating_add(1);
        }
        if stop != StopReason::MaxPages {
            break stop;
        }
        if pages_now >= args.max_pages {
            break StopReason::MaxPages;
        }
    };
    bar.finish();
    let listing = pager.into_state();

    let manifest = Manifest {
        format: MANIFEST_FORMAT.to_owned(),
        generator: concat!("model-compat ", env!("CARGO_PKG_VERSION")).to_owned(),
        generated_at: now_rfc3339(),
        selection,
        stop,
        pages: listing.pages,
        scanned: listing.scanned,
        count: entries.len(),
        models: entries,
    };
    write_atomic(&args.out, &to_json(&manifest)?)?;
    if let Err(e) = std::fs::remove_file(&state_file) {
        if e.kind() != std::io::ErrorKind::NotFound {
            eprintln!("warning: cannot remove {}: {e}", state_file.display());
        }
    }
    let more = match stop {
        StopReason::LimitReached => "--limit reached",
        StopReason::Exhausted => "the listing has no more models",
        StopReason::MaxPages => "stopped after --max-pages",
    };
    eprintln!(
        "Wrote {} compatible models ({} scanned, {} pages; {more}) to {}.",
        manifest.count,
        manifest.scanned,
        manifest.pages,
        args.out.display()
    );
    Ok(())
}

fn start_state(state_file: &Path, selection: Selection, resume: bool) -> CliResult<State> {
    let fresh = |selection: Selection| State {
        format: STATE_FORMAT.to_owned(),
        selection,
        listing: PagerState::default(),
        entries: Vec::new(),
        updated_at: now_rfc3339(),
    };
    let exists = state_file.exists();
    if !resume {
        if exists {
            eprintln!(
                "note: starting over; the saved progress in {} will be replaced (--resume continues it)",
                state_file.display()
            );
        }
        return Ok(fresh(selection));
    }
    if !exists {
        eprintln!("note: no saved progress in {}; starting from the first page", state_file.display());
        return Ok(fresh(selection));
    }
    let text = std::fs::read_to_string(state_file)
        .map_err(|e| CliError::Failed(format!("cannot read the saved progress {}: {e}", state_file.display())))?;
    let state: State = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "the saved progress {} cannot be read ({e}); delete it or run without --resume",
            state_file.display()
        ))
    })?;
    if state.format != STATE_FORMAT {
        return Err(CliError::usage(format!(
            "the saved progress {} has format `{}`, not `{STATE_FORMAT}`; run without --resume",
            state_file.display(),
            state.format
        )));
    }
    if state.selection != selection {
        return Err(CliError::usage(format!(
            "the saved progress {} was made with other options (source, filters or workers); \
             run with the same options, or without --resume to start over",
            state_file.display()
        )));
    }
    eprintln!(
        "Resuming: {} compatible models from {} pages already saved{}.",
        state.entries.len(),
        state.listing.pages,
        if state.listing.exhausted { ", the listing was finished" } else { "" }
    );
    Ok(state)
}

/// A cursor on the endpoint's host as a path and query; others unchanged.
fn relative(cursor: &str, endpoint: &Url) -> String {
    match Url::parse(cursor) {
        Ok(url) if url.origin() == endpoint.origin() => {
            let mut out = url.path().to_owned();
            if let Some(q) = url.query() {
                out.push('?');
                out.push_str(q);
            }
            out
        }
        _ => cursor.to_owned(),
    }
}

/// The inverse of [`relative`], on this run's endpoint.
fn absolute(cursor: &str, endpoint: &Url) -> CliResult<String> {
    if !cursor.starts_with('/') {
        return Ok(cursor.to_owned());
    }
    endpoint
        .join(cursor)
        .map(String::from)
        .map_err(|e| CliError::usage(format!("the saved cursor `{cursor}` cannot be resumed: {e}")))
}

fn to_json<T: Serialize>(value: &T) -> CliResult<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| CliError::Failed(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Writes `bytes` to a temporary file in `path`'s directory, syncs it, and renames it over `path`
/// (`tempfile`'s persist: the temporary file is removed on any failure).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> CliResult {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| CliError::Failed(format!("cannot write {}: {e}", path.display()));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Now, as `2026-03-14T09:26:53Z` (whole seconds).
pub fn now_rfc3339() -> String {
    rfc3339(jiff::Timestamp::now().as_second())
}

fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map_or_else(|_| "1970-01-01T00:00:00Z".to_owned(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_741_944_413), "2025-03-14T09:26:53Z");
    }

    #[test]
    fn state_file_sits_beside_the_manifest() {
        assert_eq!(state_path(Path::new("site/models.json")), PathBuf::from("site/models.json.partial.json"));
    }

    #[test]
    fn cursors_on_the_endpoint_are_saved_relative() {
        let endpoint = Url::parse("http://127.0.0.1:4000").unwrap();
        let other = Url::parse("http://127.0.0.1:5000").unwrap();
        let saved = relative("http://127.0.0.1:4000/api/models?limit=2&cursor=abc", &endpoint);
        assert_eq!(saved, "/api/models?limit=2&cursor=abc");
        assert_eq!(absolute(&saved, &other).unwrap(), "http://127.0.0.1:5000/api/models?limit=2&cursor=abc");
        assert_eq!(relative("2|10", &endpoint), "2|10");
        assert_eq!(absolute("2|10", &endpoint).unwrap(), "2|10");
    }
}
