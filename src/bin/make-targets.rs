//! `make-targets`: the target names of the makefile here, for completion.

fn main() -> std::process::ExitCode {
    make_tools::make_targets(&make_tools::Process::current())
}
