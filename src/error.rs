//! Fatal errors: the few cases in which make itself would stop before
//! reading anything (an explicit `-f FILE` or `-C DIR` that does not exist).

use std::fmt;
use std::path::PathBuf;

/// Why nothing could be read.
#[derive(Debug)]
pub enum Error {
    /// `-f FILE` names a file that cannot be read.
    Makefile {
        /// The name as given.
        name: String,
        /// The reason.
        source: std::io::Error,
    },
    /// `-C DIR` names a directory that cannot be entered.
    Directory {
        /// The directory.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Makefile { name, source } => {
                write!(f, "{name}: {}", crate::source::describe_io(source))
            }
            Error::Directory { path, source } => {
                write!(
                    f,
                    "{}: {}",
                    path.display(),
                    crate::source::describe_io(source)
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Makefile { source, .. } | Error::Directory { source, .. } => Some(source),
        }
    }
}
