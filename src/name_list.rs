//! A list of names in one run of bytes: how a rule's prerequisites are
//! gathered ([`NameList`]), and how the model keeps every target's, one
//! list after the other in one buffer (read as [`NameSlice`]s). A large
//! tree has a list for each of its hundreds of thousands of targets, most
//! of one to three short names; a `Vec<String>` would take an allocation
//! for the list and one for each name, and 24 bytes per name before its
//! text.
//!
//! Each name is stored as its length in LEB128 (seven bits a byte, the
//! high bit set on every byte but the last), then its bytes. Names are
//! kept as make gives them: any byte but the ones that separate words may
//! be in one, NUL and newline included (a `$(wildcard)` match can hold a
//! newline), so no byte can serve as a separator.

use std::fmt;

/// The room [`NameList::clear`] keeps at most.
const KEPT_ROOM: usize = 64 << 10;

/// Names in order, in one allocation (none while empty).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct NameList {
    bytes: Vec<u8>,
}

impl NameList {
    /// An empty list.
    #[must_use]
    pub const fn new() -> Self {
        NameList { bytes: Vec::new() }
    }

    /// The names, to read.
    #[must_use]
    pub fn as_slice(&self) -> NameSlice<'_> {
        NameSlice { bytes: &self.bytes }
    }

    /// No name.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
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

    /// Adds a name at the end.
    pub fn push(&mut self, name: &str) {
        self.push_bytes(name.as_bytes());
    }

    /// Adds a name that was taken whole from a list.
    fn push_bytes(&mut self, name: &[u8]) {
        encode_into(&mut self.bytes, name);
    }

    /// Removes every name, keeping the room they took up to 64 KiB: a
    /// list reused for every rule does not keep the room of the longest
    /// one.
    pub fn clear(&mut self) {
        if self.bytes.capacity() > KEPT_ROOM {
            self.bytes = Vec::new();
        } else {
            self.bytes.clear();
        }
    }
}

/// Names in order, borrowed: from a [`NameList`] or from the model's
/// buffer of lists.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NameSlice<'a> {
    bytes: &'a [u8],
}

impl<'a> NameSlice<'a> {
    /// The names in `bytes`, which hold whole names as a [`NameList`]
    /// stores them (see [`NameSlice::as_bytes`]).
    pub(crate) fn from_encoded(bytes: &'a [u8]) -> Self {
        NameSlice { bytes }
    }

    /// The names as a [`NameList`] stores them.
    pub(crate) fn as_bytes(self) -> &'a [u8] {
        self.bytes
    }

    /// No name.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.bytes.is_empty()
    }

    /// How many names (counted: the list does not keep the number).
    #[must_use]
    pub fn len(self) -> usize {
        Raw { rest: self.bytes }.count()
    }

    /// The names in order.
    #[must_use]
    pub fn iter(self) -> Iter<'a> {
        Iter {
            raw: Raw { rest: self.bytes },
        }
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
        let raw = Raw { rest: self.bytes };
        let short_and_unique = raw
            .clone()
            .enumerate()
            .all(|(i, name)| i < SHORT_LIST && !raw.clone().take(i).any(|before| before == name));
        if short_and_unique {
            return None;
        }
        // As bytes: each name is whole text, and need not be checked again.
        let mut names: Vec<&[u8]> = raw.collect();
        let kept = dedup_in_order(&mut names);
        if kept == names.len() {
            return None;
        }
        let mut list = NameList::new();
        list.bytes
            .reserve_exact(names[..kept].iter().map(|n| encoded_len(n)).sum());
        for name in &names[..kept] {
            list.push_bytes(name);
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

/// Lists this short are looked through for duplicates, not hashed.
const SHORT_LIST: usize = 16;

/// Keeps the first of equal items, in order (make keeps the first mention
/// of a prerequisite), at the front of `list`; returns how many are kept.
pub fn dedup_in_order<T: AsRef<[u8]>>(list: &mut [T]) -> usize {
    if list.len() < 2 {
        return list.len();
    }
    let keep: Vec<bool> = if list.len() <= SHORT_LIST {
        // Few items: scanning is cheaper than hashing.
        (0..list.len())
            .map(|i| !list[..i].iter().any(|k| k.as_ref() == list[i].as_ref()))
            .collect()
    } else {
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

/// Writes a name at the end of `bytes` as a [`NameList`] stores it: a
/// buffer of such names reads back as a [`NameSlice`].
pub fn encode_into(bytes: &mut Vec<u8>, name: &[u8]) {
    let mut len = name.len();
    while len >= 0x80 {
        bytes.push((len & 0x7f) as u8 | 0x80);
        len >>= 7;
    }
    bytes.push(len as u8);
    bytes.extend_from_slice(name);
}

/// The bytes a name takes in a list.
fn encoded_len(name: &[u8]) -> usize {
    let mut prefix = 1;
    let mut len = name.len() >> 7;
    while len > 0 {
        prefix += 1;
        len >>= 7;
    }
    prefix + name.len()
}

/// The names of a [`NameList`], in order.
#[derive(Clone)]
pub struct Iter<'a> {
    raw: Raw<'a>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let name = self.raw.next()?;
        // Only whole `&str`s are pushed, so each name is whole text.
        Some(std::str::from_utf8(name).expect("a name is stored whole"))
    }
}

/// The names of a [`NameList`] as bytes.
#[derive(Clone)]
struct Raw<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Raw<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let mut len = 0usize;
        let mut shift = 0;
        loop {
            let (&byte, rest) = self.rest.split_first()?;
            self.rest = rest;
            len |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        let (name, rest) = self.rest.split_at(len);
        self.rest = rest;
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
            &[&"y".repeat(127), &"z".repeat(128), &long, &longer],
        ];
        for &names in cases {
            let list: NameList = names.iter().collect();
            assert_eq!(list.iter().collect::<Vec<_>>(), names);
            assert_eq!(list.len(), names.len());
            assert_eq!(list.is_empty(), names.is_empty());
            assert_eq!(list.as_slice().join("|"), names.join("|"));
            let size: usize = names.iter().map(|n| encoded_len(n.as_bytes())).sum();
            assert_eq!(list.bytes.len(), size, "{names:?}");
        }
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
