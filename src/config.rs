//! `site.toml`: the site's settings. Unknown keys are rejected so a typo never passes silently.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Why site.toml could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has a wrong key or value.
    #[error("{path}: {message}\nhint: see the site.toml reference in README.md")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong, from the TOML parser or the checks.
        message: String,
    },
    /// The site folder has no site.toml.
    #[error("no site.toml in {dir}\nhint: run `hindsight init DIR` to create a site, or pass --root DIR to point at one")]
    Missing {
        /// The folder looked in.
        dir: String,
    },
    /// `base_url` is not an address the site can be published at.
    #[error("base_url {value:?} is not usable: {reason}\nhint: give the address the site is published at, e.g. base_url = \"https://acme.github.io/postmortems/\"")]
    BaseUrl {
        /// The value as written.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The settings of one site: its site.toml.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in every page's header.
    pub title: String,
    /// One line about the site, for feeds and the home page.
    #[serde(default)]
    pub description: String,
    /// Absolute URL of the published site; may carry a path (`https://acme.github.io/postmortems/`).
    #[serde(default)]
    pub base_url: String,
    /// The theme folder under `themes/` (`default` is built in).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where `build` writes the site, relative to the site folder (default `public`).
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// The pages' language (`lang` attribute), e.g. `en`.
    #[serde(default)]
    pub language: Option<String>,
    /// The folder of postmortems, relative to the site folder. Default: `content/`, or Jekyll's
    /// `_posts/` when there is no `content/`.
    #[serde(default)]
    pub content_dir: Option<String>,
    /// Incidents per page of the home page and of each term page (`page/2/`, ...).
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// The repository of the site's sources (`https://github.com/acme/postmortems`): each
    /// incident page links to its file there ("Edit this page").
    #[serde(default)]
    pub repo_url: Option<String>,
    /// The branch of `repo_url` the links point at (default `main`).
    #[serde(default)]
    pub repo_branch: Option<String>,
    /// The root-cause categories, component aliases and tag settings.
    #[serde(default)]
    pub taxonomy: TaxonomyConfig,
    /// The settings of `hindsight check`.
    #[serde(default)]
    pub check: CheckConfig,
    /// Heading names added to the built-in section kinds: kind -> names (`root_cause = [...]`).
    #[serde(default)]
    pub sections: BTreeMap<String, Vec<String>>,
    /// Free-form values for templates (`config.extra.*`).
    #[serde(default)]
    pub extra: BTreeMap<String, toml::Value>,
}

/// Root-cause categories and component dictionary (`[taxonomy]`): extend or replace the
/// built-in `data/taxonomy.toml` and `data/components.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Replace the built-in categories instead of extending them.
    #[serde(default)]
    pub replace_categories: bool,
    /// Extra categories, or extra phrases for built-in ones: slug -> phrases that indicate it.
    #[serde(default)]
    pub categories: BTreeMap<String, Vec<String>>,
    /// Front-matter names of categories: alias -> category slug (`"human error" = "misconfiguration"`).
    #[serde(default)]
    pub category_aliases: BTreeMap<String, String>,
    /// Replace the built-in components instead of extending them.
    #[serde(default)]
    pub replace_components: bool,
    /// Extra components, or extra aliases for built-in ones: canonical slug -> aliases.
    #[serde(default)]
    pub components: BTreeMap<String, Vec<String>>,
    /// Whether the category and components are added to an incident's tags (default true).
    #[serde(default)]
    pub tags_from_facts: Option<bool>,
}

/// Settings of `hindsight check`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Sections every postmortem must have (default: summary, impact, root cause, timeline,
    /// resolution, action items).
    #[serde(default)]
    pub required_sections: Option<Vec<String>>,
    /// Front matter fields every postmortem must have.
    #[serde(default)]
    pub required_fields: Vec<String>,
    /// Rule id -> "off" | "warning" | "error".
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Extra blameful phrases.
    #[serde(default)]
    pub blameful_phrases: Vec<String>,
}

fn default_theme() -> String {
    "default".into()
}

fn default_paginate_by() -> usize {
    50
}

fn default_output_dir() -> String {
    "public".into()
}

impl SiteConfig {
    /// Reads and checks a site.toml.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Loads `<root>/site.toml`; a missing file says how to make one.
    pub fn load_site(root: &Path) -> Result<Self, ConfigError> {
        let path = root.join("site.toml");
        if !path.exists() {
            let dir = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
            return Err(ConfigError::Missing {
                dir: dir.display().to_string(),
            });
        }
        Self::load(&path)
    }

    /// Parses and checks site.toml text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self, ConfigError> {
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        if !config.base_url.is_empty() {
            validate_base_url(&config.base_url)?;
        }
        config.title = crate::text::strip_controls(&config.title).into_owned();
        config.description = crate::text::strip_controls(&config.description).into_owned();
        Ok(config)
    }

    /// Replaces base_url (`build --base-url`), with the same checks as site.toml's.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), ConfigError> {
        validate_base_url(url)?;
        self.base_url = url.to_string();
        Ok(())
    }

    /// The path part of base_url, always starting and ending with `/` (`/postmortems/`).
    pub fn base_path(&self) -> String {
        let rest = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        let path = match rest.find('/') {
            Some(i) if self.base_url.contains("://") => &rest[i..],
            Some(_) | None if self.base_url.contains("://") => "/",
            _ => rest,
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The folder of postmortems of the site at `root` (see `content_dir`).
    pub fn content_path(&self, root: &Path) -> std::path::PathBuf {
        if let Some(dir) = &self.content_dir {
            return root.join(dir);
        }
        let content = root.join("content");
        let posts = root.join("_posts");
        if !content.is_dir() && posts.is_dir() {
            posts
        } else {
            content
        }
    }

    /// base_url without its trailing slash, for absolute links in feeds and the sitemap.
    pub fn absolute_root(&self) -> String {
        self.base_url.trim_end_matches('/').to_string()
    }
}

/// An absolute `http://` or `https://` URL with a host, no control characters or spaces, no
/// query or fragment, and nothing that would need escaping inside an HTML attribute.
pub fn validate_base_url(url: &str) -> Result<(), ConfigError> {
    let fail = |reason| {
        Err(ConfigError::BaseUrl {
            value: crate::text::terminal_safe(url).into_owned(),
            reason,
        })
    };
    if url.chars().any(|c| c.is_control()) {
        return fail("it contains a control character (a newline, tab or escape)");
    }
    if url.chars().any(char::is_whitespace) {
        return fail("it contains a space");
    }
    let lower = url.to_ascii_lowercase();
    // A build to open straight from disk: links then resolve to files under that folder.
    if let Some(path) = lower.strip_prefix("file://") {
        if !path.starts_with('/') {
            return fail("a file: URL must name an absolute folder (`file:///home/me/site/`)");
        }
        return check_url_characters(url, fail);
    }
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return fail("it must be an absolute URL starting with https:// or http:// (or file:/// to open the build from disk)");
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let (name, port) = match authority.rfind(']') {
        Some(end) if authority.starts_with('[') => (&authority[..=end], &authority[end + 1..]),
        _ => match authority.rsplit_once(':') {
            Some((h, _)) => (h, &authority[h.len()..]),
            None => (authority, ""),
        },
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let name_ok = name.starts_with('[')
        || name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let host_ok = !name.is_empty() && name_ok && port_ok;
    if !host_ok {
        return fail("it has no valid host name after the scheme");
    }
    check_url_characters(url, fail)
}

fn check_url_characters(
    url: &str,
    fail: impl Fn(&'static str) -> Result<(), ConfigError>,
) -> Result<(), ConfigError> {
    if url.contains(['?', '#']) {
        return fail("it may not have a query (?) or fragment (#)");
    }
    if url.contains(['"', '\'', '<', '>', '`', '\\', '{', '}', '|', '^']) {
        return fail("it contains a character that is not allowed in a URL");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_must_be_absolute_http() {
        for good in [
            "https://acme.github.io/postmortems/",
            "http://localhost:8000/",
            "https://status.example.org",
            "https://[::1]:8080/pm/",
            "file:///tmp/site/public/",
        ] {
            assert!(validate_base_url(good).is_ok(), "{good}");
        }
        for bad in [
            "not a url",
            "javascript:alert(1)//",
            "/docs/",
            "https://x.test/\nDisallow: /",
            "https://",
            "https://x.test/?q=1",
            "ftp://x.test/",
            "https://x.test/\"onload=\"x",
            "https://ex ample.org/",
            "file://relative/folder/",
            "file:///tmp/\"onload=\"x",
        ] {
            let err = validate_base_url(bad).unwrap_err().to_string();
            assert!(err.contains("base_url"), "{err}");
            assert!(!err.contains('\n') || err.contains("hint:"), "{err}");
        }
        let err = SiteConfig::parse("title = \"x\"\nbase_url = \"javascript:alert(1)//\"\n", "s")
            .unwrap_err()
            .to_string();
        assert!(err.contains("https://"), "{err}");
    }

    #[test]
    fn config_text_loses_control_characters() {
        let c = SiteConfig::parse("title = \"a\\u001b[2Jb\"\n", "s").unwrap();
        assert_eq!(c.title, "a[2Jb");
    }

    #[test]
    fn unknown_key_is_named() {
        let err = SiteConfig::parse("title = \"x\"\ntheem = \"dark\"\n", "site.toml").unwrap_err();
        assert!(err.to_string().contains("theem"), "{err}");
    }

    #[test]
    fn content_folder_setting_and_jekyll_posts() {
        let tmp = tempfile::tempdir().unwrap();
        let mut c = SiteConfig::parse("title = \"x\"", "s").unwrap();
        assert_eq!(c.content_path(tmp.path()), tmp.path().join("content"));
        std::fs::create_dir(tmp.path().join("_posts")).unwrap();
        assert_eq!(c.content_path(tmp.path()), tmp.path().join("_posts"));
        std::fs::create_dir(tmp.path().join("content")).unwrap();
        assert_eq!(c.content_path(tmp.path()), tmp.path().join("content"));
        c.content_dir = Some("docs/pm".into());
        assert_eq!(c.content_path(tmp.path()), tmp.path().join("docs/pm"));
    }

    #[test]
    fn base_path_from_project_site_url() {
        let mut c = SiteConfig::parse("title = \"x\"", "s").unwrap();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://acme.github.io/postmortems".into();
        assert_eq!(c.base_path(), "/postmortems/");
        c.base_url = "https://acme.github.io/".into();
        assert_eq!(c.base_path(), "/");
    }
}
