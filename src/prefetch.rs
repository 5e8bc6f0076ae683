//! Included files read ahead on a second thread, for the real file system
//! (see [`crate::load::RealFileSystem`]).
//!
//! make reads an included file where its `include` line stands, and so does
//! the reader; but the names on `include` lines without references are known
//! as soon as the including file is read. A tree of a thousand small files
//! spends as much time opening and reading them as parsing them: a worker
//! thread opens, reads and parses (see [`crate::parsed`]) the named files
//! while the reader evaluates, and hands each over when the reader opens it.
//!
//! Only an optimisation: a file the worker could not read, or that is
//! larger than [`MAX_FILE_BYTES`], is opened by the reader as usual (and its
//! errors reported as usual). At most [`MAX_HELD`] files are asked for or
//! wait in memory at a time: 16 MiB of text at the very most, and the parse
//! of at most [`crate::parsed::MAX_LINES`] lines each.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::parsed::ParsedText;

/// Files larger than this are left to be read in pieces by the reader.
pub const MAX_FILE_BYTES: u64 = 256 << 10;

/// Files asked for or read ahead and not yet opened, at most.
pub const MAX_HELD: usize = 64;

/// A file as the worker hands it over: `None` when the reader should open
/// it itself.
type Fetched = (PathBuf, Option<Ahead>);

/// A file read ahead.
#[derive(Debug)]
pub enum Ahead {
    /// Read and parsed (see [`crate::parsed`]).
    Parsed(ParsedText),
    /// Read only: not UTF-8, or too many lines to be parsed ahead.
    Read(Vec<u8>),
}

impl Ahead {
    /// The bytes of a file, parsed when they can be.
    fn of(bytes: Vec<u8>) -> Ahead {
        match String::from_utf8(bytes) {
            Ok(text) => match ParsedText::parse(text) {
                Ok(parsed) => Ahead::Parsed(parsed),
                Err(text) => Ahead::Read(text.into_bytes()),
            },
            Err(not_utf8) => Ahead::Read(not_utf8.into_bytes()),
        }
    }

    /// The bytes of the file.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Ahead::Parsed(parsed) => parsed.into_text().into_bytes(),
            Ahead::Read(bytes) => bytes,
        }
    }
}

/// The worker and what it has handed back.
#[derive(Debug)]
pub struct Prefetcher {
    requests: mpsc::Sender<PathBuf>,
    results: mpsc::Receiver<Fetched>,
    /// Named, and not yet asked for: asked for as room frees up.
    queue: RefCell<VecDeque<PathBuf>>,
    /// Asked for and not yet received.
    pending: RefCell<HashSet<PathBuf>>,
    /// Received and not yet opened.
    ready: RefCell<HashMap<PathBuf, Option<Ahead>>>,
}

impl Prefetcher {
    /// Starts the worker thread; `None` when no thread can be started.
    #[must_use]
    pub fn start() -> Option<Prefetcher> {
        let (requests, incoming) = mpsc::channel::<PathBuf>();
        // Bounded: the worker waits when the reader is behind.
        let (outgoing, results) = mpsc::sync_channel::<Fetched>(MAX_HELD);
        std::thread::Builder::new()
            .name("make-tools-prefetch".into())
            .spawn(move || {
                for path in incoming {
                    let ahead = read_small(&path).ok().map(Ahead::of);
                    if outgoing.send((path, ahead)).is_err() {
                        return;
                    }
                }
            })
            .ok()?;
        Some(Prefetcher {
            requests,
            results,
            queue: RefCell::new(VecDeque::new()),
            pending: RefCell::new(HashSet::new()),
            ready: RefCell::new(HashMap::new()),
        })
    }

    /// Asks for files to be read ahead, in the order they will be opened.
    pub fn request(&self, paths: impl IntoIterator<Item = PathBuf>) {
        self.queue.borrow_mut().extend(paths);
        self.fill();
    }

    /// Passes queued names to the worker while there is room.
    fn fill(&self) {
        let mut queue = self.queue.borrow_mut();
        let mut pending = self.pending.borrow_mut();
        let ready = self.ready.borrow();
        while pending.len() + ready.len() < MAX_HELD {
            let Some(path) = queue.pop_front() else {
                return;
            };
            if ready.contains_key(&path) || pending.contains(&path) {
                continue;
            }
            if self.requests.send(path.clone()).is_err() {
                queue.clear();
                return;
            }
            pending.insert(path);
        }
    }

    /// The file at `path` if it was read ahead, waiting for the worker when
    /// it has not got there yet; `None` when the reader should open the
    /// file itself.
    pub fn take(&self, path: &Path) -> Option<Ahead> {
        let taken = self.receive(path);
        self.fill();
        taken
    }

    fn receive(&self, path: &Path) -> Option<Ahead> {
        if let Some(ahead) = self.ready.borrow_mut().remove(path) {
            return ahead;
        }
        if !self.pending.borrow().contains(path) {
            return None;
        }
        // Results come in request order: keep the others until asked for.
        while let Ok((fetched, ahead)) = self.results.recv() {
            self.pending.borrow_mut().remove(&fetched);
            if fetched == path {
                return ahead;
            }
            self.ready.borrow_mut().insert(fetched, ahead);
        }
        None
    }
}

/// A regular file of at most [`MAX_FILE_BYTES`], read whole.
fn read_small(path: &Path) -> io::Result<Vec<u8>> {
    // Looked at before it is opened: opening a FIFO would wait for a
    // writer, and every file after it with it.
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::ErrorKind::Unsupported.into());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK, should it have become a FIFO since: the open returns.
        options.custom_flags(0o4000);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(io::ErrorKind::Unsupported.into());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // Through `Take`: `File::read_to_end` would ask the size again.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The names on the `include`, `-include` and `sinclude` lines of `text`
/// that are plain file names (no reference, wildcard or `~`), as written.
/// Lines continued, commented out or inside `define` or conditionals are
/// not told apart: a name found here is only read ahead, never read as a
/// makefile unless the reader gets to it.
#[must_use]
pub fn include_names(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"include") {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_start_matches([' ', '\t']);
        if !matches!(before, "" | "-" | "s") {
            continue;
        }
        let rest = &text[at + "include".len()..];
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let line_end = crate::bytes::find_near(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = &rest[..line_end];
        let line = line.split('#').next().unwrap_or_default();
        if line.ends_with('\\') {
            continue;
        }
        names.extend(line.split([' ', '\t', '\r']).filter(|word| {
            !word.is_empty() && !word.starts_with('~') && !word.contains(['$', '*', '?', '[', '\\'])
        }));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_names_are_the_plain_names_of_include_lines() {
        let text = "include a.mk b.mk\n\
                    -include c.mk # comment d.mk\n\
                    \tsinclude  e.mk\r\n\
                    xinclude f.mk\n\
                    include $(G) g.mk *.mk ~/h.mk\n\
                    include\n\
                    X = include i.mk\n\
                    include j.mk \\\n  k.mk\n\
                    includes: l.mk\n";
        assert_eq!(
            include_names(text),
            ["a.mk", "b.mk", "c.mk", "e.mk", "g.mk"]
        );
    }

    #[test]
    fn files_read_ahead_are_handed_over_once() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let a = dir.path().join("a.mk");
        let b = dir.path().join("b.mk");
        std::fs::write(&a, "a:\n").expect("write");
        std::fs::write(&b, "b:\n").expect("write");
        let missing = dir.path().join("missing.mk");
        // A FIFO is never opened ahead: that would wait for a writer.
        let fifo = dir.path().join("fifo.mk");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let prefetcher = Prefetcher::start().expect("a thread");
        prefetcher.request([
            fifo.clone(),
            a.clone(),
            missing.clone(),
            b.clone(),
            a.clone(),
        ]);
        // More names than room: the rest are asked for as files are taken.
        let many: Vec<PathBuf> = (0..MAX_HELD * 2)
            .map(|i| dir.path().join(format!("n{i}.mk")))
            .collect();
        for path in &many {
            std::fs::write(path, path.to_string_lossy().as_bytes()).expect("write");
        }
        prefetcher.request(many.clone());
        // Out of request order: the one asked for is waited for.
        assert_eq!(
            prefetcher.take(&b).map(Ahead::into_bytes).as_deref(),
            Some(&b"b:\n"[..])
        );
        assert!(prefetcher.take(&missing).is_none());
        assert!(prefetcher.take(&fifo).is_none());
        assert_eq!(
            prefetcher.take(&a).map(Ahead::into_bytes).as_deref(),
            Some(&b"a:\n"[..])
        );
        // Handed over once; then the reader opens it itself.
        assert!(prefetcher.take(&a).is_none());
        assert!(prefetcher.take(dir.path()).is_none());
        for path in &many {
            let ahead = prefetcher.take(path).expect("read ahead");
            assert!(matches!(ahead, Ahead::Parsed(_)), "UTF-8 text is parsed");
            assert_eq!(ahead.into_bytes(), path.to_string_lossy().as_bytes());
        }
    }
}
