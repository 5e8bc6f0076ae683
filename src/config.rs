//! What the library is asked: everything a reading depends on, decided by
//! the caller (the library never reads the process environment or the
//! current directory).

use std::path::PathBuf;

/// What the loader needs to know, all of it decided by the caller: the
/// library never reads the process environment or the current directory.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the user stands (absolute; `.` when the directory has no
    /// absolute name the system takes, longer than `PATH_MAX`).
    pub cwd: PathBuf,
    /// `-C DIR` options, in order.
    pub directories: Vec<PathBuf>,
    /// `-f FILE` options, in order.
    pub makefiles: Vec<PathBuf>,
    /// `-I DIR` options, in order.
    pub include_dirs: Vec<PathBuf>,
    /// make's built-in include directories, searched after `-I` when they
    /// exist (see [`DEFAULT_INCLUDE_DIRS`]).
    pub default_include_dirs: Vec<PathBuf>,
    /// The environment make would inherit (`MAKEFILES`, `HOME`, variables).
    pub environment: Vec<(String, String)>,
    /// `VAR=value` words from the command line.
    pub command_line_variables: Vec<String>,
    /// How much to record about each target.
    pub detail: Detail,
    /// Also keep which targets' prerequisites and recipes refer to each
    /// variable ([`crate::Makefile::variable_users`]), with
    /// [`Detail::Everything`] or more: what `make-help VAR` and `--json` show, a
    /// look at every recipe line that a listing does not need.
    pub variable_uses: bool,
    /// What the machine says about itself, for the `$(shell)` commands
    /// answered without running them (`uname`, `id -u`, `nproc`).
    pub host: Host,
}

/// Facts about the machine, gathered by the caller: a `$(shell)` command
/// that asks for one not given here stays unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Host {
    /// `uname -s`: the kernel's name (`Linux`).
    pub kernel_name: Option<String>,
    /// `uname -n`: the network node name.
    pub node_name: Option<String>,
    /// `uname -r`: the kernel's release.
    pub kernel_release: Option<String>,
    /// `uname -v`: the kernel's version.
    pub kernel_version: Option<String>,
    /// `uname -m`: the machine's hardware name (`x86_64`).
    pub machine: Option<String>,
    /// `uname -o`: the operating system (`GNU/Linux`).
    pub operating_system: Option<String>,
    /// `id -u`: the effective user id.
    pub user_id: Option<u32>,
    /// `id -g`: the effective group id.
    pub group_id: Option<u32>,
    /// `nproc`: the processors this process may run on (its affinity).
    pub processors: Option<u32>,
    /// `date`: the time, in seconds since 1970-01-01 UTC.
    pub now: Option<i64>,
}

/// GNU make's default include directories, in its search order.
pub const DEFAULT_INCLUDE_DIRS: &[&str] =
    &["/usr/local/include", "/usr/gnu/include", "/usr/include"];

/// How much the reader records about each target. Every level reads and
/// evaluates the same lines (their side effects, `$(eval)` and `$(error)`,
/// happen at every level); the lower ones keep less, for the tools that
/// print less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Detail {
    /// Names and whether each is phony: what a list of words needs.
    Names,
    /// Also where each rule is and the comments around it: what a list
    /// with descriptions needs.
    Docs,
    /// Everything, prerequisites included.
    #[default]
    Everything,
    /// Everything, and the text of each rule's recipe lines: what the
    /// detail view of a target shows.
    Recipes,
}
