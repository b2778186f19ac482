//! The search page, the browser's index files under `search/`, and each incident's "similar
//! incidents" as template data. The numbers come from `analyze::search`; this only lays them out.

use super::memo::Shown;
use super::{RenderError, Sink};
use crate::analyze::SiteModel;
use serde_json::{json, Value};

/// `search/index.html` plus every static index file.
pub(super) fn render_search(
    model: &SiteModel,
    page: &super::WholeSitePage,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    use rayon::prelude::*;
    model
        .search
        .static_files
        .par_iter()
        .try_for_each(|(path, bytes)| sink.write(&format!("search/{path}"), bytes))?;
    if page.tera.contains_template("search.html") {
        let view = json!({
            "index_url": format!("{}search/", model.config.base_path()),
            "script_url": format!("{}search.js", model.config.base_path()),
        });
        page.render("search.html", "search/index.html", ("search", &view), sink)?;
    }
    Ok(())
}

/// The incidents most like incident `idx`, for `partials/similar.html`.
/// The scores only when some template mentions them (see [`Shown`]).
pub(super) fn similar_view(model: &SiteModel, idx: usize, shown: &Shown) -> Value {
    let base = model.config.base_path();
    let Some(list) = model.search.similar.get(idx) else {
        return Value::Array(Vec::new());
    };
    list.iter()
        .filter_map(|s| {
            let inc = model.incidents.get(s.ord as usize)?;
            let mut view = json!({
                "slug": inc.slug,
                "title": inc.display_title(),
                "url": format!("{base}{}", inc.page_path()),
                "date": inc.date.map(|d| d.to_string()),
                "category": inc.category,
                "score": s.score,
                "shared_category": s.shared_category,
                "shared_components": s.shared_components,
                "shared": s.shared,
            });
            if !shown.similar_score {
                view.as_object_mut().map(|o| o.remove("score"));
            }
            Some(view)
        })
        .collect()
}
