//! The target lists of `make-targets`, for shells and editors (the help
//! screen is in [`crate::output::help`]). Everything from a makefile passes
//! through [`escape`] first, so control characters never reach a terminal
//! raw; JSON escapes them its own way.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::Makefile;
use crate::output::complete::{self, Candidate, Kind, Query};
use crate::output::escape::escape;
use crate::output::json;

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
    /// One name a line, or `name  (description)` lines padded to `--width`
    /// when more than one shows (bash's listing)
    Bash,
    /// A JSON array of `{name, summary, kind, file, line}` objects, for editors
    Json,
    /// `name<TAB>summary<TAB>kind<TAB>file<TAB>line` lines, for editors
    Tsv,
}

impl ListFormat {
    /// The format shows descriptions, which need the docs read.
    #[must_use]
    pub fn describes(self) -> bool {
        !matches!(self, ListFormat::Words | ListFormat::Lines)
    }
}

/// What to list, and how.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent choices of one listing"
)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ListOptions<'a> {
    /// How to print it.
    pub format: ListFormat,
    /// The word being completed: `None` lists every target (and, in the
    /// JSON and TSV lists, every variable the makefiles set).
    pub prefix: Option<&'a str>,
    /// Letters of `prefix` match whatever their case.
    pub ignore_case: bool,
    /// When nothing completes `prefix`, list what completes its directory
    /// part (see [`loose_prefix`]).
    pub loose: bool,
    /// The terminal's width, for [`ListFormat::Bash`].
    pub width: Option<usize>,
    /// Names pattern rules make from the files there, offered with the
    /// targets (see [`crate::pattern_names`]).
    pub pattern_names: &'a [String],
    /// make-help's arguments: variables by their bare name.
    pub for_help: bool,
    /// The `##@` section titles completing the prefix, instead of the rest.
    pub sections: bool,
}

/// The name holds a space or a TAB.
fn has_blank(name: &str) -> bool {
    name.bytes().any(|b| b == b' ' || b == b'\t')
}

/// The targets completing the prefix as a shell offers them, then the
/// variables (`NAME=`) or values (`NAME=value`) completing it, or every
/// target when there is no prefix, in the format asked. Nothing at all when
/// the list is empty. Directories standing for several targets end in `/`
/// and have no description.
pub fn target_list(
    makefile: &Makefile,
    options: &ListOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let format = options.format;
    if options.prefix.is_none()
        && !options.sections
        && matches!(format, ListFormat::Words | ListFormat::Lines)
    {
        return every_name(makefile, format, out);
    }
    let list: Vec<Candidate<'_>> = if options.sections {
        let query = Query {
            typed: options.prefix.unwrap_or_default(),
            ignore_case: options.ignore_case,
        };
        complete::sections(makefile, query)
    } else if let Some(typed) = options.prefix {
        let list = candidates(makefile, options, typed);
        if list.is_empty() && options.loose {
            candidates(makefile, options, loose_prefix(typed))
        } else {
            list
        }
    } else {
        let mut list = complete::all(makefile.sorted_targets());
        if matches!(format, ListFormat::Json | ListFormat::Tsv) {
            list.extend(complete::pattern_names(
                makefile,
                options.pattern_names,
                Query::default(),
            ));
            list.extend(complete::variables(makefile, None));
        }
        list
    };
    match format {
        ListFormat::Json => return json(makefile, &list, out),
        ListFormat::Bash => return bash(&list, options.width, out),
        ListFormat::Zsh if options.prefix.is_some() => return zsh_groups(&list, out),
        _ => {}
    }
    let mut words_written = 0;
    for candidate in &list {
        let word = escape(&candidate.word);
        match format {
            ListFormat::Words if has_blank(&candidate.word) => {}
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
                match summary(candidate) {
                    Some(text) => writeln!(out, "{word}:{text}")?,
                    None => writeln!(out, "{word}")?,
                }
            }
            ListFormat::Fish => match summary(candidate) {
                Some(text) => writeln!(out, "{word}\t{text}")?,
                None => writeln!(out, "{word}")?,
            },
            ListFormat::Tsv => {
                let (file, line) = location(makefile, candidate);
                writeln!(
                    out,
                    "{word}\t{}\t{}\t{}\t{}",
                    summary(candidate).unwrap_or_default(),
                    candidate.kind.name(),
                    file.map(escape).unwrap_or_default(),
                    line.map(|l| l.to_string()).unwrap_or_default(),
                )?;
            }
            ListFormat::Bash | ListFormat::Json => unreachable!("written above"),
        }
    }
    if words_written > 0 {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// What completes `typed`: targets and directories, then names made
/// through pattern rules, then variables, then values.
fn candidates<'m>(
    makefile: &'m Makefile,
    options: &ListOptions<'m>,
    typed: &str,
) -> Vec<Candidate<'m>> {
    let query = Query {
        typed,
        ignore_case: options.ignore_case,
    };
    let mut list = complete::candidates(&makefile.targets, query);
    list.extend(complete::pattern_names(
        makefile,
        options.pattern_names,
        query,
    ));
    let variables = complete::variables(makefile, Some(query));
    if options.for_help {
        // make-help shows a variable named alone.
        list.extend(variables.into_iter().map(|mut c| {
            if let Some(name) = c.word.strip_suffix('=') {
                c.word = Cow::Owned(name.to_string());
            }
            c
        }));
    } else {
        list.extend(variables);
    }
    list.extend(complete::values(makefile, query));
    list
}

/// The part of a typed word a shell's substring and fuzzy matching needs
/// listed: up to its last `/`, and the first character of what follows
/// when it is `.` or `_` (such names hide until the word reaches them).
/// A `NAME=value` word stays whole.
#[must_use]
pub fn loose_prefix(typed: &str) -> &str {
    if typed.contains('=') {
        return typed;
    }
    let settled = typed.rfind('/').map_or(0, |slash| slash + 1);
    let hidden = typed[settled..].starts_with(['.', '_']);
    &typed[..settled + usize::from(hidden)]
}

/// Every target name, straight from the sorted index: a list of hundreds
/// of thousands of names needs no list of candidates first.
fn every_name(makefile: &Makefile, format: ListFormat, out: &mut dyn Write) -> io::Result<()> {
    let separator: &[u8] = if format == ListFormat::Words {
        b" "
    } else {
        b"\n"
    };
    let mut any = false;
    for name in makefile.sorted_names() {
        // Printable ASCII but the space and `%`, the usual name: one look at
        // its bytes says it has no blank, needs no escape and is no pattern.
        let plain = name
            .bytes()
            .all(|b| (b'!'..=b'~').contains(&b) && b != b'%');
        // `complete -W` splits its list at blanks: a name holding one
        // (`name\ with\ spaces:`) cannot be offered in it. The completion
        // scripts read lines. A pattern (`.PHONY: test/%`) is no goal.
        if !plain && ((format == ListFormat::Words && has_blank(name)) || name.contains('%')) {
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
    Ok(())
}

/// The description shown beside a candidate, escaped: the summary of its
/// doc.
fn summary(candidate: &Candidate<'_>) -> Option<String> {
    raw_summary(candidate).map(|text| escape(&text).into_owned())
}

/// The summary of a candidate's doc, as written.
fn raw_summary(candidate: &Candidate<'_>) -> Option<String> {
    candidate
        .summary
        .clone()
        .or_else(|| candidate.target.and_then(complete::description))
}

/// Where a candidate is defined: a target's first rule line (or `.PHONY`
/// line), as `file`, `line`.
fn location<'m>(
    makefile: &'m Makefile,
    candidate: &Candidate<'_>,
) -> (Option<&'m str>, Option<u32>) {
    let Some(location) = candidate.location.or_else(|| {
        candidate
            .target
            .and_then(crate::model::Target::first_location)
    }) else {
        return (None, None);
    };
    let file = makefile
        .files
        .get(location.file as usize)
        .map(|f| f.display.as_str());
    (file, Some(location.line))
}

/// The most candidates bash lists with descriptions: it asks before
/// showing more than 100, and 50,000 lines padded to the terminal's width
/// took bash a second to read on each TAB.
const BASH_MOST_DESCRIBED: usize = 1000;

/// bash lists what completes a word in columns, names only: with more than
/// one candidate and a description among them, each shows as `name
/// (description)`, the names padded to one width and each line to the
/// terminal's (so that bash shows one a line), cut at its edge. One
/// candidate is its bare name, which bash inserts.
fn bash(list: &[Candidate<'_>], width: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    let list: Vec<&Candidate<'_>> = list.iter().filter(|c| !has_blank(&c.word)).collect();
    if list.len() > BASH_MOST_DESCRIBED {
        for candidate in list {
            writeln!(out, "{}", escape(&candidate.word))?;
        }
        return Ok(());
    }
    let described: Vec<(String, Option<String>)> = list
        .iter()
        .map(|c| (escape(&c.word).into_owned(), summary(c)))
        .collect();
    if described.len() < 2 || described.iter().all(|(_, d)| d.is_none()) {
        for (word, _) in &described {
            writeln!(out, "{word}")?;
        }
        return Ok(());
    }
    let column = described.iter().map(|(w, _)| w.width()).max().unwrap_or(0);
    // bash needs one column less than the terminal to keep a line its own.
    let limit = width.map(|w| w.saturating_sub(1));
    for (word, description) in &described {
        let mut line = word.clone();
        if let Some(text) = description {
            line.push_str(&" ".repeat(column - word.width() + 2));
            line.push('(');
            line.push_str(text);
            line.push(')');
        }
        if let Some(limit) = limit {
            line = fit(&line, limit);
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// `line` cut to `limit` columns (ending in `…` when cut) or padded to
/// them with spaces.
fn fit(line: &str, limit: usize) -> String {
    let mut width = line.width();
    if width <= limit {
        return format!("{line}{}", " ".repeat(limit - width));
    }
    let mut cut = String::with_capacity(line.len());
    width = 0;
    for c in line.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w + 1 > limit {
            break;
        }
        width += w;
        cut.push(c);
    }
    cut.push('…');
    width += 1;
    cut.push_str(&" ".repeat(limit.saturating_sub(width)));
    cut
}

/// A target for zsh's `_describe`: `name:description`, `:` and `\\` in the
/// name escaped.
fn zsh_described(candidate: &Candidate<'_>, out: &mut dyn Write) -> io::Result<()> {
    let word = escape(&candidate.word)
        .replace('\\', "\\\\")
        .replace(':', "\\:");
    match summary(candidate) {
        Some(text) => writeln!(out, "{word}:{text}"),
        None => writeln!(out, "{word}"),
    }
}

/// The most targets zsh is given with descriptions: `_describe` lays them
/// out in shell code, 9 s for 50,000 on a loaded machine.
const ZSH_MOST_DESCRIBED: usize = 1000;

/// What completes a word, for the zsh script: the targets as `_describe`
/// takes them (more than [`ZSH_MOST_DESCRIBED`]: plain names under a
/// `:names` line), then the other kinds under a line naming them
/// (`:directories`, `:variables` as `NAME=:description`, `:values`), so
/// that zsh takes each group by its index instead of matching 50,000 lines
/// against patterns. No candidate line starts with `:`.
fn zsh_groups(list: &[Candidate<'_>], out: &mut dyn Write) -> io::Result<()> {
    let of = |kind: Kind| list.iter().filter(move |c| c.kind == kind);
    let goals = || of(Kind::Target).chain(of(Kind::Pattern));
    if goals().nth(ZSH_MOST_DESCRIBED).is_some() {
        out.write_all(b":names\n")?;
        for candidate in goals() {
            out.write_all(escape(&candidate.word).as_bytes())?;
            out.write_all(b"\n")?;
        }
    } else {
        for candidate in goals() {
            zsh_described(candidate, out)?;
        }
    }
    for (kind, header) in [
        (Kind::Directory, ":directories"),
        (Kind::Variable, ":variables"),
        (Kind::Value, ":values"),
        (Kind::Section, ":sections"),
    ] {
        let mut group = of(kind).peekable();
        if group.peek().is_some() {
            writeln!(out, "{header}")?;
        }
        for candidate in group {
            if kind == Kind::Variable {
                zsh_described(candidate, out)?;
            } else {
                writeln!(out, "{}", escape(&candidate.word))?;
            }
        }
    }
    Ok(())
}

/// One entry of the JSON list.
#[derive(Debug, Serialize)]
struct Item<'a> {
    name: &'a str,
    summary: Option<String>,
    kind: &'static str,
    file: Option<&'a str>,
    line: Option<u32>,
}

/// The list as one JSON array, an object a line.
fn json(makefile: &Makefile, list: &[Candidate<'_>], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, candidate) in list.iter().enumerate() {
        let (file, line) = location(makefile, candidate);
        let item = Item {
            name: &candidate.word,
            summary: raw_summary(candidate),
            kind: candidate.kind.name(),
            file,
            line,
        };
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        json::write_compact(&item, out)?;
    }
    out.write_all(b"\n]\n")
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
        let options = ListOptions {
            format,
            prefix: typed,
            ..ListOptions::default()
        };
        target_list(&makefile, &options, &mut out).unwrap();
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
        "build:Build it\ndocker\\:push:Push the image\n:directories\nobj/\n"
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

    list_case!(
        bash_lists_descriptions,
        Bash,
        Some(""),
        "build        (Build it)\ndocker:push  (Push the image)\nobj/\n"
    );
    list_case!(bash_one_candidate_is_bare, Bash, Some("b"), "build\n");
    list_case!(
        bash_without_descriptions_is_bare,
        Bash,
        Some("obj/"),
        "obj/a.o\nobj/b.o\n"
    );
    list_case!(
        json_candidates,
        Json,
        Some("b"),
        "[\n{\"name\":\"build\",\"summary\":\"Build it\",\"kind\":\"target\",\"file\":\"Makefile\",\"line\":2}\n]\n"
    );
    list_case!(
        json_directory,
        Json,
        Some("o"),
        "[\n{\"name\":\"obj/\",\"summary\":null,\"kind\":\"directory\",\"file\":null,\"line\":null}\n]\n"
    );
    list_case!(json_empty, Json, Some("x"), "[\n]\n");
    list_case!(
        tsv_everything,
        Tsv,
        None,
        "_private\t\ttarget\tMakefile\t6\nbuild\tBuild it\ttarget\tMakefile\t2\n\
         docker:push\tPush the image\ttarget\tMakefile\t4\n\
         obj/a.o\t\ttarget\tMakefile\t5\nobj/b.o\t\ttarget\tMakefile\t5\n"
    );

    #[test]
    fn bash_lines_fit_the_terminal() {
        let makefile = crate::parse_str(
            "a: ## short\nlonger-name: ## a description far too long for the terminal\n",
            &crate::Config::default(),
        );
        let mut out = Vec::new();
        let options = ListOptions {
            format: ListFormat::Bash,
            prefix: Some(""),
            width: Some(31),
            ..ListOptions::default()
        };
        target_list(&makefile, &options, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a            (short)          \nlonger-name  (a description f…\n"
        );
    }

    #[test]
    fn variables_and_values_follow_targets() {
        let makefile = crate::parse_str(
            "MODE ?= dev\nmode: ## Show the mode\nifeq ($(MODE),prod)\nendif\n",
            &crate::Config::default(),
        );
        for (typed, format, expected) in [
            ("m", ListFormat::Fish, "mode\tShow the mode\n"),
            ("M", ListFormat::Lines, "MODE=\n"),
            ("m", ListFormat::Lines, "mode\n"),
            ("MODE=", ListFormat::Zsh, ":values\nMODE=prod\n"),
            ("M", ListFormat::Zsh, ":variables\nMODE=\n"),
        ] {
            let mut out = Vec::new();
            let options = ListOptions {
                format,
                prefix: Some(typed),
                ..ListOptions::default()
            };
            target_list(&makefile, &options, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{typed}");
        }
        let mut out = Vec::new();
        let options = ListOptions {
            format: ListFormat::Lines,
            prefix: Some("m"),
            ignore_case: true,
            ..ListOptions::default()
        };
        target_list(&makefile, &options, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "mode\nMODE=\n");
    }

    #[test]
    fn loose_prefixes() {
        for (typed, loose) in [
            ("", ""),
            ("bui", ""),
            ("obj/ma", "obj/"),
            ("obj/_x", "obj/_"),
            (".st", "."),
            ("a/b/c", "a/b/"),
            ("MODE=x", "MODE=x"),
        ] {
            assert_eq!(loose_prefix(typed), loose, "{typed}");
        }
        let makefile = crate::parse_str(MAKEFILE, &crate::Config::default());
        let mut out = Vec::new();
        let options = ListOptions {
            format: ListFormat::Lines,
            prefix: Some("ild"),
            loose: true,
            ..ListOptions::default()
        };
        target_list(&makefile, &options, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "build\ndocker:push\nobj/\n"
        );
    }

    #[test]
    fn descriptions_are_escaped() {
        let makefile = crate::parse_str("a: # bell\x07 tab\tend\n", &crate::Config::default());
        let mut out = Vec::new();
        let options = ListOptions {
            format: ListFormat::Fish,
            prefix: Some(""),
            ..ListOptions::default()
        };
        target_list(&makefile, &options, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\tbell\\x07 tab\\tend\n");
    }
}
