//! How sure the time reader is of each fact it reads, 0.0-1.0. The way a fact was found sets the
//! base (a `Start Time:` label is surer than the first timeline entry); each thing that had to
//! be guessed (the zone, the day, which of two stated durations) takes something off.
//! `crate::extract::LOW_CONFIDENCE` is where `check` and the incident card start to doubt.

use super::window::How;

/// A start or end point found the given way.
pub fn of_point(how: How, zone_written: bool, day_written: bool) -> f32 {
    let base = match how {
        How::Label => 0.9,
        How::Range | How::StatusPage => 0.85,
        How::Sentence => 0.7,
        How::Timeline | How::Probe => 0.62,
    };
    let zone = if zone_written { 0.0 } else { 0.15 };
    let day = if day_written { 0.0 } else { 0.05 };
    base - zone - day
}

/// An end found after the start by its words (`restored at`, `until`), not as part of the
/// start's label or range.
pub fn of_found_end(start: f32, entry: bool) -> f32 {
    let base: f32 = if entry { 0.62 } else { 0.7 };
    base.min(start)
}

/// A duration worked out from start and end is as sure as the less sure of the two; one that
/// disagrees with a duration the text states is less sure still.
pub fn of_derived_duration(start: f32, end: f32, disagrees: bool) -> f32 {
    start.min(end) - if disagrees { 0.2 } else { 0.0 }
}

/// A duration stated in words (`lasted 2 hours`).
pub const STATED_DURATION: f32 = 0.75;

/// A share of users: `N% of users` (strength 2) or a whole-service figure (strength 1).
pub fn of_impact(strength: u8) -> f32 {
    if strength >= 2 {
        0.8
    } else {
        0.5
    }
}

/// The day, by where it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayFrom {
    /// A dated sentence about the incident or the document's dated title.
    Text,
    /// The first date written anywhere outside follow-ups.
    FirstDate,
}

pub fn of_day(from: DayFrom) -> f32 {
    match from {
        DayFrom::Text => 0.72,
        DayFrom::FirstDate => 0.4,
    }
}

/// The day of a known start: a little surer than the start itself (a wrong clock time often
/// still falls on the right day).
pub fn of_day_from_start(start: f32) -> f32 {
    (start + 0.05).min(0.95)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::LOW_CONFIDENCE;

    #[test]
    fn labels_are_surer_than_timelines_and_guesses_cost() {
        assert!(of_point(How::Label, true, true) > of_point(How::Timeline, true, true));
        assert!(of_point(How::Label, true, true) >= LOW_CONFIDENCE);
        assert!(of_point(How::Timeline, false, false) < LOW_CONFIDENCE);
        assert!(of_point(How::Sentence, false, true) < of_point(How::Sentence, true, true));
    }

    #[test]
    fn a_disagreeing_duration_is_unsure() {
        assert!(of_derived_duration(0.9, 0.9, true) < of_derived_duration(0.9, 0.9, false));
        assert!(of_derived_duration(0.7, 0.7, true) < LOW_CONFIDENCE);
    }
}
