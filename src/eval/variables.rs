//! Variables as the makefile sets them: assignments with every operator,
//! `override`, `define`/`endef` (manual 6.5-6.8) and the variables make
//! defines before reading (manual 6.14, 10.5.3).

use std::rc::Rc;

use crate::config::Config;
use crate::model::diagnostic::Kind;
use crate::model::{Flavor, Location, Origin, Variable};
use crate::parse::statement::{self, AssignOp, Modifiers, Statement};

use super::{AUTOMATIC_PARTS, DEFAULT_SUFFIXES, MAKEFILE_LIST, OpenDefine, Reader, TextState};

impl Reader<'_> {
    /// Defines the variables make defines before reading (manual 6.14
    /// "Other Special Variables", 10.5.3 "Automatic Variables", 6.10
    /// "Variables from the Environment"), then the command line's.
    pub(super) fn define_initial_variables(&mut self, config: &Config) {
        for line in crate::eval::builtin_variables::DEFAULT_VARIABLES.lines() {
            if let Statement::Assignment(a) = statement::parse_statement(line) {
                let flavor = if a.op == AssignOp::Recursive {
                    Flavor::Recursive
                } else {
                    Flavor::Simple
                };
                self.define(a.name, a.value, flavor, Origin::Default);
            }
        }
        for part in AUTOMATIC_PARTS {
            let d = format!("$(patsubst %/,%,$(dir ${part}))");
            let f = format!("$(notdir ${part})");
            self.define(
                &format!("{part}D"),
                &d,
                Flavor::Recursive,
                Origin::Automatic,
            );
            self.define(
                &format!("{part}F"),
                &f,
                Flavor::Recursive,
                Origin::Automatic,
            );
        }
        for (name, value) in &config.environment {
            if name != "SHELL" && name != "MAKEFLAGS" && name != "MAKELEVEL" {
                self.define(name, value, Flavor::Recursive, Origin::Environment);
            }
        }
        let curdir = self.workspace.dir.to_string_lossy().into_owned();
        // MAKEFILE_LIST is defined by the first file read, MAKECMDGOALS only
        // for goals: until then, make leaves them undefined.
        for (name, value) in [
            ("CURDIR", curdir.as_str()),
            ("MAKEFILES", ""),
            ("MAKEFLAGS", ""),
            ("MFLAGS", ""),
            ("MAKELEVEL", "0"),
            (".DEFAULT_GOAL", ""),
            (".LOADED", ""),
            (".RECIPEPREFIX", ""),
            ("SUFFIXES", DEFAULT_SUFFIXES),
        ] {
            let origin = match name {
                "CURDIR" | "MAKEFLAGS" | ".DEFAULT_GOAL" => Origin::File,
                "MAKELEVEL" | "MFLAGS" => Origin::Environment,
                _ => Origin::Default,
            };
            self.define(name, value, Flavor::Simple, origin);
        }
        for word in &config.command_line_variables {
            if let Statement::Assignment(a) = statement::parse_statement(word) {
                self.assign(
                    a.name,
                    a.op,
                    a.value,
                    Modifiers::default(),
                    Origin::CommandLine,
                );
            }
        }
    }

    pub(super) fn define(&mut self, name: &str, value: &str, flavor: Flavor, origin: Origin) {
        self.settle(name);
        self.variable_changed(name);
        self.variables
            .insert(name.to_string(), Variable::new(value, flavor, origin));
    }

    pub(super) fn define_body_line(&mut self, state: &mut TextState, text: &str) {
        let Some(define) = state.define.as_mut() else {
            return;
        };
        if !self.starts_with_recipe_prefix(text) {
            let code = crate::parse::comment::split_comment(text).code;
            let word = code.split_ascii_whitespace().next().unwrap_or("");
            if word == "endef" {
                define.depth -= 1;
                if define.depth == 0 {
                    let define = state.define.take().expect("checked above");
                    if !define.skip {
                        self.finish_define(define);
                    }
                    return;
                }
            } else if word == "define" {
                define.depth += 1;
            }
        }
        if define.lines > 0 {
            define.body.push('\n');
        }
        define.body.push_str(text);
        define.lines += 1;
    }

    pub(super) fn finish_define(&mut self, define: OpenDefine) {
        let modifiers = define.modifiers;
        let body = define.body;
        let name = define.name;
        let at = self.position;
        let assigned = self.assign_expanded_name(&name, define.op, &body, modifiers, Origin::File);
        if let (Some(comments), Some(assigned)) = (define.comments, assigned) {
            let record = super::documented::AssignmentLine {
                op: define.op,
                value: &body,
                modifiers,
                define: true,
                location: Location {
                    file: at.file,
                    line: define.line,
                },
                section: define.section,
            };
            self.record_assignment(&name, &record, assigned, comments);
        }
    }

    /// `VAR op value` from a makefile or the command line: the name, and
    /// what the assignment did (`None` when it did nothing: an empty name,
    /// or make stopped).
    pub(super) fn assign(
        &mut self,
        name: &str,
        op: AssignOp,
        value: &str,
        modifiers: Modifiers,
        origin: Origin,
    ) -> Option<(String, Assigned)> {
        let (name, _) = self.expand_cow(name);
        let name = name.trim().to_string();
        let assigned = self.assign_expanded_name(&name, op, value, modifiers, origin)?;
        Some((name, assigned))
    }

    fn assign_expanded_name(
        &mut self,
        name: &str,
        op: AssignOp,
        value: &str,
        modifiers: Modifiers,
        origin: Origin,
    ) -> Option<Assigned> {
        if name.is_empty() {
            self.diagnostic(Kind::Syntax, self.position, "empty variable name".into());
            return None;
        }
        if self.is_marked(name) {
            self.diagnostic(
                Kind::NotEvaluated,
                self.position,
                "a variable whose name depends on a value not evaluated is not set".into(),
            );
            return None;
        }
        if op == AssignOp::Append && self.append_in_place(name, value, modifiers, origin) {
            return Some(Assigned::default_effect());
        }
        // Anything else sees the text appended so far.
        self.flush_append();
        let origin = if modifiers.override_ {
            Origin::Override
        } else {
            origin
        };
        self.settle(name);
        let existing = self.variables.get(name).cloned();
        if let Some(e) = &existing {
            let protected = matches!(e.origin, Origin::CommandLine | Origin::Override);
            if protected && origin == Origin::File {
                return Some(Assigned::default());
            }
        }
        let variable = match op {
            AssignOp::Recursive => Variable::new(value, Flavor::Recursive, origin),
            AssignOp::Simple | AssignOp::Immediate => {
                let (value, unknown, flavor) = if op == AssignOp::Immediate {
                    let (text, unknown) = self.expand_cow(value);
                    (
                        Rc::from(text.replace('$', "$$")),
                        unknown,
                        Flavor::Recursive,
                    )
                } else {
                    let (value, unknown) = self.joined_value(None, value, true);
                    (value, unknown, Flavor::Simple)
                };
                Variable {
                    unknown,
                    ..Variable::new(value, flavor, origin)
                }
            }
            AssignOp::Conditional => {
                if existing.is_some() {
                    return Some(Assigned::default());
                }
                Variable::new(value, Flavor::Recursive, origin)
            }
            AssignOp::Append => match existing {
                None => Variable::new(value, Flavor::Recursive, origin),
                Some(e) => {
                    let expand = e.flavor == Flavor::Simple;
                    let (value, unknown) = self.joined_value(Some(&e.value), value, expand);
                    Variable {
                        value,
                        flavor: e.flavor,
                        origin: if origin == Origin::File {
                            e.origin
                        } else {
                            origin
                        },
                        unknown: e.unknown || unknown,
                    }
                }
            },
            AssignOp::Shell => {
                // make expands the command now and stores what it prints,
                // as a recursive variable.
                let (command, unknown) = self.expand_text(value);
                let answer = if unknown {
                    self.diagnostic(
                        Kind::NotEvaluated,
                        self.position,
                        format!("'{name} != ...' runs a command not known; not evaluated"),
                    );
                    None
                } else {
                    self.answer_shell(&command, Some(name))
                };
                let (variable, status) = match answer {
                    Some(answer) => (
                        Variable::new(answer.output, Flavor::Recursive, origin),
                        crate::eval::expand::functions::shell_status_of(answer.status),
                    ),
                    None => (
                        Variable {
                            unknown: true,
                            ..Variable::new("", Flavor::Recursive, origin)
                        },
                        crate::eval::expand::functions::shell_status(),
                    ),
                };
                self.variables.insert(".SHELLSTATUS".to_string(), status);
                variable
            }
        };
        if self.stop {
            // make stopped while expanding the value.
            return None;
        }
        // In a branch that may not be taken, the value is a guess: never a
        // fact a later conditional or name is built on.
        let mut variable = Variable {
            unknown: variable.unknown || self.unknown_eval > 0 || self.undecided_here,
            ..variable
        };
        if self.marked_eval > 0 && crate::eval::expand::has_mark(&variable.value) {
            variable.value = crate::eval::expand::without_marks(&variable.value).into();
            variable.unknown = true;
        }
        let assigned = Assigned {
            took_effect: true,
            // What `:=` stored; what `:::=` expanded (stored with each `$`
            // doubled).
            stored: match op {
                _ if variable.unknown => None,
                AssignOp::Simple => Some(Rc::clone(&variable.value)),
                AssignOp::Immediate => Some(Rc::from(variable.value.replace("$$", "$"))),
                _ => None,
            },
        };
        if name == ".RECIPEPREFIX" {
            // The value as stored, not expanded again (make's
            // `set_special_var`): `:= $$` makes `$` the prefix, and so does
            // `= $(P)`.
            self.recipe_prefix = variable.value.chars().next().unwrap_or('\t');
        } else if name == ".SUFFIXES" {
            // A variable, not the special target: nothing to do.
        }
        self.set(name, variable);
        Some(assigned)
    }

    /// `NAME += text` of a plain makefile line whose text needs no
    /// expansion now: kept with the text appended to `NAME` so far and
    /// stored once something else is read (see [`Reader::flush_append`]),
    /// since storing each append copies the whole value (100,000 appends
    /// to one variable took 20 s). False when the append needs the general
    /// path.
    fn append_in_place(
        &mut self,
        name: &str,
        value: &str,
        modifiers: Modifiers,
        origin: Origin,
    ) -> bool {
        if modifiers != Modifiers::default()
            || origin != Origin::File
            || self.unknown_eval > 0
            || self.marked_eval > 0
            || self.undecided_here
            || name.starts_with('.')
            || name == MAKEFILE_LIST
        {
            return false;
        }
        let Some(existing) = self.variables.get(name) else {
            return false;
        };
        if matches!(existing.origin, Origin::CommandLine | Origin::Override)
            || (existing.flavor == Flavor::Simple && value.contains('$'))
        {
            return false;
        }
        let base_empty = existing.value.is_empty();
        if self.pending_append.as_ref().is_none_or(|p| p.name != name) {
            self.flush_append();
            self.pending_append = Some(PendingAppend {
                name: name.to_string(),
                tail: String::new(),
                base_empty,
            });
        }
        let pending = self.pending_append.as_mut().expect("set above");
        // A blank between two non-empty parts, as `joined_value` joins them.
        if !value.is_empty() {
            if !(pending.base_empty && pending.tail.is_empty()) {
                pending.tail.push(' ');
            }
            pending.tail.push_str(value);
        }
        true
    }

    /// Stores the text appended by `+=` lines not yet stored.
    pub(super) fn flush_append(&mut self) {
        let Some(pending) = self.pending_append.take() else {
            return;
        };
        if pending.tail.is_empty() {
            return;
        }
        let Some(existing) = self.variables.get(&pending.name) else {
            return;
        };
        let mut value = String::with_capacity(existing.value.len() + pending.tail.len());
        value.push_str(&existing.value);
        value.push_str(&pending.tail);
        let variable = Variable {
            value: Rc::from(value),
            ..existing.clone()
        };
        self.set(&pending.name, variable);
    }

    /// The value to store for `text` (expanded when `expand`), after
    /// `before` and a blank when both are non-empty (`+=`); says whether part
    /// of it could not be evaluated. Built in a kept buffer, so that the
    /// only allocation is the stored value's.
    fn joined_value(
        &mut self,
        before: Option<&Rc<str>>,
        text: &str,
        expand: bool,
    ) -> (Rc<str>, bool) {
        let mut buffer = self.spare_buffer();
        if let Some(before) = before {
            buffer.push_str(before);
            buffer.push(' ');
        }
        let start = buffer.len();
        let unknown = if expand && text.contains('$') {
            // Once make has stopped, nothing is expanded.
            self.expand_to(text, &mut buffer)
        } else {
            buffer.push_str(text);
            false
        };
        let value = match before {
            // Nothing added: no blank either.
            Some(before) if buffer.len() == start => Rc::clone(before),
            Some(before) if !before.is_empty() => Rc::from(buffer.as_str()),
            _ => Rc::from(&buffer[start..]),
        };
        self.give_back(buffer);
        (value, unknown)
    }

    /// Forgets what was cached about the variable `name`: every change of a
    /// variable goes through [`Reader::set`] or [`Reader::define`], or calls
    /// this (`.SHELLSTATUS` and `MAKEFILE_LIST` are set directly: nothing
    /// about them is cached).
    pub(super) fn variable_changed(&mut self, name: &str) {
        if name == ".DEFAULT_GOAL" {
            self.default_goal_set = None;
        }
    }

    /// Sets a variable, returning the one it replaces; the name is copied
    /// only for a new variable.
    pub(super) fn set(&mut self, name: &str, mut variable: Variable) -> Option<Variable> {
        self.variable_changed(name);
        let new = variable.value.len();
        // One look-up when the value fits (nearly always): the bytes of
        // values set another way (make's own, `MAKEFILE_LIST`) are not
        // counted, so the total never goes below zero.
        match self.variables.get_mut(name) {
            Some(slot) => {
                let others = self.stored_bytes.saturating_sub(slot.value.len());
                if new <= slot.value.len() || others + new <= self.max_stored_bytes {
                    self.stored_bytes = others + new;
                    return Some(std::mem::replace(slot, variable));
                }
            }
            None if self.stored_bytes + new <= self.max_stored_bytes => {
                self.stored_bytes += new;
                return self.variables.insert(name.to_string(), variable);
            }
            None => {}
        }
        if !self.stored_bytes_reported {
            self.stored_bytes_reported = true;
            let max = self.max_stored_bytes;
            self.diagnostic(
                Kind::Expansion,
                self.position,
                format!(
                    "variables would hold more than {max} bytes in all; {name}, and any \
                     value that would grow them later, is not kept"
                ),
            );
        }
        variable.value = "".into();
        variable.unknown = true;
        match self.variables.get_mut(name) {
            Some(slot) => {
                self.stored_bytes = self.stored_bytes.saturating_sub(slot.value.len());
                Some(std::mem::replace(slot, variable))
            }
            None => self.variables.insert(name.to_string(), variable),
        }
    }
}

/// What an assignment did.
#[derive(Debug, Default)]
pub(super) struct Assigned {
    /// It changed the variable.
    pub took_effect: bool,
    /// The value a `:=`, `::=` or `:::=` stored, when known.
    pub stored: Option<Rc<str>>,
}

impl Assigned {
    /// An assignment that changed its variable, storing nothing to show.
    fn default_effect() -> Self {
        Assigned {
            took_effect: true,
            stored: None,
        }
    }
}

/// `+=` text not yet stored (see [`Reader::flush_append`]).
#[derive(Debug)]
pub(super) struct PendingAppend {
    /// The variable.
    name: String,
    /// The text to append to its stored value, blanks included.
    tail: String,
    /// Its stored value was empty: the first part takes no blank.
    base_empty: bool,
}
