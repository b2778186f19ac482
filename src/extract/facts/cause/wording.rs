//! Wording cues of a sentence, all read in one pass of a `RegexSet`: how it states a cause,
//! and the signs that it is about something else (a suspicion, the search, the fix, the
//! setting, what to do next).

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

macro_rules! cues {
    ($($(#[$doc:meta])* $v:ident => $n:literal,)*) => {
        /// One kind of wording, named in `data/cause_wording.toml` by its snake-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Cue { $($(#[$doc])* $v,)* }

        impl Cue {
            pub const ALL: &'static [Cue] = &[$(Cue::$v,)*];
            pub const NAMES: &'static [&'static str] = &[$($n,)*];

            /// The cue's name in the data file.
            pub fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }
        }
    };
}

cues! {
    /// "the root cause was", "the primary cause of the outage is", "root cause: ..."
    RootCauseWas => "root_cause_was",
    /// "was identified as the root cause", "determined to be the cause"
    IdentifiedAsCause => "identified_as_cause",
    /// "was caused by", "were due to", "is attributed to"
    CausedBy => "caused_by",
    /// "due to", "because", "as a result of", "owing to", "thanks to"
    DueTo => "due_to",
    /// "stemmed from", "resulted from", "traced back to", "originated in"
    StemmedFrom => "stemmed_from",
    /// "the problem was", "the culprit", "the issue is that", "the bug was"
    ProblemWas => "problem_was",
    /// "led to", "resulting in", "causing", "triggered"
    Effect => "effect",
    /// Fault words: typo, misconfigured, expired, exhausted, leak, crash, bug, wrong ...
    Fault => "fault",
    /// Any other mention of a cause ("the root cause", "cause").
    MentionsCause => "mentions_cause",
    /// "suspected", "we assumed", "ruled out", "was not the cause", "red herring"
    Suspicion => "suspicion",
    /// "to identify the root cause", "investigating the cause"
    SearchTalk => "search_talk",
    /// "the root cause is not yet known", "still investigating"
    NotStated => "not_stated",
    /// "was resolved by", "we restarted", "rolled back", "to fix"
    Remedy => "remedy",
    /// "we use", "is hosted on", "our platform consists of": the setting, not the cause
    Setting => "setting",
    /// "users could not", "% of requests", "customers saw": what it did, not why
    Consequence => "consequence",
    /// "sorry", "apologise", "thank you"
    Courtesy => "courtesy",
    /// Opens with an instruction ("Implement ...", "Add monitoring ..."): an action item
    Imperative => "imperative",
    /// Talks about the future ("we will", "going forward", "in the future")
    Future => "future",
    /// A clock time (`10:05`, `3 PM`)
    ClockTime => "clock_time",
    /// First person (`we`, `our`, `I`)
    FirstPerson => "first_person",
    /// Tells that something happened ("an outage occurred", "the site went down")
    Event => "event",
    /// Announces causes stated after it ("Multiple factors contributed:", "... itself caused")
    Announces => "announces",
    /// Blames the incident for something else ("no data was lost as a result of the issue")
    AfterEffect => "after_effect",
    /// Tells what was found out ("we realised that", "identified a misconfiguration", "it
    /// turned out"): how a cause is often reported
    Discovery => "discovery",
    /// Opens with the day or span of the incident ("On 3 May ...", "Between July 9 and ..."):
    /// how a summary of what happened opens
    DatedLead => "dated_lead",
    /// Tells what has been done since ("has been disabled and removed", "were rotated")
    DoneSince => "done_since",
    /// Gives the cause of what the sentence before told ("This is due to ...", "It was
    /// caused by ...", "That happened because ...")
    RefersBack => "refers_back",
    /// Says what did not go wrong ("we are not aware of any misuse", "no data was lost",
    /// "was not exploited"): a reassurance about the impact, never the cause
    NoHarm => "no_harm",
    /// Tells how the incident became known ("users reported", "we were alerted", "was
    /// reported to us by a researcher"): the detection, not the mechanism
    Report => "report",
    /// Tells what the failure looked like ("the affected nodes suffered crashes", "began
    /// returning errors"): the symptom, not the mechanism
    Symptom => "symptom",
    /// Tells what could happen or could have happened ("would allow an attacker to", "could
    /// have exposed"): what a flaw makes possible, not the flaw
    Hypothetical => "hypothetical",
}

/// The wording data file (`data/cause_wording.toml`, embedded).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordingFile {
    /// Dropped suspicions, said outright.
    ruled_out: Vec<String>,
    /// How a report introduces itself.
    report_intros: Vec<String>,
    /// How template prompts open, lower case.
    template_prompts: Vec<String>,
    /// Each cue's patterns, by `Cue::NAMES`.
    cues: BTreeMap<String, Vec<String>>,
}

const WORDING_TOML: &str = include_str!("../../../../data/cause_wording.toml");

static WORDING: LazyLock<WordingFile> =
    LazyLock::new(|| toml::from_str(WORDING_TOML).expect("data/cause_wording.toml"));

/// Patterns as one case-insensitive alternation with ASCII word boundaries.
fn alternation(pats: &[String]) -> String {
    let alts: Vec<String> = pats.iter().map(|p| format!("(?:{p})")).collect();
    format!(
        "(?i){}",
        crate::extract::ascii_word_boundaries(&alts.join("|"))
    )
}

/// The patterns of one cue.
fn cue_patterns(name: &str) -> &'static [String] {
    WORDING
        .cues
        .get(name)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

static SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(Cue::ALL.iter().map(|c| alternation(cue_patterns(c.name()))))
        .dfa_size_limit(crate::extract::SET_DFA_CACHE)
        .build()
        .expect("cue patterns")
});

/// The cues of one sentence, as bits indexed by `Cue as usize`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u64);

impl Cues {
    pub fn of(sentence: &str) -> Cues {
        let mut bits = 0u64;
        for i in SET.matches(sentence.trim()).iter() {
            bits |= 1 << i;
        }
        Cues(bits)
    }

    pub fn has(self, c: Cue) -> bool {
        self.0 & (1 << c as u64) != 0
    }

    /// Says outright that this is the cause.
    pub fn states_cause(self) -> bool {
        (self.has(Cue::RootCauseWas)
            || self.has(Cue::IdentifiedAsCause)
            || self.has(Cue::CausedBy)
            || self.has(Cue::ProblemWas))
            && !self.has(Cue::Suspicion)
            && !self.has(Cue::SearchTalk)
            && !self.has(Cue::NotStated)
    }

    /// Says why, in words that name a cause (not only a fault or an effect).
    pub fn explains(self) -> bool {
        [
            Cue::RootCauseWas,
            Cue::IdentifiedAsCause,
            Cue::CausedBy,
            Cue::DueTo,
            Cue::StemmedFrom,
            Cue::ProblemWas,
        ]
        .into_iter()
        .any(|c| self.has(c))
    }

    /// Any sign that the sentence is about why something happened.
    pub fn any_cause_signal(self) -> bool {
        self.explains() || self.has(Cue::Effect) || self.has(Cue::Fault)
    }
}

/// A suspicion that was dropped, said outright: such a sentence never states the cause.
static RULED_OUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&alternation(&WORDING.ruled_out)).expect("ruled_out patterns"));

pub fn is_ruled_out(sentence: &str) -> bool {
    RULED_OUT.is_match(sentence)
}

/// How a report introduces itself ("We would like to share more detail about ...").
static REPORT_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&alternation(&WORDING.report_intros)).expect("report_intros patterns")
});

pub fn is_report_intro(sentence: &str) -> bool {
    REPORT_INTRO.is_match(sentence.trim_start())
}

/// Template text left in place (`[Describe the root cause]`, `*Run a 5-whys analysis*`).
pub fn is_template_prompt(s: &str) -> bool {
    let t = s.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let lower = t.to_lowercase();
    (t.starts_with('[') && t.ends_with(']'))
        || WORDING
            .template_prompts
            .iter()
            .any(|p| lower.starts_with(p))
}

/// A timeline entry: the sentence opens with a date or clock time followed by its event.
static TIMESTAMP_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)^[\s*_(\[]*(?:
        (at|by|around|about)\s+\d{1,2}(:\d{2}\s*(am|pm|a\.m\.|p\.m\.)?|\s*(am|pm|a\.m\.|p\.m\.))(\s*\(?[a-z]{2,5}\)?)?\s*,
        | (
        \d{4}-\d{2}-\d{2}([\sT]\d{1,2}:\d{2}(:\d{2})?)?
        | \d{1,2}[:.]\d{2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?(\s*\(?[a-z]{2,5}\)?)?
        | \d{1,2}\s*(am|pm)(\s*\(?[a-z]{2,5}\)?)?
        | (mon|tue|wed|thu|fri|sat|sun)\w*,?\s+\w+\s+\d{1,2}
        | (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}(st|nd|rd|th)?,?(\s+\d{4})?,?(\s+(at\s+)?\d{1,2}(:\d{2})?\s*(am|pm)?(\s*\(?[a-z]{2,5}\)?)?)?
        | \d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*(\s+\d{4})?
        | (day\s+\d+|t[+-]\d+\w*)
        )[\s*_)\]]*(\s*[-–—:|,]|\s+-))").unwrap()
});

pub fn is_timeline_entry(s: &str) -> bool {
    TIMESTAMP_LEAD.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_has_patterns_in_the_data_file_and_every_key_is_a_cue() {
        for n in Cue::NAMES {
            assert!(!cue_patterns(n).is_empty(), "{n} has no patterns");
        }
        for k in WORDING.cues.keys() {
            assert!(Cue::NAMES.contains(&k.as_str()), "unknown cue {k}");
        }
        for (i, c) in Cue::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
        }
        assert!(Cue::ALL.len() <= 64, "cues are bits of a u64");
        assert!(!RULED_OUT.as_str().is_empty() && !SET.is_empty());
    }

    #[test]
    fn reassurances_about_the_impact_are_marked() {
        for s in [
            "We are not aware of any cases of users losing data.",
            "No customer data was exposed.",
            "The flaw was not exploited, so there was no impact to users.",
            "There is no evidence that the key was used.",
        ] {
            assert!(Cues::of(s).has(Cue::NoHarm), "{s}");
        }
        for s in [
            "There was no alert on disk usage.",
            "No backups had been taken since May.",
        ] {
            assert!(!Cues::of(s).has(Cue::NoHarm), "{s}");
        }
    }

    #[test]
    fn how_the_incident_became_known_is_marked() {
        for s in [
            "Users started reporting failed logins shortly after noon.",
            "The on-call engineer was paged at 10:05.",
            "A security researcher identified a vulnerability in the upload form.",
            "The problem was reported to us by a customer.",
            "We received several alerts about the queue depth.",
        ] {
            assert!(Cues::of(s).has(Cue::Report), "{s}");
        }
        assert!(!Cues::of("A cron job filled the disk on the queue host.").has(Cue::Report));
    }

    #[test]
    fn what_the_failure_looked_like_is_marked() {
        for s in [
            "The affected nodes suffered crashes and kernel panics.",
            "The API began returning 502 errors after the deploy.",
            "The site was inaccessible to most visitors.",
        ] {
            assert!(Cues::of(s).has(Cue::Symptom), "{s}");
        }
        assert!(!Cues::of("An expired certificate stopped every TLS handshake.").has(Cue::Symptom));
    }

    #[test]
    fn what_could_happen_is_marked() {
        for s in [
            "The bug would allow an attacker to run code on the build hosts.",
            "A stolen token could have been used to publish new releases.",
            "An attacker can read any file the worker can open.",
            "The endpoint allows anyone to change the billing address.",
        ] {
            assert!(Cues::of(s).has(Cue::Hypothetical), "{s}");
        }
        for s in [
            "The deploy script removed the index on every host.",
            "Users could not log in for two hours.",
        ] {
            assert!(!Cues::of(s).has(Cue::Hypothetical), "{s}");
        }
    }

    #[test]
    fn a_step_that_was_not_taken_is_a_fault() {
        assert!(Cues::of("A refactor left the index not being saved atomically.").has(Cue::Fault));
    }

    #[test]
    fn statement_wording() {
        assert!(Cues::of("The root cause of the outage was a typo in nginx.conf.").states_cause());
        assert!(Cues::of("It was caused by an expired certificate.").states_cause());
        assert!(Cues::of("Root cause: a full disk on the queue host.").states_cause());
        assert!(!Cues::of("We began an investigation into the root cause.").states_cause());
        assert!(!Cues::of("We first suspected the root cause was the database.").states_cause());
    }

    #[test]
    fn how_a_report_introduces_itself() {
        assert!(is_report_intro(
            "We would like to share more detail about the disruption on June 3."
        ));
        assert!(is_report_intro("This post explains what happened and why."));
        assert!(is_report_intro("In this post, we describe the outage."));
        assert!(!is_report_intro("We would have caught it with a canary."));
        assert!(!is_report_intro("This change caused the outage."));
    }

    #[test]
    fn ruled_out_suspicions() {
        assert!(is_ruled_out("The database was ruled out after an hour."));
        assert!(is_ruled_out("We initially suspected a DDoS attack."));
        assert!(!is_ruled_out("A cron job filled the disk."));
    }

    #[test]
    fn timeline_entries() {
        for s in [
            "10:05 AM: the pager fired.",
            "2024-03-02 14:10 - rolled back the release",
            "March 3, 2024, 2:15 PM (UTC): the cause was found.",
            "**09:12** — traffic recovered",
            "3 PM PST: engineers joined the call",
            "At 2:40 PM EST, the new hosts joined the pool.",
        ] {
            assert!(is_timeline_entry(s), "{s}");
        }
        assert!(!is_timeline_entry("A cron job at 10:00 filled the disk."));
        assert!(!is_timeline_entry("2 hours of downtime followed."));
        assert!(!is_timeline_entry(
            "On May 2 a bad deploy removed the index."
        ));
    }

    #[test]
    fn imperatives_and_settings() {
        assert!(Cues::of("Add an alert on disk usage.").has(Cue::Imperative));
        assert!(Cues::of("Our API is hosted on two virtual machines.").has(Cue::Setting));
        assert!(!Cues::of("A bad deploy removed the index.").has(Cue::Setting));
        assert!(
            Cues::of("The school uses a shared chat workspace for every cohort.").has(Cue::Setting)
        );
    }

    #[test]
    fn a_root_issue_is_stated_like_a_root_cause() {
        assert!(
            Cues::of("The root issue is that the free plan keeps only 10,000 messages.")
                .states_cause()
        );
    }

    #[test]
    fn a_sentence_that_announces_causes_is_marked() {
        for s in [
            "Several factors contributed to the outage.",
            "The failure had two causes:",
            "The workaround for the first problem itself caused",
        ] {
            assert!(Cues::of(s).has(Cue::Announces), "{s}");
        }
        assert!(!Cues::of("A typo in the config caused the outage.").has(Cue::Announces));
    }

    #[test]
    fn how_causes_are_reported_is_marked() {
        let c = Cues::of("We came to the realization that the service was not started on boot.");
        assert!(c.has(Cue::Discovery) && c.has(Cue::Fault));
        assert!(
            Cues::of("The team identified a misconfiguration of the firewall.").has(Cue::Discovery)
        );
        assert!(Cues::of("This is due to a flaw in the diff parser.").has(Cue::RefersBack));
        assert!(Cues::of("Input was un-sanitized before the call.").has(Cue::Fault));
        assert!(!Cues::of("A cron job filled the disk.").has(Cue::Discovery));
        assert!(!Cues::of("The queue was not affected.").has(Cue::Fault));
    }

    #[test]
    fn a_summary_lead_and_later_remedies_are_marked() {
        for s in [
            "On 29 April 2022 a typo took the site down.",
            "Between July 9 and July 16, 2023, a cache was exposed.",
            "On 2024-03-02 the queue stalled.",
        ] {
            assert!(Cues::of(s).has(Cue::DatedLead), "{s}");
        }
        assert!(!Cues::of("A typo on 29 April took the site down.").has(Cue::DatedLead));
        let c = Cues::of("The vulnerable action has been disabled and removed.");
        assert!(c.has(Cue::DoneSince) && !c.explains());
        assert!(
            !Cues::of("The setting had been disabled during the migration.").has(Cue::DoneSince)
        );
    }

    #[test]
    fn what_the_incident_caused_is_not_its_cause() {
        assert!(Cues::of("No data was lost as a result of the issue.").has(Cue::AfterEffect));
        assert!(!Cues::of("The site was down due to a full disk.").has(Cue::AfterEffect));
        assert!(
            Cues::of("Changes have been made to reduce the risk of future incidents.")
                .has(Cue::Remedy)
        );
        assert!(
            Cues::of("Changes have been made to reduce the risk of future incidents.")
                .has(Cue::Future)
        );
    }
}
