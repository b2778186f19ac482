//! Cross-validation of hindsight's extraction over every labelled document of
//! `../shared/corpus` (seeds, real, real2): k folds by the team's file-name hash (with 5 folds,
//! fold 0 is the validation part), every learned component retrained per fold, each field
//! scored by `score.py`'s rule. Prints per-field accuracy overall, per part and per set, next to
//! the shipped weights on the same documents. Only figures are printed, never a document.
//!
//!     cargo run --release --example facts_cv [-- --folds 5] [--tuning-misses FIELD]
//!     cargo run --release --example facts_cv -- --explain TUNING_FILE [--top 8] [--why]
//!     cargo run --release --example facts_cv -- --explain-path content/FILE.md [--top 8] [--why]
//!
//! `--tuning-misses root_cause_keywords` also lists the cross-validated misses of that field on
//! the tuning part (never the validation part) for working on the rules.

use hindsight::extract::learn::corpus;
use hindsight::extract::learn::corpus::Part;
use hindsight::extract::learn::linear::Group;
use hindsight::extract::learn::train::{
    cross_validate, fold_of, load_docs, train, CategoryMethod, CvReport, Doc, Validation,
};
use hindsight::extract::learn::Models;
use hindsight::extract::learn::{explain_root_cause, root_cause_features, root_cause_group};
use hindsight::extract::ExtractOptions;
use std::path::Path;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let folds = args
        .iter()
        .position(|a| a == "--folds")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus::corpus_dir(root).ok_or("../shared/corpus is missing")?;
    let docs = load_docs(&corpus)?;
    let opts = ExtractOptions::default();
    if let Some(file) = args
        .iter()
        .position(|a| a == "--explain")
        .and_then(|i| args.get(i + 1))
    {
        return explain(&docs, file, folds, top_of(&args), &opts);
    }
    if let Some(path) = args
        .iter()
        .position(|a| a == "--explain-path")
        .and_then(|i| args.get(i + 1))
    {
        return explain_path(Path::new(path), top_of(&args), &opts);
    }
    println!("{} labelled documents, {folds}-fold\n", docs.len());
    let cv = cross_validate(
        &docs,
        folds,
        &opts,
        Validation::Retrain(CategoryMethod::Model),
    );
    let rules = cross_validate(
        &docs,
        folds,
        &opts,
        Validation::Retrain(CategoryMethod::Rules),
    );
    let wanted = args
        .iter()
        .position(|a| a == "--tuning-misses")
        .and_then(|i| args.get(i + 1));
    for (field, file, want, got) in &cv.tuning_misses {
        if wanted.is_some_and(|w| w == field.label_key() || w == "all") {
            println!(
                "miss {file} {}: want {want}\n    got {got}",
                field.label_key()
            );
        }
    }
    print_report("cross-validated, category by the learned model", &cv);
    print_report("cross-validated, category by the hand-set rule", &rules);
    print_report(
        "shipped weights (trained on the tuning part; in-sample there)",
        &cross_validate(&docs, folds, &opts, Validation::Fixed(Models::builtin())),
    );
    Ok(())
}

/// `--top N`: how many candidates to show.
fn top_of(args: &[String]) -> usize {
    args.iter()
        .position(|a| a == "--top")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

/// The top candidates of a document outside the corpus (a demo postmortem, a fixture) under the
/// shipped models. Refuses a file of the labelled corpus: those go through `--explain`.
fn explain_path(path: &Path, top: usize, opts: &ExtractOptions) -> Result<(), String> {
    let full = path.canonicalize().map_err(|e| e.to_string())?;
    if full.components().any(|c| c.as_os_str() == "corpus") {
        return Err("a corpus document: use --explain with its file name".into());
    }
    let doc = hindsight::load::load_file(
        path,
        path.display().to_string(),
        hindsight::load::Strictness::Lenient,
    )
    .map_err(|e| e.to_string())?;
    let models = Models::builtin();
    let why = std::env::args().any(|a| a == "--why");
    let group = root_cause_group(&doc, opts, &[]);
    for (p, _, text) in explain_root_cause(&doc, opts, models, &[]).iter().take(top) {
        println!("  {p:.3} {text}");
        if why {
            let c = contributions(&group, text, &doc, opts, models, root_cause_features());
            println!("      {c}");
        }
    }
    Ok(())
}

fn print_report(title: &str, r: &CvReport) {
    println!("== {title}: all documents\n{}", r.all.report());
    for (part, t) in &r.by_part {
        println!("-- {} part\n{}", part.name(), t.report());
    }
    for (set, t) in &r.by_set {
        let (right, seen) = t.overall();
        println!("-- {set}: {right}/{seen}");
    }
    println!();
}

/// The top candidates of one tuning document under the models of its fold.
fn explain(
    docs: &[Doc],
    file: &str,
    folds: usize,
    top: usize,
    opts: &ExtractOptions,
) -> Result<(), String> {
    let d = docs
        .iter()
        .find(|d| d.labelled.file == file)
        .ok_or("no such labelled file")?;
    if d.labelled.part == Part::Validation {
        return Err("a validation document: not to be looked at".into());
    }
    let fold = fold_of(file, folds);
    let others: Vec<&Doc> = docs
        .iter()
        .filter(|x| fold_of(&x.labelled.file, folds) != fold)
        .collect();
    let models = train(&others, opts, CategoryMethod::Model).models;
    if let (Some(label), Some(cw)) = (d.labelled.category(), models.category.as_ref()) {
        let names = hindsight::extract::learn::category_features();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let w = cw.0.vector(&names);
        let g = hindsight::extract::learn::category_group(&d.source, opts, &models, &label);
        let scores: Vec<f64> =
            g.x.iter()
                .map(|x| x.iter().zip(&w).map(|(a, b)| f64::from(*a) * b).sum())
                .collect();
        let p = hindsight::extract::learn::linear::softmax(&scores);
        println!("category {label}");
        for ((x, right), p) in g.x.iter().zip(&g.positive).zip(p) {
            let mut parts: Vec<(f64, String)> = x
                .iter()
                .zip(&w)
                .zip(&names)
                .filter(|((x, _), _)| **x != 0.0)
                .map(|((x, w), n)| {
                    (
                        w * f64::from(*x),
                        format!("{n}={x:.2}:{:+.2}", w * f64::from(*x)),
                    )
                })
                .collect();
            parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
            let mark = if *right { "+" } else { " " };
            println!(
                "{mark} {p:.3} {}",
                parts
                    .into_iter()
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    let kws = d.labelled.keywords().unwrap_or_default();
    println!("keywords {kws:?}");
    let why = std::env::args().any(|a| a == "--why");
    let group = root_cause_group(&d.source, opts, &kws);
    let names = root_cause_features();
    for (p, right, text) in explain_root_cause(&d.source, opts, &models, &kws)
        .iter()
        .take(top)
    {
        let mark = if *right { "+" } else { " " };
        println!("{mark} {p:.3} {text}");
        if why {
            println!(
                "      {}",
                contributions(&group, text, &d.source, opts, &models, names)
            );
        }
    }
    Ok(())
}

/// The features that weigh most in one candidate's score: `name=weight*value`, largest first.
fn contributions(
    group: &Group,
    text: &str,
    doc: &hindsight::load::SourceDoc,
    opts: &ExtractOptions,
    models: &Models,
    names: &[&str],
) -> String {
    let texts = hindsight::extract::learn::root_cause_texts(doc, opts);
    let Some(i) = texts.iter().position(|t| t == text) else {
        return String::new();
    };
    let mut parts: Vec<(f64, String)> = group.x[i]
        .iter()
        .zip(&models.root_cause)
        .zip(names)
        .filter(|((x, _), _)| **x != 0.0)
        .map(|((x, w), n)| (w * f64::from(*x), format!("{n}={:+.2}", w * f64::from(*x))))
        .collect();
    parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    parts
        .into_iter()
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ")
}
