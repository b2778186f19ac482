//! Stage 5: write the site. Files are written, as they are rendered and from any thread, into a
//! staging folder beside the output ([`Staging`]); when every file is there the staging folder
//! replaces the output in one atomic exchange, so a failed or killed build leaves the previous
//! site untouched, and the output path holds a whole site (old or new) at every moment.

mod guard;
mod swap;

pub use guard::{check_output_location, LocationError, PREVIEW_FOLDER};

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Present in every folder hindsight built; only such folders are replaced without `--force`.
pub const MARKER: &str = ".hindsight-output";

const MARKER_TEXT: &str = "built by hindsight; safe to delete\n";

/// The stamp the build that made `output` left in its marker file, if hindsight made it.
pub fn read_stamp(output: &Path) -> Option<String> {
    let text = std::fs::read_to_string(output.join(MARKER)).ok()?;
    Some(text.strip_prefix(MARKER_TEXT)?.trim_end().to_string())
}

/// Test hook: `HINDSIGHT_CRASH_AT=<step>` aborts the process (as `kill -9` would stop it) right
/// after that step of the write: `staging` (folder created), `files` (half of the files written),
/// `written` (all written), `exchanged` (new site in place, old one not yet removed).
pub const CRASH_ENV: &str = "HINDSIGHT_CRASH_AT";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is not empty and was not built by hindsight; refusing to replace it\nhint: choose another --output, empty it, or pass --force")]
    NotOurs(String),
    #[error("{0} is a file, not a folder; hindsight never deletes a file, even with --force\nhint: choose another --output")]
    IsFile(String),
    #[error("output path {0:?} is not a safe relative path")]
    BadPath(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A site being written: a staging folder beside `output`, filled from any thread, swapped in
/// by [`Staging::commit`]. Dropped without a commit, it removes itself.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// The previous site, if it was built by hindsight (for reusing unchanged files).
    previous: Option<PathBuf>,
    written: AtomicUsize,
    /// Files written before the `files` crash step fires (test hook); 0: never.
    crash_after: usize,
    committed: bool,
}

impl Staging {
    /// Checks that `output` may be replaced, removes what crashed builds left beside it, and
    /// creates the staging folder, whose marker file carries `stamp` (see [`read_stamp`]).
    /// `expected_files` only times the `files` crash step.
    pub fn begin(
        output: &Path,
        force: bool,
        expected_files: usize,
        stamp: &str,
    ) -> Result<Staging, WriteError> {
        let meta = std::fs::symlink_metadata(output).ok();
        if let Some(m) = &meta {
            if !m.is_dir() {
                return Err(WriteError::IsFile(output.display().to_string()));
            }
        }
        let ours = meta.is_some() && output.join(MARKER).is_file();
        if meta.is_some() && !ours && !force && !is_empty_dir(output)? {
            return Err(WriteError::NotOurs(output.display().to_string()));
        }
        let parent = parent_of(output);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = folder_name(output);
        swap::remove_leftovers(&parent, &name);
        let dir = swap::create_staging(&parent, &name).map_err(io(&parent))?;
        let marker = format!("{MARKER_TEXT}{stamp}\n");
        std::fs::write(dir.join(MARKER), marker).map_err(io(&dir))?;
        crash_point("staging");
        let crash_after = if crash_step() == Some("files") {
            (expected_files / 2).max(1)
        } else {
            0
        };
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            previous: ours.then(|| output.to_path_buf()),
            written: AtomicUsize::new(0),
            crash_after,
            committed: false,
        })
    }

    /// The staging folder (files written so far).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The site this build replaces, when hindsight built it.
    pub fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    /// Number of files written so far.
    pub fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Writes one file; `rel` is `/`-separated and relative to the site's root.
    /// A file the previous site has with the same bytes is hard-linked from it, so unchanged
    /// pages keep their identity and time stamp (deploy tools then skip them).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.target(rel)?;
        if !self.link_unchanged(rel, bytes, &path) {
            std::fs::write(&path, bytes).map_err(io(&path))?;
        }
        self.wrote();
        Ok(())
    }

    /// Links the previous site's `rel` to `path` when its bytes are `bytes`.
    fn link_unchanged(&self, rel: &str, bytes: &[u8], path: &Path) -> bool {
        let Some(old) = self.previous.as_ref().map(|p| p.join(rel)) else {
            return false;
        };
        let same_size = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        same_size
            && std::fs::read(&old).is_ok_and(|b| b == bytes)
            && std::fs::hard_link(&old, path).is_ok()
    }

    /// Publishes `source` as `rel` without reading it: a hard link when the file system allows,
    /// else a copy.
    pub fn link_or_copy(&self, rel: &str, source: &Path) -> Result<(), WriteError> {
        let path = self.target(rel)?;
        if std::fs::hard_link(source, &path).is_err() {
            std::fs::copy(source, &path).map_err(io(&path))?;
        }
        self.wrote();
        Ok(())
    }

    /// Swaps the staging folder in as the output, then removes the previous site.
    pub fn commit(mut self) -> Result<(), WriteError> {
        crash_point("written");
        let old = swap::exchange(&self.dir, &self.output).map_err(io(&self.output))?;
        self.committed = true;
        crash_point("exchanged");
        if let Some(old) = old {
            // Failing to remove the old tree is not a failed build; the next build retries.
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }

    fn target(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let p = Path::new(rel);
        if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(WriteError::BadPath(rel.to_string()));
        }
        let path = self.dir.join(p);
        if let Some(parent) = path.parent() {
            if !parent.is_dir() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
        }
        Ok(path)
    }

    fn wrote(&self) {
        let n = self.written.fetch_add(1, Ordering::Relaxed) + 1;
        if n == self.crash_after {
            crash_point("files");
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes the staging and old folders that crashed builds left beside `output` (a build does
/// this itself when it starts writing; an up-to-date build has nothing else to do).
pub fn remove_leftovers(output: &Path) {
    swap::remove_leftovers(&parent_of(output), &folder_name(output));
}

/// A site made of in-memory files, written in one go (tests and small tools).
pub fn write_site(
    output: &Path,
    files: &[(impl AsRef<str> + Sync, impl AsRef<[u8]> + Sync)],
    force: bool,
) -> Result<(), WriteError> {
    use rayon::prelude::*;
    let staging = Staging::begin(output, force, files.len(), "")?;
    files
        .par_iter()
        .try_for_each(|(path, bytes)| staging.write(path.as_ref(), bytes.as_ref()))?;
    staging.commit()
}

fn is_empty_dir(dir: &Path) -> Result<bool, WriteError> {
    let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
    Ok(entries.next().is_none())
}

fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn folder_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

fn crash_step() -> Option<&'static str> {
    static STEP: std::sync::OnceLock<Option<&'static str>> = std::sync::OnceLock::new();
    *STEP.get_or_init(|| {
        let v = std::env::var(CRASH_ENV).ok()?;
        ["staging", "files", "written", "exchanged"]
            .into_iter()
            .find(|s| *s == v)
    })
}

fn crash_point(step: &str) {
    if crash_step() == Some(step) {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn refuses_foreign_non_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let files = site(&[("index.html", "hi")]);
        assert!(matches!(
            write_site(&out, &files, false),
            Err(WriteError::NotOurs(_))
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
        write_site(&out, &files, true).unwrap();
        assert!(!out.join("precious.txt").exists());
    }

    #[test]
    fn never_deletes_a_regular_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("notes.txt");
        std::fs::write(&out, "keep").unwrap();
        for force in [false, true] {
            let r = write_site(&out, &site(&[("index.html", "hi")]), force);
            assert!(matches!(r, Err(WriteError::IsFile(_))), "{r:?}");
            assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
        }
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn replaces_own_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_site(&out, &site(&[("a.html", "1")]), false).unwrap();
        write_site(&out, &site(&[("b/index.html", "2")]), false).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "2"
        );
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "staging folders must not be left behind");
    }

    #[test]
    fn removes_what_a_crashed_build_left() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_site(&out, &site(&[("a.html", "1")]), false).unwrap();
        // Folders as a killed build leaves them (its process id is no longer running).
        let dead = swap::dead_pid_for_tests();
        for kind in ["building", "old"] {
            let d = tmp.path().join(format!(".site.{kind}-{dead}-x1"));
            std::fs::create_dir_all(d.join("incidents")).unwrap();
            std::fs::write(d.join("incidents/a.html"), "stale").unwrap();
        }
        write_site(&out, &site(&[("a.html", "2")]), false).unwrap();
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["site"]);
    }

    #[test]
    fn a_failed_build_leaves_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_site(&out, &site(&[("a.html", "1")]), false).unwrap();
        let r = write_site(&out, &site(&[("b.html", "2"), ("../evil", "x")]), false);
        assert!(matches!(r, Err(WriteError::BadPath(_))));
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "1");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn rejects_escaping_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let r = write_site(&out, &site(&[("../evil", "x")]), false);
        assert!(matches!(r, Err(WriteError::BadPath(_))));
        assert!(!out.exists());
    }
}
