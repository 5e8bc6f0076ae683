_make__help() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="make__help"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        make__help)
            opts="-f -C -I -a -v -h -V --makefile --file --directory --include-dir --explain --all --unsorted --verbose --section --deps --no-deps --width --json --format --inject --check --lint --allow --color --choose --choose-widget --completions --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --makefile)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --directory)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                -C)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --include-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                -I)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --section)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "text json markdown html make" -- "${cur}"))
                    return 0
                    ;;
                --inject)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --lint)
                    COMPREPLY=($(compgen -W "error warn" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --choose-widget)
                    COMPREPLY=($(compgen -W "bash zsh fish" -- "${cur}"))
                    return 0
                    ;;
                --completions)
                    COMPREPLY=($(compgen -W "bash elvish fish powershell zsh" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _make__help -o nosort -o bashdefault -o default make-help
else
    complete -F _make__help -o bashdefault -o default make-help
fi

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
    local takes_value=" -f --file --makefile -C --directory -I --include-dir --section --width --format --inject --allow --color --choose-widget --completions "
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
