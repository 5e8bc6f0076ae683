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
use crate::parsed::ParsedText;
use crate::prefetch::{Ahead, PiecesAhead, Prefetcher};

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
    fn of(meta: &std::fs::Metadata) -> FileKind {
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
pub struct Opened {
    /// Its bytes.
    pub input: Box<dyn io::Read>,
    /// Its length when it was opened, to size the buffer it is read into.
    pub len: u64,
    /// Its text, already read and parsed (see [`crate::parsed`]): then
    /// `input` is empty.
    pub parsed: Option<ParsedText>,
    /// Its pieces, read and parsed on another thread (see
    /// [`crate::prefetch::read_in_pieces`]): then `input` is empty.
    pub pieces: Option<PiecesAhead>,
}

impl Opened {
    /// A file whose bytes are in memory.
    #[must_use]
    pub fn from_bytes(bytes: Vec<u8>) -> Opened {
        Opened {
            len: bytes.len() as u64,
            input: Box::new(io::Cursor::new(bytes)),
            parsed: None,
            pieces: None,
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

/// The regular file at `path`, opened, and its length.
fn open_regular(path: &Path) -> io::Result<(std::fs::File, u64)> {
    let file = std::fs::File::open(path)?;
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
    /// Reads included files ahead (see [`crate::prefetch`]), started at
    /// the first hint worth a thread.
    prefetcher: std::cell::OnceCell<Option<Prefetcher>>,
}

/// Fewer include names than this in one file are not worth starting a
/// thread for: opening a few files costs less than starting one.
const NAMES_WORTH_A_THREAD: usize = 8;

impl FileSystem for RealFileSystem {
    fn prefetch(&self, dir: &Path, paths: Vec<PathBuf>) {
        if paths.len() < NAMES_WORTH_A_THREAD && self.prefetcher.get().is_none() {
            return;
        }
        let start = || Prefetcher::start(dir.to_path_buf());
        if let Some(prefetcher) = self.prefetcher.get_or_init(start) {
            prefetcher.request(paths);
        }
    }

    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        Ok(FileKind::of(&std::fs::metadata(path)?))
    }

    fn open(&self, path: &Path) -> io::Result<Opened> {
        if let Some(Some(prefetcher)) = self.prefetcher.get()
            && let Some(ahead) = prefetcher.take(path)
        {
            return Ok(match ahead {
                Ahead::Parsed(parsed) => Opened {
                    len: parsed.text().len() as u64,
                    input: Box::new(io::empty()),
                    parsed: Some(parsed),
                    pieces: None,
                },
                Ahead::Read(bytes) => Opened::from_bytes(bytes),
            });
        }
        let (file, len) = open_regular(path)?;
        let opened = |file: std::fs::File| Opened {
            input: Box::new(file),
            len,
            parsed: None,
            pieces: None,
        };
        if len <= crate::prefetch::MAX_FILE_BYTES {
            return Ok(opened(file));
        }
        // A large file is read and parsed on another thread while the reader
        // evaluates.
        match crate::prefetch::read_in_pieces(file, len) {
            Some(pieces) => Ok(Opened {
                input: Box::new(io::empty()),
                len,
                parsed: None,
                pieces: Some(pieces),
            }),
            // No thread: the file, opened again, is read here.
            None => Ok(opened(open_regular(path)?.0)),
        }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        use std::io::Read;
        if let Some(Some(prefetcher)) = self.prefetcher.get()
            && let Some(ahead) = prefetcher.take(path)
        {
            return Ok(ahead.into_bytes());
        }
        let (file, len) = open_regular(path)?;
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
        // Through `Take`: `File::read_to_end` would ask the size again
        // (`fstat` and `lseek`); two reads fill the buffer sized above.
        file.take(u64::MAX).read_to_end(&mut bytes)?;
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
    dirs: crate::glob::Directories,
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
            dirs: crate::glob::Directories::default(),
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
        if !crate::glob::may_have_wildcards(pattern) {
            return vec![pattern.to_string()];
        }
        let found = self.wildcard(pattern, fs);
        if found.is_empty() {
            return vec![pattern.to_string()];
        }
        found
    }

    /// The names one word of `$(wildcard)` stands for, relative to make's
    /// working directory, in make's order (see [`crate::glob`]).
    #[must_use]
    pub fn wildcard(&self, pattern: &str, fs: &dyn FileSystem) -> Vec<String> {
        crate::glob::expand(pattern, &self.dir, fs, &self.dirs)
    }
}

/// Reads the makefile the way make would and returns its model.
///
/// Only a missing or unreadable `-f FILE` or `-C DIR` is an error; anything
/// else becomes a diagnostic in the model.
pub fn load(config: &Config, fs: &dyn FileSystem) -> Result<Makefile, Error> {
    let workspace = Workspace::new(config, fs)?;
    let mut reader = crate::read::Reader::new(config, &workspace, fs);
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
            crate::expand::words(v)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real file system, reading ahead or not, counting the files it
    /// hands over parsed.
    struct Observed {
        real: RealFileSystem,
        ahead: bool,
        parsed: std::cell::Cell<usize>,
    }

    impl FileSystem for Observed {
        fn kind(&self, path: &Path) -> io::Result<FileKind> {
            self.real.kind(path)
        }
        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.real.read(path)
        }
        fn open(&self, path: &Path) -> io::Result<Opened> {
            if !self.ahead {
                return Ok(Opened::from_bytes(self.real.read(path)?));
            }
            let opened = self.real.open(path)?;
            if opened.parsed.is_some() {
                self.parsed.set(self.parsed.get() + 1);
            }
            Ok(opened)
        }
        fn glob(&self, pattern: &str) -> Vec<PathBuf> {
            self.real.glob(pattern)
        }
        fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
            self.real.canonicalize(path)
        }
        fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
            self.real.read_dir(path)
        }
        fn prefetch(&self, dir: &Path, paths: Vec<PathBuf>) {
            if self.ahead {
                self.real.prefetch(dir, paths);
            }
        }
        fn file_key(&self, path: &Path) -> Option<FileKey> {
            self.real.file_key(path)
        }
        fn status(&self, path: &Path) -> io::Result<Status> {
            self.real.status(path)
        }
    }

    /// A model read from `dir` with files read ahead and parsed on other
    /// threads, and one read without.
    fn read_both_ways(dir: &Path) -> (Makefile, Makefile, usize) {
        let config = Config {
            cwd: dir.to_path_buf(),
            ..Config::default()
        };
        let read = |ahead: bool| {
            let fs = Observed {
                real: RealFileSystem::default(),
                ahead,
                parsed: std::cell::Cell::new(0),
            };
            let makefile = load(&config, &fs).expect("a makefile");
            (makefile, fs.parsed.get())
        };
        let (in_place, none_parsed) = read(false);
        assert_eq!(none_parsed, 0);
        let (ahead, parsed) = read(true);
        (ahead, in_place, parsed)
    }

    #[test]
    fn a_large_file_read_in_pieces_ahead_reads_as_one_read_in_place() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut text = String::new();
        let mut n = 0;
        while text.len() < 3 * crate::prefetch::AHEAD_PIECE_BYTES {
            n += 1;
            let lines =
                format!("## doc {n}\nt{n}: a \\\n  b{n} # c\n\techo\ndefine D{n}\nx{n}:\nendef\n");
            text.push_str(&lines);
            if n % 1000 == 0 {
                // A piece of many lines: handed over as text.
                text.push_str(&"\n".repeat(20_000));
                text.push_str("\u{0}nul: x\n$(info \u{1b}[31m)\n");
            }
        }
        text.push_str("$(error stop)\nlast:\n");
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"\xff: y\n");
        std::fs::write(dir.path().join("Makefile"), &bytes).expect("write");
        let (ahead, in_place, _) = read_both_ways(dir.path());
        assert_eq!(ahead.targets, in_place.targets);
        assert_eq!(ahead.diagnostics, in_place.diagnostics);
        assert!(ahead.target_names().contains(&"t1000"));
        assert!(!ahead.target_names().contains(&"last"), "reading stopped");
    }

    #[test]
    fn files_parsed_ahead_read_as_files_read_in_place() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let files: [(&str, &[u8]); 10] = [
            (
                "Makefile",
                b"all: x\ninclude a.mk b.mk c.mk d.mk e.mk f.mk g.mk h.mk i.mk\n",
            ),
            // Recipe lines, and TAB lines where no rule is before them.
            (
                "a.mk",
                b"x: y\n\techo x\n\tnot: a-target\nafter := 1\n\tz: w\n\t\n",
            ),
            // `define` bodies, nested, with lines that look like rules.
            (
                "b.mk",
                b"define F\nb1: b2\ndefine G\nb3:\nendef\nb4:\nendef\nb5: $(F)\ndefine\n",
            ),
            // Continuations, comments, `\\#`, `;` recipes.
            (
                "c.mk",
                b"c1: c2 \\\n  c3 # doc \\\n more\nc\\#4: c5 ; echo # not a comment\n## doc\nc6::\n",
            ),
            ("d.mk", "\u{feff}d1: d2\r\n\td\r\nD = 1 \\\r\n 2\r\n".as_bytes()),
            ("e.mk", b"e1: e2\0junk\ne3:\n\0\ne4:\n"),
            // Not UTF-8: read ahead, not parsed.
            ("f.mk", b"f1: \xff\nf2:\n"),
            (
                "g.mk",
                b"ifeq (a,b)\ndefine H\ng0:\nendef\nelse ifdef X\ng1:\nelse\ng2: | g3\nendif\n\
                  .RECIPEPREFIX = >\ng4:\n>echo\n\tg5: g6\n.RECIPEPREFIX =\nendif\n",
            ),
            ("h.mk", b"$(foreach t,h1 h2,$(eval $t: ; @:))\nh3:\n$(error stop)\nh4:\n"),
            ("i.mk", b"i1 i2 &: i3\ni4: V = v\nvpath %.c src\nundefine V\nexport W\n"),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).expect("write");
        }
        let (ahead, in_place, parsed) = read_both_ways(dir.path());
        // Those the worker read before the reader got to them: most, but
        // how many depends on the threads (the integration invariants hand
        // every file over parsed).
        assert!(parsed <= 8, "the UTF-8 files included");
        assert_eq!(ahead.targets, in_place.targets);
        assert_eq!(ahead.default_goal, in_place.default_goal);
        assert_eq!(
            format!("{:?}", ahead.files),
            format!("{:?}", in_place.files)
        );
        assert_eq!(ahead.diagnostics, in_place.diagnostics);
        assert!(!ahead.diagnostics.is_empty(), "NUL, missing endef, error");
        // A TAB line that is no recipe line (another prefix is in force).
        assert!(ahead.target_names().contains(&"g5"));
        assert!(ahead.target_names().contains(&"c#4"));
    }

    #[test]
    fn normalize_cases() {
        for (input, want) in [
            ("a/./b", "a/b"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("/x/../y", "/y"),
            ("/..", "/"),
            ("./a.mk", "a.mk"),
            (".", "."),
            ("sub/../common.mk", "common.mk"),
        ] {
            assert_eq!(normalize(Path::new(input)), PathBuf::from(want), "{input}");
        }
    }
}
