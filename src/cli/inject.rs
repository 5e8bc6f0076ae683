//! `make-help --format=markdown --inject FILE [--check]`: keeps the help in
//! a README up to date. The listing goes between a line
//! `<!-- make-help:start -->` and a line `<!-- make-help:end -->` (HTML
//! comments: Markdown shows neither); the rest of the file is left byte for
//! byte. `--check` writes nothing and tells whether the file is stale,
//! with a unified diff, for CI.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The line that opens the generated part.
pub(crate) const START: &str = "<!-- make-help:start -->";
/// The line that closes it.
pub(crate) const END: &str = "<!-- make-help:end -->";

/// What `--inject` found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The file already held this listing.
    UpToDate,
    /// The file was written (or, with `--check`, is stale: the diff).
    Changed(String),
}

/// The file's text with `generated` between its markers. The error is a
/// message, `line: ...` where it has one.
pub(crate) fn splice(document: &str, generated: &str) -> Result<String, String> {
    let mut start = None;
    let mut end = None;
    let mut offset = 0;
    for (number, line) in document.split_inclusive('\n').enumerate() {
        let number = number + 1;
        let text = line.trim();
        if text == START {
            if let Some((first, _)) = start {
                return Err(format!(
                    "{number}: a second '{START}' line (the first is line {first})"
                ));
            }
            start = Some((number, offset + line.len()));
        } else if text == END {
            match (start, end) {
                (None, _) => return Err(format!("{number}: '{END}' before any '{START}' line")),
                (Some(_), Some((first, _))) => {
                    return Err(format!(
                        "{number}: a second '{END}' line (the first is line {first})"
                    ));
                }
                (Some(_), None) => end = Some((number, offset)),
            }
        }
        offset += line.len();
    }
    let (Some((_, from)), Some((_, to))) = (start, end) else {
        return Err(match start {
            None => format!("no '{START}' line to put the help after"),
            Some((line, _)) => format!("{line}: '{START}' has no '{END}' line after it"),
        });
    };
    let crlf = document.contains("\r\n");
    let newline = if crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(document.len() + generated.len());
    out.push_str(&document[..from]);
    // The line holding the start marker may be the file's last, without
    // its newline: never reached, since an end marker follows it.
    out.push_str(newline);
    for line in generated.lines() {
        out.push_str(line);
        out.push_str(newline);
    }
    // A blank line ends the table before the end marker.
    out.push_str(newline);
    out.push_str(&document[to..]);
    Ok(out)
}

/// A unified diff from the file as it is to the file as it should be.
pub(crate) fn diff(name: &str, old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{}",
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(name, name)
    );
    out
}

/// Puts `generated` into `path` (`display`: its name for messages); with
/// `check`, only tells whether the file is stale.
pub(crate) fn inject(
    path: &Path,
    display: &str,
    generated: &str,
    check: bool,
) -> Result<Outcome, String> {
    let bytes =
        fs::read(path).map_err(|e| format!("{display}: {}", crate::error::describe_io(&e)))?;
    let document = String::from_utf8(bytes).map_err(|_| format!("{display}: not UTF-8 text"))?;
    let new = splice(&document, generated).map_err(|e| {
        // `README.md:3: ...`, or `README.md: no ...` without a line.
        let sep = if e.starts_with(|c: char| c.is_ascii_digit()) {
            ":"
        } else {
            ": "
        };
        format!("{display}{sep}{e}")
    })?;
    if new == document {
        return Ok(Outcome::UpToDate);
    }
    let changes = diff(display, &document, &new);
    if !check {
        fs::write(path, new.as_bytes())
            .map_err(|e| format!("{display}: {}", crate::error::describe_io(&e)))?;
    }
    Ok(Outcome::Changed(changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_what_stands_between_the_markers() {
        let doc = "# T\n\n<!-- make-help:start -->\nold\n<!-- make-help:end -->\nafter\n";
        let new = splice(doc, "| a |\n").unwrap();
        assert_eq!(
            new,
            "# T\n\n<!-- make-help:start -->\n\n| a |\n\n<!-- make-help:end -->\nafter\n"
        );
        assert_eq!(splice(&new, "| a |\n").unwrap(), new, "idempotent");
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let doc = "x\r\n<!-- make-help:start -->\r\n<!-- make-help:end -->\r\n";
        assert_eq!(
            splice(doc, "a\nb\n").unwrap(),
            "x\r\n<!-- make-help:start -->\r\n\r\na\r\nb\r\n\r\n<!-- make-help:end -->\r\n"
        );
    }

    #[test]
    fn markers_missing_or_out_of_order_are_errors() {
        assert!(splice("x\n", "a").unwrap_err().starts_with("no '<!--"));
        assert_eq!(
            splice("<!-- make-help:end -->\n", "a").unwrap_err(),
            "1: '<!-- make-help:end -->' before any '<!-- make-help:start -->' line"
        );
        assert!(
            splice("<!-- make-help:start -->\n", "a")
                .unwrap_err()
                .starts_with("1: '<!-- make-help:start -->' has no")
        );
        let two = "<!-- make-help:start -->\n<!-- make-help:start -->\n";
        assert!(splice(two, "a").unwrap_err().starts_with("2: a second"));
    }
}
