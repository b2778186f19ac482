//! The fuzz driver (stable Rust: proptest's generators and runner, no nightly sanitizers):
//! runs each target on N generated inputs, fails on a panic or an input slower than 100 ms per
//! 100 KB, and keeps the slowest inputs of each target as regression cases.
//!
//! `cargo run --release --example fuzz -- all 1000000 [KEEP_DIR]`

#[path = "../tests/fuzz_targets/mod.rs"]
mod fuzz_targets;

use fuzz_targets::{check, warm_up, Target, TARGETS};
use proptest::test_runner::{Config, TestRunner};
use std::cell::RefCell;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map(String::as_str).unwrap_or("all");
    let cases: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let keep = args.get(2).map(std::path::PathBuf::from);
    // `fuzz time TARGET FILE...`: the time each file takes, after a warm-up.
    if which == "time" {
        warm_up();
        let target = Target::parse(&args[1]).expect("a target name");
        for file in &args[2..] {
            let bytes = std::fs::read(file).expect("read the file");
            let started = fuzz_targets::thread_cpu_time();
            target.run(&bytes);
            let took = fuzz_targets::thread_cpu_time() - started;
            println!("{file}: {took:?} of CPU for {} bytes", bytes.len());
        }
        return;
    }
    let targets: Vec<Target> = match which {
        "all" => TARGETS.to_vec(),
        name => vec![Target::parse(name).unwrap_or_else(|| {
            eprintln!("unknown target {name}; one of frontmatter, extract, times, markdown, all");
            std::process::exit(2)
        })],
    };
    warm_up();
    for target in targets {
        fuzz(target, cases, keep.as_deref());
    }
}

fn fuzz(target: Target, cases: u32, keep: Option<&std::path::Path>) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    });
    let runs = RefCell::new(0u64);
    let bytes_total = RefCell::new(0u64);
    // The slowest inputs relative to their budget: (time per byte, input).
    let slowest: RefCell<Vec<(Duration, Vec<u8>)>> = RefCell::new(Vec::new());
    let started = Instant::now();
    let result = runner.run(&target.strategy(), |input| {
        let took = check(target, &input, 1);
        *runs.borrow_mut() += 1;
        if runs.borrow().is_multiple_of(50_000) {
            eprintln!("{}: {} executions", target.name(), runs.borrow());
        }
        *bytes_total.borrow_mut() += input.len() as u64;
        let mut s = slowest.borrow_mut();
        if s.len() < 5 || took > s[s.len() - 1].0 {
            s.push((took, input));
            s.sort_by_key(|e| std::cmp::Reverse(e.0));
            s.truncate(5);
        }
        Ok(())
    });
    let slowest = slowest.into_inner();
    println!(
        "{}: {} executions in {:.1?} ({} MB of input), {}; slowest {:?} on {} bytes",
        target.name(),
        runs.borrow(),
        started.elapsed(),
        *bytes_total.borrow() / 1_000_000,
        if result.is_ok() {
            "no failure"
        } else {
            "FAILED"
        },
        slowest.first().map(|s| s.0).unwrap_or_default(),
        slowest.first().map(|s| s.1.len()).unwrap_or_default(),
    );
    if let Some(dir) = keep {
        let dir = dir.join(target.name());
        std::fs::create_dir_all(&dir).expect("create the keep folder");
        for (_, input) in &slowest {
            // Named by content, so later runs add to the kept inputs instead of replacing them.
            let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            std::fs::write(dir.join(format!("slow-{hash:016x}.bin")), input)
                .expect("keep an input");
        }
    }
    if let Err(e) = result {
        eprintln!("{}: {e}", target.name());
        std::process::exit(1);
    }
}
