//! A makefile's text parsed ahead, by the thread that read it (see
//! [`crate::source::ahead`]), for the reader to evaluate without parsing it.
//!
//! make reads one line and evaluates it before it reads the next (GNU make
//! manual 3.7, "How make Reads a Makefile"), and what a line does depends
//! on everything before it. What a logical line *says*
//! does not: its joining at backslash-newlines ([`crate::parse::lines`]), its
//! comment and its statement ([`crate::parse::statement`]) depend on its text alone.
//! So they can be found ahead, for every line, while the reader evaluates
//! another file. The reader still decides, line by line, whether a line is
//! a recipe line, part of a `define` body or in a skipped branch, and then
//! uses the parse or ignores it, as it would its own.
//!
//! The parse keeps offsets rather than borrowed texts, so that it moves
//! between threads together with the text it describes.

use crate::parse::comment::split_line;
use crate::parse::lines::{LogicalLine, logical_lines_from};
use crate::parse::statement::{Statement, StatementOf, parse_statement};

/// A file read ahead is parsed when it has fewer physical lines than this
/// (a parse takes about a hundred bytes a line): a larger one is left to
/// the reader, so that a file of empty lines cannot make the parse many
/// times larger than the file.
pub(crate) const MAX_LINES: usize = 4096;

/// Where a text lies in the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// Where `part` lies in `whole`; `None` when it is not a part of it
    /// (an empty text is found at the start).
    fn of(part: &str, whole: &str) -> Option<TextRange> {
        if part.is_empty() {
            return Some(TextRange { start: 0, end: 0 });
        }
        let start = part.as_ptr().addr().checked_sub(whole.as_ptr().addr())?;
        let end = start.checked_add(part.len())?;
        if end > whole.len() {
            return None;
        }
        Some(TextRange {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }

    #[inline]
    fn in_text(self, whole: &str) -> &str {
        &whole[self.start as usize..self.end as usize]
    }
}

/// A text kept as a part of a larger one, or made anew (lines joined at
/// continuations, `\#` unescaped) and kept in a text of such texts.
#[derive(Debug, Clone, Copy)]
enum Held {
    Part(TextRange),
    Made(TextRange),
}

impl Held {
    fn of(text: &str, whole: &str, made: &mut String) -> Option<Held> {
        if let Some(span) = TextRange::of(text, whole) {
            return Some(Held::Part(span));
        }
        let start = made.len();
        made.push_str(text);
        Some(Held::Made(TextRange::of(&made[start..], made)?))
    }

    #[inline]
    fn in_text<'a>(self, whole: &'a str, made: &'a str) -> &'a str {
        match self {
            Held::Part(span) => span.in_text(whole),
            Held::Made(span) => span.in_text(made),
        }
    }
}

/// One logical line and what it says.
#[derive(Debug)]
struct Line {
    number: u32,
    nul: bool,
    /// In the file's text.
    text: Held,
    /// What [`split_line`] found, in the line's text and then in the code;
    /// `None` when a text of the statement could not be told as an offset
    /// (the reader then parses the line itself).
    parse: Option<Parse>,
}

#[derive(Debug)]
struct Parse {
    code: Held,
    comment: Option<TextRange>,
    statement: StatementOf<TextRange>,
}

impl Parse {
    /// What the line `text` says; `None` when a text of it cannot be told
    /// as an offset in the line.
    fn of(text: &str, made: &mut String) -> Option<Parse> {
        let split = split_line(text);
        let mut all_found = true;
        let statement = parse_statement(&split.code).map(&mut |part| {
            TextRange::of(part, &split.code).unwrap_or_else(|| {
                all_found = false;
                TextRange { start: 0, end: 0 }
            })
        });
        let comment = match split.comment {
            Some(comment) => Some(TextRange::of(comment, text)?),
            None => None,
        };
        if !all_found {
            return None;
        }
        Some(Parse {
            code: Held::of(&split.code, text, made)?,
            comment,
            statement,
        })
    }
}

/// A file's text with the logical lines it holds and what each says.
#[derive(Debug)]
pub(crate) struct ParsedText {
    text: String,
    /// The texts of lines that are not a part of `text`, one after the
    /// other.
    made: String,
    lines: Vec<Line>,
    /// The plain names of its include lines (see
    /// [`include_names`]).
    includes: Vec<TextRange>,
}

/// A logical line as the reader takes it: from a [`ParsedText`], or not
/// parsed ahead ([`ParsedLine::unparsed`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParsedLine<'a> {
    /// 1-based number of its first physical line.
    pub number: u32,
    /// A NUL byte was seen: part of the text was dropped.
    pub nul: bool,
    /// The joined text (see [`crate::parse::lines::LogicalLine`]).
    pub text: &'a str,
    parse: Option<&'a Parse>,
    made: &'a str,
}

impl<'a> ParsedLine<'a> {
    /// A logical line not parsed ahead: the reader parses it.
    #[must_use]
    pub(crate) fn unparsed(line: &'a LogicalLine<'_>) -> ParsedLine<'a> {
        ParsedLine {
            number: line.line,
            nul: line.nul,
            text: &line.text,
            parse: None,
            made: "",
        }
    }

    /// The comment and statement of the line, as [`split_line`] and
    /// [`parse_statement`] give them; `None` when it was not parsed ahead.
    #[must_use]
    pub(crate) fn statement(&self) -> Option<(Option<&'a str>, Statement<'a>)> {
        let parse = self.parse?;
        let code = parse.code.in_text(self.text, self.made);
        let comment = parse.comment.map(|span| span.in_text(self.text));
        let statement = parse.statement.clone().map(&mut |span| span.in_text(code));
        Some((comment, statement))
    }
}

impl ParsedText {
    /// Parses every logical line of `text`; gives the text back when it
    /// has [`MAX_LINES`] physical lines or more.
    pub(crate) fn parse(text: String) -> Result<ParsedText, String> {
        Self::parse_piece(text, 1, MAX_LINES)
    }

    /// Parses a piece of a file that starts at line `first_line` (see
    /// [`crate::source::ahead::pieces`]); gives the text back when it has `max_lines`
    /// physical lines or more.
    pub(crate) fn parse_piece(
        text: String,
        first_line: u32,
        max_lines: usize,
    ) -> Result<ParsedText, String> {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        if newlines >= max_lines {
            return Err(text);
        }
        let mut lines = Vec::with_capacity(newlines + 1);
        let mut made = String::new();
        let mut in_define = false;
        for logical in logical_lines_from(&text, first_line) {
            // Lines the reader does not parse are not parsed ahead: how many
            // there are is a matter of speed only, since the reader parses a
            // line itself when it was not parsed ahead. Nested `define`s are
            // not counted, and `endefx` ends a body here: a few lines more
            // parsed, or fewer.
            let parse = if in_define {
                // The reader hands the body to the `define`, `endef` too.
                in_define = !logical.text.trim_start().starts_with("endef");
                None
            } else if logical.text.starts_with('\t') {
                // A recipe line, when a rule is before it: left to the reader,
                // which parses it when it is not.
                None
            } else {
                let parse = Parse::of(&logical.text, &mut made);
                in_define = matches!(
                    parse,
                    Some(Parse {
                        statement: StatementOf::Define { .. },
                        ..
                    })
                );
                parse
            };
            let Some(held) = Held::of(&logical.text, &text, &mut made) else {
                // Offsets past 4 GiB: a text no file read ahead can hold.
                return Err(text);
            };
            lines.push(Line {
                number: logical.line,
                nul: logical.nul,
                text: held,
                parse,
            });
        }
        let includes = include_names(&text)
            .into_iter()
            .filter_map(|name| TextRange::of(name, &text))
            .collect();
        Ok(ParsedText {
            text,
            made,
            lines,
            includes,
        })
    }

    /// The text parsed.
    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The text parsed, given back.
    #[must_use]
    pub(crate) fn into_text(self) -> String {
        self.text
    }

    /// The logical lines, in order.
    pub(crate) fn lines(&self) -> impl Iterator<Item = ParsedLine<'_>> {
        self.lines.iter().map(|line| ParsedLine {
            number: line.number,
            nul: line.nul,
            text: line.text.in_text(&self.text, &self.made),
            parse: line.parse.as_ref(),
            made: &self.made,
        })
    }

    /// The plain names of its include lines, as
    /// [`include_names`] finds them.
    pub(crate) fn include_names(&self) -> impl Iterator<Item = &str> {
        self.includes.iter().map(|span| span.in_text(&self.text))
    }
}

/// The names on the `include`, `-include` and `sinclude` lines of `text`
/// that are plain file names (no reference, wildcard or `~`), as written.
/// Lines continued, commented out or inside `define` or conditionals are
/// not told apart: a name found here is only read ahead, never read as a
/// makefile unless the reader gets to it.
#[must_use]
pub(crate) fn include_names(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"include") {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_start_matches([' ', '\t']);
        if !matches!(before, "" | "-" | "s") {
            continue;
        }
        let rest = &text[at + "include".len()..];
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let line_end = crate::parse::scan::find_near(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = &rest[..line_end];
        let line = line.split('#').next().unwrap_or_default();
        if line.ends_with('\\') {
            continue;
        }
        names.extend(line.split([' ', '\t', '\r']).filter(|word| {
            !word.is_empty() && !word.starts_with('~') && !word.contains(['$', '*', '?', '[', '\\'])
        }));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::logical_lines;

    /// Each line parsed ahead gives what the reader would find itself.
    fn assert_same_as_parsing_each_line(text: &str) {
        let parsed = ParsedText::parse(text.to_string()).expect("few lines");
        let ahead: Vec<ParsedLine<'_>> = parsed.lines().collect();
        let now: Vec<_> = logical_lines(text).collect();
        assert_eq!(ahead.len(), now.len(), "{text:?}");
        for (ahead, now) in ahead.iter().zip(&now) {
            assert_eq!(ahead.number, now.line);
            assert_eq!(ahead.nul, now.nul);
            assert_eq!(ahead.text, now.text);
            let split = split_line(&now.text);
            // Recipe lines and `define` bodies are left to the reader.
            let Some((comment, statement)) = ahead.statement() else {
                continue;
            };
            assert_eq!(comment, split.comment, "{:?}", now.text);
            assert_eq!(statement, parse_statement(&split.code), "{:?}", now.text);
        }
    }

    #[test]
    fn lines_parsed_ahead_are_parsed_as_the_reader_would() {
        for text in [
            "",
            "\u{feff}all: a b | c ; echo $@ # no comment\n",
            "x := 1 # one\ny += 2\\\n  3\n",
            "a\\#b: c # d\n\trecipe \\\n\tline\n",
            "define F =\nbody\nendef\nundefine F\n",
            "ifeq ($(A),b)\nelse ifdef C\nendif # e\nifneq 'x' \"y\"\nendif\n",
            "include a.mk $(B)\n-include c.mk\nexport X Y\nunexport\nvpath % d\n",
            "t: V = v\n%.o: %.c\nobjs: %.o: %.c\na & b &: c\nx :: y\n",
            "$(foreach t,a b,$(eval $t:))\nelse x\nendif y\nifeq\n",
            "nul\0 dropped\nnext\r\n\0\ncrlf\r\nlast",
            "  \n# only a comment\n\\\n",
        ] {
            assert_same_as_parsing_each_line(text);
        }
    }

    #[test]
    fn recipe_lines_and_define_bodies_are_left_to_the_reader() {
        let text = "a: b\n\techo a\ndefine F\n x: y\nendef\nc: d\n\tz: w\n";
        let parsed = ParsedText::parse(text.to_string()).expect("few lines");
        let ahead: Vec<bool> = parsed.lines().map(|l| l.statement().is_some()).collect();
        assert_eq!(ahead, [true, false, true, false, false, true, false]);
    }

    #[test]
    fn include_names_are_the_plain_names_of_include_lines() {
        let text = "include a.mk b.mk\n\
                    -include c.mk # comment d.mk\n\
                    \tsinclude  e.mk\r\n\
                    xinclude f.mk\n\
                    include $(G) g.mk *.mk ~/h.mk\n\
                    include\n\
                    X = include i.mk\n\
                    include j.mk \\\n  k.mk\n\
                    includes: l.mk\n";
        assert_eq!(
            include_names(text),
            ["a.mk", "b.mk", "c.mk", "e.mk", "g.mk"]
        );
    }

    #[test]
    fn include_names_are_found_ahead() {
        let parsed = ParsedText::parse("include a.mk $(B) c.mk\n-include d.mk\n".into());
        let parsed = parsed.expect("few lines");
        let names: Vec<&str> = parsed.include_names().collect();
        assert_eq!(names, ["a.mk", "c.mk", "d.mk"]);
    }

    #[test]
    fn a_file_of_many_lines_is_left_to_the_reader() {
        let many = "\n".repeat(MAX_LINES);
        assert_eq!(ParsedText::parse(many.clone()).err(), Some(many));
        assert!(ParsedText::parse("\n".repeat(MAX_LINES - 1)).is_ok());
    }

    #[test]
    fn spans_are_found_only_inside_their_text() {
        let whole = "abcdef";
        assert_eq!(
            TextRange::of(&whole[2..4], whole),
            Some(TextRange { start: 2, end: 4 })
        );
        assert_eq!(
            TextRange::of("", whole),
            Some(TextRange { start: 0, end: 0 })
        );
        assert_eq!(TextRange::of("xy", whole), None);
        assert_eq!(TextRange::of(&whole[1..], &whole[2..]), None);
    }
}
