//! `impact-no-number`: an impact statement that gives no count, share or duration.

use super::{Emit, Rule};
use crate::extract::{Field, SectionKind};
use crate::lint::text::lines_between;
use crate::lint::LintDoc;
use regex::Regex;
use std::sync::LazyLock;

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[0-9]|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|dozens?|half|all|every|entire|whole|none|nobody|no (?:users?|customers?|requests?|data))\b")
        .expect("valid regex")
});

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\[(insert|x+%?)").expect("valid regex"));

pub fn check(doc: &LintDoc, e: &mut Emit) {
    let inc = &doc.incident;
    if inc.impact_percent.is_some() {
        return;
    }
    let section = inc
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.kind == Some(SectionKind::Impact));
    let (text, line) = match (&inc.impact, section) {
        (Some(t), _) => (
            t.clone(),
            inc.provenance
                .get(&Field::Impact)
                .and_then(|p| p.line)
                .or(section.map(|(_, s)| s.line))
                .or_else(|| doc.front.lines.get("impact").copied())
                .unwrap_or(1),
        ),
        (None, Some((i, s))) => {
            let next = inc
                .sections
                .get(i + 1)
                .map(|n| n.line)
                .unwrap_or(usize::MAX);
            (
                lines_between(&inc.body, inc.body_line_offset, s.line, next),
                s.line,
            )
        }
        (None, None) => return,
    };
    if text.trim().is_empty() || QUANTITY.is_match(&text) || PLACEHOLDER.is_match(&text) {
        return;
    }
    e.push(
        Rule::ImpactNoNumber,
        (line, 1),
        "the impact gives no number",
        "say how many users or requests were affected and for how long (\"18% of checkout requests failed for 42 minutes\")",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::extract::SectionRef;

    #[test]
    fn impact_field_without_number() {
        let mut d = doc("");
        d.incident.impact = Some("Users saw slow pages.".into());
        assert_eq!(ids(&run(&d), Rule::ImpactNoNumber), 1);
        for ok in [
            "About 20% of users saw errors.",
            "All users were affected.",
            "Two regions lost writes.",
            "Approximately [X%] of users",
        ] {
            d.incident.impact = Some(ok.into());
            assert_eq!(ids(&run(&d), Rule::ImpactNoNumber), 0, "{ok}");
        }
        d.incident.impact = Some("Users saw slow pages.".into());
        d.incident.impact_percent = Some(20.0);
        assert_eq!(ids(&run(&d), Rule::ImpactNoNumber), 0);
    }

    #[test]
    fn impact_section_text_when_no_field() {
        let mut d = doc("## Impact\n\nCustomers were unhappy.\n\n## Timeline\n\n- 10:00 start\n");
        d.incident.sections = vec![
            SectionRef {
                heading: "Impact".into(),
                kind: Some(SectionKind::Impact),
                line: 1,
            },
            SectionRef {
                heading: "Timeline".into(),
                kind: Some(SectionKind::Timeline),
                line: 5,
            },
        ];
        let f = run(&d);
        assert_eq!(ids(&f, Rule::ImpactNoNumber), 1);
        d.incident.body = "## Impact\n\n40 customers were unhappy.\n\n## Timeline\n".into();
        assert_eq!(ids(&run(&d), Rule::ImpactNoNumber), 0);
    }
}
