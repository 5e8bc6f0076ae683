//! The command-line contract of `make-targets`: output shape, make's option
//! spellings, exit codes, quiet warnings, and a closed pipe.

use std::fmt::Write as _;
use std::fs;

use predicates::prelude::*;

use crate::support::{fixture_dir, targets_cmd};

#[test]
fn prints_sorted_targets_on_one_line() {
    targets_cmd()
        .current_dir(fixture_dir("seed-blog"))
        .assert()
        .success()
        .stdout("build clean fmt help test\n")
        .stderr("");
}

#[test]
fn no_makefile_prints_nothing_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    targets_cmd()
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn directory_option_reads_the_makefile_there() {
    let fixtures = fixture_dir("seed-blog").parent().unwrap().to_path_buf();
    for args in [
        &["-C", "seed-blog"][..],
        &["--directory=seed-blog"],
        &["-Cseed-blog"],
    ] {
        targets_cmd()
            .current_dir(&fixtures)
            .args(args)
            .assert()
            .success()
            .stdout("build clean fmt help test\n");
    }
}

#[test]
fn file_option_spellings() {
    let dir = fixture_dir("makefile-flag-f");
    for args in [
        &["-f", "build.mk"][..],
        &["--file=build.mk"],
        &["--makefile", "build.mk"],
        &["-fbuild.mk"],
    ] {
        targets_cmd()
            .current_dir(&dir)
            .args(args)
            .assert()
            .success()
            .stdout("from-build-mk\n");
    }
}

#[test]
fn missing_explicit_makefile_is_a_runtime_error() {
    let dir = tempfile::tempdir().unwrap();
    targets_cmd()
        .current_dir(dir.path())
        .args(["-f", "nope.mk"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("make-targets: error: nope.mk: No such file or directory\n");
}

#[test]
fn missing_directory_is_a_runtime_error() {
    let dir = tempfile::tempdir().unwrap();
    targets_cmd()
        .current_dir(dir.path())
        .args(["-C", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "make-targets: error: nowhere: ",
        ));
}

#[test]
fn usage_errors_exit_2() {
    targets_cmd().arg("--no-such-flag").assert().code(2);
    targets_cmd()
        .arg("not-an-assignment")
        .assert()
        .code(2)
        .stderr("make-targets: error: 'not-an-assignment' is not a VAR=value assignment\n");
}

#[test]
fn command_line_variables_are_used() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Makefile"), "NAME ?= app\n$(NAME)-build:\n").unwrap();
    targets_cmd()
        .current_dir(dir.path())
        .assert()
        .stdout("app-build\n");
    targets_cmd()
        .current_dir(dir.path())
        .arg("NAME=web")
        .assert()
        .stdout("web-build\n");
}

#[test]
fn warnings_are_quiet_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Makefile"), "include missing.mk\nall:\n").unwrap();
    targets_cmd()
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout("all\n")
        .stderr("");
    for flag in ["-v", "--warnings"] {
        targets_cmd()
            .current_dir(dir.path())
            .arg(flag)
            .assert()
            .success()
            .stdout("all\n")
            .stderr("make-targets: warning: Makefile:1: missing.mk: No such file or directory\n");
    }
}

#[test]
fn include_cycle_is_reported_once_with_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Makefile"), "include a.mk\nmain:\n").unwrap();
    fs::write(dir.path().join("a.mk"), "a:\ninclude b.mk\n").unwrap();
    fs::write(dir.path().join("b.mk"), "b:\n\ninclude ./a.mk\n").unwrap();
    targets_cmd()
        .current_dir(dir.path())
        .arg("-v")
        .assert()
        .success()
        .stdout("a b main\n")
        .stderr(
            "make-targets: warning: b.mk:3: include cycle: Makefile:1 → a.mk:2 → b.mk:3 → ./a.mk; not followed\n",
        );
}

#[test]
fn explain_tells_how_each_file_was_found() {
    let dir = fixture_dir("include-dirs");
    targets_cmd()
        .current_dir(&dir)
        .args(["--explain", "-I", "inc", "-I", "more"])
        .assert()
        .success()
        .stdout("from-inc from-more main\n")
        .stderr(predicate::str::contains(
            "make-targets: explain: read inc/shared.mk (included at Makefile:2, found in include directory inc)",
        ));
}

#[test]
fn closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..200_000 {
        writeln!(text, "target-{i}:").unwrap();
    }
    fs::write(dir.path().join("Makefile"), text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("make-targets");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' | head -c1; echo \" ${{PIPESTATUS[0]}}\"",
            bin.display()
        ))
        .current_dir(dir.path())
        .env_remove("MAKEFILES")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "t 0\n");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn tilde_in_options_is_home_as_make_does() {
    let home = tempfile::tempdir().unwrap();
    fs::create_dir(home.path().join("proj")).unwrap();
    fs::write(home.path().join("proj/Makefile"), "from-home:\n").unwrap();
    for args in [&["--directory=~/proj"][..], &["-f", "~/proj/Makefile"]] {
        targets_cmd()
            .env("HOME", home.path())
            .current_dir(home.path())
            .args(args)
            .assert()
            .success()
            .stdout("from-home\n");
    }
}

/// `-f -` with a terminal on standard input would wait for typing (on every TAB): it is a
/// usage error, said plainly; piped in, the makefile is read.
#[test]
fn makefile_from_a_terminal_is_refused() {
    let process = make_tools::Process {
        args: ["make-targets", "-f", "-"].map(Into::into).to_vec(),
        cwd: std::env::temp_dir(),
        stdin_is_terminal: true,
        ..make_tools::Process::default()
    };
    assert_eq!(
        make_tools::make_targets(&process),
        std::process::ExitCode::from(2)
    );
    let out = targets_cmd()
        .args(["-f", "-"])
        .write_stdin("from-stdin:\n")
        .output()
        .expect("make-targets runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "from-stdin");
}
