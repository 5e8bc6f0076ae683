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
//! Data flows one way: [`load`] finds and reads files, [`lines`] forms
//! logical lines, [`syntax`] turns each into a statement, the reader
//! evaluates them (variables, conditionals, includes) into a [`Makefile`],
//! and [`render`] writes it out. Only [`load`] touches files, and only
//! [`cli`] touches the process (arguments, environment, exit codes).
//! Included files are read ahead on a second thread ([`prefetch`]), which
//! also forms their lines and statements ([`parsed`]) while the reader
//! evaluates the file before.

#![warn(unreachable_pub, missing_docs)]

mod config;
mod error;

mod eval;
mod model;
mod output;
mod parse;
mod source;

mod cli;

pub use cli::{Process, make_help, make_targets};
pub use config::{Config, DEFAULT_INCLUDE_DIRS, Detail};
pub use error::Error;
pub use eval::{load, load_parsed_ahead, parse_str};
pub use model::diagnostic::Kind as DiagnosticKind;
pub use model::{Diagnostic, Location, Makefile, RuleLine, SourceFile, Target, Targets};
pub use output::docs::{Entry as HelpEntry, entries as help_entries, may_have_doc, target_doc};
pub use output::escape::escape;
pub use output::help::{Options as HelpOptions, listing as write_listing, shown_entries};
pub use output::json::{help as json_help, write as write_json};
pub use output::styles::Styles;
pub use output::target_list::{ListFormat, target_list};
pub use source::{FileKey, FileKind, FileSystem, RealFileSystem, Status, normalize};
