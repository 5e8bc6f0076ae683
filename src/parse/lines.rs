//! Physical lines → logical lines, the way GNU make's `readline` and
//! `collapse_continuations` form them.
//!
//! Make rules implemented here (GNU make manual, "Splitting Long Lines"):
//! - a line ending in an odd number of backslashes continues on the next line;
//!   `\\` at the end (even count) is not a continuation;
//! - outside recipes, a backslash-newline together with the blanks around it
//!   becomes one space, and of the `2n+1` backslashes `n` remain;
//! - a UTF-8 byte-order mark at the start of a file and the `\r` of a CRLF line
//!   ending are dropped;
//! - line numbers are 1-based and name the first physical line;
//! - a NUL byte ends what make sees of a physical line: the rest of that line,
//!   its newline included, is dropped and the next physical line is appended
//!   (make's `readline` measures what `fgets` read with `strlen`); a line
//!   that starts with NUL ends the line instead.
//!
//! Whether a logical line is a recipe line depends on parser state (a preceding
//! rule, `.RECIPEPREFIX`), so that decision is made by the reader, not here.

use std::borrow::Cow;

/// One logical line: physical lines joined at backslash-newlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogicalLine<'a> {
    /// The joined text, without the final newline.
    pub text: Cow<'a, str>,
    /// 1-based number of the first physical line.
    pub line: u32,
    /// How many physical lines were joined (at least 1).
    pub physical_lines: u32,
    /// A NUL byte was seen: part of the text was dropped.
    pub nul: bool,
}

/// An iterator over the logical lines of a makefile's text.
#[derive(Debug, Clone)]
pub(crate) struct LogicalLines<'a> {
    rest: &'a str,
    next_line: u32,
    /// The text holds a NUL byte somewhere: lines must be checked for one.
    has_nul: bool,
}

/// Splits makefile text into logical lines.
#[must_use]
pub(crate) fn logical_lines(text: &str) -> LogicalLines<'_> {
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    LogicalLines {
        rest,
        next_line: 1,
        // One scan of the whole text spares one per line.
        has_nul: memchr::memchr(0, rest.as_bytes()).is_some(),
    }
}

/// The logical lines of a piece of a file that starts at line `first_line`
/// and, unless it is the start of the file, right after a newline that ends
/// a logical line (see [`piece_end`]).
#[must_use]
pub(crate) fn logical_lines_from(text: &str, first_line: u32) -> LogicalLines<'_> {
    if first_line <= 1 {
        return logical_lines(text);
    }
    LogicalLines {
        rest: text,
        next_line: first_line,
        has_nul: memchr::memchr(0, text.as_bytes()).is_some(),
    }
}

/// Where a piece of a file may end without cutting a logical line: just
/// after the last newline at or after `from` whose physical line holds no
/// NUL byte and does not end in an odd number of backslashes. `None` when no
/// newline qualifies (the newlines before `from` were looked at before).
#[must_use]
pub(crate) fn piece_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(newline) = memchr::memrchr(b'\n', &bytes[from.min(end)..end]).map(|i| i + from) {
        let start = memchr::memrchr(b'\n', &bytes[..newline]).map_or(0, |i| i + 1);
        let line = &bytes[start..newline];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let backslashes = line.iter().rev().take_while(|&&b| b == b'\\').count();
        if backslashes % 2 == 0 && memchr::memchr(0, line).is_none() {
            return Some(newline + 1);
        }
        end = newline;
    }
    None
}

/// A physical line as make's `readline` sees it.
struct Physical<'a> {
    text: Cow<'a, str>,
    /// Lines of the file consumed (more than one after a NUL byte).
    lines: u32,
    nul: bool,
}

impl<'a> LogicalLines<'a> {
    /// Takes one line of the file off the input, without its line ending.
    fn raw(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let (line, rest) = match crate::parse::scan::find_near(b'\n', self.rest.as_bytes()) {
            Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
            None => (self.rest, ""),
        };
        self.rest = rest;
        self.next_line = self.next_line.saturating_add(1);
        Some(line)
    }

    /// Takes one physical line off the input, NUL bytes handled as make does.
    fn physical(&mut self) -> Option<Physical<'a>> {
        let first = self.raw()?;
        let nul = if self.has_nul {
            crate::parse::scan::find(0, first.as_bytes())
        } else {
            None
        };
        let Some(nul) = nul else {
            return Some(Physical {
                text: Cow::Borrowed(first.strip_suffix('\r').unwrap_or(first)),
                lines: 1,
                nul: false,
            });
        };
        let mut text = first[..nul].to_string();
        let mut lines = 1;
        // A NUL at the start of what was read ends the line.
        if nul > 0 {
            while let Some(next) = self.raw() {
                lines += 1;
                match memchr::memchr(0, next.as_bytes()) {
                    None => {
                        text.push_str(next.strip_suffix('\r').unwrap_or(next));
                        break;
                    }
                    Some(0) => break,
                    Some(i) => text.push_str(&next[..i]),
                }
            }
        }
        Some(Physical {
            text: Cow::Owned(text),
            lines,
            nul: true,
        })
    }
}

/// Number of backslashes at the end of `s`.
fn trailing_backslashes(s: &str) -> usize {
    s.bytes().rev().take_while(|&b| b == b'\\').count()
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

impl<'a> Iterator for LogicalLines<'a> {
    type Item = LogicalLine<'a>;

    fn next(&mut self) -> Option<LogicalLine<'a>> {
        let line = self.next_line;
        let first = self.physical()?;
        let mut nul = first.nul;
        let mut physical_lines = first.lines;
        let count = trailing_backslashes(&first.text);
        if count.is_multiple_of(2) {
            return Some(LogicalLine {
                text: first.text,
                line,
                physical_lines,
                nul,
            });
        }
        let mut joined = String::with_capacity(first.text.len() * 2);
        let mut current = first.text;
        let mut count = count;
        loop {
            // Keep half of the backslashes that precede the escaped newline.
            let body = &current[..current.len() - count];
            joined.push_str(body);
            joined.extend(std::iter::repeat_n('\\', count / 2));
            let Some(next) = self.physical() else {
                // A backslash at end of file: make drops it.
                break;
            };
            physical_lines += next.lines;
            nul |= next.nul;
            let trimmed_len = joined.trim_end_matches(is_blank).len();
            if count / 2 == 0 {
                joined.truncate(trimmed_len);
            }
            joined.push(' ');
            let next_text = next.text.trim_start_matches(is_blank);
            count = trailing_backslashes(next_text);
            if count.is_multiple_of(2) {
                joined.push_str(next_text);
                break;
            }
            current = Cow::Owned(next_text.to_string());
        }
        Some(LogicalLine {
            text: Cow::Owned(joined),
            line,
            physical_lines,
            nul,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, String)> {
        logical_lines(text)
            .map(|l| (l.line, l.text.into_owned()))
            .collect()
    }

    macro_rules! case {
        ($name:ident, $input:expr, [$(($line:expr, $text:expr)),* $(,)?]) => {
            #[test]
            fn $name() {
                let want: Vec<(u32, String)> = vec![$(($line, $text.to_string())),*];
                assert_eq!(lines($input), want);
            }
        };
    }

    case!(empty_input, "", []);

    /// Reading a text in pieces cut at [`piece_end`] gives the lines of
    /// reading it whole, whatever the pieces' size.
    #[test]
    fn pieces_give_the_lines_of_the_whole() {
        let texts = [
            "a: b\nc: d\n",
            "\u{feff}a:\\\n  b\n\nc:\r\n\td \\\\\ne\\\n",
            "x = 1\0junk\ny = 2\n\0z\nw\\\\\\\nv\n",
            "no newline at the end",
            "a\\\nb\\\nc\\\n",
        ];
        for text in texts {
            let whole: Vec<_> = logical_lines(text).collect();
            for size in 1..=text.len() + 1 {
                let bytes = text.as_bytes();
                let mut got = Vec::new();
                let (mut start, mut line, mut searched) = (0, 1u32, 0);
                let mut filled = 0;
                loop {
                    filled = (filled + size).min(bytes.len());
                    let eof = filled == bytes.len();
                    let piece = &bytes[start..filled];
                    let end = if eof {
                        Some(piece.len())
                    } else {
                        piece_end(piece, searched)
                    };
                    let Some(end) = end else {
                        searched = piece.len();
                        continue;
                    };
                    let text = std::str::from_utf8(&piece[..end]).expect("utf-8");
                    got.extend(logical_lines_from(text, line).map(|l| LogicalLine {
                        text: Cow::Owned(l.text.into_owned()),
                        ..l
                    }));
                    line += memchr::memchr_iter(b'\n', &piece[..end]).count() as u32;
                    start += end;
                    searched = 0;
                    if eof {
                        break;
                    }
                }
                assert_eq!(got, whole, "{text:?} in pieces of {size}");
            }
        }
    }
    case!(one_line_no_newline, "all: x", [(1, "all: x")]);
    case!(two_lines, "a:\nb:\n", [(1, "a:"), (2, "b:")]);
    case!(
        blank_lines_kept,
        "a:\n\nb:\n",
        [(1, "a:"), (2, ""), (3, "b:")]
    );
    case!(crlf, "a: b\r\nc:\r\n", [(1, "a: b"), (2, "c:")]);
    case!(bom, "\u{feff}all:\n", [(1, "all:")]);
    case!(
        continuation,
        "a: b \\\n   c\nd:\n",
        [(1, "a: b c"), (3, "d:")]
    );
    case!(continuation_no_blanks, "a: b\\\nc\n", [(1, "a: b c")]);
    case!(
        three_physical_lines,
        "X = 1 \\\n 2 \\\n 3\nY:\n",
        [(1, "X = 1 2 3"), (4, "Y:")]
    );
    case!(
        even_backslashes_not_continued,
        "a: b\\\\\nc:\n",
        [(1, "a: b\\\\"), (2, "c:")]
    );
    case!(
        odd_backslashes_keep_half,
        "a: b\\\\\\\nc\n",
        [(1, "a: b\\ c")]
    );
    case!(
        comment_continues,
        "# note \\\nstill comment\nall:\n",
        [(1, "# note still comment"), (3, "all:")]
    );
    case!(crlf_continuation, "a: b \\\r\n c\r\n", [(1, "a: b c")]);
    case!(backslash_at_eof, "a: b \\", [(1, "a: b ")]);
    case!(
        nul_drops_rest_and_joins,
        "x\0y: z\nb\0:\nc:\0 d\n\ne:\n",
        [(1, "xbc:"), (5, "e:")]
    );
    case!(
        leading_nul_ends_line,
        "a:\n\0junk\nb:\n",
        [(1, "a:"), (2, ""), (3, "b:")]
    );
    case!(
        nul_then_leading_nul,
        "a\0x\n\0y\nb:\n",
        [(1, "a"), (3, "b:")]
    );
    case!(nul_at_eof, "a:\0", [(1, "a:")]);
    case!(
        recipe_continuation,
        "all:\n\techo a \\\n\techo b\nnext:\n",
        [(1, "all:"), (2, "\techo a echo b"), (4, "next:")]
    );
}
