//! Included files read ahead on a second thread, for the real file system
//! (see [`crate::source::RealFileSystem`]).
//!
//! make reads an included file where its `include` line stands, and so does
//! the reader; but the names on `include` lines without references are known
//! as soon as the including file is read. A tree of a thousand small files
//! spends as much time opening and reading them as parsing them: a worker
//! thread opens, reads and parses (see [`crate::source::ahead::parsed`]) the named files
//! while the reader evaluates, and hands each over when the reader opens it.
//!
//! The reader goes depth first: the files a file includes are read before
//! the files named after it in the file that included it. The worker reads
//! in that order: the plain include names of a file it has parsed go to
//! the front of its queue, so that it runs ahead through the whole tree.
//!
//! Only an optimisation: a file the worker could not read is opened by the
//! reader as usual (and its errors reported as usual), and so is a file the
//! reader gets to before the worker does. Each file is read ahead once, or
//! twice when it had to make room (see [`evict`]). At
//! most [`MAX_HELD`] files wait in memory at a time: 4 MiB of text at the
//! very most, and the parse of at most [`crate::source::ahead::parsed::MAX_LINES`] lines
//! each.
//!
//! A file larger than [`MAX_FILE_BYTES`] is not read ahead whole: when the
//! reader opens it, a thread of its own reads and parses it a piece at a
//! time, at most two pieces ahead of the reader
//! ([`crate::source::ahead::pieces::read_ahead`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::BuildHasher;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::source::ahead::parsed::ParsedText;

/// Files larger than this are not read ahead whole, but in pieces once
/// opened ([`crate::source::ahead::pieces::read_ahead`]).
pub(crate) const MAX_FILE_BYTES: u64 = 256 << 10;

/// Files read ahead and not yet taken, at most: the worker waits for the
/// reader when there are as many.
pub(crate) const MAX_HELD: usize = 16;

/// A worker waiting for room is woken when the files held fall to this
/// many: it then reads several in a row, rather than one per file taken.
/// Files held that the reader never takes count too: a reader that finds
/// a file not read yet wakes the worker when there is any room.
const RESUME_AT: usize = MAX_HELD / 2;

/// A file read ahead.
#[derive(Debug)]
pub(crate) enum Ahead {
    /// Read and parsed (see [`crate::source::ahead::parsed`]).
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
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self {
            Ahead::Parsed(parsed) => parsed.into_text().into_bytes(),
            Ahead::Read(bytes) => bytes,
        }
    }
}

/// Where a file named to the worker stands. A file the worker could not
/// read is not held: the reader opens it and reports its errors.
#[derive(Debug)]
enum Stage {
    /// In the queue.
    Queued,
    /// Being read by the worker.
    Reading,
    /// Read, and not taken yet.
    Ready(Ahead),
}

/// What the reader and the worker share.
#[derive(Debug, Default)]
struct State {
    /// Files to read, the most urgent first; a file no longer queued
    /// (taken by the reader meanwhile) is skipped.
    queue: VecDeque<PathBuf>,
    /// The files queued, being read, or read and not taken.
    stages: HashMap<PathBuf, Stage>,
    /// The hashes of the files ever queued: each is read ahead once (of two
    /// names with one hash, the second is not read ahead, at worst).
    named: HashSet<u64>,
    hasher: std::hash::RandomState,
    /// How many files are [`Stage::Ready`].
    ready: usize,
    /// The files made ready, in the order the worker read them (the order
    /// the reader will want them); some are taken since (pruned as it grows).
    read_order: VecDeque<PathBuf>,
    /// Files read ahead and put back once already (see [`evict`]).
    put_back: HashSet<PathBuf>,
    /// How many files were put at the front of the queue so far: those put
    /// there while the worker read a file come before the files it includes.
    pushed_front: usize,
    /// The reader is done: the worker stops.
    closed: bool,
    /// The worker waits for work or room, and was not woken yet (see
    /// [`wake`]).
    worker_waits: bool,
    /// The reader waits for the file being read, and was not woken yet.
    reader_waits: bool,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    /// The worker waits here for work or room.
    worker: Condvar,
    /// The reader waits here for the file being read.
    reader: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked (in a build that unwinds: release builds
        // abort) left the state whole: each change is made under the lock,
        // and the file it was reading is let go (`Claim`).
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The worker, as the reader sees it.
#[derive(Debug)]
pub(crate) struct Prefetcher {
    shared: Arc<Shared>,
}

impl Prefetcher {
    /// Starts the worker thread; `None` when no thread can be started. The
    /// include names of the files it reads resolve against `dir` (make's
    /// working directory).
    #[must_use]
    pub(crate) fn start(dir: PathBuf) -> Option<Prefetcher> {
        let shared = Arc::new(Shared::default());
        let worker = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("make-tools-prefetch".into())
            .spawn(move || work(&worker, &dir))
            .ok()?;
        Some(Prefetcher { shared })
    }

    /// Asks for files to be read ahead, in the order they will be opened,
    /// before those asked for earlier: the reader asks for the files that
    /// the file it reads now includes. When some are new and the worker has
    /// no room, the files it read ahead make room (see [`evict`]).
    pub(crate) fn request(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut state = self.shared.lock();
        let (queued, ready) = (state.queue.len(), state.ready);
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let new = paths
            .iter()
            .any(|p| !state.named.contains(&state.hasher.hash_one(p)));
        if new && state.ready >= MAX_HELD {
            evict(&mut state);
        }
        enqueue(&mut state, paths, 0);
        if state.queue.len() > queued || state.ready < ready {
            wake(&mut state.worker_waits, &self.shared.worker);
        }
    }

    /// The file at `path` if it was read ahead, waiting for the worker when
    /// it is reading it; `None` when the reader should open the file itself.
    pub(crate) fn take(&self, path: &Path) -> Option<Ahead> {
        let mut state = self.shared.lock();
        loop {
            match state.stages.get(path) {
                None => return None,
                Some(Stage::Reading) => {
                    state.reader_waits = true;
                    state = self
                        .shared
                        .reader
                        .wait(state)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                Some(Stage::Queued) => {
                    // The reader got there first: it reads the file itself.
                    // The worker, behind, may wait with room: files it read
                    // that the reader never takes do not let it reach
                    // `RESUME_AT`.
                    state.stages.remove(path);
                    if state.ready < MAX_HELD {
                        wake(&mut state.worker_waits, &self.shared.worker);
                    }
                    return None;
                }
                Some(Stage::Ready(_)) => {
                    let Some(Stage::Ready(ahead)) = state.stages.remove(path) else {
                        return None;
                    };
                    state.ready -= 1;
                    if state.ready <= RESUME_AT {
                        wake(&mut state.worker_waits, &self.shared.worker);
                    }
                    return Some(ahead);
                }
            }
        }
    }
}

impl Drop for Prefetcher {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.worker.notify_one();
    }
}

/// Wakes a thread that `waits` on `condvar`, once: a wake-up is a system
/// call, and most of the time nobody waits.
fn wake(waits: &mut bool, condvar: &Condvar) {
    if std::mem::take(waits) {
        condvar.notify_all();
    }
}

/// Puts files not named before into the queue at `at`, in their order:
/// at the front (0) for the files the reader asks for, which it needs
/// before any other; right where the file that includes them was, for
/// those the worker found.
fn enqueue(state: &mut State, paths: impl IntoIterator<Item = PathBuf>, at: usize) {
    let mut new = Vec::new();
    for path in paths {
        let hash = state.hasher.hash_one(&path);
        if state.named.insert(hash) {
            state.stages.insert(path.clone(), Stage::Queued);
            new.push(path);
        }
    }
    let at = at.min(state.queue.len());
    if at == 0 {
        state.pushed_front += new.len();
    }
    for path in new.into_iter().rev() {
        state.queue.insert(at, path);
    }
}

/// Puts the files read ahead and not taken back at the front of the queue,
/// in their order, their text dropped: the reader asks for files it needs
/// before them, and the worker has no room left. The worker went down
/// another branch of the tree than the reader, or read files that the
/// reader will never open (the includes of a branch not taken, or found in
/// an `-I` directory): a file put back once and then again is let go, so
/// that these are not read over and over.
fn evict(state: &mut State) {
    let mut back = Vec::new();
    while let Some(path) = state.read_order.pop_front() {
        if let Some(Stage::Ready(_)) = state.stages.get(&path) {
            state.stages.remove(&path);
            state.ready -= 1;
            if state.put_back.insert(path.clone()) {
                state.stages.insert(path.clone(), Stage::Queued);
                back.push(path);
            }
        }
    }
    state.pushed_front += back.len();
    for path in back.into_iter().rev() {
        state.queue.push_front(path);
    }
}

/// A file the worker is reading: let go, and the reader woken, should the
/// reading panic, so that the reader does not wait for it forever.
struct Claim<'a> {
    shared: &'a Shared,
    path: Option<PathBuf>,
}

impl Claim<'_> {
    /// The reading went through: the worker records what it read.
    fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            self.shared.lock().stages.remove(&path);
            self.shared.reader.notify_all();
        }
    }
}

/// The worker: reads the most urgent queued file while there is room, and
/// queues the files it includes.
fn work(shared: &Shared, dir: &Path) {
    let mut state = shared.lock();
    loop {
        if state.closed {
            return;
        }
        let next = if state.ready < MAX_HELD {
            state.queue.pop_front()
        } else {
            None
        };
        let Some(path) = next else {
            state.worker_waits = true;
            state = shared
                .worker
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            continue;
        };
        match state.stages.get_mut(&path) {
            Some(queued @ Stage::Queued) => *queued = Stage::Reading,
            _ => continue,
        }
        let pushed_before = state.pushed_front;
        drop(state);
        let claim = Claim {
            shared,
            path: Some(path.clone()),
        };
        let ahead = read_small(&path).ok().map(Ahead::of);
        let includes: Vec<PathBuf> = match &ahead {
            Some(Ahead::Parsed(parsed)) => parsed
                .include_names()
                .map(|name| crate::source::normalize(&dir.join(name)))
                .collect(),
            _ => Vec::new(),
        };
        claim.keep();
        state = shared.lock();
        match ahead {
            Some(ahead) => {
                if state.read_order.len() >= 2 * MAX_HELD {
                    // Only the files not taken yet are worth keeping here.
                    let State {
                        read_order, stages, ..
                    } = &mut *state;
                    read_order.retain(|p| matches!(stages.get(p), Some(Stage::Ready(_))));
                }
                state.read_order.push_back(path.clone());
                state.stages.insert(path, Stage::Ready(ahead));
                state.ready += 1;
            }
            None => {
                state.stages.remove(&path);
            }
        }
        let at = state.pushed_front - pushed_before;
        enqueue(&mut state, includes, at);
        wake(&mut state.reader_waits, &shared.reader);
    }
}

/// A regular file of at most [`MAX_FILE_BYTES`], read whole.
fn read_small(path: &Path) -> io::Result<Vec<u8>> {
    // Looked at before it is opened: opening a FIFO would wait for a
    // writer, and every file after it with it.
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::ErrorKind::Unsupported.into());
    }
    let file = super::super::open_without_waiting(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(io::ErrorKind::Unsupported.into());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // Through `Take`: `File::read_to_end` would ask the size again.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    // Grown since it was looked at: left to the reader, which reads it all.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io::ErrorKind::Unsupported.into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Prefetcher {
        /// Waits until the worker waits, for work or for room.
        fn settle(&self) {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            loop {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the worker never waits"
                );
                {
                    let state = self.shared.lock();
                    let stages = || state.stages.values();
                    let reading = stages().any(|s| matches!(s, Stage::Reading));
                    if !reading && state.worker_waits {
                        return;
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }

    fn text(ahead: Option<Ahead>) -> Option<String> {
        ahead.map(|a| String::from_utf8(a.into_bytes()).expect("UTF-8"))
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
        let prefetcher = Prefetcher::start(dir.path().to_path_buf()).expect("a thread");
        prefetcher.request([
            fifo.clone(),
            a.clone(),
            missing.clone(),
            b.clone(),
            a.clone(),
        ]);
        prefetcher.settle();
        // In any order.
        assert_eq!(text(prefetcher.take(&b)).as_deref(), Some("b:\n"));
        assert!(prefetcher.take(&missing).is_none());
        assert!(prefetcher.take(&fifo).is_none());
        assert_eq!(text(prefetcher.take(&a)).as_deref(), Some("a:\n"));
        // Handed over once; then the reader opens it itself.
        assert!(prefetcher.take(&a).is_none());
        prefetcher.request([a.clone()]);
        prefetcher.settle();
        assert!(prefetcher.take(&a).is_none(), "read ahead once");
        assert!(prefetcher.take(dir.path()).is_none());
    }

    #[test]
    fn the_files_a_file_includes_are_read_ahead_too() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let files = [
            ("top.mk", "include sub/one.mk two.mk\n"),
            ("sub/one.mk", "include three.mk $(NOT) *.mk\n"),
            ("two.mk", "include top.mk\n"),
            ("three.mk", "three:\n"),
        ];
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let prefetcher = Prefetcher::start(dir.path().to_path_buf()).expect("a thread");
        prefetcher.request([dir.path().join("top.mk")]);
        prefetcher.settle();
        // Names resolve against the working directory, not the file's own;
        // `top.mk` included again (a cycle) is not read again.
        for (name, text) in files {
            let taken = text_of(&prefetcher, &dir.path().join(name));
            assert_eq!(taken.as_deref(), Some(text), "{name}");
        }
    }

    fn text_of(prefetcher: &Prefetcher, path: &Path) -> Option<String> {
        text(prefetcher.take(path))
    }

    #[test]
    fn files_the_reader_asks_for_come_before_those_read_ahead() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = |name: &str| dir.path().join(name);
        let ahead: Vec<PathBuf> = (0..MAX_HELD + 4)
            .map(|i| path(&format!("x{i}.mk")))
            .collect();
        for name in ["y1.mk", "y2.mk", "z.mk"] {
            std::fs::write(path(name), name).expect("write");
        }
        for p in &ahead {
            std::fs::write(p, "x").expect("write");
        }
        let prefetcher = Prefetcher::start(dir.path().to_path_buf()).expect("a thread");
        prefetcher.request(ahead.clone());
        prefetcher.settle();
        // No room: what was read ahead goes back behind the new names.
        prefetcher.request([path("y1.mk"), path("y2.mk")]);
        prefetcher.settle();
        // Still no room: y1 and y2 go back to the queue; the files put back
        // before are let go, for the reader to open.
        prefetcher.request([path("z.mk")]);
        prefetcher.settle();
        assert_eq!(text_of(&prefetcher, &path("z.mk")).as_deref(), Some("z.mk"));
        assert_eq!(
            text_of(&prefetcher, &path("y1.mk")).as_deref(),
            Some("y1.mk")
        );
        assert_eq!(
            text_of(&prefetcher, &path("y2.mk")).as_deref(),
            Some("y2.mk")
        );
        assert!(prefetcher.take(&ahead[0]).is_none());
        let last = ahead.last().expect("names");
        prefetcher.settle();
        assert_eq!(text_of(&prefetcher, last).as_deref(), Some("x"));
    }

    #[test]
    fn files_never_taken_do_not_stop_the_worker() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let named = |prefix: &str, n: usize| -> Vec<PathBuf> {
            (0..n)
                .map(|i| dir.path().join(format!("{prefix}{i}.mk")))
                .collect()
        };
        // Included in a branch not taken, say: the reader never opens them.
        let never = named("never", RESUME_AT + 1);
        let used = named("used", MAX_HELD * 2);
        for p in never.iter().chain(&used) {
            std::fs::write(p, "x").expect("write");
        }
        let prefetcher = Prefetcher::start(dir.path().to_path_buf()).expect("a thread");
        prefetcher.request(never.iter().chain(&used).cloned());
        prefetcher.settle();
        let held = MAX_HELD - never.len();
        for p in &used[..held] {
            assert!(prefetcher.take(p).is_some());
        }
        // The worker waits with room: the reader, ahead of it, wakes it.
        assert!(prefetcher.take(&used[held]).is_none());
        prefetcher.settle();
        // Names asked for again make no room: the files held stay (put
        // back twice, they would be let go).
        for _ in 0..2 {
            prefetcher.request(used[..2].iter().cloned());
            prefetcher.settle();
        }
        assert!(prefetcher.take(&used[held + 1]).is_some());
    }

    #[test]
    fn the_worker_waits_for_room_and_leaves_what_the_reader_took_first() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let many: Vec<PathBuf> = (0..MAX_HELD * 2)
            .map(|i| dir.path().join(format!("n{i}.mk")))
            .collect();
        for path in &many {
            std::fs::write(path, path.to_string_lossy().as_bytes()).expect("write");
        }
        let prefetcher = Prefetcher::start(dir.path().to_path_buf()).expect("a thread");
        prefetcher.request(many.clone());
        prefetcher.settle();
        let last = many.last().expect("names");
        // Not read yet: the reader opens it itself, and it is never read ahead.
        assert!(prefetcher.take(last).is_none());
        for path in &many[..many.len() - 1] {
            // Each file taken makes room for the next.
            prefetcher.settle();
            let ahead = prefetcher.take(path).expect("read ahead");
            assert!(matches!(ahead, Ahead::Parsed(_)), "UTF-8 text is parsed");
            assert_eq!(ahead.into_bytes(), path.to_string_lossy().as_bytes());
        }
        prefetcher.settle();
        assert!(prefetcher.take(last).is_none());
    }
}
