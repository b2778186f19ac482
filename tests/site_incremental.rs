//! Incremental builds: a build that reuses `.hindsight/extract/` publishes exactly the bytes a
//! cold build of the same sources publishes, after an edit, an add, a delete and a site.toml
//! change; only changed postmortems are extracted again (and their search texts analysed
//! again: `.hindsight/term-counts.bin`); a damaged or foreign cache is ignored with a warning
//! and rebuilt.

mod support;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use support::*;

const CACHE: &str = ".hindsight/extract";
const TERM_COUNTS: &str = ".hindsight/term-counts.bin";

struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

fn site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("site-basic"), &root);
    // Tests that build the fixture in place leave a cache in it; start from none.
    let _ = std::fs::remove_dir_all(root.join(".hindsight"));
    let out = tmp.path().join("out");
    Site {
        _tmp: tmp,
        root,
        out,
    }
}

/// Builds `root` into `out`; returns stderr.
fn build_site(root: &Path, out: &Path) -> String {
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    stderr(&hindsight_ok(root, &args))
}

/// The site a build from nothing (a copy of the sources, no cache, no output) publishes.
fn cold(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("site");
    copy_dir(root, &copy);
    let _ = std::fs::remove_dir_all(copy.join(".hindsight"));
    let out = tmp.path().join("out");
    build_site(&copy, &out);
    snapshot(&out)
}

/// Asserts the incremental output equals the cold one, naming the first file that differs.
fn assert_same(incremental: &BTreeMap<String, Vec<u8>>, cold: &BTreeMap<String, Vec<u8>>) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(incremental), names(cold), "the same files");
    for (path, bytes) in incremental {
        assert!(bytes == &cold[path], "{path} differs from a cold build");
    }
}

/// The cache's entries, by name, with their inode (a re-extracted entry is a new file).
fn entries(root: &Path) -> BTreeMap<String, u64> {
    std::fs::read_dir(root.join(CACHE))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, e.metadata().unwrap().ino())
        })
        .collect()
}

fn cached_count(said: &str) -> usize {
    let (_, rest) = said
        .split_once(" files; ")
        .unwrap_or_else(|| panic!("no cache count in {said:?}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn incremental_builds_match_cold_builds() {
    let s = site();
    let said = build_site(&s.root, &s.out);
    assert_eq!(cached_count(&said), 0, "{said}");
    let first = entries(&s.root);
    assert!(!first.is_empty(), "the build fills {CACHE}");
    assert!(
        s.root.join(TERM_COUNTS).is_file(),
        "the build keeps {TERM_COUNTS}"
    );
    assert_same(&snapshot(&s.out), &cold(&s.root));

    // An edit: one postmortem extracted again, the others reused.
    let apache = s.root.join("content/2023-06-25-apache-outage.md");
    let text = read(&apache);
    std::fs::write(
        &apache,
        text.replace("web tier outage", "web tier outage, edited") + "\nA line added later.\n",
    )
    .unwrap();
    let ino = |rel: &str| std::fs::metadata(s.out.join(rel)).unwrap().ino();
    let (css, home) = (ino("syntax-light.css"), ino("index.html"));
    let said = build_site(&s.root, &s.out);
    assert_eq!(cached_count(&said), first.len() - 1, "{said}");
    assert_eq!(
        ino("syntax-light.css"),
        css,
        "an unchanged file is linked, not rewritten"
    );
    assert_ne!(ino("index.html"), home, "a changed page is written");
    let after_edit = entries(&s.root);
    assert_eq!(after_edit.len(), first.len(), "the old entry is pruned");
    let kept = first
        .iter()
        .filter(|(k, ino)| after_edit.get(*k) == Some(ino))
        .count();
    assert_eq!(kept, first.len() - 1, "only the edited file's entry is new");
    assert_same(&snapshot(&s.out), &cold(&s.root));

    // An add.
    std::fs::write(
        s.root.join("content/2024-05-01-queue-backlog.md"),
        "---\ntitle: Queue backlog after a deploy\ndate: 2024-05-01\n---\n\n## Summary\n\nThe queue backed up for an hour after a deploy of the billing service.\n\n## Root cause\n\nA consumer was stopped by a bad configuration value.\n",
    )
    .unwrap();
    let said = build_site(&s.root, &s.out);
    assert_eq!(cached_count(&said), first.len(), "{said}");
    assert_same(&snapshot(&s.out), &cold(&s.root));

    // A delete.
    std::fs::remove_file(s.root.join("content/2024-01-02-dns-delegation.md")).unwrap();
    let said = build_site(&s.root, &s.out);
    // The added one is still there: as many files as at first, all from the cache.
    assert_eq!(cached_count(&said), first.len(), "{said}");
    assert_eq!(
        entries(&s.root).len(),
        first.len(),
        "the deleted one's entry is pruned"
    );
    assert_same(&snapshot(&s.out), &cold(&s.root));

    // A site.toml change that shapes every page but no extraction.
    let toml = s.root.join("site.toml");
    std::fs::write(
        &toml,
        read(&toml).replace("Fixture postmortems", "Renamed postmortems"),
    )
    .unwrap();
    build_site(&s.root, &s.out);
    let pages = snapshot(&s.out);
    assert!(
        String::from_utf8_lossy(&pages["index.html"]).contains("Renamed postmortems"),
        "the new title is published"
    );
    assert_same(&pages, &cold(&s.root));

    // A site.toml change that shapes extraction: every postmortem is extracted again.
    std::fs::write(
        &toml,
        read(&toml) + "\n[taxonomy.components]\nqueue = [\"consumer\"]\n",
    )
    .unwrap();
    let said = build_site(&s.root, &s.out);
    assert_eq!(cached_count(&said), 0, "{said}");
    assert_same(&snapshot(&s.out), &cold(&s.root));

    // The replaced sites are kept under .hindsight/ (to start the next build from), never
    // beside the output.
    let mut beside: Vec<String> = std::fs::read_dir(s.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["out", "site"]);
    assert!(s.root.join(".hindsight/output").is_dir());
}

#[test]
fn pages_of_unchanged_incidents_are_reused_after_an_edit() {
    let s = site();
    build_site(&s.root, &s.out);
    let ino = |rel: &str| std::fs::metadata(s.out.join(rel)).unwrap().ino();
    let pages: Vec<String> = snapshot(&s.out)
        .into_keys()
        .filter(|p| p.starts_with("incidents/") && p.ends_with("index.html"))
        .collect();
    let before: Vec<u64> = pages.iter().map(|p| ino(p)).collect();
    // Three edits in a row: the second and third start from the site the first replaced.
    let apache = s.root.join("content/2023-06-25-apache-outage.md");
    for n in 1..=3 {
        std::fs::write(&apache, read(&apache) + &format!("\nEdit number {n}.\n")).unwrap();
        build_site(&s.root, &s.out);
        assert_same(&snapshot(&s.out), &cold(&s.root));
    }
    let changed: Vec<&String> = pages
        .iter()
        .zip(&before)
        .filter(|(p, i)| ino(p) != **i)
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        changed,
        ["incidents/apache-outage/index.html"],
        "only the edited incident's page is new"
    );
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_warning() {
    let s = site();
    build_site(&s.root, &s.out);
    let cold_site = cold(&s.root);
    for name in entries(&s.root).keys() {
        std::fs::write(s.root.join(CACHE).join(name), b"{\"rel_path\": 3").unwrap();
    }
    // Its header kept (the same hindsight), its contents not.
    let mut counts = std::fs::read(s.root.join(TERM_COUNTS)).unwrap();
    let header = counts.iter().position(|&b| b == b'\n').unwrap() + 1;
    counts.truncate(header);
    counts.extend_from_slice(b"\x01garbage");
    std::fs::write(s.root.join(TERM_COUNTS), counts).unwrap();
    // A new output folder, so the build cannot find the old output up to date.
    let out2 = s.out.with_file_name("out2");
    let said = build_site(&s.root, &out2);
    assert!(
        said.contains("warning:") && said.contains("damaged cache entry"),
        "{said}"
    );
    assert!(said.contains("term-counts.bin: damaged"), "{said}");
    assert_eq!(cached_count(&said), 0, "{said}");
    assert_same(&snapshot(&out2), &cold_site);

    // Rebuilt: the next build takes everything from it, without a warning.
    let out3 = s.out.with_file_name("out3");
    let said = build_site(&s.root, &out3);
    assert!(!said.contains("warning:"), "{said}");
    assert_eq!(cached_count(&said), entries(&s.root).len(), "{said}");
    assert_same(&snapshot(&out3), &cold_site);
}

#[test]
fn a_foreign_cache_is_ignored_with_a_warning() {
    let s = site();
    build_site(&s.root, &s.out);
    let n = entries(&s.root).len();
    std::fs::write(s.root.join(CACHE).join("VERSION"), "some other tool\n").unwrap();
    std::fs::write(s.root.join(TERM_COUNTS), "some other tool\n").unwrap();
    let out2 = s.out.with_file_name("out2");
    let said = build_site(&s.root, &out2);
    assert!(said.contains("another hindsight version"), "{said}");
    assert!(said.contains("term-counts.bin: made by another"), "{said}");
    assert_eq!(cached_count(&said), 0, "{said}");
    assert_eq!(entries(&s.root).len(), n, "rebuilt");
    assert_same(&snapshot(&out2), &cold(&s.root));
}

#[test]
fn similarity_scores_are_published_when_a_template_shows_them() {
    // The default theme never shows scores, so they are left out of the pages' data (they
    // change with any edit anywhere); a site template that shows them gets them, and its
    // incremental builds still match cold ones.
    let s = site();
    let partial = s.root.join("templates/partials/similar.html");
    std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
    std::fs::write(
        &partial,
        "{% for s in incident.similar %}<b class=\"score\">{{ s.score }}</b>{% endfor %}",
    )
    .unwrap();
    build_site(&s.root, &s.out);
    let shown = snapshot(&s.out).iter().any(|(p, b)| {
        p.starts_with("incidents/") && {
            let html = String::from_utf8_lossy(b);
            html.contains("class=\"score\">") && !html.contains("class=\"score\"></b>")
        }
    });
    assert!(shown, "a page shows a score");
    let apache = s.root.join("content/2023-06-25-apache-outage.md");
    std::fs::write(
        &apache,
        read(&apache) + "\nThe proxy timed out again later.\n",
    )
    .unwrap();
    build_site(&s.root, &s.out);
    assert_same(&snapshot(&s.out), &cold(&s.root));
}

#[test]
fn a_new_site_stylesheet_reaches_the_pages_it_styles() {
    // Code blocks keep only the highlighting classes some stylesheet styles, so a site's own
    // stylesheet shapes incident pages: a rebuild after adding one matches a cold build.
    let s = site();
    build_site(&s.root, &s.out);
    let css = s.root.join("static/extra.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(
        &css,
        ".hl-keyword.hl-control { color: red }\n.hl-comment { color: gray }\n",
    )
    .unwrap();
    build_site(&s.root, &s.out);
    assert_same(&snapshot(&s.out), &cold(&s.root));
}
