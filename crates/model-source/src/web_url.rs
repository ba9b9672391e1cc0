//! `Url` on wasm32: the host's WHATWG `URL` (web-sys), with the part of `url::Url`'s API the
//! providers use. The `url` crate implements the same standard natively; in a browser bundle it
//! would add its parser and IDNA tables for what the host already does.
//!
//! The parts are read once from the host's parse and kept as strings, so the type is plain data
//! (`Send`, `Sync`, cheap to compare) like `url::Url`.

use std::fmt;

use wasm_bindgen::{JsCast, JsValue};

/// A parsed absolute URL.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Url {
    href: String,
    scheme: String,
    username: String,
    password: Option<String>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
    origin: Origin,
}

/// Why a string is not a URL: the host's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

/// Scheme, host and port, as `URL.origin` serializes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    pub fn ascii_serialization(&self) -> String {
        self.0.clone()
    }
}

impl Url {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        web_sys::Url::new(input).map(|url| Self::read(&url)).map_err(|e| parse_error(input, &e))
    }

    /// `input` resolved against this URL, as a link in a page at this URL would be.
    pub fn join(&self, input: &str) -> Result<Self, ParseError> {
        web_sys::Url::new_with_base(input, &self.href).map(|url| Self::read(&url)).map_err(|e| parse_error(input, &e))
    }

    pub fn as_str(&self) -> &str {
        &self.href
    }

    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    pub fn fragment(&self) -> Option<&str> {
        self.fragment.as_deref()
    }

    pub fn origin(&self) -> Origin {
        self.origin.clone()
    }

    /// The query as decoded pairs (`application/x-www-form-urlencoded`), as `url::Url` gives them.
    pub fn query_pairs(&self) -> form_urlencoded::Parse<'_> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes())
    }

    pub fn set_path(&mut self, path: &str) {
        self.edit(|url| url.set_pathname(path));
    }

    pub fn set_query(&mut self, query: Option<&str>) {
        self.edit(|url| url.set_search(query.unwrap_or_default()));
    }

    fn edit(&mut self, change: impl FnOnce(&web_sys::Url)) {
        // The href of a parsed URL always parses again.
        if let Ok(url) = web_sys::Url::new(&self.href) {
            change(&url);
            *self = Self::read(&url);
        }
    }

    fn read(url: &web_sys::Url) -> Self {
        let non_empty = |s: String, prefix: char| s.strip_prefix(prefix).map(str::to_owned);
        let password = url.password();
        Self {
            href: url.href(),
            scheme: url.protocol().trim_end_matches(':').to_owned(),
            username: url.username(),
            password: (!password.is_empty()).then_some(password),
            path: url.pathname(),
            query: non_empty(url.search(), '?'),
            fragment: non_empty(url.hash(), '#'),
            origin: Origin(url.origin()),
        }
    }
}

fn parse_error(input: &str, error: &JsValue) -> ParseError {
    let reason = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
    ParseError(reason.unwrap_or_else(|| format!("`{input}` is not a URL")))
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.href)
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Url").field(&self.href).finish()
    }
}

impl From<Url> for String {
    fn from(url: Url) -> Self {
        url.href
    }
}
