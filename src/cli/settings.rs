//! Whether to use colors, decided once from the command line and the
//! environment (the `NO_COLOR` convention, `CLICOLOR_FORCE`, `TERM=dumb`,
//! and `MAKE_TERMOUT`, which GNU make exports when its own stdout is a
//! terminal even under `make -O`), and the palette used when they are on.

use owo_colors::Style;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colors when stdout is a terminal and the environment allows them.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What the color decision looks at; gathered by the CLI.
#[derive(Debug, Clone, Default)]
pub struct Terminal {
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
pub fn use_color(choice: ColorChoice, terminal: &Terminal) -> bool {
    let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set(&terminal.no_color) {
                return false;
            }
            if terminal
                .clicolor_force
                .as_deref()
                .is_some_and(|s| !s.is_empty() && s != "0")
            {
                return true;
            }
            let on_terminal = terminal.stdout_is_terminal || set(&terminal.make_termout);
            on_terminal && terminal.term.as_deref() != Some("dumb")
        }
    }
}

/// The palette.
#[derive(Debug, Clone, Copy, Default)]
pub struct Styles {
    /// Target names.
    pub name: Style,
    /// Prerequisites.
    pub prerequisite: Style,
    /// Section titles.
    pub section: Style,
    /// The default-goal mark.
    pub default_goal: Style,
    /// Undocumented targets under `--all`, and "(none)" in the details.
    pub undocumented: Style,
    /// Field labels of the detail view.
    pub label: Style,
    /// Warnings on stderr.
    pub warning: Style,
}

impl Styles {
    /// Colors on or off.
    #[must_use]
    pub fn new(color: bool) -> Self {
        if !color {
            return Styles::default();
        }
        Styles {
            name: Style::new().cyan().bold(),
            prerequisite: Style::new().dimmed(),
            section: Style::new().bold(),
            default_goal: Style::new().green(),
            undocumented: Style::new().dimmed(),
            label: Style::new().dimmed(),
            warning: Style::new().yellow().bold(),
        }
    }
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
    ) -> Terminal {
        Terminal {
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
}
