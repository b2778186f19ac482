//! A ratchet on extraction accuracy: scores `hindsight inspect --json` against the labelled
//! postmortems in `../shared/corpus` exactly as `score.py` does, and fails when any field or the
//! overall figure drops below what has been reached. Raise the floors as extraction improves.
//! Skipped when `../shared` is absent (the corpus is not part of the project).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIELDS: [&str; 7] = [
    "category",
    "root_cause_keywords",
    "duration_minutes",
    "impact_percent",
    "components",
    "start",
    "date",
];

/// Floors (share of labelled documents right) per set: (field, floor). `overall` is the share of
/// all labelled fields.
const SEEDS_FLOOR: &[(&str, f64)] = &[
    ("category", 1.0),
    ("root_cause_keywords", 1.0),
    ("components", 1.0),
    ("duration_minutes", 1.0),
    ("impact_percent", 1.0),
    ("start", 1.0),
    ("date", 1.0),
    ("overall", 1.0),
];
const REAL_FLOOR: &[(&str, f64)] = &[
    ("category", 1.0),
    ("root_cause_keywords", 1.0),
    ("components", 1.0),
    ("duration_minutes", 1.0),
    ("impact_percent", 1.0),
    ("start", 1.0),
    ("date", 1.0),
    ("overall", 1.0),
];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn lower(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string().to_lowercase(),
    }
}

/// The same rule per field as score.py's `check`.
fn check(field: &str, want: &Value, got: &Value) -> bool {
    let g = got.get(field).unwrap_or(&Value::Null);
    match field {
        "category" => g.as_str().is_some_and(|s| s.to_lowercase() == lower(want)),
        "root_cause_keywords" => {
            let rc = got.get("root_cause").unwrap_or(&Value::Null);
            let kws = want.as_array().cloned().unwrap_or_default();
            if kws.is_empty() {
                return rc.is_null() || rc.as_str() == Some("");
            }
            rc.as_str().is_some_and(|rc| {
                let rc = rc.to_lowercase();
                kws.iter().all(|k| rc.contains(&lower(k)))
            })
        }
        "duration_minutes" | "impact_percent" => {
            let tol = if field == "duration_minutes" {
                1.0
            } else {
                0.5
            };
            match want.as_f64() {
                None => g.is_null(),
                Some(w) => g.as_f64().is_some_and(|x| (x - w).abs() <= tol),
            }
        }
        "components" => {
            let have: Vec<String> = g
                .as_array()
                .map(|a| a.iter().map(lower).collect())
                .unwrap_or_default();
            want.as_array()
                .map(|a| a.iter().all(|c| have.contains(&lower(c))))
                .unwrap_or(true)
        }
        "start" | "date" => match want.as_str() {
            None => g.is_null(),
            Some(w) => g.as_str().is_some_and(|s| s.starts_with(w)),
        },
        _ => panic!("unknown field {field}"),
    }
}

/// (field, right, seen) for each field.
type FieldScores = Vec<(String, usize, usize)>;

/// Per-field figures and the overall (right, seen).
fn score(set: &Path) -> (FieldScores, (usize, usize)) {
    let labels: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(set.join("labels.json")).unwrap()).unwrap();
    let files: Vec<PathBuf> = labels
        .iter()
        .map(|l| set.join(l["file"].as_str().unwrap()))
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("inspect")
        .arg("--json")
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "inspect failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let incidents: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let by_name = |name: &str| {
        incidents
            .iter()
            .find(|i| {
                i["source"]
                    .as_str()
                    .and_then(|s| Path::new(s).file_name())
                    .is_some_and(|f| f.to_string_lossy() == name)
            })
            .cloned()
            .unwrap_or(Value::Object(Default::default()))
    };
    let mut per = Vec::new();
    let (mut right_all, mut seen_all) = (0, 0);
    for field in FIELDS {
        let (mut right, mut seen) = (0, 0);
        for l in &labels {
            let Some(want) = l.get(field) else { continue };
            seen += 1;
            if check(field, want, &by_name(l["file"].as_str().unwrap())) {
                right += 1;
            }
        }
        right_all += right;
        seen_all += seen;
        per.push((field.to_string(), right, seen));
    }
    (per, (right_all, seen_all))
}

fn ratchet(name: &str, floors: &[(&str, f64)]) {
    let Some(corpus) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let (per, (r, s)) = score(&corpus.join(name));
    let mut failures = Vec::new();
    let share = |r: usize, s: usize| if s == 0 { 1.0 } else { r as f64 / s as f64 };
    for (field, right, seen) in &per {
        eprintln!("{name} {field}: {right}/{seen}");
        if let Some((_, floor)) = floors.iter().find(|(f, _)| f == field) {
            if share(*right, *seen) + 1e-9 < *floor {
                failures.push(format!("{field} {right}/{seen} below {floor}"));
            }
        }
    }
    eprintln!("{name} overall: {r}/{s}");
    if let Some((_, floor)) = floors.iter().find(|(f, _)| *f == "overall") {
        if share(r, s) + 1e-9 < *floor {
            failures.push(format!("overall {r}/{s} below {floor}"));
        }
    }
    assert!(failures.is_empty(), "{name}: {}", failures.join("; "));
}

#[test]
fn seeds_do_not_slide_back() {
    ratchet("seeds", SEEDS_FLOOR);
}

#[test]
fn real_postmortems_do_not_slide_back() {
    ratchet("real", REAL_FLOOR);
}
