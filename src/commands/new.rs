//! `hindsight new "Title"`: a postmortem from the template, dated today, in the site's content
//! folder. The site is found upwards from the current folder, like git finds its repository.

use crate::config::SiteConfig;
use crate::extract::slugify;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("scaffold/postmortem.md");

/// A site's own template for new postmortems (an archetype), relative to the site root.
pub const ARCHETYPE: &str = "templates/postmortem.md";

/// File names stay well under the usual 255-byte limit, whatever the title.
const MAX_SLUG_BYTES: usize = 80;

/// Writes `<content>/YYYY-MM-DD-<slug>.md` and returns its path. `root` is the site folder when
/// given (`--root`); otherwise the nearest folder upwards from `cwd` that holds a site.toml.
pub fn run(
    root: Option<&Path>,
    cwd: &Path,
    title: &str,
    date: chrono::NaiveDate,
) -> Result<PathBuf> {
    let root = match root {
        Some(r) if r.join("site.toml").is_file() => r.to_path_buf(),
        Some(r) => bail!(
            "{} is not a hindsight site (no site.toml)\nhint: run `hindsight init {}` first, or pass --root SITE",
            r.display(),
            r.display()
        ),
        None => find_site_root(cwd).with_context(|| {
            format!(
                "{} is not inside a hindsight site (no site.toml here or in any parent folder)\nhint: run `hindsight init DIR` to make one, or pass --root SITE",
                cwd.display()
            )
        })?,
    };
    let config = SiteConfig::load(&root.join("site.toml"))?;
    let slug = file_slug(title);
    if slug.is_empty() {
        bail!("the title {title:?} has no letters or digits to make a file name from");
    }
    let path = config.content_path(&root).join(format!("{date}-{slug}.md"));
    if path.exists() {
        bail!(
            "{} already exists\nhint: choose another title",
            path.display()
        );
    }
    let template = match std::fs::read_to_string(root.join(ARCHETYPE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => TEMPLATE.to_string(),
        Err(e) => {
            return Err(e).with_context(|| format!("reading {}", root.join(ARCHETYPE).display()))
        }
    };
    let text = fill(&template, title, date);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// The nearest folder at or above `start` that holds a site.toml.
pub fn find_site_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .find(|d| d.join("site.toml").is_file())
        .map(Path::to_path_buf)
}

/// The title's slug, cut at a word boundary so the file name stays short.
fn file_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SLUG_BYTES {
        return slug;
    }
    let mut end = MAX_SLUG_BYTES;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(i) if i > MAX_SLUG_BYTES / 2 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// `{{TITLE}}` (for a double-quoted YAML or TOML string) and `{{DATE}}` filled in.
fn fill(template: &str, title: &str, date: chrono::NaiveDate) -> String {
    let quoted: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    template
        .replace("{{TITLE}}", &quoted)
        .replace("{{DATE}}", &date.to_string())
}

/// `hindsight new`: a postmortem dated today, found from the current folder.
pub fn main(root: Option<&Path>, title: &str) -> Result<()> {
    let today = chrono::Local::now().date_naive();
    let cwd = std::env::current_dir()?;
    let path = run(root, &cwd, title, today)?;
    println!("created {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_make_short_file_names() {
        let title = "Checkout errors ".repeat(40);
        let slug = file_slug(&title);
        assert!(slug.len() <= MAX_SLUG_BYTES, "{slug}");
        assert!(slug.ends_with("errors"), "{slug}");
        let wide = "é".repeat(200);
        assert!(file_slug(&wide).len() <= MAX_SLUG_BYTES);
        assert_eq!(file_slug("DNS outage"), "dns-outage");
    }

    #[test]
    fn titles_are_escaped_for_quoted_strings() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        let t = fill(
            "title: \"{{TITLE}}\"\ndate: {{DATE}}\n",
            "a \"b\" \\ c\nd",
            d,
        );
        assert_eq!(t, "title: \"a \\\"b\\\" \\\\ c d\"\ndate: 2024-01-02\n");
    }

    #[test]
    fn site_root_is_found_upwards() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "title = \"x\"\n").unwrap();
        let deep = tmp.path().join("content/2024");
        std::fs::create_dir_all(&deep).unwrap();
        let found = find_site_root(&deep).unwrap();
        assert_eq!(found, tmp.path().canonicalize().unwrap());
    }
}
