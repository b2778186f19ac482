//! The root-cause category: phrases of each category (`data/taxonomy.toml`) weighed by where
//! they occur. The chosen statement of the root cause counts most, then the root-cause
//! sections, the title and summary, and the rest of the body least. Sentences about suspicions
//! that proved wrong never count, and within a sentence the cause counts more than its effects.

mod segments;
mod taxonomy;

pub use segments::cause_segments;
pub use taxonomy::Taxonomy;

use crate::extract::CategoryEvidence;
use regex::Regex;
use std::sync::LazyLock;

/// Where a text that gives category evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Statement,
    RootCauseSection,
    Title,
    Summary,
    FrontMatter,
    Body,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Statement,
        Source::RootCauseSection,
        Source::Title,
        Source::Summary,
        Source::FrontMatter,
        Source::Body,
    ];

    /// The name shown in `categories[].source`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Statement => "root_cause",
            Source::RootCauseSection => "root_cause_section",
            Source::Title => "title",
            Source::Summary => "summary",
            Source::FrontMatter => "front_matter",
            Source::Body => "body",
        }
    }

    /// How much a phrase found here counts.
    fn weight(self) -> f64 {
        match self {
            Source::Statement => 1.0,
            Source::RootCauseSection => 0.8,
            Source::Title => 1.5,
            Source::Summary => 1.2,
            Source::FrontMatter => 2.0,
            Source::Body => 0.2,
        }
    }
}

/// The texts a category is read from.
#[derive(Debug, Default)]
pub struct Texts<'a> {
    /// The statement of the root cause, sentence by sentence.
    pub statement: Vec<&'a str>,
    pub root_cause_sections: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// Category-like front matter values hindsight does not model (`categories`, `cause`).
    pub front_matter: &'a str,
    pub body: &'a str,
}

/// The category decided, with the evidence for every category (primary first).
#[derive(Debug, Clone, Default)]
pub struct Decision {
    /// `None`: no category has enough evidence (the incident is `unknown`).
    pub slug: Option<String>,
    pub source: Option<Source>,
    pub evidence: Vec<CategoryEvidence>,
    pub confidence: f32,
}

/// Below this total, no category is stated.
const MIN_SCORE: f64 = 1.0;

/// Decides the category of one document.
pub fn categorize(tax: &Taxonomy, texts: &Texts) -> Decision {
    let weighted = weighted_texts(texts);
    let mut evidence = score(tax, &weighted);
    let cause_texts = format!(
        "{} {} {}",
        texts.statement.join(" "),
        texts.summary,
        texts.title
    );
    let Some(primary) = decide(&evidence, &cause_texts) else {
        return Decision::default();
    };
    let i = evidence.iter().position(|e| e.slug == primary).unwrap_or(0);
    let top = evidence.remove(i);
    evidence.insert(0, top);
    let confidence = confidence(&evidence);
    let top = &evidence[0];
    if top.score < MIN_SCORE {
        return Decision {
            evidence,
            ..Decision::default()
        };
    }
    Decision {
        slug: Some(top.slug.clone()),
        source: Source::ALL.into_iter().find(|s| s.name() == top.source),
        confidence,
        evidence,
    }
}

/// The texts with their weights: the statement's sentences weigh most (the one that says
/// "the root cause was" and the first), split into cause and effect parts.
fn weighted_texts<'a>(texts: &'a Texts) -> Vec<(std::borrow::Cow<'a, str>, f64, Source)> {
    let mut out = Vec::new();
    for (k, sent) in texts.statement.iter().enumerate() {
        let w = if crate::extract::facts::cause::is_statement(sent) {
            4.0
        } else if k == 0 {
            3.5
        } else {
            1.5
        };
        for (seg, f) in cause_segments(sent) {
            out.push((seg.into(), w * f, Source::Statement));
        }
    }
    for (text, source) in [
        (texts.root_cause_sections, Source::RootCauseSection),
        (texts.title, Source::Title),
        (texts.summary, Source::Summary),
        (texts.front_matter, Source::FrontMatter),
        (texts.body, Source::Body),
    ] {
        out.push((text.into(), source.weight(), source));
    }
    out
}

/// Every category with evidence, best first.
fn score(tax: &Taxonomy, texts: &[(std::borrow::Cow<str>, f64, Source)]) -> Vec<CategoryEvidence> {
    // Per category: total, and the best (weighted) phrase with its source.
    let mut acc: Vec<(f64, f64, String, Source)> =
        vec![(0.0, 0.0, String::new(), Source::Body); tax.categories.len()];
    for (text, weight, source) in texts {
        for h in tax.hits(text) {
            let a = &mut acc[h.category];
            a.0 += h.score * weight;
            if h.best * weight > a.1 {
                a.1 = h.best * weight;
                a.2 = h.phrase;
                a.3 = *source;
            }
        }
    }
    let mut out: Vec<CategoryEvidence> = acc
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.0 > 0.0)
        .map(|(i, (total, _, phrase, source))| CategoryEvidence {
            slug: tax.slug(i).to_string(),
            phrase,
            source: source.name().to_string(),
            score: (total * 100.0).round() / 100.0,
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// Words of an actual attack or breach (not merely "security").
static ATTACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(attack\w*|d?dos|breach\w*|hack\w*|brute[- ]?forc\w*|malicious|compromis\w*|intrusion|exploit\w*|vulnerabilit(y|ies)|unauthori[sz]ed access|security incident|injection|remote code execution|leaked (\w+ )?(keys?|tokens?|credentials?|secrets?))\b").unwrap()
});

/// The primary category from the evidence, with the labelling rules that plain scores miss:
/// an attack or breach named in the cause, summary or title is a security incident even when a
/// weak setting let it happen; a wrong setting is misconfiguration even when a deploy shipped it.
fn decide(evidence: &[CategoryEvidence], cause_texts: &str) -> Option<String> {
    let top = evidence.first()?;
    let score_of = |slug: &str| {
        evidence
            .iter()
            .find(|e| e.slug == slug)
            .map_or(0.0, |e| e.score)
    };
    if top.slug != "security"
        && ATTACK.is_match(cause_texts)
        && score_of("security") >= 0.25 * top.score
    {
        return Some("security".into());
    }
    if top.slug == "deployment" && score_of("misconfiguration") >= 0.6 * top.score {
        return Some("misconfiguration".into());
    }
    Some(top.slug.clone())
}

/// The primary's share of the evidence, against a floor for "no category": a rough
/// probability that the primary is right.
fn confidence(evidence: &[CategoryEvidence]) -> f32 {
    let top = evidence.first().map_or(0.0, |e| e.score);
    let rest: f64 = evidence.iter().skip(1).map(|e| e.score).sum();
    (top / (top + rest + MIN_SCORE)) as f32
}
