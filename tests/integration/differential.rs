//! Differential test: for every fixture, `make-targets` must print exactly the targets GNU
//! make itself knows, read from make's database the way bash-completion's `_make` asks for it
//! (`make -npq .DEFAULT`, see "Summary of Options" in the GNU make manual). A fixture that make
//! cannot judge (`$(shell)`, `!=`, include cycles) carries its answer in `fixture.expected`.
//!
//! Both programs run in a scratch copy of the fixture, so nothing ever writes into `fixtures/`;
//! a fixture that makes make create or change a file (`make -n` still remakes a missing
//! included makefile) is reported as broken.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use crate::support::{fixture_dir, fixtures, targets_cmd};

/// Extra command-line arguments, one a line, given to make and to `make-targets`.
const ARGS_FILE: &str = "fixture.args";
/// `KEY=VALUE` lines, the whole environment (besides `PATH`) of make and `make-targets`.
const ENV_FILE: &str = "fixture.env";
/// The expected `make-targets` output, for fixtures GNU make cannot judge.
const EXPECTED_FILE: &str = "fixture.expected";

/// How long one program may take on one fixture before it counts as hung.
const TIMEOUT: Duration = Duration::from_secs(20);

/// make's special targets: they are in its database but are not something to `make`.
const SPECIAL_TARGETS: &[&str] = &[
    ".PHONY",
    ".SUFFIXES",
    ".DEFAULT",
    ".PRECIOUS",
    ".INTERMEDIATE",
    ".NOTINTERMEDIATE",
    ".SECONDARY",
    ".SECONDEXPANSION",
    ".DELETE_ON_ERROR",
    ".IGNORE",
    ".LOW_RESOLUTION_TIME",
    ".SILENT",
    ".EXPORT_ALL_VARIABLES",
    ".NOTPARALLEL",
    ".ONESHELL",
    ".POSIX",
    ".WAIT",
    ".DEFAULT_GOAL",
];

/// Origins make prints above each variable (`print_variable` in make's `variable.c`); the
/// line after one is a variable, possibly target-specific (`tgt: VAR = value`), not a rule.
const VARIABLE_ORIGINS: &[&str] = &[
    "# automatic",
    "# default",
    "# environment",
    "# makefile",
    "# command line",
    "# 'override' directive",
];

/// One entry of the `# Files` section of make's database.
#[derive(Debug, Default)]
struct FileEntry {
    name: String,
    /// Everything after the colon(s), order-only prerequisites included.
    prerequisites: String,
    not_a_target: bool,
    intermediate: bool,
    implicit_search_done: bool,
}

/// The names GNU make's database (the output of `make -p`) lists as targets.
///
/// A name counts when its entry in `# Files` is not marked `# Not a target:` and it is not a
/// pattern rule, a suffix rule (`.c` or `.c.o` over the final `.SUFFIXES`; make 4.3 ignores,
/// with a warning, the prerequisites of one) or a special target. Unlike bash-completion, an
/// entry marked intermediate is dropped only when make found it by implicit rule search:
/// `.SECONDARY:` with no prerequisites marks every file intermediate, and a rule named in
/// `.INTERMEDIATE` is still a rule one can run.
pub fn database_targets(database: &str) -> BTreeSet<String> {
    let entries = file_entries(database);
    let suffixes: Vec<&str> = entries
        .iter()
        .filter(|file| file.name == ".SUFFIXES")
        .flat_map(|file| file.prerequisites.split_whitespace())
        .collect();
    entries
        .iter()
        .filter(|file| !file.name.is_empty() && !file.not_a_target)
        .filter(|file| !(file.intermediate && file.implicit_search_done))
        .filter(|file| !file.name.contains('%'))
        .filter(|file| !SPECIAL_TARGETS.contains(&(&*file.name)))
        .filter(|file| !is_suffix_rule(&file.name, &suffixes))
        .map(|file| file.name.clone())
        .collect()
}

/// Splits the `# Files` section of the last database printed (make prints one more after it
/// re-executes itself for a remade makefile) into entries.
fn file_entries(database: &str) -> Vec<FileEntry> {
    let lines: Vec<&str> = database.lines().collect();
    let start = lines
        .iter()
        .rposition(|line| line.starts_with("# Make data base"))
        .unwrap_or(lines.len());
    let mut entries = Vec::new();
    let mut in_files = false;
    let mut current = FileEntry::default();
    let mut in_recipe = false;
    let mut recipe_continues = false;
    let mut variable_next = false;
    for &line in &lines[start..] {
        if !in_files {
            in_files = line == "# Files";
            continue;
        }
        if in_recipe && (line.starts_with('\t') || recipe_continues) {
            // A recipe line; one ending in a backslash carries on, unindented, on the next.
            recipe_continues = line.ends_with('\\');
            continue;
        }
        if line.is_empty() || line.starts_with("# files hash-table stats") {
            entries.push(std::mem::take(&mut current));
            in_recipe = false;
            variable_next = false;
            if line.is_empty() {
                continue;
            }
            break;
        }
        if variable_next {
            variable_next = false;
        } else if let Some(comment) = line.strip_prefix('#') {
            match comment {
                " Not a target:" => current.not_a_target = true,
                "  File is an intermediate prerequisite." => current.intermediate = true,
                "  Implicit rule search has been done." => current.implicit_search_done = true,
                _ if comment.starts_with("  recipe to execute") => in_recipe = true,
                _ => {
                    variable_next = VARIABLE_ORIGINS
                        .iter()
                        .any(|origin| line.starts_with(origin));
                }
            }
        } else if current.name.is_empty()
            && !line.starts_with('\t')
            && let Some((name, rest)) = split_rule_line(line)
        {
            name.clone_into(&mut current.name);
            rest.trim().clone_into(&mut current.prerequisites);
        }
    }
    entries
}

/// `name: prerequisites` or `name:: prerequisites`. make prints names unescaped, so a name may
/// hold a colon (`a\:b` in the makefile): the separator is the colon followed by the end of
/// the line, a space, or a second colon that is.
fn split_rule_line(line: &str) -> Option<(&str, &str)> {
    line.match_indices(':').find_map(|(at, _)| {
        let rest = &line[at + 1..];
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        (rest.is_empty() || rest.starts_with(' ')).then(|| (&line[..at], rest))
    })
}

/// `.c` or `.c.o` where every part is a known suffix.
fn is_suffix_rule(name: &str, suffixes: &[&str]) -> bool {
    suffixes.contains(&name)
        || name
            .match_indices('.')
            .skip(1)
            .any(|(at, _)| suffixes.contains(&&name[..at]) && suffixes.contains(&&name[at..]))
}

/// What one fixture asks for: its arguments, environment and, maybe, its expected output.
struct Fixture {
    args: Vec<String>,
    env: Vec<(String, String)>,
    expected: Option<BTreeSet<String>>,
}

impl Fixture {
    fn load(name: &str) -> Fixture {
        let dir = fixture_dir(name);
        let read = |file: &str| fs::read_to_string(dir.join(file)).ok();
        let args = read(ARGS_FILE)
            .map(|text| {
                text.lines()
                    .map(|line| line.trim_end_matches('\r'))
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let env = read(ENV_FILE)
            .map(|text| {
                text.lines()
                    .map(|line| line.trim_end_matches('\r'))
                    .filter(|line| !line.is_empty() && !line.starts_with('#'))
                    .map(|line| {
                        let (key, value) = line.split_once('=').unwrap_or_else(|| {
                            panic!("{name}/{ENV_FILE}: `{line}` is not KEY=VALUE")
                        });
                        (key.to_owned(), value.to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let expected = read(EXPECTED_FILE).map(|text| words(&text));
        Fixture {
            args,
            env,
            expected,
        }
    }
}

fn words(text: &str) -> BTreeSet<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// The names of `make-targets --format=lines`, one a line.
fn lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `PATH` only: make and `make-targets` see the fixture's environment and nothing else.
fn path_env() -> Vec<(String, String)> {
    std::env::var("PATH")
        .map(|path| vec![("PATH".to_owned(), path)])
        .unwrap_or_default()
}

/// GNU make is on `PATH` (as `make`).
fn gnu_make_available() -> bool {
    std::process::Command::new("make")
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).starts_with("GNU Make"))
}

/// Asks GNU make for its database in `dir` and extracts the targets from it.
fn make_targets_by_make(fixture: &Fixture, dir: &Path) -> Result<BTreeSet<String>, String> {
    let output = assert_cmd::Command::new("make")
        .env_clear()
        .envs(path_env())
        .envs(fixture.env.iter().cloned())
        .args(["-npq", ".DEFAULT"])
        .args(&fixture.args)
        .current_dir(dir)
        .timeout(TIMEOUT)
        .output()
        .map_err(|err| format!("cannot run make: {err}"))?;
    // make -q exits non-zero whenever something is out of date: only the database matters.
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !stdout
        .lines()
        .any(|line| line.starts_with("# Make data base"))
    {
        return Err(format!(
            "make printed no database (status {}); add `{EXPECTED_FILE}` if make cannot judge \
             this fixture\n{}",
            output.status,
            indent(&String::from_utf8_lossy(&output.stderr))
        ));
    }
    // make prints its database even when an error stops it halfway through the makefiles;
    // only "No rule to make target" (a missing include or `.DEFAULT`) comes after reading.
    let stderr = String::from_utf8_lossy(&output.stderr);
    if let Some(fatal) = stderr
        .lines()
        .find(|line| line.contains("*** ") && !line.contains("No rule to make target"))
    {
        return Err(format!(
            "make stopped reading the makefiles, so its database is partial: `{fatal}`; add \
             `{EXPECTED_FILE}` if this fixture is meant to break make"
        ));
    }
    Ok(database_targets(&stdout))
}

/// Runs `make-targets --format=FORMAT` in `dir` with the fixture's arguments and environment:
/// `words`, the one line `complete -W` reads, or `lines`, which also holds the names with
/// blanks.
fn run_make_targets(fixture: &Fixture, dir: &Path, format: &str) -> Output {
    targets_cmd()
        .env_clear()
        .envs(path_env())
        .envs(fixture.env.iter().cloned())
        .arg(format!("--format={format}"))
        .args(&fixture.args)
        .current_dir(dir)
        .timeout(TIMEOUT)
        .output()
        .expect("make-targets runs")
}

/// Checks one fixture; `Err` holds the report.
fn check(name: &str) -> Result<(), String> {
    let fixture = Fixture::load(name);
    let scratch = tempfile::tempdir().expect("temporary directory");
    copy_tree(&fixture_dir(name), scratch.path());
    let before = snapshot(scratch.path());

    let (expected, oracle) = if let Some(expected) = &fixture.expected {
        (expected.clone(), EXPECTED_FILE)
    } else {
        let targets = make_targets_by_make(&fixture, scratch.path())
            .map_err(|err| format!("fixture `{name}`: {err}\n"))?;
        let after = snapshot(scratch.path());
        if after != before {
            return Err(format!(
                "fixture `{name}`: make changed the fixture's files ({}); a fixture must \
                 not make make remake anything\n",
                changed_paths(&before, &after)
            ));
        }
        (targets, "make -npq .DEFAULT")
    };

    let output = run_make_targets(&fixture, scratch.path(), "words");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let actual = lines(&String::from_utf8_lossy(
        &run_make_targets(&fixture, scratch.path(), "lines").stdout,
    ));
    let mut problems = Vec::new();
    // Exit codes are the CLI's business; a panic, a signal or a timeout is always a bug.
    if output.status.code().is_none_or(|code| code == 101) {
        problems.push(format!("make-targets crashed or hung ({})", output.status));
    }
    let missing: Vec<&str> = expected.difference(&actual).map(String::as_str).collect();
    if !missing.is_empty() {
        problems.push(format!("missing from make-targets: {}", missing.join(" ")));
    }
    let extra: Vec<&str> = actual.difference(&expected).map(String::as_str).collect();
    if !extra.is_empty() {
        problems.push(format!("unexpected in make-targets: {}", extra.join(" ")));
    }
    let listed: Vec<&str> = stdout.split_whitespace().collect();
    if stdout.trim_end_matches('\n').contains('\n') {
        problems.push("output is not one line".to_owned());
    }
    if listed.windows(2).any(|pair| pair[0] >= pair[1]) {
        problems.push("output is not sorted and deduplicated".to_owned());
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut report = format!("fixture `{name}` (against {oracle}):\n");
    for problem in problems {
        let _ = writeln!(report, "  {problem}");
    }
    let _ = writeln!(report, "  make-targets exited with {}", output.status);
    if !stderr.trim().is_empty() {
        let _ = writeln!(report, "  make-targets stderr:\n{}", indent(&stderr));
    }
    Err(report)
}

fn indent(text: &str) -> String {
    text.lines().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "    | {line}");
        out
    })
}

/// Copies the fixture byte for byte (CRLF and BOM included) into the scratch directory.
fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("readable fixture") {
        let entry = entry.expect("readable fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            fs::create_dir_all(&target).expect("scratch directory");
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy into scratch directory");
        }
    }
}

/// Every file under `root` (relative path) with its contents.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.expect("readable scratch directory"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).expect("under root");
            let contents = fs::read(entry.path()).expect("readable scratch file");
            (relative.display().to_string(), contents)
        })
        .collect()
}

fn changed_paths(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .filter(|path| before.get(*path) != after.get(*path))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn make_targets_agrees_with_gnu_make_on_every_fixture() {
    let names = fixtures();
    let needs_make = names
        .iter()
        .any(|name| !fixture_dir(name).join(EXPECTED_FILE).exists());
    let have_make = gnu_make_available();
    if needs_make && !have_make {
        eprintln!("skipping: GNU make not found on PATH; only fixtures with {EXPECTED_FILE} run");
    }
    let failures: Vec<String> = names
        .iter()
        .filter(|name| have_make || fixture_dir(name).join(EXPECTED_FILE).exists())
        .filter_map(|name| check(name).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures disagree:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// The extractor on a hand-made database with each kind of entry it must tell apart.
#[test]
fn database_targets_reads_make_database_entries() {
    let database = "\
# GNU Make 4.3
# Make data base, printed on Thu Jan  1 00:00:00 1970
# Files

stale:
#  Implicit rule search has not been done.
# Finished Make data base on Thu Jan  1 00:00:00 1970
noise: printed by $(info) before the database
# Make data base, printed on Thu Jan  1 00:00:00 1970

# Variables

# makefile (from 'Makefile', line 1)
variable: VAR = not a target either
# Files

# Not a target:
.c.o:
#  Builtin rule
#  recipe to execute (built-in):
\t$(COMPILE.c) $(OUTPUT_OPTION) $<

.md.html:
#  recipe to execute (from 'Makefile', line 9):
\t@echo suffix rule over a declared suffix

.c.h: dep.h
#  recipe to execute (from 'Makefile', line 10):
\t@echo make 4.3 ignores the prerequisite of a suffix rule

.dist.zip:
#  recipe to execute (from 'Makefile', line 11):
\t@echo unknown suffixes: a plain target

build: clean | out
#  Phony target (prerequisite of .PHONY).
#  recipe to execute (from 'Makefile', line 3):
\t@echo one \\
fake: this line continues the recipe above
\t@echo two

# makefile (from 'Makefile', line 5)
only-var: VAR = x
# Not a target:
only-var:
#  Implicit rule search has not been done.

# makefile (from 'Makefile', line 6)
both: VAR := y
both:
# variable set hash-table stats:
# Load=1/32=3%, Rehash=0, Collisions=0/2=0%

dc:: x
#  recipe to execute (from 'Makefile', line 7):
\t@echo a

dc:: y

g1: src
#  Also makes: g2 g1

colon:name: x

chained.in: chained.src
#  Implicit rule search has been done.
#  File is an intermediate prerequisite.
# automatic
# @ := chained.in

declared-intermediate:
#  Implicit rule search has not been done.
#  File is an intermediate prerequisite.

.PHONY: build

.SUFFIXES: .c .o .h .md .html

# Not a target:
.DEFAULT:

%.o: %.c

# files hash-table stats:
# Load=1/1024=0%, Rehash=0, Collisions=0/1=0%
# VPATH Search Paths

after: the files section
";
    let targets: Vec<String> = database_targets(database).into_iter().collect();
    assert_eq!(
        targets,
        [
            ".dist.zip",
            "both",
            "build",
            "colon:name",
            "dc",
            "declared-intermediate",
            "g1"
        ]
    );
}

#[test]
fn split_rule_line_finds_the_separating_colon() {
    assert_eq!(split_rule_line("a: b c"), Some(("a", " b c")));
    assert_eq!(split_rule_line("a:"), Some(("a", "")));
    assert_eq!(split_rule_line("a:: b"), Some(("a", " b")));
    assert_eq!(split_rule_line("a:b: c"), Some(("a:b", " c")));
    assert_eq!(split_rule_line("no colon"), None);
}

/// The same comparison on real makefiles elsewhere on the machine, for a developer's sweep:
/// `MAKE_TOOLS_SWEEP=/path/to/Makefile:/other/GNUmakefile cargo test --test integration
/// sweep -- --ignored --nocapture`. Each makefile's directory is copied (files only, none
/// over 1 MB) so that make's remaking of included makefiles cannot touch the original.
#[test]
#[ignore = "runs only on the makefiles named in MAKE_TOOLS_SWEEP"]
fn sweep_real_makefiles() {
    let list = std::env::var("MAKE_TOOLS_SWEEP").unwrap_or_default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for makefile in list.split(':').filter(|p| !p.is_empty()) {
        let path = Path::new(makefile);
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            continue;
        };
        let scratch = tempfile::tempdir().expect("temporary directory");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let small = entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() < 1 << 20);
            if small {
                let _ = std::fs::copy(entry.path(), scratch.path().join(entry.file_name()));
            }
        }
        let fixture = Fixture {
            args: vec!["-f".to_owned(), name.to_string_lossy().into_owned()],
            env: Vec::new(),
            expected: None,
        };
        checked += 1;
        let by_make = match make_targets_by_make(&fixture, scratch.path()) {
            Ok(set) => set,
            Err(e) => {
                println!("skipped {makefile}: {}", e.lines().next().unwrap_or(""));
                continue;
            }
        };
        let output = run_make_targets(&fixture, scratch.path(), "lines");
        let ours = lines(&String::from_utf8_lossy(&output.stdout));
        if ours != by_make {
            let missing: Vec<_> = by_make.difference(&ours).collect();
            let extra: Vec<_> = ours.difference(&by_make).collect();
            failures.push(format!(
                "{makefile}:\n  missing: {missing:?}\n  unexpected: {extra:?}"
            ));
        }
    }
    println!("checked {checked} makefiles, {} differ", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
