complete -c make-targets -s f -l file -l makefile -d 'Read FILE as the makefile (repeatable), like `make -f`' -r -F
complete -c make-targets -s C -l directory -d 'Change to DIR before reading the makefiles, like `make -C`' -r -f -a "(__fish_complete_directories)"
complete -c make-targets -s I -l include-dir -d 'Search DIR for included makefiles, like `make -I`' -r -f -a "(__fish_complete_directories)"
complete -c make-targets -l format -d 'How to print the list' -r -f -a "words\t'One line, names separated by spaces (for `complete -W`)'
lines\t'One name a line'
zsh\t'`name:description` lines for zsh\'s `_describe` (`:` and `\\` in names escaped)'
fish\t'`name<TAB>description` lines, as fish completions print them'
bash\t'One name a line, or `name  (description)` lines padded to `--width` when more than one shows (bash\'s listing)'
json\t'A JSON array of `{name, summary, kind, file, line}` objects, for editors'
tsv\t'`name<TAB>summary<TAB>kind<TAB>file<TAB>line` lines, for editors'"
complete -c make-targets -l prefix -d 'The word being completed: list what completes it as a shell offers it (`obj/` for the files under obj/, names starting with `.` or `_` only when WORD does, `NAME=` for the variables the makefiles set, `NAME=value` for the values a `NAME=` word may take); without it, every target' -r
complete -c make-targets -l for -d 'Whose arguments to list: make\'s (targets, `NAME=`), or make-help\'s (targets, variables by name, names made through pattern rules)' -r -f -a "make\t'make: targets, `NAME=` and `NAME=value`'
make-help\t'make-help: targets, variables by name, names made through pattern rules'"
complete -c make-targets -l width -d 'The terminal\'s width, to pad and cut `--format=bash` lines to' -r
complete -c make-targets -l make-completion -d 'Print the completion script of make (and gmake) for SHELL: it runs make-targets on each TAB' -r -f -a "bash\t'bash, with or without the bash-completion package'
zsh\t'zsh (an `_make` for `$fpath`, or sourced after compinit)'
fish\t'fish'
nushell\t'nushell (an external completer)'
powershell\t'PowerShell'"
complete -c make-targets -l completions -d 'Print the completion script of make-targets itself for SHELL' -r -f -a "bash\t''
elvish\t''
fish\t''
powershell\t''
zsh\t''"
complete -c make-targets -l explain -d 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated'
complete -c make-targets -s v -l warnings -d 'Show warnings (missing includes, include cycles...) on stderr'
complete -c make-targets -l ignore-case -d 'Letters of --prefix match whatever their case (the shell narrows the list down itself)'
complete -c make-targets -l sections -d 'List the `##@` section titles instead (for make-help --section)'
complete -c make-targets -l loose -d 'When nothing completes --prefix, list what completes its directory part instead (with a leading `.` or `_` of the last component), for a shell that then matches substrings and fuzzy itself'
complete -c make-targets -s h -l help -d 'Print help (see more with \'--help\')'
complete -c make-targets -s V -l version -d 'Print version'
