//! The rebuild loop: changed files in, a new build and a new state for the browser out, then
//! `check` on the postmortems just edited (on its own thread, after the page is served).

use super::rebuild::{BuildState, Builder};
use super::site::ServeSite;
use super::terminal::Terminal;
use super::watch::{Signal, Watcher};
use crate::commands::check::{self, CheckOptions};
use crate::lint::output::{render, Format};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::sync::watch;

pub struct Session {
    pub site: ServeSite,
    pub builder: Builder,
    pub watcher: Watcher,
    pub signals: Receiver<Signal>,
    pub state: watch::Sender<BuildState>,
    pub terminal: Arc<Terminal>,
}

impl Session {
    /// Runs until `Signal::Stop`; dropping the state sender then closes every live socket.
    pub fn run(mut self) {
        let (checker, check_thread) = spawn_checker(self.site.root.clone(), self.terminal.clone());
        while let Some(changed) = self.next_batch() {
            if let Err(e) = self.watcher.watch_new_dirs(&self.site.root, &changed) {
                self.terminal
                    .warning(&format!("warning: cannot watch a new folder: {e}"));
            }
            self.note_base_path_change(&changed);
            self.terminal.changed(&self.site, &changed);
            let previous = self.state.borrow().clone();
            let outcome = self.builder.rebuild(&previous, &changed);
            self.state.send_replace(outcome.state.clone());
            self.terminal.outcome(&outcome, previous.error.is_some());
            let edited: Vec<PathBuf> = changed
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
                .collect();
            if !edited.is_empty() {
                let _ = checker.send(edited);
            }
        }
        drop(checker);
        let _ = check_thread.join();
    }

    /// The next set of changes, with everything else that arrived meanwhile; `None` to stop.
    fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let mut wait = true;
        loop {
            let signal = if wait {
                self.signals.recv().ok()?
            } else {
                match self.signals.try_recv() {
                    Ok(s) => s,
                    Err(_) => break,
                }
            };
            match signal {
                Signal::Changed(paths) => {
                    changed.extend(paths);
                    wait = false;
                }
                Signal::Failed(e) => self.terminal.warning(&format!(
                    "warning: watching for changes failed: {e}\nhint: try `hindsight serve --poll`"
                )),
                Signal::Stop => return None,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// The server keeps the path it started with: a new one needs a restart.
    fn note_base_path_change(&self, changed: &[PathBuf]) {
        if !changed.contains(&self.site.root.join("site.toml")) {
            return;
        }
        let Ok(now) = crate::config::SiteConfig::load(&self.site.root.join("site.toml")) else {
            return;
        };
        if now.base_path() != self.site.base_path {
            self.terminal.warning(&format!(
                "note: base_url's path is now {} but this server keeps serving at {}; restart `hindsight serve` to move it",
                now.base_path(),
                self.site.base_path
            ));
        }
    }
}

/// A thread that runs `check` on edited postmortems, the latest batch first.
fn spawn_checker(root: PathBuf, terminal: Arc<Terminal>) -> (Sender<Vec<PathBuf>>, JoinHandle<()>) {
    let (tx, rx) = channel::<Vec<PathBuf>>();
    let handle = std::thread::spawn(move || {
        while let Ok(mut files) = rx.recv() {
            while let Ok(more) = rx.try_recv() {
                files.extend(more);
            }
            files.sort();
            files.dedup();
            files.retain(|p| p.is_file());
            if let Some(report) = check_files(&root, files) {
                terminal.findings(&report);
            }
        }
    });
    (tx, handle)
}

/// The human `check` report for `files`, or `None` when they are clean.
fn check_files(root: &std::path::Path, files: Vec<PathBuf>) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let opts = CheckOptions {
        root: root.to_path_buf(),
        paths: files,
        format: Format::Human,
        deny_warnings: false,
    };
    match check::run(&opts, chrono::Local::now().fixed_offset()) {
        Ok(report) if report.findings.is_empty() => None,
        Ok(report) => {
            let text = render(&report.findings, report.files, Format::Human, false);
            let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
            Some(text.replace(&prefix, ""))
        }
        Err(e) => Some(format!("check could not run: {e}")),
    }
}
