//! Reads makefile text into the model, line by line, with make's state:
//! conditionals, `define` bodies, recipe lines, variables, includes and
//! rules — GNU make's `eval` (manual 3.7 "How make Reads a Makefile").
//!
//! - A line that starts with the recipe prefix (TAB, or `.RECIPEPREFIX`) is a
//!   recipe line only after a rule; an assignment, `include`, `define` or
//!   `vpath` ends the rule. Elsewhere it is read as an ordinary line.
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
use std::io;
use std::path::PathBuf;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::config::{Config, Detail};
use crate::error::Error;
use crate::eval::expand::Expander;
use crate::model::Origin;
use crate::model::diagnostic::{Diagnostic, Kind};
use crate::model::{FileId, Location, Makefile, SectionId, VariableMap};
use crate::parse::lines::{LogicalLines, logical_lines};
use crate::parse::statement::{self, AssignOp, Modifiers, Statement};
use crate::source::ahead::parsed::{ParsedLine, ParsedText};
use crate::source::ahead::{InPlace, ParsedAhead, Source};
use crate::source::{DEFAULT_MAKEFILES, FileKey, FileKind, FileSystem, Workspace};

pub(crate) mod builtin_variables;
mod conditionals;
mod context;
mod documented;
pub(crate) mod expand;
mod includes;
mod plain;
mod rules;
pub(crate) mod shell;
pub(crate) mod stems;
mod variables;

use conditionals::branch_for;
use rules::is_suffix_rule;

/// The variable naming every file read so far.
const MAKEFILE_LIST: &str = "MAKEFILE_LIST";

/// Includes nested deeper than this are not followed.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 200;

/// `$(eval)` nested deeper than this is not evaluated.
const MAX_EVAL_DEPTH: usize = 100;

/// Total expansion work one reading may do, counted in references and
/// function calls ([`EVAL_LINE_WORK`] for a line read by `$(eval)`): far
/// beyond real makefiles, it ends exponential `$(call)`/`$(eval)` patterns
/// within seconds.
pub(crate) const MAX_WORK: u64 = 10_000_000;

/// The most bytes the values of all variables hold at once. Each expansion
/// is cut at 64 MiB, but a few lines can store many such values (50 copies
/// of 32 MiB: 1.7 GB on every TAB); past this, a value that would grow the
/// total is not kept, and the variable is unknown.
pub(crate) const MAX_STORED_BYTES: usize = 256 << 20;

/// The work a line read by `$(eval)` counts for: parsing it costs about as
/// much as this many references.
pub(crate) const EVAL_LINE_WORK: u64 = 16;

/// The directory and file parts of the automatic variables, which make
/// defines before reading (`$(@D)`, `$(<F)`...).
const AUTOMATIC_PARTS: &[&str] = &["@", "%", "*", "<", "?", "^", "+"];

/// Syntax errors shown per file: a binary file read as a makefile would
/// otherwise give one per line.
pub(crate) const MAX_SYNTAX_ERRORS_PER_FILE: u32 = 10;

/// Characters of a diagnostic's message kept: messages may quote makefile
/// text, and a line may be megabytes long.
pub(crate) const MAX_MESSAGE_CHARS: usize = 200;

/// Prerequisites recorded in all, so that memory stays bounded when an
/// expansion multiplies targets by prerequisites.
pub(crate) const MAX_PREREQUISITES: usize = 5_000_000;

/// Special targets (manual 4.8): rules, never listed as targets.
pub(crate) const SPECIAL_TARGETS: &[&str] = &[
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
    /// The line of the branch being read (`if`, then each `else`).
    branch_line: u32,
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
    /// The comments of the `define` line (see [`documented`]).
    comments: Option<crate::model::LineComments>,
    section: Option<SectionId>,
}

/// Parser state that belongs to one text (a file or an `$(eval)`).
#[derive(Default)]
struct TextState {
    conditionals: Conditionals,
    rule_context: bool,
    pending_comments: thin_vec::ThinVec<String>,
    /// The line of the first of `pending_comments`.
    pending_line: u32,
    define: Option<OpenDefine>,
    /// A NUL byte has been reported in this text (once is enough).
    nul_reported: bool,
}

impl TextState {
    fn skipping(&self) -> bool {
        self.conditionals.skipping > 0
    }

    fn undecided(&self) -> bool {
        self.conditionals.undecided > 0
    }
}

/// The open conditionals, innermost last, and how many of them skip their
/// branch or could not be decided: asked on every line, so counted as
/// branches change rather than searched (a search made 100,000 nested
/// conditionals quadratic). A branch changes only through
/// [`Conditionals::set_branch`], which keeps the counts.
#[derive(Default)]
struct Conditionals {
    open: Vec<Conditional>,
    skipping: usize,
    undecided: usize,
}

impl Conditionals {
    fn push(&mut self, conditional: Conditional) {
        self.count(conditional.branch, true);
        self.open.push(conditional);
    }

    fn pop(&mut self) -> Option<Conditional> {
        let conditional = self.open.pop()?;
        self.count(conditional.branch, false);
        Some(conditional)
    }

    fn last(&self) -> Option<&Conditional> {
        self.open.last()
    }

    /// The innermost conditional, whose branch is set by [`Conditionals::set_branch`].
    fn last_mut(&mut self) -> Option<&mut Conditional> {
        self.open.last_mut()
    }

    /// Sets the branch of the innermost conditional (there is one).
    fn set_branch(&mut self, branch: Branch) {
        let was = self.open.last().expect("an open conditional").branch;
        self.count(was, false);
        self.count(branch, true);
        self.open.last_mut().expect("an open conditional").branch = branch;
    }

    fn count(&mut self, branch: Branch, add: bool) {
        let counter = match branch {
            Branch::Take => return,
            Branch::Skip => &mut self.skipping,
            Branch::Both => &mut self.undecided,
        };
        if add {
            *counter += 1;
        } else {
            *counter -= 1;
        }
    }
}

/// Where each target is in the model, found by name without keeping a
/// second copy of every name. Each entry keeps its name's hash, so that
/// growing the table does not read every name again.
#[derive(Default)]
struct TargetIndex {
    /// Half of each name's hash (see [`widen`]) and the target's index:
    /// eight bytes an entry, for trees of millions of targets.
    table: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
}

/// The table's hash from the half of it an entry keeps: the same for
/// insertion, lookup and growth, with hashbrown's tag bits (the top ones)
/// and bucket bits (the low ones) both taken from the kept half.
fn widen(half: u32) -> u64 {
    u64::from(half) << 32 | u64::from(half)
}

/// The reader: variables, targets and the include chain.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags of make's reading state"
)]
pub(crate) struct Reader<'a> {
    workspace: &'a Workspace,
    /// Where files are opened from (read ahead or not).
    source: &'a dyn Source,
    /// Its file system, for everything else.
    fs: &'a dyn FileSystem,
    /// What to record about each target.
    detail: Detail,
    /// The names of the rule being read.
    rule_names: rules::RuleNames,
    variables: VariableMap,
    model: Makefile,
    index: TargetIndex,
    chain: Vec<Frame>,
    recipe_prefix: char,
    section: Option<SectionId>,
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
    /// `$(eval)` of text whose unknown parts are marked is being read (see
    /// [`expand::UNKNOWN_MARK`]): only what holds a mark is unknown.
    marked_eval: usize,
    /// Expansion work done so far, and the most allowed (see [`MAX_WORK`]).
    work: u64,
    max_work: u64,
    /// Files a `$(file >...)` would have written: their contents are unknown.
    written: HashSet<PathBuf>,
    /// Bytes `$(shell)` commands answered so far read from files (see
    /// [`crate::eval::shell::MAX_READ`]).
    shell_read: u64,
    /// The depth of the expansion that called `$(eval)` (see
    /// [`crate::eval::expand::Context::nesting`]).
    nesting: u32,
    /// Buffers the expansions used, kept for the next ones.
    spare_buffers: Vec<String>,
    /// The bytes all variables' values hold, and the most allowed (see
    /// [`MAX_STORED_BYTES`]).
    stored_bytes: usize,
    max_stored_bytes: usize,
    /// The limit has been reported (once is enough).
    stored_bytes_reported: bool,
    /// Text appended by `+=` lines not yet stored (see
    /// [`Reader::flush_append`]).
    pending_append: Option<variables::PendingAppend>,
    /// `/etc/passwd`, for `~user`, once read (`None`: unreadable).
    passwd: std::cell::OnceCell<Option<String>>,
    /// The host's facts and the environment make starts with, for the
    /// `$(shell)` commands answered without running them.
    host: crate::config::Host,
    environment: Vec<(String, String)>,
    /// Whether `.DEFAULT_GOAL` holds a goal, once looked up (see
    /// [`Reader::default_goal_set`]); forgotten when that variable is set
    /// or removed (see [`Reader::variable_changed`]).
    default_goal_set: Option<bool>,
    /// The rule line whose recipe the next recipe line would be, for the
    /// facts (see [`crate::model::Facts`]).
    recipe_for: Option<Location>,
    /// The line being read has blanks right before its comment (the
    /// statement's texts are trimmed; make keeps them in a value).
    blanks_before_comment: bool,
    /// What the recipe lines being read belong to (see [`documented`]).
    recipe_owner: documented::RecipeOwner,
    /// The main makefile's header may still come: no rule, assignment or
    /// include has been read.
    header_open: bool,
    /// How many more assignments, pattern rules and variable uses are kept
    /// (see [`documented::MAX_RECORDS`]).
    record_budget: usize,
    /// Keep which targets use each variable (see [`Config::variable_uses`]).
    variable_uses: bool,
}

impl<'a> Reader<'a> {
    /// A reader with make's initial variables.
    pub(crate) fn new(config: &Config, workspace: &'a Workspace, source: &'a dyn Source) -> Self {
        let mut reader = Reader {
            workspace,
            source,
            fs: source.files(),
            detail: config.detail,
            rule_names: rules::RuleNames::default(),
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
            marked_eval: 0,
            work: 0,
            max_work: MAX_WORK,
            written: HashSet::new(),
            shell_read: 0,
            nesting: 0,
            spare_buffers: Vec::new(),
            stored_bytes: 0,
            max_stored_bytes: MAX_STORED_BYTES,
            stored_bytes_reported: false,
            pending_append: None,
            passwd: std::cell::OnceCell::new(),
            host: config.host.clone(),
            environment: config.environment.clone(),
            default_goal_set: None,
            recipe_for: None,
            blanks_before_comment: false,
            recipe_owner: documented::RecipeOwner::default(),
            header_open: true,
            record_budget: documented::MAX_RECORDS,
            variable_uses: config.variable_uses && config.detail >= Detail::Everything,
        };
        reader.define_initial_variables(config);
        reader
    }
}

impl Reader<'_> {
    /// The model, once everything is read.
    #[must_use]
    pub(crate) fn finish(mut self) -> Makefile {
        self.flush_append();
        self.settle(MAKEFILE_LIST);
        self.expand_documented_values();
        let goal = self.expand_text("$(.DEFAULT_GOAL)").0;
        let goal = goal.trim();
        self.model.default_goal = (!goal.is_empty()).then(|| goal.to_string());
        let suffixes: HashSet<String> = std::mem::take(&mut self.suffixes).into_iter().collect();
        self.model
            .targets
            .retain(|t| !is_suffix_rule(t.name(), &suffixes));
        // Duplicates are removed once here: a check on each push is quadratic.
        // Most lists (all of them, for names only) are too short to hold one.
        self.model.targets.dedup_prerequisites();
        // The room left by the last doubling goes back before the model is used.
        self.model.targets.shrink_to_fit();
        self.model.variables = std::mem::take(&mut self.variables);
        // The name index is done with: its memory goes before the model is
        // used (and sorted, when it is).
        drop(std::mem::take(&mut self.index));
        self.model
    }

    fn diagnostic(&mut self, kind: Kind, location: Location, mut message: String) {
        // Past a file's last shown syntax error, nothing is kept, not even
        // the message's key: a file of ten million bad lines held a key each.
        if kind == Kind::Syntax
            && self
                .syntax_errors
                .get(&location.file)
                .is_some_and(|&count| count > MAX_SYNTAX_ERRORS_PER_FILE)
        {
            return;
        }
        if self.marked_eval > 0 {
            message = expand::without_marks(&message);
        }
        if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
            message.truncate(cut);
            message.push('…');
        }
        // Before the first line of a file (command-line variables), there is
        // no place to name: no `:0:` and no empty path.
        let place = match self.model.files.get(location.file as usize) {
            Some(file) if location.line > 0 => Some(file.display.clone()),
            _ => None,
        };
        let key = format!("{place:?}:{}: {message}", location.line);
        if !self.reported.insert(key) {
            return;
        }
        if kind == Kind::Syntax {
            let count = self.syntax_errors.entry(location.file).or_insert(0);
            // At most one past the last shown: the check above returned.
            *count += 1;
            if *count == MAX_SYNTAX_ERRORS_PER_FILE + 1 {
                message = "more errors in this file are not shown".into();
            }
        }
        let mut diagnostic = match place {
            Some(path) => Diagnostic::at(kind, &path, location.line, message),
            None => Diagnostic::general(kind, message),
        };
        // make may never read a branch that could not be decided here.
        diagnostic.may_not_apply = self.undecided_here;
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
            return (Cow::Borrowed(text), self.is_marked(text));
        }
        // Sized for the common case, so that the result rarely grows.
        let mut out = String::with_capacity(text.len() * 2);
        let unknown = self.expand_to(text, &mut out);
        (Cow::Owned(out), unknown)
    }

    /// Text of a marked `$(eval)` holds a part that could not be evaluated.
    fn is_marked(&self, text: &str) -> bool {
        self.marked_eval > 0 && expand::has_mark(text)
    }

    /// [`Reader::expand_text`] at the end of `out`.
    fn expand_to(&mut self, text: &str, out: &mut String) -> bool {
        if self.stop {
            // make stopped on this line: nothing more is expanded.
            return false;
        }
        if !text.contains('$') {
            out.push_str(text);
            return self.is_marked(text);
        }
        let marked = self.is_marked(text);
        if let Some(unknown) = self.expand_plain_into(text, out) {
            return unknown || marked;
        }
        let mut ex = Expander::new(self);
        ex.expand_into(text, out);
        ex.unknown || marked
    }

    /// A buffer of [`Reader::spare_buffers`], or a new one.
    fn spare_buffer(&mut self) -> String {
        self.spare_buffers.pop().unwrap_or_default()
    }

    /// Gives a buffer back to [`Reader::spare_buffers`], emptied, unless it
    /// grew large.
    fn give_back(&mut self, mut buffer: String) {
        buffer.clear();
        if buffer.capacity() <= crate::eval::expand::KEPT_BUFFER {
            self.spare_buffers.push(buffer);
        }
    }

    /// Reads makefile text: a file, or the argument of `$(eval)` (then
    /// every line is reported at `fixed_line`).
    fn read_text(&mut self, text: &str, file: FileId, fixed_line: Option<u32>) {
        let mut state = TextState::default();
        self.read_lines(&mut state, logical_lines(text), file, fixed_line);
        self.end_text(state, file);
    }

    /// Reads lines of a text, in `state`: the whole text, or one piece of a
    /// file read a piece at a time.
    fn read_lines(
        &mut self,
        state: &mut TextState,
        lines: LogicalLines<'_>,
        file: FileId,
        fixed_line: Option<u32>,
    ) {
        for line in lines {
            if !self.read_line(state, file, fixed_line, ParsedLine::unparsed(&line)) {
                return;
            }
        }
    }

    /// Reads the lines of a text parsed ahead (see [`crate::source::ahead::parsed`]).
    fn read_parsed(&mut self, state: &mut TextState, parsed: &ParsedText, file: FileId) {
        for line in parsed.lines() {
            if !self.read_line(state, file, None, line) {
                return;
            }
        }
    }

    /// Reads one logical line of a file, or of the text of an `$(eval)`
    /// when every line is reported at `fixed_line`; its parse is taken from
    /// the line when it was parsed ahead. False when reading stops there.
    fn read_line(
        &mut self,
        state: &mut TextState,
        file: FileId,
        fixed_line: Option<u32>,
        line: ParsedLine<'_>,
    ) -> bool {
        if self.stop || (fixed_line.is_some() && !self.charge(EVAL_LINE_WORK)) {
            return false;
        }
        let number = fixed_line.unwrap_or(line.number);
        self.position = Location { file, line: number };
        if let (Some(frame), None) = (self.chain.last_mut(), fixed_line) {
            frame.line = number;
        }
        let text = line.text;
        if line.nul && !state.nul_reported {
            state.nul_reported = true;
            self.diagnostic(
                Kind::Syntax,
                self.position,
                "NUL character seen; rest of line ignored".into(),
            );
        }
        if state.define.is_some() {
            self.define_body_line(state, text);
            return true;
        }
        let starts_with_prefix = self.starts_with_recipe_prefix(text);
        if starts_with_prefix && state.rule_context {
            if !state.skipping()
                && let Some(rule) = self.recipe_for.take()
            {
                self.model.facts.recipes.insert(rule);
            }
            if self.detail > Detail::Names {
                self.recipe_line(text);
            }
            return true;
        }
        self.undecided_here = self.outer_undecided || state.undecided();
        // A comment runs to the end of its line: what stands before it is
        // the rest of the line.
        let blanks_before = |comment: Option<&str>| {
            comment.is_some_and(|c| {
                text.ends_with(c) && text[..text.len() - c.len()].ends_with([' ', '\t'])
            })
        };
        if let Some((comment, statement)) = line.statement() {
            self.blanks_before_comment = blanks_before(comment);
            self.statement(state, statement, comment, starts_with_prefix);
        } else {
            let split = crate::parse::comment::split_line(text);
            self.blanks_before_comment = blanks_before(split.comment);
            let statement = statement::parse_statement(&split.code);
            self.statement(state, statement, split.comment, starts_with_prefix);
        }
        true
    }

    /// `text` starts with the recipe prefix: one byte compared when it is
    /// ASCII (a TAB, nearly always), where `starts_with(char)` would call
    /// `memcmp` for every line.
    fn starts_with_recipe_prefix(&self, text: &str) -> bool {
        if self.recipe_prefix.is_ascii() {
            text.as_bytes().first() == Some(&(self.recipe_prefix as u8))
        } else {
            text.starts_with(self.recipe_prefix)
        }
    }

    /// The end of a text: an open `define` or conditional is reported.
    fn end_text(&mut self, mut state: TextState, file: FileId) {
        if self.stop {
            return;
        }
        // What is open at the end is reported wherever its branch stands.
        self.undecided_here = self.outer_undecided;
        self.drop_pending_comments(&mut state);
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
            self.diagnostic(Kind::Syntax, at, "missing 'endif'".into());
        }
    }

    fn statement(
        &mut self,
        state: &mut TextState,
        statement: Statement<'_>,
        comment: Option<&str>,
        prefixed: bool,
    ) {
        // Only another plain `+=` may follow appends not yet stored: anything
        // else may read the variable.
        if self.pending_append.is_some()
            && !matches!(&statement, Statement::Assignment(a)
                if a.op == AssignOp::Append && !a.name.contains('$'))
        {
            self.flush_append();
        }
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
                    branch_line: self.position.line,
                });
                if result.is_none() && !outer_skip {
                    self.note_undecided_branch(self.position.line, false);
                }
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
                let comments = self.take_comments(state, comment, skipping);
                state.define = Some(OpenDefine {
                    name,
                    op,
                    modifiers,
                    depth: 1,
                    body: String::new(),
                    lines: 0,
                    skip: skipping,
                    line: self.position.line,
                    comments,
                    section: self.section,
                });
            }
            _ if skipping => {}
            Statement::Empty => match comment {
                Some(c) if c.starts_with("##@") => {
                    self.drop_pending_comments(state);
                    let id = self.model.add_section(crate::model::comment_text(&c[3..]));
                    self.section = Some(id);
                    if self.keeps_facts() {
                        self.model.facts.sections.push((self.position, id));
                    }
                }
                Some(_) if self.detail == Detail::Names => {}
                Some(c) if c.starts_with("#_#") => self.keyed_doc(c),
                Some(c) => {
                    if state.pending_comments.is_empty() {
                        state.pending_line = self.position.line;
                    }
                    state.pending_comments.push(c.trim_end().to_string());
                }
                None => {
                    if self.header_candidate(state) {
                        state.pending_comments.clear();
                    } else {
                        self.drop_pending_comments(state);
                    }
                }
            },
            Statement::Assignment(a) => {
                state.rule_context = false;
                self.header_open = false;
                self.note_padded_value(&a, comment);
                let comments = self.take_comments(state, comment, false);
                let at = self.position;
                let assigned = self.assign(a.name, a.op, a.value, a.modifiers, Origin::File);
                if let (Some(comments), Some((name, assigned))) = (comments, assigned) {
                    let record = documented::AssignmentLine {
                        op: a.op,
                        value: a.value,
                        modifiers: a.modifiers,
                        define: false,
                        location: at,
                        section: self.section,
                    };
                    self.record_assignment(&name, &record, assigned, comments);
                }
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
                    self.variable_changed(&name);
                }
            }
            Statement::Endef => {
                self.diagnostic(Kind::Syntax, self.position, "extraneous 'endef'".into());
            }
            Statement::Include { optional, names } => {
                state.rule_context = false;
                self.header_open = false;
                self.drop_pending_comments(state);
                self.include_line(names, optional, state.undecided());
            }
            Statement::TargetVariable {
                targets,
                assignment,
            } => {
                state.rule_context = false;
                self.note_padded_value(&assignment, comment);
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

    /// Whether the facts for `--lint` are kept here: when everything is
    /// read, and not for text read from `$(eval)` (all of its lines are
    /// the `$(eval)` line).
    fn keeps_facts(&self) -> bool {
        self.detail >= Detail::Everything && self.eval_depth == 0
    }

    /// A branch of the conditional opened at `start` (in this file) could
    /// not be decided: it begins at the current line; `last`: it is the
    /// final `else`.
    fn note_undecided_branch(&mut self, start: u32, last: bool) {
        if !self.keeps_facts() {
            return;
        }
        let start = Location {
            file: self.position.file,
            line: start,
        };
        let line = self.position.line;
        let entry = self
            .model
            .facts
            .undecided_branches
            .entry(start)
            .or_default();
        entry.0.push(line);
        entry.1 |= last;
    }

    /// The innermost conditional whose branch could not be decided, and
    /// the line of that branch, for a rule read in it.
    fn undecided_branch_of(&self, state: &TextState) -> Option<(Location, u32)> {
        let open = state
            .conditionals
            .open
            .iter()
            .rev()
            .find(|c| c.branch == Branch::Both)?;
        let start = Location {
            file: self.position.file,
            line: open.line,
        };
        Some((start, open.branch_line))
    }

    /// The comments gathered above a line that no rule took: a `##` doc
    /// among them is noted as attached to nothing.
    fn drop_pending_comments(&mut self, state: &mut TextState) {
        let doc = state.pending_comments.iter().any(|c| {
            c.starts_with("##")
                && !c.starts_with("##@")
                && !crate::model::comment_text(c).is_empty()
        });
        if doc && self.keeps_facts() {
            let at = Location {
                file: self.position.file,
                line: state.pending_line,
            };
            self.model.facts.orphan_docs.push(at);
        }
        state.pending_comments.clear();
    }

    /// An assignment whose value ends in blanks before its comment: make
    /// keeps the blanks in the value.
    fn note_padded_value(&mut self, assignment: &statement::Assignment<'_>, comment: Option<&str>) {
        if comment.is_some()
            && self.blanks_before_comment
            && assignment.op != AssignOp::Shell
            && !assignment.value.is_empty()
            && self.keeps_facts()
        {
            let name = assignment.name.trim().to_string();
            self.model.facts.padded_values.push((self.position, name));
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
        // Unknown parts are marked where they are; text that is unknown
        // with no mark (it cannot be told where) is unknown throughout.
        let marked = unknown && expand::has_mark(text);
        self.marked_eval += usize::from(marked);
        self.unknown_eval += usize::from(unknown && !marked);
        self.read_text(text, at.file, Some(at.line));
        // The expansion that called `$(eval)` may read what it appended.
        self.flush_append();
        self.unknown_eval -= usize::from(unknown && !marked);
        self.marked_eval -= usize::from(marked);
        (self.outer_undecided, self.undecided_here) = (was_outer, was_here);
        self.position = at;
        self.eval_depth -= 1;
    }
}

/// A special target, which is never listed.
#[must_use]
pub(crate) fn is_special(name: &str) -> bool {
    name.starts_with('.') && SPECIAL_TARGETS.contains(&name)
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
}

/// A `VAR=value` word, as make recognises them on its command line.
#[must_use]
pub(crate) fn is_assignment(word: &str) -> bool {
    matches!(statement::parse_statement(word), Statement::Assignment(_))
}

/// Reads the makefile the way make would and returns its model.
///
/// Only a missing or unreadable `-f FILE` or `-C DIR` is an error; anything
/// else becomes a diagnostic in the model.
pub fn load(config: &Config, fs: &dyn FileSystem) -> Result<Makefile, Error> {
    read_makefile(config, &InPlace(fs))
}

/// [`load`], with each file handed over parsed, as files read ahead are:
/// the entry point for tests of the read-ahead path.
#[doc(hidden)]
pub fn load_parsed_ahead(config: &Config, fs: &dyn FileSystem) -> Result<Makefile, Error> {
    read_makefile(config, &ParsedAhead(fs))
}

/// Reads makefile text given as a string, with no file access: includes
/// are reported missing. Useful for tests and examples.
///
/// # Panics
///
/// Never: without `-C` there is no directory to fail on.
#[must_use]
pub fn parse_str(text: &str, config: &Config) -> Makefile {
    struct NoFiles;
    impl FileSystem for NoFiles {
        fn kind(&self, _: &std::path::Path) -> std::io::Result<FileKind> {
            Err(std::io::ErrorKind::NotFound.into())
        }
        fn read(&self, _: &std::path::Path) -> std::io::Result<Vec<u8>> {
            Err(std::io::ErrorKind::NotFound.into())
        }
        fn glob(&self, _: &str) -> Vec<std::path::PathBuf> {
            Vec::new()
        }
        fn canonicalize(&self, _: &std::path::Path) -> Option<std::path::PathBuf> {
            None
        }
    }
    let workspace = Workspace::new(&Config::default(), &NoFiles).expect("no -C given");
    let mut reader = Reader::new(config, &workspace, &InPlace(&NoFiles));
    reader.read_text_as("Makefile", text.as_bytes());
    reader.finish()
}

/// [`load`] from a [`Source`], which may read ahead.
pub(crate) fn read_makefile(config: &Config, source: &dyn Source) -> Result<Makefile, Error> {
    let fs = source.files();
    let workspace = Workspace::new(config, fs)?;
    let mut reader = Reader::new(config, &workspace, source);
    for name in makefiles_variable(config) {
        reader.read_makefiles_entry(&name);
    }
    if config.makefiles.is_empty() {
        if let Some(name) = default_makefile(&workspace, fs) {
            reader.read_main(name).map_err(|source| Error::Makefile {
                name: workspace.display(name),
                source,
            })?;
        }
    } else {
        for path in &config.makefiles {
            // A name that is not UTF-8 is shown and listed lossily, and read
            // as it is.
            let name = path.to_string_lossy();
            let absolute = workspace.absolute(path);
            let read = if path.as_os_str() == "-" {
                reader.read_standard_input()
            } else {
                reader.read_main_at(&name, absolute)
            };
            read.map_err(|source| Error::Makefile {
                name: workspace.display(&name),
                source,
            })?;
        }
    }
    Ok(reader.finish())
}

/// The makefile make reads when no `-f` is given: the first of
/// [`DEFAULT_MAKEFILES`] that is there, whatever it is, as make takes the
/// first name its directory holds. One that cannot be read (a directory, a
/// symlink loop, a dangling symlink, a FIFO) is then a fatal error that
/// names it, as make stops on it, rather than "no makefile".
fn default_makefile(workspace: &Workspace, fs: &dyn FileSystem) -> Option<&'static str> {
    let there = |name: &str| match fs.kind(&workspace.absolute(name)) {
        Err(e) => e.kind() != io::ErrorKind::NotFound,
        Ok(_) => true,
    };
    if let Some(name) = DEFAULT_MAKEFILES.iter().copied().find(|name| there(name)) {
        return Some(name);
    }
    // A dangling symlink is not found by its target but is in the directory.
    let listed = fs.read_dir(&workspace.dir).unwrap_or_default();
    DEFAULT_MAKEFILES
        .iter()
        .copied()
        .find(|name| listed.iter().any(|l| l == name))
}

/// The words of `MAKEFILES` from the environment.
fn makefiles_variable(config: &Config) -> Vec<String> {
    config
        .environment
        .iter()
        .filter(|(k, _)| k == "MAKEFILES")
        .flat_map(|(_, v)| {
            crate::eval::expand::words(v)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests;
