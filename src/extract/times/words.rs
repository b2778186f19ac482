//! Durations written in words (`2 hours and 30 minutes`, `a 2.5-hour downtime`, `90 min`) and the
//! share of users affected (`approximately 80% of the user base`).

use regex::Regex;
use std::sync::LazyLock;

const NUM: &str = r"(?:\d+(?:\.\d+)?|half\s+an?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?)";
const UNIT: &str = r"(?:weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|h|m)\b";

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<n>{NUM})(?P<half>\s+and\s+(?:a\s+)?half)?[\s-]*(?P<u>{UNIT})(?P<half2>\s+and\s+a\s+half\b)?"
    ))
    .unwrap()
});
/// `1h30m` -> `1h 30m`.
static COMPACT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(\d)h(\d)").unwrap());
static JOIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:\s|,|and)*$").unwrap());
static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?P<cue>lasted|lasting|lasts|for|(?:outage|downtime|disruption|incident)\s+was|duration(?: of (?:the )?outage)?|total of|down for|outage of|downtime of|downtime|spanned|spanning|time to (?:resolve|recover|restore)|ttr|mttr)\b[^.;]{0,25}$")).unwrap()
});
static CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)^[\s-]*(?:long\s+)?(?:\w+\s+)?(?:outage|downtime|disruption|failure|incident|of (?:downtime|outage|disruption))\b")).unwrap()
});
static NOT_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:another|up to|at least|every|within|next|past|than|after|before|each|per|over|or|ago|upwards of)\s*|\d\s*[-–]\s*)$",
    )
    .unwrap()
});
/// `for 2 hours` counts only in a sentence about the outage.
static OUTAGE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:down|outage|offline|unavailable|inaccessible|unreachable|disrupt\w*|fail\w*|broken|degraded|mia|affect\w*|impact\w*|experienc\w*|incident|error\w*|read-only|slow\w*|delay\w*|stalled|stuck|empty|lost|time[ds]?\s?out)\b")).unwrap()
});

fn number(s: &str) -> Option<f64> {
    let s = s.to_ascii_lowercase().replace('-', " ");
    if let Ok(n) = s.parse::<f64>() {
        return Some(n);
    }
    if s.starts_with("half") {
        return Some(0.5);
    }
    let words = [
        ("a", 1.0),
        ("an", 1.0),
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("thirteen", 13.0),
        ("fourteen", 14.0),
        ("fifteen", 15.0),
        ("sixteen", 16.0),
        ("seventeen", 17.0),
        ("eighteen", 18.0),
        ("nineteen", 19.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
    ];
    let mut total = 0.0;
    for w in s.split_whitespace() {
        total += words.iter().find(|(n, _)| *n == w)?.1;
    }
    Some(total)
}

fn unit_minutes(u: &str) -> f64 {
    let u = u.to_ascii_lowercase();
    if u.starts_with('w') {
        10080.0
    } else if u.starts_with('d') {
        1440.0
    } else if u.starts_with('h') {
        60.0
    } else if u.starts_with('s') {
        1.0 / 60.0
    } else {
        1.0
    }
}

/// A duration stated in `line` as the length of the outage, in minutes.
pub fn stated_duration(line: &str) -> Option<f64> {
    let line = &*COMPACT.replace_all(line, "${1}h ${2}");
    // `h` and `m` count only after digits (`1h30m`), never in `AM`.
    let parts: Vec<_> = PART
        .captures_iter(line)
        .filter(|p| p["u"].len() > 1 || p["n"].starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    let mut i = 0;
    while i < parts.len() {
        let first = parts[i].get(0).unwrap();
        let mut total = 0.0;
        let mut end = first.start();
        let mut j = i;
        while j < parts.len() {
            let p = &parts[j];
            let m = p.get(0).unwrap();
            if j > i && !JOIN.is_match(&line[end..m.start()]) {
                break;
            }
            let unit = unit_minutes(&p["u"]);
            let mut n = number(&p["n"]).unwrap_or(0.0);
            if p.name("half").is_some() || p.name("half2").is_some() {
                n += 0.5;
            }
            total += n * unit;
            end = m.end();
            j += 1;
        }
        let before = &line[..first.start()];
        let after = &line[end..];
        let cue = CUE_BEFORE.captures(before).is_some_and(|c| {
            !c["cue"].eq_ignore_ascii_case("for")
                || OUTAGE_WORDS.is_match(sentence(line, first.start()))
        });
        if total > 0.0 && !NOT_SPAN.is_match(before) && (cue || CUE_AFTER.is_match(after)) {
            return Some((total * 100.0).round() / 100.0);
        }
        i = j.max(i + 1);
    }
    None
}

/// The sentence around byte `at`.
fn sentence(line: &str, at: usize) -> &str {
    let from = line[..at].rfind(". ").map_or(0, |x| x + 2);
    let to = line[at..].find(". ").map_or(line.len(), |x| at + x);
    &line[from..to]
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"(?i)(?P<n>\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b)",
    ))
    .unwrap()
});
static OF_PEOPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)^\s+(?:(?:of|o)\s+(?:(?:the|our|all|its|total|active|your|their|us|global)\s+)*(?:[\w'’-]+\s+){0,3}?|(?:(?:the|our|all|its|total|active|your|their)\s+)*)(?P<who>users?|user\s?base|customers?|clients?|subscribers?|visitors?|members?|people|players?|accounts?|sessions?|audience|tenants?|merchants?|shoppers?|students?|employees?|households?|organi[sz]ations?|workspaces?|traffic|requests?|(?:api\s+)?calls?|queries|transactions?|orders?|payments?|logins?|log-?ins?|sign-?ins?|page\s?views?|pageviews?|uploads?|downloads?|searches|messages?|e-?mails?|checkouts?|bookings?|connections?|operations?|builds?|jobs?|deliveries|page\s?loads?|loads|visits|pushes|notifications|webhooks|deploys|deployments)\b")).unwrap()
});
static PEOPLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:users?|customers?|clients?|visitors?|subscribers?)\s*\(\s*(?:about|approximately|approx\.?|around|roughly|~|nearly)?\s*$|\b(?:(?:users?|customers?|clients?|visitors?|subscribers?)\s+(?:were\s+|was\s+)?(?:affected|impacted)|(?:affected|impacted)\s+(?:users?|customers?|clients?|visitors?|subscribers?)|(?:share|percentage|proportion)\s+of\s+(?:users|customers))\b[^.%\d]{0,25}$")).unwrap()
});
static HARM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:[45]\d\ds?|affect\w*|impact\w*|fail\w*|errors?|errored|unable|denied|denial|blocked|lost|loss|losses|dropped|rejected|declined|time[ds]?\s?out|could\s?n[o']t|can\s?n[o']t|did\s?n[o']t|down|disrupt\w*|unavailable|unreachable|broken|slow|degraded|experienc\w*|missing|wrong|incorrect|stale|mismatch\w*|corrupt\w*|servfail|nxdomain|refused|throttled)\b")).unwrap()
});
/// Things whose share is people rather than requests: counted without a harm word.
static PEOPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:users?|user\s?base|customers?|clients?|subscribers?|visitors?|members?|people|players?|accounts?|audience|tenants?|merchants?|shoppers?|students?|employees?|households?|organi[sz]ations?|workspaces?)$").unwrap()
});
/// A bare share (`reaching 100% at the peak`) in a sentence about users or requests failing.
static SHARE_OF_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"(?i)\b(?:users?|customers?|requests?|visitors?|traffic)\b",
    ))
    .unwrap()
});
static RESOURCE_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:cpu|memory|ram|disk|storage|load|utili[sz]ation|usage|capacity|quota|budget|battery|progress|complete|completed|done|sla|uptime|availability|accuracy|confidence|coverage)\b")).unwrap()
});
static BARE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[.,;)]|$|at\s+(?:the\s+)?peak|during|for\s+(?:a|about|several|\d))")
        .unwrap()
});
static NOT_PEOPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:cpu|memory|disk|uptime|load|capacity|utili[sz]ation|usage|increase|decrease|drop|degradation|growth|of (?:the )?(?:cpu|memory|disk|servers?|webserver|web server|storage|capacity))").unwrap()
});
/// `N% of them`: the share of something the sentence names (`requests ... 12% of them failed`).
static OF_PRONOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s+of\s+(?:them|those|these)\b").unwrap());
static WHOLE_SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(
        r"(?i)^\s+(?:service\s+)?(?:disruption|outage|downtime|unavailability)\b",
    ))
    .unwrap()
});

/// A share something was set to (`a flag set to 100% of users instead of 5%`): a setting, not
/// who was hit.
static SETTING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:set|configured|rolled\s+out|enabled|ramped(?:\s+up)?|dialed(?:\s+up)?|turned\s+up)\s+(?:to|for|at)\s+$|\binstead\s+of\s+$").unwrap()
});

/// The share of users or requests affected stated in `line`: (percent, strength). Strength 2 is
/// `N% of users`, 1 is `a 100% service disruption`.
pub fn impact_percent(line: &str) -> Option<(f64, u8)> {
    let mut weak = None;
    for c in PERCENT.captures_iter(line) {
        let m = c.get(0).unwrap();
        let n: f64 = c["n"].parse().ok()?;
        if n > 100.0 || line[..m.start()].ends_with(['.', ',', '>']) {
            continue;
        }
        let after = &line[m.end()..];
        if NOT_PEOPLE.is_match(after) || SETTING_BEFORE.is_match(&line[..m.start()]) {
            continue;
        }
        if let Some(p) = OF_PEOPLE.captures(after) {
            let who = p["who"].to_ascii_lowercase();
            let sentence_from = line[..m.start()].rfind(". ").map_or(0, |x| x + 2);
            let sentence_to = after.find(". ").map_or(line.len(), |x| m.end() + x);
            let sentence = &line[sentence_from..sentence_to];
            // Requests, orders, calls... count only when the sentence says they failed.
            if !PEOPLE.is_match(&who) && !HARM.is_match(sentence) {
                continue;
            }
            return Some((n, 2));
        }
        if PEOPLE_BEFORE.is_match(&line[..m.start()]) {
            return Some((n, 2));
        }
        if weak.is_none() && WHOLE_SERVICE.is_match(after) {
            weak = Some((n, 1));
        }
        if weak.is_none() && (BARE_AFTER.is_match(after) || OF_PRONOUN.is_match(after)) {
            let sentence = super::window::sentence_of(line, m.start(), m.end());
            if SHARE_OF_SENTENCE.is_match(sentence)
                && HARM.is_match(sentence)
                && !RESOURCE_SENTENCE.is_match(sentence)
            {
                weak = Some((n, 1));
            }
        }
    }
    weak
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        assert_eq!(
            stated_duration("lasted for 2 hours and 30 minutes, from"),
            Some(150.0)
        );
        assert_eq!(
            stated_duration("resulting in a 2.5-hour downtime for 20%"),
            Some(150.0)
        );
        assert_eq!(stated_duration("Duration: 90 min"), Some(90.0));
        assert_eq!(
            stated_duration("an outage lasting 1 hour and 48 minutes, from"),
            Some(108.0)
        );
        assert_eq!(
            stated_duration("experienced a 7 minute cascading failure"),
            Some(7.0)
        );
        assert_eq!(
            stated_duration("lasting approximately 2 and half hours"),
            Some(150.0)
        );
        assert_eq!(
            stated_duration("The outage lasted for 10 min and 23 seconds"),
            Some(10.38)
        );
        assert_eq!(
            stated_duration("Server Outage for approximately 2 weeks"),
            Some(20160.0)
        );
        assert_eq!(stated_duration("a total of two hours"), Some(120.0));
        assert_eq!(stated_duration("Total downtime: 2h 15m"), Some(135.0));
        assert_eq!(stated_duration("Duration: 1h30m"), Some(90.0));
        assert_eq!(
            stated_duration("the site was down for half an hour"),
            Some(30.0)
        );
        assert_eq!(stated_duration("2 hrs 30 mins downtime"), Some(150.0));
        assert_eq!(
            stated_duration("Duration: June 10, 2023, 08:00 AM - June 11, 2023, 10:00 AM"),
            None
        );
        assert_eq!(stated_duration("(3 hours, 30 minutes)"), None);
        assert_eq!(
            stated_duration("Duration: (3 hours, 30 minutes)"),
            Some(210.0)
        );
    }

    #[test]
    fn for_a_span_in_a_sentence_about_a_degraded_service() {
        assert_eq!(
            stated_duration("The site was read-only for 1 hour 12 minutes."),
            Some(72.0)
        );
        assert_eq!(
            stated_duration("Search returned empty results for 6 hours."),
            Some(360.0)
        );
        assert_eq!(
            stated_duration("Webhooks were delayed for 40 minutes."),
            Some(40.0)
        );
        assert_eq!(
            stated_duration("We have run this cluster for 6 years."),
            None
        );
    }

    #[test]
    fn spans_that_are_not_the_outage() {
        assert_eq!(
            stated_duration("nothing was done for another two hours"),
            None
        );
        assert_eq!(stated_duration("crash loops for up to 45 minutes"), None);
        assert_eq!(stated_duration("the fix took almost 2 weeks"), None);
        assert_eq!(stated_duration("we upgraded within 3 hours"), None);
        assert_eq!(
            stated_duration("The problem lasted for at least seven hours"),
            None
        );
        assert_eq!(
            stated_duration("cannot be cleared for another six or seven hours"),
            None
        );
        assert_eq!(
            stated_duration("a downtime of over twenty four hours"),
            None
        );
        assert_eq!(
            stated_duration("failed to resolve for an estimated 10-15 minutes"),
            None
        );
        assert_eq!(
            stated_duration("Why for fifty-three days I've put up with it"),
            None
        );
        assert_eq!(
            stated_duration("the site was down for fifty-three days"),
            Some(53.0 * 1440.0)
        );
    }

    #[test]
    fn share_of_users() {
        assert_eq!(
            impact_percent("affecting approximately 80% of the user base."),
            Some((80.0, 2))
        );
        assert_eq!(
            impact_percent("a 2.5-hour downtime for approximately 20% of our users."),
            Some((20.0, 2))
        );
        assert_eq!(
            impact_percent("approximately 78% of flag evaluation requests failed"),
            Some((78.0, 2))
        );
        assert_eq!(
            impact_percent("a 100% service disruption"),
            Some((100.0, 1))
        );
        assert_eq!(impact_percent("Users affected: ~40%"), Some((40.0, 2)));
        assert_eq!(
            impact_percent("Affected: about 25% of dashboard loads"),
            Some((25.0, 2))
        );
        assert_eq!(impact_percent("12% of webhooks failed"), Some((12.0, 2)));
        assert_eq!(
            impact_percent("API requests were slow and about 12% of them timed out."),
            Some((12.0, 1))
        );
        assert_eq!(
            impact_percent("We restarted the servers and 50% of them came back at once."),
            None
        );
        assert_eq!(
            impact_percent("About 9% of page views were missing their images."),
            Some((9.0, 2))
        );
        assert_eq!(
            impact_percent("Roughly 30% of search queries returned stale results."),
            Some((30.0, 2))
        );
        assert_eq!(
            impact_percent("About 9% of page views come from search."),
            None
        );
        assert_eq!(
            impact_percent("impacting around 3,000 users (about 25%)"),
            Some((25.0, 2))
        );
        assert_eq!(
            impact_percent("about 60 percent of customers"),
            Some((60.0, 2))
        );
        assert_eq!(
            impact_percent("40% users could not log in"),
            Some((40.0, 2))
        );
        assert_eq!(
            impact_percent("a 100% service outage for users"),
            Some((100.0, 1))
        );
    }

    #[test]
    fn a_share_something_was_set_to_is_a_setting() {
        let flag = "A feature flag was set to 100% of users instead of 5%. The service fell over.";
        assert_eq!(impact_percent(flag), None);
        assert_eq!(
            impact_percent(
                "The rollout was enabled for 20% of customers, and 20% of customers saw errors."
            ),
            Some((20.0, 2))
        );
    }

    #[test]
    fn percentages_of_other_things() {
        assert_eq!(impact_percent("CPU was at 95% and disk at 85% usage"), None);
        assert_eq!(impact_percent("error rate up 300%"), None);
        assert_eq!(impact_percent("a 30% decrease in user engagement"), None);
        assert_eq!(
            impact_percent("New state works and 100% of traffic online"),
            None
        );
        assert_eq!(impact_percent("Approximately [X%] of users"), None);
        assert_eq!(
            impact_percent("CPU load on the web tier reached 100% for users"),
            None
        );
        assert_eq!(
            impact_percent("the migration was 80% complete when requests failed"),
            None
        );
        assert_eq!(
            impact_percent("we kept 99.9% availability for customers"),
            None
        );
    }

    #[test]
    fn share_of_any_requests_that_failed() {
        assert_eq!(
            impact_percent("roughly 12% of checkout calls failed"),
            Some((12.0, 2))
        );
        assert_eq!(
            impact_percent("about 30% of orders were rejected by the gateway"),
            Some((30.0, 2))
        );
        assert_eq!(
            impact_percent("About 70% of DNS queries returned SERVFAIL."),
            Some((70.0, 2))
        );
        assert_eq!(
            impact_percent("15% of API calls were throttled"),
            Some((15.0, 2))
        );
        assert_eq!(
            impact_percent("causing 0.5% of traffic loss"),
            Some((0.5, 2))
        );
        assert_eq!(
            impact_percent("45% of tenants saw the banner"),
            Some((45.0, 2))
        );
        assert_eq!(impact_percent("40% of orders are shipped by noon"), None);
        assert_eq!(
            impact_percent("Most user requests returned errors, reaching 100% at the peak."),
            Some((100.0, 1))
        );
    }
}
