//! Output formats: `human` (optionally coloured), `json`, and `github` workflow commands that
//! GitHub shows as annotations on a pull request's diff.

use super::{tally, Finding, Severity};
use serde::Serialize;
use std::fmt::Write;

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for people, grouped by file.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations on the diff).
    Github,
}

impl Format {
    /// A `--format` value; None for an unknown one.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "human" | "text" => Some(Format::Human),
            "json" => Some(Format::Json),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// The findings of `files` checked files in `format`.
pub fn render(findings: &[Finding], files: usize, format: Format, color: bool) -> String {
    match format {
        Format::Human => human(findings, files, color),
        Format::Json => json(findings, files),
        Format::Github => github(findings),
    }
}

/// Text from postmortems and file names never reaches the terminal as escapes (only our own
/// colours do).
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    crate::text::terminal_safe(text)
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The findings for people, with colour when `color`.
pub fn human(findings: &[Finding], files: usize, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => p.wrap("1;31", "error"),
            Severity::Warning => p.wrap("1;33", "warning"),
        };
        let _ = writeln!(
            out,
            "{}: {sev}[{}]: {}",
            p.wrap("1", &safe(&format!("{}:{}:{}", f.file, f.line, f.column))),
            f.rule,
            safe(&f.message)
        );
        let _ = writeln!(out, "  {} {}", p.wrap("36", "hint:"), safe(&f.hint));
    }
    let (errors, warnings) = tally(findings);
    let with_findings = {
        let mut v: Vec<&str> = findings.iter().map(|f| f.file.as_str()).collect();
        v.dedup();
        v.len()
    };
    let line = format!(
        "{errors} error{}, {warnings} warning{} in {with_findings} of {files} file{}",
        plural(errors),
        plural(warnings),
        plural(files)
    );
    let _ = writeln!(
        out,
        "{}",
        if errors > 0 {
            p.wrap("1;31", &line)
        } else if warnings > 0 {
            p.wrap("1;33", &line)
        } else {
            p.wrap("1;32", &line)
        }
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

/// The findings as JSON, with counts.
pub fn json(findings: &[Finding], files: usize) -> String {
    let (errors, warnings) = tally(findings);
    let report = JsonReport {
        files,
        errors,
        warnings,
        findings,
    };
    serde_json::to_string_pretty(&report).expect(crate::SERIALISES) + "\n"
}

/// `::error file=F,line=L,col=C,title=T::message` lines.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            escape_property(&f.file),
            f.line,
            f.column,
            escape_property(&format!("hindsight {}", f.rule)),
            escape_data(&format!("{}\nhint: {}", f.message, f.hint))
        );
    }
    out
}

// GitHub's workflow command escaping: data escapes % CR LF; properties also : and ,.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Rule;

    fn finding(sev: Severity) -> Finding {
        Finding {
            rule: Rule::Placeholder,
            severity: sev,
            file: "content/a,b.md".into(),
            line: 3,
            column: 7,
            message: "unfilled placeholder `[X%]`".into(),
            hint: "fill it".into(),
        }
    }

    #[test]
    fn github_annotations_are_escaped() {
        let s = github(&[finding(Severity::Error), finding(Severity::Warning)]);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with(
            "::error file=content/a%2Cb.md,line=3,col=7,title=hindsight placeholder::"
        ));
        assert!(lines[0].contains("[X%25]"));
        assert!(lines[0].contains("%0Ahint: fill it"));
        assert!(lines[1].starts_with("::warning "));
    }

    #[test]
    fn human_colour_only_when_asked() {
        let plain = human(&[finding(Severity::Error)], 1, false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.starts_with("content/a,b.md:3:7: error[placeholder]"));
        assert!(plain.contains("1 error, 0 warnings in 1 of 1 file"));
        assert!(human(&[finding(Severity::Error)], 1, true).contains("\x1b[1;31m"));
    }

    #[test]
    fn json_has_counts() {
        let v: serde_json::Value =
            serde_json::from_str(&json(&[finding(Severity::Warning)], 2)).unwrap();
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["findings"][0]["rule"], "placeholder");
        assert_eq!(v["findings"][0]["line"], 3);
    }
}
