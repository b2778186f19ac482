//! Trends of a small fixture site whose facts are all declared in front matter. Every expected
//! number below is worked out by hand in the comments, then compared exactly with public/trends.json
//! and with `hindsight stats --json`.

mod support;

use serde_json::{json, Value};
use support::{build, hindsight_json, hindsight_ok, read_json, temp_site};

/// (file, front matter lines). Bodies carry no facts so only front matter counts.
const INCIDENTS: &[(&str, &str)] = &[
    // a: 2024-01, 30 min, misconfiguration, api
    (
        "a.md",
        "title: Incident A\ndate: 2024-01-10\nstart: 2024-01-10T10:00:00Z\nend: 2024-01-10T10:30:00Z\ncategory: misconfiguration\nservices: [api]",
    ),
    // b: dated 2024-03-31 but starts 2024-04-01 03:00 UTC -> April, Q2; 120 min
    (
        "b.md",
        "title: Incident B\ndate: 2024-03-31\nstart: 2024-03-31T22:00:00-05:00\nend: 2024-04-01T00:00:00-05:00\ncategory: misconfiguration\nservices: [api, db]",
    ),
    // c: 2024-05, 240 min, capacity, db
    (
        "c.md",
        "title: Incident C\ndate: 2024-05-05\nstart: 2024-05-05T10:00:00Z\nend: 2024-05-05T14:00:00Z\ncategory: capacity\nservices: [db]",
    ),
    // d: 2024-07 (date only), duration unknown, misconfiguration, web
    (
        "d.md",
        "title: Incident D\ndate: 2024-07-01\ncategory: misconfiguration\nservices: [web]",
    ),
    // e: 2024-08, 10 min, no category, api
    (
        "e.md",
        "title: Incident E\ndate: 2024-08-15\nstart: 2024-08-15T08:00:00Z\nend: 2024-08-15T08:10:00Z\nservices: [api]",
    ),
    // f: 2024-11, 60 min, dependency, no services
    (
        "f.md",
        "title: Incident F\ndate: 2024-11-02\nstart: 2024-11-02T00:00:00Z\nend: 2024-11-02T01:00:00Z\ncategory: dependency",
    ),
    // g: 2025-01, 45 min, misconfiguration, web
    (
        "g.md",
        "title: Incident G\ndate: 2025-01-20\nstart: 2025-01-20T12:00:00Z\nend: 2025-01-20T12:45:00Z\ncategory: misconfiguration\nservices: [web]",
    ),
    // h: no date, no times, capacity
    ("h.md", "title: Incident H\ncategory: capacity"),
];

fn trends_site() -> tempfile::TempDir {
    let files: Vec<(&str, String)> = INCIDENTS
        .iter()
        .map(|(name, fm)| (*name, format!("---\n{fm}\n---\n\nNotes only.\n")))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    temp_site("title = \"Trends fixture\"\n", &files)
}

fn built() -> (tempfile::TempDir, Value, Value) {
    let dir = trends_site();
    let out = build(dir.path(), &dir.path().join("public"), &[]);
    let json = read_json(&out.join("trends.json"));
    let stats = hindsight_json(dir.path(), &["stats", "--json"]);
    (dir, json, stats)
}

fn counts(rows: &Value) -> Vec<(String, u64)> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["period"].as_str().unwrap().to_string(),
                r["incidents"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[test]
fn numbers_match_hand_computation() {
    let (_dir, json, stats) = built();
    for t in [&json, &stats] {
        check_counts_and_unknowns(t);
        check_categories(t);
        check_durations(t);
        check_components_and_terms(t);
    }
    assert_eq!(json, stats, "trends.json and stats --json differ");
}

/// Incident counts, unknowns, and the quarters and months they fall in.
fn check_counts_and_unknowns(t: &Value) {
    assert_eq!(t["incidents"], 8);
    // h has no date; e has no category; d and h have no duration; f and h no services.
    assert_eq!(t["unknown"]["date"], 1);
    assert_eq!(t["unknown"]["category"], 1);
    assert_eq!(t["unknown"]["duration"], 2);
    assert_eq!(t["unknown"]["components"], 2);

    // Quarters: Q1 a; Q2 b (UTC April), c; Q3 d, e; Q4 f; 2025-Q1 g.
    assert_eq!(
        counts(&t["quarters"]),
        pairs(&[
            ("2024-Q1", 1),
            ("2024-Q2", 2),
            ("2024-Q3", 2),
            ("2024-Q4", 1),
            ("2025-Q1", 1)
        ])
    );
    // Months 2024-01..2025-01 with gaps as zeros: a=01, b=04, c=05, d=07, e=08, f=11, g=2025-01.
    let months = counts(&t["months"]);
    assert_eq!(months.len(), 13);
    let nonzero: Vec<(String, u64)> = months.into_iter().filter(|m| m.1 > 0).collect();
    assert_eq!(
        nonzero,
        pairs(&[
            ("2024-01", 1),
            ("2024-04", 1),
            ("2024-05", 1),
            ("2024-07", 1),
            ("2024-08", 1),
            ("2024-11", 1),
            ("2025-01", 1)
        ])
    );
}

/// Per category: counts, shares of incidents and downtime, durations, quarters.
fn check_categories(t: &Value) {
    // Categories: misconfiguration a b d g = 4/8 = 50%; capacity c h = 25%; dependency f and
    // unknown e 12.5% each. Known downtime 30+120+240+10+60+45 = 505 min: misconfiguration
    // 30+120+45 = 195 -> 38.6%, capacity 240 -> 47.5%, dependency 60 -> 11.9%, unknown 10 -> 2.0%.
    let cats = t["categories"].as_array().unwrap();
    let got: Vec<(Value, u64, f64, f64, f64)> = cats
        .iter()
        .map(|c| {
            (
                c["category"].clone(),
                c["incidents"].as_u64().unwrap(),
                c["incident_percent"].as_f64().unwrap(),
                c["downtime_minutes"].as_f64().unwrap(),
                c["downtime_percent"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("misconfiguration"), 4, 50.0, 195.0, 38.6),
            (json!("capacity"), 2, 25.0, 240.0, 47.5),
            (json!("dependency"), 1, 12.5, 60.0, 11.9),
            (Value::Null, 1, 12.5, 10.0, 2.0),
        ]
    );
    // misconfiguration durations 30 45 120: median rank ceil(1.5)=2 -> 45, p90 rank ceil(2.7)=3 -> 120.
    let mis = &cats[0]["duration"];
    assert_eq!(
        (
            &mis["count"],
            &mis["unknown"],
            &mis["median"],
            &mis["p90"],
            &mis["max"]
        ),
        (
            &json!(3),
            &json!(1),
            &json!(45.0),
            &json!(120.0),
            &json!(120.0)
        )
    );
    // Stacked series line up with the quarters: misconfiguration a|b|d|-|g.
    assert_eq!(
        t["categories_by_quarter"][0]["counts"],
        json!([1, 1, 1, 0, 1])
    );
    assert_eq!(
        t["categories_by_quarter"][1]["counts"],
        json!([0, 1, 0, 0, 0])
    );
}

/// Durations overall and by year, and time to resolve or detect.
fn check_durations(t: &Value) {
    // Overall 10 30 45 60 120 240: median rank 3 -> 45, p90 rank ceil(5.4)=6 -> 240.
    let d = &t["duration"];
    assert_eq!(
        (&d["median"], &d["p90"], &d["max"]),
        (&json!(45.0), &json!(240.0), &json!(240.0))
    );
    // 2024: 10 30 60 120 240 (a b c e f; d unknown) -> median 60, p90 rank ceil(4.5)=5 -> 240.
    let y = &t["duration_by_year"];
    assert_eq!(y[0]["year"], 2024);
    assert_eq!(y[0]["incidents"], 6);
    assert_eq!(y[0]["duration"]["median"], 60.0);
    assert_eq!(y[0]["duration"]["p90"], 240.0);
    assert_eq!(y[0]["duration"]["unknown"], 1);
    assert_eq!(y[1]["year"], 2025);
    assert_eq!(y[1]["duration"]["median"], 45.0);

    // Time to resolve falls back to end - start: same six values as the durations.
    assert_eq!(t["time_to_resolve"]["median"], 45.0);
    assert_eq!(t["time_to_detect"]["count"], 0);
}

/// Per component, and the trends of term pages.
fn check_components_and_terms(t: &Value) {
    // Components: api a b e = 3 (30+120+10 = 160 min); db b c = 2 (360); web d g = 2 (45, d unknown).
    let comps: Vec<(String, u64, f64, u64)> = t["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["component"].as_str().unwrap().to_string(),
                c["incidents"].as_u64().unwrap(),
                c["downtime_minutes"].as_f64().unwrap(),
                c["unknown_duration"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        comps,
        vec![
            ("api".to_string(), 3, 160.0, 0),
            ("db".to_string(), 2, 360.0, 0),
            ("web".to_string(), 2, 45.0, 1),
        ]
    );

    // Term trend of the misconfiguration page: the same quarters, median 45.
    let term = &t["terms"]["categories"]["misconfiguration"];
    assert_eq!(term["quarters"], json!([1, 1, 1, 0, 1]));
    assert_eq!(term["duration"]["median"], 45.0);
    assert_eq!(
        t["terms"]["services"]["api"]["quarters"],
        json!([1, 1, 1, 0, 0])
    );
    assert_eq!(t["terms"]["categories"]["capacity"]["undated"], 1);
}

#[test]
fn pages_show_charts_tables_and_unknowns() {
    let (dir, _, _) = built();
    let public = dir.path().join("public");
    let page = std::fs::read_to_string(public.join("trends/index.html")).unwrap();
    assert!(page.contains("misconfiguration: 50% of incidents, 38.6% of downtime"));
    assert!(
        page.contains("1 without a date"),
        "unknown dates must be reported"
    );
    assert!(page.contains("2 without a known duration"));
    let svgs = page.matches("<svg").count();
    assert!(svgs >= 8, "{svgs} charts");
    assert_eq!(
        svgs,
        page.matches("<desc id=").count(),
        "every chart has a desc"
    );
    assert!(page.contains("<title id=\"quarters-title\">Incidents per quarter</title>"));
    // Quarter chart: the largest quarters (2) reach the top of the 186-unit plot, the others half.
    let title = page.find("<title id=\"quarters-title\">").unwrap();
    let quarters_svg = &page[page[..title].rfind("<svg").unwrap()..];
    let quarters_svg = &quarters_svg[..quarters_svg.find("</svg>").unwrap()];
    assert_eq!(quarters_svg.matches("height=\"186.0\"").count(), 2);
    assert_eq!(quarters_svg.matches("height=\"93.0\"").count(), 3);
    // Year-by-quarter table: 2024 is 1 2 2 1; 2025 has only Q1 (later quarters blank).
    let n = |v: &str| format!("<td class=\"num\">{v}</td>");
    let row_2024 = format!(
        "<th scope=\"row\">2024</th>{}{}{}{}",
        n("1"),
        n("2"),
        n("2"),
        n("1")
    );
    let row_2025 = format!(
        "<th scope=\"row\">2025</th>{}{}{}{}",
        n("1"),
        n(""),
        n(""),
        n("")
    );
    assert!(page.contains(&row_2024), "{page}");
    assert!(page.contains(&row_2025));
    assert!(page.contains("trends.css"));

    let term =
        std::fs::read_to_string(public.join("categories/misconfiguration/index.html")).unwrap();
    assert!(term.contains("class=\"trend-block\""));
    assert!(term.contains("Median duration 45 min, p90 2 h"), "{term}");
    // Sparkline: four non-empty quarters.
    let spark = &term[term.find("chart-spark").unwrap()..];
    let spark = &spark[..spark.find("</svg>").unwrap()];
    assert_eq!(spark.matches("<rect").count(), 4);
    // Its table: a b d in 2024-Q1..Q3, none in Q4, g in 2025-Q1.
    let n = |v: &str| format!("<td class=\"num\">{v}</td>");
    let row_2024 = format!(
        "<th scope=\"row\">2024</th>{}{}{}{}",
        n("1"),
        n("1"),
        n("1"),
        n("0")
    );
    assert!(term.contains(&row_2024), "{term}");
    assert!(public.join("trends.css").is_file());
    let nav = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(nav.contains("href=\"/trends/\""));
}

#[test]
fn stats_prints_aligned_tables() {
    let dir = trends_site();
    let out = hindsight_ok(dir.path(), &["stats"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("8 incidents: 1 without a date"), "{text}");
    // Right-aligned numbers: every row of the category table ends in the same column.
    let block: Vec<&str> = text
        .split("Root-cause categories\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(block.len(), 5, "{text}");
    let width = block[0].chars().count();
    assert!(
        block.iter().all(|l| l.chars().count() == width),
        "{block:#?}"
    );
    assert!(block[1].starts_with("  misconfiguration"));
    assert!(block[1].contains("50%") && block[1].ends_with("38.6%"));
}
