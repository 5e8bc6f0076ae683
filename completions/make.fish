# fish completion for GNU make, from make-tools.
#
# The targets come from `make-targets`, which reads the makefile the way GNU make
# does without running make, a recipe or a $(shell ...): TAB stays instant on big
# trees and never rebuilds anything. Each target shows its description, taken
# from its `#` comment.
#
#   make <TAB>             targets of the makefile here; obj/ stands for the file
#                          targets under obj/, names starting with . or _ show once
#                          the word does
#   make -C sub <TAB>      -C DIR, -f FILE, --file=FILE, -I DIR and VAR=value words
#                          already on the line are honoured, as make would
#   make MO<TAB>           MODE=, a variable the makefiles set
#   make MODE=<TAB>        the values the makefile compares MODE with (ifeq), else
#                          file names
#
# make-targets is given the whole word, letters whatever their case, and fish
# matches what it answers; when nothing starts with the word, the directory part
# only, for fish's substring and fuzzy matching. When make-targets is not
# installed or cannot answer (too old, broken), fish's own make completion takes
# over.
#
# Install: make-targets --make-completion fish > ~/.config/fish/completions/make.fish
# (it then replaces fish's own make completion, which runs `make -pRrq` on every
# TAB).

# The make-targets option for make's option LETTER (C, f or I) given VALUE.
function __make_tools_make_option --argument-names letter value
    set value (string replace -r '^~(?=/|$)' -- $HOME $value)
    switch $letter
        case C
            echo --directory=$value
        case f
            echo --file=$value
        case I
            echo --include-dir=$value
    end
end

# The make-targets arguments for what is on the line: -C, -f and -I options and
# VAR=value words, one a line.
function __make_tools_make_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    # What the next word is: the argument of the option just seen.
    set -l expect
    for word in $tokens
        if test -n "$expect"
            if contains -- $expect j l; and not string match -qr '^[0-9.]+$' -- $word
                set expect # -j and -l take a number only when one follows
            else
                __make_tools_make_option $expect $word
                set expect
                continue
            end
        end
        switch $word
            case '--directory=*'
                __make_tools_make_option C (string replace -r '^[^=]*=' '' -- $word)
            case '--file=*' '--makefile=*'
                __make_tools_make_option f (string replace -r '^[^=]*=' '' -- $word)
            case '--include-dir=*'
                __make_tools_make_option I (string replace -r '^[^=]*=' '' -- $word)
            case --directory
                set expect C
            case --file --makefile
                set expect f
            case --include-dir
                set expect I
            case --old-file --assume-old --what-if --new-file --assume-new --eval
                set expect o
            case --jobs --load-average --max-load
                set expect j
            case '--*'
            case '-?*'
                # A cluster of short options (-sC dir, -kfother.mk): the first one that
                # takes an argument takes the rest of the word, or the next word.
                set -l letters (string split '' -- (string sub -s 2 -- $word))
                set -l n (count $letters)
                for k in (seq $n)
                    set -l c $letters[$k]
                    if contains -- $c C f I o W E j l O
                        if test $k -lt $n
                            __make_tools_make_option $c (string join '' -- $letters[(math $k + 1)..$n])
                        else if test $c != O
                            set expect $c
                        end
                        break
                    end
                end
            case '*=*'
                # VAR=value: make reads every such word as an assignment.
                echo $word
        end
    end
end

# The directory make reads relative names in: that of the -C options on the line
# (each relative to the one before), empty without one.
function __make_tools_make_dir
    set -l dir
    for arg in (__make_tools_make_args)
        switch $arg
            case '--directory=/*'
                set dir (string replace -- --directory= '' $arg)
            case '--directory=*'
                set dir (string join / -- $dir (string replace -- --directory= '' $arg))
        end
    end
    echo $dir
end

# File names (KIND f) or directories (d) completing TOKEN, where make looks for them.
function __make_tools_make_paths --argument-names kind token
    set -l dir (__make_tools_make_dir)
    set token (string replace -r -- '^--[^=]*=' '' $token) # --file=VALUE
    set -l complete __fish_complete_path
    test $kind = d; and set complete __fish_complete_directories
    # ~/... is looked up in $HOME and shown as typed; /... as it is.
    set -l shown ''
    if string match -q -r -- '^~(/|$)' $token
        set dir $HOME
        set shown '~/'
        set token (string replace -r -- '^~/?' '' $token)
    else if string match -q -- '/*' $token
        set dir
    end
    if test -z "$dir"
        $complete $token
    else
        $complete $dir/$token | string replace -- $dir/ $shown
    end
end

# fish's own make completion, for when make-targets cannot answer: the functions
# of the completions/make.fish fish ships, loaded once without its `complete` lines.
function __make_tools_make_fallback
    if not functions -q __fish_complete_make_targets
        set -l stock $__fish_data_dir/completions/make.fish
        test -r $stock; and string match -rv '^\s*complete\b' <$stock | source
    end
    if functions -q __fish_complete_make_targets
        __fish_complete_make_targets (commandline -p)
    end
end

# Runs make-targets for the line with the given query options; its status is 2 or
# more when it cannot answer (127: not installed).
function __make_tools_make_query
    command -q make-targets; or return 127
    make-targets (__make_tools_make_args) --format=fish $argv 2>/dev/null
end

# Targets completing the word at the cursor, as `name<TAB>description` lines, and
# NAME= variables; when nothing starts with the word, what completes its directory
# part, for fish's substring and fuzzy matching (--loose); for NAME=..., its values,
# else file names; file names for a word that looks like a path and names no target.
function __make_tools_make_complete
    set -l word (commandline -ct)
    if string match -q -r -- '=|/|^~' $word
        # Values, else file names: the list is needed before printing it.
        set -l found (__make_tools_make_query --ignore-case --loose --prefix="$word")
        if test $status -gt 1
            __make_tools_make_fallback
        else if test (count $found) -gt 0
            printf '%s\n' $found
        else if string match -q -- '*=*' $word
            set -l name (string replace -r '=.*' '' -- $word)
            for path in (__fish_complete_path (string replace -r '^[^=]*=' '' -- $word))
                echo $name=$path
            end
        else
            __fish_complete_path $word
        end
        return
    end
    # Straight to fish, not through a variable: 50,000 lines took fish 0.35 s to
    # capture and print again.
    __make_tools_make_query --ignore-case --loose --prefix="$word"
    test $status -gt 1; and __make_tools_make_fallback
end

complete -c make -e
complete -c make -f -a '(__make_tools_make_complete)'

complete -c make -s C -l directory -x -a '(__make_tools_make_paths d (commandline -ct))' -d 'Change to DIRECTORY first'
complete -c make -s f -l file -l makefile -x -a '(__make_tools_make_paths f (commandline -ct))' -d 'Read FILE as a makefile'
complete -c make -s I -l include-dir -x -a '(__make_tools_make_paths d (commandline -ct))' -d 'Search DIRECTORY for included makefiles'
complete -c make -s o -l old-file -l assume-old -x -a '(__make_tools_make_paths f (commandline -ct))' -d 'Consider FILE very old, do not remake it'
complete -c make -s W -l what-if -l new-file -l assume-new -x -a '(__make_tools_make_paths f (commandline -ct))' -d 'Consider FILE infinitely new'
complete -c make -s E -l eval -x -d 'Evaluate STRING as a makefile statement'
complete -c make -s j -l jobs -f -d 'Allow N jobs at once'
complete -c make -s l -l load-average -l max-load -f -d 'No new jobs unless load is below N'
complete -c make -s O -l output-sync -f -a 'none line target recurse' -d 'Synchronize output of parallel jobs'
complete -c make -s B -l always-make -d 'Make all targets unconditionally'
complete -c make -s d -d 'Print lots of debugging information'
complete -c make -l debug -f -a 'a b v i j m n' -d 'Print debugging information'
complete -c make -s e -l environment-overrides -d 'Environment overrides makefiles'
complete -c make -s i -l ignore-errors -d 'Ignore errors from recipes'
complete -c make -s k -l keep-going -d 'Keep going when some targets fail'
complete -c make -s L -l check-symlink-times -d 'Use the latest mtime of symlink and target'
complete -c make -s n -l just-print -l dry-run -l recon -d 'Print recipes, run none'
complete -c make -s p -l print-data-base -d "Print make's internal database"
complete -c make -s q -l question -d 'Run nothing; exit status says if up to date'
complete -c make -s r -l no-builtin-rules -d 'Disable the built-in implicit rules'
complete -c make -s R -l no-builtin-variables -d 'Disable the built-in variables'
complete -c make -s s -l silent -l quiet -d 'Do not echo recipes'
complete -c make -l no-silent -d 'Echo recipes'
complete -c make -s S -l no-keep-going -l stop -d 'Turn off -k'
complete -c make -s t -l touch -d 'Touch targets instead of remaking them'
complete -c make -l trace -d 'Print tracing information'
complete -c make -s v -l version -d 'Print the version of make'
complete -c make -s w -l print-directory -d 'Print the current directory'
complete -c make -l no-print-directory -d 'Turn off -w'
complete -c make -l warn-undefined-variables -d 'Warn when an undefined variable is used'
complete -c make -s h -l help -d 'Print help'
