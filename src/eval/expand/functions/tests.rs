//! Table tests for every function, with the answers GNU make gives (4.3
//! where it has the function, the 4.4 manual and sources for `intcmp` and
//! `let`). The integration test `functions_vs_make` checks many of the same
//! against the installed make.

use std::collections::HashMap;

use crate::eval::expand::{Context, Expander, FileContents};
use crate::model::diagnostic::Kind;
use crate::model::{Flavor, Origin, Variable};

/// A context with variables, a few files and a record of what happened.
#[derive(Default)]
pub(crate) struct Fake {
    vars: HashMap<String, Variable>,
    files: HashMap<String, String>,
    pub(crate) reports: Vec<(Kind, String)>,
    pub(crate) stopped: bool,
    pub(crate) evals: Vec<(String, bool)>,
    written: Vec<String>,
}

impl Fake {
    fn with(defs: &[(&str, &str)]) -> Self {
        let mut fake = Fake::default();
        for (name, value) in defs {
            let (flavor, value) = match value.strip_prefix(":=") {
                Some(v) => (Flavor::Simple, v),
                None => (Flavor::Recursive, *value),
            };
            fake.vars.insert(
                (*name).to_string(),
                Variable::new(value, flavor, Origin::File),
            );
        }
        fake.files
            .insert("notes.txt".into(), "line 1\nline 2\r\n".into());
        fake
    }
}

impl Context for Fake {
    fn variable(&self, name: &str) -> Option<Variable> {
        self.vars.get(name).cloned()
    }
    fn set_variable(&mut self, name: &str, v: Option<Variable>) -> Option<Variable> {
        match v {
            Some(v) => self.vars.insert(name.to_string(), v),
            None => self.vars.remove(name),
        }
    }
    fn eval(&mut self, text: &str, unknown: bool) -> bool {
        self.evals.push((text.to_string(), unknown));
        // A tiny evaluator: `NAME := value` lines only.
        for line in text.lines() {
            if let Some((name, value)) = line.split_once(":=") {
                self.vars.insert(
                    name.trim().to_string(),
                    Variable::new(value.trim(), Flavor::Simple, Origin::File),
                );
            }
        }
        true
    }
    fn wildcard(&mut self, pattern: &str) -> Vec<String> {
        let all = ["a.c", "b.c", "b.h", "sub/c.c"];
        all.iter()
            .filter(|name| {
                pattern == **name
                    || pattern
                        .strip_prefix('*')
                        .is_some_and(|suffix| !name.contains('/') && name.ends_with(suffix))
            })
            .map(ToString::to_string)
            .collect()
    }
    fn read_file(&mut self, name: &str) -> FileContents {
        if self.written.iter().any(|w| w == name) {
            return FileContents::Unknown;
        }
        self.files
            .get(name)
            .map_or(FileContents::Missing, |t| FileContents::Text(t.clone()))
    }
    fn file_written(&mut self, name: &str) {
        self.written.push(name.to_string());
    }
    fn realpath(&mut self, name: &str) -> Option<String> {
        (name == "a.c" || name == "./a.c").then(|| "/work/a.c".to_string())
    }
    fn working_directory(&self) -> Option<String> {
        Some("/work".to_string())
    }
    fn stop(&mut self) {
        self.stopped = true;
    }
    fn stopped(&self) -> bool {
        self.stopped
    }
    fn report(&mut self, kind: Kind, message: String) {
        self.reports.push((kind, message));
    }
}

/// Expands `text` with the variables `defs` (`:=` prefix for simple ones).
pub(crate) fn run(defs: &[(&str, &str)], text: &str) -> (String, Fake, bool) {
    let mut fake = Fake::with(defs);
    let mut ex = Expander::new(&mut fake);
    let out = ex.expand(text);
    let unknown = ex.unknown;
    drop(ex);
    (out, fake, unknown)
}

fn expand(defs: &[(&str, &str)], text: &str) -> String {
    let (out, fake, _) = run(defs, text);
    assert!(
        !fake.stopped,
        "unexpected stop on {text}: {:?}",
        fake.reports
    );
    out
}

macro_rules! cases {
    ($($name:ident: $text:expr => $want:expr;)*) => {
        $(
            #[test]
            fn $name() {
                assert_eq!(expand(&DEFS, $text), $want, "{}", $text);
            }
        )*
    };
}

/// Variables the cases use.
const DEFS: [(&str, &str); 10] = [
    ("LIST", "a b  c"),
    ("SRCS", "src/main.c lib/util.c README"),
    ("E", ":="),
    ("S", ":= "),
    ("COMMA", ":=,"),
    ("f", "<$(1)|$(2)|$(0)>"),
    (
        "rev",
        "$(if $(1),$(call rev,$(wordlist 2,99,$(1))) $(firstword $(1)))",
    ),
    ("simple_f", ":=$(1)"),
    ("g", "$(1)-$(call h,x)"),
    ("h", "[$(1)$(2)]"),
];

cases! {
    subst_all: "$(subst a,b,banana)" => "bbnbnb";
    subst_keeps_spaces: "$(subst a,b,a  a)" => "b  b";
    subst_empty_from_appends: "$(subst ,X,abc)" => "abcX";
    subst_to_nothing: "$(subst a,,aaa)" => "";
    subst_comma_in_text: "$(subst a,b,a,a)" => "b,b";
    patsubst_words: "$(patsubst %.c,%.o,$(SRCS))" => "src/main.o lib/util.o README";
    patsubst_no_percent: "$(patsubst a,b,a  a   ab)" => "b  b   ab";
    patsubst_empty_replacement: "$(patsubst %.c,,a.c x b.c)" => "x";
    strip_blanks: "$(strip  a \t b\n c )" => "a b c";
    strip_keeps_commas: "$(strip a,b)" => "a,b";
    findstring_found: "$(findstring an,banana)" => "an";
    findstring_missing: "$(findstring x,banana)" => "";
    filter_patterns: "$(filter %.c %.h,a.c b.h c.o)" => "a.c b.h";
    filter_literal: "$(filter a,a b a)" => "a a";
    filter_out: "$(filter-out %.c,a.c b.h c.o)" => "b.h c.o";
    filter_quoted_percent: "$(filter \\%x,%x ax)" => "%x";
    // Sixteen literal patterns or more are looked up in a hash set; patterns with `%`
    // still apply, and order and duplicates of the text are kept.
    filter_many_literals: "$(filter l1 l2 l3 l4 l5 l6 l7 l8 l9 l10 l11 l12 l13 l14 l15 l16 %.c,l3 x.c l16 q l3 l17)" => "l3 x.c l16 l3";
    filter_out_many_literals: "$(filter-out l1 l2 l3 l4 l5 l6 l7 l8 l9 l10 l11 l12 l13 l14 l15 l16 %.c,l3 x.c l16 q l3 l17)" => "q l17";
    sort_dedup: "$(sort c b a b)" => "a b c";
    sort_bytes: "$(sort b B _ 1)" => "1 B _ b";
    word_second: "$(word 2,$(LIST))" => "b";
    word_past_end: "$(word 9,$(LIST))" => "";
    word_plus_sign: "$(word +1,x y)" => "x";
    wordlist_keeps_inner_space: "$(wordlist 2,3,a b  c d)" => "b  c";
    wordlist_short: "$(wordlist 3,9,a b c)" => "c";
    wordlist_empty: "$(wordlist 3,2,a b c)" => "";
    wordlist_zero_end: "$(wordlist 1,0,a b c)" => "";
    words_count: "$(words $(LIST))" => "3";
    words_none: "$(words )" => "0";
    firstword: "$(firstword  x y)" => "x";
    lastword: "$(lastword x y )" => "y";
    dir_of_names: "$(dir a/b c a/ /x)" => "a/ ./ a/ /";
    notdir_of_names: "$(notdir a/b c a/)" => "b c ";
    suffix_of_names: "$(suffix a.c b a.b/c .x d.e.f)" => ".c .x .f";
    basename_of_names: "$(basename a.c b a.b/c .x d.e.f)" => "a b a.b/c  d.e";
    addsuffix: "$(addsuffix .o,a b)" => "a.o b.o";
    addprefix: "$(addprefix -I,a  b)" => "-Ia -Ib";
    addprefix_nothing: "$(addprefix x,)" => "";
    join_even: "$(join a b,1 2)" => "a1 b2";
    join_uneven: "$(join a b c,1)" => "a1 b c";
    join_uneven_right: "$(join a,1 2 3)" => "a1 2 3";
    wildcard_pattern: "$(wildcard *.c)" => "a.c b.c";
    wildcard_literal: "$(wildcard b.h nope.h)" => "b.h";
    realpath_existing: "$(realpath a.c nope)" => "/work/a.c";
    abspath_names: "$(abspath a/../b ./c /x/../../y //a//b/ .)" => "/work/b /work/c /y /a/b /work";
    file_read: "[$(file <notes.txt)]" => "[line 1\nline 2]";
    file_missing: "[$(file <nope.txt)]" => "[]";
    file_name_not_trimmed: "[$(file <notes.txt )]" => "[]";
    if_true: "$(if x,yes,no)" => "yes";
    if_false: "$(if ,yes,no)" => "no";
    if_blank_is_false: "$(if  $(E) ,yes,no)" => "no";
    if_space_value_is_true: "$(if $(S),yes,no)" => "yes";
    if_no_else: "$(if ,yes)" => "";
    if_else_keeps_commas: "$(if ,a,b,c)" => "b,c";
    or_first_nonempty: "$(or , ,$(E) , x , y)" => "x";
    or_nothing: "$(or ,$(E))" => "";
    or_keeps_expansion: "[$(or $(S),x)]" => "[ ]";
    and_last: "$(and a, b ,c )" => "c";
    and_stops: "$(and a,,c)" => "";
    intcmp_equal_gives_number: "$(intcmp 007,7)" => "7";
    intcmp_unequal_nothing: "$(intcmp 1,2)" => "";
    intcmp_less: "$(intcmp 1,2,lt,eq,gt)" => "lt";
    intcmp_equal: "$(intcmp -0,0,lt,eq,gt)" => "eq";
    intcmp_greater: "$(intcmp 3,2,lt,eq,gt)" => "gt";
    intcmp_greater_takes_eq: "$(intcmp 3,2,lt,eq)" => "eq";
    intcmp_equal_without_eq: "$(intcmp 2,2,lt)" => "";
    intcmp_negative_number: "$(intcmp -05, -5 )" => "-5";
    intcmp_zero_has_no_sign: "$(intcmp -0,+000)" => "0";
    intcmp_negative_values: "$(intcmp -10,-5,lt,eq,gt)" => "lt";
    intcmp_huge: "$(intcmp 99999999999999999999999,100000000000000000000000,lt,eq,gt)" => "lt";
    intcmp_huge_negative: "$(intcmp -99999999999999999999999,-100000000000000000000000,lt,eq,gt)" => "gt";
    foreach_words: "$(foreach x,$(LIST),<$(x)>)" => "<a> <b> <c>";
    foreach_blank_body: "[$(foreach x,a b, )]" => "[   ]";
    foreach_empty_list: "[$(foreach x,,y)]" => "[]";
    foreach_name_trimmed: "$(foreach  v  w ,a b,[$(v)])" => "[a] [b]";
    foreach_restores: "$(foreach E,1,$(E))[$(E)]" => "1[]";
    foreach_origin: "$(foreach v,a,$(origin v) $(flavor v))" => "automatic simple";
    let_pairs: "$(let a b,1 2 3 ,[$(a)][$(b)])" => "[1][2 3 ]";
    let_missing: "$(let a b c,1,[$(a)][$(b)][$(c)])" => "[1][][]";
    let_restores: "$(let E,x,$(E))[$(E)]" => "x[]";
    call_args: "$(call f,a,b)" => "<a|b|f>";
    call_missing_args: "$(call f,a)" => "<a||f>";
    call_no_args: "$(call f)" => "<||f>";
    call_recursion: "$(call rev,a b c)" => " c b a";
    call_simple_variable_not_expanded_again: "[$(call simple_f,x)]" => "[$(1)]";
    call_undefined: "[$(call nope,x)]" => "[]";
    call_builtin: "$(call subst,a,b,aaa)" => "bbb";
    call_builtin_without_arguments: "[$(call error)]" => "[]";
    call_nested_hides_outer_args: "$(call g,a,b)" => "a-[x]";
    call_name_trimmed: "$(call  f ,x)" => "<x||f>";
    value_raw: "$(value f)" => "<$(1)|$(2)|$(0)>";
    value_name_not_trimmed: "[$(value f )]" => "[]";
    origin_file: "$(origin LIST)" => "file";
    origin_undefined: "$(origin NOPE)" => "undefined";
    flavor_recursive: "$(flavor f)" => "recursive";
    flavor_simple: "$(flavor E)" => "simple";
    flavor_undefined: "$(flavor NOPE)" => "undefined";
    info_is_empty: "[$(info hello)]" => "[]";
    guile_is_a_variable: "[$(guile x)]" => "[]";
    bare_name_is_a_variable: "[$(info)]" => "[]";
    function_name_then_newline: "[$(strip\na  b)]" => "[a b]";
    comma_variable: "$(subst $(COMMA), ,a,b)" => "a b";
    braces_split_only_on_own_kind: "$(if ,${a,b},c)" => "b},c";
}

#[test]
fn messages_are_reported_with_their_kind() {
    let (_, fake, _) = run(&[], "$(info  one , two)$(warning careful)");
    assert_eq!(
        fake.reports,
        [
            (Kind::Message, "info: one , two".to_string()),
            (Kind::Message, "warning: careful".to_string()),
        ]
    );
    assert!(!fake.stopped);
}

#[test]
fn call_info_joins_arguments() {
    let (_, fake, _) = run(&[], "$(call info,a,b)");
    assert_eq!(fake.reports, [(Kind::Message, "info: a, b".to_string())]);
}

#[test]
fn error_stops_and_abandons_the_expansion() {
    let (out, fake, _) = run(&[], "a$(error  boom , x)b$(info after)");
    assert_eq!(out, "a");
    assert!(fake.stopped);
    assert_eq!(fake.reports, [(Kind::Stop, "error: boom , x".to_string())]);
}

/// make stops with these messages (make 4.4 wording).
#[test]
fn fatal_argument_errors() {
    for (text, message) in [
        (
            "$(word 0,a)",
            "first argument to 'word' function must be greater than 0",
        ),
        (
            "$(word x,a)",
            "invalid first argument to 'word' function: 'x'",
        ),
        (
            "$(word ,a)",
            "invalid first argument to 'word' function: empty value",
        ),
        (
            "$(wordlist 0,1,a)",
            "invalid first argument to 'wordlist' function: '0'",
        ),
        (
            "$(wordlist 1,-1,a)",
            "invalid second argument to 'wordlist' function: '-1'",
        ),
        (
            "$(subst a,b)",
            "insufficient number of arguments (2) to function 'subst'",
        ),
        (
            "$(call subst,a)",
            "insufficient number of arguments (1) to function 'subst'",
        ),
        (
            "$(intcmp a,1)",
            "non-numeric first argument to 'intcmp' function: 'a'",
        ),
        (
            "$(intcmp 1, )",
            "non-numeric second argument to 'intcmp' function: empty value",
        ),
        (
            "$(intcmp 1,2x)",
            "non-numeric second argument to 'intcmp' function: '2x'",
        ),
        ("$(file >)", "file: missing filename"),
        ("$(file <x,y)", "file: too many arguments"),
        ("$(file x)", "file: invalid file operation: x"),
        (
            "$(strip a",
            "unterminated call to function 'strip': missing ')'",
        ),
        ("${X", "unterminated variable reference"),
    ] {
        let (_, fake, _) = run(&[], text);
        assert!(fake.stopped, "{text} should stop");
        assert_eq!(
            fake.reports.last().map(|r| r.1.as_str()),
            Some(message),
            "{text}"
        );
    }
}

#[test]
fn shell_is_unknown_and_never_run() {
    let (out, fake, unknown) = run(&[], "a$(shell touch SENTINEL)b");
    assert_eq!(out, "ab");
    assert!(unknown);
    assert_eq!(fake.reports[0].0, Kind::NotEvaluated);
}

/// A condition holding a `$(shell)` result decides nothing: no branch runs,
/// so a `$(error)` there does not stop the reading.
#[test]
fn unknown_conditions_run_no_branch() {
    for text in [
        "$(if $(shell which docker),,$(error docker is required))",
        "$(or $(shell x),$(error no))",
        "$(and $(shell x),$(error no))",
        "$(intcmp $(shell nproc),4,$(error no))",
    ] {
        let (out, fake, unknown) = run(&[], text);
        assert_eq!(out, "", "{text}");
        assert!(unknown, "{text}");
        assert!(!fake.stopped, "{text}");
    }
}

/// An argument that cannot be evaluated is not a fatal argument error.
#[test]
fn unknown_numbers_are_not_errors() {
    for text in ["$(word $(shell x),a b)", "$(wordlist 1,$(shell x),a b)"] {
        let (_, fake, unknown) = run(&[], text);
        assert!(unknown && !fake.stopped, "{text}");
    }
}

#[test]
fn unknown_flows_through_foreach_and_call() {
    let (_, _, unknown) = run(&[("f", "$(1)")], "$(call f,$(shell x))");
    assert!(unknown);
    // The word the shell stands for is one more iteration, unknown.
    let (out, _, unknown) = run(&[], "$(foreach x,a $(shell y),$(x))");
    assert_eq!(out.trim_end(), "a");
    assert!(unknown);
}

#[test]
fn eval_passes_text_and_unknown() {
    let (out, fake, _) = run(&[], "$(eval X := 1)$(X)");
    assert_eq!(out, "1");
    assert_eq!(fake.evals, [("X := 1".to_string(), false)]);
    // The part not evaluated is marked where it stands.
    let (_, fake, _) = run(&[], "$(eval Y := $(shell x))");
    assert_eq!(fake.evals, [("Y := \u{FDD0}".to_string(), true)]);
}

#[test]
fn file_write_is_not_performed_and_later_reads_are_unknown() {
    let (out, fake, unknown) = run(&[], "$(file >notes.txt,new)[$(file <notes.txt)]");
    assert_eq!(out, "[]");
    assert!(unknown);
    assert!(!fake.stopped);
    assert_eq!(fake.reports[0].0, Kind::NotEvaluated);
}

#[test]
fn call_may_recurse_until_the_depth_limit() {
    let (_, fake, _) = run(&[("loop", "$(call loop)")], "$(call loop)");
    assert!(
        fake.reports
            .iter()
            .any(|(kind, m)| *kind == Kind::Expansion && m.contains("deeper")),
        "{:?}",
        fake.reports
    );
}

#[test]
fn every_function_is_in_the_table_once_and_sorted() {
    let names: Vec<&str> = super::FUNCTIONS.iter().map(|f| f.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 38);
}

#[test]
fn every_function_is_found_by_its_name_only() {
    for function in super::FUNCTIONS {
        let found = super::by_name(function.name).map(|f| f.name);
        assert_eq!(found, Some(function.name));
    }
    assert!(super::FUNCTIONS.windows(2).all(|w| w[0].name < w[1].name));
    for name in [
        "", "a", "abspat", "abspaths", "Abspath", "zz", "_", "-", "é", "wordz",
    ] {
        assert!(super::by_name(name).is_none(), "{name}");
    }
}

#[test]
fn call_argument_names_are_decimal() {
    let mut buffer = [0u8; 20];
    for n in [0, 1, 9, 10, 42, 100, 12_345, usize::MAX] {
        assert_eq!(super::control::decimal(n, &mut buffer), n.to_string());
    }
}
