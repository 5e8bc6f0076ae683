//! What a recipe line that runs make again does (manual 5.7 "Recursive Use
//! of make"): `$(MAKE) -C dir target`, `cd dir && $(MAKE) target`, with
//! `-f file`. Read from the line as written, before make expands it: a
//! directory or a target that a variable names is known only when its
//! value holds no other reference (the value as the makefile left it), and
//! `$@` is the target whose recipe it is. What is not known stays unknown.

use std::borrow::Cow;

use crate::model::Makefile;

/// A recursive make call found in a recipe line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubMake {
    /// The directory it runs in (`-C`, or a `cd DIR &&` before it),
    /// relative to make's; `None`: make's own. `Err` holds the text when a
    /// reference in it is not known.
    pub dir: Option<Result<String, String>>,
    /// The makefile named with `-f`.
    pub file: Option<Result<String, String>>,
    /// The goals it is given (none: the default goal there); `Err` for one
    /// not known.
    pub goals: Vec<Result<String, String>>,
}

/// Options of make that take a separate argument.
const WITH_ARGUMENT: [&str; 9] = [
    "-C",
    "-f",
    "-I",
    "-o",
    "-W",
    "-j",
    "-l",
    "--directory",
    "--file",
];

/// The recursive make call in `line`, a recipe line of `target`, if it has
/// one: `$(MAKE)` or `${MAKE}` as a word (after `@`, `-`, `+` prefixes).
#[must_use]
pub(crate) fn sub_make(makefile: &Makefile, target: &str, line: &str) -> Option<SubMake> {
    let words = words(line);
    let start = words.iter().position(|w| {
        let w = w.trim_start_matches(['@', '-', '+']);
        w == "$(MAKE)" || w == "${MAKE}"
    })?;
    let resolve = |word: &str| -> Result<String, String> {
        resolved(makefile, target, word)
            .map(Cow::into_owned)
            .ok_or_else(|| word.to_string())
    };
    // `cd DIR && $(MAKE)`: the directory of the command before it.
    let mut dir = None;
    if start >= 3 && words[start - 1] == "&&" && words[start - 3] == "cd" {
        dir = Some(resolve(words[start - 2]));
    }
    let mut file = None;
    let mut goals = Vec::new();
    let mut rest = words[start + 1..].iter();
    while let Some(&word) = rest.next() {
        if matches!(word, "&&" | "||" | ";" | "|") || word.ends_with(';') {
            break;
        }
        if let Some(value) = word
            .strip_prefix("--directory=")
            .or_else(|| word.strip_prefix("-C").filter(|v| !v.is_empty()))
        {
            dir = Some(join(dir, resolve(value)));
        } else if let Some(value) = word
            .strip_prefix("--file=")
            .or_else(|| word.strip_prefix("-f").filter(|v| !v.is_empty()))
        {
            file = Some(resolve(value));
        } else if WITH_ARGUMENT.contains(&word) {
            let Some(&value) = rest.next() else { break };
            match word {
                "-C" | "--directory" => dir = Some(join(dir, resolve(value))),
                "-f" | "--file" => file = Some(resolve(value)),
                _ => {}
            }
        } else if word.starts_with('-') || word.contains('=') {
            // An option, or a variable given to it.
        } else {
            goals.push(resolve(word));
        }
    }
    Some(SubMake { dir, file, goals })
}

/// The words of a recipe line: split at blanks outside references, so
/// that `$(shell pwd)/x` is one word.
fn words(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start = None;
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'{' if i > 0 && (bytes[i - 1] == b'$' || depth > 0) => depth += 1,
            b')' | b'}' if depth > 0 => depth -= 1,
            b' ' | b'\t' if depth == 0 => {
                if let Some(s) = start.take() {
                    words.push(&line[s..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        words.push(&line[s..]);
    }
    words
}

/// `-C a -C b` is `a/b`.
fn join(
    before: Option<Result<String, String>>,
    next: Result<String, String>,
) -> Result<String, String> {
    match (before, next) {
        (Some(Ok(a)), Ok(b)) if !b.starts_with('/') => Ok(format!("{a}/{b}")),
        (Some(Err(a)), Ok(b) | Err(b)) | (Some(Ok(a)), Err(b)) => Err(format!("{a}/{b}")),
        (_, next) => next,
    }
}

/// A word with its references replaced when each is `$@` or a variable
/// whose value holds no reference; `None` when one is not known.
fn resolved<'w>(makefile: &Makefile, target: &str, word: &'w str) -> Option<Cow<'w, str>> {
    if !word.contains('$') {
        return Some(Cow::Borrowed(word.trim_matches(['"', '\''])));
    }
    let mut out = String::new();
    let mut rest = word;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, len) = match after.chars().next()? {
            '@' => ("@", 1),
            '(' | '{' => {
                let close = if after.starts_with('(') { ')' } else { '}' };
                let end = after.find(close)?;
                (&after[1..end], end + 1)
            }
            _ => return None,
        };
        if name == "@" {
            out.push_str(target);
        } else {
            let variable = makefile.variable(name)?;
            if variable.unknown || variable.value.contains('$') {
                return None;
            }
            out.push_str(variable.value.trim());
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out.trim_matches(['"', '\'']).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, parse_str};

    fn call(line: &str) -> Option<SubMake> {
        let makefile = parse_str("SUB = docs\nLATER = $(shell pwd)/x\n", &Config::default());
        sub_make(&makefile, "test", line)
    }

    #[allow(clippy::unnecessary_wraps)]
    fn ok(s: &str) -> Result<String, String> {
        Ok(s.to_string())
    }

    #[test]
    fn recursive_calls() {
        let cases: &[(&str, Option<SubMake>)] = &[
            ("go test ./...", None),
            (
                "$(MAKE) -C sub check",
                Some(SubMake {
                    dir: Some(ok("sub")),
                    file: None,
                    goals: vec![ok("check")],
                }),
            ),
            (
                "@+${MAKE} --no-print-directory -Csub V=1 a b",
                Some(SubMake {
                    dir: Some(ok("sub")),
                    file: None,
                    goals: vec![ok("a"), ok("b")],
                }),
            ),
            (
                "cd $(SUB) && $(MAKE) -f other.mk $@ && echo done",
                Some(SubMake {
                    dir: Some(ok("docs")),
                    file: Some(ok("other.mk")),
                    goals: vec![ok("test")],
                }),
            ),
            (
                "$(MAKE) -C $(shell pwd)/x all",
                Some(SubMake {
                    dir: Some(Err("$(shell pwd)/x".to_string())),
                    file: None,
                    goals: vec![ok("all")],
                }),
            ),
            (
                "$(MAKE) -C $(LATER) -j 4 all",
                Some(SubMake {
                    dir: Some(Err("$(LATER)".to_string())),
                    file: None,
                    goals: vec![ok("all")],
                }),
            ),
            (
                "$(MAKE) -C a -C b",
                Some(SubMake {
                    dir: Some(ok("a/b")),
                    file: None,
                    goals: vec![],
                }),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(&call(line), want, "{line}");
        }
    }
}
