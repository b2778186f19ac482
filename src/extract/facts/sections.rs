//! Section names: what a heading or label means, whatever its decoration.

/// Section kinds, each with the phrases that name it. Order matters: the first kind whose
/// phrase occurs wins (`Root Cause and Resolution` is a root-cause section).
const KINDS: &[(&str, &[&str])] = &[
    (
        "misleading_paths",
        &["misleading", "red herring", "dead end"],
    ),
    (
        "root_cause",
        &[
            "root cause",
            "root-cause",
            "rootcause",
            "cause",
            "what went wrong technically",
            "the vulnerability",
            "why it happened",
            "why did it happen",
            "contributing factor",
            "five whys",
            "five why's",
            "5 why's",
            "5 whys",
            "what caused",
            "exploit",
            "the bug",
            "the problem",
            "the fault",
        ],
    ),
    ("trigger", &["trigger"]),
    (
        "lessons_well",
        &["went well", "what worked", "things that went right"],
    ),
    (
        "lessons_wrong",
        &[
            "went wrong",
            "went poorly",
            "what didn't work",
            "what did not work",
            "things that went wrong",
        ],
    ),
    ("lessons_lucky", &["got lucky", "were lucky", "luck"]),
    ("lessons", &["lessons", "learned", "learnings", "takeaway"]),
    (
        "action_items",
        &[
            "corrective",
            "preventative",
            "preventive",
            "prevention",
            "action item",
            "action plan",
            "follow-up",
            "follow up",
            "followup",
            "tasks",
            "todo",
            "to-do",
            "next steps",
            "future work",
            "improvements",
            "recommendations",
            "remediation items",
        ],
    ),
    (
        "timeline",
        &["timeline", "chronology", "sequence of events", "time line"],
    ),
    ("escalation", &["escalat"]),
    (
        "resolution",
        &[
            "resolution",
            "mitigation",
            "fix",
            "remediation",
            "recovery",
            "how it was resolved",
            "solution",
            "resolve",
        ],
    ),
    (
        "detection",
        &["detection", "detected", "how we noticed", "discovery"],
    ),
    ("impact", &["impact", "affected", "user experience"]),
    ("duration", &["duration", "start time", "end time"]),
    (
        "conclusion",
        &["conclusion", "in summary", "final thoughts"],
    ),
    (
        "analysis",
        &[
            "analysis",
            "technical details",
            "what went wrong technically",
            "investigation",
        ],
    ),
    (
        "summary",
        &[
            "summary",
            "overview",
            "tl;dr",
            "tldr",
            "description",
            "what happened",
            "introduction",
            "background",
            "incident report",
            "abstract",
        ],
    ),
    ("status", &["status"]),
];

/// Heading text without numbering, emoji, emphasis marks or trailing colon, lower-cased.
pub fn clean_heading(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    // Numbering: `1.`, `2)`, `IV.`, `Step 3:`.
    let t = strip_numbering(t);
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    let t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '?');
    t.trim_end_matches('?').trim().to_lowercase()
}

fn strip_numbering(t: &str) -> &str {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(['.', ')', ':']) {
            return r;
        }
        if rest.starts_with(' ') {
            return rest;
        }
    }
    let roman = t
        .chars()
        .take_while(|c| matches!(c, 'I' | 'V' | 'X'))
        .count();
    if roman > 0 {
        if let Some(r) = t[roman..].strip_prefix(['.', ')']) {
            return r;
        }
    }
    t
}

/// The canonical kind of a heading or label (`root_cause`, `timeline`, ...), if known.
pub fn classify_heading(text: &str) -> Option<&'static str> {
    let clean = clean_heading(text);
    if clean.is_empty() || clean.split_whitespace().count() > 9 {
        return None;
    }
    let padded = format!(" {clean} ");
    for (kind, phrases) in KINDS {
        for p in *phrases {
            let hit = if p.len() <= 5 {
                // Short names must be whole words (`fix` not `prefix`, `luck` not `plucky`).
                contains_word(&padded, p)
            } else {
                padded.contains(p)
            };
            if hit {
                return Some(kind);
            }
        }
    }
    None
}

fn contains_word(hay: &str, word: &str) -> bool {
    let mut start = 0;
    while let Some(i) = hay[start..].find(word) {
        let a = start + i;
        let b = a + word.len();
        let before = hay[..a]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = hay[b..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || c == 'e' || c == 's');
        if before && after {
            return true;
        }
        start = b;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms() {
        for (h, k) in [
            ("Issue Summary:", "summary"),
            ("## 1. Overview", "summary"),
            ("🔥 Root Cause Analysis", "root_cause"),
            ("Cause", "root_cause"),
            ("Root cause and Resolution", "root_cause"),
            ("Chronology", "timeline"),
            ("Mitigation", "resolution"),
            ("Corrective and Preventative Measures", "action_items"),
            ("Follow-ups", "action_items"),
            ("Red herrings", "misleading_paths"),
            ("Escalation", "escalation"),
            ("What went well", "lessons_well"),
            ("Where we got lucky", "lessons_lucky"),
        ] {
            assert_eq!(classify_heading(h), Some(k), "{h}");
        }
        assert_eq!(classify_heading("Prefix notes"), None);
        assert_eq!(
            classify_heading("Because we never tested the script on staging we lost it all again"),
            None
        );
    }
}
