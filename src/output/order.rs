//! The order of the listing: names compared as a reader expects, without
//! regard to case and with runs of digits compared as numbers, so that
//! `all` comes before `FORCE` and `test-2` before `test-10`. Names that
//! compare equal that way (`Build`, `build`) keep a fixed order: by their
//! bytes.

use std::cmp::Ordering;

/// Compares two names in natural order: case-insensitive, digit runs by
/// their value (then by their length, `01` after `1`), ties broken by the
/// bytes.
#[must_use]
pub(crate) fn natural_cmp(left: &str, right: &str) -> Ordering {
    let (mut rest_l, mut rest_r) = (left.as_bytes(), right.as_bytes());
    loop {
        match (rest_l.first(), rest_r.first()) {
            (None, None) => return left.cmp(right),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(bl), Some(br)) if bl.is_ascii_digit() && br.is_ascii_digit() => {
                let (digits_l, after_l) = split_digits(rest_l);
                let (digits_r, after_r) = split_digits(rest_r);
                let order = compare_numbers(digits_l, digits_r);
                if order != Ordering::Equal {
                    return order;
                }
                (rest_l, rest_r) = (after_l, after_r);
            }
            (Some(bl), Some(br)) => {
                let order = bl.to_ascii_lowercase().cmp(&br.to_ascii_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                (rest_l, rest_r) = (&rest_l[1..], &rest_r[1..]);
            }
        }
    }
}

/// The run of ASCII digits at the start of `bytes`, and the rest.
fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len());
    bytes.split_at(end)
}

/// Two runs of digits by value, of any length (no overflow): without
/// leading zeros the longer is larger; equal values, the shorter run first.
fn compare_numbers(a: &[u8], b: &[u8]) -> Ordering {
    let strip = |d: &[u8]| -> usize { d.iter().take_while(|&&c| c == b'0').count() };
    let (va, vb) = (&a[strip(a)..], &b[strip(b)..]);
    va.len()
        .cmp(&vb.len())
        .then_with(|| va.cmp(vb))
        .then_with(|| a.len().cmp(&b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_as_a_reader_expects() {
        let mut names = vec![
            "test-10",
            "FORCE",
            "all",
            "GIT-BUILD-OPTIONS",
            "test-2",
            "test",
            "Build",
            "build",
            "v01",
            "v1",
            "z99999999999999999999999",
            "z100000000000000000000000",
            "_hidden",
            "ü",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "_hidden",
                "all",
                "Build",
                "build",
                "FORCE",
                "GIT-BUILD-OPTIONS",
                "test",
                "test-2",
                "test-10",
                "v1",
                "v01",
                "z99999999999999999999999",
                "z100000000000000000000000",
                "ü",
            ]
        );
    }

    #[test]
    fn is_a_total_order_consistent_with_equality() {
        let names = ["a1", "a01", "A1", "a", "", "1", "01", "a1b", "a1B"];
        for a in names {
            for b in names {
                assert_eq!(natural_cmp(a, b), natural_cmp(b, a).reverse(), "{a} {b}");
                assert_eq!(natural_cmp(a, b) == Ordering::Equal, a == b, "{a} {b}");
            }
        }
    }
}
