//! Stage 4: the analysed site -> output files in memory (HTML pages, feeds, assets).

mod assets;
mod charts;
mod feeds;
mod highlight;
mod markdown;
mod pages;
mod search_page;
mod templates;
mod theme;
mod trends;

pub use assets::{find_content_assets, ContentAsset, ASSET_DIR};
pub use charts::fmt_num;
pub use markdown::{markdown_options, render_markdown, render_markdown_linked, sanitize};
pub use templates::{format_minutes, TemplateError};
pub use theme::Theme;

use crate::analyze::SiteModel;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("theme {name:?} not found in {dir}\nhint: set `theme = \"default\"` in site.toml or add the theme folder")]
    NoTheme { name: String, dir: String },
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error(transparent)]
    Template(Box<templates::TemplateError>),
}

impl RenderError {
    /// Fills in where a failing template came from (the theme's or the site's own).
    pub fn locate(self, theme: &Theme) -> Self {
        match self {
            RenderError::Template(mut t) => {
                t.locate(theme);
                RenderError::Template(t)
            }
            other => other,
        }
    }

    /// Names the postmortem whose page was being rendered when a template failed.
    pub fn for_postmortem(self, source: &str) -> Self {
        match self {
            RenderError::Template(mut t) => {
                t.postmortem.get_or_insert_with(|| source.to_string());
                RenderError::Template(t)
            }
            other => other,
        }
    }
}

/// One file of the built site; `path` is relative to the output folder, `/`-separated.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// Renders every page of the site.
pub fn render_site(model: &SiteModel, theme: &Theme) -> Result<Vec<OutputFile>, RenderError> {
    render_site_with_assets(model, theme, &[])
}

/// Renders every page of the site and publishes the files found beside the postmortems.
pub fn render_site_with_assets(
    model: &SiteModel,
    theme: &Theme,
    assets: &[ContentAsset],
) -> Result<Vec<OutputFile>, RenderError> {
    let tera = templates::build_tera(theme)?;
    let mut files = pages::render_pages(model, &tera, assets)?;
    files.extend(assets::asset_files(assets)?);
    files.extend(trends::render_trends(
        model,
        &tera,
        &pages::base_context(model),
    )?);
    files.extend(feeds::render_feeds(model));
    files.push(incidents_json(model)?);
    // Generated stylesheets first so a theme's or site's static file of the same name wins.
    let (light, dark) = highlight::stylesheets();
    let generated = [
        OutputFile::new(SYNTAX_CSS_LIGHT, light),
        OutputFile::new(SYNTAX_CSS_DARK, dark),
    ];
    for f in generated {
        if !theme.statics.contains_key(&f.path) {
            files.push(f);
        }
    }
    files.extend(search_page::render_search(
        model,
        &tera,
        &pages::base_context(model),
    )?);
    for (path, bytes) in &theme.statics {
        files.push(OutputFile::new(path.clone(), bytes.clone()));
    }
    files.push(OutputFile::new(".nojekyll", Vec::new()));
    Ok(files)
}

/// Highlighting stylesheets written into every site (linked by base.html).
pub const SYNTAX_CSS_LIGHT: &str = "syntax-light.css";
pub const SYNTAX_CSS_DARK: &str = "syntax-dark.css";

/// `incidents.json`: every incident exactly as `hindsight inspect --json` prints it.
fn incidents_json(model: &SiteModel) -> Result<OutputFile, RenderError> {
    let json = serde_json::to_string_pretty(&model.incidents).map_err(|e| RenderError::Io {
        path: "incidents.json".into(),
        message: e.to_string(),
    })?;
    Ok(OutputFile::new("incidents.json", json))
}
