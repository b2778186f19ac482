//! `check --changed-since REF` on a git repository built by the test: only the postmortems the
//! change touches are reported. `--baseline` accepts today's findings and fails on new ones.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;

const CLEAN: &str =
    "---\ntitle: Disk full\ndate: 2024-01-02\n---\n\n## Summary\n\nThe disk filled.\n";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// A site in a git repository: two postmortems with findings committed on `main`.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("site.toml"), "title = \"t\"\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    for name in ["2024-01-02-disk.md", "2024-02-03-dns.md"] {
        std::fs::write(root.join("content").join(name), CLEAN).unwrap();
    }
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "two postmortems"]);
    tmp
}

fn files_with_findings(root: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = hindsight(root, &all);
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let mut files: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    (out.status.code().unwrap(), files)
}

#[test]
fn changed_since_reports_only_the_touched_postmortem() {
    let tmp = repo();
    let root = tmp.path();
    let (_, everything) = files_with_findings(root, &[]);
    assert_eq!(everything.len(), 2, "{everything:?}");

    git(root, &["checkout", "-q", "-b", "change"]);
    let dns = root.join("content/2024-02-03-dns.md");
    std::fs::write(
        &dns,
        format!("{CLEAN}\nThe outage was caused by human error.\n"),
    )
    .unwrap();
    git(root, &["commit", "-q", "-am", "edit dns"]);
    let (code, files) = files_with_findings(root, &["--changed-since", "main"]);
    assert_eq!(files, ["content/2024-02-03-dns.md"]);
    assert_eq!(code, 1);

    // Uncommitted and new files count as changed; files outside content/ do not.
    std::fs::write(root.join("content/2024-03-04-new.md"), CLEAN).unwrap();
    std::fs::write(root.join("README.md"), "notes\n").unwrap();
    let (_, files) = files_with_findings(root, &["--changed-since", "main"]);
    assert_eq!(
        files,
        ["content/2024-02-03-dns.md", "content/2024-03-04-new.md"]
    );

    // Nothing changed: nothing to report, success.
    let (code, files) = files_with_findings(
        root,
        &["--changed-since", "HEAD", "content/2024-01-02-disk.md"],
    );
    assert!(files.is_empty(), "{files:?}");
    assert_eq!(code, 0);

    // A revision git does not know is a usage error that says what to fetch.
    let out = hindsight(root, &["check", "--changed-since", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fetch-depth"), "{}", stderr(&out));
}

#[test]
fn baseline_accepts_todays_findings_and_fails_on_new_ones() {
    let tmp = repo();
    let root = tmp.path();
    let (code, _) = files_with_findings(root, &[]);
    assert_eq!(code, 1, "the fixture has errors to accept");

    let written = hindsight(
        root,
        &["check", "--write-baseline", "hindsight-baseline.json"],
    );
    assert!(written.status.success(), "{}", stderr(&written));
    let (code, files) = files_with_findings(root, &["--baseline", "hindsight-baseline.json"]);
    assert_eq!((code, files.len()), (0, 0));

    // Lines moving does not make a finding new; a new problem does.
    let disk = root.join("content/2024-01-02-disk.md");
    let text = read(&disk).replace("## Summary", "Intro line.\n\n## Summary");
    std::fs::write(&disk, format!("{text}\nIt was Sam's fault.\n")).unwrap();
    let (code, files) = files_with_findings(root, &["--baseline", "hindsight-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(files, ["content/2024-01-02-disk.md"]);

    // From another folder, with --root, the same baseline matches.
    let elsewhere = tempfile::tempdir().unwrap();
    let base = root.join("hindsight-baseline.json");
    let out = hindsight(
        elsewhere.path(),
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--baseline",
            base.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] == "blameful-language"),
        "{report}"
    );

    // A missing baseline accepts nothing, and says so.
    let out = hindsight(root, &["check", "--baseline", "nope.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no baseline"), "{}", stderr(&out));
}
