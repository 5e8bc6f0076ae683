//! Looking for one of a few bytes in a line, or for the end of a line in
//! the rest of a file. Makefile lines are short (about twenty bytes on
//! average): for those, eight bytes at a time in a plain `u64` beats the
//! set-up of `memchr`'s vector search, which takes over for long ones.

/// Lines longer than this are searched with `memchr`.
const SHORT: usize = 64;

/// The index of the first `needle` in `haystack`.
#[must_use]
#[inline]
pub(crate) fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() > SHORT {
        return memchr::memchr(needle, haystack);
    }
    find_any([needle], haystack)
}

/// The index of the first byte of `haystack` that is one of `needles`,
/// eight bytes at a time: what a scanner that stops at a few special bytes
/// (`$`, `:`, `#`...) needs, without a test per byte. Meant for lines, not
/// whole files.
#[must_use]
#[inline]
pub(crate) fn find_any<const N: usize>(needles: [u8; N], haystack: &[u8]) -> Option<usize> {
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let mut flagged = 0;
        for needle in needles {
            // A byte of `x` is zero where the chunk holds the needle; the
            // lowest flagged byte is always a true zero (borrows only run
            // upwards), so the lowest of all needles' flags is a true match.
            let x = word ^ u64::from_le_bytes([needle; 8]);
            flagged |= x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
        }
        if flagged != 0 {
            return Some(offset + (flagged.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|b| needles.contains(b))
        .map(|i| offset + i)
}

/// The index of the first `needle` in `haystack` when it is likely to be
/// near the start, as the end of a line is in the rest of a file: the
/// first bytes are searched as a short line is, and `memchr`, whose set-up
/// costs more than a short line's search, only looks further.
#[must_use]
#[inline]
pub(crate) fn find_near(needle: u8, haystack: &[u8]) -> Option<usize> {
    let head = &haystack[..haystack.len().min(SHORT)];
    find(needle, head)
        .or_else(|| memchr::memchr(needle, &haystack[head.len()..]).map(|i| head.len() + i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_plain_search_finds() {
        let mut texts: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"a".to_vec(),
            b"#".to_vec(),
            b"all: build test ## the default".to_vec(),
            b"\x01\x00\xff#\x80\x7f##".to_vec(),
        ];
        // Every length around the eight-byte and long-line edges, with the
        // needle at every place, and bytes that differ from it by one.
        for len in 0..140 {
            for at in 0..=len {
                let mut text: Vec<u8> = (0..len).map(|i| [b'"', b'$', 0x22, 0xa3][i % 4]).collect();
                if at < len {
                    text[at] = b'#';
                }
                texts.push(text);
            }
        }
        for text in &texts {
            for needle in [b'#', b'"', 0, 0xff, 0x23 ^ 0x80] {
                let want = text.iter().position(|&b| b == needle);
                assert_eq!(find(needle, text), want, "{needle} in {text:?}");
                assert_eq!(find_near(needle, text), want, "{needle} in {text:?}");
                let other = needle.wrapping_add(1);
                let want_any = text.iter().position(|&b| b == needle || b == other);
                assert_eq!(
                    find_any([needle, other], text),
                    want_any,
                    "{needle} in {text:?}"
                );
            }
        }
    }
}
