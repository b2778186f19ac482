//! Blame rules: `blameful-language` (human error as the cause, someone's fault, careless, and
//! site.toml's `check.blameful_phrases`), `blame-person-subject` (a person, named or not, as the
//! subject of what went wrong) and `should-have`. Phrases are looked for in the body's prose
//! lines; the root cause is the extracted one.

use super::{Emit, Rule};
use crate::extract::Field;
use crate::lint::text::{column, prose_lines};
use crate::lint::{LintDoc, LintOptions};
use regex::{Regex, RegexBuilder};
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

static HUMAN_ERROR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(human|operator|user|engineer|developer|manual|personnel) errors?\b")
});

/// Human error stated as the cause in running text.
static HUMAN_ERROR_AS_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(caused by|due to|result of|because of|attributed to|root cause (?:was|is|:)|blamed on|traced (?:back )?to)\s+(?:an?\s+|simple\s+|a simple\s+)?(human|operator|engineer|developer|manual) error",
    )
});

static FAULT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(@?[\w-]+)['’]s fault\b|\b(his|her|their) fault\b"));

static CARELESS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(careless(?:ly|ness)?|negligen(?:t|ce|tly)|sloppy|sloppiness|incompeten(?:t|ce)|laziness|lazy|reckless(?:ly|ness)?|stupid(?:ity)?|idiot(?:ic)?|dumb mistake|silly mistake)\b",
    )
});

/// Verbs that make a person the cause.
const BLAME_VERBS: &str = r"(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?(made\s+(?:a\s+|some\s+|the\s+|an\s+)?(?:\w+\s+)?(?:changes?|mistakes?|errors?|typos?)|changed|forgot|forgotten|broke|caused|deleted|misconfigured|introduced|neglected|overlooked|ignored|messed up|screwed up|failed to|accidentally|mistakenly|incorrectly|wrongly|pushed\s+(?:a\s+)?(?:bad|faulty|broken|buggy))\b";

/// Only a person forgets or neglects; a capitalised word before these is taken for a name.
const PERSON_ONLY_VERBS: &str = r"(?:had\s+|has\s+)?(?:\w+ly\s+)?(forgot|forgotten|neglected|overlooked|messed up|screwed up|didn'?t bother|was careless)\b";

static UNNAMED_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    let who = r"(?:one of (?:the|our) (?:developers|engineers|devs|admins|administrators|operators|sysadmins|team members|employees|interns|contractors)|(?:an?|the|another|our)\s+(?:junior\s+|new\s+|on-call\s+|senior\s+)?(?:developer|engineer|dev|admin|administrator|operator|sysadmin|team member|employee|intern|contractor|new hire|staff member)|someone|somebody|he|she)";
    RegexBuilder::new(&format!(r"\b{who}\s+{BLAME_VERBS}"))
        .case_insensitive(true)
        .build()
        .expect("valid regex")
});

static HANDLE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(&format!(
        r"(?:^|[^\w@])(@[A-Za-z0-9][\w-]*)\s+{BLAME_VERBS}"
    ))
    .case_insensitive(true)
    .build()
    .expect("valid regex")
});

static NAME_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+{PERSON_ONLY_VERBS}"
    ))
});

/// Capitalised words that start sentences but are not people.
const NOT_NAMES: &[&str] = &[
    "the", "this", "that", "it", "we", "they", "i", "team", "our", "someone", "somebody",
    "everyone", "nobody", "no", "and", "but", "also", "then", "he", "she", "who", "which",
];

static SHOULD_HAVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(I|we|he|she|they|you|someone|somebody|the (?:engineer|developer|operator|admin|on-call(?: engineer)?|team)|@[\w-]+)\s+(should(?:'ve| have)|shouldn't have|should not have)\b(\s+been)?",
    )
});

/// Every blame rule over the root cause and each prose line of the body.
pub fn check(doc: &LintDoc, opts: &LintOptions, e: &mut Emit) {
    let inc = &doc.incident;
    let human_error_lines = root_cause_human_error(doc, e);
    let custom = custom_phrases(opts);
    let known = known_names(doc);
    for (line_no, line) in prose_lines(&inc.body, inc.body_line_offset) {
        if !human_error_lines.contains(&line_no) {
            human_error_as_cause(line_no, line, e);
        }
        fault(line_no, line, e);
        careless(line_no, line, e);
        custom_phrase(line_no, line, &custom, e);
        person_subject(line_no, line, &known, e);
        should_have(line_no, line, e);
    }
}

/// "Human error" in the extracted root cause; returns the lines it was reported at, so the
/// same words in the body are not reported twice.
fn root_cause_human_error(doc: &LintDoc, e: &mut Emit) -> Vec<usize> {
    let inc = &doc.incident;
    let Some(rc) = &inc.root_cause else {
        return Vec::new();
    };
    let Some(m) = HUMAN_ERROR.find(rc).filter(|m| !negated(rc, m.start())) else {
        return Vec::new();
    };
    let line = inc
        .provenance
        .get(&Field::RootCause)
        .and_then(|p| p.line)
        .unwrap_or(1);
    e.push(
        Rule::BlamefulLanguage,
        (line, 1),
        format!("the root cause is given as \"{}\"", m.as_str()),
        "name the condition that let a mistake through (a missing check, an unclear runbook, an unsafe default), not the person",
    );
    vec![line]
}

/// site.toml's `check.blameful_phrases`, as whole-word, case-insensitive patterns.
fn custom_phrases(opts: &LintOptions) -> Vec<Regex> {
    opts.config
        .blameful_phrases
        .iter()
        .filter(|p| !p.trim().is_empty())
        .filter_map(|p| {
            // An escaped phrase always compiles; one too large for the regex engine is skipped.
            RegexBuilder::new(&format!(r"\b{}\b", regex::escape(p.trim())))
                .case_insensitive(true)
                .build()
                .ok()
        })
        .collect()
}

fn human_error_as_cause(line_no: usize, line: &str, e: &mut Emit) {
    if let Some(m) = HUMAN_ERROR_AS_CAUSE.find(line) {
        if !negated(line, m.start()) {
            e.push(
                Rule::BlamefulLanguage,
                (line_no, column(line, m.start())),
                format!("\"{}\" blames people for the outage", m.as_str()),
                "say which safeguard was missing (review, validation, automation) instead of \"human error\"",
            );
        }
    }
}

/// "X's fault", unless X is nobody or the words are technical (`fault tolerance`).
fn fault(line_no: usize, line: &str, e: &mut Emit) {
    for c in FAULT.captures_iter(line) {
        let m = c.get(0).expect("match");
        let who = c
            .get(1)
            .map(|w| w.as_str().to_lowercase())
            .unwrap_or_default();
        let rest = line[m.end()..]
            .trim_start_matches([' ', '-'])
            .to_lowercase();
        let technical = [
            "toler", "domain", "inject", "detect", "isolat", "line", "zone", "code",
        ]
        .iter()
        .any(|t| rest.starts_with(t));
        let nobody = [
            "no", "one", "nobody", "anyone", "anybody", "noone", "it", "that", "what", "there",
            "system", "nobody",
        ]
        .contains(&who.as_str());
        if !technical && !nobody && !negated(line, m.start()) {
            e.push(
                Rule::BlamefulLanguage,
                (line_no, column(line, m.start())),
                format!("\"{}\" assigns fault to a person", m.as_str()),
                "describe what happened and what allowed it; postmortems are blameless",
            );
        }
    }
}

fn careless(line_no: usize, line: &str, e: &mut Emit) {
    for m in CARELESS.find_iter(line) {
        e.push(
            Rule::BlamefulLanguage,
            (line_no, column(line, m.start())),
            format!("\"{}\" judges a person", m.as_str()),
            "describe the action and the conditions around it (time pressure, missing guard rails) without judging",
        );
    }
}

fn custom_phrase(line_no: usize, line: &str, custom: &[Regex], e: &mut Emit) {
    for r in custom {
        if let Some(m) = r.find(line) {
            e.push(
                Rule::BlamefulLanguage,
                (line_no, column(line, m.start())),
                format!(
                    "\"{}\" is on this site's list of blameful phrases",
                    m.as_str()
                ),
                "reword it around the system and the process, not a person",
            );
        }
    }
}

fn should_have(line_no: usize, line: &str, e: &mut Emit) {
    let Some(c) = SHOULD_HAVE.captures(line) else {
        return;
    };
    let m = c.get(0).expect("match");
    let subject = c
        .get(1)
        .map(|s| s.as_str().to_lowercase())
        .unwrap_or_default();
    // "they should have been restarted" is usually about machines.
    let about_things = subject == "they" && c.get(3).is_some();
    if !about_things {
        e.push(
            Rule::ShouldHave,
            (line_no, column(line, m.start())),
            format!("\"{}\" judges with hindsight", m.as_str()),
            "say what was known at the time and which check or signal was missing",
        );
    }
}

fn person_subject(line_no: usize, line: &str, known: &[Regex], e: &mut Emit) {
    const HINT: &str = "make the change or the system the subject (\"a configuration change was deployed without validation\") and say what safeguard was missing";
    if let Some(m) = UNNAMED_PERSON.find(line) {
        e.push(
            Rule::BlamePersonSubject,
            (line_no, column(line, m.start())),
            format!("\"{}\" makes a person the cause", m.as_str().trim()),
            HINT,
        );
        return;
    }
    if let Some(c) = HANDLE_SUBJECT.captures(line) {
        let h = c.get(1).expect("handle");
        let end = c.get(0).expect("match").end();
        e.push(
            Rule::BlamePersonSubject,
            (line_no, column(line, h.start())),
            format!("\"{}\" makes a person the cause", &line[h.start()..end]),
            HINT,
        );
        return;
    }
    for c in NAME_SUBJECT.captures_iter(line) {
        let name = c.get(1).expect("name");
        let first = name.as_str().split_whitespace().next().unwrap_or("");
        if NOT_NAMES.contains(&first.to_lowercase().as_str()) {
            continue;
        }
        let end = c.get(0).expect("match").end();
        e.push(
            Rule::BlamePersonSubject,
            (line_no, column(line, name.start())),
            format!("\"{}\" makes a person the cause", &line[name.start()..end]),
            HINT,
        );
        return;
    }
    // A known person (author or owner) as the subject of broke/caused.
    for r in known {
        if let Some(m) = r.find(line) {
            e.push(
                Rule::BlamePersonSubject,
                (line_no, column(line, m.start())),
                format!("\"{}\" makes a person the cause", m.as_str()),
                HINT,
            );
            return;
        }
    }
}

/// People the document names as authors or owners (without `@`) as subjects of blame verbs.
fn known_names(doc: &LintDoc) -> Vec<Regex> {
    let inc = &doc.incident;
    let mut names: Vec<String> = inc
        .authors
        .iter()
        .chain(inc.action_items.iter().filter_map(|a| a.owner.as_ref()))
        .map(|n| n.trim().trim_start_matches('@').to_string())
        .filter(|n| n.len() >= 2 && !n.starts_with('['))
        .collect();
    names.sort();
    names.dedup();
    names
        .iter()
        .filter_map(|n| {
            RegexBuilder::new(&format!(r"\b{}\s+{BLAME_VERBS}", regex::escape(n)))
                .case_insensitive(true)
                .build()
                .ok()
        })
        .collect()
}

/// "not", "no" or "n't" shortly before the match: "this was not human error".
fn negated(text: &str, at: usize) -> bool {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(24)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let before = text[start..at].to_lowercase();
    before.contains("not ")
        || before.contains("n't ")
        || before.contains(" no ")
        || before.starts_with("no ")
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::extract::Provenance;

    fn count(body: &str, rule: Rule) -> usize {
        ids(&run(&doc(body)), rule)
    }

    #[test]
    fn human_error_as_the_root_cause() {
        let mut d = doc("");
        d.incident.root_cause = Some("Human error during the deploy.".into());
        d.incident
            .set_provenance(Field::RootCause, Provenance::section("Root Cause", 8));
        let f = run(&d);
        assert_eq!(ids(&f, Rule::BlamefulLanguage), 1);
        assert_eq!(only(&f, Rule::BlamefulLanguage)[0].line, 8);
        assert_eq!(
            count(
                "The outage was caused by operator error.",
                Rule::BlamefulLanguage
            ),
            1
        );
        assert_eq!(
            count(
                "This was not caused by human error but by a race.",
                Rule::BlamefulLanguage
            ),
            0
        );
        assert_eq!(
            count(
                "We reduce human error with automation.",
                Rule::BlamefulLanguage
            ),
            0
        );
    }

    #[test]
    fn fault_and_careless() {
        assert_eq!(count("It was Dave's fault.", Rule::BlamefulLanguage), 1);
        assert_eq!(
            count("A careless edit of the config.", Rule::BlamefulLanguage),
            1
        );
        assert_eq!(
            count("The system's fault tolerance held.", Rule::BlamefulLanguage),
            0
        );
        assert_eq!(count("It was nobody's fault.", Rule::BlamefulLanguage), 0);
        assert_eq!(
            count(
                "We were careful to drain traffic first.",
                Rule::BlamefulLanguage
            ),
            0
        );
    }

    #[test]
    fn site_phrases_extend_the_list() {
        let d = doc("The root cause was a rookie mistake.");
        assert_eq!(ids(&run(&d), Rule::BlamefulLanguage), 0);
        let mut o = opts();
        o.config.blameful_phrases = vec!["rookie mistake".into()];
        let f = super::super::run_all(
            &d,
            &super::super::SiteContext::new(std::slice::from_ref(&d)),
            &o,
        );
        assert_eq!(ids(&f, Rule::BlamefulLanguage), 1);
    }

    #[test]
    fn person_as_subject() {
        for s in [
            "One of the developers had made changes to the file.",
            "An engineer accidentally deleted the volume.",
            "@jsmith broke the build by pushing to main.",
            "Dave forgot to renew the certificate.",
            "Then someone forgot to reload nginx.",
        ] {
            assert_eq!(count(s, Rule::BlamePersonSubject), 1, "{s}");
        }
        for s in [
            "The engineer tried restarting the Apache web server.",
            "The on-call engineer received an alert.",
            "A bad config change caused the outage.",
            "Nginx failed to start after the change.",
            "The deploy broke checkout for 20 minutes.",
            "Another engineer joined the investigation.",
        ] {
            assert_eq!(count(s, Rule::BlamePersonSubject), 0, "{s}");
        }
    }

    #[test]
    fn named_owner_as_subject_of_broke() {
        let mut d = doc("Priya broke the build.");
        assert_eq!(ids(&run(&d), Rule::BlamePersonSubject), 0);
        d.incident.authors = vec!["Priya".into()];
        assert_eq!(ids(&run(&d), Rule::BlamePersonSubject), 1);
    }

    #[test]
    fn should_have_about_people_only() {
        assert_eq!(
            count("We should have tested the change first.", Rule::ShouldHave),
            1
        );
        assert_eq!(
            count("The engineer should've checked the logs.", Rule::ShouldHave),
            1
        );
        assert_eq!(
            count("The alert should have fired at 10:05.", Rule::ShouldHave),
            0
        );
        assert_eq!(
            count(
                "The pods were stuck; they should have been restarted.",
                Rule::ShouldHave
            ),
            0
        );
    }

    #[test]
    fn code_blocks_are_ignored() {
        assert_eq!(
            count("```\nerror: careless mode\n```\n", Rule::BlamefulLanguage),
            0
        );
    }
}
