//! Which comment documents which target, variable or pattern rule, reading
//! every convention found in the wild at once, with no configuration:
//!
//! 1. a comment after the line, `build: # doc`, `build: ## doc`,
//!    `VERSION ?= 1.2 ## doc`;
//! 2. a comment block directly above the line (the reader keeps it across
//!    `.PHONY:` lines, `export` lines and target-specific variable lines,
//!    and drops it at a blank line or an assignment): its marked lines if
//!    it has any, else the whole plain `#` block — unless that block is
//!    commented-out code;
//! 3. `.PHONY: build # doc` when `.PHONY` names only that target;
//! 4. a `#_# build: doc` line anywhere.
//!
//! A marked line starts with `##`, `#:`, `#>`, `#?` or `#'`; `##!` marks
//! it emphasised, `##%` deprecated. A marked doc beats a plain `#` one
//! wherever each stands; among docs of one kind the inline comment wins,
//! then the block above, then `.PHONY`, then `#_#`. A doc's first line
//! loses a leading `name:` naming what it documents (`#? binary: Build
//! it`); `@group X` or `@category X` lines of a block, and `##@X` at the
//! start of an inline comment, put it under section `X`. `##@ Title`
//! lines open sections (read by the reader). GNU make itself ignores
//! comments (manual 3.1 "What Makefiles Contain"); these are conventions,
//! not make's rules.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::{KeyedDoc, LineComments, Location, Makefile, RuleLine, Target};

/// Where a doc came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The comment on the line.
    Inline,
    /// The comment block above the line.
    Above,
    /// The comment on a `.PHONY` line naming only this target.
    Phony,
    /// A `#_# name: doc` line.
    Keyed,
}

/// A doc: a target's, a variable's or a pattern rule's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc<'m> {
    /// The whole text, lines joined with `\n` (paragraphs separated by an
    /// empty line); the summary alone for a one-line doc. Borrowed from
    /// the model for a one-line comment, the most common doc.
    pub text: Cow<'m, str>,
    /// Where it came from.
    pub source: Source,
    /// The line it belongs to (`None` for `.PHONY`), or the `#_#` line.
    pub location: Option<Location>,
    /// Written with a doc marker (`##`, `#:`, `#>`, `#?`, `#'`, `#_#`),
    /// not as a plain `#` comment.
    pub marked: bool,
    /// `##!`: to stand out.
    pub emphasis: bool,
    /// `##%`: deprecated, listed only with `--all`.
    pub deprecated: bool,
    /// The section a tag names (`@group X`, `@category X`, `##@X doc`).
    pub section: Option<&'m str>,
}

impl Doc<'_> {
    /// The first line.
    #[must_use]
    pub fn summary(&self) -> &str {
        self.text.split('\n').next().unwrap_or_default()
    }
}

/// What a comment line's first characters say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `#`
    Plain,
    /// `##`, `#:`, `#>`, `#?`, `#'`
    Marked,
    /// `##!`
    Emphasis,
    /// `##%`
    Deprecated,
    /// `##@`: a section (inline: `##@group doc`).
    Section,
    /// `#_#`: a doc of the name it starts with, wherever it stands.
    Keyed,
}

/// A comment line's mark and the text after it.
fn classify(line: &str) -> (Mark, &str) {
    for (prefix, mark) in [
        ("##@", Mark::Section),
        ("##!", Mark::Emphasis),
        ("##%", Mark::Deprecated),
        ("#_#", Mark::Keyed),
        ("#:", Mark::Marked),
        ("#>", Mark::Marked),
        ("#?", Mark::Marked),
        ("#'", Mark::Marked),
    ] {
        if let Some(rest) = line.strip_prefix(prefix) {
            return (mark, rest);
        }
    }
    if line.starts_with("##") {
        (Mark::Marked, line)
    } else {
        (Mark::Plain, line)
    }
}

/// A doc's text as written, before it is shaped: its lines, and what its
/// marks and tags said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Block<'a> {
    /// The lines of text, without the blank ones at either end.
    pub lines: Vec<&'a str>,
    pub marked: bool,
    pub emphasis: bool,
    pub deprecated: bool,
    pub section: Option<&'a str>,
}

/// `@group X` or `@category X`: the section it names.
fn section_tag(text: &str) -> Option<&str> {
    let text = text.trim();
    let rest = text
        .strip_prefix("@group")
        .or_else(|| text.strip_prefix("@category"))?;
    let title = rest.strip_prefix(|c: char| c.is_whitespace())?.trim();
    (!title.is_empty()).then_some(title)
}

/// The text of an inline comment (`# doc`, `## doc`, `#? doc`): without
/// its marker and blanks; `None` when nothing is left. `##@group doc`
/// names a section and documents with the rest.
#[must_use]
pub(crate) fn inline_block(comment: &str) -> Option<Block<'_>> {
    let (mark, rest) = classify(comment);
    let mut block = Block {
        marked: mark != Mark::Plain,
        emphasis: mark == Mark::Emphasis,
        deprecated: mark == Mark::Deprecated,
        ..Block::default()
    };
    let text = match mark {
        Mark::Section => {
            let rest = rest.trim();
            let (group, doc) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            block.section = (!group.is_empty()).then_some(group);
            doc.trim()
        }
        Mark::Keyed => {
            let rest = rest.trim();
            rest.split_once(':').map_or(rest, |(_, doc)| doc.trim())
        }
        _ => crate::model::comment_text(rest),
    };
    if text.is_empty() {
        return None;
    }
    block.lines.push(text);
    Some(block)
}

/// The text of an inline comment, as [`inline_block`] reads it.
#[must_use]
pub(crate) fn inline_doc(comment: &str) -> Option<&str> {
    inline_block(comment).map(|b| b.lines[0])
}

/// The doc held by a comment block above a line (raw lines, `#`s
/// included): its marked lines if any of them holds text, else the whole
/// block unless it is commented-out code; `#_#` lines belong to the name
/// they start with, and are left out. `None` when no text is left.
#[must_use]
pub(crate) fn block_doc<'a>(lines: &[&'a str]) -> Option<Block<'a>> {
    let lines: Vec<(Mark, &'a str)> = lines
        .iter()
        .map(|l| classify(l))
        .filter(|(mark, _)| !matches!(mark, Mark::Keyed | Mark::Section))
        .collect();
    let is_marked = |mark: Mark| matches!(mark, Mark::Marked | Mark::Emphasis | Mark::Deprecated);
    // `##########` frames alone do not make a `##` block.
    let marked = lines
        .iter()
        .any(|&(mark, text)| is_marked(mark) && !line_text(text).is_empty());
    let mut block = Block {
        marked,
        ..Block::default()
    };
    let chosen: Vec<(Mark, &str)> = if marked {
        lines.into_iter().filter(|&(m, _)| is_marked(m)).collect()
    } else {
        let raw: Vec<&str> = lines.iter().map(|&(_, l)| l).collect();
        if is_commented_out_code(&raw) {
            return None;
        }
        lines
    };
    let mut texts: Vec<&'a str> = Vec::with_capacity(chosen.len());
    for (mark, line) in chosen {
        let text = line_text(line);
        if let Some(title) = section_tag(text) {
            block.section = Some(title);
            continue;
        }
        block.emphasis |= mark == Mark::Emphasis;
        block.deprecated |= mark == Mark::Deprecated;
        texts.push(text);
    }
    // Remove the indentation the lines share, keep the rest (lists, code).
    let indent = texts
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.len() - t.trim_start().len())
        .min()
        .unwrap_or(0);
    for text in texts {
        let text = if text.trim().is_empty() {
            ""
        } else {
            text[indent..].trim_end()
        };
        // Paragraph breaks: one empty line, never two in a row.
        if text.is_empty() && block.lines.last().is_some_and(|l| l.is_empty()) {
            continue;
        }
        block.lines.push(text);
    }
    while block.lines.first().is_some_and(|l| l.is_empty()) {
        block.lines.remove(0);
    }
    while block.lines.last().is_some_and(|l| l.is_empty()) {
        block.lines.pop();
    }
    (!block.lines.is_empty()).then_some(block)
}

/// One comment line's text: without its leading `#`s, a `#` frame at its
/// end (`# Build #`), and empty when it is only a rule of punctuation
/// (`#########`, `# -------`).
fn line_text(line: &str) -> &str {
    let text = line.trim_start_matches('#').trim_end();
    let text = match text.trim_end_matches('#') {
        framed if framed.len() < text.len() && framed.ends_with(char::is_whitespace) => {
            framed.trim_end()
        }
        _ => text,
    };
    let body = text.trim();
    let mut chars = body.chars();
    if let Some(first) = chars.next()
        && body.chars().count() >= 3
        && "-=*~_+#".contains(first)
        && chars.all(|c| c == first)
    {
        return "";
    }
    text.strip_prefix(' ').unwrap_or(text)
}

/// A plain `#` block is commented-out code, not documentation, when one of
/// its lines is a commented-out recipe line (a TAB right after the `#`s) or
/// its first line reads like make code (`:=`, `$(`, `${`).
fn is_commented_out_code(lines: &[&str]) -> bool {
    let recipe = lines
        .iter()
        .any(|l| l.trim_start_matches('#').starts_with('\t'));
    let first_is_code = lines
        .iter()
        .map(|l| l.trim_start_matches('#').trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.contains(":=") || t.contains("$(") || t.contains("${"));
    recipe || first_is_code
}

/// `text` without a leading `name:` naming what it documents (`binary:
/// Build the binary` documents `binary`), when text is left.
fn without_name<'a>(text: &'a str, name: &str) -> &'a str {
    text.strip_prefix(name)
        .and_then(|rest| rest.trim_start().strip_prefix(':'))
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(text)
}

/// The doc a block makes for `name`.
fn doc_of<'m>(block: Block<'m>, name: &str, source: Source, location: Option<Location>) -> Doc<'m> {
    let mut lines = block.lines;
    lines[0] = without_name(lines[0], name);
    let text = if lines.len() == 1 {
        Cow::Borrowed(lines[0])
    } else {
        Cow::Owned(lines.join("\n"))
    };
    Doc {
        text,
        source,
        location,
        marked: block.marked,
        emphasis: block.emphasis,
        deprecated: block.deprecated,
        section: block.section,
    }
}

/// The doc of `name` held by a line's comments, as [`doc_for`] ranks
/// them: a marked doc before a plain one, the inline one first.
#[must_use]
pub(crate) fn line_docs<'m>(
    comments: &'m LineComments,
    name: &str,
    location: Location,
) -> [Option<Doc<'m>>; 2] {
    let inline = comments
        .inline
        .as_deref()
        .and_then(inline_block)
        .map(|b| doc_of(b, name, Source::Inline, Some(location)));
    let above: Vec<&str> = comments.above.iter().map(|l| &**l).collect();
    let above = block_doc(&above).map(|b| doc_of(b, name, Source::Above, Some(location)));
    [inline, above]
}

/// The first marked doc among `candidates`, else the first one: a `##`
/// doc beats a plain `#` comment wherever each stands.
pub(crate) fn best<'m>(candidates: impl IntoIterator<Item = Doc<'m>>) -> Option<Doc<'m>> {
    let mut first = None;
    for doc in candidates {
        if doc.marked {
            return Some(doc);
        }
        first.get_or_insert(doc);
    }
    first
}

/// The doc of a rule line's inline comment.
fn inline_definition_doc<'m>(definition: RuleLine<'m>, name: &str) -> Option<Doc<'m>> {
    let block = inline_block(definition.inline_comment()?)?;
    Some(doc_of(
        block,
        name,
        Source::Inline,
        Some(definition.location()),
    ))
}

/// The doc of the comment block above a rule line.
fn block_definition_doc<'m>(definition: RuleLine<'m>, name: &str) -> Option<Doc<'m>> {
    let above = definition.comment_above();
    if above.is_empty() {
        return None;
    }
    let block = block_doc(&above.iter().collect::<Vec<_>>())?;
    Some(doc_of(
        block,
        name,
        Source::Above,
        Some(definition.location()),
    ))
}

/// The doc of a `#_# name: doc` line.
fn keyed_doc(keyed: &KeyedDoc) -> Doc<'_> {
    Doc {
        text: Cow::Borrowed(&keyed.text),
        source: Source::Keyed,
        location: Some(keyed.location),
        marked: true,
        emphasis: false,
        deprecated: false,
        section: None,
    }
}

/// A target's doc: the first marked doc, else the first plain one, among
/// the inline comments of its rule lines, then the blocks above them, then
/// its `.PHONY` comment. Only the docs looked at are built; `#_#` lines
/// are not looked at (see [`target_doc_in`]).
#[must_use]
pub fn target_doc(target: Target<'_>) -> Option<Doc<'_>> {
    target_doc_with(target, None)
}

/// [`target_doc`], `#_# name:` lines of the makefile included.
#[must_use]
pub fn target_doc_in<'m>(makefile: &'m Makefile, target: Target<'m>) -> Option<Doc<'m>> {
    let keyed = makefile
        .keyed_docs
        .iter()
        .find(|k| &*k.name == target.name());
    target_doc_with(target, keyed)
}

fn target_doc_with<'m>(target: Target<'m>, keyed: Option<&'m KeyedDoc>) -> Option<Doc<'m>> {
    if keyed.is_none() && !may_have_doc(target) {
        return None;
    }
    let name = target.name();
    let definitions = target.definitions();
    let inline = definitions
        .clone()
        .filter_map(|d| inline_definition_doc(d, name));
    let above = definitions.filter_map(|d| block_definition_doc(d, name));
    let phony = std::iter::once(()).filter_map(|()| {
        let block = inline_block(target.phony_comment()?)?;
        Some(doc_of(block, name, Source::Phony, None))
    });
    best(inline.chain(above).chain(phony).chain(keyed.map(keyed_doc)))
}

/// The main makefile's header block as text (see
/// [`Makefile::header`]), lines joined with `\n`.
#[must_use]
pub fn header(makefile: &Makefile) -> Option<String> {
    let lines: Vec<&str> = makefile.header.as_ref()?.iter().map(|l| &**l).collect();
    Some(block_doc(&lines)?.lines.join("\n"))
}

/// Whether a target may have a doc, found without building one: `false`
/// when it has no comment that [`target_doc`] would look at.
#[must_use]
pub fn may_have_doc(target: Target<'_>) -> bool {
    target.definitions().any(RuleLine::has_comments)
        || target.phony_lines().any(RuleLine::has_comments)
}

/// Names that start with `_` or `.` are internal: listed only on request.
#[must_use]
pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

/// A position in reading order, as a rank: entries compare as make reads
/// their lines (an included file's lines come right after its include line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReadingOrder(u32);

impl ReadingOrder {
    /// The rank `rank` (past four billion, the last one).
    #[must_use]
    pub(crate) fn at(rank: usize) -> Self {
        ReadingOrder(u32::try_from(rank).unwrap_or(u32::MAX))
    }
}

/// For each file, the main makefile and the line numbers of the include
/// lines that led to it: a line's place in reading order is its file's
/// chain, then its own line number. Built once, files being few.
pub(crate) struct IncludeChains(Vec<Vec<u32>>);

impl IncludeChains {
    pub(crate) fn of(makefile: &Makefile) -> Self {
        let mut chains: Vec<Vec<u32>> = Vec::with_capacity(makefile.files.len());
        for (file, source) in makefile.files.iter().enumerate() {
            let chain = match &source.found {
                // An include always comes from a file read earlier.
                crate::model::Found::Include { from, .. } if (from.file as usize) < file => {
                    let mut chain = chains[from.file as usize].clone();
                    chain.push(from.line);
                    chain
                }
                _ => vec![file as u32],
            };
            chains.push(chain);
        }
        IncludeChains(chains)
    }

    /// Compares two places in reading order.
    pub(crate) fn compare(&self, a: Option<Location>, b: Option<Location>) -> std::cmp::Ordering {
        let key = |at: Option<Location>| {
            let chain = at.map_or(&[][..], |at| {
                self.0.get(at.file as usize).map_or(&[][..], Vec::as_slice)
            });
            chain.iter().copied().chain(at.map(|at| at.line))
        };
        key(a).cmp(key(b))
    }
}

/// A target as the help shows it.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts of one target"
)]
#[derive(Debug, Clone)]
pub struct Entry<'m> {
    /// The target.
    pub target: Target<'m>,
    /// It has a doc: `doc().is_some()`, known without building the doc
    /// (see `Entry::doc`).
    pub documented: bool,
    /// The `##@` section it falls under.
    pub section: Option<&'m str>,
    /// Internal (`_name`, `.name`).
    pub hidden: bool,
    /// The goal make builds with no argument.
    pub default: bool,
    /// Its doc is marked deprecated (`##%`): listed only with `--all`.
    pub deprecated: bool,
    /// Its doc is marked to stand out (`##!`).
    pub emphasis: bool,
    /// The other names shown beside it (see [`aliases`]).
    pub aliases: Vec<&'m str>,
    /// The target it is shown beside, as one of its aliases.
    pub alias_of: Option<&'m str>,
    /// The `#_# name:` line that documents it, if any.
    pub keyed: Option<&'m KeyedDoc>,
    /// Where it stands in reading order (its documented rule line, else its
    /// first one).
    pub order: ReadingOrder,
}

impl<'m> Entry<'m> {
    /// Its doc, if documented: found again from the model (see
    /// [`target_doc`]), so that a long list of entries keeps none.
    #[must_use]
    pub fn doc(&self) -> Option<Doc<'m>> {
        target_doc_with(self.target, self.keyed)
    }

    /// Every place the target is defined: its rule lines, or the `.PHONY`
    /// lines when it has no rule.
    #[must_use]
    pub(crate) fn locations(&self) -> Vec<Location> {
        let mut definitions = self.target.definitions().peekable();
        if definitions.peek().is_none() {
            self.target.phony_lines().map(RuleLine::location).collect()
        } else {
            definitions.map(RuleLine::location).collect()
        }
    }
}

/// Every target of the makefile as an entry (documented or not, its
/// section), in reading order.
#[must_use]
pub fn entries(makefile: &Makefile) -> Vec<Entry<'_>> {
    entries_where(makefile, |_| true, makefile.targets.len())
}

/// The entries that `keep` accepts, in reading order: on a large tree,
/// the few that a listing shows take less room than all of them. `keep`
/// sees each entry before its place in reading order is known (its
/// `order` is 0). `room`: how many entries to make room for at once (the
/// lists grow past it, and give back what they did not use).
#[must_use]
pub(crate) fn entries_where<'m>(
    makefile: &'m Makefile,
    keep: impl Fn(&Entry<'m>) -> bool,
    room: usize,
) -> Vec<Entry<'m>> {
    let chains = IncludeChains::of(makefile);
    let keyed = keyed_docs(makefile);
    let mut aliases = aliases(makefile);
    // Where each entry stands, sorted apart from the entries themselves:
    // one list of entries, built once and moved once.
    let mut places: Vec<(Option<Location>, u32)> = Vec::with_capacity(room);
    let mut entries: Vec<Entry<'m>> = Vec::with_capacity(room);
    for target in &makefile.targets {
        let keyed = keyed.get(target.name()).copied();
        let doc = target_doc_with(target, keyed);
        let definition = doc
            .as_ref()
            .and_then(|d| d.location)
            .and_then(|at| target.definitions().find(|d| d.location() == at))
            .or_else(|| target.definitions().next());
        let entry = Entry {
            target,
            section: doc.as_ref().and_then(|d| d.section).or_else(|| {
                definition
                    .and_then(RuleLine::section)
                    .map(|id| makefile.section(id))
            }),
            hidden: is_hidden(target.name()),
            default: makefile.default_goal.as_deref() == Some(target.name()),
            documented: doc.is_some(),
            deprecated: doc.as_ref().is_some_and(|d| d.deprecated),
            emphasis: doc.as_ref().is_some_and(|d| d.emphasis),
            aliases: aliases.of.remove(target.name()).unwrap_or_default(),
            alias_of: aliases.alias_of.get(target.name()).copied(),
            keyed,
            order: ReadingOrder(0),
        };
        if !keep(&entry) {
            continue;
        }
        let at = definition
            .map(RuleLine::location)
            .or_else(|| target.first_location());
        places.push((at, entries.len() as u32));
        entries.push(entry);
    }
    // Room made for entries not kept goes back (when `room` was more than
    // the entries kept, or the lists grew past it by doubling).
    entries.shrink_to_fit();
    places.shrink_to_fit();
    // Targets at one place keep their order. In place: a stable sort would
    // take a second list as long.
    places.sort_unstable_by(|a, b| chains.compare(a.0, b.0).then(a.1.cmp(&b.1)));
    for (rank, &(_, i)) in places.iter().enumerate() {
        entries[i as usize].order = ReadingOrder(rank as u32);
    }
    drop(places);
    entries.sort_unstable_by_key(|e| e.order);
    entries
}

/// The `#_# name:` lines by name (the first one for a name).
fn keyed_docs(makefile: &Makefile) -> HashMap<&str, &KeyedDoc, hashbrown::DefaultHashBuilder> {
    let mut map = HashMap::default();
    for keyed in &makefile.keyed_docs {
        map.entry(&*keyed.name).or_insert(keyed);
    }
    map
}

/// Names shown beside another target's: `b: build` (no recipe, one
/// prerequisite that is a target, no doc of its own, not the default goal)
/// is an alias of `build`; the names of one rule line that share its doc
/// (`clean distclean: ## Remove`, at most [`MAX_SHARED_NAMES`]) are shown
/// beside the first.
#[derive(Debug, Default)]
pub struct Aliases<'m> {
    /// For a target, the names shown beside it, in reading order.
    pub of: HashMap<&'m str, Vec<&'m str>, hashbrown::DefaultHashBuilder>,
    /// For an alias, the target it is shown beside.
    pub alias_of: HashMap<&'m str, &'m str, hashbrown::DefaultHashBuilder>,
}

/// Names of one rule line grouped on one line of the listing at most: a
/// generated rule for hundreds of files lists them one a line.
pub(crate) const MAX_SHARED_NAMES: usize = 4;

/// The aliases of the makefile's targets (see [`Aliases`]).
#[must_use]
pub fn aliases(makefile: &Makefile) -> Aliases<'_> {
    let mut found = Aliases::default();
    let keyed = keyed_docs(makefile);
    // Targets with comments, by the first commented rule line that names
    // them: sorted, so that the few lines naming several come together.
    // Docs are built only for those lines and for alias candidates.
    let mut commented: Vec<(Location, Target<'_>)> = Vec::new();
    // Targets shaped like aliases, with their one prerequisite.
    let mut candidates: Vec<(Target<'_>, &str)> = Vec::new();
    for target in &makefile.targets {
        if let Some(line) = target.definitions().find(|d| d.has_comments()) {
            commented.push((line.location(), target));
        } else if let Some(of) = alias_shaped(makefile, target) {
            candidates.push((target, of));
        }
    }
    commented.sort_unstable_by_key(|&(at, _)| at);
    for run in commented.chunk_by(|a, b| a.0 == b.0) {
        let at = run[0].0;
        if let [(_, target)] = run {
            // Its comments may hold no doc: then it may be an alias.
            if let Some(of) = alias_shaped(makefile, *target) {
                candidates.push((*target, of));
            }
            continue;
        }
        if run.len() > MAX_SHARED_NAMES {
            continue;
        }
        let names: Vec<&str> = run
            .iter()
            .filter(|(_, t)| {
                target_doc_with(*t, keyed.get(t.name()).copied()).is_some_and(|d| {
                    d.location == Some(at) && matches!(d.source, Source::Inline | Source::Above)
                })
            })
            .map(|(_, t)| t.name())
            .collect();
        if names.len() < 2 {
            continue;
        }
        let first = names[0];
        for &other in &names[1..] {
            found.alias_of.insert(other, first);
        }
        let list = found.of.entry(first).or_default();
        list.splice(0..0, names[1..].iter().copied());
    }
    if candidates.is_empty() {
        return found;
    }
    // The targets the candidates name, found in one pass: a look-up by
    // name would sort every name first.
    let mut named: HashMap<&str, Option<Target<'_>>, hashbrown::DefaultHashBuilder> =
        candidates.iter().map(|&(_, of)| (of, None)).collect();
    for target in &makefile.targets {
        if let Some(slot) = named.get_mut(target.name()) {
            slot.get_or_insert(target);
        }
    }
    candidates.sort_by_key(|(t, _)| t.first_location());
    for (target, of) in candidates {
        let Some(Some(aliased)) = named.get(of).copied() else {
            continue;
        };
        // Not an alias of an alias, nor of itself; and without a doc.
        if of == target.name()
            || (alias_shaped(makefile, aliased).is_some() && target_doc(aliased).is_none())
            || target_doc_with(target, keyed.get(target.name()).copied()).is_some()
        {
            continue;
        }
        found.alias_of.insert(target.name(), aliased.name());
        found
            .of
            .entry(aliased.name())
            .or_default()
            .push(target.name());
    }
    found
}

/// The one prerequisite of a target shaped like an alias: it has a rule,
/// no recipe, one normal prerequisite and no order-only one, and is not
/// the default goal. Whether it has a doc is not looked at.
fn alias_shaped<'m>(makefile: &Makefile, target: Target<'m>) -> Option<&'m str> {
    if target.has_recipe()
        || target.double_colon()
        || !target.order_only().is_empty()
        || target.definitions().next().is_none()
    {
        return None;
    }
    let mut names = target.prerequisites().iter();
    let of = names.next()?;
    if names.next().is_some() || makefile.default_goal.as_deref() == Some(target.name()) {
        return None;
    }
    Some(of)
}

/// Entries grouped by section: targets without a section first, then each
/// section in reading order of its first target. Within a group, targets
/// are sorted by name, or kept in reading order when `sorted` is false.
#[must_use]
pub(crate) fn sections<'e, 'm>(
    entries: &[&'e Entry<'m>],
    sorted: bool,
) -> Vec<(Option<&'m str>, Vec<&'e Entry<'m>>)> {
    let mut groups: Vec<(Option<&'m str>, Vec<&'e Entry<'m>>)> = Vec::new();
    // Each entry finds its group by the section's title, not by a search
    // of the groups: a makefile may have 100,000 sections.
    let mut group_of: HashMap<Option<&'m str>, usize> = HashMap::new();
    let mut in_order: Vec<&'e Entry<'m>> = entries.to_vec();
    in_order.sort_by_key(|a| a.order);
    let mut last: Option<usize> = None;
    for entry in in_order {
        // Entries in reading order mostly follow one another in a section:
        // the group of the one before needs no look-up.
        if let Some(g) = last
            && same_section(groups[g].0, entry.section)
        {
            groups[g].1.push(entry);
            continue;
        }
        let next = groups.len();
        let group = *group_of.entry(entry.section).or_insert(next);
        last = Some(group);
        if group == next {
            groups.push((entry.section, Vec::new()));
        }
        groups[group].1.push(entry);
    }
    // Stable: sections keep their reading order, the unsectioned go first.
    groups.sort_by(|a, b| match (a.0, b.0) {
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        _ => Ordering::Equal,
    });
    if sorted {
        for (_, list) in &mut groups {
            list.sort_by(|a, b| a.target.name().cmp(b.target.name()));
        }
    }
    groups
}

/// The same section: one title is one `&str` of the makefile, so the
/// pointers usually tell.
fn same_section(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
        _ => false,
    }
}

/// Target names close to `name`, best first (at most three), for "did you
/// mean" hints.
#[must_use]
pub(crate) fn suggestions<'m>(makefile: &'m Makefile, name: &str) -> Vec<&'m str> {
    // A similarity costs the product of the two lengths. It is computed for
    // names about as long as the one asked for (a typo adds or drops a few
    // characters; a name that contains it is found by `contains`), and for
    // at most so many character pairs in all; a name too long to be a typo
    // gets none. So a mistyped name against a million targets answers at
    // once, and a long one too.
    const MAX_PAIRS: usize = 256 << 20;
    const MAX_TYPO_LEN: usize = 128;
    let length = name.chars().count();
    let slack = (length / 4).max(3);
    let mut budget = if length <= MAX_TYPO_LEN { MAX_PAIRS } else { 0 };
    let mut scored: Vec<(f64, &str)> = makefile
        .target_names()
        .into_iter()
        .filter_map(|candidate| {
            if length >= 3 && candidate.contains(name) {
                return Some((1.0, candidate));
            }
            if candidate.len().abs_diff(length) > slack {
                return None;
            }
            let pairs = length * candidate.len();
            if pairs > budget {
                budget = 0;
                return None;
            }
            budget -= pairs;
            let score = strsim::jaro_winkler(name, candidate);
            (score >= 0.8).then_some((score, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    fn summary_of(text: &str, target: &str) -> Option<String> {
        let makefile = parse_str(text, &Config::default());
        let target = makefile.target(target).expect("target");
        let doc = target_doc(target);
        assert!(doc.is_none() || may_have_doc(target), "{text:?}");
        doc.map(|d| d.summary().to_string())
    }

    macro_rules! doc_case {
        ($name:ident, $text:expr, $target:expr, $want:expr) => {
            #[test]
            fn $name() {
                let want: Option<&str> = $want;
                assert_eq!(summary_of($text, $target).as_deref(), want, "{:?}", $text);
            }
        };
    }

    doc_case!(
        inline_single_hash,
        "build: clean # Build it\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        inline_double_hash,
        "build: ## Build it\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        inline_many_hashes,
        "build: ###   Build it  \n",
        "build",
        Some("Build it")
    );
    doc_case!(inline_empty, "build: ##\n", "build", None);
    doc_case!(
        above_double_hash,
        "## Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        above_plain_block,
        "# Build it\n# More.\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        above_prefers_double_hash_lines,
        "# internal note\n## Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        blank_line_separates,
        "## Build it\n\nbuild:\n",
        "build",
        None
    );
    doc_case!(
        assignment_clears,
        "## Build it\nX = 1\nbuild:\n",
        "build",
        None
    );
    doc_case!(
        phony_line_between,
        "## Build it\n.PHONY: build\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        export_line_between,
        "## Build it\nexport X\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        target_variable_between,
        "## Run tests\ntest: V = x\ntest:\n",
        "test",
        Some("Run tests")
    );
    doc_case!(
        phony_comment,
        ".PHONY: build ## Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        phony_comment_last_line_naming_only_it,
        ".PHONY: b ## First\n.PHONY: b c ## Both\n.PHONY: b ## Second\n.PHONY: b\nb:\n",
        "b",
        Some("Second")
    );
    doc_case!(
        phony_comment_many_names,
        ".PHONY: a b ## Both\na b:\n",
        "a",
        None
    );
    doc_case!(
        inline_beats_above_and_phony,
        ".PHONY: b ## phony\n## above\nb: ## inline\n",
        "b",
        Some("inline")
    );
    doc_case!(
        above_beats_phony,
        ".PHONY: b ## phony\n## above\nb:\n",
        "b",
        Some("above")
    );
    doc_case!(
        inline_on_a_later_rule_wins,
        "## above\nb: x\nb: ## inline\n",
        "b",
        Some("inline")
    );
    doc_case!(
        first_block_above_wins_without_inline,
        "b: x\n## one\nb: y\n## two\nb: z\n",
        "b",
        Some("one")
    );
    doc_case!(
        commented_recipe,
        "#old:\n#\tgo build\nbuild:\n",
        "build",
        None
    );
    doc_case!(
        commented_assignment,
        "#CFLAGS := -O2\nbuild:\n",
        "build",
        None
    );
    doc_case!(commented_reference, "# $(CC) -o x\nbuild:\n", "build", None);
    doc_case!(
        reference_in_prose_below_summary,
        "# Build it\n# with $(GO).\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        double_hash_is_never_code,
        "## Build with $(GO)\nbuild:\n",
        "build",
        Some("Build with $(GO)")
    );
    doc_case!(
        framed_block,
        "##########\n# Build  #\n##########\nbuild:\n",
        "build",
        Some("Build")
    );
    doc_case!(
        section_line_is_not_a_doc,
        "##@ Build\nbuild:\n",
        "build",
        None
    );
    doc_case!(
        recipe_comment_does_not_leak,
        "a:\n\t# in recipe\nb:\n",
        "b",
        None
    );
    doc_case!(
        pattern_rule_takes_block,
        "## objects\n%.o: %.c\nb:\n",
        "b",
        None
    );

    doc_case!(
        remake_marker,
        "#: Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        arrow_marker,
        "#> Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        question_marker_drops_the_name,
        "#? binary: Build the binary\nbinary:\n",
        "binary",
        Some("Build the binary")
    );
    doc_case!(
        quote_marker,
        "#' Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        inline_marker,
        "build: #? Build it\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        marked_lines_beat_plain_ones_in_a_block,
        "# a note\n#> Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        double_hash_name_prefix_dropped,
        "## build: Build it\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        another_name_prefix_kept,
        "## go: the compiler\nbuild:\n",
        "build",
        Some("go: the compiler")
    );
    doc_case!(
        emphasis_marker,
        "deploy: ##! Ship it\n",
        "deploy",
        Some("Ship it")
    );
    doc_case!(
        deprecated_marker,
        "##% Use build\nold:\n",
        "old",
        Some("Use build")
    );
    doc_case!(
        inline_group,
        "image: ##@docker Build the image\n",
        "image",
        Some("Build the image")
    );
    doc_case!(
        group_tag_is_not_text,
        "## Build it\n## @group Go\nbuild:\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        keyed_line_is_not_a_block_doc,
        "#_# test: Run the tests\nbuild:\n",
        "build",
        None
    );
    // docker-cli: `#` on one rule line, `##` on the other: `##` wins.
    doc_case!(
        marked_inline_beats_plain_inline,
        "shell-completion: build/docker # requires a build\nshell-completion: ## generate shell-completion scripts\n",
        "shell-completion",
        Some("generate shell-completion scripts")
    );
    doc_case!(
        marked_block_beats_plain_inline,
        "## Build it\nbuild: # a note\n",
        "build",
        Some("Build it")
    );
    doc_case!(
        plain_inline_beats_plain_block,
        "# a block\nbuild: # the line\n",
        "build",
        Some("the line")
    );

    fn doc_in(text: &str, name: &str) -> Option<(String, bool, bool, Option<String>)> {
        let makefile = parse_str(text, &Config::default());
        let target = makefile.target(name).expect("target");
        target_doc_in(&makefile, target).map(|d| {
            (
                d.text.to_string(),
                d.emphasis,
                d.deprecated,
                d.section.map(str::to_string),
            )
        })
    }

    #[test]
    fn marks_and_tags_are_kept_apart_from_the_text() {
        let s = |t: &str| t.to_string();
        assert_eq!(
            doc_in("deploy: ##! Ship it\n", "deploy"),
            Some((s("Ship it"), true, false, None))
        );
        assert_eq!(
            doc_in("##% Use build\nold:\n", "old"),
            Some((s("Use build"), false, true, None))
        );
        assert_eq!(
            doc_in("image: ##@docker Build it\n", "image"),
            Some((s("Build it"), false, false, Some(s("docker"))))
        );
        assert_eq!(
            doc_in("## Vet it\n## @category quality\nvet:\n", "vet"),
            Some((s("Vet it"), false, false, Some(s("quality"))))
        );
        assert_eq!(
            doc_in("#_# fmt: Format the code\n\nbuild:\nfmt:\n", "fmt"),
            Some((s("Format the code"), false, false, None))
        );
        // A doc of its own beats a `#_#` line only when marked.
        assert_eq!(
            doc_in("#_# fmt: keyed\nfmt: # plain\n", "fmt").map(|d| d.0),
            Some(s("keyed"))
        );
    }

    #[test]
    fn aliases_and_shared_docs() {
        let makefile = parse_str(
            "all: build\nbuild: ## Build it\n\t@cc\nb: build\nclean distclean: ## Remove\nx: y\ny: z\n",
            &Config::default(),
        );
        let found = aliases(&makefile);
        assert_eq!(found.of.get("build"), Some(&vec!["b"]));
        assert_eq!(found.of.get("clean"), Some(&vec!["distclean"]));
        // `all` is the default goal; `x` names a target that is an alias
        // itself (no recipe, one prerequisite).
        assert_eq!(found.alias_of.get("all"), None);
        assert_eq!(found.alias_of.get("x"), None);
    }

    #[test]
    fn long_doc_keeps_paragraphs_and_indentation() {
        let lines = ["## Deploy.", "##", "##", "## Steps:", "##   - push", "##"];
        assert_eq!(
            block_doc(&lines).unwrap().lines,
            ["Deploy.", "", "Steps:", "  - push"]
        );
    }

    #[test]
    fn sections_last_until_the_next_one() {
        let makefile = parse_str(
            "##@ Build\nb: ## b\n##@ Test\nt: ## t\n",
            &Config::default(),
        );
        let entries = entries(&makefile);
        let sections: Vec<_> = entries.iter().map(|e| e.section).collect();
        assert_eq!(sections, [Some("Build"), Some("Test")]);
    }

    #[test]
    fn suggestions_rank_close_names() {
        let makefile = parse_str(
            "build:\nbuilt:\ntest-unit:\ntest-e2e:\nclean:\n",
            &Config::default(),
        );
        assert_eq!(suggestions(&makefile, "buidl"), ["build", "built"]);
        assert_eq!(suggestions(&makefile, "test"), ["test-e2e", "test-unit"]);
        assert!(suggestions(&makefile, "zzz").is_empty());
    }
}
