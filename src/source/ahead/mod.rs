//! Reading ahead, behind the crate-private [`Source`] trait: what the reader
//! asks of a file system beyond [`FileSystem`]. A file may be handed over
//! as bytes, already parsed ([`parsed`]) by the thread that read it ahead
//! ([`prefetch`]), or as pieces read and parsed on a thread of its own
//! ([`pieces`]). Only an optimisation: every way reads as the bytes read in
//! place would (checked by `files_parsed_ahead_read_as_files_read_in_place`,
//! the invariants and the fuzzer).

use std::io;
use std::path::{Path, PathBuf};

use super::FileSystem;

pub(crate) mod parsed;
pub(crate) mod pieces;
pub(crate) mod prefetch;

use parsed::ParsedText;
use pieces::PiecesAhead;

/// Where the reader's files come from: a [`FileSystem`], and how its
/// files are opened.
pub(crate) trait Source {
    /// The file system, for everything but opening a makefile.
    fn files(&self) -> &dyn FileSystem;
    /// The regular file at `path`, opened to be read a piece at a time
    /// (a 100 MB makefile need not be held whole).
    fn open(&self, path: &Path) -> io::Result<Opened>;
    /// A hint that these files will probably be opened soon, in this
    /// order, before those hinted at earlier: a source may read them
    /// ahead, and the files they include (whose names resolve against
    /// `dir`, make's working directory). By default, nothing.
    fn prefetch(&self, _dir: &Path, _paths: Vec<PathBuf>) {}
    /// Standard input, for `-f -`. By default, there is none.
    fn open_standard_input(&self) -> io::Result<Opened> {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            "no standard input to read",
        ))
    }
}

/// A file opened for reading.
pub(crate) enum Opened {
    /// Bytes to read.
    Bytes {
        /// The bytes.
        input: Box<dyn io::Read>,
        /// The length when the file was opened, to size the buffer it is
        /// read into.
        len: u64,
    },
    /// Its text, already read and parsed (see [`parsed`]). The reader does
    /// not hint at the files it includes: whoever parsed it has read them
    /// ahead already, as [`prefetch`] does.
    Parsed(ParsedText),
    /// Its pieces, read and parsed on another thread (see
    /// [`pieces::read_ahead`]).
    Pieces(PiecesAhead),
}

impl Opened {
    /// A file whose bytes are in memory.
    #[must_use]
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Opened {
        Opened::Bytes {
            len: bytes.len() as u64,
            input: Box::new(io::Cursor::new(bytes)),
        }
    }
}

/// Any file system, each file read whole when it is opened.
pub(crate) struct InPlace<'a>(pub &'a dyn FileSystem);

impl Source for InPlace<'_> {
    fn files(&self) -> &dyn FileSystem {
        self.0
    }

    fn open(&self, path: &Path) -> io::Result<Opened> {
        Ok(Opened::from_bytes(self.0.read(path)?))
    }
}

/// Any file system, each file handed over parsed, as [`prefetch`] hands
/// over the files it read ahead, when it is UTF-8 text of not too many
/// lines: so that tests and the fuzzer check the parsed path on any tree.
pub(crate) struct ParsedAhead<'a>(pub &'a dyn FileSystem);

impl Source for ParsedAhead<'_> {
    fn files(&self) -> &dyn FileSystem {
        self.0
    }

    fn open(&self, path: &Path) -> io::Result<Opened> {
        let bytes = self.0.read(path)?;
        match String::from_utf8(bytes) {
            Ok(text) => match ParsedText::parse(text) {
                Ok(parsed) => Ok(Opened::Parsed(parsed)),
                Err(text) => Ok(Opened::from_bytes(text.into_bytes())),
            },
            Err(e) => Ok(Opened::from_bytes(e.into_bytes())),
        }
    }
}
