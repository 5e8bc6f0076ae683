//! Comments (manual 3.1 "What Makefiles Contain"): a comment starts at a
//! `#` that no odd number of backslashes escapes and that stands outside
//! variable references; `\#` is a literal `#`. On a rule line, a `;`
//! before the comment starts a recipe, in which `#` is not a comment.

use std::borrow::Cow;

use super::text::{quoted_by_backslash, skip_reference};

/// A line split at its comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Commented<'a> {
    /// The text before the comment, with `\#` turned into `#`.
    pub code: Cow<'a, str>,
    /// The comment, from the `#` on, if any.
    pub comment: Option<&'a str>,
}

/// The next `#` at or after `from` that is outside variable references: make
/// skips `$(...)`, `${...}` and `$x` when it looks for a comment, so
/// `$(info a#b)` holds no comment.
fn next_hash(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(found) = crate::parse::scan::find_any([b'#', b'$'], &bytes[i.min(bytes.len())..])
    {
        i += found;
        if bytes[i] == b'#' {
            return Some(i);
        }
        i = skip_reference(bytes, i);
    }
    None
}

/// Splits `text` at the first `#` not escaped by an odd number of backslashes,
/// halving the backslashes that precede each `#` as make does. A `#` inside a
/// variable reference does not start a comment.
#[must_use]
pub(crate) fn split_comment(text: &str) -> Commented<'_> {
    let bytes = text.as_bytes();
    let Some(first) = crate::parse::scan::find(b'#', bytes).and_then(|_| next_hash(bytes, 0))
    else {
        return Commented {
            code: Cow::Borrowed(text),
            comment: None,
        };
    };
    let mut owned: Option<String> = None;
    let mut copied = 0;
    let mut search = first;
    loop {
        let hash = search;
        let backslashes = bytes[..hash]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes == 0 {
            return finish(text, owned, copied, hash, Some(&text[hash..]));
        }
        let out = owned.get_or_insert_with(String::new);
        out.push_str(&text[copied..hash - backslashes]);
        out.extend(std::iter::repeat_n('\\', backslashes / 2));
        copied = hash;
        if backslashes % 2 == 0 {
            return finish(text, owned, copied, hash, Some(&text[hash..]));
        }
        // Quoted: the `#` is kept as text.
        match next_hash(bytes, hash + 1) {
            Some(next) => search = next,
            None => return finish(text, owned, copied, text.len(), None),
        }
    }
}

fn finish<'a>(
    text: &'a str,
    owned: Option<String>,
    copied: usize,
    end: usize,
    comment: Option<&'a str>,
) -> Commented<'a> {
    let code = match owned {
        None => Cow::Borrowed(&text[..end]),
        Some(mut s) => {
            s.push_str(&text[copied..end]);
            Cow::Owned(s)
        }
    };
    Commented { code, comment }
}

/// Finds the `;` that starts an in-line recipe, before any comment.
#[must_use]
pub(crate) fn find_recipe_semicolon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    crate::parse::scan::find(b';', bytes)?;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' => i = skip_reference(bytes, i),
            b'#' if !quoted_by_backslash(&bytes[..i]) => {
                return None;
            }
            b';' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Splits a line the way the reader needs: text before the comment (with
/// `\#` unescaped) and the comment, except that a `;` before the comment
/// starts a recipe in which `#` is not a comment.
#[must_use]
pub(crate) fn split_line(text: &str) -> Commented<'_> {
    // Most lines have neither: one search instead of one for each.
    if crate::parse::scan::find_any([b'#', b';'], text.as_bytes()).is_none() {
        return Commented {
            code: Cow::Borrowed(text),
            comment: None,
        };
    }
    if let Some(semi) = find_recipe_semicolon(text) {
        let head = split_comment(&text[..semi]);
        if head.comment.is_none() {
            // Keep the recipe after `;` intact for the rule parser.
            let code = match head.code {
                Cow::Borrowed(_) => Cow::Borrowed(text),
                Cow::Owned(mut s) => {
                    s.push_str(&text[semi..]);
                    Cow::Owned(s)
                }
            };
            return Commented {
                code,
                comment: None,
            };
        }
    }
    split_comment(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! comment_case {
        ($name:ident, $input:expr, $code:expr, $comment:expr) => {
            #[test]
            fn $name() {
                let got = split_line($input);
                assert_eq!(got.code, $code);
                assert_eq!(got.comment, $comment);
            }
        };
    }

    comment_case!(no_comment, "a: b", "a: b", None);
    comment_case!(plain_comment, "a: b # doc", "a: b ", Some("# doc"));
    comment_case!(escaped_hash, "X = a\\#b", "X = a#b", None);
    comment_case!(
        escaped_then_comment,
        "X = a\\#b # c",
        "X = a#b ",
        Some("# c")
    );
    comment_case!(
        double_backslash_hash,
        "X = a\\\\# c",
        "X = a\\",
        Some("# c")
    );
    comment_case!(whole_line_comment, "## Build it", "", Some("## Build it"));
    comment_case!(
        semicolon_recipe_keeps_hash,
        "a: ; echo # x",
        "a: ; echo # x",
        None
    );
    comment_case!(comment_before_semicolon, "a: # x; y", "a: ", Some("# x; y"));
    comment_case!(
        hash_inside_reference,
        "$(info # x) # c",
        "$(info # x) ",
        Some("# c")
    );
    comment_case!(
        escaped_hash_inside_reference_kept,
        "X := $(info a\\#b)",
        "X := $(info a\\#b)",
        None
    );
    comment_case!(
        dollar_hash_is_a_variable,
        "Y := a$#b # c",
        "Y := a$#b ",
        Some("# c")
    );
    comment_case!(
        dollar_dollar_then_comment,
        "Z := $$#x",
        "Z := $$",
        Some("#x")
    );
    comment_case!(
        unbalanced_reference_hides_hash,
        "V := $(info (#) # x",
        "V := $(info (#) # x",
        None
    );
}
