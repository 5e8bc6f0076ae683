//! GNU make's built-in functions (manual 8, "Functions for Transforming
//! Text"). A call is `$(name args)`: a known name, white space, then
//! arguments split at commas outside parentheses of the call's own kind;
//! past a function's last argument, commas belong to the text. Most
//! functions get their arguments expanded first, left to right; `if`,
//! `or`, `and`, `intcmp`, `foreach` and `let` expand them as they go, as
//! make does (`$(if)` expands only the branch it takes).
//!
//! - [`text`]: `subst`, `patsubst`, `strip`, `findstring`, `filter`,
//!   `filter-out`, `sort`, `word`, `wordlist`, `words`, `firstword`,
//!   `lastword` (manual 8.2).
//! - [`files`]: `dir`, `notdir`, `suffix`, `basename`, `addsuffix`,
//!   `addprefix`, `join`, `wildcard`, `realpath`, `abspath` (8.3), `file`
//!   (8.6, reading only).
//! - [`control`]: `if`, `or`, `and`, `intcmp` (8.4), `let` (8.5),
//!   `foreach` (8.6), `call` (8.8), `value` (8.9), `eval` (8.10), `origin`
//!   (8.11), `flavor` (8.12), `error`, `warning`, `info` (8.13), `shell`
//!   (8.14: never run; answered when its output is known without running
//!   it).

use crate::eval::expand::{Expander, is_space};

mod control;
mod files;
mod text;

/// The arguments a function receives: expanded text, or raw text for the
/// functions that expand their own.
pub(crate) struct Args<'a> {
    /// One entry per argument (at least one).
    pub values: &'a [&'a str],
    /// An expanded argument could not be evaluated (`$(shell)`).
    pub unknown: bool,
}

impl<'a> Args<'a> {
    /// Argument `i`, or the empty string.
    #[must_use]
    pub(crate) fn get(&self, i: usize) -> &'a str {
        self.values.get(i).copied().unwrap_or("")
    }
}

/// How a function runs.
type Run = fn(&mut Expander<'_>, &Function, &Args<'_>, &mut String);

/// One of make's functions.
pub(crate) struct Function {
    /// Its name.
    pub name: &'static str,
    /// Fewer arguments is an error ("insufficient number of arguments").
    min: usize,
    /// The last argument takes the rest of the text (0: no limit).
    max: usize,
    /// make expands every argument before calling it.
    expand: bool,
    run: Run,
}

const fn f(name: &'static str, min: usize, max: usize, expand: bool, run: Run) -> Function {
    Function {
        name,
        min,
        max,
        expand,
        run,
    }
}

/// Every function GNU make 4.4 defines (without Guile), sorted by name.
static FUNCTIONS: &[Function] = &[
    f("abspath", 0, 1, true, files::abspath),
    f("addprefix", 2, 2, true, files::addprefix),
    f("addsuffix", 2, 2, true, files::addsuffix),
    f("and", 1, 0, false, control::and),
    f("basename", 0, 1, true, files::basename),
    f("call", 1, 0, true, control::call),
    f("dir", 0, 1, true, files::dir),
    f("error", 0, 1, true, control::message),
    f("eval", 0, 1, false, control::eval),
    f("file", 1, 2, true, files::file),
    f("filter", 2, 2, true, text::filter),
    f("filter-out", 2, 2, true, text::filter),
    f("findstring", 2, 2, true, text::findstring),
    f("firstword", 0, 1, true, text::firstword),
    f("flavor", 0, 1, true, control::flavor),
    f("foreach", 3, 3, false, control::foreach),
    f("if", 2, 3, false, control::if_),
    f("info", 0, 1, true, control::message),
    f("intcmp", 2, 5, false, control::intcmp),
    f("join", 2, 2, true, files::join),
    f("lastword", 0, 1, true, text::lastword),
    f("let", 3, 3, false, control::let_),
    f("notdir", 0, 1, true, files::notdir),
    f("or", 1, 0, false, control::or),
    f("origin", 0, 1, true, control::origin),
    f("patsubst", 3, 3, true, text::patsubst),
    f("realpath", 0, 1, true, files::realpath),
    f("shell", 0, 1, true, control::shell),
    f("sort", 0, 1, true, text::sort),
    f("strip", 0, 1, true, text::strip),
    f("subst", 3, 3, true, text::subst),
    f("suffix", 0, 1, true, files::suffix),
    f("value", 0, 1, true, control::value),
    f("warning", 0, 1, true, control::message),
    f("wildcard", 0, 1, true, files::wildcard),
    f("word", 2, 2, true, text::word),
    f("wordlist", 3, 3, true, text::wordlist),
    f("words", 0, 1, true, text::words),
];

/// Where the functions whose names start with each letter begin in
/// [`FUNCTIONS`] (`a` to `z`, then the end).
static BY_LETTER: [usize; 27] = {
    let mut starts = [FUNCTIONS.len(); 27];
    let mut letter = 0;
    while letter < 26 {
        let mut i = 0;
        while i < FUNCTIONS.len() && FUNCTIONS[i].name.as_bytes()[0] < b'a' + letter as u8 {
            i += 1;
        }
        starts[letter] = i;
        letter += 1;
    }
    starts
};

/// The function with exactly this name: compared only with those that
/// start with the same letter.
#[must_use]
pub(crate) fn by_name(name: &str) -> Option<&'static Function> {
    let letter = usize::from(name.as_bytes().first()?.wrapping_sub(b'a'));
    if letter >= 26 {
        return None;
    }
    FUNCTIONS[BY_LETTER[letter]..BY_LETTER[letter + 1]]
        .iter()
        .find(|f| f.name == name)
}

/// The function a reference's inside starts with, and where its arguments
/// start: a name made of letters, digits, `-` and `_`, then white space (or
/// the end of the text), as make's `lookup_function`. `$(info)` is the
/// variable `info`.
#[must_use]
pub(crate) fn lookup(inside: &str) -> Option<(&'static Function, usize)> {
    let end = inside
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(inside.len());
    if end == 0 || !inside[end..].chars().next().is_none_or(is_space) {
        return None;
    }
    let function = by_name(&inside[..end])?;
    let rest = &inside[end..];
    let args = end + (rest.len() - rest.trim_start_matches(is_space).len());
    Some((function, args))
}

/// Arguments kept without allocating: only `$(call)`, `$(and)` and `$(or)`
/// take more.
const INLINE_PARTS: usize = 8;

/// The arguments of one call, in place while they are few.
enum Parts<'t> {
    Inline([&'t str; INLINE_PARTS], usize),
    Heap(Vec<&'t str>),
}

impl<'t> Parts<'t> {
    fn push(&mut self, part: &'t str) {
        match self {
            Parts::Inline(parts, len) if *len < INLINE_PARTS => {
                parts[*len] = part;
                *len += 1;
            }
            Parts::Inline(parts, _) => {
                let mut heap = parts.to_vec();
                heap.push(part);
                *self = Parts::Heap(heap);
            }
            Parts::Heap(heap) => heap.push(part),
        }
    }

    fn len(&self) -> usize {
        match self {
            Parts::Inline(_, len) => *len,
            Parts::Heap(heap) => heap.len(),
        }
    }
}

impl<'t> std::ops::Deref for Parts<'t> {
    type Target = [&'t str];

    fn deref(&self) -> &[&'t str] {
        match self {
            Parts::Inline(parts, len) => &parts[..*len],
            Parts::Heap(heap) => heap,
        }
    }
}

impl std::ops::DerefMut for Parts<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            Parts::Inline(parts, len) => &mut parts[..*len],
            Parts::Heap(heap) => heap,
        }
    }
}

/// Splits function arguments at commas outside parentheses of the call's
/// kind (`open` is `(` or `{`), into at most `max` parts (`0`: no limit);
/// the last part keeps any further commas. A few arguments take no
/// allocation.
fn split_parts(args: &str, open: u8, max: usize) -> Parts<'_> {
    let close = if open == b'(' { b')' } else { b'}' };
    let mut parts = Parts::Inline([""; INLINE_PARTS], 0);
    let mut depth = 0usize;
    let mut start = 0;
    for (i, b) in args.bytes().enumerate() {
        if b == open {
            depth += 1;
        } else if b == close {
            depth = depth.saturating_sub(1);
        } else if b == b',' && depth == 0 && (max == 0 || parts.len() + 1 < max) {
            parts.push(&args[start..i]);
            start = i + 1;
        }
    }
    parts.push(&args[start..]);
    parts
}

/// Calls `function` with the raw text of its arguments (between the blank
/// after its name and its closing parenthesis).
// Not inlined into the recursive `Expander::expand_into` (its one caller):
// inlined, the argument scan of `split_parts` ran slower, 0.26 % more
// instructions on the kernel's makefiles (callgrind).
#[inline(never)]
pub(crate) fn call(
    ex: &mut Expander<'_>,
    function: &Function,
    raw: &str,
    open: u8,
    out: &mut String,
) {
    let mut values = split_parts(raw, open, function.max);
    if !function.expand {
        let args = Args {
            values: &values,
            unknown: false,
        };
        run(ex, function, &args, out);
        return;
    }
    // Arguments without a reference are used as written; the others are
    // expanded, one after the other, into one buffer.
    let mut buffer = ex.take_buffer();
    let before = std::mem::replace(&mut ex.unknown, false);
    // Where each expanded argument ends in the buffer, on the expander's
    // stack of such offsets (nested calls push theirs above and take them
    // off before this one goes on).
    let base = ex.argument_ends.len();
    for part in values.iter() {
        if part.contains('$') {
            ex.expand_into(part, &mut buffer);
            ex.argument_ends.push(buffer.len());
        }
    }
    let unknown = ex.unknown;
    ex.unknown |= before;
    if !ex.failed {
        let mut start = 0;
        let mut ends = ex.argument_ends[base..].iter();
        for value in values.iter_mut() {
            if value.contains('$') {
                let end = ends.next().copied().unwrap_or(start);
                *value = &buffer[start..end];
                start = end;
            }
        }
    }
    ex.argument_ends.truncate(base);
    if !ex.failed {
        let args = Args {
            values: &values,
            unknown,
        };
        run(ex, function, &args, out);
    }
    ex.give_back(buffer);
}

/// Runs a function on its arguments (already expanded for the functions
/// that want them so); also used by `$(call builtin,...)`.
fn run(ex: &mut Expander<'_>, function: &Function, args: &Args<'_>, out: &mut String) {
    if args.values.len() < function.min {
        ex.fatal(format!(
            "insufficient number of arguments ({}) to function '{}'",
            args.values.len(),
            function.name
        ));
        return;
    }
    // Only `$(call name)` gives no arguments at all: make does nothing then.
    if args.values.is_empty() {
        return;
    }
    (function.run)(ex, function, args, out);
}

/// Writes words separated by single blanks, as make's functions do (each
/// word is followed by a blank and the last blank is removed).
struct Joiner {
    first: bool,
}

impl Joiner {
    fn new() -> Self {
        Joiner { first: true }
    }

    /// Starts the next word.
    fn next<'o>(&mut self, out: &'o mut String) -> &'o mut String {
        if !self.first {
            out.push(' ');
        }
        self.first = false;
        out
    }
}

/// `.SHELLSTATUS` after a `$(shell)` or `!=` that was not run: the exit
/// status cannot be known.
#[must_use]
pub(crate) fn shell_status() -> crate::model::Variable {
    crate::model::Variable {
        unknown: true,
        ..crate::model::Variable::new(
            "",
            crate::model::Flavor::Simple,
            crate::model::Origin::Override,
        )
    }
}

/// `.SHELLSTATUS` after a command answered without running it.
#[must_use]
pub(crate) fn shell_status_of(status: i32) -> crate::model::Variable {
    crate::model::Variable::new(
        status.to_string(),
        crate::model::Flavor::Simple,
        crate::model::Origin::Override,
    )
}

/// make's `strip_whitespace`.
fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// make's `parse_numeric` (4.4): optional blanks and sign, decimal digits.
fn parse_number(ex: &mut Expander<'_>, text: &str, what: &str) -> Option<i64> {
    let t = trim(text);
    if t.is_empty() {
        ex.fatal(format!("{what}: empty value"));
        return None;
    }
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        ex.fatal(format!("{what}: '{text}'"));
        return None;
    }
    if let Ok(n) = t.parse::<i64>() {
        Some(n)
    } else {
        ex.fatal(format!("{what}: '{text}' out of range"));
        None
    }
}

#[cfg(test)]
mod tests;
