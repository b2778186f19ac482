//! The fast path of `serve`: an edited postmortem's page, rendered alone from the last build's
//! site model while the whole site is rebuilt behind it.
//!
//! Only edits of postmortems already on the site are previewed, and only while their page
//! stays at the same address: anything else (a new or removed file, a file that no longer
//! loads; any change at all to a template or site.toml) waits for the full build, which also
//! brings the lists, the similar incidents and the search index up to date.

use crate::commands::build::KeptSite;
use crate::extract::{extract, ExtractOptions, Incident};
use crate::load::{is_postmortem_file, load_file_in, SourceContext, Strictness};
use crate::render::{render_incident_pages, RenderError, Sink};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The last build's site, ready to render single pages from.
pub struct Previewer {
    kept: KeptSite,
    /// The folder of postmortems (absolute, under the canonical site root).
    content_dir: PathBuf,
    /// The content folder relative to the site root (`content`), for `Incident::source`.
    content_rel: String,
    ctx: SourceContext,
    opts: ExtractOptions,
    drafts: bool,
    /// Position in `kept.model.incidents` by path relative to the content folder.
    by_rel: HashMap<String, usize>,
}

/// One rendered page: its path below the built site (`incidents/x/index.html`) and its bytes.
pub type Page = (String, Vec<u8>);

impl Previewer {
    /// A previewer of the site `kept` was built from; `None` when site.toml's settings no
    /// longer give extraction options (the full build reports why).
    pub fn new(root: &Path, kept: KeptSite, drafts: bool) -> Option<Previewer> {
        let config = &kept.model.config;
        let content_dir = config.content_path(root);
        let content_rel = crate::load::rel_path(root, &content_dir);
        let mut ctx = crate::commands::source_context(root, config);
        ctx.files = kept
            .model
            .incidents
            .iter()
            .map(|i| i.rel_path.clone())
            .collect();
        let opts = ExtractOptions::from_config(config).ok()?;
        let by_rel = kept
            .model
            .incidents
            .iter()
            .enumerate()
            .map(|(idx, i)| (i.rel_path.clone(), idx))
            .collect();
        Some(Previewer {
            kept,
            content_dir,
            content_rel,
            ctx,
            opts,
            drafts,
            by_rel,
        })
    }

    /// The pages of the postmortems in `changed`, rendered with their new text; `None` when
    /// nothing can be previewed, or when a change outside the content folder (a template,
    /// site.toml) changes every page, so only the full build shows it.
    pub fn pages(&mut self, changed: &[PathBuf]) -> Option<Vec<Page>> {
        if changed.iter().any(|p| !p.starts_with(&self.content_dir)) {
            return None;
        }
        // New, removed and renamed files, and files beside the postmortems, wait for the build.
        let edited: Vec<(usize, Incident)> = changed.iter().filter_map(|p| self.read(p)).collect();
        if edited.is_empty() {
            return None;
        }
        let mut which = Vec::new();
        for (idx, incident) in edited {
            self.kept.model.incidents[idx] = incident;
            which.push(idx);
        }
        let sink = Collect::default();
        let model = &self.kept.model;
        render_incident_pages(model, &self.kept.theme, &self.kept.assets, &which, &sink).ok()?;
        Some(sink.pages.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    /// The new incident of an edited postmortem and its position in the model.
    fn read(&self, path: &Path) -> Option<(usize, Incident)> {
        if !is_postmortem_file(path) || !path.is_file() {
            return None;
        }
        let rel = crate::load::rel_path(&self.content_dir, path);
        let &idx = self.by_rel.get(&rel)?;
        let doc = load_file_in(path, rel.clone(), Strictness::Strict, &self.ctx).ok()?;
        let mut incident = extract(&doc, &self.opts);
        incident.source = Path::new(&self.content_rel)
            .join(&rel)
            .display()
            .to_string();
        let old = &self.kept.model.incidents[idx];
        let same_page = incident.slug == old.slug && incident.permalink == old.permalink;
        let shown = self.drafts || !incident.draft;
        (same_page && shown).then_some((idx, incident))
    }
}

/// Keeps the rendered pages in memory.
#[derive(Default)]
struct Collect {
    pages: Mutex<Vec<Page>>,
}

impl Sink for Collect {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.push((path.to_string(), bytes.to_vec()));
        Ok(())
    }
    fn copy(&self, _path: &str, _source: &Path) -> Result<(), RenderError> {
        Ok(())
    }
}
