//! `hindsight build` end to end: the demo site in the repo and the fixture sites under
//! tests/fixtures/site-*, built into temporary folders.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use support::*;

const PROJECT_URL: &str = "https://acme.github.io/postmortems/";

fn published_slugs(root: &Path) -> Vec<String> {
    inspected(root)
        .iter()
        .filter(|i| i["draft"] != serde_json::Value::Bool(true))
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect()
}

fn assert_every_incident_page(out: &Path, slugs: &[String]) {
    assert!(!slugs.is_empty());
    for slug in slugs {
        let page = out.join("incidents").join(slug).join("index.html");
        assert!(page.is_file(), "no page for {slug}: {}", page.display());
    }
}

fn assert_feeds_list(out: &Path, base_url: &str, slugs: &[String]) {
    let expected: BTreeSet<String> = slugs
        .iter()
        .map(|s| format!("{}/incidents/{s}/", base_url.trim_end_matches('/')))
        .collect();

    let sitemap = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    for url in &expected {
        assert!(locs.contains(url), "sitemap lacks {url}");
    }

    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let atom = read(&out.join("atom.xml"));
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml is XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .unwrap_or_else(|| panic!("<{}> lacks <{name}>", n.tag_name().name()))
    }
    for required in ["id", "title", "updated"] {
        assert!(child(feed, required).text().is_some_and(|t| !t.is_empty()));
    }
    // RFC 4287: a feed without an author needs one in every entry.
    let name = child(child(feed, "author"), "name");
    assert!(name.text().is_some_and(|t| !t.is_empty()));
    let updated = child(feed, "updated").text().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(updated).is_ok(),
        "{updated}"
    );
    let mut linked = BTreeSet::new();
    for entry in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
        for required in ["id", "title", "updated"] {
            assert!(child(entry, required).text().is_some_and(|t| !t.is_empty()));
        }
        let when = child(entry, "updated").text().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(when).is_ok(), "{when}");
        linked.insert(child(entry, "link").attribute("href").unwrap().to_string());
    }
    assert_eq!(linked, expected, "atom.xml entries");
}

#[test]
fn demo_site_builds_completely_with_working_links() {
    let root = manifest_dir();
    let slugs = published_slugs(&root);
    let tmp = tempfile::tempdir().unwrap();

    // As a GitHub project site (base path /postmortems/); the root of a domain is covered by
    // links_work_at_the_root_of_a_domain_too on a smaller site.
    let out = build(
        &root,
        &tmp.path().join("project"),
        &["--base-url", PROJECT_URL],
    );
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "incidents.json",
        "style.css",
        "syntax-light.css",
        "syntax-dark.css",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    assert_every_incident_page(&out, &slugs);
    let broken = broken_links(&out, "/postmortems/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert_feeds_list(&out, PROJECT_URL, &slugs);
    assert_only_local_scripts_and_styles(&out, "/postmortems/");
}

#[test]
fn links_work_at_the_root_of_a_domain_too() {
    let root = fixture("site-basic");
    let slugs = published_slugs(&root);
    let tmp = tempfile::tempdir().unwrap();
    let out = build(
        &root,
        &tmp.path().join("o"),
        &["--base-url", "https://status.example.org"],
    );
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert_feeds_list(&out, "https://status.example.org/", &slugs);
    assert!(!read(&out.join("index.html")).contains("/postmortems/"));
}

#[test]
fn home_page_lists_incidents_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&fixture("site-basic"), &tmp.path().join("o"), &[]);
    let home = read(&out.join("index.html"));
    let dns = home.find("DNS delegation gap").expect("dns listed");
    let apache = home.find("web tier outage").expect("apache listed");
    let hostile = home.find("Hostile").expect("hostile listed");
    assert!(dns < apache && apache < hostile, "not newest first");
    // Duration (derived from start/end), category and services appear in the row.
    assert!(home.contains("1 h 30 min"), "{home}");
    assert!(home.contains("/postmortems/categories/misconfiguration/"));
    assert!(home.contains("/postmortems/services/dns/"));
}

#[test]
fn fixture_site_pages_links_and_feeds() {
    let root = fixture("site-basic");
    let slugs = published_slugs(&root);
    assert_eq!(slugs.len(), 4, "{slugs:?}");
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&root, &tmp.path().join("o"), &[]);
    assert_every_incident_page(&out, &slugs);
    let broken = broken_links(&out, "/postmortems/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert_feeds_list(&out, PROJECT_URL, &slugs);
    for page in [
        "tags/index.html",
        "tags/dns/index.html",
        "services/index.html",
        "services/edge/index.html",
        "categories/index.html",
        "categories/misconfiguration/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let robots = read(&out.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://acme.github.io/postmortems/sitemap.xml"));
    // A link to another postmortem's file became a link to its page.
    let apache = read(&out.join("incidents/apache-outage/index.html"));
    assert!(
        apache.contains("href=\"/postmortems/incidents/dns-delegation/#timeline\""),
        "{apache}"
    );
}

#[test]
fn pasted_markup_comes_out_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&fixture("site-basic"), &tmp.path().join("o"), &[]);
    let page = read(&out.join("incidents/hostile-paste/index.html"));
    assert!(page.contains("Hostile"), "{page}");
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script tag survived:\n{page}");
    assert!(!lower.contains("onerror"), "an onerror handler survived");
    assert!(!lower.contains("onmouseover"), "an event handler survived");
    assert!(!lower.contains("javascript:"), "a javascript: URL survived");
    assert!(!lower.contains("<iframe"), "an iframe survived");
    // An image beside the postmortem is published and linked under files/.
    assert!(
        page.contains("src=\"/postmortems/files/sub/timeline.svg\""),
        "{page}"
    );
    assert!(out.join("files/sub/timeline.svg").is_file());
    // The title's markup is shown as text, escaped.
    assert!(page.contains("&lt;script&gt;"), "{page}");
    // Incident pages carry no script at all (they work with JavaScript off).
    for f in files_under(&out)
        .iter()
        .filter(|f| f.starts_with("incidents/"))
    {
        let html = read(&out.join(f)).to_ascii_lowercase();
        assert!(!html.contains("<script"), "{f} has a script");
    }
    assert_only_local_scripts_and_styles(&out, "/postmortems/");
}

/// Scripts (other pages may enhance themselves with one) and stylesheets come from the site
/// itself, never from a CDN, and no script is inline.
fn assert_only_local_scripts_and_styles(out: &Path, base_path: &str) {
    let tag = regex::Regex::new(r"(?is)<(script|link)\b([^>]*)>").unwrap();
    let attr = regex::Regex::new(r#"(?i)\b(?:src|href)\s*=\s*"([^"]*)""#).unwrap();
    for f in files_under(out).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out.join(f));
        for t in tag.captures_iter(&html) {
            let (name, attrs) = (t[1].to_ascii_lowercase(), &t[2]);
            if name == "link" && !attrs.contains("stylesheet") {
                continue;
            }
            let url = attr
                .captures(attrs)
                .map(|c| c[1].to_string())
                .unwrap_or_else(|| panic!("{f}: inline <{name}{attrs}>"));
            assert!(url.starts_with(base_path), "{f}: <{name}> loads {url}");
        }
    }
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&fixture("site-basic"), &tmp.path().join("o"), &[]);
    let page = read(&out.join("incidents/apache-outage/index.html"));
    for lang in ["apache", "nginx", "log"] {
        let start = page
            .find(&format!("class=\"language-{lang}\""))
            .unwrap_or_else(|| panic!("no {lang} block"));
        let block = &page[start..start + page[start..].find("</pre>").unwrap()];
        assert!(
            block.contains("<span class=\"hl-"),
            "{lang} not highlighted"
        );
    }
    assert!(
        page.contains("hl-server-error"),
        "log status code not marked"
    );
    // Unknown language: escaped plain text.
    let start = page.find("class=\"language-frobnicate\"").unwrap();
    let block = &page[start..start + page[start..].find("</pre>").unwrap()];
    assert!(block.contains("&lt;not a tag&gt; &amp; plain"), "{block}");
    assert!(!block.contains("<span"), "{block}");
    // Both stylesheets are linked and style the classes; dark only for dark schemes.
    assert!(page.contains("/postmortems/syntax-light.css"));
    assert!(page.contains("/postmortems/syntax-dark.css"));
    assert!(read(&out.join("syntax-light.css")).contains(".hl-"));
    let dark = read(&out.join("syntax-dark.css"));
    assert!(dark.contains("@media (prefers-color-scheme: dark)") && dark.contains(".hl-"));
    // Tables and task lists render.
    assert!(page.contains("<table tabindex=\"0\">") && page.contains("checkbox"));
}

#[test]
fn extracted_facts_carry_a_provenance_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&fixture("site-basic"), &tmp.path().join("o"), &[]);
    let mark = regex::Regex::new(r#"<sup class="prov" title="([^"]+)">([^<]+)</sup>"#).unwrap();

    // A postmortem with no facts in its text: the date comes from the file name, and its mark
    // says so.
    let note = read(&out.join("incidents/tiny-note/index.html"));
    let notes: Vec<String> = mark
        .captures_iter(&note)
        .map(|c| c[1].to_string())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("file name")),
        "no file-name provenance in {notes:?}"
    );
    let labels: Vec<String> = mark
        .captures_iter(&note)
        .map(|c| c[2].to_string())
        .collect();
    assert!(labels.iter().any(|l| l == "from file name"), "{labels:?}");
    assert!(
        note.contains("class=\"prov-legend\""),
        "no legend for the marks"
    );

    // Facts read from prose are marked too, each with a note saying where.
    let apache = read(&out.join("incidents/apache-outage/index.html"));
    assert!(
        mark.is_match(&apache),
        "no provenance marks on a page without front matter"
    );

    // Facts declared in front matter carry no mark; a derived one says how it was worked out.
    let dns = read(&out.join("incidents/dns-delegation/index.html"));
    let card = &dns[dns.find("class=\"card\"").unwrap()..dns.find("</section>").unwrap()];
    let fact = |label: &str| {
        let start = card
            .find(&format!("<dt>{label}</dt>"))
            .unwrap_or_else(|| panic!("no {label} in {card}"));
        let end = start + card[start..].find("</dd>").unwrap();
        card[start..end].to_string()
    };
    assert!(fact("Severity").contains("SEV1") && !fact("Severity").contains("prov"));
    assert!(!fact("Category").contains("prov"), "{card}");
    assert!(
        fact("Started").contains("2024-01-02 10:00 +03:00"),
        "{card}"
    );
    let duration = fact("How long");
    assert!(duration.contains("1 h 30 min"), "{duration}");
    assert!(duration.contains("class=\"prov\""), "{duration}");
    assert!(duration.contains(">worked out</sup>"), "{duration}");
}

#[test]
fn drafts_only_with_the_flag() {
    let root = fixture("site-basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&root, &tmp.path().join("o"), &[]);
    assert!(!out.join("incidents/unfinished/index.html").exists());
    assert!(!read(&out.join("index.html")).contains("Unfinished draft"));
    assert!(!read(&out.join("atom.xml")).contains("Unfinished draft"));

    let out = build(&root, &tmp.path().join("d"), &["--drafts"]);
    assert!(out.join("incidents/unfinished/index.html").is_file());
    assert!(read(&out.join("index.html")).contains("Unfinished draft"));
}

#[test]
fn incidents_json_matches_inspect() {
    let root = fixture("site-basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&root, &tmp.path().join("o"), &[]);
    let built: Vec<serde_json::Value> =
        serde_json::from_str(&read(&out.join("incidents.json"))).unwrap();
    let by_slug = |v: &[serde_json::Value]| {
        v.iter()
            .filter(|i| i["draft"] != serde_json::Value::Bool(true))
            .map(|i| (i["slug"].as_str().unwrap().to_string(), i.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    // The export keeps the facts (EXPORTED_FIELDS) of each object `inspect --json` prints,
    // and adds the page's URL.
    let facts_of = |v: serde_json::Value| {
        let mut v = v;
        let map = v.as_object_mut().unwrap();
        map.retain(|k, _| hindsight::render::EXPORTED_FIELDS.contains(&k.as_str()));
        v
    };
    let from_inspect: std::collections::BTreeMap<_, _> = by_slug(&inspected(&root))
        .into_iter()
        .map(|(k, v)| (k, facts_of(v)))
        .collect();
    let built_by_slug = by_slug(&built);
    for (slug, inc) in &built_by_slug {
        assert_eq!(
            inc["url"].as_str(),
            Some(format!("/postmortems/incidents/{slug}/").as_str()),
            "{slug}"
        );
        assert!(inc.get("timeline").is_none() && inc.get("provenance").is_none());
    }
    let built_facts: std::collections::BTreeMap<_, _> = built_by_slug
        .into_iter()
        .map(|(k, v)| (k, facts_of(v)))
        .collect();
    assert_eq!(built_facts, from_inspect);
    assert_eq!(built.len(), from_inspect.len());
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let root = fixture("site-override");
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&root, &tmp.path().join("o"), &[]);
    let page = read(&out.join("incidents/cache/index.html"));
    assert!(page.contains("Team: storage"), "{page}"); // incident.extra.team
    assert!(page.contains("Owned by the platform team"), "{page}"); // site.extra
    assert!(!page.contains("class=\"card\""), "theme template was used");
    // Templates not overridden still come from the theme.
    assert!(read(&out.join("index.html")).contains("class=\"incidents\""));
    assert!(read(&out.join("style.css")).contains("hotpink"));
    assert_eq!(read(&out.join("hello.txt")).trim(), "hello from the site");
    assert!(out.join("syntax-light.css").is_file());
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
