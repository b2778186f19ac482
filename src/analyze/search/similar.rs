//! "Similar incidents": each incident's most characteristic terms (tf-idf, root cause, summary
//! and title weighted over the body), compared with every other incident's through the terms'
//! strongest postings (a MoreLikeThis that also says which words the two share).

use super::analysis::term_of;
use super::corpus::Corpus;
use super::fields::N_FIELDS;
use crate::extract::UNKNOWN_CATEGORY;
use rayon::prelude::*;

/// Weight of each text field (title, cause, summary, labels, body) in similarity.
pub const SIM_BOOSTS: [f32; N_FIELDS] = [2.0, 3.0, 2.0, 2.0, 1.0];
/// Terms of an incident compared with others.
const QUERY_TERMS: usize = 25;
/// Postings kept per term (the incidents where the term weighs most).
const POSTINGS_PER_TERM: usize = 400;
const SHARED_WORDS: usize = 5;
/// Added to the cosine of two incidents with the same root-cause category.
const SAME_CATEGORY: f32 = 0.2;
/// Words that say nothing about what went wrong: function words beyond the index's stop words,
/// and the vocabulary of every postmortem's timeline.
const SIMILARITY_STOP: &[&str] = &[
    "about", "after", "all", "also", "am", "any", "back", "been", "before", "both", "can", "could",
    "did", "do", "doe", "down", "dure", "each", "est", "edt", "from", "had", "has", "have", "he",
    "her", "hi", "how", "i", "incid", "its", "just", "last", "mani", "more", "most", "much", "new",
    "now", "onli", "other", "our", "out", "over", "pm", "pst", "pdt", "same", "she", "should",
    "so", "some", "than", "them", "time", "too", "up", "us", "utc", "veri", "wa", "we", "were",
    "what", "when", "where", "which", "while", "who", "whi", "would", "you", "your", "minut",
    "hour", "day", "cet", "cest", "gmt", "bst", "ist", "jst", "aest", "eat",
];

/// Terms worth comparing: not stop words, not numbers, at least three characters.
fn telling(term: &str) -> bool {
    term.chars().count() >= 3
        && !term.chars().all(|c| c.is_ascii_digit())
        && !SIMILARITY_STOP.contains(&term)
}

/// One incident found similar to another, with what the two share (shown on the page).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SimilarRef {
    /// The other incident's position in site order.
    pub ord: u32,
    /// Cosine of the two term vectors, plus a bonus for the same category; higher is closer.
    pub score: f32,
    /// The root-cause category both have (never `unknown`).
    #[serde(default)]
    pub shared_category: Option<String>,
    /// Components both name.
    #[serde(default)]
    pub shared_components: Vec<String>,
    /// Distinctive words the two share, strongest first: rare across the site, not generic,
    /// not the site's own name and not already said by the category or components.
    pub shared: Vec<String>,
}

/// [`GENERIC_WORDS_FILE`] as index terms.
fn generic_terms() -> &'static std::collections::HashSet<String> {
    static TERMS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    TERMS.get_or_init(|| {
        GENERIC_WORDS_FILE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .flat_map(|w| [Some(w.to_string()), term_of(w)])
            .flatten()
            .collect()
    })
}

/// Words that explain nothing about a likeness, whatever the site: one a line.
pub const GENERIC_WORDS_FILE: &str = include_str!("generic_words.txt");

/// Is `term` a generic word of postmortems (see `generic_words.txt`)?
pub fn is_generic(term: &str) -> bool {
    generic_terms().contains(term)
}

/// What the explanation of a likeness may not use: terms of the site's own name.
#[derive(Debug, Clone, Default)]
pub struct Explain {
    /// Index terms never offered as shared words.
    pub excluded_terms: std::collections::HashSet<String>,
}

impl Explain {
    /// Excludes the words of `names` (the site's title, say).
    pub fn without_words_of(names: &[&str]) -> Explain {
        let excluded_terms = names
            .iter()
            .flat_map(|n| super::analysis::analyze(n))
            .map(|t| t.term)
            .collect();
        Explain { excluded_terms }
    }
}

/// A term whose documents are at most this share of the site is distinctive enough to show
/// (and at most [`MIN_DISTINCT_DOCS`] on very small sites).
const DISTINCT_SHARE: f32 = 0.25;
const MIN_DISTINCT_DOCS: u32 = 2;

/// Per document: (term id, weight), unit length, sorted by term id.
fn vectors(corpus: &Corpus) -> Vec<Vec<(u32, f32)>> {
    let n = corpus.stats.docs.max(1) as f32;
    let keep: Vec<bool> = corpus.terms.iter().map(|t| telling(t)).collect();
    corpus
        .doc_terms
        .par_iter()
        .map(|dt| {
            let mut v: Vec<(u32, f32)> = dt
                .iter()
                .filter(|(t, _)| keep[*t as usize] && corpus.df_any[*t as usize] > 1)
                .map(|(t, tf)| {
                    let idf = (1.0 + n / corpus.df_any[*t as usize] as f32).ln();
                    let w: f32 = (0..N_FIELDS)
                        .filter(|&f| tf[f] > 0)
                        .map(|f| SIM_BOOSTS[f] * (1.0 + (tf[f] as f32).ln()))
                        .sum();
                    (*t, w * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|e| e.1 /= norm);
            }
            v
        })
        .collect()
}

fn top_terms(v: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut top = v.to_vec();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(QUERY_TERMS);
    top
}

/// The `limit` most similar incidents of every incident, in site order.
pub fn similar_all(corpus: &Corpus, limit: usize, explain: &Explain) -> Vec<Vec<SimilarRef>> {
    let vecs = vectors(corpus);
    let mut impact: Vec<Vec<(u32, f32)>> = vec![Vec::new(); corpus.terms.len()];
    for (d, v) in vecs.iter().enumerate() {
        for &(t, w) in v {
            impact[t as usize].push((d as u32, w));
        }
    }
    impact.par_iter_mut().for_each(|p| {
        if p.len() > POSTINGS_PER_TERM {
            p.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            p.truncate(POSTINGS_PER_TERM);
        }
    });
    let words = Words::new(corpus, explain);
    (0..vecs.len())
        .into_par_iter()
        .map_init(
            || Scratch {
                acc: vec![0.0; vecs.len()],
                touched: Vec::new(),
            },
            |scratch, d| similar_to(corpus, &vecs, &impact, d, limit, &words, scratch),
        )
        .collect()
}

/// What explaining a likeness needs, worked out once for the whole site rather than once per
/// pair: which terms may be shown, and the terms of each category and component name.
struct Words {
    /// Per term id: rare enough, not generic and not the site's own name.
    shown: Vec<bool>,
    /// Category or component name -> its terms (ids of this corpus).
    label_terms: std::collections::HashMap<String, Vec<u32>>,
    /// Per document: its category as a small number (the same-category bonus compares these
    /// for every candidate pair, where comparing strings cost more than the scoring).
    category_ids: Vec<Option<u32>>,
}

impl Words {
    fn new(corpus: &Corpus, explain: &Explain) -> Words {
        let n = corpus.stats.docs.max(1) as f32;
        let distinct_df = ((n * DISTINCT_SHARE) as u32).max(MIN_DISTINCT_DOCS);
        let shown = corpus
            .terms
            .par_iter()
            .enumerate()
            .map(|(t, term)| {
                corpus.df_any[t] <= distinct_df
                    && !is_generic(term)
                    && !is_generic(&corpus.display[t])
                    && !explain.excluded_terms.contains(term)
            })
            .collect();
        let mut label_terms = std::collections::HashMap::new();
        for doc in &corpus.docs {
            for label in doc.category.iter().chain(&doc.components) {
                if !label_terms.contains_key(label) {
                    let ids = super::analysis::analyze(label)
                        .iter()
                        .filter_map(|t| corpus.term_id(&t.term))
                        .collect();
                    label_terms.insert(label.clone(), ids);
                }
            }
        }
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let category_ids = corpus
            .docs
            .iter()
            .map(|doc| {
                let next = ids.len() as u32;
                doc.category
                    .as_deref()
                    .map(|c| *ids.entry(c).or_insert(next))
            })
            .collect();
        Words {
            shown,
            label_terms,
            category_ids,
        }
    }

    fn of_label(&self, label: &str) -> &[u32] {
        self.label_terms.get(label).map_or(&[], Vec::as_slice)
    }
}

/// A dense accumulator reused across documents (per thread).
struct Scratch {
    acc: Vec<f32>,
    touched: Vec<u32>,
}

fn similar_to(
    corpus: &Corpus,
    vecs: &[Vec<(u32, f32)>],
    impact: &[Vec<(u32, f32)>],
    d: usize,
    limit: usize,
    words: &Words,
    scratch: &mut Scratch,
) -> Vec<SimilarRef> {
    let top = top_terms(&vecs[d]);
    for &(t, w) in &top {
        for &(e, we) in &impact[t as usize] {
            if e as usize != d {
                if scratch.acc[e as usize] == 0.0 {
                    scratch.touched.push(e);
                }
                scratch.acc[e as usize] += w * we;
            }
        }
    }
    let category = words.category_ids[d];
    let mut ranked: Vec<(u32, f32)> = scratch
        .touched
        .drain(..)
        .map(|e| {
            let mut score = std::mem::take(&mut scratch.acc[e as usize]);
            if category.is_some() && words.category_ids[e as usize] == category {
                score += SAME_CATEGORY;
            }
            (e, score)
        })
        .collect();
    // Best first, ties to the lower ord: a total order, so picking the `limit` best before
    // sorting them gives the same list as sorting every candidate.
    let best_first = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if limit == 0 {
        ranked.clear();
    } else if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, best_first);
        ranked.truncate(limit);
    }
    ranked.sort_by(best_first);
    let me = &corpus.docs[d];
    // The terms worth showing of this incident's query, strongest first.
    let shown: Vec<(u32, f32)> = top
        .iter()
        .copied()
        .filter(|&(t, _)| words.shown[t as usize])
        .collect();
    ranked
        .into_iter()
        .map(|(e, score)| {
            let them = &corpus.docs[e as usize];
            let shared_category = me
                .category
                .clone()
                .filter(|c| c != UNKNOWN_CATEGORY && them.category.as_ref() == Some(c));
            let shared_components: Vec<String> = me
                .components
                .iter()
                .filter(|c| them.components.contains(c))
                .cloned()
                .collect();
            // The labels already said are not repeated as words.
            let said: Vec<u32> = shared_category
                .iter()
                .chain(&shared_components)
                .flat_map(|l| words.of_label(l))
                .copied()
                .collect();
            let other = &vecs[e as usize];
            let mut shared: Vec<(f32, u32)> = shown
                .iter()
                .filter(|&&(t, _)| !said.contains(&t))
                .filter_map(|&(t, w)| {
                    other
                        .binary_search_by_key(&t, |x| x.0)
                        .ok()
                        .map(|i| (w * other[i].1, t))
                })
                .collect();
            shared.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            SimilarRef {
                ord: e,
                score,
                shared_category,
                shared_components,
                shared: shared
                    .iter()
                    .take(SHARED_WORDS)
                    .map(|(_, t)| corpus.display[*t as usize].clone())
                    .collect(),
            }
        })
        .collect()
}
