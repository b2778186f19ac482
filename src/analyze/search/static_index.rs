//! The browser's index, written under `public/search/`: the same terms and the same BM25 weights
//! as the CLI, cut into shards by term range so that a query fetches only the shards of its terms.
//!
//! Files (all varints are unsigned LEB128). Every file but `meta.json` is gzip-compressed
//! (`.gz`): the render stage compresses the plain bytes given here (see [`compressed`]), and
//! `search.js` inflates them with the browser's `DecompressionStream` (or takes them as they
//! are when a server already undid the gzip). That makes the index about a third of its plain
//! size on disk and on the wire, where GitHub Pages would not compress `.bin` files itself.
//! - `meta.json`: counts, field names, the first term of each shard, years, facet values.
//! - `t/N.bin.gz`: postings; per term: len, utf-8 term, count, then count x (ord delta, weight << 5 | field mask).
//!   Facet values are terms too (`category:config`), with weight 0.
//! - `w/N.bin.gz`: words for prefix search; per word: len, word, len, term, documents with the term.
//! - `d/ORD.json.gz`: one incident's title, slug, date, labels, duration and field texts (for
//!   snippets and phrase checks), fetched only for results shown.
//! - `dates.bin.gz`: per ord, days since 1970-01-01 plus one (0: no date); only for date filters
//!   and the filters' counts.
//! - `f.bin.gz`: per ord, duration in whole minutes plus one (0: unknown), then per facet the count
//!   and the positions of its values in `meta.facet_values`; only for facet filters, the filters'
//!   counts and sorting by duration (both grow with the site: a plain query fetches neither).

use super::corpus::Corpus;
use super::fields::{SearchDoc, FACETS, N_FIELDS, TEXT_FIELDS};
use serde_json::json;
use std::collections::BTreeMap;

/// Shards are closed once they pass this many bytes (a single long posting list may exceed it).
pub const SHARD_BYTES: usize = 12 * 1024;
/// The layout version, written to `meta.json` as `version`; bumped when the files change shape.
pub const FORMAT_VERSION: u32 = 3;
/// The suffix of files that are published gzip-compressed (their bytes here are the plain ones).
pub const GZ: &str = ".gz";

/// Whether the file at `path` (relative to `search/`) is published compressed.
pub fn compressed(path: &str) -> bool {
    path.ends_with(GZ)
}

/// Appends `v` as an unsigned LEB128 varint.
pub fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    push_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Cuts encoded entries (already in term order) into shards; returns (first key, bytes) each.
fn cut(entries: impl Iterator<Item = (String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let mut shards: Vec<(String, Vec<u8>)> = Vec::new();
    for (key, bytes) in entries {
        match shards.last_mut() {
            Some((_, buf)) if buf.len() < SHARD_BYTES => buf.extend_from_slice(&bytes),
            _ => shards.push((key, bytes)),
        }
    }
    shards
}

/// Days from 1970-01-01 to `d` (negative before).
pub fn days_since_epoch(d: chrono::NaiveDate) -> i64 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")).num_days()
}

/// Every file of the static index but the incidents' own ([`doc_file`]), paths relative to
/// `search/`, with plain (uncompressed) bytes; paths ending in [`GZ`] are to be published
/// gzip-compressed.
pub fn write_static(corpus: &Corpus) -> Vec<(String, Vec<u8>)> {
    let postings = corpus.postings();
    let facets = FacetTerms::of(corpus);
    let term_shards = cut(term_entries(corpus, &postings, &facets.postings));
    // Encoded: the postings are as large as the corpus's term lists, so they go now.
    drop(postings);
    let word_shards = cut(word_entries(corpus));
    let (years, dates) = date_table(corpus);
    let meta = meta_json(corpus, &term_shards, &word_shards, &years, &facets.counts);

    let mut files = Vec::with_capacity(term_shards.len() + word_shards.len() + 3);
    files.push(("meta.json".to_string(), meta.to_string().into_bytes()));
    for (i, (_, bytes)) in term_shards.into_iter().enumerate() {
        files.push((format!("t/{i}.bin{GZ}"), bytes));
    }
    for (i, (_, bytes)) in word_shards.into_iter().enumerate() {
        files.push((format!("w/{i}.bin{GZ}"), bytes));
    }
    files.push((format!("dates.bin{GZ}"), dates));
    files.push((format!("f.bin{GZ}"), facet_table(corpus, &facets.counts)));
    files
}

/// The `d/ORD.json.gz` file of incident `inc`, number `ord` in site order (its path relative to
/// `search/`, and plain bytes). Not among [`write_static`]'s files: together these are as large
/// as every incident's text, so the render stage makes each one as it writes it instead of the
/// site model holding them all.
pub fn doc_file(ord: u32, inc: &crate::extract::Incident) -> (String, Vec<u8>) {
    let doc = SearchDoc::from_incident(ord, inc);
    (doc_path(ord), doc_fragment(&doc))
}

/// The path of [`doc_file`] (relative to `search/`), known without making the file.
pub fn doc_path(ord: u32) -> String {
    format!("d/{ord}.json{GZ}")
}

/// The facet values of every incident, as terms (`category:config`) and as counts.
struct FacetTerms {
    /// Facet term -> the ords that have it, in ord order.
    postings: BTreeMap<String, Vec<u32>>,
    /// Per facet (in [`FACETS`] order): value -> incidents with it.
    counts: Vec<BTreeMap<String, u32>>,
}

impl FacetTerms {
    fn of(corpus: &Corpus) -> FacetTerms {
        let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut counts: Vec<BTreeMap<String, u32>> = vec![BTreeMap::new(); FACETS.len()];
        for doc in &corpus.docs {
            for (fi, name) in FACETS.iter().enumerate() {
                let mut vals = doc.facet(name);
                vals.sort();
                vals.dedup();
                for v in vals {
                    postings
                        .entry(format!("{name}:{v}"))
                        .or_default()
                        .push(doc.ord);
                    *counts[fi].entry(v.to_string()).or_default() += 1;
                }
            }
        }
        FacetTerms { postings, counts }
    }
}

/// Text terms and facet terms, merged in term order, each encoded as a `t/N.bin` entry.
fn term_entries<'a>(
    corpus: &'a Corpus,
    postings: &'a [Vec<(u32, u32, u8)>],
    facet_postings: &'a BTreeMap<String, Vec<u32>>,
) -> impl Iterator<Item = (String, Vec<u8>)> + 'a {
    let mut keyed: Vec<(&str, Option<usize>)> = corpus
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), Some(i)))
        .chain(facet_postings.keys().map(|k| (k.as_str(), None)))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(b.0));
    keyed.into_iter().map(move |(term, id)| {
        let mut buf = Vec::new();
        push_str(&mut buf, term);
        let mut prev = 0u32;
        match id {
            Some(i) => {
                push_varint(&mut buf, postings[i].len() as u64);
                for &(ord, w, mask) in &postings[i] {
                    push_varint(&mut buf, (ord - prev) as u64);
                    push_varint(&mut buf, ((w as u64) << 5) | mask as u64);
                    prev = ord;
                }
            }
            None => {
                let ords = &facet_postings[term];
                push_varint(&mut buf, ords.len() as u64);
                for &ord in ords {
                    push_varint(&mut buf, (ord - prev) as u64);
                    push_varint(&mut buf, 0);
                    prev = ord;
                }
            }
        }
        (term.to_string(), buf)
    })
}

/// Every word, encoded as a `w/N.bin` entry: the word, its term and the term's document count.
fn word_entries(corpus: &Corpus) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
    corpus.words.iter().map(|(word, id)| {
        let mut buf = Vec::new();
        push_str(&mut buf, word);
        push_str(&mut buf, &corpus.terms[*id as usize]);
        push_varint(&mut buf, corpus.df_any[*id as usize] as u64);
        (word.clone(), buf)
    })
}

/// Per year, the lowest and highest ord dated in it; and `dates.bin`.
fn date_table(corpus: &Corpus) -> (BTreeMap<i32, (u32, u32)>, Vec<u8>) {
    let mut years: BTreeMap<i32, (u32, u32)> = BTreeMap::new();
    let mut dates = Vec::new();
    for doc in &corpus.docs {
        match doc.date {
            Some(d) => {
                use chrono::Datelike;
                let e = years.entry(d.year()).or_insert((doc.ord, doc.ord));
                e.0 = e.0.min(doc.ord);
                e.1 = e.1.max(doc.ord);
                push_varint(&mut dates, (days_since_epoch(d) + 1).max(0) as u64);
            }
            None => push_varint(&mut dates, 0),
        }
    }
    (years, dates)
}

/// `meta.json`: what the browser reads first.
fn meta_json(
    corpus: &Corpus,
    term_shards: &[(String, Vec<u8>)],
    word_shards: &[(String, Vec<u8>)],
    years: &BTreeMap<i32, (u32, u32)>,
    facet_counts: &[BTreeMap<String, u32>],
) -> serde_json::Value {
    let facet_values: serde_json::Map<String, serde_json::Value> = FACETS
        .iter()
        .zip(facet_counts)
        .map(|(name, counts)| {
            let list: Vec<serde_json::Value> = counts.iter().map(|(v, n)| json!([v, n])).collect();
            (name.to_string(), serde_json::Value::Array(list))
        })
        .collect();
    json!({
        "version": FORMAT_VERSION,
        "docs": corpus.docs.len(),
        "fields": TEXT_FIELDS,
        "facets": FACETS,
        "n_fields": N_FIELDS,
        "shards": term_shards.iter().map(|s| &s.0).collect::<Vec<_>>(),
        "word_shards": word_shards.iter().map(|s| &s.0).collect::<Vec<_>>(),
        "years": years.iter().map(|(y, (lo, hi))| json!([y, lo, hi])).collect::<Vec<_>>(),
        "facet_values": facet_values,
    })
}

/// `d/ORD.json.gz`: what a result shows of one incident, and its texts for snippets.
fn doc_fragment(doc: &SearchDoc) -> Vec<u8> {
    json!({
        "slug": doc.slug,
        "title": doc.title,
        "date": doc.date.map(|d| d.to_string()),
        "category": doc.category,
        "components": doc.components,
        "tags": doc.tags,
        "severity": doc.severity_label,
        "severity_level": doc.severity_label.as_deref().and_then(crate::analyze::severity::level),
        // As f.bin has it, so a result shows its duration without f.bin.
        "minutes": doc.duration_minutes.filter(|m| m.is_finite() && *m >= 0.0).map(|m| m.round() as u64),
        "texts": doc.texts,
    })
    .to_string()
    .into_bytes()
}

/// `f.bin.gz`: each incident's duration and facet values, as positions in the sorted value lists.
fn facet_table(corpus: &Corpus, facet_counts: &[BTreeMap<String, u32>]) -> Vec<u8> {
    let positions: Vec<BTreeMap<&str, usize>> = facet_counts
        .iter()
        .map(|c| c.keys().enumerate().map(|(i, v)| (v.as_str(), i)).collect())
        .collect();
    let mut out = Vec::new();
    for doc in &corpus.docs {
        let minutes = doc
            .duration_minutes
            .filter(|m| m.is_finite() && *m >= 0.0)
            .map(|m| m.round() as u64 + 1)
            .unwrap_or(0);
        push_varint(&mut out, minutes);
        for (fi, name) in FACETS.iter().enumerate() {
            let mut vals: Vec<usize> = doc
                .facet(name)
                .iter()
                .filter_map(|v| positions[fi].get(v).copied())
                .collect();
            vals.sort();
            vals.dedup();
            push_varint(&mut out, vals.len() as u64);
            for v in vals {
                push_varint(&mut out, v as u64);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_roundtrip_sizes() {
        let mut b = Vec::new();
        push_varint(&mut b, 0);
        push_varint(&mut b, 127);
        push_varint(&mut b, 128);
        push_varint(&mut b, 300);
        assert_eq!(b, [0, 127, 0x80, 1, 0xac, 2]);
    }
}
