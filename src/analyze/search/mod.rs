//! Search and similarity. One analysis ([`analysis`]) and one BM25 ([`bm25`]) feed three uses:
//! the tantivy index behind `hindsight search` ([`tantivy_index`], [`engine`]), the static index
//! the browser searches ([`static_index`], mirrored by `static/search.js`), and the "similar
//! incidents" of every page ([`similar`]).

pub mod analysis;
pub mod bm25;
pub mod corpus;
pub mod counts_memo;
pub mod engine;
pub mod fields;
pub mod impacts;
pub mod query;
pub mod similar;
pub mod snippet;
pub mod static_index;
pub mod tantivy_index;

pub use corpus::Corpus;
pub use engine::{DocInfo, Filters, Hit, Order, SearchIndex};
pub use fields::SearchDoc;
pub use query::QueryError;
pub use similar::SimilarRef;

use crate::extract::Incident;

/// Incidents shown in a page's "similar incidents".
pub const SIMILAR_ON_PAGE: usize = 5;

/// Why a search, or writing or reading the search cache, failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query does not parse.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// tantivy failed on the cached index (damaged or from another version).
    #[error("search index: {0}\nhint: delete the .hindsight/ folder to rebuild it")]
    Index(#[from] tantivy::TantivyError),
    /// A cache file could not be read or written.
    #[error("cannot read or write {path}: {source}")]
    Io {
        /// The file or folder involved.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The cache folder (named) lacks its `meta.json`: a build stopped while writing it.
    #[error(
        "search cache at {0} is incomplete\nhint: delete the .hindsight/ folder to rebuild it"
    )]
    Cache(String),
    /// A cache JSON file does not parse.
    #[error("search cache: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<std::io::Error> for SearchError {
    fn from(source: std::io::Error) -> Self {
        SearchError::Io {
            path: "search index".into(),
            source,
        }
    }
}

/// What the render stage needs from search: plain data.
#[derive(Debug, Clone, Default)]
pub struct SearchOutput {
    /// Per incident (site order): its most similar incidents.
    pub similar: Vec<Vec<SimilarRef>>,
    /// The static index: paths relative to `search/` and their bytes; without each
    /// incident's own file, which [`static_index::doc_file`] makes.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// Search documents for incidents already in site order.
pub fn search_docs(incidents: &[Incident]) -> Vec<SearchDoc> {
    // Each document parses its body's Markdown: in parallel, in order.
    use rayon::prelude::*;
    incidents
        .par_iter()
        .enumerate()
        .map(|(i, inc)| SearchDoc::from_incident(i as u32, inc))
        .collect()
}

/// Everything search contributes to a build; the documents' term counts come from `memo` where
/// it knows their texts (it is left holding this build's documents).
pub fn build_output(
    incidents: &[Incident],
    site_title: &str,
    memo: &mut counts_memo::CountsMemo,
) -> SearchOutput {
    let mut laps = crate::timing::Laps::start("search");
    let docs = search_docs(incidents);
    laps.lap("docs");
    let mut corpus = Corpus::build_remembering(docs, memo);
    corpus.drop_texts();
    laps.lap("corpus");
    let explain = similar::Explain::without_words_of(&[site_title]);
    let similar = similar::similar_all(&corpus, SIMILAR_ON_PAGE, &explain);
    laps.lap("similar");
    let static_files = static_index::write_static(&corpus);
    laps.lap("static index");
    SearchOutput {
        similar,
        static_files,
    }
}
