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
pub use eval::load;
pub use model::Diagnostic;
pub use model::Makefile;
pub use model::Target;
pub use source::{FileSystem, RealFileSystem};

/// Reads makefile text given as a string, with no file access: includes
/// are reported missing. Useful for tests and examples.
///
/// # Panics
///
/// Never: without `-C` there is no directory to fail on.
#[must_use]
pub fn parse_str(text: &str, config: &Config) -> Makefile {
    struct NoFiles;
    impl FileSystem for NoFiles {
        fn kind(&self, _: &std::path::Path) -> std::io::Result<source::FileKind> {
            Err(std::io::ErrorKind::NotFound.into())
        }
        fn read(&self, _: &std::path::Path) -> std::io::Result<Vec<u8>> {
            Err(std::io::ErrorKind::NotFound.into())
        }
        fn glob(&self, _: &str) -> Vec<std::path::PathBuf> {
            Vec::new()
        }
        fn canonicalize(&self, _: &std::path::Path) -> Option<std::path::PathBuf> {
            None
        }
    }
    let workspace = source::Workspace::new(&Config::default(), &NoFiles).expect("no -C given");
    let mut reader = eval::Reader::new(config, &workspace, &NoFiles);
    reader.read_text_as("Makefile", text.as_bytes());
    reader.finish()
}
