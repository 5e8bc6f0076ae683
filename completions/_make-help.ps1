
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'make-help' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'make-help'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'make-help' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read FILE as the makefile (repeatable), like `make -f`')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read FILE as the makefile (repeatable), like `make -f`')
            [CompletionResult]::new('--makefile', '--makefile', [CompletionResultType]::ParameterName, 'Read FILE as the makefile (repeatable), like `make -f`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Change to DIR before reading the makefiles, like `make -C`')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, 'Change to DIR before reading the makefiles, like `make -C`')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'Search DIR for included makefiles, like `make -I`')
            [CompletionResult]::new('--include-dir', '--include-dir', [CompletionResultType]::ParameterName, 'Search DIR for included makefiles, like `make -I`')
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'List only the targets of the `##@` section NAME (repeatable)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap descriptions to N columns (default: the terminal''s width, and no wrapping when stdout is not a terminal; 0: never wrap)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print: the listing (text), JSON, a Markdown or HTML document, or a help.mk that prints the help with make alone (make)')
            [CompletionResult]::new('--inject', '--inject', [CompletionResultType]::ParameterName, 'Put the Markdown listing into FILE, between the lines `<!-- make-help:start -->` and `<!-- make-help:end -->`')
            [CompletionResult]::new('--lint', '--lint', [CompletionResultType]::ParameterName, 'Check the makefiles for mistakes make does not report; exit 1 on findings (`--lint=warn`: exit 0)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'With --lint: do not run the check NAME (repeatable)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--choose-widget', '--choose-widget', [CompletionResultType]::ParameterName, 'Print a key binding (Alt-m) for SHELL that puts `make NAME...` on the command line, the names picked with --choose')
            [CompletionResult]::new('--completions', '--completions', [CompletionResultType]::ParameterName, 'Print the completion script of make-help itself for SHELL')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'List every target: undocumented ones (dimmed) and hidden ones (_name, .name)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every target: undocumented ones (dimmed) and hidden ones (_name, .name)')
            [CompletionResult]::new('--unsorted', '--unsorted', [CompletionResultType]::ParameterName, 'Keep the makefile''s order instead of sorting by name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each listed target with its whole description and every prerequisite')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each listed target with its whole description and every prerequisite')
            [CompletionResult]::new('--deps', '--deps', [CompletionResultType]::ParameterName, 'Show every prerequisite (by default, as many as fit on a line)')
            [CompletionResult]::new('--no-deps', '--no-deps', [CompletionResultType]::ParameterName, 'Show no prerequisites')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the targets, their docs and the files read as JSON (as `--format=json`); with `--lint`, the findings as JSON')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'With --inject: write nothing; exit 1 and show the difference when FILE is not up to date (for CI)')
            [CompletionResult]::new('--choose', '--choose', [CompletionResultType]::ParameterName, 'Pick targets in a chooser ($MAKE_HELP_CHOOSER, else fzf with each target''s detail as preview) and print the names chosen; runs no make')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
