//! What the reader keeps for the docs besides targets: each assignment
//! line and pattern rule with the comments around it, the `#_# name:`
//! lines, the main makefile's header block, which targets have a recipe,
//! and which variables each target's prerequisites and recipe refer to.
//! GNU make ignores comments (manual 3.1); its recipe lines are kept
//! unexpanded until a target is built (manual 5.1), so a reference there
//! is found in the text as written.

use std::rc::Rc;

use crate::config::Detail;
use crate::model::diagnostic::Kind;
use crate::model::{
    Assignment, Found, KeyedDoc, LineComments, Location, Operator, PatternRule, SectionId,
    TargetId, VariableUse,
};
use crate::parse::statement::{AssignOp, Modifiers};

use super::variables::Assigned;
use super::{Reader, TextState};

/// Assignments, pattern rules and variable uses kept in all: a file of
/// millions of assignment lines keeps its variables, not a record of each.
pub(crate) const MAX_RECORDS: usize = 1_000_000;

/// Bytes of a value as written kept in a record; past it, the value is
/// cut and ends with `…`.
const MAX_VALUE_BYTES: usize = 64 << 10;

/// The rule whose recipe lines are being read.
#[derive(Debug, Default)]
pub(super) struct RecipeOwner {
    /// Its targets.
    pub targets: Vec<TargetId>,
    /// Its pattern rule, as an index in [`crate::model::Makefile::patterns`].
    pub pattern: Option<usize>,
    /// Its targets are known to have a recipe.
    pub marked: bool,
    /// Where its rule line is, when recipe lines are kept.
    pub at: Option<Location>,
}

/// An assignment line as the reader saw it.
pub(super) struct AssignmentLine<'a> {
    pub op: AssignOp,
    pub value: &'a str,
    pub modifiers: Modifiers,
    pub define: bool,
    pub location: Location,
    pub section: Option<SectionId>,
}

/// The names of the variables `text` refers to directly: `$(NAME)`,
/// `${NAME}`, `$(NAME:a=b)` and `$X`, in any function's arguments too;
/// automatic variables (`$@`, `$(@D)`) are not names.
pub(crate) fn variable_references(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = crate::parse::scan::find(b'$', &bytes[i..]) {
        let at = i + at;
        match bytes.get(at + 1) {
            None => break,
            Some(b'$') => i = at + 2,
            Some(&open @ (b'(' | b'{')) => {
                let close = if open == b'(' { b')' } else { b'}' };
                let start = at + 2;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| matches!(b, b' ' | b'\t' | b':' | b'$' | b',') || b == close)
                    .map_or(bytes.len(), |n| start + n);
                let name = &text[start..end];
                // A blank after the word: a function call, whose arguments
                // are read on.
                let call = matches!(bytes.get(end), Some(b' ' | b'\t'));
                if !call && is_variable_name(name) {
                    found.push(name);
                }
                i = start;
            }
            Some(_) => {
                let width = text[at + 1..].chars().next().map_or(1, char::len_utf8);
                let name = &text[at + 1..at + 1 + width];
                if is_variable_name(name) {
                    found.push(name);
                }
                i = at + 1 + width;
            }
        }
    }
    found
}

/// A name that can be a documented variable: not empty, not automatic.
fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && !matches!(
            name.as_bytes()[0],
            b'@' | b'<' | b'^' | b'+' | b'?' | b'*' | b'%' | b'|'
        )
}

/// `text` cut to [`MAX_VALUE_BYTES`] at a character boundary.
fn kept_value(text: &str) -> Box<str> {
    if text.len() <= MAX_VALUE_BYTES {
        return text.into();
    }
    let mut end = MAX_VALUE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end]).into()
}

impl Reader<'_> {
    /// One more record may be kept; past [`MAX_RECORDS`], says so once.
    fn charge_record(&mut self) -> bool {
        if self.record_budget == 0 {
            return false;
        }
        self.record_budget -= 1;
        if self.record_budget == 0 {
            self.diagnostic(
                Kind::Expansion,
                self.position,
                format!(
                    "more than {MAX_RECORDS} assignments, pattern rules and variable uses; \
                     the rest are not kept for the help"
                ),
            );
        }
        true
    }

    /// The comments of a line that ends a comment block (an assignment, a
    /// `define`): the block gathered above it and the comment after it.
    /// `None` when docs are not kept or the line is skipped.
    pub(super) fn take_comments(
        &mut self,
        state: &mut TextState,
        inline: Option<&str>,
        skipping: bool,
    ) -> Option<LineComments> {
        let above = std::mem::take(&mut state.pending_comments);
        if skipping || self.detail == Detail::Names {
            return None;
        }
        Some(LineComments {
            inline: inline
                .map(str::trim_end)
                .filter(|c| !c.is_empty())
                .map(Into::into),
            above: above.into_iter().map(String::into_boxed_str).collect(),
        })
    }

    /// Keeps an assignment line for the docs.
    pub(super) fn record_assignment(
        &mut self,
        name: &str,
        line: &AssignmentLine<'_>,
        assigned: Assigned,
        comments: LineComments,
    ) {
        if !self.charge_record() {
            return;
        }
        let operator = match line.op {
            AssignOp::Recursive => Operator::Recursive,
            AssignOp::Simple => Operator::Simple,
            AssignOp::Immediate => Operator::Immediate,
            AssignOp::Conditional => Operator::Conditional,
            AssignOp::Append => Operator::Append,
            AssignOp::Shell => Operator::Shell,
        };
        // As make stores it: blanks before a comment are part of the value.
        let value = if line.define {
            line.value
        } else {
            line.value.trim_start()
        };
        self.model.assignments.push(Assignment {
            name: name.into(),
            operator,
            value: kept_value(value),
            export: line.modifiers.export,
            override_: line.modifiers.override_,
            define: line.define,
            stored: assigned.stored,
            took_effect: assigned.took_effect,
            expanded: None,
            location: line.location,
            section: line.section,
            conditional: self.undecided_here || self.unknown_eval > 0,
            comments,
        });
    }

    /// A `#_# name: text` line: a doc of `name`, wherever it stands.
    pub(super) fn keyed_doc(&mut self, comment: &str) {
        let rest = comment.trim_start_matches("#_#").trim();
        let Some((name, text)) = rest.split_once(':') else {
            return;
        };
        let (name, text) = (name.trim(), text.trim());
        if name.is_empty() || name.contains(char::is_whitespace) || text.is_empty() {
            return;
        }
        if !self.charge_record() {
            return;
        }
        self.model.keyed_docs.push(KeyedDoc {
            name: name.into(),
            text: text.into(),
            location: self.position,
        });
    }

    /// A blank line after a comment block: the block is the main
    /// makefile's header (and true is returned) when it is the first `##` block there, before any
    /// rule, assignment or include.
    pub(super) fn header_candidate(&mut self, state: &TextState) -> bool {
        if !self.header_open || self.detail == Detail::Names || state.pending_comments.is_empty() {
            return false;
        }
        let main = self.model.files.iter().position(|f| f.found == Found::Main);
        if main != Some(self.position.file as usize) {
            return false;
        }
        let marked = state
            .pending_comments
            .iter()
            .any(|l| l.starts_with("##") && !crate::model::comment_text(l).is_empty());
        if marked {
            self.model.header = Some(
                state
                    .pending_comments
                    .iter()
                    .map(|l| l.as_str().into())
                    .collect(),
            );
            self.header_open = false;
        }
        marked
    }

    /// A rule line begins: the recipe lines after it are its own.
    pub(super) fn start_rule(&mut self) {
        self.header_open = false;
        self.recipe_owner.targets.clear();
        self.recipe_owner.pattern = None;
        self.recipe_owner.marked = false;
        self.recipe_owner.at = None;
    }

    /// Keeps a pattern rule for the docs, with the comments gathered above
    /// it; its recipe lines come next.
    pub(super) fn record_pattern(
        &mut self,
        state: &TextState,
        targets: Vec<Box<str>>,
        prerequisites: (&[&str], &[&str]),
        comment: Option<&str>,
        location: Location,
        double_colon: bool,
    ) {
        if !self.charge_record() {
            return;
        }
        let boxed = |names: &[&str]| names.iter().map(|&n| n.into()).collect();
        self.recipe_owner.pattern = Some(self.model.patterns.len());
        self.model.patterns.push(PatternRule {
            targets: targets.into(),
            prerequisites: boxed(prerequisites.0),
            order_only: boxed(prerequisites.1),
            recipe: false,
            double_colon,
            location,
            section: self.section,
            conditional: self.undecided_here || self.unknown_eval > 0,
            comments: LineComments {
                inline: comment
                    .map(str::trim_end)
                    .filter(|c| !c.is_empty())
                    .map(Into::into),
                above: state
                    .pending_comments
                    .iter()
                    .map(|l| l.as_str().into())
                    .collect(),
            },
        });
    }

    /// A recipe line of the rule being read (or the text after its `;`).
    pub(super) fn recipe_line(&mut self, text: &str) {
        if !self.recipe_owner.marked {
            self.recipe_owner.marked = true;
            for &id in &self.recipe_owner.targets {
                self.model.targets.flags_mut(id).recipe = true;
            }
            if let Some(pattern) = self.recipe_owner.pattern {
                self.model.patterns[pattern].recipe = true;
            }
        }
        if self.variable_uses {
            self.record_uses(text, true);
        }
        if self.detail == Detail::Recipes
            && let Some(at) = self.recipe_owner.at
            && self.charge_record()
        {
            let line = crate::model::recipes::RecipeLine {
                line: self.position.line,
                text: text.into(),
            };
            self.model.recipes.entry(at).or_default().push(line);
        }
    }

    /// Keeps which variables `text`, a prerequisite list or recipe line of
    /// the rule being read, refers to.
    pub(super) fn record_uses(&mut self, text: &str, recipe: bool) {
        if !self.variable_uses || self.recipe_owner.targets.is_empty() || !text.contains('$') {
            return;
        }
        for name in variable_references(text) {
            for i in 0..self.recipe_owner.targets.len() {
                let target = u32::try_from(self.recipe_owner.targets[i]).unwrap_or(u32::MAX);
                let entry = VariableUse { target, recipe };
                let uses = self.model.variable_uses.get(name);
                if uses.is_some_and(|u| u.last() == Some(&entry)) {
                    continue;
                }
                if !self.charge_record() {
                    return;
                }
                // The name is copied only the first time.
                match self.model.variable_uses.get_mut(name) {
                    Some(uses) => uses.push(entry),
                    None => {
                        self.model.variable_uses.insert(name.into(), vec![entry]);
                    }
                }
            }
        }
    }

    /// The value each documented assignment (and each `?=`) gives, as
    /// make would expand it now, when that needs no function call.
    pub(super) fn expand_documented_values(&mut self) {
        if self.stop {
            return;
        }
        for i in 0..self.model.assignments.len() {
            let a = &self.model.assignments[i];
            if a.comments.is_empty() && a.operator != Operator::Conditional {
                continue;
            }
            let expanded: Option<Rc<str>> = match a.operator {
                Operator::Simple | Operator::Immediate => a.stored.clone(),
                Operator::Recursive | Operator::Conditional
                    if a.value.contains('$') && self.is_inert(&a.value) =>
                {
                    let value = a.value.clone();
                    let (text, unknown) = self.expand_cow(&value);
                    (!unknown).then(|| Rc::from(&*text))
                }
                _ => None,
            };
            let a = &mut self.model.assignments[i];
            a.expanded = expanded.filter(|e| **e != *a.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::variable_references;

    #[test]
    fn references_are_found_in_calls_and_substitutions() {
        let cases: &[(&str, &[&str])] = &[
            ("$(CC) -o $@ $<", &["CC"]),
            ("${A} $B $$C $(D:.c=.o)", &["A", "B", "D"]),
            ("$(addprefix $(OUT)/,$(OBJS))", &["OUT", "OBJS"]),
            ("$(@D) $(<F) $^ $*", &[]),
            ("$(shell echo $(X))", &["X"]),
            ("$", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(variable_references(text), *want, "{text:?}");
        }
    }
}
