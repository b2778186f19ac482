//! When each postmortem last changed, read from git once per build (one `git log` for the whole
//! content folder, not one per page). Outside a git checkout, or without git, there is none.

use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// When each postmortem last changed, from the site's git history (for "last changed" on pages).
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The site folder's path inside the repository (`docs/postmortems/`, or empty at the top).
    pub prefix: String,
    /// Path relative to the site folder (`content/2024/x.md`) -> its last commit's time.
    pub changed: HashMap<String, DateTime<FixedOffset>>,
    /// Whether the clone is shallow (then the dates are of the oldest commit fetched at most).
    pub shallow: bool,
}

/// Marks each commit's line in the log, so a file named like a date cannot be taken for one.
const COMMIT_MARK: &str = "\u{1}commit ";

impl History {
    /// Reads the history of `<root>/content`; an empty history when `root` is not in a git
    /// checkout or git is missing.
    pub fn read(root: &Path) -> History {
        let git = |args: &[&str]| -> Option<String> {
            let out = Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        };
        let Some(prefix) = git(&["rev-parse", "--show-prefix"]) else {
            return History::default();
        };
        let log = git(&[
            "-c",
            "core.quotepath=off",
            "log",
            "--relative",
            "--name-only",
            "--no-renames",
            &format!("--format={COMMIT_MARK}%cI"),
            "--",
            "content",
        ])
        .unwrap_or_default();
        let shallow =
            git(&["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true");
        History {
            prefix: prefix.trim().to_string(),
            changed: parse_log(&log),
            shallow,
        }
    }

    /// When the file at `rel` (relative to the site folder) last changed.
    pub fn last_changed(&self, rel: &str) -> Option<DateTime<FixedOffset>> {
        self.changed.get(rel).copied()
    }
}

/// The log is newest first: a file's first appearance is its last change.
fn parse_log(log: &str) -> HashMap<String, DateTime<FixedOffset>> {
    let mut out = HashMap::new();
    let mut when = None;
    for line in log.lines() {
        if let Some(t) = line.strip_prefix(COMMIT_MARK) {
            when = DateTime::parse_from_rfc3339(t.trim()).ok();
        } else if let (Some(w), false) = (when, line.trim().is_empty()) {
            out.entry(line.to_string()).or_insert(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_appearance_is_the_last_change() {
        let log = "\u{1}commit 2024-05-02T10:00:00+02:00\n\ncontent/a.md\n\u{1}commit 2024-01-01T09:00:00Z\n\ncontent/a.md\ncontent/2024-01-01.md\n";
        let h = parse_log(log);
        assert_eq!(h["content/a.md"].to_rfc3339(), "2024-05-02T10:00:00+02:00");
        assert_eq!(
            h["content/2024-01-01.md"].to_rfc3339(),
            "2024-01-01T09:00:00+00:00"
        );
        assert_eq!(h.len(), 2);
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let tmp = tempfile::tempdir().unwrap();
        let h = History::read(tmp.path());
        assert!(h.changed.is_empty());
    }
}
