//! What can go wrong, and the exit code each failure gives.

use std::process::ExitCode;

use model_source::SourceError;

/// A failure that ends the command.
#[derive(Debug)]
pub enum CliError {
    /// The user asked for something that cannot be done as asked: exit 2.
    Usage(String),
    /// The API failed, or its answers could not be used: exit 1.
    Source(SourceError),
    /// Something else failed (a local file, the offline server, a model not found): exit 1.
    Failed(String),
    /// Some inputs failed (already reported one per line), the others were processed: exit 2.
    Partial,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// A query the source refused before asking anything: the user's mistake, said in the
    /// source's words.
    pub fn invalid(error: SourceError) -> Self {
        Self::Usage(error.detail())
    }

    /// A local model that could not be read: a usage mistake (a directory beside files, say)
    /// exits 2, anything else 1, both in the library's words without the `[CODE]` prefix.
    pub fn local(error: SourceError) -> Self {
        match error {
            SourceError::InvalidQuery(message) => Self::Usage(message),
            other => Self::Failed(other.to_string()),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_) | Self::Partial => ExitCode::from(2),
            Self::Source(SourceError::InvalidQuery(_)) => ExitCode::from(2),
            Self::Source(_) | Self::Failed(_) => ExitCode::from(1),
        }
    }

    /// The one line printed on stderr (`None` when the lines were printed already).
    pub fn message(&self) -> Option<String> {
        match self {
            Self::Usage(message) | Self::Failed(message) => Some(format!("error: {message}")),
            Self::Source(error) => Some(format!("error [{}]: {error}", error.code())),
            Self::Partial => None,
        }
    }
}

impl From<SourceError> for CliError {
    fn from(error: SourceError) -> Self {
        Self::Source(error)
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
