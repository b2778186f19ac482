//! Where the metadata ends and the Markdown begins: a `---` (YAML) or `+++` (TOML) block at the
//! top, a block that never closes, or an exported blog's header of `key: value` lines.

use super::frontmatter::FrontFormat;

/// How the metadata at the top of a file is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Between two fence lines.
    Fenced,
    /// An opening fence with no closing one; the block ends at the first blank line.
    Unclosed,
    /// `key: value` lines at the very top without fences (blog exports).
    Header,
}

/// The metadata block found at the top of a text.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub kind: BlockKind,
    pub format: FrontFormat,
    /// The block's lines, without fences.
    pub raw: &'a str,
    /// File line (1-based) of the first line of `raw`.
    pub raw_line: usize,
    /// File line (1-based) of the opening fence, if any.
    pub fence_line: Option<usize>,
    pub body: &'a str,
    /// Lines before the body, so body line N is file line N + offset.
    pub body_line_offset: usize,
}

/// Keys that exported blog headers use; a header block holds only these.
const HEADER_KEYS: &[&str] = &[
    "title",
    "date",
    "published",
    "updated",
    "modified",
    "lastmod",
    "author",
    "authors",
    "tags",
    "categories",
    "category",
    "slug",
    "draft",
    "layout",
    "description",
    "permalink",
    "url",
    "status",
    "excerpt",
    "image",
    "cover",
    "comments",
    "lang",
    "language",
    "keywords",
    "series",
    "severity",
];

/// A header block needs one of these, so two stray label lines are not taken for metadata.
const HEADER_ANCHORS: &[&str] = &[
    "title",
    "published",
    "updated",
    "lastmod",
    "layout",
    "slug",
    "permalink",
    "categories",
];

/// Finds the metadata block at the top of `text` (after blank lines), if any.
pub fn split(text: &str) -> Option<Split<'_>> {
    let leading = text.len() - text.trim_start_matches(['\n', ' ', '\t']).len();
    // Only whole blank lines count as leading: back up to the start of the line.
    let leading = text[..leading].rfind('\n').map_or(0, |i| i + 1);
    let start = &text[leading..];
    let leading_lines = text[..leading].matches('\n').count();
    let first = start.split('\n').next().unwrap_or("");
    let format = match first.trim_end() {
        "---" => FrontFormat::Yaml,
        "+++" => FrontFormat::Toml,
        _ => return header_block(text, leading, leading_lines),
    };
    if !start.contains('\n') {
        return None;
    }
    let after_open = &start[first.len() + 1..];
    let raw_line = leading_lines + 2;
    let fence = first.trim_end();
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let t = line.trim_end();
        if t == fence || (format == FrontFormat::Yaml && t == "...") {
            let body = &after_open[offset + line.len()..];
            return Some(Split {
                kind: BlockKind::Fenced,
                format,
                raw: &after_open[..offset],
                raw_line,
                fence_line: Some(raw_line - 1),
                body,
                body_line_offset: text[..text.len() - body.len()].matches('\n').count(),
            });
        }
        offset += line.len();
    }
    unclosed(text, after_open, format, raw_line)
}

/// An opening fence that never closes. When the next lines are `key: value` pairs the block is
/// metadata that lost its closing line (up to the first blank line); otherwise the fence was
/// a horizontal rule and the whole text is Markdown.
fn unclosed<'a>(
    text: &'a str,
    after_open: &'a str,
    format: FrontFormat,
    raw_line: usize,
) -> Option<Split<'a>> {
    let first = after_open.lines().find(|l| !l.trim().is_empty())?;
    if !looks_like_pair(first, format) {
        return None;
    }
    let end = block_end(after_open);
    let body = &after_open[end..];
    Some(Split {
        kind: BlockKind::Unclosed,
        format,
        raw: &after_open[..end],
        raw_line,
        fence_line: Some(raw_line - 1),
        body,
        body_line_offset: text[..text.len() - body.len()].matches('\n').count(),
    })
}

/// Byte offset just past the block's lines: the first blank line ends it.
fn block_end(s: &str) -> usize {
    let mut offset = 0;
    let mut started = false;
    for line in s.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank && started {
            return offset;
        }
        started |= !blank;
        offset += line.len();
    }
    offset
}

fn looks_like_pair(line: &str, format: FrontFormat) -> bool {
    let sep = match format {
        FrontFormat::Yaml => ':',
        FrontFormat::Toml => '=',
    };
    let Some((key, _)) = line.split_once(sep) else {
        return false;
    };
    let key = key.trim().trim_matches(['"', '\'']);
    !key.is_empty()
        && !line.starts_with([' ', '\t'])
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        && key.chars().count() <= 40
}

/// `title: ...` / `published: ...` lines at the very top without fences: at least two, every
/// key a metadata key, one of them a key only metadata uses, ended by a blank line (or a `---`
/// line, which is dropped with the block). Keys may be capitalised (`Title:`), as Pelican and
/// MultiMarkdown write them.
fn header_block(text: &str, leading: usize, leading_lines: usize) -> Option<Split<'_>> {
    let start = &text[leading..];
    let end = block_end(start);
    let block = &start[..end];
    let mut keys = Vec::new();
    for line in block.lines() {
        if line.starts_with([' ', '\t']) && !keys.is_empty() {
            continue; // a list item or continuation of the previous key
        }
        let (key, _) = line.split_once(':')?;
        let key = key.to_ascii_lowercase();
        if !HEADER_KEYS.contains(&key.as_str()) {
            return None;
        }
        keys.push(key);
    }
    if keys.len() < 2 || !keys.iter().any(|k| HEADER_ANCHORS.contains(&k.as_str())) {
        return None;
    }
    let mut body = &start[end..];
    // A `---` right after the header closes it (some exporters write one).
    let trimmed = body.trim_start_matches('\n');
    if let Some(rest) = trimmed.strip_prefix("---\n") {
        body = rest;
    }
    Some(Split {
        kind: BlockKind::Header,
        format: FrontFormat::Yaml,
        raw: block,
        raw_line: leading_lines + 1,
        fence_line: None,
        body,
        body_line_offset: text[..text.len() - body.len()].matches('\n').count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_yaml_and_toml() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(
            (s.kind, s.raw, s.body),
            (BlockKind::Fenced, "title: A\n", "# Body\n")
        );
        assert_eq!((s.raw_line, s.body_line_offset), (2, 3));
        let s = split("\n\n+++\ntitle = \"A\"\n+++\ntext").unwrap();
        assert_eq!(s.format, FrontFormat::Toml);
        assert_eq!((s.raw_line, s.fence_line, s.body), (4, Some(3), "text"));
    }

    #[test]
    fn yaml_document_end_marker_closes_the_block() {
        let s = split("---\ntitle: A\n...\nbody\n").unwrap();
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn horizontal_rule_is_not_front_matter() {
        assert!(split("--- \nno closing fence\n").is_none());
        assert!(split("---\n\nJust a rule and some prose.\n").is_none());
        assert!(split("# Title\n---\n").is_none());
        assert!(split("---").is_none());
    }

    #[test]
    fn unclosed_block_ends_at_the_first_blank_line() {
        let s = split("---\ntitle: A\ndate: 2024-01-02\n\n# Body\n").unwrap();
        assert_eq!(s.kind, BlockKind::Unclosed);
        assert_eq!(s.raw, "title: A\ndate: 2024-01-02\n");
        assert_eq!(s.body, "\n# Body\n");
        assert_eq!(s.fence_line, Some(1));
    }

    #[test]
    fn exported_blog_header_without_fences() {
        let s = split("title: Our outage\npublished: 2021-03-04\nupdated: 2021-03-09\ntags:\n  - ops\n\n# Body\n").unwrap();
        assert_eq!(s.kind, BlockKind::Header);
        assert_eq!(s.raw_line, 1);
        assert_eq!(s.body, "\n# Body\n");
        assert_eq!(s.body_line_offset, 5);
    }

    #[test]
    fn capitalised_header_keys_count_as_header_keys() {
        let s = split("Title: Our outage\nDate: 2021-03-04\nCategory: Ops\n\nBody\n").unwrap();
        assert_eq!(s.kind, BlockKind::Header);
        assert_eq!(s.body, "\nBody\n");
    }

    #[test]
    fn label_lines_of_a_postmortem_are_not_a_header() {
        assert!(split("Date: 2024-01-02\nAuthor: Sam\n\nText\n").is_none());
        assert!(split("date: 2024-01-02\nauthor: Sam\n\nText\n").is_none());
        assert!(split("title: Outage\nroot cause: a typo\n\nText\n").is_none());
        assert!(split("title: Outage\n\nText\n").is_none());
        assert!(split("Title: Outage\nRoot cause: a typo\n\nText\n").is_none());
    }
}
