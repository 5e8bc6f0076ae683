//! Functions for file names (manual 8.3) and `$(file)` (8.6). The pure ones
//! work on the text; `wildcard`, `realpath` and `file <` ask the
//! [`Context`](crate::eval::expand::Context), relative to make's working
//! directory. `$(file >name,...)` never writes: it is reported as not
//! evaluated.

use super::{Args, Function, Joiner};
use crate::eval::expand::{Expander, FileContents, is_space, words};

/// Where the last `/` of a name is (`str::rfind` goes through a generic
/// search, slow for the short names of a file list).
fn last_slash(name: &str) -> Option<usize> {
    memchr::memrchr(b'/', name.as_bytes())
}

/// `$(dir names)`: the part up to and including the last `/`, or `./`.
pub(super) fn dir(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(0)) {
        let out = joiner.next(out);
        match last_slash(name) {
            Some(slash) => out.push_str(&name[..=slash]),
            None => out.push_str("./"),
        }
    }
}

/// `$(notdir names)`: the part after the last `/` (empty for `a/`).
pub(super) fn notdir(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(0)) {
        let start = last_slash(name).map_or(0, |slash| slash + 1);
        joiner.next(out).push_str(&name[start..]);
    }
}

/// The position of the suffix's `.` in the last part of a name.
fn suffix_dot(name: &str) -> Option<usize> {
    name.rfind(['/', '.'])
        .filter(|&i| name.as_bytes()[i] == b'.')
}

/// `$(suffix names)`: from the last `.` of the last part; names without
/// one give nothing.
pub(super) fn suffix(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(0)) {
        if let Some(dot) = suffix_dot(name) {
            joiner.next(out).push_str(&name[dot..]);
        }
    }
}

/// `$(basename names)`: everything before the suffix.
pub(super) fn basename(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(0)) {
        let end = suffix_dot(name).unwrap_or(name.len());
        joiner.next(out).push_str(&name[..end]);
    }
}

/// `$(addsuffix suffix,names)`.
pub(super) fn addsuffix(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(1)) {
        let out = joiner.next(out);
        out.push_str(name);
        out.push_str(args.get(0));
        if out.len() > crate::eval::expand::MAX_LENGTH {
            return;
        }
    }
}

/// `$(addprefix prefix,names)`.
pub(super) fn addprefix(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(1)) {
        let out = joiner.next(out);
        out.push_str(args.get(0));
        out.push_str(name);
        if out.len() > crate::eval::expand::MAX_LENGTH {
            return;
        }
    }
}

/// `$(join list1,list2)`: word by word; extra words are kept as they are.
pub(super) fn join(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut first = words(args.get(0));
    let mut second = words(args.get(1));
    let mut joiner = Joiner::new();
    loop {
        let (a, b) = (first.next(), second.next());
        if a.is_none() && b.is_none() {
            return;
        }
        let out = joiner.next(out);
        out.push_str(a.unwrap_or(""));
        out.push_str(b.unwrap_or(""));
    }
}

/// `$(wildcard patterns)`: the existing names each pattern matches.
pub(super) fn wildcard(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for pattern in words(args.get(0)) {
        for name in ex.ctx.wildcard(pattern) {
            joiner.next(out).push_str(&name);
        }
    }
}

/// `$(realpath names)`: canonical absolute names of the existing files.
pub(super) fn realpath(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for name in words(args.get(0)) {
        if let Some(real) = ex.ctx.realpath(name) {
            joiner.next(out).push_str(&real);
        }
    }
}

/// make's `abspath`: `.`, `..` and repeated `/` resolved in the text,
/// relative names taken from make's working directory.
#[must_use]
pub(super) fn absolute_name(name: &str, cwd: Option<&str>) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let mut path = if name.starts_with('/') {
        String::from("/")
    } else {
        cwd?.to_string()
    };
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if path.len() > 1 {
                    let cut = path.rfind('/').unwrap_or(0);
                    path.truncate(cut.max(1));
                }
            }
            _ => {
                if !path.ends_with('/') {
                    path.push('/');
                }
                path.push_str(part);
            }
        }
    }
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    Some(path)
}

/// `$(abspath names)`.
pub(super) fn abspath(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let cwd = ex.ctx.working_directory();
    let mut joiner = Joiner::new();
    for name in words(args.get(0)) {
        if let Some(path) = absolute_name(name, cwd.as_deref()) {
            joiner.next(out).push_str(&path);
        }
    }
}

/// `$(file op name[,text])`: `<` reads (one final newline removed); `>`
/// and `>>` would write and are not performed.
pub(super) fn file(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let spec = args.get(0);
    if let Some(rest) = spec.strip_prefix('>') {
        let name = rest
            .strip_prefix('>')
            .unwrap_or(rest)
            .trim_start_matches(is_space);
        if name.is_empty() {
            ex.fatal("file: missing filename".to_string());
            return;
        }
        ex.ctx.file_written(name);
        ex.ctx.report(
            crate::model::diagnostic::Kind::NotEvaluated,
            format!("$(file {spec},...) writes a file; not performed"),
        );
    } else if let Some(rest) = spec.strip_prefix('<') {
        let name = rest.trim_start_matches(is_space);
        if name.is_empty() {
            ex.fatal("file: missing filename".to_string());
            return;
        }
        if args.values.len() > 1 {
            ex.fatal("file: too many arguments".to_string());
            return;
        }
        match ex.ctx.read_file(name) {
            FileContents::Text(text) => {
                let text = text
                    .strip_suffix('\n')
                    .map_or(text.as_str(), |t| t.strip_suffix('\r').unwrap_or(t));
                out.push_str(text);
                ex.check_length(out);
            }
            FileContents::Missing => {}
            FileContents::Unknown => ex.unknown = true,
        }
    } else {
        ex.fatal(format!("file: invalid file operation: {spec}"));
    }
}
