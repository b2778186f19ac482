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
}

pub struct BuildReport {
    pub output: PathBuf,
    pub incidents: usize,
    pub files: usize,
    /// Wall time of each stage, in order (`load+extract`, `analyze`, `render`, `write`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// What was left out of the site and why (`file:line: message`).
    pub warnings: Vec<String>,
}

/// Diagnostics that mean something the source asked for is missing from the built site.
const BUILD_WARNINGS: &[&str] = &["unsupported-shortcode", "page-address"];

pub fn run(opts: &BuildOptions) -> Result<BuildReport> {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let site = super::load_site_with(&opts.root, opts.drafts, opts.base_url.as_deref())?;
    for w in &site.warnings {
        eprintln!("warning: {w}");
    }
    lap("load+extract");
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site.root.join(&site.config.output_dir));
    refuse_source_folders(&site.root, &output)?;
    let theme = Theme::load(&site.root, &site.config.theme)?;
    let assets = find_content_assets(&site.content_dir)?;
    let incidents = site.incidents.len();
    let warnings = site
        .incidents
        .iter()
        .flat_map(|i| {
            i.diagnostics
                .iter()
                .filter(|d| BUILD_WARNINGS.contains(&d.kind.as_str()))
                .map(move |d| match d.line {
                    Some(l) => format!("{}:{l}: {}", i.source, d.message),
                    None => format!("{}: {}", i.source, d.message),
                })
        })
        .collect();
    let model = analyze(site.config, site.incidents);
    lap("analyze");
    let files = render_site_with_assets(&model, &theme, &assets)?;
    lap("render");
    crate::write::write_site(&output, &files, opts.force)
        .with_context(|| format!("writing the site to {}", output.display()))?;
    lap("write");
    Ok(BuildReport {
        output,
        incidents,
        files: files.len(),
        timings,
        warnings,
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
