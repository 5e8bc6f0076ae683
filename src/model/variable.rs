//! A variable as make stores it (manual 6 "How to Use Variables"): its
//! value, its flavor (6.2 "The Two Flavors of Variables") and its origin
//! (8.11 "The origin Function").

use std::rc::Rc;

/// How a variable's value is expanded when it is used (manual 6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `=`, `define`: expanded at each use.
    Recursive,
    /// `:=`: expanded once, when assigned.
    Simple,
}

/// Where a variable's value came from (make's `$(origin)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Built into make.
    Default,
    /// Inherited from the environment.
    Environment,
    /// Set in a makefile.
    File,
    /// Set by a `VAR=value` command-line word.
    CommandLine,
    /// Set in a makefile with `override`.
    Override,
    /// An automatic variable.
    Automatic,
}

impl Origin {
    /// The word `$(origin)` gives for it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Origin::Default => "default",
            Origin::Environment => "environment",
            Origin::File => "file",
            Origin::CommandLine => "command line",
            Origin::Override => "override",
            Origin::Automatic => "automatic",
        }
    }
}

/// A variable's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The stored text (unexpanded for recursive variables).
    pub value: Rc<str>,
    /// Recursive or simple.
    pub flavor: Flavor,
    /// Where it came from.
    pub origin: Origin,
    /// Part of the value could not be evaluated (`!=`, `$(shell)`).
    pub unknown: bool,
}

impl Variable {
    /// A variable with a known value.
    #[must_use]
    pub(crate) fn new(value: impl Into<Rc<str>>, flavor: Flavor, origin: Origin) -> Self {
        Variable {
            value: value.into(),
            flavor,
            origin,
            unknown: false,
        }
    }
}
