//! A token that never shows itself.

/// An API token. `Debug` and `Display` print `<redacted>`; the value is reachable
/// only through [`Secret::expose`], used once, where the header is built.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token; blank tokens are treated as none by callers.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A non-empty token from an explicit value, else from the environment variable.
    pub fn from_option_or_env(explicit: Option<&str>, env_var: &str) -> Option<Self> {
        let from_env = || std::env::var(env_var).ok();
        explicit.map(str::to_owned).or_else(from_env).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).map(Self)
    }
}

impl From<String> for Secret {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for Secret {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}
