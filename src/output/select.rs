//! Which targets `make-help` lists by default, and which doc counts as a
//! target's description there. [`crate::output::docs`] decides which
//! comment belongs to which target; this module decides, on top of it,
//! what a user would want to see first:
//!
//! 1. A doc counts for the listing unless it reads as a note to
//!    maintainers (`@todo`, `TODO:`, `FIXME`, `XXX`, `HACK:`, `PROTIP:`,
//!    `NOTE:`: [`is_note`]), a plain `#` comment that reads as make code
//!    ([`reads_as_code`]; a `##` comment is never code), or a comment at a
//!    rule whose targets a variable or function gave and that named more
//!    than [`MAX_DOCUMENTED_BY_ONE_LINE`] of them (`$(OBJ): | dirs` under a
//!    comment about order-only prerequisites is about the rule, not about
//!    each object file).
//! 2. When some target has a `##` doc, or a comment on its rule's line
//!    (`build: # Build it`), the makefile documents its targets: the
//!    documented targets are listed (a plain `#` block above a rule counts
//!    for a target that has no other doc).
//! 3. Else, when the makefile declares phony targets, those are listed
//!    (their plain comments as descriptions), except the phony targets
//!    that file targets depend on (the `FORCE` idiom).
//! 4. Else, when some targets have a plain `#` doc (mmake style), those.
//! 5. Else the targets that no other target depends on.
//!
//! The default goal is always listed. In cases 3 and 5 a last line tells
//! how many targets `--all` lists. Names that start with `_` or `.` are
//! listed only by `--all` or a pattern that starts with one. `--all` lists
//! everything; patterns (`docker-*`) list the targets they match, and
//! `--section` keeps the targets of the sections named.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::model::{Makefile, RuleLine, Target};
use crate::output::docs::{self, Doc, Entry, Source};

/// A rule line whose targets come from a variable or function documents
/// them when it names at most this many (`$(BINARIES): ## Build them`);
/// past it, its comment is about the rule.
pub(crate) const MAX_DOCUMENTED_BY_ONE_LINE: u32 = 3;

/// A doc as the listing uses it.
#[derive(Debug, Clone)]
pub(crate) struct ListingDoc<'m> {
    /// The doc.
    pub doc: Doc<'m>,
    /// It comes from a `##` comment.
    pub marked: bool,
    /// It comes from a `##` comment or a comment on the rule's own line
    /// (`build: # Build it`): written as documentation, where a plain `#`
    /// block above a rule may be any remark.
    pub deliberate: bool,
}

/// The words that open a note to maintainers rather than a description,
/// lowercase; each counts when followed by `:` or standing alone as the
/// first word (`TODO`), and the `@` ones in any form.
const NOTE_TAGS: [&str; 7] = ["todo", "fixme", "xxx", "hack", "protip", "note", "bug"];

/// A doc whose first word is a note tag: `@todo`, `TODO:`, `TODO(name):`,
/// `FIXME`, `XXX`, `HACK:`, `PROTIP:`, `NOTE:`, `BUG:`. A capitalised
/// word that begins a sentence (`Note that`, `Hack the build`) is prose.
#[must_use]
pub(crate) fn is_note(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let tag_of = |word: &str| -> Option<String> {
        let word = word.split('(').next().unwrap_or_default();
        let lower = word.to_ascii_lowercase();
        NOTE_TAGS.contains(&lower.as_str()).then_some(lower)
    };
    if let Some(rest) = first.strip_prefix('@') {
        return tag_of(rest.trim_end_matches(':')).is_some();
    }
    let bare = first.trim_end_matches(':');
    if tag_of(bare).is_none() {
        return false;
    }
    // `TODO`, `TODO:`, `todo:`, `TODO(ann):` are tags; `Note that` is not.
    first.ends_with(':')
        || bare
            .split('(')
            .next()
            .is_some_and(|w| w == w.to_ascii_uppercase())
}

/// A plain comment's first line that reads as make code rather than prose:
/// an assignment (`CFLAGS := -O2`, `V=1`), a directive (`include x.mk`,
/// `export X`, `ifeq (...)`), a rule (`old-start:`, `a b: c`) or a
/// reference at its start (`$(CC) -o x`).
#[must_use]
pub(crate) fn reads_as_code(first_line: &str) -> bool {
    const DIRECTIVES: [&str; 10] = [
        "include", "-include", "sinclude", "export", "unexport", "override", "ifeq", "ifneq",
        "ifdef", "ifndef",
    ];
    let text = first_line.trim();
    if text.starts_with("$(") || text.starts_with("${") {
        return true;
    }
    let first = text.split_whitespace().next().unwrap_or_default();
    if DIRECTIVES.contains(&first) && text.len() > first.len() {
        return true;
    }
    // `NAME =`, `NAME:=`, `NAME += x`: a name, then an assignment operator.
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-./".contains(c)))
        .unwrap_or(text.len());
    let after = text[name_end..].trim_start();
    if name_end > 0
        && ["=", ":=", "::=", "+=", "?=", "!="]
            .iter()
            .any(|op| after.starts_with(op))
    {
        return true;
    }
    // `old-start:` alone, or a rule that names files or references
    // (`%.o: %.c`, `app: $(OBJ)`); `usage: make x` is prose.
    if let Some((head, tail)) = text.split_once(':')
        && !head.is_empty()
        && !head.contains(' ')
        && !head.starts_with(char::is_uppercase)
        && (tail.is_empty() || tail.starts_with(' '))
    {
        return tail.trim().is_empty()
            || head.contains(['.', '/', '%', '$'])
            || tail.contains("$(")
            || tail.contains(" | ");
    }
    false
}

/// The rule line a doc belongs to.
fn doc_line<'m>(target: Target<'m>, doc: &Doc<'_>) -> Option<RuleLine<'m>> {
    let at = doc.location?;
    target.definitions().find(|d| d.location() == at)
}

/// The doc the listing shows for an entry (see [`counts`]).
#[must_use]
pub(crate) fn listing_doc<'m>(entry: &Entry<'m>) -> Option<ListingDoc<'m>> {
    counts(entry.target, entry.doc()?)
}

/// `doc`, the doc of `target` (see [`docs::target_doc`]), when it counts
/// for the listing (see the module's rule 1).
#[must_use]
pub(crate) fn counts<'m>(target: Target<'m>, doc: Doc<'m>) -> Option<ListingDoc<'m>> {
    let line = doc_line(target, &doc);
    if line.is_some_and(|l| l.expanded_targets() > MAX_DOCUMENTED_BY_ONE_LINE) {
        return None;
    }
    let marked = doc.marked;
    let first_line = doc.text.split('\n').next().unwrap_or_default();
    if is_note(first_line) || (!marked && reads_as_code(first_line)) {
        return None;
    }
    let deliberate = marked || doc.source != Source::Above;
    Some(ListingDoc {
        doc,
        marked,
        deliberate,
    })
}

/// What the listing is made of (the module's rules 2 to 5, or a choice of
/// the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// `--all`: every target.
    All,
    /// Targets matching the patterns given.
    Patterns,
    /// Documented targets.
    Documented,
    /// Phony targets (nothing is documented with `##`).
    Phony,
    /// Targets nothing depends on (no doc, no phony target).
    Roots,
}

/// The choice of targets for one listing, made once from the whole
/// makefile, so that it is the same whichever entries it is applied to.
#[derive(Debug)]
pub(crate) struct Selection<'m, 'o> {
    /// What the listing is made of.
    pub basis: Basis,
    /// For [`Basis::Phony`]: the phony targets that file targets depend
    /// on; for [`Basis::Roots`]: every name some target depends on.
    depended_on: HashSet<&'m str>,
    patterns: Vec<glob::Pattern>,
    pattern_words: &'o [String],
    sections: &'o [String],
    default_goal: Option<&'m str>,
    /// Every target, for the hint.
    pub total: usize,
}

impl<'m, 'o> Selection<'m, 'o> {
    /// Decides the listing of `makefile` for these options.
    #[must_use]
    pub(crate) fn of(
        makefile: &'m Makefile,
        all: bool,
        patterns: &'o [String],
        sections: &'o [String],
    ) -> Self {
        let mut selection = Selection {
            basis: Basis::All,
            depended_on: HashSet::new(),
            patterns: patterns
                .iter()
                .filter_map(|p| glob::Pattern::new(p).ok())
                .collect(),
            pattern_words: patterns,
            sections,
            default_goal: makefile.default_goal.as_deref(),
            total: makefile.targets.len(),
        };
        if all {
            return selection;
        }
        if !patterns.is_empty() {
            selection.basis = Basis::Patterns;
            return selection;
        }
        let (mut marked, mut documented) = (false, false);
        for target in &makefile.targets {
            if docs::is_hidden(target.name()) {
                continue;
            }
            let doc = docs::target_doc_in(makefile, target).and_then(|d| counts(target, d));
            if let Some(doc) = doc {
                documented = true;
                if doc.deliberate {
                    marked = true;
                    break;
                }
            }
        }
        if marked {
            selection.basis = Basis::Documented;
            return selection;
        }
        let phony: HashSet<&str> = makefile
            .targets
            .iter()
            .filter(|t| t.phony() && !docs::is_hidden(t.name()))
            .map(Target::name)
            .collect();
        if !phony.is_empty() {
            // The phony targets that a file depends on are there to force
            // it to be remade: helpers, not commands.
            for target in makefile.targets.iter().filter(|t| !t.phony()) {
                let deps = target
                    .prerequisites()
                    .iter()
                    .chain(target.order_only().iter());
                selection
                    .depended_on
                    .extend(deps.filter_map(|d| phony.get(d).copied()));
            }
            if phony.len() > selection.depended_on.len() {
                selection.basis = Basis::Phony;
                return selection;
            }
            selection.depended_on.clear();
        }
        if documented {
            selection.basis = Basis::Documented;
            return selection;
        }
        for target in &makefile.targets {
            let deps = target
                .prerequisites()
                .iter()
                .chain(target.order_only().iter());
            selection.depended_on.extend(deps);
        }
        selection.basis = Basis::Roots;
        selection
    }

    /// Whether the listing shows `entry`.
    #[must_use]
    pub(crate) fn keeps(&self, entry: &Entry<'_>) -> bool {
        // An alias is shown beside its target (see `docs::aliases`).
        entry.alias_of.is_none() && self.in_sections(entry) && self.chosen(entry)
    }

    fn in_sections(&self, entry: &Entry<'_>) -> bool {
        self.sections.is_empty()
            || entry
                .section
                .is_some_and(|s| self.sections.iter().any(|n| n.eq_ignore_ascii_case(s)))
    }

    fn chosen(&self, entry: &Entry<'_>) -> bool {
        let name = entry.target.name();
        match self.basis {
            Basis::All => return true,
            Basis::Patterns => {
                return self
                    .patterns
                    .iter()
                    .zip(self.pattern_words)
                    .any(|(p, word)| {
                        (word == name || p.matches(name))
                            && (!entry.hidden || word.starts_with(['.', '_']))
                    });
            }
            _ => {}
        }
        if self.default_goal == Some(name) {
            return true;
        }
        // `##%` deprecated targets are listed by `--all` and patterns only.
        if entry.hidden || entry.deprecated {
            return false;
        }
        match self.basis {
            Basis::Documented => entry.documented && listing_doc(entry).is_some(),
            Basis::Phony => entry.target.phony() && !self.depended_on.contains(name),
            Basis::Roots => !self.depended_on.contains(name),
            Basis::All | Basis::Patterns => true,
        }
    }

    /// The line after a listing that is not made of documented targets:
    /// what it holds, and how to see everything.
    #[must_use]
    pub(crate) fn hint(&self, shown: usize) -> Option<Cow<'static, str>> {
        let what = match self.basis {
            Basis::Phony => "the phony targets and the default goal",
            Basis::Roots => "the targets nothing depends on and the default goal",
            _ => return None,
        };
        (self.sections.is_empty() && shown < self.total).then(|| {
            Cow::Owned(format!(
                "No target is documented with ##: these are {what}; make-help --all lists all {}.",
                self.total
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    #[test]
    fn notes() {
        let cases = [
            ("@todo Only generate the zip file", true),
            ("@TODO", true),
            ("TODO: split it", true),
            ("TODO(ann): split it", true),
            ("TODO split it", true),
            ("todo: split it", true),
            ("FIXME", true),
            ("XXX this is slow", true),
            ("PROTIP:", true),
            ("PROTIP: Add --cpu-profile-path", true),
            ("NOTE: needs root", true),
            ("Note that this needs root", false),
            ("Hack the build", false),
            ("Todo list of the project", false),
            ("Build it", false),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_note(text), want, "{text:?}");
        }
    }

    #[test]
    fn code() {
        let cases = [
            ("CFLAGS := -O2", true),
            ("GIT_TEST_OPTS := --verbose", true),
            ("V=1", true),
            ("PREFIX ?= /usr", true),
            ("LIBS += -lm", true),
            ("$(CC) -o x", true),
            ("include local.mk", true),
            ("export GOFLAGS", true),
            ("old-start:", true),
            ("build: $(DEPS)", true),
            ("%.o: %.c", true),
            ("build: deps", false),
            ("Define V=1 to have a more verbose compile.", false),
            ("Build the program.", false),
            ("Note: needs root", false),
            ("The all: target is the default", false),
            ("usage: make deploy ENV=prod", false),
            ("include", false),
            ("Steps: Build", false),
        ];
        for (text, want) in cases {
            assert_eq!(reads_as_code(text), want, "{text:?}");
        }
    }

    fn listed(text: &str) -> (Basis, Vec<String>) {
        let makefile = parse_str(text, &Config::default());
        let selection = Selection::of(&makefile, false, &[], &[]);
        let names = docs::entries(&makefile)
            .iter()
            .filter(|e| selection.keeps(e))
            .map(|e| e.target.name().to_string())
            .collect();
        (selection.basis, names)
    }

    #[test]
    fn selections() {
        use Basis::{Documented, Phony, Roots};
        let cases: &[(&str, Basis, &[&str])] = &[
            // `##` docs: the documented targets and the default goal.
            (
                "all: app\napp:\n## Test it\ntest:\n# Clean up\nclean:\nx.o:\n",
                Documented,
                &["all", "test", "clean"],
            ),
            // A note is no doc, `##` or not.
            (
                "## Build\nb:\n## @todo split\nescript:\n# PROTIP: add flags\ngo-lint:\n",
                Documented,
                &["b"],
            ),
            // The comment above `$(OBJ):` documents none of the objects.
            (
                "OBJ = a.o b.o c.o d.o\n## Build\nall:\n# Order-only prerequisites\n$(OBJ): | dirs\n",
                Documented,
                &["all"],
            ),
            // Up to three targets from a variable share the comment (`b`
            // is listed beside `a`, see `docs::aliases`).
            (
                "BINS = a b\n## Build the binaries\n$(BINS):\n",
                Documented,
                &["a"],
            ),
            // Without `##`: the phony targets, not the commented files,
            // nor the phony helper that files depend on.
            (
                "all::\n# We need to apply sq twice\nOPTS: FORCE\n\tx\ninstall:\nclean:\nFORCE:\n.PHONY: all install clean FORCE\n",
                Phony,
                &["all", "install", "clean"],
            ),
            // Plain blocks with no phony target: mmake style.
            (
                "# Build it.\nbuild:\n#CFLAGS := -O2\nrace:\nrelease:\n",
                Documented,
                &["build"],
            ),
            // Nothing at all: what nothing depends on.
            (
                "all: app\napp: main.o\nmain.o:\ninstall: app | dirs\ndirs:\nclean:\n_x:\n",
                Roots,
                &["all", "install", "clean"],
            ),
        ];
        for (text, basis, want) in cases {
            let (got_basis, names) = listed(text);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            assert_eq!((got_basis, names.as_slice()), (*basis, *want), "{text:?}");
        }
    }

    #[test]
    fn hint_only_when_something_is_left_out() {
        let makefile = parse_str("all:\nfile:\n.PHONY: all\n", &Config::default());
        let selection = Selection::of(&makefile, false, &[], &[]);
        assert_eq!(selection.basis, Basis::Phony);
        assert!(selection.hint(1).is_some_and(|h| h.contains("all 2")));
        assert!(selection.hint(2).is_none());
    }
}
