//! Functions for string substitution and analysis (manual 8.2), as make's
//! `function.c` computes them: words are separated by any white space, and
//! most results are joined with single blanks.

use std::borrow::Cow;

use super::{Args, Function, Joiner, parse_number, trim};
use crate::eval::expand::{self, Expander, MAX_LENGTH, find_percent, is_space, words as split};

/// `$(subst from,to,text)`: every occurrence, white space kept. An empty
/// `from` matches once, at the end of the text.
pub(super) fn subst(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let (from, to, text) = (args.get(0), args.get(1), args.get(2));
    if from.is_empty() {
        out.push_str(text);
        out.push_str(to);
        return;
    }
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        out.push_str(&rest[..at]);
        out.push_str(to);
        rest = &rest[at + from.len()..];
        if out.len() > MAX_LENGTH {
            return;
        }
    }
    out.push_str(rest);
}

/// `$(patsubst pattern,replacement,text)`.
pub(super) fn patsubst(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    expand::patsubst_into(args.get(0), args.get(1), args.get(2), out);
}

/// `$(strip text)`: words joined by single blanks.
pub(super) fn strip(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut joiner = Joiner::new();
    for word in split(args.get(0)) {
        joiner.next(out).push_str(word);
    }
}

/// `$(findstring find,in)`: `find` if it occurs in `in`.
pub(super) fn findstring(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    if args.get(1).contains(args.get(0)) {
        out.push_str(args.get(0));
    }
}

/// One pattern of `$(filter)`: its text with quoting backslashes removed,
/// and the position of its `%`.
struct Pattern {
    text: String,
    percent: Option<usize>,
}

impl Pattern {
    fn matches(&self, word: &str) -> bool {
        match self.percent {
            None => self.text == word,
            Some(p) => {
                let (prefix, suffix) = (&self.text[..p], &self.text[p + 1..]);
                word.len() >= prefix.len() + suffix.len()
                    && word.starts_with(prefix)
                    && word.ends_with(suffix)
            }
        }
    }
}

/// `$(filter patterns,text)` and `$(filter-out patterns,text)`. Patterns
/// without `%` are looked up in a hash set once there are more than a few,
/// as make does: 40,000 words against 40,000 names is not 1.6 billion
/// comparisons.
pub(super) fn filter(_: &mut Expander<'_>, function: &Function, args: &Args<'_>, out: &mut String) {
    /// Fewer literal patterns than this are compared one by one.
    const HASHED_FROM: usize = 16;
    let keep_matching = function.name == "filter";
    let mut literals: Vec<Cow<'_, str>> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    for p in split(args.get(0)) {
        let (text, percent) = find_percent(p);
        match percent {
            None => literals.push(text),
            Some(_) => patterns.push(Pattern {
                text: text.into_owned(),
                percent,
            }),
        }
    }
    let hashed: Option<hashbrown::HashSet<&str>> =
        (literals.len() >= HASHED_FROM).then(|| literals.iter().map(|l| &**l).collect());
    let mut joiner = Joiner::new();
    for word in split(args.get(1)) {
        let literal = match &hashed {
            Some(set) => set.contains(word),
            None => literals.iter().any(|l| l == word),
        };
        if (literal || patterns.iter().any(|p| p.matches(word))) == keep_matching {
            joiner.next(out).push_str(word);
        }
    }
}

/// `$(sort list)`: words in byte order, without duplicates.
pub(super) fn sort(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    let mut list: Vec<&str> = split(args.get(0)).collect();
    list.sort_unstable();
    list.dedup();
    let mut joiner = Joiner::new();
    for word in list {
        joiner.next(out).push_str(word);
    }
}

/// `$(word n,text)`: the n-th word, counting from 1.
pub(super) fn word(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    if args.unknown {
        ex.unknown = true;
        return;
    }
    let Some(n) = parse_number(ex, args.get(0), "invalid first argument to 'word' function") else {
        return;
    };
    if n < 1 {
        ex.fatal("first argument to 'word' function must be greater than 0".to_string());
        return;
    }
    if let Some(word) = usize::try_from(n - 1)
        .ok()
        .and_then(|i| split(args.get(1)).nth(i))
    {
        out.push_str(word);
    }
}

/// Where each word of `text` starts and ends.
fn spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && is_space(bytes[i] as char) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i] as char) {
            i += 1;
        }
        Some((start, i))
    })
}

/// `$(wordlist s,e,text)`: words `s` to `e`, with the white space between
/// them kept.
pub(super) fn wordlist(ex: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    if args.unknown {
        ex.unknown = true;
        return;
    }
    let Some(start) = parse_number(
        ex,
        args.get(0),
        "invalid first argument to 'wordlist' function",
    ) else {
        return;
    };
    let Some(stop) = parse_number(
        ex,
        args.get(1),
        "invalid second argument to 'wordlist' function",
    ) else {
        return;
    };
    if start < 1 {
        ex.fatal(format!(
            "invalid first argument to 'wordlist' function: '{start}'"
        ));
        return;
    }
    if stop < 0 {
        ex.fatal(format!(
            "invalid second argument to 'wordlist' function: '{stop}'"
        ));
        return;
    }
    if stop < start {
        return;
    }
    let text = args.get(2);
    let first = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let count = usize::try_from(stop - start).unwrap_or(usize::MAX);
    let mut selected = spans(text).skip(first);
    let Some((begin, mut end)) = selected.next() else {
        return;
    };
    if let Some((_, last)) = selected.take(count).last() {
        end = last;
    }
    out.push_str(&text[begin..end]);
}

/// `$(words text)`: how many words.
pub(super) fn words(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    out.push_str(&split(args.get(0)).count().to_string());
}

/// `$(firstword names)`.
pub(super) fn firstword(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    if let Some(word) = split(args.get(0)).next() {
        out.push_str(word);
    }
}

/// `$(lastword names)`.
pub(super) fn lastword(_: &mut Expander<'_>, _: &Function, args: &Args<'_>, out: &mut String) {
    if let Some(word) = trim(args.get(0)).rsplit(is_space).next() {
        out.push_str(word);
    }
}
