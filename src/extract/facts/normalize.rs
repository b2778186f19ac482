//! A line-preserving pre-pass that turns the shapes real postmortems come in into Markdown that
//! pulldown-cmark reads as their authors meant: HTML tags become Markdown on the same line,
//! whole documents wrapped in a fence or indented as code are unwrapped, `##Heading` gets its
//! space. Line N of the output is always line N of the input, so provenance stays right.

use super::sections::classify_heading;
use regex::Regex;
use std::sync::LazyLock;

static HTML_HEADING_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<h([1-6])(\s[^>]*)?>").unwrap());
static HTML_LI_OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<li(\s[^>]*)?>").unwrap());
static HTML_STRONG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)</?(strong|b)(\s[^>]*)?>").unwrap());
/// Tags of presentational HTML; anything else in angle brackets (`<VirtualHost>`) is kept.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(h[1-6]|p|div|span|li|ul|ol|br|em|i|u|a|code|pre|table|thead|tbody|tr|td|th|blockquote|section|article|header|footer|body|html|head|title|meta|link|img|hr|center|font|small|sup|sub|strike|del|mark|details|summary|main|nav)(\s[^>]*)?/?>",
    )
    .unwrap()
});
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);").unwrap());
/// GitHub emoji shortcodes (`:small_orange_diamond:`), noise in front of text.
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[\s>*;])(:[a-z][a-z0-9_+-]{1,40}:)").unwrap());
static ATX_NO_SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s{0,3})(#{1,6})([^#\s])").unwrap());

/// Normalises `body` line by line; the result has exactly as many lines.
pub fn normalize(body: &str) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    let html = looks_like_html(&lines);
    let unwrap_fences = prose_fences(&lines);
    let mut out = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    for (i, raw) in lines.iter().enumerate() {
        let trimmed = raw.trim_start();
        let indent = raw.len() - trimmed.len();
        if let Some((c, n)) = fence {
            if is_fence_close(trimmed, c, n) {
                fence = None;
            }
            out.push(raw.to_string());
            continue;
        }
        if let Some((c, n)) = fence_open(trimmed) {
            if unwrap_fences.contains(&i) {
                // A fence around prose: drop the fence lines and read what is inside.
                out.push(String::new());
                continue;
            }
            fence = Some((c, n));
            out.push(raw.to_string());
            continue;
        }
        let mut line = if html || has_html_tag(trimmed) {
            html_to_markdown(raw)
        } else {
            raw.to_string()
        };
        if ENTITY.is_match(&line) {
            line = decode_entities(&line);
        }
        if line.contains(':') && SHORTCODE.is_match(&line) {
            line = SHORTCODE.replace_all(&line, "$1").into_owned();
        }
        // Indented prose (outlines, centred text) is not code: read it as text. Lines that would
        // turn into headings stay indented so code comments do not become sections.
        let t = line.trim_start();
        if indent >= 4 || line.starts_with('\t') {
            if !t.starts_with('#') {
                line = t.to_string();
            }
        } else if let Some(c) = ATX_NO_SPACE.captures(&line) {
            let (pre, hashes, first) = (&c[1], &c[2], &c[3]);
            if !first.starts_with(['!', '/', '[', '{', '(', '<', '-', '=']) {
                let fixed = format!("{pre}{hashes} {}", &line[c.get(3).unwrap().start()..]);
                line = fixed;
            }
        }
        out.push(line);
    }
    out.join("\n")
}

fn has_html_tag(line: &str) -> bool {
    line.contains('<') && HTML_TAG.is_match(line)
}

/// A document written in HTML rather than Markdown: most non-blank lines start with a tag.
fn looks_like_html(lines: &[&str]) -> bool {
    let mut tagged = 0;
    let mut total = 0;
    for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        total += 1;
        if l.starts_with('<') && HTML_TAG.is_match(l) {
            tagged += 1;
        }
    }
    total > 0 && tagged * 2 > total
}

fn html_to_markdown(raw: &str) -> String {
    let mut line = raw.trim().to_string();
    let mut prefix = String::new();
    if let Some(c) = HTML_HEADING_OPEN.captures(&line) {
        if c.get(0).unwrap().start() == 0 {
            let n: usize = c[1].parse().unwrap_or(2);
            prefix = format!("{} ", "#".repeat(n));
            line = line[c.get(0).unwrap().end()..].to_string();
        }
    }
    if prefix.is_empty() {
        if let Some(m) = HTML_LI_OPEN.find(&line) {
            if m.start() == 0 {
                prefix = "- ".into();
                line = line[m.end()..].to_string();
            }
        }
    }
    let line = HTML_STRONG.replace_all(&line, "**");
    let line = HTML_TAG.replace_all(&line, " ");
    let body = line.trim();
    // `** **` left by empty bold tags is noise.
    let body = body.trim_start_matches("** **").trim();
    format!("{prefix}{body}")
}

fn decode_entities(line: &str) -> String {
    ENTITY
        .replace_all(line, |c: &regex::Captures| {
            let name = &c[1];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" | "emsp" | "ensp" | "thinsp" => Some(' '),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "rsquo" | "lsquo" => Some('\''),
                "rdquo" | "ldquo" => Some('"'),
                "hellip" => Some('…'),
                _ if name.starts_with("#x") => u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(String::from).unwrap_or_else(|| c[0].to_string())
        })
        .into_owned()
}

fn fence_open(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = trimmed.chars().take_while(|&x| x == c).count();
    if n < 3 || (c == '`' && trimmed[n..].contains('`')) {
        return None;
    }
    Some((c, n))
}

fn is_fence_close(trimmed: &str, c: char, n: usize) -> bool {
    let run = trimmed.chars().take_while(|&x| x == c).count();
    run >= n && trimmed[run * c.len_utf8()..].trim().is_empty()
}

/// Line indexes of fence openings (and their closings) whose content is prose with section
/// labels: a postmortem pasted inside a code block.
fn prose_fences(lines: &[&str]) -> Vec<usize> {
    let mut result = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if let Some((c, n)) = fence_open(t) {
            let info = t[n..].trim();
            let mut j = i + 1;
            while j < lines.len() && !is_fence_close(lines[j].trim_start(), c, n) {
                j += 1;
            }
            let inner = &lines[i + 1..j.min(lines.len())];
            let labels = inner
                .iter()
                .filter(|l| {
                    let l = l.trim();
                    !l.is_empty() && l.split_whitespace().count() <= 6 && {
                        let label = l.split(':').next().unwrap_or(l);
                        classify_heading(label).is_some()
                    }
                })
                .count();
            let plain_info = info.is_empty() || matches!(info, "text" | "txt" | "markdown" | "md");
            if plain_info && labels >= 2 {
                result.push(i);
                if j < lines.len() {
                    result.push(j);
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_count() {
        let src =
            "<h1>T</h1>\n<p>a</p>\n```\nRoot Cause:\nx\nTimeline:\n```\n    indented\n##NoSpace";
        let out = normalize(src);
        assert_eq!(out.split('\n').count(), src.split('\n').count());
    }

    #[test]
    fn emoji_shortcodes_dropped() {
        assert_eq!(
            normalize(":fire: Root cause at 10:30:45"),
            " Root cause at 10:30:45"
        );
    }

    #[test]
    fn atx_without_space() {
        assert_eq!(normalize("##Postmortem"), "## Postmortem");
        assert_eq!(normalize("#!/bin/sh"), "#!/bin/sh");
    }

    #[test]
    fn html_headings_and_items() {
        let out = normalize("<h3>Root cause</h3>\n<ul>\n\t<li>1:30 PM: a &amp; b</li>\n</ul>");
        assert_eq!(out, "### Root cause\n\n- 1:30 PM: a & b\n");
    }

    #[test]
    fn prose_fence_unwrapped_code_fence_kept() {
        let out = normalize("```\nSummary:\ntext\nRoot Cause:\nmore\n```");
        assert!(!out.contains("```"), "{out}");
        let out = normalize("```nginx\nserver {\n}\n```");
        assert!(out.contains("```nginx"));
    }
}
