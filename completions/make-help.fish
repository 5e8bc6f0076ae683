complete -c make-help -s f -l file -l makefile -d 'Read FILE as the makefile (repeatable), like `make -f`' -r -F
complete -c make-help -s C -l directory -d 'Change to DIR before reading the makefiles, like `make -C`' -r -f -a "(__fish_complete_directories)"
complete -c make-help -s I -l include-dir -d 'Search DIR for included makefiles, like `make -I`' -r -f -a "(__fish_complete_directories)"
complete -c make-help -l section -d 'List only the targets of the `##@` section NAME (repeatable)' -r
complete -c make-help -l width -d 'Wrap descriptions to N columns (default: the terminal\'s width, and no wrapping when stdout is not a terminal; 0: never wrap)' -r
complete -c make-help -l format -d 'What to print: the listing (text), JSON, a Markdown or HTML document, or a help.mk that prints the help with make alone (make)' -r -f -a "text\t'The listing (the default)'
json\t'The targets, their docs and the files read, as JSON'
markdown\t'A Markdown document: a table per section'
html\t'A standalone HTML page'
make\t'A help.mk printing the help with make alone'"
complete -c make-help -l inject -d 'Put the Markdown listing into FILE, between the lines `<!-- make-help:start -->` and `<!-- make-help:end -->`' -r -F
complete -c make-help -l lint -d 'Check the makefiles for mistakes make does not report; exit 1 on findings (`--lint=warn`: exit 0)' -r -f -a "error\t'Findings make the exit code 1'
warn\t'Findings are reported; the exit code stays 0'"
complete -c make-help -l allow -d 'With --lint: do not run the check NAME (repeatable)' -r
complete -c make-help -l color -d 'When to use colors' -r -f -a "auto\t'Colors when stdout is a terminal and the environment allows them'
always\t'Always'
never\t'Never'"
complete -c make-help -l choose-widget -d 'Print a key binding (Alt-m) for SHELL that puts `make NAME...` on the command line, the names picked with --choose' -r -f -a "bash\t'bash (`bind -x`)'
zsh\t'zsh (a zle widget)'
fish\t'fish'"
complete -c make-help -l completions -d 'Print the completion script of make-help itself for SHELL' -r -f -a "bash\t''
elvish\t''
fish\t''
powershell\t''
zsh\t''"
complete -c make-help -l explain -d 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated'
complete -c make-help -s a -l all -d 'List every target: undocumented ones (dimmed) and hidden ones (_name, .name)'
complete -c make-help -l unsorted -d 'Keep the makefile\'s order instead of sorting by name'
complete -c make-help -s v -l verbose -d 'Show each listed target with its whole description and every prerequisite'
complete -c make-help -l deps -d 'Show every prerequisite (by default, as many as fit on a line)'
complete -c make-help -l no-deps -d 'Show no prerequisites'
complete -c make-help -l json -d 'Print the targets, their docs and the files read as JSON (as `--format=json`); with `--lint`, the findings as JSON'
complete -c make-help -l check -d 'With --inject: write nothing; exit 1 and show the difference when FILE is not up to date (for CI)'
complete -c make-help -l choose -d 'Pick targets in a chooser ($MAKE_HELP_CHOOSER, else fzf with each target\'s detail as preview) and print the names chosen; runs no make'
complete -c make-help -s h -l help -d 'Print help (see more with \'--help\')'
complete -c make-help -s V -l version -d 'Print version'

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
    not contains -- $previous -f --file --makefile -C --directory -I --include-dir --section --width --format --inject --allow --color --choose-widget --completions
end

function __make_tools_help_words
    command -q make-targets; or return
    make-targets (__make_tools_help_args) --for=make-help --format=fish --ignore-case --loose --prefix=(commandline -ct) 2>/dev/null
end

complete -c make-help -n __make_tools_help_word -f -a '(__make_tools_help_words)'
complete -c make-help -l section -x -a '(command -q make-targets; and make-targets (__make_tools_help_args) --sections --format=lines 2>/dev/null)'
