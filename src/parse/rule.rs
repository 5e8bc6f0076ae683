//! Rule lines (manual 4.2 "Rule Syntax", 4.10 "Multiple Targets in a
//! Rule", 4.12 "Static Pattern Rules", 4.13 "Double-Colon Rules"):
//! `targets [&]:[:] prerequisites [| order-only] [; recipe]`, a static
//! pattern `targets: target-pattern: prereq-patterns`, and a
//! target-specific assignment `targets: VAR = value`. The targets' colon is
//! the first one outside variable references that no backslash escapes.

use super::statement::{Prefixed, Rule, RuleKind, Statement, parse_prefixed};
use super::text::{find_outside_references, quoted_by_backslash, skip_reference, trim_blanks};

/// Parses `targets: ...` when a colon stands outside variable references;
/// `has_equals` as for [`parse_prefixed`].
pub(super) fn parse_rule(text: &str, has_equals: bool) -> Option<Statement<'_>> {
    let colon = find_unescaped_colon(text)?;
    let bytes = text.as_bytes();
    let double = bytes.get(colon + 1) == Some(&b':');
    let grouped = colon > 0 && bytes[colon - 1] == b'&';
    let kind = match (grouped, double) {
        (false, false) => RuleKind::Single,
        (false, true) => RuleKind::DoubleColon,
        (true, false) => RuleKind::Grouped,
        (true, true) => RuleKind::GroupedDoubleColon,
    };
    let targets_end = if grouped { colon - 1 } else { colon };
    let after = if double { colon + 2 } else { colon + 1 };
    let targets = trim_blanks(&text[..targets_end]);
    let rest = &text[after..];
    if has_equals && let Some(Prefixed::Assignment(assignment)) = parse_prefixed(rest, true) {
        return Some(Statement::TargetVariable {
            targets,
            assignment,
        });
    }
    let marks = rule_marks(rest);
    let (before_recipe, recipe) = match marks.semicolon {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (static_pattern, lists_start) = match marks.colon {
        Some(i) => (Some(trim_blanks(&rest[..i])), i + 1),
        None => (None, 0),
    };
    let (prerequisites, order_only) = match marks.bar {
        Some(i) => (&rest[lists_start..i], &before_recipe[i + 1..]),
        None => (&before_recipe[lists_start..], ""),
    };
    Some(Statement::Rule(Rule {
        targets,
        kind,
        prerequisites: trim_blanks(prerequisites),
        order_only: trim_blanks(order_only),
        static_pattern,
        recipe,
    }))
}

/// Where the parts of a rule line after its targets' colon end, all outside
/// variable references.
#[derive(Debug, Default, PartialEq, Eq)]
struct RuleMarks {
    /// The `;` that starts an in-line recipe.
    semicolon: Option<usize>,
    /// The unescaped `:` of a static pattern rule, before the recipe.
    colon: Option<usize>,
    /// The `|` before order-only prerequisites: the first after the static
    /// pattern's colon, before the recipe.
    bar: Option<usize>,
}

/// Finds the [`RuleMarks`] of the text after a rule's colon in one pass.
fn rule_marks(rest: &str) -> RuleMarks {
    let bytes = rest.as_bytes();
    let mut marks = RuleMarks::default();
    let mut i = 0;
    while let Some(found) = crate::parse::scan::find_any([b'$', b';', b':', b'|'], &bytes[i..]) {
        i += found;
        match bytes[i] {
            b'$' => {
                i = skip_reference(bytes, i);
                continue;
            }
            b';' => {
                marks.semicolon = Some(i);
                break;
            }
            b':' if marks.colon.is_none() && !quoted_by_backslash(&bytes[..i]) => {
                marks.colon = Some(i);
                // Order-only prerequisites follow the pattern's colon.
                marks.bar = None;
            }
            b'|' if marks.bar.is_none() => marks.bar = Some(i),
            _ => {}
        }
        i += 1;
    }
    marks
}

/// The first `:` outside variable references that no backslash escapes
/// (`deploy\:prod:` names the target `deploy:prod`).
fn find_unescaped_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = find_outside_references(&text[from..], b':') {
        let at = from + i;
        if !quoted_by_backslash(&bytes[..at]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass scan agrees with looking for each mark in turn, as
    /// make's reader does (`;`, then the static pattern's `:`, then `|`).
    #[test]
    fn rule_marks_agree_with_three_searches() {
        let cases = [
            "",
            " b c",
            " b | c",
            " %.o: %.c | d",
            " x | y: z",
            " x | y: z | w",
            " b ; c | d : e",
            " b\\: c",
            " b\\\\: c",
            " $(x:y=z) | w",
            " $(a;b) ; echo",
            " %.o : %.c ; cc | x",
            " a:b:c",
            "|:|",
        ];
        for rest in cases {
            let semicolon = find_outside_references(rest, b';');
            let before = &rest[..semicolon.unwrap_or(rest.len())];
            let colon = find_unescaped_colon(before);
            let start = colon.map_or(0, |c| c + 1);
            let bar = find_outside_references(&before[start..], b'|').map(|b| b + start);
            let want = RuleMarks {
                semicolon,
                colon,
                bar,
            };
            assert_eq!(rule_marks(rest), want, "{rest:?}");
        }
    }
}
