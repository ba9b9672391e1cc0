//! The messages CivitAI puts in its error responses.

use serde::Serialize;
use serde_json::Value;

/// The message of a CivitAI error response.
///
/// CivitAI answers errors with `{"error": "..."}`, sometimes with a `message` beside
/// it (`{"error": "Unauthorized", "message": "The creator of this asset requires you
/// to be logged in to download it"}`), and bad query parameters with a serialized
/// Zod error: `{"error": {"issues": [...], "name": "ZodError"}}` (Zod 3),
/// `{"error": {"name": "ZodError", "message": "<the issues as JSON text>"}}` (Zod 4),
/// or a bare issue list. Issues read `path: message`, joined by `; `.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CivitaiErrorBody {
    pub message: String,
}

impl CivitaiErrorBody {
    /// Reads an error body; `None` when it carries no message.
    ///
    /// A body that is not JSON counts when it is a short line of plain text (a
    /// proxy's `error code: 1015`); HTML pages do not.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => Self::from_value(&value),
            Err(_) => {
                let text = std::str::from_utf8(bytes).ok()?.trim();
                let plain =
                    !text.is_empty() && text.len() <= 300 && !text.contains('\n') && !text.starts_with(['<', '{', '[']);
                plain.then(|| Self { message: text.to_owned() })
            }
        }
    }

    /// Reads an error body already parsed as JSON.
    pub fn from_value(value: &Value) -> Option<Self> {
        message_of(value, 0).map(|message| Self { message })
    }

    pub(super) fn from_map(map: &serde_json::Map<String, Value>) -> Option<Self> {
        message_of_object(map, 0).map(|message| Self { message })
    }
}

/// The message of a CivitAI error body (see [`CivitaiErrorBody`]), for the HTTP layer.
pub fn parse_error_body(bytes: &[u8]) -> Option<String> {
    CivitaiErrorBody::parse(bytes).map(|body| body.message)
}

const MAX_DEPTH: usize = 4;

fn message_of(value: &Value, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match value {
        Value::String(text) => {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            // Zod 4 puts the issue list, as JSON text, in `message`.
            if text.starts_with('[') {
                if let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(text.as_bytes()) {
                    if let Some(issues) = issues(&items) {
                        return Some(issues);
                    }
                }
            }
            Some(text.to_owned())
        }
        Value::Array(items) => issues(items).or_else(|| {
            let texts: Vec<String> =
                items.iter().filter_map(|item| message_of(item, depth.saturating_add(1))).collect();
            (!texts.is_empty()).then(|| texts.join("; "))
        }),
        Value::Object(map) => message_of_object(map, depth),
        _ => None,
    }
}

fn message_of_object(map: &serde_json::Map<String, Value>, depth: usize) -> Option<String> {
    if let Some(Value::Array(items)) = map.get("issues") {
        if let Some(issues) = issues(items) {
            return Some(issues);
        }
    }
    let error = map.get("error").and_then(|e| message_of(e, depth.saturating_add(1)));
    let message = map.get("message").and_then(|m| message_of(m, depth.saturating_add(1)));
    match (error, message) {
        (Some(error), Some(message)) if error != message && !message.contains(&error) => {
            return Some(format!("{error}: {message}"));
        }
        (Some(_), Some(message)) => return Some(message),
        (Some(text), None) | (None, Some(text)) => return Some(text),
        (None, None) => {}
    }
    // tRPC wraps its error as `{"json": {"message": ...}}`.
    if let Some(inner) = map.get("json") {
        if let Some(text) = message_of(inner, depth.saturating_add(1)) {
            return Some(text);
        }
    }
    flattened(map)
}

/// Zod issues (`{code, message, path}`) as `path: message; ...`. `None` unless every
/// element is an issue.
fn issues(items: &[Value]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let issue = item.as_object()?;
        let text =
            issue.get("message").and_then(Value::as_str).or_else(|| issue.get("code").and_then(Value::as_str))?;
        let path: Vec<String> = issue
            .get("path")
            .and_then(Value::as_array)
            .map(|p| {
                p.iter()
                    .map(|seg| match seg {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(if path.is_empty() { text.to_owned() } else { format!("{}: {text}", path.join(".")) });
    }
    Some(out.join("; "))
}

/// Zod's `flatten()`: `{"formErrors": [...], "fieldErrors": {"field": [...]}}`.
fn flattened(map: &serde_json::Map<String, Value>) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(Value::Array(errors)) = map.get("formErrors") {
        out.extend(errors.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(Value::Object(fields)) = map.get("fieldErrors") {
        for (field, errors) in fields {
            let texts: Vec<&str> = match errors {
                Value::Array(errors) => errors.iter().filter_map(Value::as_str).collect(),
                Value::String(text) => vec![text.as_str()],
                _ => Vec::new(),
            };
            out.extend(texts.into_iter().map(|text| format!("{field}: {text}")));
        }
    }
    (!out.is_empty()).then(|| out.join("; "))
}
