//! `make-help --json`: every target with its doc, prerequisites, section
//! and the places that define it, plus the files read. The field names are
//! a stable interface, documented in the README; strings are the makefile's
//! own text; control characters are escaped as JSON escapes them (`\u001b`),
//! DEL and C1 controls too.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::model::packed_names::NameSlice;
use crate::model::{Location, Makefile, Origin};
use crate::output::docs::{Doc, Entry};
use crate::output::escape::is_unsafe;
use crate::output::patterns::{self, PatternEntry, Resolved};
use crate::output::variables::{self, VariableEntry};

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Help<'m> {
    /// Every file read, in reading order, as paths relative to where the
    /// user stands.
    pub files: Vec<&'m str>,
    /// The goal make builds with no argument.
    pub default_goal: Option<&'m str>,
    /// The header block of the main makefile, lines joined with `\n`.
    pub header: Option<String>,
    /// The targets.
    pub targets: Vec<TargetJson<'m>>,
    /// The variables the makefiles assign.
    pub variables: Vec<VariableJson<'m>>,
    /// The pattern rules.
    pub patterns: Vec<PatternJson<'m>>,
    /// Names asked for that a pattern rule makes (only with names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<ResolvedJson<'m>>,
    /// Warnings met while reading (`path:line: message`).
    pub warnings: Vec<String>,
}

/// One variable.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one field of the document each"
)]
#[derive(Debug, Serialize)]
pub struct VariableJson<'m> {
    /// The name.
    pub name: &'m str,
    /// The first line of its doc, `null` when undocumented.
    pub summary: Option<String>,
    /// The whole doc.
    pub doc: Option<String>,
    /// The operator of the assignment shown (`=`, `:=`, `:::=`, `?=`,
    /// `+=`, `!=`).
    pub operator: &'static str,
    /// Its value there, as written.
    pub value: &'m str,
    /// Its default: the value expanded when that is known, else as
    /// written.
    pub default: &'m str,
    /// `export` stands before the assignment shown.
    pub export: bool,
    /// `override` stands before the assignment shown.
    pub r#override: bool,
    /// Some assignment of it is a `?=`.
    pub knob: bool,
    /// Deprecated (`##%`).
    pub deprecated: bool,
    /// The `##@` section it falls under.
    pub section: Option<&'m str>,
    /// Internal (name starts with `_` or `.`).
    pub hidden: bool,
    /// What sets it now instead: `"command line"`, `"environment"` or
    /// `null`.
    pub overridden_by: Option<&'static str>,
    /// The value it has now when overridden.
    pub current: Option<&'m str>,
    /// Every line that assigns it.
    pub locations: Vec<LocationJson<'m>>,
    /// The targets whose prerequisites or recipe refer to it.
    pub used_by: Vec<&'m str>,
}

/// One pattern rule.
#[derive(Debug, Serialize)]
pub struct PatternJson<'m> {
    /// Its target patterns, as on its line.
    pub name: String,
    /// The first line of its doc.
    pub summary: Option<String>,
    /// The whole doc.
    pub doc: Option<String>,
    /// Normal prerequisites, `%` kept.
    pub prerequisites: Vec<&'m str>,
    /// Order-only prerequisites.
    pub order_only: Vec<&'m str>,
    /// It has a recipe (one without cancels a rule).
    pub recipe: bool,
    /// Deprecated (`##%`).
    pub deprecated: bool,
    /// The `##@` section it falls under.
    pub section: Option<&'m str>,
    /// Its line.
    pub location: LocationJson<'m>,
}

/// A name made through a pattern rule.
#[derive(Debug, Serialize)]
pub struct ResolvedJson<'m> {
    /// The name.
    pub name: String,
    /// The target pattern.
    pub pattern: &'m str,
    /// make's `$*`.
    pub stem: String,
    /// The rule's doc, `%` replaced by the stem.
    pub doc: Option<String>,
    /// Its prerequisites as make computes them.
    pub prerequisites: Vec<String>,
    /// Its order-only prerequisites.
    pub order_only: Vec<String>,
    /// The rule's line.
    pub location: LocationJson<'m>,
}

/// One target.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one field of the document each"
)]
#[derive(Debug, Serialize)]
pub struct TargetJson<'m> {
    /// The name.
    pub name: &'m str,
    /// The first line of its doc, `null` when undocumented.
    pub summary: Option<String>,
    /// The whole doc, lines joined with `\n`; `null` when undocumented.
    pub doc: Option<String>,
    /// Normal prerequisites, in order.
    pub prerequisites: NameSlice<'m>,
    /// Order-only prerequisites (after `|`).
    pub order_only: NameSlice<'m>,
    /// Listed in `.PHONY`.
    pub phony: bool,
    /// The `##@` section it falls under, `null` for none.
    pub section: Option<&'m str>,
    /// Internal (name starts with `_` or `.`): listed only with `--all`.
    pub hidden: bool,
    /// The default goal.
    pub default: bool,
    /// Deprecated (`##%`): listed only with `--all`.
    pub deprecated: bool,
    /// Its doc is marked to stand out (`##!`).
    pub emphasis: bool,
    /// Other names shown beside it: aliases, names sharing its doc.
    pub aliases: Vec<&'m str>,
    /// The target it is shown beside, as one of its aliases.
    pub alias_of: Option<&'m str>,
    /// The rule lines that define it (its `.PHONY` lines when it has no rule).
    pub locations: Vec<LocationJson<'m>>,
}

/// A place in a file.
#[derive(Debug, Serialize)]
pub struct LocationJson<'m> {
    /// The file, as in `files`.
    pub file: &'m str,
    /// 1-based line number.
    pub line: u32,
}

fn location(makefile: &Makefile, at: Location) -> LocationJson<'_> {
    LocationJson {
        file: makefile.file_display(at),
        line: at.line,
    }
}

fn summary_and_doc(doc: Option<Doc<'_>>) -> (Option<String>, Option<String>) {
    (
        doc.as_ref().map(|d| d.summary().to_string()),
        doc.map(|d| d.text.into_owned()),
    )
}

/// A variable's object.
fn variable<'m>(makefile: &'m Makefile, entry: &VariableEntry<'m>) -> VariableJson<'m> {
    let (summary, doc) = summary_and_doc(entry.doc());
    VariableJson {
        name: entry.name,
        summary,
        doc,
        operator: entry.operator().as_str(),
        value: entry.value(),
        default: entry.default_value(),
        export: entry.assignment.export,
        r#override: entry.assignment.override_,
        knob: entry.knob,
        deprecated: entry.deprecated,
        section: entry.section,
        hidden: entry.hidden,
        overridden_by: entry.overridden.map(|(origin, _)| match origin {
            Origin::CommandLine => "command line",
            _ => "environment",
        }),
        current: entry.overridden.map(|(_, value)| value),
        locations: entry
            .locations()
            .into_iter()
            .map(|at| location(makefile, at))
            .collect(),
        used_by: variables::users(makefile, entry.name)
            .into_iter()
            .map(|(t, _)| t.name())
            .collect(),
    }
}

/// A pattern rule's object.
fn pattern<'m>(makefile: &'m Makefile, entry: &PatternEntry<'m>) -> PatternJson<'m> {
    let (summary, doc) = summary_and_doc(entry.doc());
    let rule = entry.rule;
    PatternJson {
        name: entry.name(),
        summary,
        doc,
        prerequisites: rule.prerequisites.iter().map(|p| &**p).collect(),
        order_only: rule.order_only.iter().map(|p| &**p).collect(),
        recipe: rule.recipe,
        deprecated: entry.deprecated,
        section: entry.section,
        location: location(makefile, rule.location),
    }
}

/// A resolved name's object.
#[must_use]
pub(crate) fn resolved<'m>(makefile: &'m Makefile, resolved: Resolved<'m>) -> ResolvedJson<'m> {
    ResolvedJson {
        location: location(makefile, resolved.rule.location),
        name: resolved.name,
        pattern: resolved.pattern,
        stem: resolved.stem,
        doc: resolved.doc,
        prerequisites: resolved.prerequisites,
        order_only: resolved.order_only,
    }
}

/// The JSON document for `entries`, with every variable and pattern rule.
#[must_use]
pub fn help<'m>(makefile: &'m Makefile, entries: &[&Entry<'m>]) -> Help<'m> {
    let variables = variables::variable_entries(makefile);
    let patterns = patterns::pattern_entries(makefile);
    help_with(
        makefile,
        entries,
        &variables.iter().collect::<Vec<_>>(),
        &patterns.iter().collect::<Vec<_>>(),
    )
}

/// The JSON document for `entries`, `variables` and `patterns`.
#[must_use]
pub(crate) fn help_with<'m>(
    makefile: &'m Makefile,
    entries: &[&Entry<'m>],
    variables: &[&VariableEntry<'m>],
    patterns: &[&PatternEntry<'m>],
) -> Help<'m> {
    let targets = entries
        .iter()
        .map(|entry| {
            let doc = entry.doc();
            TargetJson {
                name: entry.target.name(),
                summary: doc.as_ref().map(|d| d.summary().to_string()),
                doc: doc.map(|d| d.text.into_owned()),
                prerequisites: entry.target.prerequisites(),
                order_only: entry.target.order_only(),
                phony: entry.target.phony(),
                section: entry.section,
                hidden: entry.hidden,
                default: entry.default,
                deprecated: entry.deprecated,
                emphasis: entry.emphasis,
                aliases: entry.aliases.clone(),
                alias_of: entry.alias_of,
                locations: entry
                    .locations()
                    .into_iter()
                    .map(|at| LocationJson {
                        file: makefile
                            .files
                            .get(at.file as usize)
                            .map_or("", |f| f.display.as_str()),
                        line: at.line,
                    })
                    .collect(),
            }
        })
        .collect();
    Help {
        files: makefile.files.iter().map(|f| f.display.as_str()).collect(),
        default_goal: makefile.default_goal.as_deref(),
        header: crate::output::docs::header(makefile),
        targets,
        variables: variables.iter().map(|v| variable(makefile, v)).collect(),
        patterns: patterns.iter().map(|p| pattern(makefile, p)).collect(),
        resolved: Vec::new(),
        warnings: makefile
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

/// Writes the document, pretty-printed, with a final newline.
pub fn write(help: &Help<'_>, out: &mut dyn Write) -> io::Result<()> {
    write_value(help, out)
}

/// Writes any document as [`write`] does: pretty-printed, terminal-safe,
/// with a final newline.
pub(crate) fn write_value(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, TerminalSafe(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes `value` as compact JSON, escaped as [`write`] escapes.
pub(crate) fn write_compact(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, TerminalSafe(CompactFormatter));
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// serde_json's printers, except that DEL and the C1 controls
/// (U+0080–U+009F, `\u{9b}` being a CSI) are escaped too, and the
/// bidirectional controls and invisible separators (see
/// [`crate::output::escape`]): JSON allows them raw, but a terminal showing
/// the document may obey them.
struct TerminalSafe<F>(F);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl<F: Formatter> Formatter for TerminalSafe<F> {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}
