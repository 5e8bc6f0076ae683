//! Rule lines (manual 4 "Writing Rules"): targets and prerequisites with
//! wildcards and `~`, static patterns (4.12), `.PHONY` (4.6), `.SUFFIXES`
//! and old-fashioned suffix rules (10.7), and the default goal (2.3).

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;

use crate::config::Detail;
use crate::eval::expand::{self};
use crate::model::diagnostic::Kind;
use crate::model::packed_names::{NameList, SHORT_LIST, dedup_in_order};
use crate::model::{Flavor, Origin};
use crate::model::{LineFacts, Location, TargetId};
use crate::parse::statement::{self, Rule, RuleKind, Statement};

use super::plain::NOT_IN_NAME;
use super::{MAX_PREREQUISITES, Reader, TextState, is_special, widen};

impl Reader<'_> {
    /// A line that is not a statement: it may expand to a rule, or to
    /// nothing (`$(eval ...)`, `$(info ...)`).
    pub(super) fn expression(&mut self, state: &mut TextState, text: &str, comment: Option<&str>) {
        let (expanded, _) = self.expand_text(text);
        if expanded.trim().is_empty() {
            return;
        }
        if let Statement::Rule(rule) = statement::parse_statement(&expanded.replace('$', "$$")) {
            self.rule(state, &rule, comment);
            return;
        }
        self.diagnostic(Kind::Syntax, self.position, "missing separator".into());
    }

    /// Expands a list of file names into `names`: `\:` stands for `:` and
    /// a leading `./` is dropped, as make does.
    /// Wildcards and `~` are expanded in rule targets and prerequisites
    /// (manual 4.4); a pattern that matches nothing stays as written.
    fn expand_words_into(&mut self, text: &str, names: &mut NameList) -> bool {
        if text.is_empty() {
            return false;
        }
        if self.is_marked(text) {
            return self.expand_known_words_into(text, names);
        }
        if is_plain_name(text) {
            names.push(text);
            return false;
        }
        let mut expanded = self.spare_buffer();
        let unknown = self.expand_to(text, &mut expanded);
        // Each word once: an expansion may repeat a word millions of times
        // (`A = $(B) $(B)`, doubled again and again). A few words are kept
        // on the stack: most lists need no allocation.
        let mut few = [""; SHORT_LIST];
        let mut many = Vec::new();
        let mut count = 0;
        for word in expand::names(&expanded) {
            if count < SHORT_LIST {
                few[count] = word;
            } else {
                if count == SHORT_LIST {
                    many.extend_from_slice(&few);
                }
                many.push(word);
            }
            count += 1;
        }
        let words = if count <= SHORT_LIST {
            &mut few[..count]
        } else {
            &mut many[..]
        };
        let kept = dedup_in_order(words);
        for &word in &words[..kept] {
            let word = self.tilde(word);
            if crate::source::wildcard::may_have_wildcards(&word) {
                let (found, cut) = self.workspace.glob(&word, self.fs);
                for name in &found {
                    names.push(&file_name(name));
                }
                self.report_wildcard_cut(&word, cut);
            } else {
                names.push(&file_name(&word));
            }
        }
        self.give_back(expanded);
        unknown
    }

    /// [`Reader::expand_words_into`] for text of a marked `$(eval)`: the
    /// names built from a value that could not be evaluated are left out
    /// (never shown as if known); true when no name is left.
    fn expand_known_words_into(&mut self, text: &str, names: &mut NameList) -> bool {
        let mut expanded = String::new();
        self.expand_to(text, &mut expanded);
        let all = expand::names(&expanded).count();
        let known: Vec<&str> = expand::names(&expanded)
            .filter(|w| !expand::has_mark(w))
            .collect();
        if known.len() < all {
            self.diagnostic(
                Kind::NotEvaluated,
                self.position,
                "names built from a value not evaluated are left out".into(),
            );
        }
        if known.is_empty() {
            return true;
        }
        let rest = known.join(" ").replace('$', "$$");
        self.expand_words_into(&rest, names)
    }

    /// Expanding `text` can do nothing but produce text (no `$(eval)`,
    /// `$(info)`, `$(error)`...): each reference in it is a plain `$(NAME)`,
    /// `${NAME}`, `$X` or substitution reference `$(NAME:a=b)` without
    /// references inside, of a variable that is undefined, simple (its value
    /// is used as it stands) or recursive with an inert value.
    pub(super) fn is_inert(&self, text: &str) -> bool {
        // Most lists are empty or plain: no call for them.
        crate::parse::scan::find(b'$', text.as_bytes()).is_none() || self.is_inert_within(text, 0)
    }

    fn is_inert_within(&self, text: &str, depth: u32) -> bool {
        // Deeper than real makefiles nest plain variables: say no, and let
        // the expander (which knows about loops) do the work.
        const MAX_DEPTH: u32 = 16;
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(found) = crate::parse::scan::find(b'$', &bytes[from..]) {
            let at = from + found;
            let (name, next) = match bytes.get(at + 1) {
                None => return true,
                Some(b'$') => {
                    from = at + 2;
                    continue;
                }
                Some(&open @ (b'(' | b'{')) => {
                    let close = if open == b'(' { b')' } else { b'}' };
                    let Some(end) = crate::parse::scan::find(close, &bytes[at + 2..]) else {
                        return false;
                    };
                    let inside = &text[at + 2..at + 2 + end];
                    // A function call or a computed name.
                    if inside.bytes().any(|b| NOT_IN_NAME[usize::from(b)]) {
                        return false;
                    }
                    // `NAME:a=b` substitutes in the value of `NAME`.
                    let name = match crate::parse::scan::find(b':', inside.as_bytes()) {
                        Some(colon) if inside.as_bytes()[colon..].contains(&b'=') => {
                            &inside[..colon]
                        }
                        _ => inside,
                    };
                    (name, at + 3 + end)
                }
                Some(_) => {
                    let width = text[at + 1..].chars().next().map_or(1, char::len_utf8);
                    (&text[at + 1..at + 1 + width], at + 1 + width)
                }
            };
            if let Some(v) = self.variables.get(name)
                && v.flavor == Flavor::Recursive
                && v.value.contains('$')
                && (depth >= MAX_DEPTH || !self.is_inert_within(&v.value, depth + 1))
            {
                return false;
            }
            from = next;
        }
        true
    }

    /// `~` and `~/...` stand for `$HOME`; `~user` and `~user/...` for
    /// that user's home directory, as make's `tilde_expand` asks
    /// `getpwnam` (answered here from `/etc/passwd`). Unknown, the word
    /// stays as it is.
    pub(super) fn tilde<'w>(&self, word: &'w str) -> Cow<'w, str> {
        let Some(rest) = word.strip_prefix('~') else {
            return Cow::Borrowed(word);
        };
        let (user, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let home = if user.is_empty() {
            self.variables
                .get("HOME")
                .map(|home| home.value.to_string())
        } else {
            self.home_of(user)
        };
        match home {
            Some(home) => Cow::Owned(format!("{home}{path}")),
            None => Cow::Borrowed(word),
        }
    }

    /// The home directory of `user` in the password file, read once.
    fn home_of(&self, user: &str) -> Option<String> {
        let passwd = self.passwd.get_or_init(|| {
            let path = std::path::Path::new("/etc/passwd");
            let bytes = self.fs.read_at_most(path, 16 << 20).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        // `name:password:uid:gid:gecos:home:shell`
        passwd.as_deref()?.lines().find_map(|line| {
            let mut fields = line.split(':');
            if fields.next()? != user {
                return None;
            }
            fields.nth(4).map(str::to_string)
        })
    }

    pub(super) fn rule(&mut self, state: &mut TextState, rule: &Rule<'_>, comment: Option<&str>) {
        // One set of lists for every rule, not one per rule.
        let mut names = std::mem::take(&mut self.rule_names);
        self.rule_with(state, rule, comment, &mut names);
        names.targets.clear();
        names.prerequisites.clear();
        names.order_only.clear();
        self.rule_names = names;
    }

    /// A rule line, its names expanded into `names`: what its special
    /// targets do, then each target it lists, with as much as the reading
    /// keeps (names, docs or everything).
    fn rule_with(
        &mut self,
        state: &mut TextState,
        rule: &Rule<'_>,
        comment: Option<&str>,
        names: &mut RuleNames,
    ) {
        state.rule_context = true;
        self.recipe_for = None;
        self.start_rule();
        let at = self.position;
        if self.detail == Detail::Recipes {
            self.recipe_owner.at = Some(at);
        }
        let unknown = self.expand_words_into(rule.targets, &mut names.targets);
        if unknown {
            self.model.facts.rules_skipped = true;
            self.diagnostic(
                Kind::NotEvaluated,
                at,
                "target names depend on a value not evaluated; rule skipped".into(),
            );
            return;
        }
        let special = names.targets.iter().any(is_special);
        self.expand_prerequisites(rule, special, names);
        if self.stop {
            // make stopped while expanding this line.
            return;
        }
        let conditional = self.outer_undecided || state.undecided() || self.unknown_eval > 0;
        // Most rules name no special target: nothing to look for then.
        let only_special = if special {
            self.special_targets(names, comment, at)
        } else {
            names.targets.is_empty()
        };
        if only_special {
            // `.PHONY:` and its kind may stand between a comment and its rule.
            return;
        }
        self.default_goal_candidate(&names.targets);
        let target_pattern = rule.static_pattern.map(|p| trim_cow(self.expand_cow(p).0));
        let shape = RuleShape {
            special,
            target_pattern: target_pattern.as_deref(),
            double_colon: matches!(
                rule.kind,
                RuleKind::DoubleColon | RuleKind::GroupedDoubleColon
            ),
        };
        if self.detail == Detail::Names {
            for target in names.targets.iter().filter(|t| shape.lists(t)) {
                let id = self.target_id(target);
                self.model.targets.flags_mut(id).double_colon |= shape.double_colon;
            }
        } else {
            let facts = LineFacts {
                location: at,
                section: self.section,
                conditional,
            };
            // A comment above `$(OBJ): | dirs` is about the rule, not about
            // each of the files the variable names.
            let expanded = if rule.targets.contains('$') {
                u32::try_from(names.targets.len()).unwrap_or(u32::MAX)
            } else {
                0
            };
            self.add_definitions(state, names, &shape, (comment, expanded), facts);
            if self.detail >= Detail::Everything && self.eval_depth > 0 {
                self.model.facts.evaluated_rules.insert(at);
            }
            if self.keeps_facts() {
                if conditional && let Some(branch) = self.undecided_branch_of(state) {
                    self.model.facts.undecided_rules.insert(at, branch);
                }
                if rule.recipe.is_some() {
                    self.model.facts.recipes.insert(at);
                } else {
                    self.recipe_for = Some(at);
                }
            }
            if shape.target_pattern.is_none() {
                let patterns: Vec<Box<str>> = names
                    .targets
                    .iter()
                    .filter(|t| !is_special(t) && t.contains('%'))
                    .map(Into::into)
                    .collect();
                if !patterns.is_empty() {
                    let prerequisites: Vec<&str> = names.prerequisites.iter().collect();
                    let order_only: Vec<&str> = names.order_only.iter().collect();
                    self.record_pattern(
                        state,
                        patterns,
                        (&prerequisites, &order_only),
                        comment,
                        at,
                        shape.double_colon,
                    );
                }
            }
            if self.detail >= Detail::Everything {
                self.record_uses(rule.prerequisites, false);
                self.record_uses(rule.order_only, false);
            }
            if let Some(recipe) = rule.recipe {
                self.recipe_line(recipe);
            }
        }
        // The rule took the comments above it (none are gathered when names
        // only are kept).
        state.pending_comments.clear();
    }

    /// Expands a rule's prerequisites: always (make runs their `$(eval)`
    /// and `$(error)`), but split into names only when they are kept: with
    /// everything, for a special target, and with docs for a pattern rule
    /// (the names it makes come from them, see [`super::stems`]).
    fn expand_prerequisites(&mut self, rule: &Rule<'_>, special: bool, names: &mut RuleNames) {
        let keep_prerequisites = special
            || self.detail >= Detail::Everything
            || (self.detail == Detail::Docs && names.targets.iter().any(|t| t.contains('%')));
        if keep_prerequisites {
            self.expand_words_into(rule.prerequisites, &mut names.prerequisites);
            self.expand_words_into(rule.order_only, &mut names.order_only);
        } else {
            for text in [rule.prerequisites, rule.order_only] {
                if !self.is_inert(text) {
                    self.expand_cow(text);
                }
            }
        }
    }

    /// What the special targets among a rule's targets do (`.PHONY`,
    /// `.SUFFIXES`); whether every target is special.
    fn special_targets(&mut self, names: &RuleNames, comment: Option<&str>, at: Location) -> bool {
        let mut only_special = true;
        for target in &names.targets {
            match target {
                ".PHONY" => self.mark_phony(&names.prerequisites, comment, at),
                ".SUFFIXES" => self.suffixes(&names.prerequisites),
                _ => {}
            }
            if !is_special(target) {
                only_special = false;
            }
        }
        only_special
    }

    /// Records a rule line for each target it lists: its prerequisites
    /// (per target for a static pattern) within the prerequisite budget, its
    /// definition, and the comments above it, kept once for all its targets
    /// and only if it has one (a pattern rule has none).
    fn add_definitions(
        &mut self,
        state: &TextState,
        names: &RuleNames,
        shape: &RuleShape<'_>,
        (comment, expanded_targets): (Option<&str>, u32),
        facts: LineFacts,
    ) {
        let mut comments = None;
        let no_names = NameList::new();
        // Counted once: only a static pattern changes the list per target.
        let (rule_count, order_only_count) = (names.prerequisites.len(), names.order_only.len());
        for target in &names.targets {
            if !shape.lists(target) {
                continue;
            }
            let comments = *comments.get_or_insert_with(|| {
                self.model.targets.add_rule_comments(
                    comment.map(str::trim_end),
                    &state.pending_comments,
                    expanded_targets,
                )
            });
            let substituted: NameList;
            let prereqs = match shape.target_pattern {
                None => &names.prerequisites,
                Some(pattern) => match expand::match_pattern(pattern, target) {
                    Some(stem) => {
                        substituted = names
                            .prerequisites
                            .iter()
                            .map(|p| p.replacen('%', stem, 1))
                            .collect();
                        &substituted
                    }
                    None => &no_names,
                },
            };
            let count = if shape.target_pattern.is_some() {
                prereqs.len()
            } else {
                rule_count
            };
            let stored = count + order_only_count;
            let (prereqs, order_only) = if self.prerequisite_budget >= stored {
                self.prerequisite_budget -= stored;
                (prereqs, &names.order_only)
            } else {
                self.diagnostic(
                    Kind::Expansion,
                    facts.location,
                    format!(
                        "more than {MAX_PREREQUISITES} prerequisites in all; the rest are not recorded"
                    ),
                );
                (&no_names, &no_names)
            };
            let id = self.target_id(target);
            self.recipe_owner.targets.push(id);
            let model_targets = &mut self.model.targets;
            model_targets.flags_mut(id).double_colon |= shape.double_colon;
            // Duplicates are removed once, when reading ends.
            if !model_targets.add_prerequisites(id, prereqs.as_slice(), order_only.as_slice()) {
                self.diagnostic(
                    Kind::Expansion,
                    facts.location,
                    "prerequisites take more than 4 GiB in all; the rest are not recorded"
                        .to_string(),
                );
            }
            self.model.targets.add_definition(id, facts, comments);
        }
    }

    /// The target with this name, added when there is none.
    fn target_id(&mut self, name: &str) -> TargetId {
        let targets = &mut self.model.targets;
        let half = self.index.hasher.hash_one(name) as u32;
        let hash = widen(half);
        let entry = self.index.table.entry(
            hash,
            |&(h, id)| h == half && targets.name(id as usize) == name,
            |&(h, _)| widen(h),
        );
        match entry {
            Entry::Occupied(found) => found.get().1 as usize,
            Entry::Vacant(slot) => {
                let id = targets.push(name);
                // Past 4 billion targets, the last index is shared.
                slot.insert((half, u32::try_from(id).unwrap_or(u32::MAX)));
                id
            }
        }
    }

    fn mark_phony(&mut self, names: &NameList, comment: Option<&str>, at: Location) {
        let details = self.detail > Detail::Names;
        let one_name = names.iter().nth(1).is_none();
        // A name with `%` is a pattern, which only a pattern rule can
        // use: make's database and completion offer no such target.
        for name in names.iter().filter(|n| !n.contains('%')) {
            let id = self.target_id(name);
            let targets = &mut self.model.targets;
            targets.flags_mut(id).phony = true;
            if !details {
                continue;
            }
            targets.add_phony_line(id, at, comment.filter(|_| one_name).map(str::trim_end));
        }
    }

    /// `.SUFFIXES:` with no prerequisites clears the list; otherwise adds.
    fn suffixes(&mut self, names: &NameList) {
        if names.is_empty() {
            self.suffixes.clear();
        } else {
            self.suffixes.extend(names.iter().map(str::to_string));
        }
    }

    /// `.DEFAULT_GOAL` holds a goal (more than blanks), so that rules no
    /// longer propose one. Every rule asks: the answer is kept until the
    /// variable changes.
    fn default_goal_set(&mut self) -> bool {
        let look_up = |reader: &Self| {
            reader
                .variables
                .get(".DEFAULT_GOAL")
                .is_some_and(|v| !v.value.trim().is_empty())
        };
        if let Some(set) = self.default_goal_set {
            debug_assert_eq!(set, look_up(self), "a change of .DEFAULT_GOAL was missed");
            return set;
        }
        let set = look_up(self);
        self.default_goal_set = Some(set);
        set
    }

    /// make takes the first target of the first rule that is not a pattern
    /// rule and does not start with `.` (unless it holds a `/`).
    fn default_goal_candidate(&mut self, targets: &NameList) {
        if self.in_makefiles_variable {
            return;
        }
        if self.default_goal_set() {
            return;
        }
        if let Some(goal) = targets
            .iter()
            .find(|t| !t.contains('%') && (!t.starts_with('.') || t.contains('/')))
        {
            let goal = goal.to_string();
            self.define(".DEFAULT_GOAL", &goal, Flavor::Simple, Origin::File);
        }
    }
}

/// One name that needs no expansion, globbing, `~`, `./` or `\:` handling.
fn is_plain_name(text: &str) -> bool {
    !text.starts_with("./")
        && !text.bytes().any(|b| {
            matches!(
                b,
                b' ' | b'\t' | b'\n' | b'$' | b'*' | b'?' | b'[' | b'~' | b'\\'
            )
        })
}

/// `text` without its leading and trailing whitespace, copied only when it
/// was already a copy: most static patterns have no reference to expand.
fn trim_cow(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
        Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
    }
}

/// A file name as make records it.
fn file_name(word: &str) -> Cow<'_, str> {
    let mut name = word;
    while name.len() > 2 && name.starts_with("./") {
        name = name[2..].trim_start_matches('/');
    }
    if name.contains('\\') {
        Cow::Owned(
            name.replace("\\:", ":")
                .replace("\\ ", " ")
                .replace("\\\t", "\t"),
        )
    } else {
        Cow::Borrowed(name)
    }
}

/// What a rule line says of all its targets at once.
struct RuleShape<'r> {
    /// Some target is special (most often none is).
    special: bool,
    /// The target pattern of a static pattern rule, expanded.
    target_pattern: Option<&'r str>,
    /// `::` or `&::`.
    double_colon: bool,
}

impl RuleShape<'_> {
    /// The rule lists `target`: neither special nor a pattern (a static
    /// pattern rule's targets are files, `%` or not).
    fn lists(&self, target: &str) -> bool {
        !(self.special && is_special(target))
            && (self.target_pattern.is_some()
                || crate::parse::scan::find(b'%', target.as_bytes()).is_none())
    }
}

/// The names of the rule being read: kept between rules for their
/// allocations.
#[derive(Debug, Default)]
pub(super) struct RuleNames {
    targets: NameList,
    prerequisites: NameList,
    order_only: NameList,
}

/// `.c.o` or `.c` when both parts are known suffixes (manual 10.7).
pub(super) fn is_suffix_rule(name: &str, suffixes: &HashSet<String>) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if suffixes.contains(name) {
        return true;
    }
    name.char_indices()
        .skip(1)
        .any(|(i, _)| suffixes.contains(&name[..i]) && suffixes.contains(&name[i..]))
}
