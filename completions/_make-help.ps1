
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
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--completions', '--completions', [CompletionResultType]::ParameterName, 'Print the completion script of make-help for SHELL')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Tell on stderr, in order, each file read and how it was found, and everything that could not be read or evaluated')
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
