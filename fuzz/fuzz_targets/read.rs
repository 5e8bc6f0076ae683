//! Arbitrary bytes as a tree of makefiles (see `invariants.rs` for the format), read by the
//! loader through an in-memory file system, then checked against the invariants that the
//! integration tests check on generated makefiles.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/memfs.rs"]
#[allow(dead_code)]
mod memfs;

#[path = "../../tests/integration/invariants.rs"]
#[allow(dead_code)]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let input = invariants::Input::from_bytes(data);
    if let Err(broken) = invariants::check(&input) {
        panic!("invariant broken: {broken}");
    }
});
