//! The help screen: one line per target (name, summary, default-goal mark,
//! prerequisites), grouped under `##@` sections, aligned by display width;
//! and the detail view of named targets. Which comment documents which
//! target is decided in [`crate::output::docs`]; everything that comes from a
//! makefile passes through [`escape`] before it is measured or written.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use owo_colors::Style;
use unicode_width::UnicodeWidthStr;

use crate::model::packed_names::NameSlice;
use crate::model::{Makefile, Target};
use crate::output::doc_text;
use crate::output::docs::{self, Entry};
use crate::output::escape::escape;
use crate::output::order::natural_cmp;
use crate::output::select::{self, Basis, ListingDoc, Selection};
use crate::output::styles::Styles;
use crate::output::sub_make::{self, SubMake};

/// Columns before a name.
pub(crate) const INDENT: usize = 2;
/// Columns between the name column and the description.
pub(crate) const GAP: usize = 2;
/// The name column is at most this wide: a longer name puts its text on the
/// next line instead of pushing every description to the right.
pub(crate) const NAME_COLUMN_CAP: usize = 30;
/// Descriptions get at least this many columns beside the names; on a
/// narrower screen they go under the name, indented by [`STACKED_HANG`].
pub(crate) const MIN_TEXT_WIDTH: usize = 20;
/// Where descriptions start when they go under the name.
const STACKED_HANG: usize = 4;
/// The width assumed for fitting prerequisites when the output is not
/// wrapped (not a terminal).
const ASSUMED_WIDTH: usize = 80;

/// How many prerequisites the listing shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Deps {
    /// As many as fit on one line, then `+N more`.
    #[default]
    Fit,
    /// Every one.
    All,
    /// None.
    None,
}

/// How to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Every target, hidden and undocumented ones included.
    pub all: bool,
    /// Keep reading order instead of sorting by name.
    pub unsorted: bool,
    /// Wrap to this many columns (`None`: never wrap).
    pub width: Option<usize>,
    /// How many prerequisites to show.
    pub deps: Deps,
    /// Each entry with its whole doc, and every prerequisite.
    pub verbose: bool,
    /// Only the targets matching these glob patterns (or named by them).
    pub patterns: Vec<String>,
    /// Only the targets of these `##@` sections (case-insensitive).
    pub sections: Vec<String>,
    /// Where the user stands: absolute names below it are shown relative
    /// to it (`None`: as make names them).
    pub cwd: Option<PathBuf>,
}

/// The entries the listing shows, made for those targets only: most
/// targets of a large tree are not documented, and are not shown when some
/// are.
#[must_use]
pub fn shown_entries<'m>(makefile: &'m Makefile, options: &Options) -> Vec<Entry<'m>> {
    let selection = Selection::of(makefile, options.all, &options.patterns, &options.sections);
    // Room for the entries shown, counted without building their docs (a
    // few commented targets may have none): a list left to grow takes up
    // to twice the room, and on a large tree it is the largest thing made
    // after reading. Room left unused is given back.
    let room = if selection.basis == Basis::Documented {
        makefile
            .targets
            .iter()
            .filter(|&t| !docs::is_hidden(t.name()) && docs::may_have_doc(t))
            .count()
            + 1
    } else {
        makefile.targets.len()
    };
    docs::entries_where(makefile, |e| selection.keeps(e), room)
}

/// The entries among `entries` that the listing shows (see [`Selection`]).
#[must_use]
pub(crate) fn shown<'e, 'm>(
    makefile: &'m Makefile,
    entries: &'e [Entry<'m>],
    options: &Options,
) -> Vec<&'e Entry<'m>> {
    let selection = Selection::of(makefile, options.all, &options.patterns, &options.sections);
    entries.iter().filter(|e| selection.keeps(e)).collect()
}

/// Entries grouped by section as the listing groups them (see
/// [`docs::sections`]), each group in natural order unless `unsorted`.
#[must_use]
pub(crate) fn groups<'e, 'm>(
    shown: &[&'e Entry<'m>],
    unsorted: bool,
) -> Vec<(Option<&'m str>, Vec<&'e Entry<'m>>)> {
    let mut groups = docs::sections(shown, false);
    if !unsorted {
        for (_, group) in &mut groups {
            group.sort_by(|a, b| natural_cmp(a.target.name(), b.target.name()));
        }
    }
    groups
}

/// The summary the listing shows for a target: the first sentence of its
/// doc, when its doc counts (see [`select::listing_doc`]).
#[must_use]
pub(crate) fn summary(entry: &Entry<'_>) -> Option<String> {
    let doc = select::listing_doc(entry)?;
    let first = doc_text::full_lines(&doc.doc.text, doc.marked)
        .into_iter()
        .next()?;
    Some(doc_text::first_sentence(&first).to_string())
}

/// The columns `text` takes on a terminal; `text` is escaped (see
/// [`escape`]), so printable ASCII, the common case, is one column a byte.
pub(crate) fn text_width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.len()
    } else {
        text.width()
    }
}

/// Writes `n` spaces (without formatting: a listing writes two a line).
pub(crate) fn write_spaces(out: &mut dyn Write, mut n: usize) -> io::Result<()> {
    const SPACES: &[u8; 64] = &[b' '; 64];
    while n > 0 {
        let now = n.min(SPACES.len());
        out.write_all(&SPACES[..now])?;
        n -= now;
    }
    Ok(())
}

/// Writes `text` in `style`: as it is when the style is plain (no color,
/// as when the output is not a terminal), without formatting.
pub(crate) fn write_styled(out: &mut dyn Write, style: Style, text: &str) -> io::Result<()> {
    if style.is_plain() {
        out.write_all(text.as_bytes())
    } else {
        write!(out, "{}", style.style(text))
    }
}

/// A piece of text with its style; wrapping never breaks a piece that is
/// `whole` when it fits on a line.
pub(crate) struct Piece<'a> {
    text: Cow<'a, str>,
    style: Style,
    whole: bool,
}

impl<'a> Piece<'a> {
    pub(crate) fn prose(text: impl Into<Cow<'a, str>>, style: Style) -> Self {
        Piece {
            text: text.into(),
            style,
            whole: false,
        }
    }

    pub(crate) fn whole(text: impl Into<Cow<'a, str>>, style: Style) -> Self {
        Piece {
            text: text.into(),
            style,
            whole: true,
        }
    }
}

/// Writes words onto lines of at most `width` columns: words are separated
/// by one space, a word that does not fit goes to the next line, which
/// starts at column `hang`; a word wider than a whole line is cut between
/// characters. Without a width, everything stays on one line.
struct Wrap<'o> {
    out: &'o mut dyn Write,
    column: usize,
    hang: usize,
    width: Option<usize>,
    /// Nothing is written on the current line after its start.
    at_start: bool,
}

impl<'o> Wrap<'o> {
    /// The cursor is at `column`; continuation lines start at `hang`.
    fn new(out: &'o mut dyn Write, column: usize, hang: usize, width: Option<usize>) -> Self {
        Wrap {
            out,
            column,
            hang,
            width,
            at_start: true,
        }
    }

    fn break_line(&mut self) -> io::Result<()> {
        self.out.write_all(b"\n")?;
        write_spaces(self.out, self.hang)?;
        self.column = self.hang;
        self.at_start = true;
        Ok(())
    }

    /// Writes `pieces` one after the other, separated by spaces.
    fn pieces<'p>(&mut self, pieces: impl IntoIterator<Item = &'p Piece<'p>>) -> io::Result<()> {
        for piece in pieces {
            let line = self.width.map(|w| w.saturating_sub(self.hang));
            let w = text_width(&piece.text);
            // Prose that fits where the cursor is stays one run of its style.
            let fits_here = self
                .width
                .is_none_or(|limit| self.column + usize::from(!self.at_start) + w <= limit);
            if (piece.whole && line.is_none_or(|room| w <= room))
                || (fits_here && !piece.text.contains("  "))
            {
                self.word(&piece.text, piece.style)?;
            } else {
                for word in piece.text.split(' ').filter(|w| !w.is_empty()) {
                    self.word(word, piece.style)?;
                }
            }
        }
        Ok(())
    }

    /// Writes one word, after a space unless it starts the line.
    fn word(&mut self, word: &str, style: Style) -> io::Result<()> {
        let Some(width) = self.width else {
            if !self.at_start {
                self.out.write_all(b" ")?;
            }
            self.at_start = false;
            return write_styled(self.out, style, word);
        };
        let w = text_width(word);
        let space = usize::from(!self.at_start);
        if self.column + space + w > width && !(self.at_start && self.column == self.hang) {
            self.break_line()?;
        } else if space == 1 {
            self.out.write_all(b" ")?;
            self.column += 1;
        }
        if self.column + w <= width {
            self.column += w;
            self.at_start = false;
            return write_styled(self.out, style, word);
        }
        // Wider than a line: cut it between characters.
        let mut rest = word;
        while !rest.is_empty() {
            let room = width.saturating_sub(self.column);
            let mut end = 0;
            let mut used = 0;
            for (i, c) in rest.char_indices() {
                let cw = text_width(c.encode_utf8(&mut [0; 4]));
                if used + cw > room && end > 0 {
                    break;
                }
                if used + cw > room && !self.at_start {
                    break;
                }
                end = i + c.len_utf8();
                used += cw;
            }
            if end == 0 {
                self.break_line()?;
                continue;
            }
            // A path or a long name is cut after a `/` or `-` when one is
            // in the second half of what fits.
            if end < rest.len()
                && let Some(cut) = rest[..end].rfind(['/', '-']).map(|i| i + 1)
                && 2 * cut > end
            {
                used -= text_width(&rest[cut..end]);
                end = cut;
            }
            write_styled(self.out, style, &rest[..end])?;
            self.column += used;
            self.at_start = false;
            rest = &rest[end..];
            if !rest.is_empty() {
                self.break_line()?;
            }
        }
        Ok(())
    }

    /// Ends the line.
    fn finish(self) -> io::Result<()> {
        writeln!(self.out)
    }
}

/// Writes `pieces` separated by spaces, the cursor being at column
/// `column`; with a width, wraps onto lines that start at column `hang`.
pub(crate) fn write_wrapped<'p>(
    out: &mut dyn Write,
    pieces: impl IntoIterator<Item = &'p Piece<'p>>,
    column: usize,
    hang: usize,
    width: Option<usize>,
) -> io::Result<()> {
    let mut wrap = Wrap::new(out, column, hang, width);
    wrap.pieces(pieces)?;
    wrap.finish()
}

/// A name as the user reads it: escaped, and an absolute one below where
/// the user stands made relative to it.
fn shown_name<'a>(name: &'a str, cwd: Option<&Path>) -> Cow<'a, str> {
    if let Some(cwd) = cwd
        && let Ok(rest) = Path::new(name).strip_prefix(cwd)
        && let Some(rest) = rest.to_str()
        && !rest.is_empty()
    {
        return Cow::Owned(escape(rest).into_owned());
    }
    escape(name)
}

/// `[a, b | c, +3 more]`: prerequisites, order-only ones after `|` as in a
/// rule; with `budget`, as many as fit in that many columns, then how many
/// more there are.
fn prerequisite_list(
    target: Target<'_>,
    budget: Option<usize>,
    cwd: Option<&Path>,
) -> Option<String> {
    let (normal, order_only) = (target.prerequisites(), target.order_only());
    let total = normal.len() + order_only.len();
    if total == 0 {
        return None;
    }
    let mut list = String::from("[");
    let mut width = 1;
    let names = normal
        .iter()
        .map(|n| (false, n))
        .chain(order_only.iter().map(|n| (true, n)));
    for (i, (after_bar, name)) in names.enumerate() {
        let name = shown_name(name, cwd);
        let separator = match (i, after_bar) {
            (0, true) => "| ",
            (0, false) => "",
            (i, true) if i == normal.len() => " | ",
            _ => ", ",
        };
        let left = total - i - 1;
        if let Some(budget) = budget {
            // Room for this name, and then for the count of the rest.
            let more = if left > 0 {
                format!(", +{left} more").len()
            } else {
                0
            };
            if width + separator.len() + text_width(&name) + more + 1 > budget {
                let rest = total - i;
                if i == 0 {
                    let noun = if rest == 1 {
                        "prerequisite"
                    } else {
                        "prerequisites"
                    };
                    return Some(format!("[{rest} {noun}]"));
                }
                return Some(format!("{list}, +{rest} more]"));
            }
        }
        list.push_str(separator);
        list.push_str(&name);
        width += separator.len() + text_width(&name);
    }
    list.push(']');
    Some(list)
}

/// Where the columns of a listing are.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// The width of the name column.
    column: usize,
    /// Where descriptions start (and continue).
    hang: usize,
    /// Descriptions go under the name, not beside it.
    stacked: bool,
}

impl Layout {
    fn of(names: impl Iterator<Item = usize>, width: Option<usize>) -> Self {
        // On a narrow screen the descriptions keep most of the room.
        let cap = match width {
            Some(w) => {
                NAME_COLUMN_CAP.min(w.saturating_sub(INDENT + GAP + 2 * MIN_TEXT_WIDTH).max(10))
            }
            None => NAME_COLUMN_CAP,
        };
        // Names wider than the cap go on a line of their own: they do not count.
        let column = names.filter(|&w| w <= cap).max().unwrap_or(cap);
        let hang = INDENT + column + GAP;
        match width {
            Some(w) if w < hang + MIN_TEXT_WIDTH => Layout {
                column,
                hang: STACKED_HANG.min(w / 4),
                stacked: true,
            },
            _ => Layout {
                column,
                hang,
                stacked: false,
            },
        }
    }
}

/// A target's name in the listing, with the names shown beside it
/// (`build, b`), escaped.
fn listed_name<'e>(entry: &'e Entry<'_>) -> Cow<'e, str> {
    if entry.aliases.is_empty() {
        return escape(entry.target.name());
    }
    let mut name = escape(entry.target.name()).into_owned();
    for alias in &entry.aliases {
        name.push_str(", ");
        name.push_str(&escape(alias));
    }
    Cow::Owned(name)
}

/// The listing of a makefile's targets: those that [`Selection`] keeps
/// among `entries` ([`docs::entries`] or [`shown_entries`]).
pub fn listing(
    makefile: &Makefile,
    entries: &[Entry<'_>],
    options: &Options,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let selection = Selection::of(makefile, options.all, &options.patterns, &options.sections);
    let shown: Vec<&Entry<'_>> = entries.iter().filter(|e| selection.keeps(e)).collect();
    let width = options.width;
    let cwd = options.cwd.as_deref();
    let layout = Layout::of(shown.iter().map(|e| text_width(&listed_name(e))), width);
    // Dimming tells documented targets from the others; with none
    // documented it would only dim everything. Each doc is built once, when
    // its entry is written; the first documented entry ends this search.
    let any_documented = shown
        .iter()
        .any(|e| e.documented && select::listing_doc(e).is_some());
    let mut first_group = true;
    for (section, group) in groups(&shown, options.unsorted) {
        if !first_group {
            writeln!(out)?;
        }
        first_group = false;
        if let Some(title) = section {
            let piece = Piece::whole(escape(title), styles.section);
            write_wrapped(out, [&piece], 0, 0, width)?;
        }
        for entry in group {
            let doc = select::listing_doc(entry);
            let doc = doc.as_ref();
            let style = if options.all && doc.is_none() && any_documented {
                styles.undocumented
            } else {
                styles.name
            };
            write_entry(entry, doc, style, layout, options, styles, cwd, out)?;
        }
    }
    if let Some(hint) = selection.hint(shown.len()) {
        writeln!(out)?;
        write_wrapped(out, [&Piece::whole(hint, styles.undocumented)], 0, 0, width)?;
    }
    Ok(())
}

/// One entry of the listing: its name, then its summary (or with
/// `--verbose` its whole doc), the default-goal mark and its prerequisites.
#[allow(clippy::too_many_arguments)]
fn write_entry(
    entry: &Entry<'_>,
    doc: Option<&ListingDoc<'_>>,
    name_style: Style,
    layout: Layout,
    options: &Options,
    styles: &Styles,
    cwd: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = options.width;
    let name = listed_name(entry);
    let name_width = text_width(&name);
    write_spaces(out, INDENT)?;
    let mut wrap = Wrap::new(out, INDENT, INDENT, width);
    wrap.word(&name, name_style)?;
    let mut paragraphs = doc
        .map(|d| doc_text::full_lines(&d.doc.text, d.marked))
        .unwrap_or_default()
        .into_iter();
    let first = paragraphs.next();
    let summary: Option<Cow<'_, str>> = if options.verbose {
        first
    } else {
        first.map(|p| Cow::Owned(doc_text::first_sentence(&p).to_string()))
    };
    if !options.verbose {
        paragraphs = Vec::new().into_iter();
    }
    let deps = if options.verbose {
        Deps::All
    } else {
        options.deps
    };
    let budget = match deps {
        Deps::Fit => Some(
            width
                .unwrap_or(ASSUMED_WIDTH)
                .saturating_sub(layout.hang)
                .max(12),
        ),
        _ => None,
    };
    let list = (deps != Deps::None)
        .then(|| prerequisite_list(entry.target, budget, cwd))
        .flatten()
        .map(|list| Piece::whole(list, styles.prerequisite));
    // With the whole doc, the prerequisites come after it.
    let (list, list_after) = if options.verbose && summary.is_some() {
        (None, list)
    } else {
        (list, None)
    };
    let doc_style = if entry.emphasis {
        styles.emphasis
    } else {
        Style::new()
    };
    let pieces = [
        entry
            .deprecated
            .then(|| Piece::whole("(deprecated)", styles.deprecated)),
        summary.map(|s| Piece::prose(escape(&s).into_owned(), doc_style)),
        entry
            .default
            .then(|| Piece::whole("(default)", styles.default_goal)),
        list,
    ];
    if pieces.iter().all(Option::is_none) && list_after.is_none() {
        return wrap.finish();
    }
    wrap.hang = layout.hang;
    if layout.stacked || name_width > layout.column {
        wrap.break_line()?;
    } else {
        let pad = layout.column - name_width + GAP;
        write_spaces(wrap.out, pad)?;
        wrap.column += pad;
        wrap.at_start = true;
    }
    if pieces.iter().all(Option::is_none) {
        // Only prerequisites, on the name's line.
        wrap.pieces(list_after.iter())?;
        return wrap.finish();
    }
    wrap.pieces(pieces.iter().flatten())?;
    wrap.finish()?;
    for line in paragraphs {
        write_doc_line(out, &line, layout.hang, width)?;
    }
    if let Some(list) = list_after {
        write_spaces(out, layout.hang)?;
        write_wrapped(out, [&list], layout.hang, layout.hang, width)?;
    }
    Ok(())
}

/// One line of a doc at column `hang`: an indented line (a list, an
/// example) keeps its indentation, on its continuation lines too.
fn write_doc_line(
    out: &mut dyn Write,
    line: &str,
    hang: usize,
    width: Option<usize>,
) -> io::Result<()> {
    if line.trim().is_empty() {
        return writeln!(out);
    }
    let text = escape(line);
    let indent = text.len() - text.trim_start().len();
    let indent = width.map_or(indent, |w| indent.min(w.saturating_sub(hang) / 2));
    write_spaces(out, hang + indent)?;
    let piece = Piece::prose(text.trim_start().to_string(), Style::new());
    write_wrapped(out, [&piece], hang + indent, hang + indent, width)
}

/// The detail view of one target: its whole doc, prerequisites, order-only
/// prerequisites, phony or not, and every place it is defined.
pub(crate) fn details(
    makefile: &Makefile,
    entry: &Entry<'_>,
    options: &Options,
    makefile_in: &dyn Fn(&str, Option<&str>) -> Option<String>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    const LABEL: usize = "prerequisites:".len();
    let width = options.width;
    let cwd = options.cwd.as_deref();
    let t = entry.target;
    let mut wrap = Wrap::new(out, 0, INDENT, width);
    wrap.word(&escape(t.name()), styles.name)?;
    if entry.default {
        wrap.word("(default)", styles.default_goal)?;
    }
    wrap.finish()?;
    if let Some(doc) = entry.doc() {
        for line in doc_text::full_lines(&doc.text, doc.marked) {
            write_doc_line(out, &line, INDENT, width)?;
        }
    } else {
        write_spaces(out, INDENT)?;
        let piece = Piece::prose("(no description)", styles.undocumented);
        write_wrapped(out, [&piece], INDENT, INDENT, width)?;
    }
    writeln!(out)?;
    // Values beside their labels, or under them on a narrow screen.
    let beside = INDENT + LABEL + 1;
    let stacked = width.is_some_and(|w| w < beside + MIN_TEXT_WIDTH);
    let hang = if stacked { STACKED_HANG } else { beside };
    let field = |out: &mut dyn Write, label: &str, values: &[Piece]| -> io::Result<()> {
        let label = format!("{label}:");
        write_spaces(out, INDENT)?;
        let mut wrap = Wrap::new(out, INDENT, hang, width);
        wrap.word(&label, styles.label)?;
        if stacked {
            wrap.break_line()?;
        } else {
            let pad = LABEL.saturating_sub(label.len()) + 1;
            write_spaces(wrap.out, pad)?;
            wrap.column += pad;
            wrap.at_start = true;
        }
        wrap.pieces(values)?;
        wrap.finish()
    };
    let list = |names: NameSlice<'_>| -> Vec<Piece> {
        if names.is_empty() {
            return vec![Piece::whole("(none)", styles.undocumented)];
        }
        let last = names.len() - 1;
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let comma = if i < last { "," } else { "" };
                Piece::whole(format!("{}{comma}", shown_name(n, cwd)), Style::new())
            })
            .collect()
    };
    let plain = |text: &str| vec![Piece::whole(text.to_string(), Style::new())];
    field(out, "prerequisites", &list(t.prerequisites()))?;
    if !t.order_only().is_empty() {
        field(out, "order-only", &list(t.order_only()))?;
    }
    field(out, "phony", &plain(if t.phony() { "yes" } else { "no" }))?;
    if t.double_colon() {
        field(out, "double-colon", &plain("yes"))?;
    }
    if let Some(section) = entry.section {
        field(out, "section", &plain(&escape(section)))?;
    }
    if !entry.aliases.is_empty() {
        let names: Vec<String> = entry
            .aliases
            .iter()
            .map(|a| escape(a).into_owned())
            .collect();
        field(out, "aliases", &plain(&names.join(", ")))?;
    }
    if let Some(of) = entry.alias_of {
        field(out, "alias of", &plain(&escape(of)))?;
    }
    if entry.deprecated {
        field(out, "deprecated", &plain("yes"))?;
    }
    let places: Vec<Piece> = entry
        .locations()
        .into_iter()
        .map(|at| Piece::whole(escape(&makefile.describe(at)).into_owned(), Style::new()))
        .collect();
    if let Some((first, rest)) = places.split_first() {
        field(out, "defined at", std::slice::from_ref(first))?;
        for place in rest {
            write_spaces(out, hang)?;
            write_wrapped(out, [place], hang, hang, width)?;
        }
    }
    let used = documented_variables_used(makefile, t);
    for (i, (name, summary)) in used.iter().enumerate() {
        let shown = match summary {
            Some(_) => format!("{}:", escape(name)),
            None => escape(name).into_owned(),
        };
        let mut pieces = vec![Piece::whole(shown, styles.name)];
        if let Some(summary) = summary {
            pieces.push(Piece::prose(escape(summary).into_owned(), Style::new()));
        }
        if i == 0 {
            field(out, "variables", &pieces)?;
        } else {
            write_spaces(out, hang)?;
            write_wrapped(out, &pieces, hang, hang, width)?;
        }
    }
    write_recipe(makefile, entry, width, makefile_in, styles, out)
}

/// The documented variables that a target's prerequisites or recipe refer
/// to, by name, with their summaries.
fn documented_variables_used<'m>(
    makefile: &'m Makefile,
    target: Target<'_>,
) -> Vec<(&'m str, Option<String>)> {
    let mut used: Vec<(&'m str, Option<String>)> =
        crate::output::variables::variable_entries(makefile)
            .into_iter()
            .filter(|v| v.documented)
            .filter(|v| {
                makefile
                    .variable_users(v.name)
                    .iter()
                    .any(|(user, _)| user.name() == target.name())
            })
            .map(|v| {
                let summary = v.doc().and_then(|d| {
                    let first = doc_text::full_lines(&d.text, d.marked).into_iter().next()?;
                    Some(doc_text::first_sentence(&first).to_string())
                });
                (v.name, summary)
            })
            .collect();
    used.sort_by(|a, b| natural_cmp(a.0, b.0));
    used
}

/// The recipe lines of a target's rules, each after its `file:line`, and
/// under a line that runs make again, what it runs (see [`sub_make`]).
fn write_recipe(
    makefile: &Makefile,
    entry: &Entry<'_>,
    width: Option<usize>,
    makefile_in: &dyn Fn(&str, Option<&str>) -> Option<String>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = entry.target;
    let mut lines: Vec<(String, &str)> = Vec::new();
    for definition in t.definitions() {
        let at = definition.location();
        for line in makefile.recipes.get(&at).into_iter().flatten() {
            let place = makefile.describe(crate::model::Location {
                file: at.file,
                line: line.line,
            });
            lines.push((place, line.text.trim_start_matches('\t').trim()));
        }
    }
    if lines.is_empty() {
        return Ok(());
    }
    let label = Piece::whole("recipe:", styles.label);
    write_spaces(out, INDENT)?;
    write_wrapped(out, [&label], INDENT, INDENT, width)?;
    let indent = 2 * INDENT;
    let place_width = lines.iter().map(|(p, _)| text_width(p)).max().unwrap_or(0);
    // The text beside the places when there is room, else under them.
    let beside = indent + place_width + GAP;
    let hang = match width {
        Some(w) if w < beside + MIN_TEXT_WIDTH => indent + INDENT,
        _ => beside,
    };
    for (place, text) in &lines {
        write_spaces(out, indent)?;
        let mut wrap = Wrap::new(out, indent, hang, width);
        wrap.word(&escape(place), styles.label)?;
        if hang == beside {
            let pad = place_width - text_width(place) + GAP;
            write_spaces(wrap.out, pad)?;
            wrap.column += pad;
            wrap.at_start = true;
        } else {
            wrap.break_line()?;
        }
        wrap.pieces([&Piece::prose(escape(text).into_owned(), Style::new())])?;
        wrap.finish()?;
        if let Some(call) = sub_make::sub_make(makefile, t.name(), text) {
            let note = sub_make_note(&call, makefile_in);
            write_spaces(out, hang)?;
            write_wrapped(
                out,
                [&Piece::prose(note, styles.prerequisite)],
                hang,
                hang,
                width,
            )?;
        }
    }
    Ok(())
}

/// What a recursive make call runs, in words.
fn sub_make_note(
    call: &SubMake,
    makefile_in: &dyn Fn(&str, Option<&str>) -> Option<String>,
) -> String {
    let unknown =
        |text: &str| format!("a value known only when the recipe runs ({})", escape(text));
    let goals = if call.goals.is_empty() {
        "its default goal".to_string()
    } else {
        let names: Vec<String> = call
            .goals
            .iter()
            .map(|g| match g {
                Ok(name) => format!("'{}'", escape(name)),
                Err(text) => unknown(text),
            })
            .collect();
        names.join(", ")
    };
    let file = match &call.file {
        Some(Err(text)) => return format!("-> runs {goals} of the makefile {}", unknown(text)),
        Some(Ok(file)) => Some(file.as_str()),
        None => None,
    };
    match &call.dir {
        Some(Err(text)) => format!("-> runs {goals} in the directory {}", unknown(text)),
        Some(Ok(dir)) => match makefile_in(dir, file) {
            Some(found) => format!("-> runs {goals} of {}", escape(&found)),
            None => format!(
                "-> runs {goals} in {}, where there is no such makefile",
                escape(dir)
            ),
        },
        None => match file.map(|f| (f, makefile_in(".", Some(f)))) {
            Some((_, Some(found))) => format!("-> runs {goals} of {}", escape(&found)),
            Some((f, None)) => format!("-> runs {goals} of {}, which does not exist", escape(f)),
            None => format!("-> runs {goals} of this makefile"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    #[allow(clippy::needless_pass_by_value)]
    fn list(text: &str, options: Options) -> String {
        let makefile = parse_str(text, &Config::default());
        let mut out = Vec::new();
        listing(
            &makefile,
            &docs::entries(&makefile),
            &options,
            &Styles::new(false),
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn aligns_and_sorts_documented_targets() {
        let text = "b: a ## Bee\nlonger: ## Long\nundocumented:\na: ## Ay\n";
        assert_eq!(
            list(text, Options::default()),
            "  a       Ay\n  b       Bee (default) [a]\n  longer  Long\n"
        );
    }

    #[test]
    fn lists_what_nothing_depends_on_when_nothing_is_documented() {
        assert_eq!(
            list("b:\na: | c\n_hidden:\n", Options::default()),
            "  a  [| c]\n  b  (default)\n\nNo target is documented with ##: these are the targets nothing depends on and the default goal; make-help --all lists all 3.\n"
        );
    }

    #[test]
    fn prerequisites_show_as_in_the_rule_escaped() {
        // An escape character in a name shows as `\e`.
        let text = "a: b c | d e\nf: g x\u{1b}y | h\n";
        assert_eq!(
            list(text, Options::default()),
            "  a  (default) [b, c | d, e]\n  f  [g, x\\ey | h]\n"
        );
    }

    #[test]
    fn all_shows_hidden_and_undocumented() {
        assert_eq!(
            list(
                "b: ## Bee\n_h:\n.x:\n",
                Options {
                    all: true,
                    ..Options::default()
                }
            ),
            "  .x\n  _h\n  b   Bee (default)\n"
        );
    }

    #[test]
    fn unsorted_keeps_reading_order() {
        let options = Options {
            unsorted: true,
            ..Options::default()
        };
        assert_eq!(
            list("b: ## B\na: ## A\n", options),
            "  b  B (default)\n  a  A\n"
        );
    }

    #[test]
    fn sections_after_unsectioned_targets() {
        let text = "##@ Z\nz: ## z\n##@ A\na: ## a\n";
        let text = format!("{text}\n.PHONY: free\nfree: ## free\n");
        // `free` is still under section A: sections last until the next one.
        assert_eq!(
            list(&text, Options::default()),
            "Z\n  z     z (default)\n\nA\n  a     a\n  free  free\n"
        );
        assert_eq!(
            list("x: ## x\n##@ S\ns: ## s\n", Options::default()),
            "  x  x (default)\n\nS\n  s  s\n"
        );
    }

    #[test]
    fn long_names_move_their_text_to_the_next_line() {
        let long = "n".repeat(NAME_COLUMN_CAP + 1);
        let text = format!("{long}: ## Long\nshort: ## Short\n");
        // The column fits the names that fit the cap.
        assert_eq!(
            list(&text, Options::default()),
            format!("  {long}\n         Long (default)\n  short  Short\n")
        );
    }

    #[test]
    fn wraps_with_a_hanging_indent() {
        let options = Options {
            width: Some(30),
            ..Options::default()
        };
        assert_eq!(
            list(
                "a: x y ## one two three four five six seven\nx:\ny:\n",
                options
            ),
            "  a  one two three four five\n     six seven (default)\n     [x, y]\n"
        );
    }

    #[test]
    fn aligns_by_display_width() {
        assert_eq!(
            list("構築: ## Build\nab: ## X\n", Options::default()),
            "  ab    X\n  構築  Build (default)\n"
        );
    }
}

/// Wrapping never makes a line wider than the width asked for, whatever
/// the names, docs, prerequisites and width (20 to 200 columns).
#[cfg(test)]
mod width_property {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;
    use crate::{Config, parse_str};

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,8}",
            "[a-zA-Z0-9_./-]{20,70}",
            "[構築ü]{1,12}",
            Just("\\n".to_string()),
            Just("e.g.".to_string()),
        ]
    }

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9-]{0,12}",
            "[a-z][a-z0-9/._-]{25,90}",
            "[構築][a-z構]{0,20}"
        ]
    }

    fn makefile() -> impl Strategy<Value = String> {
        let rule = (
            name(),
            proptest::collection::vec(name(), 0..12),
            proptest::collection::vec(name(), 0..3),
            proptest::collection::vec(proptest::collection::vec(word(), 0..14), 0..4),
            any::<bool>(),
            any::<bool>(),
        );
        proptest::collection::vec(rule, 1..8).prop_map(|rules| {
            let mut text = String::new();
            for (i, (name, deps, order_only, doc, inline, phony)) in rules.into_iter().enumerate() {
                if i == 3 {
                    text.push_str("##@ A section title that is rather long for a narrow screen\n");
                }
                if !inline {
                    for line in &doc {
                        let _ = writeln!(text, "## {}", line.join(" "));
                    }
                }
                if phony {
                    let _ = writeln!(text, ".PHONY: {name}");
                }
                let _ = write!(text, "{name}: {}", deps.join(" "));
                if !order_only.is_empty() {
                    let _ = write!(text, " | {}", order_only.join(" "));
                }
                if inline && let Some(first) = doc.first() {
                    let _ = write!(text, " ## {}", first.join(" "));
                }
                let _ = writeln!(
                    text,
                    "\n\t@echo $@ {}\n\tcd {name} && $(MAKE) -C {name} $@",
                    doc.len()
                );
            }
            text
        })
    }

    fn widest_line(text: &str) -> usize {
        text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn no_line_exceeds_the_width(
            text in makefile(),
            width in 20usize..=200,
            all in any::<bool>(),
            verbose in any::<bool>(),
            deps in prop_oneof![Just(Deps::Fit), Just(Deps::All), Just(Deps::None)],
        ) {
            let config = Config { detail: crate::Detail::Recipes, ..Config::default() };
            let makefile = parse_str(&text, &config);
            let options = Options { all, verbose, deps, width: Some(width), ..Options::default() };
            let styles = Styles::new(false);
            let entries = docs::entries(&makefile);
            let mut out = Vec::new();
            listing(&makefile, &entries, &options, &styles, &mut out).unwrap();
            for entry in &entries {
                let makefile_in = |dir: &str, _: Option<&str>| Some(format!("{dir}/Makefile"));
                details(&makefile, entry, &options, &makefile_in, &styles, &mut out).unwrap();
            }
            let out = String::from_utf8(out).unwrap();
            prop_assert!(widest_line(&out) <= width, "width {}:\n{}", width, out);
        }
    }
}
