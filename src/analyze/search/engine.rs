//! Answering queries from the cached tantivy index: tantivy finds the documents that meet the
//! query (terms, phrases, exclusions, facets, dates); we score them with the per-term BM25
//! weights of [`super::impacts`], the same integers the browser adds up.

use super::bm25::Stats;
use super::corpus::Corpus;
use super::fields::N_FIELDS;
use super::impacts::Impacts;
use super::query::{plan, Lexicon, Match, Plan};
use super::similar::SimilarRef;
use super::snippet::{snippet, Piece};
use super::static_index::{days_since_epoch, push_varint};
use super::tantivy_index::{self, IndexFields};
use super::SearchError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, IndexReader, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

/// Bumped whenever the cache's layout or the analysis changes.
pub const CACHE_FORMAT: u32 = 3;

/// Facts about the cached index, in `meta.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CacheMeta {
    /// [`CACHE_FORMAT`] when written; another value means rebuild.
    pub format: u32,
    /// Of the content and settings the index was built from.
    pub fingerprint: String,
    /// Corpus statistics for BM25.
    pub stats: Stats,
}

/// One incident as `similar` prints it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocInfo {
    /// Its slug.
    pub slug: String,
    /// Its title as shown.
    pub title: String,
    /// Its date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Its root-cause category, if known.
    pub category: Option<String>,
    /// Source file relative to the site root.
    pub source: String,
}

/// Filters from the command line (the browser's filter controls).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Any of these categories.
    pub category: Vec<String>,
    /// Any of these components.
    pub component: Vec<String>,
    /// Any of these tags.
    pub tag: Vec<String>,
    /// Any of these severities.
    pub severity: Vec<String>,
    /// Dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Dated on or before this day.
    pub until: Option<NaiveDate>,
    /// How hits are ordered (the page's sort control).
    pub order: Order,
}

/// The order of hits: by score, by date (site order), or by duration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    /// Best score first (ties: newer first).
    #[default]
    Relevance,
    /// Newest first: the site's order.
    Newest,
    /// Longest known duration first; unknown durations last, newest first.
    Longest,
}

impl Filters {
    /// The facet filters in [`super::fields::FACETS`] order.
    pub fn facets(&self) -> [&Vec<String>; 4] {
        [&self.category, &self.component, &self.tag, &self.severity]
    }

    /// No facet and no date filter.
    pub fn is_empty(&self) -> bool {
        self.facets().iter().all(|v| v.is_empty()) && self.since.is_none() && self.until.is_none()
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Its position in the site's order (the document number of the index).
    pub ord: u32,
    /// Its slug.
    pub slug: String,
    /// Its title as shown.
    pub title: String,
    /// Its date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Its root-cause category, if known.
    pub category: Option<String>,
    /// BM25 in thousandths (the browser's number too).
    pub score: u64,
    /// The best passage, with the matched words marked.
    pub snippet: Vec<Piece>,
}

/// The cached search index of a site, for `search` and `similar` on the command line.
pub struct SearchIndex {
    dir: PathBuf,
    reader: IndexReader,
    fields: IndexFields,
    /// What `meta.json` says of the cache.
    pub meta: CacheMeta,
    impacts: Impacts,
    words: OnceCell<Vec<(String, String, u32)>>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the cache for `corpus` into `dir` (which must not exist yet).
pub fn write_cache(
    dir: &Path,
    corpus: &Corpus,
    starts: &[Option<i64>],
    infos: &[DocInfo],
    similar: &[Vec<SimilarRef>],
    fingerprint: &str,
) -> Result<(), SearchError> {
    let index_dir = dir.join("index");
    std::fs::create_dir_all(&index_dir).map_err(io_err(&index_dir))?;
    tantivy_index::build(&index_dir, corpus, starts)?;
    let mut words = Vec::new();
    for (w, id) in &corpus.words {
        for s in [w.as_str(), corpus.terms[*id as usize].as_str()] {
            push_varint(&mut words, s.len() as u64);
            words.extend_from_slice(s.as_bytes());
        }
        push_varint(&mut words, corpus.df_any[*id as usize] as u64);
    }
    let write = |name: &str, bytes: Vec<u8>| -> Result<(), SearchError> {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(io_err(&p))
    };
    write("words.bin", words)?;
    let impacts = dir.join("impacts.bin");
    super::impacts::write(&impacts, corpus).map_err(io_err(&impacts))?;
    write("docs.json", serde_json::to_vec(infos)?)?;
    write("similar.json", serde_json::to_vec(similar)?)?;
    let meta = CacheMeta {
        format: CACHE_FORMAT,
        fingerprint: fingerprint.to_string(),
        stats: corpus.stats.clone(),
    };
    // meta.json last: a cache without it is incomplete and gets rebuilt.
    write("meta.json", serde_json::to_vec(&meta)?)
}

/// Reads `meta.json` of a cache folder, if there is a readable one.
pub fn read_meta(dir: &Path) -> Option<CacheMeta> {
    let bytes = std::fs::read(dir.join("meta.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn read_varint(b: &[u8], i: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    while *i < b.len() {
        let byte = b[*i];
        *i += 1;
        v |= ((byte & 0x7f) as u64) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

fn read_str(b: &[u8], i: &mut usize) -> String {
    let n = read_varint(b, i) as usize;
    let end = (*i + n).min(b.len());
    let s = String::from_utf8_lossy(&b[*i..end]).into_owned();
    *i = end;
    s
}

impl SearchIndex {
    /// Opens the cached index in `dir` (`.hindsight/search`).
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let meta = read_meta(dir).ok_or_else(|| SearchError::Cache(dir.display().to_string()))?;
        let (index, fields) = tantivy_index::open(&dir.join("index"))?;
        let reader = index.reader()?;
        let impacts_path = dir.join("impacts.bin");
        let impacts = Impacts::open(&impacts_path).map_err(io_err(&impacts_path))?;
        Ok(SearchIndex {
            impacts,
            dir: dir.to_path_buf(),
            reader,
            fields,
            meta,
            words: OnceCell::new(),
        })
    }

    /// Incidents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn words(&self) -> &[(String, String, u32)] {
        self.words.get_or_init(|| {
            let b = std::fs::read(self.dir.join("words.bin")).unwrap_or_default();
            let mut out = Vec::new();
            let mut i = 0;
            while i < b.len() {
                let w = read_str(&b, &mut i);
                let t = read_str(&b, &mut i);
                let df = read_varint(&b, &mut i) as u32;
                out.push((w, t, df));
            }
            out
        })
    }

    /// Every incident of the index, in site order.
    pub fn docs(&self) -> Result<Vec<DocInfo>, SearchError> {
        let p = self.dir.join("docs.json");
        let bytes = std::fs::read(&p).map_err(io_err(&p))?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    /// Each incident's similar incidents, in site order.
    pub fn similar(&self) -> Result<Vec<Vec<SimilarRef>>, SearchError> {
        let p = self.dir.join("similar.json");
        let bytes = std::fs::read(&p).map_err(io_err(&p))?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    fn text_term(&self, field: usize, term: &str) -> Term {
        Term::from_field_text(self.fields.texts[field], term)
    }

    fn any_field(&self, term: &str) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            (0..N_FIELDS)
                .map(|f| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        self.text_term(f, term),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect(),
        ))
    }

    fn to_query(&self, m: &Match) -> Box<dyn Query> {
        match m {
            Match::Term { term, field: None } => self.any_field(term),
            Match::Term {
                term,
                field: Some(f),
            } => Box::new(TermQuery::new(
                self.text_term(*f, term),
                IndexRecordOption::Basic,
            )),
            Match::AnyTerm { terms } if terms.is_empty() => Box::new(EmptyQuery),
            Match::AnyTerm { terms } => Box::new(BooleanQuery::new(
                terms
                    .iter()
                    .map(|t| (Occur::Should, self.any_field(t)))
                    .collect(),
            )),
            Match::Phrase { terms, field } => {
                let fields: Vec<usize> = match field {
                    Some(f) => vec![*f],
                    None => (0..N_FIELDS).collect(),
                };
                Box::new(BooleanQuery::new(
                    fields
                        .into_iter()
                        .map(|f| {
                            let q: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(
                                terms
                                    .iter()
                                    .map(|(p, t)| (*p, self.text_term(f, t)))
                                    .collect(),
                            ));
                            (Occur::Should, q)
                        })
                        .collect(),
                ))
            }
            Match::Facet { facet, value } => Box::new(TermQuery::new(
                Term::from_field_text(self.fields.facets[*facet], value),
                IndexRecordOption::Basic,
            )),
        }
    }

    /// Parses and plans `query` against this index.
    pub fn plan(&self, query: &str, filters: &Filters) -> Result<Plan, SearchError> {
        let items = super::query::parse(query)?;
        let mut p = plan(&items, self);
        for (facet, values) in filters.facets().iter().enumerate() {
            for v in values.iter() {
                p.must.push(Match::Facet {
                    facet,
                    value: super::fields::facet_value(v),
                });
            }
        }
        Ok(p)
    }

    /// The best `limit` hits for `query`, best first.
    pub fn search(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let plan = self.plan(query, filters)?;
        let dated = filters.since.is_some() || filters.until.is_some();
        if plan.must.is_empty() && plan.must_not.is_empty() && !dated {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = plan
            .must
            .iter()
            .map(|m| (Occur::Must, self.to_query(m)))
            .chain(
                plan.must_not
                    .iter()
                    .map(|m| (Occur::MustNot, self.to_query(m))),
            )
            .collect();
        if dated {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => {
                    Bound::Included(Term::from_field_i64(self.fields.day, days_since_epoch(d)))
                }
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(filters.since), bound(filters.until))),
            ));
        }
        if plan.must.is_empty() && !dated {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let matched: Vec<(u32, DocAddress, Option<f64>)> =
            searcher.search(&query, &OrdCollector)?;
        let n = matched
            .iter()
            .map(|m| m.0 as usize + 1)
            .max()
            .unwrap_or(0)
            .max(self.meta.stats.docs as usize);
        let mut candidate = vec![false; n];
        for &(ord, _, _) in &matched {
            candidate[ord as usize] = true;
        }
        let mut scores = vec![0u64; n];
        for group in &plan.score_groups {
            if let [term] = group.as_slice() {
                self.impacts.for_each(term, |ord, w| {
                    if candidate.get(ord as usize) == Some(&true) {
                        scores[ord as usize] += w as u64;
                    }
                });
            } else {
                let mut best: HashMap<u32, u32> = HashMap::new();
                for term in group {
                    self.impacts.for_each(term, |ord, w| {
                        if candidate.get(ord as usize) == Some(&true) {
                            let b = best.entry(ord).or_default();
                            *b = (*b).max(w);
                        }
                    });
                }
                for (ord, w) in best {
                    scores[ord as usize] += w as u64;
                }
            }
        }
        let ranked = top_hits(&matched, &scores, filters.order, limit);
        let highlight = plan.highlight_terms();
        ranked
            .into_iter()
            .map(|(score, ord, addr)| {
                let doc: TantivyDocument = searcher.doc(addr)?;
                let text = |f: tantivy::schema::Field| {
                    doc.get_first(f)
                        .and_then(|v| v.as_str().map(str::to_string))
                };
                let texts: [String; N_FIELDS] =
                    self.fields.texts.map(|f| text(f).unwrap_or_default());
                Ok(Hit {
                    ord,
                    slug: text(self.fields.slug).unwrap_or_default(),
                    title: texts[0].clone(),
                    date: text(self.fields.date_text),
                    category: text(self.fields.facets[0]),
                    score,
                    snippet: snippet(&texts, &highlight),
                })
            })
            .collect()
    }
}

/// The first `limit` of the matched documents in `order`, as (score, ord, address); ties go to
/// the lower ord (newer), as in the browser.
fn top_hits(
    matched: &[(u32, DocAddress, Option<f64>)],
    scores: &[u64],
    order: Order,
    limit: usize,
) -> Vec<(u64, u32, DocAddress)> {
    // Sort key: smaller first. Durations in whole minutes, as the browser stores them.
    let key = |ord: u32, minutes: Option<f64>| -> (i64, u64, u32) {
        match order {
            Order::Relevance => (0, u64::MAX - scores[ord as usize], ord),
            Order::Newest => (0, 0, ord),
            Order::Longest => match minutes {
                Some(m) if m.is_finite() && m >= 0.0 => (-(m.round() as i64), 0, ord),
                _ => (1, 0, ord),
            },
        }
    };
    let mut heap: BinaryHeap<((i64, u64, u32), DocAddress)> = BinaryHeap::new();
    for &(ord, addr, minutes) in matched {
        heap.push((key(ord, minutes), addr));
        if heap.len() > limit {
            heap.pop();
        }
    }
    let mut ranked = heap.into_vec();
    ranked.sort();
    ranked
        .into_iter()
        .map(|((_, _, ord), addr)| (scores[ord as usize], ord, addr))
        .collect()
}

/// Collects the ord, address and duration of every matching document (no scoring).
struct OrdCollector;

struct OrdSegmentCollector {
    segment: SegmentOrdinal,
    ords: Column<u64>,
    minutes: Column<f64>,
    out: Vec<(u32, DocAddress, Option<f64>)>,
}

impl Collector for OrdCollector {
    type Fruit = Vec<(u32, DocAddress, Option<f64>)>;
    type Child = OrdSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<OrdSegmentCollector> {
        Ok(OrdSegmentCollector {
            segment,
            ords: reader.fast_fields().u64("ord")?,
            minutes: reader.fast_fields().f64("duration_minutes")?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for OrdSegmentCollector {
    type Fruit = Vec<(u32, DocAddress, Option<f64>)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(ord) = self.ords.first(doc) {
            self.out.push((
                ord as u32,
                DocAddress::new(self.segment, doc),
                self.minutes.first(doc),
            ));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.out
    }
}

impl Lexicon for SearchIndex {
    fn has_term(&self, term: &str) -> bool {
        !self.impacts.postings(term).is_empty()
    }

    fn words_with_prefix(&self, prefix: &str) -> Vec<(String, String, u32)> {
        let words = self.words();
        let start = words.partition_point(|w| w.0.as_str() < prefix);
        words[start..]
            .iter()
            .take_while(|w| w.0.starts_with(prefix))
            .cloned()
            .collect()
    }
}
