//! Files beside the postmortems in `content/` (diagrams, screenshots) are published under
//! `files/`, and relative links to them in the Markdown are rewritten to match.

use super::RenderError;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Output folder of content assets.
pub const ASSET_DIR: &str = "files";

/// A file beside a postmortem (an image, a log) copied into the site.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    /// Path relative to the content folder, `/`-separated (`2023/diagram.png`).
    pub rel: String,
    /// Where it is on disk.
    pub source: PathBuf,
}

/// Every non-Markdown, non-hidden file under `content_dir` (no symlink following).
pub fn find_content_assets(content_dir: &Path) -> Result<Vec<ContentAsset>, RenderError> {
    if !content_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut assets = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| RenderError::Io {
            path: content_dir.display().to_string(),
            message: e.to_string(),
        })?;
        let is_md = crate::load::is_markdown(entry.path());
        if !entry.file_type().is_file() || is_md {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        assets.push(ContentAsset {
            rel,
            source: entry.into_path(),
        });
    }
    Ok(assets)
}

/// `dir` + `rel` with `.` and `..` resolved; None when it climbs out of the content folder.
pub(super) fn join_relative(dir: &str, rel: &str) -> Option<String> {
    crate::load::normalize_path(&format!("{dir}/{rel}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            join_relative("2023", "img/a.png").as_deref(),
            Some("2023/img/a.png")
        );
        assert_eq!(join_relative("2023", "../a.png").as_deref(), Some("a.png"));
        assert_eq!(join_relative("", "./a.png").as_deref(), Some("a.png"));
        assert_eq!(join_relative("", "../a.png"), None);
    }

    #[test]
    fn finds_assets_but_not_markdown_or_hidden_files() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path();
        std::fs::create_dir_all(c.join("2023/img")).unwrap();
        std::fs::create_dir_all(c.join(".git")).unwrap();
        for f in ["a.md", "2023/img/d.svg", ".DS_Store", ".git/config"] {
            std::fs::write(c.join(f), "x").unwrap();
        }
        let rels: Vec<String> = find_content_assets(c)
            .unwrap()
            .into_iter()
            .map(|a| a.rel)
            .collect();
        assert_eq!(rels, vec!["2023/img/d.svg"]);
    }
}
