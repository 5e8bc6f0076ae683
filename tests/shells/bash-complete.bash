# Usage: bash --norc --noprofile bash-complete.bash SETUP LINE
#
# What bash's programmable completion offers for LINE (the cursor at its end):
# runs SETUP (e.g. `source completions/make.bash`), splits LINE into COMP_WORDS
# the way readline does (at blanks, and around runs of COMP_WORDBREAKS
# characters such as `:` and `=`, outside quotes and backslash escapes), sets
# COMP_LINE, COMP_POINT and COMP_CWORD, calls the function `complete -p` names
# for the command, and prints `function:NAME`, then COMPREPLY, one reply a line.
# COMP_TYPE is 9 (TAB) unless SETUP sets it (63: listing, 37: menu-complete).
setup=$1
line=$2
eval "$setup"

COMP_LINE=$line
COMP_POINT=${#line}
COMP_WORDS=()
word=
class=
quote=
for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [[ $quote ]]; then
        # Inside quotes nothing splits.
        [[ $c == "$quote" ]] && quote=
        word+=$c
        continue
    fi
    if [[ $c == '\' ]]; then
        next=word
    elif [[ $c == [\"\'] ]]; then
        next=word
        quote=$c
    elif [[ $c == [[:blank:]] ]]; then
        next=blank
    elif [[ $COMP_WORDBREAKS == *"$c"* ]]; then
        next=break
    else
        next=word
    fi
    if [[ $next != "$class" || $next == blank ]] && [[ -n $word ]]; then
        COMP_WORDS+=("$word")
        word=
    fi
    if [[ $c == '\' ]]; then
        c+=${line:i+1:1}
        i=$((i + 1))
    fi
    [[ $next != blank ]] && word+=$c
    class=$next
done
COMP_WORDS+=("$word")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
: "${COMP_TYPE:=9}"
COMP_KEY=9

spec=$(complete -p "${COMP_WORDS[0]}" 2>/dev/null) || {
    echo "no completion for ${COMP_WORDS[0]}" >&2
    exit 3
}
[[ $spec =~ -F\ ([^ ]+) ]] || exit 3
function=${BASH_REMATCH[1]}
echo "function:$function"
COMPREPLY=()
"$function" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}"
exit 0
