//! The only module that touches files. It finds the makefile and resolves
//! include names exactly as GNU make does (manual 3.2 "What Name to Give
//! Your Makefile", 3.3 "Including Other Makefiles", 3.4 "The Variable
//! MAKEFILES", 9.7 "Summary of Options"):
//!
//! - `-C DIR` changes make's working directory first (several `-C` add up);
//! - `-f FILE` (repeatable), else the first of `GNUmakefile`, `makefile`,
//!   `Makefile` that exists;
//! - the words of `MAKEFILES` are read first, silently skipped when missing;
//! - a relative include name is tried against the working directory — not
//!   the including file's directory — then each `-I DIR` in order, then the
//!   default include directories that exist;
//! - directories, FIFOs and devices are never opened for reading.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::model::{Detail, Makefile};
use crate::source::ahead::parsed::ParsedText;
use crate::source::ahead::pieces::PiecesAhead;

pub mod ahead;
mod disk;
pub mod wildcard;

pub use disk::RealFileSystem;

/// What the loader needs to know, all of it decided by the caller: the
/// library never reads the process environment or the current directory.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the user stands (absolute).
    pub cwd: PathBuf,
    /// `-C DIR` options, in order.
    pub directories: Vec<PathBuf>,
    /// `-f FILE` options, in order.
    pub makefiles: Vec<String>,
    /// `-I DIR` options, in order.
    pub include_dirs: Vec<PathBuf>,
    /// make's built-in include directories, searched after `-I` when they
    /// exist (see [`DEFAULT_INCLUDE_DIRS`]).
    pub default_include_dirs: Vec<PathBuf>,
    /// The environment make would inherit (`MAKEFILES`, `HOME`, variables).
    pub environment: Vec<(String, String)>,
    /// `VAR=value` words from the command line.
    pub command_line_variables: Vec<String>,
    /// How much to record about each target.
    pub detail: Detail,
}

/// GNU make's default include directories, in its search order.
pub const DEFAULT_INCLUDE_DIRS: &[&str] =
    &["/usr/local/include", "/usr/gnu/include", "/usr/include"];

/// The names make tries, in order, when no `-f` is given.
pub const DEFAULT_MAKEFILES: &[&str] = &["GNUmakefile", "makefile", "Makefile"];

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
    /// The regular file at `path`, opened to be read a piece at a time
    /// (a 100 MB makefile need not be held whole). By default, [`FileSystem::read`].
    fn open(&self, path: &Path) -> io::Result<Opened> {
        Ok(Opened::from_bytes(self.read(path)?))
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
    /// A hint that these files will probably be opened soon, in this
    /// order, before those hinted at earlier: a file system may read them
    /// ahead, and the files they include (whose names resolve against
    /// `dir`, make's working directory). By default, nothing.
    fn prefetch(&self, _dir: &Path, _paths: Vec<PathBuf>) {}
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

/// A file opened for reading.
pub enum Opened {
    /// Bytes to read.
    Bytes {
        /// The bytes.
        input: Box<dyn io::Read>,
        /// The length when the file was opened, to size the buffer it is
        /// read into.
        len: u64,
    },
    /// Its text, already read and parsed (see [`crate::source::ahead::parsed`]). The
    /// reader does not hint at the files it includes: whoever parsed it
    /// has read them ahead already, as [`crate::source::ahead`] does.
    Parsed(ParsedText),
    /// Its pieces, read and parsed on another thread (see
    /// [`crate::source::ahead::pieces::read_ahead`]).
    Pieces(PiecesAhead),
}

impl Opened {
    /// A file whose bytes are in memory.
    #[must_use]
    pub fn from_bytes(bytes: Vec<u8>) -> Opened {
        Opened::Bytes {
            len: bytes.len() as u64,
            input: Box::new(io::Cursor::new(bytes)),
        }
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
pub struct Resolved {
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

/// An I/O error in make's words ("No such file or directory").
#[must_use]
pub fn describe_io(error: &io::Error) -> String {
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

/// Where make runs, and how to name its files for the user.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// make's working directory (absolute): the user's directory plus `-C`.
    pub dir: PathBuf,
    /// The `-C` path relative to the user (`None` without `-C`).
    relative: Option<PathBuf>,
    /// `-I` directories and the default ones that exist, in search order.
    pub include_dirs: Vec<PathBuf>,
    /// The directories listed so far for wildcards (one run, one file
    /// system).
    dirs: crate::source::wildcard::Directories,
}

impl Workspace {
    /// Applies `-C` options and collects the include directories.
    pub fn new(config: &Config, fs: &dyn FileSystem) -> Result<Workspace, Error> {
        let mut dir = config.cwd.clone();
        let mut relative: Option<PathBuf> = None;
        for d in &config.directories {
            dir = normalize(&dir.join(d));
            relative = Some(normalize(&relative.unwrap_or_default().join(d)));
            match fs.kind(&dir) {
                Ok(FileKind::Directory) => {}
                Ok(_) => {
                    return Err(Error::Directory {
                        path: d.clone(),
                        source: io::Error::new(io::ErrorKind::NotADirectory, "Not a directory"),
                    });
                }
                Err(source) => {
                    return Err(Error::Directory {
                        path: d.clone(),
                        source,
                    });
                }
            }
        }
        if !config.directories.is_empty() {
            // make calls getcwd() after chdir: CURDIR is the physical path.
            if let Some(real) = fs.canonicalize(&dir) {
                dir = real;
            }
        }
        let mut include_dirs: Vec<PathBuf> = config.include_dirs.clone();
        for d in &config.default_include_dirs {
            if matches!(fs.kind(d), Ok(FileKind::Directory)) && !include_dirs.contains(d) {
                include_dirs.push(d.clone());
            }
        }
        Ok(Workspace {
            dir,
            relative,
            include_dirs,
            dirs: crate::source::wildcard::Directories::default(),
        })
    }

    /// The absolute path of a name relative to make's working directory.
    #[must_use]
    pub fn absolute(&self, name: &str) -> PathBuf {
        normalize(&self.dir.join(name))
    }

    /// How to show a file name (as make names it) to the user.
    #[must_use]
    pub fn display(&self, name: &str) -> String {
        match &self.relative {
            Some(rel) if !Path::new(name).is_absolute() => {
                normalize(&rel.join(name)).to_string_lossy().into_owned()
            }
            _ => name.to_string(),
        }
    }

    /// Resolves an include name: make's working directory, then the include
    /// directories. Each candidate is looked at once, and what was seen of
    /// the one found is returned with it.
    pub fn resolve_include(&self, name: &str, fs: &dyn FileSystem) -> Option<Resolved> {
        let look = |path: PathBuf| match fs.status(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            status => Some((path, status)),
        };
        if let Some((path, status)) = look(self.absolute(name)) {
            return Some(Resolved {
                name: name.to_string(),
                directory: None,
                path,
                status,
            });
        }
        if Path::new(name).is_absolute() {
            return None;
        }
        self.include_dirs.iter().find_map(|dir| {
            let candidate = dir.join(name);
            look(normalize(&self.dir.join(&candidate))).map(|(path, status)| Resolved {
                name: candidate.to_string_lossy().into_owned(),
                directory: Some(dir.clone()),
                path,
                status,
            })
        })
    }

    /// Expands a glob pattern relative to make's working directory, as
    /// make expands an include name: a name without wildcards is kept as
    /// it is, and so is a pattern that matches nothing.
    #[must_use]
    pub fn glob(&self, pattern: &str, fs: &dyn FileSystem) -> Vec<String> {
        if !crate::source::wildcard::may_have_wildcards(pattern) {
            return vec![pattern.to_string()];
        }
        let found = self.wildcard(pattern, fs);
        if found.is_empty() {
            return vec![pattern.to_string()];
        }
        found
    }

    /// The names one word of `$(wildcard)` stands for, relative to make's
    /// working directory, in make's order (see [`crate::source::wildcard`]).
    #[must_use]
    pub fn wildcard(&self, pattern: &str, fs: &dyn FileSystem) -> Vec<String> {
        crate::source::wildcard::expand(pattern, &self.dir, fs, &self.dirs)
    }
}

/// Reads the makefile the way make would and returns its model.
///
/// Only a missing or unreadable `-f FILE` or `-C DIR` is an error; anything
/// else becomes a diagnostic in the model.
pub fn load(config: &Config, fs: &dyn FileSystem) -> Result<Makefile, Error> {
    let workspace = Workspace::new(config, fs)?;
    let mut reader = crate::eval::Reader::new(config, &workspace, fs);
    for name in makefiles_variable(config) {
        reader.read_makefiles_entry(&name);
    }
    if config.makefiles.is_empty() {
        if let Some(name) = DEFAULT_MAKEFILES
            .iter()
            .find(|n| matches!(fs.kind(&workspace.absolute(n)), Ok(FileKind::Regular)))
        {
            reader.read_main(name).map_err(|source| Error::Makefile {
                name: workspace.display(name),
                source,
            })?;
        }
    } else {
        for name in &config.makefiles {
            reader.read_main(name).map_err(|source| Error::Makefile {
                name: workspace.display(name),
                source,
            })?;
        }
    }
    Ok(reader.finish())
}

/// The words of `MAKEFILES` from the environment.
fn makefiles_variable(config: &Config) -> Vec<String> {
    config
        .environment
        .iter()
        .filter(|(k, _)| k == "MAKEFILES")
        .flat_map(|(_, v)| {
            crate::eval::expand::words(v)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests;
