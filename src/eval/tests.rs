use super::*;
use crate::config::Config;
use crate::model::Flavor;
use crate::model::Target;
use crate::source::FileKind;
use crate::source::ahead::pieces::PIECE_BYTES;
use std::fmt::Write as _;
use std::path::Path;

/// Files held in memory, under `/work`.
struct Files(Vec<(&'static str, &'static str)>);

impl FileSystem for Files {
    fn kind(&self, path: &Path) -> std::io::Result<FileKind> {
        if self
            .0
            .iter()
            .any(|(name, _)| Path::new("/work").join(name) == path)
        {
            Ok(FileKind::Regular)
        } else if path == Path::new("/work") {
            Ok(FileKind::Directory)
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.0
            .iter()
            .find(|(name, _)| Path::new("/work").join(name) == path)
            .map(|(_, text)| text.as_bytes().to_vec())
            .ok_or_else(|| std::io::ErrorKind::NotFound.into())
    }
    fn glob(&self, _: &str) -> Vec<PathBuf> {
        Vec::new()
    }
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        Some(path.to_path_buf())
    }
}

/// Reads `Makefile` from the files, with a work budget.
fn read_with(files: Vec<(&'static str, &'static str)>, max_work: u64) -> Makefile {
    read_detail(files, max_work, Detail::Everything)
}

/// Reads `Makefile` from the files, recording `detail`.
fn read_detail(
    files: Vec<(&'static str, &'static str)>,
    max_work: u64,
    detail: Detail,
) -> Makefile {
    let fs = Files(files);
    let config = Config {
        cwd: PathBuf::from("/work"),
        detail,
        ..Config::default()
    };
    let workspace = Workspace::new(&config, &fs).expect("workspace");
    let source = InPlace(&fs);
    let mut reader = Reader::new(&config, &workspace, &source);
    reader.max_work = max_work;
    reader.read_main("Makefile").expect("main makefile");
    reader.finish()
}

fn read(text: &'static str) -> Makefile {
    read_with(vec![("Makefile", text)], MAX_WORK)
}

fn messages(makefile: &Makefile) -> Vec<String> {
    makefile
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn value<'m>(makefile: &'m Makefile, name: &str) -> Option<&'m str> {
    makefile.variable(name).map(|v| &*v.value)
}

#[test]
fn targets_from_undecided_branches_are_conditional() {
    let makefile = read(
        "ifeq ($(shell uname),Linux)\n\
             linux-only: ; @:\n\
             both: ; @:\n\
             else\n\
             other-only: ; @:\n\
             endif\n\
             both: ; @:\n\
             always: ; @:\n",
    );
    assert_eq!(
        makefile.target_names(),
        ["always", "both", "linux-only", "other-only"]
    );
    let conditional = |name: &str| makefile.target(name).expect(name).is_conditional();
    assert!(conditional("linux-only"));
    assert!(conditional("other-only"));
    assert!(!conditional("both"), "also defined outside the branch");
    assert!(!conditional("always"));
    let both = makefile.target("both").expect("both");
    assert_eq!(
        both.definitions()
            .map(crate::model::RuleLine::conditional)
            .collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn undecided_ifdef_of_a_shell_variable_reads_both_branches() {
    let makefile = read(
        "V != git describe\n\
             ifdef V\nwith: ; @:\nelse\nwithout: ; @:\nendif\n",
    );
    assert_eq!(makefile.target_names(), ["with", "without"]);
    assert!(makefile.targets.iter().all(Target::is_conditional));
}

#[test]
fn error_stops_the_file_and_keeps_what_was_read() {
    let makefile = read("before: ; @:\nA := 1\n$(error  stop here )\nafter: ; @:\nB := 2\n");
    assert_eq!(makefile.target_names(), ["before"]);
    assert_eq!(value(&makefile, "A"), Some("1"));
    assert_eq!(value(&makefile, "B"), None);
    assert_eq!(messages(&makefile), ["Makefile:3: error: stop here "]);
}

#[test]
fn error_in_an_included_file_stops_only_that_file() {
    let makefile = read_with(
        vec![
            ("Makefile", "include inc.mk\nafter: ; @:\n"),
            ("inc.mk", "inc-before: ; @:\n$(error no)\ninc-after: ; @:\n"),
        ],
        MAX_WORK,
    );
    assert_eq!(makefile.target_names(), ["after", "inc-before"]);
}

#[test]
fn error_inside_eval_stops_the_file_and_the_line() {
    let makefile = read("X := $(eval $$(error in eval))kept\nY := 1\n");
    assert_eq!(value(&makefile, "X"), None);
    assert_eq!(value(&makefile, "Y"), None);
    assert_eq!(messages(&makefile), ["Makefile:1: error: in eval"]);
}

#[test]
fn error_in_an_undecided_branch_does_not_stop() {
    let makefile = read("ifneq ($(shell uname),Linux)\n$(error unsupported)\nendif\nafter: ; @:\n");
    assert_eq!(makefile.target_names(), ["after"]);
    let text = messages(&makefile).join("\n");
    assert!(text.contains("error: unsupported"), "{text}");
    assert!(
        text.contains("make stops here if this branch is taken"),
        "{text}"
    );
}

#[test]
fn error_behind_an_unknown_if_is_not_reached() {
    let makefile = read("$(if $(shell which docker),,$(error docker is required))\nafter: ; @:\n");
    assert_eq!(makefile.target_names(), ["after"]);
}

#[test]
fn fatal_function_errors_stop_like_error() {
    let makefile = read("a: ; @:\nX := $(word 0,a b)\nb: ; @:\n");
    assert_eq!(makefile.target_names(), ["a"]);
    assert_eq!(
        messages(&makefile),
        ["Makefile:2: first argument to 'word' function must be greater than 0"]
    );
}

#[test]
fn self_referencing_variable_is_diagnosed() {
    let makefile = read("X = $(X) more\nall: ; @:\nY := $(X)\nlater: ; @:\n");
    assert_eq!(
        messages(&makefile),
        ["Makefile:3: recursive variable 'X' references itself (eventually)"]
    );
    assert_eq!(makefile.target_names(), ["all"]);
}

#[test]
fn exponential_references_end_with_a_diagnostic() {
    let mut text = String::from("X0 :=\n");
    for i in 1..=40 {
        let p = i - 1;
        let _ = writeln!(text, "X{i} = $(X{p})$(X{p})");
    }
    text.push_str("Y := $(X40)\nkept: ; @:\n");
    let makefile = read_with(
        vec![("Makefile", Box::leak(text.into_boxed_str()))],
        100_000,
    );
    assert_eq!(makefile.target_names(), ["kept"]);
    let text = messages(&makefile).join("\n");
    assert!(text.contains("more than 100000 expansion steps"), "{text}");
}

#[test]
fn exponential_eval_ends_with_a_diagnostic() {
    let makefile = read_with(
        vec![(
            "Makefile",
            "define f\n\
                 $$(if $$(filter 40,$$(words $(1))),,$$(eval $$(call f,$(1) x))$$(eval $$(call f,$(1) x)))\n\
                 endef\n\
                 $(eval $(call f,x))\n\
                 kept: ; @:\n",
        )],
        100_000,
    );
    assert_eq!(makefile.target_names(), ["kept"]);
    assert!(messages(&makefile).join("\n").contains("expansion steps"));
}

#[test]
fn endless_eval_recursion_ends_with_a_diagnostic() {
    let makefile = read("define f\n$$(eval $$(call f))\nendef\n$(eval $(call f))\nkept: ; @:\n");
    assert_eq!(makefile.target_names(), ["kept"]);
    let text = messages(&makefile).join("\n");
    assert!(text.contains("deeper than"), "{text}");
}

#[test]
fn eval_of_unknown_text_keeps_only_what_is_known() {
    // make: `lib-<value>`, `built-<word>` and `known`; the names built
    // from the value not evaluated are left out, never shown as `lib-`.
    let makefile = read(
        "V := $(shell git describe)\n\
             $(eval W := $(V))\n\
             $(eval lib-$(V):)\n\
             $(eval built-$(firstword $(shell ls)) known: ; @:)\n\
             $(eval K := known-$(V)-)\n",
    );
    assert!(makefile.variable("W").is_some_and(|v| v.unknown));
    assert!(
        makefile
            .variable("K")
            .is_some_and(|v| v.unknown && !v.value.contains('\u{FDD0}'))
    );
    assert_eq!(makefile.target_names(), ["known"]);
    assert!(!makefile.target("known").expect("known").is_conditional());
}

#[test]
fn unknown_words_of_foreach_are_unknown_one_by_one() {
    let makefile = read(
        "V := $(shell git describe)\n\
             $(foreach t,a b$(V) c,$(eval x-$(word 1,$t):))\n\
             L := $(foreach t,a b$(V),<$t>)\n",
    );
    assert_eq!(makefile.target_names(), ["x-a", "x-c"]);
    assert!(makefile.variable("L").is_some_and(|v| v.unknown));
}

#[test]
fn assignments_in_undecided_branches_are_unknown() {
    let makefile = read(
        "ifeq ($(shell git config os),Linux)\n\
             T = linux\n\
             else\n\
             T = windows\n\
             endif\n\
             ifeq ($(T),windows)\n\
             a.zip:\n\
             else\n\
             a.tgz:\n\
             endif\n\
             b-$(T):\n",
    );
    assert!(makefile.variable("T").is_some_and(|v| v.unknown));
    assert_eq!(makefile.target_names(), ["a.tgz", "a.zip"]);
    assert!(makefile.targets.iter().all(Target::is_conditional));
}

#[test]
fn messages_of_undecided_branches_are_not_warnings() {
    let makefile = read(
        "ifeq ($(shell git config os),Windows)\n\
             $(error Unable to detect platform)\n\
             \trecipe before a target\n\
             include missing.mk\n\
             endif\n\
             include also-missing.mk\n",
    );
    let warnings: Vec<String> = makefile
        .diagnostics
        .iter()
        .filter(|d| d.is_warning())
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["Makefile:6: also-missing.mk: No such file or directory"]
    );
    assert!(makefile.diagnostics.iter().any(|d| d.may_not_apply
        && d.to_string()
            == "Makefile:2: error: Unable to detect platform (in a branch that may not be taken)"));
}

#[test]
fn a_pattern_in_phony_is_not_a_target() {
    let makefile = read(".PHONY: all img-%\nimg-%: ; @:\nall:\n");
    assert_eq!(makefile.target_names(), ["all"]);
}

#[test]
fn templates_through_foreach_call_and_eval() {
    let makefile = read(
        "APPS := api web\n\
             define app_rules\n\
             run-$(1): build-$(1) ; @:\n\
             build-$(1): ; @:\n\
             $(1)_DIR := apps/$(1)\n\
             endef\n\
             $(foreach a,$(APPS),$(eval $(call app_rules,$(a))))\n\
             dirs: $(api_DIR) $(web_DIR)\n",
    );
    assert_eq!(
        makefile.target_names(),
        ["build-api", "build-web", "dirs", "run-api", "run-web"]
    );
    assert_eq!(
        makefile
            .target("dirs")
            .expect("dirs")
            .prerequisites()
            .join(" "),
        "apps/api apps/web"
    );
    assert!(makefile.targets.iter().all(|t| !t.is_conditional()));
}

#[test]
fn target_specific_simple_values_are_expanded_when_read() {
    let makefile = read(
        "all: X := $(eval A := 1)
             all: Y = $(eval B := 2)
             $(eval T := t)$(T): Z := 3
             all: ; @:
",
    );
    assert_eq!(value(&makefile, "A"), Some("1"));
    assert_eq!(value(&makefile, "B"), None);
    assert_eq!(value(&makefile, "T"), Some("t"));
    assert_eq!(makefile.target_names(), ["all"]);
}

#[test]
fn shell_status_is_unknown_after_a_shell() {
    let makefile = read(
        "X := $(shell false)
             ifeq ($(.SHELLSTATUS),0)
ok: ; @:
else
failed: ; @:
endif
",
    );
    assert!(makefile.targets.iter().all(Target::is_conditional));
    assert_eq!(makefile.target_names(), ["failed", "ok"]);
}

#[test]
fn variables_lists_the_variable_names() {
    let makefile = read(
        "CONFIG_A := 1
CONFIG_B := 2
             $(foreach v,$(filter CONFIG_%,$(.VARIABLES)),$(eval use-$(v): ; @:))
",
    );
    assert_eq!(makefile.target_names(), ["use-CONFIG_A", "use-CONFIG_B"]);
}

#[test]
fn error_in_an_include_line_reads_nothing_more() {
    let makefile = read_with(
        vec![
            (
                "Makefile",
                "include inc.mk $(error stop)
",
            ),
            (
                "inc.mk",
                "from-inc: ; @:
",
            ),
        ],
        MAX_WORK,
    );
    assert_eq!(makefile.target_names(), Vec::<&str>::new());
}

#[test]
fn make_variables_as_make_defines_them() {
    let makefile = read_with(
        vec![
            (
                "Makefile",
                "include inc.mk\nX := $(origin CC) $(CC) $(flavor MAKE) $(origin MAKECMDGOALS)\n",
            ),
            ("inc.mk", "L := $(MAKEFILE_LIST)\n"),
        ],
        MAX_WORK,
    );
    assert_eq!(value(&makefile, "L"), Some("Makefile inc.mk"));
    assert_eq!(
        value(&makefile, "X"),
        Some("default cc recursive undefined")
    );
    assert_eq!(value(&makefile, "CURDIR"), Some("/work"));
}

#[test]
fn include_path_from_makefile_list() {
    let makefile = read_with(
        vec![
            ("Makefile", "include sub/inner.mk\n"),
            (
                "sub/inner.mk",
                "include $(dir $(lastword $(MAKEFILE_LIST)))x.mk\n",
            ),
            ("sub/x.mk", "from-x: ; @:\n"),
        ],
        MAX_WORK,
    );
    assert_eq!(makefile.target_names(), ["from-x"]);
}

#[test]
fn makefile_list_grows_as_files_are_read() {
    // Checked against GNU make 4.3.
    let makefile = read_with(
        vec![
            (
                "Makefile",
                "include a.mk\n\
                     Y := $(MAKEFILE_LIST)\n\
                     MAKEFILE_LIST += extra\n\
                     include b.mk\n\
                     ifdef MAKEFILE_LIST\n\
                     D := yes\n\
                     endif\n\
                     F := $(flavor MAKEFILE_LIST) $(origin MAKEFILE_LIST)\n",
            ),
            ("a.mk", "X := $(MAKEFILE_LIST)\n"),
            ("b.mk", "Z := $(MAKEFILE_LIST)\n"),
        ],
        MAX_WORK,
    );
    assert_eq!(value(&makefile, "X"), Some("Makefile a.mk"));
    assert_eq!(value(&makefile, "Y"), Some("Makefile a.mk"));
    assert_eq!(value(&makefile, "Z"), Some("Makefile a.mk extra b.mk"));
    assert_eq!(value(&makefile, "D"), Some("yes"));
    assert_eq!(value(&makefile, "F"), Some("simple file"));
    assert_eq!(
        value(&makefile, "MAKEFILE_LIST"),
        Some("Makefile a.mk extra b.mk")
    );
}

/// Every level of detail reads the same targets and has the same side
/// effects: prerequisites that are not kept are still expanded when their
/// expansion may do something.
#[test]
fn names_only_reading_keeps_the_side_effects_of_prerequisites() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        // (makefile, targets, messages)
        ("a: $(eval b: ; )\n", &["a", "b"], &[]),
        ("E = $(eval c: ; )\na: $(E)\n", &["a", "c"], &[]),
        ("E = $(eval c: ; )\na: | x $(E)\n", &["a", "c"], &[]),
        ("F = $(E)\nE = $(eval d: ; )\na: ${F}\n", &["a", "d"], &[]),
        (
            "a: $(error stop here)\nb:\n",
            &[],
            &["Makefile:1: error: stop here"],
        ),
        // Plain references, simple values, `$$`, undefined names: nothing
        // happens, nothing is lost.
        (
            "S := $$(eval x: ; )\nD = src\na: $(S) $(D)/a.c $$@ $(U) $@\nb: a\n",
            &["a", "b"],
            &[],
        ),
        ("a: $(patsubst %.c,%.o,$(eval p: ; ))\n", &["a", "p"], &[]),
        ("a: $(D:%=$(eval q: ; ))\nD = x\n", &["a", "q"], &[]),
        ("D = x\na: $(D:%=$(eval q: ; ))\n", &["a", "q"], &[]),
    ];
    for (text, want, messages_want) in cases {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        for detail in [Detail::Names, Detail::Docs, Detail::Everything] {
            let makefile = read_detail(vec![("Makefile", text)], MAX_WORK, detail);
            assert_eq!(makefile.target_names(), *want, "{text:?} at {detail:?}");
            let got: Vec<String> = messages(&makefile)
                .into_iter()
                .filter(|m| !m.contains("warning"))
                .collect();
            assert_eq!(got, *messages_want, "{text:?} at {detail:?}");
        }
    }
}

#[test]
fn names_only_reading_records_no_details() {
    let text = "## doc\na: b c | d ## inline\n.PHONY: a\n";
    let names = read_detail(vec![("Makefile", text)], MAX_WORK, Detail::Names);
    let a = names.target("a").expect("a");
    assert!(a.phony() && a.prerequisites().is_empty() && a.definitions().next().is_none());
    let docs = read_detail(vec![("Makefile", text)], MAX_WORK, Detail::Docs);
    let a = docs.target("a").expect("a");
    assert!(a.prerequisites().is_empty() && a.order_only().is_empty());
    let rule = a.definitions().next().expect("a rule line");
    assert_eq!(rule.comment_above().iter().collect::<Vec<_>>(), ["## doc"]);
    assert_eq!(rule.inline_comment(), Some("## inline"));
    let all = read(text);
    let a = all.target("a").expect("a");
    assert_eq!(a.prerequisites().join(" "), "b c");
    assert_eq!(a.order_only().join(" "), "d");
}

/// A file bigger than a piece is read a piece at a time, with the same
/// result as a small one: lines continued, `define` bodies and skipped
/// branches across the cuts, and line numbers after them.
#[test]
fn a_file_read_in_pieces_reads_as_a_whole() {
    let mut text = String::new();
    let mut lines = 0u32;
    let mut expected = Vec::new();
    let mut n = 0;
    while text.len() < 3 * PIECE_BYTES {
        if n % 5_000 == 2_500 {
            // Blocks that straddle a cut at some point.
            text.push_str("define BODY\n");
            for i in 0..2_000 {
                let _ = writeln!(text, "fake{i}: rule in a define body");
            }
            text.push_str("endef\nifeq (a,b)\n");
            for i in 0..2_000 {
                let _ = writeln!(text, "skipped{i}: in a branch not taken");
            }
            text.push_str("endif\n");
            lines += 4_004;
        }
        let _ = write!(text, "t{n}: \\\n    dep{n} \\\n    other\n");
        lines += 3;
        expected.push((format!("t{n}"), lines - 2));
        n += 1;
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    let makefile = read(text);
    assert!(makefile.diagnostics.is_empty(), "{:?}", messages(&makefile));
    assert_eq!(makefile.targets.len(), expected.len());
    for (target, (name, line)) in makefile.targets.iter().zip(&expected) {
        assert_eq!(target.name(), *name);
        let rule = target.definitions().next().expect("a rule line");
        assert_eq!(rule.location().line, *line, "{name}");
        assert_eq!(target.prerequisites().len(), 2, "{name}");
    }
}

#[test]
fn appends_join_with_one_blank_as_make_does() {
    use crate::model::Flavor::{Recursive, Simple};
    // Values and flavors as GNU make 4.3 gives them ($(value), $(flavor)).
    let model = read(
        "X := 1\nE :=\nE += x\nR =\nR += $(X)\nS := a\nS += $(EMPTY)\n\
         T := a\nT += b $(X)\nQ = a\nQ +=\nN += n\n",
    );
    for (name, value, flavor) in [
        ("E", "x", Simple),
        ("R", "$(X)", Recursive),
        ("S", "a", Simple),
        ("T", "a b 1", Simple),
        ("Q", "a", Recursive),
        ("N", "n", Recursive),
    ] {
        let variable = &model.variables[name];
        assert_eq!(
            (&*variable.value, variable.flavor),
            (value, flavor),
            "{name}"
        );
    }
}

/// Prerequisites skipped as inert at the lower levels of detail would
/// have had no effect: every level reads the same targets and messages.
#[test]
fn every_level_of_detail_has_the_effects_of_reading_everything() {
    let texts = [
        "S := a.c b.c\nO = $(S:.c=.o)\nall: $(O) $(S:.c=.d) ${O}\n",
        "A = $(B)\nB = $(eval r: ; )\na: $(A:x=y)\n",
        "A = $(B:x=y)\nB = $(info hello)\na: $(A)\n",
        "X = $(X)\na: $(X)\nb:\n",
        "X = $(Y)\nY = $(X)\na: | $(X)\nb:\n",
        "E = $(error stop)\na: $(E:x=y)\nb:\n",
        "C = $(D:=.o)\nD = $(eval c: ; )\na: $(C)\n",
        "N = x:y\na: $(N) $(N:y) $(x:y)\n",
        "G = $(info g)\na: ${G:a=b} $(G:a)\n",
    ];
    for text in texts {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let everything = read(text);
        for detail in [Detail::Names, Detail::Docs] {
            let makefile = read_detail(vec![("Makefile", text)], MAX_WORK, detail);
            assert_eq!(
                makefile.target_names(),
                everything.target_names(),
                "{text:?} at {detail:?}"
            );
            assert_eq!(
                messages(&makefile),
                messages(&everything),
                "{text:?} at {detail:?}"
            );
        }
    }
}

/// A `.RECIPEPREFIX` of any character, ASCII or not, starts recipe lines:
/// a recipe line that looks like a rule is not one.
#[test]
fn recipe_prefix_ascii_or_not() {
    for text in [
        ".RECIPEPREFIX = >\na:\n>b: c\nd:\n",
        ".RECIPEPREFIX = é\na:\néb: c\nd:\n",
    ] {
        assert_eq!(read(text).target_names(), ["a", "d"], "{text:?}");
    }
}

/// What is kept about `.DEFAULT_GOAL` is forgotten on each change of it,
/// however it is made: a blank or removed goal lets the next rule propose
/// one again. (In debug builds, each use of the kept answer is also
/// checked against the variable.)
#[test]
fn default_goal_follows_each_change_of_the_variable() {
    for (text, goal) in [
        ("a:\nb:\n", "a"),
        ("a:\n.DEFAULT_GOAL :=\nb:\n", "b"),
        ("a:\n.DEFAULT_GOAL = \nb:\nc:\n", "b"),
        ("a:\nundefine .DEFAULT_GOAL\nb:\n", "b"),
        ("a:\n$(eval .DEFAULT_GOAL :=)\nb:\n", "b"),
        ("a:\nX := $(let .DEFAULT_GOAL,,$(eval c:))\nb:\n", "a"),
        (".DEFAULT_GOAL := z\na:\n", "z"),
    ] {
        let makefile = read(text);
        assert_eq!(makefile.default_goal.as_deref(), Some(goal), "{text:?}");
    }
}

/// Expansion without the expander ([`Reader::expand_plain_into`]) gives
/// what the expander gives and counts the same work; it declines what it
/// cannot do, doing nothing and leaving what the buffer held.
#[test]
fn plain_expansion_is_the_expanders() {
    let fs = Files(Vec::new());
    let config = Config {
        cwd: PathBuf::from("/work"),
        ..Config::default()
    };
    let workspace = Workspace::new(&config, &fs).expect("workspace");
    let source = InPlace(&fs);
    let mut reader = Reader::new(&config, &workspace, &source);
    reader.define("S", "simple", Flavor::Simple, Origin::File);
    reader.define("R", "rec", Flavor::Recursive, Origin::File);
    reader.define("D", "$(S)", Flavor::Recursive, Origin::File);
    for (text, plain) in [
        ("$(S)", true),
        ("a $(S)-${R} $$x $(UNDEFINED)b", true),
        ("$(S)$(R)$(S)", true),
        ("$(D)", false),
        ("$(S:a=b)", false),
        ("$(info x)", false),
        ("$S", false),
        ("$(MAKEFILE_LIST)", false),
        ("$(.VARIABLES)", false),
        ("$(S", false),
        ("trailing $", false),
    ] {
        let work = reader.work;
        let mut buffer = String::from("before ");
        let fast = reader.expand_plain_into(text, &mut buffer);
        assert_eq!(fast.is_some(), plain, "{text:?}");
        let fast_work = reader.work - work;
        let Some(unknown) = fast else {
            assert_eq!(fast_work, 0, "{text:?}");
            assert_eq!(buffer, "before ", "{text:?}");
            continue;
        };
        let fast = (
            buffer.strip_prefix("before ").expect("kept").to_string(),
            unknown,
        );
        let work = reader.work;
        let mut out = String::new();
        let mut ex = Expander::new(&mut reader);
        ex.expand_into(text, &mut out);
        let unknown = ex.unknown;
        drop(ex);
        assert_eq!(fast, (out, unknown), "{text:?}");
        assert_eq!(fast_work, reader.work - work, "{text:?}");
    }
}

/// A list is deduplicated in order whether its words fit the few kept on
/// the stack (16) or not, literal or expanded (checked with GNU make 4.3's
/// `$^`).
#[test]
fn prerequisites_keep_the_first_of_equal_words_past_sixteen() {
    let text = "W := w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w2 w17\n\
                few: b a b c a\n\
                many: $(W) w1 w18 w16\n\
                exactly: p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15 p1\n";
    let makefile = read(text);
    let list = |name: &str| makefile.target(name).expect(name).prerequisites().join(" ");
    assert_eq!(list("few"), "b a c");
    assert_eq!(
        list("many"),
        "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18"
    );
    // Targets show it before reading ends: a name listed twice would be
    // defined twice on the line.
    let makefile =
        read("T := t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12 t13 t14 t15 t16 t1 t17 t17\n$(T) t2:\n");
    for name in ["t1", "t2", "t17"] {
        assert_eq!(
            makefile.target(name).expect(name).definitions().count(),
            1,
            "{name}"
        );
    }
    assert_eq!(
        list("exactly"),
        "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15"
    );
}

/// Values that would hold more than the budget in all are not kept: the
/// variable is unknown, so nothing built from it is shown as known, and
/// one message says so. Smaller values and shrinking ones still are.
#[test]
fn stored_bytes_are_bounded() {
    let fs = Files(vec![(
        "Makefile",
        "A := aaaaaaaaaa\nB := $(A)\nC := $(A)$(A)\nD := $(A)\nA := a\nE := $(A)\n\
         $(if $(C),c-known,c-unknown):\n$(B)-b:\n",
    )]);
    let config = Config {
        cwd: PathBuf::from("/work"),
        ..Config::default()
    };
    let workspace = Workspace::new(&config, &fs).expect("workspace");
    let source = InPlace(&fs);
    let mut reader = Reader::new(&config, &workspace, &source);
    reader.max_stored_bytes = reader.stored_bytes + 30;
    reader.read_main("Makefile").expect("main makefile");
    let makefile = reader.finish();
    assert_eq!(makefile.target_names(), ["aaaaaaaaaa-b"]);
    let c = makefile.variable("C").expect("C");
    assert!(c.unknown && c.value.is_empty(), "{c:?}");
    // D fits in what is left, E once A shrank.
    assert!(!makefile.variable("D").expect("D").unknown);
    assert_eq!(&*makefile.variable("E").expect("E").value, "a");
    assert_eq!(
        messages(&makefile),
        [
            "Makefile:3: variables would hold more than 30 bytes in all; C, and any value that \
          would grow them later, is not kept",
            "Makefile:7: target names depend on a value not evaluated; rule skipped"
        ]
    );
}

/// The counts of skipping and undecided conditionals say what a search of
/// the open conditionals says (the search they replaced), over a long
/// pseudo-random run of pushes, pops and branch changes.
#[test]
fn conditional_counts_agree_with_a_search() {
    let branches = [Branch::Take, Branch::Skip, Branch::Both];
    let mut conditionals = Conditionals::default();
    let mut seed: u32 = 12_345;
    let mut next = |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % n
    };
    for step in 0..20_000 {
        match next(3) {
            0 => conditionals.push(Conditional {
                branch: branches[next(3) as usize],
                taken: false,
                outer_skip: false,
                seen_else: false,
                line: step,
                branch_line: step,
            }),
            1 => {
                conditionals.pop();
            }
            _ if conditionals.last().is_some() => {
                conditionals.set_branch(branches[next(3) as usize]);
            }
            _ => {}
        }
        let search = |b: Branch| conditionals.open.iter().filter(|c| c.branch == b).count();
        assert_eq!(conditionals.skipping, search(Branch::Skip), "step {step}");
        assert_eq!(conditionals.undecided, search(Branch::Both), "step {step}");
    }
}
