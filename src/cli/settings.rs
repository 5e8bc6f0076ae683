//! What the process decides about the output, once, as pure functions:
//! whether to use colors, from the command line and the environment (the
//! `NO_COLOR` convention, `CLICOLOR_FORCE`, `TERM=dumb`, and `MAKE_TERMOUT`,
//! which GNU make exports when its own stdout is a terminal even under
//! `make -O`), and the width to wrap to.

use super::Process;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colors when stdout is a terminal and the environment allows them.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What the color decision looks at.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColorEnvironment {
    /// stdout is a terminal.
    pub stdout_is_terminal: bool,
    /// `NO_COLOR`, if set.
    pub no_color: Option<String>,
    /// `CLICOLOR_FORCE`, if set.
    pub clicolor_force: Option<String>,
    /// `TERM`, if set.
    pub term: Option<String>,
    /// `MAKE_TERMOUT`, if set.
    pub make_termout: Option<String>,
}

/// Decides whether to color the output.
#[must_use]
pub(crate) fn use_color(choice: ColorChoice, env: &ColorEnvironment) -> bool {
    let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set(&env.no_color) {
                return false;
            }
            if env
                .clicolor_force
                .as_deref()
                .is_some_and(|s| !s.is_empty() && s != "0")
            {
                return true;
            }
            let on_terminal = env.stdout_is_terminal || set(&env.make_termout);
            on_terminal && env.term.as_deref() != Some("dumb")
        }
    }
}

/// The width to wrap to: `--width N` (0: never), else on a terminal (or
/// under `make -O`, which exports `MAKE_TERMOUT`) `COLUMNS` or the
/// terminal's width; never when the output goes to a file or a pipe.
pub(crate) fn wrap_width(requested: Option<usize>, process: &Process) -> Option<usize> {
    if let Some(n) = requested {
        return (n > 0).then_some(n);
    }
    let termout = process.var("MAKE_TERMOUT").is_some_and(|v| !v.is_empty());
    if !process.stdout_is_terminal && !termout {
        return None;
    }
    process
        .var("COLUMNS")
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or(process.terminal_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(
        tty: bool,
        no_color: Option<&str>,
        force: Option<&str>,
        term: Option<&str>,
        termout: Option<&str>,
    ) -> ColorEnvironment {
        ColorEnvironment {
            stdout_is_terminal: tty,
            no_color: no_color.map(str::to_string),
            clicolor_force: force.map(str::to_string),
            term: term.map(str::to_string),
            make_termout: termout.map(str::to_string),
        }
    }

    #[test]
    fn decisions() {
        use ColorChoice::{Always, Auto, Never};
        let cases = [
            (Auto, term(true, None, None, Some("xterm"), None), true),
            (Auto, term(false, None, None, Some("xterm"), None), false),
            (Auto, term(true, Some("1"), None, None, None), false),
            (Auto, term(true, Some(""), None, None, None), true),
            (Auto, term(true, None, None, Some("dumb"), None), false),
            (Auto, term(false, None, Some("1"), None, None), true),
            (Auto, term(false, Some("1"), Some("1"), None, None), false),
            (
                Auto,
                term(false, None, None, None, Some("/dev/pts/1")),
                true,
            ),
            (Always, term(false, Some("1"), None, None, None), true),
            (Never, term(true, None, Some("1"), None, None), false),
        ];
        for (i, (choice, t, want)) in cases.iter().enumerate() {
            assert_eq!(use_color(*choice, t), *want, "case {i}");
        }
    }

    fn process(tty: bool, env: &[(&str, &str)], terminal_width: Option<usize>) -> Process {
        Process {
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            stdout_is_terminal: tty,
            terminal_width,
            ..Process::default()
        }
    }

    #[test]
    fn wrap_width_decisions() {
        let termout = [("MAKE_TERMOUT", "/dev/pts/1")];
        let cases = [
            (Some(60), process(false, &[], None), Some(60)),
            (Some(0), process(true, &[], Some(80)), None),
            (None, process(false, &[("COLUMNS", "100")], Some(80)), None),
            (None, process(true, &[], Some(80)), Some(80)),
            (
                None,
                process(true, &[("COLUMNS", "100")], Some(80)),
                Some(100),
            ),
            (None, process(true, &[("COLUMNS", "x")], Some(80)), Some(80)),
            (None, process(true, &[], None), None),
            (None, process(false, &termout, Some(90)), Some(90)),
        ];
        for (i, (requested, process, want)) in cases.iter().enumerate() {
            assert_eq!(wrap_width(*requested, process), *want, "case {i}");
        }
    }
}
