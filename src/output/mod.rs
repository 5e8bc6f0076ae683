//! The model written out, through `impl Write`, never reading the
//! environment: which comment documents what ([`docs`]), the help screen
//! ([`help`]) in its palette ([`styles`]), its JSON form ([`json`]), the
//! target lists for shells ([`target_list`]) and what `make <TAB>` offers
//! ([`complete`]); the listing as documents ([`markdown`], [`html`]) and as
//! a `help.mk` for make alone ([`make_script`]). Text from a makefile is shown through [`escape`].

pub(crate) mod complete;
pub(crate) mod doc_text;
pub(crate) mod docs;
pub(crate) mod escape;
pub(crate) mod findings;
pub(crate) mod help;
pub(crate) mod help_sections;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod make_script;
pub(crate) mod markdown;
pub(crate) mod order;
pub(crate) mod patterns;
pub(crate) mod select;
pub(crate) mod styles;
pub(crate) mod sub_make;
pub(crate) mod target_list;
pub(crate) mod variables;
