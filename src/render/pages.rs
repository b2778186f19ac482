//! HTML pages: home, one per incident, taxonomy lists and term pages, 404.

use super::markdown::render_markdown;
use super::templates::template_error;
use super::{OutputFile, RenderError};
use crate::analyze::SiteModel;
use crate::extract::Incident;
use rayon::prelude::*;
use serde_json::{json, Value};
use tera::{Context, Tera};

pub(super) fn render_pages(model: &SiteModel, tera: &Tera) -> Result<Vec<OutputFile>, RenderError> {
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

    let incident_pages: Result<Vec<OutputFile>, RenderError> = model
        .incidents
        .par_iter()
        .enumerate()
        .map(|(idx, inc)| {
            let mut ctx = base.clone();
            let mut view = summaries[idx].clone();
            view["content"] = Value::String(render_markdown(&inc.body));
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

/// The incident as templates see it: every model field plus URLs and which facts were extracted
/// from the text rather than declared.
pub(super) fn incident_summary(model: &SiteModel, inc: &Incident) -> Value {
    let base = model.config.base_path();
    let mut v = serde_json::to_value(inc).unwrap_or(Value::Null);
    v["url"] = Value::String(format!("{base}incidents/{}/", inc.slug));
    v["display_title"] = Value::String(inc.display_title().to_string());
    let extracted: serde_json::Map<String, Value> = inc
        .provenance
        .iter()
        .map(|(k, p)| (k.clone(), Value::Bool(p.is_extracted())))
        .collect();
    v["extracted"] = Value::Object(extracted);
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
