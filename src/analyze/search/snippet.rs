//! A short passage of a hit with the matched words marked; `search.js` picks the same passage.

use super::analysis::{term_of, words};
use super::fields::{HEADING_END, N_FIELDS};

/// Words in a snippet.
pub const SNIPPET_WORDS: usize = 30;
/// Words shown before the first match.
const LEAD: usize = 5;
/// Fields tried for a snippet, in order: body, summary, cause, title.
const FIELD_ORDER: [usize; 4] = [4, 2, 1, 0];

/// A run of snippet text; `hit` marks a matched word, `heading` a word of a section heading.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    /// The text of the run, as written.
    pub text: String,
    /// A word that matched the query.
    pub hit: bool,
    /// Text of a section heading.
    pub heading: bool,
}

/// Shown between a heading and the text after it.
pub const HEADING_GAP: &str = " — ";

/// Per word of `text`: is it part of a heading (a block that ends with [`HEADING_END`])?
fn heading_words(text: &str, ws: &[super::analysis::Word]) -> Vec<bool> {
    let mut flags = vec![false; ws.len()];
    let mut block_start = 0;
    for i in 0..ws.len() {
        let gap_end = ws.get(i + 1).map(|w| w.start).unwrap_or(text.len());
        let gap = &text[ws[i].end..gap_end];
        if gap.contains(HEADING_END) {
            flags[block_start..=i].iter_mut().for_each(|f| *f = true);
        }
        if gap.contains(HEADING_END) || gap.contains('\n') {
            block_start = i + 1;
        }
    }
    flags
}

/// The passage of `texts` with the most of `terms` in a window of [`SNIPPET_WORDS`] words.
pub fn snippet(texts: &[String; N_FIELDS], terms: &[String]) -> Vec<Piece> {
    // A term starts with its word's first letter (Porter2 only rewrites endings), so most words
    // need no stemming.
    let firsts: Vec<char> = terms.iter().filter_map(|t| t.chars().next()).collect();
    let marked = |text: &str| -> Vec<bool> {
        words(text)
            .iter()
            .map(|w| {
                let first = w.text.chars().next().and_then(|c| c.to_lowercase().next());
                first.is_some_and(|c| firsts.contains(&c))
                    && term_of(&w.text.to_lowercase())
                        .map(|t| terms.contains(&t))
                        .unwrap_or(false)
            })
            .collect()
    };
    let choice = FIELD_ORDER
        .iter()
        .map(|&f| (f, marked(&texts[f])))
        .find(|(_, m)| m.iter().any(|&h| h))
        .or_else(|| {
            [4, 2]
                .iter()
                .map(|&f| (f, marked(&texts[f])))
                .find(|(_, m)| !m.is_empty())
        });
    let Some((field, hits)) = choice else {
        return Vec::new();
    };
    let text = &texts[field];
    let ws = words(text);
    let mut best = (0usize, 0usize);
    for (i, &h) in hits.iter().enumerate() {
        if !h {
            continue;
        }
        let start = i.saturating_sub(LEAD);
        let count = hits[start..(start + SNIPPET_WORDS).min(hits.len())]
            .iter()
            .filter(|&&x| x)
            .count();
        if count > best.1 {
            best = (start, count);
        }
    }
    let start = best.0;
    let end = (start + SNIPPET_WORDS).min(ws.len());
    let heads = heading_words(text, &ws);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, hit: bool, heading: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(p) if !p.hit && !hit && p.heading == heading => p.text.push_str(text),
            _ => pieces.push(Piece {
                text: text.to_string(),
                hit,
                heading,
            }),
        }
    };
    if start > 0 {
        push("… ", false, false);
    }
    let mut cursor = ws[start].start;
    for (i, w) in ws.iter().enumerate().take(end).skip(start) {
        let gap = &text[cursor..w.start];
        if gap.contains(HEADING_END) {
            push(HEADING_GAP, false, false);
        } else {
            push(&flatten(gap), false, i > start && heads[i - 1] && heads[i]);
        }
        push(w.text, hits[i], heads[i]);
        cursor = w.end;
    }
    if end < ws.len() {
        push(" …", false, false);
    }
    pieces
}

/// Snippets are one line: whitespace runs become one space.
fn flatten(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The snippet as HTML with `<mark>` around matches.
pub fn to_html(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        let esc = p
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let esc = if p.hit {
            format!("<mark>{esc}</mark>")
        } else {
            esc
        };
        if p.heading {
            out.push_str(&format!("<strong class=\"snip-h\">{esc}</strong>"));
        } else {
            out.push_str(&esc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stemmed_matches_in_the_body() {
        let texts = [
            "T".to_string(),
            String::new(),
            String::new(),
            String::new(),
            "Nothing here. Later the proxy timeouts were configured wrongly.".to_string(),
        ];
        let p = snippet(&texts, &["timeout".to_string(), "configur".to_string()]);
        let hits: Vec<&str> = p
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["timeouts", "configured"]);
        assert!(to_html(&p).contains("<mark>timeouts</mark>"));
    }

    #[test]
    fn headings_stay_apart_from_the_text_after_them() {
        let body = super::super::fields::markdown_text(
            "## Root Cause\n\nThe proxy_read_timeout was too low.\n\n## Resolution\n\nRaised it.",
        );
        let texts = [
            "T".to_string(),
            String::new(),
            String::new(),
            String::new(),
            body,
        ];
        let p = snippet(&texts, &["proxy_read_timeout".to_string()]);
        let html = to_html(&p);
        assert!(
            html.starts_with("<strong class=\"snip-h\">Root Cause</strong> — The "),
            "{html}"
        );
        assert!(html.contains("low. <strong class=\"snip-h\">Resolution</strong> — Raised"));
    }
}
