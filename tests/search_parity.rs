//! The terminal and the browser give the same top results: for each query, the first five hits
//! of `hindsight search --json` and of the built site's search page, opened in headless
//! Chromium, are the same incidents in the same order with the same scores.
//!
//! Needs Chromium (`chromium`, or the path in HINDSIGHT_CHROMIUM), so it is ignored by default:
//! `cargo test --test search_parity -- --ignored` (scripts/ci-browser.sh installs Chromium first).

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{bin, build, demo_site};

const BASE: &str = "/hs/";

/// (query, filters as (CLI flag, URL parameter, value)).
type Case = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

const CASES: &[Case] = &[
    ("apache", &[]),
    ("apache vhost", &[]),
    ("configured", &[]),
    ("configuration", &[]),
    ("timeouts", &[]),
    ("timeout", &[]),
    ("\"connection pool\"", &[]),
    ("\"health check\"", &[]),
    ("certificate expired", &[]),
    ("replica promoted", &[]),
    ("rollback", &[]),
    ("rolled back", &[]),
    ("title:checkout", &[]),
    ("tag:release", &[]),
    ("component:nginx", &[]),
    ("database", &[]),
    ("load balancer", &[]),
    ("\"502\"", &[]),
    ("confi", &[]),
    ("apach", &[]),
    ("checkout -timeout", &[]),
    ("nginx reload", &[]),
    ("deploy", &[]),
    ("database", &[("--since", "since", "2024-01-01")]),
    ("timeout", &[("--component", "component", "nginx")]),
    ("error", &[("--tag", "tag", "storefront")]),
    (
        "outage",
        &[
            ("--since", "since", "2023-01-01"),
            ("--until", "until", "2023-12-31"),
        ],
    ),
    ("error", &[("--severity", "severity", "sev2")]),
    ("checkout", &[("--severity", "severity", "SEV1")]),
    ("outage", &[("--sort", "sort", "newest")]),
    ("database", &[("--sort", "sort", "longest")]),
    (
        "timeout",
        &[
            ("--sort", "sort", "longest"),
            ("--category", "category", "capacity"),
        ],
    ),
    // the page's year filter is --since/--until over that year
    (
        "users",
        &[
            ("--since", "year", "2022-01-01"),
            ("--until", "", "2022-12-31"),
        ],
    ),
];

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

/// Serves `root` under BASE on 127.0.0.1; returns the port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split('?').next().unwrap_or("/");
                let file = path.strip_prefix(BASE).map(|rel| {
                    let p = root.join(rel);
                    if p.is_dir() {
                        p.join("index.html")
                    } else {
                        p
                    }
                });
                let mut out = &stream;
                match file
                    .filter(|_| !path.contains(".."))
                    .and_then(|f| std::fs::read(&f).ok().map(|b| (content_type(&f), b)))
                {
                    Some((ct, body)) => {
                        let _ = write!(
                            out,
                            "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = out.write_all(&body);
                    }
                    None => {
                        let _ = write!(
                            out,
                            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        );
                    }
                }
            });
        }
    });
    port
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// (slug, score) of the CLI's top 5.
fn cli_top(site: &Path, case: &Case) -> Vec<(String, f64)> {
    let mut cmd = bin();
    cmd.args(["search", "--json", "--limit", "5", "--root"])
        .arg(site)
        .arg(case.0);
    for (flag, _, value) in case.1 {
        cmd.args([flag, value]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        case.0,
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    hits.iter()
        .map(|h| {
            (
                h["slug"].as_str().unwrap().to_string(),
                h["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn page_url(port: u16, case: &Case) -> String {
    let mut params = vec![format!("q={}", url_encode(case.0))];
    for (_, param, value) in case.1 {
        match *param {
            "" => {}
            "year" => params.push(format!("year={}", &value[..4])),
            p => params.push(format!("{p}={}", url_encode(value))),
        }
    }
    params.push("n=5".into());
    format!("http://127.0.0.1:{port}{BASE}search/?{}", params.join("&"))
}

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!("{attr}=\"");
    html.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// (slug, score) of the page's top 5, read from the DOM once the script has finished.
fn browser_top(url: &str) -> Result<Vec<(String, f64)>, String> {
    let chromium = support::chromium().expect("no chromium: install Debian's `chromium`");
    for budget in ["8000", "30000"] {
        let profile = tempfile::tempdir().unwrap();
        let out = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--virtual-time-budget={budget}"))
            .arg("--dump-dom")
            .arg(url)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", chromium.display()))?;
        let html = String::from_utf8_lossy(&out.stdout);
        if !html.contains("data-search-done=") {
            continue;
        }
        let list = html
            .split("id=\"search-results\"")
            .nth(1)
            .and_then(|s| s.split("</ol>").next())
            .unwrap_or("");
        let slugs = attr_values(list, "data-slug");
        let scores = attr_values(list, "data-score");
        return Ok(slugs
            .iter()
            .zip(scores)
            .take(5)
            .map(|(s, sc)| (s.to_string(), sc.parse().unwrap_or(f64::NAN)))
            .collect());
    }
    Err(format!("the search page did not finish: {url}"))
}

#[test]
#[ignore = "needs headless Chromium; run by scripts/ci-browser.sh"]
fn browser_top5_equals_cli_top5() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let public = tmp.path().join("public");
    // The server answers from the folder as it is when asked, so it can start before the build
    // that needs its address.
    let port = serve(public.clone());
    let base_url = format!("http://127.0.0.1:{port}{BASE}");
    build(&site, &public, &["--base-url", &base_url]);

    let mut failures = Vec::new();
    let mut non_empty = 0;
    for case in CASES {
        let cli = cli_top(&site, case);
        let url = page_url(port, case);
        match browser_top(&url) {
            Err(e) => failures.push(e),
            Ok(browser) => {
                let same = cli.len() == browser.len()
                    && cli
                        .iter()
                        .zip(&browser)
                        .all(|(a, b)| a.0 == b.0 && (a.1 - b.1).abs() < 1e-9);
                if !same {
                    failures.push(format!("{url}\n  cli:     {cli:?}\n  browser: {browser:?}"));
                }
            }
        }
        if !cli.is_empty() {
            non_empty += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    assert!(
        non_empty >= 20,
        "only {non_empty} queries found anything; the comparison says little"
    );
}
