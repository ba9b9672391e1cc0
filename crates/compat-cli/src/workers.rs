//! `--worker ID` and `--catalog FILE`: which workers judge the models.

use compat_core::{WorkerCatalog, default_catalog};

use crate::cli::WorkerArgs;
use crate::error::{CliError, CliResult};

/// The catalog the options select: one default worker, a catalog file, or the default catalog.
pub fn catalog(args: &WorkerArgs) -> CliResult<WorkerCatalog> {
    if let Some(path) = &args.catalog {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("cannot read the catalog {}: {e}", path.display())))?;
        return WorkerCatalog::from_json(&text)
            .map_err(|e| CliError::usage(format!("catalog {}: {e}", path.display())));
    }
    let defaults = default_catalog();
    match &args.worker {
        None => Ok(defaults.clone()),
        Some(id) => match defaults.worker(id.trim()) {
            Some(worker) => Ok(WorkerCatalog::single(worker.clone())),
            None => {
                let valid: Vec<&str> = defaults.workers.iter().map(|w| w.id.as_str()).collect();
                Err(CliError::usage(format!("unknown worker `{id}`: the default catalog has {}", valid.join(", "))))
            }
        },
    }
}

/// The worker ids, for summaries and manifests.
pub fn ids(catalog: &WorkerCatalog) -> Vec<String> {
    catalog.workers.iter().map(|w| w.id.clone()).collect()
}
