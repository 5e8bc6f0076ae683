
use builtin;
use str;

set edit:completion:arg-completer[make-help] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'make-help'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'make-help'= {
            cand -f 'Read FILE as the makefile (repeatable), like `make -f`'
            cand --file 'Read FILE as the makefile (repeatable), like `make -f`'
            cand --makefile 'Read FILE as the makefile (repeatable), like `make -f`'
            cand -C 'Change to DIR before reading the makefiles, like `make -C`'
            cand --directory 'Change to DIR before reading the makefiles, like `make -C`'
            cand -I 'Search DIR for included makefiles, like `make -I`'
            cand --include-dir 'Search DIR for included makefiles, like `make -I`'
            cand --section 'List only the targets of the `##@` section NAME (repeatable)'
            cand --width 'Wrap descriptions to N columns (default: the terminal''s width, and no wrapping when stdout is not a terminal; 0: never wrap)'
            cand --format 'What to print: the listing (text), JSON, a Markdown or HTML document, or a help.mk that prints the help with make alone (make)'
            cand --inject 'Put the Markdown listing into FILE, between the lines `<!-- make-help:start -->` and `<!-- make-help:end -->`'
            cand --lint 'Check the makefiles for mistakes make does not report; exit 1 on findings (`--lint=warn`: exit 0)'
            cand --allow 'With --lint: do not run the check NAME (repeatable)'
            cand --color 'When to use colors'
            cand --choose-widget 'Print a key binding (Alt-m) for SHELL that puts `make NAME...` on the command line, the names picked with --choose'
            cand --completions 'Print the completion script of make-help itself for SHELL'
            cand --explain 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated'
            cand -a 'List every target: undocumented ones (dimmed) and hidden ones (_name, .name)'
            cand --all 'List every target: undocumented ones (dimmed) and hidden ones (_name, .name)'
            cand --unsorted 'Keep the makefile''s order instead of sorting by name'
            cand -v 'Show each listed target with its whole description and every prerequisite'
            cand --verbose 'Show each listed target with its whole description and every prerequisite'
            cand --deps 'Show every prerequisite (by default, as many as fit on a line)'
            cand --no-deps 'Show no prerequisites'
            cand --json 'Print the targets, their docs and the files read as JSON (as `--format=json`); with `--lint`, the findings as JSON'
            cand --check 'With --inject: write nothing; exit 1 and show the difference when FILE is not up to date (for CI)'
            cand --choose 'Pick targets in a chooser ($MAKE_HELP_CHOOSER, else fzf with each target''s detail as preview) and print the names chosen; runs no make'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
