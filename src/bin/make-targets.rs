//! `make-targets`: the target names of the makefile here, for completion.
fn main() -> std::process::ExitCode {
    make_tools::cli::make_targets(&make_tools::cli::Process::current())
}
