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
        ",
    )
    .unwrap()
});

/// Weaker cause wording, used to choose sentences inside a root-cause section.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(cause[sd]?|due to|because|result(ed|ing)? (from|in)|led to|stem(med)? from|trac(ed|e) (back )?to|introduc\w+|triggered|fail\w*|error|typo|bug|misconfigur\w*|expired|exhaust\w*|overload\w*|leak)\b",
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

pub fn is_statement(s: &str) -> bool {
    STATEMENT.is_match(s) && !is_suspicion(s) && !SEARCH_TALK.is_match(s)
}

/// Picks the statement of the root cause.
pub fn root_cause(sections: &[Section]) -> Option<CauseStatement> {
    let mut parts: Vec<Sentence> = Vec::new();
    let mut origin: Option<(String, usize)> = None;

    // 1. Labels inside items (`- **Root Cause:** Load balancer misconfiguration`).
    for sec in sections {
        if sec.kind == Some("misleading_paths") {
            continue;
        }
        for p in &sec.pieces {
            if let Some((Some("root_cause"), _)) = &p.label {
                if !p.text.is_empty() && !is_template_prompt(&p.text) {
                    let first: Vec<String> = split_sentences(&p.text).into_iter().take(2).collect();
                    if !first.is_empty() {
                        origin.get_or_insert((sec.heading.clone(), p.line));
                        parts.push(Sentence {
                            text: first.join(" "),
                            line: p.line,
                        });
                    }
                }
            }
        }
        if !parts.is_empty() {
            break;
        }
    }

    // 2. Root-cause sections: the opening sentence and the ones that state the cause.
    let mut used_sections = 0;
    for sec in sections.iter().filter(|s| s.kind == Some("root_cause")) {
        let sentences: Vec<Sentence> = section_sentences(sec)
            .into_iter()
            .filter(|s| !is_template_prompt(&s.text))
            .collect();
        if sentences.is_empty() {
            continue;
        }
        let picked = pick_from_section(&sentences);
        if picked.is_empty() {
            continue;
        }
        origin.get_or_insert((sec.heading.clone(), picked[0].line));
        for s in picked {
            if !parts.iter().any(|p| p.text.contains(&s.text)) {
                parts.push(s);
            }
        }
        used_sections += 1;
        if used_sections >= 2 {
            break;
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

    // 4. Nothing stated: a conclusion that names a cause.
    if parts.is_empty() {
        for sec in sections.iter().filter(|s| s.kind == Some("conclusion")) {
            if let Some(s) = section_sentences(sec)
                .into_iter()
                .find(|s| CUE.is_match(&s.text) && !is_suspicion(&s.text))
            {
                origin.get_or_insert((sec.heading.clone(), s.line));
                parts.push(s);
                break;
            }
        }
    }

    if parts.is_empty() {
        return None;
    }
    let (section, line) = origin.unwrap_or_default();
    let text = parts
        .iter()
        .map(|p| p.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    Some(CauseStatement {
        text: super::text::clip(&text, 900),
        section,
        line,
    })
}

/// From a root-cause section: the first sentence (two when it is only a few words), then up to
/// two more that carry cause wording.
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
    picked.push(first.clone());
    let mut extra = 0;
    for s in sentences.iter().skip(start + 1).take(6) {
        let short_lead = picked.len() == 1 && picked[0].text.split_whitespace().count() < 8;
        if short_lead || (CUE.is_match(&s.text) && !is_suspicion(&s.text)) {
            picked.push(s.clone());
            extra += 1;
            if extra >= 2 {
                break;
            }
        }
    }
    picked
}

/// Template text left in place (`[Describe the root cause]`, `*Run a 5-whys analysis*`).
fn is_template_prompt(s: &str) -> bool {
    let t = s.trim();
    (t.starts_with('[') && t.ends_with(']'))
        || t.to_lowercase().starts_with("run a 5-whys")
        || t.to_lowercase().starts_with("describe ")
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
