//! Hermetic helpers shared by the integration tests: the two binaries with the user's
//! environment removed, and the fixtures under `fixtures/`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Environment variables of the user's shell that could change what the tools (or make)
/// print: colors, terminal width, and make's own flags and extra makefiles.
pub const USER_ENV: &[&str] = &[
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKEFILES",
    "MAKELEVEL",
    "MAKE_TERMOUT",
    "MAKE_TERMERR",
    "COLUMNS",
];

/// The `make-targets` binary, with the user's environment that could change its output removed.
pub fn targets_cmd() -> Command {
    hermetic("make-targets")
}

/// The `make-help` binary, with the user's environment that could change its output removed.
#[allow(dead_code, reason = "used by the help tests, not by every test module")]
pub fn help_cmd() -> Command {
    hermetic("make-help")
}

fn hermetic(bin: &str) -> Command {
    let mut cmd = Command::cargo_bin(bin).unwrap_or_else(|err| panic!("{bin} not built: {err}"));
    for key in USER_ENV {
        cmd.env_remove(key);
    }
    cmd
}

/// The `fixtures/` directory at the root of the package.
pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The directory of the fixture `name`; panics when there is none, so a typo fails loudly.
pub fn fixture_dir(name: &str) -> PathBuf {
    let dir = fixtures_root().join(name);
    assert!(
        dir.is_dir(),
        "no fixture named `{name}` in {}",
        fixtures_root().display()
    );
    dir
}

/// The names of every fixture directory, sorted.
pub fn fixtures() -> Vec<String> {
    let root = fixtures_root();
    let entries = fs::read_dir(&root).unwrap_or_else(|err| panic!("{}: {err}", root.display()));
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("readable fixtures directory"))
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", root.display());
    names
}

/// Runs `make-help ARGS` in the fixture directory; it must succeed quietly.
pub fn help_in(fixture: &str, args: &[&str]) -> String {
    let output = help_cmd()
        .current_dir(fixture_dir(fixture))
        .args(args)
        .output()
        .expect("make-help runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{fixture} {args:?}: {stderr}");
    assert_eq!(stderr, "", "{fixture}: unexpected warnings");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
