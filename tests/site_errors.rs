//! Builds that must fail cleanly (and leave the previous output alone), and odd inputs that
//! must still work.

mod support;

use support::*;

#[test]
fn broken_template_leaves_the_previous_site_untouched() {
    let (tmp, root) = scratch_site("site-basic");
    let out = tmp.path().join("public");
    build(&root, &out, &[]);
    let before = files_under(&out);
    let index_before = read(&out.join("index.html"));

    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/incident.html"),
        "{% extends \"base.html\" %}{% block content %}{{ incident.title | no_such_filter }}{% endblock %}",
    )
    .unwrap();
    std::fs::write(root.join("content/2026-01-01-new.md"), "# New one\n").unwrap();
    let res = build_cmd(&root, &out, &[]);
    assert!(!res.status.success());
    let err = stderr(&res);
    assert!(err.contains("incident.html"), "{err}");

    assert_eq!(
        files_under(&out),
        before,
        "output changed after a failed build"
    );
    assert_eq!(read(&out.join("index.html")), index_before);
    // No staging folders are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn template_syntax_error_fails_before_writing() {
    let (tmp, root) = scratch_site("site-basic");
    let out = tmp.path().join("public");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/index.html"), "{% if %}").unwrap();
    let res = build_cmd(&root, &out, &[]);
    assert!(!res.status.success());
    assert!(stderr(&res).contains("index.html"), "{}", stderr(&res));
    assert!(!out.exists());
}

#[test]
fn unknown_site_toml_key_is_named() {
    let (tmp, root) = scratch_site("site-basic");
    let toml = read(&root.join("site.toml")) + "\nbase_ulr = \"https://x.test/\"\n";
    std::fs::write(root.join("site.toml"), toml).unwrap();
    let res = build_cmd(&root, &tmp.path().join("o"), &[]);
    assert!(!res.status.success());
    let err = stderr(&res);
    assert!(err.contains("base_ulr"), "{err}");
    assert!(err.contains("site.toml"), "{err}");
}

#[test]
fn broken_yaml_front_matter_names_file_and_line() {
    let (tmp, root) = scratch_site("site-basic");
    std::fs::write(
        root.join("content/2024-02-02-broken.md"),
        "---\ntitle: Broken\ntags: [a, b\nseverity: SEV2\n---\n# Broken\n",
    )
    .unwrap();
    let res = build_cmd(&root, &tmp.path().join("o"), &[]);
    assert!(!res.status.success());
    let err = stderr(&res);
    assert!(err.contains("2024-02-02-broken.md"), "{err}");
    let line = regex::Regex::new(r"2024-02-02-broken\.md:(\d+)")
        .unwrap()
        .captures(&err)
        .unwrap_or_else(|| panic!("no file:line in {err}"));
    let n: usize = line[1].parse().unwrap();
    assert!(
        (2..=5).contains(&n),
        "line {n} is not inside the front matter: {err}"
    );
    assert!(!tmp.path().join("o").exists());
}

#[test]
fn bom_and_crlf_files_build() {
    let (tmp, root) = scratch_site("site-basic");
    let text = "\u{feff}---\r\ntitle: \"Windows editor\"\r\ndate: 2024-04-04\r\ntags: [crlf]\r\n---\r\n\r\n## Summary\r\n\r\nSaved with CRLF.\r\n\r\n```yaml\r\nkey: value\r\n```\r\n";
    std::fs::write(root.join("content/2024-04-04-windows.md"), text).unwrap();
    let out = build(&root, &tmp.path().join("o"), &[]);
    let page = read(&out.join("incidents/windows/index.html"));
    assert!(page.contains("<h1>Windows editor</h1>"), "{page}");
    assert!(page.contains("2024-04-04"));
    assert!(!page.contains('\r'), "carriage returns in output");
    assert!(!page.contains('\u{feff}'), "BOM in output");
    assert!(out.join("tags/crlf/index.html").is_file());
}

#[test]
fn foreign_output_folder_needs_force() {
    let (tmp, root) = scratch_site("site-basic");
    let out = tmp.path().join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "mine").unwrap();
    let res = build_cmd(&root, &out, &[]);
    assert!(!res.status.success());
    assert!(stderr(&res).contains("--force"), "{}", stderr(&res));
    assert_eq!(read(&out.join("precious.txt")), "mine");

    build(&root, &out, &["--force"]);
    assert!(!out.join("precious.txt").exists());
    assert!(out.join("index.html").is_file());
    // Now it is ours: rebuilding needs no --force.
    build(&root, &out, &[]);
}

#[test]
fn empty_output_folder_is_fine() {
    let (tmp, root) = scratch_site("site-basic");
    let out = tmp.path().join("empty");
    std::fs::create_dir_all(&out).unwrap();
    build(&root, &out, &[]);
    assert!(out.join("index.html").is_file());
}

#[test]
fn never_builds_over_the_sources_even_with_force() {
    let (_tmp, root) = scratch_site("site-basic");
    for target in [root.clone(), root.join("content")] {
        let res = build_cmd(&root, &target, &["--force"]);
        assert!(!res.status.success(), "built into {}", target.display());
        assert!(
            stderr(&res).contains("site's own files"),
            "{}",
            stderr(&res)
        );
    }
    assert!(root.join("site.toml").is_file());
    assert!(root.join("content/2024-01-02-dns-delegation.md").is_file());
}

#[test]
fn default_output_is_public_under_the_root() {
    let (_tmp, root) = scratch_site("site-basic");
    hindsight_ok(&root, &["build"]);
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/.nojekyll").is_file());
    assert!(root.join("public/404.html").is_file());
}
