//! The targets of a makefile, in order of first appearance, and their
//! index by name.
//!
//! A target is what GNU make's database (`make -p`) lists as a target: a name
//! that appears before the colon of an explicit rule, or as a prerequisite of
//! `.PHONY` (manual 4.6, "Phony Targets"). Pattern rules, suffix rules and
//! special targets are rules but not targets (manual 4.9, 10.5, 10.7).
//!
//! A large tree has hundreds of thousands of targets, and `make-targets`
//! needs only their names: the names are kept one after the other in one
//! buffer, with two flags each, and the rest (`Details`) in a second list
//! that stays empty when the reading keeps names only. The prerequisite
//! lists, too, are kept one after the other in one buffer. A target is read
//! through a [`Target`], a view of those lists.

use std::fmt;
use std::sync::OnceLock;

use crate::model::Location;
use crate::model::packed_names::{NameSlice, Span};
use crate::model::rule_lines::{Chain, CommentsId, LineFacts, RuleLine, RuleLineIter, RuleLines};

/// A target's place in [`Targets`], in order of first appearance.
pub(crate) type TargetId = usize;

/// What a target is besides its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Flags {
    /// Listed as a prerequisite of `.PHONY`.
    pub phony: bool,
    /// Defined with `::`.
    pub double_colon: bool,
    /// Some rule gives it a recipe (kept when docs are).
    pub recipe: bool,
}

/// What is known about a target besides its name and [`Flags`]. Which lists
/// are filled depends on the reading's [`crate::config::Detail`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Details {
    /// Normal prerequisites (see [`Target::prerequisites`]).
    prerequisites: Span,
    /// Order-only prerequisites (see [`Target::order_only`]).
    order_only: Span,
    /// The rule lines that name it (see [`Target::definitions`]).
    definitions: Chain,
    /// The `.PHONY` lines that name it (see [`Target::phony_lines`]).
    phony_lines: Chain,
}

/// The details of a target when the reading kept none.
static NO_DETAILS: Details = Details {
    prerequisites: Span { start: 0, len: 0 },
    order_only: Span { start: 0, len: 0 },
    definitions: None,
    phony_lines: None,
};

/// The most bytes of prerequisite lists kept in all: a list's place is a
/// `u32`, to keep [`Details`] small.
const MAX_LIST_BYTES: usize = u32::MAX as usize;

/// Where a list goes when names are added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Nothing is added.
    Unchanged,
    /// Written at the end of the buffer: the list is new, or last and
    /// without room.
    AtEnd,
    /// Written into the room after it.
    IntoRoom,
    /// Moved to the end of the buffer, with as much room again; `room`:
    /// the room it had (its place is then left unused).
    Moved { room: Option<u32> },
}

/// One target, as read from [`Targets`]: two words, copied freely.
#[derive(Clone, Copy)]
pub struct Target<'m> {
    targets: &'m Targets,
    id: TargetId,
}

impl PartialEq for Target<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
            && self.flags() == other.flags()
            && self.prerequisites() == other.prerequisites()
            && self.order_only() == other.order_only()
            && self.definitions().eq(other.definitions())
            && self.phony_lines().eq(other.phony_lines())
    }
}

impl Eq for Target<'_> {}

impl fmt::Debug for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name())
            .field("flags", &self.flags())
            .field("prerequisites", &self.prerequisites())
            .field("order_only", &self.order_only())
            .field("definitions", &self.definitions().collect::<Vec<_>>())
            .field("phony_lines", &self.phony_lines().collect::<Vec<_>>())
            .finish()
    }
}

impl<'m> Target<'m> {
    /// The name.
    #[must_use]
    pub fn name(self) -> &'m str {
        self.targets.name(self.id)
    }

    /// What it is besides its name.
    #[must_use]
    pub(crate) fn flags(self) -> Flags {
        self.targets.flags[self.id]
    }

    /// Listed as a prerequisite of `.PHONY`.
    #[must_use]
    pub fn phony(self) -> bool {
        self.flags().phony
    }

    /// Defined with `::`.
    #[must_use]
    pub fn double_colon(self) -> bool {
        self.flags().double_colon
    }

    /// Some rule line gives it a recipe (known when the reading keeps
    /// docs).
    #[must_use]
    pub fn has_recipe(self) -> bool {
        self.flags().recipe
    }

    /// Everything else known about it (empty when the reading kept names
    /// only).
    fn details(self) -> &'m Details {
        self.targets.details.get(self.id).unwrap_or(&NO_DETAILS)
    }

    /// Normal prerequisites, in order, without duplicates.
    #[must_use]
    pub(crate) fn prerequisites(self) -> NameSlice<'m> {
        self.targets.list(self.details().prerequisites)
    }

    /// Order-only prerequisites (after `|`), in order, without duplicates.
    #[must_use]
    pub(crate) fn order_only(self) -> NameSlice<'m> {
        self.targets.list(self.details().order_only)
    }

    /// The rule lines that name it, in reading order.
    #[must_use]
    pub fn definitions(self) -> RuleLineIter<'m> {
        self.targets.rule_lines.chain(self.details().definitions)
    }

    /// The `.PHONY` lines that name it, in reading order; each has its
    /// inline comment when it names only this target.
    #[must_use]
    pub fn phony_lines(self) -> RuleLineIter<'m> {
        self.targets.rule_lines.chain(self.details().phony_lines)
    }

    /// Where the target was first defined (or named phony).
    #[must_use]
    pub fn first_location(self) -> Option<Location> {
        self.definitions()
            .next()
            .or_else(|| self.phony_lines().next())
            .map(RuleLine::location)
    }

    /// The inline comment of the last `.PHONY: name # doc` line naming
    /// only it.
    #[must_use]
    pub(crate) fn phony_comment(self) -> Option<&'m str> {
        self.phony_lines()
            .filter_map(RuleLine::inline_comment)
            .last()
    }

    /// The target only exists in branches that could not be decided.
    #[must_use]
    pub fn is_conditional(self) -> bool {
        let mut definitions = self.definitions().peekable();
        definitions.peek().is_some() && definitions.all(RuleLine::conditional)
    }
}

/// The targets of a makefile, in order of first appearance.
#[derive(Clone, Default)]
pub struct Targets {
    /// Every name, one after the other.
    names: String,
    /// Where each name ends in `names`; it starts where the one before
    /// ends.
    ends: Vec<usize>,
    flags: Vec<Flags>,
    /// One for each target, or fewer: targets past the end have none.
    details: Vec<Details>,
    /// The prerequisite lists of every target, as [`crate::model::packed_names::NameList`]s store
    /// them, one after the other (see [`Targets::add_prerequisites`]).
    lists: String,
    /// How many bytes of `lists` no list holds any longer.
    unused: usize,
    /// The room after lists that moved to the end of `lists` (see
    /// [`Targets::extend_list`]), by where they start: how many bytes from
    /// their start they may fill.
    rooms: hashbrown::HashMap<u32, u32>,
    /// The lines that name targets, with their comments.
    rule_lines: RuleLines,
    /// Ids sorted by name (see [`Targets::index`]).
    by_name: OnceLock<Vec<TargetId>>,
}

impl PartialEq for Targets {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Targets {}

impl fmt::Debug for Targets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'m> IntoIterator for &'m Targets {
    type Item = Target<'m>;
    type IntoIter = TargetIter<'m>;

    fn into_iter(self) -> TargetIter<'m> {
        self.iter()
    }
}

/// The targets in order of first appearance.
#[derive(Clone)]
pub struct TargetIter<'m> {
    targets: &'m Targets,
    ids: std::ops::Range<TargetId>,
}

impl<'m> Iterator for TargetIter<'m> {
    type Item = Target<'m>;

    fn next(&mut self) -> Option<Target<'m>> {
        self.ids.next().map(|id| self.targets.get(id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl ExactSizeIterator for TargetIter<'_> {}

impl DoubleEndedIterator for TargetIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.ids.next_back().map(|id| self.targets.get(id))
    }
}

/// From this many targets on, the name index is sorted on two threads
/// (see [`Targets::sort_in_halves`]): fewer sort in less time than a
/// thread takes to start.
const PARALLEL_SORT: usize = 1 << 15;

/// The first eight bytes of a name as a big-endian integer (zero-padded):
/// ordered as the names are, when they differ in those bytes.
fn prefix_key(name: &str) -> u64 {
    let mut key = [0u8; 8];
    let n = name.len().min(8);
    key[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(key)
}

impl Targets {
    /// How many targets.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// No target.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The targets in order of first appearance.
    #[must_use]
    pub fn iter(&self) -> TargetIter<'_> {
        TargetIter {
            targets: self,
            ids: 0..self.len(),
        }
    }

    /// The target with this id.
    ///
    /// # Panics
    ///
    /// If there is no such target.
    #[must_use]
    pub(crate) fn get(&self, id: TargetId) -> Target<'_> {
        assert!(id < self.len(), "no target {id}");
        Target { targets: self, id }
    }

    /// The name of the target with this id.
    ///
    /// # Panics
    ///
    /// If there is no such target.
    #[must_use]
    pub fn name(&self, id: TargetId) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.names[start..self.ends[id]]
    }

    /// Adds a target (whether one has the name already is not checked).
    pub(crate) fn push(&mut self, name: &str) -> TargetId {
        self.by_name.take();
        self.names.push_str(name);
        self.ends.push(self.names.len());
        self.flags.push(Flags::default());
        self.ends.len() - 1
    }

    /// The flags of a target, to change.
    ///
    /// # Panics
    ///
    /// If there is no such target.
    pub(crate) fn flags_mut(&mut self, id: TargetId) -> &mut Flags {
        &mut self.flags[id]
    }

    /// Keeps the comments of a rule line, for [`Targets::add_definition`]
    /// (see [`RuleLines::add_comments`]).
    #[cfg(test)]
    pub(crate) fn add_comments(
        &mut self,
        inline: Option<&str>,
        above: &[String],
    ) -> Option<CommentsId> {
        self.rule_lines.add_comments(inline, above)
    }

    /// Keeps the comments of a rule line whose targets a variable or
    /// function may have given (see [`RuleLines::add_rule_comments`]).
    pub(crate) fn add_rule_comments(
        &mut self,
        inline: Option<&str>,
        above: &[String],
        expanded_targets: u32,
    ) -> Option<CommentsId> {
        self.rule_lines
            .add_rule_comments(inline, above, expanded_targets)
    }

    /// Adds a rule line that names a target, after the ones it has.
    ///
    /// # Panics
    ///
    /// If there is no such target.
    pub(crate) fn add_definition(
        &mut self,
        id: TargetId,
        facts: LineFacts,
        comments: Option<CommentsId>,
    ) {
        let chain = self.details_mut(id).definitions;
        let chain = self.rule_lines.add(chain, facts, comments);
        self.details[id].definitions = chain;
    }

    /// Adds a `.PHONY` line that names a target, with its inline comment
    /// (`#`s included) when it names only this target.
    ///
    /// # Panics
    ///
    /// If there is no such target.
    pub(crate) fn add_phony_line(
        &mut self,
        id: TargetId,
        location: Location,
        comment: Option<&str>,
    ) {
        let comments = self.rule_lines.add_comments(comment, &[]);
        let chain = self.details_mut(id).phony_lines;
        let facts = LineFacts {
            location,
            section: None,
            conditional: false,
        };
        let chain = self.rule_lines.add(chain, facts, comments);
        self.details[id].phony_lines = chain;
    }

    /// The details of a target, to change: made for it (and the targets
    /// before it) on first use.
    fn details_mut(&mut self, id: TargetId) -> &mut Details {
        assert!(id < self.len(), "no target {id}");
        if self.details.len() <= id {
            self.details.resize_with(id + 1, Details::default);
        }
        &mut self.details[id]
    }

    /// Adds names at the end of a target's prerequisites and order-only
    /// prerequisites (duplicates are removed by
    /// [`Targets::dedup_prerequisites`]). Returns `false`, and adds none,
    /// when the lists of all targets would take more than 4 GiB.
    ///
    /// # Panics
    ///
    /// If there is no such target.
    pub(crate) fn add_prerequisites(
        &mut self,
        id: TargetId,
        prerequisites: NameSlice<'_>,
        order_only: NameSlice<'_>,
    ) -> bool {
        let details = self.details_mut(id);
        let (normal, order) = (details.prerequisites, details.order_only);
        let needed = self.growth(normal, prerequisites) + self.growth(order, order_only);
        if self.lists.len() + needed > MAX_LIST_BYTES {
            return false;
        }
        let normal = self.extend_list(normal, prerequisites);
        let order = self.extend_list(order, order_only);
        let details = &mut self.details[id];
        details.prerequisites = normal;
        details.order_only = order;
        true
    }

    /// Where a list goes when `more` bytes are added to it (see
    /// [`Targets::extend_list`]).
    fn placement(&self, span: Span, more: usize) -> Placement {
        if more == 0 {
            return Placement::Unchanged;
        }
        let room = self.rooms.get(&span.start).copied();
        match room {
            _ if span.len == 0 => Placement::AtEnd,
            None if span.range().end == self.lists.len() => Placement::AtEnd,
            Some(room) if span.len as usize + more <= room as usize => Placement::IntoRoom,
            _ => Placement::Moved { room },
        }
    }

    /// How much [`Targets::extend_list`] grows the buffer (an upper bound
    /// when both lists of a target move: the second starts after the first).
    fn growth(&self, span: Span, more: NameSlice<'_>) -> usize {
        let more = more.as_encoded().len();
        match self.placement(span, more) {
            Placement::Unchanged | Placement::IntoRoom => 0,
            Placement::AtEnd => more,
            Placement::Moved { .. } => 2 * (span.len as usize + more),
        }
    }

    /// A list with `more` at its end (room checked by the caller): in
    /// place when it is the last one in the buffer or has room after it;
    /// else moved to the end, with as much room again after it, so that
    /// a list that keeps growing between others moves a logarithmic number
    /// of times.
    ///
    /// The place a list leaves is never used again, but it is at most
    /// half the buffer: a list leaves at most its room, which is at most
    /// twice its length when it last moved, and the place it takes is
    /// more than twice that length. The buffer thus stays within twice
    /// what the lists hold and their room, and within four times what
    /// they hold.
    fn extend_list(&mut self, span: Span, more: NameSlice<'_>) -> Span {
        let more = more.as_encoded();
        let len = span.len as usize + more.len();
        let start = match self.placement(span, more.len()) {
            Placement::Unchanged => return span,
            Placement::AtEnd => {
                let start = if span.len == 0 {
                    self.lists.len()
                } else {
                    span.start as usize
                };
                self.lists.push_str(more);
                start
            }
            Placement::IntoRoom => {
                // The room holds NULs: its bytes are whole characters.
                let end = span.range().end;
                self.lists.replace_range(end..end + more.len(), more);
                span.start as usize
            }
            Placement::Moved { room } => {
                let start = self.lists.len();
                self.lists.extend_from_within(span.range());
                self.lists.push_str(more);
                self.lists.extend(std::iter::repeat_n('\0', len));
                self.unused += room.map_or(span.len as usize, |room| room as usize);
                self.rooms.remove(&span.start);
                // Within `u32`: room checked by the caller.
                self.rooms.insert(start as u32, (2 * len) as u32);
                start
            }
        };
        Span::between(start, start + len)
    }

    /// Copies every list into a new buffer, in order, without the bytes
    /// no list holds and without the room after them: no list grows any
    /// more.
    fn pack_lists(&mut self) {
        let held: usize = self
            .details
            .iter()
            .map(|d| (d.prerequisites.len + d.order_only.len) as usize)
            .sum();
        let mut lists = String::with_capacity(held);
        for details in &mut self.details {
            for span in [&mut details.prerequisites, &mut details.order_only] {
                let old = span.range();
                // Within `u32`: the lists took more room before.
                span.start = lists.len() as u32;
                lists.push_str(&self.lists[old]);
            }
        }
        self.lists = lists;
        self.rooms.clear();
        self.unused = 0;
    }

    /// A list of names in the buffer.
    fn list(&self, span: Span) -> NameSlice<'_> {
        NameSlice::from_encoded(&self.lists[span.range()])
    }

    /// Keeps the targets `keep` accepts, in order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(Target<'_>) -> bool) {
        let kept: Vec<bool> = self.iter().map(&mut keep).collect();
        if kept.iter().all(|&k| k) {
            return;
        }
        self.by_name.take();
        let mut names = String::with_capacity(self.names.len());
        let mut ends = Vec::with_capacity(self.len());
        for (id, _) in kept.iter().enumerate().filter(|(_, k)| **k) {
            names.push_str(self.name(id));
            ends.push(names.len());
        }
        let mut ids = kept.iter();
        self.flags.retain(|_| *ids.next().unwrap_or(&true));
        // The lists of the targets removed are no longer held.
        for (details, _) in self.details.iter().zip(&kept).filter(|(_, k)| !**k) {
            self.unused += (details.prerequisites.len + details.order_only.len) as usize;
        }
        let mut ids = kept.iter();
        self.details.retain(|_| *ids.next().unwrap_or(&true));
        self.names = names;
        self.ends = ends;
    }

    /// Gives back the room the lists grew into while reading.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.names.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.details.shrink_to_fit();
        self.lists.shrink_to_fit();
        self.rule_lines.shrink_to_fit();
    }

    /// Removes duplicate prerequisites, keeping the first of each (see
    /// [`NameSlice::deduped`]): each list that held one is rewritten in its
    /// place, shorter. Then, when some bytes are no longer held, the lists
    /// are packed into a buffer of their size: reading is done.
    pub(crate) fn dedup_prerequisites(&mut self) {
        for details in &mut self.details {
            for span in [&mut details.prerequisites, &mut details.order_only] {
                let list = NameSlice::from_encoded(&self.lists[span.range()]);
                if let Some(deduped) = list.deduped() {
                    // Written over the list, the rest of its place in NULs:
                    // the buffer keeps its length and stays whole text.
                    let mut text = deduped.into_encoded();
                    let len = text.len();
                    text.extend(std::iter::repeat_n('\0', span.len as usize - len));
                    self.lists.replace_range(span.range(), &text);
                    self.unused += span.len as usize - len;
                    // Shorter than before: within a `u32`.
                    span.len = len as u32;
                }
            }
        }
        // No list grows any more: the room after some goes (a list that
        // has room moved, and left bytes unused).
        if self.unused > 0 {
            self.pack_lists();
        }
    }

    /// The ids sorted by name (in reading order for equal names): sorted
    /// on first use, and kept until a target is added or removed. A
    /// listing that sorts its own entries (`make-help`) never needs it.
    fn index(&self) -> &[TargetId] {
        self.by_name.get_or_init(|| {
            let mut keyed: Vec<(u64, usize)> = (0..self.len())
                .map(|id| (prefix_key(self.name(id)), id))
                .collect();
            if keyed.len() >= PARALLEL_SORT
                && let Some(by_name) = self.sort_in_halves(&mut keyed)
            {
                return by_name;
            }
            self.sort_keyed(&mut keyed);
            let mut by_name: Vec<TargetId> = keyed.into_iter().map(|(_, id)| id).collect();
            // Collected in place: the list of keys, twice as long, would stay.
            by_name.shrink_to_fit();
            by_name
        })
    }

    /// Sorts ids paired with the [`prefix_key`] of their names by name, then
    /// reading order: as plain integers first, and only names that share
    /// their first eight bytes are then compared as names.
    fn sort_keyed(&self, keyed: &mut [(u64, usize)]) {
        // In place: a radix sort of the keys took 5 % fewer instructions
        // on 100,000 names, but its second list of keys raised the peak
        // memory of a million targets over 2× the input size.
        // By key alone: equal keys are ordered below, by name and then
        // reading order (comparing the pairs took a third more).
        keyed.sort_unstable_by_key(|&(key, _)| key);
        for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_by(|a, b| self.keyed_order(a, b));
            }
        }
    }

    /// The order of two ids paired with their [`prefix_key`]: by key, then
    /// by name (when the keys are equal), then in reading order.
    fn keyed_order(&self, a: &(u64, usize), b: &(u64, usize)) -> std::cmp::Ordering {
        a.0.cmp(&b.0)
            .then_with(|| self.name(a.1).cmp(self.name(b.1)))
            .then(a.1.cmp(&b.1))
    }

    /// The ids sorted by name, each half of `keyed` sorted on a thread of
    /// its own and the two merged: the reader's second thread is done by
    /// then, and so is the core it ran on. `None`, and nothing sorted,
    /// when no thread can be started. While they are merged, the keyed ids
    /// (16 bytes a target) and the sorted ones (8) are both held: 24 bytes
    /// a target at the peak, where one thread needs 16 (on the 100 MB file,
    /// 1.6 million targets, make-targets' peak went from 67 to 77 MiB).
    fn sort_in_halves(&self, keyed: &mut [(u64, usize)]) -> Option<Vec<TargetId>> {
        let len = keyed.len();
        let (first, second) = keyed.split_at_mut(len / 2);
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .spawn_scoped(scope, || self.sort_keyed(first))
                .ok()
                .map(|_| self.sort_keyed(second))
        })?;
        let mut by_name = Vec::with_capacity(len);
        let (mut first, mut second) = (first.iter().peekable(), second.iter().peekable());
        while let (Some(a), Some(b)) = (first.peek(), second.peek()) {
            let next = if self.keyed_order(a, b).is_le() {
                first.next()
            } else {
                second.next()
            };
            by_name.extend(next.map(|&(_, id)| id));
        }
        by_name.extend(first.chain(second).map(|&(_, id)| id));
        Some(by_name)
    }

    /// The ids sorted by name (in reading order for equal names).
    fn sorted_ids(&self) -> impl Iterator<Item = TargetId> + '_ {
        self.index().iter().copied()
    }

    /// The targets sorted by name (in reading order for equal names).
    #[must_use]
    pub fn sorted(&self) -> Vec<Target<'_>> {
        self.sorted_ids().map(|id| self.get(id)).collect()
    }

    /// Target names, sorted and without duplicates, one at a time.
    pub fn sorted_names(&self) -> impl Iterator<Item = &str> {
        let mut previous: Option<&str> = None;
        self.sorted_ids()
            .map(|id| self.name(id))
            .filter(move |&name| {
                let new = previous != Some(name);
                previous = Some(name);
                new
            })
    }

    /// The target with this name.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<Target<'_>> {
        let sorted = self.index();
        let at = sorted
            .binary_search_by(|&id| self.name(id).cmp(name))
            .ok()?;
        Some(self.get(sorted[at]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::packed_names::NameList;
    use crate::model::rule_lines::LineFacts;

    fn targets(names: &[&str]) -> Targets {
        let mut targets = Targets::default();
        for name in names {
            targets.push(name);
        }
        targets
    }

    /// A large tree has one of each for every target: a field more is
    /// megabytes more.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn what_each_target_keeps_stays_small() {
        assert_eq!(size_of::<Flags>(), 3);
        assert_eq!(size_of::<Details>(), 24);
        assert_eq!(size_of::<Target>(), 16);
    }

    #[test]
    fn names_sort_by_bytes_past_the_first_eight_and_without_duplicates() {
        let t = targets(&["b", "a", "b", "c", "a", "ab"]);
        assert_eq!(t.sorted_names().collect::<Vec<_>>(), ["a", "ab", "b", "c"]);
        assert_eq!(targets(&[]).sorted_names().count(), 0);
        let long = targets(&[
            "prefix-b",
            "prefix-ab",
            "prefix-a",
            "prefix-",
            "p",
            "prefix-a\0",
        ]);
        assert_eq!(
            long.sorted_names().collect::<Vec<_>>(),
            [
                "p",
                "prefix-",
                "prefix-a",
                "prefix-a\0",
                "prefix-ab",
                "prefix-b"
            ]
        );
        // Equal names: in reading order.
        let mut twice = targets(&["x", "w", "x"]);
        twice.flags_mut(2).phony = true;
        let phony: Vec<bool> = twice.sorted().iter().map(|t| t.phony()).collect();
        assert_eq!(phony, [false, false, true]);
    }

    #[test]
    fn a_large_index_sorted_in_halves_is_sorted_as_a_small_one() {
        // Past the threshold: names that share their first eight bytes or
        // not, equal names in both halves, non-ASCII bytes.
        let names: Vec<String> = (0..PARALLEL_SORT + 1001)
            .map(|i| match i % 4 {
                0 => format!("t{}", i % 5000),
                1 => format!("group-shared-{}", (i * 7919) % 3001),
                2 => format!("é{}", i % 97),
                _ => format!("z{i}"),
            })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let t = targets(&refs);
        let mut want: Vec<(&str, usize)> = refs.iter().copied().zip(0..).collect();
        want.sort_unstable();
        let want: Vec<usize> = want.into_iter().map(|(_, id)| id).collect();
        assert_eq!(t.index(), want);
        let mut keyed: Vec<(u64, usize)> = (0..t.len())
            .map(|id| (prefix_key(t.name(id)), id))
            .collect();
        assert_eq!(t.sort_in_halves(&mut keyed).as_deref(), Some(&want[..]));
    }

    #[test]
    fn the_index_follows_added_and_removed_targets() {
        let mut t = targets(&["zeta", "alpha", "mid", "beta"]);
        assert_eq!(
            t.sorted_names().collect::<Vec<_>>(),
            ["alpha", "beta", "mid", "zeta"]
        );
        for name in ["zeta", "alpha", "mid", "beta"] {
            assert_eq!(t.find(name).map(Target::name), Some(name));
        }
        assert!(t.find("gamma").is_none());
        // Added after the index was made: found.
        t.push("gamma");
        assert_eq!(t.find("gamma").map(Target::name), Some("gamma"));
        assert_eq!(t.sorted_names().count(), 5);
        t.retain(|t| t.name() != "alpha");
        assert!(t.find("alpha").is_none());
        assert_eq!(
            t.sorted_names().collect::<Vec<_>>(),
            ["beta", "gamma", "mid", "zeta"]
        );
    }

    #[test]
    fn retain_keeps_names_flags_and_details_together() {
        let mut t = targets(&["a", "bb", "", "ccc", "d"]);
        t.flags_mut(3).phony = true;
        let x: NameList = ["x"].iter().collect();
        assert!(t.add_prerequisites(1, x.as_slice(), NameSlice::default()));
        // Only the first two have details.
        t.retain(|t| t.name() != "a" && t.name() != "d");
        let kept: Vec<(&str, bool, String)> = t
            .iter()
            .map(|t| (t.name(), t.phony(), t.prerequisites().join(" ")))
            .collect();
        assert_eq!(
            kept,
            [
                ("bb", false, "x".to_string()),
                ("", false, String::new()),
                ("ccc", true, String::new())
            ]
        );
        assert_eq!(
            t.iter().rev().map(Target::name).collect::<Vec<_>>(),
            ["ccc", "", "bb"]
        );
    }

    fn names(text: &str) -> NameList {
        text.split_whitespace().collect()
    }

    fn lists(targets: &Targets, id: TargetId) -> (String, String) {
        let t = targets.get(id);
        (t.prerequisites().join(" "), t.order_only().join(" "))
    }

    #[test]
    fn prerequisites_grow_in_place_or_move_to_the_end() {
        let mut t = targets(&["a", "b", "c"]);
        let none = NameList::new();
        assert!(t.add_prerequisites(0, names("p1").as_slice(), names("o1").as_slice()));
        assert!(t.add_prerequisites(1, names("q1").as_slice(), none.as_slice()));
        // `a`'s lists are no longer last: they move.
        assert!(t.add_prerequisites(0, names("p2").as_slice(), none.as_slice()));
        assert!(t.add_prerequisites(0, none.as_slice(), names("o2").as_slice()));
        // `b`'s list is not last either; `c` has none.
        assert!(t.add_prerequisites(1, names("q1 q2").as_slice(), none.as_slice()));
        // Each list that moved has as much room again after it: `a`'s at
        // 9 (p1 p2, 6 bytes, room 12) and 21, `b`'s at 33 (9 bytes, room 18).
        let spans = |t: &Targets, id: usize| {
            let d = &t.details[id];
            (d.prerequisites.start, d.order_only.start)
        };
        assert_eq!((spans(&t, 0), spans(&t, 1).0), ((9, 21), 33));
        assert_eq!((t.lists.len(), t.unused), (51, 9));
        // `a`'s list grows into its room, in place.
        assert!(t.add_prerequisites(0, names("p2").as_slice(), none.as_slice()));
        assert_eq!((spans(&t, 0).0, t.lists.len()), (9, 51));
        assert_eq!(lists(&t, 0), ("p1 p2 p2".into(), "o1 o2".into()));
        assert_eq!(lists(&t, 1), ("q1 q1 q2".into(), String::new()));
        assert_eq!(lists(&t, 2), (String::new(), String::new()));
        t.dedup_prerequisites();
        assert_eq!(lists(&t, 1), ("q1 q2".into(), String::new()));
        assert_eq!(lists(&t, 0), ("p1 p2".into(), "o1 o2".into()));
        // Packed, without room: nothing unused is left.
        let held: usize = ["p1", "p2", "o1", "o2", "q1", "q2"].len() * 3;
        assert_eq!((t.lists.len(), t.unused, t.rooms.len()), (held, 0, 0));
    }

    #[test]
    fn lists_that_grow_in_turn_keep_the_buffer_within_four_times_their_size() {
        let mut t = targets(&["a", "b"]);
        let mut expected = [Vec::new(), Vec::new()];
        for round in 0..2_000 {
            for (id, want) in expected.iter_mut().enumerate() {
                let name = format!("n{round}");
                assert!(t.add_prerequisites(id, names(&name).as_slice(), NameSlice::default()));
                want.push(name);
                let held: usize = t.details.iter().map(|d| d.prerequisites.len as usize).sum();
                assert!(t.lists.len() <= 4 * held, "round {round}");
            }
        }
        for (id, want) in expected.iter().enumerate() {
            assert_eq!(lists(&t, id).0, want.join(" "));
        }
    }

    /// A rule line as added: its number, inline comment and lines above.
    type Line = (u32, Option<String>, Vec<String>);

    proptest::proptest! {
        /// Lists and lines added to targets in any order come back as
        /// added, duplicates removed once reading ends; the buffer of lists
        /// stays within four times what they hold (twice, with their room).
        #[test]
        fn lists_and_lines_come_back_in_the_order_added(
            steps in proptest::collection::vec(
                (0..4usize, 0..3u8, proptest::collection::vec("[a-c #\n]{0,3}", 0..4)),
                0..60,
            )
        ) {
            let mut t = targets(&["w", "x", "y", "z"]);
            let mut want: Vec<[Vec<String>; 2]> = vec![Default::default(); 4];
            let mut lines: Vec<Vec<Line>> = vec![Vec::new(); 4];
            for (n, (id, kind, words)) in steps.iter().enumerate() {
                let list: NameList = words.iter().collect();
                let none = NameList::new();
                let n = n as u32 + 1;
                let before = t.lists.len();
                let details = t.details.get(*id).cloned().unwrap_or_default();
                match kind {
                    0 => {
                        let growth = t.growth(details.prerequisites, list.as_slice());
                        proptest::prop_assert!(t.add_prerequisites(*id, list.as_slice(), none.as_slice()));
                        proptest::prop_assert_eq!(t.lists.len() - before, growth);
                        want[*id][0].extend(words.iter().cloned());
                    }
                    1 => {
                        let growth = t.growth(details.order_only, list.as_slice());
                        proptest::prop_assert!(t.add_prerequisites(*id, none.as_slice(), list.as_slice()));
                        proptest::prop_assert_eq!(t.lists.len() - before, growth);
                        want[*id][1].extend(words.iter().cloned());
                    }
                    _ => {
                        let inline = words.first().filter(|w| !w.is_empty()).cloned();
                        let comments = t.add_comments(inline.as_deref(), words);
                        let facts = LineFacts {
                            location: Location { file: 0, line: n },
                            section: None,
                            conditional: false,
                        };
                        t.add_definition(*id, facts, comments);
                        lines[*id].push((n, inline, words.clone()));
                    }
                }
                let held: usize = t
                    .details
                    .iter()
                    .map(|d| (d.prerequisites.len + d.order_only.len) as usize)
                    .sum();
                proptest::prop_assert!(t.lists.len() <= 4 * held);
                proptest::prop_assert!(2 * t.unused <= t.lists.len(), "at most half unused");
            }
            let check = |t: &Targets, dedup: bool| {
                for (id, [normal, order]) in want.iter().enumerate() {
                    let target = t.get(id);
                    for (got, want) in [(target.prerequisites(), normal), (target.order_only(), order)] {
                        let mut want = want.clone();
                        if dedup {
                            let mut seen = std::collections::HashSet::new();
                            want.retain(|w| seen.insert(w.clone()));
                        }
                        assert_eq!(got.iter().collect::<Vec<_>>(), want);
                    }
                    let got: Vec<Line> = target
                        .definitions()
                        .map(|l| {
                            let above = l.comment_above().iter().map(ToString::to_string).collect();
                            (l.location().line, l.inline_comment().map(ToString::to_string), above)
                        })
                        .collect();
                    assert_eq!(got, lines[id]);
                }
            };
            check(&t, false);
            t.dedup_prerequisites();
            check(&t, true);
            proptest::prop_assert_eq!(t.unused, 0);
        }
    }

    #[test]
    fn targets_are_equal_when_their_views_are() {
        let mut with_empty_details = targets(&["a", "b"]);
        with_empty_details.details_mut(0);
        assert_eq!(with_empty_details, targets(&["a", "b"]));
        with_empty_details.add_phony_line(1, Location { file: 0, line: 1 }, None);
        assert_ne!(with_empty_details, targets(&["a", "b"]));
    }
}
