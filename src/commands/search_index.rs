//! The search cache under `<root>/.hindsight/search/`: reused while the content is unchanged
//! (same files, sizes and modification times, same site.toml, same hindsight), rebuilt otherwise.

use crate::analyze::search::engine::{read_meta, write_cache, DocInfo, CACHE_FORMAT};
use crate::analyze::search::{search_docs, similar, Corpus, SearchIndex, SIMILAR_ON_PAGE};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".hindsight").join("search")
}

/// FNV-1a: a stable hash (std's hasher may change between Rust releases).
struct Fnv(u64);
impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
        // separator so that ("ab","c") and ("a","bc") differ
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x100000001b3);
    }
}

/// Hash of what the index is built from: content files (path, size, mtime), site.toml, the
/// hindsight binary.
pub fn fingerprint(root: &Path) -> Result<String> {
    let mut h = Fnv(0xcbf29ce484222325);
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(&CACHE_FORMAT.to_le_bytes());
    // A rebuilt hindsight may analyse differently: its binary is part of the fingerprint.
    if let Some(meta) = std::env::current_exe().ok().and_then(|p| p.metadata().ok()) {
        h.write(&meta.len().to_le_bytes());
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        h.write(&mtime.map(|d| d.as_nanos()).unwrap_or(0).to_le_bytes());
    }
    if let Ok(bytes) = std::fs::read(root.join("site.toml")) {
        h.write(&bytes);
    }
    let content = root.join("content");
    let mut n = 0u64;
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", content.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = entry.metadata()?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        h.write(entry.path().as_os_str().as_encoded_bytes());
        h.write(&meta.len().to_le_bytes());
        h.write(&mtime.to_le_bytes());
        n += 1;
    }
    Ok(format!("{:016x}-{n}", h.0))
}

/// Opens the cached index, rebuilding it first when the content changed. Returns whether it
/// was rebuilt.
pub fn open_or_build(root: &Path) -> Result<(SearchIndex, bool)> {
    let dir = cache_dir(root);
    let fp = fingerprint(root)?;
    if read_meta(&dir).is_some_and(|m| m.fingerprint == fp && m.format == CACHE_FORMAT) {
        if let Ok(index) = SearchIndex::open(&dir) {
            return Ok((index, false));
        }
    }
    rebuild(root, &dir, &fp)?;
    let index = SearchIndex::open(&dir)?;
    Ok((index, true))
}

fn rebuild(root: &Path, dir: &Path, fp: &str) -> Result<()> {
    let mut site = super::load_site(root, false)?;
    crate::analyze::sort_incidents(&mut site.incidents);
    let starts: Vec<Option<i64>> = site
        .incidents
        .iter()
        .map(|i| i.start.map(|s| s.timestamp()))
        .collect();
    let corpus = Corpus::build(search_docs(&site.incidents));
    let infos: Vec<DocInfo> = corpus
        .docs
        .iter()
        .zip(&site.incidents)
        .map(|(d, inc)| DocInfo {
            slug: d.slug.clone(),
            title: d.title.clone(),
            date: d.date.map(|x| x.to_string()),
            category: d.category.clone(),
            source: inc.source.clone(),
        })
        .collect();
    let similar = similar::similar_all(&corpus, SIMILAR_ON_PAGE.max(20));
    let parent = dir.parent().unwrap_or(root);
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let tmp = parent.join(format!("search.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    write_cache(&tmp, &corpus, &starts, &infos, &similar, fp)
        .with_context(|| format!("writing the search cache in {}", tmp.display()))?;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&tmp, dir)
        .with_context(|| format!("moving the search cache to {}", dir.display()))?;
    Ok(())
}
