//! Variable and function references, expanded as GNU make expands them
//! (manual 6.1 "Basics of Variable References", 6.3 "Advanced Features",
//! 8 "Functions for Transforming Text"): `$(VAR)`, `${VAR}`, `$V`, `$$`,
//! computed names `$($(X)_y)`, substitution references `$(VAR:a=b)` and
//! `$(VAR:%.c=%.o)`, and function calls `$(name args)`.
//!
//! `$(shell ...)` is never run: it expands to nothing and marks the result
//! as not evaluated, as does any function we do not evaluate.

use std::rc::Rc;

use crate::functions;

/// How a variable's value is expanded when it is used (manual 6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `=`, `define`: expanded at each use.
    Recursive,
    /// `:=`: expanded once, when assigned.
    Simple,
}

/// Where a variable's value came from (make's `$(origin)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Built into make.
    Default,
    /// Inherited from the environment.
    Environment,
    /// Set in a makefile.
    File,
    /// Set by a `VAR=value` command-line word.
    CommandLine,
    /// Set in a makefile with `override`.
    Override,
    /// An automatic variable.
    Automatic,
}

/// A variable's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The stored text (unexpanded for recursive variables).
    pub value: Rc<str>,
    /// Recursive or simple.
    pub flavor: Flavor,
    /// Where it came from.
    pub origin: Origin,
    /// Part of the value could not be evaluated (`!=`, `$(shell)`).
    pub unknown: bool,
}

impl Variable {
    /// A variable with a known value.
    #[must_use]
    pub fn new(value: impl Into<Rc<str>>, flavor: Flavor, origin: Origin) -> Self {
        Variable {
            value: value.into(),
            flavor,
            origin,
            unknown: false,
        }
    }
}

/// What expansion needs from the reader: variables, and the few functions
/// that act on the makefile (`$(eval)`) or on files (`$(wildcard)`).
pub trait Context {
    /// The variable with this name, if set.
    fn variable(&self, name: &str) -> Option<Variable>;

    /// Sets a variable (for `$(foreach)`, `$(call)`, `$(let)`): returns the
    /// previous value so that it can be restored.
    fn set_variable(&mut self, name: &str, variable: Option<Variable>) -> Option<Variable>;

    /// Reads `text` as makefile lines (`$(eval)`). Returns false when the
    /// context cannot evaluate makefile text.
    fn eval(&mut self, text: &str) -> bool {
        let _ = text;
        false
    }

    /// File names matching a glob pattern, sorted as make sorts them.
    fn wildcard(&mut self, pattern: &str) -> Vec<String> {
        let _ = pattern;
        Vec::new()
    }

    /// Records a message (`$(warning)`, recursion, a value not evaluated).
    fn report(&mut self, kind: crate::diagnostic::Kind, message: String);
}

/// Expansion limits, so that no makefile can hang or exhaust memory.
pub const MAX_DEPTH: u32 = 256;
/// Largest expansion result kept, in bytes.
pub const MAX_LENGTH: usize = 64 << 20;

/// One expansion in progress.
pub struct Expander<'c> {
    /// The reader's state.
    pub ctx: &'c mut dyn Context,
    depth: u32,
    expanding: Vec<Rc<str>>,
    /// Something in the text could not be evaluated.
    pub unknown: bool,
    /// An expansion limit was hit: results are incomplete.
    pub limited: bool,
}

impl<'c> Expander<'c> {
    /// Starts an expansion against a context.
    pub fn new(ctx: &'c mut dyn Context) -> Self {
        Expander {
            ctx,
            depth: 0,
            expanding: Vec::new(),
            unknown: false,
            limited: false,
        }
    }

    /// Expands `text` completely.
    pub fn expand(&mut self, text: &str) -> String {
        let mut out = String::new();
        self.expand_into(text, &mut out);
        out
    }

    /// Expands `text`, appending to `out`.
    pub fn expand_into(&mut self, text: &str, out: &mut String) {
        if !text.contains('$') {
            out.push_str(text);
            return;
        }
        if self.depth >= MAX_DEPTH {
            if !self.limited {
                self.ctx.report(
                    crate::diagnostic::Kind::Expansion,
                    format!("expansion nested deeper than {MAX_DEPTH} levels; stopped"),
                );
            }
            self.limited = true;
            return;
        }
        self.depth += 1;
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while let Some(off) = memchr::memchr(b'$', &bytes[i..]) {
            let dollar = i + off;
            out.push_str(&text[start..dollar]);
            if out.len() > MAX_LENGTH {
                self.too_long(out);
                self.depth -= 1;
                return;
            }
            match bytes.get(dollar + 1) {
                None => {
                    i = dollar + 1;
                }
                Some(b'$') => {
                    out.push('$');
                    i = dollar + 2;
                }
                Some(&open @ (b'(' | b'{')) => {
                    let end = crate::syntax::skip_reference(bytes, dollar);
                    let close = if open == b'(' { ')' } else { '}' };
                    let inner_end = if text[..end].ends_with(close) && end > dollar + 2 {
                        end - 1
                    } else {
                        // Unterminated reference: make reports it and stops.
                        self.ctx.report(
                            crate::diagnostic::Kind::Syntax,
                            format!("unterminated variable reference: {}", &text[dollar..end]),
                        );
                        end
                    };
                    let inner = &text[(dollar + 2).min(inner_end)..inner_end];
                    self.reference(inner, open, out);
                    i = end;
                }
                Some(_) => {
                    // `$x`: a one-character name.
                    let c = text[dollar + 1..].chars().next().unwrap_or(' ');
                    let mut buf = [0u8; 4];
                    self.variable(c.encode_utf8(&mut buf), out);
                    i = dollar + 1 + c.len_utf8();
                }
            }
            start = i;
        }
        out.push_str(&text[start..]);
        if out.len() > MAX_LENGTH {
            self.too_long(out);
        }
        self.depth -= 1;
    }

    fn too_long(&mut self, out: &mut String) {
        if !self.limited {
            self.ctx.report(
                crate::diagnostic::Kind::Expansion,
                format!("expansion longer than {MAX_LENGTH} bytes; cut"),
            );
        }
        self.limited = true;
        let mut cut = MAX_LENGTH.min(out.len());
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }

    /// The inside of `$(...)` or `${...}`.
    fn reference(&mut self, inner: &str, open: u8, out: &mut String) {
        // A function call: a known name followed by a blank.
        if let Some(space) = inner.find([' ', '\t']) {
            let name = &inner[..space];
            if functions::is_function(name) {
                let args = inner[space + 1..].trim_start_matches([' ', '\t']);
                functions::call(self, name, args, open, out);
                return;
            }
        } else if functions::is_function(inner) && functions::takes_no_arguments_ok(inner) {
            functions::call(self, inner, "", open, out);
            return;
        }
        // A substitution reference `$(VAR:a=b)`.
        if let Some(colon) = crate::syntax::find_outside_references(inner, |b| b == b':') {
            let rest = &inner[colon + 1..];
            if let Some(eq) = crate::syntax::find_outside_references(rest, |b| b == b'=') {
                let name = self.expand(&inner[..colon]);
                let from = self.expand(&rest[..eq]);
                let to = self.expand(&rest[eq + 1..]);
                let mut value = String::new();
                self.variable(&name, &mut value);
                substitute_reference(&value, &from, &to, out);
                return;
            }
        }
        if inner.contains('$') {
            let name = self.expand(inner);
            self.variable(&name, out);
        } else {
            self.variable(inner, out);
        }
    }

    /// Appends the value of a variable, expanding a recursive one.
    pub fn variable(&mut self, name: &str, out: &mut String) {
        let Some(var) = self.ctx.variable(name) else {
            return;
        };
        if var.unknown {
            self.unknown = true;
        }
        match var.flavor {
            Flavor::Simple => out.push_str(&var.value),
            Flavor::Recursive => {
                if self.expanding.iter().any(|n| &**n == name) {
                    self.ctx.report(
                        crate::diagnostic::Kind::Expansion,
                        format!("recursive variable '{name}' references itself (eventually)"),
                    );
                    self.limited = true;
                    return;
                }
                self.expanding.push(Rc::from(name));
                self.expand_into(&var.value, out);
                self.expanding.pop();
            }
        }
    }

    /// Records that a value could not be evaluated.
    pub fn not_evaluated(&mut self, what: &str) {
        self.unknown = true;
        self.ctx.report(
            crate::diagnostic::Kind::NotEvaluated,
            format!("{what} is not evaluated"),
        );
    }
}

/// Splits make's whitespace-separated words.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
}

/// Matches `word` against a pattern with at most one `%`; returns the stem.
#[must_use]
pub fn match_pattern<'w>(pattern: &str, word: &'w str) -> Option<&'w str> {
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

/// `$(patsubst pattern,replacement,text)` (manual 8.2): words matching
/// `pattern` are replaced, `%` in the replacement taking the stem; the
/// result is joined with single spaces.
pub fn patsubst_into(pattern: &str, replacement: &str, text: &str, out: &mut String) {
    let pattern_has_percent = pattern.contains('%');
    let mut first = true;
    for word in words(text) {
        if !first {
            out.push(' ');
        }
        first = false;
        match match_pattern(pattern, word) {
            Some(stem) if pattern_has_percent => match replacement.find('%') {
                Some(p) => {
                    out.push_str(&replacement[..p]);
                    out.push_str(stem);
                    out.push_str(&replacement[p + 1..]);
                }
                None => out.push_str(replacement),
            },
            Some(_) => out.push_str(replacement),
            None => out.push_str(word),
        }
    }
}

/// `$(VAR:from=to)`: with a `%` in `from` it is `patsubst`; otherwise each
/// word ending in `from` gets that suffix replaced by `to` (manual 6.3.1).
fn substitute_reference(value: &str, from: &str, to: &str, out: &mut String) {
    if from.contains('%') {
        patsubst_into(from, to, value, out);
    } else {
        let pattern = format!("%{from}");
        let replacement = format!("%{to}");
        patsubst_into(&pattern, &replacement, value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        fn report(&mut self, _: crate::diagnostic::Kind, message: String) {
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
    case!(
        pattern_ref,
        [("SRCS", "a.c b.c", S)],
        "$(SRCS:%.c=obj/%.o)",
        "obj/a.o obj/b.o"
    );
    case!(self_reference, [("X", "a $(X)", R)], "$(X)", "a ");
    case!(trailing_dollar, [], "a$", "a");
    case!(nested_parens_name, [("X", "1", S)], "$(X)$(X)", "11");
    case!(shell_is_not_run, [], "a$(shell echo hi)b", "ab");
}
