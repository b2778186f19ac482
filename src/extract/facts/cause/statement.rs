//! The statement as shown on the card: the chosen sentence, with the next one when the first
//! is only a lead-in, at most 300 characters and cut at a sentence boundary (or, for a single
//! longer sentence, at a clause boundary).

use super::candidates::Candidate;
use crate::extract::facts::blocks::PieceKind;

/// What a card shows at most (`score.py`'s MAX_ROOT_CAUSE).
pub const MAX_STATEMENT: usize = 300;
/// A sentence shorter than this is a lead-in or a label ("Database pool exhaustion.").
const SHORT: usize = 60;
/// The fuller text on the incident page.
const MAX_DETAIL: usize = 1200;

/// The best candidate, with the next sentence when it is only a lead-in, or else with a close
/// runner-up; in document order, within `MAX_STATEMENT`.
pub fn statement(cands: &[Candidate], best: usize, runner_up: Option<usize>) -> String {
    let b = &cands[best];
    let mut text = end_sentence(&b.text);
    let lead_in = b.text.trim_end().ends_with(':') || b.text.chars().count() < SHORT;
    let next = cands
        .get(best + 1)
        .filter(|n| n.section == b.section && n.index == b.index + 1);
    let partner = match (lead_in, next) {
        (true, Some(_)) => Some(best + 1),
        _ => runner_up,
    };
    if let Some(j) = partner {
        let (first, last) = if j < best { (j, best) } else { (best, j) };
        let joined = format!(
            "{} {}",
            end_sentence(&cands[first].text),
            end_sentence(&cands[last].text)
        );
        if joined.chars().count() <= MAX_STATEMENT {
            text = joined;
        }
    }
    if b.text.trim_end().ends_with(':') && partner == Some(best + 1) {
        text = with_more_items(cands, best + 1, text);
    }
    if text.chars().count() > MAX_STATEMENT {
        text = cut_at_clause(&text, MAX_STATEMENT);
    }
    text
}

/// A lead-in ending in a colon announces a list: the list items after the first one it took
/// join while they fit, each whole; the list ends at the first piece that is not an item.
fn with_more_items(cands: &[Candidate], taken: usize, mut text: String) -> String {
    let mut last = &cands[taken];
    for c in &cands[taken + 1..] {
        let item = c.piece_kind == PieceKind::Item && last.piece_kind == PieceKind::Item;
        if c.section != last.section || c.index != last.index + 1 || !item {
            break;
        }
        let joined = format!("{text} {}", end_sentence(&c.text));
        if joined.chars().count() > MAX_STATEMENT {
            break;
        }
        text = joined;
        last = c;
    }
    text
}

/// The sentences of the section the cause is explained in (the first root-cause section when
/// there is one), for the incident page; `None` when that adds nothing to the statement.
pub fn detail(cands: &[Candidate], best: usize, statement: &str) -> Option<String> {
    let section = cands
        .iter()
        .find(|c| c.kind == Some(crate::extract::facts::kind::SectionKind::RootCause))
        .map_or(cands[best].section, |c| c.section);
    let text = cands
        .iter()
        .filter(|c| c.section == section)
        .map(|c| end_sentence(&c.text))
        .collect::<Vec<_>>()
        .join(" ");
    let text = crate::extract::facts::text::clip(&text, MAX_DETAIL);
    (text.len() > statement.len() || !text.contains(statement.trim_end_matches('.')))
        .then_some(text)
        .filter(|t| t != statement)
}

/// Pieces without end punctuation (labels, items) still end their sentence.
fn end_sentence(s: &str) -> String {
    let t = s.trim();
    if t.ends_with(['.', '!', '?', ':', ';', '…']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The longest head of `s` within `max` characters that ends at a clause boundary (`;`, `,`,
/// a dash), marked with an ellipsis; a word boundary when there is no clause boundary.
fn cut_at_clause(s: &str, max: usize) -> String {
    let limit = s
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(s.len(), |(i, _)| i);
    let head = &s[..limit];
    let clause = [";", ",", " - ", " – ", " — ", ":"]
        .iter()
        .filter_map(|p| head.rfind(p))
        .max()
        .filter(|&i| i > max / 3);
    let cut = clause.or_else(|| head.rfind(' ')).unwrap_or(limit);
    format!("{}…", s[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::blocks::parse_sections;
    use crate::extract::facts::cause::candidates::candidates;

    fn cands(md: &str) -> Vec<Candidate> {
        candidates(&parse_sections(md, 0))
    }

    #[test]
    fn a_short_lead_in_brings_the_next_sentence() {
        let c = cands("## Root cause\nConnection pool exhaustion. The pool held 10 connections and the batch job took all of them.\n");
        let s = statement(&c, 0, None);
        assert!(
            s.starts_with("Connection pool exhaustion. The pool held"),
            "{s}"
        );
    }

    #[test]
    fn a_lead_in_ending_in_a_colon_brings_the_items_that_fit() {
        let c = cands("## Root cause\nThe release that went out on Friday evening combined two faults:\n\n- The deploy script skipped the migration step.\n- The health check ignored the schema version.\n\nThe team found this on Monday.\n");
        assert_eq!(
            statement(&c, 0, None),
            "The release that went out on Friday evening combined two faults: The deploy script skipped the migration step. The health check ignored the schema version."
        );
        let long =
            "The cache warmer retried every key without a pause and filled the queue".repeat(3);
        let c = cands(&format!("## Root cause\nThe release that went out on Friday evening combined two faults:\n\n- The deploy script skipped the migration step.\n- {long}.\n"));
        assert_eq!(
            statement(&c, 0, None),
            "The release that went out on Friday evening combined two faults: The deploy script skipped the migration step."
        );
    }

    #[test]
    fn a_full_sentence_stands_alone() {
        let c = cands("## Root cause\nA cron job that rotates logs was disabled during the migration last week. The disk filled.\n");
        assert_eq!(
            statement(&c, 0, None),
            "A cron job that rotates logs was disabled during the migration last week."
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_clause_within_300_characters() {
        let long = format!(
            "The proxy kept a stale upstream list after the failover, {}; the health checks passed throughout.",
            "so every request for the catalogue went to a host that no longer existed and timed out after thirty seconds".repeat(3)
        );
        let c = cands(&format!("## Root cause\n{long}\n"));
        let s = statement(&c, 0, None);
        assert!(s.chars().count() <= MAX_STATEMENT, "{}", s.len());
        assert!(s.starts_with("The proxy kept a stale upstream list"));
        assert!(s.ends_with('…'));
    }

    #[test]
    fn detail_keeps_the_whole_root_cause_section() {
        let c = cands("## Summary\nThe root cause was a full disk.\n\n## Root cause\nLogs were not rotated. The disk filled in a day.\n");
        let d = detail(&c, 0, "The root cause was a full disk.").unwrap();
        assert_eq!(d, "Logs were not rotated. The disk filled in a day.");
    }
}
