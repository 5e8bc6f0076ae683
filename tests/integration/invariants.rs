//! What must hold for any input, however hostile: the properties the fuzzer (`fuzz/`) and the
//! generated-makefile test (`properties.rs`) check after reading, beyond "no panic":
//!
//! - every `path:line` (diagnostics, rule locations) names a file that was read and a line
//!   within it;
//! - every target name comes from the input: without `$` in any file it is a substring of the
//!   text (backslashes, CRs and NUL-dropped text aside), otherwise it is made of characters
//!   from the input or from make's built-in variables;
//! - no directory, FIFO or device is read, and reading ends within a bound;
//! - the rendered outputs hold no control character but the newlines that end lines;
//! - make-help's listing is the same whether its entries were made for every target or for
//!   the targets it shows only;
//! - a file system that hands every file over parsed ahead reads the same targets,
//!   diagnostics, default goal and files.
//!
//! An input is a set of files in one byte string, as the fuzzer receives it: the main
//! `Makefile`'s bytes, then for each further file a line `\n==> NAME` (optionally
//! `NAME [fifo]`, `[dir]`, `[unreadable]`, `[vanishing]` or `[loop]`) and its bytes.
//!
//! Shared with the fuzz crate (`fuzz/fuzz_targets/read.rs` includes it by path).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use make_tools::{Config, Makefile};

use super::memfs::{Entry, MemoryFileSystem};

/// make's working directory for every input.
pub const CWD: &str = "/fuzz";

/// Reading one input takes far less; more means a hang or a blow-up.
pub const TIME_BOUND: Duration = Duration::from_secs(20);

/// The separator between files in an input.
pub const FILE_MARK: &[u8] = b"\n==> ";

/// One input: files and their contents.
#[derive(Debug, Clone)]
pub struct Input {
    /// Names (relative to [`CWD`] or absolute) and entries, the main `Makefile` first.
    pub files: Vec<(String, Entry)>,
}

impl Input {
    /// Splits fuzzer bytes into files.
    pub fn from_bytes(data: &[u8]) -> Input {
        let mut chunks = split(data, FILE_MARK);
        let mut files = vec![(
            "Makefile".to_string(),
            Entry::File(chunks.remove(0).to_vec()),
        )];
        for chunk in chunks {
            let (header, body) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], &chunk[i + 1..]),
                None => (chunk, &[][..]),
            };
            let header = String::from_utf8_lossy(header);
            let header = header.trim();
            let (name, entry) = match header.rsplit_once(' ') {
                Some((name, "[fifo]")) => (name, Entry::Fifo),
                Some((name, "[dir]")) => (name, Entry::Directory),
                Some((name, "[unreadable]")) => (name, Entry::Unreadable),
                Some((name, "[vanishing]")) => (name, Entry::Vanishing),
                Some((name, "[loop]")) => (name, Entry::Loop),
                _ => (header, Entry::File(body.to_vec())),
            };
            let name = name.trim();
            if !name.is_empty() && !name.contains('\0') {
                files.push((name.to_string(), entry));
            }
        }
        Input { files }
    }

    /// The bytes [`Input::from_bytes`] reads back as this input.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, (name, entry)) in self.files.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(FILE_MARK);
                out.extend_from_slice(name.as_bytes());
                let mark = match entry {
                    Entry::File(_) => "",
                    Entry::Directory => " [dir]",
                    Entry::Fifo => " [fifo]",
                    Entry::Unreadable => " [unreadable]",
                    Entry::Vanishing => " [vanishing]",
                    Entry::Loop => " [loop]",
                };
                out.extend_from_slice(mark.as_bytes());
                out.push(b'\n');
            }
            if let Entry::File(bytes) = entry {
                out.extend_from_slice(bytes);
            }
        }
        out
    }

    /// The file system holding the files under [`CWD`]. The first entry wins for a path.
    pub fn file_system(&self) -> MemoryFileSystem {
        let mut fs = MemoryFileSystem::new();
        for (name, entry) in self.files.iter().rev() {
            let path = Path::new(CWD).join(name);
            // A file below a non-directory cannot exist; skip it.
            let blocked = make_tools::normalize(&path)
                .ancestors()
                .skip(1)
                .any(|p| fs.get(p).is_some_and(|e| *e != Entry::Directory));
            if !blocked && path != Path::new("/") {
                fs.insert(path, entry.clone());
            }
        }
        fs
    }
}

fn split<'a>(data: &'a [u8], mark: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(mark.len()).position(|w| w == mark) {
        parts.push(&rest[..i]);
        rest = &rest[i + mark.len()..];
    }
    parts.push(rest);
    parts
}

/// The loader's configuration for every input: make's working directory is [`CWD`].
pub fn config() -> Config {
    Config {
        cwd: PathBuf::from(CWD),
        ..Config::default()
    }
}

/// Reads the input and checks every invariant; the message says which one failed.
pub fn check(input: &Input) -> Result<(), String> {
    let fs = input.file_system();
    let start = Instant::now();
    let result = make_tools::load(&config(), &fs);
    let elapsed = start.elapsed();
    if elapsed > TIME_BOUND {
        return Err(format!("reading took {elapsed:?}"));
    }
    let makefile = match result {
        Ok(m) => m,
        Err(e) => {
            // Only the main makefile failing to read stops everything.
            let text = e.to_string();
            if text.is_empty() || text.contains('\n') {
                return Err(format!("error message is not one line: {text:?}"));
            }
            return Ok(());
        }
    };
    check_files(&makefile, &fs)?;
    check_locations(&makefile, &fs)?;
    check_names(&makefile, input)?;
    check_rendering(&makefile)?;
    check_shown_entries(&makefile)?;
    check_parsed_ahead(&makefile, &fs)
}

/// Files handed over parsed ahead (see `make_tools::load_parsed_ahead`) read as the
/// same files read in place.
fn check_parsed_ahead(makefile: &Makefile, fs: &MemoryFileSystem) -> Result<(), String> {
    let Ok(ahead) = make_tools::load_parsed_ahead(&config(), fs) else {
        return Err("parsed ahead: the main makefile could not be read".into());
    };
    if ahead.targets != makefile.targets {
        return Err(format!(
            "parsed ahead: targets {:?}, read in place: {:?}",
            ahead.target_names(),
            makefile.target_names()
        ));
    }
    if format!("{:?}", ahead.files) != format!("{:?}", makefile.files) {
        return Err(format!(
            "parsed ahead: files {:?}, read in place: {:?}",
            ahead.files, makefile.files
        ));
    }
    if ahead.diagnostics != makefile.diagnostics || ahead.default_goal != makefile.default_goal {
        return Err(format!(
            "parsed ahead: {:?} {:?}, read in place: {:?} {:?}",
            ahead.default_goal, ahead.diagnostics, makefile.default_goal, makefile.diagnostics
        ));
    }
    Ok(())
}

fn contents<'a>(fs: &'a MemoryFileSystem, path: &Path) -> Option<&'a [u8]> {
    match fs.get(path) {
        Some(Entry::File(bytes)) => Some(bytes),
        _ => None,
    }
}

/// Physical lines: make counts a last line without a newline.
fn line_count(bytes: &[u8]) -> usize {
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    newlines + usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

fn check_files(makefile: &Makefile, fs: &MemoryFileSystem) -> Result<(), String> {
    for file in &makefile.files {
        if contents(fs, &file.path).is_none() {
            return Err(format!(
                "{}: read, but it is {:?}",
                file.path.display(),
                fs.get(&file.path)
            ));
        }
    }
    Ok(())
}

/// `path:line` within the file named `display`.
fn check_place(
    makefile: &Makefile,
    fs: &MemoryFileSystem,
    display: &str,
    line: u32,
    what: &str,
) -> Result<(), String> {
    let Some(file) = makefile.files.iter().find(|f| f.display == display) else {
        return Err(format!("{what}: names {display:?}, which was not read"));
    };
    let lines = contents(fs, &file.path).map_or(0, line_count);
    if line == 0 || line as usize > lines.max(1) {
        return Err(format!(
            "{what}: line {line} of {display:?}, which has {lines} lines"
        ));
    }
    Ok(())
}

fn check_locations(makefile: &Makefile, fs: &MemoryFileSystem) -> Result<(), String> {
    for d in &makefile.diagnostics {
        if let Some((path, line)) = &d.location {
            check_place(makefile, fs, path, *line, &format!("diagnostic {d}"))?;
        }
    }
    for target in &makefile.targets {
        let places = target
            .definitions()
            .chain(target.phony_lines())
            .map(make_tools::RuleLine::location);
        for location in places {
            let Some(file) = makefile.files.get(location.file as usize) else {
                return Err(format!(
                    "target {:?}: no file {}",
                    target.name(),
                    location.file
                ));
            };
            let what = format!("target {:?}", target.name());
            check_place(makefile, fs, &file.display, location.line, &what)?;
        }
    }
    Ok(())
}

/// The text a name without `$` may be cut from, once backslashes (escapes, continuations) and
/// CRs are removed from both: what follows a NUL on a line is dropped with its newline, as
/// make does.
fn plain_text(bytes: &[u8]) -> String {
    // Decoded first, as the reader decodes: dropping bytes before decoding
    // would join invalid sequences into characters the reader never saw.
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut dropping = false;
    for c in text.chars() {
        match c {
            '\0' => dropping = true,
            '\n' if dropping => dropping = false,
            _ if dropping => {}
            '\\' | '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Characters that expansions can bring in without the input naming them: make's built-in
/// variables and what functions compute (numbers, paths).
const BUILT_IN_CHARACTERS: &str = "/fuzz make 4.4.1 /bin/sh -c 0123456789 \
     .out .a .ln .o .c .cc .C .cpp .p .f .F .m .r .y .l .ym .yl .s .S .mod .sym .def .h .info \
     .dvi .tex .texinfo .texi .txinfo .w .ch .web .sh .elc .el target-specific order-only \
     second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target \
     extra-prereqs notintermediate shell-export Makefile";

fn check_names(makefile: &Makefile, input: &Input) -> Result<(), String> {
    let texts: Vec<&[u8]> = input
        .files
        .iter()
        .filter_map(|(_, e)| match e {
            Entry::File(bytes) => Some(bytes.as_slice()),
            _ => None,
        })
        .collect();
    let has_dollar = texts.iter().any(|t| t.contains(&b'$'));
    let mut haystack: String = texts
        .iter()
        .map(|t| plain_text(t))
        .collect::<Vec<_>>()
        .join("\n");
    for (name, _) in &input.files {
        haystack.push('\n');
        haystack.push_str(name);
    }
    let mut allowed: HashSet<char> = haystack.chars().collect();
    allowed.extend(String::from_utf8_lossy(&input.to_bytes()).chars());
    allowed.extend(BUILT_IN_CHARACTERS.chars());
    let input_has_backslash = input.to_bytes().contains(&b'\\');
    for target in &makefile.targets {
        let name = target.name();
        // A blank is in a name only where a backslash quoted it (`a\ b:`).
        let quoted_blank = name.contains([' ', '\t']) && input_has_backslash;
        if name.is_empty() || name.contains('\n') || (name.contains([' ', '\t']) && !quoted_blank) {
            return Err(format!("target name {name:?} is empty or holds a blank"));
        }
        let bare: String = name.chars().filter(|&c| c != '\\' && c != '\r').collect();
        if !has_dollar && !haystack.contains(bare.as_str()) {
            return Err(format!(
                "target {name:?} is not in the input, which has no `$`"
            ));
        }
        if let Some(c) = name.chars().find(|c| !allowed.contains(c)) {
            return Err(format!("target {name:?}: {c:?} comes from nowhere"));
        }
    }
    Ok(())
}

/// make-help's outputs without colors: the listing of every target, wrapped, and its JSON.
/// One place to adapt when the renderer's API changes.
fn render_help(makefile: &Makefile) -> (Vec<u8>, Vec<u8>) {
    let options = make_tools::HelpOptions {
        all: true,
        width: Some(80),
        ..Default::default()
    };
    let styles = make_tools::Styles::new(false);
    let entries = make_tools::help_entries(makefile);
    let mut listing = Vec::new();
    make_tools::write_listing(makefile, &entries, &options, &styles, &mut listing)
        .expect("writes to a Vec");
    let shown: Vec<_> = entries.iter().collect();
    let mut json = Vec::new();
    make_tools::write_json(&make_tools::json_help(makefile, &shown), &mut json)
        .expect("writes to a Vec");
    (listing, json)
}

/// make-help builds entries for the targets it shows only: its listing is
/// the listing of every entry, with and without `--all` and `--unsorted`;
/// the targets it makes room for by their comments alone include every
/// documented one.
fn check_shown_entries(makefile: &Makefile) -> Result<(), String> {
    for target in &makefile.targets {
        if make_tools::target_doc(target).is_some() && !make_tools::may_have_doc(target) {
            return Err(format!(
                "{:?} is documented, but may_have_doc says not",
                target.name()
            ));
        }
    }
    let styles = make_tools::Styles::new(false);
    let every = make_tools::help_entries(makefile);
    for (all, unsorted) in [(false, false), (false, true), (true, false), (true, true)] {
        let options = make_tools::HelpOptions {
            all,
            unsorted,
            width: Some(80),
            ..Default::default()
        };
        let shown = make_tools::shown_entries(makefile, &options);
        let (mut from_shown, mut from_every) = (Vec::new(), Vec::new());
        make_tools::write_listing(makefile, &shown, &options, &styles, &mut from_shown)
            .expect("writes to a Vec");
        make_tools::write_listing(makefile, &every, &options, &styles, &mut from_every)
            .expect("writes to a Vec");
        if from_shown != from_every {
            return Err(format!(
                "listing (all: {all}, unsorted: {unsorted}) from the shown entries:\n{}\nfrom every entry:\n{}",
                String::from_utf8_lossy(&from_shown),
                String::from_utf8_lossy(&from_every)
            ));
        }
    }
    Ok(())
}

fn check_rendering(makefile: &Makefile) -> Result<(), String> {
    let mut words = Vec::new();
    make_tools::target_list(makefile, &make_tools::ListOptions::default(), &mut words)
        .expect("writes to a Vec");
    let (listing, json) = render_help(makefile);
    for (what, bytes) in [
        ("make-targets", words),
        ("make-help", listing),
        ("make-help --json", json.clone()),
    ] {
        let text = String::from_utf8(bytes).map_err(|e| format!("{what}: not UTF-8: {e}"))?;
        if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
            return Err(format!("{what}: control character {c:?} in the output"));
        }
    }
    // JSON escapes control characters itself; the names decode to what make read.
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| format!("make-help --json: {e}"))?;
    let names: Vec<&str> = value["targets"]
        .as_array()
        .map(|targets| targets.iter().filter_map(|t| t["name"].as_str()).collect())
        .unwrap_or_default();
    if names.len() != makefile.targets.len()
        || makefile.targets.iter().any(|t| !names.contains(&t.name()))
    {
        return Err("make-help --json: names differ from the targets read".to_string());
    }
    for d in &makefile.diagnostics {
        let shown = make_tools::escape(&d.to_string()).into_owned();
        if shown.chars().any(char::is_control) {
            return Err(format!("warning {shown:?} holds a control character"));
        }
    }
    Ok(())
}
