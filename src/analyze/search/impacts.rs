//! The CLI's copy of the browser's postings: per term, the documents (by ord) and the term's
//! precomputed BM25 weight in each. tantivy decides which documents match; this file scores them
//! with the very numbers the static index holds, read straight from a memory map.
//!
//! Layout (little endian): term count n (u64); n + 1 term offsets (u64) into the term bytes;
//! n + 1 posting offsets (u64, in entries); term bytes; postings as (ord u32, weight u32).

use super::corpus::Corpus;
use memmap2::Mmap;
use std::path::Path;

/// Writes `corpus`'s postings to `path` in the layout above.
pub fn write(path: &Path, corpus: &Corpus) -> std::io::Result<()> {
    let postings = corpus.postings();
    let n = corpus.terms.len();
    let mut out: Vec<u8> = Vec::new();
    out.extend_from_slice(&(n as u64).to_le_bytes());
    let mut at = 0u64;
    for t in corpus.terms.iter().map(|t| t.len() as u64).chain([0]) {
        out.extend_from_slice(&at.to_le_bytes());
        at += t;
    }
    let mut at = 0u64;
    for p in postings.iter().map(|p| p.len() as u64).chain([0]) {
        out.extend_from_slice(&at.to_le_bytes());
        at += p;
    }
    for t in &corpus.terms {
        out.extend_from_slice(t.as_bytes());
    }
    for list in &postings {
        for &(ord, w, _) in list {
            out.extend_from_slice(&ord.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    std::fs::write(path, out)
}

/// A memory-mapped impacts file, searched by term without loading it.
pub struct Impacts {
    map: Mmap,
    n: usize,
    terms_at: usize,
    postings_at: usize,
}

fn u64_at(b: &[u8], i: usize) -> usize {
    u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8])) as usize
}

impl Impacts {
    /// Maps the impacts file at `path`; fails on a file too short for its own offsets.
    pub fn open(path: &Path) -> std::io::Result<Impacts> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the cache file is written once, then only replaced by a rename, never changed
        // in place, so the mapped bytes do not change under us.
        let map = unsafe { Mmap::map(&file)? };
        let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "truncated impacts file");
        if map.len() < 8 {
            return Err(bad());
        }
        let n = u64_at(&map, 0);
        let terms_at = 8 + 16 * (n + 1);
        if map.len() < terms_at {
            return Err(bad());
        }
        let postings_at = terms_at + u64_at(&map, 8 + 8 * n);
        let total = u64_at(&map, 8 + 8 * (n + 1) + 8 * n);
        if map.len() != postings_at + 8 * total {
            return Err(bad());
        }
        Ok(Impacts {
            map,
            n,
            terms_at,
            postings_at,
        })
    }

    fn term(&self, i: usize) -> &[u8] {
        let a = u64_at(&self.map, 8 + 8 * i);
        let b = u64_at(&self.map, 8 + 8 * (i + 1));
        &self.map[self.terms_at + a..self.terms_at + b]
    }

    /// The (ord, weight) pairs of a term, as raw little-endian bytes (8 per pair).
    pub fn postings(&self, term: &str) -> &[u8] {
        let (mut lo, mut hi) = (0usize, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid).cmp(term.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let base = 8 + 8 * (self.n + 1);
                    let a = u64_at(&self.map, base + 8 * mid);
                    let b = u64_at(&self.map, base + 8 * (mid + 1));
                    return &self.map[self.postings_at + 8 * a..self.postings_at + 8 * b];
                }
            }
        }
        &[]
    }

    /// Calls `f(ord, weight)` for every document with the term.
    pub fn for_each(&self, term: &str, mut f: impl FnMut(u32, u32)) {
        for pair in self.postings(term).chunks_exact(8) {
            let ord = u32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]);
            let w = u32::from_le_bytes([pair[4], pair[5], pair[6], pair[7]]);
            f(ord, w);
        }
    }
}
