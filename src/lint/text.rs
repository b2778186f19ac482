//! Plain-text views of a body for phrase rules: lines with file line numbers, code skipped.

/// Body lines outside fenced code blocks, with their 1-based file line numbers.
pub fn prose_lines(body: &str, line_offset: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        let marker = if t.starts_with("```") {
            Some("```")
        } else if t.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => out.push((i + 1 + line_offset, line)),
            _ => {}
        }
    }
    out
}

/// 1-based column (in characters) of byte offset `at` in `line`.
pub fn column(line: &str, at: usize) -> usize {
    line[..at.min(line.len())].chars().count() + 1
}

/// The body lines from file line `from` (exclusive) up to `to` (exclusive), as one string.
pub fn lines_between(body: &str, line_offset: usize, from: usize, to: usize) -> String {
    body.lines()
        .enumerate()
        .map(|(i, l)| (i + 1 + line_offset, l))
        .filter(|(n, _)| *n > from && *n < to)
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// File line and column of a byte offset in the body.
pub fn position(body: &str, line_offset: usize, at: usize) -> (usize, usize) {
    let at = at.min(body.len());
    let before = &body[..at];
    let line = before.matches('\n').count() + 1 + line_offset;
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_are_skipped_and_lines_offset() {
        let body = "a\n```\nhuman error\n```\nb\n";
        let lines = prose_lines(body, 3);
        assert_eq!(lines, vec![(4, "a"), (8, "b")]);
    }

    #[test]
    fn position_counts_characters() {
        assert_eq!(position("ab\né x", 0, 6), (2, 3));
    }
}
