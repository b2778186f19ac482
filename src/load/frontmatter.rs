//! Front matter: YAML between `---` lines or TOML between `+++` lines, read leniently into the
//! known fields; anything else is kept in `extra` for templates.

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontFormat {
    Yaml,
    Toml,
}

impl FrontFormat {
    pub fn name(self) -> &'static str {
        match self {
            FrontFormat::Yaml => "YAML",
            FrontFormat::Toml => "TOML",
        }
    }
}

/// The known front matter fields. Values are kept as written (dates as strings); the extract
/// stage interprets them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub tags: Vec<String>,
    /// `services` or `components`.
    pub services: Vec<String>,
    pub severity: Option<String>,
    pub authors: Vec<String>,
    pub category: Option<String>,
    pub root_cause: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub impact: Option<String>,
    /// Blog categories (Hugo, Jekyll `categories`): published as tags, not as the root cause.
    pub categories: Vec<String>,
    /// Old addresses of the page (Hugo `aliases`, Jekyll `redirect_from`), as written.
    pub aliases: Vec<String>,
    /// The page's own address (Jekyll `permalink`, Hugo `url`), as written.
    pub permalink: Option<String>,
    /// Every key not listed above, as written.
    pub extra: BTreeMap<String, Value>,
}

impl FrontMatter {
    /// True when the key was declared in the front matter (known or extra).
    pub fn has_key(&self, key: &str) -> bool {
        match key {
            "title" => self.title.is_some(),
            "date" => self.date.is_some(),
            "slug" => self.slug.is_some(),
            "tags" => !self.tags.is_empty(),
            "services" | "components" => !self.services.is_empty(),
            "severity" => self.severity.is_some(),
            "authors" => !self.authors.is_empty(),
            "category" => self.category.is_some(),
            "root_cause" => self.root_cause.is_some(),
            "start" => self.start.is_some(),
            "end" => self.end.is_some(),
            "impact" => self.impact.is_some(),
            "categories" => !self.categories.is_empty(),
            "aliases" | "redirect_from" => !self.aliases.is_empty(),
            "permalink" | "url" => self.permalink.is_some(),
            other => self.extra.contains_key(other),
        }
    }
}

pub(super) struct Split<'a> {
    pub format: FrontFormat,
    pub raw: &'a str,
    pub body: &'a str,
    pub body_line_offset: usize,
}

/// Finds a front matter block at the very top of the text (after optional blank lines).
pub(super) fn split(text: &str) -> Option<Split<'_>> {
    let leading = text.len() - text.trim_start_matches('\n').len();
    let start = &text[leading..];
    let (fence, format) = if start.starts_with("---") {
        ("---", FrontFormat::Yaml)
    } else if start.starts_with("+++") {
        ("+++", FrontFormat::Toml)
    } else {
        return None;
    };
    let first_line_end = start.find('\n')?;
    if start[..first_line_end].trim_end() != fence {
        return None;
    }
    let after_open = &start[first_line_end + 1..];
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == fence || (format == FrontFormat::Yaml && line.trim_end() == "...") {
            let raw = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            let consumed = &text[..text.len() - body.len()];
            return Some(Split {
                format,
                raw,
                body,
                body_line_offset: consumed.matches('\n').count(),
            });
        }
        offset += line.len();
    }
    None
}

/// Parses the raw block; on failure returns (line within the file, 0-based, message).
pub(super) fn parse(format: FrontFormat, raw: &str) -> Result<FrontMatter, (usize, String)> {
    let value: Value = match format {
        FrontFormat::Yaml => {
            if raw.trim().is_empty() {
                Value::Object(Map::new())
            } else {
                serde_saphyr::from_str::<Value>(raw).map_err(|e| {
                    let line = e.location().map(|l| l.line() as usize).unwrap_or(0);
                    (line, without_location(&first_line(&e.to_string())))
                })?
            }
        }
        FrontFormat::Toml => {
            let table: toml::Table = toml::from_str(raw).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| raw[..s.start.min(raw.len())].matches('\n').count() + 1)
                    .unwrap_or(0);
                (line, first_line(e.message()))
            })?;
            serde_json::to_value(table).map_err(|e| (0, e.to_string()))?
        }
    };
    match value {
        Value::Object(map) => Ok(from_map(map)),
        Value::Null => Ok(FrontMatter::default()),
        _ => Err((1, "front matter must be a mapping of keys to values".into())),
    }
}

/// serde-saphyr prefixes `error: line 3 column 9: `, counted within the block; the caller
/// reports the file line instead, so drop it.
fn without_location(s: &str) -> String {
    let s = s.strip_prefix("error: ").unwrap_or(s);
    match s.split_once(": ") {
        Some((loc, rest)) if loc.starts_with("line ") && loc.contains(" column ") => rest.into(),
        _ => s.into(),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

fn from_map(map: Map<String, Value>) -> FrontMatter {
    let mut fm = FrontMatter::default();
    for (key, value) in map {
        match key.to_ascii_lowercase().as_str() {
            "title" => fm.title = scalar(&value),
            "date" => fm.date = scalar(&value),
            "slug" => fm.slug = scalar(&value),
            // Any of `draft: true`, `published: false` (Jekyll) or `status: draft` makes a
            // draft, whatever order they come in.
            "draft" => fm.draft |= scalar(&value).as_deref() == Some("true"),
            "published" => fm.draft |= scalar(&value).as_deref() == Some("false"),
            "status" => {
                fm.draft |= scalar(&value).is_some_and(|s| s.eq_ignore_ascii_case("draft"));
                fm.extra.insert(key, value);
            }
            "tags" => fm.tags.extend(words(&value)),
            "categories" => fm.categories.extend(words(&value)),
            "aliases" | "redirect_from" => fm.aliases.extend(strings(&value)),
            // `url` is Hugo's page address; a full URL (a status page, a ticket) is not.
            "permalink" | "url" if scalar(&value).is_some_and(|v| !v.contains("://")) => {
                fm.permalink = scalar(&value)
            }
            "services" | "components" | "service" => fm.services.extend(list(&value)),
            "severity" => fm.severity = scalar(&value),
            "authors" | "author" => fm.authors.extend(list(&value)),
            "category" => fm.category = scalar(&value),
            "root_cause" => fm.root_cause = scalar(&value),
            "start" => fm.start = scalar(&value),
            "end" => fm.end = scalar(&value),
            "impact" => fm.impact = scalar(&value),
            _ => {
                fm.extra.insert(key, value);
            }
        }
    }
    fm
}

/// A scalar as text; TOML datetimes arrive as `{"$__toml_private_datetime": "..."}`.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(m) if m.len() == 1 => m.values().next().and_then(scalar),
        _ => None,
    }
}

/// Tags or categories: a sequence, a comma-separated string, or Jekyll's space-separated one.
fn words(v: &Value) -> Vec<String> {
    match v {
        Value::Array(_) => list(v),
        other => match scalar(other) {
            Some(s) if !s.contains(',') => s.split_whitespace().map(str::to_string).collect(),
            _ => list(other),
        },
    }
}

/// A sequence of strings or a single string, never split.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// A list of strings from a sequence or a comma-separated string.
fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: Apache down\ndate: 2023-06-25\ntags: [apache, config]\nteam: web\n---\n# Body\n").unwrap();
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 6);
        let fm = parse(s.format, s.raw).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Apache down"));
        assert_eq!(fm.date.as_deref(), Some("2023-06-25"));
        assert_eq!(fm.tags, vec!["apache", "config"]);
        assert_eq!(fm.extra["team"], Value::String("web".into()));
    }

    #[test]
    fn toml_front_matter_with_datetime() {
        let s = split("+++\ntitle = \"DNS\"\ndate = 2024-01-02T10:00:00+03:00\ncomponents = [\"dns\"]\n+++\ntext").unwrap();
        let fm = parse(s.format, s.raw).unwrap();
        assert_eq!(fm.date.as_deref(), Some("2024-01-02T10:00:00+03:00"));
        assert_eq!(fm.services, vec!["dns"]);
    }

    #[test]
    fn broken_yaml_reports_a_line() {
        let s = split("---\ntitle: ok\ntags: [a, b\nx: 1\n---\n").unwrap();
        let (line, message) = parse(s.format, s.raw).unwrap_err();
        assert!(line >= 2, "{line}");
        assert!(!message.starts_with("error: line"), "{message}");
    }

    #[test]
    fn hugo_and_jekyll_keys() {
        let s = split("---\ntags: tls certificates\ncategories: ops security\npublished: false\nredirect_from: /old/\npermalink: /2022/tls/\n---\n").unwrap();
        let fm = parse(s.format, s.raw).unwrap();
        assert_eq!(fm.tags, vec!["tls", "certificates"]);
        assert_eq!(fm.categories, vec!["ops", "security"]);
        assert!(fm.draft);
        assert_eq!(fm.aliases, vec!["/old/"]);
        assert_eq!(fm.permalink.as_deref(), Some("/2022/tls/"));
        assert!(fm.category.is_none());
        let s = split("+++\ndraft = false\nstatus = \"Draft\"\naliases = [\"/a/\", \"/b/\"]\nurl = \"https://status.example.com/1\"\ntags = \"a, b c\"\n+++\n").unwrap();
        let fm = parse(s.format, s.raw).unwrap();
        assert!(fm.draft);
        assert_eq!(fm.aliases, vec!["/a/", "/b/"]);
        assert!(fm.permalink.is_none());
        assert!(fm.extra.contains_key("url"));
        assert_eq!(fm.tags, vec!["a", "b c"]);
    }

    #[test]
    fn horizontal_rule_is_not_front_matter() {
        assert!(split("--- \nno closing fence\n").is_none());
        assert!(split("# Title\n---\n").is_none());
    }
}
