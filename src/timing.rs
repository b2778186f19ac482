//! Sub-stage times for profiling a build: with `HINDSIGHT_TIMINGS` set, [`Laps::lap`] prints
//! how long each named step took on stderr, and the process's resident memory after it (the
//! build's stage times are printed by the CLI).

use std::time::Instant;

/// A stopwatch over the steps of one stage; silent unless `HINDSIGHT_TIMINGS` is set.
pub struct Laps {
    stage: &'static str,
    last: Option<Instant>,
}

impl Laps {
    /// Starts timing the steps of `stage`.
    pub fn start(stage: &'static str) -> Laps {
        let on = std::env::var_os("HINDSIGHT_TIMINGS").is_some();
        Laps {
            stage,
            last: on.then(Instant::now),
        }
    }

    /// Ends the step `step` (printing its time and memory when timing is on) and starts the
    /// next.
    pub fn lap(&mut self, step: &str) {
        if let Some(last) = self.last {
            let took = last.elapsed();
            let memory = crate::memory::usage()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            eprintln!("    {}/{step}: {took:.2?}{memory}", self.stage);
            self.last = Some(Instant::now());
        }
    }
}
