//! `huggingface` and `civitai`: page through a listing and show the verdicts.

use model_source::{CollectOptions, Collected, ItemProblem, Judge, ModelSource, StopReason};

use crate::cli::{GlobalArgs, ListArgs};
use crate::error::CliResult;
use crate::output;
use crate::progress::PageBar;
use crate::report::Report;

/// Collects as `args` asks, judging with `judge`, then prints the table (or JSON Lines) on stdout and a summary on stderr.
pub async fn run<S: ModelSource + Sync>(
    source: &S,
    query: &S::Query,
    judge: &dyn Judge,
    args: &ListArgs,
    global: &GlobalArgs,
) -> CliResult {
    let options =
        CollectOptions { limit: args.limit, max_pages: args.max_pages, compatible_only: !args.all, start: None };
    tracing::debug!(source = source.name(), ?query, ?options, "listing");
    let mut bar = PageBar::new(global.verbose, if args.all { "models" } else { "compatible" });
    let collected = source
        .collect_with_progress(query, &options, judge, &mut |p| {
            tracing::debug!(pages = p.pages, scanned = p.scanned, kept = p.kept, "page read");
            bar.update(p);
        })
        .await;
    bar.finish();
    let collected = collected?;
    report_problems(&collected.problems);

    if args.json {
        let reports: Vec<Report> = collected.entries.iter().map(Report::from_entry).collect();
        output::json_lines(&reports)?;
    } else if !collected.entries.is_empty() {
        output::emit(&output::table(&collected.entries))?;
    }
    eprintln!("{}", summary(&collected, args, global.offline));
    Ok(())
}

/// Items of a page that could not be read: skipped, never silently.
pub fn report_problems(problems: &[ItemProblem]) {
    for p in problems {
        let id = p.id.as_deref().map(|id| format!(" (id {id})")).unwrap_or_default();
        let line = format!("warning: listing item {}{id} skipped: {}", p.index, p.error);
        eprintln!("{}", crate::terminal::clean_line(&line));
    }
}

fn summary(c: &Collected, args: &ListArgs, offline: bool) -> String {
    let pages = if c.pages == 1 { "1 page".to_owned() } else { format!("{} pages", c.pages) };
    let from = if offline { ", offline snapshot" } else { "" };
    let found = if args.all {
        let ok = c.entries.iter().filter(|e| e.compatibility.compatible).count();
        format!("{} models shown, {ok} compatible ({} scanned, {pages}{from})", c.entries.len(), c.scanned)
    } else if c.entries.is_empty() {
        format!("No compatible model among {} scanned ({pages}{from})", c.scanned)
    } else {
        format!("{} compatible models of {} scanned ({pages}{from})", c.entries.len(), c.scanned)
    };
    let stop = match c.stop {
        StopReason::LimitReached => "; --limit reached, more may follow".to_owned(),
        StopReason::Exhausted => "; the listing has no more models".to_owned(),
        StopReason::MaxPages => format!("; stopped after --max-pages {}, more may follow", args.max_pages),
    };
    let hint = if args.all || args.json { "" } else { ". --all shows every verdict, --json prints JSON Lines" };
    format!("{found}{stop}{hint}.")
}
