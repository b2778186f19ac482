//! The rebuild loop: changed files in, new states for the browser out. An edited postmortem's
//! page is previewed at once from the last build's model; the whole site is rebuilt behind it
//! on a thread of its own (one build at a time, the changes meanwhile gathered for the next);
//! `check` runs on the edited postmortems on a third thread.

use super::overlay::Overlay;
use super::preview::Previewer;
use super::rebuild::{BuildState, Builder, Generations, Outcome};
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
    pub watcher: Watcher,
    pub signals: Receiver<Signal>,
    /// Where the build running behind the loop reports (the sending end of `signals`).
    pub reports: Sender<Signal>,
    pub state: watch::Sender<BuildState>,
    pub terminal: Arc<Terminal>,
    /// Pages previewed before the build that publishes them (served over the built site).
    pub overlay: Overlay,
    pub generations: Generations,
    /// Build and preview draft postmortems too.
    pub drafts: bool,
}

/// A full build that finished, with the builder it took along.
pub struct Finished {
    outcome: Outcome,
    builder: Builder,
    /// The count of changes seen when the build started (it read all of them).
    started: u64,
    /// The generation the pages showed when the build started.
    started_generation: String,
}

impl std::fmt::Debug for Finished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finished")
            .field("outcome", &self.outcome)
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

/// The loop's own state: the builder (away while a build runs) and what no build has read yet.
struct Builds {
    idle: Option<Builder>,
    worker: Option<JoinHandle<()>>,
    /// Changes since the running (or last) build started.
    waiting: Vec<PathBuf>,
    /// Changes seen so far.
    seq: u64,
    previewer: Option<Previewer>,
}

/// What arrived since the loop last looked.
#[derive(Default)]
struct Batch {
    changed: Vec<PathBuf>,
    built: Option<Box<Finished>>,
}

impl Session {
    /// Runs until `Signal::Stop`, starting from the first build's `builder` and `previewer`;
    /// dropping the state sender then closes every live socket. A build still running at the
    /// stop is waited for, so no half-written folder is left.
    pub fn run(mut self, builder: Builder, previewer: Option<Previewer>) {
        let (checker, check_thread) = spawn_checker(self.site.root.clone(), self.terminal.clone());
        let mut builds = Builds {
            idle: Some(builder),
            worker: None,
            waiting: Vec::new(),
            seq: 0,
            previewer,
        };
        while let Some(batch) = self.next_batch() {
            if let Some(done) = batch.built {
                self.finish_build(&mut builds, *done);
            }
            if !batch.changed.is_empty() {
                self.take_changes(&mut builds, batch.changed, &checker);
            }
            self.start_build(&mut builds);
        }
        if let Some(worker) = builds.worker.take() {
            let _ = worker.join();
        }
        drop(checker);
        let _ = check_thread.join();
    }

    /// Changes just seen: previewed when they can be, checked, and kept for the next build.
    fn take_changes(
        &mut self,
        builds: &mut Builds,
        changed: Vec<PathBuf>,
        checker: &Sender<Vec<PathBuf>>,
    ) {
        if let Err(e) = self.watcher.watch_new_dirs(&self.site.root, &changed) {
            self.terminal
                .warning(&format!("warning: cannot watch a new folder: {e}"));
        }
        self.note_base_path_change(&changed);
        self.terminal.changed(&self.site, &changed);
        builds.seq += 1;
        // While the site is broken, the next page shown is the fixed build's.
        if self.state.borrow().error.is_none() {
            if let Some(previewer) = builds.previewer.as_mut() {
                self.preview(previewer, builds.seq, &changed);
            }
        }
        let edited: Vec<PathBuf> = changed
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
            .cloned()
            .collect();
        if !edited.is_empty() {
            let _ = checker.send(edited);
        }
        builds.waiting.extend(changed);
    }

    /// Serves the new pages of edited postmortems before the full build is done.
    fn preview(&self, previewer: &mut Previewer, seq: u64, changed: &[PathBuf]) {
        let started = std::time::Instant::now();
        let Some(pages) = previewer.pages(changed) else {
            return;
        };
        let prefix = crate::load::rel_path(&self.site.www, &self.site.output);
        let mut new_pages = 0;
        for (path, bytes) in pages {
            let served = match prefix.is_empty() {
                true => path,
                false => format!("{prefix}/{path}"),
            };
            if self.served(&served).is_some_and(|now| now == bytes) {
                continue;
            }
            self.overlay.put(seq, served, bytes);
            new_pages += 1;
        }
        // A save that changes no page reloads nothing.
        if new_pages == 0 {
            return;
        }
        let generation = self.generations.next();
        self.state.send_modify(|s| s.generation = generation);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        self.terminal.note(&format!(
            "previewed the edited page in {ms:.0} ms; rebuilding the site…"
        ));
    }

    /// The page served now at `path` (below the served folder).
    fn served(&self, path: &str) -> Option<Vec<u8>> {
        match self.overlay.get(path) {
            Some(page) => Some(page.to_vec()),
            None => std::fs::read(self.site.www.join(path)).ok(),
        }
    }

    /// Starts a full build of the changes waiting, unless one is running.
    fn start_build(&self, builds: &mut Builds) {
        if builds.waiting.is_empty() {
            return;
        }
        let Some(mut builder) = builds.idle.take() else {
            return;
        };
        let changed = std::mem::take(&mut builds.waiting);
        let previous = self.state.borrow().clone();
        let started = builds.seq;
        let reports = self.reports.clone();
        builds.worker = Some(std::thread::spawn(move || {
            super::lower_thread_priority();
            let outcome = builder.rebuild(&previous, &changed);
            let done = Finished {
                outcome,
                builder,
                started,
                started_generation: previous.generation,
            };
            let _ = reports.send(Signal::Built(Box::new(done)));
        }));
    }

    /// Publishes a finished build: its state, and its model for the next previews.
    fn finish_build(&self, builds: &mut Builds, done: Finished) {
        let Finished {
            mut outcome,
            builder,
            started,
            started_generation,
        } = done;
        builds.idle = Some(builder);
        if let Some(worker) = builds.worker.take() {
            let _ = worker.join();
        }
        let current = self.state.borrow().clone();
        // A failed or unchanged build leaves the pages as they are now (previews included).
        if outcome.state.generation == started_generation {
            outcome.state.generation = current.generation.clone();
        }
        if outcome.report.is_some() {
            self.overlay.settle(started);
            if let Some(kept) = outcome.kept.take() {
                builds.previewer = Previewer::new(&self.site.root, kept, self.drafts);
            }
        }
        self.state.send_replace(outcome.state.clone());
        self.terminal.outcome(&outcome, current.error.is_some());
    }

    /// The next changes, with everything else that arrived meanwhile; `None` to stop.
    fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
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
            wait = false;
            match signal {
                Signal::Changed(paths) => batch.changed.extend(paths),
                Signal::Built(done) => batch.built = Some(done),
                Signal::Failed(e) => {
                    self.terminal.warning(&format!(
                        "warning: watching for changes failed: {e}\nhint: try `hindsight serve --poll`"
                    ));
                    wait = batch.changed.is_empty() && batch.built.is_none();
                }
                Signal::Stop => return None,
            }
        }
        batch.changed.sort();
        batch.changed.dedup();
        Some(batch)
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
        super::lower_thread_priority();
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
        changed_since: None,
        baseline: None,
        write_baseline: None,
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
