//! The commands answered, each as its program prints here: the shell's
//! built-ins (dash's and bash's `echo`, `printf`, `pwd`, `cd`, `test`,
//! `command -v`) and coreutils' and debianutils' programs, found on `PATH`
//! first as the shell and make find them.

use std::path::{Path, PathBuf};

use super::{Outcome, Refused, Session, ShellKind};

/// dash's built-in commands (its `builtins.def`).
const DASH_BUILTINS: &[&str] = &[
    ".", ":", "[", "alias", "bg", "break", "cd", "chdir", "command", "continue", "echo", "eval",
    "exec", "exit", "export", "false", "fg", "getopts", "hash", "jobs", "kill", "local", "printf",
    "pwd", "read", "readonly", "return", "set", "shift", "test", "times", "trap", "true", "type",
    "ulimit", "umask", "unalias", "unset", "wait",
];

/// bash's built-in commands besides dash's.
const BASH_BUILTINS: &[&str] = &[
    "bind",
    "builtin",
    "caller",
    "compgen",
    "complete",
    "compopt",
    "declare",
    "dirs",
    "disown",
    "enable",
    "fc",
    "help",
    "history",
    "let",
    "logout",
    "mapfile",
    "popd",
    "pushd",
    "readarray",
    "shopt",
    "source",
    "suspend",
    "typeset",
];

/// dash's built-in commands that bash does not have (bash looks them up on
/// `PATH`).
const DASH_ONLY: &[&str] = &["chdir"];

/// The shell's reserved words, which `command -v` names as they are.
const RESERVED: &[&str] = &[
    "!", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until",
    "while", "{", "}",
];

fn builtin(kind: ShellKind, name: &str) -> bool {
    match kind {
        ShellKind::Dash => DASH_BUILTINS.contains(&name),
        ShellKind::Bash => {
            (DASH_BUILTINS.contains(&name) && !DASH_ONLY.contains(&name))
                || BASH_BUILTINS.contains(&name)
        }
    }
}

/// Files about the process that opens them.
const PROCESS_FILES: &[&str] = &[
    "/proc/self",
    "/proc/thread-self",
    "/dev/stdin",
    "/dev/stdout",
    "/dev/stderr",
    "/dev/fd",
    "/dev/tty",
];

/// `path` is one of `roots` or inside one.
fn under(path: &Path, roots: &[&str]) -> bool {
    roots.iter().any(|root| path.starts_with(root))
}

/// `/proc/<pid>`, or a file in it.
fn numbered_process(path: &Path) -> bool {
    path.strip_prefix("/proc")
        .ok()
        .and_then(|rest| rest.components().next())
        .and_then(|first| first.as_os_str().to_str())
        .is_some_and(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// `words` joined as they were written, for messages.
fn shown(words: &[String]) -> String {
    words.join(" ")
}

impl Session<'_, '_> {
    /// A command run by the shell: a built-in, or a program on `PATH`.
    pub(super) fn command(
        &mut self,
        words: &[String],
        input: Option<Vec<u8>>,
    ) -> Result<Outcome, Refused> {
        let name = words[0].as_str();
        if !builtin(self.kind, name) {
            return self.external(words, input);
        }
        self.how.push("shell built-ins");
        match name {
            "echo" => echo(words),
            "printf" => printf(words),
            "pwd" => self.pwd_builtin(words),
            "cd" | "chdir" => self.cd(words),
            "test" | "[" => self.test(words),
            "true" | ":" => Ok(Outcome::status(0)),
            "false" => Ok(Outcome::status(1)),
            "command" => self.command_v(words),
            _ => Err(format!("the built-in '{name}' is not answered")),
        }
    }

    /// A program, found on `PATH` (or named with a `/`): one that is not
    /// there fails with nothing on standard output, as under make.
    pub(super) fn external(
        &mut self,
        words: &[String],
        input: Option<Vec<u8>>,
    ) -> Result<Outcome, Refused> {
        let Some(words0) = words.first() else {
            return Ok(Outcome::default());
        };
        let Some(path) = self.find(words0)? else {
            self.how.push("a PATH lookup");
            return Ok(Outcome::error(127));
        };
        let program = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = match program.as_str() {
            "uname" => self.uname(words),
            "echo" => echo(words),
            "printf" => printf(words),
            "pwd" => self.pwd_program(words),
            "true" => Ok(Outcome::status(0)),
            "false" => Ok(Outcome::status(1)),
            "cat" => self.cat(words, input.as_deref()),
            "head" | "tail" => self.head_tail(&program, words, input),
            "basename" => basename(words),
            "dirname" => dirname(words),
            "id" => self.id(words),
            "nproc" => self.nproc(words),
            "which" => self.which(words),
            "go" => self.go_env(words),
            "date" => self.date(words),
            "sh" | "dash" | "bash" => self.shell_c(&path, words),
            "expr" => super::filters::expr(words, self.collates_bytes()?),
            "tr" => super::filters::tr(words, input),
            "cut" => super::filters::cut(words, input),
            "sed" => super::filters::sed(self, words, input),
            _ => Err(format!("'{words0}' is not answered without running it")),
        }?;
        self.how.push(match program.as_str() {
            "uname" | "id" | "nproc" => "the host's facts",
            "date" => "the clock",
            "pwd" => "the working directory",
            "cat" | "head" | "tail" => "file contents",
            "which" | "go" => "a PATH lookup",
            _ => "text",
        });
        Ok(outcome)
    }

    /// `uname [-snrvmo]` and their long names.
    fn uname(&self, words: &[String]) -> Result<Outcome, Refused> {
        const ORDER: &str = "snrvmo";
        let mut wanted = String::new();
        for arg in &words[1..] {
            let letters: String = match arg.as_str() {
                "--kernel-name" | "--sysname" => "s".into(),
                "--nodename" => "n".into(),
                "--kernel-release" | "--release" => "r".into(),
                "--kernel-version" => "v".into(),
                "--machine" => "m".into(),
                "--operating-system" => "o".into(),
                a if a.starts_with('-') && !a.starts_with("--") && a.len() > 1 => a[1..].into(),
                a if a.starts_with('-') => return Err(format!("uname {a}")),
                _ => return Ok(Outcome::error(1)),
            };
            for c in letters.chars() {
                if !ORDER.contains(c) {
                    return if "aip".contains(c) {
                        Err(format!("uname -{c}"))
                    } else {
                        Ok(Outcome::error(1))
                    };
                }
                wanted.push(c);
            }
        }
        if wanted.is_empty() {
            wanted.push('s');
        }
        let host = self.machine.host;
        let mut fields = Vec::new();
        for c in ORDER.chars().filter(|&c| wanted.contains(c)) {
            let value = match c {
                's' => &host.kernel_name,
                'n' => &host.node_name,
                'r' => &host.kernel_release,
                'v' => &host.kernel_version,
                'm' => &host.machine,
                _ => &host.operating_system,
            };
            fields.push(
                value
                    .as_deref()
                    .ok_or_else(|| format!("uname -{c}: not known here"))?,
            );
        }
        Ok(Outcome::text(format!("{}\n", fields.join(" "))))
    }

    /// The shell's `pwd [-L|-P]`: the directory as it names it.
    fn pwd_builtin(&self, words: &[String]) -> Result<Outcome, Refused> {
        let dir = match words.get(1).map(String::as_str) {
            None | Some("-L") if words.len() <= 2 => self.logical.clone(),
            Some("-P") if words.len() == 2 => self.physical(&self.logical)?,
            _ => return Err(shown(words)),
        };
        Ok(Outcome::text(format!("{}\n", dir.display())))
    }

    /// coreutils' `pwd`: the directory with symlinks resolved.
    fn pwd_program(&self, words: &[String]) -> Result<Outcome, Refused> {
        if (self.machine.env)("POSIXLY_CORRECT")?.is_some()
            || !(words.len() == 1 || (words.len() == 2 && words[1] == "-P"))
        {
            return Err(shown(words));
        }
        let dir = self.physical(&self.logical)?;
        Ok(Outcome::text(format!("{}\n", dir.display())))
    }

    /// `cd [dir]`: the shell's directory, named logically (`..` removes
    /// the last name), as `cd -L` does.
    fn cd(&mut self, words: &[String]) -> Result<Outcome, Refused> {
        if (self.machine.env)("CDPATH")?.is_some() {
            return Err("CDPATH is set".into());
        }
        let target = match words.get(1..).unwrap_or_default() {
            [] => (self.machine.env)("HOME")?.ok_or("HOME is not set")?,
            [dir] if dir != "-" && !dir.starts_with('-') && !dir.is_empty() => dir.clone(),
            _ => return Err(shown(words)),
        };
        let path = crate::source::normalize(&self.in_directory(&target));
        match self.machine.fs.kind(&path) {
            Ok(crate::source::FileKind::Directory) => {
                self.logical = path;
                Ok(Outcome::status(0))
            }
            Ok(_) => Ok(Outcome::error(2)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Outcome::error(2)),
            Err(e) => Err(format!("cd {target}: {}", crate::error::describe_io(&e))),
        }
        .map(|mut outcome| {
            // dash fails with 2, bash with 1.
            if outcome.status != 0 && self.kind == ShellKind::Bash {
                outcome.status = 1;
            }
            outcome
        })
    }

    /// `test EXPR` and `[ EXPR ]`, with up to four arguments (POSIX's
    /// rules by count), string, integer and file tests.
    fn test(&self, words: &[String]) -> Result<Outcome, Refused> {
        let mut args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        if words[0] == "[" {
            if args.last() != Some(&"]") {
                return Ok(Outcome::error(2));
            }
            args.pop();
        }
        match self.test_args(&args)? {
            Some(true) => Ok(Outcome::status(0)),
            Some(false) => Ok(Outcome::status(1)),
            None => Ok(Outcome::error(2)),
        }
    }

    /// The truth of test arguments; `None` for a usage error.
    fn test_args(&self, args: &[&str]) -> Result<Option<bool>, Refused> {
        Ok(match args {
            [] => Some(false),
            [s] => Some(!s.is_empty()),
            // With three arguments, a binary operator in the middle comes
            // before a leading `!` (`[ ! = ! ]` compares).
            [left, op, right] if binary_operator(op) => binary(left, op, right)?,
            ["!", rest @ ..] if args.len() <= 4 => self.test_args(rest)?.map(|b| !b),
            [op, operand] => self.unary(op, operand)?,
            [left, op, right] => binary(left, op, right)?,
            _ => return Err("a test of more than three arguments".into()),
        })
    }

    fn unary(&self, op: &str, operand: &str) -> Result<Option<bool>, Refused> {
        use crate::source::FileKind;
        let kind = || match self.machine.fs.kind(&self.in_directory(operand)) {
            Ok(kind) => Ok(Some(kind)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!(
                "test {op} {operand}: {}",
                crate::error::describe_io(&e)
            )),
        };
        if operand.is_empty() && matches!(op, "-e" | "-f" | "-d" | "-s" | "-x") {
            return Ok(Some(false));
        }
        Ok(Some(match op {
            "-n" => !operand.is_empty(),
            "-z" => operand.is_empty(),
            "-e" => kind()?.is_some(),
            "-f" => kind()? == Some(FileKind::Regular),
            "-d" => kind()? == Some(FileKind::Directory),
            "-x" => match kind()? {
                None => false,
                Some(FileKind::Regular) => self.executable(&self.in_directory(operand))?,
                Some(_) => return Err(format!("test -x on {operand}")),
            },
            "-s" if self.in_pseudo_files(&self.in_directory(operand)) => {
                return Err(format!("test -s {operand}: sizes there are not contents"));
            }
            "-s" => match kind()? {
                None => false,
                Some(FileKind::Regular) => self
                    .machine
                    .fs
                    .read_at_most(&self.in_directory(operand), 1)
                    .map(|bytes| !bytes.is_empty())
                    .map_err(|e| crate::error::describe_io(&e))?,
                Some(_) => return Err(format!("test -s on {operand}")),
            },
            _ if op.starts_with('-') && op.len() == 2 => {
                return Err(format!("the test '{op}'"));
            }
            _ => return Ok(None),
        }))
    }

    /// `command -v NAME`: how the shell would run it.
    fn command_v(&self, words: &[String]) -> Result<Outcome, Refused> {
        let [_, v, name] = words else {
            return Err(shown(words));
        };
        if v != "-v" {
            return Err(shown(words));
        }
        if RESERVED.contains(&name.as_str()) || builtin(self.kind, name) {
            return Ok(Outcome::text(format!("{name}\n")));
        }
        match self.find(name)? {
            Some(path) => Ok(Outcome::text(format!("{}\n", path.display()))),
            None => Ok(Outcome::status(if self.kind == ShellKind::Bash {
                1
            } else {
                127
            })),
        }
    }

    /// debianutils' `which [-a] NAME...`.
    fn which(&self, words: &[String]) -> Result<Outcome, Refused> {
        let mut names = &words[1..];
        let all = names.first().is_some_and(|a| a == "-a");
        if all {
            names = &names[1..];
        }
        if names.iter().any(|n| n.starts_with('-') || n.is_empty()) {
            return Err(shown(words));
        }
        if names.is_empty() {
            // debianutils' `which` without a name fails, silently.
            return Ok(Outcome::status(1));
        }
        let path = (self.machine.env)("PATH")?.ok_or("PATH is not set")?;
        let mut out = String::new();
        let mut missing = false;
        for name in names {
            let mut found = false;
            if name.contains('/') {
                if self.executable(&self.in_directory(name))? {
                    out.push_str(name);
                    out.push('\n');
                    found = true;
                }
            } else {
                for dir in path.split(':') {
                    let dir = if dir.is_empty() { "." } else { dir };
                    let candidate = format!("{dir}/{name}");
                    if self.executable(&self.in_directory(&candidate))? {
                        out.push_str(&candidate);
                        out.push('\n');
                        found = true;
                        if !all {
                            break;
                        }
                    }
                }
            }
            missing |= !found;
        }
        Ok(Outcome {
            status: i32::from(missing),
            stdout: out.into_bytes(),
            stderr: false,
        })
    }

    /// `cat [FILE...]`.
    fn cat(&self, words: &[String], input: Option<&[u8]>) -> Result<Outcome, Refused> {
        let mut out = Outcome::default();
        let names: Vec<&str> = if words.len() == 1 {
            vec!["-"]
        } else {
            words[1..].iter().map(String::as_str).collect()
        };
        // The first `-` reads all of standard input; a later one finds it
        // at its end.
        let mut input = Some(input.ok_or("cat reads make's standard input"));
        for name in names {
            if name == "-" {
                if let Some(text) = input.take() {
                    out.stdout.extend(text?);
                }
            } else if name.starts_with('-') {
                return Err(format!("cat {name}"));
            } else if let Some(bytes) = self.read(name)? {
                out.stdout.extend(bytes);
                if out.stdout.len() > super::MAX_OUTPUT {
                    return Err("cat: the output is too long".into());
                }
            } else {
                out.status = 1;
                out.stderr = true;
            }
        }
        Ok(out)
    }

    /// `head`/`tail` `[-n N | -N] [FILE]`: the first or last lines.
    fn head_tail(
        &self,
        program: &str,
        words: &[String],
        input: Option<Vec<u8>>,
    ) -> Result<Outcome, Refused> {
        let mut count: Option<String> = None;
        let mut file: Option<&str> = None;
        let mut args = words[1..].iter();
        while let Some(arg) = args.next() {
            if arg == "-n" {
                count = Some(args.next().ok_or("head -n without a count")?.clone());
            } else if let Some(n) = arg.strip_prefix("-n") {
                count = Some(n.to_string());
            } else if let Some(n) = arg.strip_prefix("--lines=") {
                count = Some(n.to_string());
            } else if arg.len() > 1 && arg.starts_with('-') {
                if arg[1..].bytes().all(|b| b.is_ascii_digit()) {
                    count = Some(arg[1..].to_string());
                } else {
                    return Err(shown(words));
                }
            } else if file.is_none() {
                file = Some(arg);
            } else {
                return Err(format!("{program} of several files"));
            }
        }
        let count = count.unwrap_or_else(|| "10".into());
        let from_start = program == "tail" && count.starts_with('+');
        let digits = count.strip_prefix('+').unwrap_or(&count);
        let n: usize = if digits.bytes().all(|b| b.is_ascii_digit()) && !digits.is_empty() {
            digits.parse().map_err(|_| "a count too large")?
        } else {
            return Err(format!("{program} -n {count}"));
        };
        if count.starts_with('+') && program == "head" {
            // `head -n +3` is `head -n 3`.
        }
        let text = match file {
            None | Some("-") => input.ok_or("reads make's standard input")?,
            Some(name) => match self.read(name)? {
                Some(bytes) => bytes,
                None => return Ok(Outcome::error(1)),
            },
        };
        let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
        let kept: &[&[u8]] = if program == "head" {
            &lines[..n.min(lines.len())]
        } else if from_start {
            &lines[(n.max(1) - 1).min(lines.len())..]
        } else {
            &lines[lines.len().saturating_sub(n)..]
        };
        Ok(Outcome::text(kept.concat()))
    }

    /// `id -u`, `id -g`.
    fn id(&self, words: &[String]) -> Result<Outcome, Refused> {
        let host = self.machine.host;
        let id = match words.get(1..).unwrap_or_default() {
            [u] if u == "-u" => host.user_id,
            [g] if g == "-g" => host.group_id,
            _ => return Err(shown(words)),
        };
        let id = id.ok_or("the user id is not known here")?;
        Ok(Outcome::text(format!("{id}\n")))
    }

    /// `nproc`: the processors this process may run on.
    fn nproc(&self, words: &[String]) -> Result<Outcome, Refused> {
        if words.len() > 1 {
            return Err(shown(words));
        }
        for name in ["OMP_NUM_THREADS", "OMP_THREAD_LIMIT"] {
            if (self.machine.env)(name)?.is_some() {
                return Err(format!("{name} is set"));
            }
        }
        let n = self
            .machine
            .host
            .processors
            .ok_or("the processor count is not known here")?;
        Ok(Outcome::text(format!("{n}\n")))
    }

    /// `go env NAME...` for the target and host platform and `GOPATH`:
    /// the environment, then go's own settings file, then the host.
    fn go_env(&self, words: &[String]) -> Result<Outcome, Refused> {
        if words.get(1).map(String::as_str) != Some("env") || words.len() < 3 {
            return Err(shown(words));
        }
        let settings = self.go_settings()?;
        let mut out = String::new();
        for name in &words[2..] {
            let from_env = (self.machine.env)(name)?.filter(|v| !v.is_empty());
            let from_file = settings
                .lines()
                .find_map(|l| l.strip_prefix(name.as_str())?.strip_prefix('='))
                .map(str::to_string);
            let host = self.machine.host;
            let value = match name.as_str() {
                "GOOS" | "GOARCH" | "GOPATH" if from_env.is_some() || from_file.is_some() => {
                    from_env.or(from_file).unwrap_or_default()
                }
                "GOOS" | "GOHOSTOS" => go_os(host.kernel_name.as_deref())?,
                "GOARCH" | "GOHOSTARCH" => go_arch(host.machine.as_deref())?,
                "GOPATH" => {
                    let home = (self.machine.env)("HOME")?.ok_or("HOME is not set")?;
                    format!("{home}/go")
                }
                _ => return Err(format!("go env {name}")),
            };
            out.push_str(&value);
            out.push('\n');
        }
        Ok(Outcome::text(out))
    }

    /// coreutils' `date [-u] +FORMAT`, in UTC (the zone here, or `-u`),
    /// with numeric fields only (names depend on the locale).
    fn date(&self, words: &[String]) -> Result<Outcome, Refused> {
        let (utc, format) = match &words[1..] {
            [u, f] if (u == "-u" || u == "--utc") && f.starts_with('+') => (true, &f[1..]),
            [f] if f.starts_with('+') => (false, &f[1..]),
            _ => return Err(shown(words)),
        };
        if !utc && !self.zone_is_utc()? {
            return Err("the time zone here is not UTC".into());
        }
        let now = self.machine.host.now.ok_or("the time is not known here")?;
        Ok(Outcome::text(format!("{}\n", format_time(now, format)?)))
    }

    /// The local zone is UTC: `TZ` names it, or is unset and
    /// `/etc/localtime` is UTC or missing (glibc then takes UTC).
    fn zone_is_utc(&self) -> Result<bool, Refused> {
        if let Some(tz) = (self.machine.env)("TZ")? {
            return Ok(matches!(
                tz.trim_start_matches(':'),
                "" | "UTC" | "UTC0" | "Etc/UTC" | "UCT" | "Zulu" | "Etc/UCT"
            ));
        }
        let localtime = Path::new("/etc/localtime");
        match self.machine.fs.canonicalize(localtime) {
            None => Ok(self.machine.fs.kind(localtime).is_err()),
            Some(target) => Ok(target
                .file_name()
                .is_some_and(|n| matches!(n.to_str(), Some("UTC" | "UCT" | "Zulu")))),
        }
    }

    /// The text of go's settings file (`go env -w`), empty when there is
    /// none.
    fn go_settings(&self) -> Result<String, Refused> {
        let path = match (self.machine.env)("GOENV")? {
            Some(file) if file == "off" => return Ok(String::new()),
            Some(file) => PathBuf::from(file),
            None => match (self.machine.env)("XDG_CONFIG_HOME")? {
                Some(dir) if !dir.is_empty() => Path::new(&dir).join("go/env"),
                _ => {
                    let home = (self.machine.env)("HOME")?.ok_or("HOME is not set")?;
                    Path::new(&home).join(".config/go/env")
                }
            },
        };
        Ok(self
            .read(&path.to_string_lossy())?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default())
    }

    /// `sh -c 'script'`: the script, in a new shell of that kind.
    fn shell_c(&mut self, path: &Path, words: &[String]) -> Result<Outcome, Refused> {
        let [_, c, script, ..] = words else {
            return Err(shown(words));
        };
        if c != "-c" {
            return Err(shown(words));
        }
        let program = path.file_name().unwrap_or_default().to_string_lossy();
        let kind = match program.as_ref() {
            "bash" => ShellKind::Bash,
            "dash" => ShellKind::Dash,
            _ => self.sh_kind()?,
        };
        // The child shell starts where its parent stands; its `cd` ends
        // with it.
        let (was_kind, was_flags) = (self.kind, (self.errexit, self.pipefail));
        let was_dir = self.logical.clone();
        (self.kind, self.errexit, self.pipefail) = (kind, false, false);
        let outcome = self.script(script);
        (self.kind, (self.errexit, self.pipefail)) = (was_kind, was_flags);
        self.logical = was_dir;
        outcome
    }

    /// The locale the commands run in collates strings byte by byte (C,
    /// POSIX or C.UTF-8), as `strcoll` does there: `LC_ALL`, else
    /// `LC_COLLATE`, else `LANG`, the first set and not empty.
    pub(super) fn collates_bytes(&self) -> Result<bool, Refused> {
        for name in ["LC_ALL", "LC_COLLATE", "LANG"] {
            if let Some(locale) = (self.machine.env)(name)?
                && !locale.is_empty()
            {
                return Ok(matches!(
                    locale.as_str(),
                    "C" | "POSIX" | "C.UTF-8" | "C.utf8"
                ));
            }
        }
        Ok(true)
    }

    /// Refuses a file about the process reading it (`/proc/self/...`,
    /// `/proc/<pid>/...`, `/dev/stdin`, `/dev/fd/N`): make's shell would
    /// read its own, not ours. Symlinks to them count too.
    pub(super) fn not_about_this_process(&self, path: &Path) -> Result<(), Refused> {
        let normal = crate::source::normalize(path);
        let canonical = self.machine.fs.canonicalize(&normal);
        if [Some(&normal), canonical.as_ref()]
            .into_iter()
            .flatten()
            .any(|p| under(p, PROCESS_FILES) || numbered_process(p))
        {
            return Err(format!("{} describes the process", path.display()));
        }
        Ok(())
    }

    /// `path`, or the file it links to, is under `/proc` or `/sys`, where
    /// a file's size is not the length of its text.
    fn in_pseudo_files(&self, path: &Path) -> bool {
        let normal = crate::source::normalize(path);
        let canonical = self.machine.fs.canonicalize(&normal);
        [Some(&normal), canonical.as_ref()]
            .into_iter()
            .flatten()
            .any(|p| under(p, &["/proc", "/sys"]))
    }

    /// The kind of the `sh` on this machine.
    fn sh_kind(&self) -> Result<ShellKind, Refused> {
        let target = self
            .machine
            .fs
            .canonicalize(Path::new("/bin/sh"))
            .ok_or("/bin/sh is not there")?;
        match target.file_name().map(|n| n.to_string_lossy().into_owned()) {
            Some(n) if n == "dash" => Ok(ShellKind::Dash),
            Some(n) if n == "bash" => Ok(ShellKind::Bash),
            _ => Err("/bin/sh is neither dash nor bash".into()),
        }
    }
}

/// `echo [-n] text`, where dash's built-in, bash's and coreutils' agree: no
/// backslash, no other option.
fn echo(words: &[String]) -> Result<Outcome, Refused> {
    let mut args = &words[1..];
    let newline = args.first().is_none_or(|a| a != "-n");
    if !newline {
        args = &args[1..];
    }
    if args.iter().any(|a| a.contains('\\') || a.starts_with("--")) {
        return Err("echo of a backslash or an option".into());
    }
    if let Some(first) = args.first()
        && first.len() > 1
        && first.starts_with('-')
        && first[1..].chars().all(|c| "neE".contains(c))
    {
        return Err("echo of a backslash or an option".into());
    }
    let mut text = args.join(" ");
    if newline {
        text.push('\n');
    }
    Ok(Outcome::text(text))
}

/// `printf FORMAT [ARG...]` with `%s`, `%d`, `%%` and the escapes `\n`,
/// `\t`, `\\`; the format is used again while arguments remain.
fn printf(words: &[String]) -> Result<Outcome, Refused> {
    let format = words.get(1).ok_or("printf without a format")?;
    if format.starts_with('-') {
        return Err("printf of an option".into());
    }
    let mut args = words[2..].iter();
    let mut out = String::new();
    loop {
        let mut conversions = 0;
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('\\') => out.push('\\'),
                    _ => return Err("printf of an escape".into()),
                },
                '%' => match chars.next() {
                    Some('%') => out.push('%'),
                    Some('s') => {
                        conversions += 1;
                        out.push_str(args.next().map_or("", String::as_str));
                    }
                    Some('d' | 'i') => {
                        conversions += 1;
                        let arg = args.next().map_or("0", String::as_str);
                        let n = printf_integer(arg).ok_or("printf %d of a non-number")?;
                        out.push_str(&n.to_string());
                    }
                    _ => return Err("printf of a conversion other than %s and %d".into()),
                },
                c => out.push(c),
            }
            if out.len() > super::MAX_OUTPUT {
                return Err("printf: the output is too long".into());
            }
        }
        if args.len() == 0 {
            break;
        }
        if conversions == 0 {
            return Err("printf with arguments and no conversion".into());
        }
    }
    Ok(Outcome::text(out))
}

/// An argument of `%d` as `strtoimax` reads it with base 0 (dash, bash and
/// coreutils alike): decimal, `0` octal or `0x` hexadecimal, with a sign.
/// Anything else (blanks, `'c`, trailing text, overflow) is `None`.
fn printf_integer(arg: &str) -> Option<i64> {
    let (negative, digits) = match arg.as_bytes().first() {
        Some(b'-') => (true, &arg[1..]),
        Some(b'+') => (false, &arg[1..]),
        _ => (false, arg),
    };
    let (radix, digits) = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, hex)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// coreutils' `basename NAME [SUFFIX]`.
fn basename(words: &[String]) -> Result<Outcome, Refused> {
    let (name, suffix) = match &words[1..] {
        [name] => (name, None),
        [name, suffix] => (name, Some(suffix)),
        [] => return Ok(Outcome::error(1)),
        _ => return Err(shown(words)),
    };
    if name.starts_with('-') || suffix.is_some_and(|s| s.starts_with('-')) {
        return Err(shown(words));
    }
    let trimmed = name.trim_end_matches('/');
    let base = if trimmed.is_empty() {
        if name.is_empty() { "" } else { "/" }
    } else {
        trimmed.rsplit('/').next().unwrap_or(trimmed)
    };
    let base = match suffix {
        Some(s) if !s.is_empty() && base != s && base.ends_with(s.as_str()) => {
            &base[..base.len() - s.len()]
        }
        _ => base,
    };
    Ok(Outcome::text(format!("{base}\n")))
}

/// coreutils' `dirname NAME...`.
fn dirname(words: &[String]) -> Result<Outcome, Refused> {
    if words.len() < 2 {
        return Ok(Outcome::error(1));
    }
    let mut out = String::new();
    for name in &words[1..] {
        if name.starts_with('-') {
            return Err(shown(words));
        }
        let trimmed = name.trim_end_matches('/');
        let dir = if trimmed.is_empty() {
            if name.is_empty() { "." } else { "/" }
        } else {
            match trimmed.rfind('/') {
                None => ".",
                Some(at) => {
                    let d = trimmed[..at].trim_end_matches('/');
                    if d.is_empty() { "/" } else { d }
                }
            }
        };
        out.push_str(dir);
        out.push('\n');
    }
    Ok(Outcome::text(out))
}

/// The words dash's and bash's `test` read as binary operators (some are
/// not answered by [`binary`]).
fn binary_operator(op: &str) -> bool {
    matches!(
        op,
        "=" | "!="
            | "=="
            | "<"
            | ">"
            | "-eq"
            | "-ne"
            | "-lt"
            | "-le"
            | "-gt"
            | "-ge"
            | "-nt"
            | "-ot"
            | "-ef"
    )
}

/// `test`'s binary operators.
fn binary(left: &str, op: &str, right: &str) -> Result<Option<bool>, Refused> {
    let int = |s: &str| s.trim().parse::<i64>().ok();
    Ok(match op {
        "=" => Some(left == right),
        "!=" => Some(left != right),
        "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" => {
            let (Some(l), Some(r)) = (int(left), int(right)) else {
                return Ok(None);
            };
            Some(match op {
                "-eq" => l == r,
                "-ne" => l != r,
                "-lt" => l < r,
                "-le" => l <= r,
                "-gt" => l > r,
                _ => l >= r,
            })
        }
        _ => return Err(format!("the test '{op}'")),
    })
}

/// `strftime` of the numeric conversions, in UTC.
pub(super) fn format_time(seconds: i64, format: &str) -> Result<String, Refused> {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let year_day = days - days_from_civil(year, 1, 1) + 1;
    // 1970-01-01 was a Thursday.
    let weekday = (days + 4).rem_euclid(7);
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let text = match chars.next() {
            Some('Y') => year.to_string(),
            Some('C') => format!("{:02}", year.div_euclid(100)),
            Some('y') => format!("{:02}", year.rem_euclid(100)),
            Some('m') => format!("{month:02}"),
            Some('d') => format!("{day:02}"),
            Some('e') => format!("{day:2}"),
            Some('H') => format!("{hour:02}"),
            Some('M') => format!("{minute:02}"),
            Some('S') => format!("{second:02}"),
            Some('j') => format!("{year_day:03}"),
            Some('s') => seconds.to_string(),
            Some('F') => format!("{year}-{month:02}-{day:02}"),
            Some('T') => format!("{hour:02}:{minute:02}:{second:02}"),
            Some('R') => format!("{hour:02}:{minute:02}"),
            Some('D') => format!("{month:02}/{day:02}/{:02}", year.rem_euclid(100)),
            Some('u') => (if weekday == 0 { 7 } else { weekday }).to_string(),
            Some('w') => weekday.to_string(),
            Some('z') => "+0000".into(),
            Some('Z') => "UTC".into(),
            Some('n') => "\n".into(),
            Some('t') => "\t".into(),
            Some('%') => "%".into(),
            _ => return Err("date of a conversion that is not numeric".into()),
        };
        out.push_str(&text);
    }
    Ok(out)
}

/// The year, month and day of a count of days since 1970-01-01 (the
/// proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The days since 1970-01-01 of a date (the inverse of [`civil_from_days`]).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Go's name of the host's system.
fn go_os(kernel: Option<&str>) -> Result<String, Refused> {
    match kernel {
        Some("Linux") => Ok("linux".into()),
        Some("Darwin") => Ok("darwin".into()),
        Some("FreeBSD") => Ok("freebsd".into()),
        Some("OpenBSD") => Ok("openbsd".into()),
        Some("NetBSD") => Ok("netbsd".into()),
        _ => Err("go's name of this system is not known".into()),
    }
}

/// Go's name of the host's architecture.
fn go_arch(machine: Option<&str>) -> Result<String, Refused> {
    match machine {
        Some("x86_64" | "amd64") => Ok("amd64".into()),
        Some("aarch64" | "arm64") => Ok("arm64".into()),
        Some("i386" | "i486" | "i586" | "i686") => Ok("386".into()),
        Some("riscv64") => Ok("riscv64".into()),
        Some("ppc64le") => Ok("ppc64le".into()),
        Some("s390x") => Ok("s390x".into()),
        Some("loongarch64") => Ok("loong64".into()),
        _ => Err("go's name of this architecture is not known".into()),
    }
}
