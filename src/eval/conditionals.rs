//! Conditionals: `ifeq`/`ifneq`/`ifdef`/`ifndef`, `else`, `endif`
//! (manual 7 "Conditional Parts of Makefiles").
//!
//! Conditionals whose operands cannot be evaluated (`$(shell)`) read both
//! branches; what they define is marked conditional.

use crate::model::diagnostic::Kind;
use crate::parse::statement::Condition;

use super::{Branch, Reader, TextState};

impl Reader<'_> {
    pub(super) fn else_branch(&mut self, state: &mut TextState, condition: Option<&Condition<'_>>) {
        let position = self.position;
        let Some(top) = state.conditionals.last() else {
            self.diagnostic(Kind::Syntax, position, "extraneous 'else'".into());
            return;
        };
        if top.seen_else {
            self.diagnostic(
                Kind::Syntax,
                position,
                "only one 'else' per conditional".into(),
            );
            state.conditionals.set_branch(Branch::Skip);
            return;
        }
        let (outer_skip, taken, was) = (top.outer_skip, top.taken, top.branch);
        let result = if outer_skip || taken {
            Some(false)
        } else if was == Branch::Both {
            None
        } else {
            match condition {
                None => Some(true),
                Some(c) => self.evaluate(c),
            }
        };
        state.conditionals.set_branch(branch_for(result));
        let top = state.conditionals.last_mut().expect("checked above");
        top.taken |= result == Some(true);
        top.seen_else = condition.is_none();
        top.branch_line = position.line;
        let start = top.line;
        if result.is_none() && !outer_skip && !taken {
            self.note_undecided_branch(start, condition.is_none());
        }
    }

    /// `Some(true)`/`Some(false)`, or `None` when an operand is unknown.
    pub(super) fn evaluate(&mut self, condition: &Condition<'_>) -> Option<bool> {
        let result = match condition {
            Condition::Equal {
                negated,
                left,
                right,
            } => {
                self.note_comparison(left, right);
                let (l, lu) = self.expand_cow(left);
                let (r, ru) = self.expand_cow(right);
                if lu || ru {
                    None
                } else {
                    Some((l == r) != *negated)
                }
            }
            Condition::Defined { negated, name } => {
                let (name, unknown) = self.expand_cow(name);
                self.settle(name.trim());
                let var = self.variables.get(name.trim());
                if unknown || var.is_some_and(|v| v.unknown) {
                    None
                } else {
                    Some(var.is_some_and(|v| !v.value.is_empty()) != *negated)
                }
            }
        };
        if result.is_none() {
            self.diagnostic(
                Kind::UndecidedConditional,
                self.position,
                "conditional depends on a value not evaluated; both branches read".into(),
            );
        }
        result
    }
}

impl Reader<'_> {
    /// `ifeq ($(VAR),word)` (either way round): `word` is a value `VAR` is
    /// meant to take, offered by `make VAR=<TAB>`.
    fn note_comparison(&mut self, left: &str, right: &str) {
        for (reference, word) in [(left, right), (right, left)] {
            let word = word.trim();
            if let Some(name) = plain_reference(reference.trim())
                && !word.is_empty()
                && !word.contains('$')
                && !word.contains(char::is_whitespace)
            {
                self.model.compared_values.add(name, word);
            }
        }
    }
}

/// The variable name of a whole `$(NAME)` or `${NAME}` reference.
fn plain_reference(text: &str) -> Option<&str> {
    let inner = text
        .strip_prefix("$(")
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| text.strip_prefix("${").and_then(|t| t.strip_suffix('}')))?;
    let plain = !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    plain.then_some(inner)
}

pub(super) fn branch_for(result: Option<bool>) -> Branch {
    match result {
        Some(true) => Branch::Take,
        Some(false) => Branch::Skip,
        None => Branch::Both,
    }
}
