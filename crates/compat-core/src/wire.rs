//! The one tolerance policy for reading JSON from the wire, shared by both providers, the
//! HTTP client, the CLI and the bindings.
//!
//! - A body may start with a UTF-8 byte order mark; it is skipped.
//! - A number too large for a 64-bit float (`1e400`, a 400-digit integer) does not fail the
//!   body. [`parse`] reads it as the string [`OUT_OF_RANGE`] (`"∞"`, or `"-∞"`), which no
//!   numeric field accepts: a cosmetic field reads it as absent with a note (see [`uint`]),
//!   a field a verdict relies on fails its item, and the rest of the item and page stay.
//! - A count is a non-negative whole number that fits in 64 bits; `4096.0` is `4096` (JSON
//!   does not distinguish them, and some encoders write every number as a float).
//!   Anything else (negative, fractional, too large, another type) is not a count.

use serde_json::Value;

/// What [`parse`] puts where the body had a number out of range (negative ones get a `-`).
pub const OUT_OF_RANGE: &str = "∞";

/// Parses a JSON body under the policy of the module docs.
pub fn parse(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice(bytes) {
        Err(e) if is_out_of_range_error(&e) => serde_json::from_slice(&mark_out_of_range(bytes)),
        other => other,
    }
}

// Every JSON text this library reads goes through `serde_json::from_slice` (a `&str` as its
// bytes), never `from_str`: each reader is a whole JSON tokenizer in the WASM module, and one
// is enough (measured: `from_str` beside `from_slice` cost about 19 KB before compression).

/// A copy of `bytes` with every number literal that overflows an `f64` replaced by the
/// string `"∞"` (or `"-∞"`), padded with spaces to the literal's length. One pass; only
/// bodies that failed to parse for this reason pay for it.
fn mark_out_of_range(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let (mut i, mut in_string, mut escaped) = (0, false, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            // i < len: these steps cannot overflow.
            i = i.saturating_add(1);
            continue;
        }
        if b == b'"' {
            in_string = true;
            i = i.saturating_add(1);
            continue;
        }
        if b != b'-' && !b.is_ascii_digit() {
            i = i.saturating_add(1);
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(|c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .map_or(bytes.len(), |n| i.saturating_add(n));
        let literal = std::str::from_utf8(&bytes[i..end]).unwrap_or_default();
        // The shortest literals that overflow (`1e309`, `-1e309`) are as long as the
        // replacements (`"∞"` is 5 bytes, `"-∞"` 6). serde_json's own number reader decides
        // (std's float parser would add its tables to the WASM module).
        if serde_json::from_slice::<f64>(literal.as_bytes()).is_err_and(|e| is_out_of_range_error(&e)) {
            let negative = literal.starts_with('-');
            let marker = format!("\"{}{OUT_OF_RANGE}\"", if negative { "-" } else { "" });
            let literal_bytes = &mut out[i..end];
            if marker.len() <= literal_bytes.len() {
                let (head, tail) = literal_bytes.split_at_mut(marker.len());
                head.copy_from_slice(marker.as_bytes());
                tail.fill(b' ');
            }
        }
        i = end;
    }
    out
}

fn is_out_of_range_error(e: &serde_json::Error) -> bool {
    e.is_syntax() && e.to_string().starts_with("number out of range")
}

/// Why a value is not what a field wants, in words for a note or an error.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if is_out_of_range(s) => "a number out of range".to_owned(),
        Value::String(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
        other => kind_of(other).to_owned(),
    }
}

/// The name of a JSON value's type, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if is_out_of_range(s) => "a number out of range",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn is_out_of_range(s: &str) -> bool {
    s.strip_prefix('-').unwrap_or(s) == OUT_OF_RANGE
}

/// A count (see the module docs), or `None`.
pub fn uint(value: &Value) -> Option<u64> {
    let n = value.as_number()?;
    n.as_u64().or_else(|| {
        let f = n.as_f64()?;
        // 2^64 as a float is the first value that does not fit.
        (f >= 0.0 && f.fract() == 0.0 && f < 18_446_744_073_709_551_616.0).then_some(f as u64)
    })
}

/// What [`uint`] accepts, for messages.
pub const UINT: &str = "a non-negative integer";

/// A finite number, or `None` (a float field reads `"∞"` as absent like any string).
pub fn float(value: &Value) -> Option<f64> {
    value.as_f64().filter(|f| f.is_finite())
}

/// Drops repeated items, keeping the first of each in place, in n log n (lists from the wire
/// can hold 100k entries). A B-tree set rather than a hash set: the WASM module already holds
/// B-tree code, and a hash set would add SipHash and hashbrown to it. Most lists (a
/// verdict's reasons) hold one item or none: no set then.
pub fn dedup_in_order(items: &mut Vec<String>) {
    if items.len() < 2 {
        return;
    }
    let mut seen = crate::StringSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// `s` trimmed, unless that leaves nothing.
pub fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_out_of_range_become_markers_and_the_rest_stays() {
        let body = br#"[{"id":"a","downloads":1e400,"likes":-1E+999,"s":"1e400 \" 2e999"},{"id":"b","n":12}]"#;
        let value = parse(body).unwrap();
        assert_eq!(value[0]["downloads"], "∞");
        assert_eq!(value[0]["likes"], "-∞");
        assert_eq!(value[0]["s"], "1e400 \" 2e999", "strings are left alone");
        assert_eq!(value[1], json!({"id": "b", "n": 12}));
        assert_eq!(kind_of(&value[0]["downloads"]), "a number out of range");
        let huge = format!("{{\"n\": 1{}}}", "0".repeat(400));
        assert_eq!(parse(huge.as_bytes()).unwrap()["n"], "∞");
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_other_errors_stay_errors() {
        assert_eq!(parse(b"\xEF\xBB\xBF{\"a\":1}").unwrap(), json!({"a": 1}));
        assert!(parse(b"{\"a\": 1e400").is_err(), "still truncated");
        assert!(parse(b"{\"a\": }").is_err());
    }

    #[test]
    fn counts() {
        let cases = [
            (json!(4096), Some(4096)),
            (json!(4096.0), Some(4096)),
            (json!(1e19), Some(10_000_000_000_000_000_000)),
            (json!(1e30), None),
            (json!(-1), None),
            (json!(0.5), None),
            (json!("12"), None),
            (json!("∞"), None),
            (json!(u64::MAX), Some(u64::MAX)),
        ];
        for (value, expected) in cases {
            assert_eq!(uint(&value), expected, "{value}");
        }
        assert_eq!(float(&json!(0.25)), Some(0.25));
        assert_eq!(float(&json!("∞")), None);
    }

    #[test]
    fn dedup_keeps_the_first_of_each_in_order() {
        let mut items: Vec<String> = ["b", "a", "b", "c", "a"].map(String::from).to_vec();
        dedup_in_order(&mut items);
        assert_eq!(items, ["b", "a", "c"]);
    }

    proptest::proptest! {
        /// Short lists (compared item by item) and long ones (a set) give the same answer:
        /// the first of each, in order.
        #[test]
        fn dedup_matches_the_first_of_each(items in proptest::collection::vec("[a-e]{1,2}", 0..60)) {
            let mut expected: Vec<String> = Vec::new();
            for item in &items {
                if !expected.contains(item) {
                    expected.push(item.clone());
                }
            }
            let mut got = items;
            dedup_in_order(&mut got);
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn trimmed_non_empty() {
        assert_eq!(non_empty("  a "), Some("a"));
        assert_eq!(non_empty(" \t"), None);
    }
}
