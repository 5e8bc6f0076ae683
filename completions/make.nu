# nushell completion for GNU make (make and gmake), from make-tools.
#
# The targets come from `make-targets --format=tsv`, which reads the makefile the
# way GNU make does without running make, a recipe or a $(shell ...): TAB stays
# instant on big trees and never rebuilds anything. Each target shows its
# description, taken from its `#` comment; `-C DIR`, `-f FILE`, `-I DIR` and
# VAR=value words already on the line are honoured; `MO<TAB>` offers MODE=, a
# variable the makefiles set, and `MODE=<TAB>` the values the makefile compares
# MODE with. When make-targets is not installed or cannot answer, nushell
# completes file names.
#
# Install, once:
#     make-targets --make-completion nushell | save -f ($nu.default-config-dir | path join make-completion.nu)
# and in config.nu:
#     source make-completion.nu

# The make-targets options for what the line holds: -C, -f and -I options (attached
# or not, long or short) and VAR=value words.
def "make-tools line-args" [words: list<string>] {
    # nushell expands a leading ~ in an external command's arguments.
    let words = ($words | each {|w| $w | str replace -r '^((?:-[CfI]|--(?:directory|file|makefile|include-dir)=)?)~(?=/|$)' $'${1}($nu.home-dir)' })
    mut args = []
    mut expect = ""
    for word in $words {
        if $expect != "" {
            $args = ($args | append $"($expect)=($word)")
            $expect = ""
            continue
        }
        if $word in ["-C" "--directory"] {
            $expect = "--directory"
        } else if $word in ["-f" "--file" "--makefile"] {
            $expect = "--file"
        } else if $word in ["-I" "--include-dir"] {
            $expect = "--include-dir"
        } else if ($word | str starts-with "--directory=") or ($word | str starts-with "--file=") or ($word | str starts-with "--include-dir=") {
            $args = ($args | append $word)
        } else if ($word | str starts-with "--makefile=") {
            $args = ($args | append ($word | str replace "--makefile=" "--file="))
        } else if ($word =~ '^-[CfI].') {
            let letter = ($word | str substring 1..1)
            let value = ($word | str substring 2..)
            let long = {C: "--directory", f: "--file", I: "--include-dir"} | get $letter
            $args = ($args | append $"($long)=($value)")
        } else if ($word =~ '^[^-=][^=]*=') {
            $args = ($args | append $word)
        }
    }
    $args
}

# The words of a command line as nushell reads them: what stands in "...", '...'
# or `...` quotes belongs to its word, the quotes removed ("..." with its \" read).
def "make-tools words" [line: string] {
    $line
    | parse -r r#'(?<word>(?:"(?:[^"\\]|\\.)*"?|'[^']*'?|`[^`]*`?|[^\s"'`]+)+)'#
    | get word
    | each {|word|
        $word
        | str replace -a -r r#'"((?:[^"\\]|\\.)*)"?'# '$1'
        | str replace -a -r r#''([^']*)'?'# '$1'
        | str replace -a -r r#'`([^`]*)`?'# '$1'
        | str replace -a '\"' '"'
    }
}

# GNU make's options.
def "make-tools options" [] {
    [
        [value description];
        ["--directory=" "change to DIRECTORY first"]
        ["--file=" "read FILE as a makefile"]
        ["--include-dir=" "search DIRECTORY for included makefiles"]
        ["--jobs" "allow N jobs at once"]
        ["--keep-going" "keep going when some targets fail"]
        ["--just-print" "print recipes, run none"]
        ["--dry-run" "print recipes, run none"]
        ["--always-make" "make all targets unconditionally"]
        ["--silent" "do not echo recipes"]
        ["--question" "run nothing; exit status says if up to date"]
        ["--print-data-base" "print make's internal database"]
        ["--no-builtin-rules" "disable the built-in implicit rules"]
        ["--no-builtin-variables" "disable the built-in variables"]
        ["--environment-overrides" "environment overrides makefiles"]
        ["--ignore-errors" "ignore errors from recipes"]
        ["--touch" "touch targets instead of remaking them"]
        ["--trace" "print tracing information"]
        ["--output-sync" "synchronize output of parallel jobs"]
        ["--print-directory" "print the current directory"]
        ["--no-print-directory" "turn off --print-directory"]
        ["--version" "print the version of make"]
        ["--help" "print help"]
    ]
}

# What completes the word at the cursor, for `make` and `gmake`.
def "nu-complete make-tools" [context: string] {
    let words = (make-tools words $context)
    let word = if ($context =~ '\s$') { "" } else { $words | last }
    let before = if ($context =~ '\s$') { $words | skip 1 } else { $words | skip 1 | drop 1 }
    if (which make-targets | is-empty) {
        return null
    }
    # The value of an option: nushell's file names; an option: make's options.
    let last = ($before | last | default "")
    if ($last =~ '^(-[CfIoW]|--(directory|file|makefile|include-dir|old-file|assume-old|what-if|new-file|assume-new))$') {
        return null
    }
    if ($word | str starts-with "-") {
        return {
            options: {sort: false, case_sensitive: true, completion_algorithm: prefix}
            completions: (make-tools options | where {|o| $o.value | str starts-with $word })
        }
    }
    let args = (make-tools line-args $before)
    let run = (^make-targets ...$args --format=tsv $"--prefix=($word)" | complete)
    # Too old for these options, or broken: nushell's file names.
    if $run.exit_code > 1 {
        return null
    }
    # name, summary, kind, file, line: split at tabs (a summary may hold quotes, which
    # `from tsv` would read as quoting); no control character is left in a field.
    let rows = ($run.stdout | lines | split column (char tab) value description kind)
    if ($rows | is-empty) {
        return null
    }
    let completions = if ($rows | length) > 1000 {
        # As they come: a closure per row took 0.3 s for 50,000 targets.
        $rows | select value description
    } else {
        # An undocumented target shows no description; any other kind says its kind.
        # A name nushell would split or misread goes in backquotes (`a b`, `it's`).
        $rows | each {|row|
            let said = if $row.description != "" or $row.kind == "target" { $row.description } else { $row.kind }
            let value = if ($row.value =~ "[\\s'\"$();|#{}\\[\\]]") and not ($row.value =~ '`') { $"`($row.value)`" } else { $row.value }
            {value: $value, description: $said}
        }
    }
    {
        options: {sort: false, case_sensitive: true, completion_algorithm: prefix}
        completions: $completions
    }
}

# make and gmake: every word goes to make as typed (make reads -j4, -Csub, -kC.,
# -j alone: nushell's typed flags would refuse them), completed by the above.
export extern "make" [...args: string@"nu-complete make-tools"]
export extern "gmake" [...args: string@"nu-complete make-tools"]
