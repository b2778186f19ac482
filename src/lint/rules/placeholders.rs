//! `placeholder`: template slots left unfilled. Body placeholders come from the model; front
//! matter values (which the model keeps as plain strings) are looked at here.

use super::{Emit, Rule};
use crate::extract::Field;
use crate::lint::LintDoc;
use regex::Regex;
use std::sync::LazyLock;

static SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\[(?:insert|add|enter|fill in|todo|tbd)\b[^\]]*\]|\[x+%?\]|^(?:tbd|todo|xx:xx)$",
    )
    .expect("valid regex")
});

const HINT: &str = "replace the placeholder with the real value, or remove the line";

pub fn check(doc: &LintDoc, e: &mut Emit) {
    for p in &doc.incident.placeholders {
        e.push(
            Rule::Placeholder,
            (p.line, p.column),
            format!("unfilled placeholder `{}`", p.text),
            HINT,
        );
    }
    let inc = &doc.incident;
    let mut values: Vec<(&str, &str)> = Vec::new();
    for (key, v) in [
        (Field::Title, &inc.title),
        (Field::Severity, &inc.severity),
        (Field::Impact, &inc.impact),
        (Field::RootCause, &inc.root_cause),
    ] {
        if let Some(v) = v {
            if inc.provenance.get(&key).is_some_and(|p| !p.is_extracted()) {
                values.push((key.name(), v));
            }
        }
    }
    for (key, v) in &inc.extra {
        if let Some(s) = v.as_str() {
            values.push((key, s));
        }
    }
    for (key, value) in values {
        if let Some(m) = SLOT.find(value.trim()) {
            let line = doc.front.lines.get(&key.to_ascii_lowercase()).copied();
            e.push(
                Rule::Placeholder,
                (line.unwrap_or(1), 1),
                format!(
                    "front matter `{key}` is an unfilled placeholder `{}`",
                    m.as_str()
                ),
                HINT,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::extract::{Placeholder, Provenance};

    #[test]
    fn model_placeholders_keep_their_position() {
        let mut d = doc("");
        d.incident.placeholders = vec![Placeholder {
            text: "[Insert time]".into(),
            line: 7,
            column: 14,
        }];
        let f = run(&d);
        let p: Vec<_> = f.iter().filter(|f| f.rule == Rule::Placeholder).collect();
        assert_eq!((p.len(), p[0].line, p[0].column), (1, 7, 14));
    }

    #[test]
    fn front_matter_slot_reported_but_real_value_not() {
        let mut d = doc("");
        d.incident.severity = Some("[Insert severity: SEV1-SEV4]".into());
        d.incident
            .set_provenance(Field::Severity, Provenance::front_matter());
        d.front.lines.insert("severity".into(), 4);
        let f = run(&d);
        assert_eq!(ids(&f, Rule::Placeholder), 1);
        assert_eq!(
            f.iter().find(|f| f.rule == Rule::Placeholder).unwrap().line,
            4
        );

        d.incident.severity = Some("SEV2 [internal]".into());
        assert_eq!(ids(&run(&d), Rule::Placeholder), 0);
    }
}
