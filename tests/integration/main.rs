//! The integration tests: one crate (`autotests = false`), one module per concern.

mod support;

mod completion;
mod differential;

mod documented;

mod documents;

mod functions_vs_make;

mod help;

mod hostile;

mod invariants;

mod lint;

mod memfs;

mod no_side_effects;

mod properties;

mod shell_vs_make;

mod targets_cli;
