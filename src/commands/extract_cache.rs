//! The extraction cache under `.hindsight/extract/`: each postmortem's extracted incident, keyed
//! by a hash of its bytes, its path, hindsight's code and the settings extraction reads, so a
//! rebuild after one edit extracts one file. A damaged entry or a cache written by another
//! hindsight is ignored with a warning and rebuilt; nothing in it is ever trusted over the files.

use super::fingerprint::{Fnv, CODE_HASH};
use crate::extract::Incident;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".hindsight/extract";
const VERSION_FILE: &str = "VERSION";
/// Bumped when the entry format changes.
const FORMAT: u32 = 2;

/// One cached incident with the fields `Incident` does not serialize. A body that is the end
/// of the file as it is (most are) is stored as its length: the bytes are at hand when the
/// entry is read (they make its key), and the body was nearly half of each entry to parse.
#[derive(Serialize)]
struct EntryRef<'a> {
    rel_path: &'a str,
    body: &'a str,
    body_tail: Option<usize>,
    body_line_offset: usize,
    incident: &'a Incident,
}

#[derive(Deserialize)]
struct Entry {
    rel_path: String,
    body: String,
    body_tail: Option<usize>,
    body_line_offset: usize,
    incident: Incident,
}

/// Extracted incidents kept under `.hindsight/extract/`, keyed by a file's bytes and the
/// settings, so an unchanged postmortem is not extracted again.
pub struct ExtractCache {
    dir: PathBuf,
    /// False when the folder cannot be written (a read-only site): nothing is read or stored.
    enabled: bool,
    /// A failure to store is reported once, not once per file.
    store_failed: std::sync::atomic::AtomicBool,
    /// The code and settings, hashed; `with_shortcodes` adds what shortcodes read.
    settings: Fnv,
    with_shortcodes: Fnv,
    used: Mutex<HashSet<String>>,
    warnings: Mutex<Vec<String>>,
    hits: AtomicUsize,
}

impl ExtractCache {
    /// Opens (or starts) the cache of the site at `root`. `settings` describes everything but
    /// the file's own bytes that shapes its incident; `shortcodes` what only a document with
    /// shortcodes reads: the base URL and the site's list of postmortems (links resolve against
    /// them). So `serve`'s local base URL and an added file leave the other entries valid.
    pub fn open(root: &Path, settings: &str, shortcodes: &[String]) -> ExtractCache {
        let dir = root.join(CACHE_DIR);
        let mut warnings = Vec::new();
        let version = format!("hindsight extract cache {FORMAT} {CODE_HASH}\n");
        match std::fs::read_to_string(dir.join(VERSION_FILE)) {
            Ok(v) if v == version => {}
            Ok(_) => {
                warnings.push(format!(
                    "{CACHE_DIR}: made by another hindsight version; ignored and rebuilt"
                ));
                let _ = std::fs::remove_dir_all(&dir);
            }
            // No version yet: new, or being started by another build right now (each entry is
            // checked when read, so nothing in the folder is trusted blindly).
            Err(_) => {}
        }
        let enabled = std::fs::create_dir_all(&dir).is_ok()
            && (dir.join(VERSION_FILE).exists()
                || std::fs::write(dir.join(VERSION_FILE), &version).is_ok());
        let mut h = Fnv::default();
        h.write(CODE_HASH.as_bytes());
        h.write(env!("CARGO_PKG_VERSION").as_bytes());
        h.write(settings.as_bytes());
        let mut with_shortcodes = h;
        for s in shortcodes {
            with_shortcodes.write(s.as_bytes());
        }
        ExtractCache {
            dir,
            enabled,
            store_failed: Default::default(),
            settings: h,
            with_shortcodes,
            used: Mutex::default(),
            warnings: Mutex::new(warnings),
            hits: AtomicUsize::new(0),
        }
    }

    /// The key of the file at `rel` (relative to the content folder) with these bytes.
    pub fn key(&self, rel: &str, bytes: &[u8]) -> String {
        // Conservative: text not in an ASCII-compatible encoding may hide a `{{`.
        let has_shortcodes = bytes.windows(2).any(|w| w == b"{{" || w == b"{%")
            || bytes.contains(&0)
            || bytes.starts_with(&[0xfe, 0xff])
            || bytes.starts_with(&[0xff, 0xfe]);
        let mut h = if has_shortcodes {
            self.with_shortcodes
        } else {
            self.settings
        };
        h.write(rel.as_bytes());
        h.write(bytes);
        h.hex()
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The cached incident of `key` (made from `bytes`, the file at `rel`), if there is a
    /// sound one.
    pub fn get(&self, key: &str, rel: &str, bytes: &[u8]) -> Option<Incident> {
        if !self.enabled {
            return None;
        }
        self.lock_used().insert(key.to_string());
        let path = self.entry_path(key);
        let entry = std::fs::read(&path).ok()?;
        let tail = |n: usize| {
            let start = bytes.len().checked_sub(n)?;
            std::str::from_utf8(&bytes[start..])
                .ok()
                .map(str::to_string)
        };
        let sound = serde_json::from_slice::<Entry>(&entry)
            .ok()
            .filter(|e| e.rel_path == rel)
            .and_then(|mut e| {
                if let Some(n) = e.body_tail {
                    e.body = tail(n)?;
                }
                Some(e)
            });
        match sound {
            Some(e) => {
                let mut inc = e.incident;
                inc.rel_path = e.rel_path;
                inc.body = e.body;
                inc.body_line_offset = e.body_line_offset;
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(inc)
            }
            None => {
                self.warn(format!(
                    "{CACHE_DIR}/{key}.json: damaged cache entry for {rel}; ignored and rebuilt"
                ));
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores `incident` under `key`; a failure only costs the next build the extraction.
    /// `body_is_tail`: its body is the end of the file's bytes, as they are.
    pub fn put(&self, key: &str, incident: &Incident, body_is_tail: bool) {
        if !self.enabled {
            return;
        }
        let entry = EntryRef {
            rel_path: &incident.rel_path,
            body: if body_is_tail { "" } else { &incident.body },
            body_tail: body_is_tail.then_some(incident.body.len()),
            body_line_offset: incident.body_line_offset,
            incident,
        };
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        // Written beside and renamed, so a reader never sees half an entry.
        let write = || -> std::io::Result<()> {
            let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
            tmp.write_all(&json)?;
            tmp.persist(self.entry_path(key)).map_err(|e| e.error)?;
            Ok(())
        };
        if let Err(e) = write() {
            if !self.store_failed.swap(true, Ordering::Relaxed) {
                self.warn(format!("{CACHE_DIR}: cannot store an entry: {e}"));
            }
        }
    }

    /// Removes the entries this build did not use and returns the warnings.
    pub fn finish(self) -> Vec<String> {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let entries = self
            .enabled
            .then(|| std::fs::read_dir(&self.dir).ok())
            .flatten();
        if let Some(entries) = entries {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let stale = match name.strip_suffix(".json") {
                    Some(key) => !used.contains(key),
                    // Temporary files an interrupted build left (not another build's, in flight).
                    None => name != VERSION_FILE && older_than_an_hour(&e),
                };
                if stale {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        self.warnings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// How many incidents came from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    fn warn(&self, message: String) {
        let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        w.push(message);
    }

    fn lock_used(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn older_than_an_hour(e: &std::fs::DirEntry) -> bool {
    e.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ignores_damage() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ExtractCache::open(tmp.path(), "s", &[]);
        let key = cache.key("a.md", b"# A\n");
        assert_ne!(key, cache.key("b.md", b"# A\n"));
        assert!(cache.get(&key, "a.md", b"# A\n").is_none());
        let inc = Incident {
            slug: "a".into(),
            rel_path: "a.md".into(),
            body: "# A\n".into(),
            body_line_offset: 2,
            duration_minutes: Some(0.1 + 0.2),
            ..Default::default()
        };
        cache.put(&key, &inc, false);
        let back = cache.get(&key, "a.md", b"# A\n").unwrap();
        assert_eq!(back.body, inc.body);
        assert_eq!(back.body_line_offset, 2);
        assert_eq!(back.duration_minutes, inc.duration_minutes);
        assert!(cache.finish().is_empty());

        let cache = ExtractCache::open(tmp.path(), "s", &[]);
        std::fs::write(cache.entry_path(&key), b"{not json").unwrap();
        assert!(cache.get(&key, "a.md", b"# A\n").is_none());
        let warnings = cache.finish();
        assert!(warnings[0].contains("damaged"), "{warnings:?}");

        std::fs::write(tmp.path().join(CACHE_DIR).join(VERSION_FILE), "other").unwrap();
        let warnings = ExtractCache::open(tmp.path(), "s", &[]).finish();
        assert!(warnings[0].contains("another hindsight"), "{warnings:?}");
    }

    #[test]
    fn a_body_that_ends_the_file_is_taken_from_its_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ExtractCache::open(tmp.path(), "s", &[]);
        let bytes = "---\ntitle: A\n---\n# A \"é\"\n".as_bytes();
        let key = cache.key("a.md", bytes);
        let inc = Incident {
            rel_path: "a.md".into(),
            body: "# A \"é\"\n".into(),
            ..Default::default()
        };
        cache.put(&key, &inc, true);
        let stored = std::fs::read_to_string(cache.entry_path(&key)).unwrap();
        assert!(!stored.contains("# A"), "{stored}");
        assert_eq!(cache.get(&key, "a.md", bytes).unwrap().body, inc.body);
        // Bytes that cannot hold the body (a foreign or damaged entry): ignored, not a panic.
        assert!(cache.get(&key, "a.md", b"# A").is_none());
        assert!(cache.finish()[0].contains("damaged"));
    }
}
