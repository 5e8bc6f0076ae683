//! Fatal errors: the few cases in which make itself would stop before
//! reading anything (an explicit `-f FILE` or `-C DIR` that does not exist).

use std::fmt;
use std::io;
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
                write!(f, "{name}: {}", describe_io(source))
            }
            Error::Directory { path, source } => {
                write!(f, "{}: {}", path.display(), describe_io(source))
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

/// An I/O error in make's words ("No such file or directory").
#[must_use]
pub(crate) fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "No such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
        _ => {
            let text = error.to_string();
            // Drop std's " (os error N)" suffix.
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}
