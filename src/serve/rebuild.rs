//! Building the site for `serve`, and the state of the last build that the browser is told.

use super::site::ServeSite;
use crate::commands::build::{BuildOptions, BuildReport, KeptSite};
use anyhow::Result;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// What open pages need to know: which build they show, and whether the last one failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildState {
    /// Changes with every successful build; a page served by another one is stale.
    pub generation: String,
    /// The last build's error (naming file and line), while it is not fixed.
    pub error: Option<String>,
}

impl BuildState {
    /// The message sent to the browser.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "generation": self.generation, "error": self.error }).to_string()
    }
}

/// Names for what the pages show: each build, and each preview of an edited page, is a new
/// generation (open pages reload when it changes).
#[derive(Clone)]
pub struct Generations {
    /// Start of this process, so generations of two runs of `serve` never look the same.
    epoch: u128,
    count: Arc<AtomicU64>,
}

impl Generations {
    pub fn new() -> Generations {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        Generations {
            epoch,
            count: Arc::default(),
        }
    }

    /// A generation never used before.
    pub fn next(&self) -> String {
        let n = self.count.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{}-{n}", self.epoch)
    }
}

/// Builds the site into `.hindsight/serve/` with base_url pointed at the local server.
pub struct Builder {
    options: BuildOptions,
    site: ServeSite,
    generations: Generations,
}

impl Builder {
    pub fn new(site: &ServeSite, url: &str, drafts: bool, generations: Generations) -> Builder {
        Builder {
            options: BuildOptions {
                root: site.root.clone(),
                output: Some(site.output.clone()),
                base_url: Some(url.to_string()),
                drafts,
                force: false,
                keep_going: false,
            },
            site: site.clone(),
            generations,
        }
    }

    /// Builds once and returns the new state: a new generation, or the previous one with the
    /// error (the previous site stays on disk, so it is still served).
    pub fn rebuild(&mut self, previous: &BuildState, changed: &[PathBuf]) -> Outcome {
        let started = std::time::Instant::now();
        match build_site(&self.options, changed) {
            Ok((report, kept)) => {
                // An output left as it was is the build the pages already show.
                let same = report.up_to_date && !previous.generation.is_empty();
                Outcome {
                    state: BuildState {
                        generation: if same {
                            previous.generation.clone()
                        } else {
                            self.generations.next()
                        },
                        error: None,
                    },
                    report: Some(report),
                    kept,
                    took: started.elapsed(),
                }
            }
            Err(e) => Outcome {
                state: BuildState {
                    generation: previous.generation.clone(),
                    error: Some(self.describe(&e)),
                },
                report: None,
                kept: None,
                took: started.elapsed(),
            },
        }
    }

    /// The error chain, one cause a line, with paths shown relative to the site.
    fn describe(&self, e: &anyhow::Error) -> String {
        let root = format!("{}{}", self.site.root.display(), std::path::MAIN_SEPARATOR);
        format!("{e:#}").replace(&root, "")
    }
}

/// The one call that builds the site; swapping in the incremental build happens here.
fn build_site(
    options: &BuildOptions,
    _changed: &[PathBuf],
) -> Result<(BuildReport, Option<KeptSite>)> {
    crate::commands::build::run_keeping(options)
}

/// What one build did.
pub struct Outcome {
    pub state: BuildState,
    pub report: Option<BuildReport>,
    /// The site it rendered (none when it failed or the output was up to date).
    pub kept: Option<KeptSite>,
    pub took: std::time::Duration,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outcome")
            .field("state", &self.state)
            .field("took", &self.took)
            .finish_non_exhaustive()
    }
}

/// The state before the first build: no page has a generation yet.
pub fn initial_state() -> BuildState {
    BuildState {
        generation: String::new(),
        error: None,
    }
}
