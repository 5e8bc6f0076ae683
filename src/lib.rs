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

pub mod cli;
pub mod config;
pub mod error;
pub mod eval;
pub mod model;
pub mod output;
pub mod parse;
pub mod source;

pub use config::{Config, Detail};
pub use error::Error;
pub use eval::{load, load_parsed_ahead, parse_str};
pub use model::Diagnostic;
pub use model::Makefile;
pub use model::Target;
pub use source::{FileSystem, RealFileSystem};
