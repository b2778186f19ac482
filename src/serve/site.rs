//! Where `serve` reads the site from and where it builds it: `<root>/.hindsight/serve/www/`,
//! with the site itself in the sub-folder named by base_url's path, so that every URL maps to
//! the same path on disk as it does on GitHub Pages.

use crate::config::SiteConfig;
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Folder under the site root that hindsight owns (caches, previews).
const WORK_DIR: &str = ".hindsight";

#[derive(Debug, Clone)]
pub struct ServeSite {
    /// The site folder, canonical (so watcher paths and error messages share one prefix).
    pub root: PathBuf,
    /// base_url's path, `/` or `/a/b/`, as site.toml had it when `serve` started.
    pub base_path: String,
    /// The folder the HTTP server serves (`.hindsight/serve/www`).
    pub www: PathBuf,
    /// The built site: `www` plus the base path (`.hindsight/serve/www/hindsight`).
    pub output: PathBuf,
}

impl ServeSite {
    pub fn resolve(root: &Path) -> Result<ServeSite> {
        let root = root
            .canonicalize()
            .with_context(|| format!("no site folder at {}", root.display()))?;
        let config = SiteConfig::load(&root.join("site.toml"))
            .with_context(|| format!("loading the site at {}", root.display()))?;
        let base_path = config.base_path();
        // The one folder of .hindsight/ the build pipeline accepts as an output.
        let www = root.join(crate::write::PREVIEW_FOLDER).join("www");
        let output = www.join(disk_path(&base_path)?);
        Ok(ServeSite {
            root,
            base_path,
            www,
            output,
        })
    }

    /// Holds a lock on `.hindsight/serve.lock` so two `serve`s of one site do not build into
    /// the same folder; released when the returned file is dropped (or the process ends).
    pub fn lock(&self) -> Result<File> {
        let dir = self.root.join(WORK_DIR);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join("serve.lock");
        let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        if file.try_lock().is_err() {
            bail!(
                "another `hindsight serve` is already running for {}\nhint: stop it first, or open the address it printed",
                self.root.display()
            );
        }
        Ok(file)
    }

    /// A path relative to the site root, for messages (`content/a.md`).
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// The folder, relative to `www`, that holds the site for `base_path`: its segments
/// percent-decoded, each one a plain name.
fn disk_path(base_path: &str) -> Result<PathBuf> {
    let mut out = PathBuf::new();
    for segment in base_path.split('/').filter(|s| !s.is_empty()) {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        let plain = !decoded.is_empty()
            && decoded != "."
            && decoded != ".."
            && !decoded.contains(['/', '\\', '\0']);
        if !plain {
            bail!("base_url's path {base_path:?} has a segment that is not a plain name ({segment:?})\nhint: fix base_url in site.toml");
        }
        out.push(decoded.as_ref());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_becomes_folders() {
        assert_eq!(disk_path("/").unwrap(), PathBuf::new());
        assert_eq!(
            disk_path("/hindsight/").unwrap(),
            PathBuf::from("hindsight")
        );
        assert_eq!(disk_path("/a/b%20c/").unwrap(), PathBuf::from("a/b c"));
    }

    #[test]
    fn escaping_base_path_is_refused() {
        assert!(disk_path("/../x/").is_err());
        assert!(disk_path("/%2e%2e/x/").is_err());
        assert!(disk_path("/a%2fb/").is_err());
    }

    #[test]
    fn second_lock_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "title = \"t\"\n").unwrap();
        let site = ServeSite::resolve(tmp.path()).unwrap();
        let first = site.lock().unwrap();
        assert!(site.lock().is_err());
        drop(first);
        assert!(site.lock().is_ok());
    }
}
