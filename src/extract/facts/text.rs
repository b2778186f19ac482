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
pub fn split_sentences(text: &str) -> Vec<String> {
    let text = text.replace('\n', " ");
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        cur.push(c);
        // A smiley (`:)`, `;(`) ends its sentence like a full stop.
        let smiley = matches!(c, ')' | '(') && i > 0 && matches!(chars[i - 1], ':' | ';');
        if matches!(c, '.' | '!' | '?') || smiley {
            let next = chars.get(i + 1).copied();
            let after = chars.get(i + 2).copied();
            let boundary = match next {
                None => true,
                Some(n) if n.is_whitespace() => after
                    .is_none_or(|a| a.is_uppercase() || a.is_ascii_digit() || !a.is_alphanumeric()),
                _ => false,
            };
            if boundary && !(c == '.' && ends_with_abbreviation(&cur)) {
                push_sentence(&mut out, &cur);
                cur.clear();
            }
        }
        i += 1;
    }
    push_sentence(&mut out, &cur);
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().any(|c| c.is_alphanumeric()) {
        out.push(t);
    }
}

fn ends_with_abbreviation(s: &str) -> bool {
    let word = s
        .trim_end_matches('.')
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
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
