//! The text filters answered (coreutils' `expr`, `tr` and `cut`, GNU
//! sed's `s` command), on ASCII text as they treat it in any locale.

use super::{Outcome, Refused, Session};

/// The standard input a filter reads: the previous command's output.
fn input_of(input: Option<Vec<u8>>, what: &str) -> Result<Vec<u8>, Refused> {
    let input = input.ok_or_else(|| format!("{what} reads make's standard input"))?;
    if !input.is_ascii() {
        return Err(format!("{what} of text that is not ASCII"));
    }
    Ok(input)
}

/// `expr` of integers and strings: `|`, `&`, comparisons, `+ -`, `* / %`,
/// parentheses; `:` and the keywords are not answered. Strings are ordered
/// by `strcoll`, so only where the locale orders bytes (`bytewise`).
pub(super) fn expr(words: &[String], bytewise: bool) -> Result<Outcome, Refused> {
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    // Each parenthesis is a level of recursion.
    if args.len() > 1000 {
        return Err("expr of more than 1000 arguments".into());
    }
    let mut parser = Expr {
        args: &args,
        at: 0,
        bytewise,
    };
    let value = parser.or()?;
    if parser.at != args.len() {
        return Err("expr: a syntax error".into());
    }
    let status = i32::from(null(&value));
    Ok(Outcome {
        status,
        stdout: format!("{value}\n").into_bytes(),
        stderr: false,
    })
}

struct Expr<'a> {
    args: &'a [&'a str],
    at: usize,
    /// `strcoll` compares bytes in the locale here.
    bytewise: bool,
}

/// expr's null value (exit status 1): the empty string, or zeros after an
/// optional `-` (`0`, `-0`, `000`).
fn null(value: &str) -> bool {
    let zeros = value.strip_prefix('-').unwrap_or(value);
    value.is_empty() || (!zeros.is_empty() && zeros.bytes().all(|b| b == b'0'))
}

fn integer(s: &str) -> Option<i128> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 30 {
        return None;
    }
    s.parse().ok()
}

impl<'a> Expr<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.args.get(self.at).copied()
    }

    fn or(&mut self) -> Result<String, Refused> {
        let mut left = self.and()?;
        while self.peek() == Some("|") {
            self.at += 1;
            let right = self.and()?;
            if null(&left) {
                left = if null(&right) { "0".into() } else { right };
            }
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<String, Refused> {
        let mut left = self.compare()?;
        while self.peek() == Some("&") {
            self.at += 1;
            let right = self.compare()?;
            if null(&left) || null(&right) {
                left = "0".into();
            }
        }
        Ok(left)
    }

    fn compare(&mut self) -> Result<String, Refused> {
        let mut left = self.sum()?;
        while let Some(op @ ("=" | "!=" | "<" | "<=" | ">" | ">=")) = self.peek() {
            self.at += 1;
            let right = self.sum()?;
            let order = match (integer(&left), integer(&right)) {
                (Some(l), Some(r)) => l.cmp(&r),
                // Strings compare by `strcoll`, which is a byte order only in
                // the C locales (elsewhere even equality is the locale's).
                _ if self.bytewise => left.as_bytes().cmp(right.as_bytes()),
                _ => return Err("expr: strings compared by the locale's collation".into()),
            };
            let truth = match op {
                "=" => order.is_eq(),
                "!=" => order.is_ne(),
                "<" => order.is_lt(),
                "<=" => order.is_le(),
                ">" => order.is_gt(),
                _ => order.is_ge(),
            };
            left = if truth { "1" } else { "0" }.into();
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<String, Refused> {
        let mut left = self.product()?;
        while let Some(op @ ("+" | "-")) = self.peek() {
            self.at += 1;
            let right = self.product()?;
            let (Some(l), Some(r)) = (integer(&left), integer(&right)) else {
                return Err("expr: a non-integer argument".into());
            };
            let result = if op == "+" {
                l.checked_add(r)
            } else {
                l.checked_sub(r)
            };
            left = result.ok_or("expr: an overflow")?.to_string();
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<String, Refused> {
        let mut left = self.term()?;
        while let Some(op @ ("*" | "/" | "%")) = self.peek() {
            self.at += 1;
            let right = self.term()?;
            let (Some(l), Some(r)) = (integer(&left), integer(&right)) else {
                return Err("expr: a non-integer argument".into());
            };
            if r == 0 && op != "*" {
                return Err("expr: division by zero".into());
            }
            let result = match op {
                "*" => l.checked_mul(r),
                "/" => l.checked_div(r),
                _ => l.checked_rem(r),
            };
            left = result.ok_or("expr: an overflow")?.to_string();
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<String, Refused> {
        let word = self.peek().ok_or("expr: a missing argument")?;
        self.at += 1;
        match word {
            "(" => {
                let value = self.or()?;
                if self.peek() != Some(")") {
                    return Err("expr: a syntax error".into());
                }
                self.at += 1;
                Ok(value)
            }
            "match" | "substr" | "index" | "length" | "+" | ":" | ")" => {
                Err(format!("expr {word}"))
            }
            _ if self.peek() == Some(":") => Err("expr's ':'".into()),
            // A literal is printed as written (`expr 007` is `007`); only
            // arithmetic normalises.
            _ => Ok(word.to_string()),
        }
    }
}

/// One set of `tr`: characters, ranges, `[:class:]` and backslash escapes.
fn tr_set(text: &str) -> Result<Vec<u8>, Refused> {
    if !text.is_ascii() {
        return Err("tr of characters that are not ASCII".into());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'['
            && bytes.get(i + 1) == Some(&b':')
            && let Some(end) = text[i + 2..].find(":]")
        {
            let class = &text[i + 2..i + 2 + end];
            let members: Vec<u8> = (0u8..128)
                .filter(|&b| match class {
                    "lower" => b.is_ascii_lowercase(),
                    "upper" => b.is_ascii_uppercase(),
                    "digit" => b.is_ascii_digit(),
                    "alpha" => b.is_ascii_alphabetic(),
                    "alnum" => b.is_ascii_alphanumeric(),
                    "space" => matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
                    "blank" => matches!(b, b' ' | b'\t'),
                    "punct" => b.is_ascii_punctuation(),
                    _ => false,
                })
                .collect();
            if members.is_empty() {
                return Err(format!("tr [:{class}:]"));
            }
            out.extend(members);
            i += end + 4;
            continue;
        }
        if bytes[i] == b'[' {
            return Err("tr of '['".into());
        }
        let (c, next) = tr_char(bytes, i)?;
        if bytes.get(next) == Some(&b'-') && next + 1 < bytes.len() {
            let (last, after) = tr_char(bytes, next + 1)?;
            if last < c {
                return Err("tr of a reversed range".into());
            }
            out.extend(c..=last);
            i = after;
        } else {
            out.push(c);
            i = next;
        }
    }
    Ok(out)
}

fn tr_char(bytes: &[u8], i: usize) -> Result<(u8, usize), Refused> {
    if bytes[i] != b'\\' {
        return Ok((bytes[i], i + 1));
    }
    let c = match bytes.get(i + 1) {
        Some(b'n') => b'\n',
        Some(b't') => b'\t',
        Some(b'r') => b'\r',
        Some(b'\\') => b'\\',
        Some(b'-') => b'-',
        _ => return Err("tr of an escape".into()),
    };
    Ok((c, i + 2))
}

/// `tr SET1 SET2`, `tr -d SET`.
pub(super) fn tr(words: &[String], input: Option<Vec<u8>>) -> Result<Outcome, Refused> {
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let input = input_of(input, "tr")?;
    let out: Vec<u8> = match args.as_slice() {
        ["-d", set] => {
            let set = tr_set(set)?;
            input.into_iter().filter(|b| !set.contains(b)).collect()
        }
        [from, to] if !from.starts_with('-') => {
            let upper_lower = |s: &str| s.contains("[:upper:]") || s.contains("[:lower:]");
            // Classes pair up only as `[:upper:]` with `[:lower:]` alone, and
            // no other class may stand in SET2 (GNU tr fails).
            if (upper_lower(from) || to.contains("[:"))
                && !matches!(
                    (*from, *to),
                    ("[:upper:]", "[:lower:]") | ("[:lower:]", "[:upper:]")
                )
            {
                return Err("tr of character classes".into());
            }
            let (from, to) = (tr_set(from)?, tr_set(to)?);
            let Some(&pad) = to.last() else {
                return Err("tr with an empty second set".into());
            };
            let mut map: Vec<u8> = (0..=255).collect();
            for (i, &c) in from.iter().enumerate() {
                map[usize::from(c)] = to.get(i).copied().unwrap_or(pad);
            }
            input.into_iter().map(|b| map[usize::from(b)]).collect()
        }
        _ => return Err(format!("tr {}", args.join(" "))),
    };
    Ok(Outcome::text(out))
}

/// One range of a `cut` list, 1-based and inclusive.
fn cut_list(list: &str) -> Result<Vec<(usize, usize)>, Refused> {
    let number = |s: &str| -> Result<usize, Refused> {
        match s.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("cut of the list {list}")),
        }
    };
    list.split(',')
        .map(|part| match part.split_once('-') {
            None => number(part).map(|n| (n, n)),
            Some(("", "")) => Err(format!("cut of the list {list}")),
            Some(("", to)) => number(to).map(|t| (1, t)),
            Some((from, "")) => number(from).map(|f| (f, usize::MAX)),
            Some((from, to)) => match (number(from)?, number(to)?) {
                // GNU cut fails: "invalid decreasing range".
                (f, t) if t < f => Err(format!("cut of the list {list}")),
                range => Ok(range),
            },
        })
        .collect()
}

/// `cut -d C -f LIST` and `cut -c LIST`, line by line.
pub(super) fn cut(words: &[String], input: Option<Vec<u8>>) -> Result<Outcome, Refused> {
    let mut delimiter = None;
    let mut fields = None;
    let mut chars = None;
    let mut args = words[1..].iter();
    let value = |flag: &str, arg: &String, args: &mut std::slice::Iter<'_, String>| match arg
        .strip_prefix(flag)
    {
        Some("") => args.next().cloned().ok_or_else(|| format!("cut {flag}")),
        Some(v) => Ok(v.to_string()),
        None => Err(String::new()),
    };
    while let Some(arg) = args.next() {
        if arg.starts_with("-d") {
            let d = value("-d", arg, &mut args)?;
            if d.len() != 1 || !d.is_ascii() {
                return Err(format!("cut -d {d}"));
            }
            delimiter = Some(d.as_bytes()[0]);
        } else if arg.starts_with("-f") {
            fields = Some(cut_list(&value("-f", arg, &mut args)?)?);
        } else if arg.starts_with("-c") || arg.starts_with("-b") {
            chars = Some(cut_list(&value(&arg[..2], arg, &mut args)?)?);
        } else {
            return Err(format!("cut {arg}"));
        }
    }
    // GNU cut fails on one list of each kind, on none, and on a
    // delimiter for characters.
    // `delimiter`: `None` when cutting characters.
    let (ranges, delimiter) = match (fields, chars, delimiter) {
        (Some(ranges), None, d) => (ranges, Some(d.unwrap_or(b'\t'))),
        (None, Some(ranges), None) => (ranges, None),
        _ => return Err("cut without exactly one of -f and -c, or -d with -c".into()),
    };
    let input = input_of(input, "cut")?;
    let selected =
        |i: usize, ranges: &[(usize, usize)]| ranges.iter().any(|&(f, t)| f <= i && i <= t);
    let mut out = Vec::new();
    for line in input.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        match delimiter {
            Some(delimiter) => {
                if body.contains(&delimiter) {
                    let parts: Vec<&[u8]> = body
                        .split(|&b| b == delimiter)
                        .enumerate()
                        .filter(|(i, _)| selected(i + 1, &ranges))
                        .map(|(_, p)| p)
                        .collect();
                    out.extend(parts.join(&delimiter));
                } else {
                    out.extend(body);
                }
            }
            None => out.extend(
                body.iter()
                    .enumerate()
                    .filter(|(i, _)| selected(i + 1, &ranges))
                    .map(|(_, &b)| b),
            ),
        }
        out.push(b'\n');
    }
    Ok(Outcome::text(out))
}

/// A sed `s` command.
struct Substitute {
    regex: regex::bytes::Regex,
    replacement: Vec<Piece>,
    global: bool,
}

enum Piece {
    Text(Vec<u8>),
    Group(usize),
}

/// GNU sed `[-e] 's/RE/REPL/[g]'` commands (several, or joined by `;`),
/// basic or (`-E`, `-r`) extended expressions, on standard input or files.
pub(super) fn sed(
    session: &Session<'_, '_>,
    words: &[String],
    input: Option<Vec<u8>>,
) -> Result<Outcome, Refused> {
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let mut extended = false;
    let mut args = words[1..].iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-e" => scripts.push(args.next().ok_or("sed -e without a script")?.clone()),
            "-E" | "-r" => extended = true,
            a if a.starts_with('-') && a.len() > 1 => return Err(format!("sed {a}")),
            _ => files.push(arg.clone()),
        }
    }
    if scripts.is_empty() {
        if files.is_empty() {
            return Err("sed without a script".into());
        }
        scripts.push(files.remove(0));
    }
    let mut commands = Vec::new();
    for script in &scripts {
        let mut rest = script.trim_start();
        while !rest.is_empty() {
            let (command, after) = substitute(rest, extended)?;
            commands.push(command);
            rest = after.trim_start_matches([' ', '\t', ';', '\n']);
        }
    }
    let mut text = Vec::new();
    if files.is_empty() {
        text = input_of(input, "sed")?;
    } else {
        for name in &files {
            match session.read(name)? {
                Some(bytes) => text.extend(bytes),
                None => return Err(format!("sed of the missing file {name}")),
            }
        }
        if !text.is_ascii() {
            return Err("sed of text that is not ASCII".into());
        }
    }
    let mut out = Vec::new();
    for line in text.split_inclusive(|&b| b == b'\n') {
        let (body, end) = match line.strip_suffix(b"\n") {
            Some(body) => (body, &b"\n"[..]),
            None => (line, &b""[..]),
        };
        let mut body = body.to_vec();
        for command in &commands {
            body = command.apply(&body);
            if body.len() > super::MAX_OUTPUT {
                return Err("sed: the output is too long".into());
            }
        }
        out.extend(body);
        out.extend(end);
        if out.len() > super::MAX_OUTPUT {
            return Err("sed: the output is too long".into());
        }
    }
    Ok(Outcome::text(out))
}

impl Substitute {
    fn apply(&self, line: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut last = 0;
        if self
            .replacement
            .iter()
            .all(|p| matches!(p, Piece::Text(_) | Piece::Group(0)))
        {
            // No group referred to: the faster search without captures.
            for found in self.regex.find_iter(line) {
                out.extend(&line[last..found.start()]);
                for piece in &self.replacement {
                    match piece {
                        Piece::Text(t) => out.extend(t),
                        Piece::Group(_) => out.extend(found.as_bytes()),
                    }
                }
                last = found.end();
                if !self.global {
                    break;
                }
            }
            out.extend(&line[last..]);
            return out;
        }
        for captures in self.regex.captures_iter(line) {
            let whole = captures.get(0).expect("group 0");
            out.extend(&line[last..whole.start()]);
            for piece in &self.replacement {
                match piece {
                    Piece::Text(t) => out.extend(t),
                    Piece::Group(g) => {
                        out.extend(captures.get(*g).map_or(&[][..], |m| m.as_bytes()));
                    }
                }
            }
            last = whole.end();
            if !self.global {
                break;
            }
        }
        out.extend(&line[last..]);
        out
    }
}

/// Reads one `s/RE/REPL/flags` command; returns it and the text after it.
fn substitute(script: &str, extended: bool) -> Result<(Substitute, &str), Refused> {
    if !script.is_ascii() {
        return Err("sed of a script that is not ASCII".into());
    }
    let rest = script
        .strip_prefix('s')
        .ok_or("a sed command other than s")?;
    let delimiter = rest.chars().next().ok_or("sed: s without a delimiter")?;
    if delimiter == '\\' || delimiter == '\n' {
        return Err("sed: an unusual delimiter".into());
    }
    let (pattern, rest) = sed_part(&rest[1..], delimiter)?;
    let (replacement, rest) = sed_part(rest, delimiter)?;
    let flags_end = rest.find([';', ' ', '\n', '}']).unwrap_or(rest.len());
    let global = match &rest[..flags_end] {
        "" => false,
        "g" => true,
        f => return Err(format!("sed: the flags {f}")),
    };
    let escaped_delimiter = format!("\\{delimiter}");
    let pattern = if delimiter == '/' {
        pattern
    } else if pattern.contains(&escaped_delimiter) {
        // `\%` is the character `%`, as an operator if it is one (`s.a\.b.X.`
        // matches `axb`); other delimiters' escapes are not known well.
        if !"|,:#@!%_;=.".contains(delimiter) {
            return Err(format!("sed: an escaped delimiter {delimiter}"));
        }
        pattern.replace(&escaped_delimiter, &delimiter.to_string())
    } else {
        pattern
    };
    if pattern.is_empty() {
        // `s//R/` reuses the last expression.
        return Err("sed: an empty expression".into());
    }
    let regex = regex::bytes::Regex::new(&format!("(?-u){}", translate(&pattern, extended)?))
        .map_err(|_| format!("sed: the expression {pattern}"))?;
    let mut pieces = Vec::new();
    let mut text = Vec::new();
    let mut chars = replacement.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Group(0));
            }
            '\\' => match chars.next() {
                Some(d @ '1'..='9') => {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    pieces.push(Piece::Group(d as usize - '0' as usize));
                }
                Some('n') => text.push(b'\n'),
                Some(c) if c == delimiter || matches!(c, '&' | '\\' | '/') => {
                    text.push(c as u8);
                }
                _ => return Err("sed: an escape in the replacement".into()),
            },
            c => text.push(c as u8),
        }
    }
    pieces.push(Piece::Text(text));
    // GNU sed fails on `\N` beyond the expression's groups.
    let groups = regex.captures_len() - 1;
    if pieces
        .iter()
        .any(|p| matches!(p, Piece::Group(g) if *g > groups))
    {
        return Err("sed: a reference to a group the expression lacks".into());
    }
    Ok((
        Substitute {
            regex,
            replacement: pieces,
            global,
        },
        &rest[flags_end..],
    ))
}

/// The text up to the next unescaped `delimiter`, and what follows it.
fn sed_part(text: &str, delimiter: char) -> Result<(String, &str), Refused> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    let mut in_bracket = false;
    while let Some((i, c)) = chars.next() {
        if c == delimiter && !in_bracket {
            return Ok((out, &text[i + c.len_utf8()..]));
        }
        match c {
            '\\' => {
                let (_, n) = chars.next().ok_or("sed: an unterminated s command")?;
                out.push('\\');
                out.push(n);
            }
            '[' if !in_bracket => {
                in_bracket = true;
                out.push(c);
                // `[]...]` and `[^]...]`: the first `]` is a member.
                let rest = &text[i + 1..];
                for prefix in ["^]", "]"] {
                    if rest.starts_with(prefix) {
                        out.push_str(prefix);
                        for _ in 0..prefix.len() {
                            chars.next();
                        }
                        break;
                    }
                }
            }
            ']' if in_bracket => {
                in_bracket = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Err("sed: an unterminated s command".into())
}

/// What the last piece of a translated expression was, for a quantifier
/// that follows it.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// The start, or after `(` or a leading `^`: a basic `*` here is a
    /// literal, any other quantifier an error (GNU) or unclear.
    Start,
    /// A character, `.` or a bracket expression.
    Atom,
    /// A group or an anchor: a quantifier on it is refused.
    Group,
    /// A quantifier: another one after it is refused.
    Quantifier,
}

/// A POSIX basic (or extended) expression in the regex crate's syntax, for
/// the expressions where both find the same match on ASCII text. GNU sed
/// takes the leftmost-longest match, the regex crate the leftmost-first; they
/// part on alternation (`\|`, `|`), a quantified group (`\(ab\)*`) and stacked
/// quantifiers (`a*?` is lazy in one, `(a*)?` in the other), so those are
/// refused, as is what GNU sed rejects (a leading quantifier in an extended
/// expression, `a**`) and its own escapes (`\<`, `\w`, back-references).
fn translate(pattern: &str, extended: bool) -> Result<String, Refused> {
    let refuse = || format!("sed: the expression {pattern}");
    let chars: Vec<char> = pattern.chars().collect();
    // `.` matches a newline in sed's pattern space.
    let mut out = String::from("(?s)");
    let mut last = Last::Start;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let escaped = c == '\\';
        let n = if escaped {
            i += 1;
            *chars.get(i).ok_or_else(refuse)?
        } else {
            c
        };
        // An operator when escaped in a basic expression and bare in an
        // extended one (`\(` and `(`); a literal the other way round.
        let operator = escaped != extended;
        match n {
            '(' if operator => {
                out.push('(');
                last = Last::Start;
            }
            ')' if operator => {
                out.push(')');
                last = Last::Group;
            }
            // Alternation, and a `\}` closing no interval.
            '|' | '}' if operator => return Err(refuse()),
            '*' | '+' | '?' | '{' if (n == '*' && !escaped) || (n != '*' && operator) => {
                if n == '*' && !extended && last == Last::Start {
                    out.push_str("\\*");
                    last = Last::Atom;
                    i += 1;
                    continue;
                }
                if last != Last::Atom {
                    return Err(refuse());
                }
                if n == '{' {
                    let close: &[char] = if extended { &['}'] } else { &['\\', '}'] };
                    let end = (i + 1..chars.len())
                        .find(|&j| chars[j..].starts_with(close))
                        .ok_or_else(refuse)?;
                    let interval: String = chars[i + 1..end].iter().collect();
                    let bounds: Vec<&str> = interval.split(',').collect();
                    let small = |b: &str| b.parse::<u16>().is_ok_and(|n| n <= 255);
                    let valid = match bounds.as_slice() {
                        [m] | [m, ""] => small(m),
                        [m, n] => small(m) && small(n),
                        _ => false,
                    };
                    if !valid {
                        return Err(refuse());
                    }
                    out.push('{');
                    out.push_str(&interval);
                    out.push('}');
                    i = end + close.len() - 1;
                } else {
                    out.push(n);
                }
                last = Last::Quantifier;
            }
            '^' if !escaped && (extended || i == 0) => {
                out.push('^');
                last = Last::Start;
            }
            // `^` after `\(` and `$` before `\)` anchor in GNU's basic
            // expressions.
            '^' if !escaped && last == Last::Start => return Err(refuse()),
            '$' if !escaped && (extended || i + 1 == chars.len()) => {
                out.push('$');
                last = Last::Group;
            }
            '$' if !escaped && chars[i + 1..].starts_with(&['\\', ')']) => return Err(refuse()),
            '.' if !escaped => {
                out.push('.');
                last = Last::Atom;
            }
            '[' if !escaped => {
                i = bracket(&chars, i, &mut out).ok_or_else(refuse)?;
                last = Last::Atom;
            }
            'n' if escaped => {
                out.push_str("\\n");
                last = Last::Atom;
            }
            't' if escaped => {
                out.push_str("\\t");
                last = Last::Atom;
            }
            // GNU's word and buffer anchors, classes, back-references.
            '<' | '>' | '`' | '\'' if escaped => return Err(refuse()),
            c if escaped && c.is_ascii_alphanumeric() => return Err(refuse()),
            c => {
                out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
                last = Last::Atom;
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Translates the bracket expression opening at `chars[open]` into `out`;
/// the index of its closing `]`, or `None` for what is not answered.
fn bracket(chars: &[char], open: usize, out: &mut String) -> Option<usize> {
    // `[...]`: the first `]` (or the one after `^`) is a member; `[:class:]`
    // inside is passed on as the regex crate reads it.
    let mut j = open + 1;
    out.push('[');
    if chars.get(j) == Some(&'^') {
        out.push('^');
        j += 1;
    }
    if chars.get(j) == Some(&']') {
        out.push_str("\\]");
        j += 1;
    }
    loop {
        match chars.get(j) {
            Some(']') => break,
            Some('[') if chars.get(j + 1) == Some(&':') => {
                // The script is ASCII: a byte offset counts characters.
                let rest: String = chars[j..].iter().collect();
                let end = 2 + rest[2..].find(":]")?;
                // POSIX's classes only (the regex crate adds `word`, `ascii`).
                let class = &rest[2..end];
                if !matches!(
                    class,
                    "alnum"
                        | "alpha"
                        | "blank"
                        | "cntrl"
                        | "digit"
                        | "graph"
                        | "lower"
                        | "print"
                        | "punct"
                        | "space"
                        | "upper"
                        | "xdigit"
                ) {
                    return None;
                }
                out.push_str(&rest[..end + 2]);
                j += end + 2;
            }
            // `\` is a member in POSIX, an escape in the regex crate; `&&`,
            // `--`, `~~` are set operations there.
            None | Some('[' | '\\' | '&' | '~') => return None,
            Some('-') if chars.get(j + 1) == Some(&'-') => return None,
            Some(&ch) => {
                out.push(ch);
                j += 1;
            }
        }
    }
    out.push(']');
    Some(j)
}
