//! The small part of the shell language the answered commands are written
//! in (POSIX "Shell Command Language", 2.2 quoting, 2.7 redirection, 2.9
//! pipelines and lists), and make's own split of a command it runs without
//! a shell (GNU make's `construct_command_argv_internal`).
//!
//! Anything beyond it — parameter and command substitution, globs, `~`,
//! assignments, compound commands, here-documents, background jobs — is not
//! read: the command stays unknown.

/// Why a command is not answered, in words for `--explain`.
pub(crate) type Refused = String;

/// Where a file descriptor goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sink {
    /// The command's standard output, which make reads.
    Out,
    /// Standard error, which make does not read.
    Err,
    /// `/dev/null`.
    Null,
}

/// One redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Redirect {
    /// `[n]>/dev/null`, `[n]>>/dev/null`.
    Null(u32),
    /// `[n]>&m`.
    Dup(u32, u32),
    /// `</dev/null`.
    NoInput,
}

/// A simple command: its words and redirections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Simple {
    pub words: Vec<String>,
    pub redirects: Vec<Redirect>,
    /// The words that are patterns: each stays as written only when it
    /// names no file (POSIX 2.13.3).
    pub patterns: Vec<usize>,
}

/// `[!] a | b | c`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Simple>,
}

/// How a pipeline joins the one before it in an and-or list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Join {
    /// The first pipeline, or after `;` or a newline.
    Then,
    /// `&&`.
    And,
    /// `||`.
    Or,
}

/// A list: pipelines joined by `;`, `&&` and `||`, in order.
pub(crate) type List = Vec<(Join, Pipeline)>;

/// Words that start a compound command or are otherwise reserved.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "{", "}", "function", "select", "[[", "]]",
];

#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// The text, whether part of it was quoted, whether it holds an
    /// unquoted `*`, `?` or `[` (a pattern, which names files if any match).
    Word(String, bool, bool),
    Pipe,
    And,
    Or,
    Semi,
    Newline,
    Redirect(Redirect),
}

/// Splits a shell command into tokens.
fn tokens(text: &str) -> Result<Vec<Token>, Refused> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    // A word is being read (it may be empty: `''`), it was quoted, it is a
    // pattern.
    let (mut in_word, mut quoted, mut pattern) = (false, false, false);
    let mut i = 0;
    macro_rules! end_word {
        () => {
            if in_word {
                if pattern && quoted {
                    return Err("a pattern with quotes".into());
                }
                out.push(Token::Word(std::mem::take(&mut word), quoted, pattern));
                in_word = false;
                quoted = false;
                pattern = false;
            }
        };
    }
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => end_word!(),
            '\n' => {
                end_word!();
                out.push(Token::Newline);
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '\'')
                    .ok_or("an unterminated quote")?;
                word.extend(&chars[i + 1..i + 1 + end]);
                (in_word, quoted) = (true, true);
                i += end + 2;
                continue;
            }
            '"' => {
                (in_word, quoted) = (true, true);
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("an unterminated quote".into()),
                        Some('"') => break,
                        Some('$' | '`') => return Err("a substitution".into()),
                        Some('\\') => match chars.get(i + 1) {
                            Some(&n @ ('"' | '\\')) => {
                                word.push(n);
                                i += 1;
                            }
                            Some('$' | '`') => return Err("a substitution".into()),
                            Some('\n') => i += 1,
                            _ => word.push('\\'),
                        },
                        Some(&c) => word.push(c),
                    }
                    i += 1;
                }
            }
            '\\' => match chars.get(i + 1) {
                Some('\n') => i += 1,
                Some(&n) => {
                    word.push(n);
                    (in_word, quoted) = (true, true);
                    i += 1;
                }
                None => {}
            },
            '|' => {
                end_word!();
                if chars.get(i + 1) == Some(&'|') {
                    out.push(Token::Or);
                    i += 1;
                } else {
                    out.push(Token::Pipe);
                }
            }
            '&' => {
                end_word!();
                if chars.get(i + 1) != Some(&'&') {
                    return Err("a background job".into());
                }
                out.push(Token::And);
                i += 1;
            }
            ';' => {
                end_word!();
                if chars.get(i + 1) == Some(&';') {
                    return Err("';;'".into());
                }
                out.push(Token::Semi);
            }
            '>' | '<' => {
                // A word of digits right before is the descriptor.
                let fd = if in_word && !quoted && word.bytes().all(|b| b.is_ascii_digit()) {
                    let fd = word.parse::<u32>().map_err(|_| "a redirection")?;
                    word.clear();
                    in_word = false;
                    Some(fd)
                } else {
                    end_word!();
                    None
                };
                let (redirect, next) = redirection(&chars, i, fd)?;
                out.push(Token::Redirect(redirect));
                i = next;
                continue;
            }
            '$' | '`' => return Err("a substitution".into()),
            '(' | ')' | '{' | '}' => return Err(format!("'{c}'")),
            '*' | '?' => {
                word.push(c);
                (in_word, pattern) = (true, true);
            }
            '[' if in_word || chars.get(i + 1).is_some_and(|&n| !matches!(n, ' ' | '\t')) => {
                word.push(c);
                (in_word, pattern) = (true, true);
            }
            '~' if !in_word => return Err("'~'".into()),
            _ => {
                word.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        if pattern && quoted {
            return Err("a pattern with quotes".into());
        }
        out.push(Token::Word(word, quoted, pattern));
    }
    Ok(out)
}

/// The redirection whose operator starts at `i`: only to and from
/// `/dev/null`, and between standard output and standard error.
fn redirection(chars: &[char], i: usize, fd: Option<u32>) -> Result<(Redirect, usize), Refused> {
    let input = chars[i] == '<';
    let mut j = i + 1;
    let dup = chars.get(j) == Some(&'&');
    if dup || (!input && chars.get(j) == Some(&'>')) {
        j += 1;
    }
    while matches!(chars.get(j), Some(' ' | '\t')) {
        j += 1;
    }
    let start = j;
    while j < chars.len() && !matches!(chars[j], ' ' | '\t' | '\n' | ';' | '|' | '&' | '<' | '>') {
        j += 1;
    }
    let target: String = chars[start..j].iter().collect();
    let fd = fd.unwrap_or(u32::from(!input));
    let redirect = match (input, dup, target.as_str()) {
        (true, false, "/dev/null") if fd == 0 => Redirect::NoInput,
        (false, false, "/dev/null") => Redirect::Null(fd),
        (false, true, "1") => Redirect::Dup(fd, 1),
        (false, true, "2") => Redirect::Dup(fd, 2),
        _ => return Err("a redirection other than to /dev/null or between 1 and 2".into()),
    };
    if fd > 2 {
        return Err("a redirection of a descriptor above 2".into());
    }
    Ok((redirect, j))
}

/// Parses a shell command into a list.
pub(crate) fn parse(text: &str) -> Result<List, Refused> {
    let mut list = List::new();
    let mut join = Join::Then;
    let mut pipeline = Pipeline::default();
    let mut simple = Simple::default();
    for token in tokens(text)? {
        match token {
            Token::Word(word, quoted, pattern) => {
                if simple.words.is_empty() && !quoted {
                    if word == "!" {
                        // dash reads `!` only at the start of a pipeline, and
                        // once; bash also reads `! !` and `| !` differently.
                        if pipeline.commands.is_empty()
                            && !pipeline.negated
                            && simple.redirects.is_empty()
                        {
                            pipeline.negated = true;
                            continue;
                        }
                        return Err("'!' after '!' or '|' (a syntax error in dash)".into());
                    }
                    if RESERVED.contains(&word.as_str()) {
                        return Err(format!("the compound command '{word}'"));
                    }
                    if word.contains('=') {
                        return Err("an assignment".into());
                    }
                }
                if pattern {
                    // `**` means more to the file search than to the shell.
                    if simple.words.is_empty() || word.contains("**") {
                        return Err("a pattern as the command".into());
                    }
                    simple.patterns.push(simple.words.len());
                }
                simple.words.push(word);
            }
            Token::Redirect(r) => simple.redirects.push(r),
            Token::Pipe | Token::And | Token::Or | Token::Semi | Token::Newline => {
                if simple.words.is_empty() {
                    // A newline may follow nothing, `;`, `&&` or `||` (an
                    // empty line); every operator, `;` included, needs a
                    // command before it, else the shell stops at a syntax
                    // error.
                    if token == Token::Newline
                        && simple.redirects.is_empty()
                        && pipeline.commands.is_empty()
                        && !pipeline.negated
                    {
                        continue;
                    }
                    return Err("a command missing around an operator (a syntax error)".into());
                }
                pipeline.commands.push(std::mem::take(&mut simple));
                if token == Token::Pipe {
                    continue;
                }
                list.push((join, std::mem::take(&mut pipeline)));
                join = match token {
                    Token::And => Join::And,
                    Token::Or => Join::Or,
                    _ => Join::Then,
                };
            }
        }
    }
    if simple.words.is_empty() {
        if !simple.redirects.is_empty() || !pipeline.commands.is_empty() || join != Join::Then {
            return Err("a command missing at the end".into());
        }
        if pipeline.negated {
            return Err("a command missing after '!'".into());
        }
    } else {
        pipeline.commands.push(simple);
        list.push((join, pipeline));
    }
    Ok(list)
}

/// Characters that make GNU make hand a command to the shell.
const SHELL_CHARS: &str = "#;\"*?[]&|<>(){}$`^~!";

/// Commands make always hands to the shell (its `sh_cmds`).
const SHELL_COMMANDS: &[&str] = &[
    ".", ":", "alias", "bg", "break", "case", "cd", "command", "continue", "eval", "exec", "exit",
    "export", "fc", "fg", "for", "getopts", "hash", "if", "jobs", "login", "logout", "read",
    "readonly", "return", "set", "shift", "test", "times", "trap", "type", "ulimit", "umask",
    "unalias", "unset", "wait", "while",
];

/// The words GNU make runs a command as without a shell, as its
/// `construct_command_argv_internal` splits them; `None` when it hands the
/// command to the shell (a character special to the shell, a shell
/// built-in first, an assignment, an unterminated quote). An empty command
/// gives no words.
pub(crate) fn make_argv(line: &str) -> Option<Vec<String>> {
    let mut words: Vec<String> = vec![String::new()];
    let bytes: Vec<char> = line.chars().collect();
    let mut in_quote = false;
    let (mut has_equals, mut seen_nonequals, mut last_empty) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let current = words.last_mut().expect("one word at least");
        if in_quote {
            if c == '\'' {
                in_quote = false;
                if current.is_empty() {
                    last_empty = true;
                }
            } else {
                current.push(c);
            }
        } else if SHELL_CHARS.contains(c) {
            return None;
        } else {
            match c {
                '=' => {
                    if !seen_nonequals {
                        return None;
                    }
                    has_equals = true;
                    current.push('=');
                }
                '\\' => {
                    if bytes.get(i + 1) == Some(&'\n') {
                        i += 1;
                        if current.is_empty() {
                            while matches!(bytes.get(i + 1), Some(' ' | '\t')) {
                                i += 1;
                            }
                        }
                    } else if let Some(&n) = bytes.get(i + 1) {
                        current.push(n);
                        i += 1;
                    }
                }
                '\'' => in_quote = true,
                ' ' | '\t' => {
                    last_empty = false;
                    seen_nonequals |= !has_equals;
                    has_equals = false;
                    if words.len() == 1 && SHELL_COMMANDS.contains(&words[0].as_str()) {
                        return None;
                    }
                    words.push(String::new());
                    while matches!(bytes.get(i + 1), Some(' ' | '\t')) {
                        i += 1;
                    }
                }
                _ => current.push(c),
            }
        }
        i += 1;
    }
    if in_quote {
        return None;
    }
    if words.last().is_some_and(String::is_empty) && !last_empty {
        words.pop();
    }
    if words.len() == 1 && SHELL_COMMANDS.contains(&words[0].as_str()) {
        return None;
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &List) -> Vec<Vec<String>> {
        list.iter()
            .flat_map(|(_, p)| p.commands.iter().map(|c| c.words.clone()))
            .collect()
    }

    #[test]
    fn quoting_and_operators() {
        for (text, want) in [
            ("uname -s", vec![vec!["uname", "-s"]]),
            (
                "echo 'a  b' \"c d\" e\\ f",
                vec![vec!["echo", "a  b", "c d", "e f"]],
            ),
            ("echo ''", vec![vec!["echo", ""]]),
            (
                "a | b && c || d; e",
                vec![vec!["a"], vec!["b"], vec!["c"], vec!["d"], vec!["e"]],
            ),
            ("echo a # comment", vec![vec!["echo", "a"]]),
            ("echo a#b", vec![vec!["echo", "a#b"]]),
            ("[ -f x ]", vec![vec!["[", "-f", "x", "]"]]),
            ("echo \"a\\\"b\\c\"", vec![vec!["echo", "a\"b\\c"]]),
        ] {
            let list = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let want: Vec<Vec<String>> = want
                .into_iter()
                .map(|w| w.into_iter().map(String::from).collect())
                .collect();
            assert_eq!(words(&list), want, "{text}");
        }
    }

    #[test]
    fn redirections() {
        let list = parse("uname -s 2>/dev/null >/dev/null 2>&1 </dev/null").expect("parses");
        assert_eq!(
            list[0].1.commands[0].redirects,
            [
                Redirect::Null(2),
                Redirect::Null(1),
                Redirect::Dup(2, 1),
                Redirect::NoInput
            ]
        );
        for text in ["cat <x", "echo >x", "a 3>/dev/null", "a >&3"] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn refused() {
        for text in [
            "echo $HOME",
            "echo `date`",
            "echo $(date)",
            "X=1 env",
            "if true; then echo; fi",
            "(cd x)",
            "a &",
            "echo ~",
            "echo 'open",
            "a |",
            "&& b",
            "echo {a,b}",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn patterns_are_kept_for_a_file_check() {
        let list = parse("sed -e s/arm.*/arm/ -e s/sh[234]/sh/ x").expect("parses");
        assert_eq!(list[0].1.commands[0].patterns, [2, 4]);
        for text in ["*.sh", "echo \"a\"*", "echo '*'x*", "echo **/x"] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn make_splits_as_make() {
        let v = |s: &[&str]| Some(s.iter().map(|w| (*w).to_string()).collect::<Vec<_>>());
        assert_eq!(make_argv("uname  -s"), v(&["uname", "-s"]));
        assert_eq!(make_argv("echo a\\nb"), v(&["echo", "anb"]));
        assert_eq!(make_argv("echo 'a  b' ''"), v(&["echo", "a  b", ""]));
        assert_eq!(make_argv("echo a=b"), v(&["echo", "a=b"]));
        assert_eq!(make_argv("echo "), v(&["echo"]));
        for shell in [
            "a=b cmd",
            "echo \"x\"",
            "cd x",
            "test -f x",
            "a;b",
            "echo $x",
            "command",
        ] {
            assert_eq!(make_argv(shell), None, "{shell}");
        }
    }
}
