//! `hindsight new`: the site is found upwards, a draft is written into its content folder, the
//! site's own template is used when it has one, and long titles make short file names.

mod support;

use std::path::Path;
use support::*;

fn scratch_site(toml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.toml"), toml).unwrap();
    std::fs::create_dir_all(tmp.path().join("content/2024")).unwrap();
    tmp
}

fn created(out: &std::process::Output) -> std::path::PathBuf {
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let path = said
        .trim()
        .strip_prefix("created ")
        .unwrap_or_else(|| panic!("{said}"));
    Path::new(path).to_path_buf()
}

#[test]
fn new_finds_the_site_from_a_subfolder() {
    let site = scratch_site("title = \"t\"\n");
    let deep = site.path().join("content/2024");
    let out = hindsight_ok(&deep, &["new", "Cache stampede"]);
    let file = created(&out);
    assert_eq!(
        file.parent().unwrap().canonicalize().unwrap(),
        site.path().join("content").canonicalize().unwrap(),
        "not in the site's content/: {}",
        file.display()
    );
    let text = read(&file);
    assert!(text.contains("\ndraft: true\n"), "{text}");
    assert!(!site.path().join("content/2024/content").exists());
}

#[test]
fn new_refuses_outside_a_site_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hindsight(tmp.path(), &["new", "Anything"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("not inside a hindsight site"), "{err}");
    assert!(err.contains("hindsight init"), "{err}");
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[test]
fn new_uses_the_sites_template_and_content_folder() {
    let site = scratch_site("title = \"t\"\ncontent_dir = \"_posts\"\n");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/postmortem.md"),
        "---\ntitle: \"{{TITLE}}\"\ndate: {{DATE}}\ndraft: true\nteam: payments\n---\n\n## What happened\n",
    )
    .unwrap();
    let out = hindsight_ok(site.path(), &["new", "Refund \"double\" charge"]);
    let file = created(&out);
    assert!(
        file.starts_with(site.path().join("_posts")) || file.to_string_lossy().contains("_posts/")
    );
    let text = read(&file);
    assert!(
        text.contains("title: \"Refund \\\"double\\\" charge\""),
        "{text}"
    );
    assert!(text.contains("team: payments"), "{text}");
    assert!(!text.contains("{{"), "{text}");
    // The template is not a page template: the site still builds.
    hindsight_ok(site.path(), &["build", "--drafts"]);
    assert!(site
        .path()
        .join("public/incidents/refund-double-charge/index.html")
        .is_file());
}

#[test]
fn very_long_titles_make_short_file_names() {
    let site = scratch_site("title = \"t\"\n");
    let title =
        "Checkout requests failed after the payment provider rotated its certificates ".repeat(8);
    let out = hindsight_ok(site.path(), &["new", &title]);
    let file = created(&out);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.len() < 100, "{name}");
    assert!(
        read(&file).contains(title.trim()),
        "the whole title is kept in the front matter"
    );
}
