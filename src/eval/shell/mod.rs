//! `$(shell command)` and `VAR != command` (manual 8.14 "The shell
//! Function", 6.5 "Setting Variables") answered without running anything,
//! for the commands whose output is a function of the machine, its files
//! and the environment: `uname`, `pwd`, `echo`, `printf`, `cat`, `head`,
//! `tail`, `test`/`[`, `command -v`, `which`, `basename`, `dirname`, `id`,
//! `nproc`, `date +FORMAT`, `expr`, `true`, `false`, `cd`, `go env`, `sh -c`, and the
//! filters `tr`, `cut` and `sed s///` — in pipelines and `;`/`&&`/`||`
//! lists, with redirections to `/dev/null` and between 1 and 2.
//!
//! The answer is what `/bin/sh` prints here, folded as make folds it:
//! make runs a command without a shell when it can (GNU make's
//! `construct_command_argv_internal`: then `echo` is coreutils', and `\n`
//! is `n`), else `$(SHELL) $(.SHELLFLAGS) command`; either way the output's
//! trailing newlines are dropped and the others become blanks. A command
//! found nowhere on `PATH` prints nothing, as it does under make. Anything
//! else stays unknown, with the reason.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use crate::config::Host;
use crate::source::{FileKind, FileSystem};

mod commands;
mod filters;
mod syntax;

pub(crate) use syntax::Refused;
use syntax::{Join, List, Redirect, Simple, Sink};

/// What the commands may look at.
pub(crate) struct Machine<'m> {
    /// Files, through the one door to them.
    pub fs: &'m dyn FileSystem,
    /// The host's facts (`uname`, ids, processors).
    pub host: &'m Host,
    /// make's working directory.
    pub dir: &'m Path,
    /// An environment variable as the command sees it; `Err` when the
    /// makefile changed it (make 4.3 and 4.4 then pass different values).
    pub env: &'m dyn Fn(&str) -> Result<Option<String>, Refused>,
    /// A file a `$(file >...)` would have written: its contents are unknown.
    pub written: &'m dyn Fn(&Path) -> bool,
    /// Bytes read from files by the commands answered in this run, this
    /// one's included: at most [`MAX_READ`].
    pub read: &'m Cell<u64>,
    /// How make runs the command.
    pub shell: Shell,
}

/// The shell make hands commands to (`SHELL`, `.SHELLFLAGS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shell {
    /// Its kind, for its built-in commands.
    pub kind: ShellKind,
    /// `SHELL` is `/bin/sh` and `.SHELLFLAGS` is `-c` or `-ec`: make may
    /// run a simple command itself.
    pub make_may_exec: bool,
    /// The program, and the name to look up on `PATH` when `SHELL` is
    /// `/usr/bin/env NAME`.
    pub program: PathBuf,
    pub via_env: Option<String>,
    /// `-e`: a failing command ends the list.
    pub errexit: bool,
    /// `-o pipefail`.
    pub pipefail: bool,
}

/// The shells whose built-in commands are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShellKind {
    Dash,
    Bash,
}

impl Shell {
    /// The shell of `SHELL` and `.SHELLFLAGS` (with `IFS`, which must hold
    /// only blanks), `/bin/sh` being `sh_target` (the file it links to).
    pub(crate) fn from_settings(
        shell: &str,
        flags: &str,
        ifs: &str,
        sh_target: Option<&Path>,
    ) -> Result<Shell, Refused> {
        if !ifs.chars().all(|c| matches!(c, ' ' | '\t' | '\n')) {
            return Err("IFS is set".into());
        }
        let words: Vec<&str> = shell.split_ascii_whitespace().collect();
        let kind_of = |name: &str| match name.rsplit('/').next() {
            Some("dash") => Some(ShellKind::Dash),
            Some("bash") => Some(ShellKind::Bash),
            _ => None,
        };
        let (kind, program, via_env, options) = match words.as_slice() {
            ["/bin/sh"] => {
                let target = sh_target.ok_or("/bin/sh is not there")?;
                let kind =
                    kind_of(&target.to_string_lossy()).ok_or("/bin/sh is neither dash nor bash")?;
                (kind, "/bin/sh", None, &[][..])
            }
            [env @ ("/usr/bin/env" | "/bin/env"), name, options @ ..] => (
                kind_of(name).ok_or_else(|| format!("SHELL is {shell}"))?,
                *env,
                Some((*name).to_string()),
                options,
            ),
            [program, options @ ..] => (
                kind_of(program).ok_or_else(|| format!("SHELL is {shell}"))?,
                *program,
                None,
                options,
            ),
            [] => return Err("SHELL is empty".into()),
        };
        // Options after the shell's name in `SHELL` come before `.SHELLFLAGS`.
        let (errexit, pipefail) = shell_flags(&format!("{} {flags}", options.join(" ")))?;
        let program = PathBuf::from(program);
        let trimmed = flags.trim();
        Ok(Shell {
            kind,
            make_may_exec: shell == "/bin/sh" && (trimmed == "-c" || trimmed == "-ec"),
            program,
            via_env,
            errexit,
            pipefail,
        })
    }
}

/// `-e` and `-o pipefail` in shell flags that end with `-c` (or a cluster
/// ending in `c`); other options that change no output (`-u`, `-x`) are
/// allowed.
fn shell_flags(flags: &str) -> Result<(bool, bool), Refused> {
    let (mut errexit, mut pipefail) = (false, false);
    let mut words = flags.split_ascii_whitespace().peekable();
    while let Some(word) = words.next() {
        let Some(letters) = word.strip_prefix('-') else {
            return Err(format!(".SHELLFLAGS is {flags}"));
        };
        for c in letters.chars() {
            match c {
                'e' => errexit = true,
                'u' | 'x' | 'c' => {}
                'o' => match words.next() {
                    Some("pipefail") => pipefail = true,
                    Some("errexit") => errexit = true,
                    Some("nounset" | "xtrace") => {}
                    _ => return Err(format!(".SHELLFLAGS is {flags}")),
                },
                _ => return Err(format!(".SHELLFLAGS is {flags}")),
            }
        }
    }
    Ok((errexit, pipefail))
}

/// A command answered: what make would store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// The output, folded as make folds it.
    pub output: String,
    /// The exit status (`.SHELLSTATUS`).
    pub status: i32,
    /// How: the commands answered, for `--explain`.
    pub how: String,
}

/// What one command did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub status: i32,
    pub stdout: Vec<u8>,
    /// It wrote to standard error (its text is not modelled).
    pub stderr: bool,
}

impl Outcome {
    fn status(status: i32) -> Outcome {
        Outcome {
            status,
            ..Outcome::default()
        }
    }

    fn text(text: impl Into<Vec<u8>>) -> Outcome {
        Outcome {
            stdout: text.into(),
            ..Outcome::default()
        }
    }

    fn error(status: i32) -> Outcome {
        Outcome {
            status,
            stdout: Vec::new(),
            stderr: true,
        }
    }
}

/// A shell session: where it stands, and what it answered.
pub(crate) struct Session<'s, 'm> {
    pub machine: &'s Machine<'m>,
    /// The directory as the shell names it (`$PWD`), and the one it is in.
    pub logical: PathBuf,
    /// The commands answered, for `--explain`.
    pub how: Vec<&'static str>,
    /// Scripts nested (`sh -c`): bounded.
    pub depth: u32,
    /// The shell reading the script, and its `-e` and `-o pipefail`.
    pub kind: ShellKind,
    pub errexit: bool,
    pub pipefail: bool,
}

/// Nested `sh -c` deeper than this is not followed.
const MAX_DEPTH: u32 = 8;
/// Output kept, in bytes (a `$(shell cat huge)` is not answered).
pub(crate) const MAX_OUTPUT: usize = 1 << 20;
/// Bytes read from files by all the commands of one run: past it, a
/// command that reads a file stays unknown, so that 100,000 `$(shell cat
/// big)` calls do not read 100 GB.
pub(crate) const MAX_READ: u64 = 64 << 20;

/// Answers `command` as make runs it for `$(shell)` (`assignment`: for
/// `!=`, which keeps one trailing newline as a blank).
pub(crate) fn answer(
    command: &str,
    machine: &Machine<'_>,
    assignment: bool,
) -> Result<Answer, Refused> {
    let mut session = Session::new(machine);
    let outcome = if command.trim_matches([' ', '\t']).is_empty() {
        Outcome::default()
    } else if let Some(argv) = machine
        .shell
        .make_may_exec
        .then(|| syntax::make_argv(command))
        .flatten()
    {
        // make runs it itself: no built-in commands, no shell.
        session.external(&argv, None)?
    } else {
        session.start_shell(command)?
    };
    if outcome.stdout.len() > MAX_OUTPUT {
        return Err("the output is too long".into());
    }
    let text = String::from_utf8(outcome.stdout).map_err(|_| "the output is not UTF-8")?;
    if text.contains('\0') {
        return Err("the output holds a NUL byte".into());
    }
    let mut how = session.how;
    how.sort_unstable();
    how.dedup();
    Ok(Answer {
        output: fold_newlines(&text, assignment),
        status: outcome.status,
        how: how.join(", "),
    })
}

/// make's `fold_newlines`: `\r\n` and `\n` become a blank; trailing ones are
/// dropped (all of them for `$(shell)`, all but one for `!=`).
fn fold_newlines(text: &str, keep_one: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_kept = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == '\r' && rest.starts_with('\n') {
            continue;
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
            last_kept = out.len();
        }
    }
    if keep_one && last_kept + 1 < out.len() {
        last_kept = out.len() - 1;
    }
    out.truncate(last_kept);
    out
}

impl<'s, 'm> Session<'s, 'm> {
    fn new(machine: &'s Machine<'m>) -> Self {
        Session {
            machine,
            logical: machine.dir.to_path_buf(),
            how: Vec::new(),
            depth: 0,
            kind: machine.shell.kind,
            errexit: machine.shell.errexit,
            pipefail: machine.shell.pipefail,
        }
    }

    /// Runs `command` in the shell make starts (`$(SHELL)`): the shell
    /// must be there, and starts in make's directory, named as `$PWD`
    /// names it when that is the same directory.
    fn start_shell(&mut self, command: &str) -> Result<Outcome, Refused> {
        let shell = &self.machine.shell;
        let found = match &shell.via_env {
            // A SHELL without a slash (`SHELL := bash`) is looked up on PATH,
            // as make's execvp does; relative to our own directory it means nothing.
            None if shell.program.components().count() == 1 && !shell.program.is_absolute() => {
                let name = shell.program.to_string_lossy().into_owned();
                self.find(&name)?.is_some()
            }
            None => self.executable(&shell.program)?,
            Some(name) => self.executable(&shell.program)? && self.find(name)?.is_some(),
        };
        if !found {
            return Ok(Outcome::error(127));
        }
        self.logical = self.shell_start_directory()?;
        self.script(command)
    }

    /// The directory a shell started in make's directory calls its own:
    /// `$PWD` when it names that directory, else its physical name.
    fn shell_start_directory(&self) -> Result<PathBuf, Refused> {
        let physical = self.physical(self.machine.dir)?;
        if let Some(pwd) = (self.machine.env)("PWD")?
            && pwd.starts_with('/')
            && self.machine.fs.canonicalize(Path::new(&pwd)).as_ref() == Some(&physical)
        {
            return Ok(PathBuf::from(pwd));
        }
        Ok(physical)
    }

    /// A directory's name with symlinks resolved.
    pub(crate) fn physical(&self, dir: &Path) -> Result<PathBuf, Refused> {
        self.machine
            .fs
            .canonicalize(dir)
            .ok_or_else(|| format!("{} cannot be resolved", dir.display()))
    }

    /// Runs a shell script in this session.
    pub(crate) fn script(&mut self, text: &str) -> Result<Outcome, Refused> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("sh -c nested too deeply".into());
        }
        let list = syntax::parse(text)?;
        let outcome = self.list(&list);
        self.depth -= 1;
        outcome
    }

    fn list(&mut self, list: &List) -> Result<Outcome, Refused> {
        let mut out = Outcome::default();
        let mut status = 0;
        for (i, (join, pipeline)) in list.iter().enumerate() {
            let run = match join {
                Join::Then => true,
                Join::And => status == 0,
                Join::Or => status != 0,
            };
            if !run {
                continue;
            }
            let mut outcome = self.pipeline(pipeline)?;
            status = outcome.status;
            out.stdout.append(&mut outcome.stdout);
            out.stderr |= outcome.stderr;
            if out.stdout.len() > MAX_OUTPUT {
                return Err("the output is too long".into());
            }
            // `-e`: a failure ends the shell, unless a `&&`/`||` after it
            // tests it, or it is negated.
            let tested = matches!(list.get(i + 1), Some((Join::And | Join::Or, _)));
            if self.errexit && status != 0 && !tested && !pipeline.negated {
                break;
            }
        }
        out.status = status;
        Ok(out)
    }

    fn pipeline(&mut self, pipeline: &syntax::Pipeline) -> Result<Outcome, Refused> {
        // The first command reads make's standard input: unknown.
        let mut input: Option<Vec<u8>> = None;
        let mut out = Outcome::default();
        let mut failed = 0;
        let last = pipeline.commands.len() - 1;
        // Each command of a pipeline of two or more runs in a subshell
        // (dash, and bash without `lastpipe`): its `cd` ends with it.
        let subshells = last > 0;
        for (i, command) in pipeline.commands.iter().enumerate() {
            let parent = subshells.then(|| self.logical.clone());
            let outcome = self.simple(command, input.take());
            if let Some(parent) = parent {
                self.logical = parent;
            }
            let mut outcome = outcome?;
            if outcome.status != 0 {
                failed = outcome.status;
            }
            out.stderr |= outcome.stderr;
            if i == last {
                out.stdout = std::mem::take(&mut outcome.stdout);
                out.status = outcome.status;
            } else {
                input = Some(std::mem::take(&mut outcome.stdout));
            }
        }
        if self.pipefail {
            out.status = failed;
        }
        if pipeline.negated {
            out.status = i32::from(out.status == 0);
        }
        Ok(out)
    }

    /// A simple command with its redirections.
    fn simple(&mut self, command: &Simple, input: Option<Vec<u8>>) -> Result<Outcome, Refused> {
        let mut sinks = [Sink::Out, Sink::Err];
        let mut input = input;
        for redirect in &command.redirects {
            match *redirect {
                Redirect::Null(0) | Redirect::NoInput => input = Some(Vec::new()),
                Redirect::Null(fd) => sinks[fd as usize - 1] = Sink::Null,
                Redirect::Dup(0, _) => return Err("a redirection of standard input".into()),
                Redirect::Dup(fd, to) => sinks[fd as usize - 1] = sinks[to as usize - 1],
            }
        }
        for &at in &command.patterns {
            let word = &command.words[at];
            let pattern = if word.starts_with('/') {
                word.clone()
            } else {
                let dir = glob::Pattern::escape(&self.logical.to_string_lossy());
                format!("{dir}/{word}")
            };
            if !self.machine.fs.glob(&pattern).is_empty() {
                return Err(format!("the pattern {} names files", command.words[at]));
            }
        }
        let mut outcome = self.command(&command.words, input)?;
        let stdout = std::mem::take(&mut outcome.stdout);
        let stderr = std::mem::replace(&mut outcome.stderr, false);
        if stderr && sinks[1] == Sink::Out {
            return Err("an error message is read as output".into());
        }
        if stderr && sinks[1] == Sink::Err {
            outcome.stderr = true;
        }
        match sinks[0] {
            Sink::Out => outcome.stdout = stdout,
            Sink::Err => outcome.stderr |= !stdout.is_empty(),
            Sink::Null => {}
        }
        Ok(outcome)
    }

    /// Looks up `name` on `PATH`, as the shell and `execvp` do: the first
    /// directory holding an executable file of that name.
    pub(crate) fn find(&self, name: &str) -> Result<Option<PathBuf>, Refused> {
        if name.contains('/') {
            let path = self.in_directory(name);
            return Ok(self.executable(&path)?.then(|| PathBuf::from(name)));
        }
        let path = (self.machine.env)("PATH")?.ok_or("PATH is not set")?;
        for dir in path.split(':') {
            if !dir.starts_with('/') {
                return Err("PATH holds a relative directory".into());
            }
            let candidate = Path::new(dir).join(name);
            if self.executable(&candidate)? {
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }

    /// An executable regular file is there.
    pub(crate) fn executable(&self, path: &Path) -> Result<bool, Refused> {
        match self.machine.fs.executable(path) {
            Ok(found) => Ok(found),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Ok(false),
            Err(e) => Err(format!(
                "{}: {}",
                path.display(),
                crate::error::describe_io(&e)
            )),
        }
    }

    /// A name relative to where the shell stands.
    pub(crate) fn in_directory(&self, name: &str) -> PathBuf {
        self.logical.join(name)
    }

    /// The contents of a file the command reads: `None` when it is not
    /// there or is a directory (the command says so and fails).
    pub(crate) fn read(&self, name: &str) -> Result<Option<Vec<u8>>, Refused> {
        let path = self.in_directory(name);
        self.not_about_this_process(&path)?;
        if (self.machine.written)(&crate::source::normalize(&path)) {
            return Err(format!("{name} is written by $(file)"));
        }
        match self.machine.fs.kind(&path) {
            Ok(FileKind::Regular) => {}
            // The program says so and fails.
            Ok(FileKind::Directory) => return Ok(None),
            Ok(FileKind::Other) => return Err(format!("{name} is not a regular file")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{name}: {}", crate::error::describe_io(&e))),
        }
        let read = self.machine.read.get();
        let left = MAX_READ.saturating_sub(read);
        let spent = || {
            format!(
                "more than {} MiB read from files by $(shell) commands",
                MAX_READ >> 20
            )
        };
        if left == 0 {
            return Err(spent());
        }
        let bytes = self
            .machine
            .fs
            .read_at_most(&path, left.min(MAX_OUTPUT as u64) + 1)
            .map_err(|e| format!("{name}: {}", crate::error::describe_io(&e)))?;
        let length = bytes.len() as u64;
        self.machine
            .read
            .set(read.saturating_add(length).min(MAX_READ));
        if length > left {
            return Err(spent());
        }
        if bytes.len() > MAX_OUTPUT {
            return Err(format!("{name} is too long"));
        }
        Ok(Some(bytes))
    }
}

#[cfg(test)]
mod tests;
