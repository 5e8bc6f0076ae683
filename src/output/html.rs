//! `make-help --format=html`: the listing as a standalone HTML page, to
//! publish beside a project's docs: an `<h2>` per `##@` section and a table
//! of its targets (target, description, prerequisites), the default goal
//! marked, a target's whole doc under its summary. Everything from the
//! makefile is escaped (`&`, `<`, `>`, `"`, `'`), and its control
//! characters shown as [`escape`] shows them. GNU make itself ignores
//! comments (manual 3.1); this is a convention, like the rest of the help.

use std::io::{self, Write};

use crate::model::Makefile;
use crate::model::packed_names::NameSlice;
use crate::output::docs::{self, Entry};
use crate::output::escape::escape;
use crate::output::help::{self, Options};

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
    let shown = help::shown(entries, options);
    for (section, group) in docs::sections(&shown, !options.unsorted) {
        if let Some(title) = section {
            writeln!(out, "<h2>{}</h2>", text(title))?;
        }
        writeln!(out, "<table>")?;
        writeln!(
            out,
            "<thead><tr><th>Target</th><th>Description</th><th>Prerequisites</th></tr></thead>"
        )?;
        writeln!(out, "<tbody>")?;
        for entry in group {
            row(entry, out)?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// One target's row.
fn row(entry: &Entry<'_>, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "<tr><td><code>{}</code>", text(entry.target.name()))?;
    if entry.default {
        write!(out, " <span class=\"default\">(default)</span>")?;
    }
    write!(out, "</td><td>")?;
    if let Some(doc) = entry.doc() {
        let mut lines = doc.text.splitn(2, '\n');
        write!(out, "{}", text(lines.next().unwrap_or_default()))?;
        if let Some(rest) = lines
            .next()
            .map(|r| r.trim_matches('\n'))
            .filter(|r| !r.is_empty())
        {
            let rest: Vec<String> = rest.lines().map(text).collect();
            write!(out, "<pre class=\"more\">{}</pre>", rest.join("\n"))?;
        }
    }
    write!(out, "</td><td>")?;
    let (normal, order_only) = (entry.target.prerequisites(), entry.target.order_only());
    names(normal, out)?;
    if !order_only.is_empty() {
        if !normal.is_empty() {
            write!(out, "; ")?;
        }
        write!(out, "order-only: ")?;
        names(order_only, out)?;
    }
    writeln!(out, "</td></tr>")
}

/// `<code>a</code>, <code>b</code>`.
fn names(names: NameSlice<'_>, out: &mut dyn Write) -> io::Result<()> {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            write!(out, ", ")?;
        }
        write!(out, "<code>{}</code>", text(name))?;
    }
    Ok(())
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
