//! Trains hindsight's learned extraction weights on the tuning part of the labelled corpus
//! (`../shared/corpus`; the validation part is never used) and writes them to `data/models/`.
//!
//!     cargo run --release --example facts_train [-- --category-rules]
//!
//! Then rebuild: the binary embeds the files. Judge a change with `--example facts_cv` first.

use hindsight::extract::learn::corpus::{self, Part};
use hindsight::extract::learn::train::{load_docs, train, CategoryMethod};
use hindsight::extract::ExtractOptions;
use std::path::Path;

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus::corpus_dir(root).ok_or("../shared/corpus is missing")?;
    let docs = load_docs(&corpus)?;
    let tuning: Vec<_> = docs
        .iter()
        .filter(|d| d.labelled.part == Part::Tuning)
        .collect();
    // The category method chosen by cross-validation (see `--example facts_cv`).
    let method = if std::env::args().any(|a| a == "--category-rules") {
        CategoryMethod::Rules
    } else {
        CategoryMethod::Model
    };
    let trained = train(&tuning, &ExtractOptions::default(), method);
    for (name, file) in &trained.files {
        let path = root.join("data/models").join(format!("{name}.toml"));
        let header = format!(
            "Learned weights of hindsight's {name} model; written by\n`cargo run --release --example facts_train` from the tuning part of the labelled\ncorpus ({} documents). Do not edit by hand: change the features or the data, then retrain.",
            tuning.len()
        );
        std::fs::write(&path, file.to_toml(&header)).map_err(|e| e.to_string())?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
