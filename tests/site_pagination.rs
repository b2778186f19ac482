//! Pagination of the home page and the term pages (`paginate_by` in site.toml), and the
//! up-to-date check of a rebuild with nothing changed.

mod support;

use support::*;

/// The demo site with one incident a page: every list is paginated.
fn paginated_demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&manifest_dir().join("content"), &root.join("content"));
    let config = read(&manifest_dir().join("site.toml"));
    std::fs::write(root.join("site.toml"), format!("paginate_by = 2\n{config}")).unwrap();
    (tmp, root)
}

#[test]
fn lists_are_paginated_with_working_links() {
    let (tmp, root) = paginated_demo();
    let out = build(
        &root,
        &tmp.path().join("out"),
        &["--base-url", "https://acme.github.io/pm/"],
    );
    let slugs: Vec<String> = inspected(&root)
        .iter()
        .filter(|i| i["draft"] != serde_json::Value::Bool(true))
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect();
    let pages = slugs.len().div_ceil(2);
    assert!(pages >= 2, "the demo site needs more than two postmortems");

    // Every incident is listed over the home page's pages.
    let mut listed = Vec::new();
    for n in 1..=pages {
        let path = if n == 1 {
            out.join("index.html")
        } else {
            out.join(format!("page/{n}/index.html"))
        };
        let html = read(&path);
        for link in links_in(&html) {
            if let Some(slug) = link.strip_prefix("/pm/incidents/") {
                let slug = slug.trim_end_matches('/').to_string();
                if !listed.contains(&slug) {
                    listed.push(slug);
                }
            }
        }
        let prev = format!(
            "<link rel=\"prev\" href=\"/pm/{}\">",
            if n == 2 {
                String::new()
            } else {
                format!("page/{}/", n - 1)
            }
        );
        assert_eq!(html.contains(&prev), n > 1, "page {n}: rel=prev");
        assert_eq!(
            html.contains("<link rel=\"next\""),
            n < pages,
            "page {n}: rel=next"
        );
    }
    assert!(!out.join(format!("page/{}/index.html", pages + 1)).exists());
    let (mut listed_sorted, mut slugs_sorted) = (listed.clone(), slugs.clone());
    listed_sorted.sort();
    slugs_sorted.sort();
    assert_eq!(listed_sorted, slugs_sorted);
    assert!(read(&out.join("page/1/index.html")).contains("url=/pm/\""));

    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://acme.github.io/pm/page/2/</loc>"));
    let broken = broken_links(&out, "/pm/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// `hindsight build` of `root` into `out` with `extra` arguments; returns its stderr.
fn rebuild(root: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend(["--output", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    stderr(&hindsight_ok(root, &args))
}

#[test]
fn an_unchanged_rebuild_keeps_the_output_and_an_edit_rebuilds() {
    let (tmp, root) = paginated_demo();
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let before = files_under(&out);
    let said = rebuild(&root, &out, &[]);
    assert!(said.contains("up to date"), "{said}");
    assert_eq!(files_under(&out), before);
    // A changed option or file is a real build.
    let said = rebuild(&root, &out, &["--drafts"]);
    assert!(said.contains("built"), "{said}");
    let first = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .unwrap();
    let text = read(first.path());
    std::fs::write(first.path(), format!("{text}\nOne more line.\n")).unwrap();
    let said = rebuild(&root, &out, &["--drafts"]);
    assert!(said.contains("built"), "{said}");
    assert_eq!(rebuild(&root, &out, &["--quiet"]), "");
}
