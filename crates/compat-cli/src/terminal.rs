//! Text from the wire on a terminal: model ids, tags, reasons and error bodies are the API's
//! words, and a hostile API can put escape sequences in them (set the window title, clear the
//! screen, hide text). Everything we print for people goes through [`clean`] or
//! [`clean_line`]; JSON goes through [`json_controls`], which keeps the exact strings.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters a terminal may act on rather than show: C0 and C1 controls, DEL, and the Unicode
/// bidirectional overrides and isolates (they reorder what is shown: "Trojan Source").
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character but `\n` written as a visible escape (`\x1b`, `\u{9b}`),
/// so a multi-line report keeps its lines and nothing else reaches the terminal raw.
pub fn clean(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n' && is_unsafe(c))
}

/// [`clean`] for one line: a newline is escaped too.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    escape(text, is_unsafe)
}

fn escape(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if c.is_ascii() {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL and the C1 controls written as `\u` escapes. serde_json escapes only
/// U+0000..U+001F; U+007F..U+009F pass raw, and some terminals act on them (U+009B is CSI).
/// Outside strings JSON is plain ASCII, so each such character is inside a string and its
/// escape decodes to the same string.
pub fn json_controls(json: &str) -> Cow<'_, str> {
    let raw = |c: char| matches!(c, '\u{7f}'..='\u{9f}');
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len().saturating_add(16));
    for c in json.chars() {
        if raw(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        let cases = [
            ("plain/model-7B", "plain/model-7B"),
            ("evil\x1b]0;pwned\x07", "evil\\x1b]0;pwned\\x07"),
            ("clear\x1b[2J", "clear\\x1b[2J"),
            ("c1 \u{9b}31m", "c1 \\u{9b}31m"),
            ("del\x7f", "del\\x7f"),
            ("bidi \u{202e}txt.exe", "bidi \\u{202e}txt.exe"),
            ("two\nlines\r", "two\nlines\\x0d"),
            ("麦橘写实 ✓", "麦橘写实 ✓"),
        ];
        for (raw, shown) in cases {
            assert_eq!(clean(raw), shown, "{raw:?}");
        }
        assert_eq!(clean_line("a\nb"), "a\\x0ab");
    }

    #[test]
    fn json_keeps_the_exact_string() {
        let original = "id\x1b[2J\u{9b}\u{7f}é";
        let json = serde_json::to_string(&serde_json::json!({ "id": original })).unwrap();
        let cleaned = json_controls(&json);
        assert!(!cleaned.chars().any(|c| c.is_control()), "{cleaned}");
        let back: serde_json::Value = serde_json::from_str(&cleaned).unwrap();
        assert_eq!(back["id"], original);
    }
}
