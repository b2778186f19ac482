//! `missing-field` (site.toml `check.required_fields`), and the front matter problems the load
//! and extract stages record: `invalid-front-matter`, `duplicate-key`, `date-differs`.

use super::{Emit, Rule};
use crate::extract::DiagnosticKind;
use crate::lint::{LintDoc, LintOptions};

pub fn check(doc: &LintDoc, opts: &LintOptions, e: &mut Emit) {
    for field in &opts.config.required_fields {
        let key = field.to_ascii_lowercase();
        if !doc.front.keys.contains(&key) {
            e.push(
                Rule::MissingField,
                (1, 1),
                format!("front matter has no `{field}`"),
                format!("add `{field}: ...` to the front matter (between the `---` lines)"),
            );
        }
    }
    for d in &doc.incident.diagnostics {
        let (rule, hint) = match d.kind {
            // The load stage keeps going on broken front matter and records why.
            DiagnosticKind::InvalidFrontMatter => (
                Rule::InvalidFrontMatter,
                "fix the front matter; `hindsight build` stops on it",
            ),
            DiagnosticKind::DuplicateKey => (
                Rule::DuplicateKey,
                "keep one line for each key; the last one is used",
            ),
            DiagnosticKind::DateDiffers => (
                Rule::DateDiffers,
                "set `date:` to the day the incident began, or correct the date in the text",
            ),
            _ => continue,
        };
        let hint = d.hint.as_deref().unwrap_or(hint);
        e.push(rule, (d.line.unwrap_or(1), 1), d.message.clone(), hint);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{run_all, SiteContext};

    #[test]
    fn required_fields_from_config() {
        let mut d = doc("");
        d.front.keys = vec!["title".into(), "severity".into()];
        let mut o = opts();
        o.config.required_fields = vec!["severity".into(), "Owner".into()];
        let f = run_all(&d, &SiteContext::new(std::slice::from_ref(&d)), &o);
        let msgs: Vec<_> = f.iter().filter(|f| f.rule == Rule::MissingField).collect();
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].message.contains("Owner"));
    }

    #[test]
    fn broken_front_matter_is_reported_with_its_line() {
        let mut d = doc("");
        d.incident.diagnose(
            DiagnosticKind::InvalidFrontMatter,
            "invalid YAML front matter: x",
            Some(3),
        );
        let f = run(&d);
        let bad: Vec<_> = f
            .iter()
            .filter(|f| f.rule == Rule::InvalidFrontMatter)
            .collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 3);
    }

    #[test]
    fn wrong_type_keeps_the_form_expected_as_hint() {
        let mut d = doc("");
        d.incident.diagnose_with_hint(
            DiagnosticKind::InvalidFrontMatter,
            "`draft` is the string \"True\", not a boolean",
            Some(4),
            "write `draft: true` or `draft: false`",
        );
        let f = run(&d);
        let bad: Vec<_> = f
            .iter()
            .filter(|f| f.rule == Rule::InvalidFrontMatter)
            .collect();
        assert_eq!(bad[0].hint, "write `draft: true` or `draft: false`");
    }

    #[test]
    fn differing_front_matter_date_is_a_warning() {
        let mut d = doc("");
        d.incident.diagnose(
            DiagnosticKind::DateDiffers,
            "front matter date 2024-01-03 differs",
            Some(2),
        );
        let f = run(&d);
        let w: Vec<_> = f.iter().filter(|f| f.rule == Rule::DateDiffers).collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].severity, crate::lint::Severity::Warning);
    }
}
