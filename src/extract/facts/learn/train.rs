//! Training and cross-validation over the labelled corpus. `examples/facts_train.rs` trains the
//! shipped weights on the tuning part; `examples/facts_cv.rs` judges every learned component by
//! k-fold cross-validation over all labelled documents, retraining per fold.

use super::corpus::{self, Field, Labelled, Part, Tally};
use super::linear::{self, Group, TrainOptions};
use super::weights::WeightsFile;
use super::Models;
use crate::extract::{extract_with, ExtractOptions};
use crate::load::{load_file, SourceDoc, Strictness};
use std::collections::BTreeMap;
use std::path::Path;

/// A labelled document, loaded.
pub struct Doc {
    /// The document and its labels.
    pub labelled: Labelled,
    /// The document as loaded.
    pub source: SourceDoc,
}

/// Every labelled document of the corpus, loaded as `inspect` loads files.
pub fn load_docs(corpus: &Path) -> Result<Vec<Doc>, String> {
    corpus::load_all(corpus)?
        .into_iter()
        .map(|labelled| {
            let shown = labelled.path.display().to_string();
            let source = load_file(&labelled.path, shown.clone(), Strictness::Lenient)
                .map_err(|e| format!("{shown}: {e}"))?;
            Ok(Doc { labelled, source })
        })
        .collect()
}

/// The trained weights files, by model name (`root_cause`).
pub struct Trained {
    /// The trained weights, ready for extraction.
    pub models: Models,
    /// The same weights as data files, to write to `data/models/`.
    pub files: BTreeMap<&'static str, WeightsFile>,
}

/// How the category is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryMethod {
    /// The hand-set weights of the taxonomy's places.
    Rules,
    /// The learned model.
    Model,
}

/// Trains every learned component on `docs`: the root-cause ranker, then (with
/// `CategoryMethod::Model`) the category model on the statements that ranker chooses.
pub fn train(docs: &[&Doc], opts: &ExtractOptions, method: CategoryMethod) -> Trained {
    let rc_groups: Vec<Group> = docs
        .iter()
        .filter_map(|d| {
            let kws = d.labelled.keywords()?;
            Some(super::root_cause_group(&d.source, opts, &kws))
        })
        .collect();
    let rc_file = fit(&rc_groups, super::root_cause_features(), docs.len());
    let mut models = Models::from_weights(&rc_file, None);
    let mut files = BTreeMap::from([("root_cause", rc_file)]);
    let cat_file = match method {
        CategoryMethod::Rules => WeightsFile::default(),
        CategoryMethod::Model => {
            let groups: Vec<Group> = docs
                .iter()
                .filter_map(|d| {
                    let label = d.labelled.category()?;
                    Some(super::category_group(&d.source, opts, &models, &label))
                })
                .collect();
            let names = super::category_features();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            fit(&groups, &names, docs.len())
        }
    };
    models = Models::from_weights(&files["root_cause"], Some(&cat_file));
    files.insert("category", cat_file);
    Trained { models, files }
}

/// Fits a linear ranker and writes down how.
fn fit(groups: &[Group], names: &[&str], documents: usize) -> WeightsFile {
    let t = TrainOptions::default();
    let w = linear::train(groups, names.len(), t);
    let informative = groups.iter().filter(|g| g.informative()).count();
    let note = BTreeMap::from([
        ("documents".to_string(), documents.to_string()),
        ("groups".to_string(), informative.to_string()),
        ("l2".to_string(), t.l2.to_string()),
        ("iterations".to_string(), t.iterations.to_string()),
    ]);
    WeightsFile::from_vector(names, &w, note)
}

/// Which fold a document is in: the team's hash of its file name, so that with five folds
/// fold 0 is exactly the validation part.
pub fn fold_of(file: &str, k: usize) -> usize {
    if k == 5 {
        corpus::bucket(file)
    } else {
        ((corpus::fnv1a64(file.as_bytes()) >> 32) % k as u64) as usize
    }
}

/// Tallies of a cross-validation run: by part and by set.
#[derive(Debug, Default)]
pub struct CvReport {
    /// Over every document.
    pub all: Tally,
    /// By tuning and validation part.
    pub by_part: BTreeMap<Part, Tally>,
    /// By corpus set.
    pub by_set: BTreeMap<String, Tally>,
    /// Misses of tuning documents only (field, file, wanted, got); validation misses are
    /// never kept, so they cannot be printed.
    pub tuning_misses: Vec<(Field, String, String, String)>,
}

/// What a cross-validation run scores.
#[derive(Debug, Clone, Copy)]
pub enum Validation<'a> {
    /// Retrain every learned component per fold.
    Retrain(CategoryMethod),
    /// Score fixed models (such as the shipped ones) the same way.
    Fixed(&'a Models),
}

/// k-fold cross-validation: for each fold, trains on the others and scores the fold with the
/// fold's models (or with fixed models).
pub fn cross_validate(docs: &[Doc], k: usize, opts: &ExtractOptions, how: Validation) -> CvReport {
    let mut report = CvReport::default();
    for fold in 0..k {
        let (test, train_docs): (Vec<&Doc>, Vec<&Doc>) = docs
            .iter()
            .partition(|d| fold_of(&d.labelled.file, k) == fold);
        let trained;
        let models = match how {
            Validation::Fixed(m) => m,
            Validation::Retrain(method) => {
                trained = train(&train_docs, opts, method);
                &trained.models
            }
        };
        for d in test {
            score_into(&mut report, d, opts, models);
        }
    }
    report
}

/// Scores documents with fixed models (no retraining).
pub fn score_docs(docs: &[&Doc], opts: &ExtractOptions, models: &Models) -> CvReport {
    let mut report = CvReport::default();
    for d in docs {
        score_into(&mut report, d, opts, models);
    }
    report
}

fn score_into(report: &mut CvReport, d: &Doc, opts: &ExtractOptions, models: &Models) {
    let inc = extract_with(&d.source, opts, models);
    let got = serde_json::to_value(&inc).unwrap_or_default();
    let mut t = Tally::default();
    t.add(&d.labelled.label, &got);
    if d.labelled.part == Part::Tuning {
        report.tuning_misses.extend(misses(d, &got));
    }
    report.all.merge(&t);
    report.by_part.entry(d.labelled.part).or_default().merge(&t);
    report
        .by_set
        .entry(d.labelled.set.clone())
        .or_default()
        .merge(&t);
}

fn misses(d: &Doc, got: &serde_json::Value) -> Vec<(Field, String, String, String)> {
    Field::ALL
        .into_iter()
        .filter_map(|f| {
            let want = d.labelled.label.get(f.label_key())?;
            if corpus::check(f, want, got) {
                return None;
            }
            let shown = if f == Field::RootCause {
                "root_cause"
            } else {
                f.label_key()
            };
            let file = format!("{}/{}", d.labelled.set, d.labelled.file);
            Some((f, file, want.to_string(), got[shown].to_string()))
        })
        .collect()
}
