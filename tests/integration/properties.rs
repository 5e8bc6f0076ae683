//! The invariants of `invariants.rs` on every fixture, on every input the fuzzer once broke
//! (`fuzz/regressions/read/`), and on generated makefile-like text (proptest), so that CI
//! checks on every change what the fuzzer checks when someone runs it.
//!
//! `PROPTEST_CASES=100000 cargo test properties` runs a long campaign.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::invariants::{Input, check};
use crate::memfs::Entry;
use crate::support::{fixture_dir, fixtures};

/// A fixture directory as one input: its main makefile first, then every other file.
fn fixture_input(name: &str) -> Input {
    let dir = fixture_dir(name);
    let mut files = Vec::new();
    let mut rest = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.expect("readable fixture");
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(&dir).expect("below the fixture");
        let relative = relative.to_string_lossy().into_owned();
        if relative.starts_with("fixture.") {
            continue;
        }
        let bytes = fs::read(entry.path()).expect("readable fixture file");
        rest.push((relative, Entry::File(bytes)));
    }
    for main in ["GNUmakefile", "makefile", "Makefile"] {
        if let Some(i) = rest.iter().position(|(n, _)| n == main) {
            files.push(rest.remove(i));
            break;
        }
    }
    if files.is_empty() {
        files.push(("Makefile".to_string(), Entry::File(Vec::new())));
    }
    files.extend(rest);
    Input { files }
}

#[test]
fn invariants_hold_on_every_fixture() {
    let mut broken = Vec::new();
    for name in fixtures() {
        if let Err(e) = check(&fixture_input(&name)) {
            broken.push(format!("{name}: {e}"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn invariants_hold_on_every_fuzzer_regression() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/read");
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .collect();
    entries.sort();
    assert!(
        !entries.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    let mut broken = Vec::new();
    for path in entries {
        let bytes = fs::read(&path).expect("readable regression input");
        if let Err(e) = check(&Input::from_bytes(&bytes)) {
            broken.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn input_format_round_trips() {
    let input = Input {
        files: vec![
            (
                "Makefile".into(),
                Entry::File(b"include a.mk\nall:\n".to_vec()),
            ),
            ("a.mk".into(), Entry::File(b"a:\n".to_vec())),
            ("f".into(), Entry::Fifo),
            ("d".into(), Entry::Directory),
        ],
    };
    let again = Input::from_bytes(&input.to_bytes());
    assert_eq!(again.files, input.files);
}

/// Names, including the awkward ones: escapes, specials, patterns, control characters.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,6}",
        1 => Just(".PHONY".to_string()),
        1 => Just(".SUFFIXES".to_string()),
        1 => Just(".DEFAULT_GOAL".to_string()),
        1 => Just(".RECIPEPREFIX".to_string()),
        1 => Just("%.o".to_string()),
        1 => Just(".c.o".to_string()),
        1 => Just("a\\:b".to_string()),
        1 => Just("x\u{1b}[2Jy".to_string()),
        1 => Just("r\rr".to_string()),
        1 => Just("ü\u{9b}".to_string()),
        1 => Just("*.mk".to_string()),
        1 => Just("~/x".to_string()),
    ]
}

/// A variable reference or function call, nested a little.
fn reference() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        name().prop_map(|n| format!("$({n})")),
        name().prop_map(|n| format!("${{{n}}}")),
        Just("$X".to_string()),
        Just("$$".to_string()),
        Just("$(".to_string()),
        Just("$(shell touch x)".to_string()),
        Just("$(file >x,y)".to_string()),
        name().prop_map(|n| format!("$({n}:.c=.o)")),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("$(call {a},{b})")),
            inner.clone().prop_map(|a| format!("$(eval {a})")),
            inner.clone().prop_map(|a| format!("$(eval X := {a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("$(foreach v,{a},{b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("$(if {a},{b})")),
            inner.clone().prop_map(|a| format!("$(info {a})")),
            inner.clone().prop_map(|a| format!("$(value {a})")),
            inner.prop_map(|a| format!("$({a})")),
        ]
    })
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![4 => name(), 2 => reference(), 1 => "[ -~]{0,8}", 1 => any::<String>()]
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..4).prop_map(|w| w.join(" "))
}

fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Makefile".to_string()),
        Just("a.mk".to_string()),
        Just("b.mk".to_string()),
        Just("sub/c.mk".to_string()),
        Just("*.mk".to_string()),
        Just("sub".to_string()),
        Just("fifo".to_string()),
        Just("locked.mk".to_string()),
        Just("gone.mk".to_string()),
        Just("loop".to_string()),
        Just("/dev/zero".to_string()),
        Just("missing.mk".to_string()),
        reference(),
    ]
}

/// One line of makefile-like text, its line ending included.
fn line() -> impl Strategy<Value = String> {
    let body = prop_oneof![
        8 => (words(), prop_oneof![Just(":"), Just("::"), Just("&:"), Just(": |")], words())
            .prop_map(|(t, sep, p)| format!("{t}{sep} {p}")),
        2 => (words(), words()).prop_map(|(t, p)| format!("{t}: {p} ## {p}")),
        1 => (words(), words()).prop_map(|(t, p)| format!("{t}: %.o: %.c {p}")),
        1 => (words(), words()).prop_map(|(t, r)| format!("{t}: ; {r}")),
        5 => (name(), prop_oneof![
                Just("="), Just(":="), Just("::="), Just(":::="), Just("?="), Just("+="), Just("!=")
            ], words())
            .prop_map(|(n, op, v)| format!("{n} {op} {v}")),
        2 => (name(), words()).prop_map(|(n, v)| format!("{n} = $({n}) {v}")),
        2 => words().prop_map(|w| format!("\t{w}")),
        2 => (prop_oneof![Just("include"), Just("-include"), Just("sinclude")],
              prop::collection::vec(file_name(), 1..3))
            .prop_map(|(k, f)| format!("{k} {}", f.join(" "))),
        1 => name().prop_map(|n| format!("define {n}")),
        1 => Just("endef".to_string()),
        1 => (words(), words()).prop_map(|(a, b)| format!("ifeq ({a},{b})")),
        1 => (words(), words()).prop_map(|(a, b)| format!("ifneq \"{a}\" '{b}'")),
        1 => name().prop_map(|n| format!("ifdef {n}")),
        1 => name().prop_map(|n| format!("ifndef {n}")),
        1 => Just("else".to_string()),
        1 => (words(), words()).prop_map(|(a, b)| format!("else ifeq ({a},{b})")),
        1 => Just("endif".to_string()),
        1 => words().prop_map(|w| format!("# {w}")),
        1 => words().prop_map(|w| format!("##@ {w}")),
        1 => name().prop_map(|n| format!("export {n}")),
        1 => name().prop_map(|n| format!("override {n} = x")),
        1 => name().prop_map(|n| format!("undefine {n}")),
        1 => words().prop_map(|w| format!("vpath {w}")),
        1 => reference(),
        1 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..40)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    let ending = prop_oneof![
        12 => Just("\n"),
        2 => Just("\r\n"),
        2 => Just(" \\\n"),
        1 => Just("\\\\\n"),
        1 => Just("\0\n"),
        1 => Just(""),
    ];
    (body, ending).prop_map(|(b, e)| format!("{b}{e}"))
}

fn text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(line(), 0..24).prop_map(|lines| lines.concat().into_bytes())
}

/// A main makefile and the files its includes may name, some of them hostile.
fn input() -> impl Strategy<Value = Input> {
    (text(), text(), text(), text(), any::<bool>()).prop_map(|(main, a, b, c, specials)| {
        let mut files = vec![
            ("Makefile".to_string(), Entry::File(main)),
            ("a.mk".to_string(), Entry::File(a)),
            ("b.mk".to_string(), Entry::File(b)),
            ("sub/c.mk".to_string(), Entry::File(c)),
        ];
        if specials {
            files.extend([
                ("fifo".to_string(), Entry::Fifo),
                ("locked.mk".to_string(), Entry::Unreadable),
                ("gone.mk".to_string(), Entry::Vanishing),
                ("loop".to_string(), Entry::Loop),
            ]);
        }
        Input { files }
    })
}

proptest! {
    // 256 cases (proptest's default); PROPTEST_CASES sets more.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn invariants_hold_on_generated_makefiles(input in input()) {
        if let Err(broken) = check(&input) {
            let bytes = input.to_bytes();
            prop_assert!(
                false,
                "{broken}\nas fuzzer input (save under fuzz/regressions/read/): {:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}
