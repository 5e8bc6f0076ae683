# PowerShell completion for GNU make (make and gmake), from make-tools.
#
# The targets come from `make-targets --format=json`, which reads the makefile the
# way GNU make does without running make, a recipe or a $(shell ...): TAB stays
# instant on big trees and never rebuilds anything. Each target shows its
# description as a tooltip; -C DIR, -f FILE, -I DIR and VAR=value words already on
# the line are honoured; MO<TAB> offers MODE=, a variable the makefiles set, and
# MODE=<TAB> the values the makefile compares MODE with. When make-targets is not
# installed or cannot answer, PowerShell completes file names.
#
# Install, in $PROFILE:
#     make-targets --make-completion powershell | Out-String | Invoke-Expression

Register-ArgumentCompleter -Native -CommandName make, gmake, make.exe, gmake.exe -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    if (-not (Get-Command make-targets -CommandType Application -ErrorAction SilentlyContinue)) {
        return # PowerShell's file names
    }
    # The make-targets options for what the line holds before the word.
    $arguments = @()
    $expect = $null
    $elements = $commandAst.CommandElements | Select-Object -Skip 1
    foreach ($element in $elements) {
        if ($element.Extent.EndOffset -ge $cursorPosition -and $wordToComplete) { break }
        $word = $element.Extent.Text.Trim("'", '"')
        if ($expect) {
            $arguments += "$expect=$word"
            $expect = $null
            continue
        }
        switch -Regex -CaseSensitive ($word) {
            '^(-C|--directory)$' { $expect = '--directory'; break }
            '^(-f|--file|--makefile)$' { $expect = '--file'; break }
            '^(-I|--include-dir)$' { $expect = '--include-dir'; break }
            '^--(directory|file|include-dir)=' { $arguments += $word; break }
            '^--makefile=' { $arguments += ($word -replace '^--makefile=', '--file='); break }
            '^-C(.+)$' { $arguments += "--directory=$($Matches[1])"; break }
            '^-f(.+)$' { $arguments += "--file=$($Matches[1])"; break }
            '^-I(.+)$' { $arguments += "--include-dir=$($Matches[1])"; break }
            '^[^-=][^=]*=' { $arguments += $word; break }
        }
    }
    # The value of -C, -f or -I: PowerShell's file names.
    if ($expect) { return }
    $output = & make-targets @arguments --format=json "--prefix=$wordToComplete" 2>$null
    # Too old for these options, or broken: PowerShell's file names.
    if ($LASTEXITCODE -gt 1) { return }
    $items = ($output | Out-String) | ConvertFrom-Json
    foreach ($item in $items) {
        $tip = if ($item.summary) { $item.summary } else { $item.kind }
        $type = if ($item.kind -eq 'variable' -or $item.kind -eq 'value') { 'ParameterName' } else { 'ParameterValue' }
        # A name PowerShell would split or read otherwise goes in single quotes.
        $text = if ($item.name -match '[\s''`"$(){};,|&@#<>]') { "'" + ($item.name -replace "'", "''") + "'" } else { $item.name }
        [System.Management.Automation.CompletionResult]::new($text, $item.name, $type, $tip)
    }
}
