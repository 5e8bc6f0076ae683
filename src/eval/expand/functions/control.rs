//! Functions that decide what gets expanded, or act on variables and the
//! makefile (manual 8.4 to 8.14): `if`, `or`, `and`, `intcmp`, `let`,
//! `foreach`, `call`, `value`, `eval`, `origin`, `flavor`, `error`,
//! `warning`, `info` and `shell`.
//!
//! A condition that cannot be evaluated (it holds a `$(shell)` result) is
//! not guessed: the function expands to nothing, marked unknown, and
//! neither branch runs — so a `$(error)` in a branch does not stop the
//! reading on a guess.

use super::{Args, Function, Joiner, by_name, run, trim};
use crate::eval::expand::{Expander, words};
use crate::model::diagnostic::Kind;
use crate::model::{Flavor, Origin, Variable};

/// Sets variables for the time of one expansion, then puts back what was
/// there (make's variable scopes of `foreach`, `let` and `call`).
struct Scope {
    /// The names set, one after the other (one buffer for them all).
    names: String,
    /// Where each name ends in `names`, and the variable it replaced.
    saved: Vec<(usize, Option<Variable>)>,
}

impl Scope {
    fn new() -> Self {
        Scope {
            names: String::new(),
            saved: Vec::new(),
        }
    }

    fn set(&mut self, ex: &mut Expander<'_>, name: &str, value: &str, unknown: bool) {
        let variable = Variable {
            unknown,
            ..Variable::new(value, Flavor::Simple, Origin::Automatic)
        };
        let previous = ex.ctx.set_variable(name, Some(variable));
        self.names.push_str(name);
        self.saved.push((self.names.len(), previous));
    }

    fn restore(self, ex: &mut Expander<'_>) {
        let Scope { names, mut saved } = self;
        while let Some((end, previous)) = saved.pop() {
            let start = saved.last().map_or(0, |&(end, _)| end);
            ex.ctx.set_variable(&names[start..end], previous);
        }
    }
}

/// The decimal digits of `n`, written into `buffer` (the name of a
/// `$(call)` argument) without allocating.
pub(super) fn decimal(n: usize, buffer: &mut [u8; 20]) -> &str {
    let mut at = buffer.len();
    let mut n = n;
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[at..]).unwrap_or_default()
}

/// `$(if condition,then[,else])`: the condition, stripped, is true when it
/// expands to anything (even blanks).
pub(super) fn if_(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let condition = trim(args.get(0));
    let mut result = false;
    if !condition.is_empty() {
        let (value, unknown) = ex.expand_tracked(condition);
        if unknown {
            return;
        }
        result = !value.is_empty();
    }
    if let Some(branch) = args.values.get(if result { 1 } else { 2 }) {
        ex.expand_into(branch, out);
    }
}

/// `$(or a,b,...)`: the first argument that expands to something.
pub(super) fn or(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    for arg in args.values {
        let arg = trim(arg);
        if arg.is_empty() {
            continue;
        }
        let (value, unknown) = ex.expand_tracked(arg);
        if unknown || ex.failed {
            return;
        }
        if !value.is_empty() {
            out.push_str(&value);
            return;
        }
    }
}

/// `$(and a,b,...)`: the last argument, if every one expands to something.
pub(super) fn and(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    for (i, arg) in args.values.iter().enumerate() {
        let arg = trim(arg);
        if arg.is_empty() {
            return;
        }
        let (value, unknown) = ex.expand_tracked(arg);
        if unknown || ex.failed || value.is_empty() {
            return;
        }
        if i + 1 == args.values.len() {
            out.push_str(&value);
        }
    }
}

/// An integer as `$(intcmp)` reads it (make's `parse_textint`): blanks, an
/// optional sign, decimal digits of any length, blanks. Leading zeros do not
/// count and zero has no sign.
struct TextInt<'a> {
    negative: bool,
    /// The digits from the first non-zero one (empty for zero).
    digits: &'a str,
}

impl<'a> TextInt<'a> {
    fn parse(ex: &mut Expander<'_>, text: &'a str, which: &str) -> Option<Self> {
        let what = format!("non-numeric {which} argument to 'intcmp' function");
        let t = trim(text);
        if t.is_empty() {
            ex.fatal(format!("{what}: empty value"));
            return None;
        }
        let negative = t.starts_with('-');
        let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            ex.fatal(format!("{what}: '{text}'"));
            return None;
        }
        let digits = unsigned.trim_start_matches('0');
        Some(TextInt {
            negative: negative && !digits.is_empty(),
            digits,
        })
    }

    fn sign(&self) -> i8 {
        match (self.digits.is_empty(), self.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }

    fn cmp(&self, other: &TextInt<'_>) -> std::cmp::Ordering {
        let by_sign = self.sign().cmp(&other.sign());
        if by_sign.is_ne() {
            return by_sign;
        }
        let magnitude = self
            .digits
            .len()
            .cmp(&other.digits.len())
            .then_with(|| self.digits.cmp(other.digits));
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

/// `$(intcmp lhs,rhs[,lt[,eq[,gt]]])` (make 4.4): compares two integers of
/// any length; with no branches, gives the number when they are equal. A
/// missing `gt` part takes the `eq` part.
pub(super) fn intcmp(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let (left, left_unknown) = ex.expand_tracked(args.get(0));
    let (right, right_unknown) = ex.expand_tracked(args.get(1));
    if left_unknown || right_unknown || ex.failed {
        return;
    }
    let Some(left) = TextInt::parse(ex, &left, "first") else {
        return;
    };
    let Some(right) = TextInt::parse(ex, &right, "second") else {
        return;
    };
    let order = left.cmp(&right);
    let branches = &args.values[2.min(args.values.len())..];
    if branches.is_empty() {
        if order.is_eq() {
            if left.negative {
                out.push('-');
            }
            out.push_str(if left.digits.is_empty() {
                "0"
            } else {
                left.digits
            });
        }
        return;
    }
    let chosen = match order {
        std::cmp::Ordering::Less => branches.first(),
        std::cmp::Ordering::Equal => branches.get(1),
        std::cmp::Ordering::Greater => branches.get(2).or_else(|| branches.get(1)),
    };
    if let Some(branch) = chosen {
        ex.expand_into(branch, out);
    }
}

/// `$(foreach var,list,text)`: `text` expanded once per word, with `var`
/// set to it; the results joined by blanks. Only the words built from a
/// value that could not be evaluated are unknown.
pub(super) fn foreach(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let name = ex.expand(args.get(0));
    let (list, unknown) = ex.expand_marked(args.get(1));
    if ex.failed {
        return;
    }
    let name = words(&name).next().unwrap_or("");
    let body = args.get(2);
    let mut scope = Scope::new();
    scope.set(ex, name, "", unknown);
    let mut joiner = Joiner::new();
    for word in words(&list) {
        let word_unknown = unknown && crate::eval::expand::has_mark(word);
        let word = if word_unknown {
            std::borrow::Cow::Owned(crate::eval::expand::without_marks(word))
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        ex.ctx.set_variable(
            name,
            Some(Variable {
                unknown: word_unknown,
                ..Variable::new(&*word, Flavor::Simple, Origin::Automatic)
            }),
        );
        ex.expand_into(body, joiner.next(out));
        if ex.failed || ex.check_length(out) {
            break;
        }
    }
    scope.restore(ex);
}

/// `$(let var1 var2...,list,text)` (make 4.4): each variable takes a word
/// of the list, the last one the rest of it.
pub(super) fn let_(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let names = ex.expand(args.get(0));
    let (list, unknown) = ex.expand_tracked(args.get(1));
    if ex.failed {
        return;
    }
    let names: Vec<&str> = words(&names).collect();
    let mut rest = list.as_str();
    let mut scope = Scope::new();
    for (i, name) in names.iter().enumerate() {
        let start = rest.trim_start_matches(crate::eval::expand::is_space);
        if i + 1 == names.len() {
            scope.set(ex, name, start, unknown);
        } else {
            let end = start
                .find(crate::eval::expand::is_space)
                .unwrap_or(start.len());
            scope.set(ex, name, &start[..end], unknown);
            rest = &start[end..];
        }
    }
    ex.expand_into(args.get(2), out);
    scope.restore(ex);
}

/// `$(call name,args...)`: the variable `name` expanded with `$(0)` set to
/// its name and `$(1)`... to the arguments. Numbered variables of an outer
/// call beyond this call's arguments are hidden, as make hides them.
pub(super) fn call(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let Some(name) = words(args.get(0)).next() else {
        return;
    };
    if let Some(function) = by_name(name) {
        // `$(call subst,a,b,c)` runs the built-in on the expanded arguments.
        let rest = Args {
            values: &args.values[1..],
            unknown: args.unknown,
        };
        run(ex, function, &rest, out);
        return;
    }
    let Some(variable) = ex.ctx.variable(name) else {
        return;
    };
    if variable.value.is_empty() {
        return;
    }
    let mut scope = Scope::new();
    scope.set(ex, "0", name, false);
    let mut digits = [0u8; 20];
    for (i, value) in args.values[1..].iter().enumerate() {
        scope.set(ex, decimal(i + 1, &mut digits), value, args.unknown);
    }
    let mut hidden = args.values.len();
    loop {
        let key = decimal(hidden, &mut digits);
        match ex.ctx.variable(key) {
            Some(v) if v.origin == Origin::Automatic => scope.set(ex, key, "", false),
            _ => break,
        }
        hidden += 1;
    }
    ex.call_variable(&variable, out);
    scope.restore(ex);
}

/// `$(value name)`: the variable's text, not expanded.
pub(super) fn value(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    if let Some(variable) = ex.ctx.variable(args.get(0)) {
        ex.unknown |= variable.unknown;
        out.push_str(&variable.value);
    }
}

/// `$(eval text)`: the text is read as makefile lines, here and now; each
/// part that could not be evaluated is marked in it, so that the lines
/// built from known values are read as known.
pub(super) fn eval(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, _: &mut String) {
    let (text, unknown) = ex.expand_marked(args.get(0));
    if ex.failed {
        return;
    }
    if !ex.eval(&text, unknown) {
        ex.not_evaluated("$(eval ...)");
    }
}

/// `$(origin name)`: where the variable came from, or `undefined`.
pub(super) fn origin(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    out.push_str(
        ex.ctx
            .variable(args.get(0))
            .map_or("undefined", |v| v.origin.name()),
    );
}

/// `$(flavor name)`: `recursive`, `simple` or `undefined`.
pub(super) fn flavor(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    out.push_str(
        ex.ctx
            .variable(args.get(0))
            .map_or("undefined", |v| match v.flavor {
                Flavor::Recursive => "recursive",
                Flavor::Simple => "simple",
            }),
    );
}

/// `$(error text)`, `$(warning text)`, `$(info text)`: recorded with the
/// place they were met; `$(error)` stops the reading as make stops
/// ([`Kind::Stop`]).
pub(super) fn message(ex: &mut Expander<'_>, function: &Function, args: &Args<'_>, _: &mut String) {
    // Only `$(call info,a,b)` gives several arguments; make joins them.
    let text = args.values.join(", ");
    match function.name {
        "error" => ex.fatal(format!("error: {text}")),
        name => ex.ctx.report(Kind::Message, format!("{name}: {text}")),
    }
}

/// `$(shell command)`: never run. A command answered without running it
/// gives its output and `.SHELLSTATUS`; any other gives nothing, marked
/// unknown.
pub(super) fn shell(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let answer = if args.unknown {
        ex.not_evaluated("$(shell ...)");
        None
    } else {
        ex.ctx.shell(args.get(0), false)
    };
    let status = if let Some(answer) = answer {
        out.push_str(&answer.output);
        ex.check_length(out);
        super::shell_status_of(answer.status)
    } else {
        ex.unknown = true;
        super::shell_status()
    };
    ex.ctx.set_variable(".SHELLSTATUS", Some(status));
}
