//! The demo site is right: every fact `hindsight inspect` reads from the demo postmortems in
//! `content/` matches `tests/fixtures/demo-labels.json` (scored by `score.py`'s rule), and
//! every demo incident has a title of its own, not its file name.
//!
//! `KNOWN_MISSES` lists the demo facts not read right yet (none now). The list only shrinks: a
//! listed fact that comes out right fails the test until it is removed from the list.

use hindsight::extract::learn::corpus::{check, Field};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const KNOWN_MISSES: &[(&str, Field)] = &[];

fn demo_incidents() -> (Vec<Value>, Vec<Value>) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels: Vec<Value> = serde_json::from_slice(
        &std::fs::read(repo.join("tests/fixtures/demo-labels.json")).expect("demo labels"),
    )
    .expect("demo labels JSON");
    let files: Vec<_> = labels
        .iter()
        .map(|l| repo.join("content").join(l["file"].as_str().expect("file")))
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("inspect")
        .arg("--json")
        .args(&files)
        .output()
        .expect("run hindsight");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        labels,
        serde_json::from_slice(&out.stdout).expect("inspect JSON"),
    )
}

fn file_name(inc: &Value) -> &str {
    inc["source"]
        .as_str()
        .and_then(|s| Path::new(s).file_name())
        .and_then(|f| f.to_str())
        .unwrap_or("")
}

#[test]
fn every_demo_fact_matches_its_label() {
    let (labels, incidents) = demo_incidents();
    let mut wrong = Vec::new();
    let mut fixed = Vec::new();
    for label in &labels {
        let file = label["file"].as_str().unwrap_or("");
        let inc = incidents
            .iter()
            .find(|i| file_name(i) == file)
            .unwrap_or(&Value::Null);
        for field in Field::ALL {
            let Some(want) = label.get(field.label_key()) else {
                continue;
            };
            let right = check(field, want, inc);
            let known = KNOWN_MISSES.contains(&(file, field));
            match (right, known) {
                (false, false) => wrong.push(format!("{file} {}: want {want}", field.label_key())),
                (true, true) => fixed.push(format!("{file} {:?}", field)),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "wrong demo facts:\n{}", wrong.join("\n"));
    assert!(
        fixed.is_empty(),
        "now right, remove from KNOWN_MISSES:\n{}",
        fixed.join("\n")
    );
}

#[test]
fn every_demo_incident_has_a_title_of_its_own() {
    let (_, incidents) = demo_incidents();
    for inc in &incidents {
        let title = inc["title"].as_str().unwrap_or("");
        assert!(!title.is_empty(), "{} has no title", file_name(inc));
        assert_ne!(
            title,
            inc["slug"].as_str().unwrap_or(""),
            "{}",
            file_name(inc)
        );
    }
}
