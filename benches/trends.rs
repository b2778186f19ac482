//! Time of `analyze::trends::compute` on synthetic incidents (no corpus needed):
//! `cargo bench --bench trends` or `cargo bench --bench trends -- 50000`.
//! Prints figures; asserts nothing about time.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use hindsight::analyze::trends::compute;
use hindsight::extract::{ActionItem, Incident};
use std::time::Instant;

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const VERBS: &[&str] = &["Add", "Improve", "Enhance", "Implement", "Create", "Set up"];
const OBJECTS: &[&str] = &[
    "monitoring",
    "alerting",
    "config validation",
    "load tests",
    "a runbook",
    "capacity planning",
    "rate limiting",
    "canary deploys",
    "failover drills",
    "backup checks",
];
const CATEGORIES: &[&str] = &[
    "misconfiguration",
    "capacity",
    "dependency",
    "deployment",
    "database",
    "network",
    "dns",
    "certificate",
    "hardware",
    "security",
    "software-bug",
    "human-error",
];

fn incidents(n: usize) -> Vec<Incident> {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let first = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let components: Vec<String> = (0..40).map(|i| format!("svc-{i}")).collect();
    (0..n)
        .map(|i| {
            let day = first + Duration::days((rng.next() % 3650) as i64);
            let start = Utc
                .from_utc_datetime(&day.and_hms_opt((rng.next() % 24) as u32, 0, 0).unwrap())
                .fixed_offset();
            let minutes = 5 + (rng.next() % 60) * (1 + rng.next() % 8);
            let comp = &components[(rng.next() % 40) as usize];
            let mut actions: Vec<ActionItem> = (0..3)
                .map(|_| ActionItem {
                    text: format!("{} {} for {comp}", rng.pick(VERBS), rng.pick(OBJECTS)),
                    ..Default::default()
                })
                .collect();
            // One one-off item per incident, so most groups stay singletons.
            actions.push(ActionItem {
                text: format!(
                    "Fix ticket OPS-{} in module m{}",
                    rng.next() % 100_000,
                    rng.next() % 5000
                ),
                ..Default::default()
            });
            Incident {
                slug: format!("incident-{i}"),
                date: Some(day),
                start: Some(start),
                end: Some(start + Duration::minutes(minutes as i64)),
                duration_minutes: Some(minutes as f64),
                impact_percent: Some((rng.next() % 1000) as f64 / 10.0),
                category: Some(rng.pick(CATEGORIES).to_string()),
                components: vec![comp.clone()],
                action_items: actions,
                misleading_paths: vec![format!(
                    "Suspected {} first",
                    rng.pick(&["the database", "the network", "DNS", "the last deploy"])
                )],
                ..Default::default()
            }
        })
        .collect()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let data = incidents(n);
    compute(&data, &[]); // warm-up
    let runs = 3;
    let mut times = Vec::new();
    let mut groups = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let trends = compute(&data, &[]);
        times.push(t.elapsed());
        groups = trends.recurring_actions.len();
    }
    times.sort();
    println!(
        "trends::compute on {n} incidents ({} action items): median {:.1?}, min {:.1?}, max {:.1?} over {runs} runs; {groups} recurring action groups",
        n * 4,
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
}
