//! The extraction ratchet: scores `hindsight inspect --json` on the labelled postmortems of
//! `../shared/corpus` (seeds, real, real2) by `score.py`'s rule and fails when a field of the
//! tuning or the validation part drops below the floor reached. The validation part (one file
//! name in five, by the team's hash) is never tuned on; its floors say how well the rules
//! generalise. Raise a floor when a change lifts it; never lower one to land a change.
//!
//! Without `../shared` the test is skipped, except under `CI`, where that is a failure.

use hindsight::extract::learn::corpus::{self, Field, Labelled, Part, Tally};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Floors: share of labelled fields right, per part, per field (`None`: all fields). Set to what
/// the facts branch reached (2026-12-02); raise them as extraction improves.
const FLOORS: &[(Part, Option<Field>, f64)] = &[
    (Part::Tuning, Some(Field::Category), 0.953),
    (Part::Tuning, Some(Field::RootCause), 0.958),
    (Part::Tuning, Some(Field::Duration), 0.986),
    (Part::Tuning, Some(Field::Impact), 1.0),
    (Part::Tuning, Some(Field::Components), 0.987),
    (Part::Tuning, Some(Field::Start), 1.0),
    (Part::Tuning, Some(Field::Date), 1.0),
    (Part::Tuning, None, 0.983),
    (Part::Validation, Some(Field::Category), 0.857),
    (Part::Validation, Some(Field::RootCause), 0.88),
    (Part::Validation, Some(Field::Duration), 0.863),
    (Part::Validation, Some(Field::Impact), 0.916),
    (Part::Validation, Some(Field::Components), 1.0),
    (Part::Validation, Some(Field::Start), 0.875),
    (Part::Validation, Some(Field::Date), 0.96),
    (Part::Validation, None, 0.908),
];

fn corpus_or_skip() -> Option<std::path::PathBuf> {
    let found = corpus::corpus_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/corpus is missing; CI must provide it beside the checkout"
        );
        eprintln!("skipped: ../shared/corpus is absent");
    }
    found
}

/// `inspect --json` of the documents, by file name.
fn inspect(docs: &[Labelled]) -> BTreeMap<String, Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("inspect")
        .arg("--json")
        .args(docs.iter().map(|d| &d.path))
        .output()
        .expect("run hindsight");
    assert!(
        out.status.success(),
        "inspect failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let incidents: Vec<Value> = serde_json::from_slice(&out.stdout).expect("inspect JSON");
    incidents
        .into_iter()
        .filter_map(|i| {
            let name = Path::new(i["source"].as_str()?)
                .file_name()?
                .to_string_lossy()
                .into_owned();
            Some((name, i))
        })
        .collect()
}

/// Tallies per (set, part).
fn score_all(corpus: &Path) -> BTreeMap<(String, Part), Tally> {
    let mut tallies = BTreeMap::new();
    for set in corpus::SETS {
        let docs = corpus::load_set(corpus, set).expect("labels");
        let got = inspect(&docs);
        for d in &docs {
            let inc = got.get(&d.file).cloned().unwrap_or(Value::Null);
            tallies
                .entry((set.to_string(), d.part))
                .or_insert_with(Tally::default)
                .add(&d.label, &inc);
        }
    }
    tallies
}

#[test]
fn extraction_does_not_slide_back() {
    let Some(corpus) = corpus_or_skip() else {
        return;
    };
    let tallies = score_all(&corpus);
    let mut parts: BTreeMap<Part, Tally> = BTreeMap::new();
    for ((set, part), t) in &tallies {
        eprintln!("== {set} / {}\n{}", part.name(), t.report());
        parts.entry(*part).or_default().merge(t);
    }
    let mut failures = Vec::new();
    for (part, t) in &parts {
        eprintln!("== all sets / {}\n{}", part.name(), t.report());
        for (p, field, floor) in FLOORS.iter().filter(|f| f.0 == *part) {
            let share = t.share(*field);
            if share + 1e-9 < *floor {
                let name = field.map_or("overall", |f| f.label_key());
                failures.push(format!("{} {name}: {share:.3} below {floor}", p.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
