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
mod data;
mod kind;
pub mod learn;
mod lists;
mod normalize;
mod placeholders;
mod prose;
mod sections;
mod severity;
mod text;

use super::{CategoryEvidence, Field, Incident, Origin, Provenance, SectionRef};
use blocks::{PieceKind, Section};
use learn::Models;
use text::{is_suspicion, section_sentences, split_sentences};

pub use normalize::normalize;
pub use prose::first_title;

/// The taxonomy and component dictionary of one configuration.
pub(crate) struct Dictionaries {
    pub taxonomy: category::Taxonomy,
    pub components: components::ComponentDictionary,
}
pub use kind::SectionKind;
pub use sections::{with_names, SectionNames};

/// Fills the text facts of `inc` that front matter did not declare.
/// `line_offset` is the number of file lines before `body` (front matter).
pub(crate) fn extract_facts(
    body: &str,
    line_offset: usize,
    taxonomy: &crate::config::TaxonomyConfig,
    models: &Models,
    inc: &mut Incident,
) {
    let norm = normalize(body);
    let sections = blocks::parse_sections(&norm, line_offset);
    let dicts = dictionaries(taxonomy);
    inc.sections = section_refs(&sections);
    prose::fill_summary(inc, &sections);
    fill_root_cause(inc, &sections, &dicts, models);
    prose::fill_simple(inc, &sections);
    fill_category(inc, &sections, &dicts, models);
    fill_components(inc, &sections, &norm, &dicts);
    fill_lists(inc, &sections);
    prose::fill_status(inc, &sections);
    severity::fill_severity(inc, &sections);
    inc.placeholders = placeholders::placeholders(body, line_offset);
}

fn section_refs(sections: &[Section]) -> Vec<SectionRef> {
    sections
        .iter()
        .filter(|s| s.line > 0)
        .map(|s| SectionRef {
            heading: s.heading.clone(),
            kind: s.kind.map(SectionKind::public),
            line: s.line,
        })
        .collect()
}

/// The candidates of the root-cause statement, rated with the document's dictionaries.
fn cause_ranking(sections: &[Section], dicts: &Dictionaries) -> cause::Ranking {
    cause::ranking(sections, |s| cause::features::Content {
        names_component: dicts.components.names_any(s),
        category_strength: dicts.taxonomy.strongest(s),
    })
}

fn fill_root_cause(inc: &mut Incident, sections: &[Section], dicts: &Dictionaries, m: &Models) {
    if inc.root_cause.is_some() {
        return;
    }
    let ranking = cause_ranking(sections, dicts);
    if let Some(rc) = cause::root_cause(sections, &ranking, &m.root_cause) {
        inc.root_cause = Some(rc.text);
        inc.root_cause_detail = rc.detail;
        let p = prose::provenance(&rc.section, rc.line).with_confidence(rc.confidence);
        inc.set_provenance(Field::RootCause, p);
    }
}

/// The texts the category is read from, without sentences about suspicions.
struct CategoryTexts {
    statement: Vec<String>,
    root_cause_sections: String,
    title: String,
    summary: String,
    front_matter: String,
    body: String,
}

fn category_texts(inc: &Incident, sections: &[Section]) -> CategoryTexts {
    let statement = split_sentences(inc.root_cause.as_deref().unwrap_or(""))
        .into_iter()
        .filter(|s| !is_suspicion(s))
        .collect();
    CategoryTexts {
        statement,
        root_cause_sections: kind_text(sections, SectionKind::RootCause),
        title: inc.title.clone().unwrap_or_default(),
        summary: without_suspicions(inc.summary.as_deref().unwrap_or("")),
        front_matter: front_matter_categories(inc),
        body: body_without_suspicions(sections),
    }
}

fn fill_category(inc: &mut Incident, sections: &[Section], dicts: &Dictionaries, m: &Models) {
    let table = category_table(inc, sections, dicts);
    let weights = m.category.as_ref().map(|w| w.for_taxonomy(&dicts.taxonomy));
    let decision = category::decide(&dicts.taxonomy, &table, weights.as_deref());
    inc.categories = decision.evidence;
    if let Some(declared) = declared_category(inc, &dicts.taxonomy) {
        put_declared_first(inc, declared);
        return;
    }
    let Some(slug) = decision.slug else {
        inc.category = Some(super::UNKNOWN_CATEGORY.into());
        let p = Provenance::other(Origin::Derived, None).with_confidence(decision.confidence);
        inc.set_provenance(Field::Category, p);
        return;
    };
    let p = match decision.source {
        Some(category::Source::Statement) => inc.provenance.get(&Field::RootCause).cloned(),
        Some(category::Source::Summary) => inc.provenance.get(&Field::Summary).cloned(),
        Some(category::Source::Title) => inc.provenance.get(&Field::Title).cloned(),
        _ => None,
    };
    let p = p.unwrap_or_else(|| Provenance::other(Origin::Text, None));
    inc.category = Some(slug);
    inc.set_provenance(Field::Category, p.with_confidence(decision.confidence));
}

/// The category evidence of a document whose statement has been chosen.
fn category_table(inc: &Incident, sections: &[Section], dicts: &Dictionaries) -> category::Table {
    let t = category_texts(inc, sections);
    let texts = category::Texts {
        statement: t.statement.iter().map(String::as_str).collect(),
        root_cause_sections: &t.root_cause_sections,
        title: &t.title,
        summary: &t.summary,
        front_matter: &t.front_matter,
        body: &t.body,
    };
    category::table(&dicts.taxonomy, &texts)
}

/// The category front matter declares, when it names a category of the taxonomy (its slug or
/// an alias). Anything else (`category: deployments` on a blog) is not the root-cause
/// category and is dropped here; the caller keeps it as a tag.
fn declared_category(inc: &mut Incident, tax: &category::Taxonomy) -> Option<String> {
    let from_fm = inc
        .provenance
        .get(&Field::Category)
        .is_some_and(|p| !p.is_extracted());
    if !from_fm {
        return None;
    }
    let named = inc.category.as_deref().and_then(|c| tax.named(c));
    match named {
        Some(i) => Some(tax.slug(i).to_string()),
        None => {
            inc.category = None;
            inc.provenance.remove(&Field::Category);
            None
        }
    }
}

/// The declared category first, then the evidence found in the text.
fn put_declared_first(inc: &mut Incident, slug: String) {
    inc.categories.retain(|c| c.slug != slug);
    inc.categories.insert(
        0,
        CategoryEvidence {
            slug: slug.clone(),
            phrase: String::new(),
            source: "front matter".into(),
            score: 0.0,
        },
    );
    inc.category = Some(slug);
}

fn fill_components(inc: &mut Incident, sections: &[Section], norm: &str, dicts: &Dictionaries) {
    if !inc.components.is_empty() {
        return;
    }
    let d = &dicts.components;
    let rc_sections = kind_text(sections, SectionKind::RootCause);
    let statement = inc.root_cause.clone().unwrap_or_default();
    let title = inc.title.clone().unwrap_or_default();
    let summary = without_suspicions(inc.summary.as_deref().unwrap_or(""));
    let mut found: Vec<String> = Vec::new();
    let mut add = |cs: Vec<String>| {
        for c in cs {
            if !found.contains(&c) {
                found.push(c);
            }
        }
    };
    for text in [&statement, &rc_sections, &title, &summary] {
        add(d.find(text));
    }
    // Generic words in the cause resolved to the one specific component the body names, and
    // components named where the text reports a fault.
    let cause_all = format!("{statement} {rc_sections}");
    let so_far: Vec<String> = [&statement, &rc_sections, &title, &summary]
        .iter()
        .flat_map(|t| d.find(t))
        .collect();
    add(d.resolve_generic(&so_far, &cause_all, &d.find(norm)));
    for sent in fault_sentences(sections) {
        add(d.find(&sent));
    }
    if !found.is_empty() {
        let p = inc
            .provenance
            .get(&Field::RootCause)
            .cloned()
            .unwrap_or_else(|| Provenance::other(Origin::Text, None));
        inc.components = found;
        inc.set_provenance(Field::Components, p);
    }
}

fn fill_lists(inc: &mut Incident, sections: &[Section]) {
    inc.timeline = lists::timeline(sections);
    inc.action_items = lists::action_items(sections);
    inc.lessons = lists::lessons(sections);
    inc.misleading_paths = lists::misleading_paths(sections);
    for (field, first_line) in [
        (Field::Timeline, inc.timeline.first().map(|e| e.line)),
        (Field::ActionItems, inc.action_items.first().map(|e| e.line)),
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
}

/// The taxonomy and component dictionary compiled once per configuration (regex compilation
/// costs more than reading a document).
fn dictionaries(cfg: &crate::config::TaxonomyConfig) -> std::sync::Arc<Dictionaries> {
    use std::sync::{Arc, Mutex};
    type Cache = Vec<(crate::config::TaxonomyConfig, Arc<Dictionaries>)>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, c)) = cache.iter().find(|(k, _)| k == cfg) {
        return c.clone();
    }
    let c = Arc::new(Dictionaries {
        taxonomy: category::Taxonomy::new(cfg),
        components: components::ComponentDictionary::new(cfg),
    });
    if cache.len() > 8 {
        cache.clear();
    }
    cache.push((cfg.clone(), c.clone()));
    c
}

/// The sentences of every section of one kind, without suspicions and template prompts.
fn kind_text(sections: &[Section], kind: SectionKind) -> String {
    sections
        .iter()
        .filter(|s| s.kind == Some(kind))
        .flat_map(|s| section_sentences(s).into_iter().map(|x| x.text))
        .filter(|t| !is_suspicion(t) && !cause::is_template_prompt(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything but misleading paths, action items and lessons, without code and without
/// sentences about suspicions.
fn body_without_suspicions(sections: &[Section]) -> String {
    sections
        .iter()
        .filter(|s| !s.kind.is_some_and(SectionKind::is_aside))
        .flat_map(|s| {
            s.pieces
                .iter()
                .filter(|p| {
                    p.kind != PieceKind::Code
                        && !matches!(&p.label, Some((Some(SectionKind::MisleadingPaths), _)))
                })
                .flat_map(|p| split_sentences(&p.text))
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
                Some(SectionKind::MisleadingPaths)
                    | Some(SectionKind::ActionItems)
                    | Some(SectionKind::LessonsWell)
                    | Some(SectionKind::LessonsLucky)
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

/// Category-like values in front matter keys hindsight does not model (`categories`, `cause`).
fn front_matter_categories(inc: &Incident) -> String {
    let mut out = Vec::new();
    for key in ["categories", "category", "cause", "root_cause_category"] {
        match inc.extra.get(key) {
            Some(serde_json::Value::String(s)) => out.push(s.clone()),
            Some(serde_json::Value::Array(a)) => {
                out.extend(a.iter().filter_map(|x| x.as_str().map(String::from)))
            }
            _ => {}
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests;

/// The root-cause candidates of a document as extraction sees them (for training).
fn ranking_of(doc: &crate::load::SourceDoc, opts: &super::ExtractOptions) -> cause::Ranking {
    let norm = normalize(&doc.body);
    let sections = blocks::parse_sections(&norm, doc.body_line_offset);
    cause_ranking(&sections, &dictionaries(&opts.taxonomy))
}

/// One document as a training group of the category model: the contenders' features, and
/// which is the labelled category.
fn category_group(
    doc: &crate::load::SourceDoc,
    opts: &super::ExtractOptions,
    models: &Models,
    label: &str,
) -> learn::linear::Group {
    let inc = super::extract_with(doc, opts, models);
    let norm = normalize(&doc.body);
    let sections = blocks::parse_sections(&norm, doc.body_line_offset);
    let dicts = dictionaries(&opts.taxonomy);
    let table = category_table(&inc, &sections, &dicts);
    let tax = &dicts.taxonomy;
    let cs = category::model::contenders(&table);
    learn::linear::Group {
        x: cs
            .iter()
            .map(|&c| category::model::features(tax, &table, c))
            .collect(),
        positive: cs.iter().map(|&c| tax.slug(c) == label).collect(),
    }
}
