//! Stage 5: write the site. Files are written, as they are rendered and from any thread, into a
//! staging folder beside the output ([`Staging`]); when every file is there the staging folder
//! replaces the output in one atomic exchange, so a failed or killed build leaves the previous
//! site untouched, and the output path holds a whole site (old or new) at every moment.

mod guard;
pub mod manifest;
mod swap;

pub use guard::{check_output_location, LocationError, PREVIEW_FOLDER};

use manifest::{Entry, Manifest};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Present in every folder hindsight built; only such folders are replaced without `--force`.
pub const MARKER: &str = ".hindsight-output";

const MARKER_TEXT: &str = "built by hindsight; safe to delete\n";

/// The stamp the build that made `output` left in its marker file, if hindsight made it.
pub fn read_stamp(output: &Path) -> Option<String> {
    let text = std::fs::read_to_string(output.join(MARKER)).ok()?;
    let rest = text.strip_prefix(MARKER_TEXT)?;
    Some(rest.lines().next().unwrap_or("").trim_end().to_string())
}

/// The id of the build that made the site at `dir` (names its manifest), if hindsight made it.
fn read_generation(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    let rest = text.strip_prefix(MARKER_TEXT)?;
    let id = rest.lines().find_map(|l| l.strip_prefix(GENERATION))?;
    id.chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then(|| id.to_string())
}

const GENERATION: &str = "generation=";

/// Test hook: `HINDSIGHT_CRASH_AT=<step>` aborts the process (as `kill -9` would stop it) right
/// after that step of the write: `staging` (folder created), `files` (half of the files written),
/// `written` (all written), `exchanged` (new site in place, old one not yet removed).
pub const CRASH_ENV: &str = "HINDSIGHT_CRASH_AT";

/// Why the site could not be written; the previous output is then left as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading or writing `path` failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder involved.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The output holds files hindsight did not write (and `--force` was not given).
    #[error("{0} is not empty and was not built by hindsight; refusing to replace it\nhint: choose another --output, empty it, or pass --force")]
    NotOurs(String),
    /// The output path is a file.
    #[error("{0} is a file, not a folder; hindsight never deletes a file, even with --force\nhint: choose another --output")]
    IsFile(String),
    /// A file path that is absolute or climbs out of the site (`..`).
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
///
/// With a reuse folder (under the site's `.hindsight/`), each build records what it published
/// (a [`manifest`]), and the site it replaces is kept there as the *spare* instead of being
/// deleted: the next build starts from the spare and only rewrites the files that differ, so a
/// small change costs a few file operations instead of a new tree of every file and the removal
/// of the old one. The output still changes in one atomic exchange.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// The previous site, if it was built by hindsight (for reusing unchanged files).
    previous: Option<PathBuf>,
    /// What the previous site holds, when its build recorded it.
    previous_manifest: Option<Manifest>,
    previous_generation: Option<String>,
    /// What the staging folder held when it started as the spare; None when it started empty.
    spare: Option<Manifest>,
    /// Where manifests and the spare are kept (None: nothing is recorded or kept).
    reuse: Option<PathBuf>,
    stamp: String,
    manifest: Mutex<Manifest>,
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
        Staging::begin_reusing(output, force, expected_files, stamp, None)
    }

    /// [`Staging::begin`], keeping manifests and the spare site in `reuse` (a folder of the
    /// site's `.hindsight/`, one per output; created when missing).
    pub fn begin_reusing(
        output: &Path,
        force: bool,
        expected_files: usize,
        stamp: &str,
        reuse: Option<&Path>,
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
        let reuse = reuse.filter(|r| std::fs::create_dir_all(r).is_ok());
        let spare = reuse.and_then(|r| take_spare(r, &dir));
        let previous_generation = ours.then(|| read_generation(output)).flatten();
        let previous_manifest = match (reuse, &previous_generation) {
            (Some(r), Some(g)) => manifest::read(&manifest_path(r, g)),
            _ => None,
        };
        let _ = std::fs::remove_file(dir.join(MARKER));
        std::fs::write(dir.join(MARKER), format!("{MARKER_TEXT}{stamp}\n")).map_err(io(&dir))?;
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
            previous_manifest,
            previous_generation,
            spare,
            reuse: reuse.map(Path::to_path_buf),
            stamp: stamp.to_string(),
            manifest: Mutex::default(),
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
        self.write_keyed(rel, bytes, 0)
    }

    /// [`Staging::write`], recording `key` (a hash of what the file was made from, not 0) so
    /// the next build can [`Staging::reuse`] the file without making it again.
    pub fn write_keyed(&self, rel: &str, bytes: &[u8], key: u128) -> Result<(), WriteError> {
        let entry = Entry {
            hash: manifest::hash_bytes(bytes),
            len: bytes.len() as u64,
            key,
        };
        let path = self.target(rel)?;
        if !self.place(rel, &path, &entry) && !self.link_unchanged(rel, bytes, &path) {
            std::fs::write(&path, bytes).map_err(io(&path))?;
        }
        self.record(rel, entry);
        Ok(())
    }

    /// Publishes the previous site's `rel` again when the previous build made it from inputs
    /// of the same `key`; false when it cannot (then the caller makes and writes the file).
    pub fn reuse(&self, rel: &str, key: u128) -> Result<bool, WriteError> {
        let Some(entry) = self.previous_manifest.as_ref().and_then(|m| m.get(rel)) else {
            return Ok(false);
        };
        if key == 0 || entry.key != key || entry.hash == 0 {
            return Ok(false);
        }
        let path = self.target(rel)?;
        if !self.place(rel, &path, entry) {
            return Ok(false);
        }
        self.record(rel, *entry);
        Ok(true)
    }

    /// Puts a file with `entry`'s bytes at `path` without having them: the spare's own copy
    /// when it has them, else a link to the previous site's. False when neither has them (a
    /// recycled staging folder then has nothing left at `path`).
    fn place(&self, rel: &str, path: &Path, entry: &Entry) -> bool {
        let same =
            |e: Option<&Entry>| e.is_some_and(|e| e.hash == entry.hash && e.len == entry.len);
        let previous = self
            .previous
            .as_ref()
            .filter(|_| same(self.previous_manifest.as_ref().and_then(|m| m.get(rel))))
            .map(|p| p.join(rel))
            .and_then(|p| file_id(&p, entry.len).map(|id| (p, id)));
        if let Some(spare) = &self.spare {
            if same(spare.get(rel)) {
                if let Some(mine) = file_id(path, entry.len) {
                    // Kept, unless the previous site's copy is another file: linking to it
                    // keeps the published file's identity from build to build.
                    if previous.as_ref().is_none_or(|(_, id)| *id == mine) {
                        return true;
                    }
                }
            }
            clear(path);
        }
        previous.is_some_and(|(p, _)| std::fs::hard_link(p, path).is_ok())
    }

    /// Links the previous site's `rel` to `path` when its bytes are `bytes` (for a previous
    /// site whose build recorded no manifest).
    fn link_unchanged(&self, rel: &str, bytes: &[u8], path: &Path) -> bool {
        if self.previous_manifest.is_some() {
            return false;
        }
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
        let len = std::fs::metadata(source).map_err(io(source))?.len();
        let linked = self.spare.is_some() && same_file(source, &path);
        if !linked {
            if self.spare.is_some() {
                clear(&path);
            }
            if std::fs::hard_link(source, &path).is_err() {
                std::fs::copy(source, &path).map_err(io(&path))?;
            }
        }
        self.record(
            rel,
            Entry {
                hash: 0,
                len,
                key: 0,
            },
        );
        Ok(())
    }

    /// Swaps the staging folder in as the output, then keeps the previous site as the spare
    /// (or removes it when there is no reuse folder).
    pub fn commit(mut self) -> Result<(), WriteError> {
        let manifest =
            std::mem::take(&mut *self.manifest.get_mut().unwrap_or_else(|e| e.into_inner()));
        if let Some(spare) = self.spare.take() {
            remove_unwritten(&self.dir, &spare, &manifest);
        }
        // The site's id names its manifest; it is a hash of what the site holds, so a cold
        // and an incremental build of the same sources publish the same marker.
        let generation = format!("{:x}", manifest::hash_manifest(&manifest));
        if let Some(r) = &self.reuse {
            let marker = format!("{MARKER_TEXT}{}\n{GENERATION}{generation}\n", self.stamp);
            let path = self.dir.join(MARKER);
            let _ = std::fs::remove_file(&path);
            std::fs::write(&path, marker).map_err(io(&path))?;
            // Without its manifest a site is never reused: a failure here costs speed only.
            let path = manifest_path(r, &generation);
            if manifest::write(&path, &manifest).is_err() {
                let _ = std::fs::remove_file(path);
            }
        }
        crash_point("written");
        let old = swap::exchange(&self.dir, &self.output).map_err(io(&self.output))?;
        self.committed = true;
        crash_point("exchanged");
        let mut keep = vec![generation];
        if let Some(old) = old {
            let spare = self
                .reuse
                .as_ref()
                .filter(|_| self.previous.is_some())
                .map(|r| r.join(SPARE));
            if spare.is_some_and(|s| std::fs::rename(&old, s).is_ok()) {
                keep.extend(self.previous_generation.clone());
            } else {
                // Failing to remove the old tree is not a failed build; the next build retries.
                let _ = std::fs::remove_dir_all(old);
            }
        }
        if let Some(r) = &self.reuse {
            prune_manifests(r, &keep);
        }
        Ok(())
    }

    fn record(&self, rel: &str, entry: Entry) {
        let mut m = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        m.insert(rel.to_string(), entry);
        drop(m);
        self.wrote();
    }

    fn target(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let p = Path::new(rel);
        if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(WriteError::BadPath(rel.to_string()));
        }
        let path = self.dir.join(p);
        if let Some(parent) = path.parent() {
            if !parent.is_dir() {
                if self.spare.is_some() {
                    // A file of the spare may stand where this build needs a folder.
                    let mut at = self.dir.clone();
                    for c in Path::new(rel)
                        .parent()
                        .into_iter()
                        .flat_map(Path::components)
                    {
                        at.push(c);
                        if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                            let _ = std::fs::remove_file(&at);
                        }
                    }
                }
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

/// The spare site inside a reuse folder.
const SPARE: &str = "spare";

fn manifest_path(reuse: &Path, generation: &str) -> PathBuf {
    reuse.join(format!("manifest-{generation}"))
}

/// Moves the reuse folder's spare site to `staging` (an empty folder) and returns what it
/// holds; a spare without its manifest is removed.
fn take_spare(reuse: &Path, staging: &Path) -> Option<Manifest> {
    let spare = reuse.join(SPARE);
    if !spare.is_dir() {
        return None;
    }
    let Some(m) = read_generation(&spare).and_then(|g| manifest::read(&manifest_path(reuse, &g)))
    else {
        let _ = std::fs::remove_dir_all(&spare);
        return None;
    };
    // Replaces the empty staging folder; another build taking it first makes this fail.
    std::fs::rename(&spare, staging).ok()?;
    Some(m)
}

/// Removes the files of a recycled spare that this build did not publish, and the folders
/// that leaves empty.
fn remove_unwritten(dir: &Path, spare: &Manifest, written: &Manifest) {
    let mut folders = std::collections::BTreeSet::new();
    for rel in spare.keys().filter(|k| !written.contains_key(*k)) {
        let path = dir.join(rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(&path);
        }
        let mut at = Path::new(rel.as_str());
        while let Some(p) = at.parent().filter(|p| !p.as_os_str().is_empty()) {
            folders.insert(p.to_path_buf());
            at = p;
        }
    }
    // Deepest first; a folder that still holds files stays.
    for folder in folders.iter().rev() {
        let _ = std::fs::remove_dir(dir.join(folder));
    }
}

/// Removes every manifest of `reuse` but those of `keep`.
fn prune_manifests(reuse: &Path, keep: &[String]) {
    let Ok(entries) = std::fs::read_dir(reuse) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(g) = name.strip_prefix("manifest-") {
            if !keep.iter().any(|k| k == g) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The (device, inode) of the regular file at `path` when it is `len` bytes long.
fn file_id(path: &Path, len: u64) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::symlink_metadata(path).ok()?;
    (m.is_file() && m.len() == len).then(|| (m.dev(), m.ino()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Removes whatever is at `path` (in a staging folder).
fn clear(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
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
