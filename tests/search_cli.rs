//! `hindsight search` and `hindsight similar` on a fixture site whose right answers are known,
//! plus the build's search outputs and the demo content's similar lists.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::{bin, build, read_json};

/// (file, date, category, root cause, body)
const FIXTURES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "apache-vhost-loop",
        "2021-04-19",
        "misconfiguration",
        "A RewriteRule in the Apache virtual host sent every request back to itself.",
        "# Apache vhost redirect loop\n\nThe Apache vhost for the shop was configured with a RewriteRule that looped. Browsers gave up after twenty redirects.",
    ),
    (
        "pool-exhausted",
        "2022-11-25",
        "capacity",
        "The connection pool of the orders service was too small for the sale traffic.",
        "# Orders connection pool exhausted\n\nDuring the sale the connection pool ran dry and checkout requests queued until they timed out.",
    ),
    (
        "postgres-limit",
        "2023-02-10",
        "capacity",
        "Postgres reached max_connections because every worker opened its own connection.",
        "# Postgres connection limit reached\n\nNew workers each opened a connection; the database refused more. The pool settings were not used.",
    ),
    (
        "cert-expired",
        "2022-02-03",
        "certificate",
        "The TLS certificate of the API expired; nobody was alerted.",
        "# API certificate expired\n\nClients failed the TLS handshake because the certificate had expired at midnight.",
    ),
    (
        "cert-renewal",
        "2024-05-01",
        "certificate",
        "The certificate renewal job failed silently for weeks.",
        "# Certificate renewal job failed\n\nThe renewal job lost its DNS credentials, so the certificate was not renewed before expiry.",
    ),
    (
        "nginx-timeout",
        "2024-03-12",
        "misconfiguration",
        "The proxy timeout in the nginx configuration was lowered to five seconds.",
        "# Nginx proxy timeout\n\nA configuration change lowered proxy_read_timeout; slow payment calls were cut off. The disk was fine.",
    ),
    (
        "disk-full",
        "2020-07-07",
        "capacity",
        "Logs filled the disk of the queue host.",
        "# Disk full on the queue host\n\nThe disk filled with logs and the queue stopped accepting messages.",
    ),
];

fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(
        site.join("site.toml"),
        "title = \"Fixture\"\nbase_url = \"https://acme.example/pm/\"\n",
    )
    .unwrap();
    for (name, date, category, cause, body) in FIXTURES {
        let (title, rest) = body.split_once("\n\n").unwrap();
        let md = format!(
            "---\ntitle: \"{}\"\ndate: {date}\ncategory: {category}\nroot_cause: \"{cause}\"\n---\n\n{rest}\n",
            title.trim_start_matches("# ")
        );
        std::fs::write(site.join("content").join(format!("{name}.md")), md).unwrap();
    }
    (tmp, site)
}

fn run(site: &Path, args: &[&str]) -> Output {
    bin().args(args).arg("--root").arg(site).output().unwrap()
}

fn search_json(site: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let out = run(site, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn slugs(hits: &[Value]) -> Vec<&str> {
    hits.iter().map(|h| h["slug"].as_str().unwrap()).collect()
}

#[test]
fn expected_incidents_come_first() {
    let (_tmp, site) = fixture_site();
    assert_eq!(
        slugs(&search_json(&site, &["apache vhost"]))[0],
        "apache-vhost-loop"
    );
    assert_eq!(
        slugs(&search_json(&site, &["certificate expired"]))[0],
        "cert-expired"
    );
    // stems: "configured" finds "configuration" and the other way round
    let configured = slugs(&search_json(&site, &["configured"])).join(" ");
    assert!(configured.contains("nginx-timeout") && configured.contains("apache-vhost-loop"));
    assert_eq!(
        slugs(&search_json(&site, &["configurations"])),
        slugs(&search_json(&site, &["configuring"]))
    );
    // a title hit outranks a body-only mention
    assert_eq!(slugs(&search_json(&site, &["disk"]))[0], "disk-full");
}

#[test]
fn phrases_exclusions_fields_and_filters() {
    let (_tmp, site) = fixture_site();
    // "pool" and "connection" are both in postgres-limit, but not as a phrase
    assert_eq!(
        slugs(&search_json(&site, &["\"connection pool\""])),
        ["pool-exhausted"]
    );
    assert_eq!(
        slugs(&search_json(&site, &["certificate -renewal"])),
        ["cert-expired"]
    );
    assert_eq!(
        slugs(&search_json(&site, &["title:proxy"])),
        ["nginx-timeout"]
    );
    assert_eq!(
        slugs(&search_json(&site, &["category:certificate"])).len(),
        2
    );
    let capacity = search_json(&site, &["connection", "--category", "capacity"]);
    assert_eq!(slugs(&capacity).len(), 2);
    let since = search_json(&site, &["certificate", "--since", "2023-01-01"]);
    assert_eq!(slugs(&since), ["cert-renewal"]);
    let until = search_json(&site, &["connection", "--until", "2022-12-31"]);
    assert_eq!(slugs(&until), ["pool-exhausted"]);
    // the unknown last word is a prefix being typed
    assert_eq!(slugs(&search_json(&site, &["renew"]))[0], "cert-renewal");
    assert_eq!(slugs(&search_json(&site, &["certif"])).len(), 2);
}

#[test]
fn json_hits_carry_url_score_and_marked_snippet() {
    let (_tmp, site) = fixture_site();
    let hits = search_json(&site, &["rewriterule"]);
    let h = &hits[0];
    assert_eq!(
        h["url"],
        "https://acme.example/pm/incidents/apache-vhost-loop/"
    );
    assert!(h["score"].as_f64().unwrap() > 0.0);
    assert!(h["title"].as_str().unwrap().contains("Apache"));
    assert!(
        h["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>RewriteRule</mark>"),
        "{h}"
    );
    // scores fall down the list
    let hits = search_json(&site, &["certificate"]);
    assert!(hits[0]["score"].as_f64() >= hits[1]["score"].as_f64());
    // text output names title, date and category
    let out = run(&site, &["search", "apache"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Apache vhost redirect loop")
            && text.contains("2021-04-19")
            && text.contains("misconfiguration"),
        "{text}"
    );
    assert!(text.contains("**Apache**"), "{text}");
}

#[test]
fn malformed_queries_exit_2_with_a_message() {
    let (_tmp, site) = fixture_site();
    for q in [
        "\"unclosed phrase",
        "colour:red",
        "tag:",
        "apache - vhost",
        "",
    ] {
        let out = run(&site, &["search", q]);
        assert_eq!(out.status.code(), Some(2), "{q:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: ") && err.contains("hint:"),
            "{q:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn cache_is_reused_until_content_changes() {
    let (_tmp, site) = fixture_site();
    let first = run(&site, &["search", "disk"]);
    assert!(String::from_utf8_lossy(&first.stderr).contains("rebuilt"));
    let second = run(&site, &["search", "disk"]);
    assert!(!String::from_utf8_lossy(&second.stderr).contains("rebuilt"));
    assert!(site.join(".hindsight/search/index").is_dir());
    std::fs::write(
        site.join("content/new.md"),
        "---\ntitle: Zebra crossing\ndate: 2024-01-01\n---\n\nA zebra walked in.\n",
    )
    .unwrap();
    let third = run(&site, &["search", "zebra", "--json"]);
    assert!(String::from_utf8_lossy(&third.stderr).contains("rebuilt"));
    let hits: Vec<Value> = serde_json::from_slice(&third.stdout).unwrap();
    assert_eq!(slugs(&hits), ["new"]);
}

#[test]
fn similar_puts_the_same_kind_of_incident_first() {
    let (_tmp, site) = fixture_site();
    let out = run(&site, &["similar", "pool-exhausted", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["slug"], "postgres-limit");
    let shared: Vec<&str> = hits[0]["shared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        shared.contains(&"connection") || shared.contains(&"connections"),
        "{shared:?}"
    );
    assert!(!slugs(&hits).contains(&"pool-exhausted"));
    // by file, the same answer
    let file = site.join("content/cert-expired.md");
    let out = run(
        &site,
        &["similar", file.to_str().unwrap(), "--json", "--limit", "1"],
    );
    let hits: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(slugs(&hits), ["cert-renewal"]);
    let out = run(&site, &["similar", "no-such-incident"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no incident"));
}

#[test]
fn build_writes_the_browser_index_and_similar_lists() {
    let (tmp, site) = fixture_site();
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let meta = read_json(&public.join("search/meta.json"));
    assert_eq!(meta["docs"], FIXTURES.len());
    assert!(public.join("search/t/0.bin.gz").is_file());
    // Every file but meta.json is published gzip-compressed; the first document's is its JSON.
    let gz = std::fs::read(public.join("search/d/0.json.gz")).unwrap();
    assert_eq!(&gz[..2], b"\x1f\x8b", "not gzip");
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
    let doc: Value = serde_json::from_str(&plain).unwrap();
    assert!(doc["slug"].is_string() && doc["texts"].is_array(), "{doc}");
    let page = std::fs::read_to_string(public.join("search/index.html")).unwrap();
    assert!(page.contains("/pm/search.js") && page.contains("<noscript>"));
    let inc = std::fs::read_to_string(public.join("incidents/pool-exhausted/index.html")).unwrap();
    let similar = inc
        .split("Similar incidents")
        .nth(1)
        .expect("a similar section");
    assert!(
        similar.contains("/pm/incidents/postgres-limit/"),
        "{similar}"
    );
    assert!(similar.contains("class=\"why\""), "{similar}");
}

/// The demo content: an incident's most similar incident usually has its category. Categories
/// come from the extracted model when it has them, else from the demo's labels.
#[test]
fn demo_similar_lists_are_led_by_the_same_category() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels: Vec<Value> = serde_json::from_slice(
        &std::fs::read(repo.join("tests/fixtures/demo-labels.json")).unwrap(),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::copy(repo.join("site.toml"), site.join("site.toml")).unwrap();
    for e in std::fs::read_dir(repo.join("content")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "md") {
            std::fs::copy(e.path(), site.join("content").join(e.file_name())).unwrap();
        }
    }
    let out = run(&site, &["search", "the", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<Value> =
        serde_json::from_slice(&std::fs::read(site.join(".hindsight/search/docs.json")).unwrap())
            .unwrap();
    let label_of = |source: &str| -> Option<String> {
        let file = Path::new(source).file_name()?.to_str()?;
        labels
            .iter()
            .find(|l| l["file"] == file)
            .and_then(|l| l["category"].as_str().map(str::to_string))
    };
    let extracted = docs.iter().filter(|d| d["category"].is_string()).count();
    let category_of = |d: &Value| -> Option<String> {
        if extracted * 2 >= docs.len() {
            d["category"].as_str().map(str::to_string)
        } else {
            label_of(d["source"].as_str()?)
        }
    };
    let cats: Vec<Option<String>> = docs.iter().map(category_of).collect();
    let (mut led, mut within_five, mut total) = (0, 0, 0);
    for (i, d) in docs.iter().enumerate() {
        let Some(c) = &cats[i] else { continue };
        if cats.iter().filter(|x| x.as_ref() == Some(c)).count() < 2 || c == "unknown" {
            continue;
        }
        let out = run(&site, &["similar", d["slug"].as_str().unwrap(), "--json"]);
        let hits: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        let hit_cats: Vec<Option<String>> = hits
            .iter()
            .map(|h| {
                docs.iter()
                    .position(|d| d["slug"] == h["slug"])
                    .and_then(|j| cats[j].clone())
            })
            .collect();
        total += 1;
        led += (hit_cats.first() == Some(&Some(c.clone()))) as usize;
        within_five += hit_cats.contains(&Some(c.clone())) as usize;
    }
    eprintln!("same category first: {led}/{total}; within the five: {within_five}/{total} (extracted categories: {extracted})");
    assert!(total >= 8, "too few incidents share a category: {total}");
    if extracted * 2 >= docs.len() {
        assert!(
            led * 3 >= total * 2,
            "same category first for only {led} of {total}"
        );
    } else {
        // Without extracted categories similarity sees only the words.
        assert!(
            within_five * 3 >= total * 2,
            "same category in the five for only {within_five} of {total}"
        );
    }
}
