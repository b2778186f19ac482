//! `hindsight new "Title"`: a postmortem from the template, dated today.

use crate::extract::slugify;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("scaffold/postmortem.md");

/// Writes `<root>/content/YYYY-MM-DD-<slug>.md` and returns its path.
pub fn run(root: &Path, title: &str, date: chrono::NaiveDate) -> Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        bail!("the title {title:?} has no letters or digits to make a file name from");
    }
    let path = root.join("content").join(format!("{date}-{slug}.md"));
    if path.exists() {
        bail!(
            "{} already exists\nhint: choose another title",
            path.display()
        );
    }
    let text = TEMPLATE
        .replace(
            "{{TITLE}}",
            &title.replace('\\', "\\\\").replace('"', "\\\""),
        )
        .replace("{{DATE}}", &date.to_string());
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}
