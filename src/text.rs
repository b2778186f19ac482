//! Small text helpers shared by the stages: control characters out of content, terminal
//! escapes out of CLI output, a bound on raw HTML nesting before the sanitiser sees it, and the
//! written forms of a day.

use std::borrow::Cow;

/// A control character that has no business in published text: C0 controls other than tab and
/// newline, DEL, and the C1 range (U+0080..U+009F, which includes the 8-bit CSI).
pub fn is_unwanted_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Folds every kind of line separator to `\n` (CRLF, lone CR, NEL U+0085, LINE SEPARATOR
/// U+2028, PARAGRAPH SEPARATOR U+2029) and drops the other control characters (NUL, ESC, BEL,
/// ...), so nothing downstream sees a line that is not a line or a byte a terminal acts on.
pub fn normalize_text(text: &str) -> Cow<'_, str> {
    let clean = |c: char| !is_unwanted_control(c) && c != '\r';
    if text.chars().all(clean) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_unwanted_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Drops control characters from a one-line value (a title, a config string): newlines too.
pub fn strip_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
                c => c,
            })
            .filter(|c| !c.is_control() || *c == '\t')
            .collect(),
    )
}

/// Text for a terminal: every control character except newline and tab is shown as a visible
/// escape (`\e`, `\a`, `\x00`, `\u{9b}`), so a title can never move the cursor, retitle the window
/// or clear the screen.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unwanted_control(c) || c == '\r';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\u{7}' => out.push_str("\\a"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The deepest raw-HTML nesting a page may have. html5ever's tree builder scans its stack of
/// open elements for each tag, so unbounded nesting is quadratic; no real page nests this deep.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that never hold children, and those whose end tag may be left out (the HTML parser
/// closes them itself): neither adds to the parser's stack of open elements for long.
fn is_void_or_optional(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "rp"
            | "rt"
    )
}

/// One tag found by [`scan_tags`]: byte range, lower-case name, and whether it closes.
struct TagAt {
    start: usize,
    end: usize,
    closing: bool,
    counts: bool,
}

/// A linear scan over the tags of an HTML fragment (comments skipped; text and attribute values
/// are not interpreted beyond finding each tag's `>`).
fn scan_tags(html: &str, mut each: impl FnMut(TagAt) -> bool) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(e) => start + e + 3,
                None => return,
            };
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_from = start + 1 + usize::from(closing);
        let name_len = bytes[name_from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_from].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let Some(gt) = memchr(b'>', &bytes[name_from..]) else {
            return;
        };
        let end = name_from + gt + 1;
        let name = html[name_from..name_from + name_len].to_ascii_lowercase();
        let self_closing = bytes[end - 2] == b'/';
        let tag = TagAt {
            start,
            end,
            closing,
            counts: !self_closing && !is_void_or_optional(&name),
        };
        if !each(tag) {
            return;
        }
        i = end;
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// The deepest nesting of elements in an HTML fragment, as [`limit_html_depth`] counts it.
pub fn html_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    scan_tags(html, |t| {
        if t.counts {
            if t.closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                max = max.max(depth);
            }
        }
        true
    });
    max
}

/// Escapes the tags nested deeper than `max` (and their end tags) so they show as text: the
/// sanitiser then does linear work on any input. Returns the input unchanged when within bounds.
pub fn limit_html_depth(html: &str, max: usize) -> Cow<'_, str> {
    if html_depth(html) <= max {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let (mut copied, mut depth) = (0usize, 0usize);
    scan_tags(html, |t| {
        if !t.counts {
            return true;
        }
        let too_deep = if t.closing {
            let deep = depth > max;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > max
        };
        if too_deep {
            out.push_str(&html[copied..t.start]);
            out.push_str("&lt;");
            out.push_str(&html[t.start + 1..t.end]);
            copied = t.end;
        }
        true
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Forms of a day people write: `2024-04-01`, `2024/04/01`, `1 April 2024`, `1 Apr 2024`,
/// `April 1, 2024`, `Apr 1, 2024`, `April 1 2024`, `Apr 1 2024`.
const DAY_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
];

/// The day `text` names in one of [`DAY_FORMATS`], if it is exactly that.
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    DAY_FORMATS
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(text, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_separator_becomes_a_newline() {
        assert_eq!(
            normalize_text("a\r\nb\rc\u{85}d\u{2028}e\u{2029}f\n"),
            "a\nb\nc\nd\ne\nf\n"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(
            normalize_text("a\0b\u{1b}[2Jc\u{7}\u{9b}d\te"),
            "ab[2Jcd\te"
        );
        assert!(matches!(normalize_text("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(strip_controls("x\ny\u{1b}z"), "x yz");
    }

    #[test]
    fn terminal_output_shows_escapes() {
        let t = "\u{1b}]0;owned\u{7}\u{1b}[2J title\u{9b}";
        let safe = terminal_safe(t);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe}");
        assert_eq!(safe, "\\e]0;owned\\a\\e[2J title\\u{9b}");
        assert_eq!(terminal_safe("ok\n"), "ok\n");
    }

    #[test]
    fn nesting_is_measured_and_limited() {
        assert_eq!(
            html_depth("<div><p>a<p>b<div>c</div></div><br><img src=x/>"),
            2
        );
        let deep = "<div>".repeat(10) + "x" + &"</div>".repeat(10);
        assert_eq!(html_depth(&deep), 10);
        let limited = limit_html_depth(&deep, 4);
        assert_eq!(html_depth(&limited), 4);
        assert_eq!(limited.matches("&lt;div>").count(), 6);
        assert_eq!(limited.matches("&lt;/div>").count(), 6);
        assert!(matches!(limit_html_depth(&deep, 10), Cow::Borrowed(_)));
    }

    #[test]
    fn comments_and_stray_brackets_are_not_tags() {
        assert_eq!(html_depth("<!-- <div><div> --> a < b <3 <div>x</div>"), 1);
        assert_eq!(html_depth("<div"), 0);
    }

    #[test]
    fn a_day_is_read_in_each_written_form_and_nothing_else() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 4, 1);
        for text in [
            "2024-04-01",
            "2024/04/01",
            "1 April 2024",
            "Apr 1, 2024",
            "April 1 2024",
        ] {
            assert_eq!(parse_day(text), day, "{text}");
        }
        for text in ["Q2", "next sprint", "2024-04-01 extra", ""] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }
}
