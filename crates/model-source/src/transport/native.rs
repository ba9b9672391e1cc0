//! reqwest with rustls. Redirects are not followed here: the client follows them itself,
//! so the token stays on its own origin.

use std::ops::Range;

use reqwest::header;

use crate::Url;
use crate::error::SourceError;
use crate::headers::Headers;
use crate::http::{HttpConfig, HttpResponse};
use crate::transport::{BodyBuffer, BodyCap, Read, range_header};

#[derive(Debug, Clone)]
pub(crate) struct Platform {
    client: reqwest::Client,
}

impl Platform {
    pub fn new(config: &HttpConfig) -> Result<Self, SourceError> {
        let client = reqwest::Client::builder()
            .user_agent(&config.user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| SourceError::transport("", false, e))?;
        Ok(Self { client })
    }

    /// One GET (of `range` when given), the body read as `cap` says.
    pub async fn send(
        &self,
        url: &Url,
        bearer: Option<&str>,
        range: Option<Range<u64>>,
        cap: BodyCap,
    ) -> Result<HttpResponse, SourceError> {
        let mut request = self.client.get(url.clone());
        request = match &range {
            // Bytes of a weight file: any type will do (`Accept: application/json` could make
            // a server answer a JSON error instead).
            Some(range) => request.header(header::RANGE, range_header(range)),
            None => request.header(header::ACCEPT, "application/json"),
        };
        Self::finish(request, url, bearer, cap).await
    }

    /// One GET of the whole resource, its body only if it no longer matches `etag`.
    pub async fn send_if_none_match(
        &self,
        url: &Url,
        bearer: Option<&str>,
        cap: BodyCap,
        etag: &str,
    ) -> Result<HttpResponse, SourceError> {
        let request =
            self.client.get(url.clone()).header(header::ACCEPT, "application/json").header(header::IF_NONE_MATCH, etag);
        Self::finish(request, url, bearer, cap).await
    }

    /// Sends `request` (with the token) and reads the body as `cap` says.
    async fn finish(
        mut request: reqwest::RequestBuilder,
        url: &Url,
        bearer: Option<&str>,
        cap: BodyCap,
    ) -> Result<HttpResponse, SourceError> {
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let mut response = request.send().await.map_err(|e| SourceError::transport(url.as_str(), e.is_timeout(), e))?;
        let status = response.status().as_u16();
        let headers: Headers =
            response.headers().iter().filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))).collect();
        let mut body = BodyBuffer::new(url, status, response.content_length(), cap)?;
        while !body.is_full() {
            // Headers arrived, the body did not: the response is unusable as sent (a timeout
            // stays a timeout, worth another try).
            let chunk = response.chunk().await.map_err(|e| match e.is_timeout() {
                true => SourceError::transport(url.as_str(), true, e),
                false => SourceError::Decode {
                    url: url.to_string(),
                    context: format!("the response body ended early ({e})"),
                },
            })?;
            let Some(chunk) = chunk else { break };
            if body.push(url, &chunk)? == Read::Done {
                break;
            }
        }
        Ok(HttpResponse { url: url.clone(), status, headers, body: body.into_inner() })
    }
}
