//! The root-cause category: phrases of each category (`data/taxonomy.toml`) weighed by where
//! they occur. The chosen statement of the root cause counts most, then the root-cause
//! sections, the title and summary, and the rest of the body least. Sentences about suspicions
//! that proved wrong never count, and within a sentence the cause counts more than its effects.
//! How much each place counts is learned (`data/models/category.toml`); the hand-set weights
//! below are the fallback and a feature of the model.

pub mod model;
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

    /// How much a phrase found here counts in the hand-set rule.
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

/// The phrases of one category found in the document, per source.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Score per `Source` (in `Source::ALL` order), before source weights.
    pub by_source: [f64; 6],
    /// The strongest phrase (after source weights), its weight and its source.
    pub phrase: String,
    pub best: f64,
    pub source: Option<Source>,
}

impl Evidence {
    /// The hand-set rule's total.
    pub fn rule_score(&self) -> f64 {
        Source::ALL
            .iter()
            .zip(self.by_source)
            .map(|(s, v)| s.weight() * v)
            .sum()
    }
}

/// Everything the decision needs: the evidence of every category of the taxonomy, and the
/// labelling rules' signals.
#[derive(Debug, Clone)]
pub struct Table {
    pub evidence: Vec<Evidence>,
    /// An attack or breach is named in the statement, summary or title.
    pub attack_named: bool,
    pub has_statement: bool,
    /// The hand-set rule's pick (index), if any.
    pub rule_pick: Option<usize>,
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

/// Below this rule total, the hand-set rule states no category.
const MIN_SCORE: f64 = 1.0;

/// The evidence table of one document.
pub fn table(tax: &Taxonomy, texts: &Texts) -> Table {
    let mut evidence = vec![Evidence::default(); tax.categories.len()];
    for (text, factor, source) in weighted_texts(texts) {
        let w = factor * source.weight();
        for h in tax.hits(text) {
            let e = &mut evidence[h.category];
            e.by_source[source as usize] += h.score * factor;
            if h.best * w > e.best {
                e.best = h.best * w;
                e.phrase = h.phrase;
                e.source = Some(source);
            }
        }
    }
    let cause_texts = format!(
        "{} {} {}",
        texts.statement.join(" "),
        texts.summary,
        texts.title
    );
    let mut t = Table {
        evidence,
        attack_named: ATTACK.is_match(&cause_texts),
        has_statement: !texts.statement.is_empty(),
        rule_pick: None,
    };
    t.rule_pick = rule_pick(tax, &t);
    t
}

/// Decides the category: by the learned weights when there are some, else by the rule.
pub fn decide(tax: &Taxonomy, t: &Table, weights: Option<&[f64]>) -> Decision {
    let evidence = evidence_list(tax, t);
    let picked = match weights {
        Some(_) if !stated_enough(t) => None,
        Some(w) => model::pick(tax, t, w),
        None => t.rule_pick.map(|i| (i, rule_confidence(t, i))),
    };
    let Some((i, confidence)) = picked else {
        // Sure of "unknown" only when nothing at all points at a category.
        let confidence = if model::any_evidence(t) { 0.3 } else { 0.8 };
        return Decision {
            evidence,
            confidence,
            ..Decision::default()
        };
    };
    let mut evidence = evidence;
    if let Some(k) = evidence.iter().position(|e| e.slug == tax.slug(i)) {
        let top = evidence.remove(k);
        evidence.insert(0, top);
    }
    Decision {
        slug: Some(tax.slug(i).to_string()),
        source: t.evidence[i].source,
        evidence,
        confidence,
    }
}

/// Below this rule total, and without a statement of the cause, the model states no category.
const MIN_MODEL_SCORE: f64 = 0.5;

/// Whether the document says enough to have a category: a statement of the cause, or some
/// evidence of one in the text.
fn stated_enough(t: &Table) -> bool {
    t.has_statement || t.evidence.iter().any(|e| e.rule_score() >= MIN_MODEL_SCORE)
}

/// The statement's sentences weigh most (the one that says "the root cause was" and the
/// first), split into cause and effect parts; each text with its factor and source.
fn weighted_texts<'a>(texts: &'a Texts) -> Vec<(&'a str, f64, Source)> {
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
            out.push((seg, w * f, Source::Statement));
        }
    }
    for (text, source) in [
        (texts.root_cause_sections, Source::RootCauseSection),
        (texts.title, Source::Title),
        (texts.summary, Source::Summary),
        (texts.front_matter, Source::FrontMatter),
        (texts.body, Source::Body),
    ] {
        out.push((text, 1.0, source));
    }
    out
}

/// Every category with evidence, by the rule's total, best first.
fn evidence_list(tax: &Taxonomy, t: &Table) -> Vec<CategoryEvidence> {
    let mut out: Vec<CategoryEvidence> = t
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.best > 0.0)
        .map(|(i, e)| CategoryEvidence {
            slug: tax.slug(i).to_string(),
            phrase: e.phrase.clone(),
            source: e.source.map_or("body", Source::name).to_string(),
            score: (e.rule_score() * 100.0).round() / 100.0,
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// Words of an actual attack or breach (not merely "security").
static ATTACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(attack\w*|d?dos|breach\w*|hack\w*|brute[- ]?forc\w*|malicious|compromis\w*|intrusion|exploit\w*|vulnerabilit(y|ies)|unauthori[sz]ed access|security incident|injection|remote code execution|leaked (\w+ )?(keys?|tokens?|credentials?|secrets?))\b").unwrap()
});

/// The hand-set rule: the highest total, with the labelling rules plain totals miss: an attack
/// or breach named in the cause, summary or title is a security incident even when a weak
/// setting let it happen; a wrong setting is misconfiguration even when a deploy shipped it.
fn rule_pick(tax: &Taxonomy, t: &Table) -> Option<usize> {
    let scores: Vec<f64> = t.evidence.iter().map(Evidence::rule_score).collect();
    let top = (0..scores.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))?;
    if scores[top] < MIN_SCORE {
        return None;
    }
    let of = |slug: &str| tax.named(slug).filter(|i| tax.slug(*i) == slug);
    let score_of = |slug: &str| of(slug).map_or(0.0, |i| scores[i]);
    if let Some(sec) = of("security") {
        if top != sec && t.attack_named && scores[sec] >= 0.25 * scores[top] {
            return Some(sec);
        }
    }
    if let (Some(mis), Some(dep)) = (of("misconfiguration"), of("deployment")) {
        if top == dep && score_of("misconfiguration") >= 0.6 * scores[top] {
            return Some(mis);
        }
    }
    Some(top)
}

/// The pick's share of the rule's evidence, against a floor for "no category".
fn rule_confidence(t: &Table, pick: usize) -> f32 {
    let total: f64 = t.evidence.iter().map(Evidence::rule_score).sum();
    let top = t.evidence[pick].rule_score();
    (top / (total + MIN_SCORE)) as f32
}
