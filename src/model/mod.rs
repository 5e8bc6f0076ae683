//! What the tools print: the targets of a makefile and everything it
//! includes, with where each was defined and the comments around it. The
//! targets themselves are in [`targets`].

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::PathBuf;

pub(crate) mod diagnostic;
pub(crate) mod documented;
pub(crate) mod facts;
pub(crate) mod packed_names;
pub(crate) mod recipes;
pub(crate) mod rule_lines;
pub(crate) mod targets;
mod variable;

pub use diagnostic::Diagnostic;
pub(crate) use documented::VariableUse;
pub use documented::{Assignment, KeyedDoc, LineComments, Operator, PatternRule, match_stem};
pub use facts::Facts;
pub(crate) use rule_lines::LineFacts;
pub use rule_lines::RuleLine;
pub(crate) use targets::TargetId;
pub use targets::{Target, Targets};
pub use variable::{Flavor, Origin, Variable};

/// Comment text without its leading `#`s and blanks.
#[must_use]
pub(crate) fn comment_text(comment: &str) -> &str {
    comment
        .trim_start_matches('#')
        .trim_matches(|c: char| c.is_whitespace())
}

/// Index of a file in [`Makefile::files`] (`u32` keeps every
/// [`Location`] at eight bytes; a run reads far fewer files).
pub(crate) type FileId = u32;

/// One file that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name as make knows it (the word in `MAKEFILE_LIST`).
    pub name: String,
    /// The name relative to where the user stands, for messages.
    pub display: String,
    /// The absolute, normalized path.
    pub path: PathBuf,
    /// How the file was found.
    pub found: Found,
    /// How many diagnostics were recorded before this file was read, so
    /// that files and diagnostics can be told in reading order.
    pub diagnostics_before: usize,
}

/// How a file came to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Named with `-f`, or the default `GNUmakefile`/`makefile`/`Makefile`.
    Main,
    /// Listed in the `MAKEFILES` environment variable.
    MakefilesVariable,
    /// By an include line, in the given directory (`None`: make's working
    /// directory or an absolute name).
    Include {
        /// Where the include line is.
        from: Location,
        /// The `-I` or default include directory that held it.
        directory: Option<PathBuf>,
    },
}

/// A place in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// 1-based line number.
    pub line: u32,
}

/// A `##@` section: its title is [`Makefile::section`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionId(NonZeroU32);

/// A makefile with everything it includes.
#[derive(Debug, Clone, Default)]
pub struct Makefile {
    /// Every file read, in reading order.
    pub files: Vec<SourceFile>,
    /// Targets in order of first appearance.
    pub targets: Targets,
    /// The goal make would build with no argument.
    pub default_goal: Option<String>,
    /// Warnings met while reading; none of them stopped the reading.
    pub diagnostics: Vec<Diagnostic>,
    /// Every variable as it stands once everything is read (global
    /// scope: no target-specific values).
    pub variables: VariableMap,
    /// The titles of the `##@` lines, in reading order.
    pub sections: Vec<Box<str>>,
    /// What the reading noticed for `--lint`.
    pub facts: Facts,
    /// Every assignment line read from a makefile, in reading order (kept
    /// when the reading keeps docs, see [`crate::Detail`]).
    pub assignments: Vec<Assignment>,
    /// Every pattern rule line, in reading order (kept with docs).
    pub patterns: Vec<PatternRule>,
    /// The comment lines of the main makefile's header: its first `##`
    /// block before any rule or assignment, followed by a blank line.
    pub header: Option<Box<[Box<str>]>>,
    /// The `#_# name: text` lines, in reading order.
    pub keyed_docs: Vec<KeyedDoc>,
    /// For each variable name, the targets whose prerequisites or recipe
    /// refer to it directly (kept when everything is).
    pub(crate) variable_uses: HashMap<Box<str>, Vec<VariableUse>, hashbrown::DefaultHashBuilder>,
    /// The recipe lines of each rule, by the place of its rule line (kept
    /// when the reading keeps recipes, see [`crate::Detail::Recipes`]).
    pub(crate) recipes: HashMap<Location, Vec<recipes::RecipeLine>>,
    /// The words a variable is compared with in `ifeq`/`ifneq`
    /// (`ifeq ($(MODE),release)`): values it is meant to take, for
    /// `make MODE=<TAB>`.
    pub compared_values: ComparedValues,
}

/// `(variable, word)` pairs from `ifeq`/`ifneq` lines, in reading order,
/// without duplicates; at most [`ComparedValues::MAX`] of them.
#[derive(Debug, Clone, Default)]
pub struct ComparedValues(Vec<(Box<str>, Box<str>)>);

impl ComparedValues {
    /// Pairs kept at most: a generated makefile with a million `ifeq`
    /// lines keeps its first ones.
    pub const MAX: usize = 4096;

    /// Records that `variable` is compared with `word`.
    pub(crate) fn add(&mut self, variable: &str, word: &str) {
        if self.0.len() < Self::MAX && !self.0.iter().any(|(v, w)| &**v == variable && &**w == word)
        {
            self.0.push((variable.into(), word.into()));
        }
    }

    /// The words `variable` is compared with, in reading order.
    pub fn of<'a>(&'a self, variable: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(v, _)| &**v == variable)
            .map(|(_, w)| &**w)
    }
}

/// Variables by name, hashed with foldhash (seeded per process): SipHash
/// was a tenth of the start-up.
pub(crate) type VariableMap = HashMap<String, Variable, hashbrown::DefaultHashBuilder>;

/// One step of the reading, for `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'m> {
    /// A file was read.
    Read(&'m SourceFile),
    /// A diagnostic was recorded.
    Diagnostic(&'m Diagnostic),
}

impl Makefile {
    /// Files read and diagnostics, in the order they happened.
    #[must_use]
    pub(crate) fn steps(&self) -> Vec<Step<'_>> {
        let mut steps = Vec::with_capacity(self.files.len() + self.diagnostics.len());
        let mut next = 0;
        for file in &self.files {
            let upto = file.diagnostics_before.min(self.diagnostics.len());
            steps.extend(
                self.diagnostics[next.min(upto)..upto]
                    .iter()
                    .map(Step::Diagnostic),
            );
            next = next.max(upto);
            steps.push(Step::Read(file));
        }
        steps.extend(self.diagnostics[next..].iter().map(Step::Diagnostic));
        steps
    }

    /// How a file was found, in words, for `--explain`.
    #[must_use]
    pub(crate) fn how_found(&self, file: &SourceFile) -> String {
        match &file.found {
            Found::Main => "the makefile".to_string(),
            Found::MakefilesVariable => "named in MAKEFILES".to_string(),
            Found::Include { from, directory } => {
                let place = match directory {
                    None => "make's working directory".to_string(),
                    Some(d) => format!("include directory {}", d.display()),
                };
                format!("included at {}, found in {place}", self.describe(*from))
            }
        }
    }

    /// The targets sorted by name (in reading order for equal names).
    #[must_use]
    pub(crate) fn sorted_targets(&self) -> Vec<Target<'_>> {
        self.targets.sorted()
    }

    /// Target names, sorted and without duplicates, one at a time.
    pub fn sorted_names(&self) -> impl Iterator<Item = &str> {
        self.targets.sorted_names()
    }

    /// Target names, sorted and without duplicates.
    #[must_use]
    pub fn target_names(&self) -> Vec<&str> {
        self.sorted_names().collect()
    }

    /// The target with this name.
    #[must_use]
    pub fn target(&self, name: &str) -> Option<Target<'_>> {
        self.targets.find(name)
    }

    /// Opens a `##@` section.
    pub(crate) fn add_section(&mut self, title: &str) -> SectionId {
        self.sections.push(title.into());
        // Past 4 billion `##@` lines, the last id is shared.
        let number = u32::try_from(self.sections.len()).unwrap_or(u32::MAX);
        SectionId(NonZeroU32::new(number).unwrap_or(NonZeroU32::MAX))
    }

    /// The title of a section (empty for an id that another makefile gave:
    /// ids are only given by the reading of a `##@` line).
    #[must_use]
    pub fn section(&self, id: SectionId) -> &str {
        self.sections
            .get(id.0.get() as usize - 1)
            .map_or("", |title| title)
    }

    /// A variable as it stands once everything is read (its text is not
    /// expanded for a recursive variable); `None` when it is not defined.
    #[must_use]
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.get(name)
    }

    /// The targets whose prerequisites (`false`) or recipe (`true`) refer
    /// to the variable `name` directly, in reading order of the targets.
    #[must_use]
    pub fn variable_users(&self, name: &str) -> Vec<(Target<'_>, bool)> {
        let Some(uses) = self.variable_uses.get(name) else {
            return Vec::new();
        };
        let mut found: Vec<(usize, bool)> = uses
            .iter()
            .filter(|u| (u.target as usize) < self.targets.len())
            .map(|u| (u.target as usize, u.recipe))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|(id, recipe)| (self.targets.get(id), recipe))
            .collect()
    }

    /// The file name of a location, as shown to the user.
    #[must_use]
    pub fn file_display(&self, location: Location) -> &str {
        self.files
            .get(location.file as usize)
            .map_or("?", |f| f.display.as_str())
    }

    /// `file:line` for messages, relative to where the user stands.
    #[must_use]
    pub(crate) fn describe(&self, location: Location) -> String {
        match self.files.get(location.file as usize) {
            Some(file) => format!("{}:{}", file.display, location.line),
            None => format!("?:{}", location.line),
        }
    }
}
