//! `--poll`: looks at every source file's metadata at an interval, for file systems whose change
//! events do not arrive (network mounts, some containers). notify's own PollWatcher keeps only
//! whole seconds of a file's write time, so a second save within the same second was never seen;
//! this one compares nanoseconds, size and inode.

use super::watch::{is_source, Signal, SOURCE_DIRS};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};
use walkdir::WalkDir;

/// What a file looked like at one scan; any difference is a change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

type Snapshot = BTreeMap<PathBuf, Stamp>;

/// The polling thread; dropping it stops the thread.
pub struct Poller {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Poller {
    /// Scans the site at `root` every `interval`; after a change, waits until a scan `quiet`
    /// later finds nothing new (one save is one rebuild), then sends what changed.
    pub fn start(root: &Path, interval: Duration, quiet: Duration, tx: Sender<Signal>) -> Poller {
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let mut seen = scan(&root);
        let thread = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(interval);
                    let changed = settle(&root, &mut seen, quiet);
                    if !changed.is_empty() && tx.send(Signal::Changed(changed)).is_err() {
                        return;
                    }
                }
            })
        };
        Poller {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The paths changed since `seen` (which is brought up to date), rescanning every `quiet` while
/// the files are still changing.
fn settle(root: &Path, seen: &mut Snapshot, quiet: Duration) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    loop {
        let now = scan(root);
        let found = differences(seen, &now);
        *seen = now;
        if found.is_empty() {
            break;
        }
        changed.extend(found);
        std::thread::sleep(quiet);
    }
    changed.sort();
    changed.dedup();
    changed
}

/// Every source file of the site with its stamp: `site.toml` and the source folders.
fn scan(root: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    let config = root.join("site.toml");
    if let Some(stamp) = stamp(&config) {
        files.insert(config, stamp);
    }
    for dir in SOURCE_DIRS {
        for entry in WalkDir::new(root.join(dir)).into_iter().flatten() {
            if entry.file_type().is_file() && is_source(root, entry.path()) {
                if let Some(stamp) = stamp(entry.path()) {
                    files.insert(entry.into_path(), stamp);
                }
            }
        }
    }
    files
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        inode: inode(&meta),
    })
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// Paths added, removed or changed between two scans.
fn differences(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let changed_or_added = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone());
    let removed = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .cloned();
    changed_or_added.chain(removed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "# A\n").unwrap();
        std::fs::write(root.join("site.toml"), "title = \"t\"\n").unwrap();
        (tmp, root)
    }

    #[test]
    fn edits_adds_and_removals_are_differences() {
        let (_tmp, root) = site();
        let before = scan(&root);
        std::fs::write(root.join("content/a.md"), "# A, edited\n").unwrap();
        std::fs::write(root.join("content/b.md"), "# B\n").unwrap();
        std::fs::remove_file(root.join("site.toml")).unwrap();
        std::fs::write(root.join("content/.a.md.swp"), "scratch").unwrap();
        let mut found = differences(&before, &scan(&root));
        found.sort();
        assert_eq!(
            found,
            vec![
                root.join("content/a.md"),
                root.join("content/b.md"),
                root.join("site.toml"),
            ]
        );
    }

    #[test]
    fn two_saves_within_one_second_are_both_seen() {
        let (_tmp, root) = site();
        let (tx, rx) = std::sync::mpsc::channel();
        let interval = Duration::from_millis(20);
        let _poller = Poller::start(&root, interval, interval, tx);
        // Same length: only the nanoseconds of the write time tell the second save apart.
        for text in ["# A, one\n", "# A, two\n"] {
            std::fs::write(root.join("content/a.md"), text).unwrap();
            match rx.recv_timeout(Duration::from_secs(5)).unwrap() {
                Signal::Changed(paths) => assert_eq!(paths, vec![root.join("content/a.md")]),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn an_unchanged_site_sends_nothing() {
        let (_tmp, root) = site();
        let (tx, rx) = std::sync::mpsc::channel();
        let interval = Duration::from_millis(10);
        let _poller = Poller::start(&root, interval, interval, tx);
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }
}
