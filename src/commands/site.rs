//! Load + extract for a whole site: shared by every command that reads `content/`.

use crate::config::SiteConfig;
use crate::extract::{extract, ExtractOptions, Incident};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// The folder of postmortems (`content/`, or site.toml's `content_dir`).
    pub content_dir: PathBuf,
    pub incidents: Vec<Incident>,
    /// Problems that did not stop loading (files under content/ that are not text).
    pub warnings: Vec<String>,
}

/// Reads `<root>/site.toml` and every postmortem under `<root>/content/`; drafts only when asked.
pub fn load_site(root: &Path, drafts: bool) -> Result<LoadedSite> {
    load_site_with(root, drafts, None)
}

/// Like [`load_site`], with site.toml's base_url replaced by `base_url` when given (before the
/// postmortems are read: Jekyll's `{{ site.baseurl }}` in them stands for it).
pub fn load_site_with(root: &Path, drafts: bool, base_url: Option<&str>) -> Result<LoadedSite> {
    let config_path = root.join("site.toml");
    let mut config = SiteConfig::load(&config_path)
        .with_context(|| format!("loading the site at {}", root.display()))?;
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    let content_dir = config.content_path(root);
    let loaded = crate::load::load_dir_all_in(&content_dir, source_context(root, &config))?;
    let content_rel = content_dir
        .strip_prefix(root)
        .unwrap_or(&content_dir)
        .to_path_buf();
    let mut errors = loaded.errors;
    if errors.len() > 1 {
        return Err(crate::load::LoadError::Files(errors).into());
    }
    if let Some(e) = errors.pop() {
        return Err(e.into());
    }
    let warnings = loaded
        .skipped
        .iter()
        .map(|s| {
            format!(
                "{} is not a text file ({}); skipped",
                s.path.display(),
                s.what
            )
        })
        .collect();
    let docs = loaded.docs;
    let opts = ExtractOptions {
        taxonomy: config.taxonomy.clone(),
    };
    let mut incidents: Vec<Incident> = docs
        .par_iter()
        .map(|d| {
            let mut inc = extract(d, &opts);
            inc.source = content_rel.join(&d.rel_path).display().to_string();
            inc
        })
        .filter(|i| drafts || !i.draft)
        .collect();
    dedupe_slugs(&mut incidents);
    crate::extract::address::settle_addresses(&mut incidents);
    Ok(LoadedSite {
        root: root.to_path_buf(),
        config,
        content_dir,
        incidents,
        warnings,
    })
}

/// What shortcode expansion needs to know about the site (the file list comes from the walk).
pub fn source_context(root: &Path, config: &SiteConfig) -> crate::load::SourceContext {
    let content = config.content_path(root);
    let origin = config
        .base_url
        .split_once("://")
        .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or("")))
        .unwrap_or_default();
    crate::load::SourceContext {
        base_path: config.base_path(),
        origin,
        content_prefix: crate::load::rel_path(root, &content),
        files: Vec::new(),
    }
}

/// Two files with the same slug would overwrite each other's page: suffix the later ones.
fn dedupe_slugs(incidents: &mut [Incident]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for inc in incidents.iter_mut() {
        let n = seen.entry(inc.slug.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let msg = format!(
                "slug {:?} is used by another postmortem; this one is published as {}-{n}",
                inc.slug, inc.slug
            );
            inc.diagnose("duplicate-slug", msg, None);
            inc.slug = format!("{}-{n}", inc.slug);
        }
    }
}
