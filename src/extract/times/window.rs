//! The incident window: when it began and ended, read from labelled `Start Time:` lines, ranges
//! (`from 3:30 pm to 6:00 pm GMT`), a dated opening sentence, or the timeline.

use super::moments::{Doc, Moment, UpdateStage};
use super::zones::Zone;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use regex::Regex;
use std::sync::LazyLock;

/// One end of the window.
#[derive(Debug, Clone)]
pub struct Point {
    pub day: Option<NaiveDate>,
    pub time: NaiveTime,
    pub zone: Option<Zone>,
    /// Index of the moment it came from.
    pub moment: usize,
    pub file_line: usize,
}

impl Point {
    /// The date-time when the day is known; a missing zone reads as UTC.
    pub fn datetime(&self) -> Option<DateTime<FixedOffset>> {
        let off = FixedOffset::east_opt(offset(&self.zone, self.day, self.time) * 60)?;
        off.from_local_datetime(&self.day?.and_time(self.time))
            .single()
    }
}

/// A point's offset in minutes; no zone reads as UTC.
fn offset(zone: &Option<Zone>, day: Option<NaiveDate>, time: NaiveTime) -> i32 {
    zone.as_ref().map_or(0, |z| z.offset_at(day, time))
}

/// How the window's start was found, most reliable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A `Start Time:` / `End:` label.
    Label,
    /// A range such as `from 3:30 pm to 6:00 pm GMT`.
    Range,
    /// A dated sentence about the incident.
    Sentence,
    /// The updates of a status page (`Investigating - ... Posted Mar 12, 2024 - 14:55 UTC`).
    StatusPage,
    /// The first entry of the timeline.
    Timeline,
    /// Not a window of the document: two points compared.
    Probe,
}

#[derive(Debug, Clone)]
pub struct Window {
    pub start: Point,
    pub end: Option<Point>,
    /// How the start was found.
    pub how: How,
}

impl Window {
    /// End minus start in minutes, when both clocks are known (a missing day is shared).
    pub fn minutes(&self) -> Option<f64> {
        let end = self.end.as_ref()?;
        let base = NaiveDate::from_ymd_opt(2000, 1, 1)?;
        let sd = self.start.day.or(end.day).unwrap_or(base);
        let ed = end.day.or(self.start.day).unwrap_or(base);
        let so = offset(&self.start.zone, Some(sd), self.start.time) as i64;
        let eo = offset(&end.zone, Some(ed), end.time) as i64;
        let s = sd.and_time(self.start.time) - Duration::minutes(so);
        let e = ed.and_time(end.time) - Duration::minutes(eo);
        let mut minutes = (e - s).num_seconds() as f64 / 60.0;
        // Two clocks and no day at all: an end before the start crossed midnight.
        if minutes < 0.0 && self.start.day.is_none() && end.day.is_none() {
            minutes += 1440.0;
        }
        Some(minutes)
    }
}

/// Problems found on the way, for diagnostics: (kind, message, file line).
pub type Found = Vec<(crate::extract::DiagnosticKind, String, usize)>;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?P<which>start|end|began|begin|ended|resolved|restored|recovered|from|to|until|time of (?:the )?(?:incident|outage))(?:[\s_-]*(?:time|date|date/time|datetime|at|on))?\s*:")).unwrap()
});
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,()]*(?:(?:approximately|approx\.?|about|around|roughly|~)\s*)?(?P<sep>--|-|–|—|―|to|until|till|through|thru|and(?:\s+(?:ending|ended|ends|finishing))?|bis|und|a|à|às|hasta|y|et|e|até|jusqu['’]à|~|→|->)[\s,()]*(?:(?:at|on|approximately|approx\.?|about|around|roughly|~|(?:mon|tues|wednes|thurs|fri|satur|sun)day)[\s,()]*)*$").unwrap()
});
static FROM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"(?i)\b(?:from|between|von|zwischen|de|desde|entre|das)\s+(?:(?:las|les)\s+)?(?:approximately\s+|about\s+|around\s+|ca\.\s+)?$",
    ))
    .unwrap()
});
static TO_AFTER_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^,[^;]{1,120},\s*(?:to|until|till|and)\s+(?:approximately\s+|about\s+|around\s+)?$",
    )
    .unwrap()
});
static END_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:until|till|ending|ended|ends|as of|came back(?: up| online)?|was back(?: up| online)?|(?:full )?recovery|(?:mitigated|resolved|solved|restored|recovered|fixed|remediated|operational|back (?:up|online))\s+(?:at|by|around|as of|on)|(?:ended|resolved|restored|recovered|mitigated)(?:[\s_-]*(?:time|at|on))?\s*:)[^.;]{0,40}$")).unwrap()
});
static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?ix)
        \b(?:fully|completely)\s+(?:restored|recovered|operational|functional|resolved|back)\b
      | \b(?:issue|incident|outage|problem|service|services|site|website|system|systems|platform|application|everything|access)\b[^.;:]{0,25}?\b(?:resolved|solved|restored|recovered|fixed|closed|back\s+(?:up|online|to\s+normal)|operational\s+again|functional\s+again)\b
      | \bback\s+(?:online|up\s+and\s+running|to\s+normal)\b
      | \bcame\s+back\b
      | \bfull\s+recovery\b
      | \brecovery\s+(?:confirmed|complete|completed)\b
      | \b(?:outage|incident|downtime)\s+(?:ends|ended|is\s+over)\b
      | \bnormal\s+(?:service|operations?|functionality)\b[^.;]{0,20}\b(?:restored|resumed)\b
      | \b(?:returned|back)\s+to\s+(?:normal|baseline)\b
      | \b(?:operating|working|functioning|running)\s+(?:normally|properly|correctly|as\s+expected)\b
      | \b(?:healthy|stable)\s+again\b
      | \b(?:restored|resumed)\s+normal\b
      | \bincident\s+closed\b
      | \b(?:service|services|site|website|system|systems|platform|application|api)\s+(?:is\s+|are\s+|was\s+|were\s+|became\s+)?(?:fully\s+)?operational\b
      | \b(?:was|were|is|are|has\s+been|have\s+been)\s+(?:fully\s+)?(?:resolved|solved|mitigated|fixed|restored)\b
      | \bmitigated\b
      | \b(?:flow(?:ed|ing)|processing|available|succeed(?:s|ed|ing)?|respond(?:s|ed|ing)|load(?:s|ed|ing)|reachable|accessible)\s+again\b
      | \b(?:payments?|requests?|jobs?|builds?|logins?|traffic|queries|orders?|deliveries|e-?mails?|mail|deploys?|checkouts?)\b(?:[^.;:]{0,25}?\b(?:recovered|resumed)|\s+(?:recover|resume)s?)\b
      | \b(?:backlogs?|queues?)\b[^.;:]{0,20}?\b(?:cleared|drained|caught\s+up)\b
      | \b(?:errors?|error\s+rates?|failures|alerts?|timeouts)\b[^.;:]{0,15}?\b(?:stop(?:ped|s)?|subsided|ceased|cleared)\b
      | \breinstated\b
    ")).unwrap()
});
static IMPACT_BEGINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?ix)
        \b(?:outage|incident|downtime|disruption|impact)\s+(?:begins|began|starts|started)\b
      | \b(?:start(?:s|ed)?|begin(?:s|ning)?|began)\s+(?:seeing|to\s+see|experiencing|receiving|getting|failing|returning|running\s+into|having)\b
      | \berror\s+rates?\b[^.;]{0,30}\b(?:starts?|started|begins?|began)\s+(?:rising|to\s+rise|climbing|increasing)\b
      | \b(?:went|goes|is|was)\s+(?:hard\s+)?down\b
      | \bbecame\s+(?:unavailable|unreachable|unresponsive)\b
    ")).unwrap()
});
static LEARNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:informed|notified|told|reports?|reported|reporting|noticed?|notices|alerted|discovered|learn(?:s|ed)|became aware|complain\w*)\b")).unwrap()
});
static BEGAN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:began|begun|started|starting|start(?:ed)? at|went down|occurred|first (?:errors?|failures?))\b[^.;]{0,25}$")).unwrap()
});
static PLACEHOLDER_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"(?i)^[^\p{L}\p{N}?]*(?:\[\s*\?+|\?\?|xx:xx|tbd\b)",
    ))
    .unwrap()
});

/// Words of recovery inside a check are a question, not an answer (`checking that everything
/// is running properly`).
static ASKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:checking|testing|ensuring|making\s+sure|to\s+(?:check|see|test|ensure|verify|make\s+sure)|check(?:ed)?\s+(?:if|whether|that)|whether|if)\b[^.;]{0,40}$")).unwrap()
});
/// `It would be 11:25 UTC before jobs flowed again`: the time said before "before" is when
/// they did.
static WOULD_BE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:would\s+be|was|was\s+not\s+until|wasn't\s+until)\s+[^.;]{1,30}\bbefore\s+[^.;,]{0,20}$")
        .unwrap()
});
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:not|never|failed to|fails to|unable to|without|before)\b|n't)[^.;,]{0,20}$",
    )
    .unwrap()
});

/// True when the sentence around the moment says service came back (`Service fully restored`,
/// not `failed to come back online`). In a sentence with several times, the time that follows
/// the words of recovery is the one they speak of (`restarted at 2:20 and fully operational by
/// 2:30`); a time before them counts only when none follows.
pub fn resolves(doc: &Doc, i: usize) -> bool {
    let m = &doc.moments[i];
    if m.entry {
        let c = clause(doc, m);
        return RESOLVED
            .find_iter(&c)
            .any(|r| !NEGATED.is_match(&c[..r.start()]) && !ASKING.is_match(&c[..r.start()]));
    }
    let text = &doc.lines[m.idx].text;
    let (from, to) = sentence_bounds(text, m.start, m.end);
    let sentence = &text[from..to];
    let in_sentence: Vec<usize> = doc
        .moments
        .iter()
        .filter(|o| o.idx == m.idx && o.start >= from && o.end <= to)
        .map(|o| o.start)
        .collect();
    RESOLVED.find_iter(sentence).any(|r| {
        let before = &sentence[..r.start()];
        let negated = NEGATED.is_match(before) && !WOULD_BE_BEFORE.is_match(before);
        if negated || ASKING.is_match(before) {
            return false;
        }
        let at = from + r.start();
        match in_sentence.iter().find(|&&s| s >= at) {
            Some(&after) => after == m.start,
            None => in_sentence.iter().rev().find(|&&s| s < at) == Some(&m.start),
        }
    })
}

/// The sentence around `start..end` in a line.
pub fn sentence_of(text: &str, start: usize, end: usize) -> &str {
    let (from, to) = sentence_bounds(text, start, end);
    &text[from..to]
}

/// Byte range of the sentence around `start..end` in a line.
fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let from = text[..start].rfind(". ").map_or(0, |p| p + 2);
    let to = text[end..].find(". ").map_or(text.len(), |p| end + p + 1);
    (from, to)
}

/// The sentence a moment sits in. A timeline entry: its whole line, and for a heading entry
/// (`### 22:03`) the lines under it.
pub fn clause(doc: &Doc, m: &Moment) -> String {
    let line = &doc.lines[m.idx];
    let text = &line.text;
    if m.entry {
        let mut out = text.clone();
        if line.heading {
            for next in doc.lines[m.idx + 1..].iter().take(6) {
                if next.heading {
                    break;
                }
                out.push(' ');
                out.push_str(&next.text);
            }
        }
        return out;
    }
    let (from, to) = sentence_bounds(text, m.start, m.end);
    text[from..to].to_string()
}

fn ends_something(doc: &Doc, i: usize) -> bool {
    let m = &doc.moments[i];
    let text = &doc.lines[m.idx].text;
    END_CUE.is_match(&text[..m.start]) || (!m.entry && resolves(doc, i))
}

fn point(doc: &Doc, i: usize, time: NaiveTime) -> Point {
    let m = &doc.moments[i];
    Point {
        day: m.day,
        time,
        zone: m.zone.clone(),
        moment: i,
        file_line: doc.lines[m.idx].file_line,
    }
}

fn time_of(m: &Moment) -> NaiveTime {
    NaiveTime::from_hms_opt(m.clock.hour24(), m.clock.minute, m.clock.second).unwrap_or_default()
}

fn usable(doc: &Doc, m: &Moment) -> bool {
    !doc.lines[m.idx].quoted && !doc.not_incident_line(m.idx)
}

/// Moves an end whose day was not written past its start (`11:00 PM to 1:00 AM`).
fn roll_end(doc: &Doc, start: &Point, end: &mut Point) {
    let m = &doc.moments[end.moment];
    let shared = m.date_after
        && doc
            .moments
            .get(start.moment)
            .is_some_and(|s| s.idx == m.idx && !s.day_written);
    if m.day_written && end.day.is_some() && !shared {
        return;
    }
    end.day = start.day.or(end.day);
    let w = Window {
        start: start.clone(),
        end: Some(end.clone()),
        how: How::Probe,
    };
    if w.minutes().is_some_and(|m| m < 0.0) {
        end.day = end.day.and_then(|d| d.succ_opt());
    }
}

/// A start and end read together: they share zone, meridiem and day.
fn pair(doc: &Doc, a: usize, b: usize) -> (Point, Point) {
    let (ma, mb) = (&doc.moments[a], &doc.moments[b]);
    let mut ta = time_of(ma);
    let tb = time_of(mb);
    if ma.clock.pm.is_none() && mb.clock.pm.is_some() && ma.clock.hour <= 12 {
        let mut shared = ma.clock.clone();
        shared.pm = mb.clock.pm;
        let t =
            NaiveTime::from_hms_opt(shared.hour24(), shared.minute, shared.second).unwrap_or(ta);
        let mut other = ma.clock.clone();
        other.pm = mb.clock.pm.map(|p| !p);
        let o = NaiveTime::from_hms_opt(other.hour24(), other.minute, other.second).unwrap_or(ta);
        ta = if t <= tb || o > tb { t } else { o };
    }
    let mut pa = point(doc, a, ta);
    let mut pb = point(doc, b, tb);
    if pa.zone.is_none() {
        pa.zone = pb.zone.clone();
    }
    if pb.zone.is_none() {
        pb.zone = pa.zone.clone();
    }
    // `between 03:35 and 02:30 UTC on November 11`: the trailing date is the range's.
    let range_date = !ma.day_written && mb.day_written && mb.date_after && ma.idx == mb.idx;
    if range_date {
        pa.day = mb.day;
    }
    if !mb.day_written || range_date {
        pb.day = pa.day;
    }
    // Ambiguous numeric dates: the reading that gives the shorter positive span.
    let swaps = (ma.day_swapped.is_some() || mb.day_swapped.is_some()) && mb.day_written;
    if let (true, Some(sa), Some(sb)) =
        (swaps, ma.day_swapped.or(pa.day), mb.day_swapped.or(pb.day))
    {
        let plain = Window {
            start: pa.clone(),
            end: Some(pb.clone()),
            how: How::Probe,
        }
        .minutes();
        let mut qa = pa.clone();
        let mut qb = pb.clone();
        qa.day = Some(sa);
        qb.day = Some(sb);
        let swapped = Window {
            start: qa.clone(),
            end: Some(qb.clone()),
            how: How::Probe,
        }
        .minutes();
        if let (Some(p), Some(s)) = (plain, swapped) {
            if s >= 0.0 && (p < 0.0 || s < p) {
                pa = qa;
                pb = qb;
            }
        }
    }
    roll_end(doc, &pa.clone(), &mut pb);
    (pa, pb)
}

fn is_range(doc: &Doc, a: usize, b: usize) -> bool {
    let (ma, mb) = (&doc.moments[a], &doc.moments[b]);
    if ma.idx != mb.idx || mb.start < ma.end {
        return false;
    }
    let text = &doc.lines[ma.idx].text;
    let between = &text[ma.end..mb.start];
    // `from <A>, when ..., to <B>`: an aside between the two ends of a range.
    let aside = FROM_BEFORE.is_match(&text[..ma.start])
        && TO_AFTER_ASIDE.is_match(between)
        && !between.contains(". ");
    if aside {
        return true;
    }
    let Some(c) = SEPARATOR.captures(between) else {
        return false;
    };
    let sep = c["sep"].to_ascii_lowercase();
    sep != "and" || text[..ma.start].to_ascii_lowercase().contains("between")
}

/// The moment a `Start Time:` / `End:` label introduces, on its line or the next lines.
fn labelled(doc: &Doc, want_start: bool) -> Option<usize> {
    for (idx, line) in doc.lines.iter().enumerate() {
        if line.code || line.quoted {
            continue;
        }
        for c in LABEL.captures_iter(&line.text) {
            let which = c["which"].to_ascii_lowercase();
            let is_start = which.starts_with("start")
                || which.starts_with("beg")
                || which == "from"
                || which.starts_with("time of");
            if is_start != want_start {
                continue;
            }
            let at = c.get(0).unwrap().end();
            let next = doc
                .moments
                .iter()
                .position(|m| (m.idx == idx && m.start >= at) || (m.idx > idx && m.idx <= idx + 2));
            if let Some(i) = next {
                // Not when another label comes first (`Start Time: [TBD]` then `End Time: 10:00`).
                let m = &doc.moments[i];
                let between = if m.idx == idx {
                    &line.text[at..m.start]
                } else {
                    &line.text[at..]
                };
                // The value follows the label closely (`Escalated to: DevOps ... at 10:00` is no end).
                let close = between.trim().chars().count() <= 12;
                if !LABEL.is_match(between)
                    && ((m.idx == idx && close) || line.text[at..].trim().is_empty())
                {
                    return Some(i);
                }
            }
        }
    }
    None
}

/// The first entry of a timeline that begins with an unknown time (`[???] disks filled`).
fn unknown_first_entry(doc: &Doc, m: &Moment) -> bool {
    let mut idx = m.idx;
    while idx > 0 {
        idx -= 1;
        let l = &doc.lines[idx];
        if l.heading {
            return false;
        }
        if PLACEHOLDER_TIME.is_match(&l.text) {
            return true;
        }
        if m.idx - idx > 3 {
            return false;
        }
    }
    false
}

/// The first end after `start`: a labelled end, `until 5:01 PM`, or a timeline entry saying
/// service came back.
fn find_end(doc: &Doc, start: &Point) -> Option<Point> {
    // After the start first; an `As of ... UTC, fixed` sentence may come before the timeline.
    let order = (start.moment + 1..doc.moments.len()).chain(0..start.moment);
    for i in order {
        let m = &doc.moments[i];
        if !usable(doc, m) || !(ends_something(doc, i) || m.entry && resolves(doc, i)) {
            continue;
        }
        let mut p = point(doc, i, time_of(m));
        if p.zone.is_none() {
            p.zone = start.zone.clone();
        }
        roll_end(doc, start, &mut p);
        let w = Window {
            start: start.clone(),
            end: Some(p.clone()),
            how: How::Probe,
        };
        if w.minutes().is_some_and(|x| x > 0.0) {
            return Some(p);
        }
    }
    None
}

/// Reads the window; problems found on the way go to `found`.
pub fn read(doc: &Doc, found: &mut Found) -> Option<Window> {
    if let Some(w) = labelled_window(doc, found) {
        return Some(w);
    }
    if let Some(w) = status_page_window(doc) {
        return Some(w);
    }
    if let Some(w) = prose_window(doc, found) {
        return Some(w);
    }
    timeline_window(doc)
}

/// The window of `Start:` / `End:` labels, when they do not end before they begin.
fn labelled_window(doc: &Doc, found: &mut Found) -> Option<Window> {
    let s = labelled(doc, true)?;
    let (start, end) = match labelled(doc, false).filter(|&e| e > s) {
        Some(e) => {
            let (a, b) = pair(doc, s, e);
            (a, Some(b))
        }
        // `Start: 10:00 AM - 12:00 PM`.
        None if s + 1 < doc.moments.len() && is_range(doc, s, s + 1) => {
            let (a, b) = pair(doc, s, s + 1);
            (a, Some(b))
        }
        None => (point(doc, s, time_of(&doc.moments[s])), None),
    };
    let w = Window {
        start,
        end,
        how: How::Label,
    };
    if w.minutes().is_none_or(|m| m >= 0.0) {
        return Some(w);
    }
    found.push((
        crate::extract::DiagnosticKind::EndBeforeStart,
        "the labelled end time is before the start time".into(),
        w.end.as_ref().map_or(w.start.file_line, |e| e.file_line),
    ));
    None
}

/// The window of a status page's updates, which are listed newest first: it starts at the
/// earliest update and ends at the `Resolved` one. Needs two dated updates.
fn status_page_window(doc: &Doc) -> Option<Window> {
    // Each update's time is the last dated moment on its line (`... Posted Mar 12, 2024 - 16:42`)
    // or, when its line has none, on the line below it (`Mar 12, 2024 - 16:42 UTC`).
    let dated_on = |idx: usize| {
        doc.moments
            .iter()
            .rposition(|m| m.idx == idx && m.day.is_some())
    };
    let updates: Vec<(UpdateStage, Point)> = (0..doc.lines.len())
        .filter_map(|idx| {
            let stage = doc.updates[idx]?;
            let i = dated_on(idx).or_else(|| {
                let below = doc.update_time_line(idx)?;
                dated_on(below)
            })?;
            let p = point(doc, i, time_of(&doc.moments[i]));
            Some((stage, p))
        })
        .collect();
    if updates.len() < 2 {
        return None;
    }
    let at = |p: &Point| p.datetime();
    let start = updates
        .iter()
        .filter(|(_, p)| at(p).is_some())
        .min_by_key(|(_, p)| at(p))?
        .1
        .clone();
    let end = updates
        .iter()
        .filter(|(stage, p)| *stage == UpdateStage::Resolved && at(p) > at(&start))
        .max_by_key(|(_, p)| at(p))
        .map(|(_, p)| p.clone());
    Some(Window {
        start,
        end,
        how: How::StatusPage,
    })
}

/// The first time range (`10:00-11:30`) or sentence time outside the timeline.
fn prose_window(doc: &Doc, found: &mut Found) -> Option<Window> {
    let mut i = 0;
    while i < doc.moments.len() {
        let m = &doc.moments[i];
        if m.entry || !usable(doc, m) {
            i += 1;
            continue;
        }
        if i + 1 < doc.moments.len() && is_range(doc, i, i + 1) {
            let (a, b) = pair(doc, i, i + 1);
            let w = Window {
                start: a,
                end: Some(b),
                how: How::Range,
            };
            if w.minutes().is_some_and(|x| x >= 0.0) {
                return Some(w);
            }
            found.push((
                crate::extract::DiagnosticKind::EndBeforeStart,
                "a time range ends before it starts; ignored".into(),
                doc.lines[m.idx].file_line,
            ));
            i += 2;
            continue;
        }
        if ends_something(doc, i) {
            i += 1;
            continue;
        }
        // A sentence after the timeline has begun is commentary, not the start.
        if first_entry(doc).is_some_and(|f| f < i) {
            i += 1;
            continue;
        }
        return Some(sentence_window(doc, i));
    }
    None
}

/// The window a sentence's time at moment `i` starts, unless the timeline starts earlier.
fn sentence_window(doc: &Doc, i: usize) -> Window {
    let m = &doc.moments[i];
    // `detected at 10:05 AM ... after it began at 9:50 AM`: the beginning on the same line.
    let i = (i + 1..doc.moments.len())
        .take_while(|&j| doc.moments[j].idx == m.idx)
        .find(|&j| {
            let n = &doc.moments[j];
            let before = &doc.lines[n.idx].text[..n.start];
            BEGAN_CUE.is_match(before)
                && time_of(n) < time_of(m)
                && n.day.is_some() == m.day.is_some()
        })
        .unwrap_or(i);
    let m = &doc.moments[i];
    let start = point(doc, i, time_of(m));
    // A sentence such as `reportedly down at 1am` loses to a timeline that starts earlier.
    if let Some(t) = timeline_start(doc) {
        // A date written beside the sentence's time beats a day the timeline only inherits.
        let written = |p: &Point| doc.moments[p.moment].day_written;
        let inherited = written(&start) && !written(&t) && t.day != start.day;
        let earlier = match (t.day, start.day) {
            _ if inherited => false,
            (Some(_), Some(_)) => Window {
                start: t.clone(),
                end: Some(start.clone()),
                how: How::Probe,
            }
            .minutes()
            .is_some_and(|x| x > 0.0),
            (None, None) => t.time < start.time,
            _ => false,
        };
        if earlier {
            return timeline_from(doc, t);
        }
    }
    let end = find_end(doc, &start);
    Window {
        start,
        end,
        how: How::Sentence,
    }
}

/// The window from the timeline's first entry.
fn timeline_window(doc: &Doc) -> Option<Window> {
    Some(timeline_from(doc, timeline_start(doc)?))
}

/// The window from the first timeline entry on `day` (when the timeline opens with lead-up
/// events from earlier days).
pub fn timeline_on(doc: &Doc, day: NaiveDate) -> Option<Window> {
    let first = doc
        .moments
        .iter()
        .position(|m| m.entry && usable(doc, m) && m.day == Some(day))?;
    let start = point(doc, first, time_of(&doc.moments[first]));
    Some(timeline_from(doc, start))
}

/// A timeline window from `start` to the first end after it ([`find_end`]).
fn timeline_from(doc: &Doc, start: Point) -> Window {
    let end = find_end(doc, &start);
    Window {
        start,
        end,
        how: How::Timeline,
    }
}

/// Index of the first timeline entry's time.
fn first_entry(doc: &Doc) -> Option<usize> {
    doc.moments
        .iter()
        .position(|m| m.entry && usable(doc, m) && !doc.lines[m.idx].code)
}

/// Where the timeline says the incident began, unless it opens with an unknown time.
fn timeline_start(doc: &Doc) -> Option<Point> {
    let first = first_entry(doc)?;
    if unknown_first_entry(doc, &doc.moments[first]) {
        return None;
    }
    // A timeline that opens with the change that caused it (`merged a change`) and then says
    // when the impact began (`Customers start seeing 500 errors`) starts at the impact.
    // `We are informed that the site is down` says when it was noticed, not when it began.
    let begins = |i: usize| {
        let c = clause(doc, &doc.moments[i]);
        IMPACT_BEGINS.is_match(&c) && !LEARNED.is_match(&c)
    };
    let start = if begins(first) {
        first
    } else {
        (first + 1..doc.moments.len())
            .filter(|&i| doc.moments[i].entry && usable(doc, &doc.moments[i]))
            .take(4)
            .find(|&i| begins(i))
            .unwrap_or(first)
    };
    Some(point(doc, start, time_of(&doc.moments[start])))
}

#[cfg(test)]
mod tests {
    use super::super::text::prepare;
    use super::*;

    fn window(s: &str) -> (Option<Window>, Found) {
        let doc = Doc::new(prepare(s, 0), None);
        let mut found = Vec::new();
        (read(&doc, &mut found), found)
    }

    fn span(s: &str) -> (String, Option<f64>) {
        let w = window(s).0.expect(s);
        (
            w.start
                .datetime()
                .map_or("-".into(), |d| d.format("%Y-%m-%dT%H:%M%:z").to_string()),
            w.minutes(),
        )
    }

    #[test]
    fn full_range_on_a_duration_line() {
        assert_eq!(
            span("Duration: June 25, 2023, 10:00 AM - June 25, 2023, 12:30 PM (UTC)\n"),
            ("2023-06-25T10:00+00:00".into(), Some(150.0))
        );
    }

    #[test]
    fn range_sharing_the_first_date() {
        assert_eq!(
            span("* Duration: November 6, 2023, 08:00 AM — 10:30 AM\n"),
            ("2023-11-06T08:00+00:00".into(), Some(150.0))
        );
    }

    #[test]
    fn date_elsewhere_in_the_sentence() {
        assert_eq!(
            span("On March 27th, 2022, the site was down for 2 hours and 30 minutes, from 3:30 pm to 6:00 pm GMT.\n"),
            ("2022-03-27T15:30+00:00".into(), Some(150.0))
        );
    }

    #[test]
    fn labelled_start_and_end_lines() {
        assert_eq!(
            span("**Duration:**\n- Start Time: January 21, 2024, 10:00 AM (UTC)\n- End Time: January 21, 2024, 2:00 PM (UTC)\n"),
            ("2024-01-21T10:00+00:00".into(), Some(240.0))
        );
        assert_eq!(
            span("Start time: Oct 22rd 2022 9:00 AM (EAT), End time: Oct 22rd 2022 10:00 AM (EAT).\n"),
            ("2022-10-22T09:00+03:00".into(), Some(60.0))
        );
    }

    #[test]
    fn resolved_label_and_time_of_incident_range() {
        assert_eq!(
            span("Date: 12 March 2024\nTime of incident: 10:00 - 11:30 CAT\n").1,
            Some(90.0)
        );
        assert_eq!(
            span("Outage start: 2024-03-12T08:00:00Z\nResolved: 2024-03-12T09:05:00Z\n"),
            ("2024-03-12T08:00+00:00".into(), Some(65.0))
        );
    }

    #[test]
    fn bare_hour_takes_the_meridiem_of_its_partner() {
        assert_eq!(
            span("On March 3rd, 2023 the API was down from 2 to 4 pm GMT.\n"),
            ("2023-03-03T14:00+00:00".into(), Some(120.0))
        );
        assert_eq!(
            span("The outage began at 10:05 AM and was resolved at 11:35 AM (WAT) on 12 March 2024.\n"),
            ("2024-03-12T10:05+01:00".into(), Some(90.0))
        );
    }

    #[test]
    fn overnight_range_with_the_date_on_the_line() {
        assert_eq!(
            span("On Monday 12 August 2024, from 11pm to 1am EAT, the database was down.\n"),
            ("2024-08-12T23:00+03:00".into(), Some(120.0))
        );
        assert_eq!(
            span("On the 3rd of March 2023 at 14:00 GMT our site went down. It came back at 15:20 GMT.\n").1,
            Some(80.0)
        );
    }

    #[test]
    fn trailing_date_belongs_to_the_whole_range() {
        let (w, found) =
            window("Between 23:35 and 02:30 (UTC) on November 11, 2023, requests failed.\n");
        let w = w.unwrap();
        assert!(found.is_empty());
        assert_eq!(w.start.day, NaiveDate::from_ymd_opt(2023, 11, 11));
        assert_eq!(w.minutes(), Some(175.0));
    }

    #[test]
    fn detection_sentence_naming_an_earlier_beginning() {
        assert_eq!(
            span("The issue was detected at 10:05 AM WAT on 3 May 2024, after it began at 9:50 AM.\n").0,
            "2024-05-03T09:50+01:00"
        );
    }

    #[test]
    fn iso_and_24_hour() {
        assert_eq!(
            span("On 2023-07-20 between 12:17 and 12:30 UTC all downloads broke.\n"),
            ("2023-07-20T12:17+00:00".into(), Some(13.0))
        );
    }

    #[test]
    fn multi_day_double_hyphen() {
        assert_eq!(
            span("Between November 11 and November 15, 2025 we hit a limit.\n\n- Window: Approximately November 11, 16:02 UTC -- November 14, 15:02 UTC\n"),
            ("2025-11-11T16:02+00:00".into(), Some(4260.0))
        );
    }

    #[test]
    fn across_midnight_without_dates() {
        assert_eq!(
            span("The outage ran from 11:00 PM to 1:00 AM EST.\n").1,
            Some(120.0)
        );
    }

    #[test]
    fn military_hours_and_day_first_dates() {
        assert_eq!(
            span("On 13/10/2023 at 2100hrs WAT the web server was down. Service was restored at 2115hrs WAT.\n"),
            ("2023-10-13T21:00+01:00".into(), Some(15.0))
        );
    }

    #[test]
    fn ambiguous_numeric_range_takes_the_shorter_reading() {
        assert_eq!(
            span("start : 02/02/2022, 3:AM\nend : 08/02/2022, 5:PM\n"),
            (
                "2022-02-02T03:00+00:00".into(),
                Some(6.0 * 1440.0 + 14.0 * 60.0)
            )
        );
    }

    #[test]
    fn sentence_start_and_until_end() {
        assert_eq!(
            span("On Thursday, November 17th, 2016 at approximately 12:05pm our website went down and lasted until Friday, November 18th, at 3:01pm.\n"),
            ("2016-11-17T12:05+00:00".into(), Some(1616.0))
        );
    }

    #[test]
    fn timeline_start_and_resolution_entry() {
        assert_eq!(
            span("# Incident on 2024-03-01\n\n## Timeline\n\n- 14:00 UTC: Errors noticed\n- 14:30 UTC: Restarted\n- 14:41 UTC: The problem is now solved.\n- 14:50 UTC: Wrote a script\n"),
            ("2024-03-01T14:00+00:00".into(), Some(41.0))
        );
    }

    #[test]
    fn a_cleared_backlog_or_stopped_errors_end_the_timeline() {
        for (entry, minutes) in [
            ("- 08:10 backlog cleared", 130.0),
            ("- 08:10 the errors stopped", 130.0),
            ("- 08:10 writes succeed again", 130.0),
            ("- 08:10 garbage collection run, builds recover", 130.0),
            // Jobs that start to recover have not yet.
            (
                "- 07:50 a fix merged, jobs started to recover\n- 08:10 the errors stopped",
                130.0,
            ),
        ] {
            let md = format!("# Delays on 2024-08-08\n\n## Timeline (UTC)\n\n- 06:00 traffic tripled\n- 07:30 extra consumers added\n{entry}\n- 09:00 wrote the review\n");
            assert_eq!(
                span(&md),
                ("2024-08-08T06:00+00:00".into(), Some(minutes)),
                "{entry}"
            );
        }
    }

    #[test]
    fn bold_time_bullets_and_pm_utc_entries() {
        assert_eq!(
            span("# 2021-05-26\n\n- **16:58 UTC** - pods failing\n- 04:49 PM UTC the site is fully recovered\n").1,
            Some(-(16.0 * 60.0 + 58.0) + 16.0 * 60.0 + 49.0 + 1440.0)
        );
    }

    #[test]
    fn impossible_range_is_skipped_with_a_diagnostic() {
        let (w, found) = window("It took place from 2:16am ICT May 31st, 2017 to 5:15pm ICT April 7th, 2017.\n\n- 2:16am ICT, April 1st - first report\n");
        assert_eq!(found[0].0, crate::extract::DiagnosticKind::EndBeforeStart);
        let w = w.unwrap();
        assert_eq!(w.how, How::Timeline);
        assert_eq!(w.start.day, NaiveDate::from_ymd_opt(2017, 4, 1));
    }

    #[test]
    fn timeline_opening_with_the_cause_starts_at_the_impact() {
        assert_eq!(
            span("# 2019-11-25\n\n- 13:29 UTC Grace merged a change to the config\n- 14:45 UTC Customers start seeing 500 errors\n- 15:35 UTC Error rates back to baseline\n"),
            ("2019-11-25T14:45+00:00".into(), Some(50.0))
        );
    }

    #[test]
    fn unknown_first_timeline_entry_means_unknown_start() {
        let (w, _) = window("# May 30th, 2019\n\n## Timeline\n\n* [???] disks saturated\n* [13:26] someone reports\n");
        assert!(w.is_none());
    }

    #[test]
    fn a_check_that_service_runs_is_not_its_recovery() {
        assert_eq!(
            span("On 3 June 2024 at 5:00am UTC the site went down.\n\n- 5:08am - began checking everything is running properly\n- 5:40am - the site is running properly again\n").1,
            Some(40.0)
        );
    }

    #[test]
    fn the_time_after_the_words_of_recovery_ends_the_incident() {
        assert_eq!(
            span("At 2:00 PM UTC on 4 May 2024 the API stopped. It took a while: at 2:20 PM it was restarted and was fully operational by 2:30 PM UTC.\n").1,
            Some(30.0)
        );
    }

    #[test]
    fn mitigated_or_solved_by_ends_the_incident() {
        assert_eq!(
            span("At 9:15AM PT on 2024-03-10 a breach was found in a container. It was solved by 12:15PM PT.\n").1,
            Some(180.0)
        );
        assert_eq!(
            span("Errors began at 08:00 UTC on 2024-05-02 and were mitigated at 08:45 UTC.\n").1,
            Some(45.0)
        );
    }

    #[test]
    fn a_report_that_it_is_down_is_not_when_it_began() {
        assert_eq!(
            span("| Time | Event |\n|---|---|\n| 2024-08-26 08:22 | Traffic moved to the new proxy |\n| 2024-08-26 09:32 | We are informed that bookings are down |\n| 2024-08-26 09:49 | Service operational |\n"),
            ("2024-08-26T08:22+00:00".into(), Some(87.0))
        );
    }

    #[test]
    fn a_range_with_an_aside_between_its_ends() {
        assert_eq!(
            span("The incident ran from 2025-10-21T02:10:00-04:00, when the standby took writes, to 2025-10-21T05:40:00-04:00.\n").1,
            Some(210.0)
        );
    }

    #[test]
    fn end_markers_are_not_starts() {
        let (w, _) = window("As of July 16, 2023 11:17 UTC, the team has corrected the configuration.\n\n| 2023-07-09 19:16 | host updated |\n");
        let w = w.unwrap();
        assert_eq!(w.start.day, NaiveDate::from_ymd_opt(2023, 7, 9));
        assert_eq!(w.minutes(), Some(7.0 * 1440.0 - 7.0 * 60.0 - 59.0));
    }
}
