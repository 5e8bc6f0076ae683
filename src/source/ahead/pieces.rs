//! A makefile read a piece at a time, so that a huge one is never held
//! whole: each piece ends with a newline that ends a logical line (see
//! [`crate::parse::lines::piece_end`]), so that no logical line, and no character,
//! is cut between two pieces (make joins a line ending in an odd number of
//! backslashes with the next: manual 3.1.1, "Splitting Long Lines"). A file
//! smaller than a piece is one piece.

use std::io::{self, Read};
use std::sync::mpsc;

use crate::parse::lines::piece_end;
use crate::source::ahead::parsed::ParsedText;

/// Pieces are about this many bytes each.
pub(crate) const PIECE_BYTES: usize = 128 << 10;

/// The longest logical line read (the longest expansion kept, too): a file
/// with a longer one is read no further, so that a file of endless bytes
/// with no newline (`/proc/self/pagemap`, a sparse file of zeros) is never
/// held in memory. GNU make reads on, forever.
pub(crate) const MAX_LINE_BYTES: usize = 64 << 20;

/// The error that ends the reading of a file at a line longer than
/// [`MAX_LINE_BYTES`], carried in an [`io::Error`] so that it reaches the
/// reader the way read errors do (through the thread that reads ahead).
#[derive(Debug)]
pub(crate) struct LineTooLong {
    /// The number of the line.
    pub line: u32,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line longer than {MAX_LINE_BYTES} bytes; the rest of the file is not read"
        )
    }
}

impl std::error::Error for LineTooLong {}

/// A piece of a file, as text: bytes that are not UTF-8 are replaced as
/// [`String::from_utf8_lossy`] does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The text, whole logical lines.
    pub text: String,
    /// The number of its first line in the file.
    pub first_line: u32,
}

/// The pieces of one file.
#[derive(Debug)]
pub(crate) struct Pieces<R> {
    input: R,
    piece_bytes: usize,
    buffer: Vec<u8>,
    first_line: u32,
    /// Newlines before this offset in `buffer` cannot end a piece.
    searched: usize,
    done: bool,
}

impl<R: Read> Pieces<R> {
    /// The pieces of `input`, `len` bytes long when it was opened, of about
    /// `piece_bytes` each.
    pub(crate) fn new(input: R, len: u64, piece_bytes: usize) -> Pieces<R> {
        let len = usize::try_from(len).unwrap_or(piece_bytes);
        Pieces {
            input,
            piece_bytes: piece_bytes.max(1),
            // Room for the whole file and one byte, up to a piece: two
            // reads then fill it and see its end.
            buffer: Vec::with_capacity(len.min(piece_bytes) + 1),
            first_line: 1,
            searched: 0,
            done: false,
        }
    }

    /// The next piece; `None` after the last.
    pub(crate) fn next_piece(&mut self) -> io::Result<Option<Piece>> {
        if self.done {
            return Ok(None);
        }
        loop {
            let wanted = self.piece_bytes.max(self.buffer.len());
            let got = (&mut self.input)
                .take(wanted as u64)
                .read_to_end(&mut self.buffer)?;
            let eof = got < wanted;
            let end = if eof {
                Some(self.buffer.len())
            } else {
                piece_end(&self.buffer, self.searched)
            };
            let Some(end) = end else {
                // One logical line longer than a piece: read on, up to a limit.
                if self.buffer.len() > MAX_LINE_BYTES {
                    self.done = true;
                    self.buffer = Vec::new();
                    let line = self.first_line;
                    return Err(io::Error::other(LineTooLong { line }));
                }
                self.searched = self.buffer.len();
                continue;
            };
            let bytes = if eof {
                self.done = true;
                std::mem::take(&mut self.buffer)
            } else {
                // What follows the piece starts the next buffer.
                let mut rest = Vec::with_capacity(self.piece_bytes.max(self.buffer.len()) + 1);
                rest.extend_from_slice(&self.buffer[end..]);
                self.buffer.truncate(end);
                std::mem::replace(&mut self.buffer, rest)
            };
            self.searched = 0;
            let first_line = self.first_line;
            let lines = memchr::memchr_iter(b'\n', &bytes).count();
            self.first_line = first_line.saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
            // `from_utf8` checks ASCII a word at a time; `from_utf8_lossy`
            // only when there is something to replace. A piece ends after a
            // newline, so it never cuts a character.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            return Ok(Some(Piece { text, first_line }));
        }
    }
}

/// A piece of a large file, as the thread that reads it hands it over.
#[derive(Debug)]
pub(crate) enum PieceAhead {
    /// Read and parsed.
    Parsed(ParsedText),
    /// Read only: too many lines for its size (a parse is some hundred
    /// bytes a line) to be held parsed.
    Text(Piece),
}

/// The pieces of a large file, as the thread reading them hands them over.
#[derive(Debug)]
pub(crate) struct PiecesAhead {
    /// Each piece, then `None` after the last, or the error that stopped
    /// the reading.
    receiver: mpsc::Receiver<io::Result<Option<PieceAhead>>>,
    /// The last piece or an error was handed over.
    ended: std::cell::Cell<bool>,
}

impl PiecesAhead {
    /// The next piece, waiting for it; `None` after the last, and after an
    /// error. An error when the reading failed, or the thread stopped
    /// before the end.
    pub(crate) fn next_piece(&self) -> io::Result<Option<PieceAhead>> {
        if self.ended.get() {
            return Ok(None);
        }
        let next = self
            .receiver
            .recv()
            .unwrap_or_else(|_| Err(io::Error::other("the thread reading the file stopped")));
        self.ended.set(!matches!(next, Ok(Some(_))));
        next
    }
}

/// Reads and parses `input`, `len` bytes long, on a thread of its own, at
/// most two pieces ahead of the reader (one handed over, one being read);
/// `None` when no thread can be started. The thread stops when the
/// [`PiecesAhead`] is dropped.
pub(crate) fn read_ahead(input: impl Read + Send + 'static, len: u64) -> Option<PiecesAhead> {
    let (sender, receiver) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("make-tools-pieces".into())
        .spawn(move || {
            let mut pieces = Pieces::new(input, len, PIECE_BYTES);
            loop {
                let next = pieces.next_piece().map(|piece| piece.map(parse_piece));
                let last = !matches!(next, Ok(Some(_)));
                if sender.send(next).is_err() || last {
                    return;
                }
            }
        })
        .ok()?;
    Some(PiecesAhead {
        receiver,
        ended: std::cell::Cell::new(false),
    })
}

/// A piece parsed, unless it has more than a line every 8 bytes.
fn parse_piece(piece: Piece) -> PieceAhead {
    let max_lines = piece.text.len() / 8 + 1;
    match ParsedText::parse_piece(piece.text, piece.first_line, max_lines) {
        Ok(parsed) => PieceAhead::Parsed(parsed),
        Err(text) => PieceAhead::Text(Piece {
            text,
            first_line: piece.first_line,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(bytes: &[u8], piece_bytes: usize) -> Vec<Piece> {
        let mut pieces = Pieces::new(bytes, bytes.len() as u64, piece_bytes);
        let mut all = Vec::new();
        while let Some(piece) = pieces.next_piece().expect("in memory") {
            all.push(piece);
        }
        all
    }

    #[test]
    fn pieces_end_with_logical_lines_and_count_lines() {
        let bytes: &[u8] = b"a: b\nc = d \\\n e\nf:\n\xff g:\nh: \\\n\n";
        for piece_bytes in 1..bytes.len() + 2 {
            let all = pieces(bytes, piece_bytes);
            let whole: String = all.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(whole, String::from_utf8_lossy(bytes), "{piece_bytes}");
            let mut line = 1;
            // The read that finds the end may find nothing more.
            for piece in all.iter().filter(|p| !p.text.is_empty()) {
                assert_eq!(piece.first_line, line, "{piece_bytes}");
                assert!(piece.text.ends_with('\n'), "{piece_bytes}: {piece:?}");
                assert!(!piece.text.ends_with("\\\n"), "{piece_bytes}: {piece:?}");
                line += piece.text.matches('\n').count() as u32;
            }
        }
        assert_eq!(pieces(bytes, 1 << 20).len(), 1);
        assert!(pieces(b"", 6).iter().all(|p| p.text.is_empty()));
    }

    /// Bytes, then an error.
    struct Failing(io::Cursor<Vec<u8>>);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(io::Error::other("disk on fire")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn pieces_read_ahead_are_the_pieces_parsed_or_not_then_the_error() {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < 2 * PIECE_BYTES {
            n += 1;
            let rule = format!("t{n}: a \\\n  b\n");
            text.push_str(&rule);
        }
        let lines = text.matches('\n').count() as u32;
        // A piece of more than a line every 8 bytes is handed over as text.
        text.push_str(&"\n".repeat(PIECE_BYTES));
        text.push_str("last:\n");
        let all_lines = text.matches('\n').count() as u32;
        let read = |input: Box<dyn Read + Send>| {
            let ahead = read_ahead(input, text.len() as u64).expect("a thread");
            let mut got = Vec::new();
            loop {
                match ahead.next_piece() {
                    Ok(Some(piece)) => got.push(piece),
                    Ok(None) => return (got, None),
                    Err(e) => {
                        assert!(matches!(ahead.next_piece(), Ok(None)), "ended");
                        return (got, Some(e.to_string()));
                    }
                }
            }
        };
        let (got, error) = read(Box::new(io::Cursor::new(text.clone().into_bytes())));
        assert_eq!(error, None);
        let mut whole = String::new();
        let mut first_lines = Vec::new();
        for piece in &got {
            match piece {
                PieceAhead::Parsed(parsed) => {
                    whole.push_str(parsed.text());
                    first_lines.push(parsed.lines().next().map(|l| l.number));
                }
                PieceAhead::Text(piece) => {
                    whole.push_str(&piece.text);
                    first_lines.push(Some(piece.first_line));
                }
            }
        }
        assert_eq!(whole, text);
        assert_eq!(first_lines.first(), Some(&Some(1)));
        assert!(first_lines.iter().flatten().any(|&l| l > 1 && l <= lines));
        assert!(got.iter().any(|p| matches!(p, PieceAhead::Text(_))));
        assert!(first_lines.iter().flatten().all(|&l| l <= all_lines));
        let failing = Failing(io::Cursor::new(text.clone().into_bytes()));
        let (got, error) = read(Box::new(failing));
        assert_eq!(error.as_deref(), Some("disk on fire"));
        assert!(!got.is_empty(), "the pieces before the error");
    }

    #[test]
    fn a_line_longer_than_a_piece_is_read_whole() {
        let long = format!("{}\nb: \\\n  c\n", "x".repeat(100));
        let all = pieces(long.as_bytes(), 8);
        assert!(all[0].text.starts_with(&format!("{}\n", "x".repeat(100))));
        let whole: String = all.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole, long);
    }
}
