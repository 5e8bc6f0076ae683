//! `make-help`: the targets of the makefile here, with their docs.
fn main() -> std::process::ExitCode {
    make_tools::cli::make_help(&make_tools::cli::Process::current())
}
