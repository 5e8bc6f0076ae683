//! What the help screen shows besides the targets: the main makefile's
//! header and a usage line above them, then the documented variables
//! (`Variables (make VAR=value)`, with each default and what overrides it
//! now) and the documented pattern rules (`Patterns`); and the detail
//! views of a variable, a pattern rule and a name made through one. The
//! targets' own lines are written by [`crate::output::help`], whose layout
//! these sections follow.

use std::io::{self, Write};

use owo_colors::Style;

use crate::model::{Location, Makefile, Origin};
use crate::output::docs;
use crate::output::escape::escape;
use crate::output::help::{
    GAP, INDENT, MIN_TEXT_WIDTH, NAME_COLUMN_CAP, Options, Piece, text_width, write_spaces,
    write_styled, write_wrapped,
};
use crate::output::order::natural_cmp;
use crate::output::patterns::{self, PatternEntry, Resolved};
use crate::output::styles::Styles;
use crate::output::variables::{self, VariableEntry};

/// The title of the variables' section.
pub const VARIABLES_TITLE: &str = "Variables (make VAR=value)";
/// The title of the pattern rules' section.
pub const PATTERNS_TITLE: &str = "Patterns";
/// The usage line shown when variables are documented.
pub const USAGE: &str = "Usage: make [TARGET...] [VAR=value...]";

/// The variables the listing shows: the documented ones; with `all`, the
/// undocumented `?=` knobs and the hidden and deprecated ones too; in the
/// listing's order (file order with `unsorted`, else natural and
/// case-insensitive, as the targets), which every format follows.
#[must_use]
pub fn shown_variables<'m>(makefile: &'m Makefile, options: &Options) -> Vec<VariableEntry<'m>> {
    let mut shown: Vec<VariableEntry<'m>> = variables::variable_entries(makefile)
        .into_iter()
        .filter(|v| {
            if options.all {
                v.documented || v.knob
            } else {
                v.documented && !v.hidden && !v.deprecated
            }
        })
        .collect();
    if options.unsorted {
        shown.sort_by_key(|v| v.order);
    } else {
        shown.sort_by(|a, b| natural_cmp(a.name, b.name));
    }
    shown
}

/// The pattern rules the listing shows: the documented ones; with `all`,
/// every one; in the listing's order, as `shown_variables`.
#[must_use]
pub fn shown_patterns<'m>(makefile: &'m Makefile, options: &Options) -> Vec<PatternEntry<'m>> {
    let mut shown: Vec<PatternEntry<'m>> = patterns::pattern_entries(makefile)
        .into_iter()
        .filter(|p| options.all || (p.documented && !p.deprecated))
        .collect();
    if !options.unsorted {
        shown.sort_by(|a, b| natural_cmp(&a.name(), &b.name()));
    }
    shown
}

/// The header block and the usage line, each followed by a blank line;
/// nothing when there is neither.
pub(crate) fn write_header(
    makefile: &Makefile,
    variables_shown: bool,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(header) = docs::header(makefile) {
        for line in header.lines() {
            if line.is_empty() {
                writeln!(out)?;
                continue;
            }
            let piece = Piece::prose(escape(line), Style::new());
            write_wrapped(out, &[piece], 0, 0, options.width)?;
        }
        writeln!(out)?;
    }
    if variables_shown {
        write_wrapped(
            out,
            &[Piece::whole(USAGE, Style::new())],
            0,
            0,
            options.width,
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// One line of a section: a name, its style, and the text after it.
struct Row<'a> {
    name: String,
    style: Style,
    pieces: Vec<Piece<'a>>,
}

/// Writes a titled block of rows, names aligned as the targets' are.
fn write_block(
    title: &str,
    rows: &[Row<'_>],
    options: &Options,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let cap = match options.width {
        Some(w) => NAME_COLUMN_CAP.min(w.saturating_sub(INDENT + GAP + 2 * MIN_TEXT_WIDTH).max(10)),
        None => NAME_COLUMN_CAP,
    };
    let column = rows
        .iter()
        .map(|r| text_width(&r.name))
        .filter(|&w| w <= cap)
        .max()
        .unwrap_or(cap);
    let hang = INDENT + column + GAP;
    write_wrapped(
        out,
        &[Piece::whole(title, styles.section)],
        0,
        0,
        options.width,
    )?;
    for row in rows {
        write_spaces(out, INDENT)?;
        write_styled(out, row.style, &row.name)?;
        if row.pieces.is_empty() {
            writeln!(out)?;
            continue;
        }
        let width = text_width(&row.name);
        if width > column {
            out.write_all(b"\n")?;
            write_spaces(out, hang)?;
        } else {
            write_spaces(out, column - width + GAP)?;
        }
        write_wrapped(out, &row.pieces, hang, hang, options.width)?;
    }
    Ok(())
}

/// The variables' section, after a blank line when something came before.
pub(crate) fn write_variables(
    shown: &[VariableEntry<'_>],
    options: &Options,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows: Vec<Row<'_>> = shown
        .iter()
        .map(|v| {
            let doc = v.doc();
            let mut pieces = Vec::new();
            if v.deprecated {
                pieces.push(Piece::whole("(deprecated)", styles.deprecated));
            }
            if let Some(doc) = &doc {
                pieces.push(Piece::prose(
                    escape(doc.summary()).into_owned(),
                    Style::new(),
                ));
            }
            pieces.push(Piece::whole(
                escape(&variables::default_note(v)).into_owned(),
                styles.value,
            ));
            Row {
                name: escape(v.name).into_owned(),
                style: if v.documented {
                    styles.name
                } else {
                    styles.undocumented
                },
                pieces,
            }
        })
        .collect();
    write_block(VARIABLES_TITLE, &rows, options, styles, out)
}

/// The pattern rules' section.
pub(crate) fn write_patterns(
    shown: &[PatternEntry<'_>],
    options: &Options,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows: Vec<Row<'_>> = shown
        .iter()
        .map(|p| {
            let mut pieces = Vec::new();
            if p.deprecated {
                pieces.push(Piece::whole("(deprecated)", styles.deprecated));
            }
            if let Some(doc) = p.doc() {
                pieces.push(Piece::prose(
                    escape(doc.summary()).into_owned(),
                    Style::new(),
                ));
            }
            if let Some(list) = patterns::prerequisite_list(p.rule) {
                pieces.push(Piece::whole(
                    escape(&list).into_owned(),
                    styles.prerequisite,
                ));
            }
            Row {
                name: escape(&p.name()).into_owned(),
                style: if p.documented {
                    styles.name
                } else {
                    styles.undocumented
                },
                pieces,
            }
        })
        .collect();
    write_block(PATTERNS_TITLE, &rows, options, styles, out)
}

/// Writes a doc's lines indented, or `(no description)`.
fn write_doc(
    text: Option<&str>,
    width: Option<usize>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(text) = text else {
        return writeln!(
            out,
            "{:INDENT$}{}",
            "",
            styles.undocumented.style("(no description)")
        );
    };
    for line in text.lines() {
        if line.is_empty() {
            writeln!(out)?;
            continue;
        }
        let text = escape(line);
        let indent = text.len() - text.trim_start().len();
        write_spaces(out, INDENT)?;
        // Indented lines (lists, examples) keep their shape.
        let width = if indent == 0 { width } else { None };
        write_wrapped(
            out,
            &[Piece::prose(text, Style::new())],
            INDENT,
            INDENT,
            width,
        )?;
    }
    Ok(())
}

/// Labelled fields, as the targets' detail view writes them.
struct Fields<'a> {
    width: Option<usize>,
    styles: &'a Styles,
}

impl Fields<'_> {
    const LABEL: usize = "prerequisites:".len();

    /// Where values start: beside their labels, or on a narrow screen
    /// under them (as the targets' detail view does).
    fn hang(&self) -> usize {
        let beside = INDENT + Self::LABEL + 1;
        match self.width {
            Some(w) if w < beside + MIN_TEXT_WIDTH => 2 * INDENT,
            _ => beside,
        }
    }

    fn field(&self, out: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
        let label = format!("{label}:");
        let hang = self.hang();
        write!(out, "{:INDENT$}{}", "", self.styles.label.style(&label))?;
        if hang < INDENT + Self::LABEL + 1 {
            writeln!(out)?;
            write_spaces(out, hang)?;
        } else {
            let pad = Self::LABEL.saturating_sub(label.len()) + 1;
            write_spaces(out, pad)?;
        }
        let piece = Piece::prose(escape(value).into_owned(), Style::new());
        write_wrapped(out, &[piece], hang, hang, self.width)
    }

    fn places(&self, out: &mut dyn Write, makefile: &Makefile, at: &[Location]) -> io::Result<()> {
        let hang = self.hang();
        for (i, &place) in at.iter().enumerate() {
            let place = makefile.describe(place);
            if i == 0 {
                self.field(out, "defined at", &place)?;
            } else {
                writeln!(out, "{:hang$}{}", "", escape(&place))?;
            }
        }
        Ok(())
    }
}

/// A value as the detail view shows it: the blanks it ends in, which make
/// keeps (`X = 1 # doc` is `1 `), are told, not left invisible.
fn with_blanks(value: &str) -> String {
    let trimmed = value.trim_end();
    match value.len() - trimmed.len() {
        0 => value.to_string(),
        1 => format!("{trimmed} (and a blank at the end, which make keeps)"),
        n => format!("{trimmed} (and {n} blanks at the end, which make keeps)"),
    }
}

/// The detail view of a variable: its whole doc, operator, value as
/// written and expanded, what overrides it, every line that assigns it
/// and the targets that use it.
pub(crate) fn variable_details(
    makefile: &Makefile,
    entry: &VariableEntry<'_>,
    width: Option<usize>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "{}", styles.name.style(escape(entry.name)))?;
    writeln!(out, " {}", styles.label.style("(variable)"))?;
    let doc = entry.doc();
    if entry.deprecated {
        writeln!(
            out,
            "{:INDENT$}{}",
            "",
            styles.deprecated.style("(deprecated)")
        )?;
    }
    write_doc(doc.as_ref().map(|d| &*d.text), width, styles, out)?;
    writeln!(out)?;
    let fields = Fields { width, styles };
    let a = entry.assignment;
    let mut operator = String::new();
    for (set, word) in [(a.override_, "override "), (a.export, "export ")] {
        if set {
            operator.push_str(word);
        }
    }
    if a.define {
        operator.push_str("define");
        if a.operator != crate::model::Operator::Recursive {
            operator.push(' ');
            operator.push_str(a.operator.as_str());
        }
    } else {
        operator.push_str(a.operator.as_str());
    }
    fields.field(out, "operator", &operator)?;
    fields.field(out, "value", &with_blanks(entry.value()))?;
    if entry.default_value() != entry.value() {
        fields.field(out, "expanded", &with_blanks(entry.default_value()))?;
    }
    if let Some((origin, now)) = entry.overridden {
        let by = match origin {
            Origin::CommandLine => "the command line",
            _ => "the environment",
        };
        fields.field(out, "now", &format!("{now} (from {by})"))?;
    }
    if let Some(section) = entry.section {
        fields.field(out, "section", section)?;
    }
    let users = variables::users(makefile, entry.name);
    if !users.is_empty() {
        let list: Vec<String> = users
            .iter()
            .map(|(t, recipe)| {
                let how = if *recipe { "recipe" } else { "prerequisites" };
                format!("{} ({how})", t.name())
            })
            .collect();
        fields.field(out, "used by", &list.join(", "))?;
    }
    fields.places(out, makefile, &entry.locations())
}

/// The detail view of a pattern rule.
pub(crate) fn pattern_details(
    makefile: &Makefile,
    entry: &PatternEntry<'_>,
    width: Option<usize>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "{}", styles.name.style(escape(&entry.name())))?;
    writeln!(out, " {}", styles.label.style("(pattern rule)"))?;
    let doc = entry.doc();
    write_doc(doc.as_ref().map(|d| &*d.text), width, styles, out)?;
    writeln!(out)?;
    let fields = Fields { width, styles };
    let rule = entry.rule;
    let list = |names: &[Box<str>]| {
        if names.is_empty() {
            "(none)".to_string()
        } else {
            names.join(", ")
        }
    };
    fields.field(out, "prerequisites", &list(&rule.prerequisites))?;
    if !rule.order_only.is_empty() {
        fields.field(out, "order-only", &list(&rule.order_only))?;
    }
    if !rule.recipe {
        fields.field(out, "recipe", "none (cancels the rule)")?;
    }
    if let Some(section) = entry.section {
        fields.field(out, "section", section)?;
    }
    fields.places(out, makefile, &[rule.location])
}

/// The detail view of a name made through a pattern rule.
pub(crate) fn resolved_details(
    makefile: &Makefile,
    resolved: &Resolved<'_>,
    width: Option<usize>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "{}", styles.name.style(escape(&resolved.name)))?;
    writeln!(
        out,
        " {}",
        styles
            .label
            .style(format!("(through {})", escape(resolved.pattern)))
    )?;
    write_doc(resolved.doc.as_deref(), width, styles, out)?;
    writeln!(out)?;
    let fields = Fields { width, styles };
    let list = |names: &[String]| {
        if names.is_empty() {
            "(none)".to_string()
        } else {
            names.join(", ")
        }
    };
    fields.field(out, "prerequisites", &list(&resolved.prerequisites))?;
    if !resolved.order_only.is_empty() {
        fields.field(out, "order-only", &list(&resolved.order_only))?;
    }
    fields.field(out, "stem", &resolved.stem)?;
    fields.places(out, makefile, &[resolved.rule.location])
}

/// The whole help screen: the header and usage line, the targets (see
/// [`crate::output::help::listing`]), then the variables and the pattern
/// rules, each block after a blank line.
pub fn write_help(
    makefile: &Makefile,
    options: &Options,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Targets asked for by pattern or section come alone.
    let targets_only = !options.patterns.is_empty() || !options.sections.is_empty();
    let (variables, patterns) = if targets_only {
        (Vec::new(), Vec::new())
    } else {
        (
            shown_variables(makefile, options),
            shown_patterns(makefile, options),
        )
    };
    if !targets_only {
        write_header(makefile, !variables.is_empty(), options, out)?;
    }
    let entries = crate::output::help::shown_entries(makefile, options);
    let mut listed = Vec::new();
    crate::output::help::listing(makefile, &entries, options, styles, &mut listed)?;
    out.write_all(&listed)?;
    let mut before = !listed.is_empty();
    if !variables.is_empty() {
        if before {
            writeln!(out)?;
        }
        write_variables(&variables, options, styles, out)?;
        before = true;
    }
    if !patterns.is_empty() {
        if before {
            writeln!(out)?;
        }
        write_patterns(&patterns, options, styles, out)?;
    }
    Ok(())
}
