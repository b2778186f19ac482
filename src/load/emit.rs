//! Writing front matter: facts as `key: value` lines in the file's own format, added to its
//! block (or a new YAML block at the top) so that everything after the block stays byte for
//! byte as it was.

use super::frontmatter::FrontFormat;
use super::split::{self, BlockKind};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::ops::Range;

/// A value to declare.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryValue {
    /// A string (quoted as the format needs).
    Text(String),
    /// A day (`2024-03-12`).
    Day(NaiveDate),
    /// A date and time with its offset.
    Moment(DateTime<FixedOffset>),
    /// A number.
    Number(f64),
    /// A list of strings.
    List(Vec<String>),
}

/// One `key: value` line, with a comment saying where the value was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The front matter key.
    pub key: String,
    /// Its value.
    pub value: EntryValue,
    /// Said after the value (`# from the text, line 4`).
    pub comment: Option<String>,
}

/// Why facts cannot be added to a file's front matter.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EmitError {
    /// The metadata is a header block without fences.
    #[error("its metadata is a block of `key: value` lines without `---` fences; put a `---` line before and after it first")]
    NoFences,
    /// The front matter has no closing fence.
    #[error("its front matter never closes; add the closing `---` line first")]
    Unclosed,
}

/// The file's text with the entries added, and where the front matter block now is.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// The whole file, edited.
    pub text: String,
    /// Byte range of the front matter block in `text`.
    pub block: Range<usize>,
    /// The block's format.
    pub format: FrontFormat,
}

/// Adds `entries` at the end of the file's front matter block, or in a new YAML block at the
/// very top (after a byte order mark). Line ends follow the file's (CRLF stays CRLF).
pub fn add_to_file(original: &str, entries: &[Entry]) -> Result<Edited, EmitError> {
    let bom = if original.starts_with('\u{feff}') {
        "\u{feff}".len()
    } else {
        0
    };
    let text = &original[bom..];
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if let Some((format, open, close)) = fences(text) {
        let lines = render(format, entries, eol);
        let at = bom + close.start;
        let mut out = String::with_capacity(original.len() + lines.len());
        out.push_str(&original[..at]);
        out.push_str(&lines);
        out.push_str(&original[at..]);
        let block = bom + open.start..bom + close.end + lines.len();
        return Ok(Edited {
            text: out,
            block,
            format,
        });
    }
    match split::split(&text.replace("\r\n", "\n")).map(|s| s.kind) {
        Some(BlockKind::Header) => return Err(EmitError::NoFences),
        Some(BlockKind::Unclosed) => return Err(EmitError::Unclosed),
        _ => {}
    }
    let format = FrontFormat::Yaml;
    let block = format!("---{eol}{}---{eol}", render(format, entries, eol));
    let mut out = String::with_capacity(original.len() + block.len());
    out.push_str(&original[..bom]);
    out.push_str(&block);
    out.push_str(text);
    Ok(Edited {
        text: out,
        block: bom..bom + block.len(),
        format,
    })
}

/// The format, the opening fence line and the closing fence line (byte ranges in `text`) of a
/// fenced block at the top, if there is one.
fn fences(text: &str) -> Option<(FrontFormat, Range<usize>, Range<usize>)> {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n');
    let first = loop {
        let line = lines.next()?;
        if !line.trim().is_empty() {
            break line;
        }
        offset += line.len();
    };
    let (format, fence) = match first.trim_end() {
        "---" => (FrontFormat::Yaml, "---"),
        "+++" => (FrontFormat::Toml, "+++"),
        _ => return None,
    };
    let open = offset..offset + first.len();
    offset += first.len();
    for line in lines {
        let t = line.trim_end();
        if t == fence || (format == FrontFormat::Yaml && t == "...") {
            return Some((format, open, offset..offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// The entries as lines of the format, each ended by `eol`.
pub fn render(format: FrontFormat, entries: &[Entry], eol: &str) -> String {
    let sep = match format {
        FrontFormat::Yaml => ": ",
        FrontFormat::Toml => " = ",
    };
    let mut out = String::new();
    for e in entries {
        out.push_str(&e.key);
        out.push_str(sep);
        out.push_str(&value(&e.value));
        if let Some(c) = &e.comment {
            out.push_str("  # ");
            out.push_str(&c.replace(['\n', '\r'], " "));
        }
        out.push_str(eol);
    }
    out
}

/// A value written so that YAML and TOML read it alike: strings and lists in JSON's syntax
/// (a double-quoted scalar / basic string, a flow sequence / array), dates and times bare.
fn value(v: &EntryValue) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    match v {
        EntryValue::Text(s) => quoted(s),
        EntryValue::Day(d) => d.format("%Y-%m-%d").to_string(),
        EntryValue::Moment(t) => t.to_rfc3339(),
        EntryValue::Number(n) => {
            let r = (n * 100.0).round() / 100.0;
            if r.fract() == 0.0 {
                format!("{r:.0}")
            } else {
                r.to_string()
            }
        }
        EntryValue::List(items) => {
            let parts: Vec<String> = items.iter().map(|s| quoted(s)).collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{load_bytes, Strictness};
    use super::*;
    use std::path::Path;

    fn entries() -> Vec<Entry> {
        vec![
            Entry {
                key: "start".into(),
                value: EntryValue::Moment(
                    DateTime::parse_from_rfc3339("2024-03-12T14:05:00+01:00").unwrap(),
                ),
                comment: Some("from the text: Timeline, line 9".into()),
            },
            Entry {
                key: "root_cause".into(),
                value: EntryValue::Text("a \"quoted\" cause: with a colon".into()),
                comment: None,
            },
            Entry {
                key: "services".into(),
                value: EntryValue::List(vec!["nginx".into(), "dns".into()]),
                comment: None,
            },
            Entry {
                key: "impact_percent".into(),
                value: EntryValue::Number(12.5),
                comment: None,
            },
        ]
    }

    fn reload(text: &str) -> super::super::SourceDoc {
        load_bytes(
            Path::new("x.md"),
            "x.md".into(),
            text.as_bytes(),
            Strictness::Strict,
        )
        .unwrap()
    }

    #[test]
    fn adds_a_yaml_block_when_there_is_none() {
        let body = "# Outage\r\n\r\nText.\r\n";
        let e = add_to_file(body, &entries()).unwrap();
        assert!(e.text.ends_with(body));
        assert!(e
            .text
            .starts_with("---\r\nstart: 2024-03-12T14:05:00+01:00  # from the text"));
        let doc = reload(&e.text);
        assert_eq!(
            doc.front.start.as_deref(),
            Some("2024-03-12T14:05:00+01:00")
        );
        assert_eq!(
            doc.front.root_cause.as_deref(),
            Some("a \"quoted\" cause: with a colon")
        );
        assert_eq!(doc.front.services, vec!["nginx", "dns"]);
        assert_eq!(doc.front.extra["impact_percent"], 12.5);
    }

    #[test]
    fn adds_to_an_existing_block_keeping_it_and_the_body() {
        let original = "\u{feff}---\ntitle: Kept # my comment\nlayout: post\n---\n# Body\n\n---\nA rule above.\n";
        let e = add_to_file(original, &entries()).unwrap();
        assert!(e
            .text
            .starts_with("\u{feff}---\ntitle: Kept # my comment\nlayout: post\nstart: "));
        assert!(e.text.ends_with("---\n# Body\n\n---\nA rule above.\n"));
        assert!(e.text[e.block.clone()].ends_with("---\n"));
        let doc = reload(&e.text);
        assert_eq!(doc.front.title.as_deref(), Some("Kept"));
        assert_eq!(doc.body, "# Body\n\n---\nA rule above.\n");
    }

    #[test]
    fn toml_blocks_get_toml_lines() {
        let original = "+++\ntitle = \"DNS\"\n+++\nBody\n";
        let e = add_to_file(original, &entries()).unwrap();
        assert_eq!(e.format, FrontFormat::Toml);
        let doc = reload(&e.text);
        assert_eq!(doc.front.services, vec!["nginx", "dns"]);
        assert_eq!(
            doc.front.start.as_deref(),
            Some("2024-03-12T14:05:00+01:00")
        );
        assert!(e.text.ends_with("+++\nBody\n"));
    }

    #[test]
    fn header_blocks_and_unclosed_blocks_are_refused() {
        let header = "title: A\npublished: 2021-01-01\n\nBody\n";
        assert_eq!(add_to_file(header, &entries()), Err(EmitError::NoFences));
        let unclosed = "---\ntitle: A\n\nBody\n";
        assert_eq!(add_to_file(unclosed, &entries()), Err(EmitError::Unclosed));
    }
}
