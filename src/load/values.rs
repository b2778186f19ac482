//! Front matter values that are dates and times, in the forms people write them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

/// `2023-06-25`, RFC 3339, `2023-06-25 10:00[:00] [+0200]`, `June 25, 2023`, `25 June 2023`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some((t, _)) = parse_datetime(s) {
        return Some(t.date_naive());
    }
    if let Some(d) = crate::text::parse_day(s) {
        return Some(d);
    }
    // A day followed by a time in some other form: the day is what counts.
    let head = s.get(..10)?;
    let rest = &s[10..];
    let joined = rest.is_empty() || rest.starts_with([' ', 'T', 't']);
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .filter(|_| joined)
}

/// RFC 3339, `2023-06-25 10:00:00 +02:00`, or a local `2023-06-25 10:00[:00]` (read as UTC;
/// the flag says a zone was assumed).
pub fn parse_datetime(s: &str) -> Option<(DateTime<FixedOffset>, bool)> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t, false));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some((t, false));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return Some((n.and_utc().fixed_offset(), true));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_the_forms_blogs_write() {
        for s in [
            "2023-06-25",
            "2023-06-25T10:00:00Z",
            "2023-06-25T10:00:00+03:00",
            "2023-06-25 10:00",
            "2023-06-25 10:00:00 +0200",
            "2023-06-25 10:00:00 -07:00",
            "June 25, 2023",
            "25 June 2023",
            "2023/06/25",
        ] {
            assert_eq!(day(s).as_deref(), Some("2023-06-25"), "{s}");
        }
    }

    #[test]
    fn words_and_impossible_days_are_not_dates() {
        for s in ["yesterday", "2023-02-30", "soon", "2023-06-251", "1"] {
            assert_eq!(day(s), None, "{s}");
        }
    }

    #[test]
    fn local_times_are_flagged_as_assumed_utc() {
        let (t, assumed) = parse_datetime("2023-06-25 10:00").unwrap();
        assert!(assumed);
        assert_eq!(t.to_rfc3339(), "2023-06-25T10:00:00+00:00");
        assert!(!parse_datetime("2023-06-25T10:00:00+03:00").unwrap().1);
    }
}
