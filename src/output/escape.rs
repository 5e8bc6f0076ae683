//! Terminal safety: text that comes from a makefile (names, comments,
//! messages) is shown with its control characters as escapes, so that an
//! escape sequence in a makefile never reaches the terminal raw.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Shows control characters as escapes (`\e`, `\r`, `\x07`, `\u{9b}`).
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    // Printable ASCII needs no look at characters.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(char::is_control) {
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
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
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
    }
}
