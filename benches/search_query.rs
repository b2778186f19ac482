//! Query latency of `hindsight search` inside one process: opens a site's search cache (building
//! it if stale) and times each query of a fixed list, several rounds.
//!
//! cargo bench --bench search_query -- SITE_ROOT [ROUNDS]
//! (scripts/bench_search.py runs it on generated corpora and adds whole-command timings.)

use hindsight::analyze::search::Filters;
use hindsight::commands::search_index::open_or_build;
use std::path::PathBuf;
use std::time::Instant;

/// The fixed query list (also used by scripts/bench_search.py).
pub const QUERIES: &[&str] = &[
    "timeout",
    "database",
    "kubernetes",
    "certificate expired",
    "connection pool",
    "\"connection pool\"",
    "disk full",
    "rollback",
    "memory leak",
    "configuration change",
    "load balancer",
    "replication lag",
    "nginx 502",
    "redis",
    "deploy",
    "latency spike",
    "dns resolution",
    "tls handshake",
    "postgresql -mysql",
    "title:outage",
    "cache invalid",
    "configured",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: search_query SITE_ROOT [ROUNDS]");
        return;
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let t = Instant::now();
    let (index, rebuilt) = open_or_build(&root).expect("search cache");
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "open: {open_ms:.1} ms (rebuilt: {rebuilt}), {} incidents",
        index.num_docs()
    );
    let filters = Filters::default();
    let mut all = Vec::new();
    for round in 0..rounds {
        for q in QUERIES {
            let t = Instant::now();
            let hits = index.search(q, &filters, 10).expect("query");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if round == 0 {
                println!("{ms:8.2} ms  {:>3} hits  {q}", hits.len());
            } else {
                all.push(ms);
            }
        }
    }
    if all.is_empty() {
        return;
    }
    all.sort_by(f64::total_cmp);
    println!(
        "query (in process, warm, {} runs): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        all[all.len() - 1]
    );
}
