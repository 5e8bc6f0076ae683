//! Terminal safety: text that comes from a makefile (names, comments,
//! messages) is shown with its control characters as escapes, so that an
//! escape sequence in a makefile never reaches the terminal raw; and so are
//! the characters that make text read otherwise than it is: the Unicode
//! bidirectional controls (a right-to-left override shows `bidi<U+202E>gnp.exe`
//! as `bidiexe.png`: "Trojan Source", CVE-2021-42574) and the invisible
//! separators. Joiners (U+200C, U+200D) stay: scripts and emoji need them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Shows control characters as escapes (`\e`, `\r`, `\x07`, `\u{9b}`),
/// and bidirectional controls and invisible separators too (`\u{202e}`).
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    // Printable ASCII needs no look at characters.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\x1b' => out.push_str("\\e"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A character that must not reach a terminal raw: a control character, a
/// bidirectional control (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066
/// to U+2069) or an invisible separator (U+200B, U+2028, U+2029, U+2060,
/// U+FEFF).
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\x1b[31mb"), "a\\e[31mb");
        assert_eq!(escape("a\rb\x07"), "a\\rb\\x07");
        assert_eq!(escape("\u{9b}x"), "\\u{9b}x");
        assert_eq!(escape("ünï"), "ünï");
        assert_eq!(escape("bidi\u{202e}gnp.exe"), "bidi\\u{202e}gnp.exe");
        assert_eq!(escape("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(
            escape("zero\u{200b}width\u{feff}"),
            "zero\\u{200b}width\\u{feff}"
        );
        assert_eq!(escape("line\u{2028}sep"), "line\\u{2028}sep");
        // Joiners are kept: emoji sequences and scripts need them.
        assert_eq!(
            escape("\u{1f468}\u{200d}\u{1f4bb}"),
            "\u{1f468}\u{200d}\u{1f4bb}"
        );
    }
}
