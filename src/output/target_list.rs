//! The target lists of `make-targets`, for shells (the help screen is in
//! [`crate::output::help`]). Everything from a makefile passes through
//! [`escape`] first, so control characters never reach a terminal raw.

use std::io::{self, Write};

use crate::model::Makefile;
use crate::output::complete;
use crate::output::escape::escape;

/// How `make-targets` prints its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// One line, names separated by spaces (for `complete -W`)
    #[default]
    Words,
    /// One name a line
    Lines,
    /// `name:description` lines for zsh's `_describe` (`:` and `\` in names escaped)
    Zsh,
    /// `name<TAB>description` lines, as fish completions print them
    Fish,
}

/// The name holds a space or a TAB.
fn has_blank(name: &str) -> bool {
    name.bytes().any(|b| b == b' ' || b == b'\t')
}

/// The targets completing `typed` as a shell offers them, or every
/// target when `typed` is `None`, in `format`. Nothing at all when the list
/// is empty. Directories standing for several targets end in `/` and have
/// no description.
pub fn target_list(
    makefile: &Makefile,
    format: ListFormat,
    typed: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if typed.is_none() && matches!(format, ListFormat::Words | ListFormat::Lines) {
        // Every name, straight from the sorted index: a list of hundreds of
        // thousands of names needs no list of candidates first.
        let separator: &[u8] = if format == ListFormat::Words {
            b" "
        } else {
            b"\n"
        };
        let mut any = false;
        for name in makefile.sorted_names() {
            // Printable ASCII but the space, the usual name: one look at its
            // bytes says it has no blank and needs no escape.
            let plain = name.bytes().all(|b| (b'!'..=b'~').contains(&b));
            // `complete -W` splits its list at blanks: a name holding one
            // (`name\ with\ spaces:`) cannot be offered in it. The
            // completion scripts read lines.
            if !plain && format == ListFormat::Words && has_blank(name) {
                continue;
            }
            if any {
                out.write_all(separator)?;
            }
            if plain {
                out.write_all(name.as_bytes())?;
            } else {
                out.write_all(escape(name).as_bytes())?;
            }
            any = true;
        }
        if any {
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let list = match typed {
        Some(typed) => complete::candidates(&makefile.targets, typed),
        None => complete::all(makefile.sorted_targets()),
    };
    let mut words_written = 0;
    for candidate in &list {
        let word = escape(candidate.word);
        // Only zsh and fish show descriptions: the others never look for docs.
        let description = || {
            candidate
                .target
                .and_then(complete::description)
                .map(|text| escape(&text).into_owned())
        };
        match format {
            ListFormat::Words if has_blank(candidate.word) => {}
            ListFormat::Words => {
                if words_written > 0 {
                    out.write_all(b" ")?;
                }
                out.write_all(word.as_bytes())?;
                words_written += 1;
            }
            ListFormat::Lines => writeln!(out, "{word}")?,
            ListFormat::Zsh => {
                let word = word.replace('\\', "\\\\").replace(':', "\\:");
                match description() {
                    Some(text) => writeln!(out, "{word}:{text}")?,
                    None => writeln!(out, "{word}")?,
                }
            }
            ListFormat::Fish => match description() {
                Some(text) => writeln!(out, "{word}\t{text}")?,
                None => writeln!(out, "{word}")?,
            },
        }
    }
    if words_written > 0 {
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAKEFILE: &str = "\
.PHONY: build docker\\:push
build: ## Build it
# Push the image
docker\\:push:
obj/a.o obj/b.o:
_private:
";

    fn list(format: ListFormat, typed: Option<&str>) -> String {
        let makefile = crate::parse_str(MAKEFILE, &crate::Config::default());
        let mut out = Vec::new();
        target_list(&makefile, format, typed, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    macro_rules! list_case {
        ($name:ident, $format:ident, $typed:expr, $expected:expr) => {
            #[test]
            fn $name() {
                assert_eq!(list(ListFormat::$format, $typed), $expected);
            }
        };
    }

    list_case!(
        words_all,
        Words,
        None,
        "_private build docker:push obj/a.o obj/b.o\n"
    );
    list_case!(
        words_candidates,
        Words,
        Some(""),
        "build docker:push obj/\n"
    );
    list_case!(words_none_match, Words, Some("x"), "");
    list_case!(lines_candidates, Lines, Some("_"), "_private\n");
    list_case!(
        lines_all,
        Lines,
        None,
        "_private\nbuild\ndocker:push\nobj/a.o\nobj/b.o\n"
    );
    list_case!(
        zsh_escapes_colons_and_describes,
        Zsh,
        Some(""),
        "build:Build it\ndocker\\:push:Push the image\nobj/\n"
    );
    list_case!(
        fish_tab_separated,
        Fish,
        Some(""),
        "build\tBuild it\ndocker:push\tPush the image\nobj/\n"
    );
    list_case!(
        fish_inside_directory,
        Fish,
        Some("obj/"),
        "obj/a.o\nobj/b.o\n"
    );

    #[test]
    fn descriptions_are_escaped() {
        let makefile = crate::parse_str("a: # bell\x07 tab\tend\n", &crate::Config::default());
        let mut out = Vec::new();
        target_list(&makefile, ListFormat::Fish, Some(""), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\tbell\\x07 tab\\tend\n");
    }
}
