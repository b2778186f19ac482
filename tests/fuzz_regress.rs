//! The fuzz targets' kept inputs (`tests/fixtures/fuzz/<target>/`) and the pathological shapes
//! of issue 12, replayed in `cargo test`: no panic, within the time budget, and no shape slower
//! than a few times its ordinary form of the same size (a ratio, not a wall time).

mod fuzz_targets;

use fuzz_targets::{check, pathological, warm_up, Target, TARGETS};
use std::time::Duration;

/// Debug builds (plain `cargo test`) run several times slower than the release budget assumes.
const SCALE: u32 = if cfg!(debug_assertions) { 40 } else { 1 };

fn fastest_of_two(target: Target, bytes: &[u8]) -> Duration {
    (0..2).map(|_| check(target, bytes, SCALE)).min().unwrap()
}

#[test]
fn kept_inputs_still_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    warm_up();
    let mut replayed = 0;
    for target in TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(target.name())) else {
            continue;
        };
        for entry in dir {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            check(target, &bytes, SCALE);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no kept fuzz inputs under {}", root.display());
}

#[test]
fn pathological_shapes_cost_about_what_their_ordinary_form_costs() {
    warm_up();
    for (name, target, bad, ordinary) in pathological(3_000) {
        let t_ordinary = fastest_of_two(target, &ordinary);
        let t_bad = fastest_of_two(target, &bad);
        // Generous: 4x the ordinary form, plus 50 ms for scheduling noise on a shared machine.
        let bound = t_ordinary * 4 + Duration::from_millis(50) * SCALE;
        assert!(
            t_bad <= bound,
            "{name}: {t_bad:?} for {} bytes against {t_ordinary:?} for the ordinary form ({} bytes)",
            bad.len(),
            ordinary.len()
        );
    }
}
