//! `check file PATH...`: one local model's full verdict. The files are read by
//! [`provider_huggingface::local`] (shared with the Node addon's `inspectFile`): as a Hub record
//! would state them, plus what the weight files' headers prove. Only header bytes are read.

use model_headers::Limits;
use model_source::ModelEntry;
use provider_huggingface::local::LocalModel;

use crate::cli::CheckFileArgs;
use crate::error::{CliError, CliResult};
use crate::report::Report;
use crate::{output, terminal, workers};

/// `check file PATH...`: one local model's full verdict.
pub fn check_file(args: &CheckFileArgs) -> CliResult {
    let catalog = workers::catalog(&args.workers)?;
    let limits = Limits { max_header_bytes: args.headers.max_header_bytes, ..Limits::default() };
    let record = LocalModel::from_paths(&args.paths).and_then(|m| m.record(&limits)).map_err(CliError::local)?;
    let entry = ModelEntry::judged(record, &catalog);
    if args.json {
        let line = serde_json::to_string(&Report::from_entry(&entry)).map_err(|e| CliError::Failed(e.to_string()))?;
        output::emit(&format!("{}\n", terminal::json_controls(&line)))
    } else {
        output::emit(&output::verdict(&entry))
    }
}
