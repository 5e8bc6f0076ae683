//! What the reading notices besides targets and variables, for
//! `make-help --lint` (the checks are in [`crate::lint`]): which rule lines
//! have a recipe (manual 5.1 "Recipe Syntax": the TAB lines after a rule
//! line, or the text after its `;`), the `##` docs and `##@` sections that
//! no rule takes, and variable values that end in blanks before a comment
//! (manual 6.2: "trailing space characters are not stripped from variable
//! values"). Kept only when everything about a makefile is read
//! (`Detail::Everything`); lines read from `$(eval)` text are left out,
//! all of them having the line of the `$(eval)`.

use std::collections::{HashMap, HashSet};

use crate::model::{Location, SectionId};

/// The facts, in reading order (recipes in no order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The rule lines that have a recipe.
    pub recipes: HashSet<Location>,
    /// Where a `##` doc block starts that no rule took: a blank line, an
    /// `include`, a `##@` line or the end of its file came first.
    pub orphan_docs: Vec<Location>,
    /// Each `##@` line and the section it opens.
    pub sections: Vec<(Location, SectionId)>,
    /// Assignments whose value ends in blanks before a `#` comment
    /// (`DIR = build  # where`): the variable's name as written.
    pub padded_values: Vec<(Location, String)>,
    /// The `$(eval)` lines that rules were read from (templates: their
    /// targets cannot each have a doc).
    pub evaluated_rules: HashSet<Location>,
    /// The rule lines read in a conditional branch that could not be
    /// decided: the innermost such conditional (where its `if` line is)
    /// and the line of that branch.
    pub undecided_rules: HashMap<Location, (Location, u32)>,
    /// Each conditional with branches that could not be decided (by its
    /// `if` line): the lines those branches start at, and whether the last
    /// is a plain `else` (then one of them is read, whatever the values).
    pub undecided_branches: HashMap<Location, (Vec<u32>, bool)>,
    /// Some rule was skipped: its target names depend on a value that is
    /// not known (`$(shell)`), so a target may have rules not seen.
    pub rules_skipped: bool,
}

impl Facts {
    /// The rule line at `at` has a recipe.
    #[must_use]
    pub fn has_recipe(&self, at: Location) -> bool {
        self.recipes.contains(&at)
    }
}
