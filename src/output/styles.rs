//! The palette of the help screen: one [`Style`] for each kind of text,
//! all plain when colors are off (decided by the CLI).

use owo_colors::Style;

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
    /// A doc marked to stand out (`##!`).
    pub emphasis: Style,
    /// The `(deprecated)` mark.
    pub deprecated: Style,
    /// A variable's default value and what overrides it.
    pub value: Style,
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
            emphasis: Style::new().bold(),
            deprecated: Style::new().yellow(),
            value: Style::new().dimmed(),
        }
    }
}
