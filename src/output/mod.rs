//! The model written out, through `impl Write`, never reading the
//! environment: which comment documents what ([`docs`]), the help screen
//! ([`help`]), its JSON form ([`json`]), the target lists for shells
//! ([`target_list`]) and what `make <TAB>` offers ([`complete`]).

pub mod complete;
pub mod docs;
pub mod help;
pub mod json;
pub mod styles;
pub mod target_list;
