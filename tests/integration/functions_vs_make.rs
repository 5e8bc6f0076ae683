//! Table tests of make's functions against GNU make itself: every case is an expression that
//! both GNU make and our reader evaluate in the same makefile, in the same scratch directory
//! (with files for `$(wildcard)`, `$(realpath)` and `$(file <)`), with the same environment and
//! command-line variables. All cases share one makefile so that make runs once:
//!
//! ```make
//! R7 := <expression>
//! $(info @@7@@$(R7)@@)
//! ```
//!
//! make's output is split at the markers; ours is the value of `R7` once the makefile is read.
//! Cases whose expression makes make stop (`$(word 0,...)`, `$(error)`) each get their own
//! makefile, and both programs must stop there: same message, same line, what was read before
//! kept. Functions that only make 4.4 has (`intcmp`, `let`) are skipped with an older make.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use make_tools::DiagnosticKind as Kind;
use make_tools::{Config, Makefile, RealFileSystem};

/// One expression case.
struct Case {
    /// Makefile lines read right before the expression (variables, `define`, `$(eval)`).
    setup: &'static str,
    expr: &'static str,
    /// The make version that has what the case uses.
    since: (u32, u32),
}

/// An expression alone.
const fn e(expr: &'static str) -> Case {
    Case {
        setup: "",
        expr,
        since: (4, 0),
    }
}

/// An expression after some makefile lines.
const fn s(setup: &'static str, expr: &'static str) -> Case {
    Case {
        setup,
        expr,
        since: (4, 0),
    }
}

/// An expression that needs make 4.4 (`intcmp`, `let`).
const fn v44(expr: &'static str) -> Case {
    Case {
        setup: "",
        expr,
        since: (4, 4),
    }
}

/// Variables every case may use.
const PREAMBLE: &str = "\
E :=
SPACE := $(E) $(E)
COMMA := ,
TAB := $(E)\t$(E)
define newline


endef
LIST := a b  c
SRCS := src/main.c lib/util.c README
NAME := LIST
f = <$(1)|$(2)|$(3)|$(0)>
rev = $(if $(1),$(call rev,$(wordlist 2,99,$(1))) $(firstword $(1)))
outer = $(1)+$(call inner,x)+$(1)$(2)
inner = [$(1)|$(2)]
simple_f := $(1)
recursive_f = $(1)!
map = $(foreach w,$(2),$(call $(1),$(w)))
wrap = <$(1)>
FROM_CMD := ignored
FROM_ENV2 := from-file
override OV := overridden
RV = recursive $(LIST)
SV ::= simple $(LIST)
define DV
one
two
endef
define DS :=
$(LIST)
endef
SH != echo from-shell
PAT := .c=.o
";

/// The expression cases, in the order they are read.
const CASES: &[Case] = &[
    // subst
    e("$(subst a,b,banana)"),
    e("$(subst an,AN,banana)"),
    e("$(subst a,b,a  a\ta)"),
    e("$(subst ,X,abc)"),
    e("$(subst a,,aaa)"),
    e("$(subst a,b,a,a)"),
    e("$(subst $(COMMA),$(SPACE),a,b,c)"),
    e("$(subst $(SPACE),-,$(LIST))"),
    e("[$(subst x,y,)]"),
    // patsubst
    e("$(patsubst %.c,%.o,$(SRCS))"),
    e("$(patsubst %.c,obj/%.o,a.c  b.c\tc.h)"),
    e("$(patsubst a,b,a  a   ab)"),
    e("$(patsubst %.c,,a.c x b.c)"),
    e("$(patsubst %.c,,x a.c)"),
    e("$(patsubst a%,%,a b)"),
    e("[$(patsubst ,x,)]"),
    e("[$(patsubst ,x,a b)]"),
    e("[$(patsubst ,x,a )]"),
    e("$(patsubst \\%a,x,%a b)"),
    e("$(patsubst %,[%],a b)"),
    e("$(patsubst src/%,%,$(SRCS))"),
    e("$(patsubst %,%.o,)"),
    e("$(patsubst %.c,%.o,%.c)"),
    // strip
    e("[$(strip  a  b  )]"),
    e("[$(strip a$(TAB)$(TAB)b$(newline)c )]"),
    e("[$(strip a,b)]"),
    e("[$(strip )]"),
    e("[$(strip $(SPACE)$(SPACE))]"),
    // findstring
    e("$(findstring an,banana)"),
    e("[$(findstring x,banana)]"),
    e("[$(findstring ,abc)]"),
    e("$(findstring a b,a b c)"),
    // filter, filter-out
    e("$(filter %.c %.h,a.c b.h c.o)"),
    e("$(filter a,a b a)"),
    e("$(filter-out %.c,a.c b.h c.o)"),
    e("$(filter a% %b,ab ba b a)"),
    e("$(filter-out a% %b,ab ba b a c)"),
    e("$(filter %.c \\%.h,a.c %.h b.h)"),
    e("[$(filter ,a b)]"),
    e("$(filter-out ,a b)"),
    e("$(filter %,a b)"),
    // sort
    e("$(sort c b a b)"),
    e("$(sort b B _ 1 a)"),
    e("[$(sort )]"),
    e("$(sort $(LIST) $(LIST))"),
    e("$(sort a.c a-c a_c a/c)"),
    // word, wordlist, words, firstword, lastword
    e("$(word 2,$(LIST))"),
    e("[$(word 9,$(LIST))]"),
    e("$(word 1, x y)"),
    e("$(word 3,a b c d)"),
    e("$(word 02,a b c)"),
    e("$(wordlist 2,3,a b  c d)"),
    e("$(wordlist 3,9,a b c)"),
    e("[$(wordlist 4,9,a b c)]"),
    e("[$(wordlist 3,2,a b c)]"),
    e("[$(wordlist 1,0,a b c)]"),
    e("$(wordlist 1,2,  a\tb c)"),
    e("$(words $(LIST))"),
    e("$(words )"),
    e("$(words a$(newline)b$(TAB)c)"),
    e("$(firstword  x y)"),
    e("[$(firstword )]"),
    e("$(lastword x y )"),
    e("[$(lastword )]"),
    e("$(lastword $(SRCS))"),
    // dir, notdir, suffix, basename
    e("$(dir a/b c a/ /x)"),
    e("$(dir src/main.c ./c ../d)"),
    e("[$(dir )]"),
    e("[$(notdir a/b c a/)]"),
    e("[$(notdir a/ b)]"),
    e("$(notdir $(SRCS))"),
    e("$(suffix a.c b a.b/c .x d.e.f)"),
    e("[$(suffix a.c/ .c)]"),
    e("[$(basename a.c b a.b/c .x d.e.f)]"),
    e("$(basename /a/b.c/.x archive.tar.gz)"),
    e("$(basename $(SRCS))"),
    e("$(suffix $(SRCS))"),
    // addsuffix, addprefix, join
    e("$(addsuffix .o,a b)"),
    e("$(addprefix -I,a  b)"),
    e("[$(addprefix x,)]"),
    e("$(addsuffix ,a b)"),
    e("$(addprefix $(SPACE),a b)"),
    e("$(join a b,1 2)"),
    e("$(join a b c,1)"),
    e("$(join a,1 2 3)"),
    e("[$(join ,)]"),
    // wildcard (the scratch directory's files, see `populate`)
    e("$(wildcard *.c)"),
    e("$(wildcard ./*.c)"),
    e("$(wildcard */x)"),
    e("$(wildcard */)"),
    e("$(wildcard b.c a.c nope.c b.c)"),
    e("$(wildcard sub/*.c sub/*.h)"),
    e("$(wildcard .*.c)"),
    e("$(wildcard [ab].c)"),
    e("$(wildcard ?.c)"),
    e("$(wildcard sub//*.c)"),
    e("[$(wildcard *.none)]"),
    e("$(wildcard */*.c)"),
    e("[$(wildcard \\*.c)]"),
    e("$(wildcard .*)"),
    e("$(wildcard sub/*/)"),
    e("$(wildcard a-b/../*.c)"),
    e("$(notdir $(wildcard $(CURDIR)/*.c))"),
    e("$(patsubst %.c,%.o,$(wildcard sub/*.c))"),
    e("$(wildcard a.c/.)"),
    // realpath, abspath
    e("$(notdir $(realpath a.c link.c nope.c))"),
    e("$(realpath sub/../a.c) $(CURDIR)"),
    e("$(realpath .)"),
    e("$(abspath a/../b ./c /x/../../y //a//b/ .)"),
    e("$(abspath /)"),
    e("$(patsubst $(CURDIR)/%,%,$(abspath sub/x.c ../$(notdir $(CURDIR))/a.c))"),
    // file (reading)
    e("$(file <notes.txt)"),
    e("[$(file <nope.txt)]"),
    e("$(file < notes.txt)"),
    e("$(words $(file <notes.txt))"),
    e("[$(file <notes.txt )]"),
    // if, or, and
    e("$(if x,yes,no)"),
    e("$(if ,yes,no)"),
    e("$(if  $(E) ,yes,no)"),
    e("[$(if $(SPACE),yes,no)]"),
    e("[$(if ,yes)]"),
    e("$(if ,a,b,c)"),
    e("$(if $(filter a,$(LIST)),found)"),
    e("$(if $(LIST),$(words $(LIST)),none)"),
    e("$(or , ,$(E) , x , y)"),
    e("[$(or ,$(E))]"),
    e("[$(or $(SPACE),x)]"),
    e("$(and a, b ,c )"),
    e("[$(and a,,c)]"),
    e("[$(and $(SPACE),x)]"),
    e("$(or $(filter z,$(LIST)),$(firstword $(LIST)))"),
    // foreach
    e("$(foreach x,$(LIST),<$(x)>)"),
    e("[$(foreach x,a b, )]"),
    e("[$(foreach x,,y)]"),
    e("$(foreach  v  w ,a b,[$(v)])"),
    e("$(foreach E,1,$(E))[$(E)]"),
    e("$(foreach v,a,$(origin v) $(flavor v))"),
    e("$(foreach a,1 2,$(foreach b,x y,$(a)$(b)))"),
    e("$(foreach n,$(LIST),$(eval FE_$(n) := $(n)$(n)))$(FE_a)$(FE_b)$(FE_c)"),
    e("$(call map,wrap,a b c)"),
    // call
    e("$(call f,a,b,c)"),
    e("$(call f,a)"),
    e("$(call f)"),
    e("$(call f, a , b )"),
    e("$(call rev,a b c)"),
    e("[$(call simple_f,x)]"),
    e("$(call recursive_f,x)"),
    e("[$(call nope,x)]"),
    e("$(call subst,a,b,aaa)"),
    e("[$(call error)]"),
    e("$(call if,,yes,$$(COMMA))"),
    e("$(call outer,a,b)"),
    e("$(call  f ,x)"),
    e("[$(call ,x)]"),
    e("$(call f,$(COMMA),(a,b))"),
    // value, origin, flavor
    e("$(value f)"),
    e("[$(value f )]"),
    e("$(value RV)"),
    e("$(value DV)"),
    e("[$(value NOPE)]"),
    e("$(origin LIST)"),
    e("$(origin NOPE)"),
    e("$(origin FROM_ENV)"),
    e("$(origin FROM_ENV2) $(FROM_ENV2)"),
    e("$(origin FROM_CMD) $(FROM_CMD)"),
    e("$(origin OV)"),
    e("$(origin CC) $(CC)"),
    e("$(origin @D)"),
    e("$(origin @)"),
    e("$(origin CURDIR)"),
    e("$(origin MAKEFILE_LIST)"),
    e("$(origin MAKE_VERSION)"),
    e("$(origin .FEATURES)"),
    e("$(origin SHELL) $(SHELL)"),
    e("$(origin MAKELEVEL) $(MAKELEVEL)"),
    e("$(origin MAKEFILES)"),
    e("$(origin MAKECMDGOALS)"),
    e("$(origin MAKE) $(flavor MAKE)"),
    e("$(flavor RV) $(flavor SV) $(flavor DV) $(flavor DS) $(flavor SH) $(flavor NOPE)"),
    e("$(flavor f) $(flavor CC)"),
    e("$(DS)|$(SV)|$(RV)"),
    // variable references
    e("$(SRCS:.c=.o)"),
    e("$(SRCS:%.c=obj/%.o)"),
    e("${SRCS:.c=}"),
    e("$(SRCS:$(PAT))"),
    e("$($(NAME))"),
    e("$(LIST:a=)"),
    e("[$(NOPE:a=b)]"),
    e("a$$b"),
    e("[$(a(b)c)]"),
    e("[$(info)]"),
    e("[$(guile x)]"),
    e("$(if ,${a,b},c)"),
    e("$(subst (a),[a],x(a)y)"),
    e("$(words $(MAKEFILE_LIST)) $(MAKEFILE_LIST)"),
    e("$(dir $(lastword $(MAKEFILE_LIST)))"),
    e("$(patsubst $(dir $(CURDIR))%,%,$(CURDIR))"),
    e("$(filter second-expansion else-if,$(.FEATURES))"),
    // eval
    e("$(eval EV1 := one)$(EV1)"),
    s(
        "define mkvar\n$(1) := $(2)\n$$(eval $(1)_again := $(2)$(2))\nendef\n\
         $(foreach v,EV3 EV4,$(eval $(call mkvar,$(v),val-$(v))))",
        "$(EV3) $(EV4) $(EV3_again) $(EV4_again)",
    ),
    s(
        "define TWO_LINES\nEV5 := first\nEV6 = $$(EV5)-second\nendef\n$(eval $(TWO_LINES))",
        "$(EV6) $(flavor EV6)",
    ),
    e("$(eval ifdef EV5$(newline)EV7 := yes$(newline)endif)$(EV7)"),
    e("$(eval EV8 = $$(EV1)$$(EV1))$(value EV8)"),
    e("$(eval EV9 := a)$(eval EV9 += b)$(EV9)"),
    s(
        "template = $(1)_OBJ := $$(patsubst %.c,%.o,$(2))\n\
         $(eval $(call template,prog,main.c util.c))",
        "$(prog_OBJ)",
    ),
    s(
        "define deep\n$$(eval EVD_$(1) := $(1))\nendef\n$(foreach i,1 2,$(eval $(call deep,$(i))))",
        "$(EVD_1)$(EVD_2)",
    ),
    e("[$(eval)]"),
    // info and warning expand to nothing
    e("[$(info printed)]"),
    e("[$(warning warned)]"),
    // make 4.4
    v44("$(intcmp 1,2,lt,eq,gt)"),
    v44("$(intcmp 2,2,lt,eq,gt)"),
    v44("$(intcmp 3,2,lt,eq,gt)"),
    v44("$(intcmp 3,2,lt,eq)"),
    v44("$(intcmp 007,7)"),
    v44("[$(intcmp 1,7)]"),
    v44("$(let a b,1 2 3 ,[$(a)][$(b)])"),
    v44("$(let a b c,1,[$(a)][$(b)][$(c)])"),
    v44("$(let LIST,x,$(LIST))[$(LIST)]"),
    // Last: make writes this file, we do not.
    e("[$(file >zz-written.out,hello)]"),
];

/// A case where make stops: the lines, the message make prints (after `*** `, before
/// `.  Stop.`), whether make 4.4 and we word it alike with this make, and the line. make
/// names the line of the variable being expanded, where there is one; we name the line being
/// read (`our_line`).
struct Fatal {
    lines: &'static str,
    message: &'static str,
    same_words: bool,
    line: u32,
    our_line: u32,
}

const FATAL: &[Fatal] = &[
    Fatal {
        lines: "R := $(word 0,a b)",
        message: "first argument to 'word' function must be greater than 0",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(word x,a b)",
        message: "invalid first argument to 'word' function: 'x'",
        same_words: false,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(wordlist 0,1,a)",
        message: "invalid first argument to 'wordlist' function: '0'",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(subst a,b)",
        message: "insufficient number of arguments (2) to function 'subst'",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(foreach x,a)",
        message: "insufficient number of arguments (2) to function 'foreach'",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(if a)",
        message: "insufficient number of arguments (1) to function 'if'",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "\nR := $(error  boom , x)",
        message: "boom , x",
        same_words: true,
        line: 3,
        our_line: 3,
    },
    Fatal {
        lines: "X = a $(X)\nR := $(X)",
        message: "Recursive variable 'X' references itself (eventually)",
        same_words: true,
        line: 2,
        our_line: 3,
    },
    Fatal {
        lines: "R := $(strip a",
        message: "unterminated call to function 'strip': missing ')'",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := ${X",
        message: "unterminated variable reference",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(file x)",
        message: "file: invalid file operation: x",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(file <a,b)",
        message: "file: too many arguments",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "R := $(eval $$(error in eval))",
        message: "in eval",
        same_words: true,
        line: 2,
        our_line: 2,
    },
    Fatal {
        lines: "fn = $(error in call $(1))\nR := $(call fn,x)",
        message: "in call x",
        same_words: true,
        line: 3,
        our_line: 3,
    },
];

const TIMEOUT: Duration = Duration::from_secs(30);

/// The environment both programs see, besides `PATH`.
const ENVIRONMENT: &[(&str, &str)] = &[("FROM_ENV", "env-value"), ("FROM_ENV2", "env-value")];
/// Command-line variables both programs get.
const COMMAND_LINE: &[&str] = &["FROM_CMD=cmd-value"];

/// The installed GNU make's version, if there is one.
fn make_version() -> Option<(u32, u32)> {
    let out = std::process::Command::new("make")
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.lines().next()?.strip_prefix("GNU Make ")?;
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
}

/// Files for `$(wildcard)`, `$(realpath)` and `$(file <)`.
fn populate(dir: &Path) {
    for name in [
        "a.c",
        "b.c",
        "B.c",
        "_z.c",
        ".hidden.c",
        "sub/x.c",
        "sub/y.h",
        "sub/deeper/z.c",
        "a-b/x",
        "a/x",
    ] {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("scratch directory");
        fs::write(&path, "").expect("scratch file");
    }
    fs::write(dir.join("notes.txt"), "line 1\nline 2\n").expect("scratch file");
    std::os::unix::fs::symlink("a.c", dir.join("link.c")).expect("symlink");
}

fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = fs::canonicalize(dir.path()).expect("canonical scratch path");
    (dir, path)
}

fn run_make(dir: &Path) -> Output {
    assert_cmd::Command::new("make")
        .env_clear()
        .envs(std::env::var("PATH").map(|p| ("PATH".to_string(), p)))
        .envs(ENVIRONMENT.iter().copied())
        .args(["-f", "Makefile"])
        .args(COMMAND_LINE)
        .current_dir(dir)
        .timeout(TIMEOUT)
        .output()
        .expect("make runs")
}

fn read_ours(dir: &Path) -> Makefile {
    let mut environment: Vec<(String, String)> = ENVIRONMENT
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    if let Ok(path) = std::env::var("PATH") {
        environment.push(("PATH".to_string(), path));
    }
    let config = Config {
        cwd: dir.to_path_buf(),
        makefiles: vec!["Makefile".into()],
        environment,
        command_line_variables: COMMAND_LINE.iter().map(ToString::to_string).collect(),
        ..Config::default()
    };
    make_tools::load(&config, &RealFileSystem::default()).expect("our reader reads the makefile")
}

/// The text make printed between `@@{i}@@` and the next `@@` at the end of a line.
fn make_value(stdout: &str, i: usize) -> Option<&str> {
    let marker = format!("@@{i}@@");
    let start = stdout.find(&marker)? + marker.len();
    let end = stdout[start..].find("@@\n")?;
    Some(&stdout[start..start + end])
}

#[test]
fn functions_agree_with_gnu_make() {
    let Some(version) = make_version() else {
        eprintln!("skipping: GNU make not found on PATH");
        return;
    };
    let (_guard, dir) = scratch();
    populate(&dir);
    let cases: Vec<(usize, &Case)> = CASES
        .iter()
        .enumerate()
        .filter(|(_, case)| case.since <= version)
        .collect();
    let skipped = CASES.len() - cases.len();
    if skipped > 0 {
        eprintln!(
            "skipping {skipped} cases that need a newer make than {}.{}",
            version.0, version.1
        );
    }
    let mut makefile = String::from(PREAMBLE);
    for (i, case) in &cases {
        if !case.setup.is_empty() {
            let _ = writeln!(makefile, "{}", case.setup);
        }
        let _ = writeln!(makefile, "R{i} := {}\n$(info @@{i}@@$(R{i})@@)", case.expr);
    }
    makefile.push_str("all: ; @:\n");
    fs::write(dir.join("Makefile"), &makefile).expect("write makefile");

    let output = run_make(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "make failed on the cases: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ours = read_ours(&dir);
    let problems: Vec<_> = ours
        .diagnostics
        .iter()
        .filter(|d| matches!(d.kind, Kind::Expansion | Kind::Syntax | Kind::Stop))
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "our reader complained: {problems:#?}");

    let mut failures = Vec::new();
    for (i, case) in &cases {
        let want = make_value(&stdout, *i).unwrap_or_else(|| panic!("no output for case {i}"));
        let got = ours
            .variable(&format!("R{i}"))
            .map_or("<undefined>", |v| &v.value);
        if got != want {
            failures.push(format!(
                "  {}\n    make: {want:?}\n    ours: {got:?}",
                case.expr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from GNU make {}.{}:\n{}",
        failures.len(),
        cases.len(),
        version.0,
        version.1,
        failures.join("\n")
    );
    assert!(cases.len() >= 150, "only {} cases ran", cases.len());
}

/// Where make stops, we stop reading the file, with the same message at the same line, and
/// what was read before is kept.
#[test]
fn fatal_errors_stop_where_make_stops() {
    let Some(version) = make_version() else {
        eprintln!("skipping: GNU make not found on PATH");
        return;
    };
    let mut failures = Vec::new();
    for fatal in FATAL {
        let (_guard, dir) = scratch();
        let text = format!(
            "BEFORE := kept\n{}\nAFTER := lost\nall: ; @:\n",
            fatal.lines
        );
        fs::write(dir.join("Makefile"), &text).expect("write makefile");
        let output = run_make(&dir);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = format!("Makefile:{}: *** {}.  Stop.", fatal.line, fatal.message);
        let make_agrees = stderr.lines().any(|line| line == expected);
        if output.status.success() || (!make_agrees && (version >= (4, 4) || fatal.same_words)) {
            failures.push(format!(
                "{:?}: make did not stop with `{expected}`:\n{stderr}",
                fatal.lines
            ));
        }
        let ours = read_ours(&dir);
        let stopped = ours.diagnostics.iter().find(|d| {
            d.location == Some(("Makefile".to_string(), fatal.our_line))
                && d.message
                    .strip_prefix("error: ")
                    .unwrap_or(&d.message)
                    .eq_ignore_ascii_case(fatal.message)
        });
        if stopped.is_none() {
            failures.push(format!(
                "{:?}: we did not report `{}` at line {}: {:?}",
                fatal.lines,
                fatal.message,
                fatal.our_line,
                ours.diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            ));
        }
        if ours.variable("BEFORE").is_none() || ours.variable("AFTER").is_some() {
            failures.push(format!(
                "{:?}: we did not stop reading at the error",
                fatal.lines
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `$(warning)` and `$(info)` are recorded where make prints them, and do not stop.
#[test]
fn warnings_and_info_are_recorded_with_their_line() {
    let Some(_) = make_version() else {
        eprintln!("skipping: GNU make not found on PATH");
        return;
    };
    let (_guard, dir) = scratch();
    let text = "X := 1\n$(warning careful $(X))\n$(info  told )\nall: ; @:\n";
    fs::write(dir.join("Makefile"), text).expect("write makefile");
    let output = run_make(&dir);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "Makefile:2: careful 1\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "told \n");
    let ours = read_ours(&dir);
    let messages: Vec<String> = ours
        .diagnostics
        .iter()
        .filter(|d| d.kind == Kind::Message)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        ["Makefile:2: warning: careful 1", "Makefile:3: info: told "]
    );
    assert!(ours.target("all").is_some());
}
