//! Pure text → statements, with no file and no state: physical lines join
//! into logical lines ([`lines`]), and each logical line reads as one
//! statement ([`syntax`]), as GNU make's `readline` and `eval` read them
//! (manual 3.7 "How make Reads a Makefile"). Testable on a `&str`.

pub(crate) mod lines;
pub(crate) mod scan;
pub(crate) mod syntax;
