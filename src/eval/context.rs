//! What expansion asks of the reader ([`Context`]): variables, `$(eval)`
//! (manual 8.10), `$(wildcard)`, `$(file)`, `$(realpath)`, `$(shell)` (8.14,
//! answered without running it when it can be), `$(error)` and the work
//! budget.

use std::path::{Path, PathBuf};

use crate::eval::expand::{Context, FileContents, MAX_LENGTH};
use crate::eval::shell::{Answer, Machine, Shell};
use crate::model::diagnostic::Kind;
use crate::model::{Flavor, Origin, Variable};
use crate::source::FileKind;

use super::{MAKEFILE_LIST, Reader};

impl Reader<'_> {
    /// A name as make's working directory sees it (no `..` folding: the
    /// system resolves it).
    fn in_working_directory(&self, name: &str) -> PathBuf {
        self.workspace.dir.join(name)
    }
}

impl Reader<'_> {
    /// Reports a wildcard expansion that stopped at its limit (`cut`).
    pub(super) fn report_wildcard_cut(&mut self, pattern: &str, cut: bool) {
        if cut {
            let max = crate::source::wildcard::MAX_NAMES;
            self.diagnostic(
                Kind::Expansion,
                self.position,
                format!("{pattern}: the wildcard goes through more than {max} names; the rest are not used"),
            );
        }
    }
}

impl Reader<'_> {
    /// A `$(shell)` command, or the one of `VAR != command` (`assignment`:
    /// the variable's name), answered without running it, reported either
    /// way for `--explain`.
    pub(super) fn answer_shell(
        &mut self,
        command: &str,
        assignment: Option<&str>,
    ) -> Option<Answer> {
        let shown = match assignment {
            Some(name) => format!("'{name} != {command}'"),
            None => format!("$(shell {command})"),
        };
        let before = self.shell_read;
        let mut answer = self.try_answer_shell(command, assignment.is_some());
        // The work is the call and the files it read: one unit more per KiB.
        let kib = (self.shell_read - before) / 1024;
        if !self.charge(1 + kib) {
            answer = Err("the work budget is spent".into());
        }
        match answer {
            Ok(answer) => {
                // An empty command, or one of comments only, needs nothing.
                let how = if answer.how.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", answer.how)
                };
                self.diagnostic(
                    Kind::Answered,
                    self.position,
                    format!(
                        "{shown} is answered without running it{how}: {:?}",
                        answer.output
                    ),
                );
                Some(answer)
            }
            Err(reason) => {
                self.diagnostic(
                    Kind::NotEvaluated,
                    self.position,
                    format!("{shown} is not evaluated: {reason}"),
                );
                None
            }
        }
    }

    fn try_answer_shell(&mut self, command: &str, assignment: bool) -> Result<Answer, String> {
        let setting = |reader: &Self, name: &str| -> Result<String, String> {
            let value = reader
                .variables
                .get(name)
                .map(|v| v.value.to_string())
                .unwrap_or_default();
            if value.contains('$') {
                return Err(format!("{name} is computed"));
            }
            Ok(value)
        };
        let sh = self.fs.canonicalize(std::path::Path::new("/bin/sh"));
        let shell = Shell::from_settings(
            &setting(self, "SHELL")?,
            &setting(self, ".SHELLFLAGS")?,
            &setting(self, "IFS")?,
            sh.as_deref(),
        )?;
        let env = |name: &str| -> Result<Option<String>, String> {
            let started = self
                .environment
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str());
            match (started, self.variables.get(name)) {
                (None, None) => Ok(None),
                (Some(value), Some(v)) if v.origin == Origin::Environment && *v.value == *value => {
                    Ok(Some(value.to_string()))
                }
                _ => Err(format!("the makefile sets {name}")),
            }
        };
        let written = |path: &Path| self.written.contains(path);
        let read = std::cell::Cell::new(self.shell_read);
        let machine = Machine {
            fs: self.fs,
            host: &self.host,
            dir: &self.workspace.dir,
            env: &env,
            written: &written,
            read: &read,
            shell,
        };
        let answer = crate::eval::shell::answer(command, &machine, assignment);
        self.shell_read = read.get();
        answer
    }
}

impl Context for Reader<'_> {
    fn variable(&self, name: &str) -> Option<Variable> {
        if name == ".VARIABLES" {
            // Computed at each use, as make does (make's order is its hash
            // table's; sorted here).
            let mut names: Vec<&str> = self.variables.keys().map(String::as_str).collect();
            names.push(".VARIABLES");
            if !self.variables.contains_key(MAKEFILE_LIST) && self.makefile_list().is_some() {
                names.push(MAKEFILE_LIST);
            }
            names.sort_unstable();
            return Some(Variable::new(
                names.join(" "),
                Flavor::Simple,
                Origin::Default,
            ));
        }
        if name == MAKEFILE_LIST
            && let Some(list) = self.makefile_list()
        {
            return Some(list);
        }
        self.variables.get(name).cloned()
    }

    fn set_variable(&mut self, name: &str, variable: Option<Variable>) -> Option<Variable> {
        self.flush_append();
        self.settle(name);
        if let Some(v) = variable {
            self.set(name, v)
        } else {
            self.variable_changed(name);
            self.variables.remove(name)
        }
    }

    fn eval(&mut self, text: &str, unknown: bool) -> bool {
        self.eval_text(text, unknown);
        true
    }

    fn wildcard(&mut self, pattern: &str) -> Vec<String> {
        let pattern = self.tilde(pattern).into_owned();
        let (names, cut) = self.workspace.wildcard(&pattern, self.fs);
        self.report_wildcard_cut(&pattern, cut);
        names
    }

    fn read_file(&mut self, name: &str) -> FileContents {
        let path = self.in_working_directory(name);
        if self.written.contains(&crate::source::normalize(&path)) {
            return FileContents::Unknown;
        }
        let problem = match self.fs.kind(&path) {
            // One byte more than an expansion keeps: the expansion then
            // says it was cut, and a 5 GB file is not read whole first.
            Ok(FileKind::Regular) => match self.fs.read_at_most(&path, MAX_LENGTH as u64 + 1) {
                Ok(bytes) => {
                    let text = String::from_utf8(bytes)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                    return FileContents::Text(text);
                }
                Err(e) => crate::error::describe_io(&e),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileContents::Missing,
            Err(e) => crate::error::describe_io(&e),
            Ok(FileKind::Directory) => "is a directory".to_string(),
            Ok(FileKind::Other) => "not a regular file".to_string(),
        };
        self.diagnostic(
            Kind::Unreadable,
            self.position,
            format!("$(file <{name}): {problem}; not read"),
        );
        FileContents::Unknown
    }

    fn file_written(&mut self, name: &str) {
        let path = crate::source::normalize(&self.in_working_directory(name));
        self.written.insert(path);
    }

    fn realpath(&mut self, name: &str) -> Option<String> {
        let path = self.in_working_directory(name);
        self.fs
            .canonicalize(&path)
            .map(|p| p.to_string_lossy().into_owned())
    }

    fn working_directory(&self) -> Option<String> {
        Some(self.workspace.dir.to_string_lossy().into_owned())
    }

    fn shell(&mut self, command: &str, assignment: bool) -> Option<Answer> {
        // `!=` comes through `Reader::answer_shell`, with the name.
        debug_assert!(!assignment, "VAR != is answered with its name");
        self.answer_shell(command, None)
    }

    fn stop(&mut self) {
        if self.undecided_here {
            // Only one branch of an undecided conditional runs in make.
            self.diagnostic(
                Kind::UndecidedConditional,
                self.position,
                "make stops here if this branch is taken; reading goes on".into(),
            );
        } else {
            self.stop = true;
        }
    }

    fn stopped(&self) -> bool {
        self.stop
    }

    fn charge(&mut self, units: u64) -> bool {
        Reader::charge(self, units)
    }

    fn nesting(&self) -> u32 {
        self.nesting
    }

    fn set_nesting(&mut self, depth: u32) {
        self.nesting = depth;
    }

    fn take_buffers(&mut self) -> Vec<String> {
        std::mem::take(&mut self.spare_buffers)
    }

    fn keep_buffers(&mut self, buffers: Vec<String>) {
        if buffers.len() > self.spare_buffers.len() {
            self.spare_buffers = buffers;
        }
    }

    fn report(&mut self, kind: Kind, message: String) {
        self.diagnostic(kind, self.position, message);
    }
}
