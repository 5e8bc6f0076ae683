//! A list of names in one run of bytes: how a rule's prerequisites are
//! gathered ([`NameList`]), and how the model keeps every target's, one
//! list after the other in one buffer (read as [`NameSlice`]s). A large
//! tree has a list for each of its hundreds of thousands of targets, most
//! of one to three short names; a `Vec<String>` would take an allocation
//! for the list and one for each name, and 24 bytes per name before its
//! text.
//!
//! Each name is stored as its length, six bits a byte from the lowest
//! (`0x40` set on every byte but the last), then its text. Names are kept
//! as make gives them: any character but the ones that separate words may
//! be in one, NUL and newline included (a `$(wildcard)` match can hold a
//! newline), so no character can serve as a separator. The length bytes
//! are ASCII, so a list is text as a whole, and its names are read back as
//! `&str` without checking their UTF-8 again.

use std::fmt;

/// The room [`NameList::clear`] keeps at most.
const KEPT_ROOM: usize = 64 << 10;

/// Names in order, in one allocation (none while empty).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct NameList {
    text: String,
}

impl NameList {
    /// An empty list.
    #[must_use]
    pub const fn new() -> Self {
        NameList {
            text: String::new(),
        }
    }

    /// The names, to read.
    #[must_use]
    pub fn as_slice(&self) -> NameSlice<'_> {
        NameSlice { text: &self.text }
    }

    /// No name.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// How many names (counted: the list does not keep the number).
    #[must_use]
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// The names in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        self.as_slice().iter()
    }

    /// The names as [`NameSlice::as_encoded`] gives them, kept.
    pub(crate) fn into_encoded(self) -> String {
        self.text
    }

    /// Adds a name at the end.
    pub fn push(&mut self, name: &str) {
        encode_into(&mut self.text, name);
    }

    /// Removes every name, keeping the room they took up to 64 KiB: a
    /// list reused for every rule does not keep the room of the longest
    /// one.
    pub fn clear(&mut self) {
        if self.text.capacity() > KEPT_ROOM {
            self.text = String::new();
        } else {
            self.text.clear();
        }
    }
}

/// Names in order, borrowed: from a [`NameList`] or from the model's
/// buffer of lists.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NameSlice<'a> {
    text: &'a str,
}

impl<'a> NameSlice<'a> {
    /// The names in `text`, which holds whole names as a [`NameList`]
    /// stores them (see [`NameSlice::as_encoded`]).
    pub(crate) fn from_encoded(text: &'a str) -> Self {
        NameSlice { text }
    }

    /// The names as a [`NameList`] stores them.
    pub(crate) fn as_encoded(self) -> &'a str {
        self.text
    }

    /// No name.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.text.is_empty()
    }

    /// How many names (counted: the list does not keep the number).
    #[must_use]
    pub fn len(self) -> usize {
        self.iter().count()
    }

    /// The names in order.
    #[must_use]
    pub fn iter(self) -> Iter<'a> {
        Iter { rest: self.text }
    }

    /// The names with `separator` between them.
    #[must_use]
    pub fn join(self, separator: &str) -> String {
        let mut joined = String::new();
        for (i, name) in self.iter().enumerate() {
            if i > 0 {
                joined.push_str(separator);
            }
            joined.push_str(name);
        }
        joined
    }

    /// The names without the later of equal ones, in order (make keeps
    /// the first mention of a prerequisite); `None` when none repeats.
    #[must_use]
    pub fn deduped(self) -> Option<NameList> {
        // Most lists are short and hold no duplicate: no list of names for
        // them.
        let names = self.iter();
        let short_and_unique = names
            .clone()
            .enumerate()
            .all(|(i, name)| i < SHORT_LIST && !names.clone().take(i).any(|before| before == name));
        if short_and_unique {
            return None;
        }
        let mut names: Vec<&str> = names.collect();
        let kept = dedup_in_order(&mut names);
        if kept == names.len() {
            return None;
        }
        let mut list = NameList::new();
        list.text
            .reserve_exact(names[..kept].iter().map(|n| encoded_len(n)).sum());
        for name in &names[..kept] {
            list.push(name);
        }
        Some(list)
    }
}

/// Where a run of bytes is in a buffer that holds many: a list of names
/// in the model's buffer of lists, or a comment in the buffer of comments.
/// Eight bytes: such buffers are kept within 4 GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl Span {
    /// The run from `start` to `end`, both within `u32` (the caller keeps
    /// its buffer so).
    pub(crate) fn between(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            len: (end - start) as u32,
        }
    }

    /// The run as a range of indexes into its buffer.
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// Lists this short are looked through for duplicates, not hashed (and
/// the reader gathers their words on the stack).
pub(crate) const SHORT_LIST: usize = 16;

/// Keeps the first of equal items, in order (make keeps the first mention
/// of a prerequisite), at the front of `list`; returns how many are kept.
pub(crate) fn dedup_in_order<T: AsRef<[u8]>>(list: &mut [T]) -> usize {
    if list.len() < 2 {
        return list.len();
    }
    if list.len() <= SHORT_LIST {
        // Few items: scanning the ones kept is cheaper than hashing, and
        // needs no list of what to keep.
        let mut kept = 0;
        for i in 0..list.len() {
            if !list[..kept].iter().any(|k| k.as_ref() == list[i].as_ref()) {
                list.swap(kept, i);
                kept += 1;
            }
        }
        return kept;
    }
    let keep: Vec<bool> = {
        let mut seen: hashbrown::HashSet<&[u8]> = hashbrown::HashSet::with_capacity(list.len());
        list.iter().map(|item| seen.insert(item.as_ref())).collect()
    };
    let mut kept = 0;
    for (i, keep) in keep.into_iter().enumerate() {
        if keep {
            list.swap(kept, i);
            kept += 1;
        }
    }
    kept
}

/// The most bytes the length of a name takes in a list (a length within
/// `u32`, six bits a byte).
pub(crate) const MAX_PREFIX: usize = 6;

/// Set on each length byte that another follows.
const MORE: u8 = 0x40;

/// Writes a name at the end of `text` as a [`NameList`] stores it: a
/// buffer of such names reads back as a [`NameSlice`].
#[inline]
pub(crate) fn encode_into(text: &mut String, name: &str) {
    let mut len = name.len();
    while len >= usize::from(MORE) {
        text.push(char::from((len & 0x3f) as u8 | MORE));
        len >>= 6;
    }
    text.push(char::from(len as u8));
    text.push_str(name);
}

/// The bytes a name takes in a list.
fn encoded_len(name: &str) -> usize {
    prefix_len(name.len()) + name.len()
}

/// The bytes the length of a name of `len` bytes takes in a list.
fn prefix_len(len: usize) -> usize {
    let mut prefix = 1;
    let mut rest = len >> 6;
    while rest > 0 {
        prefix += 1;
        rest >>= 6;
    }
    prefix
}

/// The names of a [`NameList`], in order.
#[derive(Clone)]
pub struct Iter<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let mut len = 0usize;
        let mut shift = 0;
        let mut prefix = 0;
        for &byte in self.rest.as_bytes() {
            prefix += 1;
            len |= usize::from(byte & 0x3f) << shift;
            if byte & MORE == 0 {
                break;
            }
            shift += 6;
        }
        if prefix == 0 {
            return None;
        }
        // The length bytes are ASCII and the name is whole text: both ends
        // are on character boundaries (checked by the slicing).
        let name = &self.rest[prefix..prefix + len];
        self.rest = &self.rest[prefix + len..];
        Some(name)
    }
}

impl<'a> IntoIterator for &'a NameList {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for NameSlice<'a> {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for NameList {
    fn from_iter<I: IntoIterator<Item = S>>(names: I) -> Self {
        let mut list = NameList::new();
        for name in names {
            list.push(name.as_ref());
        }
        list
    }
}

impl fmt::Debug for NameList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl fmt::Debug for NameSlice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for NameSlice<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_as_pushed() {
        let long = "x".repeat(200);
        let longer = "é".repeat(10_000);
        let cases: &[&[&str]] = &[
            &[],
            &["a"],
            &["t0", "src/p0/t1.c", "t0"],
            &["", "a b", "nul\0inside", "new\nline"],
            &[&"y".repeat(63), &"z".repeat(64), &long, &longer],
            &["é", &"é".repeat(32)],
        ];
        for &names in cases {
            let list: NameList = names.iter().collect();
            assert_eq!(list.iter().collect::<Vec<_>>(), names);
            assert_eq!(list.len(), names.len());
            assert_eq!(list.is_empty(), names.is_empty());
            assert_eq!(list.as_slice().join("|"), names.join("|"));
            let size: usize = names.iter().map(|n| encoded_len(n)).sum();
            assert_eq!(list.text.len(), size, "{names:?}");
        }
    }

    #[test]
    fn a_length_takes_six_bits_a_byte() {
        for (len, bytes) in [(0, 1), (63, 1), (64, 2), (4095, 2), (4096, 3)] {
            assert_eq!(prefix_len(len), bytes, "{len}");
        }
        assert_eq!(prefix_len(u32::MAX as usize), MAX_PREFIX);
    }

    #[test]
    fn dedup_keeps_the_first_of_equal_names() {
        // 40 names (the hashing path): p0..p24, then p0..p14 again.
        let long: Vec<String> = (0..40).map(|i| format!("p{}", i % 25)).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        let first_25: Vec<String> = (0..25).map(|i| format!("p{i}")).collect();
        let first_25: Vec<&str> = first_25.iter().map(String::as_str).collect();
        let mut p3_first = vec!["p3"];
        p3_first.extend(first_25.iter().filter(|&&n| n != "p3"));
        let mut p3_then_long = vec!["p3"];
        p3_then_long.extend(&long);
        let cases: &[(&[&str], &[&str])] = &[
            (&[], &[]),
            (&["a"], &["a"]),
            (&["a", "b", "a", "c", "b"], &["a", "b", "c"]),
            (&["b", "a", "b", "c"], &["b", "a", "c"]),
            (&long, &first_25),
            (&p3_then_long, &p3_first),
        ];
        for &(names, kept) in cases {
            let list: NameList = names.iter().collect();
            let deduped = list.as_slice().deduped();
            let got = deduped.as_ref().unwrap_or(&list);
            assert_eq!(got.iter().collect::<Vec<_>>(), kept, "{names:?}");
            assert_eq!(deduped.is_some(), kept.len() < names.len(), "{names:?}");
            let mut words = names.to_vec();
            let n = dedup_in_order(&mut words);
            assert_eq!(&words[..n], kept, "{names:?}");
        }
    }

    #[test]
    fn serializes_and_prints_as_a_list() {
        let list: NameList = ["a", "b\"c"].iter().collect();
        assert_eq!(format!("{list:?}"), r#"["a", "b\"c"]"#);
        assert_eq!(
            serde_json::to_string(&list.as_slice()).expect("serializes"),
            r#"["a","b\"c"]"#
        );
    }
}
