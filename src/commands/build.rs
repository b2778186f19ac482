//! `hindsight build`: the whole pipeline, written atomically.

use crate::analyze::analyze;
use crate::render::{find_content_assets, render_site_with_assets, Theme};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to site.toml's output_dir, relative to the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub force: bool,
    /// Publish the good postmortems when some cannot be read (listed in the report).
    pub keep_going: bool,
}

pub struct BuildReport {
    pub output: PathBuf,
    pub incidents: usize,
    pub files: usize,
    /// Problems that did not stop the build (`path: message`), sorted by path.
    pub warnings: Vec<String>,
    /// Postmortems left out by `keep_going`, sorted by path.
    pub bad_files: Vec<super::InputError>,
    /// Wall time of each stage, in order (`load+extract`, `analyze`, `render`, `write`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

pub fn run(opts: &BuildOptions) -> Result<BuildReport> {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let how = super::SiteLoad {
        drafts: opts.drafts,
        keep_going: opts.keep_going,
    };
    let mut site = super::load_site_with(&opts.root, &how)?;
    lap("load+extract");
    if let Some(url) = &opts.base_url {
        site.config.set_base_url(url)?;
    }
    let (warnings, bad_files) = (
        std::mem::take(&mut site.warnings),
        std::mem::take(&mut site.bad_files),
    );
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site.root.join(&site.config.output_dir));
    refuse_source_folders(&site.root, &output)?;
    let theme = Theme::load(&site.root, &site.config.theme)?;
    let assets = find_content_assets(&site.root.join("content"))?;
    let incidents = site.incidents.len();
    let model = analyze(site.config, site.incidents);
    lap("analyze");
    let files = render_site_with_assets(&model, &theme, &assets).map_err(|e| e.locate(&theme))?;
    lap("render");
    crate::write::write_site(&output, &files, opts.force)
        .with_context(|| format!("writing the site to {}", output.display()))?;
    lap("write");
    Ok(BuildReport {
        output,
        incidents,
        files: files.len(),
        warnings,
        bad_files,
        timings,
    })
}

/// Replacing the output folder must never take the site's own sources with it, even with
/// `--force` (e.g. `--output .` or `--output content`).
fn refuse_source_folders(root: &Path, output: &Path) -> Result<()> {
    let Ok(out) = output.canonicalize() else {
        return Ok(()); // does not exist yet, so it holds nothing
    };
    let sources = ["", "content", "templates", "static", "themes"];
    for rel in sources {
        let Ok(src) = root.join(rel).canonicalize() else {
            continue;
        };
        if src.starts_with(&out) {
            bail!(
                "refusing to build into {}: it holds the site's own files ({})\nhint: pass another --output, e.g. public",
                output.display(),
                src.display()
            );
        }
    }
    Ok(())
}
