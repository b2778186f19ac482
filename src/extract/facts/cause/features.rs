//! The general features of a candidate sentence the ranker weighs: the section it sits in, its
//! position there, its length, its wording, and what it names. None of them names a document.

use super::candidates::Candidate;
use super::wording::Cue;
use crate::extract::facts::blocks::PieceKind;
use crate::extract::facts::kind::SectionKind;

macro_rules! features {
    ($($v:ident => $n:literal,)*) => {
        /// One feature of a candidate.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Feature { $($v,)* }

        impl Feature {
            pub const ALL: &'static [Feature] = &[$(Feature::$v,)*];
            pub const NAMES: &'static [&'static str] = &[$($n,)*];
        }
    };
}

features! {
    SecRootCause => "section_root_cause",
    SecRootCauseLabel => "section_root_cause_label",
    SecSummary => "section_summary",
    SecAnalysis => "section_analysis",
    SecConclusion => "section_conclusion",
    SecTrigger => "section_trigger",
    SecImpact => "section_impact",
    SecResolution => "section_resolution",
    SecDetection => "section_detection",
    SecOtherKnown => "section_other_known",
    SecUnnamed => "section_unnamed",
    SecPreamble => "section_preamble",
    SummaryBesideRootCause => "summary_beside_root_cause_section",
    ElsewhereBesideRootCause => "elsewhere_beside_root_cause_section",
    LaterRootCauseSection => "later_root_cause_section",
    FirstInSection => "first_in_section",
    SecondInSection => "second_in_section",
    LastInSection => "last_in_long_section",
    IndexInSection => "log_index_in_section",
    FirstInPiece => "first_in_piece",
    DocPosition => "position_in_document",
    Item => "list_item",
    Row => "table_row",
    WhyAnswer => "why_chain_answer",
    WhyLast => "why_chain_last_answer",
    LenShort => "length_under_40",
    LenMid => "length_40_120",
    LenLong => "length_120_220",
    LenVeryLong => "length_220_300",
    LenOver => "length_over_300",
    RootCauseWas => "says_root_cause_was",
    IdentifiedAsCause => "says_identified_as_cause",
    CausedBy => "says_caused_by",
    DueTo => "says_due_to",
    StemmedFrom => "says_stemmed_from",
    ProblemWas => "says_the_problem_was",
    Effect => "says_led_to",
    Fault => "names_a_fault",
    MentionsCause => "mentions_cause",
    Suspicion => "suspicion",
    SearchTalk => "talks_of_the_search",
    NotStated => "cause_not_known",
    Remedy => "talks_of_the_fix",
    Setting => "describes_the_setting",
    Consequence => "describes_the_impact",
    Courtesy => "apology_or_thanks",
    Imperative => "instruction",
    Future => "future_tense",
    ClockTime => "clock_time",
    FirstPerson => "first_person",
    Event => "tells_what_happened",
    FaultWithComponent => "names_a_fault_of_a_component",
    StatesInSummary => "states_cause_in_summary",
    StatesInRootCause => "states_cause_in_root_cause_section",
    FirstStatement => "first_statement_in_document",
    SectionHasStatement => "another_sentence_of_section_states_cause",
    NamesComponent => "names_a_component",
    CategoryEvidence => "category_phrase_strength",
    StartsWithArticle => "starts_with_article",
    Announces => "announces_causes",
    AfterEffect => "blames_the_incident",
    Discovery => "tells_what_was_found",
    DatedLead => "opens_with_the_day",
    DoneSince => "tells_what_was_done_since",
    RefersBack => "gives_the_cause_of_the_sentence_before",
    NoHarm => "says_what_did_not_go_wrong",
    Report => "tells_how_it_became_known",
    Symptom => "describes_the_symptom",
}

/// What the features need from the whole document.
pub struct DocContext {
    pub has_root_cause_section: bool,
    /// Index (into candidates) of the first sentence that states the cause outright.
    pub first_statement: Option<usize>,
    /// Sections (by index) holding a sentence that states the cause outright.
    pub sections_with_statement: Vec<usize>,
    /// Index of the first root-cause section.
    pub first_root_cause_section: Option<usize>,
    pub lines: usize,
}

impl DocContext {
    pub fn new(cands: &[Candidate], lines: usize) -> DocContext {
        let stating: Vec<usize> = (0..cands.len())
            .filter(|&i| cands[i].cues.states_cause())
            .collect();
        let mut sections_with_statement: Vec<usize> =
            stating.iter().map(|&i| cands[i].section).collect();
        sections_with_statement.dedup();
        let rc = |c: &&Candidate| c.kind == Some(SectionKind::RootCause);
        DocContext {
            has_root_cause_section: cands.iter().any(|c| rc(&c)),
            first_statement: stating.first().copied(),
            sections_with_statement,
            first_root_cause_section: cands.iter().find(rc).map(|c| c.section),
            lines: lines.max(1),
        }
    }
}

/// Content signals computed by the caller (they need the taxonomy and the components).
#[derive(Debug, Clone, Copy, Default)]
pub struct Content {
    pub names_component: bool,
    /// The strongest category phrase weight in the sentence (0-3).
    pub category_strength: f64,
}

pub fn features(i: usize, c: &Candidate, ctx: &DocContext, content: Content) -> Vec<f32> {
    let mut x = vec![0f32; Feature::ALL.len()];
    let mut set = |f: Feature, v: f32| x[f as usize] = v;
    set(section_feature(c), 1.0);
    let in_rc = c.kind == Some(SectionKind::RootCause);
    if ctx.has_root_cause_section && !in_rc {
        let f = if c.kind == Some(SectionKind::Summary) {
            Feature::SummaryBesideRootCause
        } else {
            Feature::ElsewhereBesideRootCause
        };
        set(f, 1.0);
    }
    if in_rc && ctx.first_root_cause_section.is_some_and(|s| s != c.section) {
        set(Feature::LaterRootCauseSection, 1.0);
    }
    position_features(c, ctx, &mut set);
    set(length_feature(c.text.chars().count()), 1.0);
    wording_features(c, &mut set);
    if c.cues.states_cause() {
        if in_rc {
            set(Feature::StatesInRootCause, 1.0);
        }
        if c.kind == Some(SectionKind::Summary) {
            set(Feature::StatesInSummary, 1.0);
        }
        if ctx.first_statement == Some(i) {
            set(Feature::FirstStatement, 1.0);
        }
    } else if ctx.sections_with_statement.contains(&c.section) {
        set(Feature::SectionHasStatement, 1.0);
    }
    set(
        Feature::NamesComponent,
        f32::from(u8::from(content.names_component)),
    );
    if content.names_component && c.cues.has(Cue::Fault) {
        set(Feature::FaultWithComponent, 1.0);
    }
    set(
        Feature::CategoryEvidence,
        (content.category_strength / 3.0) as f32,
    );
    let first = c
        .text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    set(
        Feature::StartsWithArticle,
        f32::from(u8::from(matches!(first.as_str(), "a" | "an" | "the"))),
    );
    x
}

fn section_feature(c: &Candidate) -> Feature {
    match c.kind {
        Some(SectionKind::RootCause) if c.labelled => Feature::SecRootCauseLabel,
        Some(SectionKind::RootCause) => Feature::SecRootCause,
        Some(SectionKind::Summary) => Feature::SecSummary,
        Some(SectionKind::Analysis) => Feature::SecAnalysis,
        Some(SectionKind::Conclusion) => Feature::SecConclusion,
        Some(SectionKind::Trigger) => Feature::SecTrigger,
        Some(SectionKind::Impact) => Feature::SecImpact,
        Some(SectionKind::Resolution) => Feature::SecResolution,
        Some(SectionKind::Detection) => Feature::SecDetection,
        Some(_) => Feature::SecOtherKnown,
        None if c.section == 0 => Feature::SecPreamble,
        None => Feature::SecUnnamed,
    }
}

fn position_features(c: &Candidate, ctx: &DocContext, set: &mut impl FnMut(Feature, f32)) {
    match c.index {
        0 => set(Feature::FirstInSection, 1.0),
        1 => set(Feature::SecondInSection, 1.0),
        _ => {}
    }
    if c.of >= 3 && c.index + 1 == c.of {
        set(Feature::LastInSection, 1.0);
    }
    set(Feature::IndexInSection, (c.index as f32 + 1.0).ln());
    if c.first_in_piece {
        set(Feature::FirstInPiece, 1.0);
    }
    set(Feature::DocPosition, c.line as f32 / ctx.lines as f32);
    match c.piece_kind {
        PieceKind::Item => set(Feature::Item, 1.0),
        PieceKind::Row => set(Feature::Row, 1.0),
        _ => {}
    }
    if c.why_answer {
        set(Feature::WhyAnswer, 1.0);
    }
    if c.why_last {
        set(Feature::WhyLast, 1.0);
    }
}

fn length_feature(chars: usize) -> Feature {
    match chars {
        0..40 => Feature::LenShort,
        40..120 => Feature::LenMid,
        120..220 => Feature::LenLong,
        220..=300 => Feature::LenVeryLong,
        _ => Feature::LenOver,
    }
}

/// Each wording cue is one feature.
const CUE_FEATURES: &[(Cue, Feature)] = &[
    (Cue::RootCauseWas, Feature::RootCauseWas),
    (Cue::IdentifiedAsCause, Feature::IdentifiedAsCause),
    (Cue::CausedBy, Feature::CausedBy),
    (Cue::DueTo, Feature::DueTo),
    (Cue::StemmedFrom, Feature::StemmedFrom),
    (Cue::ProblemWas, Feature::ProblemWas),
    (Cue::Effect, Feature::Effect),
    (Cue::Fault, Feature::Fault),
    (Cue::MentionsCause, Feature::MentionsCause),
    (Cue::Suspicion, Feature::Suspicion),
    (Cue::SearchTalk, Feature::SearchTalk),
    (Cue::NotStated, Feature::NotStated),
    (Cue::Remedy, Feature::Remedy),
    (Cue::Setting, Feature::Setting),
    (Cue::Consequence, Feature::Consequence),
    (Cue::Courtesy, Feature::Courtesy),
    (Cue::Imperative, Feature::Imperative),
    (Cue::Future, Feature::Future),
    (Cue::ClockTime, Feature::ClockTime),
    (Cue::FirstPerson, Feature::FirstPerson),
    (Cue::Event, Feature::Event),
    (Cue::Announces, Feature::Announces),
    (Cue::AfterEffect, Feature::AfterEffect),
    (Cue::Discovery, Feature::Discovery),
    (Cue::DatedLead, Feature::DatedLead),
    (Cue::DoneSince, Feature::DoneSince),
    (Cue::RefersBack, Feature::RefersBack),
    (Cue::NoHarm, Feature::NoHarm),
    (Cue::Report, Feature::Report),
    (Cue::Symptom, Feature::Symptom),
];

fn wording_features(c: &Candidate, set: &mut impl FnMut(Feature, f32)) {
    for (cue, f) in CUE_FEATURES {
        if c.cues.has(*cue) {
            set(*f, 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_feature_has_one() {
        assert_eq!(Feature::ALL.len(), Feature::NAMES.len());
        let mut n = Feature::NAMES.to_vec();
        n.sort();
        n.dedup();
        assert_eq!(n.len(), Feature::NAMES.len());
        for (i, f) in Feature::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
        }
    }
}
