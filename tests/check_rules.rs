//! One folder per rule under tests/fixtures/check/rules/<rule-id>/: every `bad-*.md` must trigger
//! the rule, every `ok-*.md` (and clean.md) must not.

mod support;

use std::path::Path;
use support::*;

fn md_files(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    v.sort();
    v
}

#[test]
fn every_rule_fixture_triggers_or_stays_quiet() {
    let root = check_fixtures().join("rules");
    let listed = bin().args(["check", "--list-rules"]).output().unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let rule = dir.file_name().unwrap().to_string_lossy().to_string();
        // A fixture folder must be named after a real rule.
        assert!(
            listed
                .lines()
                .any(|l| l.split_whitespace().next() == Some(rule.as_str())),
            "fixture folder {rule} names no rule"
        );
        for bad in md_files(&dir, "bad") {
            let f = findings(&root, &[&bad]);
            assert!(
                f.iter().any(|(r, _, _)| *r == rule),
                "{} should trigger {rule}; got {f:?}",
                bad.display()
            );
            checked += 1;
        }
        let mut oks = md_files(&dir, "ok");
        oks.push(check_fixtures().join("clean.md"));
        for ok in oks {
            let f = findings(&root, &[&ok]);
            assert!(
                !f.iter().any(|(r, _, _)| *r == rule),
                "{} must not trigger {rule}; got {f:?}",
                ok.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixtures checked");
}

#[test]
fn clean_postmortem_has_no_findings() {
    let f = findings(&check_fixtures(), &[&check_fixtures().join("clean.md")]);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn per_file_settings_turn_rules_off() {
    let file = check_fixtures().join("rules/check-config/ok-known-rule.md");
    let f = findings(&check_fixtures(), &[&file]);
    assert!(
        !f.iter()
            .any(|(r, _, _)| r == "should-have" || r == "blameful-language"),
        "{f:?}"
    );
    // The same text without the settings is reported.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let body = text.split("---\n").nth(2).unwrap();
    std::fs::write(&plain, body).unwrap();
    let f = findings(dir.path(), &[&plain]);
    assert!(f.iter().any(|(r, _, _)| r == "should-have"), "{f:?}");
    assert!(f.iter().any(|(r, _, _)| r == "blameful-language"), "{f:?}");
}

#[test]
fn front_matter_findings_point_at_their_line() {
    let file = check_fixtures().join("rules/future-date/bad-far-future.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let date_line = text.lines().position(|l| l.starts_with("date:")).unwrap() + 1;
    let f = findings(&check_fixtures(), &[&file]);
    let hit = f
        .iter()
        .find(|(r, _, _)| r == "future-date")
        .expect("future-date");
    assert_eq!(hit.1, date_line);
}
