//! Shell completion, tested in the real shells: `completions/make.bash` in bash (with and
//! without the bash-completion package), `completions/_make` in zsh (through a pseudo-terminal,
//! `tests/shells/zsh-complete.zsh`), `completions/make.fish` in fish (`complete -C`) and
//! `completions/make.nu` in nushell (its completer called as nushell calls it), all
//! with this build's `make-targets` first on `PATH`, on `fixtures/completion-targets`. A shell
//! that is not installed is skipped with a note (`.ci/run` installs them); the list formats
//! they read are unit-tested in `src/render.rs` either way. Also: the interactive check in
//! tmux (`scripts/completion-tmux`), and the freshness of the clap_complete scripts of our own
//! two binaries in `completions/` (`UPDATE_COMPLETIONS=1 cargo test` rewrites them).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use clap_complete::{Generator, Shell};

use crate::support::{fixture_dir, help_cmd, targets_cmd};

/// How long one shell may take to answer one completion.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The fixture every completion test runs in.
const FIXTURE: &str = "completion-targets";

/// bash-completion's main script, where Debian and most distributions put it.
const BASH_COMPLETION: &str = "/usr/share/bash-completion/bash_completion";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn completions_dir() -> PathBuf {
    root().join("completions")
}

/// The directory holding this build's `make-targets`, to put first on `PATH`.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_make-targets"))
        .parent()
        .expect("make-targets has a directory")
        .to_path_buf()
}

/// `PATH` with this build's binaries first.
fn path_with_bin() -> String {
    let system = std::env::var("PATH").unwrap_or_default();
    format!("{}:{system}", bin_dir().display())
}

/// The shell `name` can be run.
fn installed(name: &str) -> bool {
    Command::new(name)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Where `name` is found on this process's `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// A shell command with a clean environment: this build's binaries on `PATH`, a scratch
/// `HOME` and XDG directories (fish writes there), no user rc files.
fn shell_command(program: &str, cwd: &Path, home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(program);
    cmd.env_clear()
        .env("PATH", path_with_bin())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm")
        .current_dir(cwd)
        .timeout(TIMEOUT);
    cmd
}

/// The shell completed `line` with success and without a word on stderr.
fn assert_quiet_success(output: &Output, shell: &str, line: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "{shell} failed on `{line}`: {}\n{stderr}",
        output.status
    );
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn sorted(words: &[&str]) -> Vec<String> {
    let set: BTreeSet<String> = words.iter().map(|w| (*w).to_owned()).collect();
    set.into_iter().collect()
}

/// Where a shell completes: its working directory, its `HOME` (a scratch one when `None`),
/// and its `PATH` (this build's binaries first when `None`).
struct At<'a> {
    cwd: &'a Path,
    home: Option<&'a Path>,
    path: Option<String>,
}

impl<'a> At<'a> {
    fn dir(cwd: &'a Path) -> Self {
        At {
            cwd,
            home: None,
            path: None,
        }
    }

    /// In the fixture, with `PATH` set to `path`.
    fn fixture_with_path(path: String) -> At<'static> {
        At {
            path: Some(path),
            ..At::fixture()
        }
    }

    /// A shell command run here.
    fn command(&self, program: &str, home: &Path) -> assert_cmd::Command {
        let mut cmd = shell_command(program, self.cwd, home);
        if let Some(path) = &self.path {
            cmd.env("PATH", path);
        }
        cmd
    }

    fn fixture() -> At<'static> {
        let dir: &'static Path = Box::leak(fixture_dir(FIXTURE).into_boxed_path());
        At::dir(dir)
    }
}

/// A directory whose name holds a space, and a `HOME` with a project in it, for quoting and
/// `~`: `<scratch>/my dir/Makefile` and `<scratch>/home/proj/Makefile`.
fn quoting_scratch() -> tempfile::TempDir {
    let scratch = tempfile::tempdir().unwrap();
    for (dir, target) in [
        ("my dir", "in-spaced-dir"),
        ("home/proj", "in-home-project"),
    ] {
        fs::create_dir_all(scratch.path().join(dir)).unwrap();
        fs::write(
            scratch.path().join(dir).join("Makefile"),
            format!("{target}:\n\t@echo $@\n"),
        )
        .unwrap();
    }
    scratch
}

/// Lines typed in [`quoting_scratch`], each completing to its one target.
const QUOTED_LINES: &[(&str, &str)] = &[
    ("make -C 'my dir' ", "in-spaced-dir"),
    ("make -C \"my dir\" in", "in-spaced-dir"),
    ("make -C my\\ dir ", "in-spaced-dir"),
    ("make --directory='my dir' ", "in-spaced-dir"),
    ("make -C ~/proj ", "in-home-project"),
    ("make -C~/proj ", "in-home-project"),
    ("make --directory=~/proj ", "in-home-project"),
];

#[test]
fn quoted_directories_and_home_in_every_shell() {
    let scratch = quoting_scratch();
    let home = scratch.path().join("home");
    let at = At {
        cwd: scratch.path(),
        home: Some(&home),
        path: None,
    };
    for (line, target) in QUOTED_LINES {
        check_bash(&at, line, "", &[target]);
        check_zsh(&at, line, &[target], &[]);
        check_fish(&at, line, &[target]);
        // nushell has no backslash escape outside double quotes.
        if !line.contains('\\') {
            check_nu(&at, line, Some(&[target]));
        }
        if installed("bash") {
            let line = line.replacen("make", "make-help", 1);
            assert_eq!(bash_help_complete(&at, &line), [*target], "`{line}`");
        }
    }
    // Directories complete inside quotes too.
    check_bash(&at, "make -C 'my", "", &["my dir"]);
    // A target name with a blank, typed with its backslash.
    let spaced = scratch.path().join("my dir");
    fs::write(spaced.join("GNUmakefile"), "a\\ b:\n\t@echo\n").unwrap();
    check_zsh(&At::dir(&spaced), "make a\\ ", &["a b"], &[]);
    // bash inserts such names escaped, and reads a quoted or escaped word.
    fs::write(spaced.join("GNUmakefile"), "a\\ b:\nfoo$$bar:\n").unwrap();
    for (line, expected) in [
        ("make a", &["a\\ b"][..]),
        ("make a\\ ", &["a\\ b"]),
        ("make fo", &["foo\\$bar"]),
        ("make 'fo", &["foo$bar"]),
    ] {
        check_bash(&At::dir(&spaced), line, "", expected);
    }
    check_bash(&At::fixture(), "make 'docker:b", "", &["docker:build"]);
}

/// What completion shows with nothing typed: every target (files under a directory as
/// the directory), the names the pattern rule `image-%` makes from the files there, and the
/// documented variable `DEPLOY=`.
const ALL: &[&str] = &[
    "DEPLOY=",
    "bench",
    "build",
    "clean",
    "docker:build",
    "docker:push",
    "docs/",
    "docs/serve",
    "image-api",
    "image-web",
    "obj/",
];

// ---------------------------------------------------------------------------------------------
// bash

/// How `completions/make.bash` is loaded.
#[derive(Debug, Clone, Copy)]
enum BashSetup {
    /// `source make.bash` in a bash without the bash-completion package.
    Plain,
    /// bash-completion loaded first (it sets `extglob` and the like), then `source make.bash`.
    WithBashCompletion,
    /// Installed where bash-completion looks for it on first use (its user directory), and
    /// loaded by bash-completion's own loader the way a TAB on `make` would.
    InstalledForBashCompletion,
}

/// Runs the completion of `line` in bash; returns the sorted replies and stderr.
fn bash_complete(setup: BashSetup, at: &At, line: &str, extra: &str) -> (Vec<String>, String) {
    let scratch = tempfile::tempdir().expect("scratch home");
    let home = at.home.unwrap_or(scratch.path());
    let script = completions_dir().join("make.bash");
    let load = match setup {
        BashSetup::Plain => format!("source '{}'", script.display()),
        BashSetup::WithBashCompletion => {
            format!("source {BASH_COMPLETION}; source '{}'", script.display())
        }
        BashSetup::InstalledForBashCompletion => {
            let user_dir = scratch.path().join("bash-completion");
            fs::create_dir_all(user_dir.join("completions")).unwrap();
            fs::copy(&script, user_dir.join("completions/make")).unwrap();
            format!(
                "BASH_COMPLETION_USER_DIR='{}'; source {BASH_COMPLETION}; _completion_loader make",
                user_dir.display()
            )
        }
    };
    let output = at
        .command("bash", home)
        .arg("--norc")
        .arg("--noprofile")
        .arg(root().join("tests/shells/bash-complete.bash"))
        .arg(format!("{load}; {extra}"))
        .arg(line)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "bash ({setup:?}) failed on `{line}`: {}\n{stderr}",
        output.status
    );
    let mut lines = stdout_lines(&output);
    let function = lines.remove(0);
    assert_eq!(
        function, "function:_make_tools_make",
        "({setup:?}) `complete -p make` names another function"
    );
    lines.sort();
    (lines, stderr)
}

/// The setups this machine can run.
fn bash_setups() -> Vec<BashSetup> {
    let mut setups = vec![BashSetup::Plain];
    if Path::new(BASH_COMPLETION).exists() {
        setups.push(BashSetup::WithBashCompletion);
        setups.push(BashSetup::InstalledForBashCompletion);
    } else {
        eprintln!("note: bash-completion is not installed ({BASH_COMPLETION}): tested without it");
    }
    setups
}

/// Checks bash's replies for `line`, in every setup; `extra` runs before completing.
fn check_bash(at: &At, line: &str, extra: &str, expected: &[&str]) {
    if !installed("bash") {
        eprintln!("skipping: bash is not installed");
        return;
    }
    for setup in bash_setups() {
        let (replies, stderr) = bash_complete(setup, at, line, extra);
        assert_eq!(
            replies,
            sorted(expected),
            "bash ({setup:?}) completing `{line}` in {}",
            at.cwd.display()
        );
        assert_eq!(stderr, "", "bash ({setup:?}) wrote on stderr for `{line}`");
    }
}

macro_rules! bash_case {
    ($name:ident, $line:expr, $expected:expr) => {
        bash_case!($name, $line, "", $expected);
    };
    ($name:ident, $line:expr, $extra:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check_bash(&At::fixture(), $line, $extra, &$expected);
        }
    };
}

bash_case!(bash_all_targets, "make ", ALL);
bash_case!(bash_plain_prefix, "make b", ["bench", "build"]);
bash_case!(bash_whole_name, "make clean", ["clean"]);
bash_case!(bash_prefix_matching_nothing, "make zzz", []);
bash_case!(
    bash_directory_option,
    "make -C sub ",
    ["sub-one", "sub-two"]
);
bash_case!(
    bash_directory_attached,
    "make -Csub s",
    ["sub-one", "sub-two"]
);
bash_case!(
    bash_directory_long,
    "make --directory=sub ",
    ["sub-one", "sub-two"]
);
bash_case!(
    bash_directory_in_cluster,
    "make -sC sub ",
    ["sub-one", "sub-two"]
);
bash_case!(bash_file_option, "make -f other.mk ", ["from-other"]);
bash_case!(bash_file_long, "make --file=other.mk f", ["from-other"]);
bash_case!(
    bash_file_then_jobs,
    "make -f other.mk -j 4 ",
    ["from-other"]
);
bash_case!(bash_jobs_without_number, "make -j b", ["bench", "build"]);
bash_case!(
    bash_output_sync_takes_no_next_word,
    "make -O b",
    ["bench", "build"]
);
bash_case!(bash_jobs_number_is_not_a_target, "make -j 4", []);
bash_case!(
    bash_quoted_assignment_word,
    "make 'MODE=release' r",
    ["release-only"]
);
bash_case!(bash_include_dir, "make -I inc from", ["from-include-dir"]);
bash_case!(
    bash_assignment_word,
    "make MODE=release r",
    ["release-only"]
);
bash_case!(bash_colon_target, "make docker:", ["build", "push"]);
bash_case!(bash_colon_target_prefix, "make docker:p", ["push"]);
bash_case!(
    bash_colon_from_start,
    "make dock",
    ["docker:build", "docker:push"]
);
bash_case!(
    bash_colon_not_a_word_break,
    "make docker:",
    "COMP_WORDBREAKS=${COMP_WORDBREAKS//:}",
    ["docker:build", "docker:push"]
);
bash_case!(bash_collapsed_directory, "make ob", ["obj/"]);
bash_case!(
    bash_inside_collapsed_directory,
    "make obj/",
    ["obj/main.o", "obj/sub/", "obj/util.o"]
);
bash_case!(
    bash_phony_with_slash_whole,
    "make docs",
    ["docs/", "docs/serve"]
);
bash_case!(bash_underscore_when_typed, "make _", ["_internal"]);
bash_case!(bash_dot_when_typed, "make .", [".stamp"]);
bash_case!(bash_files_after_file_option, "make -f oth", ["other.mk"]);
bash_case!(
    bash_directories_after_directory_option,
    "make -C s",
    ["sub"]
);
bash_case!(bash_path_like_word, "make ./Mak", ["./Makefile"]);
bash_case!(
    bash_path_like_under_directory,
    "make sub/Mak",
    ["sub/Makefile"]
);
bash_case!(
    bash_assignment_value_is_a_file,
    "make CONFIG=./oth",
    ["./other.mk"]
);
bash_case!(bash_long_options, "make --dir", ["--directory="]);
bash_case!(bash_missing_directory, "make -C no-such-dir ", []);
bash_case!(bash_missing_makefile, "make -f no-such.mk ", []);

#[test]
fn bash_directory_without_makefile_is_empty_and_quiet() {
    let empty = tempfile::tempdir().unwrap();
    check_bash(&At::dir(empty.path()), "make ", "", &[]);
    check_bash(&At::dir(empty.path()), "make b", "", &[]);
}

#[test]
fn bash_without_make_targets_on_path_is_quiet() {
    if !installed("bash") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let output = shell_command("bash", &fixture_dir(FIXTURE), home.path())
        .env("PATH", "/usr/bin:/bin")
        .arg("--norc")
        .arg("--noprofile")
        .arg(root().join("tests/shells/bash-complete.bash"))
        .arg(format!(
            "source '{}'",
            completions_dir().join("make.bash").display()
        ))
        .arg("make b")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(stdout_lines(&output), ["function:_make_tools_make"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

// ---------------------------------------------------------------------------------------------
// zsh

/// What zsh offers for `line`: the words it would insert (sorted) and the display strings
/// (`name -- description`) of those added with one.
fn zsh_complete(at: &At, line: &str, sourced: bool) -> (Vec<String>, Vec<String>) {
    zsh_complete_with(at, line, sourced, "")
}

/// [`zsh_complete`], with `extra` run in the interactive zsh before `line` is typed.
fn zsh_complete_with(
    at: &At,
    line: &str,
    sourced: bool,
    extra: &str,
) -> (Vec<String>, Vec<String>) {
    let scratch = tempfile::tempdir().expect("scratch home");
    let home = at.home.unwrap_or(scratch.path());
    // Sourced: compinit sees zsh's own `_make`, and our file, sourced after, takes over.
    let (fpath, setup) = if sourced {
        (
            scratch.path().to_path_buf(),
            format!("source '{}'", completions_dir().join("_make").display()),
        )
    } else {
        (completions_dir(), String::new())
    };
    let setup = format!("{setup}; {extra}");
    let output = at
        .command("zsh", home)
        .arg("-f")
        .arg(root().join("tests/shells/zsh-complete.zsh"))
        .arg(&fpath)
        .arg(line)
        .arg(setup)
        .output()
        .expect("zsh runs");
    assert!(
        output.status.success(),
        "zsh failed on `{line}`: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = stdout_lines(&output);
    assert_eq!(
        lines.last().map(String::as_str),
        Some("done"),
        "zsh completion of `{line}` did not finish: {lines:?}"
    );
    let mut matches: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("match:"))
        .map(str::to_owned)
        .collect();
    matches.sort();
    matches.dedup();
    let displays = lines
        .iter()
        .filter_map(|l| l.strip_prefix("display:"))
        .map(str::to_owned)
        .collect();
    (matches, displays)
}

fn check_zsh(at: &At, line: &str, expected: &[&str], descriptions: &[&str]) {
    check_zsh_with(at, line, "", expected, descriptions);
}

fn check_zsh_with(at: &At, line: &str, extra: &str, expected: &[&str], descriptions: &[&str]) {
    if !installed("zsh") {
        eprintln!(
            "skipping: zsh is not installed (apt-get install zsh); its format is unit-tested"
        );
        return;
    }
    for sourced in [false, true] {
        let (matches, displays) = zsh_complete_with(at, line, sourced, extra);
        let how = if sourced { "sourced" } else { "from fpath" };
        assert_eq!(matches, sorted(expected), "zsh ({how}) completing `{line}`");
        for description in descriptions {
            assert!(
                displays.iter().any(|d| d == description),
                "zsh ({how}) completing `{line}`: no `{description}` in {displays:?}"
            );
        }
    }
}

macro_rules! zsh_case {
    ($name:ident, $line:expr, $expected:expr) => {
        zsh_case!($name, $line, $expected, []);
    };
    ($name:ident, $line:expr, $expected:expr, $descriptions:expr) => {
        #[test]
        fn $name() {
            check_zsh(&At::fixture(), $line, &$expected, &$descriptions);
        }
    };
}

zsh_case!(
    zsh_all_targets_with_descriptions,
    "make ",
    ALL,
    [
        "build -- Build the program",
        "bench -- Run the benchmarks",
        "clean -- Remove what the build made.",
        "docker:build -- Build the image",
        "docker:push"
    ]
);
zsh_case!(zsh_plain_prefix, "make b", ["bench", "build"]);
zsh_case!(zsh_prefix_matching_nothing, "make zzz", []);
zsh_case!(
    zsh_directory_option,
    "make -C sub ",
    ["sub-one", "sub-two"],
    ["sub-one -- First target of sub"]
);
zsh_case!(
    zsh_directory_long,
    "make --directory=sub s",
    ["sub-one", "sub-two"]
);
zsh_case!(zsh_file_option, "make -f other.mk ", ["from-other"]);
zsh_case!(zsh_jobs_without_number, "make -j b", ["bench", "build"]);
zsh_case!(
    zsh_output_sync_takes_no_next_word,
    "make -O b",
    ["bench", "build"]
);
zsh_case!(
    zsh_quoted_assignment_word,
    "make 'MODE=release' r",
    ["release-only"]
);
zsh_case!(zsh_include_dir, "make -I inc from", ["from-include-dir"]);
zsh_case!(zsh_assignment_word, "make MODE=release r", ["release-only"]);
zsh_case!(
    zsh_colon_target,
    "make docker:",
    ["docker:build", "docker:push"],
    ["docker:build -- Build the image"]
);
zsh_case!(zsh_collapsed_directory, "make ob", ["obj/"]);
zsh_case!(
    zsh_inside_collapsed_directory,
    "make obj/",
    ["obj/main.o", "obj/sub/", "obj/util.o"]
);
zsh_case!(zsh_underscore_when_typed, "make _", ["_internal"]);
zsh_case!(zsh_files_after_file_option, "make -f oth", ["other.mk"]);
zsh_case!(zsh_path_like_word, "make ./Mak", ["Makefile"]);

#[test]
fn zsh_directory_without_makefile_is_empty() {
    let empty = tempfile::tempdir().unwrap();
    check_zsh(&At::dir(empty.path()), "make ", &[], &[]);
}

// ---------------------------------------------------------------------------------------------
// fish

/// What fish offers for `line`: its `complete -C` lines (`word<TAB>description`), sorted.
fn fish_complete(at: &At, line: &str) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("scratch home");
    let output = at
        .command("fish", at.home.unwrap_or(scratch.path()))
        .env("COMPLETIONS", completions_dir())
        .env("LINE", line)
        .arg("--no-config")
        .arg("-c")
        // What ~/.config/fish/completions does: our make.fish comes first.
        .arg(
            "set fish_complete_path $COMPLETIONS $fish_complete_path; complete --do-complete=$LINE",
        )
        .output()
        .expect("fish runs");
    assert_quiet_success(&output, "fish", line);
    let mut lines = stdout_lines(&output);
    lines.sort();
    lines
}

fn check_fish(at: &At, line: &str, expected: &[&str]) {
    if !installed("fish") {
        eprintln!(
            "skipping: fish is not installed (apt-get install fish); its format is unit-tested"
        );
        return;
    }
    assert_eq!(
        fish_complete(at, line),
        sorted(expected),
        "fish completing `{line}`"
    );
}

macro_rules! fish_case {
    ($name:ident, $line:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check_fish(&At::fixture(), $line, &$expected);
        }
    };
}

fish_case!(
    fish_all_targets_with_descriptions,
    "make ",
    [
        "bench\tRun the benchmarks",
        "build\tBuild the program",
        "clean\tRemove what the build made.",
        "docker:build\tBuild the image",
        "docker:push",
        "docs/",
        "docs/serve\tServe the docs",
        "image-api\tBuild the image of api",
        "image-web\tBuild the image of web",
        "obj/",
        "DEPLOY=\tWhere to deploy: dev|staging|prod",
    ]
);
fish_case!(
    fish_plain_prefix,
    "make b",
    ["bench\tRun the benchmarks", "build\tBuild the program"]
);
fish_case!(fish_prefix_matching_nothing, "make zzz", []);
fish_case!(
    fish_directory_option,
    "make -C sub ",
    ["sub-one\tFirst target of sub", "sub-two"]
);
fish_case!(
    fish_directory_attached,
    "make -Csub s",
    ["sub-one\tFirst target of sub", "sub-two"]
);
fish_case!(
    fish_file_option,
    "make -f other.mk ",
    ["from-other\tOnly in other.mk"]
);
fish_case!(
    fish_file_long,
    "make --file=other.mk ",
    ["from-other\tOnly in other.mk"]
);
fish_case!(
    fish_jobs_without_number,
    "make -j b",
    ["bench\tRun the benchmarks", "build\tBuild the program"]
);
fish_case!(
    fish_quoted_assignment_word,
    "make 'MODE=release' r",
    ["release-only\tOnly there with MODE=release"]
);
fish_case!(fish_include_dir, "make -I inc from", ["from-include-dir"]);
fish_case!(
    fish_assignment_word,
    "make MODE=release r",
    ["release-only\tOnly there with MODE=release"]
);
fish_case!(
    fish_colon_target,
    "make docker:",
    ["docker:build\tBuild the image", "docker:push"]
);
fish_case!(fish_collapsed_directory, "make ob", ["obj/"]);
fish_case!(
    fish_inside_collapsed_directory,
    "make obj/",
    ["obj/main.o", "obj/sub/", "obj/util.o"]
);
fish_case!(fish_underscore_when_typed, "make _", ["_internal"]);
fish_case!(fish_path_like_word, "make ./Mak", ["./Makefile"]);
fish_case!(
    fish_assignment_value_is_a_file,
    "make CONFIG=./oth",
    ["CONFIG=./other.mk"]
);

#[test]
fn fish_directory_without_makefile_is_empty() {
    let empty = tempfile::tempdir().unwrap();
    check_fish(&At::dir(empty.path()), "make ", &[]);
}

// ---------------------------------------------------------------------------------------------
// nushell

/// What `completions/make.nu` offers for `line`, its completer called in nushell as nushell
/// calls it (with the line up to the cursor): `value<TAB>description` lines (the value alone
/// when the description is empty), sorted; `None` when it answers nothing (null), so that
/// nushell completes file names.
fn nu_complete(at: &At, line: &str) -> Option<Vec<String>> {
    let scratch = tempfile::tempdir().expect("scratch home");
    let script = completions_dir().join("make.nu");
    // By its full path: the fallback tests give nushell a `PATH` without make-targets,
    // and without the directory nushell was installed in (npm's, on CI).
    let nu = which("nu").expect("nushell is on PATH");
    let output = at
        .command(
            nu.to_str().expect("a UTF-8 path"),
            at.home.unwrap_or(scratch.path()),
        )
        .env("LINE", line)
        .arg("--no-config-file")
        .arg("-c")
        .arg(format!(
            "source '{}'; nu-complete make-tools $env.LINE | to json --raw",
            script.display()
        ))
        .output()
        .expect("nu runs");
    assert_quiet_success(&output, "nu", line);
    let answer: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the completer answers JSON");
    let completions = answer.get("completions")?.as_array()?;
    let mut lines: Vec<String> = completions
        .iter()
        .map(|item| {
            let value = item["value"].as_str().unwrap_or_default();
            match item["description"].as_str() {
                Some(text) if !text.is_empty() => format!("{value}\t{text}"),
                _ => value.to_owned(),
            }
        })
        .collect();
    lines.sort();
    Some(lines)
}

fn check_nu(at: &At, line: &str, expected: Option<&[&str]>) {
    if !installed("nu") {
        eprintln!("skipping: nushell is not installed (.ci/run installs it with npm)");
        return;
    }
    assert_eq!(
        nu_complete(at, line),
        expected.map(sorted),
        "nushell completing `{line}`"
    );
}

macro_rules! nu_case {
    ($name:ident, $line:expr, None) => {
        #[test]
        fn $name() {
            check_nu(&At::fixture(), $line, None);
        }
    };
    ($name:ident, $line:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check_nu(&At::fixture(), $line, Some(&$expected));
        }
    };
}

nu_case!(
    nu_all_targets_with_descriptions,
    "make ",
    [
        "bench\tRun the benchmarks",
        "build\tBuild the program",
        "clean\tRemove what the build made.",
        "docker:build\tBuild the image",
        "docker:push",
        "docs/\tdirectory",
        "docs/serve\tServe the docs",
        "image-api\tBuild the image of api",
        "image-web\tBuild the image of web",
        "obj/\tdirectory",
        "DEPLOY=\tWhere to deploy: dev|staging|prod",
    ]
);
nu_case!(
    nu_plain_prefix,
    "make b",
    ["bench\tRun the benchmarks", "build\tBuild the program"]
);
nu_case!(
    nu_gmake,
    "gmake b",
    ["bench\tRun the benchmarks", "build\tBuild the program"]
);
// Nothing to offer: null, and nushell completes file names.
nu_case!(nu_prefix_matching_nothing, "make zzz", None);
nu_case!(nu_percent_names_never, "make va", None);
nu_case!(
    nu_directory_option,
    "make -C sub ",
    ["sub-one\tFirst target of sub", "sub-two"]
);
nu_case!(
    nu_directory_attached,
    "make -Csub s",
    ["sub-one\tFirst target of sub", "sub-two"]
);
nu_case!(
    nu_directory_quoted,
    "make -C 'sub' s",
    ["sub-one\tFirst target of sub", "sub-two"]
);
nu_case!(
    nu_directory_long_quoted,
    "make --directory=\"sub\" s",
    ["sub-one\tFirst target of sub", "sub-two"]
);
nu_case!(
    nu_file_option,
    "make -f other.mk ",
    ["from-other\tOnly in other.mk"]
);
nu_case!(
    nu_file_long,
    "make --makefile=other.mk ",
    ["from-other\tOnly in other.mk"]
);
nu_case!(nu_include_dir, "make -I inc from", ["from-include-dir"]);
nu_case!(
    nu_assignment_word,
    "make MODE=release r",
    ["release-only\tOnly there with MODE=release"]
);
nu_case!(
    nu_quoted_assignment_word,
    "make `MODE=release` r",
    ["release-only\tOnly there with MODE=release"]
);
nu_case!(nu_variable_name, "make MO", ["MODE=\tvariable"]);
nu_case!(
    nu_values_a_doc_lists,
    "make DEPLOY=",
    [
        "DEPLOY=dev\tvalue",
        "DEPLOY=prod\tvalue",
        "DEPLOY=staging\tvalue"
    ]
);
nu_case!(
    nu_colon_target,
    "make docker:",
    ["docker:build\tBuild the image", "docker:push"]
);
nu_case!(
    nu_inside_collapsed_directory,
    "make obj/",
    ["obj/main.o", "obj/sub/\tdirectory", "obj/util.o"]
);
nu_case!(nu_underscore_when_typed, "make _", ["_internal"]);
nu_case!(
    nu_options,
    "make --di",
    ["--directory=\tchange to DIRECTORY first"]
);
// The value of -C or -f: nushell's file names.
nu_case!(nu_value_of_an_option, "make -C ", None);

/// A name nushell would split or misread is offered in backquotes.
#[test]
fn nu_quotes_names_it_would_misread() {
    let scratch = makefile_dir("all:\na\\ b:\nfoo$$bar:\nit's:\n");
    check_nu(
        &At::dir(scratch.path()),
        "make ",
        Some(&["`a b`", "`foo$bar`", "`it's`", "all"]),
    );
}

/// With the script loaded, every make command line nushell ran before still runs: the
/// externs declare no flag, so `-j4`, `-Csub`, `-j` alone and clusters reach make as typed.
#[test]
fn nu_make_command_lines_pass_through() {
    if !installed("nu") {
        return;
    }
    let bin = dir_with_script("make", "#!/bin/sh\necho \"$@\"\n");
    let typed = "-j4 -Csub -fMakefile -j build --jobs -kC. -Otarget X=1";
    let home = tempfile::tempdir().unwrap();
    let output = At::fixture()
        .command(which("nu").unwrap().to_str().unwrap(), home.path())
        .env(
            "PATH",
            format!("{}:{}", bin.path().display(), path_with_bin()),
        )
        .arg("--no-config-file")
        .arg("-c")
        .arg(format!(
            "source '{}'; make {typed}",
            completions_dir().join("make.nu").display()
        ))
        .output()
        .unwrap();
    assert_quiet_success(&output, "nu", typed);
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), typed);
}

/// `make -C ~/project`: nushell expands `~` in an external command's arguments, and so
/// does the completer.
#[test]
fn nu_home_in_directory_option() {
    let home = tempfile::tempdir().unwrap();
    let project = home.path().join("project");
    fs::create_dir(&project).unwrap();
    fs::write(project.join("Makefile"), "deploy: ## Ship it\n\t@echo\n").unwrap();
    let at = At {
        home: Some(home.path()),
        ..At::fixture()
    };
    for line in [
        "make -C ~/project ",
        "make -C~/project d",
        "make --directory=~/project ",
    ] {
        check_nu(&at, line, Some(&["deploy\tShip it"]));
    }
}

#[test]
fn nu_falls_back_to_file_names() {
    let broken = broken_make_targets();
    for path in paths_without_make_targets(broken.path()) {
        // Not installed, or broken (exit 2): null, and nushell completes file names.
        check_nu(&At::fixture_with_path(path), "make b", None);
    }
}

// ---------------------------------------------------------------------------------------------
// tmux: a person pressing TAB

/// `scripts/completion-tmux` for `shell` in the fixture: `typed` typed, then `tabs` TABs
/// (or `$KEY`), the screen captured and checked for the words given after it.
fn completion_tmux(shell: &str, typed: &str, tabs: u32) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(root().join("scripts/completion-tmux"));
    cmd.env("MAKE_TARGETS_DIR", bin_dir())
        .env("TYPED", typed)
        .env("TABS", tabs.to_string())
        .arg(shell)
        .arg(fixture_dir(FIXTURE))
        .timeout(Duration::from_mins(1));
    cmd
}

/// The screen showed what [`completion_tmux`] was told to look for.
fn assert_tmux_saw(cmd: &mut assert_cmd::Command, what: &str) {
    let output = cmd.output().expect("scripts/completion-tmux runs");
    assert!(
        output.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `scripts/completion-tmux` (a shell in tmux, `make ` typed, TAB pressed, the screen
/// captured) and checks what it saw.
fn check_tmux(shell: &str, typed: &str, tabs: u32, present: &[&str], absent: &[&str]) {
    if !installed("tmux") || !installed(shell) {
        eprintln!("skipping: tmux or {shell} is not installed");
        return;
    }
    assert_tmux_saw(
        completion_tmux(shell, typed, tabs)
            .args(present)
            .arg("--absent")
            .args(absent),
        &format!("{shell} in tmux, `{typed}` + {tabs} TAB"),
    );
}

#[test]
fn tmux_bash_tab_tab_lists_targets() {
    check_tmux(
        "bash",
        "make ",
        2,
        ALL,
        &["_internal", ".stamp", "obj/main.o", "docs/index.html"],
    );
}

#[test]
fn tmux_bash_completes_colon_target_and_directory() {
    check_tmux("bash", "make docker:b", 1, &["make docker:build"], &[]);
    // No space after `obj/`: the third TAB lists what is inside.
    check_tmux(
        "bash",
        "make ob",
        3,
        &["obj/main.o", "obj/sub/", "obj/util.o"],
        &[],
    );
}

#[test]
fn tmux_zsh_lists_targets_with_descriptions() {
    check_tmux(
        "zsh",
        "make ",
        1,
        &["build", "-- Build the program", "docs/", "obj/"],
        &["_internal", "obj/main.o"],
    );
}

#[test]
fn tmux_fish_lists_targets_with_descriptions() {
    check_tmux(
        "fish",
        "make ",
        1,
        &["build", "(Build the program)", "docs/", "obj/"],
        &["_internal", "obj/main.o"],
    );
}

#[test]
fn tmux_nushell_lists_targets_with_descriptions() {
    check_tmux(
        "nu",
        "make ",
        1,
        &["build", "Build the program", "docs/", "obj/", "DEPLOY="],
        &["_internal", "obj/main.o", "validate-%"],
    );
    check_tmux(
        "nu",
        "gmake -C sub ",
        1,
        &["sub-one", "First target of sub", "sub-two"],
        &["build"],
    );
}

// ---------------------------------------------------------------------------------------------
// make-targets itself

#[test]
fn default_output_is_every_target_on_one_line() {
    targets_cmd()
        .current_dir(fixture_dir(FIXTURE))
        .assert()
        .success()
        .stdout(
            ".stamp _internal bench build clean docker:build docker:push docs/api.html \
             docs/index.html docs/serve obj/main.o obj/sub/deep.o obj/util.o\n",
        );
}

#[test]
fn prefix_and_format_options() {
    targets_cmd()
        .current_dir(fixture_dir(FIXTURE))
        .args(["--prefix=", "--format=lines"])
        .assert()
        .success()
        .stdout(
            "bench\nbuild\nclean\ndocker:build\ndocker:push\ndocs/\ndocs/serve\nobj/\n\
             image-api\nimage-web\nDEPLOY=\n",
        );
    targets_cmd()
        .current_dir(fixture_dir(FIXTURE))
        .args(["--format", "fish", "--prefix", "docker:", "-C", "."])
        .assert()
        .success()
        .stdout("docker:build\tBuild the image\ndocker:push\n");
    targets_cmd()
        .current_dir(fixture_dir(FIXTURE))
        .args(["--format=zsh", "--prefix=d", "MODE=release"])
        .assert()
        .success()
        .stdout(
            "docker\\:build:Build the image\ndocker\\:push\ndocs/serve:Serve the docs\n\
             :directories\ndocs/\n",
        );
    targets_cmd()
        .current_dir(fixture_dir(FIXTURE))
        .args(["--format=words", "--prefix=zzz"])
        .assert()
        .success()
        .stdout("");
    targets_cmd()
        .args(["--format=xml"])
        .assert()
        .code(2)
        .stdout("");
}

// ---------------------------------------------------------------------------------------------
// completion scripts of make-help and make-targets (clap_complete)

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// The committed scripts match what the binaries generate; `UPDATE_COMPLETIONS=1` rewrites
/// them instead of failing.
#[test]
fn generated_completion_scripts_are_fresh() {
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some_and(|v| !v.is_empty());
    let mut stale = Vec::new();
    for (program, mut cmd) in [("make-help", help_cmd()), ("make-targets", targets_cmd())] {
        for shell in SHELLS {
            let output = cmd
                .args(["--completions", &shell.to_string()])
                .output()
                .unwrap();
            cmd = if program == "make-help" {
                help_cmd()
            } else {
                targets_cmd()
            };
            assert!(output.status.success(), "{program} --completions {shell}");
            assert!(!output.stdout.is_empty(), "{program} --completions {shell}");
            let path = completions_dir().join(shell.file_name(program));
            if update {
                fs::write(&path, &output.stdout).unwrap();
            } else if fs::read(&path).ok().as_deref() != Some(output.stdout.as_slice()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts (run `UPDATE_COMPLETIONS=1 cargo test generated_completion`):\n  {}",
        stale.join("\n  ")
    );
}

/// The generated scripts, loaded the way the README says, complete our own options.
#[test]
fn own_completion_scripts_work_in_the_shells() {
    let at = At::fixture();
    let formats = ["bash", "fish", "json", "lines", "tsv", "words", "zsh"];
    if installed("bash") {
        let home = tempfile::tempdir().unwrap();
        for (script, line, expected) in [
            ("make-targets.bash", "make-targets --format ", &formats[..]),
            ("make-help.bash", "make-help --col", &["--color"][..]),
        ] {
            let output = shell_command("bash", at.cwd, home.path())
                .arg("--norc")
                .arg("--noprofile")
                .arg(root().join("tests/shells/bash-complete.bash"))
                .arg(format!(
                    "source '{}'",
                    completions_dir().join(script).display()
                ))
                .arg(line)
                .output()
                .unwrap();
            let mut lines = stdout_lines(&output);
            lines.remove(0);
            lines.sort();
            assert_eq!(lines, expected, "bash, {script}: `{line}`");
        }
    }
    if installed("zsh") {
        let (matches, _) = zsh_complete(&at, "make-targets --format ", false);
        assert_eq!(matches, formats, "zsh, _make-targets");
    }
    if installed("fish") {
        assert_eq!(fish_complete(&at, "make-help -C s"), ["sub/\tDirectory"]);
        let formats: Vec<String> = fish_complete(&at, "make-targets --format ")
            .iter()
            .map(|line| line.split('\t').next().unwrap().to_owned())
            .collect();
        assert_eq!(
            formats,
            ["bash", "fish", "json", "lines", "tsv", "words", "zsh"],
            "fish"
        );
    }
}

#[test]
fn completions_flag_is_in_help_and_exclusive() {
    for mut cmd in [help_cmd(), targets_cmd()] {
        let help = cmd.arg("--help").output().unwrap();
        assert!(help.status.success());
        assert!(String::from_utf8_lossy(&help.stdout).contains("--completions <SHELL>"));
    }
    let help = targets_cmd().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("--make-completion <SHELL>"));
    targets_cmd()
        .args(["--completions", "bash", "-C", "."])
        .assert()
        .code(2)
        .stdout("");
    help_cmd()
        .args(["--completions", "nushell-or-not"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn completions_into_a_closed_pipe_is_success() {
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' --completions zsh | true",
            env!("CARGO_BIN_EXE_make-targets")
        ))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

// ---------------------------------------------------------------------------------------------
// What every shell offers beyond target names: NAME= and its values, no `%` names, the
// matchers of zsh and fish, bash's descriptions, and the fallback when make-targets cannot
// answer.

bash_case!(bash_variable_of_the_makefile, "make MO", ["MODE="]);
bash_case!(bash_values_compared_with, "make MODE=", ["release"]);
bash_case!(bash_values_by_prefix, "make MODE=r", ["release"]);
bash_case!(
    bash_values_whole_word_when_equals_is_no_break,
    "make MODE=",
    "COMP_WORDBREAKS=${COMP_WORDBREAKS//=}",
    ["MODE=release"]
);
bash_case!(bash_no_percent_names, "make v", []);
bash_case!(bash_documented_variable_first, "make D", ["DEPLOY="]);
bash_case!(
    bash_values_a_doc_lists,
    "make DEPLOY=",
    ["dev", "prod", "staging"]
);
bash_case!(
    bash_names_made_through_a_pattern_rule,
    "make im",
    ["image-api", "image-web"]
);
bash_case!(bash_no_percent_names_under_directory, "make check/", []);
zsh_case!(zsh_variable_of_the_makefile, "make MO", ["MODE="]);
zsh_case!(zsh_values_compared_with, "make MODE=", ["MODE=release"]);
zsh_case!(zsh_no_percent_names, "make v", []);
zsh_case!(
    zsh_documented_variable_described,
    "make D",
    ["DEPLOY="],
    ["DEPLOY= -- Where to deploy: dev | staging | prod"]
);
zsh_case!(zsh_values_a_doc_lists, "make DEPLOY=s", ["DEPLOY=staging"]);
zsh_case!(
    zsh_names_made_through_a_pattern_rule,
    "make im",
    ["image-api", "image-web"],
    ["image-api -- Build the image of api"]
);
fish_case!(fish_variable_of_the_makefile, "make MO", ["MODE="]);
fish_case!(fish_values_compared_with, "make MODE=", ["MODE=release"]);
fish_case!(
    fish_documented_variable_described,
    "make D",
    ["DEPLOY=\tWhere to deploy: dev|staging|prod"]
);
fish_case!(
    fish_values_a_doc_lists,
    "make DEPLOY=",
    ["DEPLOY=dev", "DEPLOY=prod", "DEPLOY=staging"]
);
fish_case!(
    fish_names_made_through_a_pattern_rule,
    "make im",
    [
        "image-api\tBuild the image of api",
        "image-web\tBuild the image of web"
    ]
);

#[test]
fn fish_no_percent_names() {
    if installed("fish") {
        // fish matches the rest itself, descriptions included.
        for line in ["make v", "make check/"] {
            let offered = fish_complete(&At::fixture(), line);
            assert!(
                offered.iter().all(|l| !l.contains('%')),
                "{line}: {offered:?}"
            );
        }
    }
}

#[test]
fn bash_lists_descriptions_and_inserts_names() {
    let at = At::fixture();
    // The listing (second TAB, COMP_TYPE `?`): `name  (description)`, each line padded
    // to the terminal's width less one, so that bash shows one a line.
    let padded = |line: &str| format!("{line:<59}");
    check_bash(
        &at,
        "make b",
        "COMP_TYPE=63 COLUMNS=60",
        &[
            &padded("bench  (Run the benchmarks)"),
            &padded("build  (Build the program)"),
        ],
    );
    check_bash(
        &at,
        "make d",
        "COMP_TYPE=33 COLUMNS=40",
        &[
            &format!("{:<39}", "docker:build  (Build the image)"),
            &format!("{:<39}", "docker:push"),
            &format!("{:<39}", "docs/"),
            &format!("{:<39}", "docs/serve    (Serve the docs)"),
        ],
    );
    // A line longer than the terminal is cut.
    check_bash(&at, "make c", "COMP_TYPE=63 COLUMNS=20", &["clean"]);
    check_bash(
        &at,
        "make b",
        "COMP_TYPE=63 COLUMNS=20",
        &["bench  (Run the be…", "build  (Build the …"],
    );
    // One candidate is inserted: its bare name.
    check_bash(&at, "make cl", "COMP_TYPE=63", &["clean"]);
    // TAB, menu-complete (`%`) and insert-completions (`*`) insert: bare names.
    for comp_type in [9, 37, 42] {
        check_bash(
            &at,
            "make b",
            &format!("COMP_TYPE={comp_type}"),
            &["bench", "build"],
        );
    }
    // The opt-out.
    check_bash(
        &at,
        "make b",
        "COMP_TYPE=63 MAKE_TOOLS_BASH_NO_DESCRIPTIONS=1",
        &["bench", "build"],
    );
    // After a colon bash completes the part after it; the descriptions stay.
    check_bash(
        &at,
        "make docker:",
        "COMP_TYPE=63 COLUMNS=30",
        &[
            &format!("{:<29}", "build  (Build the image)"),
            &format!("{:<29}", "push"),
        ],
    );
}

/// zsh with `zstyle ':completion:*' matcher-list ...`: make-targets narrows the list
/// only as far as the matcher of each pass allows, and zsh matches.
#[test]
fn zsh_honours_the_matcher_list() {
    let at = At::fixture();
    let style = |list: &str| format!("zstyle ':completion:*' matcher-list {list}");
    // Case-insensitive, both ways (oh-my-zsh's default).
    let case = style("'m:{[:lower:][:upper:]}={[:upper:][:lower:]}'");
    check_zsh_with(&at, "make BU", &case, &["build"], &[]);
    check_zsh_with(&at, "make DOCKER:P", &case, &["docker:push"], &[]);
    check_zsh_with(&at, "make Mo", &case, &["MODE="], &[]);
    // Lower case matches upper case only: `B` stays exact.
    let lower = style("'m:{a-z}={A-Z}'");
    check_zsh_with(&at, "make mo", &lower, &["MODE="], &[]);
    check_zsh_with(&at, "make BU", &lower, &[], &[]);
    // Partial words: `d:p` is `docker:push`.
    let partial = style("'' 'r:|[:/]=* r:|=*'");
    check_zsh_with(&at, "make d:p", &partial, &["docker:push"], &[]);
    check_zsh_with(&at, "make b", &partial, &["bench", "build"], &[]);
    // Substrings, after case: `uil` is in `build`.
    let substring = style("'m:{a-z}={A-Z}' 'l:|=* r:|=*'");
    check_zsh_with(&at, "make uil", &substring, &["build", "docker:build"], &[]);
    check_zsh_with(&at, "make ENCH", &substring, &[], &[]);
    // Without a matcher-list, case matters.
    check_zsh(&at, "make BU", &[], &[]);
    // A `matcher` style for one tag, without a matcher-list: zsh applies it to that tag.
    let tag = "zstyle ':completion:*:variables' matcher 'm:{a-z}={A-Z}'";
    check_zsh_with(&at, "make mo", tag, &["MODE="], &[]);
    check_zsh_with(&at, "make bu", tag, &["build"], &[]);
}

#[test]
fn fish_matches_case_and_substrings() {
    let at = At::fixture();
    check_fish(&at, "make BU", &["build\tBuild the program"]);
    check_fish(&at, "make mo", &["MODE="]);
    // Nothing starts with `uil`: fish finds it inside `build` and `docker:build`.
    if installed("fish") {
        let offered = fish_complete(&at, "make uil");
        for name in ["build\tBuild the program", "docker:build\tBuild the image"] {
            assert!(offered.iter().any(|l| l == name), "{name}: {offered:?}");
        }
    }
}

/// A scratch directory holding the executable script `name` (to put on a `PATH`).
fn dir_with_script(name: &str, script: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, script).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// A scratch directory whose `Makefile` holds `text`.
fn makefile_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Makefile"), text).unwrap();
    dir
}

/// A directory with a `make-targets` that cannot answer: it exits 2, as an older one does
/// on an option it does not know.
fn broken_make_targets() -> tempfile::TempDir {
    dir_with_script(
        "make-targets",
        "#!/bin/sh\necho 'make-targets: error: unexpected argument' >&2\nexit 2\n",
    )
}

/// `PATH`s without a working make-targets: none on it, and a broken one first.
fn paths_without_make_targets(broken: &Path) -> [String; 2] {
    let system = "/usr/local/bin:/usr/bin:/bin".to_owned();
    [system.clone(), format!("{}:{system}", broken.display())]
}

#[test]
fn bash_falls_back_to_its_own_make_completion() {
    if !installed("bash") {
        return;
    }
    let broken = broken_make_targets();
    for path in paths_without_make_targets(broken.path()) {
        let at = At::fixture_with_path(path);
        for setup in bash_setups() {
            let (replies, stderr) = bash_complete(setup, &at, "make b", "");
            let (files, _) = bash_complete(setup, &at, "make Mak", "");
            match setup {
                // bash-completion's `_make` reads `make -npq`.
                BashSetup::WithBashCompletion | BashSetup::InstalledForBashCompletion => {
                    assert_eq!(replies, ["bench", "build"], "{setup:?}");
                }
                // Without bash-completion bash completes file names.
                BashSetup::Plain => {
                    assert_eq!(replies, Vec::<String>::new(), "{setup:?}");
                    assert_eq!(files, ["Makefile"], "{setup:?}");
                }
            }
            assert_eq!(stderr, "", "{setup:?}");
        }
    }
}

#[test]
fn zsh_falls_back_to_its_own_make_completion() {
    if !installed("zsh") {
        return;
    }
    let broken = broken_make_targets();
    for path in paths_without_make_targets(broken.path()) {
        let at = At::fixture_with_path(path);
        // zsh's own `_make` reads the makefile with its patterns.
        check_zsh(&at, "make b", &["bench", "build"], &[]);
    }
}

/// After `-C DIR`, make reads `-f FILE` and `-I DIR` from DIR (each `-C` relative to the
/// one before): so are they completed, in bash, zsh and fish.
#[test]
fn file_options_after_directory_are_relative_to_it() {
    let elsewhere = tempfile::tempdir().unwrap();
    let at = At::dir(elsewhere.path());
    let fixture = fixture_dir(FIXTURE);
    let parent = fixture.parent().unwrap().display().to_string();
    let fixture = fixture.display().to_string();
    for (line, expected) in [
        (format!("make -C {fixture} -f ot"), "other.mk"),
        (format!("make -C {parent} -C {FIXTURE} -f ot"), "other.mk"),
        (format!("make -C {fixture} -I i"), "inc"),
    ] {
        check_bash(&at, &line, "", &[expected]);
        check_zsh(&at, &line, &[expected], &[]);
        let shown = if expected == "inc" {
            "inc/\tDirectory"
        } else {
            expected
        };
        check_fish(&at, &line, &[shown]);
    }
    check_bash(&at, "make -f ot", "", &[]);
    check_fish(&at, "make -f ot", &[]);
}

/// After `--` make reads no option: a word starting with `-` is no option to offer, and
/// `-C` there names a goal.
#[test]
fn nothing_is_an_option_after_double_dash() {
    let at = At::fixture();
    for (line, expected) in [
        ("make -- -", &[][..]),
        ("make -- b", &["bench", "build"]),
        ("make -C sub -- s", &["sub-one", "sub-two"]),
        ("make -- -C sub s", &[]),
    ] {
        check_bash(&at, line, "", expected);
        check_zsh(&at, line, expected, &[]);
    }
}

/// Saved as `_make` in `fpath`, our script hides zsh's own, which also completes the BSD
/// makes and dmake: those keep zsh's (it reads `docker\:build` as `docker`, ours does not).
#[test]
fn zsh_bsd_makes_keep_zsh_completion() {
    if !installed("zsh") {
        return;
    }
    check_zsh(&At::fixture(), "bmake do", &["docker"], &[]);
    check_zsh(&At::fixture(), "pmake b", &["bench", "build"], &[]);
}

#[test]
fn fish_falls_back_to_its_own_make_completion() {
    if !installed("fish") {
        return;
    }
    let broken = broken_make_targets();
    for path in paths_without_make_targets(broken.path()) {
        let at = At::fixture_with_path(path);
        // fish's own make completion reads `make -pRrq`.
        check_fish(&at, "make b", &["bench", "build"]);
    }
}

#[test]
fn json_and_tsv_lists_for_editors() {
    let fixture = fixture_dir(FIXTURE);
    let output = targets_cmd()
        .current_dir(&fixture)
        .arg("--format=json")
        .output()
        .unwrap();
    assert!(output.status.success());
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let list = list.as_array().unwrap();
    let find = |name: &str| list.iter().find(|item| item["name"] == name).cloned();
    assert_eq!(
        find("build").unwrap(),
        serde_json::json!({"name": "build", "summary": "Build the program", "kind": "target",
                           "file": "Makefile", "line": 17})
    );
    assert_eq!(find("MODE").map(|_| ()), None);
    assert_eq!(
        find("MODE=").unwrap(),
        serde_json::json!({"name": "MODE=", "summary": null, "kind": "variable",
                           "file": "Makefile", "line": 10})
    );
    assert!(
        find("obj/main.o").is_some(),
        "every target without --prefix"
    );
    assert!(
        list.iter()
            .all(|item| !item["name"].as_str().unwrap().contains('%'))
    );
    // With --prefix, what completion offers: directories collapsed.
    targets_cmd()
        .current_dir(&fixture)
        .args(["--format=tsv", "--prefix=o"])
        .assert()
        .success()
        .stdout("obj/\t\tdirectory\t\t\n");
    targets_cmd()
        .current_dir(&fixture)
        .args(["--format=tsv", "--prefix=MODE="])
        .assert()
        .success()
        .stdout("MODE=release\t\tvalue\t\t\n");
}

#[test]
fn make_completion_prints_the_scripts_of_completions_dir() {
    for (shell, file) in [
        ("bash", "make.bash"),
        ("zsh", "_make"),
        ("fish", "make.fish"),
        ("nushell", "make.nu"),
        ("powershell", "make.ps1"),
    ] {
        let output = targets_cmd()
            .args(["--make-completion", shell])
            .output()
            .unwrap();
        assert!(output.status.success(), "{shell}");
        assert_eq!(
            output.stdout,
            fs::read(completions_dir().join(file)).unwrap(),
            "{shell}"
        );
    }
    targets_cmd()
        .args(["--make-completion", "bash", "-C", "."])
        .assert()
        .code(2)
        .stdout("");
}

/// The README's one-line setups, from the installed binary alone: bash's `source <(...)`,
/// zsh's after compinit, fish's saved file.
#[test]
fn make_completion_one_line_setups() {
    let at = At::fixture();
    if installed("bash") {
        for setup in bash_setups() {
            let extra = "source <(make-targets --make-completion bash)";
            let (replies, _) = bash_complete(setup, &at, "make b", extra);
            assert_eq!(replies, ["bench", "build"], "{setup:?}");
        }
    }
    if installed("zsh") {
        let scratch = tempfile::tempdir().unwrap();
        let (matches, _) = zsh_complete_with(
            &At::fixture(),
            "make b",
            false,
            "source <(make-targets --make-completion zsh)",
        );
        drop(scratch);
        assert_eq!(matches, ["bench", "build"]);
    }
    if installed("nu") {
        // The README's two steps: the script saved beside config.nu, sourced from it.
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("config/nushell");
        fs::create_dir_all(&config).unwrap();
        at.command("nu", home.path())
            .arg("--no-config-file")
            .arg("-c")
            .arg("make-targets --make-completion nushell | save -f ($nu.default-config-dir | path join make-completion.nu)")
            .assert()
            .success();
        fs::write(config.join("config.nu"), "source make-completion.nu\n").unwrap();
        let output = at
            .command("nu", home.path())
            .arg("--config")
            .arg(config.join("config.nu"))
            .arg("-c")
            .arg("nu-complete make-tools 'make b' | get completions.value | str join ' '")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            "bench build"
        );
    }
}

/// More than 1,000 targets reach zsh as names only (`_describe` would take seconds), and
/// still whole: a colon in a name stays.
#[test]
fn zsh_many_targets_as_names() {
    let mut text = String::from("t\\:colon: ## Documented\n");
    let mut expected = vec!["t:colon".to_owned()];
    for i in 0..1001 {
        writeln!(text, "t-{i}: ## Part {i}").unwrap();
        expected.push(format!("t-{i}"));
    }
    let scratch = makefile_dir(&text);
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    let at = At::dir(scratch.path());
    check_zsh(&at, "make t", &expected, &[]);
    // Fewer: described.
    check_zsh(
        &at,
        "make t-100",
        &["t-100", "t-1000"],
        &["t-100 -- Part 100"],
    );
}

// ---------------------------------------------------------------------------------------------
// make-help <TAB>: what make-help shows in full, from `make-help --completions SHELL`

/// bash's replies for `line`, with `completions/make-help.bash` loaded and `PATH` as `at` says.
fn bash_help_complete(at: &At, line: &str) -> Vec<String> {
    let scratch = tempfile::tempdir().unwrap();
    let output = at
        .command("bash", at.home.unwrap_or(scratch.path()))
        .arg("--norc")
        .arg("--noprofile")
        .arg(root().join("tests/shells/bash-complete.bash"))
        .arg(format!(
            "source '{}'",
            completions_dir().join("make-help.bash").display()
        ))
        .arg(line)
        .output()
        .unwrap();
    assert!(output.status.success(), "bash on `{line}`");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "bash on `{line}`"
    );
    let mut lines = stdout_lines(&output);
    assert_eq!(lines.remove(0), "function:_make_tools_make_help");
    lines.sort();
    lines
}

/// `make-help --section <TAB>` in bash: a title holding a blank escaped, or as it is
/// inside the quote typed before it.
#[test]
fn bash_section_titles_quoted_or_escaped() {
    if !installed("bash") {
        return;
    }
    let scratch = makefile_dir("##@ Dev tools\nbuild: ## Build\n\t@echo\n");
    let at = At::dir(scratch.path());
    for (line, expected) in [
        ("make-help --section D", "Dev\\ tools"),
        ("make-help --section 'D", "Dev tools"),
        ("make-help --section \"D", "Dev tools"),
    ] {
        assert_eq!(bash_help_complete(&at, line), [expected], "`{line}`");
    }
}

#[test]
fn make_help_completes_what_it_shows() {
    let at = At::fixture();
    if installed("bash") {
        for (line, expected) in [
            ("make-help b", &["bench", "build"][..]),
            ("make-help D", &["DEPLOY"]),
            ("make-help MO", &["MODE"]),
            ("make-help im", &["image-api", "image-web"]),
            ("make-help -C sub s", &["sub-one", "sub-two"]),
            ("make-help --file=other.mk f", &["from-other"]),
            ("make-help docker:", &["build", "push"]),
            ("make-help --col", &["--color"]),
        ] {
            assert_eq!(bash_help_complete(&at, line), expected, "bash: `{line}`");
        }
        // Without make-targets: clap's completion (no reply: `-o default` lets bash
        // complete a file name).
        let broken = broken_make_targets();
        for path in paths_without_make_targets(broken.path()) {
            let at = At::fixture_with_path(path);
            assert_eq!(
                bash_help_complete(&at, "make-help Mak"),
                Vec::<String>::new()
            );
            assert_eq!(bash_help_complete(&at, "make-help --col"), ["--color"]);
        }
    }
    if installed("zsh") {
        for (line, expected, display) in [
            (
                "make-help b",
                &["bench", "build"][..],
                "build -- Build the program",
            ),
            (
                "make-help D",
                &["DEPLOY"],
                "DEPLOY -- Where to deploy: dev | staging | prod",
            ),
            (
                "make-help -C sub s",
                &["sub-one", "sub-two"],
                "sub-one -- First target of sub",
            ),
        ] {
            let (matches, displays) = zsh_complete(&at, line, false);
            assert_eq!(matches, expected, "zsh: `{line}`");
            assert!(
                displays.iter().any(|d| d == display),
                "zsh: `{line}`: {displays:?}"
            );
        }
    }
    if installed("fish") {
        assert_eq!(
            fish_complete(&at, "make-help b"),
            ["bench\tRun the benchmarks", "build\tBuild the program"]
        );
        assert_eq!(
            fish_complete(&at, "make-help -C sub s"),
            ["sub-one\tFirst target of sub", "sub-two"]
        );
        assert_eq!(
            fish_complete(&at, "make-help D"),
            ["DEPLOY\tWhere to deploy: dev|staging|prod"]
        );
    }
}

#[test]
fn section_titles_for_make_help() {
    let scratch = makefile_dir(
        "##@ Building things\nbuild: ## Build\n##@ Tests\ntest: ## Test\n##@ Building things\nmore:\n",
    );
    targets_cmd()
        .current_dir(scratch.path())
        .args(["--sections", "--format=lines"])
        .assert()
        .success()
        .stdout("Building things\nTests\n");
    targets_cmd()
        .current_dir(scratch.path())
        .args([
            "--sections",
            "--format=lines",
            "--ignore-case",
            "--prefix=t",
        ])
        .assert()
        .success()
        .stdout("Tests\n");
}

// ---------------------------------------------------------------------------------------------
// make-help --choose, and the key bindings that put `make NAME` on the command line

#[test]
fn choose_pipes_the_listing_into_the_chooser() {
    let fixture = fixture_dir(FIXTURE);
    // The chooser reads `name<TAB>summary` lines, the listing's order.
    let output = help_cmd()
        .current_dir(&fixture)
        .env("MAKE_HELP_CHOOSER", "tee /dev/stderr | head -n 2")
        .arg("--choose")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "build\nbench\n");
    let given = String::from_utf8_lossy(&output.stderr);
    assert!(
        given.starts_with("build\tBuild the program\nbench\tRun the benchmarks\n"),
        "{given}"
    );
    // A chosen line is printed as its name.
    help_cmd()
        .current_dir(&fixture)
        .env("MAKE_HELP_CHOOSER", "grep -F docker:")
        .arg("--choose")
        .assert()
        .success()
        .stdout("docker:build\n");
    // The preview command, for a chooser of one's own.
    help_cmd()
        .current_dir(&fixture)
        .env("MAKE_HELP_CHOOSER", "echo \"$MAKE_HELP_PREVIEW\"")
        .args(["--choose", "-C", "sub", "MODE=x"])
        .assert()
        .success()
        .stdout(predicates::str::ends_with(
            "make-help --directory=sub MODE=x --color=always --\n",
        ));
    // Nothing chosen: exit 1, nothing printed.
    help_cmd()
        .current_dir(&fixture)
        .env("MAKE_HELP_CHOOSER", "exit 130")
        .arg("--choose")
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn choose_without_a_chooser_is_a_usage_error() {
    let fixture = fixture_dir(FIXTURE);
    let empty = tempfile::tempdir().unwrap();
    // No fzf on PATH.
    help_cmd()
        .current_dir(&fixture)
        .env("PATH", empty.path())
        .arg("--choose")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "install fzf, or set MAKE_HELP_CHOOSER",
        ));
    help_cmd()
        .current_dir(&fixture)
        .env("MAKE_HELP_CHOOSER", "no-such-chooser-anywhere")
        .arg("--choose")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "the chooser 'no-such-chooser-anywhere' could not be run",
        ));
    help_cmd()
        .current_dir(&fixture)
        .args(["--choose", "build"])
        .assert()
        .code(2);
    help_cmd()
        .current_dir(&fixture)
        .args(["--choose", "--json"])
        .assert()
        .code(2);
}

/// The binding in a real shell (tmux): Alt-m on an empty line, the chooser picking
/// `build`, puts `make build` on the line; on a line holding `make -k `, adds the name.
#[test]
fn choose_widgets_put_make_name_on_the_line() {
    for shell in ["bash", "zsh", "fish"] {
        if !installed("tmux") || !installed(shell) {
            eprintln!("skipping: tmux or {shell} is not installed");
            continue;
        }
        let extra = match shell {
            "fish" => "make-help --choose-widget fish | source".to_owned(),
            _ => format!("eval \"$(make-help --choose-widget {shell})\""),
        };
        for (typed, shown) in [("", "make build"), ("make -k ", "make -k build")] {
            assert_tmux_saw(
                completion_tmux(shell, typed, 1)
                    .env("KEY", "M-m")
                    .env("EXTRA", &extra)
                    .env("MAKE_HELP_CHOOSER", "head -n 1")
                    .arg(shown),
                &format!("{shell}, `{typed}` + Alt-m"),
            );
        }
    }
}
