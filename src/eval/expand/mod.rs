//! Variable and function references, expanded as GNU make expands them
//! (manual 6.1 "Basics of Variable References", 6.3 "Advanced Features",
//! 8 "Functions for Transforming Text"): `$(VAR)`, `${VAR}`, `$V`, `$$`,
//! computed names `$($(X)_y)`, substitution references `$(VAR:a=b)` and
//! `$(VAR:%.c=%.o)`, and function calls `$(name args)`.
//!
//! The scan follows make's `variable_expand_string`: a reference to a
//! built-in function ends at the parenthesis that balances its own kind;
//! a variable reference with no `$` inside ends at the first closing one;
//! a computed name is expanded first, and only then read as a substitution
//! reference.
//!
//! `$(shell ...)` is never run: a command whose output is known without
//! running it is answered (see [`crate::eval::shell`]); any other expands to
//! nothing and marks the result as not evaluated (unknown). Where make would stop with an error (`$(error)`,
//! a recursive variable that references itself, bad function arguments),
//! the expansion ends, the message is reported and the [`Context`] is told to
//! stop reading. Depth, length and total-work limits make every expansion
//! end.

use std::borrow::Cow;

pub(crate) mod functions;
use crate::model::diagnostic::Kind;
use crate::model::{Flavor, Variable};

/// What `$(file <name)` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileContents {
    /// The file's text.
    Text(String),
    /// No such file: make expands to nothing, silently.
    Missing,
    /// The contents cannot be known (not a regular file, unreadable, or
    /// written by a `$(file >...)` that was not performed).
    Unknown,
}

/// What expansion needs from the reader: variables, and the functions that
/// act on the makefile (`$(eval)`, `$(error)`) or look at files
/// (`$(wildcard)`, `$(file <)`, `$(realpath)`).
pub(crate) trait Context {
    /// The variable with this name, if set.
    fn variable(&self, name: &str) -> Option<Variable>;

    /// Sets a variable (for `$(foreach)`, `$(call)`, `$(let)`): returns the
    /// previous value so that it can be restored.
    fn set_variable(&mut self, name: &str, variable: Option<Variable>) -> Option<Variable>;

    /// Reads `text` as makefile lines (`$(eval)`); `unknown` says that part
    /// of the text could not be evaluated. Returns false when the context
    /// cannot evaluate makefile text.
    fn eval(&mut self, text: &str, unknown: bool) -> bool {
        let _ = (text, unknown);
        false
    }

    /// The names one word of `$(wildcard)` stands for, relative to make's
    /// working directory, in make's order; a name without glob characters
    /// is kept when it exists.
    fn wildcard(&mut self, pattern: &str) -> Vec<String> {
        let _ = pattern;
        Vec::new()
    }

    /// `$(file <name)`: the contents of a file, named relative to make's
    /// working directory.
    fn read_file(&mut self, name: &str) -> FileContents {
        let _ = name;
        FileContents::Unknown
    }

    /// `$(file >name,...)` was met: nothing is written, but later reads of
    /// that file cannot be known.
    fn file_written(&mut self, name: &str) {
        let _ = name;
    }

    /// `$(realpath)` of one name: the canonical path, if the file exists.
    fn realpath(&mut self, name: &str) -> Option<String> {
        let _ = name;
        None
    }

    /// make's working directory (`CURDIR` as make started), for `$(abspath)`.
    fn working_directory(&self) -> Option<String> {
        None
    }

    /// `$(shell command)` (`assignment`: `VAR != command`): what the command
    /// prints, when it can be answered without running it (see
    /// [`crate::eval::shell`]). By default, never: the call is reported as
    /// not evaluated.
    fn shell(&mut self, command: &str, assignment: bool) -> Option<crate::eval::shell::Answer> {
        let _ = (command, assignment);
        self.report(Kind::NotEvaluated, "$(shell ...) is not evaluated".into());
        None
    }

    /// make would stop here (`$(error)`, a fatal expansion error): the
    /// context stops reading the current file, keeping what was read.
    fn stop(&mut self) {}

    /// Reading has been stopped (by [`Context::stop`], maybe inside an
    /// `$(eval)`): the rest of the expansion is abandoned.
    fn stopped(&self) -> bool {
        false
    }

    /// How deeply the expansions in progress are nested: an expansion that
    /// starts inside `$(eval)` goes on from the depth of the one around it,
    /// so that [`MAX_DEPTH`] bounds the whole chain.
    fn nesting(&self) -> u32 {
        0
    }

    /// Records the nesting of the expansion that is about to call
    /// [`Context::eval`] (see [`Context::nesting`]).
    fn set_nesting(&mut self, depth: u32) {
        let _ = depth;
    }

    /// Charges `units` of work (references, function calls, eval'd lines)
    /// against a total budget; false once it is spent.
    fn charge(&mut self, units: u64) -> bool {
        let _ = units;
        true
    }

    /// Emptied buffers an earlier expansion gave back (see
    /// [`Context::keep_buffers`]).
    fn take_buffers(&mut self) -> Vec<String> {
        Vec::new()
    }

    /// Keeps an expansion's emptied buffers for the next one, so that each
    /// expansion does not allocate its function arguments anew.
    fn keep_buffers(&mut self, buffers: Vec<String>) {
        let _ = buffers;
    }

    /// Records a message (`$(warning)`, recursion, a value not evaluated).
    fn report(&mut self, kind: Kind, message: String);
}

/// Expansion limits, so that no makefile can hang or exhaust memory. The
/// nesting of expansions: a recursive `$(call)` takes two levels a call,
/// so this is a recursion of 10,000 steps (GNU make 4.3 itself crashes
/// near 100,000 levels).
pub(crate) const MAX_DEPTH: u32 = 20_000;
/// Levels that fit any thread's stack (a 2 MiB one in a debug build): the
/// stack is looked at only past them, since the first look at the main
/// thread's stack reads `/proc/self/maps`.
const SHALLOW_DEPTH: u32 = 128;
/// Stack left below which an expansion level goes on on a new segment: more
/// than the deepest path from one level to the next takes (an `$(eval)`
/// reads its lines in between).
const STACK_RED_ZONE: usize = 256 << 10;
/// The size of each new stack segment.
const STACK_SEGMENT: usize = 16 << 20;
/// The depth an `$(eval)` adds to the nesting of expansions.
const EVAL_DEPTH: u32 = 4;
/// Largest expansion result kept, in bytes.
pub(crate) const MAX_LENGTH: usize = 64 << 20;

/// Stands where a value that could not be evaluated was, in text that an
/// expansion hands on to be read again (`$(eval)`) or split into words
/// (`$(foreach)`): a Unicode noncharacter, which no makefile text holds, so
/// that what was built from an unknown value is told apart, word by word
/// and line by line, from what is known.
pub(crate) const UNKNOWN_MARK: char = '\u{FDD0}';

/// `text` holds [`UNKNOWN_MARK`].
#[must_use]
pub(crate) fn has_mark(text: &str) -> bool {
    // U+FDD0 is EF B7 90 in UTF-8.
    memchr::memmem::find(text.as_bytes(), "\u{FDD0}".as_bytes()).is_some()
}

/// `text` without [`UNKNOWN_MARK`].
#[must_use]
pub(crate) fn without_marks(text: &str) -> String {
    text.replace(UNKNOWN_MARK, "")
}

/// One expansion in progress.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one expansion"
)]
pub(crate) struct Expander<'c> {
    /// The reader's state.
    pub ctx: &'c mut dyn Context,
    depth: u32,
    /// The names of the recursive variables being expanded, one after the
    /// other, and where each ends: one buffer, not one string per name.
    expanding: String,
    expanding_ends: Vec<usize>,
    /// Emptied buffers, kept for reuse (see [`Expander::take_buffer`]).
    spare: Vec<String>,
    /// Where the expanded arguments of the function calls in progress end
    /// in their buffers (see [`functions::call`]).
    pub(crate) argument_ends: Vec<usize>,
    /// Something in the text could not be evaluated.
    pub unknown: bool,
    /// An expansion limit was hit: results are incomplete.
    pub limited: bool,
    /// The expansion was abandoned: make would have stopped with an error
    /// (then the context was told to stop), or a limit was reached.
    pub failed: bool,
    /// Each reference whose value could not be evaluated leaves an
    /// [`UNKNOWN_MARK`] in the result (for `$(eval)` and `$(foreach)`).
    pub(crate) marking: bool,
}

impl<'c> Expander<'c> {
    /// Starts an expansion against a context.
    pub(crate) fn new(ctx: &'c mut dyn Context) -> Self {
        let depth = ctx.nesting();
        let spare = ctx.take_buffers();
        Expander {
            ctx,
            depth,
            expanding: String::new(),
            expanding_ends: Vec::new(),
            spare,
            argument_ends: Vec::new(),
            unknown: false,
            limited: false,
            failed: false,
            marking: false,
        }
    }

    /// Expands `text` with each unknown part marked (see [`UNKNOWN_MARK`]);
    /// also says whether any part is unknown.
    pub(crate) fn expand_marked(&mut self, text: &str) -> (String, bool) {
        let was = std::mem::replace(&mut self.marking, true);
        let result = self.expand_tracked(text);
        self.marking = was;
        result
    }

    /// Runs one reference (`expand`), marking its result when it could not
    /// be evaluated and marks are asked for.
    fn marked<T>(
        &mut self,
        out: &mut String,
        expand: impl FnOnce(&mut Self, &mut String) -> T,
    ) -> T {
        if !self.marking {
            return expand(self, out);
        }
        let before = std::mem::replace(&mut self.unknown, false);
        let start = out.len();
        let result = expand(self, out);
        if self.unknown && !has_mark(&out[start..]) {
            out.push(UNKNOWN_MARK);
        }
        self.unknown |= before;
        result
    }

    /// Expands `text` completely.
    pub(crate) fn expand(&mut self, text: &str) -> String {
        let mut out = String::new();
        self.expand_into(text, &mut out);
        out
    }

    /// An empty buffer, from those given back if there is one: nested
    /// function calls would otherwise allocate their arguments anew.
    pub(crate) fn take_buffer(&mut self) -> String {
        self.spare.pop().unwrap_or_default()
    }

    /// Gives a buffer back for reuse (see [`Expander::take_buffer`]).
    pub(crate) fn give_back(&mut self, mut buffer: String) {
        buffer.clear();
        self.spare.push(buffer);
    }

    /// Expands `text` and says whether this part, on its own, could not be
    /// evaluated (the expansion as a whole stays marked).
    pub(crate) fn expand_tracked(&mut self, text: &str) -> (String, bool) {
        let before = std::mem::replace(&mut self.unknown, false);
        let out = self.expand(text);
        let unknown = self.unknown;
        self.unknown |= before;
        (out, unknown)
    }

    /// Expands `text`, appending to `out`.
    pub(crate) fn expand_into(&mut self, text: &str, out: &mut String) {
        if self.failed {
            return;
        }
        let bytes = text.as_bytes();
        let Some(dollar) = find_dollar(bytes) else {
            out.push_str(text);
            self.check_length(out);
            return;
        };
        if self.depth >= MAX_DEPTH {
            self.abandon(|| format!("expansion nested deeper than {MAX_DEPTH} levels; stopped"));
            return;
        }
        self.depth += 1;
        if self.depth < SHALLOW_DEPTH {
            self.expand_references(text, dollar, out);
        } else {
            // A level takes up to a few KiB of stack: a deep recursion
            // grows the stack in segments instead of overflowing it.
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
                self.expand_references(text, dollar, out);
            });
        }
        self.depth -= 1;
    }

    /// The loop of [`Expander::expand_into`] over the references of
    /// `text`, the first at `dollar`.
    fn expand_references(&mut self, text: &str, mut dollar: usize, out: &mut String) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && !self.failed {
            if dollar < i {
                let Some(off) = find_dollar(&bytes[i..]) else {
                    out.push_str(&text[i..]);
                    break;
                };
                dollar = i + off;
            }
            out.push_str(&text[i..dollar]);
            if self.check_length(out) || self.failed {
                break;
            }
            i = match bytes.get(dollar + 1) {
                // A `$` at the very end expands to nothing.
                None => bytes.len(),
                Some(b'$') => {
                    out.push('$');
                    dollar + 2
                }
                Some(&open @ (b'(' | b'{')) => {
                    self.marked(out, |ex, out| ex.reference(text, dollar + 2, open, out))
                }
                Some(_) => {
                    // `$x`: a one-character name.
                    let c = text[dollar + 1..].chars().next().unwrap_or(' ');
                    let mut buf = [0u8; 4];
                    if self.charge() {
                        self.marked(out, |ex, out| ex.variable(c.encode_utf8(&mut buf), out));
                    }
                    dollar + 1 + c.len_utf8()
                }
            };
        }
        self.check_length(out);
    }

    /// Abandons the expansion at a limit, reporting the first limit hit.
    fn abandon(&mut self, message: impl FnOnce() -> String) {
        if !self.limited {
            self.ctx.report(Kind::Expansion, message());
        }
        self.limited = true;
        self.failed = true;
    }

    /// Cuts `out` to [`MAX_LENGTH`]; true when it was too long.
    pub(crate) fn check_length(&mut self, out: &mut String) -> bool {
        if out.len() <= MAX_LENGTH {
            return false;
        }
        // The rest of this expansion is abandoned: it could only grow more.
        self.abandon(|| format!("expansion longer than {MAX_LENGTH} bytes; cut"));
        let mut cut = MAX_LENGTH;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        true
    }

    /// One unit of work; false (and the expansion abandoned) once the
    /// context's budget is spent.
    fn charge(&mut self) -> bool {
        if self.ctx.charge(1) {
            return true;
        }
        self.limited = true;
        self.failed = true;
        false
    }

    /// The reference whose inside starts at `beg` (just after `$(` or
    /// `${`); appends its value and returns the index after it.
    fn reference(&mut self, text: &str, beg: usize, open: u8, out: &mut String) -> usize {
        let bytes = text.as_bytes();
        let close = if open == b'(' { b')' } else { b'}' };
        if !self.charge() {
            return bytes.len();
        }
        if let Some((function, args_at)) = functions::lookup(&text[beg..]) {
            let args_at = beg + args_at;
            if let Some(end) = matching_close(bytes, args_at, open, close) {
                functions::call(self, function, &text[args_at..end], open, out);
                return end + 1;
            }
            self.fatal(format!(
                "unterminated call to function '{}': missing '{}'",
                function.name, close as char
            ));
            return bytes.len();
        }
        let Some(first_close) =
            crate::parse::scan::find_near(close, &bytes[beg..]).map(|o| beg + o)
        else {
            self.fatal("unterminated variable reference".to_string());
            return bytes.len();
        };
        let (name, next): (Cow<'_, str>, usize) =
            if crate::parse::scan::find(b'$', &bytes[beg..first_close]).is_some() {
                match matching_close(bytes, beg, open, close) {
                    Some(end) => (Cow::Owned(self.expand(&text[beg..end])), end + 1),
                    // Unbalanced: make takes the name up to the first
                    // closing parenthesis and drops the rest of the text.
                    None => (Cow::Borrowed(&text[beg..first_close]), bytes.len()),
                }
            } else {
                (Cow::Borrowed(&text[beg..first_close]), first_close + 1)
            };
        if self.failed {
            return bytes.len();
        }
        // A substitution reference `$(VAR:from=to)`, read after expansion.
        if let Some(colon) = crate::parse::scan::find(b':', name.as_bytes())
            && let Some(eq) = crate::parse::scan::find(b'=', &name.as_bytes()[colon + 1..])
        {
            let eq = colon + 1 + eq;
            let mut value = String::new();
            self.variable(&name[..colon], &mut value);
            if !value.is_empty() {
                substitute_reference(&value, &name[colon + 1..eq], &name[eq + 1..], out);
            }
            return next;
        }
        self.variable(&name, out);
        next
    }

    /// Appends the value of a variable, expanding a recursive one; a
    /// recursive variable met again inside its own expansion is an error.
    pub(crate) fn variable(&mut self, name: &str, out: &mut String) {
        let Some(var) = self.ctx.variable(name) else {
            return;
        };
        if var.flavor == Flavor::Simple {
            self.call_variable(&var, out);
            return;
        }
        if self.is_expanding(name) {
            self.fatal(format!(
                "recursive variable '{name}' references itself (eventually)"
            ));
            return;
        }
        let start = self.expanding.len();
        self.expanding.push_str(name);
        self.expanding_ends.push(self.expanding.len());
        self.call_variable(&var, out);
        self.expanding_ends.pop();
        self.expanding.truncate(start);
    }

    /// The recursive variable `name` is being expanded.
    fn is_expanding(&self, name: &str) -> bool {
        let mut start = 0;
        self.expanding_ends.iter().any(|&end| {
            let found = &self.expanding[start..end] == name;
            start = end;
            found
        })
    }

    /// Appends the value of the variable `$(call)` invokes: like
    /// [`Expander::variable`], but a function may call itself (make lets
    /// `$(call)` re-enter its variable; the depth limit ends a loop).
    pub(crate) fn call_variable(&mut self, var: &Variable, out: &mut String) {
        if var.unknown {
            self.unknown = true;
        }
        match var.flavor {
            Flavor::Simple => {
                out.push_str(&var.value);
                self.check_length(out);
            }
            Flavor::Recursive => self.expand_into(&var.value, out),
        }
    }

    /// Records that a value could not be evaluated.
    pub(crate) fn not_evaluated(&mut self, what: &str) {
        self.unknown = true;
        self.ctx
            .report(Kind::NotEvaluated, format!("{what} is not evaluated"));
    }

    /// An error that stops make ([`Kind::Stop`]): reported, the expansion
    /// abandoned and the context told to stop reading.
    pub(crate) fn fatal(&mut self, message: String) {
        if self.failed {
            return;
        }
        self.ctx.report(Kind::Stop, message);
        self.ctx.stop();
        self.failed = true;
    }

    /// Reads makefile text through the context (`$(eval)`): the expansions
    /// it does go on from this one's depth, and a stop there abandons this
    /// expansion. Returns false when the context cannot evaluate text.
    pub(crate) fn eval(&mut self, text: &str, unknown: bool) -> bool {
        let outer = self.ctx.nesting();
        // Reading a line costs stack too: count it as a few levels.
        self.ctx.set_nesting(self.depth + EVAL_DEPTH);
        let done = self.ctx.eval(text, unknown);
        self.ctx.set_nesting(outer);
        if self.ctx.stopped() {
            self.failed = true;
        }
        done
    }
}

/// The first `$` in `bytes`: short texts (most names and arguments) are
/// scanned eight bytes at a time, where `memchr`'s set-up would cost more
/// (see [`crate::parse::scan::find`]).
#[inline]
fn find_dollar(bytes: &[u8]) -> Option<usize> {
    crate::parse::scan::find(b'$', bytes)
}

/// Buffers larger than this are not kept from one expansion to the next:
/// memory that one huge expansion needed goes back to the system.
pub(crate) const KEPT_BUFFER: usize = 64 << 10;

impl Drop for Expander<'_> {
    fn drop(&mut self) {
        let mut spare = std::mem::take(&mut self.spare);
        spare.retain(|b| b.capacity() <= KEPT_BUFFER);
        self.ctx.keep_buffers(spare);
    }
}

/// The index of the parenthesis that closes a reference whose inside starts
/// at `from`, counting only parentheses of the same kind, as make does.
fn matching_close(bytes: &[u8], from: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().skip(from) {
        if b == open {
            depth += 1;
        } else if b == close {
            if depth == 0 {
                return Some(j);
            }
            depth -= 1;
        }
    }
    None
}

/// make's white space (C `isspace`): blank, tab, newline, vertical tab,
/// form feed, carriage return.
#[must_use]
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Splits make's whitespace-separated words.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    Split::<false> { text, at: 0 }
}

/// Splits a list of file names (rule targets and prerequisites, include
/// names) as make's `parse_file_seq` does: at blanks and newlines only, so
/// `\r`, `\v` and `\f` stay in a name (`a\rb: c` defines `a\rb`), where
/// functions such as `$(words)` split at them; and not at a blank quoted by
/// a backslash (the backslash is removed later, with the name's others).
pub(crate) fn names(text: &str) -> impl Iterator<Item = &str> {
    Split::<true> { text, at: 0 }
}

/// A byte of ones in each of the eight bytes of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The non-empty runs of bytes between separators: blanks and newlines
/// for `NAMES`, all of make's white space otherwise. Separators are ASCII,
/// so every cut falls on a character boundary.
struct Split<'t, const NAMES: bool> {
    text: &'t str,
    at: usize,
}

impl<const NAMES: bool> Split<'_, NAMES> {
    #[inline]
    fn separator(b: u8) -> bool {
        if NAMES {
            matches!(b, b' ' | b'\t' | b'\n')
        } else {
            is_space(b as char)
        }
    }
}

impl<'t, const NAMES: bool> Iterator for Split<'t, NAMES> {
    type Item = &'t str;

    // Always: with the quoted-blank check the hint alone no longer inlines
    // it into the callers that split every rule line (+8M instructions on
    // 100,000 targets).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() && Self::separator(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            self.at = i;
            return None;
        }
        let start = i;
        // Eight bytes at a time while none of them is below `!` (every
        // separator is): `(x - 0x21..) & !x & 0x80..` is non-zero exactly
        // when some byte of `x` is below 0x21.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if x.wrapping_sub(ONES * 0x21) & !x & (ONES * 0x80) != 0 {
                break;
            }
            i += 8;
        }
        while i < bytes.len() && !Self::separator(bytes[i]) {
            i += 1;
        }
        // In a file name, a blank after an odd number of backslashes is
        // part of the name (`name\ with\ spaces:`), as make's
        // `parse_file_seq` reads it. Only a backslash just before the
        // separator can quote it (`i > start`: the word is not empty).
        if NAMES && i < bytes.len() && bytes[i - 1] == b'\\' {
            i = quoted_name_end(bytes, start, i);
        }
        self.at = i;
        Some(&self.text[start..i])
    }
}

/// The end of the file name from `start` whose first separator, at `i`,
/// follows a backslash: past each blank quoted by a backslash. Out of line:
/// the common name has no backslash before its end, and `Split::next`
/// stays small enough to inline.
#[cold]
#[inline(never)]
fn quoted_name_end(bytes: &[u8], start: usize, mut i: usize) -> usize {
    while i < bytes.len()
        && bytes[i] != b'\n'
        && crate::parse::text::quoted_by_backslash(&bytes[start..i])
    {
        i += 1;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n') {
            i += 1;
        }
    }
    i
}

/// Matches `word` against a pattern with at most one `%`; returns the stem.
#[must_use]
pub(crate) fn match_pattern<'w>(pattern: &str, word: &'w str) -> Option<&'w str> {
    match pattern.find('%') {
        None => (pattern == word).then_some(""),
        Some(p) => {
            let (prefix, suffix) = (&pattern[..p], &pattern[p + 1..]);
            if word.len() >= prefix.len() + suffix.len()
                && word.starts_with(prefix)
                && word.ends_with(suffix)
            {
                Some(&word[prefix.len()..word.len() - suffix.len()])
            } else {
                None
            }
        }
    }
}

/// make's `find_percent`: the first `%` not quoted by a backslash, with the
/// backslashes that quote a `%` (or each other, before one) removed.
#[must_use]
pub(crate) fn find_percent(text: &str) -> (Cow<'_, str>, Option<usize>) {
    let Some(percent) = crate::parse::scan::find(b'%', text.as_bytes()) else {
        return (Cow::Borrowed(text), None);
    };
    if crate::parse::scan::find(b'\\', text.as_bytes()).is_none() {
        return (Cow::Borrowed(text), Some(percent));
    }
    let mut buf = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find('%') {
        let before = &rest[..p];
        let backslashes = before.len() - before.trim_end_matches('\\').len();
        buf.push_str(&before[..before.len() - backslashes]);
        for _ in 0..backslashes / 2 {
            buf.push('\\');
        }
        if backslashes.is_multiple_of(2) {
            let at = buf.len();
            buf.push_str(&rest[p..]);
            return (Cow::Owned(buf), Some(at));
        }
        buf.push('%');
        rest = &rest[p + 1..];
    }
    buf.push_str(rest);
    (Cow::Owned(buf), None)
}

/// `$(patsubst pattern,replacement,text)` (manual 8.2), exactly as make:
/// words matching `pattern` are replaced, `%` in the replacement taking
/// the stem; without `%` in the pattern, whole words are replaced and the
/// text's white space is kept.
pub(crate) fn patsubst_into(pattern: &str, replacement: &str, text: &str, out: &mut String) {
    let (pattern, pattern_percent) = find_percent(pattern);
    let (replacement, replacement_percent) = find_percent(replacement);
    patsubst_parts(
        text,
        &pattern,
        pattern_percent,
        &replacement,
        replacement_percent,
        out,
    );
}

/// make's `patsubst_expand_pat`.
fn patsubst_parts(
    text: &str,
    pattern: &str,
    pattern_percent: Option<usize>,
    replacement: &str,
    replacement_percent: Option<usize>,
    out: &mut String,
) {
    let Some(pp) = pattern_percent else {
        subst_words(text, pattern, replacement, out);
        return;
    };
    let (prefix, suffix) = (&pattern[..pp], &pattern[pp + 1..]);
    let (before, after) = match replacement_percent {
        Some(r) => (&replacement[..r], Some(&replacement[r + 1..])),
        None => (replacement, None),
    };
    patsubst_words(text, (prefix, suffix), before, after, out);
}

/// Each word of `text` that starts with `prefix` and ends with `suffix`
/// becomes `before`, then (with `after`) the part between them and
/// `after`; the other words are kept.
fn patsubst_words(
    text: &str,
    (prefix, suffix): (&str, &str),
    before: &str,
    after: Option<&str>,
    out: &mut String,
) {
    let mut any = false;
    for word in words(text) {
        let matched = word.len() >= prefix.len() + suffix.len()
            && word.starts_with(prefix)
            && word.ends_with(suffix);
        if matched {
            out.push_str(before);
            if let Some(after) = after {
                out.push_str(&word[prefix.len()..word.len() - suffix.len()]);
                out.push_str(after);
            }
        } else {
            out.push_str(word);
        }
        // A word replaced by nothing leaves no blank behind.
        if !matched || !before.is_empty() || after.is_some() {
            out.push(' ');
            any = true;
        }
        if out.len() > MAX_LENGTH {
            break;
        }
    }
    if any {
        out.pop();
    }
}

/// make's `subst_expand` by word: occurrences of `from` that are whole
/// words become `to`; everything else, white space included, is kept.
fn subst_words(text: &str, from: &str, to: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut t = 0;
    loop {
        let p = if from.is_empty() {
            // The empty word matches at the end of each word.
            let start = t + bytes[t..]
                .iter()
                .take_while(|&&b| is_space(b as char))
                .count();
            start
                + bytes[start..]
                    .iter()
                    .take_while(|&&b| !is_space(b as char))
                    .count()
        } else {
            let Some(off) = text[t..].find(from) else {
                out.push_str(&text[t..]);
                return;
            };
            t + off
        };
        out.push_str(&text[t..p]);
        let after = p + from.len();
        let starts_word = p == 0 || is_space(bytes[p - 1] as char);
        let ends_word = after >= bytes.len() || is_space(bytes[after] as char);
        if starts_word && ends_word {
            out.push_str(to);
        } else {
            out.push_str(from);
        }
        t = after;
        if t >= bytes.len() || out.len() > MAX_LENGTH {
            return;
        }
    }
}

/// `$(VAR:from=to)`: with a `%` in `from` it is `patsubst`; otherwise each
/// word ending in `from` gets that suffix replaced by `to` (manual 6.3.1).
fn substitute_reference(value: &str, from: &str, to: &str, out: &mut String) {
    let (pattern, pattern_percent) = find_percent(from);
    if pattern_percent.is_some() {
        let (replacement, replacement_percent) = find_percent(to);
        patsubst_parts(
            value,
            &pattern,
            pattern_percent,
            &replacement,
            replacement_percent,
            out,
        );
    } else {
        // make puts a `%` before both, unquoted: `from` is a suffix
        // replaced by `to`.
        patsubst_words(value, ("", from), "", Some(to), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Vars(HashMap<String, Variable>, Vec<String>);

    impl Context for Vars {
        fn variable(&self, name: &str) -> Option<Variable> {
            self.0.get(name).cloned()
        }
        fn set_variable(&mut self, name: &str, v: Option<Variable>) -> Option<Variable> {
            match v {
                Some(v) => self.0.insert(name.to_string(), v),
                None => self.0.remove(name),
            }
        }
        fn report(&mut self, _: Kind, message: String) {
            self.1.push(message);
        }
    }

    fn expand(defs: &[(&str, &str, Flavor)], text: &str) -> String {
        let mut vars = Vars::default();
        for (n, v, f) in defs {
            vars.0
                .insert((*n).to_string(), Variable::new(*v, *f, Origin::File));
        }
        Expander::new(&mut vars).expand(text)
    }

    macro_rules! case {
        ($name:ident, $defs:expr, $text:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(expand(&$defs, $text), $want);
            }
        };
    }

    const R: Flavor = Flavor::Recursive;
    const S: Flavor = Flavor::Simple;

    case!(plain, [], "abc", "abc");
    case!(dollar_dollar, [], "a$$b", "a$b");
    case!(parens, [("X", "1", S)], "<$(X)>", "<1>");
    case!(braces, [("X", "1", S)], "<${X}>", "<1>");
    case!(single_char, [("X", "1", S)], "<$X>", "<1>");
    case!(undefined, [], "<$(NOPE)>", "<>");
    case!(recursive, [("A", "$(B)", R), ("B", "2", S)], "$(A)", "2");
    case!(
        simple_not_reexpanded,
        [("A", "$(B)", S), ("B", "2", S)],
        "$(A)",
        "$(B)"
    );
    case!(
        computed_name,
        [("X", "Y", S), ("Y_Z", "ok", S)],
        "$($(X)_Z)",
        "ok"
    );
    case!(
        suffix_ref,
        [("SRCS", "a.c b.c c.h", S)],
        "$(SRCS:.c=.o)",
        "a.o b.o c.h"
    );
    // As GNU make 4.3 prints them with `$(info)`.
    case!(
        suffix_ref_edges,
        [("SRCS", "a.c .c b.cc c.h x.c", S)],
        "[$(SRCS:=.o)][$(SRCS:.c=)][$(SRCS:c=X)][$(SRCS:.c=%.o)]",
        "[a.c.o .c.o b.cc.o c.h.o x.c.o][a  b.cc c.h x][a.X .X b.cX c.h x.X][a%.o %.o b.cc c.h x%.o]"
    );
    case!(
        pattern_ref,
        [("SRCS", "a.c b.c", S)],
        "$(SRCS:%.c=obj/%.o)",
        "obj/a.o obj/b.o"
    );
    case!(
        substitution_read_after_expansion,
        [("A", "a.c b.c", S), ("P", ".c=.o", S)],
        "$(A:$(P))",
        "a.o b.o"
    );
    case!(self_reference_stops, [("X", "a $(X)", R)], "<$(X)>", "<a ");
    case!(trailing_dollar, [], "a$", "a");
    case!(nested_parens_name, [("X", "1", S)], "$(X)$(X)", "11");
    case!(shell_is_not_run, [], "a$(shell echo hi)b", "ab");
    case!(name_ends_at_first_close, [], "<$(a(b)c)>", "<c)>");
    case!(dollar_blank_is_a_variable, [], "a$ b", "ab");
    case!(unterminated_reference, [], "a$(b", "a");

    #[test]
    fn self_reference_is_fatal() {
        let mut vars = Vars::default();
        vars.0.insert(
            "X".into(),
            Variable::new("a $(X)", Flavor::Recursive, Origin::File),
        );
        let mut ex = Expander::new(&mut vars);
        ex.expand("$(X)");
        assert!(ex.failed);
        drop(ex);
        assert_eq!(
            vars.1,
            ["recursive variable 'X' references itself (eventually)"]
        );
    }

    #[test]
    fn word_splitting() {
        for text in [
            "",
            "  ",
            "a",
            " a  b\tc\nd ",
            "abcdefghijklmnop qrstuvwxyz0123456789",
            "long-word-with-no-blank-at-all-0123456789",
            "x\ry\x0bz\x0cw a\x01bcdefghijk\x7f",
            "\u{e9}t\u{e9} caf\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9} \u{1f600}\u{1f600}\u{1f600}",
        ] {
            let want: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
            assert_eq!(words(text).collect::<Vec<_>>(), want, "words of {text:?}");
            let want: Vec<&str> = text
                .split([' ', '\t', '\n'])
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(names(text).collect::<Vec<_>>(), want, "names of {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_split_as_make_does(text in "[ a\t\n\r\x0b\x0c\x01\u{e9}b-]{0,40}") {
            let want: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), want);
            let want: Vec<&str> = text
                .split([' ', '\t', '\n'])
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(names(&text).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn names_keep_blanks_a_backslash_quotes() {
        for (text, want) in [
            ("a b", vec!["a", "b"]),
            ("a\\ b c", vec!["a\\ b", "c"]),
            ("a\\\tb", vec!["a\\\tb"]),
            // An even number of backslashes quotes a backslash, not the blank.
            ("a\\\\ b", vec!["a\\\\", "b"]),
            ("a\\\\\\ b", vec!["a\\\\\\ b"]),
            // A newline always separates.
            ("a\\\nb", vec!["a\\", "b"]),
            (
                "name\\ with\\ spaces dep",
                vec!["name\\ with\\ spaces", "dep"],
            ),
        ] {
            assert_eq!(names(text).collect::<Vec<_>>(), want, "{text:?}");
        }
        // Functions split at every blank, as make's do.
        assert_eq!(words("a\\ b").collect::<Vec<_>>(), ["a\\", "b"]);
    }

    #[test]
    fn find_percent_cases() {
        for (text, want, at) in [
            ("a%b", "a%b", Some(1)),
            ("ab", "ab", None),
            ("a\\%b", "a%b", None),
            ("a\\\\%b", "a\\%b", Some(2)),
            ("a\\%b%c", "a%b%c", Some(3)),
            ("a\\b%", "a\\b%", Some(3)),
            ("\\\\\\%", "\\%", None),
        ] {
            let (got, got_at) = find_percent(text);
            assert_eq!((&*got, got_at), (want, at), "{text}");
        }
    }

    #[test]
    fn patsubst_cases() {
        for (pattern, replacement, text, want) in [
            ("%.c", "%.o", "a.c  b.c\tc.h", "a.o b.o c.h"),
            ("a", "b", "a  a   c", "b  b   c"),
            ("a%", "%", "a b", " b"),
            ("%.c", "", "a.c b.c d", "d"),
            ("%.c", "", "d a.c", "d"),
            ("", "x", "", "x"),
            ("", "x", "a b", "a b"),
            ("", "x", "a ", "a x"),
            ("aa", "x", "aaa aa", "aaa x"),
            ("\\%a", "x", "%a b", "x b"),
            ("%", "[%]", "", ""),
        ] {
            let mut out = String::new();
            patsubst_into(pattern, replacement, text, &mut out);
            assert_eq!(out, want, "$(patsubst {pattern},{replacement},{text})");
        }
    }
}
