//! The times on an incident's card, made to agree: start, end and duration never contradict
//! each other, a missing end is said to be missing, and time to detect / to resolve are shown
//! only when they fall inside the incident.

use crate::extract::Incident;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// What the card shows about when and how long.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardTimes {
    /// RFC 3339.
    pub start: Option<String>,
    /// RFC 3339.
    pub end: Option<String>,
    /// Minutes; from start and end when both are known, else the stated duration.
    pub duration_minutes: Option<f64>,
    /// Said instead of a missing start or end when the other and a duration are known.
    pub start_note: Option<&'static str>,
    /// Likewise for a missing end.
    pub end_note: Option<&'static str>,
    /// The postmortem states a duration that start and end contradict.
    pub stated_minutes: Option<f64>,
    /// End before start: neither a duration nor time to resolve can be trusted.
    pub end_before_start: bool,
    /// Minutes from start to detection, when detection falls inside the incident.
    pub detect_minutes: Option<f64>,
    /// Minutes from start to resolution, when it falls inside the incident.
    pub resolve_minutes: Option<f64>,
}

/// The card's note for a missing end.
pub const END_NOT_STATED: &str = "end not stated";
/// The card's note for a missing start.
pub const START_NOT_STATED: &str = "start not stated";

fn minutes_between(a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> f64 {
    (b - a).num_seconds() as f64 / 60.0
}

/// A moment between `start` and `end` (or after `start` when the end is unknown), in minutes
/// after the start.
fn inside(
    start: Option<DateTime<FixedOffset>>,
    end: Option<DateTime<FixedOffset>>,
    t: Option<DateTime<FixedOffset>>,
) -> Option<f64> {
    let (s, t) = (start?, t?);
    let m = minutes_between(s, t);
    let before_end = end.is_none_or(|e| t <= e);
    (m >= 0.0 && before_end).then_some(m)
}

/// The card's times of `inc`, reconciled: a duration from start and end beats a stated one.
pub fn card_times(inc: &Incident) -> CardTimes {
    let (start, end) = (inc.start, inc.end);
    let mut c = CardTimes {
        start: start.map(|s| s.to_rfc3339()),
        end: end.map(|e| e.to_rfc3339()),
        duration_minutes: None,
        start_note: None,
        end_note: None,
        stated_minutes: None,
        end_before_start: false,
        detect_minutes: None,
        resolve_minutes: None,
    };
    match (start, end) {
        (Some(s), Some(e)) if e < s => c.end_before_start = true,
        (Some(s), Some(e)) => {
            let m = minutes_between(s, e);
            c.duration_minutes = Some(m);
            if inc.duration_minutes.is_some_and(|d| (d - m).abs() >= 1.0) {
                c.stated_minutes = inc.duration_minutes;
            }
        }
        (Some(_), None) => {
            c.duration_minutes = inc.duration_minutes;
            c.end_note = Some(END_NOT_STATED);
        }
        (None, Some(_)) => {
            c.duration_minutes = inc.duration_minutes;
            c.start_note = Some(START_NOT_STATED);
        }
        (None, None) => c.duration_minutes = inc.duration_minutes,
    }
    if !c.end_before_start {
        c.detect_minutes = inside(start, end, inc.detected_at);
        c.resolve_minutes = inside(start, end, inc.resolved_at);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<DateTime<FixedOffset>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap())
    }

    fn incident(start: &str, end: &str, minutes: Option<f64>) -> Incident {
        Incident {
            start: if start.is_empty() { None } else { t(start) },
            end: if end.is_empty() { None } else { t(end) },
            duration_minutes: minutes,
            ..Default::default()
        }
    }

    #[test]
    fn duration_follows_start_and_end() {
        let c = card_times(&incident(
            "2024-03-12T14:05:00Z",
            "2024-03-12T14:47:00Z",
            Some(42.0),
        ));
        assert_eq!(c.duration_minutes, Some(42.0));
        assert_eq!(
            (c.start_note, c.end_note, c.stated_minutes),
            (None, None, None)
        );
    }

    #[test]
    fn a_contradicting_stated_duration_is_kept_aside() {
        let c = card_times(&incident(
            "2024-03-12T14:05:00Z",
            "2024-03-12T16:05:00Z",
            Some(45.0),
        ));
        assert_eq!(c.duration_minutes, Some(120.0));
        assert_eq!(c.stated_minutes, Some(45.0));
    }

    #[test]
    fn a_duration_without_an_end_says_the_end_is_not_stated() {
        let c = card_times(&incident("2021-04-19T09:04:00-04:00", "", Some(135.0)));
        assert_eq!(c.duration_minutes, Some(135.0));
        assert_eq!(c.end, None);
        assert_eq!(c.end_note, Some(END_NOT_STATED));
        let c = card_times(&incident("", "2021-04-19T09:04:00-04:00", Some(10.0)));
        assert_eq!(c.start_note, Some(START_NOT_STATED));
    }

    #[test]
    fn end_before_start_shows_no_duration() {
        let c = card_times(&incident(
            "2024-03-12T14:05:00Z",
            "2024-03-12T13:00:00Z",
            Some(5.0),
        ));
        assert!(c.end_before_start);
        assert_eq!(c.duration_minutes, None);
    }

    #[test]
    fn detect_and_resolve_only_inside_the_incident() {
        let mut inc = incident("2026-04-02T13:05:00Z", "2026-04-02T13:52:00Z", Some(47.0));
        inc.detected_at = t("2026-04-02T13:11:00Z");
        inc.resolved_at = t("2026-04-02T13:52:00Z");
        let c = card_times(&inc);
        assert_eq!(
            (c.detect_minutes, c.resolve_minutes),
            (Some(6.0), Some(47.0))
        );
        // A detection after the end (a zone misread) is not shown.
        inc.detected_at = t("2026-04-02T13:11:00-05:00");
        assert_eq!(card_times(&inc).detect_minutes, None);
    }
}
