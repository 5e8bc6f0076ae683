//! The lines that name each target: its rule lines (make's "explicit
//! rules", manual 4.2) and the `.PHONY` lines that list it, with the
//! comments on and above them, kept in reading order.
//!
//! A large tree has a rule line for each of its hundreds of thousands of
//! targets, most with no comment. Every line is kept in one list, 24 bytes
//! each; a target's lines are chained from line to line, so that a target
//! keeps one number per chain, and lines are added in any order without
//! moving. The comments are kept in two buffers: the comments after lines
//! as text, the lines above them each after its length (as in a
//! [`crate::model::packed_names::NameList`]: a comment line may hold a newline).

use std::num::NonZeroU32;

use crate::model::packed_names::{MAX_PREFIX, NameSlice, Span, encode_into};
use crate::model::{Location, SectionId};

/// The chain of a target's lines: its last line, whose link leads back to
/// the first (the chain is a ring). `None` when it has none.
pub(crate) type Chain = Option<NonZeroU32>;

/// One line in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    facts: LineFacts,
    /// The next line of the chain, as an index plus one (the last line
    /// leads back to the first).
    next: NonZeroU32,
    /// Its comments, as an index plus one into [`RuleLines::comments`].
    comments: Option<NonZeroU32>,
}

/// The comments of a line: the one after it on the same line (`#`s
/// included; empty when none), and the lines directly above it (each
/// after its length); and how many targets the line named when a variable
/// or function gave them (0 when they were written out), which tells
/// whether the comments can be about each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Comments {
    inline: Span,
    above: Span,
    expanded_targets: u32,
}

/// Every rule line and `.PHONY` line that names a target.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleLines {
    lines: Vec<Line>,
    comments: Vec<Comments>,
    /// The text of every comment after a line.
    inline: String,
    /// The lines of every comment above a line, each after its length.
    above: String,
}

/// What is kept of a line besides its comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineFacts {
    /// Where the line is.
    pub location: Location,
    /// The `##@` section in force at the line.
    pub section: Option<SectionId>,
    /// The line is in a conditional branch that could not be decided.
    pub conditional: bool,
}

/// The comments of a line, as given by [`RuleLines::add_comments`]:
/// several targets of one line share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CommentsId(NonZeroU32);

/// One index plus one, or `None` past four billion.
fn one_based(index: usize) -> Option<NonZeroU32> {
    u32::try_from(index)
        .ok()
        .and_then(|i| i.checked_add(1))
        .and_then(NonZeroU32::new)
}

impl RuleLines {
    /// Keeps the comments of a line: the comment after it (`#`s included)
    /// and the comment lines directly above it. `None` when there is none,
    /// or when comments already take 4 GiB (they are then not kept).
    pub(crate) fn add_comments(
        &mut self,
        inline: Option<&str>,
        above: &[String],
    ) -> Option<CommentsId> {
        self.add_rule_comments(inline, above, 0)
    }

    /// Keeps the comments of a rule line as [`RuleLines::add_comments`]
    /// does, with the number of targets the line named when a variable or
    /// function gave them (0 when they were written out).
    pub(crate) fn add_rule_comments(
        &mut self,
        inline: Option<&str>,
        above: &[String],
        expanded_targets: u32,
    ) -> Option<CommentsId> {
        let inline = inline.unwrap_or_default();
        if inline.is_empty() && above.is_empty() {
            return None;
        }
        let above_len: usize = above.iter().map(|l| l.len() + MAX_PREFIX).sum();
        if self.inline.len() + inline.len() > u32::MAX as usize
            || self.above.len() + above_len > u32::MAX as usize
        {
            return None;
        }
        // Checked above: both buffers stay within `u32`.
        let start = self.inline.len();
        self.inline.push_str(inline);
        let inline = Span::between(start, self.inline.len());
        let start = self.above.len();
        for line in above {
            encode_into(&mut self.above, line);
        }
        let above = Span::between(start, self.above.len());
        let id = one_based(self.comments.len())?;
        self.comments.push(Comments {
            inline,
            above,
            expanded_targets,
        });
        Some(CommentsId(id))
    }

    /// Adds a line at the end of `chain`; returns the chain. The line is
    /// not kept, and the chain is returned unchanged, past four billion
    /// lines.
    pub(crate) fn add(
        &mut self,
        chain: Chain,
        facts: LineFacts,
        comments: Option<CommentsId>,
    ) -> Chain {
        let Some(id) = one_based(self.lines.len()) else {
            return chain;
        };
        // The new last line leads to the first one, which the old last
        // line led to; the old last line now leads to it.
        let next = match chain {
            None => id,
            Some(last) => std::mem::replace(&mut self.line_mut(last).next, id),
        };
        self.lines.push(Line {
            facts,
            next,
            comments: comments.map(|c| c.0),
        });
        Some(id)
    }

    fn line_mut(&mut self, id: NonZeroU32) -> &mut Line {
        &mut self.lines[id.get() as usize - 1]
    }

    fn line(&self, id: NonZeroU32) -> &Line {
        &self.lines[id.get() as usize - 1]
    }

    /// The lines of a chain, in the order they were added.
    #[must_use]
    pub(crate) fn chain(&self, chain: Chain) -> RuleLineIter<'_> {
        RuleLineIter {
            store: self,
            next: chain.map(|last| self.line(last).next),
            last: chain,
        }
    }

    /// Gives back the room the lists grew into.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.lines.shrink_to_fit();
        self.comments.shrink_to_fit();
        self.inline.shrink_to_fit();
        self.above.shrink_to_fit();
    }
}

/// The lines of a chain, in the order they were added.
#[derive(Clone)]
pub struct RuleLineIter<'m> {
    store: &'m RuleLines,
    next: Option<NonZeroU32>,
    last: Chain,
}

impl<'m> Iterator for RuleLineIter<'m> {
    type Item = RuleLine<'m>;

    fn next(&mut self) -> Option<RuleLine<'m>> {
        let id = self.next?;
        self.next = if Some(id) == self.last {
            None
        } else {
            Some(self.store.line(id).next)
        };
        Some(RuleLine {
            lines: self.store,
            id,
        })
    }
}

/// A line that names a target: one of its rule lines or `.PHONY` lines.
#[derive(Clone, Copy)]
pub struct RuleLine<'m> {
    lines: &'m RuleLines,
    id: NonZeroU32,
}

impl PartialEq for RuleLine<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.location() == other.location()
            && self.section() == other.section()
            && self.conditional() == other.conditional()
            && self.inline_comment() == other.inline_comment()
            && self.comment_above() == other.comment_above()
    }
}

impl Eq for RuleLine<'_> {}

impl std::fmt::Debug for RuleLine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleLine")
            .field("location", &self.location())
            .field("section", &self.section())
            .field("conditional", &self.conditional())
            .field("inline_comment", &self.inline_comment())
            .field("comment_above", &self.comment_above())
            .finish()
    }
}

impl<'m> RuleLine<'m> {
    fn line(self) -> &'m Line {
        self.lines.line(self.id)
    }

    fn comments(self) -> Option<&'m Comments> {
        let id = self.line().comments?;
        self.lines.comments.get(id.get() as usize - 1)
    }

    /// Where the line is.
    #[must_use]
    pub fn location(self) -> Location {
        self.line().facts.location
    }

    /// The `##@` section in force at the line.
    #[must_use]
    pub(crate) fn section(self) -> Option<SectionId> {
        self.line().facts.section
    }

    /// The line is in a conditional branch that could not be decided.
    #[must_use]
    pub fn conditional(self) -> bool {
        self.line().facts.conditional
    }

    /// The line has a comment after it or above it.
    #[must_use]
    pub(crate) fn has_comments(self) -> bool {
        self.line().comments.is_some()
    }

    /// The comment after the line, `#`s included, if any.
    #[must_use]
    pub fn inline_comment(self) -> Option<&'m str> {
        let span = self.comments()?.inline;
        // Only whole `&str`s are kept: the slice falls between characters.
        self.lines
            .inline
            .get(span.range())
            .filter(|text| !text.is_empty())
    }

    /// How many targets the line named when a variable or function gave
    /// them (`$(OBJ): | dirs`); 0 when they were written out, and for a
    /// line without comments (it is not needed then).
    #[must_use]
    pub(crate) fn expanded_targets(self) -> u32 {
        self.comments().map_or(0, |c| c.expanded_targets)
    }

    /// The comment lines directly above the line, `#`s included.
    #[must_use]
    pub(crate) fn comment_above(self) -> NameSlice<'m> {
        self.comments().map_or_else(NameSlice::default, |c| {
            NameSlice::from_encoded(&self.lines.above[c.above.range()])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(line: u32) -> LineFacts {
        LineFacts {
            location: Location { file: 0, line },
            section: None,
            conditional: line.is_multiple_of(2),
        }
    }

    fn numbers(lines: &RuleLines, chain: Chain) -> Vec<u32> {
        lines.chain(chain).map(|l| l.location().line).collect()
    }

    /// One line of a large tree for each target: a field more is megabytes
    /// more.
    #[test]
    fn a_line_stays_small() {
        assert_eq!(size_of::<Line>(), 24);
        assert_eq!(size_of::<Chain>(), 4);
    }

    #[test]
    fn chains_keep_their_lines_in_order_when_added_in_turn() {
        let mut lines = RuleLines::default();
        let (mut a, mut b, none): (Chain, Chain, Chain) = (None, None, None);
        for n in 1..=7 {
            if n % 3 == 0 {
                b = lines.add(b, facts(n), None);
            } else {
                a = lines.add(a, facts(n), None);
            }
        }
        assert_eq!(numbers(&lines, a), [1, 2, 4, 5, 7]);
        assert_eq!(numbers(&lines, b), [3, 6]);
        assert!(numbers(&lines, none).is_empty());
        let single = lines.add(None, facts(8), None);
        assert_eq!(numbers(&lines, single), [8]);
        let conditional: Vec<bool> = lines.chain(b).map(RuleLine::conditional).collect();
        assert_eq!(conditional, [false, true]);
    }

    #[test]
    fn comments_come_back_as_given_and_are_shared() {
        let mut lines = RuleLines::default();
        assert_eq!(lines.add_comments(None, &[]), None);
        let above = [
            "## one".to_string(),
            String::new(),
            "# new\nline".to_string(),
        ];
        let both = lines.add_comments(Some("## inline"), &above);
        let only_above = lines.add_comments(None, &above[..1]);
        let first = lines.add(None, facts(1), both);
        let second = lines.add(None, facts(2), both);
        let third = lines.add(None, facts(3), only_above);
        let plain = lines.add(None, facts(4), None);
        for chain in [first, second] {
            let line = lines.chain(chain).next().expect("a line");
            assert_eq!(line.inline_comment(), Some("## inline"));
            assert_eq!(
                line.comment_above().iter().collect::<Vec<_>>(),
                ["## one", "", "# new\nline"]
            );
        }
        let line = lines.chain(third).next().expect("a line");
        assert_eq!(line.inline_comment(), None);
        assert_eq!(line.comment_above().iter().collect::<Vec<_>>(), ["## one"]);
        assert!(line.has_comments());
        let line = lines.chain(plain).next().expect("a line");
        assert!(!line.has_comments());
        assert_eq!(
            (line.inline_comment(), line.comment_above().len()),
            (None, 0)
        );
    }
}
