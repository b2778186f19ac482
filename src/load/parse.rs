//! A front matter block to a map of keys to JSON values: YAML as libyaml reads it (what Jekyll
//! uses), TOML, and a line reader for blocks that do not parse, so `title:`, `date:` and
//! `tags:` survive a typo elsewhere in the block.

use super::frontmatter::FrontFormat;
use serde_json::{Map, Value};

/// A block that does not parse: the line within the block (1-based) and the parser's message.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses a block into its top-level keys.
pub fn parse(format: FrontFormat, raw: &str) -> Result<Map<String, Value>, SyntaxError> {
    let value = match format {
        FrontFormat::Yaml => yaml(raw)?,
        FrontFormat::Toml => toml_value(raw)?,
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(SyntaxError {
            line: Some(1),
            message: "front matter must be `key: value` pairs, not a single value or a list".into(),
        }),
    }
}

/// Duplicate keys: the last wins (libyaml, Jekyll and Hugo agree). Booleans: YAML 1.1's
/// `yes`/`no` too, as Jekyll reads them. Numbers with leading zeros stay text (`id: 0042`).
fn yaml(raw: &str) -> Result<Value, SyntaxError> {
    if raw.trim().is_empty() {
        return Ok(Value::Null);
    }
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options.with_snippet = false;
    serde_saphyr::from_str_with_options::<Value>(raw, options).map_err(|e| SyntaxError {
        line: e.location().map(|l| l.line() as usize).filter(|&l| l > 0),
        message: without_location(first_line(&e.to_string())),
    })
}

fn toml_value(raw: &str) -> Result<Value, SyntaxError> {
    let table: toml::Table = toml::from_str(raw).map_err(|e| SyntaxError {
        line: e
            .span()
            .map(|s| raw[..s.start.min(raw.len())].matches('\n').count() + 1),
        message: first_line(e.message()).to_string(),
    })?;
    serde_json::to_value(table).map_err(|e| SyntaxError {
        line: None,
        message: e.to_string(),
    })
}

/// serde-saphyr prefixes `error: line 3 column 9: `, counted within the block; the caller
/// reports the file line instead.
fn without_location(s: &str) -> String {
    let s = s.strip_prefix("error: ").unwrap_or(s);
    let s = match s.split_once(": ") {
        Some((loc, rest)) if loc.starts_with("line ") && loc.contains(" column ") => rest,
        _ => s,
    };
    // ... and newer versions suffix ` at line 2, column 7`.
    match s.rfind(" at line ") {
        Some(i) if s[i..].contains(", column ") => s[..i].to_string(),
        _ => s.to_string(),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Top-level keys as written and the block line (1-based) of each; a key given twice appears
/// twice.
pub fn key_lines(format: FrontFormat, raw: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut in_table = false;
    for (i, line) in raw.lines().enumerate() {
        if format == FrontFormat::Toml && line.trim_start().starts_with('[') {
            in_table = true;
        }
        if in_table || line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some(key) = pair(line, format).map(|(k, _)| k) {
            out.push((key, i + 1));
        }
    }
    out
}

/// `key: value` (YAML) or `key = value` (TOML) at the start of a line: the key and the raw
/// value text.
fn pair(line: &str, format: FrontFormat) -> Option<(String, &str)> {
    let sep = match format {
        FrontFormat::Yaml => ": ",
        FrontFormat::Toml => "=",
    };
    let (key, value) = match line.split_once(sep) {
        Some(kv) => kv,
        None if format == FrontFormat::Yaml => (line.strip_suffix(':')?, ""),
        None => return None,
    };
    let key = key.trim();
    let key = key
        .strip_prefix(['"', '\''])
        .and_then(|k| k.strip_suffix(['"', '\'']))
        .unwrap_or(key);
    let plain = key
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '));
    (plain && !key.is_empty()).then(|| (key.to_string(), value.trim()))
}

/// A header block's pairs (see `split`), keys in lower case: `Title:` is `title`.
pub fn header_pairs(format: FrontFormat, raw: &str) -> Map<String, Value> {
    simple_pairs(format, raw)
        .into_iter()
        .map(|(k, v)| (k.to_lowercase(), v))
        .collect()
}

/// Reads what can be read of a block that does not parse: top-level `key: value` lines with a
/// single value, a `[a, b]` list or `- item` lines under them.
pub fn simple_pairs(format: FrontFormat, raw: &str) -> Map<String, Value> {
    let mut map = Map::new();
    let mut list_key: Option<String> = None;
    for line in raw.lines() {
        let t = line.trim();
        if let (Some(key), Some(item)) = (&list_key, t.strip_prefix("- ")) {
            if let Some(Value::Array(items)) = map.get_mut(key) {
                items.push(Value::String(unquote(item).to_string()));
            }
            continue;
        }
        list_key = None;
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        let Some((key, value)) = pair(line, format) else {
            continue;
        };
        let value = strip_comment(value);
        if value.is_empty() {
            map.insert(key.clone(), Value::Array(Vec::new()));
            list_key = Some(key);
        } else {
            map.insert(key, simple_value(value));
        }
    }
    // A key with nothing under it is empty, not an empty list.
    map.retain(|_, v| !matches!(v, Value::Array(a) if a.is_empty()));
    map
}

fn simple_value(v: &str) -> Value {
    if let Some(inner) = v.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let items = inner
            .split(',')
            .map(|s| unquote(s.trim()))
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_string()))
            .collect();
        return Value::Array(items);
    }
    match v {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(unquote(v).to_string()),
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// `value # comment` -> `value`, unless the value is quoted.
fn strip_comment(v: &str) -> &str {
    if v.starts_with(['"', '\'']) {
        return v;
    }
    v.find(" #").map_or(v, |i| v[..i].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_ok(raw: &str) -> Map<String, Value> {
        parse(FrontFormat::Yaml, raw).unwrap_or_else(|e| panic!("{raw:?}: {e:?}"))
    }

    fn text(map: &Map<String, Value>, key: &str) -> String {
        map[key].as_str().unwrap_or_default().to_string()
    }

    // The shapes below are what Jekyll and Hugo users write; libyaml (Jekyll's parser) and
    // PyYAML accept every one of them.

    #[test]
    fn multi_line_quoted_values_continuing_at_the_key_indentation() {
        let m = yaml_ok("title: 'Checkout was down for\nmost of the morning'\ndate: 2024-01-02\n");
        assert_eq!(
            text(&m, "title"),
            "Checkout was down for most of the morning"
        );
        let m = yaml_ok("summary: \"Two lines\nof summary\"\n");
        assert_eq!(text(&m, "summary"), "Two lines of summary");
        let m = yaml_ok("note: 'It''s quoted\nand: it goes on'\n");
        assert_eq!(text(&m, "note"), "It's quoted and: it goes on");
        let m =
            yaml_ok("updates:\n  - when: 2024-01-02\n    text: 'We are looking\n    into it'\n");
        assert_eq!(m["updates"][0]["text"], "We are looking into it");
        let m = yaml_ok("description: 'First paragraph\n\n  second one.\n\n'\n");
        assert_eq!(text(&m, "description"), "First paragraph\nsecond one.\n");
    }

    #[test]
    fn folded_and_literal_blocks() {
        let m = yaml_ok("summary: >\n  folded\n  text\nsteps: |\n  one\n  two\nshort: >-\n  x\n");
        assert_eq!(text(&m, "summary"), "folded text\n");
        assert_eq!(text(&m, "steps"), "one\ntwo\n");
        assert_eq!(text(&m, "short"), "x");
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let m = yaml_ok("base: &b\n  team: sre\nother:\n  <<: *b\n  extra: 1\ncopy: *b\n");
        assert_eq!(m["other"]["team"], "sre");
        assert_eq!(m["copy"]["team"], "sre");
    }

    #[test]
    fn dates_stay_as_written() {
        let m = yaml_ok("date: 2023-06-25\nstart: 2023-06-25 10:00:00 +02:00\ntime: 10:30\n");
        assert_eq!(text(&m, "date"), "2023-06-25");
        assert_eq!(text(&m, "start"), "2023-06-25 10:00:00 +02:00");
        assert_eq!(text(&m, "time"), "10:30");
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let m = yaml_ok("title: First\ntitle: Second\n");
        assert_eq!(text(&m, "title"), "Second");
        let lines = key_lines(
            FrontFormat::Yaml,
            "title: First\ntags: [a]\ntitle: Second\n",
        );
        assert_eq!(lines.iter().filter(|(k, _)| k == "title").count(), 2);
    }

    #[test]
    fn booleans_as_jekyll_reads_them() {
        let m = yaml_ok("draft: yes\npublished: false\nquoted: \"true\"\n");
        assert_eq!(m["draft"], Value::Bool(true));
        assert_eq!(m["published"], Value::Bool(false));
        assert_eq!(m["quoted"], "true");
    }

    #[test]
    fn tabs_comments_unicode_and_empty_values() {
        let m = yaml_ok(
            "# a comment\ntitle:\tTabbed 🚨 é # trailing\nempty:\ntags: [a,\tb]\nid: 0042\n",
        );
        assert_eq!(text(&m, "title"), "Tabbed 🚨 é");
        assert_eq!(m["empty"], Value::Null);
        assert_eq!(m["tags"][1], "b");
        assert_eq!(text(&m, "id"), "0042");
    }

    #[test]
    fn jekyll_and_hugo_posts() {
        let m = yaml_ok("layout: post\ntitle:  \"Incident: DNS\"\ncategories: incidents ops\ntags:\n- dns\n- outage\nauthor:\n  name: Kim\n");
        assert_eq!(text(&m, "title"), "Incident: DNS");
        assert_eq!(m["tags"][1], "outage");
        assert_eq!(m["author"]["name"], "Kim");
    }

    #[test]
    fn broken_yaml_reports_the_line_within_the_block() {
        let e = parse(FrontFormat::Yaml, "title: ok\ntags: [a, b\nx: 1\n").unwrap_err();
        assert!(e.line.is_some_and(|l| l >= 2), "{e:?}");
        assert!(!e.message.starts_with("error: line"), "{e:?}");
        assert!(!e.message.contains("column"), "{e:?}");
        let e = parse(FrontFormat::Yaml, "title: x\n\tindent: tab\n").unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
        assert!(parse(FrontFormat::Yaml, "- a\n- b\n").is_err());
    }

    #[test]
    fn simple_pairs_survive_a_typo_elsewhere() {
        let raw = "title: Outage: the database\ndate: 2024-01-02\ntags: [db, \"ops\"]\nauthors:\n  - Kim\n  - Ari\nbroken: [a, b\n";
        assert!(parse(FrontFormat::Yaml, raw).is_err());
        let m = simple_pairs(FrontFormat::Yaml, raw);
        assert_eq!(text(&m, "title"), "Outage: the database");
        assert_eq!(text(&m, "date"), "2024-01-02");
        assert_eq!(m["tags"][1], "ops");
        assert_eq!(m["authors"][1], "Ari");
        let m = simple_pairs(
            FrontFormat::Toml,
            "title = \"DNS\"\ndate = 2024-01-02\nbad = [\n",
        );
        assert_eq!(text(&m, "title"), "DNS");
    }

    #[test]
    fn toml_datetimes_and_errors() {
        let m = parse(FrontFormat::Toml, "date = 2024-01-02T10:00:00+03:00\n").unwrap();
        assert!(m["date"].is_object());
        let e = parse(FrontFormat::Toml, "title = \"x\"\ndate = \n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
