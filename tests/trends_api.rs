//! Trends of facts that front matter cannot declare (action items, misleading paths, impact,
//! detection times), through the public API. Expected values are worked out by hand.

use chrono::{DateTime, NaiveDate};
use hindsight::analyze::trends::compute;
use hindsight::extract::{ActionItem, Incident};

fn incident(
    slug: &str,
    date: &str,
    category: Option<&str>,
    actions: &[&str],
    paths: &[&str],
) -> Incident {
    Incident {
        slug: slug.into(),
        title: Some(format!("Incident {slug}")),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        category: category.map(str::to_string),
        action_items: actions
            .iter()
            .map(|t| ActionItem {
                text: t.to_string(),
                ..Default::default()
            })
            .collect(),
        misleading_paths: paths.iter().map(|p| p.to_string()).collect(),
        ..Default::default()
    }
}

fn fixture() -> Vec<Incident> {
    vec![
        incident(
            "i3",
            "2024-06-01",
            Some("misconfiguration"),
            &[
                "Add validation of configuration files in CI",
                "Improve config validation in CI",
            ],
            &["Blamed the network"],
        ),
        incident(
            "i1",
            "2024-01-15",
            Some("misconfiguration"),
            &[
                "Enhance monitoring for the API",
                "Add config validation in CI",
            ],
            &["Suspected the database first"],
        ),
        incident(
            "i2",
            "2024-03-02",
            Some("capacity"),
            &["Improve alerting on API", "Add capacity planning review"],
            &["We suspected the DB at first"],
        ),
        incident(
            "i4",
            "2024-09-09",
            Some("dependency"),
            &["Write runbook"],
            &[],
        ),
        incident(
            "i5",
            "2024-12-24",
            Some("capacity"),
            &[],
            &["Blamed network"],
        ),
    ]
}

#[test]
fn recurring_actions_grouped_by_hand() {
    let t = compute(&fixture(), &[]);
    let got: Vec<(&str, usize, Vec<&str>)> = t
        .recurring_actions
        .iter()
        .map(|a| {
            (
                a.action.as_str(),
                a.incidents,
                a.promised_by.iter().map(|r| r.slug.as_str()).collect(),
            )
        })
        .collect();
    // {add,api,monitor} is said by i1 and i2. {add,ci,config,validate} by i1, and by i3 twice
    // ({add,ci,config,file,validate}: Jaccard 4/5; the second wording is identical as a set):
    // i3 counts once. Ties on incidents go to the earlier first promise, then by wording; both
    // groups start with i1 (2024-01-15), "Add config..." < "Enhance...".
    assert_eq!(
        got,
        vec![
            ("Add config validation in CI", 2, vec!["i1", "i3"]),
            ("Enhance monitoring for the API", 2, vec!["i1", "i2"]),
        ]
    );
    let config = &t.recurring_actions[0];
    assert_eq!(config.categories, ["misconfiguration"]);
    assert_eq!(config.first_promised, NaiveDate::from_ymd_opt(2024, 1, 15));
    // Misconfiguration incidents after 2024-01-15: i3 only.
    let later: Vec<&str> = config
        .later_same_category
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    assert_eq!(later, ["i3"]);
    assert!(config.recurred);
    assert_eq!(config.wordings.len(), 3);

    let monitoring = &t.recurring_actions[1];
    assert_eq!(monitoring.categories, ["capacity", "misconfiguration"]);
    // Capacity or misconfiguration after 2024-01-15: i2 (03-02), i3 (06-01), i5 (12-24).
    // The template slots of i5 and i6 are not a recurring promise (checked by the list above).
    let later: Vec<&str> = monitoring
        .later_same_category
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    assert_eq!(later, ["i2", "i3", "i5"]);
    assert_eq!(monitoring.later_same_category_count, 3);
}

#[test]
fn promise_without_later_incident_did_not_recur() {
    let incidents = vec![
        incident(
            "x1",
            "2024-05-01",
            Some("capacity"),
            &["Add load tests"],
            &[],
        ),
        incident(
            "x2",
            "2024-05-01",
            Some("capacity"),
            &["add load testing"],
            &[],
        ),
    ];
    let t = compute(&incidents, &[]);
    assert_eq!(t.recurring_actions.len(), 1);
    // Same day as the first promise is not "after" it.
    assert!(!t.recurring_actions[0].recurred);
    assert!(t.recurring_actions[0].later_same_category.is_empty());
    assert_eq!(t.recurring_actions[0].later_same_category_count, 0);
}

#[test]
fn recurring_misleading_paths_counted() {
    let t = compute(&fixture(), &[]);
    let got: Vec<(&str, usize)> = t
        .recurring_misleading_paths
        .iter()
        .map(|p| (p.path.as_str(), p.incidents))
        .collect();
    // {database,first,suspect} in i1 and i2; {blame,network} in i3 and i5.
    assert_eq!(
        got,
        vec![
            ("Blamed the network", 2),
            ("Suspected the database first", 2)
        ]
    );
}

#[test]
fn impact_buckets_and_detection_times() {
    let at = |s: &str| DateTime::parse_from_rfc3339(s).ok();
    let mut incidents = Vec::new();
    // Impact 0.5 -> 0–1; 1 -> 1–5 (lower bound inclusive); 18 -> 10–25; 50 and 100 -> 50–100.
    for (i, p) in [
        Some(0.5),
        Some(1.0),
        Some(18.0),
        Some(50.0),
        Some(100.0),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        incidents.push(Incident {
            slug: format!("p{i}"),
            impact_percent: p,
            ..Default::default()
        });
    }
    // Detect after 4, 10 and 30 minutes; resolve via resolved_at (60) or end (90).
    incidents[0].start = at("2024-01-01T10:00:00Z");
    incidents[0].detected_at = at("2024-01-01T10:04:00Z");
    incidents[0].resolved_at = at("2024-01-01T11:00:00Z");
    incidents[1].start = at("2024-01-02T10:00:00+02:00");
    incidents[1].detected_at = at("2024-01-02T08:10:00Z");
    incidents[1].end = at("2024-01-02T11:30:00+02:00");
    incidents[2].start = at("2024-01-03T10:00:00Z");
    incidents[2].detected_at = at("2024-01-03T10:30:00Z");
    let t = compute(&incidents, &[]);
    let buckets: Vec<usize> = t.impact.iter().map(|b| b.incidents).collect();
    assert_eq!(buckets, [1, 1, 0, 1, 0, 2]);
    assert_eq!(t.unknown.impact, 1);
    // Sorted 4 10 30: median rank 2 -> 10, p90 rank 3 -> 30.
    assert_eq!(t.time_to_detect.median, Some(10.0));
    assert_eq!(t.time_to_detect.p90, Some(30.0));
    assert_eq!(t.time_to_detect.unknown, 3);
    // 60 and 90: median rank 1 -> 60, p90 rank 2 -> 90.
    assert_eq!(t.time_to_resolve.median, Some(60.0));
    assert_eq!(t.time_to_resolve.p90, Some(90.0));
    assert_eq!(t.time_to_resolve.count, 2);
}

#[test]
fn extractor_unknown_category_counts_as_unknown() {
    let incidents = vec![
        incident("u1", "2024-01-01", Some("unknown"), &[], &[]),
        incident("u2", "2024-01-02", None, &[], &[]),
        incident("k1", "2024-01-03", Some("dns"), &[], &[]),
    ];
    let t = compute(&incidents, &[]);
    // Two of three without a category: one row of 66.7%, and dns 33.3%.
    assert_eq!(t.unknown.category, 2);
    let rows: Vec<(Option<&str>, usize, f64)> = t
        .categories
        .iter()
        .map(|c| (c.category.as_deref(), c.incidents, c.incident_percent))
        .collect();
    assert_eq!(rows, vec![(None, 2, 66.7), (Some("dns"), 1, 33.3)]);
}

#[test]
fn later_incidents_are_counted_but_listed_up_to_ten() {
    // Two promises on 2024-01-01 and 2024-01-02, then 12 more capacity incidents in February.
    let mut incidents = vec![
        incident(
            "p1",
            "2024-01-01",
            Some("capacity"),
            &["Add capacity alerts"],
            &[],
        ),
        incident(
            "p2",
            "2024-01-02",
            Some("capacity"),
            &["add capacity alerting"],
            &[],
        ),
    ];
    for d in 1..=12 {
        let date = format!("2024-02-{d:02}");
        incidents.push(incident(
            &format!("l{d:02}"),
            &date,
            Some("capacity"),
            &[],
            &[],
        ));
    }
    let t = compute(&incidents, &[]);
    let a = &t.recurring_actions[0];
    // After 2024-01-01: p2 and l01..l12 = 13; listed: p2, l01..l09.
    assert_eq!(a.later_same_category_count, 13);
    let listed: Vec<&str> = a
        .later_same_category
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    assert_eq!(listed.len(), 10);
    assert_eq!(listed[0], "p2");
    assert_eq!(listed[9], "l09");
}
