//! `make-help --choose`: the targets the listing shows, as `name<TAB>summary`
//! lines, piped into a chooser (`$MAKE_HELP_CHOOSER`, run by `sh -c`, else
//! `fzf` with each target's detail view as its preview); the names chosen
//! are printed, one a line. The chooser is the one process the tools ever
//! start: make is never run. `--choose-widget SHELL` prints a key binding
//! (Alt-m) that puts `make NAME...` on the command line.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use super::args::{MakeOptions, WidgetShell};
use super::{EXIT_ERROR, EXIT_USAGE, Process, message, write_stdout};
use crate::model::Makefile;
use crate::output::escape::escape;
use crate::output::help;

/// A word quoted for `sh`.
fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b))
    {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// The command that shows one target in full, for the chooser's preview
/// (the name goes after it): this make-help, with the options that chose
/// the makefile, in color.
fn preview_command(make: &MakeOptions, assignments: &[String]) -> String {
    let program = std::env::current_exe()
        .ok()
        .map_or_else(|| "make-help".to_string(), |p| p.display().to_string());
    let mut words = vec![quote(&program)];
    let path = |option: &str, p: &Path| quote(&format!("{option}={}", p.display()));
    words.extend(make.directory.iter().map(|d| path("--directory", d)));
    words.extend(make.file.iter().map(|f| path("--file", f)));
    words.extend(make.include_dir.iter().map(|i| path("--include-dir", i)));
    words.extend(assignments.iter().map(|a| quote(a)));
    words.push("--color=always".to_string());
    words.push("--".to_string());
    words.join(" ")
}

/// The lines the chooser is given: `name<TAB>summary`, escaped.
fn choices(makefile: &Makefile, options: &help::Options) -> String {
    let mut list = String::new();
    for entry in help::shown_entries(makefile, options) {
        let name = escape(entry.target.name());
        if name.contains(['\t', '\n']) {
            continue;
        }
        list.push_str(&name);
        if let Some(doc) = entry.doc() {
            list.push('\t');
            list.push_str(&escape(doc.summary()));
        }
        list.push('\n');
    }
    list
}

/// Runs the chooser on the listing and prints the names chosen: 0 when
/// some were, 1 when none was (the chooser was left), 2 when there is no
/// chooser to run.
pub(super) fn run(
    program: &str,
    process: &Process,
    makefile: &Makefile,
    options: &help::Options,
    make: &MakeOptions,
    assignments: &[String],
) -> ExitCode {
    let preview = preview_command(make, assignments);
    let chooser = process.var("MAKE_HELP_CHOOSER").filter(|c| !c.is_empty());
    let (name, mut command) = if let Some(chooser) = chooser {
        let mut command = Command::new("sh");
        command.arg("-c").arg(chooser);
        (chooser.to_string(), command)
    } else {
        let mut command = Command::new("fzf");
        command.args([
            "--multi",
            "--delimiter=\t",
            "--nth=1",
            "--prompt=make ",
            "--preview-window=right,60%",
            "--preview",
            &format!("{preview} {{1}}"),
        ]);
        ("fzf".to_string(), command)
    };
    command
        .env_clear()
        .envs(process.env.iter().map(|(k, v)| (k, v)))
        .env("MAKE_HELP_PREVIEW", &preview)
        .current_dir(&process.cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            message(
                program,
                "error",
                "--choose needs a chooser: install fzf, or set MAKE_HELP_CHOOSER to a command \
                 that reads lines and prints the chosen ones",
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => {
            message(program, "error", &format!("cannot run {name}: {e}"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let list = choices(makefile, options);
    if let Some(mut stdin) = child.stdin.take() {
        // A chooser may stop reading once it has its answer.
        let _ = stdin.write_all(list.as_bytes());
    }
    let mut chosen = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_end(&mut chosen);
    }
    let status = match child.wait() {
        Ok(status) => status,
        Err(e) => {
            message(program, "error", &format!("{name}: {e}"));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    // `sh -c` says 127 for a command it cannot find, 126 for one it cannot run.
    if matches!(status.code(), Some(126 | 127)) {
        message(
            program,
            "error",
            &format!(
                "the chooser '{}' could not be run (MAKE_HELP_CHOOSER)",
                escape(&name)
            ),
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let chosen = String::from_utf8_lossy(&chosen);
    let names: Vec<&str> = chosen
        .lines()
        .filter_map(|line| line.split('\t').next())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    if !status.success() || names.is_empty() {
        return ExitCode::from(EXIT_ERROR);
    }
    let result = write_stdout(|out| {
        for name in &names {
            writeln!(out, "{name}")?;
        }
        Ok(())
    });
    super::finish(program, result)
}

/// `--choose-widget SHELL`: the key binding's code.
pub(super) fn widget(shell: WidgetShell) -> &'static str {
    match shell {
        WidgetShell::Bash => BASH,
        WidgetShell::Zsh => ZSH,
        WidgetShell::Fish => FISH,
    }
}

const BASH: &str = r#"# make-help --choose on Alt-m, from make-tools: pick targets, and `make NAME...` is
# put on the command line (the names are added at the cursor when the line holds
# something already). Nothing runs until you press Enter.
# In ~/.bashrc:  eval "$(make-help --choose-widget bash)"
_make_tools_choose() {
    local chosen name words=
    chosen=$(make-help --choose) || return 0
    while IFS= read -r name; do
        words+="${words:+ }$(printf '%q' "$name")"
    done <<<"$chosen"
    if [[ -z ${READLINE_LINE//[[:blank:]]/} ]]; then
        READLINE_LINE="make $words"
        READLINE_POINT=${#READLINE_LINE}
    else
        READLINE_LINE="${READLINE_LINE:0:READLINE_POINT}$words${READLINE_LINE:READLINE_POINT}"
        READLINE_POINT=$((READLINE_POINT + ${#words}))
    fi
}
bind -x '"\em": _make_tools_choose'
"#;

const ZSH: &str = r#"# make-help --choose on Alt-m, from make-tools: pick targets, and `make NAME...` is
# put on the command line (the names are added at the cursor when the line holds
# something already). Nothing runs until you press Enter.
# In ~/.zshrc:  eval "$(make-help --choose-widget zsh)"
make-tools-choose() {
  local -a chosen
  chosen=(${(f)"$(make-help --choose </dev/tty)"})
  if (( $#chosen )); then
    if [[ -z ${BUFFER//[[:blank:]]/} ]]; then
      BUFFER="make ${(j: :)${(q-)chosen}}"
      CURSOR=$#BUFFER
    else
      LBUFFER+="${(j: :)${(q-)chosen}}"
    fi
  fi
  zle reset-prompt
}
zle -N make-tools-choose
bindkey '\em' make-tools-choose
"#;

const FISH: &str = r#"# make-help --choose on Alt-m, from make-tools: pick targets, and `make NAME...` is
# put on the command line (the names are added at the cursor when the line holds
# something already). Nothing runs until you press Enter.
# In ~/.config/fish/config.fish:  make-help --choose-widget fish | source
function make_tools_choose
    set -l chosen (make-help --choose)
    if test (count $chosen) -gt 0
        set -l words (string join ' ' -- (string escape -- $chosen))
        if test -z (string trim -- (commandline))
            commandline -r -- "make $words"
        else
            commandline -i -- $words
        end
    end
    commandline -f repaint
end
bind \em make_tools_choose
"#;
