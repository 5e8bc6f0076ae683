//! The bad-input matrix: makefiles nobody should write, read by both tools as a person's TAB
//! would read them. Each case asserts the exit status, a one-line `path:line:` message where
//! one applies, no panic, and that the other targets still print. Big inputs are generated in
//! temporary directories at test time; the slowest three are `#[ignore]`d and run by
//! `.ci/run` with `--ignored`.
//!
//! Also: terminal safety (control characters never reach stdout or stderr raw), freedom from
//! side effects (no file written, no process started, checked with strace where it is
//! installed), and a closed pipe after the first line or byte.

use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use make_tools::Config;
use tempfile::TempDir;

use crate::memfs::{Entry, MemoryFileSystem};
use crate::support::{USER_ENV, help_cmd, targets_cmd};

/// No case takes near this; a run that does has hung.
const HANG: Duration = Duration::from_mins(2);

/// A temporary directory holding `files` (name, bytes); parents are created.
fn tree(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("parent directory");
        }
        fs::write(&path, bytes).expect("write test file");
    }
    dir
}

/// Runs a tool in `dir` with a hang guard.
fn run(mut cmd: Command, dir: &Path, args: &[&str]) -> Output {
    cmd.current_dir(dir).args(args).timeout(HANG);
    cmd.output().expect("the tool runs")
}

/// `make-targets -v` (warnings on) in `dir`.
fn targets(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["-v"];
    all.extend_from_slice(args);
    run(targets_cmd(), dir, &all)
}

/// `make-help --color=never` in `dir`.
fn help(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--color=never"];
    all.extend_from_slice(args);
    run(help_cmd(), dir, &all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The words make-targets printed.
fn words(output: &Output) -> Vec<String> {
    stdout(output)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The names in make-help's listing (the first word of each line).
fn listed(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Exit status 0 (or `code`), no panic, no signal, nothing raw on the terminal.
fn assert_sane(output: &Output, code: i32) {
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE") && !err.contains("overflow"),
        "panic text on stderr:\n{err}"
    );
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit status {:?}; stderr:\n{err}",
        output.status
    );
    assert_terminal_safe("stdout", &output.stdout);
    assert_terminal_safe("stderr", &output.stderr);
}

/// No control character but newline: no escape sequence, no `\r`, no C1 control, no NUL; and
/// no bidirectional control or invisible separator ("Trojan Source", CVE-2021-42574).
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec())
        .unwrap_or_else(|e| panic!("{what} is not UTF-8 (raw bytes leaked): {e}"));
    if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
        panic!("{what} holds the control character {c:?}:\n{text:?}");
    }
    let misleading = |c: char| {
        matches!(
            c,
            '\u{061c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}'
        ) || matches!(c, '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    if let Some(c) = text.chars().find(|&c| misleading(c)) {
        panic!("{what} holds the invisible or bidirectional character {c:?}:\n{text:?}");
    }
}

/// Every stderr line is `program: warning: ` or `program: error: ` and short.
fn assert_one_line_messages(output: &Output) {
    for line in stderr(output).lines() {
        assert!(
            line.starts_with("make-targets: ") || line.starts_with("make-help: "),
            "not a message of ours: {line:?}"
        );
        assert!(line.chars().count() < 400, "message too long: {line:?}");
    }
}

/// The warning lines naming `place` (`path:line:`).
fn warnings_at(output: &Output, place: &str) -> Vec<String> {
    stderr(output)
        .lines()
        .filter(|l| l.contains(&format!("warning: {place} ")))
        .map(str::to_string)
        .collect()
}

fn assert_has_all(got: &[String], want: &[&str]) {
    for w in want {
        if !got.iter().any(|g| g == w) {
            // Names may be megabytes long: show their starts.
            let short: Vec<String> = got.iter().map(|g| g.chars().take(40).collect()).collect();
            panic!("{w:?} missing from {short:?}");
        }
    }
}

/// Deterministic bytes that look like a compiled program.
fn binary_bytes(len: usize) -> Vec<u8> {
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    let mut state: u32 = 0x2545_f491;
    while bytes.len() < len {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes.push(state.to_le_bytes()[0]);
    }
    bytes
}

#[test]
fn binary_file_as_makefile() {
    let mut makefile = binary_bytes(64 * 1024);
    // A blank line ends whatever the binary left open (make merges a line after a NUL).
    makefile.extend_from_slice(b"\n\nok: ## still here\n");
    let dir = tree(&[("Makefile", &makefile)]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_has_all(&words(&out), &["ok"]);
    let messages = stderr(&out);
    assert!(
        messages.lines().count() <= 12,
        "a binary file floods stderr:\n{messages}"
    );
    assert!(
        messages.starts_with("make-targets: warning: Makefile:"),
        "{messages}"
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(stdout(&out).contains("still here"), "{}", stdout(&out));
}

#[test]
fn invalid_utf8_in_names_docs_and_include_paths() {
    let dir = tree(&[
        (
            "Makefile",
            b"caf\xe9: ## d\xe9j\xe0 vu\ninclude \xff\xfe.mk\nok: ## fine\n",
        ),
        ("\u{fffd}\u{fffd}.mk", b"decoy:\n"),
    ]);
    // A file whose name is not UTF-8, where the include line names it.
    fs::write(
        dir.path()
            .join(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"\xff\xfe.mk")),
        b"inc:\n",
    )
    .expect("write file with a non-UTF-8 name");
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    let got = words(&out);
    assert_has_all(&got, &["ok", "caf\u{fffd}"]);
    // The bytes are not looked up as U+FFFD: that would read another file.
    assert!(
        !got.iter().any(|w| w == "decoy"),
        "read the wrong file: {got:?}"
    );
    // Either the include is read byte for byte, or a one-line warning says it was not.
    assert!(
        got.iter().any(|w| w == "inc") || warnings_at(&out, "Makefile:2:").len() == 1,
        "include of a non-UTF-8 name neither read nor reported: {got:?}\n{}",
        stderr(&out)
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(
        stdout(&out).contains("d\u{fffd}j\u{fffd} vu"),
        "{}",
        stdout(&out)
    );

    // A non-UTF-8 `-f` name: no panic, and either read or a usage error.
    let mut cmd = targets_cmd();
    cmd.current_dir(dir.path())
        .arg("-f")
        .arg(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"\xff\xfe.mk"))
        .timeout(HANG);
    let out = cmd.output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(2),
        "{:?} {err}",
        out.status
    );
}

#[test]
fn nul_bytes_are_read_as_make_reads_them() {
    // make (readline + strlen): a NUL drops the rest of its line and the newline, so the next
    // line is appended; a line starting with NUL is empty. Checked against GNU make 4.3:
    // targets `ab`, `c`, `d`.
    let dir = tree(&[(
        "Makefile",
        b"a\0junk\nb: x\n\0junk: y\nc: ## doc\0 hidden\n\nd:\n",
    )]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_eq!(words(&out), ["ab", "c", "d"]);
    assert_eq!(
        warnings_at(&out, "Makefile:1:"),
        ["make-targets: warning: Makefile:1: NUL character seen; rest of line ignored"]
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(!stdout(&out).contains("hidden"), "{}", stdout(&out));
}

#[test]
#[ignore = "slow (50 MB): run by .ci/run with --ignored"]
fn fifty_megabyte_line() {
    const SIZE: usize = 50 << 20;
    let mut makefile = b"before: ## first\nX = ".to_vec();
    makefile.extend(std::iter::repeat_n(b'a', SIZE));
    makefile.extend_from_slice(b"\nlong");
    makefile.extend(std::iter::repeat_n(b'b', SIZE));
    // make stops at an unterminated reference: it comes last.
    makefile.extend_from_slice(b": ## a long name\nafter: ## last\n$(unterminated");
    makefile.extend(std::iter::repeat_n(b'c', SIZE));
    makefile.push(b'\n');
    let dir = tree(&[("Makefile", &makefile)]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    let got = words(&out);
    assert_has_all(&got, &["before", "after"]);
    assert!(
        got.iter()
            .any(|n| n.len() == SIZE + 4 && n.starts_with("longbbb")),
        "the long name is missing"
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    let got = listed(&out);
    assert_has_all(&got, &["before", "after"]);
    assert!(
        got.iter().any(|n| n.len() == SIZE + 4),
        "the long name is missing"
    );
}

#[test]
#[ignore = "slow (1,000,000 targets): run by .ci/run with --ignored"]
fn one_million_targets() {
    const COUNT: usize = 1_000_000;
    let mut makefile = String::with_capacity(COUNT * 12);
    for i in 0..COUNT {
        writeln!(makefile, "t{i}: ## target {i}").unwrap();
    }
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(words(&out).len(), COUNT);
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(stdout(&out).lines().count(), COUNT);
}

#[test]
fn ten_thousand_deep_include_chain() {
    const DEPTH: usize = 10_000;
    let dir = tree(&[("Makefile", b"include d0.mk\nok: ## top\n")]);
    for i in 0..DEPTH {
        let text = format!("include d{}.mk\nt{i}:\n", i + 1);
        fs::write(dir.path().join(format!("d{i}.mk")), text).expect("write chain file");
    }
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    let got = words(&out);
    assert_has_all(&got, &["ok", "t0", "t1", "t100"]);
    let messages: Vec<&str> = std::str::from_utf8(&out.stderr).unwrap().lines().collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let re =
        regex::Regex::new(r"^make-targets: warning: d(\d+)\.mk:1: d(\d+)\.mk: .*deeper").unwrap();
    let caps = re
        .captures(messages[0])
        .unwrap_or_else(|| panic!("{}", messages[0]));
    let (from, to): (usize, usize) = (caps[1].parse().unwrap(), caps[2].parse().unwrap());
    assert_eq!(from + 1, to);
    // Everything above the limit is listed.
    assert_eq!(got.len(), 1 + to);
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
}

/// 100,000 nested conditionals (1.8 MB): read in linear time (it was quadratic, 15 s in a
/// release build; GNU make 4.3 takes 0.06 s), the branch inside skipped.
#[test]
fn hundred_thousand_nested_conditionals() {
    const DEPTH: usize = 100_000;
    let mut makefile = String::from("before: ## first\n");
    makefile.push_str(&"ifdef UNDEFINED\n".repeat(DEPTH));
    makefile.push_str("hidden:\n");
    makefile.push_str(&"endif\n".repeat(DEPTH));
    makefile.push_str("after: ## last\n");
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["after", "before"]);
    assert_eq!(stderr(&out), "");
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_has_all(&listed(&out), &["before", "after"]);
}

/// The classic recursive `uniq` over 300 words nests 600 levels: every word is a target, as
/// GNU make 4.3 lists them (the old limit of 256 levels kept 127 of them, silently).
#[test]
fn recursive_function_over_three_hundred_words() {
    let names: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
    let makefile = format!(
        "uniq = $(if $1,$(firstword $1) $(call uniq,$(filter-out $(firstword $1),$1)))\n\
         T := $(call uniq,{})\n$(T):\n",
        names.join(" ")
    );
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(stderr(&out), "");
    let got = words(&out);
    assert_eq!(got.len(), 300);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_has_all(&got, &names);
}

/// A recursion without end stops at the nesting limit (20,000 levels) with one warning, on a
/// stack grown as deep as that takes; the other targets print. GNU make 4.3 crashes.
#[test]
fn endless_recursion_stops_at_the_nesting_limit() {
    let makefile = "before: ## first\nf = $(call f,$1)\nX := $(call f,x)\nafter: ## last\n";
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_eq!(words(&out), ["after", "before"]);
    assert_eq!(
        stderr(&out),
        "make-targets: warning: Makefile:3: expansion nested deeper than 20000 levels; stopped\n"
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_has_all(&listed(&out), &["before", "after"]);
}

/// `$(filter-out)` and `$(filter)` of 40,000 names against 40,000 words: the names are
/// hashed, as GNU make hashes them (4.2 s in a release build when each word was compared with
/// each name; GNU make 4.3: 0.02 s).
#[test]
fn filter_of_forty_thousand_words() {
    const COUNT: usize = 40_000;
    let names: Vec<String> = (0..COUNT).map(|i| format!("a{i}")).collect();
    let text: Vec<String> = (0..COUNT).map(|i| format!("a{}", 2 * i)).collect();
    let makefile = format!(
        "A := {}\nB := {}\nKEEP := $(filter-out $(A),$(B))\nSOME := $(filter $(A),$(B))\n\
         kept-$(words $(KEEP)) first-$(firstword $(KEEP)) some-$(words $(SOME)):\n",
        names.join(" "),
        text.join(" ")
    );
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["first-a40000", "kept-20000", "some-20000"]);
}

/// 40,000 `##@` sections, one target each: make-help groups the targets by a lookup, not a
/// search of the sections (1.0 s in a release build before, 300,000 sections over a minute).
#[test]
fn forty_thousand_sections() {
    const COUNT: usize = 40_000;
    let mut makefile = String::new();
    for i in 0..COUNT {
        writeln!(makefile, "##@ Section {i}\nt{i}: ## doc {i}").unwrap();
    }
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    let text = stdout(&out);
    // A title, its target and a blank line between sections.
    assert_eq!(
        text.lines().filter(|l| l.starts_with("Section ")).count(),
        COUNT
    );
    assert!(
        text.starts_with("Section 0\n  t0      doc 0 (default)\n\nSection 1\n"),
        "{}",
        &text[..200]
    );
}

/// `make-help NAME` for a name no target has: the "did you mean" search compares names of
/// about its length only, within a budget, and none for a name too long to be a typo (with
/// 1,000,000 targets a 300-character name took 7.6 s, a 100,000-character one never ended;
/// now 0.5 s, the time to read them).
#[test]
fn unknown_long_names_get_an_answer_at_once() {
    let mut makefile = String::new();
    for i in 0..20_000 {
        writeln!(makefile, "obj/dir{}/file_number_{i}.o:", i % 100).unwrap();
    }
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = help(dir.path(), &["obj/dir1/file_numbr_1.o"]);
    assert_sane(&out, 1);
    assert!(
        stderr(&out).contains("did you mean one of 'obj/dir1/file_number_1.o'"),
        "{}",
        stderr(&out)
    );
    for length in [300, 100_000] {
        let name = "y".repeat(length);
        let out = help(dir.path(), &[name.as_str()]);
        assert_sane(&out, 1);
        assert_eq!(
            stderr(&out),
            format!("make-help: error: no target named '{name}'\n")
        );
    }
}

/// A default makefile that is there but cannot be read is named with the reason, as GNU make
/// 4.3 names it ("make: *** Makefile: Is a directory.  Stop."), not reported as missing; the
/// first name there wins, even over a readable `Makefile`.
#[test]
fn unusable_default_makefile_is_named_with_its_reason() {
    type MakeIt = fn(&Path);
    let cases: [(&str, MakeIt, &str); 4] = [
        (
            "Makefile",
            |d| fs::create_dir(d.join("Makefile")).unwrap(),
            "Is a directory",
        ),
        (
            "Makefile",
            |d| std::os::unix::fs::symlink("Makefile", d.join("Makefile")).unwrap(),
            "Too many levels of symbolic links",
        ),
        (
            "Makefile",
            |d| std::os::unix::fs::symlink("nowhere", d.join("Makefile")).unwrap(),
            "No such file or directory",
        ),
        (
            "GNUmakefile",
            |d| {
                fs::create_dir(d.join("GNUmakefile")).unwrap();
                fs::write(d.join("Makefile"), "ok:\n").unwrap();
            },
            "Is a directory",
        ),
    ];
    for (name, make, reason) in cases {
        let dir = tree(&[]);
        make(dir.path());
        for (program, out) in [
            ("make-targets", targets(dir.path(), &[])),
            ("make-help", help(dir.path(), &[])),
        ] {
            assert_sane(&out, 1);
            assert_eq!(
                stderr(&out),
                format!("{program}: error: {name}: {reason}\n")
            );
            assert!(out.stdout.is_empty());
        }
    }
}

/// Files of endless bytes with no newline: `/proc/self/pagemap` (its size says 0, it holds
/// ~256 GB of NULs) and a sparse file of 4 GiB of zeros, included and read by `$(file <)`.
/// Reading stops at a 64 MiB line with a `path:line:` warning, and `$(file <)` reads one
/// byte past what an expansion keeps; the other targets print. Before: memory without bound
/// (14 GB after 30 s) for pagemap; 5 GB, the file's size, for the sparse one, and 10 GB for
/// `$(file <)`. GNU make 4.3 never ends on pagemap.
#[test]
fn endless_lines_are_not_held() {
    let dir = tree(&[]);
    let sparse = fs::File::create(dir.path().join("zeros.mk")).unwrap();
    sparse.set_len(4 << 30).unwrap();
    let cases = [
        (
            "include /proc/self/pagemap",
            "/proc/self/pagemap:1: line longer than 67108864 bytes; the rest of the file is not read",
        ),
        (
            "include zeros.mk",
            "zeros.mk:1: line longer than 67108864 bytes; the rest of the file is not read",
        ),
        (
            "X := $(file <zeros.mk)",
            "Makefile:2: expansion longer than 67108864 bytes; cut",
        ),
    ];
    for (line, warning) in cases {
        if line.contains("/proc/") && !Path::new("/proc/self/pagemap").exists() {
            continue;
        }
        let makefile = format!("before: ## first\n{line}\nafter: ## last\n");
        fs::write(dir.path().join("Makefile"), makefile).unwrap();
        let out = targets(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_eq!(words(&out), ["after", "before"]);
        assert_eq!(stderr(&out), format!("make-targets: warning: {warning}\n"));
        let out = help(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_has_all(&listed(&out), &["before", "after"]);
    }
}

/// An include that turns from a regular file into a FIFO between the look at it and its
/// opening (a loop swaps the two) never makes a run wait: files are opened without waiting
/// and checked again once open. Before, a few runs in a few hundred hung forever.
#[test]
fn include_swapped_for_a_fifo_never_hangs() {
    let dir = tree(&[("Makefile", b"before:\ninclude inc.mk\nafter:\n")]);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    fs::write(dir.path().join("regular.src"), "inc:\n").unwrap();
    mkfifo(&dir.path().join("fifo.src"));
    let swapper = {
        let (dir, stop) = (dir.path().to_path_buf(), stop.clone());
        // Hard links and renames: a swap is two system calls, so the window is hit often.
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for source in ["regular.src", "fifo.src"] {
                    fs::hard_link(dir.join(source), dir.join("swap.tmp")).unwrap();
                    fs::rename(dir.join("swap.tmp"), dir.join("inc.mk")).unwrap();
                }
            }
        })
    };
    for _ in 0..150 {
        let mut cmd = targets_cmd();
        cmd.current_dir(dir.path()).timeout(Duration::from_secs(20));
        let out = cmd.output().expect("the tool runs");
        assert!(
            out.status.code().is_some(),
            "a run hung (killed at the timeout)"
        );
        assert_has_all(&words(&out), &["before", "after"]);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
}

/// Five `x -> .` symlinks and a ten-level include glob would match nearly ten million names
/// (5^10): a wildcard goes through at most 100,000 names and says so; the other targets
/// print. Before: 2 s and 76 MB at depth 8, over a minute and 2 GB at depth 10, the memory
/// exhausted at 14. GNU make 4.3 takes 38 s at depth 8.
#[test]
fn wildcard_through_symlink_loops_is_bounded() {
    let dir = tree(&[("inc.mk", b"inc:\n")]);
    for link in ["a", "b", "c", "d", "e"] {
        std::os::unix::fs::symlink(".", dir.path().join(link)).unwrap();
    }
    let pattern = format!("{}inc.mk", "*/".repeat(10));
    let makefile = format!("before:\n-include {pattern}\nX := $(wildcard {pattern})\nafter:\n");
    fs::write(dir.path().join("Makefile"), makefile).unwrap();
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_has_all(&words(&out), &["before", "after"]);
    let warning = format!(
        "{pattern}: the wildcard goes through more than 100000 names; the rest are not used"
    );
    assert_eq!(
        stderr(&out),
        format!(
            "make-targets: warning: Makefile:2: {warning}\nmake-targets: warning: Makefile:3: {warning}\n"
        )
    );
}

/// `.RECIPEPREFIX` is its value as stored, not expanded again, as GNU make 4.3 takes it:
/// `:= $$` makes `$` the prefix, so `$$ dl: y` is a line of `all`'s recipe, and `= $(P)` makes
/// it `$` too. Before, `$` and `dl` were listed as targets.
#[test]
fn recipe_prefix_is_the_stored_value() {
    for (makefile, want) in [
        (
            ".RECIPEPREFIX := $$\nall:\n$$ dl: y\nother:\n",
            vec!["all", "other"],
        ),
        (
            "P = >\n.RECIPEPREFIX := $(P)\nall:\n> echo: hi\nx:\n",
            vec!["all", "x"],
        ),
        (
            ".RECIPEPREFIX = $(P)\nall:\n$(P) a: b\nx:\n",
            vec!["all", "x"],
        ),
    ] {
        let dir = tree(&[("Makefile", makefile.as_bytes())]);
        let out = targets(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_eq!(words(&out), want, "{makefile:?}");
    }
}

/// A `-f` path that is not UTF-8 (a Latin-1 directory name) is read as GNU make reads it, as
/// `-C` and `-I` already were; its name is shown lossily. Before: a usage error (exit 2).
#[test]
fn makefile_path_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree(&[]);
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9");
    fs::create_dir(dir.path().join(latin1)).unwrap();
    fs::write(dir.path().join(latin1).join("Makefile"), "latin:\n").unwrap();
    let makefile = Path::new(latin1).join("Makefile");
    for mut cmd in [targets_cmd(), help_cmd()] {
        cmd.current_dir(dir.path())
            .arg("-f")
            .arg(&makefile)
            .timeout(HANG);
        let out = cmd.output().expect("the tool runs");
        assert_sane(&out, 0);
        assert!(stdout(&out).contains("latin"), "{}", stdout(&out));
    }
}

/// `-f -` reads standard input, a piece at a time, as GNU make does (it names a temporary
/// copy; we name it `-`), beside other `-f` files. Before: "-: No such file or directory".
#[test]
fn f_dash_reads_standard_input() {
    let dir = tree(&[("other.mk", b"other:\n")]);
    let mut cmd = targets_cmd();
    cmd.current_dir(dir.path())
        .args(["-f", "-", "-f", "other.mk"])
        .write_stdin("from-stdin: ## a doc\nX = 1\nbad line\n")
        .timeout(HANG);
    let out = cmd.output().expect("the tool runs");
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["from-stdin", "other"]);
    let mut cmd = help_cmd();
    cmd.current_dir(dir.path())
        .args(["--color=never", "-f", "-"])
        .write_stdin("from-stdin: ## a doc\nbad line\n")
        .timeout(HANG);
    let out = cmd.output().expect("the tool runs");
    assert_sane(&out, 0);
    assert_eq!(stdout(&out), "  from-stdin  a doc (default)\n");
    assert_eq!(stderr(&out), "make-help: warning: -:2: missing separator\n");
}

/// A million lines that are each a syntax error: ten messages, then one that says the rest
/// are not shown, and nothing kept of the others (each one's message key was kept: 1.2 GB
/// and 13.9 s for ten million such lines, now 3 MB and 1.1 s).
#[test]
fn a_million_bad_lines_keep_nothing() {
    let makefile = format!("before:\n{}after:\n", "y\n".repeat(1_000_000));
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["after", "before"]);
    let messages = stderr(&out);
    assert_eq!(messages.lines().count(), 11, "{messages}");
    assert!(messages.ends_with("Makefile:12: more errors in this file are not shown\n"));
}

/// A make that runs us passes its `-I` directories and command-line variables in `MAKEFLAGS`
/// (`make -I inc V=abc help` exports ` -Iinc -- V=abc`): the includes it found there are
/// read, as the README's own `help:` recipe needs. Before, `MAKEFLAGS` was ignored.
#[test]
fn makeflags_include_dirs_and_variables_are_inherited() {
    let dir = tree(&[
        ("Makefile", b"include x.mk\n$(V)-var:\n"),
        ("inc/x.mk", b"from-inc:\n"),
    ]);
    let mut cmd = targets_cmd();
    cmd.current_dir(dir.path())
        .env("MAKEFLAGS", "k -Iinc -- V=abc")
        .timeout(HANG);
    let out = cmd.output().expect("the tool runs");
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["abc-var", "from-inc"]);
    // Our own VAR=value wins over the inherited one.
    let mut cmd = targets_cmd();
    cmd.current_dir(dir.path())
        .env("MAKEFLAGS", " -Iinc -- V=abc")
        .arg("V=own")
        .timeout(HANG);
    let out = cmd.output().expect("the tool runs");
    assert_eq!(words(&out), ["from-inc", "own-var"]);
}

/// In a directory whose absolute name is longer than `PATH_MAX` (4096), the makefile is read
/// through relative names, as GNU make 4.3 reads `./Makefile` there (it warns "getcwd:
/// Numerical result out of range"). Before: "no makefile found", every target lost.
#[test]
fn directory_deeper_than_path_max() {
    let dir = tree(&[]);
    // Made and entered a step at a time (by python3: the shell's `cd` builds the whole name
    // and fails with ENAMETOOLONG): 25 steps of 200 bytes, over 5,000 bytes in all.
    let run = |program: &str, flag: &str| {
        let script = format!(
            "import os\n\
             for _ in range(25):\n    os.makedirs('d' * 200, exist_ok=True)\n    os.chdir('d' * 200)\n\
             open('Makefile', 'w').write('deep: ## doc\\ninclude inc.mk\\n')\n\
             open('inc.mk', 'w').write('inc:\\n')\n\
             os.execv({program:?}, [{program:?}, {flag:?}])\n"
        );
        std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .current_dir(dir.path())
            .env_remove("MAKEFLAGS")
            .output()
            .expect("python3 runs the tool")
    };
    let out = run(env!("CARGO_BIN_EXE_make-targets"), "-v");
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["deep", "inc"]);
    let out = run(env!("CARGO_BIN_EXE_make-help"), "--color=never");
    assert_sane(&out, 0);
    assert_eq!(stdout(&out), "  deep  doc (default)\n");
}

/// `..` after a symlinked directory is left to the kernel, as GNU make hands names to it:
/// `link/../x.mk` is `x.mk` beside where `link` points, in `include`, `-C` and `-f`. Before,
/// `..` was resolved on the name and another file was read.
#[test]
fn dot_dot_after_a_symlink_is_the_kernels() {
    let dir = tree(&[
        ("real/x.mk", b"real-x:\n"),
        ("real/sub/.keep", b""),
        ("real/Makefile", b"linked:\n"),
        ("x.mk", b"lexical-x:\n"),
        ("Makefile", b"include link/../x.mk\ntop:\n"),
    ]);
    std::os::unix::fs::symlink("real/sub", dir.path().join("link")).unwrap();
    for (args, want) in [
        (&[][..], &["real-x", "top"][..]),
        (&["-C", "link/.."][..], &["linked"][..]),
        (&["-f", "link/../Makefile"][..], &["linked"][..]),
    ] {
        let out = targets(dir.path(), args);
        assert_sane(&out, 0);
        assert_eq!(words(&out), want, "{args:?}");
    }
}

/// 100,000 `+=` lines to one variable, simple and recursive: the appended text is stored once
/// something reads the variable, not copied whole on each line (20.4 s in a release build,
/// quadratic; now 0.02 s).
#[test]
fn a_hundred_thousand_appends() {
    for first in ["X :=", "X ="] {
        let mut makefile = format!("{first}\n");
        for i in 0..100_000 {
            writeln!(makefile, "X += word{i}").unwrap();
        }
        makefile.push_str("$(word 5,$(X)) $(words $(X)) $(lastword $(X)):\n");
        let dir = tree(&[("Makefile", makefile.as_bytes())]);
        let out = targets(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_eq!(words(&out), ["100000", "word4", "word99999"], "{first}");
    }
}

/// A chain of `len` files `c0.mk` … that includes its first file again from its last.
fn cycle_of(len: usize) -> TempDir {
    let dir = tree(&[("Makefile", b"top:\ninclude c0.mk\nend:\n")]);
    for i in 0..len {
        let text = format!("before{i}:\ninclude c{}.mk\nafter{i}:\n", (i + 1) % len);
        fs::write(dir.path().join(format!("c{i}.mk")), text).expect("write cycle file");
    }
    dir
}

#[test]
fn include_cycles_of_length_one_two_and_ten() {
    for len in [1, 2, 10] {
        let dir = cycle_of(len);
        let out = targets(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_one_line_messages(&out);
        let mut want = vec!["top".to_string(), "end".to_string()];
        for i in 0..len {
            want.push(format!("before{i}"));
            want.push(format!("after{i}"));
        }
        let mut got = words(&out);
        got.sort();
        want.sort();
        assert_eq!(got, want, "cycle of {len}");
        let place = format!("c{}.mk:2:", len - 1);
        let cycle = warnings_at(&out, &place);
        assert_eq!(cycle.len(), 1, "cycle of {len}: {}", stderr(&out));
        assert!(cycle[0].contains("cycle"), "{}", cycle[0]);
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }
    // The main makefile including itself.
    let dir = tree(&[("Makefile", b"a:\ninclude Makefile\nb:\n")]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["a", "b"]);
    assert_eq!(
        warnings_at(&out, "Makefile:2:").len(),
        1,
        "{}",
        stderr(&out)
    );
}

fn mkfifo(path: &Path) {
    let status = StdCommand::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn include_of_a_directory_a_fifo_and_dev_zero_is_never_read() {
    let dir = tree(&[("Makefile", b"include adir fifo /dev/zero\nok: ## fine\n")]);
    fs::create_dir(dir.path().join("adir")).expect("mkdir");
    mkfifo(&dir.path().join("fifo"));
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_eq!(words(&out), ["ok"]);
    let at = warnings_at(&out, "Makefile:1:");
    assert_eq!(at.len(), 3, "{at:?}");
    for (warning, name) in at.iter().zip(["adir", "fifo", "/dev/zero"]) {
        assert!(
            warning.starts_with(&format!("make-targets: warning: Makefile:1: {name}: ")),
            "{warning}"
        );
    }
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(stdout(&out).contains("fine"));

    // The same files as the main makefile, and in MAKEFILES: an error or silence, no hang.
    for name in ["adir", "fifo", "/dev/zero"] {
        let out = targets(dir.path(), &["-f", name]);
        assert_sane(&out, 1);
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("make-targets: error: {name}: ")),
            "{err}"
        );
    }
    let mut cmd = targets_cmd();
    cmd.env("MAKEFILES", "adir fifo /dev/zero");
    let out = run(cmd, dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["ok"]);

    // Never opened, not even to look: strace sees no open of the FIFO or /dev/zero.
    if let Some(trace) = strace(dir.path(), "make-targets", &[]) {
        for call in trace.opens {
            assert!(
                !call.contains("fifo\"") && !call.contains("/dev/zero"),
                "opened: {call}"
            );
        }
    }
}

/// With enough names on one line, included files are read ahead on a
/// second thread: it too never opens a directory, a FIFO or a device, and
/// the result is the same.
#[test]
fn files_read_ahead_are_never_a_fifo_or_a_device() {
    let mut files: Vec<(String, Vec<u8>)> = (1..=9)
        .map(|i| {
            (
                format!("p{i}.mk"),
                format!("t{i}: ## doc {i}\n").into_bytes(),
            )
        })
        .collect();
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    let makefile = format!(
        "include {} adir fifo /dev/zero\n-include missing.mk\nok:\n",
        names.join(" ")
    );
    files.push(("Makefile".to_string(), makefile.into_bytes()));
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_slice()))
        .collect();
    let dir = tree(&borrowed);
    fs::create_dir(dir.path().join("adir")).expect("mkdir");
    mkfifo(&dir.path().join("fifo"));
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(
        words(&out),
        ["ok", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"]
    );
    assert_eq!(warnings_at(&out, "Makefile:1:").len(), 3);
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(stdout(&out).contains("doc 9"));
    if let Some(trace) = strace(dir.path(), "make-targets", &[]) {
        for call in trace.opens {
            assert!(
                !call.contains("fifo\"") && !call.contains("/dev/zero"),
                "opened: {call}"
            );
        }
    }
}

#[test]
fn unreadable_include_and_makefile() {
    // Root reads any file, so use one that fails for everyone: reading /proc/self/mem at
    // offset 0 gives EIO. It is a regular file, so it is opened and the read fails.
    let dir = tree(&[("Makefile", b"include /proc/self/mem\nok:\n")]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["ok"]);
    let at = warnings_at(&out, "Makefile:1:");
    assert_eq!(at.len(), 1, "{}", stderr(&out));
    assert!(at[0].contains("/proc/self/mem: "), "{}", at[0]);
    let out = targets(dir.path(), &["-f", "/proc/self/mem"]);
    assert_sane(&out, 1);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));

    // Permission denied, on disk when not root.
    let locked = tree(&[
        ("Makefile", b"include locked.mk\nok:\n"),
        ("locked.mk", b"secret:\n"),
    ]);
    let path = locked.path().join("locked.mk");
    let mut perms = fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&path, perms).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!("note: running as root, so permission denied is checked through the loader");
    } else {
        let out = targets(locked.path(), &[]);
        assert_sane(&out, 0);
        assert_eq!(words(&out), ["ok"]);
        assert_eq!(
            warnings_at(&out, "Makefile:1:"),
            ["make-targets: warning: Makefile:1: locked.mk: Permission denied"]
        );
    }

    // Permission denied, through the loader's file-system abstraction.
    let mut fs = MemoryFileSystem::new();
    fs.file("/w/Makefile", b"include locked.mk\nok:\n".to_vec())
        .insert("/w/locked.mk", Entry::Unreadable);
    let makefile = make_tools::load(&config("/w"), &fs).expect("main makefile is readable");
    assert_eq!(makefile.target_names(), ["ok"]);
    let shown: Vec<String> = makefile
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["Makefile:1: locked.mk: Permission denied"]);

    let mut fs = MemoryFileSystem::new();
    fs.insert("/w/Makefile", Entry::Unreadable);
    let error = make_tools::load(&config("/w"), &fs).expect_err("unreadable makefile");
    assert_eq!(error.to_string(), "Makefile: Permission denied");
}

fn config(cwd: &str) -> Config {
    Config {
        cwd: PathBuf::from(cwd),
        ..Config::default()
    }
}

/// `~user/...` is that user's home, from the password file, as GNU make's `getpwnam` gives
/// it, in include names, rule names and `$(wildcard)`; an unknown user stays literal. Before,
/// `~user` was left as written and the include reported missing.
#[test]
fn tilde_user_is_the_users_home() {
    let mut fs = MemoryFileSystem::new();
    fs.file(
        "/etc/passwd",
        b"root:x:0:0:root:/root:/bin/sh\nann:x:1000:1000:Ann,,,:/home/ann:/bin/bash\n".to_vec(),
    )
    .file("/home/ann/inc.mk", b"from-ann:\n".to_vec())
    .file(
        "/w/Makefile",
        b"include ~ann/inc.mk\nX := $(wildcard ~ann/*.mk)\n$(notdir $(X))-found:\n\
          -include ~nobody/x.mk\n~ann/out:\n"
            .to_vec(),
    );
    let makefile = make_tools::load(&config("/w"), &fs).expect("readable");
    assert_eq!(
        makefile.target_names(),
        ["/home/ann/out", "from-ann", "inc.mk-found"]
    );
    assert!(
        makefile.diagnostics.is_empty(),
        "{:?}",
        makefile.diagnostics
    );
}

#[test]
fn makefile_deleted_between_discovery_and_reading() {
    // Found by its kind, gone when read: simulated through the loader's FileSystem.
    let mut fs = MemoryFileSystem::new();
    fs.insert("/w/Makefile", Entry::Vanishing);
    let error = make_tools::load(&config("/w"), &fs).expect_err("the makefile vanished");
    assert_eq!(error.to_string(), "Makefile: No such file or directory");

    let mut fs = MemoryFileSystem::new();
    fs.file("/w/Makefile", b"a:\ninclude gone.mk\nb:\n".to_vec())
        .insert("/w/gone.mk", Entry::Vanishing);
    let makefile = make_tools::load(&config("/w"), &fs).expect("main makefile is there");
    assert_eq!(makefile.target_names(), ["a", "b"]);
    let shown: Vec<String> = makefile
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["Makefile:2: gone.mk: No such file or directory"]);
}

#[test]
fn symlink_loop_matched_by_an_include_glob() {
    let dir = tree(&[("Makefile", b"include loop*\nok: ## fine\n")]);
    std::os::unix::fs::symlink("loop2", dir.path().join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", dir.path().join("loop2")).unwrap();
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_eq!(words(&out), ["ok"]);
    let at = warnings_at(&out, "Makefile:1:");
    assert_eq!(at.len(), 2, "{}", stderr(&out));
    assert!(at[0].contains("loop1: "), "{}", at[0]);
    assert!(at[1].contains("loop2: "), "{}", at[1]);
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
}

#[test]
fn variable_that_references_itself() {
    // make stops at the first use ("Recursive variable 'X' references itself (eventually).
    // Stop."), so what comes after is not read; what came before is listed.
    for (makefile, place, name) in [
        (
            &b"ok: ## fine\nX = $(X)\nall: $(X) ## doc\n"[..],
            "Makefile:3:",
            "'X'",
        ),
        (
            b"ok: ## fine\nY = $(Z) y\nZ = $(Y)\n$(Y)z: dep\n",
            "Makefile:4:",
            "'Y'",
        ),
        (
            b"ok: ## fine\nX = a\nX += $(X)\nall: $(X)\n",
            "Makefile:4:",
            "'X'",
        ),
    ] {
        let dir = tree(&[("Makefile", makefile)]);
        let out = targets(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_one_line_messages(&out);
        assert_has_all(&words(&out), &["ok"]);
        let at = warnings_at(&out, place);
        assert!(
            at.iter().any(|w| w.contains(name) && w.contains("itself")),
            "{}",
            stderr(&out)
        );
        let out = help(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_has_all(&listed(&out), &["ok"]);
    }
}

/// What `eval_and_call_blow_up_is_bounded` checks, on one makefile.
fn assert_blow_up_is_bounded(makefile: &str) {
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_has_all(&words(&out), &["before", "after"]);
    assert!(
        stderr(&out).lines().count() <= 20,
        "too many messages:\n{}",
        stderr(&out)
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_one_line_messages(&out);
    assert_has_all(&listed(&out), &["before", "after"]);
}

/// Variables that double their text on each line stop at the length cap.
/// Slow in a debug build (64 MiB expanded: 20 s a tool, 1 s in release).
#[test]
#[ignore = "slow (64 MiB expanded): run by .ci/run with --ignored"]
fn doubling_variables_are_bounded() {
    // Each line doubles the text: 2^60 bytes if nothing stops it.
    let mut makefile = String::from("before: ## first\nA0 = x\n");
    for i in 1..=60 {
        writeln!(makefile, "A{i} = $(A{p}) $(A{p})", p = i - 1).unwrap();
    }
    makefile.push_str("big: $(A60)\n");
    makefile.push_str("after: ## last\n");
    assert_blow_up_is_bounded(&makefile);
}

/// 100,000 `$(shell cat big)` calls over a 1 MiB file: before, each read the file (100 GB in
/// all, over an hour in a debug build); now the files read by `$(shell)` in one run stop at
/// 64 MiB, each call is charged one work unit more per KiB it read, and the calls after the
/// 64th stay unknown, saying why (about 8 s in a debug build, 5 of them for the 100,000 calls).
#[test]
fn shell_reads_of_a_big_file_are_bounded() {
    let mut makefile = String::from("before: ## first\n");
    makefile.push_str(&"X := $(shell cat big)\n".repeat(100_000));
    makefile.push_str("after: ## last\n");
    let big = vec![b'x'; 1 << 20];
    let dir = tree(&[("Makefile", makefile.as_bytes()), ("big", &big)]);
    let out = run(targets_cmd(), dir.path(), &["--explain"]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["after", "before"]);
    let messages = stderr(&out);
    let refused = messages
        .lines()
        .filter(|l| {
            l.ends_with("is not evaluated: more than 64 MiB read from files by $(shell) commands")
        })
        .count();
    assert_eq!(
        refused,
        100_000 - 64,
        "{}",
        &messages[..messages.len().min(2000)]
    );
}

/// Copies of a 32 MiB value (each expansion under the 64 MiB cap): past 256 MiB held by all
/// variables, a value that would grow them is not kept and its variable is unknown, with one
/// warning. Before: 50 copies took 1.7 GB on every TAB (GNU make: as much), now 347 MB.
#[test]
fn copies_of_a_large_value_are_bounded() {
    let mut makefile = String::from("before:\nX := x\n");
    makefile.push_str(&"X := $(X)$(X)\n".repeat(25));
    for i in 0..12 {
        writeln!(makefile, "C{i} := $(X)").unwrap();
    }
    makefile.push_str("$(if $(C11),c11-known,c11-unknown):\nafter:\n");
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["after", "before"]);
    let messages = stderr(&out);
    assert!(
        messages.contains("variables would hold more than 268435456 bytes in all; C7, and any"),
        "{messages}"
    );
}

#[test]
fn eval_and_call_blow_up_is_bounded() {
    let mut makefile = String::from("before: ## first\n");
    // `$(call)` doubling its argument 60 times, and `$(eval)` that evaluates itself forever.
    makefile.push_str("double = $(1) $(1)\n");
    let mut call = String::from("x");
    for _ in 0..60 {
        call = format!("$(call double,{call})");
    }
    writeln!(makefile, "calls: {call}").unwrap();
    makefile.push_str("define forever\n$$(eval $$(forever))\nendef\n$(eval $(forever))\n");
    makefile.push_str("define rules\nr$(1): ; @:\n$$(eval $$(call rules,$(1)x))\nendef\n");
    makefile.push_str("$(eval $(call rules,0))\n");
    makefile.push_str("after: ## last\n");
    assert_blow_up_is_bounded(&makefile);
}

#[test]
fn broken_conditionals_and_defines() {
    // (makefile, expected targets, expected warning place and text) — make stops at each of
    // these; we warn and keep what the rest of the file says.
    let cases: &[(&[u8], &[&str], &str, &str)] = &[
        (
            b"a:\ndefine X\nfoo:\n",
            &["a"],
            "Makefile:2:",
            "missing 'endef', unterminated 'define'",
        ),
        (
            b"a:\nifeq (1,1)\nb:\n",
            &["a", "b"],
            "Makefile:",
            "missing 'endif'",
        ),
        (
            b"a:\nendif\nb:\n",
            &["a", "b"],
            "Makefile:2:",
            "extraneous 'endif'",
        ),
        (
            b"a:\nifeq (1,1)\nb:\nelse\nc:\nelse\nd:\nendif\ne:\n",
            &["a", "b", "e"],
            "Makefile:6:",
            "only one 'else' per conditional",
        ),
        (
            b"a:\nelse\nb:\n",
            &["a", "b"],
            "Makefile:2:",
            "extraneous 'else'",
        ),
        (
            b"a:\nendef\nb:\n",
            &["a", "b"],
            "Makefile:2:",
            "extraneous 'endef'",
        ),
    ];
    for (makefile, want, place, message) in cases {
        let dir = tree(&[("Makefile", makefile)]);
        let out = targets(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_one_line_messages(&out);
        assert_eq!(words(&out), *want, "{}", String::from_utf8_lossy(makefile));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("make-targets: warning: {place}")) && err.contains(message),
            "{err}"
        );
        let out = help(dir.path(), &[]);
        assert_sane(&out, 0);
        assert_eq!(&listed(&out), want);
    }
}

#[test]
fn crlf_mixed_with_lf() {
    let dir = tree(&[(
        "Makefile",
        b"a: x ## doc a\r\nb:\n\tcmd\r\nc: \\\r\n  d\n# above e\r\ne: ## help e\r\nx:\r\nd:\n",
    )]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(words(&out), ["a", "b", "c", "d", "e", "x"]);
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    let text = stdout(&out);
    assert!(!text.contains("\\r"), "a CR shown in:\n{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("e ") && l.ends_with("help e")),
        "{text}"
    );
}

#[test]
fn carriage_return_vertical_tab_and_form_feed_stay_in_names() {
    // GNU make 4.3 lists the targets `a^Mb` and `e^Lf`: only blanks and newlines separate
    // the names of a rule (its functions, `$(words)`, split at \r, \v and \f too).
    let dir = tree(&[("Makefile", b"a\rb: c\x0bd\ne\x0cf:\n-include x\ry.mk\n")]);
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_eq!(words(&out), ["a\\rb", "e\\x0cf"]);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn messages_about_command_line_variables_name_no_place() {
    let dir = tree(&[("Makefile", b"ok:\n")]);
    let out = run(targets_cmd(), dir.path(), &["--explain", "X:=$(shell ls)"]);
    assert_sane(&out, 0);
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("$(shell ls) is not evaluated")),
        "{err}"
    );
    assert!(!err.contains(":0:") && !err.contains(": :"), "{err}");
}

/// A makefile full of control characters in names, docs, prerequisites and file names.
fn escapes_dir() -> TempDir {
    tree(&[(
        "Makefile",
        "red\u{1b}[31m: pre\u{1b}[1m ## doc \u{1b}]0;title\u{7} \u{1b}[2J\r over\u{9b}1m\n\
         ok: ## fine\n\
         include \u{1b}[5mmissing\r.mk\n\
         bell\u{7}: ; @:\n\
         bidi\u{202e}gnp.exe: ## shows \u{2066}reversed\u{2069} text\u{200b}\n\
         -include \u{feff}gone\u{2028}.mk\n"
            .as_bytes(),
    )])
}

#[test]
fn control_characters_are_escaped_in_every_output() {
    let dir = escapes_dir();
    let out = targets(dir.path(), &[]);
    assert_sane(&out, 0);
    assert_has_all(
        &words(&out),
        &["red\\e[31m", "bell\\x07", "ok", "bidi\\u{202e}gnp.exe"],
    );
    assert!(
        stderr(&out).contains("\\e[5mmissing\\r.mk"),
        "{}",
        stderr(&out)
    );
    let out = help(dir.path(), &[]);
    assert_sane(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("doc \\e]0;title\\x07 \\e[2J\\r over\\u{9b}1m"),
        "{text}"
    );
    assert!(text.contains("pre\\e[1m"), "{text}");
    assert!(
        text.contains("shows \\u{2066}reversed\\u{2069} text\\u{200b}"),
        "{text}"
    );
    // Colors are escape sequences of our own: nothing else.
    let out = run(help_cmd(), dir.path(), &["--color=always"]);
    let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    let text = sgr.replace_all(std::str::from_utf8(&out.stdout).unwrap(), "");
    assert_terminal_safe("colored stdout", text.as_bytes());
    // Every mode, colors off (colors are checked above): nothing raw on stdout or stderr.
    for (program, args) in every_mode() {
        if args.contains(&"--color=always") {
            continue;
        }
        let mut all = args.clone();
        if program == "make-help" {
            all.push("--color=never");
        }
        let out = run(tool(program), dir.path(), &all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{program} {all:?}: {err}");
        let mut stdout = out.stdout.clone();
        if args.contains(&"fish") {
            // fish's format separates name and description with a TAB of its own.
            stdout
                .iter_mut()
                .filter(|b| **b == b'\t')
                .for_each(|b| *b = b' ');
        }
        assert_terminal_safe(&format!("{program} {all:?} stdout"), &stdout);
        assert_terminal_safe(&format!("{program} {all:?} stderr"), &out.stderr);
    }
    // A file name given on the command line, and one of a missing -C directory.
    let out = targets(dir.path(), &["-f", "no\u{1b}[31m.mk"]);
    assert_sane(&out, 1);
    assert!(stderr(&out).contains("no\\e[31m.mk"), "{}", stderr(&out));
    let out = targets(dir.path(), &["-C", "no\rdir"]);
    assert_sane(&out, 1);
}

/// Every string in a JSON value.
fn strings(v: &serde_json::Value, into: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => into.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, into)),
        serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

/// JSON escapes control characters itself (`\u001b`; DEL and C1 controls too, which JSON
/// would allow raw), and the decoded strings are the names as make reads them.
#[test]
fn json_escapes_control_characters_as_json_does() {
    let dir = escapes_dir();
    let out = run(help_cmd(), dir.path(), &["--json"]);
    assert_sane(&out, 0);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let mut all = Vec::new();
    strings(&value, &mut all);
    assert!(all.iter().any(|s| s == "red\u{1b}[31m"), "{all:?}");
    assert!(all.iter().any(|s| s == "bell\u{7}"), "{all:?}");
}

/// A makefile that would write files and run commands if anything evaluated it for real.
const WRITERS: &str = "\
X := $(shell touch shell-ran)
Y != touch bang-ran
$(file >file-written,text)
$(file >>file-appended,text)
$(eval $(shell touch eval-ran))
Z = $(shell touch lazy-ran)
include $(shell touch include-ran)
-include generated.mk
generated.mk: ; touch generated.mk
all: $(Z) ## build
\ttouch recipe-ran
out: ; @echo > recipe-semicolon-ran
$(shell touch target-name-ran): ; @:
ifeq ($(shell touch ifeq-ran),)
cond:
endif
";

/// Every mode of both tools that exists here: options that `--help` does not show are left
/// out, so that the tests cover each one as it lands.
fn every_mode() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut modes = vec![
        ("make-targets", vec![]),
        ("make-targets", vec!["-v"]),
        ("make-help", vec![]),
        ("make-help", vec!["all"]),
        ("make-help", vec!["--color=always"]),
    ];
    let shown = |cmd: Command| {
        let mut cmd = cmd;
        let usage = cmd.arg("--help").output().expect("--help runs");
        String::from_utf8_lossy(&usage.stdout).into_owned()
    };
    let targets_usage = shown(targets_cmd());
    for (option, args) in [
        ("--explain", vec!["--explain"]),
        ("--format", vec!["--format", "lines"]),
        ("--format", vec!["--format", "zsh"]),
        ("--format", vec!["--format", "fish"]),
        ("--prefix", vec!["--prefix", "a"]),
    ] {
        if targets_usage.contains(option) {
            modes.push(("make-targets", args));
        }
    }
    let help_usage = shown(help_cmd());
    for (option, args) in [
        ("--json", vec!["--json"]),
        ("--explain", vec!["--explain"]),
        ("--explain", vec!["--explain", "all"]),
        ("--all", vec!["--all", "--color=always"]),
        ("--unsorted", vec!["--unsorted", "--width", "40"]),
    ] {
        if help_usage.contains(option) {
            modes.push(("make-help", args));
        }
    }
    modes
}

fn tool(program: &str) -> Command {
    match program {
        "make-help" => help_cmd(),
        _ => targets_cmd(),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn no_file_is_written_and_no_command_runs() {
    let dir = tree(&[("Makefile", WRITERS.as_bytes())]);
    for (program, args) in every_mode() {
        let out = run(tool(program), dir.path(), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{program} {args:?}: {err}");
        assert!(out.status.success(), "{program} {args:?}: {err}");
        assert_eq!(listing(dir.path()), ["Makefile"], "{program} {args:?}");
    }
}

/// What strace saw a tool do.
struct Trace {
    execs: Vec<String>,
    forks: Vec<String>,
    opens: Vec<String>,
    writes: Vec<String>,
}

/// Runs `program args` in `dir` under `strace -f`; `None` (with a note) where strace is not
/// installed or cannot trace here.
fn strace(dir: &Path, program: &str, args: &[&str]) -> Option<Trace> {
    let log = tempfile::NamedTempFile::new().expect("temporary file");
    let binary = assert_cmd::cargo::cargo_bin(program);
    let mut cmd = StdCommand::new("strace");
    cmd.args(["-f", "-qq", "-o"])
        .arg(log.path())
        .arg("-e")
        .arg(
            "trace=execve,execveat,fork,vfork,clone,clone3,open,openat,openat2,creat,\
             mkdir,mkdirat,unlink,unlinkat,rename,renameat,renameat2,truncate,symlink,\
             symlinkat,link,linkat",
        )
        .arg(&binary)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for key in USER_ENV {
        cmd.env_remove(key);
    }
    let status = match cmd.status() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("note: strace not run ({e}); the process checks are skipped");
            return None;
        }
    };
    let mut text = String::new();
    fs::File::open(log.path())
        .and_then(|mut f| f.read_to_string(&mut text))
        .expect("strace log");
    if !status.success() && text.is_empty() {
        eprintln!("note: strace cannot trace here; the process checks are skipped");
        return None;
    }
    let mut trace = Trace {
        execs: Vec::new(),
        forks: Vec::new(),
        opens: Vec::new(),
        writes: Vec::new(),
    };
    let write_flags = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"];
    for line in text.lines() {
        let call = line.split_once(' ').map_or(line, |(_, c)| c).trim_start();
        let name = call.split('(').next().unwrap_or("");
        match name {
            "execve" | "execveat" => trace.execs.push(call.to_string()),
            "fork" | "vfork" => trace.forks.push(call.to_string()),
            "clone" | "clone3" if !call.contains("CLONE_THREAD") => {
                trace.forks.push(call.to_string());
            }
            "open" | "openat" | "openat2" => {
                if write_flags.iter().any(|f| call.contains(f)) {
                    trace.writes.push(call.to_string());
                }
                trace.opens.push(call.to_string());
            }
            "creat" | "mkdir" | "mkdirat" | "unlink" | "unlinkat" | "rename" | "renameat"
            | "renameat2" | "truncate" | "symlink" | "symlinkat" | "link" | "linkat" => {
                trace.writes.push(call.to_string());
            }
            // Threads, `<... resumed>` halves (the call was seen when it started), exits.
            _ => {}
        }
    }
    Some(trace)
}

#[test]
fn strace_sees_no_exec_no_fork_and_no_write() {
    let dir = tree(&[("Makefile", WRITERS.as_bytes())]);
    for (program, args) in every_mode() {
        let Some(trace) = strace(dir.path(), program, &args) else {
            return;
        };
        assert_eq!(
            trace.execs.len(),
            1,
            "{program} {args:?} runs something: {:?}",
            trace.execs
        );
        assert!(
            trace.execs[0].contains(program),
            "{program}: {:?}",
            trace.execs
        );
        assert!(
            trace.forks.is_empty(),
            "{program} {args:?}: {:?}",
            trace.forks
        );
        assert!(
            trace.writes.is_empty(),
            "{program} {args:?} writes: {:?}",
            trace.writes
        );
        assert_eq!(listing(dir.path()), ["Makefile"], "{program} {args:?}");
    }
}

/// `program args | head -c bytes` (or `head -1`): the tool's own exit status and stderr.
fn into_head(dir: &Path, program: &str, args: &[&str], head: &[&str]) -> (i32, String) {
    let mut tool = StdCommand::new(assert_cmd::cargo::cargo_bin(program));
    for key in USER_ENV {
        tool.env_remove(key);
    }
    let mut tool = tool
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tool starts");
    let head_status = StdCommand::new("head")
        .args(head)
        .stdin(tool.stdout.take().expect("piped stdout"))
        .stdout(Stdio::null())
        .status()
        .expect("head runs");
    assert!(head_status.success());
    let out = tool.wait_with_output().expect("tool ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn closed_pipe_after_the_first_line_or_byte_is_success() {
    let mut makefile = String::new();
    for i in 0..100_000 {
        writeln!(makefile, "target-{i}: ## the target number {i}").unwrap();
    }
    let dir = tree(&[("Makefile", makefile.as_bytes())]);
    for (program, args, head) in [
        ("make-help", vec!["--color=never"], vec!["-1"]),
        ("make-help", vec!["--color=always"], vec!["-c1"]),
        ("make-targets", vec![], vec!["-c1"]),
        ("make-targets", vec![], vec!["-1"]),
    ] {
        let (code, err) = into_head(dir.path(), program, &args, &head);
        assert_eq!(code, 0, "{program} | head {head:?}: {err}");
        assert_eq!(err, "", "{program} | head {head:?}");
    }
}
