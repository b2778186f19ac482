//! Sentences and small text helpers shared by the fact readers.

use super::blocks::{PieceKind, Section};
use regex::Regex;
use std::sync::LazyLock;

/// A sentence with the file line of the piece it came from.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub line: usize,
}

/// Words after which a period does not end a sentence ("etc." before a capital does).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "vs", "approx", "mr", "mrs", "ms", "dr", "no", "inc", "st", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s",
];

/// Splits prose into sentences. Line breaks inside a paragraph are spaces.
// Works on byte offsets into `text` (no copy of it, no char vector): it runs on every
// paragraph of every document, several times.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        // A smiley (`:)`, `;(`) ends its sentence like a full stop.
        let smiley = matches!(c, ')' | '(') && matches!(prev, Some(':' | ';'));
        prev = Some(c);
        if matches!(c, '.' | '!' | '?') || smiley {
            let end = i + c.len_utf8();
            let mut rest = text[end..].chars();
            let (next, after) = (rest.next(), rest.next());
            let boundary = match next {
                None => true,
                Some(n) if n.is_whitespace() => after
                    .is_none_or(|a| a.is_uppercase() || a.is_ascii_digit() || !a.is_alphanumeric()),
                _ => false,
            };
            if boundary && !(c == '.' && ends_with_abbreviation(&text[start..end])) {
                push_sentence(&mut out, &text[start..end]);
                start = end;
            }
        }
    }
    push_sentence(&mut out, &text[start..]);
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    // Whitespace is never alphanumeric: test before joining the words.
    if !s.chars().any(|c| c.is_alphanumeric()) {
        return;
    }
    let mut t = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !t.is_empty() {
            t.push(' ');
        }
        t.push_str(w);
    }
    out.push(t);
}

fn ends_with_abbreviation(s: &str) -> bool {
    let word = s
        .trim_end_matches('.')
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.is_ascii() {
        // ASCII lower-cases to ASCII of the same length: compare without allocating.
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
            || (word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic());
    }
    let word = word.to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || (word.len() == 1 && word.chars().all(char::is_alphabetic))
}

/// Sentences of a section's prose pieces (paragraphs, items, rows), in order, with lines.
pub fn section_sentences(sec: &Section) -> Vec<Sentence> {
    let mut out = Vec::new();
    for p in &sec.pieces {
        if p.kind == PieceKind::Code {
            continue;
        }
        for s in split_sentences(&p.text) {
            out.push(Sentence {
                text: s,
                line: p.line,
            });
        }
    }
    out
}

/// Words that say a sentence is about a suspicion that turned out wrong.
static SUSPICION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(suspect\w*|assum\w*|initial(ly)? (thought|believed|hypothes\w*|suspicion)|at first|first thought|misleading|red herring|ruled out|hypothes\w+|we (first |initially )?(believed|thought)|turned out not|was not the cause|wasn't the cause|were not the cause|no issues were found|false lead|mistaken(ly)?|suggest(ed|ing)|theor(y|ies)|prime suspect|red flag)\b",
    )
    .unwrap()
});

pub fn is_suspicion(s: &str) -> bool {
    SUSPICION.is_match(s)
}

/// Shortens text to at most `n` characters at a word boundary.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    match cut.rfind(' ') {
        Some(i) if i > n / 2 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        let s = split_sentences(
            "It broke at 10 a.m. on Monday. We fixed it, e.g. by restarting v3.5.0 nginx. Done!",
        );
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[1].contains("v3.5.0"));
    }

    /// The first, char-vector implementation: the fast one must split exactly like it.
    fn split_sentences_reference(text: &str) -> Vec<String> {
        let text = text.replace('\n', " ");
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut cur = String::new();
        let push = |out: &mut Vec<String>, s: &str| {
            let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.chars().any(|c| c.is_alphanumeric()) {
                out.push(t);
            }
        };
        let abbreviation = |s: &str| {
            let word = s
                .trim_end_matches('.')
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("")
                .to_lowercase();
            ABBREVIATIONS.contains(&word.as_str())
                || (word.len() == 1 && word.chars().all(char::is_alphabetic))
        };
        for (i, &c) in chars.iter().enumerate() {
            cur.push(c);
            let smiley = matches!(c, ')' | '(') && i > 0 && matches!(chars[i - 1], ':' | ';');
            if matches!(c, '.' | '!' | '?') || smiley {
                let boundary = match chars.get(i + 1) {
                    None => true,
                    Some(n) if n.is_whitespace() => chars.get(i + 2).is_none_or(|a| {
                        a.is_uppercase() || a.is_ascii_digit() || !a.is_alphanumeric()
                    }),
                    _ => false,
                };
                if boundary && !(c == '.' && abbreviation(&cur)) {
                    push(&mut out, &cur);
                    cur.clear();
                }
            }
        }
        push(&mut out, &cur);
        out
    }

    proptest::proptest! {
        #[test]
        fn splits_like_the_reference(text in "([a-zA-Z0-9]{0,6}|[ .!?:;()\n\t]|e\\.g|etc|Dr|É|İ|ß|K|\u{212a}|\u{a0}|\u{3000}){0,40}") {
            proptest::prop_assert_eq!(split_sentences(&text), split_sentences_reference(&text));
        }
    }

    #[test]
    fn a_smiley_or_etc_before_a_capital_ends_the_sentence() {
        let s = split_sentences(
            "We thought it was fine :)\nIt was not. We tried logs, ports etc. Nothing helped.",
        );
        assert_eq!(
            s,
            vec![
                "We thought it was fine :)",
                "It was not.",
                "We tried logs, ports etc.",
                "Nothing helped."
            ]
        );
        assert_eq!(split_sentences("logs, ports etc. and more").len(), 1);
    }
}
