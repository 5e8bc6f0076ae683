//! How a doc's text is shown: the listing's summary is its first sentence,
//! read across lines (comments break sentences wherever the line ends);
//! the detail view shows it all. A `\n` written inside a `##` doc is a line
//! break: one-line `##` comments can hold no other.

use std::borrow::Cow;

/// The lines of a doc shown in full (see [`reflowed`]); a `##` doc that
/// writes `\n` breaks its lines there and only there.
#[must_use]
pub(crate) fn full_lines(text: &str, marked: bool) -> Vec<Cow<'_, str>> {
    if marked && text.contains("\\n") {
        text.split("\\n").map(|l| Cow::Borrowed(l.trim())).collect()
    } else {
        reflowed(text)
    }
}

/// The first sentence of a paragraph (see [`reflowed`]): up to the first
/// `.`, `!` or `?` followed by a blank (not after `e.g.`, `i.e.`, `etc.`,
/// `vs.`, `cf.`); the whole paragraph when it has no such end.
#[must_use]
pub(crate) fn first_sentence(paragraph: &str) -> &str {
    match sentence_end(paragraph) {
        Some(end) => &paragraph[..end],
        None => paragraph,
    }
}

/// The lines of a doc shown in full: the lines of a paragraph joined by a
/// space (a comment ends its lines wherever the editor did, the screen
/// wraps them again), an indented line or a list item on a line of its
/// own, empty lines kept between paragraphs.
#[must_use]
pub(crate) fn reflowed(text: &str) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut open = false;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            out.push(Cow::Borrowed(""));
            open = false;
        } else if starts_a_block(line) {
            out.push(Cow::Borrowed(line.trim_end()));
            open = false;
        } else if open && let Some(last) = out.last_mut() {
            let last = last.to_mut();
            last.push(' ');
            last.push_str(line.trim());
        } else {
            out.push(Cow::Borrowed(line.trim()));
            open = true;
        }
    }
    out
}

/// A line that does not continue the sentence before it: an item of a
/// list, or an indented line (an example, a table).
fn starts_a_block(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.len() < line.len()
        || ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m))
        || trimmed.split_once(['.', ')']).is_some_and(|(n, rest)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
        })
}

/// Where the first sentence of `text` ends (after its `.`, `!` or `?`).
fn sentence_end(text: &str) -> Option<usize> {
    const ABBREVIATIONS: [&str; 5] = ["e.g.", "i.e.", "etc.", "vs.", "cf."];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'.' | b'!' | b'?') {
            continue;
        }
        let end = i + 1;
        if end < bytes.len() && !bytes[end].is_ascii_whitespace() {
            continue;
        }
        let word_start = text[..end]
            .char_indices()
            .rfind(|&(_, c)| c.is_whitespace())
            .map_or(0, |(s, c)| s + c.len_utf8());
        let word = text[word_start..end]
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        if b == b'.' && ABBREVIATIONS.contains(&word.as_str()) {
            continue;
        }
        // Only the end of the text closes a sentence that is one word
        // ("1.", "v2."): those are numbers and versions.
        if end < bytes.len() && word_start == 0 && !text[..i].contains(char::is_alphabetic) {
            continue;
        }
        return Some(end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences() {
        let cases = [
            ("Build it", "Build it"),
            ("Build it. Then test it.", "Build it."),
            (
                "The all: target is the default when no target is given on the\ncommand line.\nIt builds vmlinux.",
                "The all: target is the default when no target is given on the command line.",
            ),
            (
                "Run tests\n(unit and integration)",
                "Run tests (unit and integration)",
            ),
            ("Deploy.\n\nSteps:", "Deploy."),
            ("Deploy\n\nSteps: push", "Deploy"),
            ("Steps to release\n- tag\n- push", "Steps to release"),
            ("Steps\n  make x", "Steps"),
            (
                "Use e.g. FOO=1 to set it. More",
                "Use e.g. FOO=1 to set it.",
            ),
            ("Version 1.2.3 of it! Yes", "Version 1.2.3 of it!"),
            ("Is it up? Check.", "Is it up?"),
            ("Path is ./bin/app. Done", "Path is ./bin/app."),
            ("", ""),
        ];
        for (text, want) in cases {
            let first = full_lines(text, false)
                .into_iter()
                .next()
                .unwrap_or_default();
            assert_eq!(first_sentence(&first), want, "{text:?}");
        }
    }

    #[test]
    fn reflows_paragraphs_and_keeps_blocks() {
        let text = "Run the tests\nwith coverage.\n\nExamples:\n  make test\n- one\n- two\nmore";
        assert_eq!(
            reflowed(text),
            [
                "Run the tests with coverage.",
                "",
                "Examples:",
                "  make test",
                "- one",
                "- two",
                "more"
            ]
        );
    }

    #[test]
    fn backslash_n_breaks_lines_in_marked_docs_only_and_there() {
        assert_eq!(
            full_lines("Build it.\\nUse X=1 to go fast", true),
            ["Build it.", "Use X=1 to go fast"]
        );
        assert_eq!(full_lines("a\nb", true), ["a b"]);
        assert_eq!(full_lines("a\\nb", false), ["a\\nb"]);
    }
}
