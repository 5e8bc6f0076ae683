//! The integration tests: one crate (`autotests = false`), one module per concern.

mod support;

mod completion;
mod differential;

mod functions_vs_make;

mod help;

mod no_side_effects;

mod targets_cli;
