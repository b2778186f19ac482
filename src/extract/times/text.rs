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
    /// A section label for provenance: a heading, a setext heading, or a label line such as
    /// `>Issue Summary:` or `**Timeline:**`.
    pub section: bool,
    /// Inside a fenced code block (log output, commands).
    pub code: bool,
    /// A quoted chat transcript line (`> name [1:26 PM]`).
    pub quoted: bool,
}

static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[>\s]*\p{Lu}[\p{L} /&()'-]{1,48}:$").unwrap());
static CHAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^>+\s*[\w .@'-]{1,40}?\s*\[\s*\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?\s*\]").unwrap()
});
/// A pasted log line: a timestamp with seconds at its start and a level or process id.
static LOG_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[?(?:\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2})\S*\s.*(?:\b(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|CRIT|CRITICAL|TRACE|NOTICE|LOG|PANIC|error|warn|info|debug)\b|\[\d+\])").unwrap()
});
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|\|)").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^<>]*>").unwrap());
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").unwrap());
static LINK_TARGET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\]\([^)]*\)").unwrap());
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r":[a-z0-9_+-]*[a-z_][a-z0-9_+-]*:").unwrap());
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:nbsp|emsp|ensp|thinsp|#160|#8195);").unwrap());

/// Cleans one raw line.
pub fn clean(raw: &str) -> String {
    let s = TAG.replace_all(raw, " ");
    let s = LINK_TARGET.replace_all(&s, "]");
    let s = URL.replace_all(&s, " ");
    let s = SHORTCODE.replace_all(&s, " ");
    let mut s = ENTITY.replace_all(&s, " ").into_owned();
    // In this order; most lines hold none of these, and a replace copies the line.
    if s.contains('&') {
        for (from, to) in [
            ("&mdash;", "—"),
            ("&ndash;", "–"),
            ("&amp;", "&"),
            ("&#39;", "'"),
            ("&quot;", "\""),
        ] {
            if s.contains(from) {
                s = s.replace(from, to);
            }
        }
    }
    if s.contains(['*', '`', '\t']) {
        s = s.replace(['*', '`', '\t'], " ");
    }
    if s.contains("__") {
        s = s.replace("__", " ");
    }
    if s.contains('\u{a0}') {
        s = s.replace('\u{a0}', " ");
    }
    s
}

/// The body's lines, cleaned. Fences are honoured unless most of the document is fenced (a
/// whole postmortem pasted inside ``` is still the postmortem).
pub fn prepare(body: &str, line_offset: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, raw) in body.lines().enumerate() {
        let t = raw
            .trim_start()
            .trim_start_matches(|c: char| c == '>' || c.is_whitespace());
        // ```cat log``` on one line is inline code, not a fence.
        let one_line = t.len() > 6 && t.starts_with("```") && t.trim_end().ends_with("```");
        let marker = if one_line {
            None
        } else if t.starts_with("```") {
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
        let quoted = CHAT.is_match(raw.trim_start());
        let text = field_row(&clean(raw));
        let section = heading || LABEL_LINE.is_match(text.trim());
        lines.push(Line {
            file_line: i + 1 + line_offset,
            text,
            heading,
            section,
            code,
            quoted,
        });
    }
    // Setext headings: a text line underlined with `===` or `---`.
    for i in 1..lines.len() {
        let u = lines[i].text.trim();
        let underline =
            u.len() >= 3 && (u.chars().all(|c| c == '=') || u.chars().all(|c| c == '-'));
        if underline && !lines[i - 1].text.trim().is_empty() && !lines[i - 1].code {
            lines[i - 1].heading = true;
            lines[i - 1].section = true;
        }
    }
    mark_excerpts(body, &mut lines);
    join_wrapped(body, &mut lines);
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

/// A two-cell table row whose first cell names a field (`| End | 10:58 UTC |`) reads as a label
/// line (`End: 10:58 UTC`), so a table of facts gives its times like a list of labels does. A
/// first cell with digits is a timeline row's time, not a name.
fn field_row(line: &str) -> String {
    let t = line.trim();
    let Some(inner) = t.strip_prefix('|').and_then(|r| r.strip_suffix('|')) else {
        return line.to_string();
    };
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    let [name, value] = cells.as_slice() else {
        return line.to_string();
    };
    let is_name = name.split_whitespace().count() <= 4
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(|c| c.is_ascii_digit() || c == ':');
    if is_name && !value.is_empty() && !value.starts_with('-') {
        format!("{name}: {value}")
    } else {
        line.to_string()
    }
}

/// A hard-wrapped line runs close to the wrap width; a shorter line ends where its author
/// ended it (a header field, a signature, a line of its own).
const WRAPPED_MIN_CHARS: usize = 50;

/// The wrap split a time range or a share: the line ends on a time or a date and the next goes
/// on with `to ...`, the line ends on `from`/`between`/`by`/`at` and the next gives the time
/// (`noon` too: alone on its line it would read as a timeline entry), or the line ends on
/// `N% of` and the next says of what.
static RANGE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\d(?::\d{2})?\s*(?i:am|pm|a\.m\.|p\.m\.)?|\b[A-Z]{1,4}T|\d{4}),?$").unwrap()
});
static RANGE_GOES_ON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:to|until|till|through)\s").unwrap());
static RANGE_OPENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:from|between|since|at|by|around|about|approximately|until|till|before|after)$",
    )
    .unwrap()
});
static TIME_OPENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:\d|noon\b|midnight\b)").unwrap());
static SHARE_OPENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\d\s?(?:%|percent)\s+of$").unwrap());

fn splits_a_range(above: &str, below: &str) -> bool {
    let above = above.trim_end();
    let below = below.trim_start();
    if below.starts_with(['-', '*', '+', '|', '#', '>']) {
        return false;
    }
    (RANGE_END.is_match(above) && RANGE_GOES_ON.is_match(below))
        || (RANGE_OPENS.is_match(above) && TIME_OPENS.is_match(below))
        || SHARE_OPENS.is_match(above)
}

/// A time range or a share hard-wrapped over two lines (`... from 9:10 am` / `to 11:25 am EDT`) is read
/// as one line: the text of the lines below is moved up to the line the sentence starts on, and
/// they are left blank. Only a split range or share is joined; other wrapped lines stay as they are.
fn join_wrapped(body: &str, lines: &mut [Line]) {
    let raws: Vec<&str> = body.lines().collect();
    let plain = |l: &Line| !l.code && !l.heading && !l.section && !l.quoted;
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len()
            && plain(&lines[i])
            && plain(&lines[j])
            && !lines[j].text.trim().is_empty()
            && !raws[i].trim_start().starts_with('|')
            && splits_a_range(raws[j - 1], raws[j])
            && raws[j - 1].trim().chars().count() >= WRAPPED_MIN_CHARS
            && !lines[i]
                .text
                .trim_end()
                .ends_with(['.', '!', '?', ':', ';'])
            && !lines[i].text.trim().is_empty()
        {
            let next = std::mem::take(&mut lines[j].text);
            let text = &mut lines[i].text;
            text.truncate(text.trim_end().len());
            text.push(' ');
            text.push_str(next.trim_start());
            j += 1;
        }
        i = j;
    }
}

/// Log excerpts outside fences are code too: indented code blocks (four spaces after a blank
/// line, not a list's continuation) and pasted log lines.
fn mark_excerpts(body: &str, lines: &mut [Line]) {
    let mut after_blank = false;
    let mut in_list = false;
    let mut in_block = false;
    for (raw, line) in body.lines().zip(lines.iter_mut()) {
        if raw.trim().is_empty() {
            after_blank = true;
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let indented = (indent >= 4 || raw.starts_with('\t')) && !LIST_ITEM.is_match(raw);
        in_block = indented && !line.code && (in_block || (after_blank && !in_list));
        if in_block || (!line.code && LOG_LINE.is_match(raw)) {
            line.code = true;
        }
        if !indented {
            in_list = LIST_ITEM.is_match(raw);
        } else if LIST_ITEM.is_match(raw) {
            in_list = true;
        }
        after_blank = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_cell_row_naming_a_field_is_a_label_line() {
        assert_eq!(field_row("| End | 10:58 UTC |"), "End: 10:58 UTC");
        assert_eq!(
            field_row("| 09:25 | Ingress pods crash |"),
            "| 09:25 | Ingress pods crash |"
        );
        assert_eq!(field_row("|---|---|"), "|---|---|");
        assert_eq!(field_row("| a | b | c |"), "| a | b | c |");
    }

    #[test]
    fn markup_is_removed() {
        assert_eq!(clean("- **16:58 UTC** - x").trim(), "-   16:58 UTC   - x");
        assert!(clean("<li><strong>10:30 AM:</strong>Issue</li>").contains("10:30 AM:"));
        assert!(!clean("see [PR](https://x.org/2016-02-24-a) now").contains("2016"));
        assert!(clean("at 11:23:45 PM").contains("11:23:45"));
        assert!(
            clean("<p>&emsp;:small_orange_diamond:Start Time: Jan 1</p>")
                .contains(" Start Time: Jan 1")
        );
    }

    #[test]
    fn chat_lines_are_quoted_but_blockquote_labels_are_not() {
        let l = prepare(
            ">liggitt [6:27 AM]\n> Duration: June 25, 2023, 10:00 AM - 12:30 PM\n",
            0,
        );
        assert!(l[0].quoted && !l[1].quoted);
    }

    #[test]
    fn indented_code_and_pasted_log_lines_are_code() {
        let l = prepare(
            "Text before.\n\n    2024-03-01 10:00:00 started\n    2024-03-01 10:05:00 done\n\nAfter.\n2024-03-01 09:59:58.120 UTC [311] ERROR: lost connection\nMore prose.\nAnd more.\nStill prose.\n",
            0,
        );
        assert!(!l[0].code && l[2].code && l[3].code && !l[5].code && l[6].code && !l[7].code);
    }

    #[test]
    fn short_lines_and_label_fields_are_not_joined() {
        let l = prepare(
            "Date: 2024-03-02 from 10:00\nDuration: 2 hours\nThe outage began on the morning of the sale when a long line wraps\nStart Time: 10:05 UTC\n",
            0,
        );
        assert_eq!(l[0].text, "Date: 2024-03-02 from 10:00");
        assert_eq!(l[1].text, "Duration: 2 hours");
        assert_eq!(l[3].text, "Start Time: 10:05 UTC");
        let l = prepare("- 5:50am - ran the script on the container to test it and then did a reset\n- 5:53am - up again\n", 0);
        assert!(l[1].text.contains("5:53"));
        let l = prepare("- Impact: a two-hour outage of order placement; approximately 50% of\n  orders failed.\n", 0);
        assert!(
            l[0].text.ends_with("50% of orders failed."),
            "{}",
            l[0].text
        );
    }

    #[test]
    fn a_time_range_split_by_a_hard_wrap_is_one_line() {
        let l = prepare(
            "The problem lasted two hours and fifteen minutes, from 9:10 am\nto 11:25 am EDT, and hit most visitors.\nNext sentence.\n- 09:04 - a change\n- 09:10 - errors\n",
            4,
        );
        assert_eq!(
            l[0].text,
            "The problem lasted two hours and fifteen minutes, from 9:10 am to 11:25 am EDT, and hit most visitors."
        );
        assert_eq!(l[0].file_line, 5);
        assert!(l[1].text.is_empty());
        assert_eq!(l[2].text, "Next sentence.");
        assert!(l[3].text.contains("09:04") && l[4].text.contains("09:10"));
    }

    #[test]
    fn a_time_wrapped_away_from_its_preposition_is_one_line() {
        let l = prepare(
            "At 10am ET push notifications stopped being sent. We got them flowing again by\nnoon.\n",
            0,
        );
        assert!(l[0].text.ends_with("again by noon."), "{l:?}");
        assert!(l[1].text.is_empty());
    }

    #[test]
    fn nested_list_items_and_timeline_rows_are_not_code() {
        let l = prepare(
            "- 10:00 alert fired\n\n    - 10:05 paged the on-call\n\n| 2024-03-01 10:00:00 | started |\n- 2024-03-01 10:07:00 INFO line quoted in a bullet\n",
            0,
        );
        assert!(l.iter().all(|l| !l.code), "{l:?}");
    }

    #[test]
    fn fences_are_code_unless_they_hold_the_whole_document() {
        let l = prepare("# A\ntext\nmore\n```\n2019/03/07 21:07:55\n```\n", 2);
        assert!(l[4].code);
        assert_eq!(l[4].file_line, 7);
        let l = prepare(
            "# A\n```cat x.log```\n\n```\n2019/03/07 21:07:55\n```\ntext\nmore\nlines\n",
            0,
        );
        assert!(l[4].code && !l[6].code);
        let l = prepare("```\n# A\nOn 13th December 2022 it broke\n```\n", 0);
        assert!(!l[2].code);
    }
}
