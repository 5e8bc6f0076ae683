//! What a make started by make inherits through `MAKEFLAGS` (manual 5.7.3
//! "Communicating Options to a Sub-make"): GNU make puts its single-letter
//! flags first (`k`, `s`...), then options with values (`-Iinc`), then `--`
//! and the command line's variables, blanks in them quoted by a backslash
//! (`-- X=a\ b`). A `help: ; @make-help` recipe of `make -I DIR help` thus
//! sees `-IDIR`, and reads the includes make found there.

use std::path::PathBuf;

/// The `-I` directories and `VAR=value` words `MAKEFLAGS` holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct MakeFlags {
    /// `-I DIR`, `-IDIR`, `--include-dir=DIR`, in order.
    pub(crate) include_dirs: Vec<PathBuf>,
    /// The variables after `--`, unquoted.
    pub(crate) variables: Vec<String>,
}

/// Reads the value of `MAKEFLAGS` as GNU make writes it.
pub(crate) fn parse(value: &str) -> MakeFlags {
    let mut flags = MakeFlags::default();
    let mut words = split(value).into_iter();
    let mut variables = false;
    while let Some(word) = words.next() {
        if variables {
            if word.contains('=') {
                flags.variables.push(word);
            }
            continue;
        }
        if word == "--" {
            variables = true;
        } else if word == "-I" || word == "--include-dir" {
            if let Some(dir) = words.next() {
                flags.include_dirs.push(dir.into());
            }
        } else if let Some(dir) = word
            .strip_prefix("--include-dir=")
            .or_else(|| word.strip_prefix("-I"))
            .filter(|dir| !dir.is_empty())
        {
            flags.include_dirs.push(dir.into());
        } else if !word.starts_with('-') && word.contains('=') {
            // An older make puts variables without `--`.
            flags.variables.push(word);
        }
    }
    flags
}

/// The words of `value`, split at blanks that no backslash quotes, with
/// the quoting backslashes removed.
fn split(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => word.push(next),
                None => word.push('\\'),
            },
            ' ' | '\t' => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn what_gnu_make_writes() {
        // As `make -I inc show`, `make -I inc -k V=1 show` and
        // `make --include-dir=inc -s 'X=a b' show` write it (GNU make 4.3).
        for (value, include_dirs, variables) in [
            ("", dirs(&[]), vec![]),
            (" -Iinc", dirs(&["inc"]), vec![]),
            ("k -Iinc -- V=1", dirs(&["inc"]), vec!["V=1"]),
            ("s -Iinc -- X=a\\ b", dirs(&["inc"]), vec!["X=a b"]),
            (
                "-I a -Ib --include-dir=c --include-dir d",
                dirs(&["a", "b", "c", "d"]),
                vec![],
            ),
            ("ks -j4 --no-print-directory", dirs(&[]), vec![]),
            ("-I", dirs(&[]), vec![]),
            ("-Idir\\ with\\ blanks", dirs(&["dir with blanks"]), vec![]),
            ("V=1 W=2", dirs(&[]), vec!["V=1", "W=2"]),
        ] {
            let want = MakeFlags {
                include_dirs,
                variables: variables.into_iter().map(str::to_string).collect(),
            };
            assert_eq!(parse(value), want, "{value:?}");
        }
    }
}
