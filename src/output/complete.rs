//! What `make <TAB>` offers: the goals one can give make on its command line
//! ("Arguments to Specify the Goals", GNU make manual 9.2,
//! <https://www.gnu.org/software/make/manual/html_node/Goals.html>), shown the way a
//! person types them rather than as make's database lists them.
//!
//! Given the word being completed, a target is a candidate when it starts
//! with that word, and then:
//!
//! - a file target under a directory collapses to the directory, up to the
//!   next `/` after what was typed (`obj/` for 400 object files), as
//!   bash-completion's `make` completion does; the shell completes further
//!   on the next TAB. A phony target stays whole: `docs/serve` is a command,
//!   not a file in `docs/`;
//! - a name (or, under a typed directory, the part after it) starting with
//!   `.` or `_` is a candidate only when the typed word reaches into it, the
//!   way shells hide dot files: such targets are internal by convention.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::model::{Location, Makefile, Origin, Target};
use crate::output::docs;
use crate::output::patterns;
use crate::output::variables;

/// What a candidate stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// A target: a goal for make's command line.
    Target,
    /// A directory standing for the file targets under it (`obj/`).
    Directory,
    /// A name a pattern rule makes from the files there (`image-api`
    /// through `image-%: docker/%/Dockerfile`).
    Pattern,
    /// `NAME=`: a variable to set on the command line.
    Variable,
    /// `NAME=value`: a value the makefile compares the variable with.
    Value,
    /// A `##@` section title (for `make-help --section`).
    Section,
}

impl Kind {
    /// The word for it in the JSON and TSV lists.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Target => "target",
            Kind::Directory => "directory",
            Kind::Pattern => "pattern",
            Kind::Variable => "variable",
            Kind::Value => "value",
            Kind::Section => "section",
        }
    }
}

/// One thing a shell may insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate<'a> {
    /// The text to insert: a target name, a directory ending in `/`,
    /// `NAME=` or `NAME=value`.
    pub word: Cow<'a, str>,
    /// What it stands for.
    pub kind: Kind,
    /// The target, for a target.
    pub target: Option<Target<'a>>,
    /// The summary of its doc, for a variable or a pattern name (a
    /// target's is found from the target, when a format shows it).
    pub summary: Option<String>,
    /// Where it is defined, for a variable or a pattern name.
    pub location: Option<Location>,
}

impl<'a> Candidate<'a> {
    /// A candidate with only a word and a kind.
    fn word(word: impl Into<Cow<'a, str>>, kind: Kind) -> Self {
        Candidate {
            word: word.into(),
            kind,
            target: None,
            summary: None,
            location: None,
        }
    }

    /// A target.
    fn target(target: Target<'a>) -> Self {
        Candidate {
            target: Some(target),
            ..Candidate::word(target.name(), Kind::Target)
        }
    }
}

/// The word being completed, and how it is compared with names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Query<'q> {
    /// What was typed.
    pub typed: &'q str,
    /// Letters match whatever their case (zsh's `m:{a-z}={A-Z}` matchers,
    /// fish's second pass): the shell then filters the list itself.
    pub ignore_case: bool,
}

impl Query<'_> {
    /// Where the typed word ends in `name` when `name` starts with it.
    #[must_use]
    fn prefix_end(self, name: &str) -> Option<usize> {
        if !self.ignore_case {
            return name.starts_with(self.typed).then_some(self.typed.len());
        }
        let mut name_chars = name.char_indices();
        for typed in self.typed.chars() {
            let (_, found) = name_chars.next()?;
            if found != typed && !found.to_lowercase().eq(typed.to_lowercase()) {
                return None;
            }
        }
        Some(name_chars.next().map_or(name.len(), |(at, _)| at))
    }
}

/// A name holding `%` is a pattern (`.PHONY: test/%` lists one), which no
/// command line can name as it is.
fn is_pattern(name: &str) -> bool {
    name.contains('%')
}

/// The candidates completing `typed` among `targets`, sorted by word and
/// without duplicates (a target wins over a directory of the same name).
#[must_use]
pub(crate) fn candidates<'a>(
    targets: impl IntoIterator<Item = Target<'a>>,
    query: Query<'_>,
) -> Vec<Candidate<'a>> {
    let mut found: Vec<Candidate<'a>> = targets
        .into_iter()
        .filter_map(|target| {
            let name = target.name();
            let matched = query.prefix_end(name)?;
            if is_pattern(name) {
                return None;
            }
            // Everything up to the last typed `/` is settled; what follows
            // is the path component being completed.
            let settled = name[..matched].rfind('/').map_or(0, |slash| slash + 1);
            let rest = &name[settled..];
            if matched == settled && (rest.starts_with('.') || rest.starts_with('_')) {
                return None;
            }
            let collapsed = match rest.find('/') {
                Some(slash) if !target.phony() && settled + slash + 1 < name.len() => {
                    Candidate::word(&name[..=settled + slash], Kind::Directory)
                }
                _ => Candidate::target(target),
            };
            Some(collapsed)
        })
        .collect();
    found.sort_by(|a, b| a.word.cmp(&b.word).then(a.kind.cmp(&b.kind)));
    found.dedup_by(|later, earlier| later.word == earlier.word);
    found
}

/// Every target as a candidate, sorted by name: the list without a typed
/// word, as `complete -W` wants it.
#[must_use]
pub(crate) fn all<'a>(targets: impl IntoIterator<Item = Target<'a>>) -> Vec<Candidate<'a>> {
    let mut all: Vec<Candidate<'a>> = targets
        .into_iter()
        .filter(|target| !is_pattern(target.name()))
        .map(Candidate::target)
        .collect();
    // Usually given in order already (see [`Makefile::sorted_targets`]).
    if !all.is_sorted_by(|a, b| a.word <= b.word) {
        all.sort_by(|a, b| a.word.cmp(&b.word));
    }
    all.dedup_by(|later, earlier| later.word == earlier.word);
    all
}

/// Variables make sets itself, which a command line has no reason to set.
const MAKE_OWN: &[&str] = &[
    "CURDIR",
    "MAKECMDGOALS",
    "MAKEFILES",
    "MAKEFILE_LIST",
    "MAKEFLAGS",
    "MAKELEVEL",
    "MAKE_RESTARTS",
    "MAKE_TERMERR",
    "MAKE_TERMOUT",
];

/// A variable name a command line can set as `NAME=value`: a plain word,
/// not one of make's special (`.DEFAULT_GOAL`) or own (`CURDIR`) ones.
fn settable(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !MAKE_OWN.contains(&name)
        && !name
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b"=:#$%\\".contains(&b))
}

/// `NAME=` for the variables completing `query` (every one without a
/// query), documented ones first, each part sorted by name, with the
/// summary of its doc. The variables of the makefiles' assignment lines
/// (read with docs), and without them those the makefiles set (not make's
/// defaults nor the environment). With an empty word only the documented
/// ones show: the others show once a word is typed, as zsh's own `_make`
/// offers them. A name starting with `_` shows once the word does.
#[must_use]
pub(crate) fn variables<'a>(
    makefile: &'a Makefile,
    query: Option<Query<'_>>,
) -> Vec<Candidate<'a>> {
    if query.is_some_and(|q| q.typed.contains('=')) {
        return Vec::new();
    }
    let wanted = |name: &str| {
        settable(name)
            && query.is_none_or(|q| {
                q.prefix_end(name).is_some() && (q.typed.starts_with('_') || !name.starts_with('_'))
            })
    };
    let undocumented_too = query.is_none_or(|q| !q.typed.is_empty());
    let mut documented = Vec::new();
    let mut plain = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for entry in variables::variable_entries(makefile) {
        if !seen.insert(entry.name) || !wanted(entry.name) {
            continue;
        }
        let doc = entry.doc().filter(|d| !d.deprecated);
        let candidate = Candidate {
            summary: doc.as_ref().map(|d| d.summary().to_string()),
            location: Some(entry.assignment.location),
            ..Candidate::word(format!("{}=", entry.name), Kind::Variable)
        };
        if doc.is_some() {
            documented.push(candidate);
        } else if undocumented_too {
            plain.push(candidate);
        }
    }
    if undocumented_too {
        // Read without docs, the model has no assignment lines: the
        // variables the makefiles set.
        for (name, variable) in &makefile.variables {
            if matches!(variable.origin, Origin::File | Origin::Override)
                && !seen.contains(name.as_str())
                && wanted(name)
            {
                plain.push(Candidate::word(format!("{name}="), Kind::Variable));
            }
        }
    }
    documented.sort_by(|a, b| a.word.cmp(&b.word));
    plain.sort_by(|a, b| a.word.cmp(&b.word));
    documented.extend(plain);
    documented
}

/// The values a variable's doc lists: the words of its first `a|b|c`
/// (`## Where to deploy: dev|staging|prod`), quotes and brackets around
/// it left out.
fn documented_values(doc: &str) -> Vec<&str> {
    for word in doc.split_whitespace() {
        let word = word.trim_matches(|c: char| "()[]{}<>.,;:'\"`".contains(c));
        if !word.contains('|') {
            continue;
        }
        let values: Vec<&str> = word.split('|').map(|v| v.trim_matches('`')).collect();
        let plain = |v: &&str| {
            !v.is_empty()
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.+-/@".contains(&b))
        };
        if values.len() > 1 && values.iter().all(plain) {
            return values;
        }
    }
    Vec::new()
}

/// `NAME=value` for the values of `NAME` completing a typed `NAME=...`:
/// those its doc lists (`dev|staging|prod`), then the words the makefile
/// compares it with (`ifeq ($(NAME),value)`), in reading order. Empty for
/// any other word (the shell then completes a file name).
#[must_use]
pub(crate) fn values(makefile: &Makefile, query: Query<'_>) -> Vec<Candidate<'static>> {
    let Some((name, typed)) = query.typed.split_once('=') else {
        return Vec::new();
    };
    let value_query = Query { typed, ..query };
    let doc = variables::variable_entry(makefile, name).and_then(|entry| entry.doc());
    let listed = doc
        .as_ref()
        .map(|doc| documented_values(&doc.text))
        .unwrap_or_default();
    let mut found: Vec<Candidate<'static>> = Vec::new();
    for value in listed.into_iter().chain(makefile.compared_values.of(name)) {
        let word = format!("{name}={value}");
        if value_query.prefix_end(value).is_some() && found.iter().all(|c| c.word != word) {
            found.push(Candidate::word(word, Kind::Value));
        }
    }
    found
}

/// The names pattern rules make from the files there (`names`, from
/// [`crate::eval::stems::pattern_names`]) completing `query`, but those
/// that are targets already, with the summary of the rule's doc for each.
#[must_use]
pub(crate) fn pattern_names<'a>(
    makefile: &'a Makefile,
    names: &'a [String],
    query: Query<'_>,
) -> Vec<Candidate<'a>> {
    names
        .iter()
        .filter(|name| {
            query.prefix_end(name).is_some()
                && makefile.target(name).is_none()
                && (query.typed.starts_with(['.', '_']) || !name.starts_with(['.', '_']))
        })
        .map(|name| {
            let resolved = patterns::resolve(makefile, name);
            Candidate {
                summary: resolved
                    .as_ref()
                    .and_then(|r| r.doc.as_deref())
                    .map(|doc| doc.split('\n').next().unwrap_or_default().to_string()),
                location: resolved.map(|r| r.rule.location),
                ..Candidate::word(name.as_str(), Kind::Pattern)
            }
        })
        .collect()
}

/// The `##@` section titles completing `query`, in reading order, each
/// once.
#[must_use]
pub(crate) fn sections<'a>(makefile: &'a Makefile, query: Query<'_>) -> Vec<Candidate<'a>> {
    // A set, not a look through the list: a file may open 100,000 sections.
    let mut seen = HashSet::new();
    makefile
        .sections
        .iter()
        .filter(|title| !title.is_empty() && query.prefix_end(title).is_some())
        .filter(|title| seen.insert(&***title))
        .map(|title| Candidate::word(&**title, Kind::Section))
        .collect()
}

/// The one-line description shown beside a target (zsh, fish): the summary
/// line of its doc, found as `make-help` finds it (see [`docs::target_doc`]).
#[must_use]
pub(crate) fn description(target: Target<'_>) -> Option<String> {
    docs::target_doc(target).map(|doc| doc.summary().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LineFacts, Location, Targets};

    /// Targets from names; a trailing `!` marks a phony one.
    fn targets(names: &[&str]) -> Targets {
        let mut targets = Targets::default();
        for name in names {
            let id = targets.push(name.trim_end_matches('!'));
            targets.flags_mut(id).phony = name.ends_with('!');
        }
        targets
    }

    /// The candidates as words, directories marked by their `/`.
    fn words(names: &[&str], typed: &str) -> Vec<String> {
        let targets = targets(names);
        candidates(
            &targets,
            Query {
                typed,
                ignore_case: false,
            },
        )
        .iter()
        .map(|c| {
            assert_eq!(c.kind == Kind::Directory, c.target.is_none());
            if c.kind == Kind::Directory {
                assert!(c.word.ends_with('/'), "{c:?}");
            }
            c.word.to_string()
        })
        .collect()
    }

    macro_rules! case {
        ($name:ident, $targets:expr, $typed:expr, $expected:expr) => {
            #[test]
            fn $name() {
                let expected: &[&str] = &$expected;
                assert_eq!(words(&$targets, $typed), expected);
            }
        };
    }

    case!(empty_word_lists_all, ["b", "a", "c"], "", ["a", "b", "c"]);
    case!(
        prefix_filters,
        ["build", "bench", "clean"],
        "b",
        ["bench", "build"]
    );
    case!(
        exact_name_matches,
        ["build", "builder"],
        "build",
        ["build", "builder"]
    );
    case!(nothing_matches, ["build", "clean"], "x", []);
    case!(no_targets, [], "", []);
    case!(case_matters, ["Build"], "b", []);
    case!(
        percent_names_never_offered,
        ["test/%!", "validate-%!", "validate-all!", "50%off"],
        "",
        ["validate-all"]
    );
    case!(percent_names_never_offered_typed, ["test/%!"], "test/", []);
    case!(
        files_collapse_to_directory,
        ["obj/a.o", "obj/b.o", "all"],
        "",
        ["all", "obj/"]
    );
    case!(
        collapse_only_to_next_slash,
        ["obj/x/a.o", "obj/y/b.o", "obj/c.o"],
        "obj/",
        ["obj/c.o", "obj/x/", "obj/y/"]
    );
    case!(
        partial_directory_collapses,
        ["obj/a.o", "other"],
        "ob",
        ["obj/"]
    );
    case!(
        inside_directory_whole_names,
        ["obj/a.o", "obj/b.o"],
        "obj/a",
        ["obj/a.o"]
    );
    case!(
        phony_with_slash_stays_whole,
        ["docs/serve!", "docs/index.html", "docs/a/b.html"],
        "",
        ["docs/", "docs/serve"]
    );
    case!(
        phony_deep_stays_whole,
        ["ci/lint/rust!"],
        "ci/",
        ["ci/lint/rust"]
    );
    case!(
        trailing_slash_target_is_whole,
        ["out/", "out/a"],
        "",
        ["out/"]
    );
    case!(
        directory_and_target_same_word_keeps_target,
        ["out/", "out/a"],
        "out",
        ["out/"]
    );
    case!(
        dot_hidden_without_prefix,
        [".hidden", "_private", "all"],
        "",
        ["all"]
    );
    case!(
        dot_shown_with_dot,
        [".hidden", "_private", "all"],
        ".",
        [".hidden"]
    );
    case!(
        underscore_shown_with_underscore,
        [".hidden", "_private"],
        "_",
        ["_private"]
    );
    case!(hidden_full_prefix, [".hidden"], ".hid", [".hidden"]);
    case!(
        hidden_under_directory,
        ["obj/.stamp", "obj/a.o", ".git/x"],
        "obj/",
        ["obj/a.o"]
    );
    case!(
        hidden_under_directory_shown,
        ["obj/.stamp", "obj/a.o"],
        "obj/.",
        ["obj/.stamp"]
    );
    case!(
        hidden_directory_collapses_when_typed,
        [".cache/a", ".cache/b"],
        ".",
        [".cache/"]
    );
    case!(
        colon_names_are_plain_words,
        ["docker:build!", "docker:push!", "doc"],
        "docker:",
        ["docker:build", "docker:push"]
    );
    case!(
        hidden_rule_looks_at_rest_only,
        ["a_b", "a.c"],
        "a",
        ["a.c", "a_b"]
    );

    /// The candidates as words, letters matched whatever their case.
    fn words_ignoring_case(names: &[&str], typed: &str) -> Vec<String> {
        let targets = targets(names);
        let query = Query {
            typed,
            ignore_case: true,
        };
        candidates(&targets, query)
            .iter()
            .map(|c| c.word.to_string())
            .collect()
    }

    #[test]
    fn ignoring_case() {
        let names = [
            "Build",
            "build-all",
            "bench",
            "Obj/a.o",
            "obj/b.o",
            "ÉTÉ",
            "_x",
        ];
        assert_eq!(
            words_ignoring_case(&names, "b"),
            ["Build", "bench", "build-all"]
        );
        assert_eq!(words_ignoring_case(&names, "BUI"), ["Build", "build-all"]);
        assert_eq!(words_ignoring_case(&names, "obj/"), ["Obj/a.o", "obj/b.o"]);
        assert_eq!(words_ignoring_case(&names, "o"), ["Obj/", "obj/"]);
        assert_eq!(words_ignoring_case(&names, "été"), ["ÉTÉ"]);
        assert_eq!(
            words_ignoring_case(&names, ""),
            ["Build", "Obj/", "bench", "build-all", "obj/", "ÉTÉ"]
        );
        assert!(words_ignoring_case(&names, "buildx").is_empty());
    }

    /// Variable and value candidates of a makefile, as words.
    fn variable_words(text: &str, typed: &str) -> Vec<String> {
        let makefile = crate::parse_str(text, &crate::Config::default());
        let query = Query {
            typed,
            ignore_case: false,
        };
        variables(&makefile, Some(query))
            .into_iter()
            .chain(values(&makefile, query))
            .map(|c| c.word.into_owned())
            .collect()
    }

    const VARIABLES: &str = "\
MODE ?= dev
MAKEFLAGS += -r
_private = 1
override OPT = 2
export EXPORTED := 3
ifeq ($(MODE),staging)
endif
ifneq (prod, $(MODE))
endif
ifeq \"${MODE}\" \"staging\"
endif
ifeq ($(V),1)
endif
ifeq ($(MODE),$(OTHER))
endif
ifeq ($(MODE),)
endif
";

    #[test]
    fn variables_once_a_word_is_typed() {
        assert!(variable_words(VARIABLES, "").is_empty());
        assert_eq!(variable_words(VARIABLES, "M"), ["MODE="]);
        assert_eq!(variable_words(VARIABLES, "O"), ["OPT="]);
        assert_eq!(variable_words(VARIABLES, "E"), ["EXPORTED="]);
        assert_eq!(variable_words(VARIABLES, "_"), ["_private="]);
        assert!(
            variable_words(VARIABLES, "CU").is_empty(),
            "make's own CURDIR"
        );
        assert!(variable_words(VARIABLES, "CC").is_empty(), "a default");
        assert!(variable_words(VARIABLES, "PATH").is_empty());
    }

    #[test]
    fn values_a_doc_lists() {
        for (doc, values) in [
            (
                "Where to deploy: dev|staging|prod",
                &["dev", "staging", "prod"][..],
            ),
            ("One of (debug|release).", &["debug", "release"]),
            ("`on`|`off`", &["on", "off"]),
            ("Level {1|2|3}", &["1", "2", "3"]),
            ("a | b", &[]),
            ("x|", &[]),
            ("pipe $(a)|$(b)", &[]),
            ("No list here", &[]),
        ] {
            assert_eq!(documented_values(doc), values, "{doc}");
        }
        let text = "## Where to deploy: dev|staging\nDEPLOY ?= dev\nifeq ($(DEPLOY),prod)\nendif\n";
        assert_eq!(
            variable_words(text, "DEPLOY="),
            ["DEPLOY=dev", "DEPLOY=staging", "DEPLOY=prod"]
        );
        assert_eq!(
            variable_words(text, ""),
            ["DEPLOY="],
            "documented: on an empty word"
        );
    }

    #[test]
    fn values_compared_in_conditionals() {
        assert_eq!(
            variable_words(VARIABLES, "MODE="),
            ["MODE=staging", "MODE=prod"]
        );
        assert_eq!(variable_words(VARIABLES, "MODE=p"), ["MODE=prod"]);
        assert_eq!(variable_words(VARIABLES, "V="), ["V=1"]);
        assert!(variable_words(VARIABLES, "OPT=").is_empty());
        assert!(variable_words(VARIABLES, "MODE=x").is_empty());
    }

    #[test]
    fn collapsed_directory_is_a_slice_of_the_name() {
        let targets = targets(&["obj/a.o"]);
        let found = candidates(&targets, Query::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].word, "obj/");
        assert_eq!(found[0].kind, Kind::Directory);
    }

    #[test]
    fn all_keeps_everything_whole() {
        let targets = targets(&["obj/a.o", ".hidden", "b"]);
        let words: Vec<String> = all(&targets).iter().map(|c| c.word.to_string()).collect();
        assert_eq!(words, [".hidden", "b", "obj/a.o"]);
    }

    /// A target named `t`, with these comments.
    fn target_with(inline: &[Option<&str>], phony: Option<&str>, above: &[&str]) -> Targets {
        let mut targets = Targets::default();
        let id = targets.push("t");
        if let Some(comment) = phony {
            targets.add_phony_line(id, Location { file: 0, line: 1 }, Some(comment));
        }
        for (i, comment) in inline.iter().enumerate() {
            let above: Vec<String> = if i == 0 {
                above.iter().map(|s| (*s).to_string()).collect()
            } else {
                Vec::new()
            };
            let comments = targets.add_comments(*comment, &above);
            let facts = LineFacts {
                location: Location {
                    file: 0,
                    line: i as u32 + 1,
                },
                section: None,
                conditional: false,
            };
            targets.add_definition(id, facts, comments);
        }
        targets
    }

    macro_rules! describe {
        ($name:ident, $inline:expr, $phony:expr, $above:expr, $expected:expr) => {
            #[test]
            fn $name() {
                let targets = target_with(&$inline, $phony, &$above);
                assert_eq!(description(targets.get(0)).as_deref(), $expected);
            }
        };
    }

    describe!(no_comment, [None], None, [], None);
    describe!(inline, [Some("## Build it")], None, [], Some("Build it"));
    describe!(
        inline_wins_over_above,
        [Some("# inline")],
        None,
        ["# above"],
        Some("inline")
    );
    describe!(
        first_inline_of_several,
        [None, Some("# second"), Some("# third")],
        None,
        [],
        Some("second")
    );
    describe!(
        first_line_above,
        [None],
        None,
        ["# Build it.", "# More words."],
        Some("Build it.")
    );
    describe!(
        above_wins_over_phony,
        [None],
        Some("# from .PHONY"),
        ["# above"],
        Some("above")
    );
    describe!(phony_only_target, [], Some("# doc"), [], Some("doc"));
    describe!(
        commented_out_code_is_no_description,
        [None],
        None,
        ["# CFLAGS := -O2"],
        None
    );
}
