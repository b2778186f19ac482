//! Building the site for `serve`, and the state of the last build that the browser is told.

use super::site::ServeSite;
use crate::commands::build::{BuildOptions, BuildReport};
use anyhow::Result;
use std::path::PathBuf;

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

/// Builds the site into `.hindsight/serve/` with base_url pointed at the local server.
pub struct Builder {
    options: BuildOptions,
    site: ServeSite,
    /// Start of this process, so generations of two runs of `serve` never look the same.
    epoch: u128,
    builds: u64,
}

impl Builder {
    pub fn new(site: &ServeSite, url: &str, drafts: bool) -> Builder {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
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
            epoch,
            builds: 0,
        }
    }

    /// Builds once and returns the new state: a new generation, or the previous one with the
    /// error (the previous site stays on disk, so it is still served).
    pub fn rebuild(&mut self, previous: &BuildState, changed: &[PathBuf]) -> Outcome {
        let started = std::time::Instant::now();
        match build_site(&self.options, changed) {
            Ok(report) => {
                // An output left as it was is the build the pages already show.
                let same = report.up_to_date && !previous.generation.is_empty();
                if !same {
                    self.builds += 1;
                }
                Outcome {
                    state: BuildState {
                        generation: if same {
                            previous.generation.clone()
                        } else {
                            format!("{}-{}", self.epoch, self.builds)
                        },
                        error: None,
                    },
                    report: Some(report),
                    took: started.elapsed(),
                }
            }
            Err(e) => Outcome {
                state: BuildState {
                    generation: previous.generation.clone(),
                    error: Some(self.describe(&e)),
                },
                report: None,
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
fn build_site(options: &BuildOptions, _changed: &[PathBuf]) -> Result<BuildReport> {
    crate::commands::build::run(options)
}

pub struct Outcome {
    pub state: BuildState,
    pub report: Option<BuildReport>,
    pub took: std::time::Duration,
}

/// The state before the first build: no page has a generation yet.
pub fn initial_state() -> BuildState {
    BuildState {
        generation: String::new(),
        error: None,
    }
}
