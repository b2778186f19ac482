//! The search page, the browser's index files under `search/`, and each incident's "similar
//! incidents" as template data. The numbers come from `analyze::search`; this only lays them out.

use super::memo::Shown;
use super::{RenderError, Sink};
use crate::analyze::search::fields::SearchSource;
use crate::analyze::search::static_index;
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
        .try_for_each(|(path, bytes)| write_index_file(path, bytes, page, sink))?;
    model
        .incidents
        .par_iter()
        .enumerate()
        .try_for_each(|(ord, inc)| write_doc_file(ord as u32, inc, page, sink))?;
    if page.tera.contains_template("search.html") {
        let view = json!({
            "index_url": format!("{}search/", model.config.base_path()),
            "script_url": format!("{}search.js", model.config.base_path()),
        });
        page.render("search.html", "search/index.html", ("search", &view), sink)?;
    }
    Ok(())
}

/// Writes one static index file, gzip-compressed when its name says so. A compressed file is
/// keyed by its plain bytes, so a build publishes the previous build's copy of every file whose
/// content did not change instead of compressing it again.
fn write_index_file(
    path: &str,
    bytes: &[u8],
    page: &super::WholeSitePage,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let out = format!("search/{path}");
    if !static_index::compressed(path) {
        return sink.write(&out, bytes);
    }
    let mut key = page.key.clone();
    key.add(b"gzip").add(out.as_bytes()).add(bytes);
    let key = key.finish();
    if sink.reuse(&out, key)? {
        return Ok(());
    }
    sink.write_keyed(&out, &gzip(bytes), key)
}

/// Writes incident `ord`'s `d/` file. It is keyed by what it is made from (its
/// [`SearchSource`]), not by its bytes, so an unchanged incident's copy is published again
/// without making the document (Markdown parsed, JSON written) or compressing it.
fn write_doc_file(
    ord: u32,
    inc: &crate::extract::Incident,
    page: &super::WholeSitePage,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let out = format!("search/{}", static_index::doc_path(ord));
    let mut key = page.key.clone();
    key.add(b"search doc")
        .add(out.as_bytes())
        .add_json(&SearchSource::of(inc));
    let key = key.finish();
    if sink.reuse(&out, key)? {
        return Ok(());
    }
    let (path, bytes) = static_index::doc_file(ord, inc);
    debug_assert_eq!(format!("search/{path}"), out);
    sink.write_keyed(&out, &gzip(&bytes), key)
}

/// `bytes` gzip-compressed, the same for the same input (no time stamp or file name).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 2 + 32),
        flate2::Compression::new(6),
    );
    enc.write_all(bytes).expect("writing to a Vec");
    enc.finish().expect("writing to a Vec")
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
