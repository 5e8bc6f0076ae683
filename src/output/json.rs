//! `make-help --json`: every target with its doc, prerequisites, section
//! and the places that define it, plus the files read. The field names are
//! a stable interface, documented in the README; strings are the makefile's
//! own text; control characters are escaped as JSON escapes them (`\u001b`),
//! DEL and C1 controls too.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::Makefile;
use crate::model::packed_names::NameSlice;
use crate::output::docs::Entry;
use crate::output::escape::is_unsafe;

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Help<'m> {
    /// Every file read, in reading order, as paths relative to where the
    /// user stands.
    pub files: Vec<&'m str>,
    /// The goal make builds with no argument.
    pub default_goal: Option<&'m str>,
    /// The targets.
    pub targets: Vec<TargetJson<'m>>,
    /// Warnings met while reading (`path:line: message`).
    pub warnings: Vec<String>,
}

/// One target.
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

/// The JSON document for `entries`.
#[must_use]
pub fn help<'m>(makefile: &'m Makefile, entries: &[&Entry<'m>]) -> Help<'m> {
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
        targets,
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

/// serde_json's pretty printer, except that DEL and the C1 controls
/// (U+0080–U+009F, `\u{9b}` being a CSI) are escaped too, and the
/// bidirectional controls and invisible separators (see
/// [`crate::output::escape`]): JSON allows them raw, but a terminal showing
/// the document may obey them.
struct TerminalSafe(PrettyFormatter<'static>);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl Formatter for TerminalSafe {
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
