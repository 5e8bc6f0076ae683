//! `make-help --format=markdown`: the listing as a GitHub-flavoured
//! Markdown document, to paste into a README (or keep in sync there with
//! `--inject`): a `###` heading per `##@` section, and a table of the
//! targets it holds (target, description, prerequisites), the default goal
//! marked; then the documented variables (name, description, value as
//! written) and pattern rules, when there are some. Names are code spans; a `|` is escaped so that it never ends a
//! cell. Descriptions keep their Markdown (`` `code` ``, `*emphasis*`),
//! except the characters that would change the table or let raw HTML
//! through. GNU make itself ignores comments (manual 3.1); this is a
//! convention, like the rest of the help.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::Makefile;
use crate::output::docs::{self, Entry};
use crate::output::escape::escape;
use crate::output::help::{self, Options};
use crate::output::help_sections::{shown_patterns, shown_variables};

/// The heading level of a section: the document usually sits under a
/// README's own `##` heading.
const SECTION_HEADING: &str = "###";

/// Writes the targets that the listing shows, as Markdown, then the
/// variables and the pattern rules it shows, each in a table of its own.
/// Values are shown as written: a document does not depend on the
/// environment it was made in.
pub(crate) fn write(
    makefile: &Makefile,
    entries: &[Entry<'_>],
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = help::shown(makefile, entries, options);
    let mut first = true;
    for (section, group) in help::groups(&shown, options.unsorted) {
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
            let description = help::summary(entry).map(|s| text(&s)).unwrap_or_default();
            let target = entry.target;
            let prerequisites =
                name_list(target.prerequisites().iter(), target.order_only().iter());
            writeln!(out, "| {name} | {description} | {prerequisites} |")?;
        }
    }
    let variables = shown_variables(makefile, options);
    if !variables.is_empty() {
        if !first {
            writeln!(out)?;
        }
        first = false;
        writeln!(out, "{SECTION_HEADING} Variables\n")?;
        writeln!(out, "| Variable | Description | Default |")?;
        writeln!(out, "|---|---|---|")?;
        for variable in &variables {
            let description = described(variable.deprecated, variable.doc().as_ref());
            let value = variable.value();
            let value = if value.is_empty() {
                String::new()
            } else {
                code(value)
            };
            writeln!(out, "| {} | {description} | {value} |", code(variable.name))?;
        }
    }
    let patterns = shown_patterns(makefile, options);
    if !patterns.is_empty() {
        if !first {
            writeln!(out)?;
        }
        writeln!(out, "{SECTION_HEADING} Patterns\n")?;
        writeln!(out, "| Pattern | Description | Prerequisites |")?;
        writeln!(out, "|---|---|---|")?;
        for pattern in &patterns {
            let rule = pattern.rule;
            let name = name_list(rule.targets.iter().map(|t| &**t), std::iter::empty());
            let description = described(pattern.deprecated, pattern.doc().as_ref());
            let prerequisites = name_list(
                rule.prerequisites.iter().map(|t| &**t),
                rule.order_only.iter().map(|t| &**t),
            );
            writeln!(out, "| {name} | {description} | {prerequisites} |")?;
        }
    }
    Ok(())
}

/// A doc's summary for a cell, `(deprecated)` first when it is.
fn described(deprecated: bool, doc: Option<&docs::Doc<'_>>) -> String {
    let mut cell = String::new();
    if deprecated {
        cell.push_str("(deprecated)");
    }
    if let Some(doc) = doc {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&text(doc.summary()));
    }
    cell
}

/// `` `a`, `b`; order-only: `c` ``.
fn name_list<'a>(
    normal: impl Iterator<Item = &'a str>,
    order_only: impl Iterator<Item = &'a str>,
) -> String {
    let mut cell = normal.map(code).collect::<Vec<String>>().join(", ");
    let order_only: Vec<String> = order_only.map(code).collect();
    if !order_only.is_empty() {
        if !cell.is_empty() {
            cell.push_str("; ");
        }
        cell.push_str("order-only: ");
        cell.push_str(&order_only.join(", "));
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
        write(
            &makefile,
            &docs::entries(&makefile),
            &Options::default(),
            &mut out,
        )
        .unwrap();
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
    fn documented_variables_and_patterns_get_tables_of_their_own() {
        assert_eq!(
            markdown(
                "## Where it goes\nOUT ?= $(HOME)/out\nX = 1\nall: ## All\n## Compile\n%.o: %.c\n"
            ),
            "| Target | Description | Prerequisites |\n|---|---|---|\n\
             | `all` (default) | All |  |\n\n\
             ### Variables\n\n\
             | Variable | Description | Default |\n|---|---|---|\n\
             | `OUT` | Where it goes | `$(HOME)/out` |\n\n\
             ### Patterns\n\n\
             | Pattern | Description | Prerequisites |\n|---|---|---|\n\
             | `%.o` | Compile | `%.c` |\n"
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
