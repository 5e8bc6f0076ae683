//! make-tools reads a Makefile the way GNU make does — without running make,
//! a recipe or a `$(shell)` — and tells what it holds: its targets, their
//! prerequisites and the comments that document them.
//!
//! ```
//! use make_tools::{parse_str, Config};
//!
//! let makefile = parse_str("build: clean ## Build it\n\t@cargo build\nclean:\n", &Config::default());
//! assert_eq!(makefile.target_names(), ["build", "clean"]);
//! ```
//!
//! Data flows one way, and the private modules below are listed in that
//! order (ARCHITECTURE.md maps them):
//!
//! ```text
//! argv ─cli─▶ Config ─source─▶ bytes ─parse─▶ statements ─eval─▶ Makefile ─output─▶ impl Write
//! ```
//!
//! - `config`: what a reading is asked ([`Config`]); `error`: the fatal [`Error`]s;
//! - `source`: where make's files come from, the only code that touches
//!   files: the [`FileSystem`] trait, the makefile and include search,
//!   wildcards, and reading ahead on other threads (private);
//! - `parse`: pure text → logical lines → statements;
//! - `eval`: make's reading of the statements — variables, conditionals,
//!   includes, rules, `$(...)` expansion and the built-in functions — into
//!   the model ([`load`], [`parse_str`]);
//! - `model`: what was read: [`Makefile`], [`Target`], [`Diagnostic`];
//! - `output`: the model written out, never reading the environment: docs,
//!   the help screen, JSON, target lists for shells;
//! - `cli`: the only code that sees the process ([`Process`], [`make_help`],
//!   [`make_targets`]).

#![warn(unreachable_pub, missing_docs)]

mod config;
mod error;

mod eval;
mod lint;
mod model;
mod output;
mod parse;
mod source;

mod cli;

pub use cli::{Process, host_facts, make_help, make_targets};
pub use config::{Config, DEFAULT_INCLUDE_DIRS, Detail, Host};
pub use error::Error;
pub use eval::stems::{MAX_STEMS, MAX_STEMS_PER_RULE, pattern_names};
pub use eval::{load, load_parsed_ahead, parse_str};
pub use model::diagnostic::Kind as DiagnosticKind;
pub use model::rule_lines::RuleLineIter;
pub use model::targets::TargetIter;
pub use model::{
    Assignment, ComparedValues, Diagnostic, Facts, Flavor, KeyedDoc, LineComments, Location,
    Makefile, Operator, Origin, PatternRule, RuleLine, SectionId, SourceFile, Target, Targets,
    Variable, match_stem,
};
pub use output::docs::{
    Aliases, Doc, Entry as HelpEntry, Source as DocSource, aliases, entries as help_entries,
    header as help_header, may_have_doc, target_doc, target_doc_in,
};
pub use output::escape::escape;
pub use output::help::{
    Deps as HelpDeps, Options as HelpOptions, listing as write_listing, shown_entries,
};
pub use output::help_sections::{
    PATTERNS_TITLE, USAGE, VARIABLES_TITLE, shown_patterns, shown_variables, write_help,
};
pub use output::json::{help as json_help, write as write_json};
pub use output::patterns::{PatternEntry, Resolved, pattern_entries, resolve as resolve_pattern};
pub use output::styles::Styles;
pub use output::target_list::{ListFormat, ListOptions, loose_prefix, target_list};
pub use output::variables::{
    VariableEntry, default_note, users as variable_users, variable_entries, variable_entry,
};
pub use source::{FileKey, FileKind, FileSystem, RealFileSystem, Status, normalize};
