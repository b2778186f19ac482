//! HTML pages: home, one per incident, taxonomy lists and term pages, 404.

use super::assets::{join_relative, ContentAsset, ASSET_DIR};
use super::markdown::render_markdown_linked;
use super::templates::template_error;
use super::{OutputFile, RenderError};
use crate::analyze::SiteModel;
use crate::extract::Incident;
use rayon::prelude::*;
use serde_json::{json, Value};
use tera::{Context, Tera};

pub(super) fn render_pages(
    model: &SiteModel,
    tera: &Tera,
    assets: &[ContentAsset],
) -> Result<Vec<OutputFile>, RenderError> {
    let base = base_context(model);
    let summaries: Vec<Value> = model
        .incidents
        .iter()
        .map(|i| incident_summary(model, i))
        .collect();
    let mut files = Vec::new();

    let mut ctx = base.clone();
    ctx.insert("incidents", &summaries);
    files.push(render(tera, "index.html", &ctx, "index.html")?);

    // Postmortems link to each other by file name; unique names only.
    let mut by_file: std::collections::HashMap<String, Option<String>> = Default::default();
    for (inc, view) in model.incidents.iter().zip(&summaries) {
        let name = inc
            .rel_path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let url = view["url"].as_str().map(str::to_string);
        by_file.entry(name).and_modify(|u| *u = None).or_insert(url);
    }
    let asset_set: std::collections::HashSet<&str> =
        assets.iter().map(|a| a.rel.as_str()).collect();
    let base_path = model.config.base_path();
    // Relative targets in a postmortem: another postmortem's file, or a file beside it.
    let resolve_from = |doc_dir: &str, target: &str| -> Option<String> {
        let path = target.split('?').next().unwrap_or(target);
        let file = path.rsplit('/').next().unwrap_or(path);
        if file.ends_with(".md") {
            return by_file.get(file).cloned().flatten();
        }
        let rel = join_relative(doc_dir, path)?;
        asset_set
            .contains(rel.as_str())
            .then(|| format!("{base_path}{ASSET_DIR}/{rel}"))
    };

    let incident_pages: Result<Vec<OutputFile>, RenderError> = model
        .incidents
        .par_iter()
        .enumerate()
        .map(|(idx, inc)| {
            let mut ctx = base.clone();
            let mut view = summaries[idx].clone();
            let doc_dir = inc.rel_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            let resolve = |target: &str| resolve_from(doc_dir, target);
            view["content"] = Value::String(render_markdown_linked(&inc.body, &resolve));
            view["similar"] = super::search_page::similar_view(model, idx);
            ctx.insert("incident", &view);
            render(
                tera,
                "incident.html",
                &ctx,
                &format!("incidents/{}/index.html", inc.slug),
            )
        })
        .collect();
    files.extend(incident_pages?);

    for tax in &model.taxonomies {
        let terms: Vec<Value> = tax
            .terms
            .iter()
            .map(|t| {
                json!({
                    "slug": t.slug,
                    "count": t.incidents.len(),
                    "url": format!("{}{}/{}/", model.config.base_path(), tax.name, t.slug),
                })
            })
            .collect();
        let tax_view = json!({
            "name": tax.name,
            "label": tax.label,
            "url": format!("{}{}/", model.config.base_path(), tax.name),
        });
        let mut ctx = base.clone();
        ctx.insert("taxonomy", &tax_view);
        ctx.insert("terms", &terms);
        files.push(render(
            tera,
            "taxonomy_list.html",
            &ctx,
            &format!("{}/index.html", tax.name),
        )?);
        for (term, term_view) in tax.terms.iter().zip(&terms) {
            let mut ctx = base.clone();
            ctx.insert("taxonomy", &tax_view);
            ctx.insert("term", term_view);
            let list: Vec<&Value> = term.incidents.iter().map(|&i| &summaries[i]).collect();
            ctx.insert("incidents", &list);
            ctx.insert(
                "trend",
                &super::trends::term_view(model, &tax.name, &term.slug),
            );
            files.push(render(
                tera,
                "taxonomy_term.html",
                &ctx,
                &format!("{}/{}/index.html", tax.name, term.slug),
            )?);
        }
    }

    files.push(render(tera, "404.html", &base, "404.html")?);
    Ok(files)
}

fn render(
    tera: &Tera,
    template: &str,
    ctx: &Context,
    out: &str,
) -> Result<OutputFile, RenderError> {
    let html = tera
        .render(template, ctx)
        .map_err(|e| template_error(template, e))?;
    Ok(OutputFile::new(out, html))
}

pub(super) fn base_context(model: &SiteModel) -> Context {
    let c = &model.config;
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &json!({
            "title": c.title,
            "description": c.description,
            "base_url": c.base_url,
            "base_path": c.base_path(),
            "extra": c.extra,
            "language": c.language.as_deref().unwrap_or("en"),
            "incident_count": model.incidents.len(),
        }),
    );
    ctx.insert("base_path", &c.base_path());
    let nav: Vec<Value> = model
        .taxonomies
        .iter()
        .map(|t| json!({"name": t.name, "label": t.label, "url": format!("{}{}/", c.base_path(), t.name)}))
        .collect();
    ctx.insert("taxonomies", &nav);
    ctx
}

/// Facts the summary card can show; each gets an `extracted` flag and a provenance note.
const FACT_FIELDS: &[&str] = &[
    "title",
    "date",
    "start",
    "end",
    "duration_minutes",
    "impact_percent",
    "impact",
    "severity",
    "summary",
    "root_cause",
    "trigger",
    "category",
    "components",
    "tags",
    "authors",
    "detection",
    "resolution",
    "status",
    "detected_at",
    "resolved_at",
];

/// The facts the default theme's summary card marks (the date when start and end are unknown).
use crate::extract::CARD_FACTS as SHOWN_FACTS;

/// The short mark shown next to an extracted fact; None for front matter.
fn provenance_label(p: &crate::extract::Provenance) -> Option<&'static str> {
    if !p.is_extracted() {
        return None;
    }
    Some(match p.from.as_str() {
        "derived" => "worked out",
        "file_name" => "from file name",
        _ => "from text",
    })
}

/// A reader-facing sentence saying where an extracted fact came from; None for front matter.
fn provenance_note(p: &crate::extract::Provenance) -> Option<String> {
    if !p.is_extracted() {
        return None;
    }
    let place = match (p.from.as_str(), &p.section, p.line) {
        ("section", Some(s), Some(l)) => format!("the \u{201c}{s}\u{201d} section, line {l}"),
        ("section", Some(s), None) => format!("the \u{201c}{s}\u{201d} section"),
        ("file_name", _, _) => "the file name".to_string(),
        ("title", _, Some(l)) => format!("the first heading, line {l}"),
        ("derived", _, _) => return Some("Worked out by hindsight from other facts (e.g. end minus start); not declared in the front matter.".into()),
        (_, _, Some(l)) => format!("the text, line {l}"),
        _ => "the text".to_string(),
    };
    Some(format!(
        "Read by hindsight from {place}; not declared in the front matter, so it may be imprecise."
    ))
}

/// The incident as templates see it: every model field plus URLs and which facts were extracted
/// from the text rather than declared.
pub(super) fn incident_summary(model: &SiteModel, inc: &Incident) -> Value {
    let base = model.config.base_path();
    let mut v = serde_json::to_value(inc).unwrap_or(Value::Null);
    v["url"] = Value::String(format!("{base}incidents/{}/", inc.slug));
    v["display_title"] = Value::String(inc.display_title().to_string());
    // Every fact field is present (false / null when declared or absent) so templates can test
    // `incident.extracted.X` without tripping over undefined values.
    let mut extracted = serde_json::Map::new();
    let mut notes = serde_json::Map::new();
    let mut labels = serde_json::Map::new();
    let mut unsure = serde_json::Map::new();
    for field in FACT_FIELDS {
        extracted.insert(field.to_string(), Value::Bool(false));
        notes.insert(field.to_string(), Value::Null);
        labels.insert(field.to_string(), Value::Null);
        unsure.insert(field.to_string(), Value::Bool(false));
    }
    for (field, p) in &inc.provenance {
        extracted.insert(field.clone(), Value::Bool(p.is_extracted()));
        unsure.insert(field.clone(), Value::Bool(p.is_unsure()));
        let note = provenance_note(p);
        notes.insert(
            field.clone(),
            note.map(Value::String).unwrap_or(Value::Null),
        );
        let label = provenance_label(p);
        labels.insert(field.clone(), label.map(Value::from).unwrap_or(Value::Null));
    }
    let shown_extracted = inc
        .provenance
        .iter()
        .any(|(k, p)| p.is_extracted() && SHOWN_FACTS.contains(&k.as_str()));
    v["extracted"] = Value::Object(extracted);
    v["provenance_note"] = Value::Object(notes);
    v["provenance_label"] = Value::Object(labels);
    v["any_extracted"] = Value::Bool(shown_extracted);
    let shown_unsure = inc
        .provenance
        .iter()
        .any(|(k, p)| p.is_unsure() && SHOWN_FACTS.contains(&k.as_str()));
    v["unsure"] = Value::Object(unsure);
    v["any_unsure"] = Value::Bool(shown_unsure);
    let link =
        |tax: &str, slug: &String| json!({"slug": slug, "url": format!("{base}{tax}/{slug}/")});
    v["tag_links"] = inc.tags.iter().map(|t| link("tags", t)).collect();
    v["service_links"] = inc.components.iter().map(|t| link("services", t)).collect();
    v["category_link"] = inc
        .category
        .as_ref()
        .map(|c| link("categories", c))
        .unwrap_or(Value::Null);
    v
}
