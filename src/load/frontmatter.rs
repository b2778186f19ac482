//! The known front matter fields, read from a parsed block with their types checked: a value of
//! the wrong type is an issue naming the key and the form expected, never a silent guess.

use super::issues::{IssueKind, LoadIssue};
use super::values;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontFormat {
    /// YAML between `---` lines (or a header block).
    Yaml,
    /// TOML between `+++` lines.
    Toml,
}

impl FrontFormat {
    /// The format's name for messages (`YAML`).
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
    /// `title`.
    pub title: Option<String>,
    /// `date`, as written.
    pub date: Option<String>,
    /// `slug`: the page name to use instead of the file name's.
    pub slug: Option<String>,
    /// `draft: true` (or `status: draft`, `published: false`).
    pub draft: bool,
    /// `tags` (a list, or space-separated words).
    pub tags: Vec<String>,
    /// `services` or `components`.
    pub services: Vec<String>,
    /// `severity`.
    pub severity: Option<String>,
    /// `authors` or `author`.
    pub authors: Vec<String>,
    /// `category`: the root-cause category.
    pub category: Option<String>,
    /// `root_cause`.
    pub root_cause: Option<String>,
    /// `start`, as written.
    pub start: Option<String>,
    /// `end`, as written.
    pub end: Option<String>,
    /// `impact`.
    pub impact: Option<String>,
    /// Blog categories (Hugo, Jekyll `categories`): published as tags, not as the root cause.
    pub categories: Vec<String>,
    /// Old addresses of the page (Hugo `aliases`, Jekyll `redirect_from`), as written.
    pub aliases: Vec<String>,
    /// The page's own address (Jekyll `permalink`, Hugo `url`), as written.
    pub permalink: Option<String>,
    /// Every key not listed above, as written.
    pub extra: BTreeMap<String, Value>,
    /// File line (1-based) of each top-level key, lower-cased.
    #[serde(skip)]
    pub lines: BTreeMap<String, usize>,
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

/// The type a known key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Text,
    Bool,
    List,
    /// Tags and categories: a list, a comma-separated string, or Jekyll's space-separated one.
    Words,
    /// Addresses: a list or one string, never split.
    Paths,
    Day,
    Moment,
}

impl Expect {
    fn form(self, key: &str) -> String {
        match self {
            Expect::Text => format!("a single line of text, e.g. `{key}: \"...\"`"),
            Expect::Bool => {
                format!("`{key}: true` or `{key}: false` (a YAML or TOML boolean, without quotes)")
            }
            Expect::List => format!("a list such as `{key}: [a, b]`, or a comma-separated string"),
            Expect::Words => format!("a list such as `{key}: [a, b]`, or `{key}: a b`"),
            Expect::Paths => format!("a path such as `{key}: /old/address/`, or a list of them"),
            Expect::Day => format!("a date such as `{key}: 2024-03-12`"),
            Expect::Moment => {
                format!("a date-time with its zone, such as `{key}: 2024-03-12T14:05:00Z`")
            }
        }
    }
}

/// What the loader needs to know about the block beyond its values.
pub(super) struct BlockLines<'a> {
    /// Top-level keys as written and their file lines.
    pub keys: Vec<(String, usize)>,
    /// The block's lines, to recover a value as written.
    pub raw: &'a str,
    /// File line of the block's first line.
    pub first_line: usize,
}

impl BlockLines<'_> {
    fn line_of(&self, key: &str) -> Option<usize> {
        self.keys
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
    }

    /// The value text written after `key:` on its line, for YAML 1.1 booleans read as text
    /// (`title: No`).
    fn written(&self, key: &str) -> Option<String> {
        let line = self.line_of(key)?;
        let text = self.raw.lines().nth(line.checked_sub(self.first_line)?)?;
        let (_, v) = text.split_once(':')?;
        Some(v.trim().to_string()).filter(|v| !v.is_empty())
    }
}

/// Maps a parsed block to the known fields; values of the wrong type become issues.
pub(super) fn from_map(
    map: Map<String, Value>,
    block: &BlockLines,
) -> (FrontMatter, Vec<LoadIssue>) {
    let mut fm = FrontMatter::default();
    let mut issues = duplicate_keys(block);
    for (key, line) in &block.keys {
        fm.lines.entry(key.to_ascii_lowercase()).or_insert(*line);
    }
    for (key, value) in map {
        let lower = key.to_ascii_lowercase();
        // `status: draft` (what `hindsight new` once wrote) is a draft; the status stays.
        if lower == "status"
            && value
                .as_str()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("draft"))
        {
            fm.draft = true;
        }
        // `url` is Hugo's page address; a full URL (a status page, a ticket) is not.
        // `published` is Jekyll's switch when it is a boolean; exported blogs write a date there.
        let foreign = match lower.as_str() {
            "url" => value.as_str().is_none_or(|v| v.contains("://")),
            "published" => !value.is_boolean(),
            _ => false,
        };
        if foreign {
            fm.extra.insert(key, value);
            continue;
        }
        let Some(expect) = expected(&lower) else {
            fm.extra.insert(key, value);
            continue;
        };
        if value.is_null() {
            continue;
        }
        let line = block.line_of(&key);
        match read(expect, &key, &value, block) {
            Ok(v) => store(&mut fm, &lower, v),
            Err(issue) => issues.push(issue.key(&key).with_line(line)),
        }
    }
    (fm, issues)
}

/// The known keys and their types; aliases fold into one field.
fn expected(key: &str) -> Option<Expect> {
    Some(match key {
        "title" | "slug" | "severity" | "category" | "root_cause" | "impact" => Expect::Text,
        "permalink" | "url" => Expect::Text,
        "draft" | "published" => Expect::Bool,
        "services" | "components" | "service" | "authors" | "author" => Expect::List,
        "tags" | "categories" => Expect::Words,
        "aliases" | "redirect_from" => Expect::Paths,
        "date" => Expect::Day,
        "start" | "end" => Expect::Moment,
        _ => return None,
    })
}

/// A value read as its field's type.
enum Read {
    Text(String),
    Bool(bool),
    List(Vec<String>),
}

fn read(expect: Expect, key: &str, value: &Value, block: &BlockLines) -> Result<Read, LoadIssue> {
    let wrong = |what: &str| {
        LoadIssue::new(
            IssueKind::WrongType,
            None,
            format!("`{key}` is {what}, not {}", noun(expect)),
        )
        .hint(format!("write {}", expect.form(key)))
    };
    match expect {
        Expect::Text => scalar(value, key, block)
            .map(Read::Text)
            .ok_or_else(|| wrong(describe(value))),
        Expect::Bool => match value {
            Value::Bool(b) => Ok(Read::Bool(*b)),
            other => Err(wrong(&describe_with_value(other))),
        },
        Expect::List => list(value)
            .map(Read::List)
            .ok_or_else(|| wrong(describe(value))),
        Expect::Words => match value {
            Value::String(s) if !s.contains(',') => Ok(Read::List(
                s.split_whitespace().map(str::to_string).collect(),
            )),
            other => list(other)
                .map(Read::List)
                .ok_or_else(|| wrong(describe(other))),
        },
        Expect::Paths => match value {
            Value::String(s) => Ok(Read::List(
                Some(s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .into_iter()
                    .collect(),
            )),
            other => list(other)
                .map(Read::List)
                .ok_or_else(|| wrong(describe(other))),
        },
        Expect::Day | Expect::Moment => {
            let Some(text) = scalar(value, key, block).filter(|_| !value.is_boolean()) else {
                return Err(wrong(describe(value)));
            };
            let ok = match expect {
                Expect::Day => values::parse_date(&text).is_some(),
                _ => true, // start/end: the extract stage reads them and reports what it cannot
            };
            if ok {
                Ok(Read::Text(text))
            } else {
                Err(LoadIssue::new(
                    IssueKind::UnreadableTime,
                    None,
                    format!("front matter `{key}: {text}` is not a date; it is ignored"),
                )
                .hint(format!("write {}", expect.form(key))))
            }
        }
    }
}

fn store(fm: &mut FrontMatter, key: &str, v: Read) {
    match (key, v) {
        ("title", Read::Text(s)) => fm.title = Some(s),
        ("slug", Read::Text(s)) => fm.slug = Some(s),
        ("severity", Read::Text(s)) => fm.severity = Some(s),
        ("category", Read::Text(s)) => fm.category = Some(s),
        ("root_cause", Read::Text(s)) => fm.root_cause = Some(s),
        ("impact", Read::Text(s)) => fm.impact = Some(s),
        ("date", Read::Text(s)) => fm.date = Some(s),
        ("start", Read::Text(s)) => fm.start = Some(s),
        ("end", Read::Text(s)) => fm.end = Some(s),
        ("permalink" | "url", Read::Text(s)) => fm.permalink = Some(s),
        // Any of `draft: true`, `published: false` (Jekyll) or `status: draft` makes a draft,
        // whatever order they come in.
        ("draft", Read::Bool(b)) => fm.draft |= b,
        ("published", Read::Bool(b)) => fm.draft |= !b,
        ("tags", Read::List(l)) => fm.tags.extend(l),
        ("categories", Read::List(l)) => fm.categories.extend(l),
        ("aliases" | "redirect_from", Read::List(l)) => fm.aliases.extend(l),
        ("services" | "components" | "service", Read::List(l)) => fm.services.extend(l),
        ("authors" | "author", Read::List(l)) => fm.authors.extend(l),
        _ => {}
    }
}

fn duplicate_keys(block: &BlockLines) -> Vec<LoadIssue> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (key, line) in &block.keys {
        if let Some(first) = seen.insert(key.clone(), *line) {
            out.push(
                LoadIssue::new(
                    IssueKind::DuplicateKey,
                    Some(*line),
                    format!(
                        "`{key}` is given twice (first on line {first}); the last value is used"
                    ),
                )
                .key(key)
                .hint(format!("keep one `{key}:` line")),
            );
        }
    }
    out
}

/// A scalar as text; TOML datetimes arrive as `{"$__toml_private_datetime": "..."}`.
fn scalar(v: &Value, key: &str, block: &BlockLines) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => block.written(key).or_else(|| Some(b.to_string())),
        Value::Object(m) if m.len() == 1 && m.contains_key("$__toml_private_datetime") => {
            m.values().next().and_then(Value::as_str).map(String::from)
        }
        _ => None,
    }
}

/// A list of strings from a sequence or a comma-separated string. People as `{name: ...}`
/// (Hugo themes write authors so) give their name.
fn list(v: &Value) -> Option<Vec<String>> {
    let item = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Object(m) => m.get("name").and_then(Value::as_str).map(String::from),
            _ => None,
        }
    };
    match v {
        Value::Array(items) => {
            let out: Option<Vec<String>> = items.iter().map(item).collect();
            out.map(|o| o.into_iter().filter(|s| !s.is_empty()).collect())
        }
        Value::String(s) => Some(
            s.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        ),
        Value::Object(_) => item(v).map(|n| vec![n]),
        other => item(other).map(|n| vec![n]),
    }
}

fn noun(e: Expect) -> &'static str {
    match e {
        Expect::Text => "text",
        Expect::Bool => "a boolean",
        Expect::List | Expect::Words => "a list",
        Expect::Paths => "a path or a list of paths",
        Expect::Day => "a date",
        Expect::Moment => "a date-time",
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "a mapping",
        Value::Array(_) => "a list",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Null => "empty",
    }
}

fn describe_with_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Number(n) => format!("the number {n}"),
        other => describe(other).to_string(),
    }
}

impl LoadIssue {
    fn with_line(mut self, line: Option<usize>) -> Self {
        self.line = self.line.or(line);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::{key_lines, parse};
    use super::*;

    fn read_yaml(raw: &str) -> (FrontMatter, Vec<LoadIssue>) {
        let map = parse(FrontFormat::Yaml, raw).unwrap();
        let block = BlockLines {
            keys: key_lines(FrontFormat::Yaml, raw)
                .into_iter()
                .map(|(k, l)| (k, l + 1))
                .collect(),
            raw,
            first_line: 2,
        };
        from_map(map, &block)
    }

    #[test]
    fn hugo_and_jekyll_keys() {
        let (fm, issues) = read_yaml("tags: tls certificates\ncategories: ops security\npublished: false\nredirect_from: /old/\npermalink: /2022/tls/\nstatus: draft\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(fm.tags, vec!["tls", "certificates"]);
        assert_eq!(fm.categories, vec!["ops", "security"]);
        assert!(fm.draft);
        assert_eq!(fm.aliases, vec!["/old/"]);
        assert_eq!(fm.permalink.as_deref(), Some("/2022/tls/"));
        assert!(fm.category.is_none());
        assert!(fm.extra.contains_key("status"));
        let (fm, _) = read_yaml("draft: false\nstatus: Draft\naliases: [/a/, /b/]\nurl: https://status.example.com/1\ntags: a, b c\n");
        assert!(fm.draft);
        assert_eq!(fm.aliases, vec!["/a/", "/b/"]);
        assert!(fm.permalink.is_none());
        assert!(fm.extra.contains_key("url"));
        assert_eq!(fm.tags, vec!["a", "b c"]);
        let (fm, _) = read_yaml("published: true\nurl: /incidents/x/\n");
        assert!(!fm.draft);
        assert_eq!(fm.permalink.as_deref(), Some("/incidents/x/"));
    }

    #[test]
    fn known_fields_and_extra_keys() {
        let (fm, issues) = read_yaml("title: Apache down\ndate: 2023-06-25\ntags: [apache, config]\nteam: web\ncomponents: dns, cdn\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(fm.title.as_deref(), Some("Apache down"));
        assert_eq!(fm.tags, vec!["apache", "config"]);
        assert_eq!(fm.services, vec!["dns", "cdn"]);
        assert_eq!(fm.extra["team"], Value::String("web".into()));
        assert_eq!(fm.lines["date"], 3);
    }

    #[test]
    fn booleans_are_only_booleans() {
        for (raw, draft) in [
            ("draft: true", true),
            ("draft: false", false),
            ("draft: yes", true),
        ] {
            let (fm, issues) = read_yaml(&format!("{raw}\n"));
            assert!(issues.is_empty() && fm.draft == draft, "{raw}");
        }
        for raw in [
            "draft: maybe",
            "draft: \"True\"",
            "draft: 1",
            "draft: [true]",
        ] {
            let (fm, issues) = read_yaml(&format!("title: x\n{raw}\n"));
            assert!(!fm.draft, "{raw}");
            let i = &issues[0];
            assert_eq!(
                (i.kind, i.line, i.key.as_deref()),
                (IssueKind::WrongType, Some(3), Some("draft")),
                "{raw}"
            );
            assert!(
                i.hint.contains("draft: true") && i.hint.contains("boolean"),
                "{}",
                i.hint
            );
        }
    }

    #[test]
    fn wrong_types_name_the_key_and_the_form_expected() {
        let (fm, issues) = read_yaml("title: {a: 1}\nstart: [1, 2]\ntags: {x: 1}\n");
        assert_eq!(fm.title, None);
        assert_eq!(fm.start, None);
        let keys: Vec<_> = issues.iter().map(|i| i.key.clone().unwrap()).collect();
        assert_eq!(keys, vec!["start", "tags", "title"]);
        assert!(issues.iter().all(|i| i.kind == IssueKind::WrongType));
        let title = issues
            .iter()
            .find(|i| i.key.as_deref() == Some("title"))
            .unwrap();
        assert!(title.message.contains("mapping") && title.hint.contains("title:"));
    }

    #[test]
    fn a_date_that_is_not_a_date_is_a_warning() {
        let (fm, issues) = read_yaml("date: yesterday\n");
        assert_eq!(fm.date, None);
        assert_eq!(issues[0].kind, IssueKind::UnreadableTime);
        assert!(issues[0].hint.contains("2024-03-12"));
        let (fm, issues) = read_yaml("date: June 25, 2023\n");
        assert!(issues.is_empty());
        assert_eq!(fm.date.as_deref(), Some("June 25, 2023"));
    }

    #[test]
    fn yaml_11_booleans_in_text_fields_keep_their_words() {
        let (fm, _) = read_yaml("title: No\nseverity: 2\n");
        assert_eq!(fm.title.as_deref(), Some("No"));
        assert_eq!(fm.severity.as_deref(), Some("2"));
    }

    #[test]
    fn authors_as_name_mappings() {
        let (fm, issues) = read_yaml("author:\n  name: Lee\nauthors:\n  - name: Kim\n  - Ari\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(fm.authors, vec!["Lee", "Kim", "Ari"]);
    }

    #[test]
    fn duplicate_keys_are_reported_once_each() {
        let (fm, issues) = read_yaml("title: A\ntitle: B\n");
        assert_eq!(fm.title.as_deref(), Some("B"));
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].kind, issues[0].line),
            (IssueKind::DuplicateKey, Some(3))
        );
    }
}
