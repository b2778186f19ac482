//! Stage 4: the analysed site -> output files in memory (HTML pages, feeds, assets).

mod feeds;
mod markdown;
mod pages;
mod search_page;
mod templates;
mod theme;

pub use markdown::{markdown_options, render_markdown, sanitize};
pub use theme::Theme;

use crate::analyze::SiteModel;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("theme {name:?} not found in {dir}\nhint: set `theme = \"default\"` in site.toml or add the theme folder")]
    NoTheme { name: String, dir: String },
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error("template error in {template}: {message}\nhint: fix the template (a site's templates/ override the theme's)")]
    Template { template: String, message: String },
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
    let tera = templates::build_tera(theme)?;
    let mut files = pages::render_pages(model, &tera)?;
    files.extend(feeds::render_feeds(model));
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
