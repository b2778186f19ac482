//! A theme: tera templates plus static assets. The site's own `templates/` and `static/` override
//! the theme's file by file. The default theme is also compiled in, so a site made by
//! `hindsight init` needs no copy of it.

use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

use super::RenderError;

/// The default theme, embedded so the binary works anywhere. Every file under
/// themes/default/ must be listed (a unit test checks).
const DEFAULT_THEME: &[(&str, &[u8])] = &[
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_bytes!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/incident.html",
        include_bytes!("../../themes/default/templates/incident.html"),
    ),
    (
        "templates/taxonomy_list.html",
        include_bytes!("../../themes/default/templates/taxonomy_list.html"),
    ),
    (
        "templates/taxonomy_term.html",
        include_bytes!("../../themes/default/templates/taxonomy_term.html"),
    ),
    (
        "templates/trends.html",
        include_str!("../../themes/default/templates/trends.html"),
    ),
    (
        "templates/partials/similar.html",
        include_str!("../../themes/default/templates/partials/similar.html"),
    ),
    (
        "templates/partials/trend_block.html",
        include_str!("../../themes/default/templates/partials/trend_block.html"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/partials/incident_table.html",
        include_bytes!("../../themes/default/templates/partials/incident_table.html"),
    ),
    (
        "templates/partials/provenance.html",
        include_bytes!("../../themes/default/templates/partials/provenance.html"),
    ),
    (
        "templates/partials/similar.html",
        include_bytes!("../../themes/default/templates/partials/similar.html"),
    ),
    (
        "templates/partials/trend_block.html",
        include_bytes!("../../themes/default/templates/partials/trend_block.html"),
    ),
    (
        "static/style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "static/trends.css",
        include_str!("../../themes/default/static/trends.css"),
    ),
    (
        "templates/partials/similar.html",
        include_str!("../../themes/default/templates/partials/similar.html"),
    ),
    (
        "templates/search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "static/search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
];

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`incident.html`) -> source.
    pub templates: BTreeMap<String, String>,
    /// Output path (`style.css`) -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads theme `name` from `<root>/themes/<name>/` (or the embedded default), then applies
    /// the site's `<root>/templates/` and `<root>/static/` on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, RenderError> {
        let mut theme = Theme::default();
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            theme.add_dir(&dir.join("templates"), true)?;
            theme.add_dir(&dir.join("static"), false)?;
        } else if name == "default" {
            for (path, bytes) in DEFAULT_THEME {
                if let Some(t) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    theme.templates.insert(t.to_string(), text);
                } else if let Some(s) = path.strip_prefix("static/") {
                    theme.statics.insert(s.to_string(), bytes.to_vec());
                }
            }
        } else {
            return Err(RenderError::NoTheme {
                name: name.to_string(),
                dir: dir.display().to_string(),
            });
        }
        theme.add_dir(&root.join("templates"), true)?;
        theme.add_dir(&root.join("static"), false)?;
        Ok(theme)
    }

    fn add_dir(&mut self, dir: &Path, templates: bool) -> Result<(), RenderError> {
        if !dir.is_dir() {
            return Ok(());
        }
        for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| RenderError::Io {
                path: dir.display().to_string(),
                message: e.to_string(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let io_err = |e: std::io::Error| RenderError::Io {
                path: entry.path().display().to_string(),
                message: e.to_string(),
            };
            if templates {
                let text = std::fs::read_to_string(entry.path()).map_err(io_err)?;
                self.templates.insert(rel, text);
            } else {
                self.statics
                    .insert(rel, std::fs::read(entry.path()).map_err(io_err)?);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn embedded_list_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(
            listed, on_disk,
            "update DEFAULT_THEME in src/render/theme.rs"
        );
    }

    #[test]
    fn site_files_override_the_theme_file_by_file() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("templates/404.html"), "mine");
        write(&tmp.path().join("static/style.css"), "body{}");
        write(&tmp.path().join("static/logo.svg"), "<svg/>");
        let theme = Theme::load(tmp.path(), "default").unwrap();
        assert_eq!(theme.templates["404.html"], "mine");
        assert!(theme.templates["index.html"].contains("extends"));
        assert_eq!(theme.statics["style.css"], b"body{}");
        assert_eq!(theme.statics["logo.svg"], b"<svg/>");
    }

    #[test]
    fn a_theme_folder_in_the_site_wins_over_the_embedded_one() {
        let tmp = tempfile::tempdir().unwrap();
        write(
            &tmp.path().join("themes/plain/templates/index.html"),
            "plain",
        );
        let theme = Theme::load(tmp.path(), "plain").unwrap();
        assert_eq!(theme.templates["index.html"], "plain");
        assert!(matches!(
            Theme::load(tmp.path(), "missing"),
            Err(RenderError::NoTheme { .. })
        ));
    }
}
