//! `low-confidence`: a fact the incident's card shows was read from the text with low confidence
//! and is not declared in front matter. Declaring it settles it: front matter wins, and the card
//! no longer marks it as unsure.

use super::{Emit, Rule};
use crate::extract::{Field, Incident, CARD_FACTS};
use crate::lint::LintDoc;

/// The front matter key that declares a card fact, and how the fact is named in a message.
fn key_and_name(field: Field) -> (&'static str, &'static str) {
    match field {
        Field::DurationMinutes => ("duration_minutes", "duration"),
        Field::ImpactPercent => ("impact_percent", "share of users hit"),
        Field::RootCause => ("root_cause", "root cause"),
        Field::Components => ("services", "components"),
        other => (other.name(), other.name()),
    }
}

/// One finding for all the unsure facts of a document, at the line of the first.
pub fn check(doc: &LintDoc, e: &mut Emit) {
    let inc = &doc.incident;
    let mut unsure = Vec::new();
    for &field in CARD_FACTS {
        let Some(p) = inc.provenance.get(&field) else {
            continue;
        };
        let (key, name) = key_and_name(field);
        let declared = doc.front.keys.iter().any(|k| k == key || k == field.name());
        // The card shows the date only when it has no start; the start speaks for it.
        let hidden = field == Field::Date && inc.start.is_some();
        if p.is_unsure() && !declared && !hidden {
            let sure = p.confidence.unwrap_or_default() * 100.0;
            unsure.push((
                p.line,
                key,
                format!("{name} ({}, {sure:.0}%)", shown(inc, field)),
            ));
        }
    }
    let Some((line, _, _)) = unsure.first() else {
        return;
    };
    let facts: Vec<&str> = unsure.iter().map(|(_, _, f)| f.as_str()).collect();
    let keys: Vec<String> = unsure.iter().map(|(_, k, _)| format!("`{k}:`")).collect();
    let (what, verb) = match facts.len() {
        1 => (facts[0].to_string(), "was"),
        n => (
            format!("{} and {}", facts[..n - 1].join(", "), facts[n - 1]),
            "were",
        ),
    };
    e.push(
        Rule::LowConfidence,
        (line.unwrap_or(1), 1),
        format!("the {what} on the card {verb} read from the text with low confidence"),
        format!(
            "check against the text and declare in front matter ({}); `hindsight inspect --front-matter {}` prints the lines to paste, `--write` adds them",
            keys.join(", "),
            inc.source
        ),
    );
}

fn shown(inc: &Incident, field: Field) -> String {
    let value = serde_json::to_value(inc)
        .ok()
        .and_then(|v| v.get(field.name()).cloned())
        .unwrap_or_default();
    let text = match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::extract::Provenance;

    fn unsure_start() -> crate::lint::LintDoc {
        let mut d = doc("");
        d.incident.start = chrono::DateTime::parse_from_rfc3339("2024-03-01T10:00:00Z").ok();
        d.incident.set_provenance(
            Field::Start,
            Provenance::section("Timeline", 12).with_confidence(0.4),
        );
        d
    }

    #[test]
    fn unsure_card_fact_is_a_warning_at_its_line() {
        let f = only(&run(&unsure_start()), Rule::LowConfidence);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, 12);
        assert!(
            f[0].message.contains("start (2024-03-01T10:00:00Z, 40%)"),
            "{}",
            f[0].message
        );
        assert!(f[0].hint.contains("inspect --front-matter"));
    }

    #[test]
    fn several_unsure_facts_make_one_finding() {
        let mut d = unsure_start();
        d.incident.duration_minutes = Some(42.0);
        d.incident.set_provenance(
            Field::DurationMinutes,
            Provenance::other(Origin::Derived, Some(14)).with_confidence(0.3),
        );
        let f = only(&run(&d), Rule::LowConfidence);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains(" and duration (42.0, 30%)"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].hint.contains("`start:`, `duration_minutes:`"),
            "{}",
            f[0].hint
        );
    }

    #[test]
    fn declared_or_sure_facts_are_quiet() {
        let mut d = unsure_start();
        d.front.keys.push("start".into());
        assert_eq!(ids(&run(&d), Rule::LowConfidence), 0);
        let mut d = unsure_start();
        d.incident.set_provenance(
            Field::Start,
            Provenance::section("Timeline", 12).with_confidence(0.9),
        );
        assert_eq!(ids(&run(&d), Rule::LowConfidence), 0);
    }
}
