//! Progress of a build, stage by stage. The build reports to a [`Progress`]; the CLI passes a
//! [`TerminalProgress`] (indicatif bars on a terminal, shown once a build has run for a second)
//! or [`NoProgress`] (piped output, `--quiet`, library callers).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a build tells about its progress. Called from any thread.
pub trait Progress: Sync {
    /// A new stage starts; `total` units of work when known.
    fn stage(&self, name: &'static str, total: Option<u64>);
    /// `n` more units of the current stage are done.
    fn advance(&self, n: u64);
    /// The build is over (clears what is on screen).
    fn finish(&self);
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&self, _: &'static str, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// One indicatif bar per stage on stderr, drawn only after the build has taken a second, so
/// quick builds print nothing but their summary.
pub struct TerminalProgress {
    started: Instant,
    bar: Mutex<Option<ProgressBar>>,
}

const SHOW_AFTER: Duration = Duration::from_secs(1);

impl Default for TerminalProgress {
    fn default() -> Self {
        TerminalProgress {
            started: Instant::now(),
            bar: Mutex::new(None),
        }
    }
}

impl TerminalProgress {
    fn with_bar(&self, f: impl FnOnce(&ProgressBar)) {
        let guard = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bar) = guard.as_ref() {
            if bar.is_hidden() && self.started.elapsed() >= SHOW_AFTER {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            f(bar);
        }
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: Option<u64>) {
        let mut guard = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = guard.take() {
            old.finish_and_clear();
        }
        let bar = match total {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::hidden())
                .with_style(
                    ProgressStyle::with_template("{prefix:>14} [{bar:30}] {pos}/{len} ({elapsed})")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(
                ProgressStyle::with_template("{prefix:>14} {spinner} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_prefix(name);
        if self.started.elapsed() >= SHOW_AFTER {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        *guard = Some(bar);
    }

    fn advance(&self, n: u64) {
        self.with_bar(|bar| bar.inc(n));
    }

    fn finish(&self) {
        let mut guard = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bar) = guard.take() {
            bar.finish_and_clear();
        }
    }
}
