//! A theme: tera templates plus static assets. The site's own `templates/` and `static/` override
//! the theme's file by file. The default theme is also compiled in, so a site made by
//! `hindsight init` needs no copy of it.

use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

use super::RenderError;

/// The default theme, embedded so the binary works anywhere.
const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/incident.html",
        include_str!("../../themes/default/templates/incident.html"),
    ),
    (
        "templates/taxonomy_list.html",
        include_str!("../../themes/default/templates/taxonomy_list.html"),
    ),
    (
        "templates/taxonomy_term.html",
        include_str!("../../themes/default/templates/taxonomy_term.html"),
    ),
    (
        "templates/404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "static/style.css",
        include_str!("../../themes/default/static/style.css"),
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
            for (path, text) in DEFAULT_THEME {
                if let Some(t) = path.strip_prefix("templates/") {
                    theme.templates.insert(t.to_string(), text.to_string());
                } else if let Some(s) = path.strip_prefix("static/") {
                    theme
                        .statics
                        .insert(s.to_string(), text.as_bytes().to_vec());
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
