//! What makefiles document besides targets (issue 18): one fixture per
//! comment convention, whose help holds no marker; variables, pattern rules,
//! aliases and the header, as text (snapshots), in detail and as JSON (read
//! back with serde_json); and the facts that come from make checked against
//! GNU make: each variable's default value, and the stem and prerequisites
//! make computes through a pattern rule.

use std::path::Path;

use serde_json::Value;

use crate::support::{fixture_dir, help_cmd, help_in};

fn json_in(fixture: &str, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    serde_json::from_str(&help_in(fixture, &args)).expect("valid JSON")
}

/// One test per case: the plain help and the colored one.
macro_rules! snapshots {
    ($($test:ident: $fixture:literal $(, $arg:literal)*;)*) => {$(
        #[test]
        fn $test() {
            let args: &[&str] = &[$($arg),*];
            let plain = help_in($fixture, args);
            assert!(!plain.contains('\x1b'), "escape codes in piped output");
            insta::assert_snapshot!(concat!(stringify!($test), "-plain"), plain);
            let mut colored_args = args.to_vec();
            colored_args.push("--color=always");
            let colored = help_in($fixture, &colored_args).replace('\x1b', "␛");
            insta::assert_snapshot!(concat!(stringify!($test), "-color"), colored);
        }
    )*};
}

snapshots! {
    marker_plain_hash: "help-marker-plain-hash";
    marker_double_hash: "help-marker-double-hash";
    marker_remake: "help-marker-remake";
    marker_arrow: "help-marker-arrow";
    marker_question: "help-marker-question";
    marker_quote: "help-marker-quote";
    marker_keyed: "help-marker-keyed";
    marker_emphasis: "help-marker-emphasis";
    marker_deprecated: "help-marker-deprecated";
    marker_deprecated_all: "help-marker-deprecated", "--all";
    marker_deprecated_details: "help-marker-deprecated", "old";
    marker_inline_group: "help-marker-inline-group";
    marker_group_tags: "help-marker-group-tags";
    docker_cli_double_hash_wins: "help-docker-cli-two-rule-lines";
    aliases_beside_their_target: "help-aliases";
    alias_details: "help-aliases", "build", "b";
    header_and_usage: "help-header";
    variables_listed: "help-variables";
    variables_all: "help-variables", "--all";
    variables_overridden: "help-variables", "VERSION=2.0", "ARCH=arm64";
    variable_details: "help-variables", "IMAGE", "GOFLAGS", "BANNER", "GIT_SHA";
    variable_details_overridden: "help-variables", "VERSION=2.0", "VERSION", "IMAGE";
    patterns_listed: "help-patterns";
    patterns_all: "help-patterns", "--all";
    pattern_details: "help-patterns", "image-%";
    names_through_patterns: "help-patterns", "image-api", "push-web", "src/main.o";
}

/// The fixtures of the comment conventions: their help, with `--all` and in
/// detail, never shows a marker (`#`, `:`, `>`, `?`, `'`, `!`, `%`, `@`,
/// `_#`) at the start of a doc, nor a `#` anywhere.
#[test]
fn marker_fixtures_print_no_marker() {
    let fixtures = crate::support::fixtures();
    let markers: Vec<&String> = fixtures
        .iter()
        .filter(|f| f.starts_with("help-marker-") || f.starts_with("help-docker-cli"))
        .collect();
    assert!(markers.len() >= 12, "{markers:?}");
    for fixture in markers {
        for args in [&[][..], &["--all"]] {
            let out = help_in(fixture, args);
            assert!(!out.contains('#'), "{fixture} {args:?}:\n{out}");
            for line in out.lines().filter(|l| l.starts_with("  ")) {
                // The doc starts after the name and two blanks at least.
                let Some((_, doc)) = line.trim_start().split_once("  ") else {
                    continue;
                };
                let doc = doc.trim_start();
                assert!(
                    !doc.starts_with([':', '>', '?', '\'', '!', '%', '@', '_']),
                    "{fixture} {args:?}: stray marker in {line:?}"
                );
                // `#? name: text` loses its name.
                let name = line.split_whitespace().next().unwrap_or("");
                assert!(!doc.starts_with(&format!("{name}:")), "{fixture}: {line:?}");
            }
        }
    }
}

fn find<'v>(json: &'v Value, list: &str, name: &str) -> &'v Value {
    json[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} array in {json}"))
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

#[test]
fn json_holds_variables_with_every_field() {
    let json = json_in("help-variables", &[]);
    assert_eq!(
        *find(&json, "variables", "IMAGE"),
        serde_json::json!({
            "name": "IMAGE",
            "summary": "Image name, from REGISTRY and VERSION",
            "doc": "Image name, from REGISTRY and VERSION",
            "operator": "=",
            // As make keeps them: the blanks before `## doc` are part of
            // the values of IMAGE and VERSION.
            "value": "$(REGISTRY)/app:$(VERSION) ",
            "default": "ghcr.io/acme/app:1.2  ",
            "export": false,
            "override": false,
            "knob": false,
            "deprecated": false,
            "section": null,
            "hidden": false,
            "overridden_by": null,
            "current": null,
            "locations": [{"file": "Makefile", "line": 7}],
            "used_by": ["build"],
        })
    );
    let operators: Vec<(&str, &str)> = json["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap(), v["operator"].as_str().unwrap()))
        .collect();
    for want in [
        ("REGISTRY", "?="),
        ("OUT", ":="),
        ("STAMP", ":="),
        ("CFLAGS", "+="),
        ("GIT_SHA", "!="),
        ("GOFLAGS", "?="),
        ("ARCH", ":="),
        ("BANNER", "="),
        ("SECRET", "="),
        ("DEBUG", "?="),
    ] {
        assert!(operators.contains(&want), "{want:?} in {operators:?}");
    }
    assert_eq!(find(&json, "variables", "GOFLAGS")["export"], true);
    assert_eq!(find(&json, "variables", "ARCH")["override"], true);
    assert_eq!(find(&json, "variables", "DEBUG")["summary"], Value::Null);
    assert_eq!(find(&json, "variables", "DEBUG")["knob"], true);
    assert_eq!(find(&json, "variables", "_CACHE")["hidden"], true);
    assert_eq!(
        find(&json, "variables", "BANNER")["doc"],
        "The banner `make banner` prints"
    );

    let json = json_in("help-variables", &["VERSION=2.0", "VERSION"]);
    let variables = json["variables"].as_array().unwrap();
    assert_eq!(variables.len(), 1);
    assert_eq!(variables[0]["overridden_by"], "command line");
    assert_eq!(variables[0]["current"], "2.0");
    assert_eq!(variables[0]["default"], "1.2 ");
    assert_eq!(json["targets"], serde_json::json!([]));
}

#[test]
fn the_environment_overrides_a_knob_and_not_an_assignment() {
    let run = |name: &str| -> Value {
        let output = help_cmd()
            .current_dir(fixture_dir("help-variables"))
            .env("VERSION", "9.9")
            .env("OUT", "elsewhere")
            .args(["--json", name])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        json["variables"][0].clone()
    };
    let version = run("VERSION");
    assert_eq!(version["overridden_by"], "environment");
    assert_eq!(version["current"], "9.9");
    // `OUT := build` replaces the environment's value, as make does
    // without `-e`.
    assert_eq!(run("OUT")["overridden_by"], Value::Null);
    let listing = help_cmd()
        .current_dir(fixture_dir("help-variables"))
        .env("VERSION", "9.9")
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    assert!(
        listing.contains("Version to stamp (default: 1.2) (now 9.9, from the environment)"),
        "{listing}"
    );
}

#[test]
fn json_holds_patterns_aliases_header_and_resolved_names() {
    let json = json_in("help-patterns", &[]);
    assert_eq!(
        *find(&json, "patterns", "image-%"),
        serde_json::json!({
            "name": "image-%",
            "summary": "Build the image for service %",
            "doc": "Build the image for service %",
            "prerequisites": ["docker/%/Dockerfile"],
            "order_only": [],
            "recipe": true,
            "deprecated": false,
            "section": null,
            "location": {"file": "Makefile", "line": 7},
        })
    );
    assert_eq!(find(&json, "patterns", "%.o")["summary"], Value::Null);
    assert!(json.get("resolved").is_none());

    let json = json_in("help-patterns", &["image-api"]);
    assert_eq!(
        json["resolved"],
        serde_json::json!([{
            "name": "image-api",
            "pattern": "image-%",
            "stem": "api",
            "doc": "Build the image for service api",
            "prerequisites": ["docker/api/Dockerfile"],
            "order_only": [],
            "location": {"file": "Makefile", "line": 7},
        }])
    );

    let json = json_in("help-aliases", &[]);
    assert_eq!(
        find(&json, "targets", "build")["aliases"],
        serde_json::json!(["b"])
    );
    assert_eq!(find(&json, "targets", "b")["alias_of"], "build");
    assert_eq!(
        find(&json, "targets", "clean")["aliases"],
        serde_json::json!(["distclean"])
    );

    let json = json_in("help-header", &[]);
    assert_eq!(
        json["header"],
        "acme-cli: builds, tests and ships the acme command line tool.\n\nRun `make` alone to build."
    );
    let json = json_in("help-marker-deprecated", &[]);
    assert_eq!(find(&json, "targets", "old")["deprecated"], true);
    let json = json_in("help-marker-emphasis", &[]);
    assert_eq!(find(&json, "targets", "deploy")["emphasis"], true);
    let json = json_in("help-marker-inline-group", &[]);
    assert_eq!(find(&json, "targets", "image")["section"], "docker");
}

#[test]
fn an_unknown_name_is_still_an_error() {
    help_cmd()
        .current_dir(fixture_dir("help-patterns"))
        .arg("nosuch")
        .assert()
        .code(1)
        .stderr("make-help: error: no target named 'nosuch'\n");
}

/// The names completion may offer through pattern rules: each Dockerfile
/// gives its service; `%.o: %.c` finds no `*.c` here (`src/main.c` is one
/// level down, and `*` does not cross a `/`); `%::` never counts.
#[test]
fn pattern_names_come_from_the_files_there() {
    let dir = fixture_dir("help-patterns");
    let config = make_tools::Config {
        cwd: dir.clone(),
        ..make_tools::Config::default()
    };
    let fs = make_tools::RealFileSystem::default();
    let makefile = make_tools::load(&config, &fs).expect("loads");
    let names = make_tools::pattern_names(&makefile.patterns, &config, &fs).expect("names");
    assert_eq!(names, ["image-api", "image-web"]);
}

/// GNU make, when it is installed.
fn make() -> Option<std::process::Command> {
    let found = std::process::Command::new("make")
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).starts_with("GNU Make"));
    found.then(|| {
        let mut cmd = std::process::Command::new("make");
        cmd.env_clear()
            .envs(std::env::var("PATH").map(|p| ("PATH".to_string(), p)));
        cmd
    })
}

/// What make prints running `ARGS` in `dir` with `extra` read after the
/// makefile.
fn make_output(dir: &Path, extra: Option<&str>, args: &[&str]) -> String {
    let mut cmd = make().expect("make");
    cmd.current_dir(dir).args(["-s", "--no-print-directory"]);
    let wrapper;
    if let Some(extra) = extra {
        wrapper = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(wrapper.path(), format!("include Makefile\n{extra}")).unwrap();
        cmd.arg("-f").arg(wrapper.path());
    }
    let output = cmd.args(args).output().expect("make runs");
    assert!(
        output.status.success(),
        "make {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Each variable's default, as `--json` gives it, is what make gives the
/// variable (the ones whose value needs no shell: `!=` and `$(shell)` are
/// never run).
#[test]
fn variable_defaults_agree_with_gnu_make() {
    if make().is_none() {
        eprintln!("GNU make not found: skipped");
        return;
    }
    for (fixture, assignments) in [
        ("help-variables", &[][..]),
        ("help-variables", &["REGISTRY=quay.io/x"][..]),
        ("help-header", &[][..]),
        ("help-kubebuilder", &[][..]),
    ] {
        let dir = fixture_dir(fixture);
        let mut args = assignments.to_vec();
        args.push("--json");
        let json: Value = serde_json::from_str(&help_in(fixture, &args)).unwrap();
        let mut compared = 0;
        for variable in json["variables"].as_array().unwrap() {
            let name = variable["name"].as_str().unwrap();
            let value = variable["value"].as_str().unwrap();
            if variable["operator"] == "!=" || value.contains("$(shell") || value.contains('\n') {
                continue;
            }
            let default = variable["default"].as_str().unwrap();
            // A default shown as written, references and all, claims no
            // value.
            if default == value && value.contains('$') {
                continue;
            }
            // Overridden now: make gives the value that overrides it.
            let want = variable["current"].as_str().unwrap_or(default);
            let print = format!("$(info $({name}))\n__print: ; @:\n");
            let mut make_args = vec!["__print"];
            make_args.extend(assignments);
            let got = make_output(&dir, Some(&print), &make_args);
            assert_eq!(
                got.strip_suffix('\n').unwrap_or(&got),
                want,
                "{fixture} {assignments:?}: {name}"
            );
            compared += 1;
        }
        assert!(compared > 0, "{fixture}: nothing compared");
    }
}

/// The stem and prerequisites `make-help NAME` gives through a pattern
/// rule are the ones make uses: each recipe of the fixture prints `$*|$^`.
#[test]
fn pattern_stems_agree_with_gnu_make() {
    if make().is_none() {
        eprintln!("GNU make not found: skipped");
        return;
    }
    let dir = fixture_dir("help-patterns");
    for name in ["image-api", "image-web", "src/main.o"] {
        let json = json_in("help-patterns", &[name]);
        let resolved = &json["resolved"][0];
        let prerequisites: Vec<&str> = resolved["prerequisites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let want = format!(
            "{}|{}",
            resolved["stem"].as_str().unwrap(),
            prerequisites.join(" ")
        );
        let got = make_output(&dir, None, &["-B", name]);
        assert_eq!(got.trim_end(), want, "{name}");
    }
}
