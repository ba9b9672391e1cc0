//! reqwest with rustls. Redirects are not followed here: the client follows them itself,
//! so the token stays on its own origin.

use reqwest::header;

use crate::Url;
use crate::error::SourceError;
use crate::headers::Headers;
use crate::http::{HttpConfig, HttpResponse};

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
            .map_err(|e| SourceError::Transport {
                url: String::new(),
                message: format!("cannot build the HTTP client: {e}"),
                timeout: false,
            })?;
        Ok(Self { client })
    }

    pub async fn get(&self, url: &Url, bearer: Option<&str>) -> Result<HttpResponse, SourceError> {
        let mut request = self.client.get(url.clone()).header(header::ACCEPT, "application/json");
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| SourceError::Transport {
            url: url.to_string(),
            message: e.to_string(),
            timeout: e.is_timeout(),
        })?;
        let status = response.status().as_u16();
        let headers: Headers =
            response.headers().iter().filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))).collect();
        // Headers arrived, the body did not: the response is unusable as sent (a timeout
        // stays a timeout, worth another try).
        let body = response.bytes().await.map_err(|e| match e.is_timeout() {
            true => SourceError::Transport { url: url.to_string(), message: e.to_string(), timeout: true },
            false => {
                SourceError::Decode { url: url.to_string(), context: format!("the response body ended early ({e})") }
            }
        })?;
        Ok(HttpResponse { url: url.clone(), status, headers, body: body.to_vec() })
    }
}
