//! Where make's files come from: the only code that touches files. It
//! finds the makefile as GNU make does (manual 3.2 "What Name to Give Your
//! Makefile", 3.4 "The Variable MAKEFILES", 9.7 "Summary of Options"):
//! `-f FILE` (repeatable), else the first of `GNUmakefile`, `makefile`,
//! `Makefile` that exists; the words of `MAKEFILES` are read first,
//! silently skipped when missing. Include names resolve in [`workspace`]
//! (`-C`, `-I`, the default directories), wildcards in [`wildcard`].
//! Directories, FIFOs and devices are never opened for reading. The real
//! file system ([`disk`]) reads ahead on other threads ([`ahead`]), behind
//! a crate-private trait: the public [`FileSystem`] is file access alone.

use std::io;
use std::path::{Component, Path, PathBuf};

pub(crate) mod ahead;
mod disk;
pub(crate) mod wildcard;
mod workspace;

pub use disk::RealFileSystem;
pub(crate) use workspace::Workspace;

/// The names make tries, in order, when no `-f` is given.
pub(crate) const DEFAULT_MAKEFILES: &[&str] = &["GNUmakefile", "makefile", "Makefile"];

/// What kind of file a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file: the only kind we read.
    Regular,
    /// A directory.
    Directory,
    /// A FIFO, socket or device.
    Other,
}

impl FileKind {
    /// The kind `meta` tells (symlinks followed by whoever asked).
    pub(crate) fn of(meta: &std::fs::Metadata) -> FileKind {
        if meta.is_file() {
            FileKind::Regular
        } else if meta.is_dir() {
            FileKind::Directory
        } else {
            FileKind::Other
        }
    }
}

/// File access, behind a trait so tests can simulate what root cannot
/// (unreadable files, files that vanish between discovery and reading).
pub trait FileSystem {
    /// The kind of the file at `path` (following symlinks).
    fn kind(&self, path: &Path) -> io::Result<FileKind>;
    /// The contents of the regular file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// At most the first `limit` bytes of the regular file at `path`
    /// (`$(file <name)` needs no more than an expansion keeps). By default,
    /// [`FileSystem::read`], cut.
    fn read_at_most(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let mut bytes = self.read(path)?;
        bytes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(bytes)
    }
    /// Paths matching a glob pattern, sorted.
    fn glob(&self, pattern: &str) -> Vec<PathBuf>;
    /// The path with symlinks resolved, if it exists.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;
    /// The names in a directory, in any order, without `.` and `..`
    /// (for `$(wildcard)`). By default, asked of [`FileSystem::glob`].
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let dir = glob::Pattern::escape(&path.to_string_lossy());
        let mut names = Vec::new();
        for pattern in ["*", ".*"] {
            for found in self.glob(&format!("{dir}/{pattern}")) {
                if let Some(name) = found.file_name() {
                    names.push(name.to_string_lossy().into_owned());
                }
            }
        }
        Ok(names)
    }
    /// Whether `path` is a regular file that may be executed (symlinks
    /// followed), as a shell looking a command up on `PATH` asks. By
    /// default, not known.
    fn executable(&self, path: &Path) -> io::Result<bool> {
        let _ = path;
        Err(io::ErrorKind::Unsupported.into())
    }
    /// What tells two names of one file apart from two files (for include
    /// cycles): by default the canonical path.
    fn file_key(&self, path: &Path) -> Option<FileKey> {
        self.canonicalize(path).map(FileKey::Path)
    }
    /// The kind of the file at `path` and its key, from one look at the file
    /// where the file system allows it.
    fn status(&self, path: &Path) -> io::Result<Status> {
        Ok(Status {
            kind: self.kind(path)?,
            key: self.file_key(path),
        })
    }
}

/// What one look at a file tells: its kind and its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The kind of file.
    pub kind: FileKind,
    /// Its identity, when it can be told.
    pub key: Option<FileKey>,
}

/// An include name resolved to a file that is there.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// The name as make records it.
    pub name: String,
    /// The `-I` or default directory it was found in (`None`: make's
    /// working directory or an absolute name).
    pub directory: Option<PathBuf>,
    /// The absolute path.
    pub path: PathBuf,
    /// The file's status: an error other than "not found" (permission
    /// denied on the way) still counts as there, as make then fails to read it.
    pub status: io::Result<Status>,
}

/// Equal for two names of the same file: a symlink, `a/../b`, a hard link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKey {
    /// The path with symlinks resolved.
    Path(PathBuf),
    /// Device and inode numbers: one `stat`, where a canonical path costs a
    /// `readlink` per path component.
    Inode(u64, u64),
}

/// Removes `.` and resolves `..` without touching the file system.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else if !matches!(out.components().next_back(), Some(Component::RootDir)) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Opens a file for reading without waiting: a file looked at as a regular
/// file may have become a FIFO since, and opening a FIFO waits for a writer
/// (forever, on a TAB). `O_NONBLOCK` changes nothing for a regular file;
/// the caller checks the kind again on the open file.
pub(crate) fn open_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests;
