//! Candidate sentences for the statement of the root cause, with where each sits. Sentences
//! that can never state the cause are left out here: code, timeline entries, action items,
//! lessons, wrong leads, template prompts, questions, suspicions that were ruled out, the
//! report's introduction of itself, introductions of the setting, what a flaw would make
//! possible, and the intermediate answers of a five-whys chain (the chain ends at the cause).

use super::wording::{
    is_report_intro, is_ruled_out, is_template_prompt, is_timeline_entry, Cue, Cues,
};
use crate::extract::facts::blocks::{Piece, PieceKind, Section};
use crate::extract::facts::kind::{kind_of, SectionKind};
use crate::extract::facts::text::split_sentences;
use regex::Regex;
use std::sync::LazyLock;

/// One sentence that might state the cause.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub text: String,
    /// File line of its piece.
    pub line: usize,
    /// Index into the sections.
    pub section: usize,
    /// The kind it is read under: its item's label, else its section's.
    pub kind: Option<SectionKind>,
    /// Under a root-cause label (`Root cause: ...`, `- **Cause:** ...`) rather than a heading.
    pub labelled: bool,
    pub piece_kind: PieceKind,
    /// Sentence index within its section, and how many the section has.
    pub index: usize,
    pub of: usize,
    pub first_in_piece: bool,
    /// The section reads as a chain of "Why ...?" questions and this is an answer.
    pub why_answer: bool,
    /// The last answer of such a chain.
    pub why_last: bool,
    pub cues: Cues,
}

/// Every candidate of a document, in document order.
pub fn candidates(sections: &[Section]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (si, sec) in sections.iter().enumerate() {
        if sec.kind.is_some_and(never_cause) {
            continue;
        }
        section_candidates(si, sec, &mut out);
    }
    out
}

/// Sections whose sentences are never the statement of the cause.
fn never_cause(k: SectionKind) -> bool {
    k.is_aside() || k == SectionKind::Timeline
}

/// The value a label of another fact gives (`**Duration:** 1h 47m`, `Status: resolved`): never
/// the cause. Only the label's own text: the paragraphs after it still count.
fn is_value_of_other_fact(sec: &Section, piece: &Piece, label_kind: Option<SectionKind>) -> bool {
    let value_kind =
        |k: Option<SectionKind>| matches!(k, Some(SectionKind::Duration | SectionKind::Status));
    let opens_label = sec.is_label() && std::ptr::eq(piece, &sec.pieces[0]);
    value_kind(label_kind) || (opens_label && value_kind(sec.kind))
}

/// A `Name: value` line or a `| Name | value |` row whose name is no section kind and whose
/// value is a few words without any cause wording (`- Category: Cloud infrastructure`,
/// `Reporter: on-call`, `| Incident date | 2023-03-21 |`): a record of the document, not a
/// sentence about the incident.
fn is_metadata(piece: &Piece, sentence: &str) -> bool {
    let value = match (&piece.label, piece.cells.as_slice()) {
        (Some((None, _)), _) => piece.text.as_str(),
        (Some((Some(_), _)), _) => return false,
        (None, [name, value]) if piece.kind == PieceKind::Row => {
            if !is_field_name(name) {
                return false;
            }
            value.as_str()
        }
        (None, _) => match sentence.split_once(':') {
            Some((name, value)) if is_field_name(name) => value,
            _ => return false,
        },
    };
    value.split_whitespace().count() <= 6 && !Cues::of(value).any_cause_signal()
}

/// One to three words, capitalised, without digits, that name no section kind.
fn is_field_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=3).contains(&words)
        && name.trim_start().starts_with(|c: char| c.is_uppercase())
        && !name.chars().any(|c| c.is_ascii_digit())
        && kind_of(name.trim()).is_none()
}

struct Raw<'a> {
    text: String,
    piece: &'a Piece,
    first_in_piece: bool,
    /// The kind a two-cell table row names in its first cell (`| Root cause | ... |`).
    row_label: Option<SectionKind>,
}

/// A status page update opens with its stage (`Identified - The issue has been identified as
/// ...`): the stage is no part of what the sentence says.
static UPDATE_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:investigating|identified|monitoring|update|mitigated|resolved)\s*[-–—:]\s+",
    )
    .unwrap()
});

fn without_update_stage(text: String) -> String {
    match UPDATE_STAGE.find(&text) {
        Some(m) if text[m.end()..].starts_with(char::is_uppercase) => text[m.end()..].to_string(),
        _ => text,
    }
}

/// A two-cell table row whose first cell is a section name is that section's text, labelled.
fn row_label(p: &Piece) -> Option<(SectionKind, &str)> {
    match p.cells.as_slice() {
        [name, text] if p.kind == PieceKind::Row => Some((kind_of(name.trim())?, text.as_str())),
        _ => None,
    }
}

fn section_candidates(si: usize, sec: &Section, out: &mut Vec<Candidate>) {
    let raws: Vec<Raw> = sec
        .pieces
        .iter()
        .filter(|p| p.kind != PieceKind::Code && !(p.kind == PieceKind::Row && p.header_row))
        .flat_map(|p| {
            let labelled = row_label(p);
            let text = labelled.map_or(p.text.as_str(), |(_, t)| t);
            split_sentences(text)
                .into_iter()
                .enumerate()
                .map(move |(k, text)| Raw {
                    text: if k == 0 {
                        without_update_stage(text)
                    } else {
                        text
                    },
                    piece: p,
                    first_in_piece: k == 0,
                    row_label: labelled.map(|(k, _)| k),
                })
        })
        .collect();
    let why_chain = is_why_chain(&raws);
    let last_answer = raws.iter().rposition(|r| !r.text.ends_with('?'));
    let of = raws.len();
    for (index, r) in raws.iter().enumerate() {
        let label_kind = r.piece.label.as_ref().and_then(|(k, _)| *k).or(r.row_label);
        let kind = label_kind.or(sec.kind);
        let cues = Cues::of(&r.text);
        // The setting said without any cause wording; what has been done since, or what the
        // flaw made possible, without saying why.
        let setting_only = (cues.has(Cue::Setting) && !cues.any_cause_signal())
            || (cues.has(Cue::DoneSince) && !cues.explains())
            || (cues.has(Cue::Hypothetical) && !cues.explains());
        let why_answer = why_chain && !r.text.ends_with('?');
        let intermediate = why_answer && Some(index) != last_answer;
        let other_fact =
            is_value_of_other_fact(sec, r.piece, label_kind) || is_metadata(r.piece, &r.text);
        if kind.is_some_and(never_cause)
            || label_kind == Some(SectionKind::Resolution)
            || !usable(&r.text)
            || setting_only
            || intermediate
            || other_fact
        {
            continue;
        }
        let labelled =
            kind == Some(SectionKind::RootCause) && (label_kind.is_some() || sec.is_label());
        out.push(Candidate {
            text: r.text.clone(),
            line: r.piece.line,
            section: si,
            kind,
            labelled,
            piece_kind: r.piece.kind,
            index,
            of,
            first_in_piece: r.first_in_piece,
            why_answer,
            why_last: why_answer && Some(index) == last_answer,
            cues,
        });
    }
}

/// A sentence that could state a cause at all: with at least two words (a time, a date or a
/// number with its unit, such as `22:40 UTC.` or `1h 47m.`, states nothing).
fn usable(s: &str) -> bool {
    let words = s
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(|c| c.is_ascii_digit())
        })
        .count();
    words >= 2
        && !s.trim_end().ends_with('?')
        && !is_template_prompt(s)
        && !is_timeline_entry(s)
        && !is_ruled_out(s)
        && !is_report_intro(s)
}

/// Five whys and the like: at least two questions that start with "why".
fn is_why_chain(raws: &[Raw]) -> bool {
    raws.iter()
        .filter(|r| {
            let t = r.text.trim_start_matches(|c: char| !c.is_alphabetic());
            t.to_lowercase().starts_with("why") && r.text.ends_with('?')
        })
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::blocks::parse_sections;

    fn texts(md: &str) -> Vec<String> {
        candidates(&parse_sections(md, 0))
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    #[test]
    fn timeline_and_action_items_are_never_candidates() {
        let t = texts("## Timeline\n- 10:00 the cause was found: a typo.\n\n## Action items\n- Fix the typo in the config.\n\n## Notes\n12:30 PM: the root cause was a typo.\n");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn labels_of_other_facts_are_never_candidates() {
        let t = texts("# Login errors\n\n**Duration:** 1h 47m\n**Status:** Resolved\n**Start:** 22:40 UTC\n\nLogins failed because the signing key expired.\n");
        assert_eq!(t, vec!["Logins failed because the signing key expired."]);
    }

    #[test]
    fn records_of_the_document_are_never_candidates() {
        let t = texts("## Stats\n\n- Category: Cloud infrastructure\n- Reporter: the on-call engineer\n- What broke: the cache failed because its memory limit was too low\n\nAttendees: AN, JS\n");
        assert_eq!(
            t,
            vec!["What broke: the cache failed because its memory limit was too low"]
        );
    }

    #[test]
    fn a_status_update_is_read_without_its_stage() {
        let t = texts("# API errors\n\n**Identified** - The issue has been identified as an expired certificate.\n\nUpdate: still ongoing, see below.\n");
        assert_eq!(
            t[0],
            "The issue has been identified as an expired certificate."
        );
        assert!(t.iter().all(|s| !s.starts_with("Identified")), "{t:?}");
    }

    #[test]
    fn rows_of_record_are_never_candidates() {
        let t = texts("# Report\n\n| | |\n|---|---|\n| Incident date | 2023-03-21 |\n| Owner | search team |\n| Root cause | A noisy neighbour used all search threads |\n");
        assert_eq!(t, vec!["A noisy neighbour used all search threads"]);
    }

    #[test]
    fn an_item_labelled_as_the_fix_is_never_a_candidate() {
        let t = texts("# Mail relay outage\n\n- **Cause:** the relay's disk filled up with bounce messages.\n- **Fix:** deleted the bounces and added a disk alert.\n");
        assert_eq!(t, vec!["the relay's disk filled up with bounce messages."]);
    }

    #[test]
    fn ruled_out_suspicions_and_questions_are_never_candidates() {
        let t = texts("## Root cause\nWe first suspected the database. Why did the disk fill? A log rotation job was disabled.\n");
        assert_eq!(t, vec!["A log rotation job was disabled."]);
    }

    #[test]
    fn a_why_chain_gives_only_its_last_answer() {
        let md = "## Why it happened\nWhy did the API fail? The pool was empty. Why was the pool empty? A leak kept connections open.\n";
        let c = candidates(&parse_sections(md, 0));
        assert_eq!(c.len(), 1);
        assert!(c[0].why_last && c[0].text.starts_with("A leak"));
    }

    #[test]
    fn an_introduction_of_the_setting_is_never_a_candidate() {
        let t = texts(
            "## Summary\nOur API is hosted on two virtual machines. A full disk stopped it.\n",
        );
        assert_eq!(t, vec!["A full disk stopped it."]);
    }

    #[test]
    fn what_has_been_done_since_is_never_a_candidate() {
        let t = texts("## Summary\nThe vulnerable action has been removed from all repositories. This is due to a flaw in the diff parser.\n");
        assert_eq!(t, vec!["This is due to a flaw in the diff parser."]);
    }

    #[test]
    fn what_a_flaw_would_make_possible_is_never_a_candidate() {
        let t = texts("## Impact\nThe weakness could have let any visitor read the invoices of other tenants. This is due to a missing ownership check in the download handler.\n");
        assert_eq!(
            t,
            vec!["This is due to a missing ownership check in the download handler."]
        );
        // Said together with its cause, it stays.
        let t = texts("## Root cause\nAn attacker could forge session tokens because the signing key was left at its default.\n");
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn a_two_cell_row_named_by_its_first_cell_is_that_sections_text() {
        let c = candidates(&parse_sections(
            "## Overview\n\n| | |\n|---|---|\n| Summary | A refactor stopped saving the index atomically. |\n| Owner | the storage team |\n",
            0,
        ));
        assert_eq!(c[0].text, "A refactor stopped saving the index atomically.");
        assert_eq!(c[0].kind, Some(SectionKind::Summary));
        // `| Owner | the storage team |` is a record of the document.
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn a_how_did_this_happen_heading_is_a_root_cause_section() {
        let c = candidates(&parse_sections(
            "## How did this happen\nA stale cache file was shipped in the image.\n",
            0,
        ));
        assert_eq!(c[0].kind, Some(SectionKind::RootCause));
    }

    #[test]
    fn a_heading_that_only_asks_why_is_not_a_chain() {
        let md = "## Why it happened\nA cron job deleted the index. The job ran on every host.\n";
        let c = candidates(&parse_sections(md, 0));
        assert!(c.iter().all(|c| !c.why_answer));
        assert_eq!(c[0].kind, Some(SectionKind::RootCause));
    }
}
