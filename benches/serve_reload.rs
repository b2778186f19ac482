//! Save-to-served time of `hindsight serve` (a benchmark, not a test): the time from writing
//! one postmortem to the rebuilt page being served, on the synthetic corpus.
//!
//!   cargo bench --bench serve_reload                  (10,000 postmortems, 10 saves)
//!   SERVE_BENCH_N=2000 SERVE_BENCH_SAVES=20 cargo bench --bench serve_reload
//!
//! The corpus comes from `../shared/bench/gen_corpus.py --flavor native` (generated once into
//! $TMPDIR/hindsight-bench-N, shared with scripts/bench-build.sh) and is copied before serving,
//! so the benchmark never edits the cached corpus. Each save appends a unique sentence to one
//! postmortem; the page is then fetched every 5 ms until it carries that sentence.

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;

use serve_support::Server;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corpus(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hindsight-bench-{n}"));
    if !dir.join("content").is_dir() {
        let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
        eprintln!("generating {n} postmortems into {}…", dir.display());
        let status = Command::new("python3")
            .arg(&gen)
            .args([
                "--n",
                &n.to_string(),
                "--flavor",
                "native",
                "--quiet",
                "--out",
            ])
            .arg(&dir)
            .status()
            .expect("run gen_corpus.py");
        assert!(status.success(), "gen_corpus.py failed");
    }
    dir
}

/// A private copy of the corpus, with settings (the native flavor writes content/ only).
fn site_copy(corpus: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(corpus.join("content"))
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(status.success());
    let settings = corpus.join("site.toml");
    let toml = std::fs::read_to_string(settings).unwrap_or_else(|_| {
        "title = \"Synthetic corpus\"\nbase_url = \"https://acme.github.io/postmortems/\"\n".into()
    });
    std::fs::write(tmp.path().join("site.toml"), toml).unwrap();
    tmp
}

/// The source file and page path of one incident in the middle of the site.
fn pick_incident(server: &Server) -> (String, String) {
    let list = server.get(&format!("{}incidents.json", server.base));
    assert_eq!(list.status, 200);
    let incidents: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let all = incidents.as_array().unwrap();
    let one = &all[all.len() / 2];
    let source = one["source"].as_str().unwrap().to_string();
    let page = format!(
        "{}incidents/{}/",
        server.base,
        one["slug"].as_str().unwrap()
    );
    (source, page)
}

/// The last "built … in N ms" the server printed.
fn last_build_ms(stderr: &str) -> Option<f64> {
    stderr.lines().rev().find_map(|l| {
        let (_, tail) = l.split_once("built ")?;
        let ms = tail.rsplit_once(" in ")?.1.strip_suffix(" ms")?;
        ms.trim().parse().ok()
    })
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for a list; there is nothing to run.
    }
    let n = env_usize("SERVE_BENCH_N", 10_000);
    let saves = env_usize("SERVE_BENCH_SAVES", 10);
    let site = site_copy(&corpus(n));
    let started = Instant::now();
    let server = Server::start(site.path(), &[]);
    println!(
        "serve: {n} postmortems, first build and ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (source, page) = pick_incident(&server);
    let file = site.path().join(&source);
    assert_eq!(server.get(&page).status, 200, "{page}");

    let mut times = Vec::new();
    for i in 0..saves {
        // Let the previous round's `check` run finish, as between two saves of a writer.
        std::thread::sleep(Duration::from_millis(1500));
        let marker = format!("Benchmark sentence {i} {}.", std::process::id());
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str(&format!("\n\n{marker}\n"));
        let saved = Instant::now();
        std::fs::write(&file, &text).unwrap();
        loop {
            let r = server.get(&page);
            if r.status == 200 && r.body.contains(&marker) {
                break;
            }
            assert!(saved.elapsed() < Duration::from_secs(300), "no rebuild");
            std::thread::sleep(Duration::from_millis(5));
        }
        let total = saved.elapsed().as_secs_f64() * 1000.0;
        let build = last_build_ms(&server.stderr()).unwrap_or(f64::NAN);
        println!("save {i:>2}: served after {total:>7.0} ms (build {build:>6.0} ms)");
        times.push(total);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "save-to-served over {saves} saves of {source}: median {median:.0} ms, min {:.0} ms, max {:.0} ms (goal < 200 ms)",
        times[0],
        times[times.len() - 1]
    );
    let status = server.interrupt();
    assert!(status.success());
}
