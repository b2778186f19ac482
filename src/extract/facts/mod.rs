//! Facts read out of the prose: sections, summary, root cause, category, components, timeline
//! entries, action items, lessons, placeholders.
//!
//! The body is first normalised line for line (HTML, fenced or indented documents, `##Title`),
//! then parsed with pulldown-cmark into sections (headings and every kind of label), and each
//! fact is read from the sections that name it.

mod blocks;
mod category;
mod cause;
mod components;
mod lists;
mod normalize;
mod placeholders;
mod sections;
mod text;

use super::{ExtractOptions, Incident, Provenance, SectionRef};
use blocks::{PieceKind, Section};
use text::{clip, is_suspicion, section_sentences, split_sentences};

pub use normalize::normalize;
pub use sections::{with_names, SectionKind, SectionNames};

/// Fills the text facts of `inc` that front matter did not declare.
/// `line_offset` is the number of file lines before `body` (front matter).
pub(crate) fn extract_facts(
    body: &str,
    line_offset: usize,
    opts: &ExtractOptions,
    inc: &mut Incident,
) {
    let norm = normalize(body);
    let sections = blocks::parse_sections(&norm, line_offset);

    inc.sections = sections
        .iter()
        .filter(|s| s.line > 0)
        .map(|s| SectionRef {
            heading: s.heading.clone(),
            kind: s.kind.map(canonical_kind),
            line: s.line,
        })
        .collect();

    // Summary.
    if inc.summary.is_none() {
        if let Some((text, sec, line)) = summary(&sections) {
            inc.summary = Some(text);
            inc.set_provenance("summary", provenance(&sec, line));
        }
    }

    // Root cause.
    if inc.root_cause.is_none() {
        if let Some(rc) = cause::root_cause(&sections) {
            inc.root_cause = Some(rc.text);
            inc.set_provenance("root_cause", provenance(&rc.section, rc.line));
        }
    }

    // Trigger, detection, resolution, escalation, impact text.
    let simple: [(&str, &[&str], Option<&regex::Regex>); 5] = [
        ("trigger", &["trigger"], Some(&TRIGGER_CUE)),
        ("detection", &["detection"], Some(&DETECTION_CUE)),
        ("resolution", &["resolution"], None),
        ("escalation", &["escalation"], Some(&ESCALATION_CUE)),
        ("impact", &["impact"], None),
    ];
    for (field, kinds, cue) in simple {
        let already = match field {
            "trigger" => inc.trigger.is_some(),
            "detection" => inc.detection.is_some(),
            "resolution" => inc.resolution.is_some(),
            "escalation" => inc.escalation.is_some(),
            _ => inc.impact.is_some(),
        };
        if already {
            continue;
        }
        if let Some((text, sec, line)) = section_fact(&sections, kinds, cue) {
            match field {
                "trigger" => inc.trigger = Some(text),
                "detection" => inc.detection = Some(text),
                "resolution" => inc.resolution = Some(text),
                "escalation" => inc.escalation = Some(text),
                _ => inc.impact = Some(text),
            }
            inc.set_provenance(field, provenance(&sec, line));
        }
    }

    // Category.
    let compiled = compiled_taxonomy(&opts.taxonomy);
    let (taxonomy, dict) = (&compiled.0, &compiled.1);
    let rc_sections = sections_text(&sections, &["root_cause"]);
    let title = inc.title.clone().unwrap_or_default();
    let summary_text = inc.summary.clone().unwrap_or_default();
    let body_text = body_without_suspicions(&sections);
    // Sentences of the root-cause statement: an explicit "the root cause was" sentence and the
    // opening sentence weigh most; within each, the cause counts more than its effects.
    let mut weighted: Vec<(String, f64, &str)> = Vec::new();
    if let Some(rc) = &inc.root_cause {
        for (k, sent) in split_sentences(rc).iter().enumerate() {
            if is_suspicion(sent) {
                continue;
            }
            let w = if cause::is_statement(sent) {
                4.0
            } else if k == 0 {
                3.5
            } else {
                1.5
            };
            for (seg, f) in category::cause_segments(sent) {
                weighted.push((seg, w * f, "root_cause"));
            }
        }
    }
    let summary_clean = without_suspicions(&summary_text);
    let fm_categories = front_matter_categories(inc);
    weighted.push((rc_sections.clone(), 0.8, "root_cause_section"));
    weighted.push((title.clone(), 1.5, "title"));
    weighted.push((summary_clean.clone(), 1.2, "summary"));
    weighted.push((fm_categories, 2.0, "front_matter"));
    weighted.push((body_text, 0.2, "body"));
    let texts: Vec<(&str, f64, &str)> = weighted
        .iter()
        .map(|(t, w, s)| (t.as_str(), *w, *s))
        .collect();
    let evidence = taxonomy.score(&texts);
    let cause_texts = format!(
        "{} {} {}",
        without_suspicions(inc.root_cause.as_deref().unwrap_or("")),
        summary_clean,
        title
    );
    inc.categories = evidence;
    if inc.category.is_none() {
        let primary = category::decide(&inc.categories, &cause_texts);
        let top = primary
            .as_ref()
            .and_then(|p| inc.categories.iter().position(|c| &c.slug == p));
        if let Some(i) = top {
            // Primary first.
            let e = inc.categories.remove(i);
            inc.categories.insert(0, e);
        }
        match inc.categories.first() {
            Some(top) if top.score >= 1.0 => {
                inc.category = Some(top.slug.clone());
                let p = match top.source.as_str() {
                    "root_cause" => inc.provenance.get("root_cause").cloned(),
                    "summary" => inc.provenance.get("summary").cloned(),
                    "title" => inc.provenance.get("title").cloned(),
                    _ => None,
                };
                inc.set_provenance(
                    "category",
                    p.unwrap_or_else(|| Provenance::other("text", None)),
                );
            }
            _ => {
                inc.category = Some("unknown".into());
                inc.set_provenance("category", Provenance::other("derived", None));
            }
        }
    } else if let Some(fm) = inc.category.clone() {
        // Declared category first, then the evidence found in the text.
        inc.categories.retain(|c| c.slug != fm);
        inc.categories.insert(
            0,
            super::CategoryEvidence {
                slug: fm,
                phrase: String::new(),
                source: "front matter".into(),
                score: 0.0,
            },
        );
    }

    // Components.
    if inc.components.is_empty() {
        let mut found = Vec::new();
        for text in [
            inc.root_cause.as_deref().unwrap_or(""),
            &rc_sections,
            &title,
            &summary_clean,
        ] {
            for c in dict.find(text) {
                if !found.contains(&c) {
                    found.push(c);
                }
            }
        }
        // Generic words in the cause resolved to the one specific component the body names, and
        // components named where the text reports a fault.
        let body_all = norm.as_str();
        let body_components = dict.find(body_all);
        let cause_all = format!(
            "{} {}",
            inc.root_cause.as_deref().unwrap_or(""),
            rc_sections
        );
        for c in components::resolve_generic(&found, &cause_all, &body_components) {
            if !found.contains(&c) {
                found.push(c);
            }
        }
        for sent in fault_sentences(&sections) {
            for c in dict.find(&sent) {
                if !found.contains(&c) {
                    found.push(c);
                }
            }
        }
        if !found.is_empty() {
            inc.components = found;
            let p = inc
                .provenance
                .get("root_cause")
                .cloned()
                .unwrap_or_else(|| Provenance::other("text", None));
            inc.set_provenance("components", p);
        }
    }

    // Lists.
    inc.timeline = lists::timeline(&sections);
    inc.action_items = lists::action_items(&sections);
    inc.lessons = lists::lessons(&sections);
    inc.misleading_paths = lists::misleading_paths(&sections);
    for (field, first_line) in [
        ("timeline", inc.timeline.first().map(|e| e.line)),
        ("action_items", inc.action_items.first().map(|e| e.line)),
    ] {
        if let Some(line) = first_line {
            let heading = sections
                .iter()
                .rev()
                .find(|s| s.line > 0 && s.line <= line)
                .map(|s| s.heading.clone())
                .unwrap_or_default();
            inc.set_provenance(field, Provenance::section(&heading, line));
        }
    }

    // Status.
    if inc.status.is_none() {
        if let Some((st, p)) = status(inc, &sections) {
            inc.status = Some(st);
            inc.set_provenance("status", p);
        }
    }

    inc.placeholders = placeholders::placeholders(body, line_offset);
}

type Compiled = (category::Taxonomy, components::ComponentDictionary);

/// The taxonomy and component dictionary compiled once per configuration (regex compilation
/// costs more than reading a document).
fn compiled_taxonomy(cfg: &crate::config::TaxonomyConfig) -> std::sync::Arc<Compiled> {
    use std::sync::{Arc, Mutex};
    static CACHE: Mutex<Vec<(crate::config::TaxonomyConfig, Arc<Compiled>)>> =
        Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, c)) = cache.iter().find(|(k, _)| k == cfg) {
        return c.clone();
    }
    let c = Arc::new((
        category::Taxonomy::new(cfg),
        components::ComponentDictionary::new(cfg),
    ));
    if cache.len() > 8 {
        cache.clear();
    }
    cache.push((cfg.clone(), c.clone()));
    c
}

/// The title when there is no front matter: the first heading (in any form the normaliser
/// understands), else a short first line. Returns the text and its body line (1-based).
pub fn first_title(body: &str) -> Option<(String, usize)> {
    let norm = normalize(body);
    let sections = blocks::parse_sections(&norm, 0);
    if let Some(s) = sections.iter().find(|s| (1..=3).contains(&s.level)) {
        let t = s.heading.trim().trim_start_matches('#').trim();
        // A heading that is only a section name (`Issue Summary`) is not a title.
        if !t.is_empty() && (s.kind.is_none() || t.split_whitespace().count() > 3) {
            return Some((full_heading(&norm, s.line), s.line));
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

fn canonical_kind(k: &'static str) -> String {
    match k {
        "lessons_well" | "lessons_wrong" | "lessons_lucky" => "lessons".into(),
        other => other.into(),
    }
}

fn provenance(section: &str, line: usize) -> Provenance {
    if section.is_empty() {
        Provenance::other("text", Some(line))
    } else {
        Provenance::section(section, line)
    }
}

fn summary(sections: &[Section]) -> Option<(String, String, usize)> {
    for (i, s) in sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == Some("summary"))
    {
        let mut sentences: Vec<_> = section_sentences(s)
            .into_iter()
            .filter(|x| !cause::is_template_prompt(&x.text))
            .collect();
        // A summary made only of labelled parts (Duration:, Impact:, Root Cause:): the opening
        // of each part.
        if sentences.is_empty() {
            let is_part = |c: &&Section| {
                c.level > s.level
                    || (s.level == 7
                        && c.level == 7
                        && matches!(c.kind, None | Some("duration") | Some("impact")))
            };
            for child in sections[i + 1..].iter().take_while(is_part) {
                if let Some(first) = section_sentences(child)
                    .into_iter()
                    .find(|x| !cause::is_template_prompt(&x.text))
                {
                    sentences.push(text::Sentence {
                        text: format!("{}: {}", child.heading, first.text),
                        line: first.line,
                    });
                }
            }
        }
        if let Some(first) = sentences.first() {
            let text = sentences
                .iter()
                .take(3)
                .map(|x| x.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            return Some((clip(&text, 600), s.heading.clone(), first.line));
        }
    }
    // No summary section: the first real paragraph.
    for s in sections {
        if s.kind.is_some() && s.kind != Some("summary") && s.line > 0 {
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

/// A fact from the first section (or item label) of the given kinds: up to three sentences;
/// else the first sentence anywhere that carries `cue`.
fn section_fact(
    sections: &[Section],
    kinds: &[&str],
    cue: Option<&regex::Regex>,
) -> Option<(String, String, usize)> {
    for s in sections {
        for p in &s.pieces {
            if let Some((Some(k), name)) = &p.label {
                if kinds.contains(k) && !p.text.is_empty() {
                    return Some((clip(&p.text.replace('\n', " "), 600), name.clone(), p.line));
                }
            }
        }
        if s.kind.is_some_and(|k| kinds.contains(&k)) {
            let sentences: Vec<_> = section_sentences(s)
                .into_iter()
                .filter(|x| !cause::is_template_prompt(&x.text))
                .collect();
            if let Some(first) = sentences.first() {
                let text = sentences
                    .iter()
                    .take(3)
                    .map(|x| x.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some((clip(&text, 600), s.heading.clone(), first.line));
            }
        }
    }
    let cue = cue?;
    for s in sections {
        if matches!(s.kind, Some("action_items") | Some("misleading_paths")) {
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

fn sections_text(sections: &[Section], kinds: &[&str]) -> String {
    sections
        .iter()
        .filter(|s| s.kind.is_some_and(|k| kinds.contains(&k)))
        .flat_map(|s| section_sentences(s).into_iter().map(|x| x.text))
        .filter(|t| !is_suspicion(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything but misleading paths, action items and lessons, without sentences about
/// suspicions.
fn body_without_suspicions(sections: &[Section]) -> String {
    sections
        .iter()
        .filter(|s| {
            !matches!(
                s.kind,
                Some("misleading_paths")
                    | Some("action_items")
                    | Some("lessons")
                    | Some("lessons_well")
                    | Some("lessons_wrong")
                    | Some("lessons_lucky")
            )
        })
        .flat_map(|s| {
            s.pieces
                .iter()
                .filter(|p| {
                    p.kind != PieceKind::Code
                        && !matches!(&p.label, Some((Some("misleading_paths"), _)))
                })
                .flat_map(|p| split_sentences(&p.text))
                .collect::<Vec<_>>()
        })
        .filter(|t| !is_suspicion(t))
        .collect::<Vec<_>>()
        .join(" ")
}

static FAULT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(erroneous|typos?|misconfigur\w*|syntax error|exceed\w*|corrupt\w*|crash\w*|(is|was|became) full)\b").unwrap()
});

/// Sentences outside misleading paths and action items that report a fault outright.
fn fault_sentences(sections: &[Section]) -> Vec<String> {
    sections
        .iter()
        .filter(|s| {
            !matches!(
                s.kind,
                Some("misleading_paths")
                    | Some("action_items")
                    | Some("lessons_well")
                    | Some("lessons_lucky")
            )
        })
        .flat_map(|s| section_sentences(s).into_iter().map(|x| x.text))
        .filter(|t| FAULT.is_match(t) && !is_suspicion(t))
        .collect()
}

fn without_suspicions(text: &str) -> String {
    split_sentences(text)
        .into_iter()
        .filter(|s| !is_suspicion(s))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Category-like values in front matter keys hindsight does not model (`categories`, `tags`).
fn front_matter_categories(inc: &Incident) -> String {
    let mut out = Vec::new();
    for key in ["categories", "category", "cause", "root_cause_category"] {
        if let Some(v) = inc.extra.get(key) {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(a) => {
                    out.extend(a.iter().filter_map(|x| x.as_str().map(String::from)))
                }
                _ => {}
            }
        }
    }
    out.join(", ")
}

fn normalize_status(s: &str) -> Option<String> {
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

fn status(inc: &Incident, sections: &[Section]) -> Option<(String, Provenance)> {
    if let Some(serde_json::Value::String(s)) = inc.extra.get("status") {
        if let Some(st) = normalize_status(s) {
            return Some((st, Provenance::front_matter()));
        }
    }
    if inc.draft {
        return Some(("draft".into(), Provenance::front_matter()));
    }
    for s in sections {
        for p in &s.pieces {
            if let Some((Some("status"), name)) = &p.label {
                if let Some(st) = normalize_status(&p.text) {
                    return Some((st, Provenance::section(name, p.line)));
                }
            }
        }
        if s.kind == Some("status") && s.level == 7 {
            if let Some(p) = s.pieces.first() {
                if p.text.split_whitespace().count() <= 4 {
                    if let Some(st) = normalize_status(&p.text) {
                        return Some((st, Provenance::section(&s.heading, p.line)));
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
