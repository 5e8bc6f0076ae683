
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'make-targets' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'make-targets'
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
        'make-targets' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read FILE as the makefile (repeatable), like `make -f`')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read FILE as the makefile (repeatable), like `make -f`')
            [CompletionResult]::new('--makefile', '--makefile', [CompletionResultType]::ParameterName, 'Read FILE as the makefile (repeatable), like `make -f`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Change to DIR before reading the makefiles, like `make -C`')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, 'Change to DIR before reading the makefiles, like `make -C`')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'Search DIR for included makefiles, like `make -I`')
            [CompletionResult]::new('--include-dir', '--include-dir', [CompletionResultType]::ParameterName, 'Search DIR for included makefiles, like `make -I`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the list')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The word being completed: list what completes it as a shell offers it (`obj/` for the files under obj/, names starting with `.` or `_` only when WORD does, `NAME=` for the variables the makefiles set, `NAME=value` for the values a `NAME=` word may take); without it, every target')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Whose arguments to list: make''s (targets, `NAME=`), or make-help''s (targets, variables by name, names made through pattern rules)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The terminal''s width, to pad and cut `--format=bash` lines to')
            [CompletionResult]::new('--make-completion', '--make-completion', [CompletionResultType]::ParameterName, 'Print the completion script of make (and gmake) for SHELL: it runs make-targets on each TAB')
            [CompletionResult]::new('--completions', '--completions', [CompletionResultType]::ParameterName, 'Print the completion script of make-targets itself for SHELL')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show warnings (missing includes, include cycles...) on stderr')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'Show warnings (missing includes, include cycles...) on stderr')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Letters of --prefix match whatever their case (the shell narrows the list down itself)')
            [CompletionResult]::new('--sections', '--sections', [CompletionResultType]::ParameterName, 'List the `##@` section titles instead (for make-help --section)')
            [CompletionResult]::new('--loose', '--loose', [CompletionResultType]::ParameterName, 'When nothing completes --prefix, list what completes its directory part instead (with a leading `.` or `_` of the last component), for a shell that then matches substrings and fuzzy itself')
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
