//! The one text analysis behind every index: the tantivy index, the static browser index and
//! similarity. `static/search.js` mirrors it exactly (same token rule, stop words and stemmer),
//! which is what lets the terminal and the browser rank alike.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Tokens longer than this are dropped (hashes, base64 blobs), as the browser client does.
pub const MAX_TOKEN_CHARS: usize = 40;

/// English stop words (Lucene's classic set); removed, but they still take a position.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// One analysed token: the index term, its position among all words of the text (stop words
/// count), and where the word is in the text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The index term (lowercased, stemmed).
    pub term: String,
    /// Index of the word among all words of the text, stop words included.
    pub position: usize,
    /// Byte offset where the word starts.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// A word as the tokenizer sees it: a maximal run of alphanumeric characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset where the word starts.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// Splits text into words (runs of `char::is_alphanumeric`).
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    text: &text[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The index term of one lowercased word, or None for stop words and over-long tokens.
/// Only ASCII words are stemmed (Porter2 is defined on a-z); others are kept as they are.
pub fn term_of(lower: &str) -> Option<String> {
    if lower.chars().count() > MAX_TOKEN_CHARS || STOP_WORDS.contains(&lower) {
        return None;
    }
    if lower.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Some(stemmer().stem(lower).into_owned())
    } else {
        Some(lower.to_string())
    }
}

thread_local! {
    /// Words repeat far more than they vary: remember each word's term (per thread).
    static TERMS: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`term_of`], remembered.
pub fn term_of_cached(lower: &str) -> Option<String> {
    TERMS.with(|cell| {
        let mut map = cell.borrow_mut();
        if let Some(t) = map.get(lower) {
            return t.clone();
        }
        if map.len() > 500_000 {
            map.clear();
        }
        let t = term_of(lower);
        map.insert(lower.to_string(), t.clone());
        t
    })
}

/// The full analysis: words -> lowercase -> stop words out -> Porter2 stem.
pub fn analyze(text: &str) -> Vec<Token> {
    words(text)
        .into_iter()
        .enumerate()
        .filter_map(|(position, w)| {
            term_of_cached(&w.text.to_lowercase()).map(|term| Token {
                term,
                position,
                start: w.start,
                end: w.end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_drops_stop_words() {
        let toks = analyze("The configured Configuration of the proxies");
        let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["configur", "configur", "proxi"]);
        // stop words keep their slot, so phrases see the gap
        assert_eq!(
            toks.iter().map(|t| t.position).collect::<Vec<_>>(),
            [1, 2, 5]
        );
    }

    #[test]
    fn splits_on_punctuation_and_keeps_offsets() {
        let text = "v8.26.20 -> 502's";
        let toks = analyze(text);
        let spans: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["v8", "26", "20", "502", "s"]);
    }

    #[test]
    fn long_tokens_and_non_ascii() {
        assert_eq!(term_of(&"a".repeat(41)), None);
        assert_eq!(term_of("zürich").as_deref(), Some("zürich"));
        assert_eq!(term_of("timeouts").as_deref(), Some("timeout"));
    }
}
