//! The statement of the root cause: every sentence that could state it is a candidate, a
//! linear ranker with general features (section, position, length, wording, what it names)
//! scores them with weights learned from the labelled tuning documents
//! (`data/models/root_cause.toml`), and the best one, with its neighbour when it is only a
//! lead-in, is the statement. The section around it is kept as the detail.

pub mod candidates;
pub mod features;
mod statement;
pub mod wording;

pub use wording::is_template_prompt;

use super::blocks::Section;
use super::learn::linear::{dot, softmax};
use candidates::Candidate;
use features::{Content, DocContext};

pub struct CauseStatement {
    pub text: String,
    pub detail: Option<String>,
    pub section: String,
    pub line: usize,
    /// The ranker's probability that this is the statement.
    pub confidence: f32,
}

/// The candidates of a document and their feature vectors.
pub struct Ranking {
    pub candidates: Vec<Candidate>,
    pub features: Vec<Vec<f32>>,
}

/// Candidates and features; `content` rates what a sentence names (components, categories).
pub fn ranking(sections: &[Section], content: impl Fn(&str) -> Content) -> Ranking {
    let candidates = candidates::candidates(sections);
    let lines = sections
        .iter()
        .flat_map(|s| s.pieces.iter().map(|p| p.line))
        .max()
        .unwrap_or(1);
    let ctx = DocContext::new(&candidates, lines);
    let features = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| features::features(i, c, &ctx, content(&c.text)))
        .collect();
    Ranking {
        candidates,
        features,
    }
}

/// Candidate probabilities under `weights`.
pub fn probabilities(r: &Ranking, weights: &[f64]) -> Vec<f64> {
    softmax(
        &r.features
            .iter()
            .map(|x| dot(weights, x))
            .collect::<Vec<_>>(),
    )
}

/// Indexes of the candidates, most probable first (ties: earlier first).
fn by_probability(p: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    order
}

/// The statement of the root cause, if the document states one.
pub fn root_cause(sections: &[Section], r: &Ranking, weights: &[f64]) -> Option<CauseStatement> {
    let guess = !r.candidates.iter().any(names_a_cause);
    let p = probabilities(r, weights);
    let mut order = by_probability(&with_lead_ins(&r.candidates, &p));
    if guess {
        order.retain(|&i| may_be_guessed(sections, &r.candidates[i]));
    }
    let (mut best, runner_up) = (*order.first()?, order.get(1).copied());
    let mut second = runner_up
        .filter(|&j| p[j] >= SECOND_SHARE * p[best])
        .filter(|&j| may_join(&r.candidates[best], &r.candidates[j]));
    if let Some(j) = second.filter(|&j| {
        prefers_root_cause_section(&r.candidates, best, j)
            || states_what_the_best_does_not(&r.candidates, best, j)
    }) {
        (best, second) = (j, None);
    }
    // A guess is its one sentence: nothing beside it is known to be about the cause.
    let text = if guess {
        statement::statement(&r.candidates[best..=best], 0, None)
    } else {
        statement::statement(&r.candidates, best, second)
    };
    let c = &r.candidates[best];
    let mut confidence = p[best] + second.map_or(0.0, |j| p[j]);
    if guess {
        confidence = confidence.min(GUESS_CONFIDENCE);
    }
    Some(CauseStatement {
        detail: statement::detail(&r.candidates, best, &text),
        text,
        section: sections[c.section].heading.clone(),
        line: c.line,
        confidence: confidence as f32,
    })
}

/// When no sentence gives a cause in words and none sits under a root-cause heading, the best
/// one is still shown (a postmortem nearly always states its cause, often plainly: "Our payment
/// provider had an outage"), but as a guess: below `LOW_CONFIDENCE`, so the card marks it
/// unsure and `check` asks the author to confirm it.
const GUESS_CONFIDENCE: f64 = 0.3;

/// A guess comes only from where a document tells what happened (its opening text, summary,
/// analysis or trigger) and is a sentence of five words or more that tells something: not a
/// list of names, not "we are still looking into it", an apology, a plan or an instruction.
fn may_be_guessed(sections: &[Section], c: &Candidate) -> bool {
    use super::kind::SectionKind::{Analysis, Summary, Trigger};
    use wording::Cue;
    let telling = match c.kind {
        Some(k) => matches!(k, Summary | Analysis | Trigger),
        None => is_opening_text(sections, c.section),
    };
    let says_nothing = [Cue::NotStated, Cue::Courtesy, Cue::Future, Cue::Imperative]
        .into_iter()
        .any(|q| c.cues.has(q));
    telling && !says_nothing && c.text.split_whitespace().count() >= 5
}

/// The text before the first heading, or under the title when nothing comes before it.
fn is_opening_text(sections: &[Section], si: usize) -> bool {
    let before = &sections[..si];
    si == 0
        || (sections[si].level <= 1
            && before
                .iter()
                .all(|s| s.kind.is_none() && s.pieces.is_empty()))
}

/// A lead-in that ends with a colon ("The outage resulted from three factors:") states the
/// cause together with what follows it, so it weighs as much as the two together.
fn with_lead_ins(cands: &[Candidate], p: &[f64]) -> Vec<f64> {
    (0..p.len())
        .map(|i| {
            let c = &cands[i];
            let next = cands
                .get(i + 1)
                .filter(|n| n.section == c.section && n.index == c.index + 1);
            match next {
                Some(_) if announces_the_cause(c) => p[i] + p[i + 1],
                _ => p[i],
            }
        })
        .collect()
}

/// A sentence that ends with a colon and says it gives the cause ("... resulted from three
/// factors:", "The root cause was the following:").
fn announces_the_cause(c: &Candidate) -> bool {
    use wording::Cue;
    c.text.trim_end().ends_with(':') && (c.cues.explains() || c.cues.has(Cue::MentionsCause))
}

/// A runner-up at least this likely relative to the best joins the statement when both fit:
/// two sentences that each look like the statement often state it together (chosen by
/// cross-validation: 0.2 against 0.0-0.7 and never).
const SECOND_SHARE: f64 = 0.2;

/// A runner-up close enough to join (see `SECOND_SHARE`) that sits under a root-cause heading,
/// when the best does not, is the statement on its own when the two do not fit in one
/// statement: the section written to give the cause says it more precisely than a summary of
/// the incident.
fn prefers_root_cause_section(cands: &[Candidate], best: usize, other: usize) -> bool {
    use super::kind::SectionKind::RootCause;
    let (b, o) = (&cands[best], &cands[other]);
    let joined = b.text.chars().count() + 1 + o.text.chars().count();
    joined > statement::MAX_STATEMENT && o.kind == Some(RootCause) && b.kind != Some(RootCause)
}

/// A runner-up that says outright it gives the cause ("The underlying problem was ...") is the
/// statement on its own when the best gives no cause at all and sits outside the root-cause
/// section: joined, the statement would open with what happened instead of why.
fn states_what_the_best_does_not(cands: &[Candidate], best: usize, other: usize) -> bool {
    use super::kind::SectionKind::RootCause;
    let (b, o) = (&cands[best], &cands[other]);
    o.cues.states_cause() && !b.cues.any_cause_signal() && b.kind != Some(RootCause)
}

/// A runner-up joins the best sentence only when the two read as one statement: it sits under
/// a root-cause heading or label, it gives a cause in its own words, or it is of the same
/// section and stands beside the best or has some cause wording (an opening remark three
/// sentences up does not join). A sentence of another section without cause wording (the
/// summary of what happened, its impact) never joins, nor does a plan.
fn may_join(best: &Candidate, other: &Candidate) -> bool {
    // A plan ("We will publish a full review") is no part of why it happened.
    if other.cues.has(wording::Cue::Future) && !other.cues.explains() {
        return false;
    }
    let same_section = other.section == best.section
        && (other.index.abs_diff(best.index) == 1 || other.cues.any_cause_signal());
    same_section || other.kind == Some(super::kind::SectionKind::RootCause) || other.cues.explains()
}

/// Whether a candidate could state a cause: it sits under a root-cause heading or label, or
/// it has some cause wording. In a document without any such sentence the statement is a guess.
fn names_a_cause(c: &Candidate) -> bool {
    c.kind == Some(super::kind::SectionKind::RootCause) || c.cues.any_cause_signal()
}

/// Says outright that this is the cause ("the root cause was", "was caused by").
pub fn is_statement(s: &str) -> bool {
    wording::Cues::of(s).states_cause()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::blocks::parse_sections;

    #[test]
    fn a_lead_in_that_announces_the_cause_weighs_with_what_follows() {
        let md = "## Root cause\nThe outage resulted from two factors:\n\n- A timeout was cut to 300 ms.\n- Retries had no backoff.\n\n## Impact\nThe cache stored these fields:\n\n- full names\n- email addresses\n";
        let c = candidates::candidates(&parse_sections(md, 0));
        let p = vec![0.2; c.len()];
        let q = with_lead_ins(&c, &p);
        assert!((q[0] - 0.4).abs() < 1e-9, "{q:?}");
        let plain = c
            .iter()
            .position(|c| c.text.starts_with("The cache"))
            .unwrap();
        assert!((q[plain] - 0.2).abs() < 1e-9, "{q:?}");
    }

    /// Weights that prefer the root-cause section so that another sentence is a close
    /// runner-up (e^1 against e^0: a share of 0.37).
    fn preferring_root_cause_sections() -> Vec<f64> {
        let mut w = vec![0.0; features::Feature::ALL.len()];
        w[features::Feature::SecRootCause as usize] = 1.0;
        w
    }

    fn statement_of(md: &str) -> String {
        let sections = parse_sections(md, 0);
        let r = ranking(&sections, |_| Content::default());
        root_cause(&sections, &r, &preferring_root_cause_sections())
            .unwrap()
            .text
    }

    #[test]
    fn a_runner_up_from_another_section_without_cause_wording_never_joins() {
        let s = statement_of("## Summary\nOn 2024-04-09 the orders API was unreachable for 40 minutes.\n\n## Root cause\nAn expired certificate on the load balancer.\n");
        assert_eq!(s, "An expired certificate on the load balancer.");
    }

    #[test]
    fn a_runner_up_from_another_section_that_gives_a_cause_joins() {
        let s = statement_of("## Summary\nThe orders API failed because nobody renewed the certificate.\n\n## Root cause\nAn expired certificate on the load balancer.\n");
        assert_eq!(s, "The orders API failed because nobody renewed the certificate. An expired certificate on the load balancer.");
    }

    #[test]
    fn a_runner_up_under_another_root_cause_heading_joins() {
        let s = statement_of("## Root cause\nThe certificate on the load balancer expired overnight.\n\n## Timeline\n- 10:00 alert\n\n## Root cause again\nNobody had renewed it since the spring.\n");
        assert_eq!(s, "The certificate on the load balancer expired overnight. Nobody had renewed it since the spring.");
    }

    #[test]
    fn a_root_cause_sentence_too_long_to_join_a_summary_sentence_replaces_it() {
        let cause = "A cron job that was meant to prune old snapshots matched every snapshot taken in the last hour because its age filter was written in minutes instead of days, so it deleted the volume backups that the failover process needed.";
        let md = format!("## Summary\nOn 3 May 2024 between 09:00 and 11:30 a broken cleanup task caused the reporting service to lose its backups and fail over to an empty replica.\n\n## Root cause\n{cause}\n");
        // Weights that prefer the summary, with the root-cause sentence a close runner-up.
        let mut w = vec![0.0; features::Feature::ALL.len()];
        w[features::Feature::SecSummary as usize] = 1.0;
        let sections = parse_sections(&md, 0);
        let r = ranking(&sections, |_| Content::default());
        assert_eq!(root_cause(&sections, &r, &w).unwrap().text, cause);
    }

    #[test]
    fn a_runner_up_that_states_the_cause_replaces_a_best_that_gives_none() {
        let md = "## Summary\nThe nightly export did not finish on 2024-03-19.\n\n## Investigation\nThe underlying problem was that a reporting query held a lock on the orders table.\n";
        let mut w = vec![0.0; features::Feature::ALL.len()];
        w[features::Feature::SecSummary as usize] = 1.0;
        let sections = parse_sections(md, 0);
        let r = ranking(&sections, |_| Content::default());
        let s = root_cause(&sections, &r, &w).unwrap().text;
        assert_eq!(
            s,
            "The underlying problem was that a reporting query held a lock on the orders table."
        );
    }

    #[test]
    fn a_sentence_of_the_same_section_joins_only_beside_the_best_or_with_cause_wording() {
        let md = "# Registrar\n\nLast Tuesday was not a good day for the team. The registry rejected every push. Our registrar suspended the domain because the card on file had expired.\n";
        // Weights that prefer cause wording: the other two sentences are close runners-up.
        let mut w = vec![0.0; features::Feature::ALL.len()];
        w[features::Feature::DueTo as usize] = 1.0;
        w[features::Feature::CausedBy as usize] = 1.0;
        let sections = parse_sections(md, 0);
        let r = ranking(&sections, |_| Content::default());
        let s = root_cause(&sections, &r, &w).unwrap().text;
        assert_eq!(
            s,
            "Our registrar suspended the domain because the card on file had expired."
        );
    }

    #[test]
    fn without_any_cause_wording_the_statement_is_an_unsure_guess_from_what_happened() {
        let md = "# Build farm outage\n\n## What happened\nA token rotation went out to the fleet, but the new token only reached half of the hosts.\n\n## Attendees\n- Ana, Joe and Kim\n";
        let sections = parse_sections(md, 0);
        let r = ranking(&sections, |_| Content::default());
        let rc = root_cause(&sections, &r, &vec![0.0; features::Feature::ALL.len()]).unwrap();
        assert!(rc.text.starts_with("A token rotation"), "{}", rc.text);
        assert!(rc.confidence <= GUESS_CONFIDENCE as f32);
        assert!(rc.confidence < crate::extract::LOW_CONFIDENCE);
    }

    #[test]
    fn a_guess_may_come_from_the_text_under_the_title() {
        let md = "# Network partition\n\nOn 2019-07-19 the fiber link between our two sites was cut by construction work.\n\n## Follow-ups\n1. Order a second link.\n";
        let sections = parse_sections(md, 0);
        let r = ranking(&sections, |_| Content::default());
        let rc = root_cause(&sections, &r, &vec![0.0; features::Feature::ALL.len()]).unwrap();
        assert!(rc.text.contains("cut by construction work"), "{}", rc.text);
    }

    #[test]
    fn a_guess_is_never_a_list_of_names_or_from_an_unnamed_section() {
        let md = "# Log4Shell\n\n## Summary\nTBD\n\n## Attendees\n- Ana, Joe, Kim\n\n## Collaboration\n- Hard to get the message out to all of the developers.\n";
        let sections = parse_sections(md, 0);
        let r = ranking(&sections, |_| Content::default());
        let w = vec![0.0; features::Feature::ALL.len()];
        assert!(root_cause(&sections, &r, &w).is_none());
    }

    #[test]
    fn a_runner_up_of_the_same_section_joins() {
        let s = statement_of("## Summary\nThe orders API was down.\n\n## Root cause\nAn expired certificate on the load balancer stopped every TLS handshake. Nobody had renewed it.\n");
        assert_eq!(s, "An expired certificate on the load balancer stopped every TLS handshake. Nobody had renewed it.");
    }
}
