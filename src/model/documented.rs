//! What a makefile documents besides its targets: its variable assignments
//! (manual 6.5 "Setting Variables", 6.8 "Defining Multi-Line Variables")
//! and its pattern rules (manual 10.5 "Defining and Redefining Pattern
//! Rules"), each with the comments around its line, and the header block
//! of the main makefile. make itself ignores comments; the reader keeps
//! them so that [`crate::output::docs`] can tell which one documents what.

use std::rc::Rc;

use crate::model::{Location, SectionId};

/// How an assignment sets its variable, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `=` (and `define` without an operator): expanded at each use.
    Recursive,
    /// `:=` or `::=`: expanded once, now.
    Simple,
    /// `:::=`: expanded now, stored recursive.
    Immediate,
    /// `?=`: only when the variable is not defined yet.
    Conditional,
    /// `+=`: appended.
    Append,
    /// `!=`: the output of a shell command (never run).
    Shell,
}

impl Operator {
    /// The operator as make reads it (`::=` shows as `:=`, its synonym).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Recursive => "=",
            Operator::Simple => ":=",
            Operator::Immediate => ":::=",
            Operator::Conditional => "?=",
            Operator::Append => "+=",
            Operator::Shell => "!=",
        }
    }
}

/// The comments of a line: the one after it, `#`s included, and the
/// comment lines directly above it, as the reader gathered them for a rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineComments {
    /// The comment after the line, if any.
    pub inline: Option<Box<str>>,
    /// The comment lines right above it (no blank line nor other statement
    /// between), `#`s included.
    pub above: Box<[Box<str>]>,
}

impl LineComments {
    /// No comment at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.inline.is_none() && self.above.is_empty()
    }
}

/// One assignment line of a makefile (or `define` block, or a line read by
/// `$(eval)`), whatever its effect.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts of one line"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable's name, expanded.
    pub name: Box<str>,
    /// The operator.
    pub operator: Operator,
    /// The value as written and as make keeps it: without the blanks
    /// before it, with those before a comment after it (a `define` body:
    /// its lines).
    pub value: Box<str>,
    /// `export` stands before it.
    pub export: bool,
    /// `override` stands before it.
    pub override_: bool,
    /// `define` ... `endef`.
    pub define: bool,
    /// The expansion it stored, when it stored one (`:=`, `::=`, `:::=`);
    /// `None` for the other operators, when part of it is unknown, or
    /// when the assignment did not take effect.
    pub stored: Option<Rc<str>>,
    /// It changed the variable: a `?=` of a variable already defined, or a
    /// makefile assignment of a variable set on the command line, does
    /// not.
    pub took_effect: bool,
    /// The value as make would expand it at the end of the reading, when
    /// that is known and differs from [`Assignment::value`]: a recursive
    /// value whose references are plain variables (no function is called
    /// to find it), or the value a `:=` stored. Only for assignments with
    /// comments, or `?=`.
    pub expanded: Option<Rc<str>>,
    /// Where it is.
    pub location: Location,
    /// The `##@` section in force there.
    pub section: Option<SectionId>,
    /// In a branch that could not be decided.
    pub conditional: bool,
    /// Its comments.
    pub comments: LineComments,
}

/// One pattern rule of the makefile (a target holding `%`, not a static
/// pattern rule), as a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternRule {
    /// Its target patterns (`image-%`; a rule line may list several).
    pub targets: Box<[Box<str>]>,
    /// Normal prerequisites, expanded, `%` kept.
    pub prerequisites: Box<[Box<str>]>,
    /// Order-only prerequisites.
    pub order_only: Box<[Box<str>]>,
    /// It has a recipe (a pattern rule without one cancels a rule).
    pub recipe: bool,
    /// `::`: terminal.
    pub double_colon: bool,
    /// Where it is.
    pub location: Location,
    /// The `##@` section in force there.
    pub section: Option<SectionId>,
    /// In a branch that could not be decided.
    pub conditional: bool,
    /// Its comments.
    pub comments: LineComments,
}

impl PatternRule {
    /// It matches any name (`%:`, `%::`): make never completes through it.
    #[must_use]
    pub fn match_anything(&self) -> bool {
        self.targets.iter().any(|t| &**t == "%")
    }
}

/// A `#_# name: text` line, wherever it stands: it documents `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedDoc {
    /// The name it documents.
    pub name: Box<str>,
    /// The text after `name:`.
    pub text: Box<str>,
    /// Where it is.
    pub location: Location,
}

/// Uses of a variable by the rules: a reference in a rule line's
/// prerequisites or in a recipe line of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VariableUse {
    /// The target whose prerequisites or recipe refer to it.
    pub target: u32,
    /// In its recipe, not its prerequisites.
    pub recipe: bool,
}

/// The stem of `name` for a target pattern (`image-%` and `image-api`:
/// `api`), as make matches them (manual 10.5.4 "How Patterns Match"); a
/// pattern without `%` matches only itself, with an empty stem.
#[must_use]
pub fn match_stem<'n>(pattern: &str, name: &'n str) -> Option<&'n str> {
    match pattern.split_once('%') {
        None => (pattern == name).then_some(""),
        Some((prefix, suffix)) => {
            if name.len() >= prefix.len() + suffix.len()
                && name.starts_with(prefix)
                && name.ends_with(suffix)
            {
                Some(&name[prefix.len()..name.len() - suffix.len()])
            } else {
                None
            }
        }
    }
}
