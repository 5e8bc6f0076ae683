//! Reads makefile text into the model, line by line, with make's state:
//! conditionals, `define` bodies, recipe lines, variables, includes and
//! rules — GNU make's `eval` (manual 3.7 "How make Reads a Makefile").
//!
//! - A line that starts with the recipe prefix (TAB, or `.RECIPEPREFIX`) is a
//!   recipe line only after a rule; an assignment, `include`, `define` or
//!   `vpath` ends the rule. Elsewhere it is read as an ordinary line.
//! - Includes are read at the point of the `include` line, as make does.
//!   An include whose file is already being read (an ancestor) is a cycle:
//!   reported once with the whole chain and not followed. A file included
//!   again on another branch (a diamond) is read again, as make reads it.
//! - Conditionals whose operands cannot be evaluated (`$(shell)`) read both
//!   branches; what they define is marked conditional.
//! - `$(eval)` text is read here and now, as lines of the file it is in
//!   (manual 8.10); what an `$(eval)` of unknown text defines is marked
//!   unknown (variables) or conditional (rules).
//! - `$(error)`, and the errors make dies on while expanding, stop the
//!   reading of the current file there, as make stops, keeping what was
//!   read; the file that included it goes on. In a branch that could not be
//!   decided, they are reported and reading goes on.
//! - All expansion work is counted ([`MAX_WORK`]), so that exponential
//!   `$(call)` and `$(eval)` patterns end with a diagnostic.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::path::PathBuf;
use std::rc::Rc;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use crate::diagnostic::{Diagnostic, Kind};
use crate::expand::{self, Context, Expander, FileContents, Flavor, Origin, Variable};
use crate::lines::logical_lines;
use crate::load::{Config, FileKey, FileKind, FileSystem, Workspace};
use crate::model::{
    Definition, FileId, Found, Location, Makefile, SourceFile, Target, VariableMap,
};
use crate::syntax::{self, AssignOp, Condition, Modifiers, Rule, RuleKind, Statement};

/// The variable naming every file read so far.
const MAKEFILE_LIST: &str = "MAKEFILE_LIST";

/// Includes nested deeper than this are not followed.
pub const MAX_INCLUDE_DEPTH: usize = 200;

/// `$(eval)` nested deeper than this is not evaluated.
const MAX_EVAL_DEPTH: usize = 100;

/// Total expansion work one reading may do, counted in references and
/// function calls ([`EVAL_LINE_WORK`] for a line read by `$(eval)`): far
/// beyond real makefiles, it ends exponential `$(call)`/`$(eval)` patterns
/// within seconds.
pub const MAX_WORK: u64 = 10_000_000;

/// The work a line read by `$(eval)` counts for: parsing it costs about as
/// much as this many references.
pub const EVAL_LINE_WORK: u64 = 16;

/// The directory and file parts of the automatic variables, which make
/// defines before reading (`$(@D)`, `$(<F)`...).
const AUTOMATIC_PARTS: &[&str] = &["@", "%", "*", "<", "?", "^", "+"];

/// Syntax errors shown per file: a binary file read as a makefile would
/// otherwise give one per line.
pub const MAX_SYNTAX_ERRORS_PER_FILE: u32 = 10;

/// Characters of a diagnostic's message kept: messages may quote makefile
/// text, and a line may be megabytes long.
pub const MAX_MESSAGE_CHARS: usize = 200;

/// Prerequisites recorded in all, so that memory stays bounded when an
/// expansion multiplies targets by prerequisites.
pub const MAX_PREREQUISITES: usize = 5_000_000;

/// Special targets (manual 4.8): rules, never listed as targets.
pub const SPECIAL_TARGETS: &[&str] = &[
    ".PHONY",
    ".SUFFIXES",
    ".DEFAULT",
    ".PRECIOUS",
    ".INTERMEDIATE",
    ".NOTINTERMEDIATE",
    ".SECONDARY",
    ".SECONDEXPANSION",
    ".DELETE_ON_ERROR",
    ".IGNORE",
    ".LOW_RESOLUTION_TIME",
    ".SILENT",
    ".EXPORT_ALL_VARIABLES",
    ".NOTPARALLEL",
    ".ONESHELL",
    ".POSIX",
    ".WAIT",
    ".NOEXPORT",
    ".MAKE",
    ".LIBPATTERNS",
];

/// GNU make's default `.SUFFIXES` list.
const DEFAULT_SUFFIXES: &str = ".out .a .ln .o .c .cc .C .cpp .p .f .F .m .r .y .l .ym .yl .s .S \
     .mod .sym .def .h .info .dvi .tex .texinfo .texi .txinfo .w .ch .web .sh .elc .el";

/// A file being read, for the ancestor chain.
struct Frame {
    file: FileId,
    key: FileKey,
    line: u32,
}

/// Which branch of a conditional is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Branch {
    Take,
    Skip,
    /// The condition could not be evaluated: read it, marked conditional.
    Both,
}

struct Conditional {
    branch: Branch,
    /// A branch has been taken, so later `else` branches are skipped.
    taken: bool,
    /// The enclosing section is skipped.
    outer_skip: bool,
    seen_else: bool,
    line: u32,
}

struct OpenDefine {
    name: String,
    op: AssignOp,
    modifiers: Modifiers,
    depth: u32,
    body: String,
    lines: usize,
    skip: bool,
    line: u32,
}

/// Parser state that belongs to one text (a file or an `$(eval)`).
#[derive(Default)]
struct TextState {
    conditionals: Vec<Conditional>,
    rule_context: bool,
    pending_comments: Vec<String>,
    define: Option<OpenDefine>,
    /// A NUL byte has been reported in this text (once is enough).
    nul_reported: bool,
}

impl TextState {
    fn skipping(&self) -> bool {
        self.conditionals.iter().any(|c| c.branch == Branch::Skip)
    }

    fn undecided(&self) -> bool {
        self.conditionals.iter().any(|c| c.branch == Branch::Both)
    }
}

/// Where each target is in the model, found by name without keeping a
/// second copy of every name. Each entry keeps its name's hash, so that
/// growing the table does not read every name again.
#[derive(Default)]
struct TargetIndex {
    table: HashTable<(u64, usize)>,
    hasher: DefaultHashBuilder,
}

/// The reader: variables, targets and the include chain.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags of make's reading state"
)]
pub struct Reader<'a> {
    workspace: &'a Workspace,
    fs: &'a dyn FileSystem,
    variables: VariableMap,
    model: Makefile,
    index: TargetIndex,
    chain: Vec<Frame>,
    recipe_prefix: char,
    section: Option<Rc<str>>,
    position: Location,
    outer_undecided: bool,
    in_makefiles_variable: bool,
    eval_depth: usize,
    reported: HashSet<String>,
    syntax_errors: HashMap<FileId, u32>,
    prerequisite_budget: usize,
    suffixes: Vec<String>,
    /// Files read since `MAKEFILE_LIST` was last stored, each after a
    /// space: storing the list at each file would copy it once per file.
    makefile_list_tail: String,
    /// make stopped (`$(error)`): the current file is read no further.
    stop: bool,
    /// The line being read is in a branch that could not be decided.
    undecided_here: bool,
    /// `$(eval)` of text that could not be fully evaluated is being read.
    unknown_eval: usize,
    /// Expansion work done so far, and the most allowed (see [`MAX_WORK`]).
    work: u64,
    max_work: u64,
    /// Files a `$(file >...)` would have written: their contents are unknown.
    written: HashSet<PathBuf>,
    /// The depth of the expansion that called `$(eval)` (see
    /// [`Context::nesting`]).
    nesting: u32,
}

impl<'a> Reader<'a> {
    /// A reader with make's initial variables.
    pub fn new(config: &Config, workspace: &'a Workspace, fs: &'a dyn FileSystem) -> Self {
        let mut reader = Reader {
            workspace,
            fs,
            // make's own and the environment's variables fit without growing.
            variables: VariableMap::with_capacity_and_hasher(512, DefaultHashBuilder::default()),
            model: Makefile::default(),
            index: TargetIndex::default(),
            chain: Vec::new(),
            recipe_prefix: '\t',
            section: None,
            position: Location { file: 0, line: 0 },
            outer_undecided: false,
            in_makefiles_variable: false,
            eval_depth: 0,
            reported: HashSet::new(),
            makefile_list_tail: String::new(),
            syntax_errors: HashMap::new(),
            prerequisite_budget: MAX_PREREQUISITES,
            suffixes: expand::words(DEFAULT_SUFFIXES)
                .map(str::to_string)
                .collect(),
            stop: false,
            undecided_here: false,
            unknown_eval: 0,
            work: 0,
            max_work: MAX_WORK,
            written: HashSet::new(),
            nesting: 0,
        };
        for line in crate::builtins::DEFAULT_VARIABLES.lines() {
            if let Statement::Assignment(a) = syntax::parse_statement(line) {
                let flavor = if a.op == AssignOp::Recursive {
                    Flavor::Recursive
                } else {
                    Flavor::Simple
                };
                reader.define(a.name, a.value, flavor, Origin::Default);
            }
        }
        for part in AUTOMATIC_PARTS {
            let d = format!("$(patsubst %/,%,$(dir ${part}))");
            let f = format!("$(notdir ${part})");
            reader.define(
                &format!("{part}D"),
                &d,
                Flavor::Recursive,
                Origin::Automatic,
            );
            reader.define(
                &format!("{part}F"),
                &f,
                Flavor::Recursive,
                Origin::Automatic,
            );
        }
        for (name, value) in &config.environment {
            if name != "SHELL" && name != "MAKEFLAGS" && name != "MAKELEVEL" {
                reader.define(name, value, Flavor::Recursive, Origin::Environment);
            }
        }
        let curdir = workspace.dir.to_string_lossy().into_owned();
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
            reader.define(name, value, Flavor::Simple, origin);
        }
        for word in &config.command_line_variables {
            if let Statement::Assignment(a) = syntax::parse_statement(word) {
                reader.assign(
                    a.name,
                    a.op,
                    a.value,
                    Modifiers::default(),
                    Origin::CommandLine,
                );
            }
        }
        reader
    }

    fn define(&mut self, name: &str, value: &str, flavor: Flavor, origin: Origin) {
        self.settle(name);
        self.variables
            .insert(name.to_string(), Variable::new(value, flavor, origin));
    }

    /// Reads a main makefile (`-f` or the default name).
    pub fn read_main(&mut self, name: &str) -> std::io::Result<()> {
        let path = self.workspace.absolute(name);
        match self.fs.kind(&path)? {
            FileKind::Regular => {}
            FileKind::Directory => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "Is a directory",
                ));
            }
            FileKind::Other => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file; not read",
                ));
            }
        }
        let bytes = self.fs.read(&path)?;
        let key = self.file_key(&path);
        self.read_file(name, path, key, Found::Main, &bytes);
        Ok(())
    }

    /// Reads one word of `MAKEFILES`: like `-include`, and never the source
    /// of the default goal.
    pub fn read_makefiles_entry(&mut self, name: &str) {
        let Some((found, _)) = self.workspace.resolve_include(name, self.fs) else {
            return;
        };
        let path = self.workspace.absolute(&found);
        if !matches!(self.fs.kind(&path), Ok(FileKind::Regular)) {
            return;
        }
        let Ok(bytes) = self.fs.read(&path) else {
            return;
        };
        let key = self.file_key(&path);
        self.in_makefiles_variable = true;
        self.read_file(&found, path, key, Found::MakefilesVariable, &bytes);
        self.in_makefiles_variable = false;
    }

    /// Reads text as if it were the main makefile `name` (no file access).
    pub fn read_text_as(&mut self, name: &str, bytes: &[u8]) {
        let path = self.workspace.absolute(name);
        let key = FileKey::Path(path.clone());
        self.read_file(name, path, key, Found::Main, bytes);
    }

    /// Identifies a file for cycle detection; a file that cannot be
    /// identified is known by its path.
    fn file_key(&self, path: &std::path::Path) -> FileKey {
        self.fs
            .file_key(path)
            .unwrap_or_else(|| FileKey::Path(path.to_path_buf()))
    }

    fn read_file(&mut self, name: &str, path: PathBuf, key: FileKey, found: Found, bytes: &[u8]) {
        let file = self.model.files.len();
        self.model.files.push(SourceFile {
            name: name.to_string(),
            display: self.workspace.display(name),
            path,
            found,
            diagnostics_before: self.model.diagnostics.len(),
        });
        self.makefile_list_tail.push(' ');
        self.makefile_list_tail.push_str(name);
        self.chain.push(Frame { file, key, line: 0 });
        // A file starts under the `##@` section in force at its include
        // line; a section it opens ends with it.
        let section = self.section.clone();
        // `from_utf8` checks ASCII a word at a time; `from_utf8_lossy` only
        // when there is something to replace.
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        self.read_text(&text, file, None);
        // `$(error)` ends this file; the file that included it goes on.
        self.stop = false;
        self.chain.pop();
        self.section = section;
    }

    /// `MAKEFILE_LIST` as it stands, when files were read since it was
    /// stored: make appends each file's name, and the variable is then
    /// simple and from a file.
    fn makefile_list(&self) -> Option<Variable> {
        let tail = self.makefile_list_tail.as_str();
        if tail.is_empty() {
            return None;
        }
        let value = match self.variables.get(MAKEFILE_LIST) {
            Some(old) if !old.value.is_empty() => format!("{}{tail}", old.value),
            _ => tail[1..].to_string(),
        };
        Some(Variable::new(value, Flavor::Simple, Origin::File))
    }

    /// Stores `MAKEFILE_LIST` before the variable `name` is looked at or set.
    fn settle(&mut self, name: &str) {
        if name == MAKEFILE_LIST
            && let Some(list) = self.makefile_list()
        {
            self.variables.insert(MAKEFILE_LIST.to_string(), list);
            self.makefile_list_tail.clear();
        }
    }

    /// The model, once everything is read.
    #[must_use]
    pub fn finish(mut self) -> Makefile {
        self.settle(MAKEFILE_LIST);
        let goal = self.expand_text("$(.DEFAULT_GOAL)").0;
        let goal = goal.trim();
        self.model.default_goal = (!goal.is_empty()).then(|| goal.to_string());
        let suffixes: HashSet<String> = std::mem::take(&mut self.suffixes).into_iter().collect();
        self.model
            .targets
            .retain(|t| !is_suffix_rule(&t.name, &suffixes));
        // Duplicates are removed once here: a check on each push is quadratic.
        for target in &mut self.model.targets {
            dedup_in_order(&mut target.prerequisites);
            dedup_in_order(&mut target.order_only);
        }
        self.model.variables = std::mem::take(&mut self.variables);
        self.model.index_names();
        self.model
    }

    fn diagnostic(&mut self, kind: Kind, location: Location, mut message: String) {
        if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
            message.truncate(cut);
            message.push('…');
        }
        // Before the first line of a file (command-line variables), there is
        // no place to name: no `:0:` and no empty path.
        let place = match self.model.files.get(location.file) {
            Some(file) if location.line > 0 => Some(file.display.clone()),
            _ => None,
        };
        let key = format!("{place:?}:{}: {message}", location.line);
        if !self.reported.insert(key) {
            return;
        }
        if kind == Kind::Syntax {
            let count = self.syntax_errors.entry(location.file).or_insert(0);
            *count += 1;
            if *count > MAX_SYNTAX_ERRORS_PER_FILE + 1 {
                return;
            }
            if *count == MAX_SYNTAX_ERRORS_PER_FILE + 1 {
                message = "more errors in this file are not shown".into();
            }
        }
        let diagnostic = match place {
            Some(path) => Diagnostic::at(kind, &path, location.line, message),
            None => Diagnostic::general(kind, message),
        };
        self.model.diagnostics.push(diagnostic);
    }

    /// Expands text; also says whether part of it could not be evaluated.
    fn expand_text(&mut self, text: &str) -> (String, bool) {
        let (out, unknown) = self.expand_cow(text);
        (out.into_owned(), unknown)
    }

    /// [`Reader::expand_text`], borrowing text without references.
    fn expand_cow<'t>(&mut self, text: &'t str) -> (Cow<'t, str>, bool) {
        if self.stop {
            // make stopped on this line: nothing more is expanded.
            return (Cow::Borrowed(""), false);
        }
        if !text.contains('$') {
            return (Cow::Borrowed(text), false);
        }
        // Sized for the common case, so that the result rarely grows.
        let mut out = String::with_capacity(text.len() * 2);
        let mut ex = Expander::new(self);
        ex.expand_into(text, &mut out);
        (Cow::Owned(out), ex.unknown)
    }

    /// Reads makefile text: a file, or the argument of `$(eval)` (then
    /// every line is reported at `fixed_line`).
    fn read_text(&mut self, text: &str, file: FileId, fixed_line: Option<u32>) {
        let mut state = TextState::default();
        for line in logical_lines(text) {
            if self.stop || (fixed_line.is_some() && !self.charge(EVAL_LINE_WORK)) {
                return;
            }
            let number = fixed_line.unwrap_or(line.line);
            self.position = Location { file, line: number };
            if let (Some(frame), None) = (self.chain.last_mut(), fixed_line) {
                frame.line = number;
            }
            if line.nul && !state.nul_reported {
                state.nul_reported = true;
                self.diagnostic(
                    Kind::Syntax,
                    self.position,
                    "NUL character seen; rest of line ignored".into(),
                );
            }
            if state.define.is_some() {
                self.define_body_line(&mut state, &line.text);
                continue;
            }
            let starts_with_prefix = line.text.starts_with(self.recipe_prefix);
            if starts_with_prefix && state.rule_context {
                continue;
            }
            self.undecided_here = self.outer_undecided || state.undecided();
            let split = syntax::split_line(&line.text);
            let statement = syntax::parse_statement(&split.code);
            self.statement(&mut state, statement, split.comment, starts_with_prefix);
        }
        if self.stop {
            return;
        }
        let end = self.position;
        if let Some(define) = state.define.take() {
            let at = Location {
                file,
                line: define.line,
            };
            self.diagnostic(
                Kind::Syntax,
                at,
                "missing 'endef', unterminated 'define'".into(),
            );
            if !define.skip {
                self.finish_define(define);
            }
        }
        if let Some(open) = state.conditionals.last() {
            let at = Location {
                file,
                line: open.line,
            };
            let _ = end;
            self.diagnostic(Kind::Syntax, at, "missing 'endif'".into());
        }
    }

    fn define_body_line(&mut self, state: &mut TextState, text: &str) {
        let Some(define) = state.define.as_mut() else {
            return;
        };
        if !text.starts_with(self.recipe_prefix) {
            let code = syntax::split_comment(text).code;
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

    fn finish_define(&mut self, define: OpenDefine) {
        let modifiers = define.modifiers;
        let body = define.body;
        let name = define.name;
        self.assign_expanded_name(&name, define.op, &body, modifiers, Origin::File);
    }

    fn statement(
        &mut self,
        state: &mut TextState,
        statement: Statement<'_>,
        comment: Option<&str>,
        prefixed: bool,
    ) {
        let skipping = state.skipping();
        match statement {
            Statement::If(condition) => {
                let outer_skip = skipping;
                let result = if outer_skip {
                    Some(false)
                } else {
                    self.evaluate(&condition)
                };
                state.conditionals.push(Conditional {
                    branch: branch_for(result),
                    taken: result == Some(true),
                    outer_skip,
                    seen_else: false,
                    line: self.position.line,
                });
            }
            Statement::Else(condition) => self.else_branch(state, condition.as_ref()),
            Statement::Endif => {
                if state.conditionals.pop().is_none() {
                    self.diagnostic(Kind::Syntax, self.position, "extraneous 'endif'".into());
                }
            }
            Statement::Define {
                modifiers,
                name,
                op,
            } => {
                let name = if skipping {
                    String::new()
                } else {
                    self.expand_text(name).0.trim().to_string()
                };
                state.rule_context = false;
                state.pending_comments.clear();
                state.define = Some(OpenDefine {
                    name,
                    op,
                    modifiers,
                    depth: 1,
                    body: String::new(),
                    lines: 0,
                    skip: skipping,
                    line: self.position.line,
                });
            }
            _ if skipping => {}
            Statement::Empty => match comment {
                Some(c) if c.starts_with("##@") => {
                    self.section = Some(Rc::from(syntax::comment_text(&c[3..])));
                    state.pending_comments.clear();
                }
                Some(c) => state.pending_comments.push(c.trim_end().to_string()),
                None => state.pending_comments.clear(),
            },
            Statement::Assignment(a) => {
                state.rule_context = false;
                state.pending_comments.clear();
                self.assign(a.name, a.op, a.value, a.modifiers, Origin::File);
            }
            Statement::Undefine { modifiers, name } => {
                state.rule_context = false;
                let name = self.expand_text(name).0.trim().to_string();
                if self.stop {
                    return;
                }
                self.settle(&name);
                let protected = self
                    .variables
                    .get(&name)
                    .is_some_and(|v| matches!(v.origin, Origin::CommandLine | Origin::Override));
                if !protected || modifiers.override_ {
                    self.variables.remove(&name);
                }
            }
            Statement::Endef => {
                self.diagnostic(Kind::Syntax, self.position, "extraneous 'endef'".into());
            }
            Statement::Include { optional, names } => {
                state.rule_context = false;
                state.pending_comments.clear();
                self.include_line(names, optional, state.undecided());
            }
            Statement::TargetVariable {
                targets,
                assignment,
            } => {
                state.rule_context = false;
                // Nothing to record, but make expands the targets, the name
                // and a `:=` value here: `$(eval)` and `$(info)` in them run.
                self.expand_text(targets);
                self.expand_text(assignment.name);
                if matches!(assignment.op, AssignOp::Simple | AssignOp::Immediate) {
                    self.expand_text(assignment.value);
                }
            }
            Statement::Export { .. } | Statement::Ignored => {
                state.rule_context = false;
            }
            Statement::Rule(rule) => {
                if prefixed {
                    self.diagnostic(
                        Kind::Syntax,
                        self.position,
                        "recipe commences before first target".into(),
                    );
                    return;
                }
                self.rule(state, &rule, comment);
            }
            Statement::Expression(text) => {
                // Read as a possible rule, it ends the previous rule's recipe.
                state.rule_context = false;
                self.expression(state, text, comment);
            }
            Statement::Invalid(message) => {
                self.diagnostic(Kind::Syntax, self.position, message.to_string());
            }
        }
    }

    fn else_branch(&mut self, state: &mut TextState, condition: Option<&Condition<'_>>) {
        let position = self.position;
        let Some(top) = state.conditionals.last() else {
            self.diagnostic(Kind::Syntax, position, "extraneous 'else'".into());
            return;
        };
        if top.seen_else {
            self.diagnostic(
                Kind::Syntax,
                position,
                "only one 'else' per conditional".into(),
            );
            let top = state.conditionals.last_mut().expect("checked above");
            top.branch = Branch::Skip;
            return;
        }
        let (outer_skip, taken, was) = (top.outer_skip, top.taken, top.branch);
        let result = if outer_skip || taken {
            Some(false)
        } else if was == Branch::Both {
            None
        } else {
            match condition {
                None => Some(true),
                Some(c) => self.evaluate(c),
            }
        };
        let top = state.conditionals.last_mut().expect("checked above");
        top.branch = branch_for(result);
        top.taken |= result == Some(true);
        top.seen_else = condition.is_none();
    }

    /// `Some(true)`/`Some(false)`, or `None` when an operand is unknown.
    fn evaluate(&mut self, condition: &Condition<'_>) -> Option<bool> {
        let result = match condition {
            Condition::Equal {
                negated,
                left,
                right,
            } => {
                let (l, lu) = self.expand_text(left);
                let (r, ru) = self.expand_text(right);
                if lu || ru {
                    None
                } else {
                    Some((l == r) != *negated)
                }
            }
            Condition::Defined { negated, name } => {
                let (name, unknown) = self.expand_text(name);
                self.settle(name.trim());
                let var = self.variables.get(name.trim());
                if unknown || var.is_some_and(|v| v.unknown) {
                    None
                } else {
                    Some(var.is_some_and(|v| !v.value.is_empty()) != *negated)
                }
            }
        };
        if result.is_none() {
            self.diagnostic(
                Kind::UndecidedConditional,
                self.position,
                "conditional depends on a value not evaluated; both branches read".into(),
            );
        }
        result
    }

    /// `VAR op value` from a makefile or the command line.
    fn assign(
        &mut self,
        name: &str,
        op: AssignOp,
        value: &str,
        modifiers: Modifiers,
        origin: Origin,
    ) {
        let name = self.expand_text(name).0.trim().to_string();
        self.assign_expanded_name(&name, op, value, modifiers, origin);
    }

    fn assign_expanded_name(
        &mut self,
        name: &str,
        op: AssignOp,
        value: &str,
        modifiers: Modifiers,
        origin: Origin,
    ) {
        if name.is_empty() {
            self.diagnostic(Kind::Syntax, self.position, "empty variable name".into());
            return;
        }
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
                return;
            }
        }
        let variable = match op {
            AssignOp::Recursive => Variable::new(value, Flavor::Recursive, origin),
            AssignOp::Simple | AssignOp::Immediate => {
                let (text, unknown) = self.expand_text(value);
                let (text, flavor) = if op == AssignOp::Immediate {
                    (text.replace('$', "$$"), Flavor::Recursive)
                } else {
                    (text, Flavor::Simple)
                };
                Variable {
                    unknown,
                    ..Variable::new(text, flavor, origin)
                }
            }
            AssignOp::Conditional => {
                if existing.is_some() {
                    return;
                }
                Variable::new(value, Flavor::Recursive, origin)
            }
            AssignOp::Append => match existing {
                None => Variable::new(value, Flavor::Recursive, origin),
                Some(e) => {
                    let (addition, unknown) = match e.flavor {
                        Flavor::Simple => self.expand_text(value),
                        Flavor::Recursive => (value.to_string(), false),
                    };
                    let joined = if e.value.is_empty() {
                        addition
                    } else if addition.is_empty() {
                        e.value.to_string()
                    } else {
                        format!("{} {addition}", e.value)
                    };
                    Variable {
                        value: Rc::from(joined),
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
                self.diagnostic(
                    Kind::NotEvaluated,
                    self.position,
                    format!("'{name} != ...' runs a shell command; not evaluated"),
                );
                self.variables
                    .insert(".SHELLSTATUS".to_string(), crate::functions::shell_status());
                Variable {
                    unknown: true,
                    ..Variable::new("", Flavor::Recursive, origin)
                }
            }
        };
        if self.stop {
            // make stopped while expanding the value.
            return;
        }
        let variable = Variable {
            unknown: variable.unknown || self.unknown_eval > 0,
            ..variable
        };
        if name == ".RECIPEPREFIX" {
            let (text, _) = self.expand_text(&variable.value);
            self.recipe_prefix = text.chars().next().unwrap_or('\t');
        } else if name == ".SUFFIXES" {
            // A variable, not the special target: nothing to do.
        }
        self.variables.insert(name.to_string(), variable);
    }

    /// An `include` line: names are expanded, `~` replaced, globs matched.
    fn include_line(&mut self, names: &str, optional: bool, undecided: bool) {
        let at = self.position;
        let (expanded, unknown) = self.expand_text(names);
        if self.stop {
            return;
        }
        if unknown {
            self.diagnostic(
                Kind::NotEvaluated,
                at,
                "include names depend on a value not evaluated; some may be missed".into(),
            );
        }
        let words: Vec<String> = expand::names(&expanded).map(str::to_string).collect();
        let was_undecided = self.outer_undecided;
        self.outer_undecided |= undecided;
        for word in words {
            let word = self.tilde(&word);
            for name in self.workspace.glob(&word, self.fs) {
                self.include(&name, optional, at);
            }
        }
        self.outer_undecided = was_undecided;
        self.position = at;
    }

    fn include(&mut self, name: &str, optional: bool, at: Location) {
        // Bytes that are not UTF-8 were read as U+FFFD: looking that name up
        // could find another file, so none is read.
        if name.contains(char::REPLACEMENT_CHARACTER) {
            self.diagnostic(
                Kind::Unreadable,
                at,
                format!("{name}: file name is not valid UTF-8; not read"),
            );
            return;
        }
        let Some((found_name, directory)) = self.workspace.resolve_include(name, self.fs) else {
            if !optional {
                self.diagnostic(
                    Kind::MissingInclude,
                    at,
                    format!("{name}: No such file or directory"),
                );
            }
            return;
        };
        let path = self.workspace.absolute(&found_name);
        match self.fs.kind(&path) {
            Ok(FileKind::Regular) => {}
            Ok(kind) => {
                let what = if kind == FileKind::Directory {
                    "is a directory"
                } else {
                    "is not a regular file"
                };
                self.diagnostic(
                    Kind::NotRegularFile,
                    at,
                    format!("{found_name}: {what}; not read"),
                );
                return;
            }
            Err(e) => {
                self.diagnostic(
                    Kind::Unreadable,
                    at,
                    format!("{found_name}: {}", crate::load::describe_io(&e)),
                );
                return;
            }
        }
        let key = self.file_key(&path);
        if let Some(start) = self.chain.iter().position(|f| f.key == key) {
            let mut chain: Vec<String> = self
                .chain
                .iter()
                .map(|f| format!("{}:{}", self.model.files[f.file].display, f.line))
                .collect();
            chain.push(self.workspace.display(&found_name));
            let _ = start;
            self.diagnostic(
                Kind::IncludeCycle,
                at,
                format!("include cycle: {}; not followed", chain.join(" → ")),
            );
            return;
        }
        if self.chain.len() >= MAX_INCLUDE_DEPTH {
            self.diagnostic(
                Kind::DepthLimit,
                at,
                format!(
                    "{found_name}: includes nested deeper than {MAX_INCLUDE_DEPTH} levels; not read"
                ),
            );
            return;
        }
        match self.fs.read(&path) {
            Ok(bytes) => {
                let found = Found::Include {
                    from: at,
                    directory,
                };
                self.read_file(&found_name, path, key, found, &bytes);
            }
            Err(e) => {
                self.diagnostic(
                    Kind::Unreadable,
                    at,
                    format!("{found_name}: {}", crate::load::describe_io(&e)),
                );
            }
        }
    }

    /// A line that is not a statement: it may expand to a rule, or to
    /// nothing (`$(eval ...)`, `$(info ...)`).
    fn expression(&mut self, state: &mut TextState, text: &str, comment: Option<&str>) {
        let (expanded, _) = self.expand_text(text);
        if expanded.trim().is_empty() {
            return;
        }
        if let Statement::Rule(rule) = syntax::parse_statement(&expanded.replace('$', "$$")) {
            self.rule(state, &rule, comment);
            return;
        }
        self.diagnostic(Kind::Syntax, self.position, "missing separator".into());
    }

    /// Expands a list of file names: `\:` stands for `:` and a leading
    /// `./` is dropped, as make does.
    /// Wildcards and `~` are expanded in rule targets and prerequisites
    /// (manual 4.4); a pattern that matches nothing stays as written.
    fn expand_words(&mut self, text: &str) -> (Vec<String>, bool) {
        if text.is_empty() {
            return (Vec::new(), false);
        }
        let (expanded, unknown) = self.expand_cow(text);
        // Each word once: an expansion may repeat a word millions of times
        // (`A = $(B) $(B)`, doubled again and again).
        let mut words: Vec<&str> = expand::names(&expanded).collect();
        dedup_in_order(&mut words);
        let mut names = Vec::with_capacity(words.len());
        for word in words {
            let word = self.tilde(word);
            if word.contains(['*', '?', '[']) {
                names.extend(
                    self.workspace
                        .glob(&word, self.fs)
                        .iter()
                        .map(|w| file_name(w)),
                );
            } else {
                names.push(file_name(&word));
            }
        }
        (names, unknown)
    }

    /// `~` and `~/...` stand for `$HOME`.
    fn tilde<'w>(&self, word: &'w str) -> Cow<'w, str> {
        match word.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                match self.variables.get("HOME") {
                    Some(home) => Cow::Owned(format!("{}{rest}", home.value)),
                    None => Cow::Borrowed(word),
                }
            }
            _ => Cow::Borrowed(word),
        }
    }

    fn rule(&mut self, state: &mut TextState, rule: &Rule<'_>, comment: Option<&str>) {
        state.rule_context = true;
        let at = self.position;
        let (targets, unknown) = self.expand_words(rule.targets);
        if unknown {
            self.diagnostic(
                Kind::NotEvaluated,
                at,
                "target names depend on a value not evaluated; rule skipped".into(),
            );
            return;
        }
        let (prerequisites, _) = self.expand_words(rule.prerequisites);
        let (order_only, _) = self.expand_words(rule.order_only);
        if self.stop {
            // make stopped while expanding this line.
            return;
        }
        let conditional = self.outer_undecided || state.undecided() || self.unknown_eval > 0;
        let mut only_special = true;
        for target in &targets {
            match target.as_str() {
                ".PHONY" => self.mark_phony(&prerequisites, comment, at),
                ".SUFFIXES" => self.suffixes(&prerequisites),
                _ => {}
            }
            if !is_special(target) {
                only_special = false;
            }
        }
        if only_special {
            // `.PHONY:` and its kind may stand between a comment and its rule.
            return;
        }
        let mut comment_above = std::mem::take(&mut state.pending_comments);
        self.default_goal_candidate(&targets);
        let target_pattern = rule
            .static_pattern
            .map(|p| self.expand_text(p).0.trim().to_string());
        let listed = |target: &String| {
            !is_special(target) && (target_pattern.is_some() || !target.contains('%'))
        };
        // The last listed target takes the rule's lists; the others copy them.
        let last = targets.iter().rposition(listed);
        let mut inline_comment = comment.map(|c| c.trim_end().to_string());
        let (mut prerequisites, mut order_only) = (prerequisites, order_only);
        for (i, target) in targets.into_iter().enumerate() {
            if !listed(&target) {
                continue;
            }
            let moved = Some(i) == last;
            let prereqs = match &target_pattern {
                None if moved => std::mem::take(&mut prerequisites),
                None => prerequisites.clone(),
                Some(pattern) => match expand::match_pattern(pattern, &target) {
                    Some(stem) => prerequisites
                        .iter()
                        .map(|p| p.replacen('%', stem, 1))
                        .collect(),
                    None => Vec::new(),
                },
            };
            let order_only = if moved {
                std::mem::take(&mut order_only)
            } else {
                order_only.clone()
            };
            let definition = Definition {
                location: at,
                inline_comment: if moved {
                    inline_comment.take()
                } else {
                    inline_comment.clone()
                },
                comment_above: if moved {
                    std::mem::take(&mut comment_above)
                } else {
                    comment_above.clone()
                },
                section: self.section.clone(),
                conditional,
            };
            let stored = prereqs.len() + order_only.len();
            let (prereqs, order_only) = if self.prerequisite_budget >= stored {
                self.prerequisite_budget -= stored;
                (prereqs, order_only)
            } else {
                self.diagnostic(
                    Kind::Expansion,
                    at,
                    format!(
                        "more than {MAX_PREREQUISITES} prerequisites in all; the rest are not recorded"
                    ),
                );
                (Vec::new(), Vec::new())
            };
            let t = self.target_mut(target);
            // Duplicates are removed once, when reading ends.
            t.prerequisites.extend(prereqs);
            t.order_only.extend(order_only);
            t.double_colon |= matches!(
                rule.kind,
                RuleKind::DoubleColon | RuleKind::GroupedDoubleColon
            );
            if t.definitions.is_empty() {
                // Most targets have one rule: room for four would be wasted.
                t.definitions.reserve_exact(1);
            }
            t.definitions.push(definition);
        }
    }

    fn target_mut(&mut self, name: impl AsRef<str> + Into<String>) -> &mut Target {
        let targets = &mut self.model.targets;
        let hasher = &self.index.hasher;
        let hash = hasher.hash_one(name.as_ref());
        let entry = self.index.table.entry(
            hash,
            |&(h, i)| h == hash && targets[i].name == name.as_ref(),
            |&(h, _)| h,
        );
        let i = match entry {
            Entry::Occupied(found) => found.get().1,
            Entry::Vacant(slot) => {
                slot.insert((hash, targets.len()));
                targets.push(Target {
                    name: name.into(),
                    ..Target::default()
                });
                targets.len() - 1
            }
        };
        &mut targets[i]
    }

    fn mark_phony(&mut self, names: &[String], comment: Option<&str>, at: Location) {
        for name in names {
            let t = self.target_mut(name);
            t.phony = true;
            t.phony_locations.push(at);
            if let (1, Some(c)) = (names.len(), comment) {
                t.phony_comment = Some(c.trim_end().to_string());
            }
        }
    }

    /// `.SUFFIXES:` with no prerequisites clears the list; otherwise adds.
    fn suffixes(&mut self, names: &[String]) {
        if names.is_empty() {
            self.suffixes.clear();
        } else {
            self.suffixes.extend(names.iter().cloned());
        }
    }

    /// make takes the first target of the first rule that is not a pattern
    /// rule and does not start with `.` (unless it holds a `/`).
    fn default_goal_candidate(&mut self, targets: &[String]) {
        if self.in_makefiles_variable {
            return;
        }
        let set = self
            .variables
            .get(".DEFAULT_GOAL")
            .is_some_and(|v| !v.value.trim().is_empty());
        if set {
            return;
        }
        if let Some(goal) = targets
            .iter()
            .find(|t| !t.contains('%') && (!t.starts_with('.') || t.contains('/')))
        {
            let goal = goal.clone();
            self.define(".DEFAULT_GOAL", &goal, Flavor::Simple, Origin::File);
        }
    }

    fn eval_text(&mut self, text: &str, unknown: bool) {
        if self.eval_depth >= MAX_EVAL_DEPTH {
            self.diagnostic(
                Kind::Expansion,
                self.position,
                format!("$(eval) nested deeper than {MAX_EVAL_DEPTH} levels; not evaluated"),
            );
            return;
        }
        self.eval_depth += 1;
        let at = self.position;
        let (was_outer, was_here) = (self.outer_undecided, self.undecided_here);
        self.outer_undecided |= was_here;
        self.unknown_eval += usize::from(unknown);
        self.read_text(text, at.file, Some(at.line));
        self.unknown_eval -= usize::from(unknown);
        (self.outer_undecided, self.undecided_here) = (was_outer, was_here);
        self.position = at;
        self.eval_depth -= 1;
    }
}

/// A file name as make records it.
fn file_name(word: &str) -> String {
    let mut name = word;
    while name.len() > 2 && name.starts_with("./") {
        name = name[2..].trim_start_matches('/');
    }
    if name.contains('\\') {
        name.replace("\\:", ":")
    } else {
        name.to_string()
    }
}

fn branch_for(result: Option<bool>) -> Branch {
    match result {
        Some(true) => Branch::Take,
        Some(false) => Branch::Skip,
        None => Branch::Both,
    }
}

/// Keeps the first of equal items, in order (make keeps the first mention
/// of a prerequisite).
fn dedup_in_order<T: Eq + std::hash::Hash + AsRef<str>>(list: &mut Vec<T>) {
    if list.len() < 2 {
        return;
    }
    if list.len() <= 16 {
        // Few items: scanning is cheaper than hashing.
        let mut i = 1;
        while i < list.len() {
            if list[..i].contains(&list[i]) {
                list.remove(i);
            } else {
                i += 1;
            }
        }
        return;
    }
    let keep: Vec<bool> = {
        let mut seen: hashbrown::HashSet<&str> = hashbrown::HashSet::with_capacity(list.len());
        list.iter().map(|item| seen.insert(item.as_ref())).collect()
    };
    let mut keep = keep.into_iter();
    list.retain(|_| keep.next().unwrap_or(true));
}

/// A special target, which is never listed.
#[must_use]
pub fn is_special(name: &str) -> bool {
    SPECIAL_TARGETS.contains(&name)
}

/// `.c.o` or `.c` when both parts are known suffixes (manual 10.7).
fn is_suffix_rule(name: &str, suffixes: &HashSet<String>) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if suffixes.contains(name) {
        return true;
    }
    name.char_indices()
        .skip(1)
        .any(|(i, _)| suffixes.contains(&name[..i]) && suffixes.contains(&name[i..]))
}

impl Reader<'_> {
    fn charge(&mut self, units: u64) -> bool {
        if self.work >= self.max_work {
            return false;
        }
        self.work += units;
        if self.work >= self.max_work {
            let max = self.max_work;
            self.diagnostic(
                Kind::Expansion,
                self.position,
                format!(
                    "more than {max} expansion steps (an exponential $(call) or $(eval)?); \
                     the rest of the makefiles is not evaluated"
                ),
            );
            return false;
        }
        true
    }

    /// A name as make's working directory sees it (no `..` folding: the
    /// system resolves it).
    fn in_working_directory(&self, name: &str) -> PathBuf {
        self.workspace.dir.join(name)
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
        self.settle(name);
        match variable {
            Some(v) => self.variables.insert(name.to_string(), v),
            None => self.variables.remove(name),
        }
    }

    fn eval(&mut self, text: &str, unknown: bool) -> bool {
        self.eval_text(text, unknown);
        true
    }

    fn wildcard(&mut self, pattern: &str) -> Vec<String> {
        let home = self.variables.get("HOME").map(|v| v.value.to_string());
        let pattern = match (pattern.strip_prefix('~'), home) {
            (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
                format!("{home}{rest}")
            }
            _ => pattern.to_string(),
        };
        self.workspace.wildcard(&pattern, self.fs)
    }

    fn read_file(&mut self, name: &str) -> FileContents {
        let path = self.in_working_directory(name);
        if self.written.contains(&crate::load::normalize(&path)) {
            return FileContents::Unknown;
        }
        let problem = match self.fs.kind(&path) {
            Ok(FileKind::Regular) => match self.fs.read(&path) {
                Ok(bytes) => {
                    return FileContents::Text(String::from_utf8_lossy(&bytes).into_owned());
                }
                Err(e) => crate::load::describe_io(&e),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileContents::Missing,
            Err(e) => crate::load::describe_io(&e),
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
        let path = crate::load::normalize(&self.in_working_directory(name));
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

    fn report(&mut self, kind: Kind, message: String) {
        self.diagnostic(kind, self.position, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;
    use std::path::Path;

    /// Files held in memory, under `/work`.
    struct Files(Vec<(&'static str, &'static str)>);

    impl FileSystem for Files {
        fn kind(&self, path: &Path) -> std::io::Result<FileKind> {
            if self
                .0
                .iter()
                .any(|(name, _)| Path::new("/work").join(name) == path)
            {
                Ok(FileKind::Regular)
            } else if path == Path::new("/work") {
                Ok(FileKind::Directory)
            } else {
                Err(std::io::ErrorKind::NotFound.into())
            }
        }
        fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
            self.0
                .iter()
                .find(|(name, _)| Path::new("/work").join(name) == path)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| std::io::ErrorKind::NotFound.into())
        }
        fn glob(&self, _: &str) -> Vec<PathBuf> {
            Vec::new()
        }
        fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
            Some(path.to_path_buf())
        }
    }

    /// Reads `Makefile` from the files, with a work budget.
    fn read_with(files: Vec<(&'static str, &'static str)>, max_work: u64) -> Makefile {
        let fs = Files(files);
        let config = Config {
            cwd: PathBuf::from("/work"),
            ..Config::default()
        };
        let workspace = Workspace::new(&config, &fs).expect("workspace");
        let mut reader = Reader::new(&config, &workspace, &fs);
        reader.max_work = max_work;
        reader.read_main("Makefile").expect("main makefile");
        reader.finish()
    }

    fn read(text: &'static str) -> Makefile {
        read_with(vec![("Makefile", text)], MAX_WORK)
    }

    fn messages(makefile: &Makefile) -> Vec<String> {
        makefile
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn value<'m>(makefile: &'m Makefile, name: &str) -> Option<&'m str> {
        makefile.variable(name).map(|v| &*v.value)
    }

    #[test]
    fn targets_from_undecided_branches_are_conditional() {
        let makefile = read(
            "ifeq ($(shell uname),Linux)\n\
             linux-only: ; @:\n\
             both: ; @:\n\
             else\n\
             other-only: ; @:\n\
             endif\n\
             both: ; @:\n\
             always: ; @:\n",
        );
        assert_eq!(
            makefile.target_names(),
            ["always", "both", "linux-only", "other-only"]
        );
        let conditional = |name: &str| makefile.target(name).expect(name).is_conditional();
        assert!(conditional("linux-only"));
        assert!(conditional("other-only"));
        assert!(!conditional("both"), "also defined outside the branch");
        assert!(!conditional("always"));
        let both = makefile.target("both").expect("both");
        assert_eq!(
            both.definitions
                .iter()
                .map(|d| d.conditional)
                .collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn undecided_ifdef_of_a_shell_variable_reads_both_branches() {
        let makefile = read(
            "V != git describe\n\
             ifdef V\nwith: ; @:\nelse\nwithout: ; @:\nendif\n",
        );
        assert_eq!(makefile.target_names(), ["with", "without"]);
        assert!(makefile.targets.iter().all(Target::is_conditional));
    }

    #[test]
    fn error_stops_the_file_and_keeps_what_was_read() {
        let makefile = read("before: ; @:\nA := 1\n$(error  stop here )\nafter: ; @:\nB := 2\n");
        assert_eq!(makefile.target_names(), ["before"]);
        assert_eq!(value(&makefile, "A"), Some("1"));
        assert_eq!(value(&makefile, "B"), None);
        assert_eq!(messages(&makefile), ["Makefile:3: error: stop here "]);
    }

    #[test]
    fn error_in_an_included_file_stops_only_that_file() {
        let makefile = read_with(
            vec![
                ("Makefile", "include inc.mk\nafter: ; @:\n"),
                ("inc.mk", "inc-before: ; @:\n$(error no)\ninc-after: ; @:\n"),
            ],
            MAX_WORK,
        );
        assert_eq!(makefile.target_names(), ["after", "inc-before"]);
    }

    #[test]
    fn error_inside_eval_stops_the_file_and_the_line() {
        let makefile = read("X := $(eval $$(error in eval))kept\nY := 1\n");
        assert_eq!(value(&makefile, "X"), None);
        assert_eq!(value(&makefile, "Y"), None);
        assert_eq!(messages(&makefile), ["Makefile:1: error: in eval"]);
    }

    #[test]
    fn error_in_an_undecided_branch_does_not_stop() {
        let makefile =
            read("ifneq ($(shell uname),Linux)\n$(error unsupported)\nendif\nafter: ; @:\n");
        assert_eq!(makefile.target_names(), ["after"]);
        let text = messages(&makefile).join("\n");
        assert!(text.contains("error: unsupported"), "{text}");
        assert!(
            text.contains("make stops here if this branch is taken"),
            "{text}"
        );
    }

    #[test]
    fn error_behind_an_unknown_if_is_not_reached() {
        let makefile =
            read("$(if $(shell which docker),,$(error docker is required))\nafter: ; @:\n");
        assert_eq!(makefile.target_names(), ["after"]);
    }

    #[test]
    fn fatal_function_errors_stop_like_error() {
        let makefile = read("a: ; @:\nX := $(word 0,a b)\nb: ; @:\n");
        assert_eq!(makefile.target_names(), ["a"]);
        assert_eq!(
            messages(&makefile),
            ["Makefile:2: first argument to 'word' function must be greater than 0"]
        );
    }

    #[test]
    fn self_referencing_variable_is_diagnosed() {
        let makefile = read("X = $(X) more\nall: ; @:\nY := $(X)\nlater: ; @:\n");
        assert_eq!(
            messages(&makefile),
            ["Makefile:3: recursive variable 'X' references itself (eventually)"]
        );
        assert_eq!(makefile.target_names(), ["all"]);
    }

    #[test]
    fn exponential_references_end_with_a_diagnostic() {
        let mut text = String::from("X0 :=\n");
        for i in 1..=40 {
            let p = i - 1;
            let _ = writeln!(text, "X{i} = $(X{p})$(X{p})");
        }
        text.push_str("Y := $(X40)\nkept: ; @:\n");
        let makefile = read_with(
            vec![("Makefile", Box::leak(text.into_boxed_str()))],
            100_000,
        );
        assert_eq!(makefile.target_names(), ["kept"]);
        let text = messages(&makefile).join("\n");
        assert!(text.contains("more than 100000 expansion steps"), "{text}");
    }

    #[test]
    fn exponential_eval_ends_with_a_diagnostic() {
        let makefile = read_with(
            vec![(
                "Makefile",
                "define f\n\
                 $$(if $$(filter 40,$$(words $(1))),,$$(eval $$(call f,$(1) x))$$(eval $$(call f,$(1) x)))\n\
                 endef\n\
                 $(eval $(call f,x))\n\
                 kept: ; @:\n",
            )],
            100_000,
        );
        assert_eq!(makefile.target_names(), ["kept"]);
        assert!(messages(&makefile).join("\n").contains("expansion steps"));
    }

    #[test]
    fn endless_eval_recursion_ends_with_a_diagnostic() {
        let makefile =
            read("define f\n$$(eval $$(call f))\nendef\n$(eval $(call f))\nkept: ; @:\n");
        assert_eq!(makefile.target_names(), ["kept"]);
        let text = messages(&makefile).join("\n");
        assert!(text.contains("deeper than"), "{text}");
    }

    #[test]
    fn eval_of_unknown_text_marks_what_it_defines() {
        let makefile = read(
            "$(eval V := $(shell git describe))\n\
             $(eval built-$(firstword $(shell ls)) known: ; @:)\n",
        );
        assert!(makefile.variable("V").is_some_and(|v| v.unknown));
        assert_eq!(makefile.target_names(), ["built-", "known"]);
        assert!(makefile.targets.iter().all(Target::is_conditional));
    }

    #[test]
    fn templates_through_foreach_call_and_eval() {
        let makefile = read(
            "APPS := api web\n\
             define app_rules\n\
             run-$(1): build-$(1) ; @:\n\
             build-$(1): ; @:\n\
             $(1)_DIR := apps/$(1)\n\
             endef\n\
             $(foreach a,$(APPS),$(eval $(call app_rules,$(a))))\n\
             dirs: $(api_DIR) $(web_DIR)\n",
        );
        assert_eq!(
            makefile.target_names(),
            ["build-api", "build-web", "dirs", "run-api", "run-web"]
        );
        assert_eq!(
            makefile.target("dirs").expect("dirs").prerequisites,
            ["apps/api", "apps/web"]
        );
        assert!(makefile.targets.iter().all(|t| !t.is_conditional()));
    }

    #[test]
    fn target_specific_simple_values_are_expanded_when_read() {
        let makefile = read(
            "all: X := $(eval A := 1)
             all: Y = $(eval B := 2)
             $(eval T := t)$(T): Z := 3
             all: ; @:
",
        );
        assert_eq!(value(&makefile, "A"), Some("1"));
        assert_eq!(value(&makefile, "B"), None);
        assert_eq!(value(&makefile, "T"), Some("t"));
        assert_eq!(makefile.target_names(), ["all"]);
    }

    #[test]
    fn shell_status_is_unknown_after_a_shell() {
        let makefile = read(
            "X := $(shell false)
             ifeq ($(.SHELLSTATUS),0)
ok: ; @:
else
failed: ; @:
endif
",
        );
        assert!(makefile.targets.iter().all(Target::is_conditional));
        assert_eq!(makefile.target_names(), ["failed", "ok"]);
    }

    #[test]
    fn variables_lists_the_variable_names() {
        let makefile = read(
            "CONFIG_A := 1
CONFIG_B := 2
             $(foreach v,$(filter CONFIG_%,$(.VARIABLES)),$(eval use-$(v): ; @:))
",
        );
        assert_eq!(makefile.target_names(), ["use-CONFIG_A", "use-CONFIG_B"]);
    }

    #[test]
    fn error_in_an_include_line_reads_nothing_more() {
        let makefile = read_with(
            vec![
                (
                    "Makefile",
                    "include inc.mk $(error stop)
",
                ),
                (
                    "inc.mk",
                    "from-inc: ; @:
",
                ),
            ],
            MAX_WORK,
        );
        assert_eq!(makefile.target_names(), Vec::<&str>::new());
    }

    #[test]
    fn make_variables_as_make_defines_them() {
        let makefile = read_with(
            vec![
                (
                    "Makefile",
                    "include inc.mk\nX := $(origin CC) $(CC) $(flavor MAKE) $(origin MAKECMDGOALS)\n",
                ),
                ("inc.mk", "L := $(MAKEFILE_LIST)\n"),
            ],
            MAX_WORK,
        );
        assert_eq!(value(&makefile, "L"), Some("Makefile inc.mk"));
        assert_eq!(
            value(&makefile, "X"),
            Some("default cc recursive undefined")
        );
        assert_eq!(value(&makefile, "CURDIR"), Some("/work"));
    }

    #[test]
    fn include_path_from_makefile_list() {
        let makefile = read_with(
            vec![
                ("Makefile", "include sub/inner.mk\n"),
                (
                    "sub/inner.mk",
                    "include $(dir $(lastword $(MAKEFILE_LIST)))x.mk\n",
                ),
                ("sub/x.mk", "from-x: ; @:\n"),
            ],
            MAX_WORK,
        );
        assert_eq!(makefile.target_names(), ["from-x"]);
    }

    #[test]
    fn makefile_list_grows_as_files_are_read() {
        // Checked against GNU make 4.3.
        let makefile = read_with(
            vec![
                (
                    "Makefile",
                    "include a.mk\n\
                     Y := $(MAKEFILE_LIST)\n\
                     MAKEFILE_LIST += extra\n\
                     include b.mk\n\
                     ifdef MAKEFILE_LIST\n\
                     D := yes\n\
                     endif\n\
                     F := $(flavor MAKEFILE_LIST) $(origin MAKEFILE_LIST)\n",
                ),
                ("a.mk", "X := $(MAKEFILE_LIST)\n"),
                ("b.mk", "Z := $(MAKEFILE_LIST)\n"),
            ],
            MAX_WORK,
        );
        assert_eq!(value(&makefile, "X"), Some("Makefile a.mk"));
        assert_eq!(value(&makefile, "Y"), Some("Makefile a.mk"));
        assert_eq!(value(&makefile, "Z"), Some("Makefile a.mk extra b.mk"));
        assert_eq!(value(&makefile, "D"), Some("yes"));
        assert_eq!(value(&makefile, "F"), Some("simple file"));
        assert_eq!(
            value(&makefile, "MAKEFILE_LIST"),
            Some("Makefile a.mk extra b.mk")
        );
    }

    fn strings(words: &str) -> Vec<String> {
        words.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn dedup_keeps_first_mentions_in_order() {
        // 40 items (the hashing path): p0..p24, then p0..p14 again.
        let long = (0..40)
            .map(|i| format!("p{}", i % 25))
            .collect::<Vec<_>>()
            .join(" ");
        let long_want = (0..25)
            .filter(|&i| i != 3)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        for (list, items, want) in [
            ("", "a b a c", "a b c".to_string()),
            ("b", "a b c", "b a c".to_string()),
            ("p3", long.as_str(), format!("p3 {long_want}")),
            (
                "",
                long.as_str(),
                (0..25)
                    .map(|i| format!("p{i}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ] {
            let mut l = strings(list);
            l.extend(strings(items));
            dedup_in_order(&mut l);
            assert_eq!(l, strings(&want), "{list:?} + {items:?}");
        }
    }
}
