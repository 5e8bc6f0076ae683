//! An in-memory file system for the loader (`make_tools::FileSystem`), so that tests and the
//! fuzzer can build any tree of makefiles, including what root cannot make on disk: a file
//! that cannot be read, one that vanishes between discovery and reading. Reading a FIFO
//! panics: the loader must never open one.
//!
//! Shared with the fuzz crate (`fuzz/fuzz_targets/read.rs` includes it by path).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use make_tools::{FileKind, normalize};

/// What a path holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A regular file and its bytes.
    File(Vec<u8>),
    /// A directory.
    Directory,
    /// A FIFO: reading it would block forever.
    Fifo,
    /// A regular file whose reading fails with "Permission denied".
    Unreadable,
    /// A regular file deleted after it was found: reading it fails with "not found".
    Vanishing,
    /// A symlink loop: every access fails with ELOOP.
    Loop,
}

/// Paths (absolute, normalized) and what they hold.
#[derive(Debug, Clone, Default)]
pub struct MemoryFileSystem {
    entries: BTreeMap<PathBuf, Entry>,
}

/// ELOOP on Linux: "Too many levels of symbolic links".
const ELOOP: i32 = 40;

impl MemoryFileSystem {
    /// An empty file system: only `/`.
    pub fn new() -> Self {
        let mut fs = MemoryFileSystem::default();
        fs.entries.insert(PathBuf::from("/"), Entry::Directory);
        fs
    }

    /// Adds an entry at an absolute path, and the directories above it.
    pub fn insert(&mut self, path: impl AsRef<Path>, entry: Entry) -> &mut Self {
        let path = normalize(path.as_ref());
        assert!(path.is_absolute(), "{}: not absolute", path.display());
        for parent in path.ancestors().skip(1) {
            self.entries
                .entry(parent.to_path_buf())
                .or_insert(Entry::Directory);
        }
        self.entries.insert(path, entry);
        self
    }

    /// Adds a regular file.
    pub fn file(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.insert(path, Entry::File(bytes.into()))
    }

    /// What a path holds.
    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.entries.get(&normalize(path))
    }
}

fn not_found() -> io::Error {
    io::Error::from_raw_os_error(2)
}

impl make_tools::FileSystem for MemoryFileSystem {
    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        match self.get(path) {
            None => Err(not_found()),
            Some(Entry::File(_) | Entry::Unreadable | Entry::Vanishing) => Ok(FileKind::Regular),
            Some(Entry::Directory) => Ok(FileKind::Directory),
            Some(Entry::Fifo) => Ok(FileKind::Other),
            Some(Entry::Loop) => Err(io::Error::from_raw_os_error(ELOOP)),
        }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(Entry::File(bytes)) => Ok(bytes.clone()),
            None | Some(Entry::Vanishing) => Err(not_found()),
            Some(Entry::Unreadable) => Err(io::Error::from_raw_os_error(13)),
            Some(Entry::Directory) => Err(io::Error::from_raw_os_error(21)),
            Some(Entry::Loop) => Err(io::Error::from_raw_os_error(ELOOP)),
            Some(Entry::Fifo) => panic!("{}: a FIFO was opened for reading", path.display()),
        }
    }

    fn glob(&self, pattern: &str) -> Vec<PathBuf> {
        let Ok(pattern) = glob::Pattern::new(pattern) else {
            return Vec::new();
        };
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        // BTreeMap order: sorted, as the real file system's glob returns them.
        self.entries
            .keys()
            .filter(|path| pattern.matches_path_with(path, options))
            .cloned()
            .collect()
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        match self.get(path) {
            None | Some(Entry::Loop) => None,
            Some(_) => Some(normalize(path)),
        }
    }
}
