//! Facts read as prose from the sections that name them: the title, the summary, the trigger,
//! detection, resolution, escalation and impact texts, and the review status.

use super::blocks::{PieceKind, Section};
use super::cause::is_template_prompt;
use super::kind::SectionKind;
use super::text::{self, clip, is_suspicion, section_sentences, split_sentences};
use super::{blocks, normalize, Field, Incident, Origin, Provenance};

/// The title when there is no front matter: the first heading (in any form the normaliser
/// understands), else a short first line. Returns the text and its body line (1-based).
pub fn first_title(body: &str) -> Option<(String, usize)> {
    let norm = normalize(body);
    let sections = blocks::parse_sections(&norm, 0);
    if let Some(s) = sections.iter().find(|s| (1..=3).contains(&s.level)) {
        // A heading that is only a section name (`Issue Summary`) is not a title; one that
        // goes on after the name (`Incident report: orders slowed`) is.
        let full = full_heading(&norm, s.line);
        if !full.is_empty() && (s.kind.is_none() || full.split_whitespace().count() > 3) {
            return Some((full, s.line));
        }
    }
    // A short first line before any heading (`Postmortem: Web Stack Outage`).
    let first = sections.first()?.pieces.first()?;
    let line = first.text.lines().next()?.trim();
    let words = line.split_whitespace().count();
    if (2..=14).contains(&words) && !line.ends_with(['.', ':', ',']) {
        return Some((line.to_string(), first.line));
    }
    None
}

/// The whole heading text (a title keeps `Postmortem: ...`, where sections split at the colon).
fn full_heading(norm: &str, line: usize) -> String {
    let raw = norm
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim();
    let t = raw
        .trim_start_matches('#')
        .trim()
        .trim_end_matches('#')
        .trim();
    let t = t.trim_start_matches('>').trim();
    strip_inline_marks(t)
}

fn strip_inline_marks(s: &str) -> String {
    let mut out = String::new();
    for (event, _) in pulldown_cmark::Parser::new(s).into_offset_iter() {
        if let pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) = event {
            out.push_str(&t);
        }
    }
    let out = out.trim().to_string();
    if out.is_empty() {
        s.to_string()
    } else {
        out
    }
}

pub fn summary(sections: &[Section]) -> Option<(String, String, usize)> {
    for (i, s) in sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == Some(SectionKind::Summary))
    {
        let mut sentences: Vec<_> = section_sentences(s)
            .into_iter()
            .filter(|x| !is_template_prompt(&x.text))
            .collect();
        // A summary made only of labelled parts (Duration:, Impact:, Root Cause:): the opening
        // of each part.
        if sentences.is_empty() {
            let is_part = |c: &&Section| {
                c.level > s.level
                    || (s.is_label()
                        && c.is_label()
                        && matches!(
                            c.kind,
                            None | Some(SectionKind::Duration) | Some(SectionKind::Impact)
                        ))
            };
            for child in sections[i + 1..].iter().take_while(is_part) {
                if let Some(first) = section_sentences(child)
                    .into_iter()
                    .find(|x| !is_template_prompt(&x.text))
                {
                    sentences.push(text::Sentence {
                        text: format!("{}: {}", child.heading, first.text),
                        line: first.line,
                    });
                }
            }
        }
        if let Some(found) = opening(&sentences, s) {
            return Some(found);
        }
    }
    // No summary section: the first real paragraph.
    for s in sections {
        if s.kind.is_some() && s.kind != Some(SectionKind::Summary) && s.line > 0 {
            continue;
        }
        for p in &s.pieces {
            if p.kind == PieceKind::Para && p.text.split_whitespace().count() >= 12 {
                let sentences = split_sentences(&p.text);
                let text = sentences
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some((clip(&text, 600), s.heading.clone(), p.line));
            }
        }
    }
    None
}

static TRIGGER_CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(was triggered by|the trigger was|triggered when)\b").unwrap()
});
static DETECTION_CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(was|were) (first )?(detected|noticed|identified|spotted|reported)\b|\b(alerted|paged) (us|the)\b|\bmonitoring (alerts?|system) (fired|triggered|reported|detected)").unwrap()
});
static ESCALATION_CUE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\bescalat\w+").unwrap());

/// The first three sentences of a section, with its heading and first line.
fn opening(sentences: &[text::Sentence], s: &Section) -> Option<(String, String, usize)> {
    let first = sentences.first()?;
    let text = sentences
        .iter()
        .take(3)
        .map(|x| x.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Some((clip(&text, 600), s.heading.clone(), first.line))
}

/// A fact from the first section (or item label) of the given kinds: up to three sentences;
/// else the first sentence anywhere that carries `cue`.
pub fn section_fact(
    sections: &[Section],
    kind: SectionKind,
    cue: Option<&regex::Regex>,
) -> Option<(String, String, usize)> {
    for s in sections {
        for p in &s.pieces {
            if let Some((Some(k), name)) = &p.label {
                if *k == kind && !p.text.is_empty() {
                    return Some((clip(&p.text.replace('\n', " "), 600), name.clone(), p.line));
                }
            }
        }
        if s.kind == Some(kind) {
            let sentences: Vec<_> = section_sentences(s)
                .into_iter()
                .filter(|x| !is_template_prompt(&x.text))
                .collect();
            if let Some(found) = opening(&sentences, s) {
                return Some(found);
            }
        }
    }
    let cue = cue?;
    for s in sections {
        if matches!(
            s.kind,
            Some(SectionKind::ActionItems) | Some(SectionKind::MisleadingPaths)
        ) {
            continue;
        }
        for sent in section_sentences(s) {
            if cue.is_match(&sent.text) && !is_suspicion(&sent.text) {
                return Some((clip(&sent.text, 600), s.heading.clone(), sent.line));
            }
        }
    }
    None
}

/// The postmortem's own status (draft, in review, final) named in a line of text.
fn document_status(s: &str) -> Option<String> {
    let t = s.to_lowercase();
    let t = t.trim();
    let st = if t.contains("draft") || t.contains("wip") || t.contains("work in progress") {
        "draft"
    } else if t.contains("in review")
        || t.contains("under review")
        || t.contains("review pending")
        || t.contains("pending review")
    {
        "in review"
    } else if t.contains("reviewed")
        || t.contains("approved")
        || t.contains("final")
        || t.contains("published")
    {
        "reviewed"
    } else if t.contains("closed")
        || t.contains("complete")
        || t.contains("done")
        || t.contains("resolved")
    {
        "closed"
    } else {
        return None;
    };
    Some(st.into())
}

pub fn status(inc: &Incident, sections: &[Section]) -> Option<(String, Provenance)> {
    if let Some(serde_json::Value::String(s)) = inc.extra.get("status") {
        if let Some(st) = document_status(s) {
            return Some((st, Provenance::front_matter()));
        }
    }
    if inc.draft {
        return Some(("draft".into(), Provenance::front_matter()));
    }
    for s in sections {
        for p in &s.pieces {
            if let Some((Some(SectionKind::Status), name)) = &p.label {
                if let Some(st) = document_status(&p.text) {
                    return Some((st, Provenance::section(name, p.line)));
                }
            }
        }
        if s.kind == Some(SectionKind::Status) && s.is_label() {
            if let Some(p) = s.pieces.first() {
                if p.text.split_whitespace().count() <= 4 {
                    if let Some(st) = document_status(&p.text) {
                        return Some((st, Provenance::section(&s.heading, p.line)));
                    }
                }
            }
        }
    }
    None
}

/// Fills the summary when front matter did not declare one.
pub fn fill_summary(inc: &mut Incident, sections: &[Section]) {
    if inc.summary.is_some() {
        return;
    }
    if let Some((text, sec, line)) = summary(sections) {
        inc.summary = Some(text);
        inc.set_provenance(Field::Summary, provenance(&sec, line));
    }
}

type FieldRef = fn(&mut Incident) -> &mut Option<String>;

/// Text facts read from the section of their kind, else from a sentence with their cue.
const SIMPLE: [(Field, SectionKind, FieldRef); 5] = [
    (Field::Trigger, SectionKind::Trigger, |i| &mut i.trigger),
    (Field::Detection, SectionKind::Detection, |i| {
        &mut i.detection
    }),
    (Field::Resolution, SectionKind::Resolution, |i| {
        &mut i.resolution
    }),
    (Field::Escalation, SectionKind::Escalation, |i| {
        &mut i.escalation
    }),
    (Field::Impact, SectionKind::Impact, |i| &mut i.impact),
];

fn cue_of(kind: SectionKind) -> Option<&'static regex::Regex> {
    match kind {
        SectionKind::Trigger => Some(&TRIGGER_CUE),
        SectionKind::Detection => Some(&DETECTION_CUE),
        SectionKind::Escalation => Some(&ESCALATION_CUE),
        _ => None,
    }
}

/// Fills the trigger, detection, resolution, escalation and impact texts.
pub fn fill_simple(inc: &mut Incident, sections: &[Section]) {
    for (field, kind, get) in SIMPLE {
        if get(inc).is_some() {
            continue;
        }
        if let Some((text, sec, line)) = section_fact(sections, kind, cue_of(kind)) {
            *get(inc) = Some(text);
            inc.set_provenance(field, provenance(&sec, line));
        }
    }
}

/// Fills the review status.
pub fn fill_status(inc: &mut Incident, sections: &[Section]) {
    if inc.status.is_some() {
        return;
    }
    if let Some((st, p)) = status(inc, sections) {
        inc.status = Some(st);
        inc.set_provenance(Field::Status, p);
    }
}

/// A fact's provenance: its section, or the text when it sits before any heading.
pub fn provenance(section: &str, line: usize) -> Provenance {
    if section.is_empty() {
        Provenance::other(Origin::Text, Some(line))
    } else {
        Provenance::section(section, line)
    }
}
