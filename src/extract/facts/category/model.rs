//! The learned category decision: a softmax over the categories with evidence, scored by how
//! much of each category's phrases sit in each place (statement, root-cause section, title,
//! summary, front matter, body), the hand-set rule's pick and share, and a prior per category.
//! The weights (`data/models/category.toml`) are the same for every category, so categories
//! added in site.toml are decided the same way (with no prior).

use super::{Source, Table, Taxonomy};
use crate::extract::facts::learn::linear::{dot, softmax};

/// Features shared by every category, then one prior per built-in category.
pub const SHARED: &[&str] = &[
    "in_statement",
    "in_root_cause_section",
    "in_title",
    "in_summary",
    "in_front_matter",
    "in_body",
    "in_body_without_statement",
    "top_of_statement",
    "rule_pick",
    "rule_share",
    "attack_named_for_security",
];

/// All feature names for a taxonomy: the shared ones, then `prior_<slug>` per category.
pub fn names(tax: &Taxonomy) -> Vec<String> {
    SHARED
        .iter()
        .map(|s| s.to_string())
        .chain(tax.categories.iter().map(|c| format!("prior_{}", c.slug)))
        .collect()
}

/// Whether any category has evidence.
pub fn any_evidence(t: &Table) -> bool {
    t.evidence.iter().any(|e| e.best > 0.0)
}

/// The categories that compete: those with evidence.
pub fn contenders(t: &Table) -> Vec<usize> {
    (0..t.evidence.len())
        .filter(|&i| t.evidence[i].best > 0.0)
        .collect()
}

/// The feature vector of category `c` (length `names(tax).len()`).
pub fn features(tax: &Taxonomy, t: &Table, c: usize) -> Vec<f32> {
    let e = &t.evidence[c];
    let ln = |v: f64| (1.0 + v).ln() as f32;
    let mut x: Vec<f32> = Source::ALL
        .iter()
        .map(|s| ln(e.by_source[*s as usize]))
        .collect();
    x.push(if t.has_statement {
        0.0
    } else {
        ln(e.by_source[Source::Body as usize])
    });
    let stmt = |i: usize| t.evidence[i].by_source[Source::Statement as usize];
    let top_stmt = (0..t.evidence.len()).all(|i| stmt(i) <= stmt(c)) && stmt(c) > 0.0;
    x.push(f32::from(u8::from(top_stmt)));
    x.push(f32::from(u8::from(t.rule_pick == Some(c))));
    let total: f64 = t.evidence.iter().map(|e| e.rule_score()).sum();
    x.push((e.rule_score() / (total + 1.0)) as f32);
    x.push(f32::from(u8::from(
        tax.slug(c) == "security" && t.attack_named,
    )));
    x.extend((0..tax.categories.len()).map(|i| f32::from(u8::from(i == c))));
    x
}

/// The most probable contender and its probability.
pub fn pick(tax: &Taxonomy, t: &Table, weights: &[f64]) -> Option<(usize, f32)> {
    let cs = contenders(t);
    let scores: Vec<f64> = cs
        .iter()
        .map(|&c| dot(weights, &features(tax, t, c)))
        .collect();
    let p = softmax(&scores);
    let best = (0..cs.len()).max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))?;
    Some((cs[best], p[best] as f32))
}
