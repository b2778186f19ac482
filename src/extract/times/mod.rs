//! Dates, times, zones, durations and impact percentages read out of the prose.
//!
//! Front matter wins where it states a fact. Otherwise the body is read as plain lines
//! (`text`), every clock time is tied to its date and zone (`moments`), and the incident window
//! is picked from labelled lines, ranges, a dated sentence or the timeline (`window`).

mod confidence;
mod moments;
mod scan;
mod text;
mod window;
mod words;
mod zones;

use super::{DiagnosticKind, Field, Incident, Origin, Provenance};
use crate::load::FrontMatter;
use chrono::{DateTime, FixedOffset, NaiveDate};
use moments::Doc;
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;
use window::{Point, Window};

/// Fills date, start, end, duration_minutes, impact_percent, detected_at and resolved_at where
/// front matter did not declare them, and timeline entries' `at`. Runs after `extract_facts`.
/// `inc.date` may already hold the front matter date or a file-name date.
pub(crate) fn extract_times(body: &str, line_offset: usize, fm: &FrontMatter, inc: &mut Incident) {
    front_matter(fm, inc);
    let doc = Doc::new(text::prepare(body, line_offset), inc.date);
    let mut found = Vec::new();
    let mut win = window::read(&doc, &mut found);
    if let Some(w) = &mut win {
        for p in std::iter::once(&mut w.start).chain(w.end.as_mut()) {
            if p.zone.is_none() {
                p.zone = doc.doc_zone.clone();
            }
        }
    }
    for (kind, msg, line) in found {
        inc.diagnose(kind, msg, Some(line));
    }
    let fm_start = inc.start.is_some();
    if !fm_start {
        if let Some(w) = &win {
            set_window(&doc, w, inc);
        }
    }
    let declared = declared_date(inc);
    let said = text_day(&doc, inc);
    // A timeline that opens with lead-up days: start on the day the text gives instead (not
    // on a front matter date, which is often the day the post was written).
    if let (false, Some(w), Some((day, _))) = (fm_start, &win, &said) {
        let off_day = inc.start.is_some_and(|s| s.date_naive() != *day);
        if w.how == window::How::Timeline && off_day {
            if let Some(w2) = reanchor(&doc, *day, inc) {
                win = Some(w2);
            }
        }
    }
    let anchor = declared
        .map(|d| (d, Provenance::front_matter()))
        .or_else(|| said.clone());
    read_date(&doc, anchor, inc);
    date_differs(declared, said, inc);
    read_duration(&doc, win.as_ref().filter(|_| !fm_start), inc);
    read_impact(&doc, inc);
    read_detected_resolved(&doc, inc);
    timeline_times(&doc, inc);
    for (idx, bad) in &doc.bad {
        inc.diagnose(
            DiagnosticKind::UnparsedTime,
            format!("`{}` looks like a time but is not one", bad.text),
            Some(doc.lines[*idx].file_line),
        );
    }
}

/// The heading a file line sits under, for provenance.
fn provenance(doc: &Doc, idx: usize) -> Provenance {
    let line = doc.lines[idx].file_line;
    let heading = doc.lines[..=idx]
        .iter()
        .rev()
        .find(|l| l.section && !l.code);
    match heading {
        Some(h) => {
            let name = h
                .text
                .trim()
                .trim_matches(|c: char| c == '#' || c == '>' || c.is_whitespace())
                .trim_end_matches(':')
                .trim();
            if name.is_empty() {
                Provenance::other(Origin::Text, Some(line))
            } else {
                Provenance::section(name, line)
            }
        }
        None => Provenance::other(Origin::Text, Some(line)),
    }
}

fn front_matter(fm: &FrontMatter, inc: &mut Incident) {
    let value = |keys: &[&str], declared: &Option<String>| -> Option<String> {
        declared.clone().or_else(|| {
            keys.iter()
                .find_map(|k| inc.extra.get(*k))
                .and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(m) => {
                        m.values().next().and_then(|v| v.as_str()).map(String::from)
                    }
                    _ => None,
                })
        })
    };
    let start = value(
        &["start_time", "started_at", "start_at", "began"],
        &fm.start,
    );
    let end = value(&["end_time", "ended_at", "end_at", "resolved_at"], &fm.end);
    for (field, v) in [(Field::Start, start), (Field::End, end)] {
        let Some(s) = v else { continue };
        match crate::load::parse_datetime(&s) {
            Some((t, assumed)) => {
                if field == Field::Start {
                    inc.start = Some(t);
                } else {
                    inc.end = Some(t);
                }
                inc.set_provenance(field, Provenance::front_matter());
                if assumed {
                    inc.diagnose(
                        DiagnosticKind::AssumedUtc,
                        format!("front matter `{field}` has no time zone; read as UTC"),
                        None,
                    );
                }
            }
            None => inc.diagnose(
                DiagnosticKind::UnparsedTime,
                format!("front matter `{field}: {s}` is not a date-time"),
                None,
            ),
        }
    }
    if let (Some(s), Some(e)) = (inc.start, inc.end) {
        let minutes = (e - s).num_seconds() as f64 / 60.0;
        if minutes < 0.0 {
            inc.diagnose(
                DiagnosticKind::EndBeforeStart,
                "front matter `end` is before `start`",
                None,
            );
        } else {
            inc.duration_minutes = Some(minutes);
            inc.set_provenance(
                Field::DurationMinutes,
                Provenance::other(Origin::Derived, None),
            );
        }
    }
    if inc.duration_minutes.is_none() {
        let d = inc
            .extra
            .get("duration_minutes")
            .and_then(Value::as_f64)
            .or_else(|| match inc.extra.get("duration") {
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => words::stated_duration(&format!("duration: {s}")),
                _ => None,
            });
        if let Some(d) = d {
            inc.duration_minutes = Some(d);
            inc.set_provenance(Field::DurationMinutes, Provenance::front_matter());
        }
    }
    if let Some(p) = inc.extra.get("impact_percent").and_then(Value::as_f64) {
        inc.impact_percent = Some(p);
        inc.set_provenance(Field::ImpactPercent, Provenance::front_matter());
    }
}

fn set_window(doc: &Doc, w: &Window, inc: &mut Incident) {
    let zone_missing = |p: &Point| p.zone.is_none();
    let start_sure = point_confidence(doc, w.how, &w.start);
    if let Some(t) = w.start.datetime() {
        inc.start = Some(t);
        let p = provenance(doc, doc.moments[w.start.moment].idx).with_confidence(start_sure);
        inc.set_provenance(Field::Start, p);
    }
    if let Some(e) = &w.end {
        if let Some(t) = e.datetime() {
            if inc.start.is_some() {
                inc.end = Some(t);
                let m = &doc.moments[e.moment];
                let sure = match w.how {
                    // A label or range gives both ends together.
                    window::How::Label | window::How::Range => point_confidence(doc, w.how, e),
                    _ => confidence::of_found_end(start_sure, m.entry),
                };
                inc.set_provenance(Field::End, provenance(doc, m.idx).with_confidence(sure));
            }
        }
    }
    if inc.start.is_some() && (zone_missing(&w.start) || w.end.as_ref().is_some_and(zone_missing)) {
        inc.diagnose(
            DiagnosticKind::AssumedUtc,
            "no time zone given for the incident times; read as UTC",
            Some(w.start.file_line),
        );
    }
}

/// How sure a point is: the way it was found, less what was guessed (its zone, its day).
fn point_confidence(doc: &Doc, how: window::How, p: &Point) -> f32 {
    let m = &doc.moments[p.moment];
    let zone_written = m.zone.is_some() || doc.doc_zone.is_some();
    confidence::of_point(how, zone_written, m.day_written)
}

/// The confidence recorded for a field, if any.
/// A window whose length the text also states (`for 45 minutes`, then a timeline from 14:02 to
/// 14:47) is confirmed by it: its end and length are as sure as the stated duration at least.
fn confirm_by_stated_duration(inc: &mut Incident) {
    for field in [Field::End, Field::ResolvedAt, Field::DurationMinutes] {
        if let Some(p) = inc.provenance.get_mut(&field) {
            if let Some(c) = p.confidence {
                p.confidence = Some(c.max(confidence::STATED_DURATION));
            }
        }
    }
}

fn confidence_of(inc: &Incident, field: Field) -> Option<f32> {
    inc.provenance.get(&field).and_then(|p| p.confidence)
}

static INCIDENT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:outage|incident date|incident|began|begun|started|starting|experienced|occurred|happened|went down|was down|were down|became|broke|crashed|failed|failure|disruption|downtime|exposed|unavailable|unreachable|unresponsive|affected|impacted)\b")).unwrap()
});

/// A front matter `date` other than the day the start or the text gives is worth a look: it is
/// often the day the post was written.
fn date_differs(
    declared: Option<NaiveDate>,
    said: Option<(NaiveDate, Provenance)>,
    inc: &mut Incident,
) {
    let Some(fm) = declared else { return };
    let (message, line) = match (inc.date, said) {
        (Some(d), _) if d != fm => (
            format!("front matter date {fm} differs from the day the incident started, {d}; the start's day is used"),
            inc.provenance.get(&Field::Date).and_then(|p| p.line),
        ),
        (_, Some((d, p))) if d != fm => (
            format!("front matter date {fm} differs from the day the text gives, {d}; the front matter date is used"),
            p.line,
        ),
        _ => return,
    };
    inc.diagnose(DiagnosticKind::DateDiffers, message, line);
}

/// The front matter `date`, when declared.
fn declared_date(inc: &Incident) -> Option<NaiveDate> {
    inc.date.filter(|_| {
        inc.provenance
            .get(&Field::Date)
            .is_some_and(|p| !p.is_extracted())
    })
}

/// The timeline's window from its first entry on `day`, set as the incident's.
fn reanchor(doc: &Doc, day: NaiveDate, inc: &mut Incident) -> Option<Window> {
    let mut w = window::timeline_on(doc, day)?;
    for p in std::iter::once(&mut w.start).chain(w.end.as_mut()) {
        if p.zone.is_none() {
            p.zone = doc.doc_zone.clone();
        }
    }
    inc.start = None;
    inc.end = None;
    set_window(doc, &w, inc);
    Some(w)
}

/// The day the incident began (LABELS: from the start, the front matter, or the text): the
/// start's day when a start is known; else the anchor (front matter `date`, or a dated
/// sentence about the incident or a dated title); else the file-name date or the first date
/// written outside the follow-ups.
fn read_date(doc: &Doc, anchor: Option<(NaiveDate, Provenance)>, inc: &mut Incident) {
    if let (Some(s), Some(mut p)) = (inc.start, inc.provenance.get(&Field::Start).cloned()) {
        inc.date = Some(s.date_naive());
        if let Some(sure) = p.confidence {
            p = p.with_confidence(confidence::of_day_from_start(sure));
        }
        inc.set_provenance(Field::Date, p);
        return;
    }
    if let Some((day, p)) = anchor {
        inc.date = Some(day);
        inc.set_provenance(Field::Date, p);
        return;
    }
    if inc.date.is_some() {
        return; // the file name's date
    }
    if let Some((day, idx)) = dated(doc, &|idx| !doc.follow_up[idx]) {
        inc.date = Some(day);
        let sure = confidence::of_day(confidence::DayFrom::FirstDate);
        inc.set_provenance(Field::Date, provenance(doc, idx).with_confidence(sure));
    }
}

/// The first date on a line that passes `pred`, outside code, quotes and follow-ups' dates.
fn dated(doc: &Doc, pred: &dyn Fn(usize) -> bool) -> Option<(NaiveDate, usize)> {
    for (idx, ds) in doc.dates.iter().enumerate() {
        let l = &doc.lines[idx];
        if l.code || l.quoted || doc.not_incident_line(idx) || !pred(idx) {
            continue;
        }
        for d in ds {
            if let (Some(day), _) = doc.resolve(idx, d) {
                return Some((day, idx));
            }
        }
    }
    None
}

/// The day the text gives the incident: a dated sentence about it, the document's dated
/// title, or a date in the front matter title (`DNS outage on 2023-01-25`).
fn text_day(doc: &Doc, inc: &Incident) -> Option<(NaiveDate, Provenance)> {
    let sentence = dated(doc, &|idx| {
        !doc.follow_up[idx] && INCIDENT_WORDS.is_match(&doc.lines[idx].text)
    });
    let first_text = doc.lines.iter().position(|l| !l.text.trim().is_empty());
    let title = dated(doc, &|idx| {
        doc.lines[idx].heading || Some(idx) == first_text
    })
    .filter(|(_, idx)| {
        // Only the document's title: the first heading or first line.
        doc.lines[..*idx]
            .iter()
            .all(|l| !l.heading || l.text.trim().is_empty())
    });
    if let Some((day, idx)) = sentence.or(title) {
        let sure = confidence::of_day(confidence::DayFrom::Text);
        return Some((day, provenance(doc, idx).with_confidence(sure)));
    }
    let fm_title = inc.title.as_deref().filter(|_| {
        inc.provenance
            .get(&Field::Title)
            .is_some_and(|p| !p.is_extracted())
    })?;
    let day = scan::dates(fm_title)
        .first()
        .and_then(|d| doc.resolve(0, d).0)?;
    Some((day, Provenance::front_matter()))
}

fn read_duration(doc: &Doc, win: Option<&Window>, inc: &mut Incident) {
    let stated = doc.lines.iter().enumerate().find_map(|(idx, l)| {
        if l.code || l.quoted {
            return None;
        }
        words::stated_duration(&l.text).map(|d| (d, idx))
    });
    let from_window = win.and_then(|w| w.minutes().filter(|m| *m > 0.0).map(|m| (m, w)));
    let disagrees =
        |have: f64| stated.is_some_and(|(said, _)| (have - said).abs() > 2.0_f64.max(said * 0.1));
    if inc.duration_minutes.is_none() {
        if let Some((m, w)) = from_window {
            let minutes = (m * 100.0).round() / 100.0;
            inc.duration_minutes = Some(minutes);
            let line = w.end.as_ref().map_or(w.start.file_line, |e| e.file_line);
            let mut p = Provenance::other(Origin::Derived, Some(line));
            if let (Some(s), Some(e)) = (
                confidence_of(inc, Field::Start),
                confidence_of(inc, Field::End),
            ) {
                p = p.with_confidence(confidence::of_derived_duration(s, e, disagrees(minutes)));
            }
            inc.set_provenance(Field::DurationMinutes, p);
            if stated.is_some() && !disagrees(minutes) {
                confirm_by_stated_duration(inc);
            }
        } else if let Some((d, idx)) = stated {
            inc.duration_minutes = Some(d);
            let p = provenance(doc, idx).with_confidence(confidence::STATED_DURATION);
            inc.set_provenance(Field::DurationMinutes, p);
            return;
        }
    }
    if let (Some(have), Some((said, idx))) = (inc.duration_minutes, stated) {
        if disagrees(have) {
            inc.diagnose(
                DiagnosticKind::DurationMismatch,
                format!(
                    "the text states a duration of {said} minutes but start and end give {have}; start and end are kept"
                ),
                Some(doc.lines[idx].file_line),
            );
        }
    }
}

fn read_impact(doc: &Doc, inc: &mut Incident) {
    if inc.impact_percent.is_some() {
        return;
    }
    let mut best: Option<(f64, u8, usize)> = None;
    for (idx, l) in doc.lines.iter().enumerate() {
        if l.code || l.quoted {
            continue;
        }
        if let Some((p, strength)) = words::impact_percent(&l.text) {
            if best.is_none_or(|b| strength > b.1) {
                best = Some((p, strength, idx));
            }
            if strength == 2 {
                break;
            }
        }
    }
    if let Some((p, strength, idx)) = best {
        inc.impact_percent = Some(p);
        let sure = confidence::of_impact(strength);
        inc.set_provenance(
            Field::ImpactPercent,
            provenance(doc, idx).with_confidence(sure),
        );
    }
}

static DETECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:detect\w*|alert\w*|noticed?|notices|reported|reports?|discovered|paged|first report|became aware)\b")).unwrap()
});

fn moment_time(doc: &Doc, i: usize) -> Option<DateTime<FixedOffset>> {
    let m = &doc.moments[i];
    let p = Point {
        day: m.day,
        time: chrono::NaiveTime::from_hms_opt(m.clock.hour24(), m.clock.minute, m.clock.second)?,
        zone: m.zone.clone().or_else(|| doc.doc_zone.clone()),
        moment: i,
        file_line: doc.lines[m.idx].file_line,
    };
    p.datetime()
}

fn read_detected_resolved(doc: &Doc, inc: &mut Incident) {
    let start = inc.start;
    let after_start = |t: &DateTime<FixedOffset>| start.is_none_or(|s| *t >= s);
    if inc.detected_at.is_none() {
        let found = (0..doc.moments.len()).find_map(|i| {
            let m = &doc.moments[i];
            if doc.lines[m.idx].quoted || !DETECTED.is_match(&window::clause(doc, m)) {
                return None;
            }
            moment_time(doc, i).filter(after_start).map(|t| (t, m.idx))
        });
        if let Some((t, idx)) = found {
            inc.detected_at = Some(t);
            inc.set_provenance(Field::DetectedAt, provenance(doc, idx));
        }
    }
    if inc.resolved_at.is_none() && inc.end.is_some() {
        inc.resolved_at = inc.end;
        if let Some(p) = inc.provenance.get(&Field::End).cloned() {
            inc.set_provenance(Field::ResolvedAt, p);
        }
    }
    if inc.resolved_at.is_none() {
        let found = (0..doc.moments.len()).find_map(|i| {
            let m = &doc.moments[i];
            if doc.lines[m.idx].quoted || !window::resolves(doc, i) {
                return None;
            }
            moment_time(doc, i).filter(after_start).map(|t| (t, m.idx))
        });
        if let Some((t, idx)) = found {
            inc.resolved_at = Some(t);
            inc.set_provenance(Field::ResolvedAt, provenance(doc, idx));
        }
    }
}

/// Timeline entries (found by the facts reader) get the date-time of the time on their line.
fn timeline_times(doc: &Doc, inc: &mut Incident) {
    for entry in &mut inc.timeline {
        if entry.at.is_some() {
            continue;
        }
        let i = doc
            .moments
            .iter()
            .position(|m| doc.lines[m.idx].file_line == entry.line);
        if let Some(i) = i {
            entry.at = moment_time(doc, i);
        }
    }
}

#[cfg(test)]
mod tests;
