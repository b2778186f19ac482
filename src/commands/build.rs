//! `hindsight build`: the whole pipeline, written atomically.

use crate::analyze::analyze;
use crate::render::{render_site, Theme};
use anyhow::{Context, Result};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to site.toml's output_dir, relative to the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub force: bool,
}

pub struct BuildReport {
    pub output: PathBuf,
    pub incidents: usize,
    pub files: usize,
}

pub fn run(opts: &BuildOptions) -> Result<BuildReport> {
    let mut site = super::load_site(&opts.root, opts.drafts)?;
    if let Some(url) = &opts.base_url {
        site.config.base_url = url.clone();
    }
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site.root.join(&site.config.output_dir));
    let theme = Theme::load(&site.root, &site.config.theme)?;
    let incidents = site.incidents.len();
    let model = analyze(site.config, site.incidents);
    let files = render_site(&model, &theme)?;
    crate::write::write_site(&output, &files, opts.force)
        .with_context(|| format!("writing the site to {}", output.display()))?;
    Ok(BuildReport {
        output,
        incidents,
        files: files.len(),
    })
}
