//! One logical line → one statement, following the order in which GNU make's
//! `eval` tries each reading of a line: variable assignment (with its
//! `export`/`unexport`/`override`/`private`/`define`/`undefine` prefixes),
//! conditional directive, `export`/`unexport`, `vpath`, `include`, and
//! finally a rule.
//!
//! GNU make manual: "Writing Makefiles" (3.1), "Reading Makefiles" (3.7),
//! "Setting Variables" (6.5), "Conditional Parts of Makefiles" (7),
//! "Rule Syntax" (4.2). The line comes without its comment
//! ([`super::comment`]); rule lines are read in [`super::rule`]. Recipe
//! lines and `define` bodies are recognised by the reader, which knows the
//! parser state; this module is pure text.

use super::rule::parse_rule;
use super::text::{first_word, skip_reference, trim_blanks, trim_blanks_end, trim_blanks_start};

/// How a variable is assigned (manual 6.2, 6.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AssignOp {
    /// `=`: recursively expanded.
    Recursive,
    /// `:=` or `::=`: simply expanded.
    Simple,
    /// `:::=`: immediately expanded, stored recursive.
    Immediate,
    /// `?=`: only if not yet defined.
    Conditional,
    /// `+=`: appended.
    Append,
    /// `!=`: the output of a shell command (never run by us).
    Shell,
}

/// The prefixes that may stand before an assignment.
#[allow(clippy::struct_excessive_bools)] // one flag per make keyword
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Modifiers {
    /// `export`
    pub export: bool,
    /// `override`
    pub override_: bool,
    /// `private`
    pub private: bool,
}

/// `NAME op value`, possibly with prefixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssignmentOf<S> {
    /// Prefixes.
    pub modifiers: Modifiers,
    /// The (unexpanded) variable name.
    pub name: S,
    /// The operator.
    pub op: AssignOp,
    /// The (unexpanded) value, leading blanks removed.
    pub value: S,
}

/// The kind of a conditional directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConditionOf<S> {
    /// `ifeq`/`ifneq` with its two unexpanded operands.
    Equal {
        /// `ifneq` rather than `ifeq`.
        negated: bool,
        /// First operand.
        left: S,
        /// Second operand.
        right: S,
    },
    /// `ifdef`/`ifndef` with the unexpanded variable name.
    Defined {
        /// `ifndef` rather than `ifdef`.
        negated: bool,
        /// The variable name.
        name: S,
    },
}

/// The separator between targets and prerequisites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleKind {
    /// `:`
    Single,
    /// `::`
    DoubleColon,
    /// `&:` (grouped targets)
    Grouped,
    /// `&::` (grouped double-colon targets)
    GroupedDoubleColon,
}

/// `targets : prerequisites [| order-only] [; recipe]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleOf<S> {
    /// Unexpanded target list.
    pub targets: S,
    /// Separator kind.
    pub kind: RuleKind,
    /// Unexpanded normal prerequisites.
    pub prerequisites: S,
    /// Unexpanded order-only prerequisites (after `|`).
    pub order_only: S,
    /// For a static pattern rule, the target pattern.
    pub static_pattern: Option<S>,
    /// Text after `;`, if any.
    pub recipe: Option<S>,
}

/// What one logical (non-recipe) line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StatementOf<S> {
    /// Nothing but blanks and maybe a comment.
    Empty,
    /// A variable assignment.
    Assignment(AssignmentOf<S>),
    /// The start of a `define` block.
    Define {
        /// Prefixes.
        modifiers: Modifiers,
        /// Unexpanded variable name.
        name: S,
        /// Operator (`=` when none is given).
        op: AssignOp,
    },
    /// `endef` outside a define block.
    Endef,
    /// `undefine NAME`.
    Undefine {
        /// Prefixes.
        modifiers: Modifiers,
        /// Unexpanded variable name.
        name: S,
    },
    /// `ifeq`, `ifneq`, `ifdef`, `ifndef`.
    If(ConditionOf<S>),
    /// `else`, possibly followed by a condition.
    Else(Option<ConditionOf<S>>),
    /// `endif`.
    Endif,
    /// `include`, `-include`, `sinclude`.
    Include {
        /// `-include` or `sinclude`: a missing file is silent.
        optional: bool,
        /// Unexpanded file names.
        names: S,
    },
    /// `export` or `unexport` without an assignment.
    Export {
        /// `unexport` rather than `export`.
        unexport: bool,
        /// Unexpanded names (may be empty).
        names: S,
    },
    /// `vpath ...`, `load ...`: nothing for us.
    Ignored,
    /// A rule line.
    Rule(RuleOf<S>),
    /// `target: VAR = value`.
    TargetVariable {
        /// Unexpanded targets.
        targets: S,
        /// The assignment.
        assignment: AssignmentOf<S>,
    },
    /// A line that is neither: it may still expand to a rule or to nothing.
    Expression(S),
    /// A malformed directive.
    Invalid(&'static str),
}

/// A variable assignment whose texts borrow the line.
pub(crate) type Assignment<'a> = AssignmentOf<&'a str>;
/// A conditional whose operands borrow the line.
pub(crate) type Condition<'a> = ConditionOf<&'a str>;
/// A rule whose lists borrow the line.
pub(crate) type Rule<'a> = RuleOf<&'a str>;
/// What a line says, its texts borrowing the line. The same shapes hold
/// other kinds of text: offsets, for a line parsed on another thread (see
/// [`crate::source::ahead::parsed`]); `map` turns one kind into the other.
pub(crate) type Statement<'a> = StatementOf<&'a str>;

impl<S> AssignmentOf<S> {
    /// The same assignment with each text passed through `f`.
    pub(crate) fn map<T>(self, f: &mut impl FnMut(S) -> T) -> AssignmentOf<T> {
        AssignmentOf {
            modifiers: self.modifiers,
            name: f(self.name),
            op: self.op,
            value: f(self.value),
        }
    }
}

impl<S> ConditionOf<S> {
    /// The same condition with each text passed through `f`.
    pub(crate) fn map<T>(self, f: &mut impl FnMut(S) -> T) -> ConditionOf<T> {
        match self {
            ConditionOf::Equal {
                negated,
                left,
                right,
            } => ConditionOf::Equal {
                negated,
                left: f(left),
                right: f(right),
            },
            ConditionOf::Defined { negated, name } => ConditionOf::Defined {
                negated,
                name: f(name),
            },
        }
    }
}

impl<S> RuleOf<S> {
    /// The same rule with each text passed through `f`.
    pub(crate) fn map<T>(self, f: &mut impl FnMut(S) -> T) -> RuleOf<T> {
        RuleOf {
            targets: f(self.targets),
            kind: self.kind,
            prerequisites: f(self.prerequisites),
            order_only: f(self.order_only),
            static_pattern: self.static_pattern.map(&mut *f),
            recipe: self.recipe.map(f),
        }
    }
}

impl<S> StatementOf<S> {
    /// The same statement with each text passed through `f`.
    pub(crate) fn map<T>(self, f: &mut impl FnMut(S) -> T) -> StatementOf<T> {
        match self {
            StatementOf::Empty => StatementOf::Empty,
            StatementOf::Assignment(a) => StatementOf::Assignment(a.map(f)),
            StatementOf::Define {
                modifiers,
                name,
                op,
            } => StatementOf::Define {
                modifiers,
                name: f(name),
                op,
            },
            StatementOf::Endef => StatementOf::Endef,
            StatementOf::Undefine { modifiers, name } => StatementOf::Undefine {
                modifiers,
                name: f(name),
            },
            StatementOf::If(c) => StatementOf::If(c.map(f)),
            StatementOf::Else(c) => StatementOf::Else(c.map(|c| c.map(f))),
            StatementOf::Endif => StatementOf::Endif,
            StatementOf::Include { optional, names } => StatementOf::Include {
                optional,
                names: f(names),
            },
            StatementOf::Export { unexport, names } => StatementOf::Export {
                unexport,
                names: f(names),
            },
            StatementOf::Ignored => StatementOf::Ignored,
            StatementOf::Rule(r) => StatementOf::Rule(r.map(f)),
            StatementOf::TargetVariable {
                targets,
                assignment,
            } => StatementOf::TargetVariable {
                targets: f(targets),
                assignment: assignment.map(f),
            },
            StatementOf::Expression(text) => StatementOf::Expression(f(text)),
            StatementOf::Invalid(message) => StatementOf::Invalid(message),
        }
    }
}

/// Finds `NAME op` at the start of `text` (make's `parse_variable_definition`):
/// the name is one word (it may hold variable references), then an operator.
/// Returns the name, the operator and the value.
fn parse_definition(text: &str) -> Option<(&str, AssignOp, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut name_end = None;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'#' {
            return None;
        }
        if b == b'$' {
            if name_end.is_some() {
                return None;
            }
            i = skip_reference(bytes, i);
            continue;
        }
        if b == b' ' || b == b'\t' {
            name_end.get_or_insert(i);
            i += 1;
            continue;
        }
        let end = name_end.unwrap_or(i);
        let (op, len) = match (b, bytes.get(i + 1).copied()) {
            (b'=', _) => (AssignOp::Recursive, 1),
            (b':', Some(b'=')) => (AssignOp::Simple, 2),
            (b':', _) if text[i..].starts_with("::=") => (AssignOp::Simple, 3),
            (b':', _) if text[i..].starts_with(":::=") => (AssignOp::Immediate, 4),
            (b':', _) => return None,
            (b'+', Some(b'=')) => (AssignOp::Append, 2),
            (b'?', Some(b'=')) => (AssignOp::Conditional, 2),
            (b'!', Some(b'=')) => (AssignOp::Shell, 2),
            _ => {
                if name_end.is_some() {
                    return None;
                }
                i += 1;
                continue;
            }
        };
        let value = trim_blanks_start(&text[i + len..]);
        return Some((&text[..end], op, value));
    }
    None
}

/// What a line starting with assignment prefixes turned out to be.
pub(super) enum Prefixed<'a> {
    Assignment(Assignment<'a>),
    Define(Modifiers, &'a str, AssignOp),
    Undefine(Modifiers, &'a str),
}

/// make's `parse_var_assignment`: prefixes, then a definition.
/// `has_equals` is false only when `text` holds no `=`: every assignment
/// operator holds one, and most lines have none. The caller looks once for
/// the whole line, which a rule's assignment part is a piece of.
pub(super) fn parse_prefixed(text: &str, has_equals: bool) -> Option<Prefixed<'_>> {
    let mut modifiers = Modifiers::default();
    let mut rest = trim_blanks_start(text);
    loop {
        if has_equals && let Some((name, op, value)) = parse_definition(rest) {
            return Some(Prefixed::Assignment(Assignment {
                modifiers,
                name,
                op,
                value,
            }));
        }
        // The prefixes and directives below start with one of these.
        if !matches!(
            rest.as_bytes().first(),
            Some(b'e' | b'o' | b'p' | b'd' | b'u')
        ) {
            return None;
        }
        let (word, after) = first_word(rest);
        if after.is_empty() {
            return None;
        }
        match word {
            // `unexport X = y` is not an assignment in make: it unexports
            // the variables `X`, `=` and `y`.
            "export" => modifiers.export = true,
            "override" => modifiers.override_ = true,
            "private" => modifiers.private = true,
            "define" => {
                let after = trim_blanks_end(after);
                let (name, op) = match parse_definition(after) {
                    Some((name, op, "")) => (name, op),
                    _ => (after, AssignOp::Recursive),
                };
                return Some(Prefixed::Define(modifiers, name, op));
            }
            "undefine" => {
                return Some(Prefixed::Undefine(modifiers, trim_blanks_end(after)));
            }
            _ => return None,
        }
        rest = after;
    }
}

/// Parses the operands of `ifeq`/`ifneq` (manual 7.2): `(a,b)`, `"a" "b"`,
/// `'a' 'b'`, in any mix of quotes.
fn parse_equal_operands(text: &str) -> Option<(&str, &str)> {
    let text = trim_blanks(text);
    if let Some(inner) = text.strip_prefix('(') {
        let bytes = inner.as_bytes();
        let mut depth = 0i32;
        let mut comma = None;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'(' => depth += 1,
                b')' => depth -= 1,
                b',' if depth <= 0 => {
                    comma = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let comma = comma?;
        let left = trim_blanks_end(&inner[..comma]);
        let right_start = trim_blanks_start(&inner[comma + 1..]);
        let rb = right_start.as_bytes();
        let mut depth = 0i32;
        for (i, &b) in rb.iter().enumerate() {
            match b {
                b'(' => depth += 1,
                b')' if depth <= 0 => {
                    if !trim_blanks(&right_start[i + 1..]).is_empty() {
                        return None;
                    }
                    return Some((left, &right_start[..i]));
                }
                b')' => depth -= 1,
                _ => {}
            }
        }
        return None;
    }
    let (left, rest) = quoted(text)?;
    let (right, rest) = quoted(trim_blanks_start(rest))?;
    trim_blanks(rest).is_empty().then_some((left, right))
}

fn quoted(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &text[1..];
    let end = body.find(quote)?;
    Some((&body[..end], &body[end + 1..]))
}

fn parse_condition<'a>(
    keyword: &str,
    rest: &'a str,
) -> Option<Result<Condition<'a>, &'static str>> {
    let condition = match keyword {
        "ifeq" | "ifneq" => match parse_equal_operands(rest) {
            Some((left, right)) => Condition::Equal {
                negated: keyword == "ifneq",
                left,
                right,
            },
            None => return Some(Err("invalid syntax in conditional")),
        },
        "ifdef" | "ifndef" => {
            let name = trim_blanks(rest);
            if name.is_empty() {
                return Some(Err("invalid syntax in conditional"));
            }
            Condition::Defined {
                negated: keyword == "ifndef",
                name,
            }
        }
        _ => return None,
    };
    Some(Ok(condition))
}

/// Parses one logical line that is not a recipe line and not inside a
/// `define` body. `code` is the line with its comment removed.
#[must_use]
pub(crate) fn parse_statement(code: &str) -> Statement<'_> {
    let trimmed = code.trim_ascii();
    if trimmed.is_empty() {
        return Statement::Empty;
    }
    let has_equals = crate::parse::scan::find(b'=', trimmed.as_bytes()).is_some();
    // Assignments come first so that variables named like directives work.
    // Without a `=`, only `define` and `undefine`, maybe after the
    // prefixes `export`, `override` and `private`, are read there: the
    // first byte of one of these words (keep in step with parse_prefixed).
    let may_be_prefixed =
        has_equals || matches!(trimmed.as_bytes()[0], b'e' | b'o' | b'p' | b'd' | b'u');
    // An assignment's value keeps the blanks at its end, as make keeps
    // them (`X = 1 # c` sets `1 `).
    if may_be_prefixed && let Some(prefixed) = parse_prefixed(code.trim_ascii_start(), has_equals) {
        return match prefixed {
            Prefixed::Assignment(a) => Statement::Assignment(a),
            Prefixed::Define(modifiers, name, op) => Statement::Define {
                modifiers,
                name,
                op,
            },
            Prefixed::Undefine(modifiers, name) => Statement::Undefine { modifiers, name },
        };
    }
    // Every directive starts with one of these bytes: other lines (most
    // rules) need not be split into words.
    if !matches!(
        trimmed.as_bytes()[0],
        b'i' | b'e' | b'd' | b'u' | b'v' | b'l' | b'-' | b's'
    ) {
        return parse_rule(trimmed, has_equals).unwrap_or(Statement::Expression(trimmed));
    }
    let (word, rest) = first_word(trimmed);
    match word {
        "ifeq" | "ifneq" | "ifdef" | "ifndef" => {
            return match parse_condition(word, rest) {
                Some(Ok(c)) => Statement::If(c),
                _ => Statement::Invalid("invalid syntax in conditional"),
            };
        }
        "else" => {
            if rest.is_empty() {
                return Statement::Else(None);
            }
            let (word, rest) = first_word(rest);
            return match parse_condition(word, rest) {
                Some(Ok(c)) => Statement::Else(Some(c)),
                _ => Statement::Invalid("extraneous text after 'else' directive"),
            };
        }
        "endif" => {
            return if rest.is_empty() {
                Statement::Endif
            } else {
                Statement::Invalid("extraneous text after 'endif' directive")
            };
        }
        "endef" => return Statement::Endef,
        "define" => return Statement::Invalid("empty variable name"),
        "export" | "unexport" => {
            return Statement::Export {
                unexport: word == "unexport",
                names: rest,
            };
        }
        "vpath" | "load" | "-load" => return Statement::Ignored,
        "include" | "-include" | "sinclude" => {
            return Statement::Include {
                optional: word != "include",
                names: rest,
            };
        }
        _ => {}
    }
    parse_rule(trimmed, has_equals).unwrap_or(Statement::Expression(trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmt(code: &str) -> Statement<'_> {
        parse_statement(code)
    }

    fn assign(name: &str, op: AssignOp, value: &str) -> Statement<'static> {
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        Statement::Assignment(Assignment {
            modifiers: Modifiers::default(),
            name: leak(name),
            op,
            value: leak(value),
        })
    }

    macro_rules! stmt_case {
        ($name:ident, $input:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(stmt($input), $want);
            }
        };
    }

    stmt_case!(empty, "   ", Statement::Empty);
    stmt_case!(recursive, "X = 1", assign("X", AssignOp::Recursive, "1"));
    stmt_case!(simple, "X := 1", assign("X", AssignOp::Simple, "1"));
    stmt_case!(posix_simple, "X ::= 1", assign("X", AssignOp::Simple, "1"));
    stmt_case!(immediate, "X :::= 1", assign("X", AssignOp::Immediate, "1"));
    stmt_case!(
        conditional,
        "X ?= 1",
        assign("X", AssignOp::Conditional, "1")
    );
    stmt_case!(append, "X += 1", assign("X", AssignOp::Append, "1"));
    stmt_case!(shell, "X != date", assign("X", AssignOp::Shell, "date"));
    stmt_case!(no_blanks, "X=1", assign("X", AssignOp::Recursive, "1"));
    stmt_case!(empty_value, "X =", assign("X", AssignOp::Recursive, ""));
    stmt_case!(
        computed_name,
        "$(A)_B = 1",
        assign("$(A)_B", AssignOp::Recursive, "1")
    );
    stmt_case!(
        value_with_colon,
        "X = a:b",
        assign("X", AssignOp::Recursive, "a:b")
    );
    stmt_case!(
        directive_named_variable,
        "ifdef = 1",
        assign("ifdef", AssignOp::Recursive, "1")
    );
    stmt_case!(
        export_assignment,
        "export X := 1",
        Statement::Assignment(Assignment {
            modifiers: Modifiers {
                export: true,
                ..Modifiers::default()
            },
            name: "X",
            op: AssignOp::Simple,
            value: "1"
        })
    );
    stmt_case!(
        override_private,
        "override private X += y",
        Statement::Assignment(Assignment {
            modifiers: Modifiers {
                override_: true,
                private: true,
                ..Modifiers::default()
            },
            name: "X",
            op: AssignOp::Append,
            value: "y"
        })
    );
    stmt_case!(
        define_plain,
        "define BODY",
        Statement::Define {
            modifiers: Modifiers::default(),
            name: "BODY",
            op: AssignOp::Recursive
        }
    );
    stmt_case!(
        define_with_op,
        "define BODY :=",
        Statement::Define {
            modifiers: Modifiers::default(),
            name: "BODY",
            op: AssignOp::Simple
        }
    );
    stmt_case!(
        undefine,
        "undefine X",
        Statement::Undefine {
            modifiers: Modifiers::default(),
            name: "X"
        }
    );
    stmt_case!(
        ifeq_parens,
        "ifeq ($(A), b)",
        Statement::If(Condition::Equal {
            negated: false,
            left: "$(A)",
            right: "b"
        })
    );
    stmt_case!(
        ifneq_quotes,
        "ifneq \"a\" 'b'",
        Statement::If(Condition::Equal {
            negated: true,
            left: "a",
            right: "b"
        })
    );
    stmt_case!(
        ifeq_nested_parens,
        "ifeq ($(filter a,$(B)),)",
        Statement::If(Condition::Equal {
            negated: false,
            left: "$(filter a,$(B))",
            right: ""
        })
    );
    stmt_case!(
        ifdef,
        "ifdef DEBUG",
        Statement::If(Condition::Defined {
            negated: false,
            name: "DEBUG"
        })
    );
    stmt_case!(
        else_ifeq,
        "else ifeq (a,b)",
        Statement::Else(Some(Condition::Equal {
            negated: false,
            left: "a",
            right: "b"
        }))
    );
    stmt_case!(plain_else, "else", Statement::Else(None));
    stmt_case!(endif, "endif", Statement::Endif);
    stmt_case!(
        bad_ifeq,
        "ifeq a",
        Statement::Invalid("invalid syntax in conditional")
    );
    stmt_case!(
        include,
        "include a.mk b.mk",
        Statement::Include {
            optional: false,
            names: "a.mk b.mk"
        }
    );
    stmt_case!(
        dash_include,
        "-include $(DEPS)",
        Statement::Include {
            optional: true,
            names: "$(DEPS)"
        }
    );
    stmt_case!(
        sinclude,
        "sinclude x.mk",
        Statement::Include {
            optional: true,
            names: "x.mk"
        }
    );
    stmt_case!(
        bare_export,
        "export PATH",
        Statement::Export {
            unexport: false,
            names: "PATH"
        }
    );
    stmt_case!(
        simple_rule,
        "build: clean fmt",
        Statement::Rule(Rule {
            targets: "build",
            kind: RuleKind::Single,
            prerequisites: "clean fmt",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        double_colon,
        "a b:: c",
        Statement::Rule(Rule {
            targets: "a b",
            kind: RuleKind::DoubleColon,
            prerequisites: "c",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        grouped,
        "x.h x.c &: x.y",
        Statement::Rule(Rule {
            targets: "x.h x.c",
            kind: RuleKind::Grouped,
            prerequisites: "x.y",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        static_pattern,
        "a.o b.o: %.o: %.c | dir",
        Statement::Rule(Rule {
            targets: "a.o b.o",
            kind: RuleKind::Single,
            prerequisites: "%.c",
            order_only: "dir",
            static_pattern: Some("%.o"),
            recipe: None
        })
    );
    stmt_case!(
        inline_recipe,
        "hi: ; @echo a:b",
        Statement::Rule(Rule {
            targets: "hi",
            kind: RuleKind::Single,
            prerequisites: "",
            order_only: "",
            static_pattern: None,
            recipe: Some(" @echo a:b")
        })
    );
    stmt_case!(
        variable_with_colon_in_target,
        "$(subst x,:,y) z: w",
        Statement::Rule(Rule {
            targets: "$(subst x,:,y) z",
            kind: RuleKind::Single,
            prerequisites: "w",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        target_variable,
        "test: V = x",
        Statement::TargetVariable {
            targets: "test",
            assignment: Assignment {
                modifiers: Modifiers::default(),
                name: "V",
                op: AssignOp::Recursive,
                value: "x"
            }
        }
    );
    stmt_case!(
        target_variable_export,
        "test: export V := x",
        Statement::TargetVariable {
            targets: "test",
            assignment: Assignment {
                modifiers: Modifiers {
                    export: true,
                    ..Modifiers::default()
                },
                name: "V",
                op: AssignOp::Simple,
                value: "x"
            }
        }
    );
    stmt_case!(
        unexport_is_not_an_assignment,
        "unexport X = y",
        Statement::Export {
            unexport: true,
            names: "X = y"
        }
    );
    stmt_case!(
        export_with_colon_is_not_a_rule,
        "export foo: bar",
        Statement::Export {
            unexport: false,
            names: "foo: bar"
        }
    );
    stmt_case!(
        grouped_double_colon,
        "a b &:: c",
        Statement::Rule(Rule {
            targets: "a b",
            kind: RuleKind::GroupedDoubleColon,
            prerequisites: "c",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        escaped_colon,
        "deploy\\:prod: x",
        Statement::Rule(Rule {
            targets: "deploy\\:prod",
            kind: RuleKind::Single,
            prerequisites: "x",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        escaped_colon_in_prerequisites_is_not_a_static_pattern,
        ".PHONY: build docker\\:push",
        Statement::Rule(Rule {
            targets: ".PHONY",
            kind: RuleKind::Single,
            prerequisites: "build docker\\:push",
            order_only: "",
            static_pattern: None,
            recipe: None
        })
    );
    stmt_case!(
        expression,
        "$(eval X = 1)",
        Statement::Expression("$(eval X = 1)")
    );
    stmt_case!(
        no_separator,
        "just words",
        Statement::Expression("just words")
    );
}
