//! Writes the model out: target lists for shells (the help screen is in
//! [`crate::help`]).
//! Everything from a makefile passes through [`escape`] first, so control
//! characters never reach a terminal raw.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::Makefile;

/// Shows control characters as escapes (`\e`, `\r`, `\x07`, `\u{9b}`).
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
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

/// The target names on one line, sorted, separated by spaces (for
/// `complete -W`). Nothing at all when there are no targets.
pub fn target_words(makefile: &Makefile, out: &mut dyn Write) -> io::Result<()> {
    let names = makefile.target_names();
    if names.is_empty() {
        return Ok(());
    }
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.write_all(b" ")?;
        }
        out.write_all(escape(name).as_bytes())?;
    }
    out.write_all(b"\n")
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
