//! Shared helpers for the `check_*` integration tests (included with `mod`).
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hindsight"));
    c.env("NO_COLOR", "1");
    c
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// `(rule, line)` of every finding `hindsight check --format json` reports for `paths`.
pub fn findings(root: &Path, paths: &[&Path]) -> Vec<(String, usize, String)> {
    let out = bin()
        .arg("check")
        .arg("--format")
        .arg("json")
        .arg("--root")
        .arg(root)
        .args(paths)
        .output()
        .expect("run hindsight");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json report");
    v["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0) as usize,
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// What the extraction stage fills today, so tests of rules that read those facts run only
/// when the facts are there (the prose extractors land on their own branches).
pub struct Ready {
    /// Sections and action items from the prose.
    pub facts: bool,
    /// Start time and timeline times from the prose.
    pub times: bool,
}

pub fn ready() -> Ready {
    let out = bin()
        .arg("inspect")
        .arg("--json")
        .arg(fixtures().join("clean.md"))
        .output()
        .expect("run inspect");
    let v: Value = serde_json::from_slice(&out.stdout).expect("inspect json");
    let inc = &v[0];
    let non_empty = |k: &str| inc[k].as_array().is_some_and(|a| !a.is_empty());
    Ready {
        facts: non_empty("sections") && non_empty("action_items"),
        times: !inc["start"].is_null()
            && inc["timeline"]
                .as_array()
                .is_some_and(|t| t.iter().any(|e| !e["at"].is_null())),
    }
}
