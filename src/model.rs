//! What the tools print: the targets of a makefile and everything it
//! includes, with where each was defined and the comments around it.
//!
//! A target is what GNU make's database (`make -p`) lists as a target: a name
//! that appears before the colon of an explicit rule, or as a prerequisite of
//! `.PHONY` (manual 4.6, "Phony Targets"). Pattern rules, suffix rules and
//! special targets are rules but not targets (manual 4.9, 10.5, 10.7).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::PathBuf;

use thin_vec::ThinVec;

use crate::diagnostic::Diagnostic;
use crate::expand::Variable;
use crate::name_list::NameList;

/// Index of a file in [`Makefile::files`] (`u32` keeps every
/// [`Location`] at eight bytes; a run reads far fewer files).
pub type FileId = u32;

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

/// One rule line that names a target.
///
/// A large tree has one for each of its hundreds of thousands of targets,
/// most without a comment: the comments are boxed, and the section is a
/// number, to keep it at 24 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Where the rule is.
    pub location: Location,
    /// The comments of the rule line; `None` when it has none.
    pub comments: Option<Box<RuleComments>>,
    /// The `##@` section in force at the rule.
    pub section: Option<SectionId>,
    /// The rule comes from a conditional branch that could not be decided.
    pub conditional: bool,
}

impl Definition {
    /// [`RuleComments::inline`], if any.
    #[must_use]
    pub fn inline_comment(&self) -> Option<&str> {
        self.comments.as_ref()?.inline.as_deref()
    }

    /// [`RuleComments::above`], empty if none.
    #[must_use]
    pub fn comment_above(&self) -> &[String] {
        self.comments.as_ref().map_or(&[], |c| &c.above)
    }
}

/// The comments of a rule line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleComments {
    /// The comment after the rule on the same line, `#`s included.
    pub inline: Option<Box<str>>,
    /// The comment lines directly above the rule, `#`s included.
    pub above: ThinVec<String>,
}

impl RuleComments {
    /// The comments, or `None` when there is none.
    #[must_use]
    pub fn of(inline: Option<Box<str>>, above: ThinVec<String>) -> Option<Box<Self>> {
        (inline.is_some() || !above.is_empty()).then(|| Box::new(RuleComments { inline, above }))
    }
}

/// A `##@` section: its title is [`Makefile::section`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionId(NonZeroU32);

/// A target and everything known about it.
///
/// A large tree has hundreds of thousands of targets, most with one rule
/// and none of the lists filled: the lists are [`ThinVec`]s, one pointer
/// each while empty. Which lists are filled depends on the reading's
/// [`Detail`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    /// The name.
    pub name: Box<str>,
    /// Normal prerequisites, in order, without duplicates.
    pub prerequisites: NameList,
    /// Order-only prerequisites (after `|`).
    pub order_only: NameList,
    /// Listed as a prerequisite of `.PHONY`.
    pub phony: bool,
    /// Defined with `::`.
    pub double_colon: bool,
    /// The rule lines that name it, in reading order.
    pub definitions: ThinVec<Definition>,
    /// The `.PHONY` lines that name it, in reading order.
    pub phony_lines: ThinVec<PhonyLine>,
}

/// A `.PHONY` line that names a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhonyLine {
    /// Where the line is.
    pub location: Location,
    /// Its inline comment, when the line names only this target.
    pub comment: Option<Box<str>>,
}

/// How much the reader records about each target. Every level reads and
/// evaluates the same lines (their side effects, `$(eval)` and `$(error)`,
/// happen at every level); the lower ones keep less, for the tools that
/// print less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Detail {
    /// Names and whether each is phony: what a list of words needs.
    Names,
    /// Also where each rule is and the comments around it: what a list
    /// with descriptions needs.
    Docs,
    /// Everything, prerequisites included.
    #[default]
    Everything,
}

impl Target {
    /// Where the target was first defined (or named phony).
    #[must_use]
    pub fn first_location(&self) -> Option<Location> {
        self.definitions
            .first()
            .map(|d| d.location)
            .or_else(|| self.phony_lines.first().map(|p| p.location))
    }

    /// The inline comment of the last `.PHONY: name # doc` line naming
    /// only it.
    #[must_use]
    pub fn phony_comment(&self) -> Option<&str> {
        self.phony_lines
            .iter()
            .rev()
            .find_map(|p| p.comment.as_deref())
    }

    /// The target only exists in branches that could not be decided.
    #[must_use]
    pub fn is_conditional(&self) -> bool {
        !self.definitions.is_empty() && self.definitions.iter().all(|d| d.conditional)
    }
}

/// A makefile with everything it includes.
#[derive(Debug, Clone, Default)]
pub struct Makefile {
    /// Every file read, in reading order.
    pub files: Vec<SourceFile>,
    /// Targets in order of first appearance.
    pub targets: Vec<Target>,
    /// The goal make would build with no argument.
    pub default_goal: Option<String>,
    /// Warnings met while reading; none of them stopped the reading.
    pub diagnostics: Vec<Diagnostic>,
    /// Every variable as it stands once everything is read (global
    /// scope: no target-specific values).
    pub variables: VariableMap,
    /// The titles of the `##@` lines, in reading order.
    pub sections: Vec<Box<str>>,
    /// Indexes into `targets`, sorted by name (see [`Makefile::index_names`]).
    by_name: Vec<usize>,
}

/// The first eight bytes of a name as a big-endian integer (zero-padded):
/// ordered as the names are, when they differ in those bytes.
fn prefix_key(name: &str) -> u64 {
    let mut key = [0u8; 8];
    let n = name.len().min(8);
    key[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(key)
}

/// Variables by name, hashed with foldhash (seeded per process): SipHash
/// was a tenth of the start-up.
pub type VariableMap = HashMap<String, Variable, hashbrown::DefaultHashBuilder>;

/// One step of the reading, for `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'m> {
    /// A file was read.
    Read(&'m SourceFile),
    /// A diagnostic was recorded.
    Diagnostic(&'m Diagnostic),
}

impl Makefile {
    /// Files read and diagnostics, in the order they happened.
    #[must_use]
    pub fn steps(&self) -> Vec<Step<'_>> {
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
    pub fn how_found(&self, file: &SourceFile) -> String {
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

    /// Sorts the targets by name once, so that [`Makefile::target`] and
    /// [`Makefile::target_names`] need not: the reader calls it when done.
    /// Changing `targets` afterwards is allowed; the index is then ignored.
    pub fn index_names(&mut self) {
        let targets = &self.targets;
        // Sorted as plain integers first: the first eight bytes of the name,
        // then reading order. Only names that share their first eight bytes
        // are then compared as names.
        let mut keyed: Vec<(u64, usize)> = targets
            .iter()
            .enumerate()
            .map(|(i, t)| (prefix_key(&t.name), i))
            .collect();
        // In place: a radix sort of the keys took 5 % fewer instructions on
        // 100,000 names, but its second list of keys raised the peak memory
        // of a million targets over 2× the input size.
        keyed.sort_unstable();
        for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_by(|a, b| {
                    targets[a.1]
                        .name
                        .cmp(&targets[b.1].name)
                        .then(a.1.cmp(&b.1))
                });
            }
        }
        self.by_name = keyed.into_iter().map(|(_, i)| i).collect();
        // Collected in place: the list of keys, twice as long, would stay.
        self.by_name.shrink_to_fit();
    }

    /// The index from [`Makefile::index_names`], if `targets` still matches it.
    fn sorted(&self) -> Option<&[usize]> {
        (self.by_name.len() == self.targets.len()).then_some(self.by_name.as_slice())
    }

    /// The targets sorted by name (in reading order for equal names).
    #[must_use]
    pub fn sorted_targets(&self) -> Vec<&Target> {
        if let Some(sorted) = self.sorted() {
            sorted.iter().map(|&i| &self.targets[i]).collect()
        } else {
            let mut targets: Vec<&Target> = self.targets.iter().collect();
            targets.sort_by(|a, b| a.name.cmp(&b.name));
            targets
        }
    }

    /// Target names, sorted and without duplicates, one at a time: without
    /// a list when the index from [`Makefile::index_names`] is there.
    pub fn sorted_names(&self) -> impl Iterator<Item = &str> {
        let names: Box<dyn Iterator<Item = &str>> = match self.sorted() {
            Some(sorted) => Box::new(sorted.iter().map(|&i| &*self.targets[i].name)),
            None => Box::new(self.target_names().into_iter()),
        };
        let mut previous: Option<&str> = None;
        names.filter(move |&name| {
            let new = previous != Some(name);
            previous = Some(name);
            new
        })
    }

    /// Target names, sorted and without duplicates.
    #[must_use]
    pub fn target_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = if let Some(sorted) = self.sorted() {
            sorted.iter().map(|&i| &*self.targets[i].name).collect()
        } else {
            let mut names: Vec<&str> = self.targets.iter().map(|t| &*t.name).collect();
            names.sort_unstable();
            names
        };
        names.dedup();
        names
    }

    /// The target with this name.
    #[must_use]
    pub fn target(&self, name: &str) -> Option<&Target> {
        match self.sorted() {
            Some(sorted) => sorted
                .binary_search_by(|&i| self.targets[i].name.as_ref().cmp(name))
                .ok()
                .map(|at| &self.targets[sorted[at]]),
            None => self.targets.iter().find(|t| &*t.name == name),
        }
    }

    /// Opens a `##@` section.
    pub fn add_section(&mut self, title: &str) -> SectionId {
        self.sections.push(title.into());
        // Past 4 billion `##@` lines, the last id is shared.
        let number = u32::try_from(self.sections.len()).unwrap_or(u32::MAX);
        SectionId(NonZeroU32::new(number).unwrap_or(NonZeroU32::MAX))
    }

    /// The title of a section (empty for an id that another makefile gave:
    /// ids are only given by [`Makefile::add_section`]).
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

    /// `file:line` for messages, relative to where the user stands.
    #[must_use]
    pub fn describe(&self, location: Location) -> String {
        match self.files.get(location.file as usize) {
            Some(file) => format!("{}:{}", file.display, location.line),
            None => format!("?:{}", location.line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn makefile(names: &[&str]) -> Makefile {
        Makefile {
            targets: names
                .iter()
                .map(|n| Target {
                    name: (*n).into(),
                    ..Target::default()
                })
                .collect(),
            ..Makefile::default()
        }
    }

    /// A large tree has one of each for every target: a field more is
    /// megabytes more.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_target_and_its_rule_line_stay_small() {
        assert_eq!(size_of::<Target>(), 56);
        assert_eq!(size_of::<Definition>(), 24);
    }

    #[test]
    fn sorted_names_are_the_target_names_with_and_without_the_index() {
        let mut m = makefile(&["b", "a", "b", "c", "a", "ab"]);
        let unindexed: Vec<&str> = m.sorted_names().collect();
        assert_eq!(unindexed, ["a", "ab", "b", "c"]);
        assert_eq!(unindexed, m.target_names());
        m.index_names();
        assert_eq!(m.sorted_names().collect::<Vec<_>>(), ["a", "ab", "b", "c"]);
        assert_eq!(makefile(&[]).sorted_names().count(), 0);
    }

    #[test]
    fn lookups_agree_with_and_without_the_index() {
        let mut m = makefile(&["zeta", "alpha", "mid", "beta"]);
        let mut long = makefile(&[
            "prefix-b",
            "prefix-ab",
            "prefix-a",
            "prefix-",
            "p",
            "prefix-a\0",
        ]);
        long.index_names();
        assert_eq!(
            long.target_names(),
            [
                "p",
                "prefix-",
                "prefix-a",
                "prefix-a\0",
                "prefix-ab",
                "prefix-b"
            ]
        );
        let before: Vec<String> = m.target_names().iter().map(ToString::to_string).collect();
        m.index_names();
        assert_eq!(m.target_names(), before);
        assert_eq!(m.target_names(), ["alpha", "beta", "mid", "zeta"]);
        for name in ["zeta", "alpha", "mid", "beta"] {
            assert_eq!(m.target(name).map(|t| &*t.name), Some(name));
        }
        assert!(m.target("gamma").is_none());
        // A target added after indexing is still found.
        m.targets.push(Target {
            name: "gamma".into(),
            ..Target::default()
        });
        assert_eq!(m.target("gamma").map(|t| &*t.name), Some("gamma"));
        assert_eq!(m.target_names().len(), 5);
    }
}
