//! Load + extract for a whole site: shared by every command that reads `content/`.

use crate::config::SiteConfig;
use crate::extract::{extract, ExtractOptions, Incident};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub incidents: Vec<Incident>,
    /// Problems that did not stop loading (files under content/ that are not text).
    pub warnings: Vec<String>,
}

/// Reads `<root>/site.toml` and every postmortem under `<root>/content/`; drafts only when asked.
pub fn load_site(root: &Path, drafts: bool) -> Result<LoadedSite> {
    let config_path = root.join("site.toml");
    let config = SiteConfig::load(&config_path)
        .with_context(|| format!("loading the site at {}", root.display()))?;
    let loaded = crate::load::load_dir_all(&root.join("content"))?;
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
    let opts = ExtractOptions::from_config(&config)
        .map_err(|e| anyhow::anyhow!("{}: {e}", config_path.display()))?;
    let mut incidents: Vec<Incident> = docs
        .par_iter()
        .map(|d| {
            let mut inc = extract(d, &opts);
            inc.source = Path::new("content").join(&d.rel_path).display().to_string();
            inc
        })
        .filter(|i| drafts || !i.draft)
        .collect();
    dedupe_slugs(&mut incidents);
    Ok(LoadedSite {
        root: root.to_path_buf(),
        config,
        incidents,
        warnings,
    })
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
