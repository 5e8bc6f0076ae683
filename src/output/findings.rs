//! `make-help --lint`: the findings of [`crate::lint`], as compilers print
//! theirs (`path:line: warning: message [check-name]`, which editors and
//! CI annotate), or as JSON with `--json`. Text from the makefile is
//! escaped as everywhere else.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::Finding;
use crate::model::Makefile;
use crate::output::escape::escape;
use crate::output::json;

/// One finding in JSON.
#[derive(Debug, Serialize)]
struct FindingJson<'a> {
    file: Option<&'a str>,
    line: Option<u32>,
    check: &'static str,
    message: &'a str,
}

/// The JSON document.
#[derive(Debug, Serialize)]
struct Findings<'a> {
    findings: Vec<FindingJson<'a>>,
}

/// Writes the findings, one a line, or as JSON.
pub(crate) fn write(
    makefile: &Makefile,
    findings: &[Finding],
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if as_json {
        let findings = findings
            .iter()
            .map(|f| FindingJson {
                file: f
                    .location
                    .and_then(|at| makefile.files.get(at.file as usize))
                    .map(|file| file.display.as_str()),
                line: f.location.map(|at| at.line),
                check: f.check.name(),
                message: &f.message,
            })
            .collect();
        return json::write_value(&Findings { findings }, out);
    }
    for finding in findings {
        let place = match finding.location {
            Some(at) => makefile.describe(at),
            None => makefile
                .files
                .first()
                .map_or_else(String::new, |f| f.display.clone()),
        };
        writeln!(
            out,
            "{}: warning: {} [{}]",
            escape(&place),
            escape(&finding.message),
            finding.check.name()
        )?;
    }
    Ok(())
}
