//! Severity written in the body as a label line (`**Severity:** SEV-2`, `Priority: P1`), for
//! documents that keep it out of front matter.

use super::blocks::{PieceKind, Section};
use super::prose::provenance;
use crate::extract::{Field, Incident};
use regex::Regex;
use std::sync::LazyLock;

/// Names of the label that gives a severity.
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:incident\s+)?(?:severity|sev|priority|prio)(?:\s+level)?$").unwrap()
});
/// `Severity: value` at the start of a line that is no bold label.
static LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:incident\s+)?(?:severity|sev|priority)(?:\s+level)?\s*[:：]\s*(?P<v>.+)$")
        .unwrap()
});
/// A value as teams write it: a level code (`SEV-2`, `P1`, `S3`, `2`) or a level word,
/// optionally followed by a word or two in brackets or after a dash (`SEV-1 (critical)`).
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:sev(?:erity)?|p|s|prio(?:rity)?|level)?[\s-]*\d|emergency|critical|severe|high|major|medium|moderate|minor|low)\b[\w\s()/–-]{0,24}$").unwrap()
});

/// Fills the severity from the first severity label of the body.
pub fn fill_severity(inc: &mut Incident, sections: &[Section]) {
    if inc.severity.is_some() {
        return;
    }
    if let Some((value, heading, line)) = severity(sections) {
        inc.severity = Some(value);
        inc.set_provenance(Field::Severity, provenance(&heading, line));
    }
}

/// The value of the first severity label: (value, section heading, file line).
fn severity(sections: &[Section]) -> Option<(String, String, usize)> {
    for s in sections {
        if s.is_label() && NAME.is_match(s.heading.trim()) {
            if let Some(v) = s.pieces.first().and_then(|p| value(&p.text)) {
                return Some((v, s.heading.clone(), s.line));
            }
        }
        for p in s.pieces.iter().filter(|p| p.kind != PieceKind::Code) {
            let labelled = p
                .label
                .as_ref()
                .filter(|(_, name)| NAME.is_match(name.trim()));
            let found = match (labelled, p.cells.as_slice()) {
                (Some(_), _) => value(&p.text),
                // `| Severity | P2 |` in a table of facts.
                (None, [name, v]) if p.kind == PieceKind::Row && NAME.is_match(name.trim()) => {
                    value(v)
                }
                _ => p.text.lines().find_map(|l| {
                    let l = l.trim().trim_matches('*').trim();
                    LINE.captures(l).and_then(|c| value(&c["v"]))
                }),
            };
            if let Some(v) = found {
                return Some((v, s.heading.clone(), p.line));
            }
        }
    }
    None
}

/// The severity a label's text gives, if it reads as one (not a sentence, not a placeholder).
fn value(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    let v = first
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim();
    let v = v.trim_end_matches(['.', ',', ';']).trim();
    VALUE.is_match(v).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::blocks::parse_sections;

    fn read(md: &str) -> Option<String> {
        severity(&parse_sections(md, 0)).map(|(v, _, _)| v)
    }

    #[test]
    fn a_bold_label_line_gives_the_severity() {
        let md = "# Checkout outage\n\n**Status:** Resolved\n**Severity:** SEV-2\n**Authors:** Platform team\n\n## Summary\nCheckout failed.\n";
        assert_eq!(read(md).as_deref(), Some("SEV-2"));
    }

    #[test]
    fn plain_label_lines_and_level_words_count() {
        assert_eq!(
            read("Priority: P1\n\nThe API was down.\n").as_deref(),
            Some("P1")
        );
        assert_eq!(
            read("- Severity level: Major\n- Owner: infra\n").as_deref(),
            Some("Major")
        );
        assert_eq!(
            read("**Severity**: 2 (high)\n").as_deref(),
            Some("2 (high)")
        );
        let table = "| Field | Value |\n|---|---|\n| Date | 2024-04-18 |\n| Severity | P2 |\n";
        assert_eq!(read(table).as_deref(), Some("P2"));
    }

    #[test]
    fn sentences_placeholders_and_code_are_no_severity() {
        assert_eq!(
            read("Severity: we have not decided yet, see the review.\n"),
            None
        );
        assert_eq!(read("**Severity:** [SEV-X]\n"), None);
        assert_eq!(read("```\nseverity: 1\n```\n"), None);
        assert_eq!(read("The severity of the outage was high for us.\n"), None);
    }
}
