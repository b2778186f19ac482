//! A baseline: the findings a team has accepted for now (`check --write-baseline FILE`), so that
//! `check --baseline FILE` fails only on new ones. A finding is matched by file, rule and
//! message (digits ignored, so lines moving around do not make it new), counted per match, so
//! a second copy of an accepted finding is new.

use super::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Findings accepted by `check --baseline`: only new ones are reported.
#[derive(Debug, Default)]
pub struct Baseline {
    accepted: HashMap<Key, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    file: String,
    rule: String,
    message: String,
}

/// One entry of the file. `check --format json` output has the same fields, so it serves as a
/// baseline too.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    file: String,
    rule: String,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    version: u32,
    findings: Vec<Entry>,
}

impl Baseline {
    /// Reads a baseline; a missing file is an empty baseline (every finding is new).
    pub fn load(path: &Path) -> Result<Option<Baseline>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let file: File = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a hindsight baseline: {e}\nhint: write one with `hindsight check --write-baseline {}`",
                path.display(),
                path.display()
            )
        })?;
        let mut b = Baseline::default();
        for e in file.findings {
            let key = Key {
                file: e.file,
                rule: e.rule,
                message: without_digits(&e.message),
            };
            *b.accepted.entry(key).or_default() += 1;
        }
        Ok(Some(b))
    }

    /// The findings it does not accept, and how many it did. `root` is the site folder: the
    /// file holds paths relative to it, so it works from any working folder.
    pub fn filter(&self, findings: Vec<Finding>, root: &Path) -> (Vec<Finding>, usize) {
        let mut left = self.accepted.clone();
        let mut known = 0;
        let mut new = Vec::new();
        for f in findings {
            let key = key_of(&f, root);
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    known += 1;
                }
                _ => new.push(f),
            }
        }
        (new, known)
    }
}

/// The baseline file for `findings`.
pub fn to_json(findings: &[Finding], root: &Path) -> String {
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            file: site_relative(&f.file, root),
            rule: f.rule.to_string(),
            message: f.message.clone(),
            line: Some(f.line),
        })
        .collect();
    entries.sort_by(|a, b| (&a.file, a.line, &a.rule).cmp(&(&b.file, b.line, &b.rule)));
    let file = File {
        version: 1,
        findings: entries,
    };
    serde_json::to_string_pretty(&file).expect(crate::SERIALISES) + "\n"
}

fn key_of(f: &Finding, root: &Path) -> Key {
    Key {
        file: site_relative(&f.file, root),
        rule: f.rule.to_string(),
        message: without_digits(&f.message),
    }
}

/// `content/a.md` whatever folder hindsight ran in.
fn site_relative(file: &str, root: &Path) -> String {
    let p = Path::new(file);
    let rel = match (p.canonicalize(), root.canonicalize()) {
        (Ok(p), Ok(r)) => p.strip_prefix(&r).map(Path::to_path_buf).ok(),
        _ => None,
    };
    match rel {
        Some(r) => crate::load::rel_path(Path::new(""), &r),
        None => file.trim_start_matches("./").to_string(),
    }
}

fn without_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Rule, Severity};

    fn finding(file: &str, rule: Rule, message: &str) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            file: file.into(),
            line: 3,
            column: 1,
            message: message.into(),
            hint: String::new(),
        }
    }

    #[test]
    fn accepted_findings_are_counted_not_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let old = vec![
            finding(
                "content/a.md",
                Rule::Placeholder,
                "unfilled `[X]` on line 4",
            ),
            finding(
                "content/a.md",
                Rule::Placeholder,
                "unfilled `[X]` on line 9",
            ),
        ];
        let path = tmp.path().join("baseline.json");
        std::fs::write(&path, to_json(&old, tmp.path())).unwrap();
        let b = Baseline::load(&path).unwrap().unwrap();
        let now = vec![
            finding(
                "content/a.md",
                Rule::Placeholder,
                "unfilled `[X]` on line 5",
            ),
            finding(
                "content/a.md",
                Rule::Placeholder,
                "unfilled `[X]` on line 10",
            ),
            finding(
                "content/a.md",
                Rule::Placeholder,
                "unfilled `[X]` on line 12",
            ),
            finding(
                "content/b.md",
                Rule::Placeholder,
                "unfilled `[X]` on line 4",
            ),
        ];
        let (new, known) = b.filter(now, tmp.path());
        assert_eq!(known, 2);
        assert_eq!(new.len(), 2);
        assert_eq!(new[1].file, "content/b.md");
    }

    #[test]
    fn missing_file_is_no_baseline_and_junk_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(Baseline::load(&tmp.path().join("nope.json"))
            .unwrap()
            .is_none());
        std::fs::write(tmp.path().join("bad.json"), "[1, 2]").unwrap();
        let err = Baseline::load(&tmp.path().join("bad.json")).unwrap_err();
        assert!(err.contains("--write-baseline"), "{err}");
    }
}
