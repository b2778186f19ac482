//! `site.toml`: the site's settings. Unknown keys are rejected so a typo never passes silently.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}\nhint: see the site.toml reference in README.md")]
    Parse { path: String, message: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL of the published site; may carry a path (`https://acme.github.io/postmortems/`).
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    #[serde(default)]
    pub language: Option<String>,
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
    #[serde(default)]
    pub taxonomy: TaxonomyConfig,
    #[serde(default)]
    pub check: CheckConfig,
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
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_string(),
            message: e.to_string(),
        })
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

    /// base_url without its trailing slash, for absolute links in feeds and the sitemap.
    pub fn absolute_root(&self) -> String {
        self.base_url.trim_end_matches('/').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let err = SiteConfig::parse("title = \"x\"\ntheem = \"dark\"\n", "site.toml").unwrap_err();
        assert!(err.to_string().contains("theem"), "{err}");
    }

    #[test]
    fn base_path_from_project_site_url() {
        let mut c = SiteConfig::parse("title = \"x\"", "s").unwrap();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://acme.github.io/postmortems".into();
        assert_eq!(c.base_path(), "/postmortems/");
        c.base_url = "https://acme.github.io/".into();
        assert_eq!(c.base_path(), "/");
        c.base_url = "/docs/pm/".into();
        assert_eq!(c.base_path(), "/docs/pm/");
    }
}
