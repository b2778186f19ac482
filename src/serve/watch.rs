//! Watching the site's sources: `content/`, `templates/`, `static/`, `themes/` and `site.toml`,
//! debounced so that one save (or a burst of them) is one rebuild.

use super::poll::Poller;
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Quiet time after the last event before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);
/// The folders of a site whose changes change the site.
pub const SOURCE_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// What the watcher (and the build running behind the rebuild loop) tells the rebuild loop.
#[derive(Debug)]
pub enum Signal {
    /// A full build finished.
    Built(Box<super::session::Finished>),
    /// Source files that changed (created, written, renamed or removed).
    Changed(Vec<PathBuf>),
    /// The watcher failed; the message says why.
    Failed(String),
    /// Ctrl-C: finish the current build and stop.
    Stop,
}

/// The watcher; dropping it stops watching.
pub enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// `--poll`: scans the sources itself (it sees every source folder, new ones too); held
    /// only so that dropping the watcher stops it.
    Poll {
        _poller: Poller,
    },
}

impl Watcher {
    /// Watches the site at `root` (canonical) and sends what changed to `tx`.
    pub fn start(root: &Path, poll: bool, tx: Sender<Signal>) -> notify::Result<Watcher> {
        if poll {
            let poller = Poller::start(root, POLL_INTERVAL, DEBOUNCE, tx);
            return Ok(Watcher::Poll { _poller: poller });
        }
        let mut watcher = Watcher::Native(new_debouncer_opt(
            DEBOUNCE,
            None,
            event_handler(root.to_path_buf(), tx),
            RecommendedCache::new(),
            notify::Config::default(),
        )?);
        // The root itself only for site.toml and for source folders created later.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for dir in SOURCE_DIRS {
            watcher.watch_if_dir(&root.join(dir))?;
        }
        Ok(watcher)
    }

    /// Starts watching a source folder that appeared after `serve` started.
    pub fn watch_new_dirs(&mut self, root: &Path, changed: &[PathBuf]) -> notify::Result<()> {
        for dir in SOURCE_DIRS {
            let dir = root.join(dir);
            if changed.contains(&dir) {
                self.watch_if_dir(&dir)?;
            }
        }
        Ok(())
    }

    fn watch_if_dir(&mut self, dir: &Path) -> notify::Result<()> {
        if dir.is_dir() {
            self.watch(dir, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll { .. } => Ok(()),
        }
    }
}

/// Turns a debounced batch of events into the source files it touched, or the watcher's error.
fn event_handler(root: PathBuf, tx: Sender<Signal>) -> impl FnMut(DebounceEventResult) {
    move |result: DebounceEventResult| {
        let signal = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.iter())
                    .filter(|p| is_source(&root, p))
                    .cloned()
                    .collect();
                paths.sort();
                paths.dedup();
                if paths.is_empty() {
                    return;
                }
                Signal::Changed(paths)
            }
            Err(errors) => Signal::Failed(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = tx.send(signal);
    }
}

/// Whether a changed path is one of the site's sources (and not an editor's scratch file).
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let Some(first) = parts.next() else {
        return false;
    };
    let first = first.as_os_str();
    if first == "site.toml" {
        return parts.next().is_none();
    }
    if !SOURCE_DIRS.iter().any(|d| first == *d) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !is_editor_scratch(&name)
}

/// Swap, backup and lock files that editors write beside the file being edited.
fn is_editor_scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913" // vim's probe for a writable folder
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_recognised() {
        let root = Path::new("/site");
        for p in [
            "/site/site.toml",
            "/site/content/a.md",
            "/site/content/2024/diagram.png",
            "/site/templates/base.html",
            "/site/static/style.css",
            "/site/themes/default/templates/index.html",
            "/site/content",
        ] {
            assert!(is_source(root, Path::new(p)), "{p}");
        }
    }

    #[test]
    fn other_files_are_ignored() {
        let root = Path::new("/site");
        for p in [
            "/site/.hindsight/serve/www/index.html",
            "/site/public/index.html",
            "/site/README.md",
            "/site/site.toml~",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/.#a.md",
            "/site/content/4913",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_source(root, Path::new(p)), "{p}");
        }
    }

    #[test]
    fn a_save_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "# A\n").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let _w = Watcher::start(&root, false, tx).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        std::fs::write(root.join("content/a.md"), "# A, edited\n").unwrap();
        std::fs::write(root.join(".hindsight-ignored"), "x").unwrap();
        match rx.recv_timeout(Duration::from_secs(5)).unwrap() {
            Signal::Changed(paths) => assert_eq!(paths, vec![root.join("content/a.md")]),
            other => panic!("unexpected {other:?}"),
        }
    }
}
