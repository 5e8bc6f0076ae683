# bash completion for GNU make, from make-tools                   -*- shell-script -*-
#
# The targets come from `make-targets`, which reads the makefile the way GNU make
# does without running make, a recipe or a $(shell ...): TAB stays instant on big
# trees and never rebuilds anything.
#
#   make <TAB>             targets of the makefile here; obj/ stands for the file
#                          targets under obj/, names starting with . or _ show once
#                          the word does
#   make -C sub <TAB>      -C DIR, -f FILE, --file=FILE, -I DIR and VAR=value words
#                          already on the line are honoured, as make would
#   make docker:<TAB>      targets holding a colon, whatever COMP_WORDBREAKS says
#   make -f <TAB>          file names (directories after -C and -I); a word that
#                          looks like a path and names no target completes as one
#   make MO<TAB>           MODE=, a variable the makefiles set
#   make MODE=<TAB>        the values the makefile compares MODE with (ifeq), else
#                          file names
#
# Listing the candidates (the second TAB) shows each target's description,
# `name  (description)`, while TAB inserts the bare name; set
# MAKE_TOOLS_BASH_NO_DESCRIPTIONS=1 for names only. When make-targets is not
# installed or cannot answer (too old, broken), bash-completion's own make
# completion takes over, or file names without it.
#
# Load it from ~/.bashrc: `source <(make-targets --make-completion bash)`, or save
# that output as ~/.local/share/bash-completion/completions/make. The
# bash-completion package is used when it is loaded (to split the line into words)
# and not needed otherwise.

# GNU make's long options; a trailing = takes a value.
_make_tools_long_options='--always-make --directory= --debug --environment-overrides
 --eval= --file= --makefile= --help --ignore-errors --include-dir= --jobs
 --keep-going --load-average --max-load --check-symlink-times --just-print --dry-run
 --recon --old-file= --assume-old= --output-sync --print-data-base --question
 --no-builtin-rules --no-builtin-variables --silent --quiet --no-silent --no-keep-going
 --stop --touch --trace --version --print-directory --no-print-directory --what-if=
 --new-file= --assume-new= --warn-undefined-variables'

# Without bash-completion: the words of the line up to the cursor, split at blanks
# outside quotes only (so `docker:build` and `--file=x` stay one word, as make sees
# them), quotes kept.
_make_tools_split_line() {
    local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}} word= quote= c k
    words=()
    for ((k = 0; k < ${#line}; k++)); do
        c=${line:k:1}
        if [[ $c == '\' && $quote != "'" ]]; then
            # A backslash keeps the next character in the word, quotes included.
            word+=$c${line:k+1:1}
            k=$((k + 1))
        elif [[ $quote ]]; then
            [[ $c == "$quote" ]] && quote=
            word+=$c
        elif [[ $c == [[:blank:]] ]]; then
            [[ $word ]] && words+=("$word")
            word=
        else
            [[ $c == [\"\'] ]] && quote=$c
            word+=$c
        fi
    done
    words+=("$word")
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}
}

# A word as the shell passes it on: quotes and backslashes removed, and with a
# second argument, a leading ~ expanded. Sets REPLY.
_make_tools_unquote() {
    local word=$1 out= quote= c k
    for ((k = 0; k < ${#word}; k++)); do
        c=${word:k:1}
        if [[ $quote == "'" ]]; then
            [[ $c == "'" ]] && quote= || out+=$c
        elif [[ $c == '\' ]]; then
            ((k++))
            out+=${word:k:1}
        elif [[ $quote == '"' ]]; then
            [[ $c == '"' ]] && quote= || out+=$c
        elif [[ $c == "'" || $c == '"' ]]; then
            quote=$c
        else
            out+=$c
        fi
    done
    if [[ ${2-} && ($word == '~' || $word == '~/'*) ]]; then
        out=$HOME${out:1}
    fi
    REPLY=$out
}

# Adds to COMPREPLY the file names (kind f) or directories (kind d) completing
# the value part of WORD, each prefixed with LEAD (such as `--file=`).
# Relative names are looked up where make would: in the directory of the -C
# options already in `args` (each relative to the one before).
_make_tools_files() {
    local kind=$1 lead=$2 name REPLY dir=. arg
    for arg in "${args[@]}"; do
        case $arg in
            --directory=/*) dir=${arg#*=} ;;
            --directory=*) dir+=/${arg#*=} ;;
        esac
    done
    _make_tools_unquote "$3"
    compopt -o filenames 2>/dev/null
    while IFS= read -r name; do
        COMPREPLY+=("$lead$name")
    done < <(builtin cd -- "$dir" 2>/dev/null && compgen "-$kind" -- "$REPLY")
}

# The make completion bash had without this file: bash-completion's, loaded once
# from the first completions/make of its directories that is not this file (and
# this file registered again for make), else file names. Sets COMPREPLY.
_make_tools_fallback() {
    if [[ -z ${_make_tools_stock-} ]]; then
        _make_tools_stock=none
        local dir file spec
        local -a files=("${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion}/completions/make")
        local -a dirs
        IFS=: read -ra dirs <<<"${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
        for dir in "${dirs[@]}"; do
            files+=("$dir/bash-completion/completions/make")
        done
        # Its functions need bash-completion's.
        declare -F _get_comp_words_by_ref >/dev/null || files=()
        for file in "${files[@]}"; do
            [[ -r $file && $(<"$file") != *_make_tools_make* ]] || continue
            # shellcheck disable=SC1090
            source "$file" 2>/dev/null
            spec=$(complete -p make 2>/dev/null)
            [[ $spec =~ -F\ ([^ ]+) && ${BASH_REMATCH[1]} != _make_tools_make ]] &&
                _make_tools_stock=${BASH_REMATCH[1]}
            complete -F _make_tools_make make gmake gnumake
            break
        done
    fi
    if [[ ${_make_tools_stock:-none} != none ]]; then
        "$_make_tools_stock" "$@"
    else
        COMPREPLY=()
        _make_tools_files f "" "$cur"
    fi
}

_make_tools_make() {
    local cur cword REPLY
    local -a words=()
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        _make_tools_split_line
    fi
    COMPREPLY=()

    # bash starts the word it completes after the last `:` or `=` when
    # COMP_WORDBREAKS holds them; the replies below complete the whole word, and
    # lose this lead at the end.
    local lead=
    case $COMP_WORDBREAKS in
        *:*=* | *=*:*) lead=${cur%"${cur##*[:=]}"} ;;
        *:*) lead=${cur%"${cur##*:}"} ;;
        *=*) lead=${cur%"${cur##*=}"} ;;
    esac

    # What make would read: -C, -f and -I options and VAR=value words already typed.
    # `expect` is what the word after the one at hand is: the argument of an option.
    local -a args=()
    local expect= word i k c operands=
    for ((i = 1; i <= cword; i++)); do
        word=${words[i]}
        if [[ $expect ]]; then
            if [[ $expect == [jl] && ! $word =~ ^[0-9.]+$ ]]; then
                expect= # -j and -l take a number only when one follows
            elif ((i == cword)); then
                break
            else
                _make_tools_unquote "$word" tilde
                case $expect in
                    C) args+=("--directory=$REPLY") ;;
                    f) args+=("--file=$REPLY") ;;
                    I) args+=("--include-dir=$REPLY") ;;
                esac
                expect=
                continue
            fi
        fi
        ((i == cword)) && break
        # After `--`, make reads no option: every word is a goal or VAR=value.
        [[ $operands && $word == -* ]] && continue
        case $word in
            --directory=* | --file=* | --makefile=* | --include-dir=*)
                _make_tools_unquote "${word#*=}" tilde
                case ${word%%=*} in
                    --directory) args+=("--directory=$REPLY") ;;
                    --include-dir) args+=("--include-dir=$REPLY") ;;
                    *) args+=("--file=$REPLY") ;;
                esac
                ;;
            --directory) expect=C ;;
            --file | --makefile) expect=f ;;
            --include-dir) expect=I ;;
            --old-file | --assume-old | --what-if | --new-file | --assume-new) expect=o ;;
            --eval) expect=E ;;
            --jobs | --load-average | --max-load) expect=j ;;
            --) operands=1 ;;
            --*) ;;
            -?*)
                # A cluster of short options (`-sC dir`, `-kfother.mk`): the first one
                # that takes an argument takes the rest of the word, or the next word.
                for ((k = 1; k < ${#word}; k++)); do
                    c=${word:k:1}
                    case $c in
                        [CfIoWE])
                            if ((k + 1 < ${#word})); then
                                _make_tools_unquote "${word:k+1}" tilde
                                case $c in
                                    C) args+=("--directory=$REPLY") ;;
                                    f) args+=("--file=$REPLY") ;;
                                    I) args+=("--include-dir=$REPLY") ;;
                                esac
                            else
                                expect=$c
                            fi
                            break
                            ;;
                        [jl])
                            ((k + 1 < ${#word})) || expect=$c
                            break
                            ;;
                        O)
                            break # -O takes its argument attached, if any
                            ;;
                    esac
                done
                ;;
            *=*)
                # VAR=value: make reads every such word as an assignment.
                _make_tools_unquote "$word"
                args+=("$REPLY")
                ;;
        esac
    done

    case $expect in
        C | I)
            _make_tools_files d "" "$cur"
            ;;
        f | o | W)
            _make_tools_files f "" "$cur"
            ;;
        E | j | l)
            ;;
        *)
            # After `--`, a word starting with `-` is a goal too.
            local shape=$cur
            [[ $operands ]] && shape=goal
            case $shape in
                --directory=* | --include-dir=*)
                    _make_tools_files d "${cur%%=*}=" "${cur#*=}"
                    ;;
                --file=* | --makefile=* | --old-file=* | --assume-old=* | --what-if=* | \
                    --new-file=* | --assume-new=*)
                    _make_tools_files f "${cur%%=*}=" "${cur#*=}"
                    ;;
                -*)
                    mapfile -t COMPREPLY < <(compgen -W "$_make_tools_long_options" -- "$cur")
                    [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] &&
                        compopt -o nospace 2>/dev/null
                    ;;
                *)
                    # Names for TAB and menu completion; `name  (description)` lines
                    # when bash lists them (COMP_TYPE ? ! @), bare when one is left.
                    local format=lines output status=127
                    if [[ -z ${MAKE_TOOLS_BASH_NO_DESCRIPTIONS-} && $cur != *=* ]] &&
                        [[ ${COMP_TYPE-} == 63 || ${COMP_TYPE-} == 33 || ${COMP_TYPE-} == 64 ]]; then
                        format="bash --width=$((${COLUMNS:-80} + ${#lead}))"
                    fi
                    # The word as make gets it: `'docker:b` and `a\ b` ask for
                    # docker:b and `a b`. In quotes, readline completes what follows
                    # the quote, where no `:` or `=` starts a new word.
                    local REPLY quoted=
                    [[ $cur == [\"\']* ]] && quoted=1 lead=
                    _make_tools_unquote "$cur"
                    if command -v make-targets >/dev/null; then
                        # shellcheck disable=SC2086
                        output=$(make-targets "${args[@]}" --format=$format --prefix="$REPLY" \
                            2>/dev/null)
                        status=$?
                    fi
                    if ((status > 1)); then
                        # Not installed, too old for these options, or broken.
                        _make_tools_fallback "$@"
                        return 0
                    fi
                    [[ $output ]] && mapfile -t COMPREPLY <<<"$output"
                    # Outside quotes a name holding a blank, `$`, a quote... is
                    # inserted escaped, as the shell must read it back. Up to 1,000
                    # names: a look at each costs bash 0.19 s for 50,000, and so
                    # many only list (bash asks first) or insert their common start.
                    if [[ ! $quoted && $format == lines ]] && ((${#COMPREPLY[@]} <= 1000)); then
                        for i in "${!COMPREPLY[@]}"; do
                            [[ ${COMPREPLY[i]} == *[^-A-Za-z0-9_./:=+,@%^]* ]] &&
                                printf -v 'COMPREPLY[i]' '%q' "${COMPREPLY[i]}"
                        done
                    fi
                    if ((${#COMPREPLY[@]} == 0)) && [[ $cur == *=* ]]; then
                        _make_tools_files f "${cur%%=*}=" "${cur#*=}"
                    elif ((${#COMPREPLY[@]} == 0)) && [[ $cur == */* || $cur == '~'* ]]; then
                        _make_tools_files f "" "$cur"
                    elif [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *[/=] ]]; then
                        compopt -o nospace 2>/dev/null
                    fi
                    ;;
            esac
            ;;
    esac

    if [[ $lead ]]; then
        COMPREPLY=("${COMPREPLY[@]#"$lead"}")
    fi
    return 0
}

complete -F _make_tools_make make gmake gnumake
