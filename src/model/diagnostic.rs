//! Warnings that never stop the reading: each carries `path:line:` where
//! it applies, like make's own messages ("Makefile:3: missing.mk: No such
//! file or directory"), and a kind so that callers can choose what to show.

use std::fmt;

/// What went wrong, or what could not be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `include` of a file that does not exist (make might generate it).
    MissingInclude,
    /// An include that would read a file already being read.
    IncludeCycle,
    /// Includes nested deeper than the limit.
    DepthLimit,
    /// A directory, FIFO or device named as a makefile: never opened.
    NotRegularFile,
    /// A file that exists but could not be read.
    Unreadable,
    /// A line make would reject (missing separator, bad conditional...).
    Syntax,
    /// A value that is not evaluated statically (`$(shell)`, `!=`).
    NotEvaluated,
    /// A `$(shell)` or `!=` command answered without running it: what it
    /// prints here, and how that was found.
    Answered,
    /// A conditional whose operands could not be evaluated.
    UndecidedConditional,
    /// An expansion limit (depth, length, total work).
    Expansion,
    /// `$(warning ...)` or `$(info ...)` from the makefile.
    Message,
    /// make stops here: `$(error ...)`, or an error make dies on while
    /// expanding (a variable that references itself, bad function
    /// arguments). The rest of the file is not read.
    Stop,
}

impl Kind {
    /// Worth a warning by default: something was not read or is malformed.
    /// Values not evaluated, undecided conditionals and the makefile's own
    /// `$(info)`/`$(warning)` text are told only by `--explain` (make prints
    /// the latter itself when it runs).
    #[must_use]
    pub fn is_warning(self) -> bool {
        !matches!(
            self,
            Kind::NotEvaluated | Kind::Answered | Kind::UndecidedConditional | Kind::Message
        )
    }
}

/// One warning, with the place it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The category.
    pub kind: Kind,
    /// `path` (relative to where the user stands) and 1-based line.
    pub location: Option<(String, u32)>,
    /// Lowercase text without a trailing period.
    pub message: String,
    /// Met in a conditional branch that could not be decided (or a file
    /// read from one): make may never see it, so it is not a warning.
    pub may_not_apply: bool,
}

impl Diagnostic {
    /// A diagnostic at a place.
    #[must_use]
    pub(crate) fn at(kind: Kind, path: &str, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            location: Some((path.to_string(), line)),
            message: message.into(),
            may_not_apply: false,
        }
    }

    /// A diagnostic about no particular line.
    #[must_use]
    pub(crate) fn general(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            location: None,
            message: message.into(),
            may_not_apply: false,
        }
    }

    /// Worth a warning by default: of a kind that is (see
    /// [`Kind::is_warning`]), and met where make reads for certain.
    #[must_use]
    pub fn is_warning(&self) -> bool {
        self.kind.is_warning() && !self.may_not_apply
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some((path, line)) => write!(f, "{path}:{line}: {}", self.message)?,
            None => f.write_str(&self.message)?,
        }
        if self.may_not_apply && self.kind.is_warning() {
            f.write_str(" (in a branch that may not be taken)")?;
        }
        Ok(())
    }
}
