//! The statement of the root cause: the sentence or two that say what caused the incident,
//! taken from a root-cause section or label, plus the document's own "the root cause was ..."
//! sentence when it is elsewhere (often the summary).

use super::blocks::Section;
use super::text::{is_suspicion, section_sentences, split_sentences, Sentence};
use regex::Regex;
use std::sync::LazyLock;

/// Sentences that state a cause outright.
static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(root|primary|main|underlying|ultimate|actual|real)[\s-]+cause\b[^.]{0,140}?(\b(was|were|is|are|lies|lay|came|stem\w*|has\ been|had\ been|appears|seems|turned\ out)\b|[:—–]|\s-\s)
        | \b(identified|determined|found|confirmed|traced|pinpointed)\b[^.]{0,40}\b(as|to\ be|was)\b[^.]{0,30}\b(root\ |primary\ |main\ )?cause\b
        | \b(was|were|is|are)\b[^.]{0,30}\b(the\ )?(root|primary|main|underlying)\ cause\b
        | \b(was|were|is|are|been)\ (ultimately\ |primarily\ |mainly\ |directly\ |likely\ |actually\ )?caused\ by\b
        | \bthe\ cause\ (of\ [^.]{0,80}\ )?(was|is)\b
        | \bthe\ culprit\b
        | \bthe\ (exploit|vulnerability|bug|flaw)\ (is|was)\b
        | \bthe\ (main\ |real\ |core\ )?(problem|issue)\ (is|was)\ (that|a|an|caused)\b
        ",
    )
    .unwrap()
});

/// Weaker cause wording, used to choose sentences inside a root-cause section.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(cause[sd]?|due to|because|result(ed|ing)? (from|in)|led to|stem(med)? from|trac(ed|e) (back )?to|introduc\w+|triggered|fail\w*|error|typo|bug|misconfigur\w*|(in)?correctly configured|configured|expired|exhaust\w*|overload\w*|leak|(problem|issue) (is|was) that|block(ed|ing))\b",
    )
    .unwrap()
});

/// "to identify the root cause": talk about the search, not the cause.
static SEARCH_TALK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(into|for|identify|find|determine|investigate|analy[sz]e|analysis of|understand|search for|look for|locate|isolate|uncover|diagnose|pinpoint) (the |a |its )?(potential |possible )?(root )?causes?\b").unwrap()
});

pub struct CauseStatement {
    pub text: String,
    pub section: String,
    pub line: usize,
}

/// "the root cause is not yet clear": a cause not stated.
static NOT_STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(not (yet )?(clear|known|identified|found|determined|understood)|unclear|unknown|remains? to be|still investigating|under investigation)\b").unwrap()
});

pub fn is_statement(s: &str) -> bool {
    STATEMENT.is_match(s) && !is_suspicion(s) && !SEARCH_TALK.is_match(s) && !NOT_STATED.is_match(s)
}

/// Picks the statement of the root cause.
pub fn root_cause(sections: &[Section]) -> Option<CauseStatement> {
    let mut parts: Vec<Sentence> = Vec::new();
    let mut origin: Option<(String, usize)> = None;

    // 1. Labels inside items (`- **Root Cause:** Load balancer misconfiguration`) and
    // root-cause sections, in document order; five-whys chains and "identification"
    // write-ups after plain root-cause statements. The first two sources are used.
    let mut sources: Vec<(u8, usize, String, Vec<Sentence>)> = Vec::new();
    for sec in sections {
        if sec.kind == Some("misleading_paths") {
            continue;
        }
        for p in &sec.pieces {
            if let Some((Some("root_cause"), _)) = &p.label {
                if !p.text.is_empty() && !is_template_prompt(&p.text) {
                    let first: Vec<String> = split_sentences(&p.text).into_iter().take(2).collect();
                    if !first.is_empty() {
                        let s = Sentence {
                            text: first.join(" "),
                            line: p.line,
                        };
                        sources.push((0, p.line, sec.heading.clone(), vec![s]));
                    }
                }
            }
        }
        if sec.kind == Some("root_cause") {
            let sentences: Vec<Sentence> = section_sentences(sec)
                .into_iter()
                .filter(|s| !is_template_prompt(&s.text))
                .collect();
            let h = sec.heading.to_lowercase();
            // A five-whys chain ends at the cause: its last answers, not its first.
            let picked = if h.contains("why") {
                let answers: Vec<Sentence> = sentences
                    .iter()
                    .filter(|s| !s.text.ends_with('?'))
                    .cloned()
                    .collect();
                answers[answers.len().saturating_sub(2)..].to_vec()
            } else {
                pick_from_section(&sentences)
            };
            if let Some(first) = picked.first() {
                let rank = (h.contains("why")
                    || h.contains("identification")
                    || h.contains("contributing")) as u8;
                sources.push((rank, first.line, sec.heading.clone(), picked));
            }
        }
    }
    sources.sort_by_key(|(rank, line, _, _)| (*rank, *line));
    for (_, _, heading, picked) in sources.into_iter().take(2) {
        origin.get_or_insert((heading, picked[0].line));
        for s in picked {
            if !parts.iter().any(|p| p.text.contains(&s.text)) {
                parts.push(s);
            }
        }
    }

    // 3. The document's own "the root cause was ..." sentence, wherever it is.
    let mut explicit = 0;
    for sec in sections {
        if matches!(
            sec.kind,
            Some("misleading_paths")
                | Some("action_items")
                | Some("lessons_well")
                | Some("lessons_wrong")
                | Some("lessons_lucky")
        ) {
            continue;
        }
        for s in section_sentences(sec) {
            if explicit >= 1 {
                break;
            }
            if is_statement(&s.text)
                && !parts
                    .iter()
                    .any(|p| p.text.contains(&s.text) || s.text.contains(&p.text))
            {
                origin.get_or_insert((sec.heading.clone(), s.line));
                parts.push(s);
                explicit += 1;
            }
        }
    }

    // 4. Nothing stated: the opening of an analysis or conclusion.
    if parts.is_empty() {
        for sec in sections
            .iter()
            .filter(|s| matches!(s.kind, Some("analysis") | Some("conclusion")))
        {
            let sentences: Vec<Sentence> = section_sentences(sec)
                .into_iter()
                .filter(|s| !is_suspicion(&s.text) && !is_template_prompt(&s.text))
                .take(3)
                .collect();
            if let Some(first) = sentences.first() {
                origin.get_or_insert((sec.heading.clone(), first.line));
                parts.extend(sentences);
                break;
            }
        }
    }

    // 5. Still nothing: what the summary (or the opening text) says, cause wording first.
    if parts.is_empty() {
        let summary_like: Vec<&Section> = {
            let v: Vec<&Section> = sections
                .iter()
                .filter(|s| s.kind == Some("summary"))
                .collect();
            if v.is_empty() {
                sections.iter().take(1).collect()
            } else {
                v
            }
        };
        for sec in summary_like {
            let sentences: Vec<Sentence> = section_sentences(sec)
                .into_iter()
                .filter(|s| !is_suspicion(&s.text))
                .collect();
            let mut picked: Vec<Sentence> = sentences
                .iter()
                .filter(|s| CUE.is_match(&s.text))
                .take(3)
                .cloned()
                .collect();
            for s in sentences.iter().take(3) {
                if picked.len() >= 5 {
                    break;
                }
                if !picked.iter().any(|p| p.text == s.text) {
                    picked.push(s.clone());
                }
            }
            picked.sort_by_key(|s| sentences.iter().position(|x| x.text == s.text));
            if let Some(first) = picked.first() {
                origin.get_or_insert((sec.heading.clone(), first.line));
                parts.extend(picked);
                break;
            }
        }
    }

    if parts.is_empty() {
        return None;
    }
    let (section, line) = origin.unwrap_or_default();
    // Pieces without end punctuation (labels, items) still end their sentence.
    let text = parts
        .iter()
        .map(|p| {
            let t = p.text.trim();
            if t.ends_with(['.', '!', '?', ':', ';']) {
                t.to_string()
            } else {
                format!("{t}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(CauseStatement {
        text: super::text::clip(&text, 1200),
        section,
        line,
    })
}

/// From a root-cause section: the opening sentences (two or three, as the first paragraph
/// allows), the later sentences that carry cause wording, and the opening of the closing
/// paragraph, where narratives often land on the cause.
fn pick_from_section(sentences: &[Sentence]) -> Vec<Sentence> {
    let mut picked: Vec<Sentence> = Vec::new();
    let mut start = 0;
    // Skip lead-in sentences that only announce the search.
    while start < sentences.len()
        && start < 2
        && (is_suspicion(&sentences[start].text)
            || SEARCH_TALK.is_match(&sentences[start].text)
                && !STATEMENT.is_match(&sentences[start].text))
    {
        start += 1;
    }
    let Some(first) = sentences.get(start) else {
        return picked;
    };
    let first_line = first.line;
    let mut len = 0;
    for s in sentences.iter().skip(start).take(3) {
        if picked.len() >= 2 && (s.line != first_line || len > 300) {
            break;
        }
        if !picked.is_empty() && is_suspicion(&s.text) {
            continue;
        }
        len += s.text.len();
        picked.push(s.clone());
    }
    // A lead that announces a list ("Three things colluded:") brings the list.
    if picked.last().is_some_and(|s| s.text.ends_with(':')) {
        let from = start + picked.len();
        picked.extend(sentences.iter().skip(from).take(3).cloned());
    }
    let mut extra = 0;
    for s in sentences.iter().skip(start + picked.len()).take(12) {
        if extra >= 3 {
            break;
        }
        if (CUE.is_match(&s.text) || STATEMENT.is_match(&s.text)) && !is_suspicion(&s.text) {
            picked.push(s.clone());
            extra += 1;
        }
    }
    // The opening of the last paragraph.
    let lines: Vec<usize> = {
        let mut v: Vec<usize> = sentences.iter().map(|s| s.line).collect();
        v.dedup();
        v
    };
    if lines.len() >= 3 {
        let last_line = *lines.last().unwrap();
        if let Some(s) = sentences.iter().find(|s| s.line == last_line) {
            if !picked.iter().any(|p| p.text == s.text) && !is_suspicion(&s.text) {
                picked.push(s.clone());
            }
        }
    }
    picked
}

/// Template text left in place (`[Describe the root cause]`, `*Run a 5-whys analysis*`).
pub fn is_template_prompt(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_lowercase();
    (t.starts_with('[') && t.ends_with(']'))
        || [
            "run a ",
            "describe ",
            "note the ",
            "explain ",
            "summarize ",
            "summarise ",
            "list the ",
            "include ",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::blocks::parse_sections;

    #[test]
    fn statement_wording() {
        assert!(is_statement(
            "The root cause of the outage was a typo in nginx.conf."
        ));
        assert!(is_statement("It was caused by an expired certificate."));
        assert!(!is_statement(
            "We began an investigation into the root cause."
        ));
        assert!(!is_statement(
            "We first suspected the root cause was the database."
        ));
    }

    #[test]
    fn section_then_summary_sentence() {
        let md = "## Summary\nThe site was down. The root cause was a bad port in the vhost.\n\n## Root Cause\nA typo in the Apache configuration file. Nothing else.\n";
        let rc = root_cause(&parse_sections(md, 0)).unwrap();
        assert!(
            rc.text
                .starts_with("A typo in the Apache configuration file."),
            "{}",
            rc.text
        );
        assert!(rc.text.contains("bad port"), "{}", rc.text);
        assert_eq!(rc.section, "Root Cause");
        assert_eq!(rc.line, 5);
    }

    #[test]
    fn no_cause_no_statement() {
        assert!(root_cause(&parse_sections("# Title\nWe were down for a while.\n", 0)).is_none());
    }
}
