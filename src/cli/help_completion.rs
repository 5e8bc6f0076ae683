//! `make-help --completions SHELL`: clap_complete's script for the options,
//! with what clap cannot know added for bash, zsh and fish: a `TARGET`
//! word completes to what `make-help TARGET` shows (the targets, variables
//! by name and names made through pattern rules, from `make-targets
//! --for=make-help`, with `-C`, `-f`, `-I` and `VAR=value` words already on
//! the line), and `--section`'s value to the `##@` section titles. Like
//! the completion of make, it falls back to clap's own (file names) when
//! make-targets is not installed or cannot answer.

use clap::Command;
use clap_complete::Shell;

/// The option spellings of `command` that take the next word as their
/// value (`-f`, `--file`, `--width`...), separated by spaces.
fn value_options(command: &Command) -> String {
    let mut spellings = Vec::new();
    for arg in command.get_arguments() {
        if arg.is_positional() || !arg.get_action().takes_values() {
            continue;
        }
        // `--lint[=MODE]` takes its value attached only.
        if arg.get_num_args().is_some_and(|n| n.min_values() == 0) {
            continue;
        }
        if let Some(short) = arg.get_short() {
            spellings.push(format!("-{short}"));
        }
        for long in arg.get_long_and_visible_aliases().into_iter().flatten() {
            spellings.push(format!("--{long}"));
        }
    }
    spellings.join(" ")
}

/// `script` (clap's, for `shell`) with the completion of make-help's
/// words added.
pub(crate) fn with_words(shell: Shell, script: String, command: &Command) -> String {
    let sections = command
        .get_arguments()
        .any(|a| a.get_long() == Some("section"));
    let options = value_options(command);
    match shell {
        Shell::Bash => script + &bash(&options),
        Shell::Zsh => zsh(&script, sections),
        Shell::Fish => script + &fish(&options, sections),
        _ => script,
    }
}

fn bash(options: &str) -> String {
    BASH.replace("@OPTIONS@", options)
}

fn fish(options: &str, sections: bool) -> String {
    let mut out = FISH.replace("@OPTIONS@", options);
    if sections {
        out.push_str(FISH_SECTIONS);
    }
    out
}

fn zsh(script: &str, sections: bool) -> String {
    let mut out = String::with_capacity(script.len() + ZSH.len());
    for line in script.lines() {
        let line = if line.starts_with("'*::words") {
            line.replace(":_default'", ":_make_tools_help_words'")
        } else if sections && line.starts_with("'*--section=") {
            line.replace(":_default'", ":_make_tools_help_sections'")
        } else {
            line.to_string()
        };
        if line.starts_with("if [ \"$funcstack[1]\" = \"_make-help\" ]") {
            out.push_str(ZSH);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

const BASH: &str = r#"
# From make-tools: a TARGET word completes to what make-help shows (targets,
# variables, names made through pattern rules: make-targets --for=make-help),
# --section's value to the ##@ section titles; the rest as above, which also
# takes over when make-targets is not installed or cannot answer.
#
# The words of the line up to the cursor as make-help gets them: split at blanks
# outside quotes, quotes and backslashes removed, ~ expanded at the start of a
# word and after the = of NAME=~/...; the last one is the word at the cursor.
_make_tools_help_words() {
    local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}} word= quote= c k started=
    words=() cur_quoted=
    for ((k = 0; k < ${#line}; k++)); do
        c=${line:k:1}
        if [[ $quote == "'" ]]; then
            [[ $c == "'" ]] && quote= || word+=$c
        elif [[ $c == '\' ]]; then
            k=$((k + 1))
            word+=${line:k:1}
            started=1
        elif [[ $quote == '"' ]]; then
            [[ $c == '"' ]] && quote= || word+=$c
        elif [[ $c == [\"\'] ]]; then
            [[ $started ]] || cur_quoted=1
            quote=$c
            started=1
        elif [[ $c == [[:blank:]] ]]; then
            [[ $started ]] && words+=("$word")
            word= started= cur_quoted=
        elif [[ $c == '~' && ${line:k+1:1} == @(/|[[:blank:]]|) &&
            (! $started || ($word =~ ^[A-Za-z_][A-Za-z0-9_]*=$ && $started == plain)) ]]; then
            word+=$HOME
            started=1
        else
            word+=$c
            [[ $started ]] || started=plain
        fi
    done
    words+=("$word")
}

_make_tools_make_help() {
    local cur prev word i output status=127 cur_quoted
    local -a words args=() reply
    _make_tools_help_words
    cur=${words[${#words[@]} - 1]}
    unset 'words[${#words[@]}-1]'
    prev=${words[${#words[@]} - 1]}
    local takes_value=" @OPTIONS@ "
    if [[ $cur == -* || ($prev != --section && $takes_value == *" $prev "*) ]]; then
        _make__help "$@"
        return
    fi
    for ((i = 1; i < ${#words[@]}; i++)); do
        word=${words[i]}
        case $word in
            -C | --directory) args+=("--directory=${words[i + 1]}") && ((i++)) ;;
            -f | --file | --makefile) args+=("--file=${words[i + 1]}") && ((i++)) ;;
            -I | --include-dir) args+=("--include-dir=${words[i + 1]}") && ((i++)) ;;
            --directory=* | --file=* | --include-dir=*) args+=("$word") ;;
            --makefile=*) args+=("--file=${word#*=}") ;;
            -C?*) args+=("--directory=${word:2}") ;;
            -f?*) args+=("--file=${word:2}") ;;
            -I?*) args+=("--include-dir=${word:2}") ;;
            -*) ;;
            *=*) args+=("$word") ;;
        esac
    done
    [[ $prev == --section ]] && args+=(--sections --ignore-case)
    if command -v make-targets >/dev/null; then
        output=$(make-targets "${args[@]}" --for=make-help --format=lines --prefix="$cur" 2>/dev/null)
        status=$?
    fi
    if ((status > 1)); then
        _make__help "$@"
        return
    fi
    COMPREPLY=()
    [[ $output ]] && mapfile -t reply <<<"$output"
    for word in "${reply[@]}"; do
        # Section titles hold blanks: escaped, but in quotes, where readline
        # completes what follows the quote and no `:` or `=` starts a word.
        if [[ $cur_quoted ]]; then
            COMPREPLY+=("$word")
            continue
        fi
        [[ $prev == --section ]] && word=$(printf '%q' "$word")
        # The word bash completes starts after the last `:` or `=` of
        # COMP_WORDBREAKS.
        case $COMP_WORDBREAKS in
            *:*) [[ $cur == *:* ]] && word=${word#"${cur%"${cur##*:}"}"} ;;
        esac
        case $COMP_WORDBREAKS in
            *=*) [[ $cur == *=* ]] && word=${word#"${cur%"${cur##*=}"}"} ;;
        esac
        COMPREPLY+=("$word")
    done
    [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == */ ]] && compopt -o nospace 2>/dev/null
    return 0
}
complete -F _make_tools_make_help -o bashdefault -o default make-help
"#;

const ZSH: &str = r#"# From make-tools: a TARGET word completes to what make-help shows (targets,
# variables, names made through pattern rules: make-targets --for=make-help),
# --section's value to the ##@ section titles; file names when make-targets is
# not installed or cannot answer.
(( $+functions[_make_tools_help_args] )) ||
_make_tools_help_args() {
  local key value
  reply=()
  for key in -C --directory -f --file --makefile -I --include-dir; do
    [[ -n ${opt_args[$key]} ]] || continue
    for value in ${(s.:.)opt_args[$key]}; do
      value=${(Q)value}
      [[ $value == '~' || $value == '~/'* ]] && value=$HOME${value#\~}
      case $key in
        (-C|--directory) reply+=(--directory=$value) ;;
        (-f|--file|--makefile) reply+=(--file=$value) ;;
        (*) reply+=(--include-dir=$value) ;;
      esac
    done
  done
  reply+=(${(Q)${(M)line:#[^-=]##=*}})
}

(( $+functions[_make_tools_help_words] )) ||
_make_tools_help_words() {
  local -a reply lines targets names dirs vars values expl
  local output
  local -i ret=1 run_status=127 i next
  whence -p make-targets >/dev/null || { _default; return }
  _make_tools_help_args
  output=$(make-targets $reply --for=make-help --format=zsh --prefix=$PREFIX 2>/dev/null)
  run_status=$?
  (( run_status > 1 )) && { _default; return }
  lines=(${(f)output})
  i=${lines[(i):*]}
  targets=(${lines[1,i-1]})
  while (( i <= $#lines )); do
    next=$(( i + ${lines[i+1,-1][(i):*]} ))
    case ${lines[i]} in
      (:names) names=(${lines[i+1,next-1]}) ;;
      (:directories) dirs=(${lines[i+1,next-1]}) ;;
      (:variables) vars=(${lines[i+1,next-1]}) ;;
      (:values) values=(${lines[i+1,next-1]}) ;;
    esac
    i=next
  done
  (( $#targets )) && _describe -t targets 'target' targets && ret=0
  (( $#names )) && _wanted -V targets expl 'target' compadd -- $names && ret=0
  (( $#dirs )) && _wanted directories expl 'target directory' compadd -S '' -- $dirs && ret=0
  (( $#vars )) && _describe -t variables 'variable' vars && ret=0
  (( $#values )) && _wanted values expl 'value' compadd -- $values && ret=0
  return ret
}

(( $+functions[_make_tools_help_sections] )) ||
_make_tools_help_sections() {
  local -a reply sections expl
  whence -p make-targets >/dev/null || return 1
  _make_tools_help_args
  sections=(${(f)"$(make-targets $reply --sections --format=lines 2>/dev/null)"})
  _wanted sections expl 'section' compadd -- $sections
}

"#;

const FISH: &str = r#"
# From make-tools: a TARGET word completes to what make-help shows (targets,
# variables, names made through pattern rules: make-targets --for=make-help).
function __make_tools_help_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l expect
    for word in $tokens
        if test -n "$expect"
            echo $expect=$word
            set expect
            continue
        end
        switch $word
            case -C --directory
                set expect --directory
            case -f --file --makefile
                set expect --file
            case -I --include-dir
                set expect --include-dir
            case '--directory=*' '--file=*' '--include-dir=*'
                echo $word
            case '--makefile=*'
                echo --file=(string replace -r '^[^=]*=' '' -- $word)
            case '-C?*'
                echo --directory=(string sub -s 3 -- $word)
            case '-f?*'
                echo --file=(string sub -s 3 -- $word)
            case '-I?*'
                echo --include-dir=(string sub -s 3 -- $word)
            case '-*'
            case '*=*'
                echo $word
        end
    end
end

# The word at the cursor is a TARGET: no option, nor an option's value.
function __make_tools_help_word
    string match -q -- '-*' (commandline -ct); and return 1
    set -l previous (commandline -opc)[-1]
    not contains -- $previous @OPTIONS@
end

function __make_tools_help_words
    command -q make-targets; or return
    make-targets (__make_tools_help_args) --for=make-help --format=fish --ignore-case --loose --prefix=(commandline -ct) 2>/dev/null
end

complete -c make-help -n __make_tools_help_word -f -a '(__make_tools_help_words)'
"#;

const FISH_SECTIONS: &str = r"complete -c make-help -l section -x -a '(command -q make-targets; and make-targets (__make_tools_help_args) --sections --format=lines 2>/dev/null)'
";
