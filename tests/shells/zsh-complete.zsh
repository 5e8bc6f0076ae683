#!/usr/bin/env zsh
# Usage: zsh -f zsh-complete.zsh DIR LINE [SETUP]
#
# What zsh's completion offers for LINE, run for real: an interactive zsh in a
# pseudo-terminal (zsh/zpty) with compinit and DIR first in $fpath, LINE typed and
# TAB pressed. Prints one line per candidate zsh would insert, `match:WORD`, and,
# for candidates added with a display string (as _describe adds them, with their
# description), `display:TEXT` with blanks squeezed; then `done`.
# SETUP is run in the interactive zsh before LINE (e.g. `source FILE`).
emulate -L zsh
zmodload zsh/zpty || exit 2
local dir=$1 line=$2 setup=${3:-}

zpty completer zsh -f -i
zpty -w completer 'PS1= RPS1= PS2=; unsetopt beep zle_bracketed_paste'
zpty -w completer "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
# Every word zsh adds (after its own matching) and every display string, marked.
zpty -w completer 'compadd() {
  if (( ${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi
  local -a __hits; local __i
  builtin compadd -O __hits "$@"
  for __i in $__hits; print -r -- "<<""match:$__i>>"
  for (( __i = 1; __i < $#; __i++ )); do
    if [[ ${@[__i]} == -d ]]; then
      for __d in ${(P)@[__i+1]}; print -r -- "<<""display:${(j: :)${(z)__d}}>>"
    fi
  done
  builtin compadd "$@"
}'
zpty -w completer 'zle -C __complete complete-word _main_complete
__complete_then_done() { zle __complete; print -r -- "<<""done>>"; }
zle -N __complete_then_done; bindkey "^I" __complete_then_done'
[[ -n $setup ]] && zpty -w completer "$setup"
zpty -w -n completer "$line"$'\t'

local out chunk
while zpty -r completer chunk; do
  out+=$chunk
  [[ $out == *'<<done>>'* ]] && break
done
zpty -d completer
print -r -- ${out//$'\r'/} | grep -o '<<\(match\|display\):[^>]*>>' | sed 's/^<<//; s/>>$//'
print done
