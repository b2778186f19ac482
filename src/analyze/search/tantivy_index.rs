//! The tantivy index of all incidents, analysed by our own tokenizer so its terms are the static
//! index's terms. Text fields keep positions (phrases); category, component and tag are exact
//! keywords; day, start and duration are fast fields for filters and sorting; each text field's
//! token count is a fast field so BM25 can use exact lengths.

use super::analysis::analyze;
use super::corpus::Corpus;
use super::fields::{FACETS, N_FIELDS, TEXT_FIELDS};
use super::static_index::days_since_epoch;
use std::path::Path;
use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DateTime, Index, TantivyDocument};

/// The name our tokenizer is registered under in the index.
pub const TOKENIZER: &str = "hindsight";

/// Our analysis as a tantivy tokenizer.
#[derive(Clone, Default)]
pub struct HindsightTokenizer;

/// The tokens of one text, analysed up front and handed out one by one.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for HindsightTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = analyze(text)
            .into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.term,
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct IndexFields {
    /// The analysed text fields, in `TEXT_FIELDS` order.
    pub texts: [Field; N_FIELDS],
    /// Each text field's token count (fast), for exact BM25 lengths.
    pub lens: [Field; N_FIELDS],
    /// The exact keyword fields, in `FACETS` order.
    pub facets: [Field; FACETS.len()],
    /// The incident's slug (stored).
    pub slug: Field,
    /// Its position in site order (fast, stored).
    pub ord: Field,
    /// Its day as days since 1970 (fast), for date filters.
    pub day: Field,
    /// Its date as written for display (stored).
    pub date_text: Field,
    /// When it started, as a timestamp (fast, indexed).
    pub start: Field,
    /// Its duration in minutes (fast), for the "longest" order.
    pub duration: Field,
}

/// The index schema and a handle on each of its fields.
pub fn schema() -> (Schema, IndexFields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let texts = TEXT_FIELDS.map(|name| b.add_text_field(name, text.clone()));
    let lens = TEXT_FIELDS.map(|name| b.add_u64_field(&format!("len_{name}"), FAST));
    let facets = FACETS.map(|name| b.add_text_field(name, STRING | STORED));
    let fields = IndexFields {
        texts,
        lens,
        facets,
        slug: b.add_text_field("slug", STRING | STORED),
        ord: b.add_u64_field("ord", FAST | STORED),
        day: b.add_i64_field("day", INDEXED | FAST),
        date_text: b.add_text_field("date", STORED),
        start: b.add_date_field("start", DateOptions::default().set_fast().set_indexed()),
        duration: b.add_f64_field("duration_minutes", FAST),
    };
    (b.build(), fields)
}

/// Opens an index written by [`build`], with our tokenizer registered.
pub fn open(dir: &Path) -> tantivy::Result<(Index, IndexFields)> {
    let index = Index::open_in_dir(dir)?;
    index.tokenizers().register(TOKENIZER, HindsightTokenizer);
    let (_, fields) = schema();
    Ok((index, fields))
}

/// Writes the index of `corpus` into the empty folder `dir`.
pub fn build(
    dir: &Path,
    corpus: &Corpus,
    starts: &[Option<i64>],
) -> tantivy::Result<(Index, IndexFields)> {
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    index.tokenizers().register(TOKENIZER, HindsightTokenizer);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(2, 200_000_000)?;
    for (i, doc) in corpus.docs.iter().enumerate() {
        let mut d = TantivyDocument::default();
        for k in 0..N_FIELDS {
            d.add_text(f.texts[k], &doc.texts[k]);
            d.add_u64(f.lens[k], corpus.doc_len[i][k] as u64);
        }
        for (k, name) in FACETS.iter().enumerate() {
            for v in doc.facet(name) {
                d.add_text(f.facets[k], v);
            }
        }
        d.add_text(f.slug, &doc.slug);
        d.add_u64(f.ord, doc.ord as u64);
        if let Some(date) = doc.date {
            d.add_i64(f.day, days_since_epoch(date));
            d.add_text(f.date_text, date.to_string());
        }
        if let Some(Some(secs)) = starts.get(i) {
            d.add_date(f.start, DateTime::from_timestamp_secs(*secs));
        }
        if let Some(m) = doc.duration_minutes {
            d.add_f64(f.duration, m);
        }
        writer.add_document(d)?;
    }
    writer.commit()?;
    let ids = index.searchable_segment_ids()?;
    if ids.len() > 1 {
        writer.merge(&ids).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok((index, f))
}
