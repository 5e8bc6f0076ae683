
use builtin;
use str;

set edit:completion:arg-completer[make-targets] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'make-targets'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'make-targets'= {
            cand -f 'Read FILE as the makefile (repeatable), like `make -f`'
            cand --file 'Read FILE as the makefile (repeatable), like `make -f`'
            cand --makefile 'Read FILE as the makefile (repeatable), like `make -f`'
            cand -C 'Change to DIR before reading the makefiles, like `make -C`'
            cand --directory 'Change to DIR before reading the makefiles, like `make -C`'
            cand -I 'Search DIR for included makefiles, like `make -I`'
            cand --include-dir 'Search DIR for included makefiles, like `make -I`'
            cand --format 'How to print the list'
            cand --prefix 'The word being completed: list what completes it as a shell offers it (`obj/` for the files under obj/, names starting with `.` or `_` only when WORD does, `NAME=` for the variables the makefiles set, `NAME=value` for the values a `NAME=` word may take); without it, every target'
            cand --for 'Whose arguments to list: make''s (targets, `NAME=`), or make-help''s (targets, variables by name, names made through pattern rules)'
            cand --width 'The terminal''s width, to pad and cut `--format=bash` lines to'
            cand --make-completion 'Print the completion script of make (and gmake) for SHELL: it runs make-targets on each TAB'
            cand --completions 'Print the completion script of make-targets itself for SHELL'
            cand --explain 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated'
            cand -v 'Show warnings (missing includes, include cycles...) on stderr'
            cand --warnings 'Show warnings (missing includes, include cycles...) on stderr'
            cand --ignore-case 'Letters of --prefix match whatever their case (the shell narrows the list down itself)'
            cand --sections 'List the `##@` section titles instead (for make-help --section)'
            cand --loose 'When nothing completes --prefix, list what completes its directory part instead (with a leading `.` or `_` of the last component), for a shell that then matches substrings and fuzzy itself'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
