//! `make-help --format=markdown`: the listing as a GitHub-flavoured
//! Markdown document, to paste into a README (or keep in sync there with
//! `--inject`): a `###` heading per `##@` section, and a table of the
//! targets it holds (target, description, prerequisites), the default goal
//! marked. Names are code spans; a `|` is escaped so that it never ends a
//! cell. Descriptions keep their Markdown (`` `code` ``, `*emphasis*`),
//! except the characters that would change the table or let raw HTML
//! through. GNU make itself ignores comments (manual 3.1); this is a
//! convention, like the rest of the help.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::packed_names::NameSlice;
use crate::output::docs::{self, Entry};
use crate::output::escape::escape;
use crate::output::help::{self, Options};

/// The heading level of a section: the document usually sits under a
/// README's own `##` heading.
const SECTION_HEADING: &str = "###";

/// Writes the targets that the listing shows, as Markdown.
pub(crate) fn write(
    entries: &[Entry<'_>],
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = help::shown(entries, options);
    let mut first = true;
    for (section, group) in docs::sections(&shown, !options.unsorted) {
        if !first {
            writeln!(out)?;
        }
        first = false;
        if let Some(title) = section {
            writeln!(out, "{SECTION_HEADING} {}\n", text(title))?;
        }
        writeln!(out, "| Target | Description | Prerequisites |")?;
        writeln!(out, "|---|---|---|")?;
        for entry in group {
            let mut name = code(entry.target.name());
            if entry.default {
                name.push_str(" (default)");
            }
            let doc = entry.doc();
            let description = doc.as_ref().map(|d| text(d.summary())).unwrap_or_default();
            writeln!(out, "| {name} | {description} | {} |", prerequisites(entry))?;
        }
    }
    Ok(())
}

/// `` `a`, `b`; order-only: `c` ``.
fn prerequisites(entry: &Entry<'_>) -> String {
    let list = |names: NameSlice<'_>| names.iter().map(code).collect::<Vec<String>>().join(", ");
    let (normal, order_only) = (entry.target.prerequisites(), entry.target.order_only());
    let mut cell = list(normal);
    if !order_only.is_empty() {
        if !cell.is_empty() {
            cell.push_str("; ");
        }
        cell.push_str("order-only: ");
        cell.push_str(&list(order_only));
    }
    cell
}

/// A code span holding `name` as it is: fenced by one backtick more than
/// the longest run of backticks in it, padded with a space when it starts
/// or ends with a backtick (CommonMark 6.1), its `|`s escaped for the table
/// (GFM 4.10: the escape holds inside code spans too).
#[must_use]
pub(crate) fn code(name: &str) -> String {
    let name = escape(name);
    let longest = name
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = if name.starts_with('`') || name.ends_with('`') || name.starts_with(' ') {
        " "
    } else {
        ""
    };
    let mut out = String::with_capacity(name.len() + 2 * fence.len() + 2);
    out.push_str(&fence);
    out.push_str(pad);
    for c in name.chars() {
        if c == '|' {
            out.push_str("\\|");
        } else {
            out.push(c);
        }
    }
    out.push_str(pad);
    out.push_str(&fence);
    out
}

/// Prose for a cell or a heading: control characters escaped, `|` and
/// backslashes escaped, `<` and `&` as entities (no raw HTML, no entity
/// read for what the makefile wrote), and a leading `#`, `>` or list mark
/// kept as text.
#[must_use]
pub(crate) fn text(prose: &str) -> String {
    let prose = escape(prose);
    let mut out = String::with_capacity(prose.len() + 8);
    for (i, c) in prose.chars().enumerate() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '#' | '>' | '-' | '+' | '=' if i == 0 => {
                let _ = write!(out, "\\{c}");
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    fn markdown(text: &str) -> String {
        let makefile = parse_str(text, &Config::default());
        let mut out = Vec::new();
        write(&docs::entries(&makefile), &Options::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_table_per_section_default_goal_marked() {
        assert_eq!(
            markdown("all: build ## Everything\n##@ Build\nbuild: | out ## Build it\nout:\n"),
            "| Target | Description | Prerequisites |\n|---|---|---|\n\
             | `all` (default) | Everything | `build` |\n\n\
             ### Build\n\n\
             | Target | Description | Prerequisites |\n|---|---|---|\n\
             | `build` | Build it | order-only: `out` |\n"
        );
    }

    #[test]
    fn code_spans_hold_any_name() {
        assert_eq!(code("build"), "`build`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x\u{1b}"), "`x\\e`");
    }

    #[test]
    fn prose_cannot_break_the_table() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("C:\\dir\\"), "C:\\\\dir\\\\");
        assert_eq!(text("<script> & `x`"), "&lt;script> &amp; `x`");
        assert_eq!(text("# not a heading"), "\\# not a heading");
        assert_eq!(text("- not a list"), "\\- not a list");
    }
}
