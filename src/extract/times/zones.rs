//! Time-zone names and offsets as postmortems write them: `UTC`, `GMT+1`, `(UTC-5)`, `+03:00`,
//! `EAT`, `PST`, `Eastern time`. Offsets are in minutes east of UTC.

use regex::Regex;
use std::sync::LazyLock;

/// A zone as written and its offset.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub name: String,
    pub offset_min: i32,
}

/// Abbreviations read as the offset they name (no daylight-saving guessing: `PST` stays -08:00
/// even in August, as written).
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
    ("PT", -480),
    ("MT", -420),
    ("CT", -360),
    ("ET", -300),
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
        r"(?x)^[\s(\[]*(?:
            (?P<base>(?i:utc|gmt))\s*(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?
          | (?P<num>[+\-−])(?P<nh>\d{2}):?(?P<nm>\d{2})\b
          | (?P<long>(?i:coordinated\s+universal\s+time|greenwich\s+mean\s+time|east\s+african?\s+time|west\s+african?\s+time|central\s+african?\s+time|south\s+african?\s+standard\s+time|central\s+european\s+summer\s+time|central\s+european\s+time|british\s+summer\s+time|indian?\s+standard\s+time|japan\s+standard\s+time))\b
          | (?P<region>(?i:eastern|pacific|central|mountain))(?:\s+(?P<kind>(?i:standard|daylight)))?(?:\s+(?i:time))?\b
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
        return Some((
            Zone {
                name,
                offset_min: off,
            },
            len,
        ));
    }
    if c.name("num").is_some() {
        let h: i32 = c["nh"].parse().ok()?;
        let m: i32 = c["nm"].parse().ok()?;
        if h > 14 || m > 59 {
            return None;
        }
        let off = sign(&c["num"]) * (h * 60 + m);
        return Some((
            Zone {
                name: fmt_offset(off),
                offset_min: off,
            },
            len,
        ));
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
        return Some((
            Zone {
                name: abbr.to_string(),
                offset_min: abbreviation(abbr)?,
            },
            len,
        ));
    }
    if let Some(region) = c.name("region") {
        let daylight = c
            .name("kind")
            .is_some_and(|k| k.as_str().eq_ignore_ascii_case("daylight"));
        let std = match region.as_str().to_ascii_lowercase().as_str() {
            "eastern" => -300,
            "central" => -360,
            "mountain" => -420,
            _ => -480,
        };
        return Some((
            Zone {
                name: region.as_str().to_string(),
                offset_min: std + if daylight { 60 } else { 0 },
            },
            len,
        ));
    }
    let abbr = c.name("abbr")?.as_str();
    let off = abbreviation(abbr)?;
    Some((
        Zone {
            name: abbr.to_ascii_uppercase(),
            offset_min: off,
        },
        len,
    ))
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
