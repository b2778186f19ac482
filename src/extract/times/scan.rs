//! Finds the dates and clock times written in one cleaned line of text.

use super::zones::{zone_at, Zone};
use regex::Regex;
use std::sync::LazyLock;

/// A calendar date as written; the year may be missing (`August 10th`).
#[derive(Debug, Clone, PartialEq)]
pub struct DateTok {
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    /// The day/month-swapped reading of an ambiguous numeric date (`02/03/2022`).
    pub swapped: Option<(u32, u32)>,
    /// Whether a numeric date could only be read day-first (`13/10/2023`) or month-first.
    pub order: Option<NumericOrder>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumericOrder {
    DayFirst,
    MonthFirst,
}

/// A clock time as written, with its zone when one follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub start: usize,
    pub end: usize,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM.
    pub pm: Option<bool>,
    pub zone: Option<Zone>,
    /// A 24-hour clock with a meridiem (`13:55 PM`), read as the 24-hour time.
    pub repaired: bool,
}

impl Clock {
    /// Hour on a 24-hour clock.
    pub fn hour24(&self) -> u32 {
        match self.pm {
            _ if self.hour > 12 => self.hour,
            Some(true) if self.hour < 12 => self.hour + 12,
            Some(false) if self.hour == 12 => 0,
            _ => self.hour,
        }
    }
}

/// A clock-looking string whose numbers are out of range (`25:70`).
#[derive(Debug, Clone, PartialEq)]
pub struct BadClock {
    pub text: String,
}

/// Month names by number, from `months.toml`.
static MONTHS: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    #[derive(serde::Deserialize)]
    struct File {
        months: Vec<Vec<String>>,
    }
    let file: File = toml::from_str(include_str!("months.toml"))
        .unwrap_or_else(|e| panic!("built-in months.toml: {e}"));
    let mut names: Vec<(String, u32)> = file
        .months
        .into_iter()
        .zip(1..)
        .flat_map(|(names, n)| names.into_iter().map(move |name| (name.to_lowercase(), n)))
        .collect();
    // Longest first, so `mars` is tried before `mar`.
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
    names
});

/// The regex alternation of every month name, as the `mon` group.
fn month_group() -> String {
    let names: Vec<String> = MONTHS.iter().map(|(n, _)| regex::escape(n)).collect();
    format!(r"(?P<mon>{})\.?", names.join("|"))
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|T)",
    ))
    .unwrap()
});
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{},?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,{{0,2}}\s*(?P<year>\d{{4}})\b|\s*(?:-|–|—|to)\s*(?P<last>\d{{1,2}})(?:st|nd|rd|th)?,{{0,2}}\s*(?P<ryear>\d{{4}})\b)?",
        month_group()
    ))
    .unwrap()
});
/// `13th December 2022`, `13 of May`, `20. Februar 2024`, `20 de febrero de 2024`.
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|\.|º)?(?:\s+(?:of|de))?[\s/-]+{}(?:\b|$)(?:[,/-]?\s*(?:de\s+)?(?P<year>\d{{4}})\b)?",
        month_group()
    ))
    .unwrap()
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b",
    ))
    .unwrap()
});
static COMMA_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"\b(\d{1,2}),\s*(\d{1,2}),\s*(\d{4})\b",
    ))
    .unwrap()
});

fn month_number(name: &str) -> u32 {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(m, _)| m == n)
        .map_or(0, |(_, number)| *number)
}

fn overlaps(found: &[DateTok], s: usize, e: usize) -> bool {
    found.iter().any(|d| s < d.end && d.start < e)
}

fn valid(y: Option<i32>, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d) && y.is_none_or(|y| (1970..=2100).contains(&y))
}

fn full_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(if y.len() == 2 { 2000 + n } else { n })
}

/// Every date in `line`, in order.
pub fn dates(line: &str) -> Vec<DateTok> {
    let mut out: Vec<DateTok> = Vec::new();
    // Every date form has a digit; most lines have none, and skipping them is much faster.
    if !has_digit(line) {
        return out;
    }
    iso_dates(line, &mut out);
    month_first_dates(line, &mut out);
    day_first_dates(line, &mut out);
    numeric_dates(line, &mut out);
    comma_numeric_dates(line, &mut out);
    out.sort_by_key(|d| d.start);
    out
}

/// Keeps a date that is valid and does not overlap one found before (earlier forms win).
fn push_date(out: &mut Vec<DateTok>, t: DateTok) {
    if !overlaps(out, t.start, t.end) && valid(t.year, t.month, t.day) {
        out.push(t);
    }
}

/// `2024-03-12`, `2024/3/12`, `2024-03-12T10:00`: year first (not a calendar version).
fn iso_dates(line: &str, out: &mut Vec<DateTok>) {
    for c in ISO_DATE.captures_iter(line) {
        let m = c.get(0).unwrap();
        if is_calendar_version(line, m.start(), &c) {
            continue;
        }
        let end = if m.as_str().ends_with('T') {
            m.end() - 1
        } else {
            m.end()
        };
        let (y, mo, d) = (
            c[1].parse().ok(),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        push_date(
            out,
            DateTok {
                start: m.start(),
                end,
                year: y,
                month: mo,
                day: d,
                swapped: None,
                order: None,
            },
        );
    }
}

/// `March 12, 2024`, `Mar 12th`: month name first (not `March 3:30`, a clock).
fn month_first_dates(line: &str, out: &mut Vec<DateTok>) {
    for c in MONTH_FIRST.captures_iter(line) {
        // `March 3:30` is a clock, not the 3rd.
        let rest = &line[c.get(0).unwrap().end()..];
        if rest.starts_with(':') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        push_date(out, named_month_date(&c));
    }
}

/// The first day of a day range before a day-first date (`2 to` / `2-` in `2 to 3 February`).
static FIRST_DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d:.])(?P<first>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|to|and|&)\s*$")
        .unwrap()
});

/// `13th December 2022`, `20. Februar 2024`: day first, month named. A day range (`2 to 3
/// February 2025`, `2-3 February`) is the date of its first day: the incident began then.
fn day_first_dates(line: &str, out: &mut Vec<DateTok>) {
    for c in DAY_FIRST.captures_iter(line) {
        let mut t = named_month_date(&c);
        if let Some(f) = FIRST_DAY_BEFORE.captures(&line[..t.start]) {
            let first: u32 = f["first"].parse().unwrap_or(0);
            if (1..t.day).contains(&first) {
                t.day = first;
                t.start = f.name("first").unwrap().start();
            }
        }
        push_date(out, t);
    }
}

/// The date of a match of [`MONTH_FIRST`] or [`DAY_FIRST`] (groups `day`, `mon`, `year`; a
/// month-first day range `February 2-3, 2025` is its first day, with `ryear`).
fn named_month_date(c: &regex::Captures) -> DateTok {
    let m = c.get(0).unwrap();
    DateTok {
        start: m.start(),
        end: m.end(),
        year: c
            .name("year")
            .or_else(|| c.name("ryear"))
            .and_then(|y| y.as_str().parse().ok()),
        month: month_number(&c["mon"]),
        day: c["day"].parse().unwrap_or(0),
        swapped: None,
        order: None,
    }
}

/// `03/12/2024`, `12.03.2024`: all digits, the order worked out when it can be.
fn numeric_dates(line: &str, out: &mut Vec<DateTok>) {
    for c in NUMERIC.captures_iter(line) {
        let m = c.get(0).unwrap();
        if c[2] != c[4] || preceded_by_digitish(line, m.start()) {
            continue;
        }
        // `12.03.2024` is European and day-first; `1.2.11` is a version.
        let dotted = &c[2] == ".";
        if dotted && c[5].len() != 4 {
            continue;
        }
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        let y = full_year(&c[5]);
        let (month, day, swapped, order) = if a > 12 || (dotted && b <= 12) {
            (b, a, None, Some(NumericOrder::DayFirst))
        } else if b > 12 {
            (a, b, None, Some(NumericOrder::MonthFirst))
        } else {
            (a, b, (a != b).then_some((b, a)), None)
        };
        push_date(
            out,
            DateTok {
                start: m.start(),
                end: m.end(),
                year: y,
                month,
                day,
                swapped,
                order,
            },
        );
    }
}

/// `3, 12, 2024`: numbers separated by commas, month or day first.
fn comma_numeric_dates(line: &str, out: &mut Vec<DateTok>) {
    for c in COMMA_NUMERIC.captures_iter(line) {
        let m = c.get(0).unwrap();
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        push_date(
            out,
            DateTok {
                start: m.start(),
                end: m.end(),
                year: c[3].parse().ok(),
                month,
                day,
                swapped: None,
                order: None,
            },
        );
    }
}

/// `release 2026.4.2`, `v2024.10.1`: a year-first dotted number is a calendar version, not a
/// date, when a part is not zero-padded, a fourth part follows, or a version word precedes it.
fn is_calendar_version(line: &str, at: usize, c: &regex::Captures) -> bool {
    let m = c.get(0).unwrap();
    if !m.as_str().contains('.') {
        return false;
    }
    let unpadded = c[2].len() == 1 || c[3].len() == 1;
    let rest = &line[m.end()..];
    let more_parts = rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    unpadded || more_parts || VERSION_WORD.is_match(&line[..at])
}

static VERSION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:release[sd]?|version|ver\.?|build|tag|tagged|rev\.?|revision)\s*|\bv)$",
    )
    .unwrap()
});

fn preceded_by_digitish(line: &str, at: usize) -> bool {
    // `2024-03-12T10:00` : the T joins a date and a clock.
    if line[..at].ends_with('T') && line[..at - 1].ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    line[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | ':' | '-' | '_'))
}

fn has_digit(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `line` may hold one of the clock words of `CLOCK` (`noon`, `midday`, `midnight`).
fn mentions_clock_word(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.contains("noon") || lower.contains("mid")
}

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<h>\d{1,2})(?:\s?:\s?|h)(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?
        (?:\s*(?P<mer>[ap]\.?m\b\.?)|(?P<mer1>[ap])\b)?
      | (?P<hd>\d{1,2})\.(?P<md>[0-5]\d)\s*(?P<merd>[ap]\.?m\b\.?)
      | (?P<hb>\d{1,2})\s*:?\s*(?P<merb>[ap]\.?m\.?)(?:\b|$)
      | (?P<mil>[01]\d|2[0-3])(?P<milm>[0-5]\d)(?P<hrs>\s*(?:hrs|hours|hr|h)\b)?
      | \b(?P<word>noon|midday|midnight)\b",
    )
    .unwrap()
});

static BARE_HOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?P<a>\d{1,2})\s*(?:-|–|—|to|and|until|till)\s*\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\b|$)")).unwrap()
});
static MILITARY_LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:hours of\s+|\d{4}-\d{2}-\d{2}\s+)$").unwrap());

/// Every clock time in `line` outside the given date spans, in order, and the clock-looking
/// strings that do not parse.
pub fn clocks(line: &str, dates: &[DateTok]) -> (Vec<Clock>, Vec<BadClock>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    if !has_digit(line) && !mentions_clock_word(line) {
        return (out, bad);
    }
    let mut taken = 0;
    for c in CLOCK.captures_iter(line) {
        let m = c.get(0).unwrap();
        if !stands_as_clock(line, dates, taken, &m) {
            continue;
        }
        let Some((hour, minute, second, mer)) = clock_parts(line, &c) else {
            continue;
        };
        if hour > 23 || minute > 59 || second > 59 {
            bad.push(BadClock {
                text: m.as_str().to_string(),
            });
            continue;
        }
        let pm = mer.map(|x| x.to_ascii_lowercase().starts_with('p'));
        let clock = zoned_clock(line, &m, (hour, minute, second), pm);
        taken = clock.end;
        out.push(clock);
    }
    bare_hours(line, dates, &mut out);
    out.sort_by_key(|k| k.start);
    (out, bad)
}

/// Whether the match `m` of `CLOCK` is a clock where it stands: not inside a date or the zone
/// of the clock before (which ends at `taken`), not part of a longer number or a duration.
fn stands_as_clock(line: &str, dates: &[DateTok], taken: usize, m: &regex::Match) -> bool {
    // Inside the zone of the previous time (`10:00+03:00`) or a date.
    if m.start() < taken || dates.iter().any(|d| m.start() < d.end && d.start < m.end()) {
        return false;
    }
    if preceded_by_digitish(line, m.start()) && !line[..m.start()].ends_with('-') {
        return false;
    }
    let rest = &line[m.end()..];
    // `1h30m` is a duration.
    if m.as_str().contains(['h', 'H']) && rest.starts_with(['m', 'M']) {
        return false;
    }
    let digit_after =
        |p: char| rest.starts_with(p) && rest[1..].starts_with(|ch: char| ch.is_ascii_digit());
    if rest.starts_with(|ch: char| ch.is_ascii_digit()) || digit_after(':') || digit_after('.') {
        return false;
    }
    true
}

/// Hour, minute, second and meridiem of a `CLOCK` match; `None` for a four-digit number that
/// is not a clock there.
fn clock_parts<'h>(
    line: &'h str,
    c: &regex::Captures<'h>,
) -> Option<(u32, u32, u32, Option<&'h str>)> {
    let m = c.get(0).unwrap();
    let rest = &line[m.end()..];
    let parts = if let Some(h) = c.name("h") {
        let mer = c.name("mer").or(c.name("mer1")).map(|x| x.as_str());
        (
            h.as_str().parse::<u32>().unwrap_or(99),
            c["m"].parse::<u32>().unwrap_or(99),
            c.name("s").map_or(0, |s| s.as_str().parse().unwrap_or(99)),
            mer,
        )
    } else if let Some(h) = c.name("hd") {
        // `2.30PM`: a dot between hour and minutes, read only with a meridiem.
        (
            h.as_str().parse::<u32>().unwrap_or(99),
            c["md"].parse::<u32>().unwrap_or(99),
            0,
            c.name("merd").map(|x| x.as_str()),
        )
    } else if let Some(h) = c.name("hb") {
        (
            h.as_str().parse::<u32>().unwrap_or(99),
            0,
            0,
            Some(c.name("merb").unwrap().as_str()),
        )
    } else if let Some(w) = c.name("word") {
        let noon = !w.as_str().eq_ignore_ascii_case("midnight");
        (if noon { 12 } else { 0 }, 0, 0, None)
    } else {
        // A bare four-digit number is a clock only with `hrs`, a zone, `hours of` or an ISO
        // date before it: otherwise it is a year or a count.
        let lead = MILITARY_LEAD.is_match(&line[..m.start()]);
        let zoned = rest.starts_with(' ') && zone_at(rest).is_some();
        if c.name("hrs").is_none() && !lead && !zoned {
            return None;
        }
        (
            c["mil"].parse().unwrap_or(99),
            c["milm"].parse().unwrap_or(99),
            0,
            None,
        )
    };
    Some(parts)
}

/// `03:00-05:30 UTC`: a hyphen and a clock glued to a plain `HH:MM` are the end of a range, not
/// a UTC offset; an offset follows a time with seconds or in an ISO timestamp
/// (`2024-03-12T10:00:00-05:00`).
fn is_range_end(line: &str, m: &regex::Match, zone: &Zone) -> bool {
    let glued_hyphen = line[m.end()..].starts_with(['-', '–']);
    let numeric = zone.name.starts_with(['+', '-', '−']);
    let with_seconds = m.as_str().matches(':').count() >= 2;
    let iso = line[..m.start()].ends_with('T');
    glued_hyphen && numeric && !with_seconds && !iso
}

/// The clock of match `m`, with the zone written after it (`10:00 UTC`, `10:00 (PST)`).
fn zoned_clock(
    line: &str,
    m: &regex::Match,
    (hour, minute, second): (u32, u32, u32),
    pm: Option<bool>,
) -> Clock {
    let mut end = m.end();
    let zone = zone_at(&line[end..])
        .filter(|(z, _)| !is_range_end(line, m, z))
        .map(|(z, len)| {
            end += len;
            z
        });
    // Swallow a closing parenthesis of `(UTC)`.
    if zone.is_some() && line[end..].starts_with(')') {
        end += 1;
    }
    Clock {
        start: m.start(),
        end,
        hour,
        minute,
        second,
        pm,
        zone,
        repaired: pm.is_some() && hour > 12,
    }
}

/// `from 2 to 4 pm`: the bare hour before a range separator is a clock too.
fn bare_hours(line: &str, dates: &[DateTok], out: &mut Vec<Clock>) {
    for c in BARE_HOUR.captures_iter(line) {
        let a = c.name("a").unwrap();
        let hour: u32 = a.as_str().parse().unwrap_or(99);
        let clash = out.iter().any(|k| a.start() < k.end && k.start < a.end())
            || dates.iter().any(|d| a.start() < d.end && d.start < a.end());
        if !(1..=12).contains(&hour) || clash || preceded_by_digitish(line, a.start()) {
            continue;
        }
        out.push(Clock {
            start: a.start(),
            end: a.end(),
            hour,
            minute: 0,
            second: 0,
            pm: None,
            zone: None,
            repaired: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_date(s: &str) -> (Option<i32>, u32, u32) {
        let d = dates(s);
        assert_eq!(d.len(), 1, "{s}: {d:?}");
        (d[0].year, d[0].month, d[0].day)
    }

    #[test]
    fn date_forms() {
        assert_eq!(one_date("June 25, 2023, 10:00 AM"), (Some(2023), 6, 25));
        assert_eq!(one_date("On March 27th, 2022"), (Some(2022), 3, 27));
        assert_eq!(one_date("on 2023-07-20 between"), (Some(2023), 7, 20));
        assert_eq!(one_date("On 13th December 2022,"), (Some(2022), 12, 13));
        assert_eq!(one_date("06/May/2022 2:17 PM"), (Some(2022), 5, 6));
        assert_eq!(one_date("Oct 22rd 2022 9:00 AM"), (Some(2022), 10, 22));
        assert_eq!(one_date("Saturday Oct 30th: waves"), (None, 10, 30));
        assert_eq!(one_date("13:15 PST 29 april 2022 -"), (Some(2022), 4, 29));
        assert_eq!(one_date("Outage 5-26-21"), (Some(2021), 5, 26));
        assert_eq!(one_date("On 13/10/2023 at"), (Some(2023), 10, 13));
        assert_eq!(
            one_date("Start Time: 03, 14, 2024, 10:00"),
            (Some(2024), 3, 14)
        );
        assert_eq!(one_date("September 5,, 2024"), (Some(2024), 9, 5));
        assert_eq!(one_date("at 2024-03-12T10:00:00Z"), (Some(2024), 3, 12));
        assert_eq!(one_date("am 12.03.2024 um"), (Some(2024), 3, 12));
        assert_eq!(one_date("12-Mar-2024 10:00"), (Some(2024), 3, 12));
        assert_eq!(one_date("Date: August, 8th, 2017"), (Some(2017), 8, 8));
        assert_eq!(
            one_date("On Feb., 20th, 2017 it broke"),
            (Some(2017), 2, 20)
        );
        assert!(dates("version 1.2.11").is_empty());
        assert!(dates("storefront release 2026.4.2 crashed").is_empty());
        assert!(dates("tagged v2024.10.01").is_empty());
        assert_eq!(dates("on 2024.03.12 at noon").len(), 1);
    }

    #[test]
    fn ambiguous_numeric_dates_keep_both_readings() {
        let d = dates("start : 02/03/2022, 3:AM");
        assert_eq!((d[0].month, d[0].day, d[0].swapped), (2, 3, Some((3, 2))));
    }

    #[test]
    fn a_day_range_is_the_date_of_its_first_day() {
        let day = |s: &str| dates(s).first().map(|d| (d.year, d.month, d.day));
        assert_eq!(
            day("On the night of 2 to 3 February 2025 the region"),
            Some((Some(2025), 2, 2))
        );
        assert_eq!(day("On 2-3 February 2025"), Some((Some(2025), 2, 2)));
        assert_eq!(day("On February 2-3, 2025 the"), Some((Some(2025), 2, 2)));
        // A clock before the date is no day.
        assert_eq!(day("from 10:00 to 3 February"), Some((None, 2, 3)));
        // `Mar 14 - 16:42` is a date then a clock.
        assert_eq!(day("Mar 14, 2025 - 16:42 UTC"), Some((Some(2025), 3, 14)));
        assert_eq!(day("Mar 14 - 16:42 UTC"), Some((None, 3, 14)));
    }

    #[test]
    fn month_year_alone_is_not_a_date() {
        assert!(dates("January 2020 - Plex outage").is_empty());
        assert!(dates("version 1.2.11 and 2 hours").is_empty());
    }

    fn hm(s: &str) -> Vec<(u32, u32, Option<String>)> {
        let d = dates(s);
        clocks(s, &d)
            .0
            .into_iter()
            .map(|c| (c.hour24(), c.minute, c.zone.map(|z| z.name)))
            .collect()
    }

    #[test]
    fn a_clock_glued_after_a_hyphen_ends_a_range_rather_than_giving_an_offset() {
        assert_eq!(
            hm("2024-02-01, 03:00-05:30 UTC"),
            vec![(3, 0, None), (5, 30, Some("UTC".into()))]
        );
        assert_eq!(
            hm("2024-03-12T10:00:00-05:00"),
            vec![(10, 0, Some("-05:00".into()))]
        );
    }

    #[test]
    fn clock_forms() {
        assert_eq!(hm("10:00 AM (UTC)"), vec![(10, 0, Some("UTC".into()))]);
        assert_eq!(
            hm("from 3:30 pm to 6:00 pm GMT"),
            vec![(15, 30, None), (18, 0, Some("GMT".into()))]
        );
        assert_eq!(hm("**16:58 UTC** -"), vec![(16, 58, Some("UTC".into()))]);
        assert_eq!(hm("04:49 PM UTC Site"), vec![(16, 49, Some("UTC".into()))]);
        assert_eq!(hm("13:55 PM PST"), vec![(13, 55, Some("PST".into()))]);
        assert_eq!(
            hm("On 13/10/2023 at 2100hrs WAT"),
            vec![(21, 0, Some("WAT".into()))]
        );
        assert_eq!(hm("10h47 CEST"), vec![(10, 47, Some("CEST".into()))]);
        assert_eq!(
            hm("From 6PM to 7PM GMT"),
            vec![(18, 0, None), (19, 0, Some("GMT".into()))]
        );
        assert_eq!(
            hm("start : 3:AM, end 3:pm"),
            vec![(3, 0, None), (15, 0, None)]
        );
        assert_eq!(hm("[ 4: 45 am PST ]"), vec![(4, 45, Some("PST".into()))]);
        assert_eq!(hm("### 2019-02-25 11:21a"), vec![(11, 21, None)]);
        assert_eq!(
            hm("between the hours of 1900 and 2100 UTC"),
            vec![(19, 0, None), (21, 0, Some("UTC".into()))]
        );
        assert_eq!(hm("- 2022-02-02 1625: e-mail"), vec![(16, 25, None)]);
        assert_eq!(hm("2:00 PM: Reports"), vec![(14, 0, None)]);
        assert_eq!(
            hm("16:15 GMT+1: detected"),
            vec![(16, 15, Some("GMT+01:00".into()))]
        );
        assert_eq!(hm("12:00 AM PDT"), vec![(0, 0, Some("PDT".into()))]);
        assert_eq!(
            hm("around 8:30 a.m. (CEST)"),
            vec![(8, 30, Some("CEST".into()))]
        );
        assert_eq!(hm("2024-03-12T10:00:00Z"), vec![(10, 0, Some("Z".into()))]);
        assert_eq!(
            hm("2024-03-12 10:00:00+03:00"),
            vec![(10, 0, Some("+03:00".into()))]
        );
        assert_eq!(
            hm("from noon to midnight"),
            vec![(12, 0, None), (0, 0, None)]
        );
        assert!(hm("down for 1h30m").is_empty());
        assert_eq!(
            hm("at around 2.30PM PST"),
            vec![(14, 30, Some("PST".into()))]
        );
        assert!(hm("it took 2.30 hours").is_empty());
        assert_eq!(hm("10:00AM-12:00PM"), vec![(10, 0, None), (12, 0, None)]);
        assert_eq!(
            hm("14:00-15:30 UTC"),
            vec![(14, 0, None), (15, 30, Some("UTC".into()))]
        );
        assert_eq!(hm("from 2 to 4 pm"), vec![(2, 0, None), (16, 0, None)]);
        assert_eq!(
            hm("between 10 and 11:30 AM"),
            vec![(10, 0, None), (11, 30, None)]
        );
    }

    #[test]
    fn not_clocks() {
        assert!(hm("main.rs:119:5: panicked").is_empty());
        assert!(hm("version 1.2.11, in 2021, 1900 users").is_empty());
        assert!(hm("the first wave peaks at 1750 transactions").is_empty());
        assert!(hm("ratio 10:1 and 12:345").is_empty());
    }

    #[test]
    fn out_of_range_clock_is_reported() {
        let (ok, bad) = clocks("at 25:70 UTC", &[]);
        assert!(ok.is_empty());
        assert_eq!(bad[0].text, "25:70");
    }
}
