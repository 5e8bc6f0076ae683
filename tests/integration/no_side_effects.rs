//! Nothing a makefile asks for is ever executed or written: `$(shell)` and `!=` are not run
//! wherever they stand (a variable, an include path, a conditional, a target name, a
//! prerequisite, an `$(eval)`), and `$(file >...)` writes nothing. Each spot tries to create a
//! sentinel file; both binaries read the makefile, and no sentinel may appear.

use std::fs;
use std::path::Path;

use crate::support::{help_cmd, targets_cmd};

const MAKEFILE: &str = r"# Every line below would create a file if its command ran.
IMMEDIATE := $(shell touch SENTINEL-immediate)
DEFERRED = $(shell touch SENTINEL-deferred)
USED := $(DEFERRED)
BANG != touch SENTINEL-bang
include $(shell touch SENTINEL-include)extra.mk
-include $(shell touch SENTINEL-optional-include).mk
ifeq ($(shell touch SENTINEL-ifeq),)
in-ifeq: ; @:
endif
ifneq ($(shell touch SENTINEL-ifneq && echo yes),yes)
in-ifneq: ; @:
endif
ifdef BANG
in-ifdef: ; @:
endif
$(shell touch SENTINEL-target)name: ; @:
plain: $(shell touch SENTINEL-prerequisite) ; touch SENTINEL-recipe
$(eval EVALED := $(shell touch SENTINEL-eval))
$(foreach f,a b,$(eval $(f)-made: ; @:$(shell touch SENTINEL-foreach-$(f))))
$(file >SENTINEL-file,written)
$(file >>SENTINEL-file-append,appended)
X := $(if $(shell touch SENTINEL-if),$(error not reached))
define TEMPLATE
templ: $$(shell touch SENTINEL-template) ; @:
endef
$(eval $(TEMPLATE))
target-var: V := $(shell touch SENTINEL-target-variable)
all: ; touch SENTINEL-all-recipe
";

const EXTRA: &str = "from-extra: ; @:\n";

fn sentinels(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("scratch directory")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with("SENTINEL"))
        .collect()
}

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    fs::write(dir.path().join("Makefile"), MAKEFILE).expect("write makefile");
    fs::write(dir.path().join("extra.mk"), EXTRA).expect("write extra.mk");
    dir
}

#[test]
fn make_targets_runs_no_command_and_writes_no_file() {
    let dir = scratch();
    for args in [&[][..], &["--explain"][..], &["--warnings"][..]] {
        let output = targets_cmd()
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("make-targets runs");
        assert!(
            output.status.success(),
            "make-targets {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        for target in ["plain", "all", "in-ifeq", "templ", "from-extra", "a-made"] {
            assert!(
                stdout.split_whitespace().any(|t| t == target),
                "{target} missing from {stdout}"
            );
        }
        // A target whose name holds an unknown value is left out, never printed half-known.
        assert!(!stdout.contains("name"), "{stdout}");
    }
    assert_eq!(sentinels(dir.path()), Vec::<String>::new());
}

#[test]
fn make_help_runs_no_command_and_writes_no_file() {
    let dir = scratch();
    for args in [&[][..], &["--explain"][..], &["--json"][..], &["plain"][..]] {
        let output = help_cmd()
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("make-help runs");
        assert!(
            output.status.success(),
            "make-help {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(sentinels(dir.path()), Vec::<String>::new());
}

/// The check is meaningful: GNU make, given the same makefile, does create the sentinels.
#[test]
fn gnu_make_would_have_created_them() {
    let Ok(output) = std::process::Command::new("make").arg("--version").output() else {
        eprintln!("skipping: GNU make not found on PATH");
        return;
    };
    if !String::from_utf8_lossy(&output.stdout).starts_with("GNU Make") {
        eprintln!("skipping: `make` is not GNU make");
        return;
    }
    let dir = scratch();
    let output = std::process::Command::new("make")
        .args(["-n", "-q", "plain"])
        .current_dir(dir.path())
        .output()
        .expect("make runs");
    let created = sentinels(dir.path());
    for expected in [
        "SENTINEL-immediate",
        "SENTINEL-bang",
        "SENTINEL-include",
        "SENTINEL-ifeq",
        "SENTINEL-target",
        "SENTINEL-eval",
        "SENTINEL-file",
        "SENTINEL-template",
    ] {
        assert!(
            created.iter().any(|name| name == expected),
            "make did not create {expected} ({created:?}): {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
