//! The command-line policy of both binaries, in one place: make's option
//! spellings (`-f/--file/--makefile`, `-C/--directory`, `-I/--include-dir`,
//! `VAR=value` words), exit codes (0 ok, 1 runtime error, 2 usage error),
//! warnings on stderr as `make-help: warning: path:line: …`, and a closed
//! pipe treated as success. This is the only module that looks at the
//! process: its arguments, environment, current directory and terminal.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use clap_complete::Shell;

mod args;
mod choose;
mod help_completion;
mod inject;
mod makeflags;
mod settings;

use args::{HelpArgs, HelpFormat, LintMode, MakeOptions, MakeShell, TargetsArgs};

use crate::config::{self, Config, Detail};
use crate::model::Makefile;
use crate::output::docs;
use crate::output::help;
use crate::output::help_sections;
use crate::output::html;
use crate::output::json;
use crate::output::make_script;
use crate::output::markdown;
use crate::output::patterns;
use crate::output::styles::Styles;
use crate::output::target_list::{self, ListOptions};
use crate::output::variables;
use crate::source::RealFileSystem;

/// Exit code for a runtime error.
pub(crate) const EXIT_ERROR: u8 = 1;
/// Exit code for a usage error.
pub(crate) const EXIT_USAGE: u8 = 2;

/// The process state the tools depend on.
#[derive(Debug, Clone, Default)]
pub struct Process {
    /// Arguments, the program name first.
    pub args: Vec<OsString>,
    /// The environment.
    pub env: Vec<(String, String)>,
    /// The current directory.
    pub cwd: PathBuf,
    /// stdout is a terminal.
    pub stdout_is_terminal: bool,
    /// stdin is a terminal: `-f -` would wait for typing, so it is refused.
    pub stdin_is_terminal: bool,
    /// The width of the terminal: stdout's, or under `make -O` (which
    /// exports `MAKE_TERMOUT`) the controlling terminal's.
    pub terminal_width: Option<usize>,
    /// What the machine says about itself ([`host_facts`]).
    pub host: config::Host,
}

impl Process {
    /// The running process.
    #[must_use]
    pub fn current() -> Self {
        let stdout_is_terminal = io::stdout().is_terminal();
        let mut process = Process {
            args: std::env::args_os().collect(),
            env: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            cwd: usable_current_dir(),
            stdout_is_terminal,
            stdin_is_terminal: io::stdin().is_terminal(),
            terminal_width: None,
            host: host_facts(),
        };
        let size = if stdout_is_terminal {
            terminal_size::terminal_size()
        } else if process.var("MAKE_TERMOUT").is_some_and(|v| !v.is_empty()) {
            std::fs::File::open("/dev/tty")
                .ok()
                .and_then(|tty| terminal_size::terminal_size_of(&tty))
        } else {
            None
        };
        process.terminal_width = size.map(|(w, _)| usize::from(w.0));
        process
    }

    /// An environment variable.
    #[must_use]
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The current directory, absolute; `.` when it has no absolute name the
/// system takes (longer than `PATH_MAX`, or `getcwd` fails): GNU make then
/// warns "getcwd: Numerical result out of range" and reads `./Makefile`,
/// and relative names still reach every file.
fn usable_current_dir() -> PathBuf {
    #[cfg(unix)]
    const PATH_MAX: usize = libc::PATH_MAX as usize;
    #[cfg(not(unix))]
    const PATH_MAX: usize = usize::MAX;
    match std::env::current_dir() {
        Ok(dir) if dir.as_os_str().len() < PATH_MAX => dir,
        _ => PathBuf::from("."),
    }
}

/// Turns options into the loader's configuration.
fn config(
    process: &Process,
    make: &MakeOptions,
    assignments: Vec<String>,
    detail: Detail,
) -> Config {
    let home = process.var("HOME");
    let paths = |list: &[PathBuf]| list.iter().map(|p| tilde(p, home)).collect::<Vec<_>>();
    // What a make that runs us passes on: its `-I` directories after ours,
    // its command line's variables before ours (the last one wins).
    let inherited = makeflags::parse(process.var("MAKEFLAGS").unwrap_or(""));
    let mut include_dirs = paths(&make.include_dir);
    include_dirs.extend(paths(&inherited.include_dirs));
    let mut command_line_variables = inherited.variables;
    command_line_variables.extend(assignments);
    Config {
        cwd: process.cwd.clone(),
        directories: paths(&make.directory),
        makefiles: paths(&make.file),
        include_dirs,
        default_include_dirs: config::DEFAULT_INCLUDE_DIRS
            .iter()
            .map(PathBuf::from)
            .collect(),
        environment: process.env.clone(),
        command_line_variables,
        detail,
        variable_uses: false,
        host: process.host.clone(),
    }
}

/// What this machine says about itself (`uname(2)`, the effective ids, the
/// CPU affinity): a few system calls, no process started, no file read.
#[must_use]
pub fn host_facts() -> config::Host {
    #[cfg(unix)]
    {
        let name = rustix::system::uname();
        let text = |c: &std::ffi::CStr| Some(c.to_string_lossy().into_owned());
        let kernel_name = text(name.sysname());
        // coreutils' `uname -o` on a GNU system (glibc): the kernel alone
        // names no operating system otherwise.
        let operating_system = match kernel_name.as_deref() {
            Some("Linux") if cfg!(target_env = "gnu") => Some("GNU/Linux".to_string()),
            _ => None,
        };
        config::Host {
            node_name: text(name.nodename()),
            kernel_release: text(name.release()),
            kernel_version: text(name.version()),
            machine: text(name.machine()),
            kernel_name,
            operating_system,
            user_id: Some(rustix::process::geteuid().as_raw()),
            group_id: Some(rustix::process::getegid().as_raw()),
            processors: rustix::thread::sched_getaffinity(None)
                .ok()
                .map(|set| set.count()),
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .and_then(|d| i64::try_from(d.as_secs()).ok()),
        }
    }
    #[cfg(not(unix))]
    config::Host::default()
}

/// make itself expands a leading `~` in `-C`, `-f` and `-I` values, even
/// when the shell did not (`--directory=~/src`).
fn tilde(path: &Path, home: Option<&str>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => Path::new(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// Parses arguments; on `--help`, `--version` or a usage error, the exit
/// code to return.
fn parse_args<T: Parser>(program: &str, process: &Process) -> Result<T, ExitCode> {
    T::try_parse_from(&process.args).map_err(|e| {
        if e.use_stderr() {
            let text = usage_error(program, &e.render().to_string());
            let _ = io::stderr().lock().write_all(text.as_bytes());
        } else {
            // `--help` and `--version`, on stdout as clap writes them.
            let _ = e.print();
        }
        ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE))
    })
}

/// A usage error as clap words it, made to look like the tools' other
/// messages: `program: error: ...` on the first line, and without clap's
/// `tip:` lines (with the blank line before them).
fn usage_error(program: &str, clap_text: &str) -> String {
    let mut out = String::with_capacity(clap_text.len() + program.len() + 2);
    let lines: Vec<&str> = clap_text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let tip = |l: &str| l.trim_start().starts_with("tip:");
        if tip(line) || (line.is_empty() && lines.get(i + 1).is_some_and(|next| tip(next))) {
            continue;
        }
        if i == 0 {
            out.push_str(program);
            out.push_str(": ");
            if !line.starts_with("error:") {
                out.push_str("error: ");
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Writes through a buffered, locked stdout; a closed pipe is success.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints a message on stderr as `program: kind: message`, escaped.
fn message(program: &str, kind: &str, text: &str) {
    let _ = writeln!(
        io::stderr().lock(),
        "{program}: {kind}: {}",
        crate::output::escape::escape(text)
    );
}

fn warnings(program: &str, makefile: &Makefile) {
    for d in makefile.diagnostics.iter().filter(|d| d.is_warning()) {
        message(program, "warning", &d.to_string());
    }
}

/// `--explain`: files read and diagnostics, in reading order.
fn explain(program: &str, makefile: &Makefile) {
    use crate::model::Step;
    for step in makefile.steps() {
        let text = match step {
            Step::Read(file) => format!("read {} ({})", file.display, makefile.how_found(file)),
            Step::Diagnostic(d) => d.to_string(),
        };
        message(program, "explain", &text);
    }
}

/// Loads the makefile. It is never dropped: the process ends right after
/// printing it, and freeing every target one by one was a tenth of the run.
fn load_makefile(
    program: &str,
    process: &Process,
    config: &Config,
) -> Result<ManuallyDrop<Makefile>, ExitCode> {
    // make would wait for a makefile typed at the terminal; on a TAB, that
    // is a hung shell.
    if process.stdin_is_terminal && config.makefiles.iter().any(|f| f.as_os_str() == "-") {
        message(
            program,
            "error",
            "-f -: standard input is a terminal; pipe a makefile in (make-help -f - < Makefile)",
        );
        return Err(ExitCode::from(EXIT_USAGE));
    }
    crate::eval::read_makefile(config, &RealFileSystem::default())
        .map(ManuallyDrop::new)
        .map_err(|e| {
            message(program, "error", &e.to_string());
            ExitCode::from(EXIT_ERROR)
        })
}

/// `--completions SHELL`: the completion script of `program` for `shell`
/// (make-help's completes its TARGET words too, see [`help_completion`]).
fn completions<T: CommandFactory>(program: &str, shell: Shell) -> ExitCode {
    // clap_complete panics when a write fails: generate in memory, then
    // write as everything else is written (a closed pipe is success).
    let mut script = Vec::new();
    let mut command = T::command();
    clap_complete::generate(shell, &mut command, program, &mut script);
    if program == "make-help" {
        let text = String::from_utf8_lossy(&script).into_owned();
        script = help_completion::with_words(shell, text, &command).into_bytes();
    }
    finish(program, write_stdout(|out| out.write_all(&script)))
}

/// The completion script of make for `shell`, as in `completions/`.
fn make_completion_script(shell: MakeShell) -> &'static str {
    match shell {
        MakeShell::Bash => include_str!("../../completions/make.bash"),
        MakeShell::Zsh => include_str!("../../completions/_make"),
        MakeShell::Fish => include_str!("../../completions/make.fish"),
        MakeShell::Nushell => include_str!("../../completions/make.nu"),
        MakeShell::Powershell => include_str!("../../completions/make.ps1"),
    }
}

fn finish(program: &str, result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            message(program, "error", &e.to_string());
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The `make-targets` program.
#[must_use]
pub fn make_targets(process: &Process) -> ExitCode {
    const PROGRAM: &str = "make-targets";
    let args: TargetsArgs = match parse_args(PROGRAM, process) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if let Some(shell) = args.completions {
        return completions::<TargetsArgs>(PROGRAM, shell);
    }
    if let Some(shell) = args.make_completion {
        let script = make_completion_script(shell);
        return finish(
            PROGRAM,
            write_stdout(|out| out.write_all(script.as_bytes())),
        );
    }
    if let Some(word) = args.words.iter().find(|w| !crate::eval::is_assignment(w)) {
        message(
            PROGRAM,
            "error",
            &format!("'{word}' is not a VAR=value assignment"),
        );
        return ExitCode::from(EXIT_USAGE);
    }
    // A list of every name needs the names only; what completes a word
    // also offers documented variables and names made through pattern
    // rules, and the other formats show docs.
    let detail = if args.format.describes() || args.prefix.is_some() {
        Detail::Docs
    } else {
        Detail::Names
    };
    let config = config(process, &args.make, args.words, detail);
    let makefile = match load_makefile(PROGRAM, process, &config) {
        Ok(m) => m,
        Err(code) => return code,
    };
    if args.make.explain {
        explain(PROGRAM, &makefile);
    } else if args.warnings {
        warnings(PROGRAM, &makefile);
    }
    // A `-C DIR` that cannot be entered was reported by the reading.
    let pattern_names = if detail == Detail::Names {
        Vec::new()
    } else {
        crate::eval::stems::pattern_names(&makefile.patterns, &config, &RealFileSystem::default())
            .unwrap_or_default()
    };
    finish(
        PROGRAM,
        write_stdout(|out| {
            let options = ListOptions {
                format: args.format,
                prefix: args.prefix.as_deref(),
                ignore_case: args.ignore_case,
                loose: args.loose,
                width: args.width,
                pattern_names: &pattern_names,
                for_help: args.for_program == args::ListFor::MakeHelp,
                sections: args.sections,
            };
            target_list::target_list(&makefile, &options, out)
        }),
    )
}

/// The `make-help` program.
#[must_use]
pub fn make_help(process: &Process) -> ExitCode {
    const PROGRAM: &str = "make-help";
    let args: HelpArgs = match parse_args(PROGRAM, process) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if let Some(shell) = args.completions {
        return completions::<HelpArgs>(PROGRAM, shell);
    }
    if let Some(shell) = args.choose_widget {
        let script = choose::widget(shell);
        return finish(
            PROGRAM,
            write_stdout(|out| out.write_all(script.as_bytes())),
        );
    }
    let mut allowed = Vec::new();
    for name in &args.allow {
        let Some(check) = crate::lint::Check::named(name) else {
            let names: Vec<&str> = crate::lint::Check::ALL.iter().map(|c| c.name()).collect();
            message(
                PROGRAM,
                "error",
                &format!(
                    "--allow: no check named '{name}' (checks: {})",
                    names.join(", ")
                ),
            );
            return ExitCode::from(EXIT_USAGE);
        };
        allowed.push(check);
    }
    let (assignments, goals): (Vec<String>, Vec<String>) = args
        .words
        .into_iter()
        .partition(|w| crate::eval::is_assignment(w));
    // A target shown in full shows its recipe: kept only then.
    let detail = if goals.iter().any(|g| !g.contains(['*', '?', '['])) {
        Detail::Recipes
    } else {
        Detail::Everything
    };
    let mut config = config(process, &args.make, assignments.clone(), detail);
    // Which targets use a variable: shown in detail and in JSON only.
    config.variable_uses = !goals.is_empty() || args.json || args.format == Some(HelpFormat::Json);
    let makefile = match load_makefile(PROGRAM, process, &config) {
        Ok(m) => m,
        Err(code) => return code,
    };
    if args.make.explain {
        explain(PROGRAM, &makefile);
    } else {
        warnings(PROGRAM, &makefile);
    }
    if makefile.files.is_empty() {
        message(
            PROGRAM,
            "error",
            "no makefile found (GNUmakefile, makefile or Makefile)",
        );
        return ExitCode::from(EXIT_ERROR);
    }
    let environment = settings::ColorEnvironment {
        stdout_is_terminal: process.stdout_is_terminal,
        no_color: process.var("NO_COLOR").map(str::to_string),
        clicolor_force: process.var("CLICOLOR_FORCE").map(str::to_string),
        term: process.var("TERM").map(str::to_string),
        make_termout: process.var("MAKE_TERMOUT").map(str::to_string),
    };
    let styles = Styles::new(settings::use_color(args.color, &environment));
    let width = settings::wrap_width(args.width, process);
    if let Some(mode) = args.lint {
        if !goals.is_empty() {
            message(
                PROGRAM,
                "error",
                "--lint checks every target; it takes no TARGET",
            );
            return ExitCode::from(EXIT_USAGE);
        }
        return lint(PROGRAM, &makefile, &config, &allowed, mode, args.json);
    }
    let format = match args.format {
        Some(format) => format,
        None if args.json => HelpFormat::Json,
        None if args.inject.is_some() => HelpFormat::Markdown,
        None => HelpFormat::Text,
    };
    // Words with glob characters are patterns: the listing of what they
    // match; names alone are shown in full.
    let (patterns, names): (Vec<String>, Vec<String>) =
        goals.into_iter().partition(|g| g.contains(['*', '?', '[']));
    let options = help::Options {
        all: args.all,
        unsorted: args.unsorted,
        width,
        deps: if args.no_deps {
            help::Deps::None
        } else if args.deps {
            help::Deps::All
        } else {
            help::Deps::Fit
        },
        verbose: args.verbose,
        patterns,
        sections: args.section,
        cwd: Some(process.cwd.clone()),
    };
    if let Some(code) = check_selection(PROGRAM, &makefile, &options, &names) {
        return code;
    }
    if args.choose {
        if !names.is_empty() {
            message(
                PROGRAM,
                "error",
                "--choose offers the targets of the listing; it takes no TARGET (a pattern or \
                 --section narrows the list)",
            );
            return ExitCode::from(EXIT_USAGE);
        }
        return choose::run(
            PROGRAM,
            process,
            &makefile,
            &options,
            &args.make,
            &assignments,
        );
    }
    if let Some(path) = &args.inject {
        if !names.is_empty() || !options.patterns.is_empty() {
            message(
                PROGRAM,
                "error",
                "--inject writes the listing of every target; it takes no TARGET",
            );
            return ExitCode::from(EXIT_USAGE);
        }
        if format != HelpFormat::Markdown {
            message(
                PROGRAM,
                "error",
                "--inject writes Markdown: it takes --format=markdown only",
            );
            return ExitCode::from(EXIT_USAGE);
        }
        return inject_listing(PROGRAM, process, &makefile, &options, path, args.check);
    }
    if names.is_empty() || !options.patterns.is_empty() {
        let mut options = options;
        // Names given with patterns are listed with what they match.
        options.patterns.extend(names);
        let command = regenerate_command(&makefile, &args.make, &assignments, &options);
        if format == HelpFormat::Make {
            let makefile = match shared_reading(PROGRAM, process, &config, &makefile, &assignments)
            {
                Ok(Some(shared)) => shared,
                Ok(None) => makefile,
                Err(code) => return code,
            };
            let result = write_stdout(|out| make_script::write(&makefile, &options, &command, out));
            return finish(PROGRAM, result);
        }
        let result =
            write_stdout(|out| help_listing(&makefile, &options, format, &command, &styles, out));
        return finish(PROGRAM, result);
    }
    if !matches!(format, HelpFormat::Text | HelpFormat::Json) {
        message(
            PROGRAM,
            "error",
            "TARGET... shows targets in full as text or JSON; --format=markdown, html and make list every target",
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let json = format == HelpFormat::Json;
    help_goals(PROGRAM, &makefile, &names, json, &options, &styles)
}

/// A `--section` that names no section of the makefile, or patterns that
/// match no target: an error naming what there is; the exit code then.
fn check_selection(
    program: &str,
    makefile: &Makefile,
    options: &help::Options,
    names: &[String],
) -> Option<ExitCode> {
    let mut titles: Vec<&str> = Vec::new();
    for title in &makefile.sections {
        if !titles.contains(&&**title) {
            titles.push(title);
        }
    }
    let unknown: Vec<&String> = options
        .sections
        .iter()
        .filter(|s| !titles.iter().any(|t| t.eq_ignore_ascii_case(s)))
        .collect();
    if !unknown.is_empty() {
        let there = if titles.is_empty() {
            "the makefile has no ##@ sections".to_string()
        } else {
            let quoted: Vec<String> = titles.iter().map(|t| format!("'{t}'")).collect();
            format!("the sections are {}", quoted.join(", "))
        };
        for name in unknown {
            message(
                program,
                "error",
                &format!("no section named '{name}'; {there}"),
            );
        }
        return Some(ExitCode::from(EXIT_ERROR));
    }
    if options.patterns.is_empty() {
        return None;
    }
    let matched = options
        .patterns
        .iter()
        .chain(names)
        .filter_map(|p| glob::Pattern::new(p).ok())
        .any(|p| makefile.sorted_names().any(|n| p.matches(n)));
    if matched {
        return None;
    }
    let all: Vec<String> = options
        .patterns
        .iter()
        .chain(names)
        .map(|p| format!("'{p}'"))
        .collect();
    message(
        program,
        "error",
        &format!("no target matches {}", all.join(" or ")),
    );
    Some(ExitCode::from(EXIT_ERROR))
}

/// `--lint`: the findings on stdout; exit 1 when there are some, unless
/// `--lint=warn`.
fn lint(
    program: &str,
    makefile: &Makefile,
    config: &Config,
    allowed: &[crate::lint::Check],
    mode: LintMode,
    json: bool,
) -> ExitCode {
    use crate::source::FileSystem;
    // make's working directory: where the user stands, then each `-C`.
    let mut here = config.cwd.clone();
    for dir in &config.directories {
        here = here.join(dir);
    }
    let fs = RealFileSystem::default();
    let kind_here = |name: &str| fs.kind(&here.join(name)).ok();
    let findings = crate::lint::lint(makefile, allowed, &kind_here);
    let result = write_stdout(|out| crate::output::findings::write(makefile, &findings, json, out));
    match finish(program, result) {
        code if code != ExitCode::SUCCESS => code,
        _ if !findings.is_empty() && mode == LintMode::Error => ExitCode::from(EXIT_ERROR),
        code => code,
    }
}

/// `make-help` with no goal: the listing, in `format`.
fn help_listing(
    makefile: &Makefile,
    options: &help::Options,
    format: HelpFormat,
    command: &str,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        HelpFormat::Json => {
            let entries = docs::entries(makefile);
            let mut all: Vec<&docs::Entry<'_>> = entries.iter().collect();
            if !options.unsorted {
                all.sort_by(|a, b| a.target.name().cmp(b.target.name()));
            }
            json::write(&json::help(makefile, &all), out)
        }
        HelpFormat::Text => help_sections::write_help(makefile, options, styles, out),
        HelpFormat::Markdown => {
            let entries = help::shown_entries(makefile, options);
            markdown::write(makefile, &entries, options, out)
        }
        HelpFormat::Html => {
            let entries = help::shown_entries(makefile, options);
            html::write(makefile, &entries, options, out)
        }
        HelpFormat::Make => make_script::write(makefile, options, command, out),
    }
}

/// The makefile read again for a `help.mk`, which a team shares and make
/// writes again from its own recipe: without what this process's
/// environment sets of the variables the makefile assigns (so that a
/// documented `?=` shows its own default, not "now ..., from the
/// environment"), and with only our own `VAR=value` words, not those a
/// parent make passes in `MAKEFLAGS` (`make FOO=1 build` remaking help.mk
/// would bake `FOO=1` in). `None`: the first reading is that one already,
/// or cannot be done again (`-f -` read standard input).
fn shared_reading(
    program: &str,
    process: &Process,
    config: &Config,
    makefile: &Makefile,
    assignments: &[String],
) -> Result<Option<ManuallyDrop<Makefile>>, ExitCode> {
    let assigned: std::collections::HashSet<&str> =
        makefile.assignments.iter().map(|a| &*a.name).collect();
    let mut shared = config.clone();
    shared
        .environment
        .retain(|(name, _)| !assigned.contains(name.as_str()));
    shared.command_line_variables = assignments.to_vec();
    let same = shared.environment.len() == config.environment.len()
        && shared.command_line_variables == config.command_line_variables;
    if same || config.makefiles.iter().any(|f| f.as_os_str() == "-") {
        return Ok(None);
    }
    load_makefile(program, process, &shared).map(Some)
}

/// The make-help command that a `help.mk` runs to make itself again: the
/// makefile make reads, and the options and patterns that change the
/// listing.
fn regenerate_command(
    makefile: &Makefile,
    make: &MakeOptions,
    assignments: &[String],
    options: &help::Options,
) -> String {
    let quote = |word: &str| {
        if !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./=+,:@%".contains(&b))
        {
            word.to_string()
        } else {
            format!("'{}'", word.replace('\'', "'\\''"))
        }
    };
    let mut words = vec!["make-help".to_string()];
    let main = makefile
        .files
        .iter()
        .find(|f| f.found == crate::model::Found::Main);
    if let Some(file) = main {
        words.push("-f".to_string());
        words.push(quote(&file.name));
    }
    for dir in &make.include_dir {
        words.push("-I".to_string());
        words.push(quote(&dir.to_string_lossy()));
    }
    if options.all {
        words.push("--all".to_string());
    }
    if options.unsorted {
        words.push("--unsorted".to_string());
    }
    if options.verbose {
        words.push("--verbose".to_string());
    }
    match options.deps {
        help::Deps::Fit => {}
        help::Deps::All => words.push("--deps".to_string()),
        help::Deps::None => words.push("--no-deps".to_string()),
    }
    for section in &options.sections {
        words.push("--section".to_string());
        words.push(quote(section));
    }
    words.push("--format=make".to_string());
    for pattern in &options.patterns {
        words.push(quote(pattern));
    }
    // Only the assignments of our own command line: make passes its own on.
    for assignment in assignments {
        words.push(quote(assignment));
    }
    words.join(" ")
}

/// `--inject FILE [--check]`: the Markdown listing into FILE.
fn inject_listing(
    program: &str,
    process: &Process,
    makefile: &Makefile,
    options: &help::Options,
    path: &Path,
    check: bool,
) -> ExitCode {
    let entries = help::shown_entries(makefile, options);
    let mut generated = Vec::new();
    if let Err(e) = markdown::write(makefile, &entries, options, &mut generated) {
        message(program, "error", &e.to_string());
        return ExitCode::from(EXIT_ERROR);
    }
    let generated = String::from_utf8_lossy(&generated);
    let display = path.display().to_string();
    let full = process.cwd.join(path);
    match inject::inject(&full, &display, &generated, check) {
        Ok(inject::Outcome::UpToDate) => ExitCode::SUCCESS,
        Ok(inject::Outcome::Changed(_)) if !check => ExitCode::SUCCESS,
        Ok(inject::Outcome::Changed(diff)) => {
            let result = write_stdout(|out| out.write_all(diff.as_bytes()));
            let _ = finish(program, result);
            message(
                program,
                "error",
                &format!(
                    "{display} is out of date; make-help --format=markdown --inject {display} updates it"
                ),
            );
            ExitCode::from(EXIT_ERROR)
        }
        Err(e) => {
            message(program, "error", &e);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// What a name given to `make-help` turned out to be.
enum Shown<'e, 'm> {
    Target(&'e docs::Entry<'m>),
    Variable(variables::VariableEntry<'m>),
    Pattern(&'e patterns::PatternEntry<'m>),
    Resolved(patterns::Resolved<'m>),
}

/// Where `make -C DIR [-f FILE]` would read its makefile, as the user
/// names it: FILE, or GNUmakefile, makefile or Makefile in DIR (relative
/// to make's directory, `CURDIR`); `None` when there is none.
fn makefile_in(
    makefile: &Makefile,
    user_cwd: Option<&Path>,
) -> impl Fn(&str, Option<&str>) -> Option<String> {
    use crate::source::{FileKind, FileSystem, normalize};
    let here = user_cwd.map(Path::to_path_buf).unwrap_or_default();
    let base = makefile
        .variable("CURDIR")
        .filter(|v| !v.unknown)
        .map_or_else(|| here.clone(), |v| PathBuf::from(&*v.value));
    move |dir: &str, file: Option<&str>| {
        let fs = RealFileSystem::default();
        let dir = base.join(dir);
        let names = match file {
            Some(file) => vec![file],
            None => vec!["GNUmakefile", "makefile", "Makefile"],
        };
        names.into_iter().find_map(|name| {
            let path = normalize(&dir.join(name));
            matches!(fs.kind(&path), Ok(FileKind::Regular)).then(|| {
                path.strip_prefix(&here)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned()
            })
        })
    }
}

/// `make-help TARGET...`: each named target in full, and an error with
/// suggestions for each name that is no target.
fn help_goals(
    program: &str,
    makefile: &Makefile,
    goals: &[String],
    json: bool,
    options: &help::Options,
    styles: &Styles,
) -> ExitCode {
    let entries = docs::entries(makefile);
    let pattern_entries = patterns::pattern_entries(makefile);
    let mut found = Vec::new();
    let mut shown = Vec::new();
    let mut unknown = false;
    for goal in goals {
        if let Some(entry) = entries.iter().find(|e| e.target.name() == *goal) {
            found.push(entry);
            shown.push(Shown::Target(entry));
            continue;
        }
        if let Some(variable) = variables::variable_entry(makefile, goal) {
            shown.push(Shown::Variable(variable));
            continue;
        }
        if let Some(pattern) = pattern_entries.iter().find(|p| p.name() == *goal) {
            shown.push(Shown::Pattern(pattern));
            continue;
        }
        if let Some(resolved) = patterns::resolve(makefile, goal) {
            shown.push(Shown::Resolved(resolved));
            continue;
        }
        unknown = true;
        let names: Vec<String> = docs::suggestions(makefile, goal)
            .iter()
            .map(|n| format!("'{n}'"))
            .collect();
        let hint = match names.as_slice() {
            [] => String::new(),
            [one] => format!("; did you mean {one}?"),
            more => format!("; did you mean one of {}?", more.join(", ")),
        };
        message(program, "error", &format!("no target named '{goal}'{hint}"));
    }
    let result = write_stdout(|out| {
        if json {
            let variables: Vec<&variables::VariableEntry<'_>> = shown
                .iter()
                .filter_map(|s| match s {
                    Shown::Variable(v) => Some(v),
                    _ => None,
                })
                .collect();
            let patterns: Vec<&patterns::PatternEntry<'_>> = shown
                .iter()
                .filter_map(|s| match s {
                    Shown::Pattern(p) => Some(*p),
                    _ => None,
                })
                .collect();
            let mut document = json::help_with(makefile, &found, &variables, &patterns);
            document.resolved = shown
                .iter()
                .filter_map(|s| match s {
                    Shown::Resolved(r) => Some(json::resolved(makefile, r.clone())),
                    _ => None,
                })
                .collect();
            return json::write(&document, out);
        }
        let makefile_in = makefile_in(makefile, options.cwd.as_deref());
        for (i, item) in shown.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            match item {
                Shown::Target(entry) => {
                    help::details(makefile, entry, options, &makefile_in, styles, out)?;
                }
                Shown::Variable(v) => {
                    help_sections::variable_details(makefile, v, options.width, styles, out)?;
                }
                Shown::Pattern(p) => {
                    help_sections::pattern_details(makefile, p, options.width, styles, out)?;
                }
                Shown::Resolved(r) => {
                    help_sections::resolved_details(makefile, r, options.width, styles, out)?;
                }
            }
        }
        Ok(())
    });
    match finish(program, result) {
        code if code != ExitCode::SUCCESS => code,
        _ if unknown => ExitCode::from(EXIT_ERROR),
        code => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_read_like_the_other_messages() {
        let clap = "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: make-help [OPTIONS] [VAR=VALUE|TARGET]...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_error("make-help", clap),
            "make-help: error: unexpected argument '--bogus' found\n\nUsage: make-help [OPTIONS] [VAR=VALUE|TARGET]...\n\nFor more information, try '--help'.\n"
        );
        let clap = "error: invalid value 'x' for '--format <FORMAT>'\n  [possible values: words, lines, zsh, fish]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_error("make-targets", clap),
            "make-targets: error: invalid value 'x' for '--format <FORMAT>'\n  [possible values: words, lines, zsh, fish]\n\nFor more information, try '--help'.\n"
        );
        assert_eq!(usage_error("make-help", "bad\n"), "make-help: error: bad\n");
    }
}
