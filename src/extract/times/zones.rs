//! Time-zone names and offsets as postmortems write them: `UTC`, `GMT+1`, `(UTC-5)`, `+03:00`,
//! `EAT`, `PST`, `Eastern time`, `PT`, `Europe/Berlin`. Offsets are in minutes east of UTC.
//! A name that says which offset it means (`PST`, `CEST`) is read as written; a name of a
//! region (`PT`, `Pacific`, `ET`, `Europe/Berlin`) takes the offset in force on the incident's
//! date, daylight saving included.

use chrono::{NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;
use regex::Regex;
use std::sync::LazyLock;

/// A zone as written and its offset.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub name: String,
    /// The fixed offset, or a region's standard offset when `region` is set.
    pub offset_min: i32,
    /// A region whose offset depends on the date (daylight saving).
    pub region: Option<Tz>,
}

impl Zone {
    fn fixed(name: impl Into<String>, offset_min: i32) -> Zone {
        Zone {
            name: name.into(),
            offset_min,
            region: None,
        }
    }

    fn of_region(name: impl Into<String>, tz: Tz) -> Zone {
        let jan = NaiveDate::from_ymd_opt(2001, 1, 15).and_then(|d| d.and_hms_opt(12, 0, 0));
        let standard = jan
            .and_then(|t| tz.offset_from_local_datetime(&t).single())
            .map_or(0, |o| o.fix().local_minus_utc() / 60);
        Zone {
            name: name.into(),
            offset_min: standard,
            region: Some(tz),
        }
    }

    /// The offset in minutes at a local day and time: a region's offset in force then, else
    /// the fixed one. Without a day a region has its standard offset.
    pub fn offset_at(&self, day: Option<NaiveDate>, time: NaiveTime) -> i32 {
        let (Some(tz), Some(day)) = (self.region, day) else {
            return self.offset_min;
        };
        let local = day.and_time(time);
        // In the hour skipped or repeated by a clock change, the earlier reading.
        let offset = tz
            .offset_from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                tz.offset_from_local_datetime(&(local + chrono::Duration::hours(1)))
                    .earliest()
            });
        offset.map_or(self.offset_min, |o| o.fix().local_minus_utc() / 60)
    }
}

/// Names of regions whose clocks change, as postmortems write them.
const REGIONS: &[(&str, Tz)] = &[
    ("PT", Tz::America__Los_Angeles),
    ("MT", Tz::America__Denver),
    ("CT", Tz::America__Chicago),
    ("ET", Tz::America__New_York),
    ("pacific", Tz::America__Los_Angeles),
    ("mountain", Tz::America__Denver),
    ("central", Tz::America__Chicago),
    ("eastern", Tz::America__New_York),
    ("uk", Tz::Europe__London),
];

fn region(name: &str) -> Option<Tz> {
    REGIONS
        .iter()
        .find(|(n, _)| *n == name || n.eq_ignore_ascii_case(name) && n.len() > 2)
        .map(|(_, tz)| *tz)
}

/// Abbreviations read as the offset they name (no daylight-saving guessing: `PST` stays -08:00
/// even in August, as written). Region names without the season (`PT`) are in `REGIONS`.
const ABBREVIATIONS: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("IST", 330),
    ("CET", 60),
    ("CEST", 120),
    // German: Mitteleuropäische (Sommer)zeit, Osteuropäische (Sommer)zeit.
    ("MEZ", 60),
    ("MESZ", 120),
    ("OEZ", 120),
    ("OESZ", 180),
    ("MET", 60),
    ("MEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("WAT", 60),
    ("CAT", 120),
    ("EAT", 180),
    ("SAST", 120),
    ("PKT", 300),
    ("ICT", 420),
    ("WIB", 420),
    ("SGT", 480),
    ("HKT", 480),
    ("PHT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("ACDT", 630),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
    ("AST", -240),
    ("ADT", -180),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("BRT", -180),
    ("ART", -180),
];

/// Offset of an abbreviation such as `EAT` (upper case as written; `utc`/`gmt` in any case).
pub fn abbreviation(name: &str) -> Option<i32> {
    let upper = name.to_ascii_uppercase();
    if name != upper && upper != "UTC" && upper != "GMT" {
        return None;
    }
    ABBREVIATIONS
        .iter()
        .find(|(n, _)| *n == upper)
        .map(|(_, o)| *o)
}

static ZONE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^[\s(\[]*(?:(?i:uhr)[\s(\[]*)?(?:
            (?P<base>(?i:utc|gmt))\s*(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?
          | (?P<num>[+\-−])(?P<nh>\d{2}):?(?P<nm>\d{2})\b
          | (?P<long>(?i:coordinated\s+universal\s+time|greenwich\s+mean\s+time|east\s+african?\s+time|west\s+african?\s+time|central\s+african?\s+time|south\s+african?\s+standard\s+time|central\s+european\s+summer\s+time|central\s+european\s+time|british\s+summer\s+time|indian?\s+standard\s+time|japan\s+standard\s+time))\b
          | (?P<region>(?i:eastern|pacific|central|mountain))(?:\s+(?P<kind>(?i:standard|daylight)))?(?:\s+(?i:time))?\b
          | (?P<uk>(?i:uk|london)\s+time)\b
          | (?P<iana>[A-Z][A-Za-z]+(?:/[A-Z][A-Za-z_-]+){1,2})
          | (?P<abbr>[A-Za-z]{1,5})\b
        )",
    )
    .unwrap()
});

/// A zone written at the very start of `s` (after spaces or an opening parenthesis); returns it
/// and how many bytes it took.
pub fn zone_at(s: &str) -> Option<(Zone, usize)> {
    let c = ZONE_AT.captures(s)?;
    let len = c.get(0)?.end();
    let sign = |g: &str| if g == "+" { 1 } else { -1 };
    if let Some(base) = c.name("base") {
        let h: i32 = c["oh"].parse().ok()?;
        let m: i32 = c.name("om").map_or(Ok(0), |m| m.as_str().parse()).ok()?;
        if h > 14 || m > 59 {
            return None;
        }
        let off = sign(&c["sign"]) * (h * 60 + m);
        let name = format!("{}{}", base.as_str().to_ascii_uppercase(), fmt_offset(off));
        return Some((Zone::fixed(name, off), len));
    }
    if c.name("num").is_some() {
        let h: i32 = c["nh"].parse().ok()?;
        let m: i32 = c["nm"].parse().ok()?;
        if h > 14 || m > 59 {
            return None;
        }
        let off = sign(&c["num"]) * (h * 60 + m);
        return Some((Zone::fixed(fmt_offset(off), off), len));
    }
    if let Some(long) = c.name("long") {
        let l = long.as_str().to_ascii_lowercase();
        let abbr = if l.starts_with("coordinated") {
            "UTC"
        } else if l.starts_with("greenwich") {
            "GMT"
        } else if l.starts_with("east") {
            "EAT"
        } else if l.starts_with("west") {
            "WAT"
        } else if l.starts_with("central africa") {
            "CAT"
        } else if l.starts_with("south") {
            "SAST"
        } else if l.contains("summer") && l.starts_with("central") {
            "CEST"
        } else if l.starts_with("central") {
            "CET"
        } else if l.starts_with("british") {
            "BST"
        } else if l.starts_with("india") {
            "IST"
        } else {
            "JST"
        };
        return Some((Zone::fixed(abbr, abbreviation(abbr)?), len));
    }
    if let Some(r) = c.name("region") {
        let name = r.as_str();
        let tz = region(name)?;
        let zone = match c.name("kind").map(|k| k.as_str().to_ascii_lowercase()) {
            // `Pacific Standard Time` / `Pacific Daylight Time` say which offset they mean.
            Some(kind) => {
                let z = Zone::of_region(name, tz);
                let daylight = i32::from(kind == "daylight") * 60;
                Zone::fixed(name, z.offset_min + daylight)
            }
            None => Zone::of_region(name, tz),
        };
        return Some((zone, len));
    }
    if c.name("uk").is_some() {
        return Some((Zone::of_region("UK time", Tz::Europe__London), len));
    }
    if let Some(iana) = c.name("iana") {
        let tz: Tz = iana.as_str().parse().ok()?;
        return Some((Zone::of_region(iana.as_str(), tz), len));
    }
    let abbr = c.name("abbr")?.as_str();
    if let Some(tz) = region(abbr).filter(|_| abbr.len() == 2) {
        return Some((Zone::of_region(abbr, tz), len));
    }
    let off = abbreviation(abbr)?;
    Some((Zone::fixed(abbr.to_ascii_uppercase(), off), len))
}

/// `+03:00` style text for an offset.
pub fn fmt_offset(off: i32) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.abs();
    format!("{sign}{:02}:{:02}", a / 60, a % 60)
}

static ALL_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\ball times(?:\s+(?:are|in|shown|given|listed))*\s*[:(]?\s*(?:in\s+)?|\btimes?\s+(?:are\s+)?(?:shown\s+|given\s+|listed\s+)?in\s+|\btimeline\s*[:(\[]\s*)").unwrap()
});

/// A document-wide statement such as `All times in CDT`, `(all times PST)`, `Timeline (EAT)`.
pub fn all_times_statement(line: &str) -> Option<Zone> {
    ALL_TIMES
        .find_iter(line)
        .find_map(|m| zone_at(&line[m.end()..]).map(|(z, _)| z))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_offsets() {
        assert_eq!(zone_at(" EAT)").unwrap().0.offset_min, 180);
        assert_eq!(zone_at(" (UTC)").unwrap().0.offset_min, 0);
        assert_eq!(zone_at(" GMT+1").unwrap().0.offset_min, 60);
        assert_eq!(zone_at(" (UTC-5)").unwrap().0.offset_min, -300);
        assert_eq!(zone_at(" UTC+05:30").unwrap().0.offset_min, 330);
        assert_eq!(zone_at("+03:00").unwrap().0.offset_min, 180);
        assert_eq!(zone_at(" Z").unwrap().0.offset_min, 0);
        assert_eq!(zone_at(" Eastern time").unwrap().0.offset_min, -300);
        assert_eq!(
            zone_at(" Pacific Daylight Time").unwrap().0.offset_min,
            -420
        );
        for (n, o) in [
            ("PDT", -420),
            ("CEST", 120),
            ("WAT", 60),
            ("JST", 540),
            ("AEST", 600),
        ] {
            assert_eq!(zone_at(&format!(" {n}")).unwrap().0.offset_min, o, "{n}");
        }
    }

    fn offset_on(zone: &str, day: (i32, u32, u32)) -> i32 {
        let z = zone_at(zone).expect(zone).0;
        let d = NaiveDate::from_ymd_opt(day.0, day.1, day.2);
        z.offset_at(d, NaiveTime::from_hms_opt(12, 0, 0).unwrap())
    }

    #[test]
    fn region_names_take_daylight_saving_from_the_date() {
        assert_eq!(offset_on(" PT", (2024, 7, 10)), -420);
        assert_eq!(offset_on(" PT", (2024, 1, 10)), -480);
        assert_eq!(offset_on(" Pacific", (2023, 8, 1)), -420);
        assert_eq!(offset_on(" Pacific time", (2023, 12, 1)), -480);
        assert_eq!(offset_on(" ET", (2024, 6, 1)), -240);
        assert_eq!(offset_on(" Eastern Time", (2024, 2, 1)), -300);
        assert_eq!(offset_on(" CT", (2024, 6, 1)), -300);
        assert_eq!(offset_on(" (Europe/Berlin)", (2024, 6, 1)), 120);
        assert_eq!(offset_on(" Europe/Berlin", (2024, 12, 1)), 60);
        assert_eq!(offset_on(" America/New_York", (2024, 12, 1)), -300);
        assert_eq!(offset_on(" UK time", (2024, 6, 1)), 60);
    }

    #[test]
    fn names_of_one_season_are_read_as_written() {
        assert_eq!(offset_on(" PST", (2024, 7, 10)), -480);
        assert_eq!(offset_on(" Pacific Standard Time", (2024, 7, 10)), -480);
        assert_eq!(offset_on(" CEST", (2024, 12, 1)), 120);
    }

    #[test]
    fn region_without_a_day_has_its_standard_offset() {
        let z = zone_at(" ET").unwrap().0;
        assert_eq!(
            z.offset_at(None, NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
            -300
        );
        assert!(zone_at(" Not/AZone").is_none());
    }

    #[test]
    fn words_are_not_zones() {
        assert!(zone_at(" cat").is_none());
        assert!(zone_at(" The").is_none());
        assert!(zone_at(" est").is_none());
    }

    #[test]
    fn all_times_statements() {
        assert_eq!(
            all_times_statement("All times in CDT.").unwrap().name,
            "CDT"
        );
        assert_eq!(
            all_times_statement("## Timeline (all times PST )")
                .unwrap()
                .offset_min,
            -480
        );
        assert!(all_times_statement("all times approximate").is_none());
        assert_eq!(
            all_times_statement("## Timeline (EAT)").unwrap().name,
            "EAT"
        );
        assert_eq!(
            all_times_statement("Times are in UTC.").unwrap().name,
            "UTC"
        );
        assert_eq!(zone_at(" East Africa Time").unwrap().0.offset_min, 180);
    }
}
