//! The search page, the browser's index files under `search/`, and each incident's "similar
//! incidents" as template data. The numbers come from `analyze::search`; this only lays them out.

use super::templates::template_error;
use super::{RenderError, Sink};
use crate::analyze::SiteModel;
use serde_json::{json, Value};
use tera::{Context, Tera};

/// `search/index.html` plus every static index file.
pub(super) fn render_search(
    model: &SiteModel,
    tera: &Tera,
    base: &Context,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    use rayon::prelude::*;
    model
        .search
        .static_files
        .par_iter()
        .try_for_each(|(path, bytes)| sink.write(&format!("search/{path}"), bytes))?;
    if tera.contains_template("search.html") {
        let mut ctx = base.clone();
        ctx.insert(
            "search",
            &json!({
                "index_url": format!("{}search/", model.config.base_path()),
                "script_url": format!("{}search.js", model.config.base_path()),
            }),
        );
        let html = tera
            .render("search.html", &ctx)
            .map_err(|e| template_error("search.html", e))?;
        sink.write("search/index.html", html.as_bytes())?;
    }
    Ok(())
}

/// The incidents most like incident `idx`, for `partials/similar.html`.
pub(super) fn similar_view(model: &SiteModel, idx: usize) -> Value {
    let base = model.config.base_path();
    let Some(list) = model.search.similar.get(idx) else {
        return Value::Array(Vec::new());
    };
    list.iter()
        .filter_map(|s| {
            let inc = model.incidents.get(s.ord as usize)?;
            Some(json!({
                "slug": inc.slug,
                "title": inc.display_title(),
                "url": format!("{base}incidents/{}/", inc.slug),
                "date": inc.date.map(|d| d.to_string()),
                "category": inc.category,
                "score": s.score,
                "shared_category": s.shared_category,
                "shared_components": s.shared_components,
                "shared": s.shared,
            }))
        })
        .collect()
}
