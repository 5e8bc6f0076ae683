//! Variables as documented objects: each variable that a makefile assigns,
//! with the doc its assignment lines carry (by the rules of
//! [`crate::output::docs`]), the operator and value as written, the value
//! as make would expand it when that is known, every line that assigns it,
//! what overrides it now (a `VAR=value` word, the environment: manual 6.10
//! "Variables from the Environment", 9.5 "Overriding Variables") and which
//! targets use it.

use std::borrow::Cow;

use crate::model::{Assignment, Location, Makefile, Operator, Origin, Target};
use crate::output::docs::{self, Doc, IncludeChains, ReadingOrder};

/// A variable as the help shows it.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts of one variable"
)]
#[derive(Debug, Clone)]
pub struct VariableEntry<'m> {
    /// Its name.
    pub name: &'m str,
    /// The assignment shown: the one that documents it, else its first
    /// `?=`, else its first.
    pub assignment: &'m Assignment,
    /// Every assignment line of it, in reading order.
    pub assignments: Vec<&'m Assignment>,
    /// It has a doc.
    pub documented: bool,
    /// Some assignment of it is a `?=`: a knob meant to be set from
    /// outside.
    pub knob: bool,
    /// The `##@` section (or `@group` tag) it falls under.
    pub section: Option<&'m str>,
    /// Internal (`_name`, `.name`).
    pub hidden: bool,
    /// Its doc is marked deprecated (`##%`).
    pub deprecated: bool,
    /// What sets it now instead of the makefile: a `VAR=value` word
    /// ([`Origin::CommandLine`]) or the environment, with that value.
    pub overridden: Option<(Origin, &'m str)>,
    /// Where it stands in reading order.
    pub order: ReadingOrder,
}

impl<'m> VariableEntry<'m> {
    /// Its doc: the first marked doc, else the first plain one, among the
    /// inline comments of its assignment lines, then the blocks above
    /// them.
    #[must_use]
    pub fn doc(&self) -> Option<Doc<'m>> {
        variable_doc(self.name, &self.assignments)
    }

    /// The operator of the assignment shown.
    #[must_use]
    pub fn operator(&self) -> Operator {
        self.assignment.operator
    }

    /// The value of the assignment shown, as written.
    #[must_use]
    pub fn value(&self) -> &'m str {
        &self.assignment.value
    }

    /// Its default: the value as make would expand it when that is known
    /// (see [`Assignment::expanded`]), else as written.
    #[must_use]
    pub fn default_value(&self) -> &'m str {
        self.assignment
            .expanded
            .as_deref()
            .unwrap_or(&self.assignment.value)
    }

    /// Every line that assigns it.
    #[must_use]
    pub fn locations(&self) -> Vec<Location> {
        self.assignments.iter().map(|a| a.location).collect()
    }
}

/// The doc of a variable from its assignment lines.
fn variable_doc<'m>(name: &str, assignments: &[&'m Assignment]) -> Option<Doc<'m>> {
    let docs: Vec<[Option<Doc<'m>>; 2]> = assignments
        .iter()
        .filter(|a| !a.comments.is_empty())
        .map(|a| docs::line_docs(&a.comments, name, a.location))
        .collect();
    let inline = docs.iter().filter_map(|[inline, _]| inline.clone());
    let above = docs.iter().filter_map(|[_, above]| above.clone());
    docs::best(inline.chain(above))
}

/// Every variable a makefile assigns, in reading order of the assignment
/// shown for each.
#[must_use]
pub fn variable_entries(makefile: &Makefile) -> Vec<VariableEntry<'_>> {
    let mut by_name: Vec<(&str, Vec<&Assignment>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for a in &makefile.assignments {
        let slot = *index.entry(&a.name).or_insert_with(|| {
            by_name.push((&a.name, Vec::new()));
            by_name.len() - 1
        });
        by_name[slot].1.push(a);
    }
    let chains = IncludeChains::of(makefile);
    let mut entries: Vec<VariableEntry<'_>> = by_name
        .into_iter()
        .map(|(name, assignments)| entry(makefile, name, assignments))
        .collect();
    entries
        .sort_by(|a, b| chains.compare(Some(a.assignment.location), Some(b.assignment.location)));
    for (rank, entry) in entries.iter_mut().enumerate() {
        entry.order = ReadingOrder::at(rank);
    }
    entries
}

/// The variable `name`, when a makefile assigns it.
#[must_use]
pub fn variable_entry<'m>(makefile: &'m Makefile, name: &str) -> Option<VariableEntry<'m>> {
    let assignments: Vec<&Assignment> = makefile
        .assignments
        .iter()
        .filter(|a| &*a.name == name)
        .collect();
    let first = assignments.first()?;
    Some(entry(makefile, &first.name, assignments))
}

fn entry<'m>(
    makefile: &'m Makefile,
    name: &'m str,
    assignments: Vec<&'m Assignment>,
) -> VariableEntry<'m> {
    let doc = variable_doc(name, &assignments);
    let assignment = doc
        .as_ref()
        .and_then(|d| d.location)
        .and_then(|at| assignments.iter().find(|a| a.location == at))
        .or_else(|| {
            assignments
                .iter()
                .find(|a| a.operator == Operator::Conditional)
        })
        .unwrap_or(&assignments[0]);
    let overridden = makefile.variable(name).and_then(|v| {
        matches!(v.origin, Origin::CommandLine | Origin::Environment).then(|| (v.origin, &*v.value))
    });
    VariableEntry {
        name,
        assignment,
        documented: doc.is_some(),
        knob: assignments
            .iter()
            .any(|a| a.operator == Operator::Conditional),
        section: doc
            .as_ref()
            .and_then(|d| d.section)
            .or_else(|| assignment.section.map(|id| makefile.section(id))),
        hidden: docs::is_hidden(name),
        deprecated: doc.as_ref().is_some_and(|d| d.deprecated),
        overridden,
        order: ReadingOrder::at(0),
        assignments,
    }
}

/// The targets whose prerequisites or recipe refer to the variable, by
/// name, each once, in reading order of the targets; with whether the
/// recipe does.
#[must_use]
pub fn users<'m>(makefile: &'m Makefile, name: &str) -> Vec<(Target<'m>, bool)> {
    let mut users: Vec<(Target<'m>, bool)> = Vec::new();
    for (target, recipe) in makefile.variable_users(name) {
        match users.last_mut() {
            Some(last) if last.0.name() == target.name() => last.1 |= recipe,
            _ => users.push((target, recipe)),
        }
    }
    users
}

/// `(default: VALUE)`, with what overrides it now: the words after a
/// variable's doc in the listing.
#[must_use]
pub fn default_note<'m>(entry: &VariableEntry<'m>) -> Cow<'m, str> {
    // Blanks at either end do not show in a listing.
    let value = entry.default_value().trim();
    let mut note = if entry.operator() == Operator::Shell {
        Cow::Owned(format!("(default: the output of `{value}`)"))
    } else if value.is_empty() {
        Cow::Borrowed("(default: empty)")
    } else {
        Cow::Owned(format!("(default: {value})"))
    };
    if let Some((origin, now)) = entry.overridden {
        let by = match origin {
            Origin::CommandLine => "the command line",
            _ => "the environment",
        };
        note = Cow::Owned(format!("{} (now {now}, from {by})", note.trim_end()));
    }
    note
}
