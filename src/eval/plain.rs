//! Expansion of text whose references are all plain variable references
//! (manual 6.1 "Basics of Variable References"), without the expander:
//! such an expansion only copies values, and most lines that need expanding
//! (`ifeq ($(MODE),fast)`, `$(DIR)-all:`) are like that.

use crate::eval::expand::{MAX_DEPTH, MAX_LENGTH};

use super::{MAKEFILE_LIST, Reader};

/// The bytes that make a reference's inside a function call or a computed
/// name rather than a plain variable name (see [`Reader::expand_plain_into`]
/// and `Reader::is_inert`).
pub(super) const NOT_IN_NAME: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b" \t$,(){}#";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

impl Reader<'_> {
    /// Expands `text` at the end of `out` as the expander would when each
    /// reference in it is `$$` or a plain `$(NAME)` or `${NAME}` (no
    /// substitution) of a variable that is undefined or whose value holds
    /// no `$`: the values are copied, and each reference counts one unit of
    /// work. Says whether part of the value could not be evaluated. `None`,
    /// with nothing done and `out` left as it was, when the text needs the
    /// expander (other references, the computed variables, a limit near).
    pub(super) fn expand_plain_into(&mut self, text: &str, out: &mut String) -> Option<bool> {
        if self.nesting >= MAX_DEPTH {
            return None;
        }
        let start = out.len();
        let expanded = self.expand_plain_at_end(text, out);
        if expanded.is_none() {
            out.truncate(start);
        }
        expanded
    }

    /// [`Reader::expand_plain_into`], leaving what it wrote when it gives up.
    fn expand_plain_at_end(&mut self, text: &str, out: &mut String) -> Option<bool> {
        let bytes = text.as_bytes();
        let mut unknown = false;
        let mut references = 0;
        let mut from = 0;
        while let Some(found) = crate::parse::scan::find(b'$', &bytes[from..]) {
            let at = from + found;
            out.push_str(&text[from..at]);
            let close = match bytes.get(at + 1) {
                Some(b'$') => {
                    out.push('$');
                    from = at + 2;
                    continue;
                }
                Some(b'(') => b')',
                Some(b'{') => b'}',
                _ => return None,
            };
            let end = at + 2 + crate::parse::scan::find(close, &bytes[at + 2..])?;
            let name = &text[at + 2..end];
            if name.is_empty()
                || name
                    .bytes()
                    .any(|b| b == b':' || NOT_IN_NAME[usize::from(b)])
                || name == MAKEFILE_LIST
                || name == ".VARIABLES"
            {
                return None;
            }
            references += 1;
            if let Some(variable) = self.variables.get(name) {
                if crate::parse::scan::find(b'$', variable.value.as_bytes()).is_some() {
                    return None;
                }
                unknown |= variable.unknown;
                out.push_str(&variable.value);
            }
            from = end + 1;
        }
        out.push_str(&text[from..]);
        // The length is that of the whole of `out`, as the expander counts
        // it. Within the budget, charging cannot fail or report: the
        // expander is left to do it when it might.
        if out.len() > MAX_LENGTH || self.work + references >= self.max_work {
            return None;
        }
        self.work += references;
        Some(unknown)
    }
}
