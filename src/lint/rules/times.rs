//! Time rules: `unparsed-time`, `end-before-start`, `duration-mismatch`, `timeline-order`,
//! `future-date`, `missing-timezone`. The extract stage reads the times and records its
//! disagreements as diagnostics; these rules turn them into findings and add the order and
//! future checks on the extracted values.

use super::{Emit, Rule};
use crate::extract::{DiagnosticKind, Field};
use crate::lint::{LintDoc, LintOptions};
use chrono::Duration;

/// Diagnostic kinds of the extract stage -> rule ids.
fn rule_for(kind: DiagnosticKind) -> Option<(Rule, &'static str)> {
    Some(match kind {
        DiagnosticKind::UnparsedTime => (
            Rule::UnparsedTime,
            "write it as `2024-03-12 14:05 UTC` (date, 24-hour time, zone)",
        ),
        DiagnosticKind::EndBeforeStart => (
            Rule::EndBeforeStart,
            "check the dates and AM/PM of the start and end; an incident past midnight needs the next day's date",
        ),
        DiagnosticKind::DurationMismatch => (
            Rule::DurationMismatch,
            "make the stated duration match start and end, or fix the times",
        ),
        DiagnosticKind::AssumedUtc => (
            Rule::MissingTimezone,
            "state the time zone (`14:05 UTC`, or `All times UTC` above the timeline)",
        ),
        _ => return None,
    })
}

fn line_of(doc: &LintDoc, field: Field) -> usize {
    doc.incident
        .provenance
        .get(&field)
        .and_then(|p| p.line)
        .or_else(|| doc.front.lines.get(field.name()).copied())
        .unwrap_or(1)
}

pub fn check(doc: &LintDoc, opts: &LintOptions, e: &mut Emit) {
    let inc = &doc.incident;
    let mut said_end_before_start = false;
    for d in &inc.diagnostics {
        if let Some((rule, hint)) = rule_for(d.kind) {
            said_end_before_start |= d.kind == DiagnosticKind::EndBeforeStart;
            let hint = d.hint.as_deref().unwrap_or(hint);
            e.push(rule, (d.line.unwrap_or(1), 1), d.message.clone(), hint);
        }
    }
    for (field, raw, parsed) in [
        (Field::Start, &doc.front.start_raw, inc.start),
        (Field::End, &doc.front.end_raw, inc.end),
    ] {
        if let (Some(raw), None) = (raw, parsed) {
            e.push(
                Rule::UnparsedTime,
                (line_of(doc, field), 1),
                format!("front matter `{field}: {raw}` is not a time hindsight can read"),
                "use RFC 3339 with an offset: `2024-03-12T14:05:00Z` or `2024-03-12T17:05:00+03:00`",
            );
        }
    }
    if let (Some(s), Some(end)) = (inc.start, inc.end) {
        if end < s && !said_end_before_start {
            e.push(
                Rule::EndBeforeStart,
                (line_of(doc, Field::End), 1),
                format!("the end ({end}) is before the start ({s})"),
                "check the dates and AM/PM of the start and end",
            );
        }
    }
    timeline_order(doc, e);
    future(doc, opts, e);
}

/// Entries with a time must not go backwards. A clock-only time that drops by more than 12
/// hours is read as the next day rather than as disorder.
fn timeline_order(doc: &LintDoc, e: &mut Emit) {
    let mut prev: Option<&crate::extract::TimelineEntry> = None;
    for entry in &doc.incident.timeline {
        let Some(at) = entry.at else { continue };
        if let Some(p) = prev {
            let before = p.at.expect("prev has a time");
            if at < before {
                let clock_only = !entry.time_text.as_deref().is_some_and(has_date);
                if !(clock_only && before - at > Duration::hours(12)) {
                    let shown = entry.time_text.clone().unwrap_or_else(|| at.to_string());
                    let prev_shown = p.time_text.clone().unwrap_or_else(|| before.to_string());
                    e.push(
                        Rule::TimelineOrder,
                        (entry.line, 1),
                        format!(
                            "timeline entry at {shown} comes after {prev_shown} (line {})",
                            p.line
                        ),
                        "put timeline entries in time order, and give the date when the incident crosses midnight",
                    );
                }
            }
        }
        prev = Some(entry);
    }
}

fn has_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    text.contains('-') && text.chars().filter(char::is_ascii_digit).count() >= 6
        || text.contains('/')
        || months.iter().any(|m| lower.contains(m))
}

fn future(doc: &LintDoc, opts: &LintOptions, e: &mut Emit) {
    let inc = &doc.incident;
    if let Some(d) = inc.date {
        if d > opts.today {
            e.push(
                Rule::FutureDate,
                (line_of(doc, Field::Date), 1),
                format!("the incident is dated {d}, which is in the future"),
                "check the year and the date in the front matter or file name",
            );
            return;
        }
    }
    // A start later than now, allowing for zones ahead of ours.
    if let Some(s) = inc.start {
        if s > opts.now + Duration::hours(14) {
            e.push(
                Rule::FutureDate,
                (line_of(doc, Field::Start), 1),
                format!("the incident starts at {s}, which is in the future"),
                "check the year and the date of the start time",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::extract::{Provenance, TimelineEntry};
    use chrono::{DateTime, NaiveDate};

    fn t(s: &str) -> DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn diagnostics_become_findings() {
        let mut d = doc("");
        d.incident.diagnose(
            DiagnosticKind::DurationMismatch,
            "2 hours stated, 4 from start/end",
            Some(9),
        );
        d.incident
            .diagnose(DiagnosticKind::UnparsedTime, "\"25:00\"", Some(3));
        d.incident
            .diagnose(DiagnosticKind::AssumedUtc, "no zone", Some(4));
        d.incident
            .diagnose(DiagnosticKind::InputLimit, "x", Some(5));
        let f = run(&d);
        assert_eq!(ids(&f, Rule::DurationMismatch), 1);
        assert_eq!(
            f.iter()
                .find(|f| f.rule == Rule::DurationMismatch)
                .unwrap()
                .line,
            9
        );
        assert_eq!(ids(&f, Rule::UnparsedTime), 1);
        assert_eq!(ids(&f, Rule::MissingTimezone), 1);
        assert!(f
            .iter()
            .all(|f| !f.message.contains('x') || f.rule != Rule::UnparsedTime));
    }

    #[test]
    fn end_before_start_from_values_once() {
        let mut d = doc("");
        d.incident.start = Some(t("2024-01-01T10:00:00Z"));
        d.incident.end = Some(t("2024-01-01T09:00:00Z"));
        d.incident
            .set_provenance(Field::End, Provenance::other(Origin::Text, Some(6)));
        let f = run(&d);
        assert_eq!(only(&f, Rule::EndBeforeStart)[0].line, 6);
        assert_eq!(ids(&f, Rule::EndBeforeStart), 1);
        d.incident
            .diagnose(DiagnosticKind::EndBeforeStart, "x", Some(6));
        assert_eq!(ids(&run(&d), Rule::EndBeforeStart), 1);
        d.incident.end = Some(t("2024-01-01T11:00:00Z"));
        d.incident.diagnostics.clear();
        assert_eq!(ids(&run(&d), Rule::EndBeforeStart), 0);
    }

    #[test]
    fn unparsed_front_matter_time() {
        let mut d = doc("");
        d.front.start_raw = Some("yesterday-ish".into());
        d.front.lines.insert("start".into(), 5);
        let f = run(&d);
        assert_eq!(ids(&f, Rule::UnparsedTime), 1);
        assert_eq!(only(&f, Rule::UnparsedTime)[0].line, 5);
        d.incident.start = Some(t("2024-01-01T10:00:00Z"));
        assert_eq!(ids(&run(&d), Rule::UnparsedTime), 0);
    }

    fn entry(text: &str, at: &str, line: usize) -> TimelineEntry {
        TimelineEntry {
            time_text: Some(text.into()),
            at: Some(t(at)),
            text: "x".into(),
            line,
        }
    }

    #[test]
    fn timeline_out_of_order_but_midnight_is_fine() {
        let mut d = doc("");
        d.incident.timeline = vec![
            entry("10:00", "2024-01-01T10:00:00Z", 3),
            entry("10:30", "2024-01-01T10:30:00Z", 4),
            entry("10:15", "2024-01-01T10:15:00Z", 5),
        ];
        let f = run(&d);
        assert_eq!(ids(&f, Rule::TimelineOrder), 1);
        assert_eq!(only(&f, Rule::TimelineOrder)[0].line, 5);

        d.incident.timeline = vec![
            entry("23:50", "2024-01-01T23:50:00Z", 3),
            entry("00:10", "2024-01-01T00:10:00Z", 4),
            entry("00:20", "2024-01-01T00:20:00Z", 5),
        ];
        assert_eq!(ids(&run(&d), Rule::TimelineOrder), 0);
    }

    #[test]
    fn future_dates_only() {
        let mut d = doc("");
        d.incident.date = NaiveDate::from_ymd_opt(2025, 1, 2);
        assert_eq!(ids(&run(&d), Rule::FutureDate), 1);
        d.incident.date = NaiveDate::from_ymd_opt(2025, 1, 1);
        assert_eq!(ids(&run(&d), Rule::FutureDate), 0);
        d.incident.start = Some(t("2025-01-01T20:00:00+05:00"));
        assert_eq!(ids(&run(&d), Rule::FutureDate), 0);
        d.incident.start = Some(t("2026-01-01T20:00:00Z"));
        assert_eq!(ids(&run(&d), Rule::FutureDate), 1);
    }
}
