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
    if !r.candidates.iter().any(names_a_cause) {
        return None;
    }
    let p = probabilities(r, weights);
    let order = by_probability(&p);
    let (best, runner_up) = (*order.first()?, order.get(1).copied());
    let second = runner_up.filter(|&j| p[j] >= SECOND_SHARE * p[best]);
    let text = statement::statement(&r.candidates, best, second);
    let c = &r.candidates[best];
    let confidence = p[best] + second.map_or(0.0, |j| p[j]);
    Some(CauseStatement {
        detail: statement::detail(&r.candidates, best, &text),
        text,
        section: sections[c.section].heading.clone(),
        line: c.line,
        confidence: confidence as f32,
    })
}

/// A runner-up at least this likely relative to the best joins the statement when both fit:
/// two sentences that each look like the statement often state it together (chosen by
/// cross-validation: 0.2 against 0.0-0.7 and never).
const SECOND_SHARE: f64 = 0.2;

/// Whether a candidate could state a cause: it sits under a root-cause heading or label, or
/// it has some cause wording. A document without any such sentence names no cause.
fn names_a_cause(c: &Candidate) -> bool {
    c.kind == Some(super::kind::SectionKind::RootCause) || c.cues.any_cause_signal()
}

/// Says outright that this is the cause ("the root cause was", "was caused by").
pub fn is_statement(s: &str) -> bool {
    wording::Cues::of(s).states_cause()
}
