//! Recurring action items and misleading paths of a fixture site written as Markdown sections,
//! through `hindsight build` and `hindsight stats --json`. Groups and counts are worked out by hand.

mod support;

use serde_json::Value;
use support::{build, hindsight_json, read, read_json, temp_site};

/// (file, front matter, action items, misleading paths)
const INCIDENTS: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "one.md",
        "title: Incident one\ndate: 2024-01-15\ncategory: misconfiguration",
        &[
            "Enhance monitoring for the API",
            "Add config validation in CI",
        ],
        &["Suspected the database first"],
    ),
    (
        "two.md",
        "title: Incident two\ndate: 2024-03-02\ncategory: capacity",
        &["Improve alerting on API", "Add capacity planning review"],
        &["We suspected the DB at first"],
    ),
    (
        "three.md",
        "title: Incident three\ndate: 2024-06-01\ncategory: misconfiguration",
        &["Add validation of configuration files in CI"],
        &["Blamed the network"],
    ),
    (
        "four.md",
        "title: Incident four\ndate: 2024-09-09\ncategory: dependency",
        &["Write a runbook for failover"],
        &[],
    ),
];

fn actions_site() -> tempfile::TempDir {
    let mut files = Vec::new();
    for (name, fm, actions, paths) in INCIDENTS {
        let mut body =
            format!("---\n{fm}\n---\n\n## Summary\n\nA short outage.\n\n## Action Items\n\n");
        for a in *actions {
            body.push_str(&format!("- {a}\n"));
        }
        if !paths.is_empty() {
            body.push_str("\n## Misleading paths\n\n");
            for p in *paths {
                body.push_str(&format!("- {p}\n"));
            }
        }
        files.push((*name, body));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    temp_site("title = \"Actions fixture\"\n", &files)
}

fn slugs(list: &Value, table: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        // Long lists are positions in `slugs`; the short `later_same_category` has objects.
        .map(|r| match r.as_u64() {
            Some(i) => table[i as usize].as_str().unwrap().to_string(),
            None => r["slug"].as_str().unwrap().to_string(),
        })
        .collect()
}

#[test]
fn recurring_actions_from_markdown_sections() {
    let dir = actions_site();
    let out = build(dir.path(), &dir.path().join("public"), &[]);
    let json = read_json(&out.join("trends.json"));
    let stats = hindsight_json(dir.path(), &["stats", "--json"]);
    assert_eq!(json, stats);

    let actions = json["recurring_actions"].as_array().unwrap();
    // {add,ci,config,validate}: one and three (Jaccard 4/5 with {add,ci,config,fil,validate});
    // {add,api,monitor}: one and two. Both first promised 2024-01-15; ordered by wording.
    assert_eq!(actions.len(), 2, "{actions:#?}");
    assert_eq!(actions[0]["action"], "Add config validation in CI");
    assert_eq!(actions[0]["incidents"], 2);
    assert_eq!(
        slugs(&actions[0]["promised_by"], &json["slugs"]),
        ["one", "three"]
    );
    // Misconfiguration after 2024-01-15: three.
    assert_eq!(actions[0]["recurred"], true);
    assert_eq!(
        slugs(&actions[0]["later_same_category"], &json["slugs"]),
        ["three"]
    );
    assert_eq!(actions[1]["action"], "Enhance monitoring for the API");
    assert_eq!(
        slugs(&actions[1]["promised_by"], &json["slugs"]),
        ["one", "two"]
    );
    // Capacity or misconfiguration after 2024-01-15: two, three.
    assert_eq!(
        slugs(&actions[1]["later_same_category"], &json["slugs"]),
        ["two", "three"]
    );

    let paths = json["recurring_misleading_paths"].as_array().unwrap();
    // {database,first,suspect} in one and two; "Blamed the network" only once.
    assert_eq!(paths.len(), 1, "{paths:#?}");
    assert_eq!(paths[0]["incidents"], 2);
    assert_eq!(slugs(&paths[0]["seen_in"], &json["slugs"]), ["one", "two"]);

    let page = read(&out.join("trends/index.html"));
    assert!(page.contains("Enhance monitoring for the API"));
    assert!(
        page.contains("Improve alerting on API"),
        "every wording is listed"
    );
}
