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

use crate::model::Target;
use crate::output::docs;

/// One thing a shell may insert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate<'a> {
    /// The text to insert: a target name, or a directory ending in `/`.
    pub word: &'a str,
    /// The target, or `None` when the word is a directory standing for
    /// the file targets under it.
    pub target: Option<Target<'a>>,
}

impl Candidate<'_> {
    /// The candidate stands for several targets under a directory, and
    /// completion goes on after it (no space after it).
    #[must_use]
    pub(crate) fn is_directory(&self) -> bool {
        self.target.is_none()
    }
}

/// The candidates completing `typed` among `targets`, sorted by word and
/// without duplicates (a target wins over a directory of the same name).
#[must_use]
pub(crate) fn candidates<'a>(
    targets: impl IntoIterator<Item = Target<'a>>,
    typed: &str,
) -> Vec<Candidate<'a>> {
    // Everything up to the last typed `/` is settled; what follows is the
    // path component being completed.
    let settled = typed.rfind('/').map_or(0, |slash| slash + 1);
    let reaching = typed.len() > settled;
    let mut found: Vec<Candidate<'a>> = targets
        .into_iter()
        .filter(|target| target.name().starts_with(typed))
        .filter_map(|target| {
            let name = target.name();
            let rest = &name[settled..];
            if !reaching && (rest.starts_with('.') || rest.starts_with('_')) {
                return None;
            }
            let collapsed = match rest.find('/') {
                Some(slash) if !target.phony() && settled + slash + 1 < name.len() => Candidate {
                    word: &name[..=settled + slash],
                    target: None,
                },
                _ => Candidate {
                    word: name,
                    target: Some(target),
                },
            };
            Some(collapsed)
        })
        .collect();
    found.sort_by(|a, b| {
        a.word
            .cmp(b.word)
            .then(a.is_directory().cmp(&b.is_directory()))
    });
    found.dedup_by(|later, earlier| later.word == earlier.word);
    found
}

/// Every target as a candidate, sorted by name: the list without a typed
/// word, as `complete -W` wants it.
#[must_use]
pub(crate) fn all<'a>(targets: impl IntoIterator<Item = Target<'a>>) -> Vec<Candidate<'a>> {
    let mut all: Vec<Candidate<'a>> = targets
        .into_iter()
        .map(|target| Candidate {
            word: target.name(),
            target: Some(target),
        })
        .collect();
    // Usually given in order already (see [`Makefile::sorted_targets`]).
    if !all.is_sorted_by(|a, b| a.word <= b.word) {
        all.sort_by(|a, b| a.word.cmp(b.word));
    }
    all.dedup_by(|later, earlier| later.word == earlier.word);
    all
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
        candidates(&targets, typed)
            .iter()
            .map(|c| {
                assert_eq!(c.is_directory(), c.target.is_none());
                if c.is_directory() {
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

    #[test]
    fn collapsed_directory_is_a_slice_of_the_name() {
        let targets = targets(&["obj/a.o"]);
        let found = candidates(&targets, "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].word, "obj/");
        assert!(found[0].is_directory());
    }

    #[test]
    fn all_keeps_everything_whole() {
        let targets = targets(&["obj/a.o", ".hidden", "b"]);
        let words: Vec<&str> = all(&targets).iter().map(|c| c.word).collect();
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
