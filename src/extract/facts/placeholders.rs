//! Unfilled template slots: `[Insert start time with timezone]`, `[X%]`, `TBD`, `TODO`, `XX:XX`.

use crate::extract::Placeholder;
use regex::Regex;
use std::sync::LazyLock;

static SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \[(?i:insert|add|enter|describe|fill\ in|your|name\ of|link\ to|tbd|todo|placeholder)[^\]\n]{0,100}\]
        | \[(?:X+|N+|\?+|XX?:XX)(?:\s*%|\s*(?i:minutes|hours|users))?\]
        | \b(?:TBD|TODO|TBA|FIXME)\b
        | \bXX:XX\b
        | \b(?:X|XX)\s?%
        ",
    )
    .unwrap()
});

/// Every placeholder with its file line and column (both 1-based; column counts characters).
pub fn placeholders(body: &str, line_offset: usize) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        for m in SLOT.find_iter(line) {
            // `[text](url)` is a link, not a slot.
            if m.as_str().starts_with('[') && line[m.end()..].starts_with('(') {
                continue;
            }
            out.push(Placeholder {
                text: m.as_str().to_string(),
                line: i + 1 + line_offset,
                column: line[..m.start()].chars().count() + 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_with_line_and_column() {
        let p = placeholders("Start: [Insert start time with timezone]\nAbout [X%] of users, ends XX:XX.\nOwner: TBD\n[insert](http://x)\n", 3);
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.text.as_str(), p.line, p.column))
            .collect();
        assert_eq!(
            got,
            vec![
                ("[Insert start time with timezone]", 4, 8),
                ("[X%]", 5, 7),
                ("XX:XX", 5, 27),
                ("TBD", 6, 8),
            ]
        );
    }

    #[test]
    fn ordinary_text_has_none() {
        assert!(placeholders("We saw 10% errors at 10:45 and a todo list.", 0).is_empty());
    }
}
