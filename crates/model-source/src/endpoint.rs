//! Where a source sends requests: set up once for every provider.

use crate::Url;
use crate::error::SourceError;

/// The API root from an explicit value, else an environment variable, else `default`.
///
/// It must be http(s) with no credentials (they would end up in every error message;
/// tokens go in headers), no query and no fragment.
pub fn base_url(explicit: Option<&str>, env_var: Option<&str>, default: &str) -> Result<Url, SourceError> {
    let from_env = || env_var.and_then(|v| std::env::var(v).ok());
    let raw = explicit
        .map(str::to_owned)
        .or_else(from_env)
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| default.to_owned());
    let url = Url::parse(raw.trim_end_matches('/'))
        .map_err(|e| SourceError::InvalidQuery(format!("endpoint `{raw}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SourceError::InvalidQuery(format!("endpoint `{raw}` is not http(s)")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(SourceError::InvalidQuery("endpoint must not carry credentials; pass a token instead".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(SourceError::InvalidQuery(format!("endpoint `{url}` must not have a query or fragment")));
    }
    Ok(url)
}

/// `path` (starting with `/`) under `base`, keeping any path prefix `base` has (a mirror
/// served under `/hf`, say).
pub fn join_path(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{prefix}{path}"));
    url
}

/// `key=value&...` for a query string: `application/x-www-form-urlencoded`, with spaces as
/// `%20` (as CivitAI's own `nextPage` URLs have them: `sort=Highest%20Rated`) so that the same
/// query is the same bytes whoever builds it.
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20");
    pairs.into_iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(base_url(None, None, "https://huggingface.co").unwrap().as_str(), "https://huggingface.co/");
        assert_eq!(base_url(Some(" http://127.0.0.1:9/hf/ "), None, "x").unwrap().as_str(), "http://127.0.0.1:9/hf");
        for bad in ["ftp://x", "not a url", "https://user:pw@x", "https://x/?q=1", "https://x/#f"] {
            assert!(matches!(base_url(Some(bad), None, "x"), Err(SourceError::InvalidQuery(_))), "{bad}");
        }
    }

    #[test]
    fn unicode_host_names_become_punycode() {
        let url = base_url(Some("https://bücher.example"), None, "x").unwrap();
        assert_eq!(url.as_str(), "https://xn--bcher-kva.example/");
    }

    #[test]
    fn paths_join_under_a_prefix() {
        let base = base_url(Some("http://127.0.0.1:9/mirror"), None, "x").unwrap();
        assert_eq!(join_path(&base, "/api/models").as_str(), "http://127.0.0.1:9/mirror/api/models");
    }

    #[test]
    fn queries_encode_spaces_as_percent_20() {
        let query = encode_query([("sort", "Highest Rated"), ("cursor", "1|2"), ("expand[]", "a&b=c")]);
        assert_eq!(query, "sort=Highest%20Rated&cursor=1%7C2&expand%5B%5D=a%26b%3Dc");
    }
}
