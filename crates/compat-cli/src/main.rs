//! `model-compat`: which HuggingFace and CivitAI models can your self-hosted workers run, and why.
//!
//! Exit codes: 0 success; 1 the API or a local file failed; 2 bad input (usage, unknown
//! worker, unreadable catalog, invalid filters, or some `classify` inputs unreadable).

// Wire numbers (sizes, counts, lengths) are adversarial: arithmetic is checked or saturating,
// and a local `#[allow]` says why an operation cannot overflow (issue 16).
#![warn(clippy::arithmetic_side_effects)]

mod civ;
mod classify;
mod cli;
mod detect;
mod device;
mod error;
mod estimate;
mod hub;
mod inspect;
mod list;
mod local;
mod manifest;
mod offline;
mod output;
mod progress;
mod report;
mod scan;
mod terminal;
mod workers;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use compat_core::{Device, FitFilter};
use model_source::{ModelEntry, ModelSource, OnDevice, SourceError};
use provider_huggingface::Inspect;
use tracing_subscriber::EnvFilter;

use crate::cli::{CheckOne, CheckTarget, Cli, Command, GlobalArgs, ManifestArgs, SourceKind};
use crate::error::{CliError, CliResult};
use crate::manifest::Selection;
use crate::report::Report;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.global.verbose);
    // Every command in one runtime (`classify` does not need it, and building one costs
    // nothing worth a second dispatch).
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the async runtime: {e}")))
        .and_then(|runtime| runtime.block_on(run(&cli)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(message) = error.message() {
                eprintln!("{}", terminal::clean(&message));
            }
            error.exit_code()
        }
    }
}

/// Logs go to stderr: warnings only by default, `-v` debug for this tool and its sources,
/// `-vv` everything; `RUST_LOG` overrides.
fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info,model_compat=debug,model_source=debug,provider_huggingface=debug,provider_civitai=debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

async fn run(cli: &Cli) -> CliResult {
    let global = &cli.global;
    match &cli.command {
        Command::Huggingface(args) => {
            let catalog = workers::catalog(&args.workers)?;
            let device = on_device(&args.device, args.list.fit)?;
            let query = hub::query(&args.filters, args.sort.as_deref(), args.list.page_size)?;
            let reads = hub::Reads {
                enrich: !args.filters.no_enrich,
                inspect_listings: args.filters.inspect,
                inspect_model: None,
                memory_facts: device.is_some(),
            };
            let hub = hub::open(global, reads)?;
            let judge = OnDevice { catalog: &catalog, device: device.as_ref(), fit: args.list.fit };
            list::run(&hub, &query, &judge, &args.list, global).await
        }
        Command::Civitai(args) => {
            let catalog = workers::catalog(&args.workers)?;
            let device = on_device(&args.device, args.list.fit)?;
            let query = civ::query(&args.filters, args.sort.as_deref(), args.list.page_size)?;
            let civitai = civ::open(global)?;
            let judge = OnDevice { catalog: &catalog, device: device.as_ref(), fit: args.list.fit };
            list::run(&civitai, &query, &judge, &args.list, global).await
        }
        Command::Check(args) => match &args.target {
            CheckTarget::File(files) => local::check_file(files),
            CheckTarget::Huggingface(one) => check(SourceKind::Huggingface, one, global).await,
            CheckTarget::Civitai(one) => check(SourceKind::Civitai, one, global).await,
        },
        Command::Manifest(args) => manifest(args, global).await,
        Command::Classify(args) => classify::run(args),
        Command::Estimate(args) => estimate::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Scan(args) => scan::run(args),
    }
}

/// `check huggingface ID` and `check civitai ID`: one model's full verdict.
async fn check(source: SourceKind, one: &CheckOne, global: &GlobalArgs) -> CliResult {
    let catalog = workers::catalog(&one.workers)?;
    let device = on_device(&one.device, None)?;
    let found = match source {
        SourceKind::Huggingface => {
            let reads = hub::Reads {
                enrich: true,
                inspect_listings: Inspect::Off,
                inspect_model: one.inspect,
                memory_facts: device.is_some(),
            };
            hub::open(global, reads)?.get_model(&one.id).await
        }
        SourceKind::Civitai if one.inspect.is_some() => {
            return Err(CliError::usage("--inspect reads HuggingFace weight files only"));
        }
        SourceKind::Civitai => civ::open(global)?.get_model(&one.id).await,
    };
    let record = match found {
        Err(SourceError::NotFound { .. }) if global.offline => {
            return Err(CliError::Failed(format!(
                "`{}` is not in the offline snapshot (`--offline --all --limit 1000` lists what it holds)",
                one.id
            )));
        }
        other => other?,
    };
    let entry = ModelEntry::judged(record, &OnDevice { catalog: &catalog, device: device.as_ref(), fit: None });
    if one.json {
        let line = serde_json::to_string(&Report::from_entry(&entry)).map_err(|e| CliError::Failed(e.to_string()))?;
        output::emit(&format!("{}\n", terminal::json_controls(&line)))
    } else {
        output::emit(&output::verdict(&entry))
    }
}

/// The device to judge on, with what `--device auto` noted printed on stderr.
fn on_device(args: &device::DeviceArgs, fit: Option<FitFilter>) -> CliResult<Option<Device>> {
    let mut notes = Vec::new();
    let device = args.device(&mut notes)?;
    for note in notes {
        eprintln!("note: {}", terminal::clean_line(&note));
    }
    if fit.is_some() && device.is_none() {
        return Err(CliError::usage("--fit needs a device: --device PRESET|FILE|auto, or --vram/--ram"));
    }
    Ok(device)
}

async fn manifest(args: &ManifestArgs, global: &GlobalArgs) -> CliResult {
    let catalog = workers::catalog(&args.workers)?;
    let selection = |query: serde_json::Value| Selection {
        source: args.source.as_str().to_owned(),
        query,
        workers: workers::ids(&catalog),
        catalog_hash: manifest::fnv1a(&serde_json::to_vec(&catalog).unwrap_or_default()),
    };
    let (hf, civ) = (&args.hf, &args.civitai);
    let hf_given = hf.search.is_some() || hf.author.is_some() || !hf.filters.is_empty() || hf.pipeline_tag.is_some();
    let civ_given =
        civ.query.is_some() || !civ.types.is_empty() || !civ.base_models.is_empty() || civ.period.is_some() || civ.nsfw;
    match args.source {
        SourceKind::Huggingface => {
            if civ_given {
                return Err(CliError::usage(
                    "--query, --types, --base-model, --period and --nsfw are CivitAI filters; use --source civitai",
                ));
            }
            let query = hub::query(hf, args.sort.as_deref(), args.page_size)?;
            let selection = selection(serde_json::to_value(&query).unwrap_or_default());
            let reads = hub::Reads {
                enrich: !hf.no_enrich,
                inspect_listings: hf.inspect,
                inspect_model: None,
                memory_facts: false,
            };
            let hub = hub::open(global, reads)?;
            manifest::run(&hub, &query, &catalog, selection, hub.endpoint(), args, global).await
        }
        SourceKind::Civitai => {
            if hf_given {
                return Err(CliError::usage(
                    "--search, --author, --filter and --pipeline-tag are HuggingFace filters; use --source huggingface",
                ));
            }
            let query = civ::query(civ, args.sort.as_deref(), args.page_size)?;
            let selection = selection(serde_json::to_value(&query).unwrap_or_default());
            let civitai = civ::open(global)?;
            manifest::run(&civitai, &query, &catalog, selection, civitai.base_url(), args, global).await
        }
    }
}
