//! The body as plain lines for time reading: HTML tags, Markdown emphasis, link targets, URLs
//! and emoji shortcodes removed, so `**16:58 UTC**` and `<strong>10:30 AM:</strong>` read alike.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line in the file.
    pub file_line: usize,
    pub text: String,
    pub heading: bool,
    /// Inside a fenced code block (log output, commands).
    pub code: bool,
    /// A chat transcript or quoted output line (`> name [1:26 PM]`).
    pub quoted: bool,
}

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^<>]*>").unwrap());
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").unwrap());
static LINK_TARGET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\]\([^)]*\)").unwrap());
static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r":[a-z0-9_+-]{2,}:").unwrap());
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:nbsp|emsp|ensp|thinsp|#160|#8195);").unwrap());

/// Cleans one raw line.
pub fn clean(raw: &str) -> String {
    let s = TAG.replace_all(raw, " ");
    let s = LINK_TARGET.replace_all(&s, "]");
    let s = URL.replace_all(&s, " ");
    let s = SHORTCODE.replace_all(&s, " ");
    let s = ENTITY.replace_all(&s, " ");
    s.replace("&mdash;", "—")
        .replace("&ndash;", "–")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace(['*', '`', '\t'], " ")
        .replace("__", " ")
        .replace('\u{a0}', " ")
}

/// The body's lines, cleaned. Fences are honoured unless most of the document is fenced (a
/// whole postmortem pasted inside ``` is still the postmortem).
pub fn prepare(body: &str, line_offset: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, raw) in body.lines().enumerate() {
        let t = raw.trim_start();
        let marker = if t.starts_with("```") {
            Some("```")
        } else if t.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        let mut code = fence.is_some();
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                code = true;
            }
            (Some(f), Some(m)) if f == m => {
                fence = None;
                code = true;
            }
            _ => {}
        }
        let lower = t.to_ascii_lowercase();
        let heading = t.starts_with('#') || lower.starts_with("<h");
        let quoted = t.starts_with('>') && !t.starts_with(">=");
        let text = clean(raw);
        lines.push(Line {
            file_line: i + 1 + line_offset,
            text,
            heading,
            code,
            quoted,
        });
    }
    let non_blank = lines.iter().filter(|l| !l.text.trim().is_empty()).count();
    let fenced = lines
        .iter()
        .filter(|l| l.code && !l.text.trim().is_empty())
        .count();
    if fenced * 2 > non_blank {
        for l in &mut lines {
            l.code = false;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_removed() {
        assert_eq!(clean("- **16:58 UTC** - x").trim(), "-   16:58 UTC   - x");
        assert!(clean("<li><strong>10:30 AM:</strong>Issue</li>").contains("10:30 AM:"));
        assert!(!clean("see [PR](https://x.org/2016-02-24-a) now").contains("2016"));
        assert!(
            clean("<p>&emsp;:small_orange_diamond:Start Time: Jan 1</p>")
                .contains(" Start Time: Jan 1")
        );
    }

    #[test]
    fn fences_are_code_unless_they_hold_the_whole_document() {
        let l = prepare("# A\ntext\nmore\n```\n2019/03/07 21:07:55\n```\n", 2);
        assert!(l[4].code);
        assert_eq!(l[4].file_line, 7);
        let l = prepare("```\n# A\nOn 13th December 2022 it broke\n```\n", 0);
        assert!(!l[2].code);
    }
}
