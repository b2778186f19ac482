//! Facts that come as lists: timeline entries, action items, lessons, misleading paths.

use super::blocks::{Piece, PieceKind, Section};
use super::kind::SectionKind;
use super::text::split_sentences;
use crate::extract::{ActionItem, Lessons, TimelineEntry};
use regex::Regex;
use std::sync::LazyLock;

/// A clock time or date at the start of a timeline entry, with its zone when given.
static TIME_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\[\(*_~>-]*
        (?P<t>
          (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?
          (?:
            (?:\d{4}-\d{2}-\d{2}(?:[T\s]+\d{1,2}[:.h]?\d{2}(?::\d{2})?(?:\.\d+)?)?)
            | (?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?:,?\s+(?:at\s+)?\d{1,2}(?::\d{2}){1,2})?)
            | (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?,?(?:\s+(?:at\s+)?\d{1,2}(?::\d{2}){1,2})?)
            | (?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?(?:\s+\d{4})?,?(?:\s+\d{1,2}(?::\d{2}){1,2})?)
            | (?:\d{1,2}\s?[:.h]\s?\d{2}(?::\d{2})?)
            | (?:\d{3,4}\s?(?:hrs|h)\b)
            | (?:\d{4}\s*(?:utc|gmt|z)\b)
            | (?:\d{1,2}\s?[ap]\.?m\b\.?)
            | (?:\?{2,}|x{1,2}:x{2})
          )
          (?:\s*[ap]\.?m\.?)?
          (?:\s*\(?(?-i:[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?\b)?
          (?:\s*(?:-|–|—|to)\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?
        )
        [\s\]\)*_~]*(?:(?::|-|–|—|\|)[\s*_]*)?",
    )
    .unwrap()
});

/// Splits a timeline line into (time as written, text).
pub fn split_time(s: &str) -> (Option<String>, String) {
    if let Some(c) = TIME_PREFIX.captures(s) {
        let whole = c.get(0).unwrap();
        let t = c.name("t").unwrap().as_str().trim();
        let rest = s[whole.end()..]
            .trim()
            .trim_start_matches(['*', '_'])
            .trim();
        if !t.is_empty()
            && t.chars()
                .any(|c| c.is_ascii_digit() || c == '?' || c == 'X' || c == 'x')
        {
            return (Some(t.to_string()), rest.to_string());
        }
    }
    (None, s.trim().to_string())
}

/// Inline entries on one line (`2100hrs WAT: a. 2105hrs WAT: b.`) split at each time.
static INLINE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[.!?]\s+(\d{1,2}[:.]\d{2}(?:\s*[ap]m)?|\d{3,4}\s?hrs)\s*(?:[A-Z]{2,5})?\s*:")
        .unwrap()
});

fn split_inline_entries(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in INLINE_TIME.find_iter(line) {
        let cut = m.start() + 1;
        if cut > start {
            out.push(line[start..cut].trim().to_string());
            start = cut;
        }
    }
    out.push(line[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

fn entries_of_piece(p: &Piece, out: &mut Vec<TimelineEntry>) {
    match p.kind {
        PieceKind::Code => {}
        PieceKind::Row => {
            if p.header_row || p.cells.is_empty() {
                return;
            }
            let (t, _) = split_time(&p.cells[0]);
            let text = if t.is_some() {
                p.cells[1..].join(" | ")
            } else {
                p.cells.join(" | ")
            };
            out.push(TimelineEntry {
                time_text: t
                    .or_else(|| Some(p.cells[0].trim().to_string()).filter(|s| !s.is_empty())),
                at: None,
                text: text.trim().to_string(),
                line: p.line,
            });
        }
        _ => {
            // An item keeps its label (`**Issue Detected:** May 10, ...`) as part of its text.
            let full = match &p.label {
                Some((_, name)) => format!("{name}: {}", p.text),
                None => p.text.clone(),
            };
            let lines: Vec<&str> = if p.kind == PieceKind::Item {
                vec![full.as_str()]
            } else {
                full.lines().collect()
            };
            for (k, l) in lines.iter().enumerate() {
                let line_no = p.line + if p.kind == PieceKind::Item { 0 } else { k };
                let l = l.replace('\n', " ");
                for part in split_inline_entries(&l) {
                    let (t, text) = split_time(&part);
                    if text.is_empty() && t.is_none() {
                        continue;
                    }
                    out.push(TimelineEntry {
                        time_text: t,
                        at: None,
                        text,
                        line: line_no,
                    });
                }
            }
        }
    }
}

/// Timeline entries: the pieces of timeline sections and of the labels right under them.
pub fn timeline(sections: &[Section]) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    let mut inside = false;
    for s in sections {
        if s.kind == Some(SectionKind::Timeline) {
            inside = true;
        } else if !s.is_label()
            || s.kind.is_some_and(|k| {
                !matches!(
                    k,
                    SectionKind::Detection
                        | SectionKind::Escalation
                        | SectionKind::MisleadingPaths
                        | SectionKind::Resolution
                )
            })
        {
            inside = false;
        }
        if inside {
            for p in &s.pieces {
                entries_of_piece(p, &mut out);
            }
        }
    }
    out
}

static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)(?:\bowners?:\s*|\bassigned to:?\s*|\bassignee:\s*|(?:^|\s)@)([A-Za-z][\w.-]*(?:\s[A-Z][a-z]+)?)")).unwrap()
});
static TICKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)(https?://\S+/(?:issues|pull|browse|tickets?)/[\w-]+|\b[A-Z][A-Z0-9]+-\d+\b|(?:^|\s)#\d+\b)")).unwrap()
});
static PRIORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(P[0-4])\b|\bpriority:?\s*(high|medium|low|critical|urgent)\b|\b(high|medium|low) priority\b")).unwrap()
});
static DUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(?:due|eta|deadline|by)\s*:?\s*(\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:,? \d{4})?|q[1-4](?: \d{4})?|\d+ (?:days?|weeks?|months?))")).unwrap()
});
static STATUS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(done|completed?|fixed|resolved|closed|in progress|ongoing|open|todo|to do|not started|planned|pending|wip)\b")).unwrap()
});

fn item_from_text(text: &str, line: usize, task: Option<bool>) -> ActionItem {
    let mut item = ActionItem {
        text: text.trim().to_string(),
        line,
        done: task,
        ..Default::default()
    };
    item.owner = OWNER
        .captures(text)
        .map(|c| c[1].trim_end_matches(['.', ',', ')']).to_string());
    item.ticket = TICKET.find(text).map(|m| m.as_str().trim().to_string());
    item.priority = PRIORITY.captures(text).and_then(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .next()
            .map(|m| m.as_str().to_string())
    });
    item.due = DUE.captures(text).map(|c| c[1].to_string());
    if let Some(done) = task {
        item.status = Some(if done { "done" } else { "open" }.into());
    } else if text.contains('✅') || text.contains("[DONE]") || text.contains("(done)") {
        item.status = Some("done".into());
        item.done = Some(true);
    }
    item
}

/// An action item's status cell as a status word and whether it says the item is done.
fn action_item_status(s: &str) -> (Option<String>, Option<bool>) {
    let Some(m) = STATUS_WORD.find(s) else {
        let t = s.trim();
        return ((!t.is_empty()).then(|| t.to_string()), None);
    };
    let w = m.as_str().to_lowercase();
    let done = matches!(
        w.as_str(),
        "done" | "complete" | "completed" | "fixed" | "resolved" | "closed"
    );
    (Some(s.trim().to_string()), Some(done))
}

/// Column roles of an action-item table, from its header.
fn column_roles(header: &[String]) -> Vec<&'static str> {
    header
        .iter()
        .map(|h| {
            let h = h.to_lowercase();
            if h.contains("owner")
                || h.contains("assignee")
                || h.contains("who")
                || h.contains("responsible")
            {
                "owner"
            } else if h.contains("status") || h.contains("state") || h.contains("done") {
                "status"
            } else if h.contains("priority") || h == "type" || h.contains("severity") {
                "priority"
            } else if h.contains("due")
                || h.contains("date")
                || h.contains("eta")
                || h.contains("deadline")
                || h.contains("when")
            {
                "due"
            } else if h.contains("bug")
                || h.contains("ticket")
                || h.contains("issue")
                || h.contains("link")
                || h.contains("jira")
                || h.contains("pr") && h.len() <= 3
            {
                "ticket"
            } else {
                "text"
            }
        })
        .collect()
}

fn is_action_section(s: &Section) -> bool {
    s.kind == Some(SectionKind::ActionItems)
}

/// Action items from task lists, lists, paragraphs and tables in action-item sections.
pub fn action_items(sections: &[Section]) -> Vec<ActionItem> {
    let mut out = Vec::new();
    let mut inside = false;
    for s in sections {
        if is_action_section(s) {
            inside = true;
        } else if !s.is_label() || s.kind.is_some() {
            inside = false;
        }
        if !inside {
            continue;
        }
        let has_lists = s
            .pieces
            .iter()
            .any(|p| matches!(p.kind, PieceKind::Item | PieceKind::Row));
        let mut roles: Vec<&'static str> = Vec::new();
        for p in &s.pieces {
            match p.kind {
                PieceKind::Row if p.header_row => roles = column_roles(&p.cells),
                PieceKind::Row => {
                    if roles.is_empty() {
                        roles = vec!["text"; p.cells.len()];
                    }
                    let mut item = ActionItem {
                        line: p.line,
                        ..Default::default()
                    };
                    let mut texts = Vec::new();
                    for (cell, role) in p.cells.iter().zip(roles.iter()) {
                        let cell = cell.trim();
                        if cell.is_empty() {
                            continue;
                        }
                        match *role {
                            "owner" => item.owner = Some(cell.to_string()),
                            "status" => {
                                let (st, done) = action_item_status(cell);
                                item.status = st;
                                item.done = done;
                            }
                            "priority" => item.priority = Some(cell.to_string()),
                            "due" => item.due = Some(cell.to_string()),
                            "ticket" => item.ticket = Some(cell.to_string()),
                            _ => texts.push(cell.to_string()),
                        }
                    }
                    item.text = texts.join(" — ");
                    if !item.text.is_empty() {
                        out.push(item);
                    }
                }
                PieceKind::Item => {
                    let text = match &p.label {
                        Some((_, name)) => format!("{name}: {}", p.text),
                        None => p.text.clone(),
                    };
                    let text = text.replace('\n', " ");
                    if !text.trim().is_empty() {
                        out.push(item_from_text(&text, p.line, p.task));
                    }
                }
                PieceKind::Para if !has_lists => {
                    for (k, l) in p.text.lines().enumerate() {
                        let l = l.trim();
                        if l.split_whitespace().count() >= 3 {
                            out.push(item_from_text(l, p.line + k, None));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn piece_texts(s: &Section) -> Vec<String> {
    let mut out = Vec::new();
    for p in &s.pieces {
        match p.kind {
            PieceKind::Code => {}
            PieceKind::Row if p.header_row => {}
            PieceKind::Item | PieceKind::Row => out.push(p.text.replace('\n', " ")),
            PieceKind::Para => out.extend(split_sentences(&p.text)),
        }
    }
    out.retain(|t| !t.trim().is_empty());
    out
}

pub fn lessons(sections: &[Section]) -> Lessons {
    let mut l = Lessons::default();
    for s in sections {
        let target = match s.kind {
            Some(SectionKind::LessonsWell) => &mut l.went_well,
            Some(SectionKind::LessonsWrong) => &mut l.went_wrong,
            Some(SectionKind::LessonsLucky) => &mut l.got_lucky,
            _ => continue,
        };
        target.extend(piece_texts(s));
    }
    l
}

static MISLEADING_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::extract::ascii_word_boundaries(r"(?i)\b(misleading|red herring|dead end|false lead|(initially|first|wrongly|mistakenly) (suspected|assumed|thought|believed|considered)|we suspected|suspect(ed|ing)|assum(ed|ing|ption))\b")).unwrap()
});

pub fn misleading_paths(sections: &[Section]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in sections {
        if s.kind == Some(SectionKind::MisleadingPaths) {
            out.extend(piece_texts(s));
            continue;
        }
        if s.kind.is_some_and(SectionKind::is_aside) {
            continue;
        }
        for p in &s.pieces {
            if let Some((Some(SectionKind::MisleadingPaths), _)) = &p.label {
                out.push(p.text.replace('\n', " "));
                continue;
            }
            if p.kind == PieceKind::Code {
                continue;
            }
            for sent in split_sentences(&p.text) {
                if MISLEADING_CUE.is_match(&sent) {
                    out.push(sent);
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::blocks::parse_sections;

    #[test]
    fn time_prefixes() {
        for (line, t, rest) in [
            ("10:05 AM: Alert fired", "10:05 AM", "Alert fired"),
            ("**14:00 UTC:** Paged", "14:00 UTC", "Paged"),
            (
                "2100hrs WAT: Issue was detected.",
                "2100hrs WAT",
                "Issue was detected.",
            ),
            (
                "2023-07-09 19:16 Fritz was updated",
                "2023-07-09 19:16",
                "Fritz was updated",
            ),
            (
                "[???] IOPS reached a critical point",
                "???",
                "IOPS reached a critical point",
            ),
            (
                "June 7th, 2024, 13:00 - Issue detected",
                "June 7th, 2024, 13:00",
                "Issue detected",
            ),
        ] {
            let (tt, r) = split_time(line);
            assert_eq!(tt.as_deref(), Some(t), "{line}");
            assert_eq!(r, rest, "{line}");
        }
        assert_eq!(split_time("Engineers looked at logs").0, None);
    }

    #[test]
    fn timeline_from_list_and_inline() {
        let md = "## Timeline\n- 10:00 AM: a\n- 10:30 AM: b\n\n2100hrs WAT: x. 2105hrs WAT: y.\n\n## Root Cause\nz\n";
        let t = timeline(&parse_sections(md, 0));
        let times: Vec<_> = t.iter().map(|e| e.time_text.clone().unwrap()).collect();
        assert_eq!(
            times,
            vec!["10:00 AM", "10:30 AM", "2100hrs WAT", "2105hrs WAT"]
        );
        assert_eq!(t[1].line, 3);
    }

    #[test]
    fn action_item_table_and_tasks() {
        let md = "## Action Items\n\n| Action Item | Type | Owner | Bug | Status |\n|---|---|---|---|---|\n| Add alert | mitigate | jane | BUG-12 | DONE |\n\n- [ ] Rotate keys @bob P1 by 2024-05-01\n- [x] Patch nginx\n";
        let items = action_items(&parse_sections(md, 0));
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].text, "Add alert");
        assert_eq!(items[0].owner.as_deref(), Some("jane"));
        assert_eq!(items[0].ticket.as_deref(), Some("BUG-12"));
        assert_eq!(items[0].priority.as_deref(), Some("mitigate"));
        assert_eq!(items[0].done, Some(true));
        assert_eq!(items[1].owner.as_deref(), Some("bob"));
        assert_eq!(items[1].priority.as_deref(), Some("P1"));
        assert_eq!(items[1].due.as_deref(), Some("2024-05-01"));
        assert_eq!(items[1].done, Some(false));
        assert_eq!(items[2].done, Some(true));
        assert_eq!(items[2].line, 8);
    }

    #[test]
    fn lessons_and_misleading() {
        let md = "## What went well\n- alerts fired\n\n## Where we got lucky\n- it was Sunday\n\n## Timeline\n- 10:00 We first suspected the database. It was fine.\n";
        let s = parse_sections(md, 0);
        let l = lessons(&s);
        assert_eq!(l.went_well, vec!["alerts fired"]);
        assert_eq!(l.got_lucky, vec!["it was Sunday"]);
        let m = misleading_paths(&s);
        assert_eq!(m.len(), 1, "{m:?}");
    }
}
