//! `hindsight check` on the shared corpus (skipped when ../shared is absent, failed under CI).

mod support;

use std::path::Path;
use support::*;

/// File lines (1-based) holding any of the needles.
fn lines_with(path: &Path, needles: &[&str]) -> Vec<usize> {
    let bytes = std::fs::read(path).unwrap();
    String::from_utf8_lossy(&bytes)
        .lines()
        .enumerate()
        .filter(|(_, l)| needles.iter().any(|n| l.contains(n)))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn seed_002_unnamed_developer_blamed() {
    let Some(seeds) = shared_corpus("seeds") else {
        return;
    };
    let file = seeds.join("002-apache-config-file.md");
    let expected = lines_with(&file, &["One of the developers had made changes"]);
    assert_eq!(expected.len(), 1);
    let f = findings(&seeds, &[&file]);
    assert!(
        f.iter().any(|(r, l, m)| r == "blame-person-subject"
            && *l == expected[0]
            && m.contains("One of the developers")),
        "{f:?}"
    );
}

#[test]
fn seed_003_placeholders_with_lines() {
    let Some(seeds) = shared_corpus("seeds") else {
        return;
    };
    let file = seeds.join("003-apache-template.md");
    let expected = lines_with(&file, &["[Insert", "[X%]"]);
    assert!(expected.len() >= 4, "{expected:?}");
    let f = findings(&seeds, &[&file]);
    let got: Vec<usize> = f
        .iter()
        .filter(|(r, _, _)| r == "placeholder")
        .map(|(_, l, _)| *l)
        .collect();
    for line in &expected {
        assert!(
            got.contains(line),
            "placeholder on line {line} not reported: {f:?}"
        );
    }
}

#[test]
fn seed_004_duration_disagreement() {
    let Some(seeds) = shared_corpus("seeds") else {
        return;
    };
    let file = seeds.join("004-load-balancer.md");
    let f = findings(&seeds, &[&file]);
    assert!(f.iter().any(|(r, _, _)| r == "duration-mismatch"), "{f:?}");
}

#[test]
fn real_corpus_does_not_crash() {
    let Some(real) = shared_corpus("real") else {
        return;
    };
    let f = findings(&real, &[&real]);
    let files: std::collections::BTreeSet<_> = std::fs::read_dir(&real)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() >= 10);
    // Every finding has a real position.
    assert!(f.iter().all(|(_, line, _)| *line >= 1));
    // The other formats on a few files (the extraction is slow in debug builds).
    let some: Vec<_> = files.iter().take(3).collect();
    for fmt in ["human", "github"] {
        let out = bin()
            .args(["check", "--format", fmt, "--root"])
            .arg(&real)
            .args(&some)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0) | Some(1)),
            "{fmt}: {out:?}"
        );
    }
}
