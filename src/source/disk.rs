//! The real file system: files read with `std::fs`, included files read
//! and parsed ahead on a second thread ([`crate::source::ahead`]), and a large
//! file read and parsed in pieces on a thread of its own
//! ([`crate::source::ahead::pieces::read_ahead`]).

use std::io;
use std::path::{Path, PathBuf};

use super::ahead::prefetch::{Ahead, Prefetcher};
use super::ahead::{Opened, Source};
use super::{FileKey, FileKind, FileSystem, Status};

/// The regular file at `path`, opened, and its length.
fn open_regular(path: &Path) -> io::Result<(std::fs::File, u64)> {
    let file = super::open_without_waiting(path)?;
    // Checked again on the open file: it may have changed since `kind`.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok((file, meta.len()))
}

/// The real file system.
#[derive(Debug, Default)]
pub struct RealFileSystem {
    /// Reads included files ahead (see [`crate::source::ahead`]), started at
    /// the first hint worth a thread.
    prefetcher: std::cell::OnceCell<Option<Prefetcher>>,
}

impl RealFileSystem {
    /// The file at `path` as the prefetch thread read it, if it did.
    fn read_ahead(&self, path: &Path) -> Option<Ahead> {
        self.prefetcher.get()?.as_ref()?.take(path)
    }
}

/// Fewer include names than this in one file are not worth starting a
/// thread for: opening a few files costs less than starting one.
const NAMES_WORTH_A_THREAD: usize = 8;

impl Source for RealFileSystem {
    fn files(&self) -> &dyn FileSystem {
        self
    }

    fn open_standard_input(&self) -> io::Result<Opened> {
        Ok(Opened::Bytes {
            input: Box::new(io::stdin()),
            len: 0,
        })
    }

    fn prefetch(&self, dir: &Path, paths: Vec<PathBuf>) {
        if paths.len() < NAMES_WORTH_A_THREAD && self.prefetcher.get().is_none() {
            return;
        }
        let start = || Prefetcher::start(dir.to_path_buf());
        if let Some(prefetcher) = self.prefetcher.get_or_init(start) {
            prefetcher.request(paths);
        }
    }

    fn open(&self, path: &Path) -> io::Result<Opened> {
        if let Some(ahead) = self.read_ahead(path) {
            return Ok(match ahead {
                Ahead::Parsed(parsed) => Opened::Parsed(parsed),
                Ahead::Read(bytes) => Opened::from_bytes(bytes),
            });
        }
        let (file, len) = open_regular(path)?;
        let opened = |file: std::fs::File| Opened::Bytes {
            input: Box::new(file),
            len,
        };
        if len <= crate::source::ahead::prefetch::MAX_FILE_BYTES {
            return Ok(opened(file));
        }
        // A large file is read and parsed on another thread while the reader
        // evaluates.
        match crate::source::ahead::pieces::read_ahead(file, len) {
            Some(pieces) => Ok(Opened::Pieces(pieces)),
            // No thread: the file, opened again, is read here.
            None => Ok(opened(open_regular(path)?.0)),
        }
    }
}

impl FileSystem for RealFileSystem {
    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        Ok(FileKind::of(&std::fs::metadata(path)?))
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        use std::io::Read;
        if let Some(ahead) = self.read_ahead(path) {
            return Ok(ahead.into_bytes());
        }
        let (file, len) = open_regular(path)?;
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
        // Through `Take`: `File::read_to_end` would ask the size again
        // (`fstat` and `lseek`); two reads fill the buffer sized above.
        file.take(u64::MAX).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn read_at_most(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let (file, len) = open_regular(path)?;
        let room = usize::try_from(len.min(limit))
            .unwrap_or(0)
            .saturating_add(1);
        let mut bytes = Vec::with_capacity(room);
        file.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn glob(&self, pattern: &str) -> Vec<PathBuf> {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        match glob::glob_with(pattern, options) {
            Ok(paths) => {
                let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
                found.sort();
                found
            }
            Err(_) => Vec::new(),
        }
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        std::fs::read_dir(path)?
            .map(|entry| {
                // A UTF-8 name keeps its buffer; only another one is copied.
                entry.map(|e| {
                    e.file_name()
                        .into_string()
                        .unwrap_or_else(|name| name.to_string_lossy().into_owned())
                })
            })
            .collect()
    }

    #[cfg(unix)]
    fn executable(&self, path: &Path) -> io::Result<bool> {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path)?;
        Ok(meta.is_file() && meta.permissions().mode() & 0o111 != 0)
    }

    #[cfg(unix)]
    fn file_key(&self, path: &Path) -> Option<FileKey> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileKey::Inode(meta.dev(), meta.ino()))
    }

    #[cfg(unix)]
    fn status(&self, path: &Path) -> io::Result<Status> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path)?;
        Ok(Status {
            kind: FileKind::of(&meta),
            key: Some(FileKey::Inode(meta.dev(), meta.ino())),
        })
    }
}
