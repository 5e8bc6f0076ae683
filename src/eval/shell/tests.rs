use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::*;
use crate::source::FileSystem;

/// Files by absolute path (`None`: a directory), all executable.
#[derive(Default)]
struct Files(HashMap<PathBuf, Option<&'static str>>);

impl FileSystem for Files {
    fn kind(&self, path: &Path) -> io::Result<FileKind> {
        match self.0.get(&crate::source::normalize(path)) {
            Some(Some(_)) => Ok(FileKind::Regular),
            Some(None) => Ok(FileKind::Directory),
            None => Err(io::ErrorKind::NotFound.into()),
        }
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.0.get(&crate::source::normalize(path)) {
            Some(Some(text)) => Ok(text.as_bytes().to_vec()),
            _ => Err(io::ErrorKind::NotFound.into()),
        }
    }
    fn glob(&self, _: &str) -> Vec<PathBuf> {
        Vec::new()
    }
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        let path = crate::source::normalize(path);
        if path == Path::new("/bin/sh") {
            return Some(PathBuf::from("/usr/bin/dash"));
        }
        self.0.contains_key(&path).then_some(path)
    }
    fn executable(&self, path: &Path) -> io::Result<bool> {
        self.kind(path).map(|k| k == FileKind::Regular)
    }
}

fn files() -> Files {
    let mut f = Files::default();
    for (path, text) in [
        ("/w", None),
        ("/w/sub", None),
        ("/w/VERSION", Some("1.2.3\n")),
        ("/bin/sh", Some("")),
        ("/usr/bin/dash", Some("")),
        ("/usr/bin/uname", Some("")),
        ("/usr/bin/cat", Some("")),
        ("/usr/bin/tr", Some("")),
        ("/usr/bin/sed", Some("")),
        ("/usr/bin/echo", Some("")),
        ("/usr/bin/pwd", Some("")),
        ("/usr/bin/printf", Some("")),
        ("/usr/bin/ls", Some("")),
        ("/usr/bin/id", Some("")),
        ("/usr/bin/nproc", Some("")),
        ("/usr/bin/expr", Some("")),
        ("/usr/bin/cut", Some("")),
        ("/usr/bin/head", Some("")),
        ("/usr/bin/which", Some("")),
        ("/usr/bin/sh", Some("")),
        ("/usr/bin/bash", Some("")),
    ] {
        f.0.insert(PathBuf::from(path), text);
    }
    f
}

fn host() -> Host {
    Host {
        kernel_name: Some("Linux".into()),
        machine: Some("x86_64".into()),
        ..Host::default()
    }
}

/// What `command` gives in `/w` with `PATH=/usr/bin`, or why it is not
/// answered.
fn run(command: &str, shell: &str, flags: &str) -> Result<String, Refused> {
    run_with(command, shell, flags, &[])
}

/// [`run`] with more variables in the environment.
fn run_with(
    command: &str,
    shell: &str,
    flags: &str,
    more: &[(&str, &str)],
) -> Result<String, Refused> {
    with_machine(&files(), shell, flags, more, |machine| {
        answer(command, machine, false).map(|a| a.output)
    })?
}

/// Calls `then` with a machine over `fs` in `/w`, with `PATH=/usr/bin` and
/// `more` in the environment, running `shell` (`/bin/sh` is dash).
fn with_machine<T>(
    fs: &Files,
    shell: &str,
    flags: &str,
    more: &[(&str, &str)],
    then: impl FnOnce(&Machine<'_>) -> T,
) -> Result<T, Refused> {
    let host = host();
    let env = |name: &str| -> Result<Option<String>, Refused> {
        if name == "PATH" {
            return Ok(Some("/usr/bin".to_string()));
        }
        Ok(more
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string()))
    };
    let written = |_: &Path| false;
    let read = std::cell::Cell::new(0);
    let machine = Machine {
        fs,
        host: &host,
        dir: Path::new("/w"),
        env: &env,
        written: &written,
        read: &read,
        shell: Shell::from_settings(
            shell,
            flags,
            "",
            fs.canonicalize(Path::new("/bin/sh")).as_deref(),
        )?,
    };
    Ok(then(&machine))
}

#[test]
fn answers() {
    for (command, want) in [
        ("uname", "Linux"),
        ("uname -sm", "Linux x86_64"),
        ("uname -m -s", "Linux x86_64"),
        ("uname -s | tr A-Z a-z", "linux"),
        ("uname -m | sed 's/x86_64/amd64/'", "amd64"),
        ("pwd", "/w"),
        ("cd sub && pwd", "/w/sub"),
        ("cd nope 2>/dev/null || echo no", "no"),
        ("cat VERSION", "1.2.3"),
        ("cat VERSION | sed -e 's/\\./ /g'", "1 2 3"),
        ("echo a\\nb", "anb"),
        ("echo 'a\n\nb'", "a  b"),
        ("command -v uname", "/usr/bin/uname"),
        ("command -v git || echo none", "none"),
        ("git describe 2>/dev/null", ""),
        ("[ -f VERSION ] && echo yes", "yes"),
        ("test -d sub || echo no", ""),
        ("printf '%s-%s\\n' a b c", "a-b c-"),
        ("", ""),
    ] {
        assert_eq!(
            run(command, "/bin/sh", "-c").as_deref(),
            Ok(want),
            "{command}"
        );
    }
}

#[test]
fn refusals() {
    for command in [
        "uname -a",
        "ls",
        "echo $HOME",
        "echo \"a\\nb\"",
        "cat",
        "id -u",
        "nproc",
        "uname -r",
    ] {
        assert!(run(command, "/bin/sh", "-c").is_err(), "{command}");
    }
}

#[test]
fn shells() {
    assert_eq!(run("uname -s", "/bin/bash", "-c").as_deref(), Ok(""));
    assert_eq!(
        run("false; echo a", "/usr/bin/env bash -o pipefail", "-ec").as_deref(),
        Ok("")
    );
    for (shell, flags) in [
        ("/bin/zsh", "-c"),
        ("/bin/sh", "-x -c -q"),
        ("/bin/sh", "-c --"),
    ] {
        assert!(run("uname", shell, flags).is_err(), "{shell} {flags}");
    }
}

#[test]
fn newlines_fold_as_make_folds_them() {
    for (text, keep_one, want) in [
        ("a\nb\n", false, "a b"),
        ("a\n\nb\n\n", false, "a  b"),
        ("a\n\nb\n\n", true, "a  b "),
        ("a\r\nb\r\n", false, "a b"),
        ("a\rb", false, "a\rb"),
        ("\n\n", false, ""),
        ("a ", false, "a "),
    ] {
        assert_eq!(fold_newlines(text, keep_one), want, "{text:?}");
    }
}

#[test]
fn dates_are_utc_calendar_dates() {
    for (seconds, format, want) in [
        (
            0,
            "%Y-%m-%d %H:%M:%S %j %u %w",
            "1970-01-01 00:00:00 001 4 4",
        ),
        (1_798_976_109, "%F %T", "2027-01-03 11:35:09"),
        (951_782_400, "%D %e %y %C", "02/29/00 29 00 20"),
        (-86_400, "%F", "1969-12-31"),
        (1_700_000_000, "%s%%", "1700000000%"),
    ] {
        assert_eq!(
            super::commands::format_time(seconds, format).as_deref(),
            Ok(want),
            "{format}"
        );
    }
    assert!(super::commands::format_time(0, "%a").is_err());
}

#[test]
fn bounded_on_hostile_commands() {
    let many_parens = format!("expr {}1{}", "\\( ".repeat(5000), " \\)".repeat(5000));
    for command in [
        "expr 999999999999999999999999999999 \\* 999999999999999999999999999999",
        many_parens.as_str(),
        "echo x | sed 's/x*/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy/g'",
        "'",
        "echo \"",
        "! ",
        "a | | b",
        "[",
        "test ! ! ! ! !",
        "head -n 99999999999999999999999 VERSION",
        "cut -f 0",
        "tr a-",
        "sed 's/[/x/'",
        "sed 's/\\(/x/'",
    ] {
        let _ = run(command, "/bin/sh", "-c");
    }
    let long = format!("cat {}", "VERSION ".repeat(400_000));
    assert!(run(&long, "/bin/sh", "-c").is_err());
}

/// The review's findings: each answered as make and sh print it, or
/// refused where GNU's tools fail or where we cannot be sure.
#[test]
fn review_findings() {
    for (command, want) in [
        ("test é '' || echo usage", "usage"),
        ("[ é ] && echo yes", "yes"),
        ("echo aaa | sed 's/a\\+/X/'", "X"),
        ("echo aaa | sed 's/a\\?/X/'", "Xaa"),
        ("echo a+b | sed 's/a\\+b/X/'", "a+b"),
        ("echo a+b | sed -E 's/a\\+b/X/'", "X"),
        ("echo aaa | sed 's/a\\{2\\}/X/'", "Xa"),
        ("echo '*a' | sed 's/*/X/'", "Xa"),
        ("echo '*a' | sed 's/\\(*\\)/X/'", "Xa"),
        ("echo 'a<b' | sed 's/a<b/X/'", "X"),
        ("printf %d 010", "8"),
        ("printf '%d %i' 0x1F -010", "31 -8"),
        ("printf %d +7", "7"),
        ("expr 007", "007"),
        ("expr 007 + 0", "7"),
        ("expr 007 = 7", "1"),
        ("expr 000 || echo null", "000 null"),
        ("echo a | cat - -", "a"),
        ("echo a | cat - VERSION -", "a 1.2.3"),
        ("[ ! = ! ] && echo yes", "yes"),
        ("[ ! != ! ] || echo no", "no"),
        ("[ ! -f VERSION ] || echo no", "no"),
        ("[ ! a = b ] && echo yes", "yes"),
        ("[ ! ] && echo yes", "yes"),
        ("echo x | tr '[:digit:]' y", "x"),
        ("echo hello | cut -c 2-2", "e"),
        ("expr a '<' b", "1"),
    ] {
        assert_eq!(
            run(command, "/bin/sh", "-c").as_deref(),
            Ok(want),
            "{command}"
        );
    }
    for command in [
        "echo a | sed 's/a\\|b/X/'",
        "echo a | sed -E 's/a|b/X/'",
        "echo aabab | sed 's/a*\\(ab\\)*/X/'",
        "echo aabab | sed -E 's/a*(ab)+/X/'",
        "echo aaa | sed -E 's/a*?/X/'",
        "echo aaa | sed 's/a*\\?/X/'",
        "echo aaa | sed 's/a**/X/'",
        "echo aaa | sed 's/a\\{2\\}*/X/'",
        "echo ab | sed 's/b/[\\1]/'",
        "echo ab | sed -E 's/(a)/\\2/'",
        "echo ab | sed 's//X/'",
        "echo '*a' | sed -E 's/*/X/'",
        "echo '*a' | sed -E 's/^*/X/'",
        "echo ab | sed 's/\\(^a\\)/X/'",
        "echo ab | sed 's/\\(b$\\)/X/'",
        "echo ab | sed 's/\\<a/X/'",
        "echo ab | sed 's/\\w/X/'",
        "echo ab | sed 's/[[:word:]]/X/'",
        "echo ab | sed 's/[!--]/X/'",
        "echo ab | sed 's/[[:]x]/X/'",
        "echo ab | sed 's/[[:]/X/'",
        "echo ab | sed 's/[[:alpha]/X/'",
        "printf %d 08",
        "printf %d \"'a\"",
        "printf %d ' 1'",
        "printf %d 0x",
        "printf %d 99999999999999999999",
        "printf %x 10",
        "echo x | tr x '[:digit:]'",
        "echo x | tr x '[:upper:]'",
        "echo hello | cut -c 3-2",
        "echo hello | cut -d, -c 1",
        "echo hello | cut -f 1 -c 1",
        "echo hello | cut -d,",
        "cat /proc/self/status",
        "cat /proc/1/cmdline",
        "cat /dev/stdin",
        "cat /dev/fd/0",
        "head -n 1 /proc/thread-self/status",
        "cat /proc/./self/status",
        "[ -s /proc/cpuinfo ]",
    ] {
        assert!(run(command, "/bin/sh", "-c").is_err(), "{command}");
    }
}

#[test]
fn which_without_a_name_fails() {
    for command in ["which || echo failed", "which -a || echo failed"] {
        assert_eq!(
            run(command, "/bin/sh", "-c").as_deref(),
            Ok("failed"),
            "{command}"
        );
    }
}

#[test]
fn expr_orders_strings_only_in_the_c_locales() {
    for (locale, answered) in [
        (&[][..], true),
        (&[("LANG", "C.UTF-8")][..], true),
        (&[("LC_ALL", "POSIX"), ("LANG", "en_US.UTF-8")][..], true),
        (&[("LC_ALL", ""), ("LANG", "C")][..], true),
        (&[("LANG", "en_US.UTF-8")][..], false),
        (&[("LC_COLLATE", "de_DE.UTF-8"), ("LANG", "C")][..], false),
    ] {
        for command in ["expr a '<' B", "expr a = a"] {
            let got = run_with(command, "/bin/sh", "-c", locale);
            assert_eq!(got.is_ok(), answered, "{command} with {locale:?}");
        }
        assert_eq!(
            run_with("expr 2 '<' 10", "/bin/sh", "-c", locale).as_deref(),
            Ok("1"),
            "{locale:?}"
        );
    }
}

/// A `cd` in a child shell or in a command of a pipeline of two or more
/// ends with that process: the shell after it stands where it stood.
#[test]
fn cd_ends_with_its_subshell() {
    for (command, want) in [
        ("sh -c 'cd sub'; pwd", "/w"),
        ("bash -c 'cd sub'; pwd", "/w"),
        ("dash -c 'cd sub' && pwd", "/w"),
        ("sh -c 'cd sub && pwd'; pwd", "/w/sub /w"),
        ("sh -c 'sh -c \"cd sub\"; pwd'", "/w"),
        ("cd sub; sh -c pwd", "/w/sub"),
        ("cd sub; sh -c 'cd .. && pwd'; pwd", "/w /w/sub"),
        ("cd sub | cat; pwd", "/w"),
        ("echo | cd sub; pwd", "/w"),
        ("true | cd sub | cat; pwd", "/w"),
        ("! cd sub | cat; pwd", "/w"),
        ("cd sub && pwd | cat", "/w/sub"),
        ("cd sub; pwd | cat; pwd", "/w/sub /w/sub"),
        ("! cd sub; pwd", "/w/sub"),
    ] {
        for shell in ["/bin/sh", "/usr/bin/bash"] {
            assert_eq!(
                run(command, shell, "-c").as_deref(),
                Ok(want),
                "{command} in {shell}"
            );
        }
    }
}

/// What the shell rejects as a syntax error (make then gets nothing and
/// status 2, with a message on standard error) stays unknown; what both
/// dash and bash read is answered.
#[test]
fn syntax_errors_stay_unknown() {
    for command in [
        "; echo a",
        ";",
        "echo a; ; echo b",
        "echo a;;",
        "echo a ;; echo b",
        "echo a\n; echo b",
        "! ! true && echo yes",
        "echo a | ! cat",
        "echo a | ! ! cat",
        "echo a | | cat",
        "echo a |",
        "&& echo a",
        "|| echo a",
        "| cat",
        "echo a &&",
        "echo a ||",
        "echo a && ; echo b",
        "!",
        "! ; echo a",
        "sh -c '; echo a'",
        "sh -c 'echo a;' && sh -c '! ! true'",
    ] {
        let command = command.replace("\\n", "\n");
        for shell in ["/bin/sh", "/usr/bin/bash"] {
            assert!(
                run(&command, shell, "-c").is_err(),
                "{command:?} in {shell}"
            );
        }
    }
    for (command, want) in [
        ("echo a;", "a"),
        ("echo a; ", "a"),
        ("echo a;\n\necho b", "a b"),
        ("echo a &&\necho b", "a b"),
        ("! echo a", "a"),
        ("echo !", "!"),
        ("echo a | cat !", ""),
        ("# only a comment", ""),
    ] {
        let command = command.replace("\\n", "\n");
        assert_eq!(
            run(&command, "/bin/sh", "-c").as_deref(),
            Ok(want),
            "{command:?}"
        );
    }
}

/// `chdir` is dash's built-in only: bash looks it up on `PATH`.
#[test]
fn chdir_is_a_dash_built_in() {
    assert_eq!(
        run("chdir sub && pwd", "/bin/sh", "-c").as_deref(),
        Ok("/w/sub")
    );
    assert_eq!(
        run("command -v chdir", "/bin/sh", "-c").as_deref(),
        Ok("chdir")
    );
    assert_eq!(
        run("chdir sub 2>/dev/null || pwd", "/usr/bin/bash", "-c").as_deref(),
        Ok("/w")
    );
    assert_eq!(
        run("command -v chdir || echo none", "/usr/bin/bash", "-c").as_deref(),
        Ok("none")
    );
}

/// Files read by all the commands of a run count against [`MAX_READ`]:
/// once it is spent, a command that reads a file stays unknown, one that
/// reads none is still answered.
#[test]
fn files_read_are_bounded_per_run() {
    let mut fs = files();
    let big: &'static str = Box::leak("x".repeat(MAX_OUTPUT).into_boxed_str());
    fs.0.insert(PathBuf::from("/w/big"), Some(big));
    with_machine(&fs, "/bin/sh", "-c", &[], |machine| {
        let calls = MAX_READ / MAX_OUTPUT as u64;
        for call in 0..calls {
            let answer = answer("head -n 1 big", machine, false);
            assert!(answer.is_ok(), "call {call}: {answer:?}");
        }
        assert_eq!(machine.read.get(), MAX_READ);
        for command in [
            "cat VERSION",
            "head -n 1 big",
            "sed s/1/2/ VERSION",
            "echo a | cat - VERSION",
        ] {
            let refused = answer(command, machine, false).expect_err(command);
            assert!(
                refused.contains("MiB read from files"),
                "{command}: {refused}"
            );
        }
        assert_eq!(machine.read.get(), MAX_READ);
        assert_eq!(
            answer("uname; cat missing", machine, false).map(|a| a.output),
            Ok("Linux".to_string())
        );
    })
    .expect("dash");
}
