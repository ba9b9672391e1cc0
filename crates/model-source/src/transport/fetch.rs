//! The host's `fetch` (browser, worker or Node), called directly through web-sys rather than
//! through reqwest: the module stays small enough for a browser bundle.
//!
//! `fetch` follows redirects itself and drops `Authorization` on a cross-origin hop (the Fetch
//! standard; Chromium, Firefox and Node's undici do so), and the user agent is the host's. A
//! redirect loop is told apart only where the host says why a fetch failed (Node; see
//! [`transport_error`]).

use std::ops::Range;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, Request, RequestInit, Response};

use crate::Url;
use crate::error::SourceError;
use crate::headers::Headers;
use crate::http::{HttpConfig, HttpResponse};
use crate::transport::{BodyBuffer, BodyCap, Read, range_header};

#[wasm_bindgen]
extern "C" {
    /// `globalThis.fetch`, looked up at call time (so a polyfill or a test double installed
    /// after the module loaded is used).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;
}

#[derive(Debug, Clone)]
pub(crate) struct Platform {
    timeout_ms: u32,
}

impl Platform {
    pub fn new(config: &HttpConfig) -> Result<Self, SourceError> {
        Ok(Self { timeout_ms: u32::try_from(config.timeout.as_millis()).unwrap_or(u32::MAX) })
    }

    /// One GET (of `range` when given), the body read as `cap` says. `fetch` sends the
    /// `Range` header along on a redirect, and the `Authorization` header only to the same
    /// origin.
    pub async fn send(
        &self,
        url: &Url,
        bearer: Option<&str>,
        range: Option<Range<u64>>,
        cap: BodyCap,
    ) -> Result<HttpResponse, SourceError> {
        let fail = |error: JsValue| transport_error(url, &error);
        let init = RequestInit::new();
        init.set_method("GET");
        // The whole exchange, body included, as the native client's `timeout` does.
        init.set_signal(Some(&AbortSignal::timeout_with_u32(self.timeout_ms)));
        let request = Request::new_with_str_and_init(url.as_str(), &init).map_err(fail)?;
        let headers = request.headers();
        match &range {
            Some(range) => headers.set("range", &range_header(range)).map_err(fail)?,
            None => headers.set("accept", "application/json").map_err(fail)?,
        }
        if let Some(token) = bearer {
            headers.set("authorization", &format!("Bearer {token}")).map_err(fail)?;
        }
        let response: Response = JsFuture::from(global_fetch(&request)).await.map_err(fail)?.unchecked_into();

        let answered = Url::parse(&response.url()).unwrap_or_else(|_| url.clone());
        let mut header_list = Headers::default();
        for entry in response.headers().entries() {
            let pair: Array = entry.map_err(fail)?.unchecked_into();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                header_list.append(name, value);
            }
        }
        let declared = header_list.get("content-length").and_then(|n| n.trim().parse().ok());
        let mut body = BodyBuffer::new(&answered, response.status(), declared, cap)?;
        // The body as a stream, chunk by chunk, so nothing past the cap is ever buffered (an
        // `arrayBuffer()` would hold the whole of an endless body first).
        if let Some(stream) = response.body() {
            let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
            let ended_early = |error: JsValue| match transport_error(&answered, &error) {
                timeout @ SourceError::Transport { timeout: true, .. } => timeout,
                _ => SourceError::Decode {
                    url: answered.to_string(),
                    context: format!("the response body ended early ({})", describe(&error)),
                },
            };
            loop {
                let step = JsFuture::from(reader.read()).await.map_err(ended_early)?;
                let done = js_sys::Reflect::get(&step, &"done".into()).map_err(ended_early)?;
                if done.is_truthy() {
                    break;
                }
                let chunk: Uint8Array =
                    js_sys::Reflect::get(&step, &"value".into()).map_err(ended_early)?.unchecked_into();
                match body.push(&answered, &chunk.to_vec()) {
                    Ok(Read::More) if !body.is_full() => {}
                    stop => {
                        // Tells the host to stop downloading; its outcome changes nothing here.
                        let _ = reader.cancel();
                        stop?;
                        break;
                    }
                }
            }
        }
        let body = body.into_inner();
        Ok(HttpResponse { url: answered, status: response.status(), headers: header_list, body })
    }
}

/// Redirects `fetch` follows before it gives up (the Fetch standard, HTTP-redirect fetch: "if
/// request's redirect count is 20, return a network error").
const FETCH_MAX_REDIRECTS: u8 = 20;

/// A rejected `fetch`: `TypeError: Failed to fetch` in browsers (CORS, DNS, refused: they do not
/// say which), `TypeError: fetch failed` with a `cause` in Node, `TimeoutError` from the signal.
///
/// A redirect loop is `TOO_MANY_REDIRECTS` where the host says so: Node's fetch (undici) gives
/// the cause `redirect count exceeded`; a redirect to a `file:` URL is `RedirectRefused`
/// (`HTTP_ERROR`, not retried), where undici says `URL scheme must be a HTTP(S) scheme`. A browser cannot tell it: a loop ends in the Fetch
/// standard's opaque network error, the same bare `TypeError` as a CORS or DNS failure, and
/// no `Response` exists to ask (`Response.redirected` and `type` describe only a response that
/// arrived; `redirect: "manual"` gives an `opaqueredirect` without its `Location`, so the
/// client cannot follow redirects itself either). There it stays `NETWORK_ERROR`.
fn transport_error(url: &Url, error: &JsValue) -> SourceError {
    let error_object = error.dyn_ref::<js_sys::Error>();
    let cause = error_object.and_then(|e| e.cause().dyn_into::<js_sys::Error>().ok());
    match cause.map(|c| String::from(c.message())).as_deref() {
        Some("redirect count exceeded") => {
            return SourceError::TooManyRedirects { url: url.to_string(), max: FETCH_MAX_REDIRECTS };
        }
        // Undici's words for a redirect to a `file:` (or any non-HTTP) URL. Every URL this
        // client asks for is HTTP, so only a redirect gets here; not worth a retry.
        Some(message @ "URL scheme must be a HTTP(S) scheme") => {
            return SourceError::RedirectRefused { url: url.to_string(), message: message.to_owned() };
        }
        _ => {}
    }
    let timeout = error_object.is_some_and(|e| e.name() == "TimeoutError");
    SourceError::transport(url.as_str(), timeout, describe(error))
}

fn describe(error: &JsValue) -> String {
    let Some(error) = error.dyn_ref::<js_sys::Error>() else {
        return error.as_string().unwrap_or_else(|| "fetch failed".to_owned());
    };
    let mut text = format!("{}: {}", String::from(error.name()), String::from(error.message()));
    if let Some(cause) = error.cause().dyn_ref::<js_sys::Error>() {
        text.push_str(&format!(" ({})", String::from(cause.message())));
    }
    text
}
