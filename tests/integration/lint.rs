//! `make-help --lint`: each check fires on its fixture (`fixtures/lint-NAME`)
//! and stays quiet on its near misses (`fixtures/lint-NAME-quiet`); on
//! every other fixture that GNU make reads without a warning, lint finds
//! nothing but the few findings listed here, each checked against what
//! make does; and the command-line contract (`--lint=warn`, `--allow`,
//! `--json`, exit codes).

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::{USER_ENV, fixture_dir, fixtures, help_cmd};

const CHECKS: &[&str] = &[
    "phony-without-rule",
    "target-is-a-file",
    "undocumented-phony",
    "value-trailing-blanks",
    "doc-attached-to-nothing",
    "documented-twice",
    "overriding-recipe",
    "undecided-target",
];

/// `make-help --lint ARGS` in `dir`: exit code and stdout; stderr must be
/// empty.
fn lint_at(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = help_cmd()
        .current_dir(dir)
        .arg("--lint")
        .args(args)
        .output()
        .expect("make-help runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "{}",
        dir.display()
    );
    (
        output.status.code().expect("an exit code"),
        String::from_utf8(output.stdout).expect("UTF-8"),
    )
}

#[test]
fn each_check_fires_on_its_fixture() {
    for check in CHECKS {
        let fixture = format!("lint-{check}");
        let (code, out) = lint_at(&fixture_dir(&fixture), &[]);
        assert_eq!(code, 1, "{fixture}:\n{out}");
        assert!(!out.is_empty(), "{fixture}: no finding");
        for line in out.lines() {
            assert!(
                line.starts_with("Makefile:") && line.ends_with(&format!("[{check}]")),
                "{fixture}: {line}"
            );
            assert!(line.contains(": warning: "), "{line}");
        }
        insta::assert_snapshot!(fixture, out);
    }
}

#[test]
fn each_check_is_quiet_on_its_near_misses() {
    for check in CHECKS {
        let fixture = format!("lint-{check}-quiet");
        assert_eq!(
            lint_at(&fixture_dir(&fixture), &[]),
            (0, String::new()),
            "{fixture}"
        );
    }
}

/// Findings on fixtures made for other behaviours, each one right: what
/// make does there is what the finding says.
const KNOWN: &[(&str, &str)] = &[
    // `make -p` shows the value `tag#1 ` (with its blank).
    (
        "comment-escaped-hash",
        "Makefile:4: warning: the value of 'HASHED' ends in blanks before the comment: make keeps them in the value [value-trailing-blanks]\n",
    ),
    // `docker:push` is phony and has no doc; the other targets have one.
    (
        "completion-targets",
        "Makefile:31: warning: 'docker:push' is .PHONY but has no doc, unlike the other targets of this file: the help does not list it [undocumented-phony]\n",
    ),
    // The fixture documents targets in several places on purpose.
    (
        "help-doc-precedence",
        "Makefile:7: warning: 'build' has two different docs, a ## block above the rule at Makefile:7 and a comment on the rule at Makefile:7: the help shows 'Build (inline wins)' [documented-twice]\n\
         Makefile:9: warning: 'test' has two different docs, a ## block above the rule at Makefile:11 and a comment on the .PHONY line at Makefile:9: the help shows 'Run the tests (the block above wins over .PHONY)' [documented-twice]\n\
         Makefile:17: warning: 'a' is .PHONY but has no doc, unlike the other targets of this file: the help does not list it [undocumented-phony]\n\
         Makefile:17: warning: 'b' is .PHONY but has no doc, unlike the other targets of this file: the help does not list it [undocumented-phony]\n\
         Makefile:21: warning: 'package' has two different docs, a ## block above the rule at Makefile:20 and a comment on the rule at Makefile:21: the help shows 'Package it (inline on the second rule wins)' [documented-twice]\n",
    ),
    // `make only-phony` prints "Nothing to be done".
    (
        "phony-only",
        "Makefile:3: warning: 'only-phony' is .PHONY but has no rule: `make only-phony` does nothing [phony-without-rule]\n\
         Makefile:4: warning: 'another-phony' is .PHONY but has no rule: `make another-phony` does nothing [phony-without-rule]\n",
    ),
];

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("directory");
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn lint_finds_nothing_else_where_make_reads_without_warnings() {
    if !std::process::Command::new("make")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"GNU Make"))
    {
        eprintln!("skipping: GNU make not found");
        return;
    }
    let mut checked = 0;
    for fixture in fixtures() {
        let dir = fixture_dir(&fixture);
        if fixture.starts_with("lint-") || dir.join("fixture.env").exists() {
            continue;
        }
        let args: Vec<String> = fs::read_to_string(dir.join("fixture.args"))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let scratch = tempfile::tempdir().expect("scratch directory");
        copy_tree(&dir, scratch.path());
        let mut make = std::process::Command::new("make");
        for key in USER_ENV {
            make.env_remove(key);
        }
        let output = make
            .current_dir(scratch.path())
            .args(["-npq"])
            .args(&args)
            .output()
            .expect("make runs");
        if !output.stderr.is_empty() {
            continue;
        }
        checked += 1;
        // Reading warnings (a missing include make would make) go to
        // stderr; the findings are on stdout.
        let output = help_cmd()
            .current_dir(scratch.path())
            .arg("--lint")
            .args(&args)
            .output()
            .expect("make-help runs");
        let (code, out) = (
            output.status.code().expect("an exit code"),
            String::from_utf8(output.stdout).expect("UTF-8"),
        );
        let known = KNOWN
            .iter()
            .find(|(name, _)| *name == fixture)
            .map_or("", |(_, findings)| findings);
        assert_eq!(out, known, "{fixture}");
        assert_eq!(code, i32::from(!known.is_empty()), "{fixture}");
    }
    assert!(
        checked > 50,
        "only {checked} fixtures read without warnings"
    );
}

#[test]
fn warn_mode_allow_and_json() {
    let dir = fixture_dir("lint-phony-without-rule");
    let (code, out) = lint_at(&dir, &[]);
    assert_eq!(code, 1);
    // `--lint=warn`: the same findings, exit 0.
    let output = help_cmd()
        .current_dir(&dir)
        .arg("--lint=warn")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), out);
    // `--allow NAME` turns a check off.
    assert_eq!(
        lint_at(&dir, &["--allow", "phony-without-rule"]),
        (0, String::new())
    );
    // `--json`: one object per finding.
    let (code, json) = lint_at(&dir, &["--json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"findings": [{
            "file": "Makefile",
            "line": 2,
            "check": "phony-without-rule",
            "message": "'lint' is .PHONY but has no rule: `make lint` does nothing",
        }]})
    );
    let (code, json) = lint_at(&fixture_dir("lint-phony-without-rule-quiet"), &["--json"]);
    assert_eq!((code, json.as_str()), (0, "{\n  \"findings\": []\n}\n"));
}

#[test]
fn usage_errors() {
    let dir = fixture_dir("lint-phony-without-rule");
    help_cmd()
        .current_dir(&dir)
        .args(["--lint", "--allow", "no-such-check"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "make-help: error: --allow: no check named 'no-such-check' (checks: phony-without-rule, ",
        ));
    for args in [
        &["--allow", "phony-without-rule"][..],
        &["--lint", "--format=markdown"],
        &["--lint", "build"],
    ] {
        help_cmd().current_dir(&dir).args(args).assert().code(2);
    }
}

#[test]
fn findings_follow_make_s_working_directory() {
    // `-C dir`: the directories are looked for where make would run.
    let parent = fixture_dir("lint-target-is-a-file");
    let (code, out) = lint_at(parent.parent().unwrap(), &["-C", "lint-target-is-a-file"]);
    assert_eq!(code, 1);
    assert!(out.contains("'check' is a directory here"), "{out}");
}
