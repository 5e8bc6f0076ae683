//! `make-help`: snapshots of the help of each help fixture (plain and with
//! `--color=always`), and the command-line contracts: colors only when
//! allowed, escaped control characters, the detail view and its "did you
//! mean", `--json`, and a run through GNU make's own `make help`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{USER_ENV, fixture_dir, help_cmd, help_in};

/// Color codes made visible for the snapshot files.
fn show_escapes(text: &str) -> String {
    text.replace('\x1b', "␛")
}

/// One test per fixture: the plain help and the colored one.
macro_rules! help_snapshots {
    ($($test:ident: $fixture:literal $(, $arg:literal)*;)*) => {$(
        #[test]
        fn $test() {
            let args: &[&str] = &[$($arg),*];
            let plain = help_in($fixture, args);
            assert!(!plain.contains('\x1b'), "escape codes in piped output");
            insta::assert_snapshot!(concat!(stringify!($test), "-plain"), plain);
            let mut colored_args = args.to_vec();
            colored_args.push("--color=always");
            let colored = help_in($fixture, &colored_args);
            insta::assert_snapshot!(concat!(stringify!($test), "-color"), show_escapes(&colored));
        }
    )*};
}

help_snapshots! {
    seed_blog: "seed-blog";
    kubebuilder_sections: "help-kubebuilder";
    sections_and_includes: "help-sections-include";
    make2help_double_hash_above: "help-make2help";
    mmake_plain_blocks: "help-mmake";
    no_docs_lists_what_nothing_depends_on: "help-no-docs";
    no_docs_all: "help-no-docs", "--all";
    all_dims_the_undocumented: "help-mmake", "--all";
    doc_precedence: "help-doc-precedence";
    long_names: "help-long-names";
    long_descriptions_width_60: "help-long-descriptions", "--width", "60";
    unicode_names_and_docs: "help-unicode";
    escape_characters_in_docs: "help-escapes";
    details_of_a_block_doc: "help-mmake", "build", "legacy";
    details_of_a_merged_target: "help-doc-precedence", "package", "lint";
    details_of_an_included_target: "help-sections-include", "publish";
    details_wrapped: "help-long-descriptions", "--width", "60", "deploy";
    details_escaped: "help-escapes", "clear";
    // Issue 19: the listing a user would choose.
    object_lists_document_no_object: "help-object-lists";
    object_lists_width_80: "help-object-lists", "--width", "80";
    phony_targets_when_nothing_uses_double_hash: "help-phony-only-notes";
    long_prerequisite_lists_fit_width_60: "help-phony-only-notes", "--width", "60";
    every_prerequisite_with_deps: "help-phony-only-notes", "--deps", "--width", "80";
    no_prerequisites_with_no_deps: "help-phony-only-notes", "--no-deps";
    multi_line_docs_first_sentence: "help-multiline-docs";
    multi_line_docs_verbose: "help-multiline-docs", "-v", "--width", "70";
    multi_line_docs_details: "help-multiline-docs", "test", "binary", "--width", "70";
    narrow_width_20: "help-long-descriptions", "--width", "20";
    narrow_width_30: "help-long-descriptions", "--width", "30";
    narrow_width_35: "help-multiline-docs", "--width", "35";
    narrow_details_width_24: "help-long-descriptions", "--width", "24", "deploy";
    glob_lists_what_matches: "help-kubebuilder", "docker-*";
    section_lists_its_targets: "help-kubebuilder", "--section", "build";
    unsorted_keeps_file_order: "help-phony-only-notes", "--unsorted", "--no-deps";
    details_show_the_recipe_and_what_sub_makes_run: "help-recipes", "test", "build", "clean";
    details_recipe_width_50: "help-recipes", "--width", "50", "test";
}

#[test]
fn piped_output_never_holds_control_characters() {
    for fixture in ["help-escapes", "help-unicode", "help-kubebuilder"] {
        for args in [&[][..], &["--all"], &["clear"]] {
            let output = help_cmd()
                .current_dir(fixture_dir(fixture))
                .args(args)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                !stdout.chars().any(|c| c.is_control() && c != '\n'),
                "{fixture} {args:?}: {stdout:?}"
            );
        }
    }
}

/// Environment, arguments, and whether the output is colored.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], bool);

fn has_color(envs: &[(&str, &str)], args: &[&str]) -> bool {
    let output = help_cmd()
        .current_dir(fixture_dir("seed-blog"))
        .envs(envs.iter().copied())
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success());
    output.stdout.contains(&0x1b)
}

#[test]
fn colors_follow_the_flag_and_the_environment() {
    let termout = ("MAKE_TERMOUT", "/dev/pts/0");
    let cases: &[Case<'_>] = &[
        (&[], &[], false),
        (&[], &["--color=always"], true),
        (&[], &["--color", "always"], true),
        (&[("NO_COLOR", "1")], &["--color=always"], true),
        (&[("NO_COLOR", "1")], &[], false),
        (&[("NO_COLOR", "1"), termout], &[], false),
        (&[("NO_COLOR", "")], &[], false),
        (&[("CLICOLOR_FORCE", "1")], &[], true),
        (&[("CLICOLOR_FORCE", "1")], &["--color=never"], false),
        (&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[], false),
        (&[termout], &[], true),
        (&[termout, ("TERM", "dumb")], &[], false),
        (&[termout], &["--color=never"], false),
    ];
    for (envs, args, want) in cases {
        assert_eq!(has_color(envs, args), *want, "env {envs:?} args {args:?}");
    }
}

#[test]
fn unknown_target_exits_1_with_a_suggestion() {
    help_cmd()
        .current_dir(fixture_dir("seed-blog"))
        .arg("buidl")
        .assert()
        .code(1)
        .stdout("")
        .stderr("make-help: error: no target named 'buidl'; did you mean 'build'?\n");
    help_cmd()
        .current_dir(fixture_dir("seed-blog"))
        .args(["nosuch", "fmt"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "fmt\n  Format Go source code\n",
        ))
        .stderr("make-help: error: no target named 'nosuch'\n");
    help_cmd()
        .current_dir(fixture_dir("help-kubebuilder"))
        .arg("docker")
        .assert()
        .code(1)
        .stderr("make-help: error: no target named 'docker'; did you mean 'docker-build'?\n");
}

fn json_in(fixture: &str, args: &[&str]) -> Value {
    serde_json::from_str(&help_in(fixture, args)).expect("valid JSON")
}

fn target<'v>(json: &'v Value, name: &str) -> &'v Value {
    json["targets"]
        .as_array()
        .expect("targets array")
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no target {name} in {json}"))
}

#[test]
fn json_holds_every_field() {
    let json = json_in("seed-blog", &["--json"]);
    assert_eq!(json["files"], serde_json::json!(["Makefile", "help.mk"]));
    assert_eq!(json["default_goal"], "help");
    assert_eq!(json["warnings"], serde_json::json!([]));
    let names: Vec<&str> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["build", "clean", "fmt", "help", "test"]);
    assert_eq!(
        *target(&json, "build"),
        serde_json::json!({
            "name": "build",
            "summary": "Build binary",
            "doc": "Build binary",
            "prerequisites": ["clean"],
            "order_only": [],
            "phony": true,
            "section": null,
            "hidden": false,
            "default": false,
            "deprecated": false,
            "emphasis": false,
            "aliases": [],
            "alias_of": null,
            "locations": [{"file": "Makefile", "line": 16}],
        })
    );
    let help = target(&json, "help");
    assert_eq!(help["default"], true);
    assert_eq!(help["locations"][0]["file"], "help.mk");
}

#[test]
fn json_sections_docs_hidden_and_order_only() {
    let json = json_in("help-kubebuilder", &["--json"]);
    assert_eq!(target(&json, "build")["section"], "Build");
    assert_eq!(target(&json, "all")["summary"], Value::Null);
    assert_eq!(target(&json, "all")["default"], true);

    let json = json_in("help-mmake", &["--json"]);
    assert_eq!(
        target(&json, "build")["doc"],
        "Build the program.\n\nCompiles every package with the flags in GOFLAGS and\n\
         writes the binary to ./bin."
    );

    let json = json_in("help-no-docs", &["--json"]);
    assert_eq!(target(&json, "_check-env")["hidden"], true);
    assert_eq!(
        target(&json, "install")["order_only"],
        serde_json::json!(["dirs"])
    );

    let json = json_in("help-doc-precedence", &["--json", "package"]);
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(
        targets[0]["locations"],
        serde_json::json!([{"file": "Makefile", "line": 20}, {"file": "Makefile", "line": 21}])
    );

    let json = json_in("help-sections-include", &["--json", "--unsorted"]);
    let names: Vec<&str> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(
        names,
        [
            "all", "build", "docs", "package", "tag", "publish", "lint", "test"
        ]
    );
}

#[test]
fn unsorted_keeps_the_order_of_the_makefile() {
    let out = help_in("help-make2help", &["--unsorted"]);
    // The targets' lines, between the usage line and the variables.
    let names: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with("Variables"))
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["build", "test", "clean", "install", "version"]);
}

#[test]
fn no_wrapping_without_a_terminal_or_width() {
    let out = help_in("help-long-descriptions", &[]);
    assert!(out.lines().any(|l| l.chars().count() > 120), "{out}");
    let out = help_in("help-long-descriptions", &["--width", "60"]);
    // Only an unbreakable word may stick out.
    for line in out.lines() {
        assert!(
            line.chars().count() <= 60 || !line.trim().contains(' '),
            "{line}"
        );
    }
    let out = help_in("help-long-descriptions", &["--width", "0"]);
    assert_eq!(out, help_in("help-long-descriptions", &[]));
    // COLUMNS alone does not make a pipe a terminal.
    let piped = help_cmd()
        .current_dir(fixture_dir("help-long-descriptions"))
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&piped.stdout),
        help_in("help-long-descriptions", &[])
    );
}

#[test]
fn warnings_go_to_stderr_and_targets_still_print() {
    help_cmd()
        .current_dir(fixture_dir("include-missing"))
        .assert()
        .success()
        .stdout(predicate::str::contains("before").and(predicate::str::contains("after")))
        .stderr("make-help: warning: Makefile:3: missing.mk: No such file or directory\n");
}

#[test]
fn make_options_and_variables() {
    let fixtures = fixture_dir("seed-blog").parent().unwrap().to_path_buf();
    let direct = help_in("seed-blog", &[]);
    for args in [&["-C", "seed-blog"][..], &["--directory=seed-blog"]] {
        help_cmd()
            .current_dir(&fixtures)
            .args(args)
            .assert()
            .success()
            .stdout(direct.clone());
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("tasks.mk"),
        "NAME ?= app\n$(NAME)-build: ## Build $(NAME)\n",
    )
    .unwrap();
    help_cmd()
        .current_dir(dir.path())
        .args(["-f", "tasks.mk", "NAME=web"])
        .assert()
        .success()
        .stdout("  web-build  Build $(NAME) (default)\n");
}

#[test]
fn no_makefile_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    help_cmd()
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "make-help: error: no makefile found",
        ));
}

/// GNU make, with the user's environment removed and the freshly built
/// `make-help` first on `PATH`.
fn make() -> Option<Command> {
    let version = std::process::Command::new("make").arg("--version").output();
    if !version.is_ok_and(|o| o.stdout.starts_with(b"GNU Make")) {
        eprintln!("skipping: GNU make not found on PATH");
        return None;
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_make-help"))
        .parent()
        .expect("binary directory")
        .to_path_buf();
    let mut paths = vec![bin_dir];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    let mut cmd = Command::new("make");
    for key in USER_ENV {
        cmd.env_remove(key);
    }
    cmd.env("PATH", std::env::join_paths(paths).expect("PATH"));
    Some(cmd)
}

#[test]
fn make_help_target_prints_what_make_help_prints() {
    let Some(mut make) = make() else { return };
    let fixture = fixture_dir("help-kubebuilder");
    let direct = help_in("help-kubebuilder", &[]);
    assert!(direct.contains("Display this help."));
    make.current_dir(&fixture)
        .arg("help")
        .assert()
        .success()
        .stdout(direct.clone())
        .stderr("");

    // `make -C dir help` and `make -f other.mk help`: the one-liner finds
    // the makefile that make read.
    let Some(mut make) = self::make() else { return };
    make.current_dir(fixture.parent().unwrap())
        .args(["--no-print-directory", "-C", "help-kubebuilder", "help"])
        .assert()
        .success()
        .stdout(direct.clone());
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture.join("Makefile"), dir.path().join("other.mk")).unwrap();
    let Some(mut make) = self::make() else { return };
    make.current_dir(dir.path())
        .args(["-f", "other.mk", "help"])
        .assert()
        .success()
        .stdout(direct);

    // `MAKEFILES=common.mk make help`: make reads common.mk first, so it is
    // the first word of MAKEFILE_LIST; the one-liner still names the
    // makefile, and make-help reads common.mk too, as make does.
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture.join("Makefile"), dir.path().join("Makefile")).unwrap();
    fs::write(
        dir.path().join("common.mk"),
        "shared: ## Shared by every project\n\t@:\n",
    )
    .unwrap();
    let with_common = help_cmd()
        .current_dir(dir.path())
        .env("MAKEFILES", "common.mk")
        .output()
        .expect("make-help runs");
    let with_common = String::from_utf8(with_common.stdout).unwrap();
    assert!(
        with_common.contains("Shared by every project")
            && with_common.contains("Display this help.")
    );
    let Some(mut make) = self::make() else { return };
    make.current_dir(dir.path())
        .env("MAKEFILES", "common.mk")
        .args(["-s", "help"])
        .assert()
        .success()
        .stdout(with_common);
}

/// Messages from branches that may not be taken (`$(error)`, a recipe line before a
/// target, a missing include) are not warnings: make reads this makefile without a word. They
/// stay in `--explain`, each with its `path:line:`.
#[test]
fn messages_from_undecided_branches_only_in_explain() {
    let out = help_cmd()
        .current_dir(fixture_dir("undecided-messages"))
        .output()
        .expect("make-help runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = help_cmd()
        .current_dir(fixture_dir("undecided-messages"))
        .arg("--explain")
        .output()
        .expect("make-help runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [
        "make-help: explain: Makefile:4: error: Unable to detect platform (in a branch that may not be taken)",
        "make-help: explain: Makefile:7: missing separator (in a branch that may not be taken)",
        "make-help: explain: Makefile:8: platform.mk: No such file or directory (in a branch that may not be taken)",
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line}\n{stderr}");
    }
}
