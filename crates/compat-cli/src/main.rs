//! `model-compat`: which HuggingFace and CivitAI models can your self-hosted workers run, and why.
//!
//! Exit codes: 0 success; 1 the API or a local file failed; 2 bad input (usage, unknown
//! worker, unreadable catalog, invalid filters, or some `classify` inputs unreadable).

mod civ;
mod classify;
mod cli;
mod error;
mod hub;
mod list;
mod manifest;
mod offline;
mod output;
mod progress;
mod report;
mod workers;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use model_source::{ModelSource, SourceError};
use tracing_subscriber::EnvFilter;

use crate::cli::{CheckTarget, Cli, Command, GlobalArgs, ManifestArgs, SourceKind};
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
                eprintln!("{message}");
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
            let query = hub::query(&args.filters, args.sort.as_deref(), args.list.page_size)?;
            let hub = hub::open(global, Some(&query), catalog, !args.filters.no_enrich).await?;
            list::run(&hub.source, &query, &args.list, global, hub.public_urls()).await
        }
        Command::Civitai(args) => {
            let catalog = workers::catalog(&args.workers)?;
            let query = civ::query(&args.filters, args.sort.as_deref(), args.list.page_size)?;
            let civitai = civ::open(global, Some((&args.filters, query.sort)), catalog).await?;
            list::run(&civitai.source, &query, &args.list, global, civitai.public_urls()).await
        }
        Command::Check(args) => {
            let (one, found, urls) = match &args.target {
                CheckTarget::Huggingface(one) => {
                    let hub = hub::open(global, None, workers::catalog(&one.workers)?, true).await?;
                    (one, hub.source.get_model(&one.id).await, hub.public_urls())
                }
                CheckTarget::Civitai(one) => {
                    let civitai = civ::open(global, None, workers::catalog(&one.workers)?).await?;
                    (one, civitai.source.get_model(&one.id).await, civitai.public_urls())
                }
            };
            let mut entry = match found {
                Err(SourceError::NotFound { .. }) if global.offline => {
                    return Err(CliError::Failed(format!(
                        "`{}` is not in the offline snapshot (`--offline --all --limit 1000` lists what it holds)",
                        one.id
                    )));
                }
                other => other?,
            };
            if let Some(rewrite) = urls {
                rewrite.apply(&mut entry);
            }
            if one.json {
                let line =
                    serde_json::to_string(&Report::from_entry(&entry)).map_err(|e| CliError::Failed(e.to_string()))?;
                output::emit(&format!("{line}\n"))
            } else {
                output::emit(&output::verdict(&entry))
            }
        }
        Command::Manifest(args) => manifest(args, global).await,
        Command::Classify(args) => classify::run(args),
    }
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
            let hub = hub::open(global, Some(&query), catalog.clone(), !hf.no_enrich).await?;
            let endpoint = hub.source.endpoint().clone();
            manifest::run(&hub.source, &query, selection, &endpoint, args, global, hub.public_urls()).await
        }
        SourceKind::Civitai => {
            if hf_given {
                return Err(CliError::usage(
                    "--search, --author, --filter and --pipeline-tag are HuggingFace filters; use --source huggingface",
                ));
            }
            let query = civ::query(civ, args.sort.as_deref(), args.page_size)?;
            let selection = selection(serde_json::to_value(&query).unwrap_or_default());
            let civitai = civ::open(global, Some((civ, query.sort)), catalog.clone()).await?;
            let endpoint = civitai.source.base_url().clone();
            manifest::run(&civitai.source, &query, selection, &endpoint, args, global, civitai.public_urls()).await
        }
    }
}
