//! Moments: clock times with the date and zone they belong to, read from the whole document
//! (a time's date may be on its line, in a heading above it, or written once in the summary).

use super::scan::{clocks, dates, BadClock, Clock, DateTok, NumericOrder};
use super::text::Line;
use super::zones::{all_times_statement, Zone};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct Moment {
    /// Index into the document's lines.
    pub idx: usize,
    /// Span in the cleaned line, including an attached date.
    pub start: usize,
    pub end: usize,
    pub clock: Clock,
    /// The day: written beside the time, on its line, or from the text above.
    pub day: Option<NaiveDate>,
    /// The date was written beside the time (`June 26, 2023, 12:30 PM`), not only on its line.
    pub day_written: bool,
    /// The written date follows the time (`02:30 UTC on November 11`).
    pub date_after: bool,
    /// The day/month-swapped reading of an ambiguous numeric date.
    pub day_swapped: Option<NaiveDate>,
    pub zone: Option<Zone>,
    /// The line starts with this time: a timeline entry rather than a sentence.
    pub entry: bool,
}

/// Everything the time readers need about one document.
pub struct Doc {
    pub lines: Vec<Line>,
    pub dates: Vec<Vec<DateTok>>,
    pub moments: Vec<Moment>,
    pub bad: Vec<(usize, BadClock)>,
    /// A zone stated for the whole document (`All times in CDT`) or used by most of its times.
    pub doc_zone: Option<Zone>,
    order: Option<NumericOrder>,
    /// Rows of a table whose header has a `Due`/`Deadline` column.
    due_rows: Vec<bool>,
    /// Lines under an action-items / follow-ups heading.
    pub follow_up: Vec<bool>,
    fallback_year: Option<i32>,
    /// The status-page update each line is, if any (`**Resolved** - ...`).
    pub updates: Vec<Option<UpdateStage>>,
    /// Two or more lines are updates: the document is a status page.
    status_page: bool,
}

/// What a status page's update line says of the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStage {
    /// `Resolved - ...`: the incident ended.
    Resolved,
    /// `Investigating`, `Identified`, `Monitoring`, `Update`, `Mitigated`.
    Ongoing,
}

static NOT_INCIDENT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:due date|deadline|posted|published|last updated|updated on|date of (?:the )?post-?mortem|report date|written on|eta|target date)\b")).unwrap()
});
/// An update of a status page (`**Resolved** - This incident has been resolved. Posted Mar 12,
/// 2024 - 16:42 UTC`): its posted time is when the incident reached that stage.
static STATUS_UPDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s*_>-]*(?P<stage>investigating|identified|monitoring|update|mitigated|resolved)[\s*_]*(?:[-–—:])\s").unwrap()
});
/// The stage a line names when it is a status page's update.
fn update_stage(line: &Line) -> Option<UpdateStage> {
    if line.code {
        return None;
    }
    let c = STATUS_UPDATE.captures(&line.text)?;
    Some(if c["stage"].eq_ignore_ascii_case("resolved") {
        UpdateStage::Resolved
    } else {
        UpdateStage::Ongoing
    })
}

static DUE_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\|\s*(?:due(?: date)?|deadline|eta|target(?: date)?|by when)\s*\|").unwrap()
});
static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:action items?|follow[- ]?ups?|corrective|preventa?t?ive|tasks|to-?do|next steps|remediation items?)\b")).unwrap()
});
static GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,()\[\]@]*(?:(?:at|on|of|the|approximately|approx\.?|around|about|roughly|~|hours|hrs|(?:mon|tues|wednes|thurs|fri|satur|sun)day)[\s,()\[\]]*)*$").unwrap()
});
static ENTRY_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\p{L}\p{N}]*(?:\d{1,3}[.)][^\p{L}\p{N}]*)?$").unwrap());

impl Doc {
    pub fn new(lines: Vec<Line>, fallback: Option<NaiveDate>) -> Doc {
        let dates: Vec<Vec<DateTok>> = lines
            .iter()
            .map(|l| if l.code { Vec::new() } else { dates(&l.text) })
            .collect();
        let order = {
            let all = dates.iter().flatten().filter_map(|d| d.order);
            let (mut day, mut mon) = (0, 0);
            for o in all {
                match o {
                    NumericOrder::DayFirst => day += 1,
                    NumericOrder::MonthFirst => mon += 1,
                }
            }
            (day + mon > 0).then_some(if day > mon {
                NumericOrder::DayFirst
            } else {
                NumericOrder::MonthFirst
            })
        };
        let mut doc = Doc {
            lines,
            dates,
            moments: Vec::new(),
            bad: Vec::new(),
            doc_zone: None,
            order,
            due_rows: Vec::new(),
            follow_up: Vec::new(),
            fallback_year: fallback.map(|d| chrono::Datelike::year(&d)),
            updates: Vec::new(),
            status_page: false,
        };
        doc.updates = doc.lines.iter().map(update_stage).collect();
        doc.status_page = doc.updates.iter().flatten().take(2).count() == 2;
        doc.mark_sections();
        // Day-first is the custom east of Greenwich (`13/10/2023 ... WAT`); month-first elsewhere.
        if doc.order.is_none() && doc.zone_hint().is_some_and(|off| off > 0) {
            doc.order = Some(NumericOrder::DayFirst);
        }
        doc.read_moments(fallback);
        doc
    }

    /// The date a token names, with the year taken from the nearest dated line when missing.
    pub fn resolve(&self, idx: usize, d: &DateTok) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let year = d.year.or_else(|| self.nearest_year(idx));
        let Some(y) = year else {
            return (None, None);
        };
        let (mut m, mut day) = (d.month, d.day);
        let mut alt = d.swapped;
        if let (Some((sm, sd)), Some(NumericOrder::DayFirst)) = (d.swapped, self.order) {
            alt = Some((m, day));
            (m, day) = (sm, sd);
        }
        (
            NaiveDate::from_ymd_opt(y, m, day),
            alt.and_then(|(m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        )
    }

    fn nearest_year(&self, idx: usize) -> Option<i32> {
        let mut best: Option<(usize, i32)> = None;
        for (i, ds) in self.dates.iter().enumerate() {
            for d in ds {
                if let Some(y) = d.year {
                    let dist = i.abs_diff(idx) * 2 + usize::from(i > idx);
                    if best.is_none_or(|(b, _)| dist < b) {
                        best = Some((dist, y));
                    }
                }
            }
        }
        best.map(|(_, y)| y).or(self.fallback_year)
    }

    /// The offset of the zone written most often beside times.
    fn zone_hint(&self) -> Option<i32> {
        let mut counts: Vec<(i32, usize)> = Vec::new();
        for (idx, l) in self.lines.iter().enumerate() {
            if l.code {
                continue;
            }
            for c in clocks(&l.text, &self.dates[idx]).0 {
                if let Some(z) = c.zone {
                    match counts.iter_mut().find(|(o, _)| *o == z.offset_min) {
                        Some(e) => e.1 += 1,
                        None => counts.push((z.offset_min, 1)),
                    }
                }
            }
        }
        counts.into_iter().max_by_key(|c| c.1).map(|c| c.0)
    }

    /// A date written just below a line (`Start time: 10:00` then `Date: 5 June 2024`).
    fn date_below(&self, idx: usize) -> Option<NaiveDate> {
        (idx + 1..self.lines.len().min(idx + 6)).find_map(|i| {
            if self.lines[i].code || self.not_incident_line(i) {
                return None;
            }
            self.dates[i].first().and_then(|d| self.resolve(i, d).0)
        })
    }

    /// The line below an update that holds its posted time, when the time is written under it
    /// (`**Resolved** - This incident has been resolved.` then `Mar 14, 2025 - 16:42 UTC`): the
    /// next non-blank line, when it is no update or heading of its own.
    pub fn update_time_line(&self, idx: usize) -> Option<usize> {
        self.updates[idx]?;
        let below = (idx + 1..self.lines.len())
            .take(2)
            .find(|&j| !self.lines[j].text.trim().is_empty())?;
        let line = &self.lines[below];
        (self.updates[below].is_none() && !line.heading && !line.code).then_some(below)
    }

    /// True when this line holds a status page update's posted time.
    fn holds_update_time(&self, idx: usize) -> bool {
        self.updates[idx].is_some()
            || (idx.saturating_sub(2)..idx).any(|u| self.update_time_line(u) == Some(idx))
    }

    /// True when dates on this line are not the incident's (`Due date:`, `Posted:`).
    pub fn not_incident_line(&self, idx: usize) -> bool {
        let update = self.status_page && self.holds_update_time(idx);
        self.due_rows.get(idx).copied().unwrap_or(false)
            || (!update && NOT_INCIDENT_DATE.is_match(&self.lines[idx].text))
    }

    fn mark_sections(&mut self) {
        let mut due_table = false;
        let mut follow_up = false;
        for l in &self.lines {
            let t = l.text.trim();
            if l.heading || (t.ends_with(':') && t.len() < 60) {
                follow_up = FOLLOW_UP.is_match(t);
            }
            if t.starts_with('|') {
                if !due_table && DUE_COLUMN.is_match(t) {
                    due_table = true;
                }
            } else {
                due_table = false;
            }
            self.due_rows.push(due_table);
            self.follow_up.push(follow_up);
        }
    }

    fn read_moments(&mut self, fallback: Option<NaiveDate>) {
        let mut context: Option<NaiveDate> = None;
        let mut zones: Vec<Zone> = Vec::new();
        let mut stated: Option<Zone> = None;
        for idx in 0..self.lines.len() {
            let line = &self.lines[idx];
            if line.code {
                continue;
            }
            if stated.is_none() {
                stated = all_times_statement(&line.text);
            }
            let text = line.text.clone();
            let (cs, bad) = clocks(&text, &self.dates[idx]);
            self.bad.extend(bad.into_iter().map(|b| (idx, b)));
            let ds = self.dates[idx].clone();
            let line_day = ds.first().map(|d| self.resolve(idx, d));
            // Every time on a line that starts with a time belongs to that timeline entry.
            let mut line_entry: Option<bool> = None;
            for c in cs {
                let attached = ds
                    .iter()
                    .rev()
                    .find(|d| {
                        d.end <= c.start
                            && (GAP.is_match(&text[d.end..c.start]) || &text[d.end..c.start] == "T")
                    })
                    .or_else(|| {
                        ds.iter()
                            .find(|d| d.start >= c.end && GAP.is_match(&text[c.end..d.start]))
                    });
                let date_after = attached.is_some_and(|d| d.start >= c.end);
                let (start, end) = match attached {
                    Some(d) => (d.start.min(c.start), d.end.max(c.end)),
                    None => (c.start, c.end),
                };
                let (day, swapped, written) = match (attached, line_day) {
                    (Some(d), _) => {
                        let (a, b) = self.resolve(idx, d);
                        (a, b, true)
                    }
                    (None, Some((a, b))) => (a, b, false),
                    (None, None) => (
                        context.or_else(|| self.date_below(idx)).or(fallback),
                        None,
                        false,
                    ),
                };
                let entry =
                    *line_entry.get_or_insert_with(|| ENTRY_PREFIX.is_match(&text[..start]));
                if let Some(z) = &c.zone {
                    zones.push(z.clone());
                }
                self.moments.push(Moment {
                    idx,
                    start,
                    end,
                    zone: c.zone.clone(),
                    clock: c,
                    day,
                    day_written: written,
                    date_after,
                    day_swapped: swapped,
                    entry,
                });
            }
            if !self.not_incident_line(idx) {
                // A line naming several days (`Oct 30th - Nov 1st`) sets the context to the first.
                if let Some(d) = ds.first() {
                    if let (Some(day), _) = self.resolve(idx, d) {
                        context = Some(day);
                    }
                }
            }
        }
        // A time without a zone takes one written on its line, else the document's.
        let majority = {
            let mut counts: Vec<(String, usize, Zone)> = Vec::new();
            for z in zones {
                match counts.iter_mut().find(|(n, _, _)| *n == z.name) {
                    Some(c) => c.1 += 1,
                    None => counts.push((z.name.clone(), 1, z)),
                }
            }
            counts.into_iter().max_by_key(|c| c.1).map(|c| c.2)
        };
        self.doc_zone = stated.or(majority);
        for i in 0..self.moments.len() {
            if self.moments[i].zone.is_some() {
                continue;
            }
            let idx = self.moments[i].idx;
            let on_line = self
                .moments
                .iter()
                .filter(|m| m.idx == idx)
                .find_map(|m| m.zone.clone());
            self.moments[i].zone = on_line;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::prepare;
    use super::*;

    fn doc(s: &str) -> Doc {
        Doc::new(prepare(s, 0), None)
    }

    #[test]
    fn date_beside_the_time() {
        let d = doc("Duration: June 25, 2023, 10:00 AM - June 26, 2023, 12:30 PM (UTC)\n");
        assert_eq!(d.moments.len(), 2);
        assert_eq!(d.moments[1].day, NaiveDate::from_ymd_opt(2023, 6, 26));
        assert_eq!(d.moments[0].zone.as_ref().unwrap().name, "UTC");
    }

    #[test]
    fn date_from_the_text_above_and_year_from_elsewhere() {
        let d = doc("# Outage\nPosted: Monday, November 7, 2022\n\nOn Friday, November 4, the API went down.\n\n- 4:32 PM: Outage begins\n");
        let m = &d.moments[0];
        assert_eq!(m.day, NaiveDate::from_ymd_opt(2022, 11, 4));
        assert!(m.entry);
    }

    #[test]
    fn no_year_anywhere_means_no_day() {
        let d = doc("On August 10th from 9:00am PST until 3:00pm PST it failed.\n");
        assert_eq!(d.moments[0].day, None);
        assert!(!d.moments[0].entry);
    }

    #[test]
    fn date_written_below_the_times() {
        let d = doc("Start time: 10:00 AM EAT\nEnd time: 12:30 PM EAT\nDate: 5th June 2024\n");
        assert_eq!(d.moments[0].day, NaiveDate::from_ymd_opt(2024, 6, 5));
    }

    #[test]
    fn zone_east_of_greenwich_reads_day_first() {
        let d = doc("On 05/06/2024 from 10:00 to 11:00 UTC+3 the site was down.\n");
        assert_eq!(d.moments[0].day, NaiveDate::from_ymd_opt(2024, 6, 5));
        let d = doc("On 05/06/2024 from 10:00 to 11:00 EST the site was down.\n");
        assert_eq!(d.moments[0].day, NaiveDate::from_ymd_opt(2024, 5, 6));
    }

    #[test]
    fn day_first_documents() {
        let d = doc("On 13/10/2023 it broke.\nAgain on 02/03/2023 at 10:00 WAT.\n");
        assert_eq!(d.moments[0].day, NaiveDate::from_ymd_opt(2023, 3, 2));
    }

    #[test]
    fn stated_zone_for_the_document() {
        let d = doc("All times in CDT.\n\n### 2018-10-30 09:10\n");
        assert_eq!(d.doc_zone.as_ref().unwrap().name, "CDT");
        assert_eq!(d.moments[0].day, NaiveDate::from_ymd_opt(2018, 10, 30));
    }
}
