//! Hugo and Jekyll sites build as they are (tests/fixtures/hugo-site, jekyll-site): every page,
//! link and redirect resolves, shortcodes are rendered, drafts are left out.

mod site_support;

use site_support::*;
use std::path::Path;

/// Builds a copy of the fixture and returns (output folder, stderr of the build).
fn build_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(name), &root);
    let out = tmp.path().join("out");
    let run = hindsight_ok(
        &root,
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    );
    (tmp, out, stderr(&run))
}

fn page(out: &Path, rel: &str) -> String {
    read(&out.join(rel))
}

/// The redirect page at `rel` sends readers to `target` (a path under the base path).
fn assert_redirect(out: &Path, rel: &str, target: &str) {
    let html = page(out, rel);
    assert!(
        html.contains(&format!("content=\"0; url={target}\"")),
        "{rel} does not refresh to {target}:\n{html}"
    );
    assert!(
        html.contains(&format!(
            "<link rel=\"canonical\" href=\"https://example.github.io{target}\">"
        )),
        "{rel} has no canonical link to {target}:\n{html}"
    );
}

#[test]
fn hugo_site_builds_as_it_is() {
    let (_tmp, out, said) = build_fixture("hugo-site");
    let broken = broken_links(&out, "/ops-blog/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));

    // Three posts; the section files and the draft are not incidents.
    assert!(said.contains("built 3 incidents"), "{said}");
    let json: Vec<serde_json::Value> = serde_json::from_str(&page(&out, "incidents.json")).unwrap();
    let mut slugs: Vec<&str> = json.iter().map(|i| i["slug"].as_str().unwrap()).collect();
    slugs.sort();
    // A page bundle is named by its folder, without the year; `.markdown` is read like `.md`.
    assert_eq!(slugs, ["cdn-outage", "disk-pressure", "resolver-timeouts"]);
    assert!(!out
        .join("files/posts/2022-08-02-disk-pressure.markdown")
        .exists());
    assert!(!out.join("incidents/runbook-gaps").exists());
    assert!(!out.join("incidents/index").exists());

    // Blog categories are tags, not root causes.
    let cdn = json.iter().find(|i| i["slug"] == "cdn-outage").unwrap();
    let tags: Vec<&str> = cdn["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tags.contains(&"incident-review"), "{tags:?}");
    assert_ne!(cdn["category"], "incident-review");
    assert!(out.join("tags/incident-review/index.html").is_file());

    // Shortcodes: figure (bundle resource and site static file), highlight, ref and relref.
    let cdn_page = page(&out, "incidents/cdn-outage/index.html");
    assert!(!cdn_page.contains("{{"), "{cdn_page}");
    assert!(
        cdn_page.contains("src=\"/ops-blog/files/posts/2023-cdn-outage/edge-errors.svg\""),
        "{cdn_page}"
    );
    assert!(
        cdn_page.contains("src=\"/ops-blog/images/network-overview.svg\""),
        "{cdn_page}"
    );
    assert!(cdn_page.contains("5xx responses at the edge during the incident"));
    assert!(
        cdn_page.contains("<pre tabindex=\"0\" class=\"hl-code\">"),
        "{cdn_page}"
    );
    assert!(
        cdn_page.contains("href=\"/ops-blog/incidents/resolver-timeouts-2024/\""),
        "{cdn_page}"
    );

    // `url` is the page's address; the default address and the aliases redirect to it.
    let resolver = "/ops-blog/incidents/resolver-timeouts-2024/";
    assert!(out
        .join("incidents/resolver-timeouts-2024/index.html")
        .is_file());
    assert_redirect(&out, "incidents/resolver-timeouts/index.html", resolver);
    assert_redirect(&out, "2024/01/resolver-timeouts/index.html", resolver);
    assert_redirect(
        &out,
        "2023/04/cdn-outage/index.html",
        "/ops-blog/incidents/cdn-outage/",
    );
    assert_redirect(
        &out,
        "posts/cdn-errors.html",
        "/ops-blog/incidents/cdn-outage/",
    );
    let resolver_page = page(&out, "incidents/resolver-timeouts-2024/index.html");
    assert!(
        resolver_page.contains("href=\"/ops-blog/incidents/cdn-outage/\""),
        "{resolver_page}"
    );
    // `{{% notice %}}` is left out but its text stays; the build says which line it skipped.
    assert!(resolver_page.contains("raised from 1024 to 8192"));
    // (The page's list of diagnostics quotes it once, escaped; the text does not hold it.)
    assert!(
        !resolver_page.contains("{{% notice info %}}\n"),
        "{resolver_page}"
    );
    assert!(
        resolver_page.matches("notice info").count() <= 1,
        "{resolver_page}"
    );
    for (shortcode, line) in [("tweet", 17), ("notice", 39)] {
        let want = format!(
            "content/posts/2024-01-15-resolver-timeouts.md:{line}: Hugo shortcode `{shortcode}`"
        );
        assert!(said.contains(&want), "no warning {want:?} in:\n{said}");
    }
    // The sitemap and feed name the page at its own address.
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains(&format!("https://example.github.io{resolver}")));
    assert!(
        !sitemap.contains("incidents/resolver-timeouts/<"),
        "{sitemap}"
    );
}

#[test]
fn jekyll_site_builds_as_it_is() {
    let (_tmp, out, said) = build_fixture("jekyll-site");
    let broken = broken_links(&out, "/status-notes/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));

    // _posts/ is found without a setting; `published: false` and _drafts/ stay out.
    assert!(said.contains("built 3 incidents"), "{said}");
    assert!(!out.join("incidents/billing-queue-stall").exists());
    assert!(!out.join("incidents/payments-retry-storm").exists());
    let json: Vec<serde_json::Value> = serde_json::from_str(&page(&out, "incidents.json")).unwrap();
    let mut slugs: Vec<&str> = json.iter().map(|i| i["slug"].as_str().unwrap()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        ["disk-alerts", "search-index-lag", "tls-certificate-expiry"]
    );

    // Space-separated tags and categories are split; categories are tags.
    let tls = json
        .iter()
        .find(|i| i["slug"] == "tls-certificate-expiry")
        .unwrap();
    for tag in ["tls", "certificates", "security", "ops"] {
        assert!(
            tls["tags"].as_array().unwrap().iter().any(|t| t == tag),
            "{tag} missing: {}",
            tls["tags"]
        );
    }

    // permalink is the address; redirect_from and incidents/<slug>/ redirect to it.
    let tls_url = "/status-notes/2022/tls-certificate-expiry/";
    assert!(out.join("2022/tls-certificate-expiry/index.html").is_file());
    assert_redirect(&out, "2022/02/14/tls-certificate-expiry.html", tls_url);
    assert_redirect(&out, "tls-expiry/index.html", tls_url);
    assert_redirect(&out, "incidents/tls-certificate-expiry/index.html", tls_url);

    // Liquid: highlight, post_url after site.baseurl, link, relative_url.
    let tls_page = page(&out, "2022/tls-certificate-expiry/index.html");
    assert!(
        tls_page.contains("<pre tabindex=\"0\" class=\"hl-code\">"),
        "{tls_page}"
    );
    assert!(tls_page.contains("certbot"), "{tls_page}");
    let search = page(&out, "incidents/search-index-lag/index.html");
    for literal in ["{% post_url", "{{ site.baseurl", "{% link", "relative_url"] {
        assert!(!search.contains(literal), "{literal} left in:\n{search}");
    }
    assert!(search.matches("{% include").count() <= 1, "{search}");
    assert!(
        search.matches(&format!("href=\"{tls_url}\"")).count() >= 2,
        "{search}"
    );
    assert!(
        search.contains("href=\"/status-notes/incidents/disk-alerts/\""),
        "{search}"
    );
    assert!(
        said.contains("_posts/2023-03-20-search-index-lag.md:16: Liquid tag `include`"),
        "{said}"
    );
}

#[test]
fn content_dir_setting_picks_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"t\"\ncontent_dir = \"docs/postmortems\"\n",
    )
    .unwrap();
    let dir = root.join("docs/postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("2024-05-01-queue.md"), "# Queue stall\n\nText.\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/ignored.md"), "# Not this one\n").unwrap();
    let out = build(root, &root.join("public"), &[]);
    assert!(out.join("incidents/queue/index.html").is_file());
    assert!(!out.join("incidents/ignored").exists());
}
