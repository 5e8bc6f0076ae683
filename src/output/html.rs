//! `make-help --format=html`: the listing as a standalone HTML page, to
//! publish beside a project's docs: an `<h2>` per `##@` section and a table
//! of its targets (target, description, prerequisites), the default goal
//! marked, a target's whole doc under its summary; the makefile's header
//! first, and tables of the documented variables (value as written) and
//! pattern rules last. Everything from the
//! makefile is escaped (`&`, `<`, `>`, `"`, `'`), and its control
//! characters shown as [`escape`] shows them. GNU make itself ignores
//! comments (manual 3.1); this is a convention, like the rest of the help.

use std::io::{self, Write};

use crate::model::Makefile;
use crate::output::docs::{self, Entry};
use crate::output::escape::escape;
use crate::output::help::{self, Options};
use crate::output::help_sections::{shown_patterns, shown_variables};

/// A small style sheet: readable without one, a little better with it.
const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}\
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}\
th,td{text-align:left;vertical-align:top;padding:.3rem .6rem;border-bottom:1px solid #ddd}\
.default{color:#2a7;font-size:.85em}.more{margin:.3rem 0 0;white-space:pre-wrap;font-family:inherit}";

/// Writes the targets that the listing shows, as an HTML page titled after
/// the main makefile.
pub(crate) fn write(
    makefile: &Makefile,
    entries: &[Entry<'_>],
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    let title = match makefile.files.first() {
        Some(file) => format!("make help: {}", file.display),
        None => "make help".to_string(),
    };
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(out, "<title>{}</title>", text(&title))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<h1>{}</h1>", text(&title))?;
    if let Some(header) = docs::header(makefile) {
        writeln!(out, "<p class=\"more\">{}</p>", lines(&header))?;
    }
    let shown = help::shown(makefile, entries, options);
    for (section, group) in help::groups(&shown, options.unsorted) {
        if let Some(title) = section {
            writeln!(out, "<h2>{}</h2>", text(title))?;
        }
        table_head(out, "Target", "Prerequisites")?;
        for entry in group {
            row(entry, out)?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    let variables = shown_variables(makefile, options);
    if !variables.is_empty() {
        writeln!(out, "<h2>Variables</h2>")?;
        table_head(out, "Variable", "Default")?;
        for variable in &variables {
            write!(out, "<tr><td><code>{}</code></td><td>", text(variable.name))?;
            described(variable.deprecated, variable.doc().as_ref(), out)?;
            write!(out, "</td><td>")?;
            // As written: a page does not depend on the environment it
            // was made in.
            if !variable.value().is_empty() {
                write!(out, "<code>{}</code>", text(variable.value()))?;
            }
            writeln!(out, "</td></tr>")?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    let patterns = shown_patterns(makefile, options);
    if !patterns.is_empty() {
        writeln!(out, "<h2>Patterns</h2>")?;
        table_head(out, "Pattern", "Prerequisites")?;
        for pattern in &patterns {
            let rule = pattern.rule;
            write!(out, "<tr><td>")?;
            names(rule.targets.iter().map(|t| &**t), out)?;
            write!(out, "</td><td>")?;
            described(pattern.deprecated, pattern.doc().as_ref(), out)?;
            write!(out, "</td><td>")?;
            prerequisites(
                rule.prerequisites.iter().map(|t| &**t),
                rule.order_only.iter().map(|t| &**t),
                out,
            )?;
            writeln!(out, "</td></tr>")?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// A table's opening and its header row.
fn table_head(out: &mut dyn Write, name: &str, last: &str) -> io::Result<()> {
    writeln!(out, "<table>")?;
    writeln!(
        out,
        "<thead><tr><th>{name}</th><th>Description</th><th>{last}</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")
}

/// A doc in a cell: its summary, the rest of it below; `(deprecated)`
/// first when it is.
fn described(deprecated: bool, doc: Option<&docs::Doc<'_>>, out: &mut dyn Write) -> io::Result<()> {
    if deprecated {
        write!(out, "(deprecated)")?;
        if doc.is_some() {
            write!(out, " ")?;
        }
    }
    let Some(doc) = doc else {
        return Ok(());
    };
    let mut parts = doc.text.splitn(2, '\n');
    write!(out, "{}", text(parts.next().unwrap_or_default()))?;
    if let Some(rest) = parts
        .next()
        .map(|r| r.trim_matches('\n'))
        .filter(|r| !r.is_empty())
    {
        write!(out, "<pre class=\"more\">{}</pre>", lines(rest))?;
    }
    Ok(())
}

/// Lines of text, each escaped, joined by newlines.
fn lines(text_lines: &str) -> String {
    text_lines
        .lines()
        .map(text)
        .collect::<Vec<String>>()
        .join("\n")
}

/// One target's row.
fn row(entry: &Entry<'_>, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "<tr><td><code>{}</code>", text(entry.target.name()))?;
    if entry.default {
        write!(out, " <span class=\"default\">(default)</span>")?;
    }
    write!(out, "</td><td>")?;
    described(false, entry.doc().as_ref(), out)?;
    write!(out, "</td><td>")?;
    let target = entry.target;
    prerequisites(
        target.prerequisites().iter(),
        target.order_only().iter(),
        out,
    )?;
    writeln!(out, "</td></tr>")
}

/// `<code>a</code>, <code>b</code>; order-only: <code>c</code>`.
fn prerequisites<'a>(
    normal: impl Iterator<Item = &'a str>,
    order_only: impl Iterator<Item = &'a str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let normal = names(normal, out)?;
    let mut order_only = order_only.peekable();
    if order_only.peek().is_some() {
        if normal > 0 {
            write!(out, "; ")?;
        }
        write!(out, "order-only: ")?;
        names(order_only, out)?;
    }
    Ok(())
}

/// `<code>a</code>, <code>b</code>`; how many were written.
fn names<'a>(names: impl Iterator<Item = &'a str>, out: &mut dyn Write) -> io::Result<usize> {
    let mut count = 0;
    for name in names {
        if count > 0 {
            write!(out, ", ")?;
        }
        write!(out, "<code>{}</code>", text(name))?;
        count += 1;
    }
    Ok(count)
}

/// Text for an element or an attribute: control characters shown escaped,
/// and the five characters HTML gives a meaning to as references.
#[must_use]
pub(crate) fn text(raw: &str) -> String {
    let raw = escape(raw);
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            text("<b>\"a\" & 'b'</b>"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
        assert_eq!(text("bell\u{7}"), "bell\\x07");
    }
}
