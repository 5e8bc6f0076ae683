//! `$(shell)` and `!=` commands against GNU make on this machine: every command we answer
//! without running it gives what make stores, and every other one stays unknown.
//!
//! All cases share one makefile, read by make once and by us once, in the same scratch
//! directory (with files to `cat`, a directory to `cd` into, an executable on `PATH`), with the
//! same environment:
//!
//! ```make
//! R7 := $(shell <command>)
//! $(info @@7@@$(R7)@@)
//! S7 != <command>
//! $(info @@S7@@$(S7)@@)
//! ```
//!
//! Each case says whether we must answer it (`a`) or leave it unknown (`u`): both ways, an
//! answered value equal to make's is the contract; the marks keep the list of answered commands
//! from shrinking unnoticed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use make_tools::{Config, Makefile, RealFileSystem};

/// One command, and whether we answer it.
struct Case {
    command: &'static str,
    answered: bool,
}

/// A command we answer.
const fn a(command: &'static str) -> Case {
    Case {
        command,
        answered: true,
    }
}

/// A command that stays unknown.
const fn u(command: &'static str) -> Case {
    Case {
        command,
        answered: false,
    }
}

/// The commands, as written in the makefile (`$$` is make's `$`).
const CASES: &[Case] = &[
    // uname
    a("uname"),
    a("uname -s"),
    a("uname -m"),
    a("uname -r"),
    a("uname -n"),
    a("uname -v"),
    a("uname -sm"),
    a("uname -s -m"),
    a("uname -mrs"),
    a("uname -o"),
    a("uname --kernel-name"),
    a("uname --machine"),
    a("uname -x"),
    a("uname extra"),
    a("uname -s 2>/dev/null"),
    a("uname -s </dev/null"),
    u("uname -a"),
    u("uname -p"),
    a("sh -c 'uname -s 2>/dev/null || echo not'"),
    a("sh -c 'uname -o 2>/dev/null || echo not'"),
    a("uname -s | tr '[:upper:]' '[:lower:]'"),
    a("uname | tr A-Z a-z"),
    a("uname -m | sed -e 's/x86_64/amd64/'"),
    a("uname -m | sed 's/i.86/386/;s/x86_64/amd64/'"),
    a("uname -m | sed -e 's/i.86/386/' -e 's/aarch64/arm64/'"),
    a("uname -s | cut -c 1-3"),
    a("uname -m | cut -d _ -f 1"),
    // the kernel's SUBARCH: unquoted patterns that name no file stay as written
    a(
        "uname -m | sed -e s/i.86/x86/ -e s/x86_64/x86/ -e s/arm.*/arm/ -e s/sh[234].*/sh/ -e s/aarch64.*/arm64/",
    ),
    // pwd and cd
    a("pwd"),
    a("pwd -P"),
    u("pwd -L"),
    a("cd sub && pwd"),
    a("cd sub; pwd"),
    a("cd .. && pwd"),
    a("cd sub && cd .. && pwd"),
    a("cd nope 2>/dev/null || pwd"),
    a("cd nope 2>/dev/null && pwd"),
    a("pwd | sed 's|/|:|g'"),
    a("pwd 2>/dev/null"),
    // echo and printf
    a("echo hello"),
    a("echo  a   b "),
    a("echo 'a  b'"),
    a("echo \"a  b\""),
    a("echo a\\nb"),
    u("echo \"a\\nb\""),
    a("echo -n x"),
    a("echo -n"),
    a("echo"),
    u("echo -e x"),
    a("echo a; echo b"),
    a("echo a && echo b"),
    a("false && echo no"),
    a("false || echo yes"),
    a("true && echo yes || echo no"),
    a("! false && echo negated"),
    a("echo 'a'\"b\"c"),
    a("echo a\\ b"),
    a("echo ''"),
    a("echo 'it''s'"),
    // `\#`: a `#` in a makefile line starts a comment.
    a("echo a\\#b"),
    a("echo a \\#comment"),
    a("printf '%s\\n' a b"),
    a("printf 'x%sy' 1"),
    a("printf '%d' 42"),
    u("printf '%5d' 4"),
    a("printf hello"),
    a("printf 'a\\tb'"),
    a("printf '%s-%s\\n' a b c"),
    a("printf 'a\\n\\nb\\n\\n'"),
    a("printf '\\n\\n'"),
    // pipelines through tr, cut, sed
    a("echo a | cat"),
    a("echo a b c | cut -d ' ' -f 2"),
    a("echo a,b,c | cut -d , -f 2-"),
    a("echo a,b,c | cut -d, -f1,3"),
    a("echo hello | cut -c 2-4"),
    a("echo 1.2.3 | cut -d. -f1"),
    a("echo hello | tr a-y b-z"),
    a("echo hello | tr -d l"),
    a("echo Hello | tr '[:lower:]' '[:upper:]'"),
    a("echo v1.2.3 | sed 's/^v//'"),
    a("echo a.b.c | sed 's/\\./-/g'"),
    a("echo a.b.c | sed -e 's/\\./-/'"),
    a("echo foo-bar | sed -E 's/(foo)-(bar)/\\2-\\1/'"),
    a("echo foo-bar | sed 's/\\(foo\\)-\\(bar\\)/\\2+\\1/'"),
    a("echo 'a b' | sed 's/ /_/g'"),
    a("echo abc | sed 's/[ab]/X/g'"),
    a("echo a1b2 | sed 's/[[:digit:]]//g'"),
    a("echo abc | sed 's/c$$//'"),
    a("echo abc | sed 's/b/[&]/'"),
    u("echo aaa | sed 's/a/b/2'"),
    u("echo x | sed 'y/x/y/'"),
    a("echo a 2>/dev/null | tr a b"),
    // files
    a("cat VERSION"),
    a("cat missing"),
    a("cat missing 2>/dev/null || echo none"),
    a("cat notes.txt"),
    a("cat VERSION notes.txt"),
    a("cat sub"),
    a("head -n 1 notes.txt"),
    a("head -1 notes.txt"),
    a("tail -n 1 notes.txt"),
    a("tail -n +2 notes.txt"),
    a("head -n 2 notes.txt | tail -n 1"),
    a("cat notes.txt | head -n 1"),
    a("cat VERSION | cut -d. -f2"),
    a("cd sub && cat inner.txt"),
    u("cat < VERSION"),
    u("cat"),
    u("head -c 3 VERSION"),
    // test and [
    a("test -f VERSION && echo yes"),
    a("test -f nope && echo yes || echo no"),
    a("[ -d sub ] && echo dir"),
    a("[ -e VERSION ] && echo e"),
    a("[ -s empty.txt ] || echo empty"),
    a("[ -s VERSION ] && echo full"),
    a("[ -x bin/tool ] && echo x"),
    a("[ -x VERSION ] || echo notx"),
    a("test -n abc && echo n"),
    a("test -z '' && echo z"),
    a("[ a = a ] && echo eq"),
    a("[ a != b ] && echo ne"),
    a("[ 3 -gt 2 ] && echo gt"),
    a("[ 3 -lt 2 ] || echo notlt"),
    a("[ ! -f nope ] && echo neg"),
    a("test abc && echo s"),
    a("test && echo t || echo f"),
    u("[ -r VERSION ] && echo r"),
    u("[ -f VERSION ]; echo $$?"),
    // PATH lookups
    a("command -v sh"),
    a("command -v tool"),
    a("command -v nonexistent-xyz"),
    a("command -v nonexistent-xyz || echo missing"),
    a("command -v echo"),
    a("command -v cd"),
    a("command -v if"),
    a("which sh"),
    a("which tool"),
    a("which nonexistent-xyz"),
    a("which nonexistent-xyz || echo missing"),
    a("which -a sh"),
    a("which sh tool"),
    a("command -v go 2>/dev/null"),
    a("which go 2>/dev/null"),
    // go, not on this PATH: nothing, as make gets
    a("go env GOOS"),
    a("go env GOARCH"),
    a("go env GOPATH"),
    a("go version 2>/dev/null"),
    // basename, dirname
    a("basename /a/b/c.txt"),
    a("basename /a/b/c.txt .txt"),
    a("basename /a/b/"),
    a("basename /"),
    a("basename c.txt c.txt"),
    a("dirname /a/b/c.txt"),
    a("dirname c.txt"),
    a("dirname /a"),
    a("dirname a/b/"),
    a("dirname //"),
    a("basename"),
    // ids and processors
    a("id -u"),
    a("id -g"),
    a("nproc"),
    u("id -un"),
    u("nproc --all"),
    // expr
    a("expr 1 + 2"),
    a("expr 10 / 3"),
    a("expr 10 % 3"),
    a("expr 2 \\* 3"),
    a("expr 3 - 5"),
    a("expr 1 = 1"),
    a("expr a = b"),
    a("expr 5 \\> 3"),
    a("expr \\( 1 + 2 \\) \\* 3"),
    a("expr 0"),
    u("expr abc : 'a'"),
    u("expr 1 + a"),
    // the clock (a year, so that the second between make's run and ours never matters)
    a("date -u +%Y"),
    a("date +%Y"),
    a("date +%C%y | cut -c 1-2"),
    u("date +%a"),
    // shells
    a("sh -c 'echo hi'"),
    a("sh -c \"uname -s\""),
    a("bash -c 'echo hi'"),
    a("sh -c 'cd sub && pwd'"),
    // commands that are not there
    a("nonexistent-xyz"),
    a("nonexistent-xyz arg 2>/dev/null"),
    a("nonexistent-xyz 2>/dev/null || echo fallback"),
    a("/nonexistent/bin/tool"),
    u("./bin/tool"),
    a("false"),
    a("true"),
    a(""),
    // redirections
    a("echo a >/dev/null"),
    a("echo a 2>&1"),
    a("echo a >&2"),
    a("echo a 1>/dev/null; echo b"),
    u("cat missing 2>&1"),
    u("echo a > out.txt"),
    // what stays unknown
    u("git describe"),
    u("date"),
    u("date -d yesterday +%Y"),
    u("ls"),
    u("echo $$HOME"),
    u("echo `uname`"),
    u("echo $$(uname)"),
    u("echo *.txt"),
    a("echo *.nomatch"),
    a("echo sub/*.nomatch [ab]x"),
    u("echo sub/*"),
    u("echo **/x"),
    u("ls | wc -l"),
    u("VAR=1 env"),
    u("if true; then echo a; fi"),
    u("(echo a)"),
    u("echo ~"),
    u("exit 3"),
    // review findings (issue 17): answered as make gives them, or unknown
    a("test é '' || echo usage"),
    a("[ é ] && echo yes"),
    a("echo aaa | sed 's/a\\+/X/'"),
    a("echo aaa | sed 's/a\\?/X/'"),
    a("echo a+b | sed 's/a\\+b/X/'"),
    a("echo a+b | sed -E 's/a\\+b/X/'"),
    a("echo aaa | sed 's/a\\{2\\}/X/'"),
    a("echo '*a' | sed 's/*/X/'"),
    a("echo '*a' | sed 's/\\(*\\)/X/'"),
    a("echo axb | sed 's.a\\.b.X.'"),
    a("printf 'a\\n' | sed 's/a/&\\n/;s/a./X/'"),
    u("echo 'a|b' | sed 's/a\\|b/X/g'"),
    u("echo aabab | sed 's/a*\\(ab\\)*/X/'"),
    u("echo aabab | sed -E 's/a*(ab)*/X/'"),
    u("echo aaa | sed -E 's/a*?/X/'"),
    u("echo aaa | sed 's/a**/X/'"),
    u("echo ab | sed 's/b/[\\1]/'"),
    u("echo ab | sed 's//X/'"),
    u("echo '*a' | sed -E 's/*/X/'"),
    u("echo '*a' | sed -E 's/^*/X/'"),
    u("echo ab | sed 's/\\(^a\\)/X/'"),
    u("echo 'a<b' | sed 's/a\\<b/X/'"),
    a("printf %d 010"),
    a("printf '%d %i' 0x1F -010"),
    a("printf %d +7"),
    u("printf %d 08"),
    u("printf %d \"'a\""),
    u("printf %x 10"),
    a("expr 007"),
    a("expr 000 || echo null"),
    a("expr 007 + 0"),
    a("expr 007 = 7"),
    a("expr a '<' B"),
    a("echo a | cat - -"),
    a("echo a | cat - VERSION -"),
    a("[ ! = ! ] && echo yes"),
    a("[ ! != ! ] || echo no"),
    a("[ ! a = b ] && echo yes"),
    a("[ ! ] && echo yes"),
    a("echo x | tr '[:digit:]' y"),
    u("echo x | tr x '[:digit:]'"),
    u("echo hello | cut -c 3-2"),
    u("echo hello | cut -d, -c 1"),
    a("which || echo failed"),
    a("which -a || echo failed"),
    u("cat /proc/self/status"),
    u("cat /dev/stdin </dev/null"),
    u("cat /dev/fd/0 </dev/null"),
    u("head -n 1 /proc/1/status"),
    u("[ -s /proc/cpuinfo ] || echo empty"),
    u("[ -s proc-link/cpuinfo ] || echo empty"),
    // a cd in a child shell or in a pipeline's command ends with it (issue 17 follow-up)
    a("sh -c 'cd sub'; pwd"),
    a("bash -c 'cd sub'; pwd"),
    a("sh -c 'cd sub && pwd'; pwd"),
    a("cd sub; sh -c 'cd .. && pwd'; pwd"),
    // a child shell starts where its parent stands, named as the parent names it
    a("cd proc-link && sh -c pwd"),
    a("cd proc-link && bash -c 'pwd -P'"),
    a("cd proc-link | cat; sh -c pwd"),
    a("cd sub | cat; pwd"),
    a("echo | cd sub; pwd"),
    a("true | cd sub | cat; pwd"),
    a("cd sub && pwd | cat"),
    a("chdir sub && pwd"),
    a("command -v chdir"),
    // syntax errors: make gets nothing and status 2, with sh's message; unknown
    u("; echo a"),
    u(";"),
    u("echo a; ; echo b"),
    u("echo a ;; echo b"),
    u("! ! true && echo yes"),
    u("echo a | ! cat"),
    u("echo a | | cat"),
    u("&& echo a"),
    u("echo a &&"),
    u("|| echo a"),
    u("echo a ||"),
    u("echo a && ; echo b"),
    u("sh -c '; echo a'; echo b"),
    a("echo a;"),
    a("! echo a"),
    a("echo !"),
];

const TIMEOUT: Duration = Duration::from_secs(30);

/// The scratch directory's files, and `bin/tool` on `PATH`.
fn populate(dir: &Path) {
    fs::create_dir_all(dir.join("sub")).expect("scratch directory");
    fs::create_dir_all(dir.join("bin")).expect("scratch directory");
    fs::write(dir.join("VERSION"), "1.2.3\n").expect("scratch file");
    fs::write(dir.join("notes.txt"), "line 1\nline 2\nline 3\n").expect("scratch file");
    fs::write(dir.join("empty.txt"), "").expect("scratch file");
    fs::write(dir.join("sub/inner.txt"), "inside\n").expect("scratch file");
    std::os::unix::fs::symlink("/proc", dir.join("proc-link")).expect("scratch symlink");
    let tool = dir.join("bin/tool");
    fs::write(&tool, "#!/bin/sh\necho tool\n").expect("scratch file");
    fs::set_permissions(
        &tool,
        <fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755),
    )
    .expect("chmod");
}

/// `PATH` for both: the scratch `bin` first.
fn search_path(dir: &Path) -> String {
    let real = std::env::var("PATH").unwrap_or_default();
    format!("{}:{real}", dir.join("bin").display())
}

fn environment(dir: &Path) -> Vec<(String, String)> {
    vec![
        ("PATH".to_string(), search_path(dir)),
        ("HOME".to_string(), dir.display().to_string()),
    ]
}

/// The text make printed between `@@{key}@@` and the next `@@` at the end of a line.
fn make_value<'s>(stdout: &'s str, key: &str) -> Option<&'s str> {
    let marker = format!("@@{key}@@");
    let start = stdout.find(&marker)? + marker.len();
    let end = stdout[start..].find("@@\n")?;
    Some(&stdout[start..start + end])
}

fn read_ours(dir: &Path) -> Makefile {
    let config = Config {
        cwd: dir.to_path_buf(),
        makefiles: vec!["Makefile".into()],
        environment: environment(dir),
        host: make_tools::host_facts(),
        ..Config::default()
    };
    make_tools::load(&config, &RealFileSystem::default()).expect("our reader reads the makefile")
}

fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = fs::canonicalize(dir.path()).expect("canonical scratch path");
    (dir, path)
}

#[test]
fn shell_commands_are_answered_as_make_runs_them() {
    if std::process::Command::new("make")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: GNU make not found on PATH");
        return;
    }
    let (_guard, dir) = scratch();
    populate(&dir);
    let mut makefile = String::new();
    for (i, case) in CASES.iter().enumerate() {
        let _ = writeln!(
            makefile,
            "R{i} := $(shell {0})\n$(info @@R{i}@@$(R{i})@@)\nS{i} != {0}\n$(info @@S{i}@@$(S{i})@@)",
            case.command
        );
    }
    makefile.push_str("all: ; @:\n");
    fs::write(dir.join("Makefile"), &makefile).expect("write makefile");
    let output = assert_cmd::Command::new("make")
        .env_clear()
        .envs(environment(&dir))
        .args(["-f", "Makefile"])
        .current_dir(&dir)
        .timeout(TIMEOUT)
        .output()
        .expect("make runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "make failed on the cases");
    let ours = read_ours(&dir);
    let mut failures = Vec::new();
    let mut answered = 0;
    for (i, case) in CASES.iter().enumerate() {
        for key in [format!("R{i}"), format!("S{i}")] {
            let want = make_value(&stdout, &key).unwrap_or_else(|| panic!("no output for {key}"));
            let got = ours.variable(&key).expect("every case is assigned");
            let kind = if key.starts_with('R') {
                "$(shell)"
            } else {
                "!="
            };
            if got.unknown {
                if case.answered {
                    failures.push(format!(
                        "{kind} {}: unknown, make gives {want:?}",
                        case.command
                    ));
                }
                continue;
            }
            answered += 1;
            if &*got.value != want {
                failures.push(format!(
                    "{kind} {}\n    make: {want:?}\n    ours: {:?}",
                    case.command, got.value
                ));
            } else if !case.answered {
                failures.push(format!("{kind} {}: answered, marked unknown", case.command));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} commands differ from GNU make:\n{}",
        failures.len(),
        CASES.len() * 2,
        failures.join("\n")
    );
    assert!(CASES.len() >= 100, "only {} cases", CASES.len());
    eprintln!(
        "{answered} of {} $(shell)/!= calls answered, each as make gives it",
        CASES.len() * 2
    );
}

/// `--explain` names the variable of a `!=`, and says how a command was answered only when
/// something was needed (an empty command needs nothing: no `()`).
#[test]
fn explain_names_the_variable_and_omits_an_empty_how() {
    let (_guard, dir) = scratch();
    fs::write(
        dir.join("Makefile"),
        "KERNEL != uname -s\nE := $(shell )\nall: ; @:\n",
    )
    .expect("write makefile");
    let out = crate::support::targets_cmd()
        .env_clear()
        .envs(environment(&dir))
        .current_dir(&dir)
        .arg("--explain")
        .output()
        .expect("make-targets runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kernel = make_tools::host_facts().kernel_name.unwrap_or_default();
    for line in [
        format!(
            "make-targets: explain: Makefile:1: 'KERNEL != uname -s' is answered without running it (the host's facts): {kernel:?}"
        ),
        "make-targets: explain: Makefile:2: $(shell ) is answered without running it: \"\""
            .to_string(),
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line}\n{stderr}");
    }
}
