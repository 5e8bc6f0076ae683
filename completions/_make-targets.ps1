
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
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the list: one line of words, one name a line, or `name:description` (zsh) and `name<TAB>description` (fish) lines')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The word being completed: list what completes it as a shell offers it (`obj/` for the files under obj/, names starting with `.` or `_` only when WORD does); without it, every target')
            [CompletionResult]::new('--completions', '--completions', [CompletionResultType]::ParameterName, 'Print the completion script of make-targets for SHELL')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show warnings (missing includes, include cycles...) on stderr')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'Show warnings (missing includes, include cycles...) on stderr')
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
