//! Wording cues of a sentence, all read in one pass of a `RegexSet`: how it states a cause,
//! and the signs that it is about something else (a suspicion, the search, the fix, the
//! setting, what to do next).

use regex::{Regex, RegexSet, RegexSetBuilder};
use std::sync::LazyLock;

/// One kind of wording. The order is the order of `PATTERNS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// "the root cause was", "the primary cause of the outage is", "root cause: ..."
    RootCauseWas,
    /// "was identified as the root cause", "determined to be the cause"
    IdentifiedAsCause,
    /// "was caused by", "were due to", "is attributed to"
    CausedBy,
    /// "due to", "because", "as a result of", "owing to", "thanks to"
    DueTo,
    /// "stemmed from", "resulted from", "traced back to", "originated in"
    StemmedFrom,
    /// "the problem was", "the culprit", "the issue is that", "the bug was"
    ProblemWas,
    /// "led to", "resulting in", "causing", "triggered"
    Effect,
    /// Fault words: typo, misconfigured, expired, exhausted, leak, crash, bug, wrong ...
    Fault,
    /// Any other mention of a cause ("the root cause", "cause").
    MentionsCause,
    /// "suspected", "we assumed", "ruled out", "was not the cause", "red herring"
    Suspicion,
    /// "to identify the root cause", "investigating the cause"
    SearchTalk,
    /// "the root cause is not yet known", "still investigating"
    NotStated,
    /// "was resolved by", "we restarted", "rolled back", "to fix"
    Remedy,
    /// "we use", "is hosted on", "our platform consists of": the setting, not the cause
    Setting,
    /// "users could not", "% of requests", "customers saw": what it did, not why
    Consequence,
    /// "sorry", "apologise", "thank you"
    Courtesy,
    /// Opens with an instruction ("Implement ...", "Add monitoring ..."): an action item
    Imperative,
    /// Talks about the future ("we will", "going forward", "in the future")
    Future,
    /// A clock time (`10:05`, `3 PM`)
    ClockTime,
    /// First person (`we`, `our`, `I`)
    FirstPerson,
    /// Tells that something happened ("an outage occurred", "the site went down")
    Event,
    /// Announces causes stated after it ("Multiple factors contributed:", "... itself caused")
    Announces,
    /// Blames the incident for something else ("no data was lost as a result of the issue")
    AfterEffect,
    /// Tells what was found out ("we realised that", "identified a misconfiguration", "it
    /// turned out"): how a cause is often reported
    Discovery,
    /// Opens with the day or span of the incident ("On 3 May ...", "Between July 9 and ..."):
    /// how a summary of what happened opens
    DatedLead,
    /// Tells what has been done since ("has been disabled and removed", "were rotated")
    DoneSince,
    /// Gives the cause of what the sentence before told ("This is due to ...", "It was
    /// caused by ...", "That happened because ...")
    RefersBack,
}

const PATTERNS: &[(Cue, &str)] = &[
    (
        Cue::RootCauseWas,
        r"\b(root|primary|main|underlying|ultimate|actual|real|direct|immediate|core|proximate)[\s-]+causes?\b[^.]{0,120}?(\b(was|were|is|are|lies|lay|came|stem\w*|has\s+been|had\s+been|appears|seems|turned\s+out|boils\s+down)\b|[:—–]|\s-\s)|\broot[\s-]+(issue|problem|reason)s?\b[^.]{0,120}?\b(was|were|is|are|lies|lay)\b|^(root\s+)?cause\s*[:—–-]",
    ),
    (
        Cue::IdentifiedAsCause,
        r"\b(identified|determined|found|confirmed|traced|pinpointed|diagnosed|established|discovered)\b[^.]{0,60}\b(as|to\s+be|was|being)\b[^.]{0,40}\b(the\s+)?((root|primary|main|underlying|real|actual)\s+)?(cause|culprit|source)\b|\b(was|were|is|are)\b[^.]{0,40}\b(the\s+)?(root|primary|main|underlying|real|actual)\s+cause\b",
    ),
    (
        Cue::CausedBy,
        r"\b(was|were|is|are|been|being)\s+(\w+ly\s+)?(caused|triggered|brought\s+about|induced)\s+by\b|\b(was|were|is|are)\s+(\w+ly\s+)?(due|attributed|attributable|owing)\s+to\b",
    ),
    (
        Cue::DueTo,
        r"\b(due\s+to|because|as\s+a\s+(direct\s+)?result\s+of|owing\s+to|on\s+account\s+of|thanks\s+to|caused\s+by|the\s+reason\s+(was|is|being))\b",
    ),
    (
        Cue::StemmedFrom,
        r"\b(stem(s|med)?|result(s|ed)?|arose|arises|originat(ed|es))\s+(from|in)\b|\btrac(ed|es)\s+(back\s+)?to\b|\bboils\s+down\s+to\b|\bcame\s+down\s+to\b",
    ),
    (
        Cue::ProblemWas,
        r"\bthe\s+((main|real|core|actual|underlying|whole|original)\s+)?(problem|issue|culprit|fault|bug|error|mistake|flaw|vulnerability|exploit|trigger|reason)\s+(is|was|were|are|turned\s+out|lay|lies|here)\b|\bthe\s+culprit\b|\bwhat\s+(happened|went\s+wrong)\s+(is|was)\b",
    ),
    (
        Cue::Effect,
        r"\b(led|leads|leading|lead)\s+to\b|\bresult(ed|ing|s)?\s+in\b|\bcausing\b|\bcaused\s+(a|an|the|our|all|some|many|it|them|\w+s)\b|\btrigger(ed|ing|s)\b|\bwhich\s+(made|meant|broke|prevented|stopped)\b|\bbrought\s+down\b|\btook\s+down\b",
    ),
    (
        Cue::Fault,
        r"\b(typos?|mis-?typed|mis-?configur\w*|mis-?spel\w*|syntax\s+error|expir\w+|exhaust\w*|leak\w*|crash\w*|bugs?|buggy|regression|corrupt\w*|deadlock\w*|overload\w*|overwhelm\w*|wrong|incorrect\w*|invalid|missing|broken|faulty|failed|failure|fail(s|ing)?|mistake\w*|flaw(s|ed)?|un-?saniti[sz]ed|unvalidated|unescaped|hard-?coded|spike|surge|flood\w*|race\s+condition|misspelled|outdated|deleted|removed|full|ran\s+out|out\s+of\s+(memory|disk|space)|not\s+(properly|correctly)|improper\w*|unhandled|oversight|blocked|dropped|saturat\w*|too\s+(low|high|small|many|few|large))\b|\b(was|were|is|are|had|has|did)(\s+not|n't)\s+(actually\s+|been\s+|properly\s+|correctly\s+)?(started|running|enabled|renewed|installed|mounted|excluded|included|considered|saved|updated|configured|applied|tested|checked|validated|sanitized|handled|honou?red|propagated|rotated|restarted)\b",
    ),
    (Cue::MentionsCause, r"\bcaus(e|es|ed)\b|\broot[\s-]*cause"),
    (
        Cue::Suspicion,
        r"\b(suspect\w*|assum(ed|ing|ption)|initial(ly)?\s+(thought|believed|hypothes\w*|suspicion|assumption)|at\s+first|first\s+thought|misleading|red\s+herring|ruled\s+out|hypothes\w+|we\s+(first\s+|initially\s+)?(believed|thought|guessed)|turned\s+out\s+not|(was|were|is)\s+not\s+the\s+(root\s+)?cause|wasn't\s+the\s+(root\s+)?cause|weren't\s+the\s+(root\s+)?cause|no\s+issues\s+were\s+found|false\s+(lead|alarm)|mistaken(ly)?|theor(y|ies)|prime\s+suspect|potential\s+cause|possible\s+cause|might\s+(be|have)|could\s+(be|have)|may\s+(be|have))\b",
    ),
    (
        Cue::SearchTalk,
        r"\b(into|for|identify(ing)?|find(ing)?|determin(e|ing)|investigat\w+|analy[sz](e|ing|is\s+of)|understand(ing)?|search(ing)?\s+for|look(ing)?\s+for|locat(e|ing)|isolat(e|ing)|uncover(ing)?|diagnos(e|ing)|pinpoint(ing)?|debug(ging)?)\s+(the\s+|a\s+|its\s+)?(potential\s+|possible\s+|underlying\s+)?(root\s+)?(causes?|issue|problem)\b",
    ),
    (
        Cue::NotStated,
        r"\b(not\s+(yet\s+)?(clear|known|identified|found|determined|understood)|unclear|unknown\s+(reason|cause)|remains?\s+to\s+be|still\s+investigating|under\s+investigation|yet\s+to\s+be\s+(determined|identified))\b",
    ),
    (
        Cue::Remedy,
        r"\b(was|were|been|got)\s+(quickly\s+)?(resolved|fixed|mitigated|restored|remediated|rolled\s+back|reverted)\b|\b(we|engineers?|the\s+team|sre|i)\s+(then\s+|quickly\s+|immediately\s+)?(restarted|reverted|rolled\s+back|fixed|patched|redeployed|replaced|increased|added|updated|corrected|changed|scaled|renewed|restored|applied)\b|\bto\s+(resolve|fix|mitigate|remediate)\b|\bthe\s+fix\s+(was|is)\b|\bresolution\b|\b(have|has)\s+been\s+(made|implemented|put\s+in\s+place|taken|introduced)\b|\brevok(ed|ing)\b",
    ),
    (
        Cue::Setting,
        r"\b(we|i)\s+(use|run|host|operate|maintain|offer|provide)\b|\b(is|are)\s+(hosted|deployed|built|running|served)\s+(on|in|with|by|from)\b|\bconsists?\s+of\b|\b(is|are)\s+(a|an)\s+(\w+\s+){0,3}(service|platform|tool|company|application|website|site|system|project|framework|team)\b|\bour\s+(\w+\s+){0,3}(is|are)\s+(a|an)\b|\b(uses|relies\s+on|integrates\s+with)\b",
    ),
    (
        Cue::Consequence,
        r"\b(users?|customers?|visitors?|clients?|people)\s+(were|was|could(\s+not|n't)|experienced|saw|received|got|had|reported|encountered|faced)\b|\b\d+(\.\d+)?\s*%\s+of\b|\b(downtime|outage|disruption)\s+(lasted|of)\b|\b(were|was)\s+(unable|unavailable|inaccessible|down)\b",
    ),
    (
        Cue::Courtesy,
        r"\b(sorry|apolog\w+|thank(s|\s+you)|appreciate)\b",
    ),
    (
        Cue::Imperative,
        r"^(implement|add|ensure|review|update|create|set\s+up|monitor|improve|consider|establish|introduce|automate|document|schedule|enable|configure|conduct|develop|deploy|train|investigate|audit|upgrade|use|make\s+sure|always|never|don't|do\s+not)\b",
    ),
    (
        Cue::Future,
        r"\b(we\s+will|we'll|we\s+plan|going\s+forward|in\s+the\s+future|moving\s+forward|next\s+time|to\s+prevent|will\s+be\s+(added|implemented|introduced|reviewed)|(future|further)\s+(risks?|incidents?|occurrences?|recurrences?|outages?))\b",
    ),
    (
        Cue::ClockTime,
        r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)\b",
    ),
    (Cue::FirstPerson, r"\b(we|our|us|i|my)\b"),
    (
        Cue::Event,
        r"\b(occurred|occurs|happened|took\s+place|experienced\s+(an?\s+)?(outage|disruption|downtime|incident)|went\s+(down|offline)|(was|were)\s+(down|offline|unreachable|unavailable|inaccessible)|(an?|the)\s+(\w+\s+){0,2}(outage|disruption|downtime|incident)\s+(on|at|in|from|between|that|which|lasted|affected|impacted))\b",
    ),
    (
        Cue::Announces,
        r"[:]\s*$|\b(caused|by|to|of|the|a|an|and|or|with|from|following|follows|below)\s*$|\b(several|multiple|many|various|a\s+number\s+of|a\s+few|a\s+combination\s+of|two|three|four)\s+(\w+\s+)?(factors|things|issues|causes|reasons|problems|mistakes)\s+(contributed|led|combined|caused|played)\b",
    ),
    (
        Cue::AfterEffect,
        r"\b(due\s+to|because\s+of|as\s+a\s+(direct\s+)?result\s+of|caused\s+by|during)\s+(the|this|that)\s+(issue|incident|outage|problem|downtime|disruption|event|bug|vulnerability)\b",
    ),
    (
        Cue::Discovery,
        r"\b(realized|realised|realization|realisation|discovered|found\s+out|noticed|learned|concluded|(we|team|engineers?|i)\s+(\w+\s+)?(found|identified|determined|confirmed))\s+(that|an?|the)\b|\b(it\s+)?turned\s+out\s+(that|to\s+be)\b|\bit\s+(appears|seems)\s+that\b",
    ),
    (
        Cue::DatedLead,
        r"^(on|between|from|since|starting)\s+(the\s+)?((mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(\d{1,2}(st|nd|rd|th)?\s+(of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})",
    ),
    (
        Cue::DoneSince,
        r"\b(have|has)\s+(now\s+|since\s+|already\s+)?been\s+(\w+ly\s+)?(disabled|removed|revoked|rotated|patched|fixed|upgraded|reverted|replaced|restored|deleted|invalidated|reset|updated|migrated|deprecated|turned\s+off|shut\s+down|taken\s+down)\b|\b(we|i)\s+(have\s+)?(since|subsequently|immediately|then)\s+\w+ed\b",
    ),
    (
        Cue::RefersBack,
        r"^(this|that|it|these|those|which)\s+(\w+\s+){0,2}(is|was|were|are|happened|occurred|came|has\s+been|had\s+been)\s+(\w+ly\s+)?(due\s+to|caused\s+by|because|the\s+result\s+of|a\s+result\s+of|triggered\s+by|about)\b",
    ),
];

static SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(
        PATTERNS
            .iter()
            .map(|(_, p)| format!("(?i){}", crate::extract::ascii_word_boundaries(p))),
    )
    .dfa_size_limit(crate::extract::SET_DFA_CACHE)
    .build()
    .expect("cue patterns")
});

/// The cues of one sentence, as bits indexed by `Cue as usize`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u32);

impl Cues {
    pub fn of(sentence: &str) -> Cues {
        let mut bits = 0u32;
        for i in SET.matches(sentence.trim()).iter() {
            bits |= 1 << (PATTERNS[i].0 as u32);
        }
        Cues(bits)
    }

    pub fn has(self, c: Cue) -> bool {
        self.0 & (1 << c as u32) != 0
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
static RULED_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(ruled\s+out|red\s+herring|false\s+lead|(was|were|is)\s+not\s+the\s+(root\s+)?cause|wasn't\s+the\s+(root\s+)?cause|weren't\s+the\s+(root\s+)?cause|not\s+the\s+culprit|turned\s+out\s+(not|to\s+be\s+fine)|(initially|first|wrongly|mistakenly)\s+(suspected|assumed|thought|believed)|we\s+suspected|was\s+suspected|at\s+first\s+(we\s+)?(thought|suspected|believed|assumed)|(initial|first|original)\s+(assumption|hypothesis|suspicion|theory|guess|thought)|our\s+(assumption|hypothesis|suspicion|theory)\s+was)")).unwrap()
});

pub fn is_ruled_out(sentence: &str) -> bool {
    RULED_OUT.is_match(sentence)
}

/// Template text left in place (`[Describe the root cause]`, `*Run a 5-whys analysis*`).
pub fn is_template_prompt(s: &str) -> bool {
    let t = s.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let lower = t.to_lowercase();
    (t.starts_with('[') && t.ends_with(']'))
        || [
            "run a ",
            "describe ",
            "note the ",
            "explain ",
            "summarize ",
            "summarise ",
            "list the ",
            "list any ",
            "include ",
            "what was the ",
            "what caused ",
            "provide ",
            "add a ",
            "insert ",
        ]
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
    fn statement_wording() {
        assert!(Cues::of("The root cause of the outage was a typo in nginx.conf.").states_cause());
        assert!(Cues::of("It was caused by an expired certificate.").states_cause());
        assert!(Cues::of("Root cause: a full disk on the queue host.").states_cause());
        assert!(!Cues::of("We began an investigation into the root cause.").states_cause());
        assert!(!Cues::of("We first suspected the root cause was the database.").states_cause());
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
