//! Stage 4: the analysed site -> output files in memory (HTML pages, feeds, assets).

pub mod actions;
mod assets;
mod card;
mod charts;
mod export;
mod feeds;
mod highlight;
mod markdown;
mod memo;
mod mirrors;
mod pages;
mod redirects;
mod search_page;
mod templates;
mod theme;
mod trends;

pub use actions::actions_json;
pub use assets::{find_content_assets, ContentAsset, ASSET_DIR};
pub use charts::fmt_num;
pub use export::EXPORTED_FIELDS;
pub use markdown::{markdown_options, render_markdown, render_markdown_linked, sanitize};
pub use pages::{page_folder, paginate};
pub use templates::{format_minutes, TemplateError};
pub use theme::Theme;

use crate::analyze::SiteModel;

/// Why the site could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The theme site.toml names is neither built in nor in `themes/`.
    #[error("theme {name:?} not found in {dir}\nhint: set `theme = \"default\"` in site.toml or add the theme folder")]
    NoTheme {
        /// The theme's name.
        name: String,
        /// Where it was looked for.
        dir: String,
    },
    /// A file cannot be read or written.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// A template does not parse or fails to render.
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
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The file's bytes.
    pub contents: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` holding `contents`.
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// Where rendered files go as soon as they are made (from any thread): the write stage's
/// staging folder in a build, a list in memory in tests. Paths are relative to the site's root.
pub trait Sink: Sync {
    /// Publishes a rendered file.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError>;
    /// Publishes a file that exists on disk as it is (without reading it into memory).
    fn copy(&self, path: &str, source: &std::path::Path) -> Result<(), RenderError>;
    /// [`Sink::write`] for a page made from inputs whose hash is `key` (never 0).
    fn write_keyed(&self, path: &str, bytes: &[u8], _key: u128) -> Result<(), RenderError> {
        self.write(path, bytes)
    }
    /// Publishes the previous build's `path` again when it was made from inputs of the same
    /// `key`; false when there is none (the page is then rendered and written).
    fn reuse(&self, _path: &str, _key: u128) -> Result<bool, RenderError> {
        Ok(false)
    }
}

/// Renders every page of the site, and publishes the files found beside the postmortems,
/// handing each file to `sink` as soon as it is made.
pub fn render_site_into(
    model: &SiteModel,
    theme: &Theme,
    assets: &[ContentAsset],
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let tera = templates::build_tera(theme)?;
    // Redirect pages come last and never replace a file of the site: remember what was written.
    let recorded = Recording {
        inner: sink,
        paths: Default::default(),
    };
    let sink: &dyn Sink = &recorded;
    let salt = memo::Key::salt(theme);
    let shown = memo::Shown::of(theme);
    let styled = highlight::Styled::of_theme(theme);
    let mut laps = crate::timing::Laps::start("render");
    pages::render_pages(model, &tera, (&salt, &shown, &styled), assets, sink)?;
    laps.lap("pages");
    for a in assets {
        sink.copy(&format!("{ASSET_DIR}/{}", a.rel), &a.source)?;
    }
    let page = WholeSitePage::new(model, &tera, &salt);
    trends::render_trends(model, &page, sink)?;
    laps.lap("trends");
    for f in feeds::render_feeds(model) {
        sink.write(&f.path, &f.contents)?;
    }
    actions::render_actions(model, &page, sink)?;
    laps.lap("feeds+actions");
    sink.write("incidents.json", &export::incidents_json(model)?)?;
    laps.lap("incidents.json");
    // Generated stylesheets only where the theme or site has no file of the same name.
    let (light, dark) = highlight::stylesheets();
    for (path, css) in [(SYNTAX_CSS_LIGHT, light), (SYNTAX_CSS_DARK, dark)] {
        if !theme.statics.contains_key(path) {
            sink.write(path, css.as_bytes())?;
        }
    }
    search_page::render_search(model, &page, sink)?;
    laps.lap("search");
    for (path, bytes) in &theme.statics {
        sink.write(path, bytes)?;
    }
    sink.write(".nojekyll", b"")?;
    let taken = recorded
        .paths
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    for f in redirects::render_redirects(model, &taken) {
        recorded.inner.write(&f.path, &f.contents)?;
    }
    Ok(())
}

/// Renders only the pages of the incidents at `which` (positions in `model.incidents`), as
/// [`render_site_into`] would: `serve` shows an edited postmortem this way before the whole
/// site is rebuilt.
pub fn render_incident_pages(
    model: &SiteModel,
    theme: &Theme,
    assets: &[ContentAsset],
    which: &[usize],
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let tera = templates::build_tera(theme)?;
    let salt = memo::Key::salt(theme);
    let shown = memo::Shown::of(theme);
    let styled = highlight::Styled::of_theme(theme);
    pages::render_incident_pages(model, &tera, (&salt, &shown, &styled), assets, which, sink)
}

/// What a page about the whole site (trends, actions, search) is rendered with: the base
/// context every such page gets and the key of its data, so the page is made again only when
/// what it shows changed.
pub(crate) struct WholeSitePage<'a> {
    tera: &'a tera::Tera,
    ctx: tera::Context,
    key: memo::Key,
}

impl<'a> WholeSitePage<'a> {
    fn new(model: &SiteModel, tera: &'a tera::Tera, salt: &memo::Key) -> Self {
        let (ctx, key) = pages::keyed_context(model, salt, true);
        WholeSitePage { tera, ctx, key }
    }

    /// Renders `template` into `path` with `view` as the template's variable of that name,
    /// unless the previous build made `path` from the same data.
    fn render(
        &self,
        template: &str,
        path: &str,
        (name, view): (&str, &impl serde::Serialize),
        sink: &dyn Sink,
    ) -> Result<(), RenderError> {
        let mut key = self.key.clone();
        key.add(template.as_bytes())
            .add(path.as_bytes())
            .add(name.as_bytes())
            .add_json(view);
        let key = key.finish();
        if sink.reuse(path, key)? {
            return Ok(());
        }
        let mut ctx = self.ctx.clone();
        ctx.insert(name.to_string(), view);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| templates::template_error(template, e))?;
        sink.write_keyed(path, html.as_bytes(), key)
    }
}

/// A sink that passes files on and remembers their paths.
struct Recording<'a> {
    inner: &'a dyn Sink,
    paths: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Recording<'_> {
    fn note(&self, path: &str) {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.insert(path.to_string());
    }
}

impl Sink for Recording<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.note(path);
        self.inner.write(path, bytes)
    }
    fn copy(&self, path: &str, source: &std::path::Path) -> Result<(), RenderError> {
        self.note(path);
        self.inner.copy(path, source)
    }
    fn write_keyed(&self, path: &str, bytes: &[u8], key: u128) -> Result<(), RenderError> {
        self.note(path);
        self.inner.write_keyed(path, bytes, key)
    }
    fn reuse(&self, path: &str, key: u128) -> Result<bool, RenderError> {
        let reused = self.inner.reuse(path, key)?;
        if reused {
            self.note(path);
        }
        Ok(reused)
    }
}

/// Files a site of `model` has, roughly (to pace progress and the write stage's test hook).
pub fn expected_files(model: &SiteModel, assets: &[ContentAsset]) -> usize {
    let terms: usize = model.taxonomies.iter().map(|t| t.terms.len() + 1).sum();
    let redirects: usize = model
        .incidents
        .iter()
        .map(|i| i.aliases.len() + usize::from(i.permalink.is_some()))
        .sum();
    // Each incident has its page and its search document (`search/d/`).
    let incident_files = 2 * model.incidents.len();
    incident_files + terms + assets.len() + model.search.static_files.len() + redirects + 16
}

/// Highlighting stylesheets written into every site (linked by base.html).
pub const SYNTAX_CSS_LIGHT: &str = "syntax-light.css";
/// The dark-mode highlighting stylesheet.
pub const SYNTAX_CSS_DARK: &str = "syntax-dark.css";
