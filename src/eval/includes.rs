//! Include lines and the files they read (manual 3.3 "Including Other
//! Makefiles", 3.4 `MAKEFILES`): resolving, reading, `MAKEFILE_LIST`
//! (manual 6.14) and the chain of files being read.
//!
//! Includes are read at the point of the `include` line, as make does.
//! An include whose file is already being read (an ancestor) is a cycle:
//! reported once with the whole chain and not followed. A file included
//! again on another branch (a diamond) is read again, as make reads it.

use std::io;
use std::path::PathBuf;

use crate::eval::expand::{self};
use crate::model::diagnostic::Kind;
use crate::model::{FileId, Found, Location, SourceFile};
use crate::model::{Flavor, Origin, Variable};
use crate::parse::lines::logical_lines_from;
use crate::source::ahead::Opened;
use crate::source::ahead::pieces::{LineTooLong, PIECE_BYTES, Piece, PieceAhead, Pieces};
use crate::source::{FileKey, FileKind, Resolved, Status};

use super::{Frame, MAKEFILE_LIST, MAX_INCLUDE_DEPTH, Reader, TextState};

impl Reader<'_> {
    /// Reads a main makefile (`-f` or the default name).
    pub(crate) fn read_main(&mut self, name: &str) -> std::io::Result<()> {
        self.read_main_at(name, self.workspace.absolute(name))
    }

    /// Reads the main makefile `name`, found at `path` (a `-f` name need
    /// not be UTF-8: `name` is how it is shown).
    pub(crate) fn read_main_at(&mut self, name: &str, path: PathBuf) -> std::io::Result<()> {
        let status = self.fs.status(&path)?;
        match status.kind {
            FileKind::Regular => {}
            FileKind::Directory => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "Is a directory",
                ));
            }
            FileKind::Other => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file; not read",
                ));
            }
        }
        let opened = self.source.open(&path)?;
        let key = status.key.unwrap_or_else(|| FileKey::Path(path.clone()));
        self.read_file(name, path, key, Found::Main, opened)
    }

    /// Reads `-f -`: standard input, a piece at a time, as the main makefile
    /// `-` (GNU make copies it to a temporary file first, and names that).
    pub(crate) fn read_standard_input(&mut self) -> std::io::Result<()> {
        let opened = self.source.open_standard_input()?;
        let path = PathBuf::from("-");
        let key = FileKey::Path(path.clone());
        self.read_file("-", path, key, Found::Main, opened)
    }

    /// Reads one word of `MAKEFILES`: like `-include`, and never the source
    /// of the default goal.
    pub(crate) fn read_makefiles_entry(&mut self, name: &str) {
        let Some(found) = self.workspace.resolve_include(name, self.fs) else {
            return;
        };
        let Ok(Status {
            kind: FileKind::Regular,
            key,
        }) = found.status
        else {
            return;
        };
        let Ok(opened) = self.source.open(&found.path) else {
            return;
        };
        let key = key.unwrap_or_else(|| FileKey::Path(found.path.clone()));
        self.in_makefiles_variable = true;
        // A read error part way is as good as the end of the file here: a
        // `MAKEFILES` entry that cannot be read is skipped silently.
        let _ = self.read_file(
            &found.name,
            found.path,
            key,
            Found::MakefilesVariable,
            opened,
        );
        self.in_makefiles_variable = false;
    }

    /// Reads text as if it were the main makefile `name` (no file access).
    pub(crate) fn read_text_as(&mut self, name: &str, bytes: &[u8]) {
        let path = self.workspace.absolute(name);
        let key = FileKey::Path(path.clone());
        let opened = Opened::from_bytes(bytes.to_vec());
        // Reading from memory cannot fail.
        let _ = self.read_file(name, path, key, Found::Main, opened);
    }

    fn read_file(
        &mut self,
        name: &str,
        path: PathBuf,
        key: FileKey,
        found: Found,
        opened: Opened,
    ) -> io::Result<()> {
        let file = self.model.files.len() as FileId;
        self.model.files.push(SourceFile {
            name: name.to_string(),
            display: self.workspace.display(name),
            path,
            found,
            diagnostics_before: self.model.diagnostics.len(),
        });
        self.makefile_list_tail.push(' ');
        self.makefile_list_tail.push_str(name);
        self.chain.push(Frame { file, key, line: 0 });
        // A file starts under the `##@` section in force at its include
        // line; a section it opens ends with it.
        let section = self.section;
        let mut state = TextState::default();
        let mut read = self.read_pieces(&mut state, file, opened);
        if let Err(e) = &read
            && let Some(long) = e.get_ref().and_then(|e| e.downcast_ref::<LineTooLong>())
        {
            // What was read before the line stays read.
            let at = Location {
                file,
                line: long.line,
            };
            self.diagnostic(Kind::Unreadable, at, long.to_string());
            read = Ok(());
        }
        if read.is_ok() {
            self.end_text(state, file);
        }
        // `$(error)` ends this file; the file that included it goes on.
        self.stop = false;
        self.chain.pop();
        self.section = section;
        read
    }

    /// Reads a file: parsed ahead whole or in pieces, or else in pieces
    /// (see [`crate::source::ahead::pieces`]), so that a huge makefile is never held whole.
    fn read_pieces(
        &mut self,
        state: &mut TextState,
        file: FileId,
        opened: Opened,
    ) -> io::Result<()> {
        match opened {
            Opened::Parsed(parsed) => {
                // The worker that parsed it asked for its includes itself.
                self.read_parsed(state, &parsed, file);
            }
            Opened::Pieces(ahead) => {
                while let Some(piece) = ahead.next_piece()? {
                    match piece {
                        PieceAhead::Parsed(parsed) => {
                            self.prefetch_includes(parsed.include_names());
                            self.read_parsed(state, &parsed, file);
                        }
                        PieceAhead::Text(piece) => self.read_piece(state, file, &piece),
                    }
                    if self.stop {
                        break;
                    }
                }
            }
            Opened::Bytes { mut input, len } => {
                let mut pieces = Pieces::new(&mut input, len, PIECE_BYTES);
                while let Some(piece) = pieces.next_piece()? {
                    self.read_piece(state, file, &piece);
                    if self.stop {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    fn read_piece(&mut self, state: &mut TextState, file: FileId, piece: &Piece) {
        self.prefetch_includes(crate::source::ahead::parsed::include_names(&piece.text));
        let lines = logical_lines_from(&piece.text, piece.first_line);
        self.read_lines(state, lines, file, None);
    }

    /// Tells the file system which files a text will include (the plain
    /// names of its include lines), so that it can read them ahead.
    fn prefetch_includes<'t>(&self, names: impl IntoIterator<Item = &'t str>) {
        let paths: Vec<PathBuf> = names
            .into_iter()
            .map(|n| self.workspace.absolute(n))
            .collect();
        if !paths.is_empty() {
            self.source.prefetch(&self.workspace.dir, paths);
        }
    }

    /// `MAKEFILE_LIST` as it stands, when files were read since it was
    /// stored: make appends each file's name, and the variable is then
    /// simple and from a file.
    pub(super) fn makefile_list(&self) -> Option<Variable> {
        let tail = self.makefile_list_tail.as_str();
        if tail.is_empty() {
            return None;
        }
        let value = match self.variables.get(MAKEFILE_LIST) {
            Some(old) if !old.value.is_empty() => format!("{}{tail}", old.value),
            _ => tail[1..].to_string(),
        };
        Some(Variable::new(value, Flavor::Simple, Origin::File))
    }

    /// Stores `MAKEFILE_LIST` before the variable `name` is looked at or set.
    pub(super) fn settle(&mut self, name: &str) {
        if name == MAKEFILE_LIST
            && let Some(list) = self.makefile_list()
        {
            self.variables.insert(MAKEFILE_LIST.to_string(), list);
            self.makefile_list_tail.clear();
        }
    }

    /// An `include` line: names are expanded, `~` replaced, globs matched.
    pub(super) fn include_line(&mut self, names: &str, optional: bool, undecided: bool) {
        let at = self.position;
        let (expanded, unknown) = self.expand_text(names);
        if self.stop {
            return;
        }
        if unknown {
            self.diagnostic(
                Kind::NotEvaluated,
                at,
                "include names depend on a value not evaluated; some may be missed".into(),
            );
        }
        // A name built from a guess is read, but what it holds may not be
        // what make reads: as in a branch that may not be taken.
        let words: Vec<String> = expand::names(&expand::without_marks(&expanded))
            .map(str::to_string)
            .collect();
        let was_undecided = self.outer_undecided;
        self.outer_undecided |= undecided || unknown;
        for word in words {
            let word = self.tilde(&word);
            let (names, cut) = self.workspace.glob(&word, self.fs);
            self.report_wildcard_cut(&word, cut);
            for name in names {
                self.include(&name, optional, at);
            }
        }
        self.outer_undecided = was_undecided;
        self.position = at;
    }

    fn include(&mut self, name: &str, optional: bool, at: Location) {
        // Bytes that are not UTF-8 were read as U+FFFD: looking that name up
        // could find another file, so none is read.
        if name.contains(char::REPLACEMENT_CHARACTER) {
            self.diagnostic(
                Kind::Unreadable,
                at,
                format!("{name}: file name is not valid UTF-8; not read"),
            );
            return;
        }
        let Some(Resolved {
            name: found_name,
            directory,
            path,
            status,
        }) = self.workspace.resolve_include(name, self.fs)
        else {
            if !optional {
                self.diagnostic(
                    Kind::MissingInclude,
                    at,
                    format!("{name}: No such file or directory"),
                );
            }
            return;
        };
        let key = match status {
            Ok(Status {
                kind: FileKind::Regular,
                key,
            }) => key.unwrap_or_else(|| FileKey::Path(path.clone())),
            Ok(Status { kind, .. }) => {
                let what = if kind == FileKind::Directory {
                    "is a directory"
                } else {
                    "is not a regular file"
                };
                self.diagnostic(
                    Kind::NotRegularFile,
                    at,
                    format!("{found_name}: {what}; not read"),
                );
                return;
            }
            Err(e) => {
                self.diagnostic(
                    Kind::Unreadable,
                    at,
                    format!("{found_name}: {}", crate::error::describe_io(&e)),
                );
                return;
            }
        };
        if self.chain.iter().any(|f| f.key == key) {
            let mut chain: Vec<String> = self
                .chain
                .iter()
                .map(|f| format!("{}:{}", self.model.files[f.file as usize].display, f.line))
                .collect();
            chain.push(self.workspace.display(&found_name));
            self.diagnostic(
                Kind::IncludeCycle,
                at,
                format!("include cycle: {}; not followed", chain.join(" → ")),
            );
            return;
        }
        if self.chain.len() >= MAX_INCLUDE_DEPTH {
            self.diagnostic(
                Kind::DepthLimit,
                at,
                format!(
                    "{found_name}: includes nested deeper than {MAX_INCLUDE_DEPTH} levels; not read"
                ),
            );
            return;
        }
        let found = Found::Include {
            from: at,
            directory,
        };
        let read = self
            .source
            .open(&path)
            .and_then(|opened| self.read_file(&found_name, path, key, found, opened));
        match read {
            Ok(()) => {}
            Err(e) => {
                self.diagnostic(
                    Kind::Unreadable,
                    at,
                    format!("{found_name}: {}", crate::error::describe_io(&e)),
                );
            }
        }
    }
}
