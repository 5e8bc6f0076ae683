//! What every reading of a line skips: blanks (spaces and TABs, make's
//! "whitespace" on a makefile line), the first word, and variable
//! references (`$(...)`, `${...}`, `$x`, `$$`; manual 6.1), outside of
//! which make looks for `#`, `:`, `;` and `=`.

/// Given `bytes[i] == b'$'`, the index just past the variable reference that
/// starts there (`$(...)`, `${...}`, `$x`, `$$`).
#[must_use]
pub(crate) fn skip_reference(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i + 1) {
        None => i + 1,
        Some(&open @ (b'(' | b'{')) => {
            let close = if open == b'(' { b')' } else { b'}' };
            // Inside the opening parenthesis.
            let mut depth = 1usize;
            let mut j = i + 2;
            while let Some(found) = crate::parse::scan::find_any([open, close], &bytes[j..]) {
                j += found;
                if bytes[j] == open {
                    depth += 1;
                } else {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
                j += 1;
            }
            bytes.len()
        }
        Some(_) => i + 2,
    }
}

/// The first index of `byte` outside variable references.
#[must_use]
pub(crate) fn find_outside_references(text: &str, byte: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(found) = crate::parse::scan::find_any([byte, b'$'], &bytes[i..]) {
        i += found;
        if bytes[i] == byte {
            return Some(i);
        }
        i = skip_reference(bytes, i);
    }
    None
}

/// `text` without the blanks (spaces and TABs) at its start and end.
/// Blanks are ASCII: a byte loop trims them without decoding characters
/// (rule lines are trimmed four times each).
#[inline]
pub(crate) fn trim_blanks(text: &str) -> &str {
    trim_blanks_end(trim_blanks_start(text))
}

/// `text` without the blanks at its start (see [`trim_blanks`]).
#[inline]
pub(crate) fn trim_blanks_start(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    &text[start..]
}

/// `text` without the blanks at its end (see [`trim_blanks`]).
#[inline]
pub(crate) fn trim_blanks_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |i| i + 1);
    &text[..end]
}

/// Splits off the first blank-separated word.
pub(crate) fn first_word(text: &str) -> (&str, &str) {
    let text = trim_blanks_start(text);
    let end = crate::parse::scan::find_any([b' ', b'\t'], text.as_bytes()).unwrap_or(text.len());
    (&text[..end], trim_blanks_start(&text[end..]))
}

/// `before` ends in an odd number of backslashes: the byte after it is
/// quoted (`\#`, `\:`, `\ `), where an even number quotes backslashes.
#[must_use]
pub(crate) fn quoted_by_backslash(before: &[u8]) -> bool {
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslash_parity() {
        for (before, quoted) in [
            ("", false),
            ("a", false),
            ("a\\", true),
            ("a\\\\", false),
            ("\\\\\\", true),
            ("\\a", false),
        ] {
            assert_eq!(quoted_by_backslash(before.as_bytes()), quoted, "{before:?}");
        }
    }

    #[test]
    fn trims_blanks_only() {
        for (text, both, start, end) in [
            ("", "", "", ""),
            (" \t ", "", "", ""),
            ("\t a b \t", "a b", "a b \t", "\t a b"),
            ("\ra\n", "\ra\n", "\ra\n", "\ra\n"),
            (" é ", "é", "é ", " é"),
        ] {
            assert_eq!(trim_blanks(text), both, "{text:?}");
            assert_eq!(trim_blanks_start(text), start, "{text:?}");
            assert_eq!(trim_blanks_end(text), end, "{text:?}");
        }
    }
}
