//! What hindsight learned from labelled postmortems, and how: the weights it ships
//! (`data/models/*.toml`, embedded), the trainer that makes them, and the labelled corpus with
//! `score.py`'s rule, for the ratchet test and the cross-validation example
//! (`cargo run --release --example facts_cv`).

pub mod corpus;
pub mod linear;
pub mod train;
pub mod weights;

use super::cause::features::Feature;
use crate::extract::ExtractOptions;
use crate::load::SourceDoc;
use linear::Group;
use std::sync::LazyLock;
use weights::WeightsFile;

/// The shipped root-cause ranker weights.
const ROOT_CAUSE_TOML: &str = include_str!("../../../../data/models/root_cause.toml");
/// The shipped category model weights.
const CATEGORY_TOML: &str = include_str!("../../../../data/models/category.toml");

/// The learned parts of extraction.
#[derive(Debug, Clone)]
pub struct Models {
    /// Weights of the root-cause ranker, by `Feature`.
    pub root_cause: Vec<f64>,
    /// Weights of the category model by feature name; `None`: the hand-set rule decides.
    pub category: Option<CategoryWeights>,
}

/// The category model's weights, named (the priors depend on the taxonomy's categories).
#[derive(Debug, Clone)]
pub struct CategoryWeights(pub WeightsFile);

impl CategoryWeights {
    /// The weights in the feature order of `tax`.
    pub(crate) fn for_taxonomy(&self, tax: &super::category::Taxonomy) -> Vec<f64> {
        let names = super::category::model::names(tax);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.0.vector(&names)
    }
}

static BUILTIN: LazyLock<Models> = LazyLock::new(|| {
    let rc = WeightsFile::parse(ROOT_CAUSE_TOML).expect("data/models/root_cause.toml");
    let cat = WeightsFile::parse(CATEGORY_TOML).expect("data/models/category.toml");
    Models::from_weights(&rc, Some(&cat))
});

impl Models {
    /// The models embedded in the binary.
    pub fn builtin() -> &'static Models {
        &BUILTIN
    }

    /// Models from weights files; a category file without weights means the rule decides.
    pub fn from_weights(root_cause: &WeightsFile, category: Option<&WeightsFile>) -> Models {
        Models {
            root_cause: root_cause.vector(Feature::NAMES),
            category: category
                .filter(|c| !c.weights.is_empty())
                .map(|c| CategoryWeights(c.clone())),
        }
    }
}

/// Feature names of the category model under the built-in taxonomy.
pub fn category_features() -> Vec<String> {
    let tax = super::category::Taxonomy::new(&crate::config::TaxonomyConfig::default());
    super::category::model::names(&tax)
}

/// One document as a training group of the category model, its statement chosen by `models`.
pub fn category_group(
    doc: &SourceDoc,
    opts: &ExtractOptions,
    models: &Models,
    label: &str,
) -> Group {
    super::category_group(doc, opts, models, label)
}

/// Feature names of the root-cause ranker, in vector order.
pub fn root_cause_features() -> &'static [&'static str] {
    Feature::NAMES
}

/// One document as a training group of the root-cause ranker: its candidate sentences, and
/// which contain every labelled keyword (lower-cased).
pub fn root_cause_group(doc: &SourceDoc, opts: &ExtractOptions, keywords: &[String]) -> Group {
    let ranking = super::ranking_of(doc, opts);
    let positive = ranking
        .candidates
        .iter()
        .map(|c| {
            let low = c.text.to_lowercase();
            !keywords.is_empty() && keywords.iter().all(|k| low.contains(k.as_str()))
        })
        .collect();
    Group {
        x: ranking.features,
        positive,
    }
}

/// The candidate sentences of a document, in the order of `root_cause_group`'s vectors.
pub fn root_cause_texts(doc: &SourceDoc, opts: &ExtractOptions) -> Vec<String> {
    super::ranking_of(doc, opts)
        .candidates
        .into_iter()
        .map(|c| c.text)
        .collect()
}

/// The top candidates of a document under `models`: (probability, right, sentence), best
/// first, for working on the features (the CV example's `--explain`).
pub fn explain_root_cause(
    doc: &SourceDoc,
    opts: &ExtractOptions,
    models: &Models,
    keywords: &[String],
) -> Vec<(f64, bool, String)> {
    let g = root_cause_group(doc, opts, keywords);
    let ranking = super::ranking_of(doc, opts);
    let scores: Vec<f64> =
        g.x.iter()
            .map(|x| linear::dot(&models.root_cause, x))
            .collect();
    let p = linear::softmax(&scores);
    let mut out: Vec<(f64, bool, String)> = p
        .into_iter()
        .zip(g.positive)
        .zip(ranking.candidates)
        .map(|((p, r), c)| (p, r, c.text))
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_name_only_known_features() {
        let rc = WeightsFile::parse(ROOT_CAUSE_TOML).unwrap();
        assert!(
            rc.unknown(Feature::NAMES).is_empty(),
            "{:?}",
            rc.unknown(Feature::NAMES)
        );
    }
}
