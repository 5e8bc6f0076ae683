//! File-name wildcards as make expands them (manual 4.4 "Using Wildcard
//! Characters in File Names"): make hands a name to the C library's
//! `glob`, which matches `*`, `?` and `[...]` one path component at a time
//! (a leading `.` only by a literal `.`), keeps the directory part as it
//! was written (`./a.c`, `sub//b.c`), gives directories for a pattern
//! ending in `/`, and sorts the whole result by bytes. A backslash quotes
//! the next character. A name without wildcards is kept when it exists.
//!
//! All file access goes through [`FileSystem`], relative to a base
//! directory (make's working directory). Directory listings are read once
//! per run ([`Directories`]), as make caches the directories it reads.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::source::{FileKind, FileSystem};

/// The directory listings read so far in one run, by path; `None` for a
/// directory that could not be read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Directories {
    listings: RefCell<HashMap<PathBuf, Option<Rc<[String]>>>>,
}

impl Directories {
    /// The names in a directory (without `.` and `..`), read at its first use.
    fn list(&self, fs: &dyn FileSystem, path: &Path) -> Option<Rc<[String]>> {
        if let Some(found) = self.listings.borrow().get(path) {
            return found.clone();
        }
        let listing = fs.read_dir(path).ok().map(Rc::from);
        self.listings
            .borrow_mut()
            .insert(path.to_path_buf(), listing.clone());
        listing
    }
}

/// The name holds a `*`, `?` or `[`, quoted or not: it may be a pattern
/// (a byte search; `str::contains` with a char set decodes UTF-8).
#[must_use]
pub(crate) fn may_have_wildcards(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.len() < 16 {
        // Most names are short: memchr3's set-up would cost more.
        bytes.iter().any(|&b| matches!(b, b'*' | b'?' | b'['))
    } else {
        memchr::memchr3(b'*', b'?', b'[', bytes).is_some()
    }
}

/// The name holds an unquoted `*`, `?` or `[...]`.
#[must_use]
pub(crate) fn has_wildcards(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'*' | b'?' => return true,
            b'[' if bytes[i + 1..].contains(&b']') => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Removes the backslashes that quote characters.
fn unquote(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(next) = chars.next()
        {
            out.push(next);
            continue;
        }
        out.push(c);
    }
    out
}

/// The most names one expansion goes through, the directories its
/// pattern's directory part matches included: symlinks such as `x -> .`
/// make `x/x/x/...` patterns match exponentially many names (five such
/// links and ten levels: nearly ten million). GNU make has no limit.
pub(crate) const MAX_NAMES: usize = 100_000;

/// The names matching `pattern` (relative to `base` unless absolute), as
/// make's `$(wildcard)` gives them; directories are listed through `dirs`.
/// True with them when the walk stopped at [`MAX_NAMES`].
#[must_use]
pub(crate) fn expand(
    pattern: &str,
    base: &Path,
    fs: &dyn FileSystem,
    dirs: &Directories,
) -> (Vec<String>, bool) {
    if pattern.is_empty() {
        return (Vec::new(), false);
    }
    if !has_wildcards(pattern) {
        let name = unquote(pattern);
        return if exists(fs, &resolve(base, &name)) {
            (vec![name], false)
        } else {
            (Vec::new(), false)
        };
    }
    let mut found = Vec::new();
    let walk = Walk {
        base,
        fs,
        dirs,
        left: std::cell::Cell::new(MAX_NAMES),
    };
    walk.glob_into(pattern, false, &mut found);
    found.sort_unstable();
    (found, walk.left.get() == 0)
}

/// What a wildcard walk reads through.
struct Walk<'w> {
    base: &'w Path,
    fs: &'w dyn FileSystem,
    dirs: &'w Directories,
    /// The names the walk may still go through (see [`MAX_NAMES`]).
    left: std::cell::Cell<usize>,
}

impl Walk<'_> {
    /// Takes one name from the walk's allowance; false once it is spent.
    fn take_one(&self) -> bool {
        let left = self.left.get();
        if left == 0 {
            return false;
        }
        self.left.set(left - 1);
        true
    }
}

impl Walk<'_> {
    /// Appends the matches of a pattern with wildcards (only directories
    /// when `dirs_only`), unsorted.
    fn glob_into(&self, pattern: &str, dirs_only: bool, out: &mut Vec<String>) {
        let (base, fs) = (self.base, self.fs);
        let (dir, file) = match pattern.rfind('/') {
            Some(0) => (Some("/"), &pattern[1..]),
            Some(slash) => (Some(&pattern[..slash]), &pattern[slash + 1..]),
            None => (None, pattern),
        };
        let dirs: Vec<String> = match dir {
            None => vec![String::new()],
            Some(d) if has_wildcards(d) => {
                let mut dirs = Vec::new();
                self.glob_into(d, true, &mut dirs);
                dirs
            }
            Some(d) => vec![unquote(d)],
        };
        for d in dirs {
            if !self.take_one() {
                return;
            }
            let directory = resolve(base, if d.is_empty() { "." } else { &d });
            // The directory part is kept as written; only the root is not
            // followed by a second slash.
            let mut prefix = d;
            if !prefix.is_empty() && prefix != "/" {
                prefix.push('/');
            }
            if file.is_empty() {
                // `dir/`: the directory itself, marked with its slash.
                if is_directory(fs, &directory) {
                    out.push(prefix);
                }
                continue;
            }
            if !has_wildcards(file) {
                let name = joined(&prefix, &unquote(file));
                let path = resolve(base, &name);
                if exists(fs, &path) && (!dirs_only || is_directory(fs, &path)) {
                    out.push(name);
                }
                continue;
            }
            let Some(entries) = self.dirs.list(fs, &directory) else {
                continue;
            };
            // glob(3) reads `.` and `..` from the directory, like any entry.
            let dots = [".", ".."];
            for entry in entries.iter().map(String::as_str).chain(dots) {
                if !matches(file, entry) {
                    continue;
                }
                if !self.take_one() {
                    return;
                }
                let name = joined(&prefix, entry);
                if dirs_only && !is_directory(fs, &resolve(base, &name)) {
                    continue;
                }
                out.push(name);
            }
        }
    }
}

/// `a` followed by `b`, in a string of the right size.
fn joined(a: &str, b: &str) -> String {
    let mut name = String::with_capacity(a.len() + b.len());
    name.push_str(a);
    name.push_str(b);
    name
}

fn resolve(base: &Path, name: &str) -> PathBuf {
    base.join(name)
}

fn exists(fs: &dyn FileSystem, path: &Path) -> bool {
    fs.kind(path).is_ok()
}

fn is_directory(fs: &dyn FileSystem, path: &Path) -> bool {
    matches!(fs.kind(path), Ok(FileKind::Directory))
}

/// One path component against one pattern component (C `fnmatch` with
/// `FNM_PERIOD`): a leading `.` must be matched by a literal `.`.
#[must_use]
pub(crate) fn matches(pattern: &str, name: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), name.as_bytes());
    if s.first() == Some(&b'.') && !(p.starts_with(b".") || p.starts_with(b"\\.")) {
        return false;
    }
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if let Some(next) = step(p, pi, s[si]) {
            if p[pi] == b'*' {
                star = Some((pi, si));
                pi = next;
                continue;
            }
            pi = next;
            si += 1;
            continue;
        }
        match star {
            Some((sp, ss)) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    while p.get(pi) == Some(&b'*') {
        pi += 1;
    }
    pi == p.len()
}

/// Where the pattern goes on after matching the byte `c` at `pi`, or `None`
/// when it does not match (for `*`, the index after the star).
fn step(p: &[u8], pi: usize, c: u8) -> Option<usize> {
    match *p.get(pi)? {
        b'*' | b'?' => Some(pi + 1),
        b'\\' if pi + 1 < p.len() => (p[pi + 1] == c).then_some(pi + 2),
        b'[' => match bracket(p, pi, c) {
            Some((true, next)) => Some(next),
            Some((false, _)) => None,
            // No closing `]`: a literal `[`.
            None => (c == b'[').then_some(pi + 1),
        },
        other => (other == c).then_some(pi + 1),
    }
}

/// A `[...]` set at `pi`: whether `c` is in it and the index after it.
fn bracket(p: &[u8], pi: usize, c: u8) -> Option<(bool, usize)> {
    let mut i = pi + 1;
    let negated = matches!(p.get(i), Some(b'!' | b'^'));
    if negated {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    loop {
        let mut lo = *p.get(i)?;
        if lo == b']' && !first {
            return Some((found != negated, i + 1));
        }
        first = false;
        if lo == b'\\' {
            i += 1;
            lo = *p.get(i)?;
        }
        i += 1;
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&b| b != b']') {
            let mut hi = p[i + 1];
            i += 2;
            if hi == b'\\' {
                hi = *p.get(i)?;
                i += 1;
            }
            found |= lo <= c && c <= hi;
        } else {
            found |= lo == c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::io;

    /// A directory `/d` with `a.c`, `b.c`, `sub/`, that counts its listings.
    #[derive(Default)]
    struct Counting {
        listings: Cell<usize>,
    }

    impl FileSystem for Counting {
        fn kind(&self, path: &Path) -> io::Result<FileKind> {
            match path.to_str() {
                Some("/d" | "/d/sub") => Ok(FileKind::Directory),
                Some("/d/a.c" | "/d/b.c") => Ok(FileKind::Regular),
                _ => Err(io::ErrorKind::NotFound.into()),
            }
        }
        fn read(&self, _: &Path) -> io::Result<Vec<u8>> {
            Err(io::ErrorKind::NotFound.into())
        }
        fn glob(&self, _: &str) -> Vec<PathBuf> {
            Vec::new()
        }
        fn canonicalize(&self, _: &Path) -> Option<PathBuf> {
            None
        }
        fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
            self.listings.set(self.listings.get() + 1);
            match path.to_str() {
                Some("/d/.") => Ok(vec!["b.c".into(), "a.c".into(), "sub".into()]),
                Some("/d/sub") => Ok(Vec::new()),
                _ => Err(io::ErrorKind::NotFound.into()),
            }
        }
    }

    #[test]
    fn each_directory_is_listed_once() {
        let (fs, dirs) = (Counting::default(), Directories::default());
        let base = Path::new("/d");
        for _ in 0..3 {
            assert_eq!(expand("*.c", base, &fs, &dirs).0, ["a.c", "b.c"]);
            assert_eq!(expand("*/", base, &fs, &dirs).0, ["sub/"]);
            assert!(expand("nope/*.c", base, &fs, &dirs).0.is_empty());
            assert!(expand("sub/*", base, &fs, &dirs).0.is_empty());
        }
        // `.`, `nope` (unreadable, remembered too) and `sub`.
        assert_eq!(fs.listings.get(), 3);
    }

    #[test]
    fn component_matching() {
        for (pattern, name, want) in [
            ("*.c", "a.c", true),
            ("*.c", "a.h", false),
            ("*.c", ".a.c", false),
            (".*.c", ".a.c", true),
            ("*", "", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("[ab].c", "b.c", true),
            ("[!ab].c", "b.c", false),
            ("[^ab].c", "c.c", true),
            ("[a-c]x", "bx", true),
            ("[a-c]x", "dx", false),
            ("[]]", "]", true),
            ("[a", "[a", true),
            ("\\*.c", "*.c", true),
            ("\\*.c", "a.c", false),
            ("*a*b", "xaybzb", true),
            ("**", "abc", true),
            ("a*", "b", false),
        ] {
            assert_eq!(matches(pattern, name), want, "{pattern} vs {name}");
        }
    }

    #[test]
    fn wildcard_detection() {
        assert!(has_wildcards("a*"));
        assert!(has_wildcards("[ab]"));
        assert!(!has_wildcards("a[b"));
        assert!(!has_wildcards("a\\*"));
        assert!(!has_wildcards("plain.c"));
    }
}
