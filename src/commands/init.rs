//! `hindsight init DIR`: a new site with settings, one example postmortem and a Pages workflow.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

const SITE_TOML: &str = include_str!("scaffold/site.toml");
const PAGES_YML: &str = include_str!("scaffold/pages.yml");
const EXAMPLE: &str = include_str!("scaffold/example.md");

/// Creates the site and returns the files written.
pub fn run(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join("site.toml").exists() {
        bail!(
            "{} already has a site.toml; refusing to overwrite it\nhint: pick an empty or new folder",
            dir.display()
        );
    }
    let files: [(&str, &str); 4] = [
        ("site.toml", SITE_TOML),
        ("content/2024-03-12-checkout-proxy-timeout.md", EXAMPLE),
        (".github/workflows/pages.yml", PAGES_YML),
        (".gitignore", "/public/\n/.hindsight/\n"),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
