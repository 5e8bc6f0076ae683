//! `make-help`: the targets of the makefile here, with their docs.

fn main() -> std::process::ExitCode {
    make_tools::make_help(&make_tools::Process::current())
}
