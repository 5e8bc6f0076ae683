//! The help screen: one line per target (name, summary, default-goal mark,
//! prerequisites), grouped under `##@` sections, aligned by display width;
//! and the detail view of named targets. Which comment documents which
//! target is decided in [`crate::output::docs`]; everything that comes from a
//! makefile passes through [`escape`] before it is measured or written.

use std::borrow::Cow;
use std::io::{self, Write};

use owo_colors::Style;
use unicode_width::UnicodeWidthStr;

use crate::model::Makefile;
use crate::model::packed_names::NameSlice;
use crate::output::docs::{self, Entry};
use crate::output::escape::escape;
use crate::output::styles::Styles;

/// Columns before a name.
pub(crate) const INDENT: usize = 2;
/// Columns between the name column and the description.
pub(crate) const GAP: usize = 2;
/// The name column is at most this wide: a longer name puts its text on the
/// next line instead of pushing every description to the right.
pub(crate) const NAME_COLUMN_CAP: usize = 30;
/// Descriptions are not wrapped into fewer columns than this.
pub(crate) const MIN_TEXT_WIDTH: usize = 20;

/// How to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Every target, hidden and undocumented ones included.
    pub all: bool,
    /// Keep reading order instead of sorting by name.
    pub unsorted: bool,
    /// Wrap to this many columns (`None`: never wrap).
    pub width: Option<usize>,
}

/// The targets the listing shows: the documented ones, or every one when
/// none is documented; hidden names (`_x`, `.x`) only with `all`.
#[must_use]
pub(crate) fn shown<'e, 'm>(entries: &'e [Entry<'m>], options: &Options) -> Vec<&'e Entry<'m>> {
    let documented = !options.all && entries.iter().any(|e| !e.hidden && e.documented);
    entries
        .iter()
        .filter(|e| is_shown(e, options, documented))
        .collect()
}

/// The entries the listing shows, made for those targets
/// only: most targets of a large tree are not documented, and are not
/// shown when some are.
#[must_use]
pub fn shown_entries<'m>(makefile: &'m Makefile, options: &Options) -> Vec<Entry<'m>> {
    // Most often the first targets tell.
    let documented = !options.all
        && makefile
            .targets
            .iter()
            .any(|t| !docs::is_hidden(t.name()) && docs::target_doc(t).is_some());
    // Room for the entries shown, counted without building their docs (a
    // few commented targets may have none): a list left to grow takes up
    // to twice the room, and on a large tree it is the largest thing made
    // after reading. Room left unused is never written to, and is given
    // back. Without docs, nearly every target is shown.
    let room = if documented {
        makefile
            .targets
            .iter()
            .filter(|&t| !docs::is_hidden(t.name()) && docs::may_have_doc(t))
            .count()
    } else {
        makefile.targets.len()
    };
    docs::entries_where(makefile, |e| is_shown(e, options, documented), room)
}

/// Whether the listing shows an entry; `documented`: some target that is
/// not hidden is documented, and `all` is not asked for.
fn is_shown(entry: &Entry<'_>, options: &Options, documented: bool) -> bool {
    // An alias is shown beside its target (see `docs::aliases`).
    entry.alias_of.is_none()
        && (options.all
            || (!entry.hidden && !entry.deprecated && (!documented || entry.documented)))
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

/// A piece of text with its style; wrapping never breaks one word, nor a
/// piece that is `whole` when it fits on a line.
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

/// Writes `pieces` separated by spaces, the cursor being at column
/// `column`; with a width, wraps onto lines that start at column `hang`.
pub(crate) fn write_wrapped<'p>(
    out: &mut dyn Write,
    pieces: impl IntoIterator<Item = &'p Piece<'p>>,
    mut column: usize,
    hang: usize,
    width: Option<usize>,
) -> io::Result<()> {
    let wrap = width.filter(|w| w.saturating_sub(hang) >= MIN_TEXT_WIDTH);
    let mut first = true;
    for piece in pieces {
        let fits = |limit: usize| piece.whole && text_width(&piece.text) <= limit - hang;
        let text: &str = &piece.text;
        let mut split = text.split(' ').filter(|w| !w.is_empty());
        let mut whole = std::iter::once(text);
        let words: &mut dyn Iterator<Item = &str> = match wrap {
            Some(limit) if !fits(limit) => &mut split,
            _ => &mut whole,
        };
        for word in words {
            // Columns are counted only to wrap.
            let w = if wrap.is_some() { text_width(word) } else { 0 };
            if !first {
                if wrap.is_some_and(|limit| column + 1 + w > limit) {
                    out.write_all(b"\n")?;
                    write_spaces(out, hang)?;
                    column = hang;
                } else {
                    out.write_all(b" ")?;
                    column += 1;
                }
            }
            write_styled(out, piece.style, word)?;
            column += w;
            first = false;
        }
    }
    writeln!(out)
}

/// `[a, b | c]`: prerequisites, order-only ones after `|` as in a rule.
fn prerequisite_list(entry: &Entry<'_>) -> Option<String> {
    let t = entry.target;
    let (normal, order_only) = (t.prerequisites(), t.order_only());
    if normal.is_empty() && order_only.is_empty() {
        return None;
    }
    // Sized so that it does not grow unless a name needs escaping: a name
    // and its `, ` take at most twice its bytes in the list (the name and
    // at least one length byte).
    let mut list =
        String::with_capacity(2 * (normal.as_encoded().len() + order_only.as_encoded().len()) + 4);
    list.push('[');
    push_names(&mut list, normal);
    if !order_only.is_empty() {
        if list.len() > 1 {
            list.push(' ');
        }
        list.push_str("| ");
        push_names(&mut list, order_only);
    }
    list.push(']');
    Some(list)
}

/// Adds `names` to `list`, escaped, with `, ` between them.
fn push_names(list: &mut String, names: NameSlice<'_>) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push_str(&escape(name));
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

/// The listing of a makefile's targets, from its [`docs::entries`] or its
/// [`shown_entries`].
pub fn listing(
    entries: &[Entry<'_>],
    options: &Options,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = shown(entries, options);
    // On a narrow screen the descriptions keep most of the room.
    let cap = match options.width {
        Some(w) => NAME_COLUMN_CAP.min(w.saturating_sub(INDENT + GAP + 2 * MIN_TEXT_WIDTH).max(10)),
        None => NAME_COLUMN_CAP,
    };
    // Names wider than the cap go on a line of their own: they do not count.
    let column = shown
        .iter()
        .map(|e| text_width(&listed_name(e)))
        .filter(|&w| w <= cap)
        .max()
        .unwrap_or(cap);
    let hang = INDENT + column + GAP;
    // Dimming tells documented targets from the others; with none
    // documented it would only dim everything.
    let any_documented = shown.iter().any(|e| e.documented);
    let mut first_group = true;
    for (section, group) in docs::sections(&shown, !options.unsorted) {
        if !first_group {
            writeln!(out)?;
        }
        first_group = false;
        if let Some(title) = section {
            writeln!(out, "{}", styles.section.style(escape(title)))?;
        }
        for entry in group {
            let name = listed_name(entry);
            let name_width = text_width(&name);
            let name_style = if options.all && !entry.documented && any_documented {
                styles.undocumented
            } else {
                styles.name
            };
            // No list of pieces to allocate for each entry: at most three.
            let doc = entry.doc();
            let doc_style = if entry.emphasis {
                styles.emphasis
            } else {
                Style::new()
            };
            let pieces = [
                entry
                    .deprecated
                    .then(|| Piece::whole("(deprecated)", styles.deprecated)),
                doc.as_ref()
                    .map(|doc| Piece::prose(escape(doc.summary()), doc_style)),
                entry
                    .default
                    .then(|| Piece::whole("(default)", styles.default_goal)),
                prerequisite_list(entry).map(|list| Piece::whole(list, styles.prerequisite)),
            ];
            write_spaces(out, INDENT)?;
            write_styled(out, name_style, &name)?;
            if pieces.iter().all(Option::is_none) {
                writeln!(out)?;
                continue;
            }
            if name_width > column {
                out.write_all(b"\n")?;
                write_spaces(out, hang)?;
            } else {
                write_spaces(out, column - name_width + GAP)?;
            }
            write_wrapped(out, pieces.iter().flatten(), hang, hang, options.width)?;
        }
    }
    Ok(())
}

/// The detail view of one target: its whole doc, prerequisites, order-only
/// prerequisites, phony or not, and every place it is defined.
pub(crate) fn details(
    makefile: &Makefile,
    entry: &Entry<'_>,
    width: Option<usize>,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    const LABEL: usize = "prerequisites:".len();
    let t = entry.target;
    write!(out, "{}", styles.name.style(escape(t.name())))?;
    if entry.default {
        write!(out, " {}", styles.default_goal.style("(default)"))?;
    }
    writeln!(out)?;
    match entry.doc() {
        Some(doc) => {
            for line in doc.text.lines() {
                if line.is_empty() {
                    writeln!(out)?;
                    continue;
                }
                let text = escape(line);
                let indent = text.len() - text.trim_start().len();
                write!(out, "{:INDENT$}", "")?;
                let piece = Piece::prose(text, Style::new());
                // Indented lines (lists, examples) keep their shape.
                let width = if indent == 0 { width } else { None };
                write_wrapped(out, &[piece], INDENT, INDENT, width)?;
            }
        }
        None => writeln!(
            out,
            "{:INDENT$}{}",
            "",
            styles.undocumented.style("(no description)")
        )?,
    }
    writeln!(out)?;
    let field = |out: &mut dyn Write, label: &str, values: Vec<Piece>| -> io::Result<()> {
        let label = format!("{label}:");
        let pad = LABEL.saturating_sub(label.len()) + 1;
        write!(
            out,
            "{:INDENT$}{}{:pad$}",
            "",
            styles.label.style(&label),
            ""
        )?;
        write_wrapped(out, &values, INDENT + LABEL + 1, INDENT + LABEL + 1, width)
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
                Piece::whole(format!("{}{comma}", escape(n)), Style::new())
            })
            .collect()
    };
    let plain = |text: &str| vec![Piece::whole(text.to_string(), Style::new())];
    field(out, "prerequisites", list(t.prerequisites()))?;
    if !t.order_only().is_empty() {
        field(out, "order-only", list(t.order_only()))?;
    }
    field(out, "phony", plain(if t.phony() { "yes" } else { "no" }))?;
    if t.double_colon() {
        field(out, "double-colon", plain("yes"))?;
    }
    if let Some(section) = entry.section {
        field(out, "section", plain(&escape(section)))?;
    }
    if !entry.aliases.is_empty() {
        let names: Vec<String> = entry
            .aliases
            .iter()
            .map(|a| escape(a).into_owned())
            .collect();
        field(out, "aliases", plain(&names.join(", ")))?;
    }
    if let Some(of) = entry.alias_of {
        field(out, "alias of", plain(&escape(of)))?;
    }
    if entry.deprecated {
        field(out, "deprecated", plain("yes"))?;
    }
    let hang = INDENT + LABEL + 1;
    for (i, at) in entry.locations().into_iter().enumerate() {
        let place = escape(&makefile.describe(at)).into_owned();
        if i == 0 {
            field(out, "defined at", plain(&place))?;
        } else {
            writeln!(out, "{:hang$}{place}", "")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    fn list(text: &str, options: Options) -> String {
        let makefile = parse_str(text, &Config::default());
        let mut out = Vec::new();
        listing(
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
    fn lists_everything_when_nothing_is_documented() {
        assert_eq!(
            list("b:\na: | c\n_hidden:\n", Options::default()),
            "  a  [| c]\n  b  (default)\n"
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
