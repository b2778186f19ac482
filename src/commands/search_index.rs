//! The search cache under `<root>/.hindsight/search/`: reused while the content is unchanged
//! (same files, sizes and modification times, same site.toml, same hindsight), rebuilt otherwise.

use crate::analyze::search::engine::{read_meta, write_cache, DocInfo, CACHE_FORMAT};
use crate::analyze::search::{search_docs, similar, Corpus, SearchIndex, SIMILAR_ON_PAGE};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Where the search cache of the site at `root` lives.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".hindsight").join("search")
}

/// The sources that decide what the cache holds: a change to any of them invalidates caches.
const SOURCE_HASH: u64 = {
    let sources: [&[u8]; 9] = [
        include_bytes!("../analyze/search/analysis.rs"),
        include_bytes!("../analyze/search/bm25.rs"),
        include_bytes!("../analyze/search/fields.rs"),
        include_bytes!("../analyze/search/corpus.rs"),
        include_bytes!("../analyze/search/similar.rs"),
        include_bytes!("../analyze/search/generic_words.txt"),
        include_bytes!("../analyze/search/impacts.rs"),
        include_bytes!("../analyze/search/tantivy_index.rs"),
        include_bytes!("../analyze/search/engine.rs"),
    ];
    let mut h: u64 = 0xcbf29ce484222325;
    let mut s = 0;
    while s < sources.len() {
        let mut i = 0;
        while i < sources[s].len() {
            h ^= sources[s][i] as u64;
            h = h.wrapping_mul(0x100000001b3);
            i += 1;
        }
        s += 1;
    }
    h
};

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

/// Hash of what the index is built from: content files (path, size, mtime), site.toml, and the
/// version of hindsight's search code.
pub fn fingerprint(root: &Path) -> Result<String> {
    let mut h = Fnv(0xcbf29ce484222325);
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(&CACHE_FORMAT.to_le_bytes());
    h.write(&SOURCE_HASH.to_le_bytes());
    // The whole extractor shapes the documents too.
    h.write(super::fingerprint::CODE_HASH.as_bytes());
    if let Ok(bytes) = std::fs::read(root.join("site.toml")) {
        h.write(&bytes);
    }
    let content = crate::config::SiteConfig::load(&root.join("site.toml"))
        .map(|c| c.content_path(root))
        .unwrap_or_else(|_| root.join("content"));
    let mut files = Vec::new();
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", content.display()))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    // One stat per file, on every core: on a big site this is most of a query's time.
    let stats: Vec<(u64, u128)> = files
        .par_iter()
        .map(|p| {
            let meta = std::fs::metadata(p).ok();
            let len = meta.as_ref().map(|m| m.len()).unwrap_or(0);
            let mtime = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            (len, mtime)
        })
        .collect();
    for (path, (len, mtime)) in files.iter().zip(&stats) {
        h.write(path.as_os_str().as_encoded_bytes());
        h.write(&len.to_le_bytes());
        h.write(&mtime.to_le_bytes());
    }
    Ok(format!("{:016x}-{}", h.0, files.len()))
}

/// Opens the cached index, rebuilding it first when the content changed. Returns whether it
/// was rebuilt.
pub fn open_or_build(root: &Path) -> Result<(SearchIndex, bool)> {
    open_or_build_with(root, false)
}

/// As [`open_or_build`]; with `trust`, an existing cache is used without checking `content/`
/// (one stat per file, which is most of a query's time on a site of 100,000 postmortems).
pub fn open_or_build_with(root: &Path, trust: bool) -> Result<(SearchIndex, bool)> {
    let dir = cache_dir(root);
    if trust && read_meta(&dir).is_some_and(|m| m.format == CACHE_FORMAT) {
        if let Ok(index) = SearchIndex::open(&dir) {
            return Ok((index, false));
        }
    }
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
    let timing = std::env::var_os("HINDSIGHT_TIMING").is_some();
    let t = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("timing: {what} done at {:.2?}", t.elapsed());
        }
    };
    let mut site = super::load_site(root, false)?;
    lap("load + extract");
    crate::analyze::sort_incidents(&mut site.incidents);
    let starts: Vec<Option<i64>> = site
        .incidents
        .iter()
        .map(|i| i.start.map(|s| s.timestamp()))
        .collect();
    let corpus = Corpus::build(search_docs(&site.incidents));
    lap("analysis");
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
    let explain = similar::Explain::without_words_of(&[site.config.title.as_str()]);
    let similar = similar::similar_all(&corpus, SIMILAR_ON_PAGE.max(20), &explain);
    lap("similarity");
    let parent = dir.parent().unwrap_or(root);
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let tmp = parent.join(format!("search.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    write_cache(&tmp, &corpus, &starts, &infos, &similar, fp)
        .with_context(|| format!("writing the search cache in {}", tmp.display()))?;
    lap("tantivy index + cache files");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&tmp, dir)
        .with_context(|| format!("moving the search cache to {}", dir.display()))?;
    Ok(())
}
