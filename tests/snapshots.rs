//! Snapshot tests (insta) of output that should not change by accident: `inspect --json` of
//! every postmortem in tests/fixtures/snapshot-site (each of a different shape), and the main
//! page types of that site as `hindsight build` writes them.
//!
//! A change shows as a failed test with a diff. When it is meant, accept it with
//! `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta review`), look at the
//! `.snap` files' diff, and commit them. Under `CI` a missing snapshot is a failure.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{build, fixture, hindsight_json, read, scratch_site};

fn site() -> PathBuf {
    fixture("snapshot-site")
}

/// The site's postmortems, as paths relative to the site, sorted.
fn postmortems() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("content/{n}"))
        .collect();
    names.sort();
    names
}

/// Output with what legitimately changes from run to run or release to release replaced:
/// the crate version and the temporary folder the site is built in.
fn redact(text: &str, tmp: Option<&Path>) -> String {
    let mut text = text.replace(
        &format!("hindsight {}", env!("CARGO_PKG_VERSION")),
        "hindsight [version]",
    );
    if let Some(tmp) = tmp {
        text = text.replace(&tmp.display().to_string(), "[tmp]");
    }
    text
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

#[test]
fn inspect_json_of_each_fixture_postmortem() {
    let files = postmortems();
    assert!(
        files.len() >= 12,
        "only {} fixture postmortems",
        files.len()
    );
    let settings = settings();
    for file in &files {
        let mut args = vec!["inspect", "--json"];
        args.push(file);
        let v = hindsight_json(&site(), &args);
        assert!(matches!(&v, Value::Array(a) if a.len() == 1), "{v}");
        let name = file.trim_start_matches("content/").trim_end_matches(".md");
        let json = serde_json::to_string_pretty(&v[0]).unwrap();
        settings.bind(|| insta::assert_snapshot!(format!("inspect-{name}"), redact(&json, None)));
    }
}

#[test]
fn html_of_the_main_page_types() {
    // A copy outside the repository, so git history ("last changed") does not enter the pages.
    let (tmp, root) = scratch_site("snapshot-site");
    let out = build(&root, &tmp.path().join("public"), &[]);
    let pages = [
        ("home", "index.html"),
        ("incident", "incidents/prose-headings/index.html"),
        ("term", "categories/capacity/index.html"),
        ("trends", "trends/index.html"),
        ("search", "search/index.html"),
    ];
    let settings = settings();
    for (name, rel) in pages {
        let path = out.join(rel);
        assert!(path.is_file(), "{rel} was not written");
        let html = redact(&read(&path), Some(tmp.path()));
        settings.bind(|| insta::assert_snapshot!(format!("page-{name}"), html));
    }
}
