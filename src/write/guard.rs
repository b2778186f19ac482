//! Where the output may go: never over the site's own sources, so replacing it can never take
//! them with it, and the next build never reads its own output as input.

use std::path::{Component, Path, PathBuf};

/// Folders of a site that hold its sources (and hindsight's cache).
const SOURCE_FOLDERS: [&str; 5] = ["content", "static", "templates", "themes", ".hindsight"];

/// The one folder under `.hindsight/` that is an output: `hindsight serve`'s preview site.
pub const PREVIEW_FOLDER: &str = ".hindsight/serve";

/// An output folder that would overlap the site's own files.
#[derive(Debug, thiserror::Error)]
pub enum LocationError {
    /// The output lies inside one of the site's source folders.
    #[error("refusing to build into {output}: it is inside {folder}/, which holds the site's own files (the next build would read the site as input, or replace them)\nhint: pass another --output, e.g. public")]
    InsideSource {
        /// The output folder as given.
        output: String,
        /// The source folder it is inside (`content`, ...).
        folder: String,
    },
    /// The output is the site's folder or a folder above it.
    #[error("refusing to build into {output}: it holds the site's own files ({site})\nhint: pass another --output, e.g. public")]
    HoldsSite {
        /// The output folder as given.
        output: String,
        /// The site's folder.
        site: String,
    },
}

/// Refuses an `output` inside `content/`, `static/`, `templates/`, `themes/` or `.hindsight/`
/// of the site at `root`, and an `output` that contains the site (the site's folder itself or
/// one above it), whether or not it exists yet, with or without `--force`.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), LocationError> {
    let out = resolve(output);
    let site = resolve(root);
    if site.starts_with(&out) {
        return Err(LocationError::HoldsSite {
            output: output.display().to_string(),
            site: root.display().to_string(),
        });
    }
    if out.starts_with(site.join(PREVIEW_FOLDER)) {
        return Ok(());
    }
    for folder in SOURCE_FOLDERS {
        if out.starts_with(site.join(folder)) {
            return Err(LocationError::InsideSource {
                output: output.display().to_string(),
                folder: folder.to_string(),
            });
        }
    }
    Ok(())
}

/// An absolute path with symbolic links of its existing part resolved and `.`/`..` of the rest
/// applied, for paths that may not exist yet.
fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for c in rest.iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_folders_and_the_site_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/2023")).unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        for bad in [
            "content",
            "content/site",
            "content/2023/x/../y",
            "static/site",
            "templates/site",
            "themes/x/site",
            ".hindsight/out",
            ".",
            "..",
            "public/../content/out",
        ] {
            assert!(
                check_output_location(&root, &root.join(bad)).is_err(),
                "{bad} accepted"
            );
        }
        for good in [
            "public",
            "out/site",
            "../elsewhere",
            "contents",
            "public/content",
            ".hindsight/serve/www/site",
        ] {
            assert!(
                check_output_location(&root, &root.join(good)).is_ok(),
                "{good} refused"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn sees_through_symbolic_links() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(root.join("content"), tmp.path().join("alias")).unwrap();
        let r = check_output_location(&root, &tmp.path().join("alias/out"));
        assert!(r.is_err());
    }
}
