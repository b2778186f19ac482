//! All incidents analysed once: term frequencies per field, document frequencies, lengths and
//! the words seen for each stem. The static index, similarity and the CLI cache are built from it.

use super::analysis::{term_of, words};
use super::bm25::{field_mask, term_weight, Stats};
use super::counts_memo::{CountsMemo, DocCounts};
use super::fields::{SearchDoc, N_FIELDS};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;

/// One term of one document: term id and its frequency in each text field.
pub type DocTerm = (u32, [u32; N_FIELDS]);

/// The analysed collection, indexed by document `ord` and by term id.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The documents, in site order (`ord` = index).
    pub docs: Vec<SearchDoc>,
    /// Document count and total field lengths, for BM25.
    pub stats: Stats,
    /// Every term, sorted (byte order); ids index this.
    pub terms: Vec<String>,
    /// Per term: documents containing it, per text field.
    pub df: Vec<[u64; N_FIELDS]>,
    /// Per term: documents containing it in any field.
    pub df_any: Vec<u32>,
    /// Per document: its terms, by term id.
    pub doc_terms: Vec<Vec<DocTerm>>,
    /// Per document: its token count per text field.
    pub doc_len: Vec<[u32; N_FIELDS]>,
    /// Every lowercased word that produced a term -> that term's id, sorted by word.
    pub words: Vec<(String, u32)>,
    /// Per term: the word it most often comes from (to show people words, not stems).
    pub display: Vec<String>,
}

pub(super) struct Analysed {
    pub(super) len: [u32; N_FIELDS],
    pub(super) terms: HashMap<Arc<str>, [u32; N_FIELDS]>,
    /// Lowercased word -> its term.
    pub(super) words: HashMap<Arc<str>, Arc<str>>,
}

type Memo = HashMap<Box<str>, Option<(Arc<str>, Arc<str>)>>;

thread_local! {
    /// Word as written -> (lowercased, term): words repeat far more than they vary.
    static MEMO: RefCell<Memo> = RefCell::new(HashMap::default());
}

/// Empties every thread's word memo: it only pays while a corpus is analysed, and holds every
/// distinct word of the site (with its lowercased form and term) once per thread.
pub(super) fn forget_words() {
    let forget = || MEMO.with(|memo| drop(memo.take()));
    rayon::broadcast(|_| forget());
    forget();
}

/// The same terms as [`analyze`](super::analysis::analyze), counted per field, without
/// positions and with shared strings.
pub(super) fn analyse_doc(doc: &SearchDoc) -> Analysed {
    let mut a = Analysed {
        len: [0; N_FIELDS],
        terms: HashMap::default(),
        words: HashMap::default(),
    };
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() > 1_000_000 {
            memo.clear();
        }
        for (f, text) in doc.texts.iter().enumerate() {
            for w in words(text) {
                let entry = match memo.get(w.text) {
                    Some(e) => e.clone(),
                    None => {
                        let lower = w.text.to_lowercase();
                        let e = term_of(&lower).map(|t| (Arc::from(lower), Arc::from(t)));
                        memo.insert(w.text.into(), e.clone());
                        e
                    }
                };
                let Some((lower, term)) = entry else { continue };
                a.len[f] += 1;
                a.terms.entry(term.clone()).or_insert([0; N_FIELDS])[f] += 1;
                a.words.entry(lower).or_insert(term);
            }
        }
    });
    a
}

impl Corpus {
    /// `docs` must be in site order with `ord` = index.
    pub fn build(docs: Vec<SearchDoc>) -> Corpus {
        Corpus::build_remembering(docs, &mut CountsMemo::default())
    }

    /// [`Corpus::build`], taking the counts of documents whose texts `memo` knows from it (and
    /// leaving it with this corpus's documents): the same corpus, without analysing them again.
    pub fn build_remembering(docs: Vec<SearchDoc>, memo: &mut CountsMemo) -> Corpus {
        let counts = memo.counts_of(&docs);
        // Only the terms these documents use, renumbered in sorted order so ids follow the
        // term dictionary.
        let mut used = vec![false; memo.term_count()];
        for dc in &counts {
            dc.terms.iter().for_each(|&(t, _)| used[t as usize] = true);
        }
        let mut order: Vec<u32> = (0..used.len() as u32)
            .filter(|&t| used[t as usize])
            .collect();
        order.par_sort_unstable_by(|&a, &b| memo.term(a).cmp(memo.term(b)));
        let mut remap = vec![u32::MAX; used.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let terms: Vec<String> = order.iter().map(|&t| memo.term(t).to_string()).collect();
        let doc_terms: Vec<Vec<DocTerm>> = counts
            .par_iter()
            .map(|dc| {
                let mut dt: Vec<DocTerm> = dc
                    .terms
                    .iter()
                    .map(|&(t, tf)| (remap[t as usize], tf))
                    .collect();
                dt.sort_unstable_by_key(|e| e.0);
                dt
            })
            .collect();
        let mut stats = Stats {
            docs: docs.len() as u64,
            ..Default::default()
        };
        let mut df = vec![[0u64; N_FIELDS]; terms.len()];
        let mut df_any = vec![0u32; terms.len()];
        for (dt, dc) in doc_terms.iter().zip(&counts) {
            for e in dt {
                for (slot, &tf) in df[e.0 as usize].iter_mut().zip(&e.1) {
                    if tf > 0 {
                        *slot += 1;
                    }
                }
                df_any[e.0 as usize] += 1;
            }
            for f in 0..N_FIELDS {
                stats.total_len[f] += dc.len[f] as u64;
            }
        }
        let (words, display) = words_and_display(memo, &counts, &remap);
        Corpus {
            docs,
            stats,
            terms,
            df,
            df_any,
            doc_len: counts.iter().map(|dc| dc.len).collect(),
            doc_terms,
            words,
            display,
        }
    }

    /// Empties every document's texts, for a caller that needs only what was counted from them
    /// (a build: similarity and the browser's index read terms and facets; the browser's
    /// per-incident texts are made from the incidents), so they are not held twice.
    pub fn drop_texts(&mut self) {
        for doc in &mut self.docs {
            doc.texts = Default::default();
        }
    }

    /// The id of an index term, if any document has it.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(term))
            .ok()
            .map(|i| i as u32)
    }

    /// BM25 weight (thousandths) and field mask of one document's term entry.
    pub fn weight(&self, doc: usize, entry: &DocTerm) -> (u32, u8) {
        let w = term_weight(
            &self.stats,
            &self.df[entry.0 as usize],
            &entry.1,
            &self.doc_len[doc],
        );
        (w, field_mask(&entry.1))
    }

    /// Term-major postings: per term, (ord, weight, field mask) in ord order.
    pub fn postings(&self) -> Vec<Vec<(u32, u32, u8)>> {
        let mut out: Vec<Vec<(u32, u32, u8)>> = self
            .df_any
            .iter()
            .map(|&n| Vec::with_capacity(n as usize))
            .collect();
        for (d, dt) in self.doc_terms.iter().enumerate() {
            for e in dt {
                let (w, m) = self.weight(d, e);
                out[e.0 as usize].push((d as u32, w, m));
            }
        }
        out
    }
}

/// Every word of `counts` with its (renumbered) term, sorted by word, and per term the word it
/// comes from in most documents (ties to the smaller word).
fn words_and_display(
    memo: &CountsMemo,
    counts: &[Arc<DocCounts>],
    remap: &[u32],
) -> (Vec<(String, u32)>, Vec<String>) {
    let mut docs_with = vec![0u32; memo.word_count()];
    for dc in counts {
        dc.words.iter().for_each(|&w| docs_with[w as usize] += 1);
    }
    let n_terms = remap.iter().filter(|&&t| t != u32::MAX).count();
    let mut best: Vec<(u32, &str)> = vec![(0, ""); n_terms];
    let mut words: Vec<(String, u32)> = Vec::new();
    for (w, &count) in docs_with.iter().enumerate().filter(|(_, &c)| c > 0) {
        let (word, term) = memo.word(w as u32);
        let id = remap[term as usize];
        let b = &mut best[id as usize];
        if count > b.0 || (count == b.0 && word < b.1) {
            *b = (count, word);
        }
        words.push((word.to_string(), id));
    }
    words.par_sort_unstable();
    let display = best.into_iter().map(|(_, w)| w.to_string()).collect();
    (words, display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(ord: u32, title: &str, body: &str) -> SearchDoc {
        let texts = [
            title.into(),
            String::new(),
            String::new(),
            String::new(),
            body.into(),
        ];
        SearchDoc::with_texts(ord, &format!("d{ord}"), title, texts)
    }

    #[test]
    fn counts_what_analyze_produces() {
        let body = "The Proxy proxies PROXIED; the timeouts, Timeout and zürich Zürich v8.";
        let c = Corpus::build(vec![doc(0, "", body)]);
        let mut expected: HashMap<String, u32> = HashMap::default();
        for t in crate::analyze::search::analysis::analyze(body) {
            *expected.entry(t.term).or_default() += 1;
        }
        let got: HashMap<String, u32> = c.doc_terms[0]
            .iter()
            .map(|(id, tf)| (c.terms[*id as usize].clone(), tf[4]))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(c.doc_len[0][4], expected.values().sum::<u32>());
    }

    #[test]
    fn remembered_counts_build_the_same_corpus() {
        let docs = || {
            vec![
                doc(
                    0,
                    "Proxy timeout",
                    "The proxy timed out. Timeouts everywhere.",
                ),
                doc(1, "Disk full", "The disk filled up; proxies were fine."),
                doc(2, "DNS", "Zürich lost DNS for an hour."),
            ]
        };
        let cold = Corpus::build(docs());
        // A memo of another site that shares two documents, and knows terms this one lacks.
        let mut memo = CountsMemo::default();
        let mut other = docs();
        other[2] = doc(2, "Certificate", "An expired certificate broke logins.");
        Corpus::build_remembering(other, &mut memo);
        let mut memo = CountsMemo::decode(&memo.encode()).unwrap();
        let warm = Corpus::build_remembering(docs(), &mut memo);
        assert_eq!(format!("{warm:?}"), format!("{cold:?}"));
        assert!(memo.changed(), "the new document was analysed");
    }

    #[test]
    fn counts_frequencies_and_words() {
        let c = Corpus::build(vec![
            doc(
                0,
                "Proxy timeout",
                "The proxy timed out. Timeouts everywhere.",
            ),
            doc(1, "Disk full", "The disk filled up."),
        ]);
        let t = c.term_id("timeout").unwrap() as usize;
        assert_eq!(c.df[t], [1, 0, 0, 0, 1]);
        assert_eq!(c.df_any[t], 1);
        assert_eq!(c.stats.docs, 2);
        assert_eq!(c.doc_len[0][0], 2);
        let entry = c.doc_terms[0].iter().find(|e| e.0 as usize == t).unwrap();
        assert_eq!(entry.1[4], 1);
        assert!(c
            .words
            .iter()
            .any(|(w, id)| w == "timeouts" && *id as usize == t));
        let postings = c.postings();
        assert_eq!(postings[t].len(), 1);
        assert!(postings[t][0].1 > 0);
    }
}
