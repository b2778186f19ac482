//! `hindsight check` end to end: exit codes, formats, site-wide rules, site.toml settings, and the
//! files `new` and `init` write.

mod support;

use std::fs;
use std::path::Path;
use support::*;

/// Structural rules off, so a short document can be clean whatever the extraction fills.
const QUIET: &str = r#"title = "t"
[check.rules]
missing-section = "off"
no-action-items = "off"
impact-no-number = "off"
action-item-owner = "off"
action-item-status = "off"
missing-timezone = "off"
low-confidence = "off"
"#;

fn check(root: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin()
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PLAIN: &str = "# Disk full\n\nThe build host disk filled up.\n";

#[test]
fn exit_codes() {
    let clean = temp_site(QUIET, &[("a.md", PLAIN)]);
    assert_eq!(check(clean.path(), &[]).0, Some(0));

    let warn = temp_site(
        QUIET,
        &[("a.md", "# Disk\n\nWe should have pruned old builds.\n")],
    );
    assert_eq!(check(warn.path(), &[]).0, Some(0));
    assert_eq!(check(warn.path(), &["--deny", "warnings"]).0, Some(1));

    let err = temp_site(QUIET, &[("a.md", "# Disk\n\nA careless cleanup script.\n")]);
    assert_eq!(check(err.path(), &[]).0, Some(1));

    let (code, _, stderr) = check(clean.path(), &["content/nope.md"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("nope.md"), "{stderr}");
    assert_eq!(check(clean.path(), &["--format", "xml"]).0, Some(2));
    assert_eq!(check(clean.path(), &["--deny", "everything"]).0, Some(2));

    let bad_rule = temp_site(
        "title = \"t\"\n[check.rules]\nno-such = \"off\"\n",
        &[("a.md", PLAIN)],
    );
    let (code, _, stderr) = check(bad_rule.path(), &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no-such"), "{stderr}");

    let bad_level = temp_site(
        "title = \"t\"\n[check.rules]\nshould-have = \"loud\"\n",
        &[("a.md", PLAIN)],
    );
    assert_eq!(check(bad_level.path(), &[]).0, Some(2));

    let empty = tempfile::tempdir().unwrap();
    let (code, _, stderr) = check(empty.path(), &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("content"), "{stderr}");
}

#[test]
fn site_toml_relevels_rules() {
    let text = "# Disk\n\nWe should have pruned old builds.\n";
    let raised = format!("{QUIET}should-have = \"error\"\n");
    let s = temp_site(&raised, &[("a.md", text)]);
    let (code, out, _) = check(s.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("error[should-have]"), "{out}");
    let off = format!("{QUIET}should-have = \"off\"\n");
    let s = temp_site(&off, &[("a.md", text)]);
    let (code, out, _) = check(s.path(), &["--deny", "warnings"]);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn duplicate_slugs_and_broken_links() {
    let s = temp_site(
        QUIET,
        &[
            ("2024-01-01-dns.md", "# DNS\n\nSee [the other](2024/dns.md).\n"),
            ("2024/dns.md", "# DNS again\n\nSee [the first](../2024-01-01-dns.md).\n"),
            (
                "links.md",
                "# Links\n\nLike [dns](../incidents/dns/) and [web](https://example.com/x.md).\n\nNot [this](../incidents/nope/) nor [that](missing.md).\n",
            ),
        ],
    );
    let f = findings(s.path(), &[]);
    let dups: Vec<_> = f.iter().filter(|(r, _, _)| r == "duplicate-slug").collect();
    assert_eq!(dups.len(), 2, "{f:?}");
    let broken: Vec<_> = f.iter().filter(|(r, _, _)| r == "broken-link").collect();
    assert_eq!(broken.len(), 2, "{f:?}");
    assert!(broken.iter().all(|(_, line, _)| *line == 5), "{broken:?}");
    assert!(broken.iter().any(|(_, _, m)| m.contains("nope")));
    assert!(broken.iter().any(|(_, _, m)| m.contains("missing.md")));

    // Checking one file still sees the whole site's slugs.
    let one = s.path().join("content/links.md");
    let f = findings(s.path(), &[&one]);
    assert_eq!(f.iter().filter(|(r, _, _)| r == "broken-link").count(), 2);
    assert_eq!(
        f.iter().filter(|(r, _, _)| r == "duplicate-slug").count(),
        0
    );
}

#[test]
fn required_front_matter_fields() {
    let config = format!("{QUIET}\n").replace(
        "[check.rules]",
        "[check]\nrequired_fields = [\"severity\"]\n[check.rules]",
    );
    let s = temp_site(
        &config,
        &[
            ("with.md", "---\nseverity: SEV3\n---\n# A\n\nText.\n"),
            ("without.md", "---\ntitle: B\n---\n# B\n\nText.\n"),
        ],
    );
    let f = findings(s.path(), &[]);
    let missing: Vec<_> = f.iter().filter(|(r, _, _)| r == "missing-field").collect();
    assert_eq!(missing.len(), 1, "{f:?}");
    assert!(missing[0].2.contains("severity"));
}

#[test]
fn github_and_human_formats() {
    let s = temp_site(
        QUIET,
        &[(
            "a.md",
            "# Disk\n\nA careless cleanup, and we should have known.\n",
        )],
    );
    let (_, out, _) = check(s.path(), &["--format", "github"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with("::error file=")
            && l.contains(",line=3,col=3,title=hindsight blameful-language::")),
        "{out}"
    );
    assert!(
        lines.iter().any(
            |l| l.starts_with("::warning file=") && l.contains("title=hindsight should-have::")
        ),
        "{out}"
    );
    assert!(lines.iter().all(|l| l.contains("content/a.md")), "{out}");

    // Not a terminal: no colour, even without NO_COLOR.
    let out = std::process::Command::new(binary())
        .env_remove("NO_COLOR")
        .args(["check", "--root"])
        .arg(s.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\x1b'), "{text}");
    assert!(
        text.contains("content/a.md:3:3: error[blameful-language]"),
        "{text}"
    );
    assert!(text.contains("hint:"), "{text}");
}

#[test]
fn new_postmortem_only_has_placeholders() {
    let s = temp_site("title = \"t\"\n", &[]);
    hindsight_ok(s.path(), &["new", "Checkout 504s after proxy change"]);
    let f = findings(s.path(), &[]);
    assert!(f.iter().any(|(r, _, _)| r == "placeholder"), "{f:?}");
    let others: Vec<_> = f.iter().filter(|(r, _, _)| r != "placeholder").collect();
    assert!(others.is_empty(), "{others:?}");
    // Each placeholder line of the file is reported.
    let file = fs::read_dir(s.path().join("content"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = fs::read_to_string(file).unwrap();
    for (i, line) in text.lines().enumerate() {
        if line.contains("[Insert") {
            assert!(
                f.iter().any(|(_, l, _)| *l == i + 1),
                "line {} ({line}) not reported: {f:?}",
                i + 1
            );
        }
    }
}

#[test]
fn init_workflow_checks_pull_requests() {
    let dir = tempfile::tempdir().unwrap();
    let site_dir = dir.path().join("s");
    let out = bin().arg("init").arg(&site_dir).output().unwrap();
    assert!(out.status.success());
    let yml = fs::read_to_string(site_dir.join(".github/workflows/pages.yml")).unwrap();
    assert!(yml.contains("pull_request"), "{yml}");
    let step = yml
        .split("- name: ")
        .find(|s| s.contains("run: |") && s.contains("hindsight check"))
        .expect("a check step");
    // Every push and pull request is checked; a pull request only in the files it touches,
    // and only findings the baseline does not list fail.
    assert!(!step.contains("if:"), "{step}");
    assert!(step.contains("hindsight check --format github"), "{step}");
    assert!(step.contains("--changed-since HEAD^1"), "{step}");
    assert!(
        step.contains("--baseline hindsight-baseline.json"),
        "{step}"
    );
    // The example postmortem init writes passes its own check.
    let (code, out, _) = check(&site_dir, &["--format", "human"]);
    assert_eq!(code, Some(0), "{out}");
}
