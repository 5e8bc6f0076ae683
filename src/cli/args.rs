//! The command lines of both tools, with make's own spellings for the
//! options they share with make (manual 9.7 "Summary of Options"): `-f`,
//! `--file`, `--makefile`, `-C`, `--directory`, `-I`, `--include-dir`, and
//! `VAR=value` words.

use std::path::PathBuf;

use clap::{Args, Parser, ValueHint};
use clap_complete::Shell;

use super::settings::ColorChoice;
use crate::output::target_list::ListFormat;

/// Whose command line `make-targets` completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFor {
    /// make: targets, `NAME=` and `NAME=value`
    Make,
    /// make-help: targets, variables by name, names made through pattern rules
    MakeHelp,
}

/// The shells `--choose-widget` has a key binding for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum WidgetShell {
    /// bash (`bind -x`)
    Bash,
    /// zsh (a zle widget)
    Zsh,
    /// fish
    Fish,
}

/// The shells `--make-completion` has a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MakeShell {
    /// bash, with or without the bash-completion package
    Bash,
    /// zsh (an `_make` for `$fpath`, or sourced after compinit)
    Zsh,
    /// fish
    Fish,
    /// nushell (an external completer)
    Nushell,
    /// PowerShell
    Powershell,
}

/// The options both tools share with make.
#[derive(Debug, Args)]
pub(crate) struct MakeOptions {
    /// Read FILE as the makefile (repeatable), like `make -f`
    #[arg(
        short = 'f',
        long = "file",
        visible_alias = "makefile",
        value_name = "FILE",
        value_hint = ValueHint::FilePath
    )]
    pub(crate) file: Vec<PathBuf>,
    /// Change to DIR before reading the makefiles, like `make -C`
    #[arg(short = 'C', long = "directory", value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub(crate) directory: Vec<PathBuf>,
    /// Search DIR for included makefiles, like `make -I`
    #[arg(short = 'I', long = "include-dir", value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub(crate) include_dir: Vec<PathBuf>,
    /// Tell on stderr, in order, each file read and how it was found, and
    /// everything that could not be read or evaluated
    #[arg(long)]
    pub(crate) explain: bool,
}

/// `make-targets`: print the targets of a makefile on one line.
#[allow(clippy::struct_excessive_bools, reason = "independent flags")]
#[derive(Debug, Parser)]
#[command(
    name = "make-targets",
    version,
    about = "Print the targets of the makefile here, for shell completion",
    after_help = "In ~/.bashrc:  complete -W '$(make-targets)' make\n\
                  Completion of make in bash, zsh, fish, nushell or PowerShell: \
                  make-targets --make-completion SHELL (see the README)."
)]
pub(crate) struct TargetsArgs {
    #[command(flatten)]
    pub(crate) make: MakeOptions,
    /// Show warnings (missing includes, include cycles...) on stderr
    #[arg(short = 'v', long = "warnings")]
    pub(crate) warnings: bool,
    /// How to print the list
    #[arg(long, value_enum, default_value_t = ListFormat::Words, value_name = "FORMAT")]
    pub(crate) format: ListFormat,
    /// The word being completed: list what completes it as a shell offers
    /// it (`obj/` for the files under obj/, names starting with `.` or `_`
    /// only when WORD does, `NAME=` for the variables the makefiles set,
    /// `NAME=value` for the values a `NAME=` word may take); without it,
    /// every target
    #[arg(long, value_name = "WORD", allow_hyphen_values = true)]
    pub(crate) prefix: Option<String>,
    /// Letters of --prefix match whatever their case (the shell narrows
    /// the list down itself)
    #[arg(long)]
    pub(crate) ignore_case: bool,
    /// Whose arguments to list: make's (targets, `NAME=`), or make-help's
    /// (targets, variables by name, names made through pattern rules)
    #[arg(long = "for", value_enum, default_value_t = ListFor::Make, value_name = "PROGRAM")]
    pub(crate) for_program: ListFor,
    /// List the `##@` section titles instead (for make-help --section)
    #[arg(long)]
    pub(crate) sections: bool,
    /// When nothing completes --prefix, list what completes its directory
    /// part instead (with a leading `.` or `_` of the last component), for a
    /// shell that then matches substrings and fuzzy itself
    #[arg(long, requires = "prefix")]
    pub(crate) loose: bool,
    /// The terminal's width, to pad and cut `--format=bash` lines to
    #[arg(long, value_name = "N")]
    pub(crate) width: Option<usize>,
    /// Print the completion script of make (and gmake) for SHELL: it runs
    /// make-targets on each TAB
    #[arg(long, value_name = "SHELL", value_enum, exclusive = true)]
    pub(crate) make_completion: Option<MakeShell>,
    /// Print the completion script of make-targets itself for SHELL
    #[arg(long, value_name = "SHELL", exclusive = true)]
    pub(crate) completions: Option<Shell>,
    /// Variable assignments, as on make's command line
    #[arg(value_name = "VAR=VALUE")]
    pub(crate) words: Vec<String>,
}

/// `make-help --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum HelpFormat {
    /// The listing (the default)
    Text,
    /// The targets, their docs and the files read, as JSON
    Json,
    /// A Markdown document: a table per section
    Markdown,
    /// A standalone HTML page
    Html,
    /// A help.mk printing the help with make alone
    Make,
}

/// `make-help --lint[=MODE]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LintMode {
    /// Findings make the exit code 1
    Error,
    /// Findings are reported; the exit code stays 0
    Warn,
}

/// `make-help`: list the targets of a makefile with their docs.
#[derive(Debug, Parser)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each flag is an option of the command line"
)]
#[command(
    name = "make-help",
    version,
    about = "List the targets of the makefile here, with their descriptions",
    after_help = "Name TARGETs to see each in full. In a Makefile:\n  \
                  help: ## Show this help\n  \
                  <TAB>@make-help -f $(firstword $(filter-out $(MAKEFILES),$(MAKEFILE_LIST)))"
)]
pub(crate) struct HelpArgs {
    #[command(flatten)]
    pub(crate) make: MakeOptions,
    /// List every target: undocumented ones (dimmed) and hidden ones (_name, .name)
    #[arg(short = 'a', long)]
    pub(crate) all: bool,
    /// Keep the makefile's order instead of sorting by name
    #[arg(long)]
    pub(crate) unsorted: bool,
    /// Show each listed target with its whole description and every
    /// prerequisite
    #[arg(short = 'v', long)]
    pub(crate) verbose: bool,
    /// List only the targets of the `##@` section NAME (repeatable)
    #[arg(long, value_name = "NAME")]
    pub(crate) section: Vec<String>,
    /// Show every prerequisite (by default, as many as fit on a line)
    #[arg(long, overrides_with = "no_deps")]
    pub(crate) deps: bool,
    /// Show no prerequisites
    #[arg(long, overrides_with = "deps")]
    pub(crate) no_deps: bool,
    /// Wrap descriptions to N columns (default: the terminal's width, and no
    /// wrapping when stdout is not a terminal; 0: never wrap)
    #[arg(long, value_name = "N")]
    pub(crate) width: Option<usize>,
    /// Print the targets, their docs and the files read as JSON (as
    /// `--format=json`); with `--lint`, the findings as JSON
    #[arg(long)]
    pub(crate) json: bool,
    /// What to print: the listing (text), JSON, a Markdown or HTML document,
    /// or a help.mk that prints the help with make alone (make)
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub(crate) format: Option<HelpFormat>,
    /// Put the Markdown listing into FILE, between the lines
    /// `<!-- make-help:start -->` and `<!-- make-help:end -->`
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub(crate) inject: Option<PathBuf>,
    /// With --inject: write nothing; exit 1 and show the difference when
    /// FILE is not up to date (for CI)
    #[arg(long, requires = "inject")]
    pub(crate) check: bool,
    /// Check the makefiles for mistakes make does not report; exit 1 on
    /// findings (`--lint=warn`: exit 0)
    #[arg(
        long,
        value_enum,
        value_name = "MODE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "error",
        conflicts_with_all = ["format", "inject"]
    )]
    pub(crate) lint: Option<LintMode>,
    /// With --lint: do not run the check NAME (repeatable)
    #[arg(long, value_name = "NAME", requires = "lint")]
    pub(crate) allow: Vec<String>,
    /// When to use colors
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Pick targets in a chooser ($MAKE_HELP_CHOOSER, else fzf with each
    /// target's detail as preview) and print the names chosen; runs no make
    #[arg(long, conflicts_with_all = ["json", "format", "inject", "lint"])]
    pub(crate) choose: bool,
    /// Print a key binding (Alt-m) for SHELL that puts `make NAME...` on the
    /// command line, the names picked with --choose
    #[arg(long, value_name = "SHELL", value_enum, exclusive = true)]
    pub(crate) choose_widget: Option<WidgetShell>,
    /// Print the completion script of make-help itself for SHELL
    #[arg(long, value_name = "SHELL", exclusive = true)]
    pub(crate) completions: Option<Shell>,
    /// Variable assignments, as on make's command line; targets to show in
    /// full; glob patterns (`'docker-*'`) to list the targets they match
    #[arg(value_name = "VAR=VALUE|TARGET|PATTERN")]
    pub(crate) words: Vec<String>,
}
