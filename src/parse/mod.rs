//! Pure text → statements, with no file and no state: physical lines join
//! into logical lines ([`lines`]); each loses its comment ([`comment`]) and
//! reads as one statement ([`statement`], rules in [`rule`]), as GNU make's
//! `readline` and `eval` read them (manual 3.7 "How make Reads a
//! Makefile"). Testable on a `&str`; [`scan`] and [`text`] are the byte
//! and word searches they share.

pub(crate) mod comment;
pub(crate) mod lines;
pub(crate) mod rule;
pub(crate) mod scan;
pub(crate) mod statement;
pub(crate) mod text;
