//! `make-help --format=markdown|html|make` and `--inject`: snapshots of each
//! document, read back by a real Markdown parser (pulldown-cmark) and a
//! real HTML parser (scraper) and compared with the JSON of the same
//! makefile; the inject/check cycle on a README in a temporary directory;
//! and a generated `help.mk` run through GNU make, with and without
//! make-help on `PATH`, printing what make-help prints.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::support::{USER_ENV, fixture_dir, help_cmd};

/// Runs `make-help ARGS` in `dir`; it must succeed quietly.
fn help_at(dir: &Path, args: &[&str]) -> String {
    let output = help_cmd()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("make-help runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{}: {stderr}", dir.display());
    assert_eq!(stderr, "", "{}: unexpected warnings", dir.display());
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// One table of a document: its section heading and rows of cell texts.
#[derive(Debug, PartialEq, Eq)]
struct Table {
    section: Option<String>,
    rows: Vec<Vec<String>>,
}

/// The tables of a Markdown document, cells as the text a reader sees
/// (code spans and emphasis flattened).
fn markdown_tables(markdown: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    let mut in_head = false;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, MdOptions::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().expect("a cell");
                if !in_head {
                    rows.last_mut().expect("a row").push(text);
                }
            }
            Event::End(TagEnd::Table) => tables.push(Table {
                section: heading.take(),
                rows: std::mem::take(&mut rows),
            }),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = &mut cell {
                    cell.push_str(&text);
                } else if in_heading {
                    heading.as_mut().expect("a heading").push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                assert!(cell.is_none(), "raw HTML in a cell: {html}");
            }
            _ => {}
        }
    }
    tables
}

/// The tables of an HTML page.
fn html_tables(page: &str) -> Vec<Table> {
    let document = scraper::Html::parse_document(page);
    assert!(
        document.errors.is_empty(),
        "HTML errors: {:?}",
        document.errors
    );
    let select = |s: &str| scraper::Selector::parse(s).expect("selector");
    let (tables, heading, rows, cells) = (
        select("h2, table"),
        select("h2"),
        select("tbody tr"),
        select("td"),
    );
    let mut out = Vec::new();
    let mut section = None;
    for element in document.select(&tables) {
        if heading.matches(&element) {
            section = Some(element.text().collect::<String>());
            continue;
        }
        let rows = element
            .select(&rows)
            .map(|row| {
                row.select(&cells)
                    .map(|cell| cell.text().collect::<String>())
                    .collect()
            })
            .collect();
        out.push(Table {
            section: section.take(),
            rows,
        });
    }
    out
}

/// What each table should hold, from `--json` and the text listing: the
/// shown targets grouped as the listing groups them; `summary` makes the
/// description cell from a target's JSON.
fn expected_tables(dir: &Path, summary: impl Fn(&Value) -> String) -> Vec<Table> {
    let json: Value = serde_json::from_str(&help_at(dir, &["--json"])).expect("JSON");
    let listing = help_at(dir, &[]);
    let mut tables = Vec::new();
    let mut section = None;
    let mut rows = Vec::new();
    // The targets' part: after the header and usage line, before the
    // variables and pattern rules.
    let targets_part = listing
        .lines()
        .skip_while(|l| l.starts_with("Usage: ") || l.is_empty())
        .take_while(|l| {
            !l.starts_with(make_tools::VARIABLES_TITLE)
                && !l.starts_with(make_tools::PATTERNS_TITLE)
        });
    let mut lines: Vec<&str> = targets_part.collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    for line in lines {
        // The hint after a listing of undocumented targets is no table.
        if line.starts_with("No target is documented") {
            continue;
        }
        if line.is_empty() {
            tables.push(Table {
                section: section.take(),
                rows: std::mem::take(&mut rows),
            });
        } else if let Some(listed) = line.strip_prefix("  ") {
            // Names in these fixtures hold no blank.
            let name = listed.split(' ').next().expect("a name");
            let target = json["targets"]
                .as_array()
                .expect("targets")
                .iter()
                .find(|t| t["name"] == name)
                .expect("listed target in the JSON");
            let prerequisites = prerequisite_cell(target);
            let mut shown_name = name.to_string();
            if target["default"] == true {
                shown_name.push_str(" (default)");
            }
            rows.push(vec![shown_name, summary(target), prerequisites]);
        } else {
            section = Some(line.to_string());
        }
    }
    tables.push(Table { section, rows });
    // The blank line before the hint closes no table.
    tables.retain(|t| t.section.is_some() || !t.rows.is_empty());
    // Then the variables and the pattern rules, each in a table of its own.
    let mut kind = None;
    for line in listing.lines() {
        for (title, name, field) in [
            (make_tools::VARIABLES_TITLE, "Variables", "variables"),
            (make_tools::PATTERNS_TITLE, "Patterns", "patterns"),
        ] {
            if line.starts_with(title) {
                kind = Some(field);
                tables.push(Table {
                    section: Some(name.to_string()),
                    rows: Vec::new(),
                });
            }
        }
        let (Some(field), Some(listed)) = (kind, line.strip_prefix("  ")) else {
            if line.is_empty() {
                kind = None;
            }
            continue;
        };
        let name = listed.split(' ').next().expect("a name");
        let item = json[field]
            .as_array()
            .expect("a list")
            .iter()
            .find(|v| v["name"] == name)
            .expect("listed in the JSON");
        let mut description = summary(item);
        if item["deprecated"] == true {
            description = format!("(deprecated) {description}").trim_end().to_string();
        }
        let last = if field == "variables" {
            item["value"].as_str().expect("a value").to_string()
        } else {
            prerequisite_cell(item)
        };
        let table = tables.last_mut().expect("a table");
        table.rows.push(vec![name.to_string(), description, last]);
    }
    tables
}

/// `a, b; order-only: c`, from a target's or pattern rule's JSON.
fn prerequisite_cell(item: &Value) -> String {
    let names = |field: &str| -> Vec<String> {
        item[field]
            .as_array()
            .expect("names")
            .iter()
            .map(|n| n.as_str().expect("a name").to_string())
            .collect()
    };
    let (normal, order_only) = (names("prerequisites"), names("order_only"));
    let mut prerequisites = normal.join(", ");
    if !order_only.is_empty() {
        if !prerequisites.is_empty() {
            prerequisites.push_str("; ");
        }
        prerequisites.push_str("order-only: ");
        prerequisites.push_str(&order_only.join(", "));
    }
    prerequisites
}

fn summary_of(target: &Value) -> String {
    target["summary"].as_str().unwrap_or_default().to_string()
}

/// Markdown syntax that a reader does not see as characters.
fn without_inline_markup(target: &Value) -> String {
    summary_of(target).replace(['`', '*'], "")
}

/// The doc as the HTML shows it: the summary, then the rest of the doc.
fn whole_doc(target: &Value) -> String {
    let doc = target["doc"].as_str().unwrap_or_default();
    match doc.split_once('\n') {
        Some((summary, rest)) => format!("{summary}{}", rest.trim_matches('\n')),
        None => doc.to_string(),
    }
}

const DOCUMENT_FIXTURES: &[&str] = &[
    "help-kubebuilder",
    "help-sections-include",
    "help-document-escapes",
    "help-no-docs",
    "help-mmake",
    "seed-blog",
];

#[test]
fn markdown_tables_hold_what_the_listing_shows() {
    for fixture in DOCUMENT_FIXTURES {
        let dir = fixture_dir(fixture);
        let markdown = help_at(&dir, &["--format=markdown"]);
        assert_eq!(
            markdown_tables(&markdown),
            expected_tables(&dir, without_inline_markup),
            "{fixture}:\n{markdown}"
        );
    }
}

#[test]
fn html_tables_hold_what_the_listing_shows() {
    for fixture in DOCUMENT_FIXTURES {
        let dir = fixture_dir(fixture);
        let page = help_at(&dir, &["--format=html"]);
        assert_eq!(
            html_tables(&page),
            expected_tables(&dir, whole_doc),
            "{fixture}:\n{page}"
        );
    }
}

#[test]
fn documents_snapshots() {
    for (name, fixture) in [
        ("kubebuilder", "help-kubebuilder"),
        ("escapes", "help-document-escapes"),
    ] {
        let dir = fixture_dir(fixture);
        for format in ["markdown", "html", "make"] {
            let text = help_at(&dir, &[&format!("--format={format}")]);
            insta::assert_snapshot!(format!("{format}-{name}"), text);
        }
    }
}

#[test]
fn markdown_keeps_the_makefile_text_in_each_cell() {
    let dir = fixture_dir("help-document-escapes");
    let tables = markdown_tables(&help_at(&dir, &["--format=markdown"]));
    assert_eq!(tables[1].section.as_deref(), Some("Build & <test>"));
    let build = &tables[1].rows[0];
    assert_eq!(
        build,
        &[
            "build",
            "Build it: a|b, cargo build, C:\\dir\\ and stars",
            "order-only: out"
        ]
    );
    assert_eq!(tables[1].rows[3][0], "weird`name");
    assert_eq!(tables[1].rows[2][1], "- not a list; # not a heading");
}

#[test]
fn format_json_is_json() {
    let dir = fixture_dir("help-kubebuilder");
    assert_eq!(
        help_at(&dir, &["--format=json"]),
        help_at(&dir, &["--json"])
    );
    assert_eq!(help_at(&dir, &["--format=text"]), help_at(&dir, &[]));
    help_cmd()
        .current_dir(&dir)
        .args(["--format=html", "build"])
        .assert()
        .code(2);
    help_cmd()
        .current_dir(&dir)
        .args(["--json", "--format=markdown"])
        .assert()
        .code(2);
}

/// A copy of a fixture's makefile in a temporary directory.
fn copy_of(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = tmp.path().join("project");
    fs::create_dir(&dir).expect("project directory");
    for entry in fs::read_dir(fixture_dir(fixture)).expect("fixture") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
        }
    }
    (tmp, dir)
}

#[test]
fn inject_then_check_keeps_a_readme_in_sync() {
    let (_tmp, dir) = copy_of("help-kubebuilder");
    let readme = dir.join("README.md");
    let stale = "# Project\n\nTargets:\n\n<!-- make-help:start -->\nold text\n<!-- make-help:end -->\n\nThe end.\n";
    fs::write(&readme, stale).unwrap();
    let run = |args: &[&str]| help_cmd().current_dir(&dir).args(args).output().unwrap();

    // Stale: --check writes nothing, exits 1 and shows the diff.
    let check = run(&["--format=markdown", "--inject", "README.md", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let diff = String::from_utf8(check.stdout).unwrap();
    assert!(diff.starts_with("--- README.md\n+++ README.md\n"), "{diff}");
    assert!(diff.contains("-old text\n"), "{diff}");
    assert!(
        diff.contains("+| `help` | Display this help. |  |\n"),
        "{diff}"
    );
    assert!(
        String::from_utf8_lossy(&check.stderr)
            .contains("make-help: error: README.md is out of date"),
    );
    assert_eq!(fs::read_to_string(&readme).unwrap(), stale);

    // --inject writes it (--format=markdown is implied), quietly.
    let inject = run(&["--inject", "README.md"]);
    assert!(inject.status.success());
    assert_eq!((inject.stdout.len(), inject.stderr.len()), (0, 0));
    let written = fs::read_to_string(&readme).unwrap();
    let markdown = help_at(&dir, &["--format=markdown"]);
    assert_eq!(
        written,
        format!(
            "# Project\n\nTargets:\n\n<!-- make-help:start -->\n\n{markdown}\n<!-- make-help:end -->\n\nThe end.\n"
        )
    );
    // The README's own tables are the listing's (its own headings are
    // outside the markers).
    let injected = written
        .split("<!-- make-help:start -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- make-help:end -->").next())
        .expect("markers");
    assert_eq!(
        markdown_tables(injected),
        markdown_tables(&markdown),
        "{written}"
    );

    // Fresh: --check passes silently; --inject leaves it alone.
    let check = run(&["--format=markdown", "--inject", "README.md", "--check"]);
    assert!(check.status.success());
    assert_eq!((check.stdout.len(), check.stderr.len()), (0, 0));

    // The makefile changes: stale again.
    let makefile = fs::read_to_string(dir.join("Makefile")).unwrap();
    fs::write(
        dir.join("Makefile"),
        makefile.replace("Run go vet against code.", "Vet the code."),
    )
    .unwrap();
    let check = run(&["--inject", "README.md", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let diff = String::from_utf8(check.stdout).unwrap();
    assert!(
        diff.contains("-| `vet` | Run go vet against code. |  |\n+| `vet` | Vet the code. |  |\n"),
        "{diff}"
    );
}

#[test]
fn inject_needs_its_markers_and_markdown() {
    let (_tmp, dir) = copy_of("help-kubebuilder");
    fs::write(dir.join("README.md"), "# No markers\n").unwrap();
    help_cmd()
        .current_dir(&dir)
        .args(["--inject", "README.md"])
        .assert()
        .code(1)
        .stderr("make-help: error: README.md: no '<!-- make-help:start -->' line to put the help after\n");
    help_cmd()
        .current_dir(&dir)
        .args(["--inject", "missing.md"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "make-help: error: missing.md: ",
        ));
    help_cmd()
        .current_dir(&dir)
        .args(["--format=html", "--inject", "README.md"])
        .assert()
        .code(2);
    help_cmd()
        .current_dir(&dir)
        .args(["--check"])
        .assert()
        .code(2);
    help_cmd()
        .current_dir(&dir)
        .args(["--inject", "README.md", "build"])
        .assert()
        .code(2);
}

/// GNU make with the user's environment removed and `PATH` set to `path`.
fn make_with_path(path: &[PathBuf]) -> Option<Command> {
    let version = std::process::Command::new("make").arg("--version").output();
    if !version.is_ok_and(|o| o.stdout.starts_with(b"GNU Make")) {
        eprintln!("skipping: GNU make not found on PATH");
        return None;
    }
    let mut cmd = Command::new("make");
    for key in USER_ENV {
        cmd.env_remove(key);
    }
    cmd.env("PATH", std::env::join_paths(path).expect("PATH"));
    Some(cmd)
}

/// `PATH` without make-help: the system directories that hold make and
/// the shell's tools.
fn path_without_make_help() -> Vec<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|dir| !dir.join("make-help").exists())
        .collect()
}

fn path_with_make_help() -> Vec<PathBuf> {
    let bin = Path::new(env!("CARGO_BIN_EXE_make-help"))
        .parent()
        .expect("binary directory")
        .to_path_buf();
    let mut path = vec![bin];
    path.extend(path_without_make_help());
    path
}

#[test]
fn help_mk_prints_what_make_help_prints_with_make_alone() {
    let (tmp, dir) = copy_of("help-mk");
    let direct = help_at(&dir, &[]);
    let colored = help_at(&dir, &["--color=always"]);
    assert!(direct.contains("Build it, 100%"), "{direct}");
    let help_mk = help_at(&dir, &["--format=make"]);
    // A team shares help.mk: what the environment or a parent make's
    // command line sets of the makefile's variables is not baked in.
    for (key, value) in [("OUT", "elsewhere"), ("MAKEFLAGS", "OUT=elsewhere")] {
        let output = help_cmd()
            .current_dir(&dir)
            .env(key, value)
            .arg("--format=make")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), help_mk, "{key}");
        let listing = help_cmd()
            .current_dir(&dir)
            .env(key, value)
            .output()
            .unwrap();
        assert!(
            String::from_utf8(listing.stdout)
                .unwrap()
                .contains("elsewhere"),
            "{key}: the listing itself tells what is in force"
        );
    }
    fs::write(dir.join("help.mk"), &help_mk).unwrap();
    // Reading help.mk changes nothing in the listing.
    assert_eq!(help_at(&dir, &[]), direct);

    // No make-help on PATH: `make help`, `make -C dir help`.
    let Some(mut make) = make_with_path(&path_without_make_help()) else {
        return;
    };
    make.current_dir(&dir)
        .arg("help")
        .assert()
        .success()
        .stdout(direct.clone())
        .stderr("");
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(tmp.path())
        .args(["--no-print-directory", "-C", "project", "help"])
        .assert()
        .success()
        .stdout(direct.clone())
        .stderr("");
    // Under `make -O` on a terminal (MAKE_TERMOUT), in colors, as make-help.
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(&dir)
        .env("MAKE_TERMOUT", "/dev/pts/0")
        .arg("help")
        .assert()
        .success()
        .stdout(colored.clone());
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(&dir)
        .env("MAKE_TERMOUT", "/dev/pts/0")
        .env("NO_COLOR", "1")
        .arg("help")
        .assert()
        .success()
        .stdout(direct.clone());

    // The makefile changes; without make-help, help.mk stays as it is and
    // make says nothing.
    let makefile = fs::read_to_string(dir.join("Makefile")).unwrap();
    let changed = makefile.replace("Run the tests; it's quick", "Run every test");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    fs::write(dir.join("Makefile"), changed).unwrap();
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(&dir)
        .arg("help")
        .assert()
        .success()
        .stdout(direct.clone())
        .stderr("");
    assert_eq!(fs::read_to_string(dir.join("help.mk")).unwrap(), help_mk);

    // With make-help on PATH, make makes help.mk again first, then prints
    // the new help.
    let new_direct = help_at(&dir, &[]);
    assert!(new_direct.contains("Run every test"), "{new_direct}");
    let mut make = make_with_path(&path_with_make_help()).unwrap();
    make.current_dir(tmp.path())
        .args(["--no-print-directory", "-C", "project", "help"])
        .assert()
        .success()
        .stdout(new_direct.clone())
        .stderr("");
    let regenerated = fs::read_to_string(dir.join("help.mk")).unwrap();
    assert_eq!(regenerated, help_at(&dir, &["--format=make"]));
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(&dir)
        .arg("help")
        .assert()
        .success()
        .stdout(new_direct);
    // The other targets still build.
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(&dir)
        .arg("test")
        .assert()
        .success()
        .stdout("mkdir -p out\nbuild\ntest\n");
}

#[test]
fn readme_one_liner_falls_back_to_awk_without_make_help() {
    let dir = fixture_dir("help-one-liner");
    let Some(mut make) = make_with_path(&path_with_make_help()) else {
        return;
    };
    make.current_dir(&dir)
        .arg("help")
        .assert()
        .success()
        .stdout(help_at(&dir, &[]))
        .stderr("");
    let mut make = make_with_path(&path_without_make_help()).unwrap();
    make.current_dir(&dir)
        .arg("help")
        .assert()
        .success()
        .stdout(
            "  help                 Show this help\n  build                Build it\n  test                 Run the tests\n",
        )
        .stderr("");
}

/// The project's own `help.mk`, which its Makefile includes, is what
/// make-help writes for it; `UPDATE_HELP_MK=1 cargo test` writes it again.
#[test]
fn project_help_mk_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = help_at(root, &["-f", "Makefile", "--format=make"]);
    let path = root.join("help.mk");
    if std::env::var_os("UPDATE_HELP_MK").is_some() {
        fs::write(&path, &fresh).expect("write help.mk");
    }
    let committed = fs::read_to_string(&path).expect("help.mk");
    assert!(
        committed == fresh,
        "help.mk is stale: UPDATE_HELP_MK=1 cargo test --test integration project_help_mk writes it again"
    );
    // Make alone prints what make-help prints.
    let Some(mut make) = make_with_path(&path_without_make_help()) else {
        return;
    };
    make.current_dir(root)
        .args(["--no-print-directory", "help"])
        .assert()
        .success()
        .stdout(help_at(root, &[]));
}

/// help.mk's rule makes it again with the options that chose what it
/// lists.
#[test]
fn help_mk_is_made_again_with_the_same_selection() {
    let dir = fixture_dir("help-kubebuilder");
    let help_mk = help_at(
        &dir,
        &[
            "--format=make",
            "--section",
            "Build",
            "--no-deps",
            "--unsorted",
            "d*",
            "IMG=x y",
        ],
    );
    assert!(
        help_mk.contains(
            "\t  make-help -f Makefile --unsorted --no-deps --section Build --format=make 'd*' 'IMG=x y' > $@.new"
        ),
        "{help_mk}"
    );
    assert!(help_mk.contains("'docker-build'"), "{help_mk}");
    assert!(!help_mk.contains("'deploy'"), "{help_mk}");
}
