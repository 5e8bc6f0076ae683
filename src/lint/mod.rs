//! `make-help --lint`: mistakes that a makefile read as make reads it shows
//! and that make runs without a word, or with one that scrolls by. Each
//! check looks at the model and the facts the reading noted
//! ([`crate::model::Facts`]); none runs make or a recipe. The checks:
//!
//! - `phony-without-rule`: `.PHONY: lint` with no `lint:` rule: `make
//!   lint` does nothing (manual 4.6: a phony target is never looked up
//!   among the implicit rules); a name something depends on (`FORCE`) is a
//!   marker, not a command;
//! - `target-is-a-file`: a rule with a recipe and no prerequisites whose
//!   name is a file or directory here, not `.PHONY`: make finds it up to
//!   date and never runs the recipe (manual 4.6);
//! - `undocumented-phony`: a phony target without a doc in a makefile that
//!   documents others explicitly;
//! - `value-trailing-blanks`: `DIR = build  # where`: the blanks before
//!   the comment are in the value (manual 6.2);
//! - `doc-attached-to-nothing`: a `##` doc followed by a blank line (or an
//!   `include`, a `##@` line, the end of the file) before any rule, and a
//!   `##@` section under which no target is defined;
//! - `documented-twice`: one target documented in two places with
//!   different texts (the help shows one);
//! - `overriding-recipe`: two recipes for one single-colon target: make
//!   uses the last (manual 4.11 "Multiple Rules for One Target");
//! - `undecided-target`: a documented target defined only in conditional
//!   branches that could not be decided: it may not exist.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::model::{Location, Makefile, RuleLine, Target};
use crate::output::docs::{self, target_doc};
use crate::source::FileKind;

/// A check, by the name `--allow` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Check {
    /// `.PHONY` names a target that has no rule.
    PhonyWithoutRule,
    /// A target with a recipe, not phony, is a file or directory here.
    TargetIsAFile,
    /// A phony target without a doc among documented ones.
    UndocumentedPhony,
    /// A value that ends in blanks before a comment.
    ValueTrailingBlanks,
    /// A doc or section that no target takes.
    DocAttachedToNothing,
    /// One target documented twice, differently.
    DocumentedTwice,
    /// Two recipes for one single-colon target.
    OverridingRecipe,
    /// A documented target that exists only under an undecided conditional.
    UndecidedTarget,
}

impl Check {
    /// Every check, in the order of the docs.
    pub(crate) const ALL: [Check; 8] = [
        Check::PhonyWithoutRule,
        Check::TargetIsAFile,
        Check::UndocumentedPhony,
        Check::ValueTrailingBlanks,
        Check::DocAttachedToNothing,
        Check::DocumentedTwice,
        Check::OverridingRecipe,
        Check::UndecidedTarget,
    ];

    /// Its name, as shown after a finding and taken by `--allow`.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Check::PhonyWithoutRule => "phony-without-rule",
            Check::TargetIsAFile => "target-is-a-file",
            Check::UndocumentedPhony => "undocumented-phony",
            Check::ValueTrailingBlanks => "value-trailing-blanks",
            Check::DocAttachedToNothing => "doc-attached-to-nothing",
            Check::DocumentedTwice => "documented-twice",
            Check::OverridingRecipe => "overriding-recipe",
            Check::UndecidedTarget => "undecided-target",
        }
    }

    /// The check named `name`.
    #[must_use]
    pub(crate) fn named(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The check that found it.
    pub(crate) check: Check,
    /// Where (`None`: the makefile as a whole).
    pub(crate) location: Option<Location>,
    /// What, in words: lowercase, no trailing period.
    pub(crate) message: String,
}

/// Runs every check not in `allowed`. `kind_here` tells what a name is in
/// make's working directory (`None`: nothing there), for
/// `target-is-a-file`. Findings come sorted by place.
#[must_use]
pub(crate) fn lint(
    makefile: &Makefile,
    allowed: &[Check],
    kind_here: &dyn Fn(&str) -> Option<FileKind>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let on = |check: Check| !allowed.contains(&check);
    let facts = &makefile.facts;
    let documented: Vec<bool> = makefile
        .targets
        .iter()
        .map(|t| target_doc(t).is_some())
        .collect();
    // Every prerequisite of every target: a directory that is one is
    // made by its rule, as intended.
    let mut prerequisites: HashSet<&str> = HashSet::new();
    for target in &makefile.targets {
        prerequisites.extend(target.prerequisites().iter());
        prerequisites.extend(target.order_only().iter());
    }
    for rule in &makefile.patterns {
        prerequisites.extend(rule.prerequisites.iter().map(|p| &**p));
        prerequisites.extend(rule.order_only.iter().map(|p| &**p));
    }
    // The makefiles themselves (Sphinx's `.PHONY: help Makefile`).
    prerequisites.extend(makefile.files.iter().map(|f| f.name.as_str()));
    for (target, &is_documented) in makefile.targets.iter().zip(&documented) {
        let name = target.name();
        let special = crate::eval::is_special(name);
        if special {
            continue;
        }
        let definitions: Vec<Location> = target.definitions().map(RuleLine::location).collect();
        // A phony name that something depends on is a marker (`FORCE`):
        // nobody runs it as a command.
        if on(Check::PhonyWithoutRule)
            && target.phony()
            && definitions.is_empty()
            && !facts.rules_skipped
            && !prerequisites.contains(name)
        {
            findings.push(Finding {
                check: Check::PhonyWithoutRule,
                location: target.phony_lines().next().map(RuleLine::location),
                message: format!("'{name}' is .PHONY but has no rule: `make {name}` does nothing"),
            });
        }
        if on(Check::TargetIsAFile) {
            target_is_a_file(
                target,
                is_documented,
                &prerequisites,
                kind_here,
                facts,
                &mut findings,
            );
        }
        if on(Check::OverridingRecipe) && !target.double_colon() {
            let with_recipe: Vec<Location> = target
                .definitions()
                .filter(|d| !d.conditional() && facts.has_recipe(d.location()))
                .map(RuleLine::location)
                .collect();
            if let [first, .., last] = with_recipe[..]
                && first != last
            {
                findings.push(Finding {
                    check: Check::OverridingRecipe,
                    location: Some(last),
                    message: format!(
                        "a second recipe for '{name}' (the first is at {}): make uses this one and ignores the first",
                        makefile.describe(first)
                    ),
                });
            }
        }
        if on(Check::DocumentedTwice) {
            documented_twice(makefile, target, &mut findings);
        }
        if on(Check::UndecidedTarget)
            && is_documented
            && !definitions.is_empty()
            && target.definitions().all(RuleLine::conditional)
            && !in_every_branch(facts, &definitions)
        {
            findings.push(Finding {
                check: Check::UndecidedTarget,
                location: definitions.first().copied(),
                message: format!(
                    "'{name}' is defined only in conditional branches that could not be decided here: it may not exist"
                ),
            });
        }
    }
    if on(Check::UndocumentedPhony) {
        undocumented_phony(makefile, &documented, &mut findings);
    }
    if on(Check::ValueTrailingBlanks) {
        for (at, name) in &facts.padded_values {
            findings.push(Finding {
                check: Check::ValueTrailingBlanks,
                location: Some(*at),
                message: format!(
                    "the value of '{name}' ends in blanks before the comment: make keeps them in the value"
                ),
            });
        }
    }
    if on(Check::DocAttachedToNothing) {
        doc_attached_to_nothing(makefile, &mut findings);
    }
    findings.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then(a.check.cmp(&b.check))
            .then_with(|| a.message.cmp(&b.message))
    });
    findings
}

/// Rule lines in every branch of one undecided conditional that ends in
/// a plain `else`: one of them is read, whatever the values.
fn in_every_branch(facts: &crate::model::Facts, definitions: &[Location]) -> bool {
    let mut covered: HashMap<Location, HashSet<u32>> = HashMap::new();
    for at in definitions {
        if let Some(&(start, branch)) = facts.undecided_rules.get(at) {
            covered.entry(start).or_default().insert(branch);
        }
    }
    covered.iter().any(|(start, branches)| {
        facts
            .undecided_branches
            .get(start)
            .is_some_and(|(all, last_is_else)| {
                *last_is_else && all.iter().all(|b| branches.contains(b))
            })
    })
}

/// `target-is-a-file`: the rule has a recipe and no prerequisites, so
/// make runs it only when the file is missing. A documented target is a
/// command; an undocumented directory that no target needs is one too.
fn target_is_a_file(
    target: Target<'_>,
    documented: bool,
    prerequisites: &HashSet<&str>,
    kind_here: &dyn Fn(&str) -> Option<FileKind>,
    facts: &crate::model::Facts,
    findings: &mut Vec<Finding>,
) {
    let name = target.name();
    if target.phony() || docs::is_hidden(name) || !target.prerequisites().is_empty() {
        return;
    }
    let Some(recipe) = target
        .definitions()
        .find(|d| facts.has_recipe(d.location()))
    else {
        return;
    };
    // A task is documented explicitly: a plain `#` block above a file's
    // rule is as often a note about the file.
    let task = documented && explicitly_documented(target);
    let what = match kind_here(name) {
        Some(FileKind::Directory) if task || !prerequisites.contains(name) => "a directory",
        Some(FileKind::Regular) if task => "a file",
        _ => return,
    };
    findings.push(Finding {
        check: Check::TargetIsAFile,
        location: Some(recipe.location()),
        message: format!(
            "'{name}' is {what} here and not .PHONY: make finds it up to date and never runs its recipe"
        ),
    });
}

/// Documented by a comment on its rule line or `.PHONY` line, or by a `##`
/// block above its rule.
fn explicitly_documented(target: Target<'_>) -> bool {
    target_doc(target).is_some_and(|doc| match doc.source {
        docs::Source::Inline | docs::Source::Phony | docs::Source::Keyed => true,
        docs::Source::Above => target
            .definitions()
            .filter(|d| Some(d.location()) == doc.location)
            .any(|d| d.comment_above().iter().any(|l| l.starts_with("##"))),
    })
}

/// `documented-twice`: the docs of each rule line and `.PHONY` line of a
/// target, when two differ.
fn documented_twice(makefile: &Makefile, target: Target<'_>, findings: &mut Vec<Finding>) {
    let mut docs: Vec<(Location, &str, Cow<'_, str>)> = Vec::new();
    for line in target.definitions() {
        let above: Vec<&str> = line.comment_above().iter().collect();
        // Only `##` blocks: a plain `#` comment above a rule is often a note.
        if above.iter().any(|l| l.starts_with("##"))
            && let Some(lines) = docs::block_doc(&above)
        {
            docs.push((
                line.location(),
                "a ## block above the rule at",
                Cow::Owned(lines.lines.join("\n")),
            ));
        }
        if let Some(text) = line.inline_comment().and_then(docs::inline_doc) {
            docs.push((
                line.location(),
                "a comment on the rule at",
                Cow::Borrowed(text),
            ));
        }
    }
    // The model keeps a comment on a `.PHONY` line naming this target alone.
    for line in target.phony_lines() {
        if let Some(text) = line.inline_comment().and_then(docs::inline_doc) {
            docs.push((
                line.location(),
                "a comment on the .PHONY line at",
                Cow::Borrowed(text),
            ));
        }
    }
    // A marked doc (`##`, `#?`...) beats a plain `#` comment wherever each
    // stands: a plain one next to a marked one is a note, not a second doc.
    let marked = |comment: Option<&str>| {
        comment
            .and_then(docs::inline_block)
            .is_some_and(|b| b.marked)
    };
    let any_marked = target.definitions().chain(target.phony_lines()).any(|l| {
        marked(l.inline_comment()) || l.comment_above().iter().any(|c| c.starts_with("##"))
    });
    if any_marked {
        let plain: Vec<Location> = target
            .definitions()
            .chain(target.phony_lines())
            .filter(|l| l.inline_comment().is_some() && !marked(l.inline_comment()))
            .map(crate::model::RuleLine::location)
            .collect();
        docs.retain(|(at, kind, _)| !(kind.starts_with("a comment") && plain.contains(at)));
    }
    let Some((first_at, first_kind, first)) = docs.first() else {
        return;
    };
    let Some((at, kind, _)) = docs.iter().find(|(_, _, text)| text != first) else {
        return;
    };
    let shown = target_doc(target)
        .map(|d| d.summary().to_string())
        .unwrap_or_default();
    findings.push(Finding {
        check: Check::DocumentedTwice,
        location: Some(*at),
        message: format!(
            "'{}' has two different docs, {first_kind} {} and {kind} {}: the help shows '{shown}'",
            target.name(),
            makefile.describe(*first_at),
            makefile.describe(*at),
        ),
    });
}

/// `undocumented-phony`: per file, the phony targets defined there without
/// a doc, when some target defined there has an explicit one. The default goal is
/// left alone: `make` with no argument runs it, and the help marks it.
fn undocumented_phony(makefile: &Makefile, documented: &[bool], findings: &mut Vec<Finding>) {
    use crate::output::select::{Basis, Selection};
    // Only a listing of documented targets leaves phony ones out.
    if Selection::of(makefile, false, &[], &[]).basis != Basis::Documented {
        return;
    }
    let mut documenting: HashSet<u32> = HashSet::new();
    // A file documents its targets for the help when it has an explicit
    // doc: a plain `#` block above a rule is as often a note.
    for (target, &is_documented) in makefile.targets.iter().zip(documented) {
        if is_documented && !docs::is_hidden(target.name()) && explicitly_documented(target) {
            documenting.extend(target.definitions().map(|d| d.location().file));
        }
    }
    for (target, &is_documented) in makefile.targets.iter().zip(documented) {
        let name = target.name();
        if is_documented
            || !target.phony()
            || docs::is_hidden(name)
            || makefile.default_goal.as_deref() == Some(name)
        {
            continue;
        }
        let evaluated = &makefile.facts.evaluated_rules;
        if target
            .definitions()
            .all(|d| evaluated.contains(&d.location()))
        {
            continue;
        }
        if let Some(line) = target
            .definitions()
            .find(|d| documenting.contains(&d.location().file))
        {
            findings.push(Finding {
                check: Check::UndocumentedPhony,
                location: Some(line.location()),
                message: format!(
                    "'{name}' is .PHONY but has no doc, unlike the other targets of this file: the help does not list it"
                ),
            });
        }
    }
}

/// `doc-attached-to-nothing`: `##` docs no rule took, and sections with
/// no target.
fn doc_attached_to_nothing(makefile: &Makefile, findings: &mut Vec<Finding>) {
    for &at in &makefile.facts.orphan_docs {
        findings.push(Finding {
            check: Check::DocAttachedToNothing,
            location: Some(at),
            message: "this ## doc documents nothing: a blank line or the end of the file comes before any rule".to_string(),
        });
    }
    let used: HashSet<crate::model::SectionId> = makefile
        .targets
        .iter()
        .flat_map(|t| t.definitions().filter_map(RuleLine::section))
        .collect();
    for &(at, id) in &makefile.facts.sections {
        if !used.contains(&id) {
            findings.push(Finding {
                check: Check::DocAttachedToNothing,
                location: Some(at),
                message: format!(
                    "the section '{}' holds no target: the help does not show it",
                    makefile.section(id)
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    fn findings(text: &str) -> Vec<(Check, u32)> {
        let makefile = parse_str(text, &Config::default());
        lint(&makefile, &[], &|_| None)
            .into_iter()
            .map(|f| (f.check, f.location.map_or(0, |l| l.line)))
            .collect()
    }

    macro_rules! lint_case {
        ($name:ident, $text:expr, [$(($check:ident, $line:expr)),*]) => {
            #[test]
            fn $name() {
                let want: Vec<(Check, u32)> = vec![$((Check::$check, $line)),*];
                assert_eq!(findings($text), want, "{:?}", $text);
            }
        };
    }

    lint_case!(
        phony_without_rule,
        ".PHONY: lint\n",
        [(PhonyWithoutRule, 1)]
    );
    lint_case!(phony_with_a_later_rule, ".PHONY: lint\nlint:\n", []);
    lint_case!(
        phony_markers_that_others_depend_on,
        ".PHONY: FORCE Makefile\nv: FORCE\n%: Makefile\n\techo $@\n",
        []
    );
    lint_case!(
        phony_when_a_rule_was_skipped,
        ".PHONY: lint\n$(shell echo lint):\n",
        []
    );
    lint_case!(
        padded_values,
        "OUT = build  ## where\nA := x# c\nB != echo x # c\nC = # only a comment\nt: V = x # c\n",
        [(ValueTrailingBlanks, 1), (ValueTrailingBlanks, 5)]
    );
    lint_case!(
        undocumented_phony,
        ".PHONY: all a b _c\nall: a\na: ## A\nb:\n_c:\n",
        [(UndocumentedPhony, 4)]
    );
    lint_case!(undocumented_phony_without_docs, ".PHONY: a b\na:\nb:\n", []);
    lint_case!(
        undocumented_phony_among_plain_comments,
        ".PHONY: a b\n# The default goal\na:\n# builds\nb:\nc:\n",
        []
    );
    lint_case!(
        orphan_docs_and_sections,
        "x:\n## lost\n\n##@ Empty\n##@ Full\na: ## A\n## kept\nb:\n## at the end\n",
        [
            (DocAttachedToNothing, 2),
            (DocAttachedToNothing, 4),
            (DocAttachedToNothing, 9)
        ]
    );
    lint_case!(
        a_header_is_attached_to_the_file,
        "## The project\n\na: ## A\n",
        []
    );
    lint_case!(
        docs_of_variables_and_plain_comments,
        "# plain\n\n## a variable\nX = 1\n#####\n\na: ## A\n",
        []
    );
    lint_case!(
        documented_twice,
        "a: ## A\na: ## B\nb: ## same\nb: ## same\n",
        [(DocumentedTwice, 2)]
    );
    lint_case!(
        overriding_recipe,
        "a:\n\techo 1\na:\n\techo 2\nb: ; echo 1\nb: c\nd::\n\techo\nd::\n\techo\n",
        [(OverridingRecipe, 3)]
    );
    lint_case!(
        recipes_in_skipped_branches_do_not_count,
        "a:\nifeq (1,2)\n\techo 1\nendif\na:\n\techo 2\n",
        []
    );
    lint_case!(
        undecided_target,
        "ifeq ($(shell uname),x)\na: ## A\nb: ## B\nelse\nb:\nendif\nifeq ($(shell x),y)\nc: ## C\nelse ifeq ($(shell z),w)\nc:\nendif\n",
        [(UndecidedTarget, 2), (UndecidedTarget, 8)]
    );

    #[test]
    fn target_is_a_file_needs_a_recipe_no_prerequisites_and_a_task() {
        let text = "check:\n\techo\nout:\n\tmkdir\nb: | out ## B\n\techo\nhello: hello.c\n\tcc\nconfig.h:\n\techo\n.PHONY: p\np:\n\techo\n";
        let makefile = parse_str(text, &Config::default());
        let kinds = |name: &str| match name {
            "check" | "out" | "p" => Some(FileKind::Directory),
            "hello" | "config.h" => Some(FileKind::Regular),
            _ => None,
        };
        let found: Vec<(Check, u32)> = lint(&makefile, &[], &kinds)
            .into_iter()
            .filter(|f| f.check == Check::TargetIsAFile)
            .map(|f| (f.check, f.location.map_or(0, |l| l.line)))
            .collect();
        assert_eq!(found, [(Check::TargetIsAFile, 1)]);
    }

    #[test]
    fn allowed_checks_are_not_run() {
        let makefile = parse_str(".PHONY: lint\n", &Config::default());
        assert!(lint(&makefile, &[Check::PhonyWithoutRule], &|_| None).is_empty());
        for check in Check::ALL {
            assert_eq!(Check::named(check.name()), Some(check));
        }
    }
}
