//! The recipe lines of each rule, as written (manual 5 "Writing Recipes in
//! Rules"): make expands them only when it runs them, so they are kept as
//! text, with where each line is. Kept only when the reading is asked for
//! them ([`crate::Detail::Recipes`]): the detail view of a target shows
//! what `make TARGET` runs.

/// One recipe line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecipeLine {
    /// Its line number, in the file of its rule line.
    pub(crate) line: u32,
    /// The text as written: after the recipe prefix (a TAB) for a line
    /// of its own, after the `;` for a recipe on the rule line.
    pub(crate) text: Box<str>,
}
