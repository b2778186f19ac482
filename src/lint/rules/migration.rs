//! `unsupported-shortcode` and `page-address`: what a Hugo or Jekyll postmortem asks for that
//! the site will not have (a shortcode left out, a permalink or alias that cannot be used).

use super::{Emit, Rule};
use crate::extract::DiagnosticKind;
use crate::lint::LintDoc;

pub fn check(doc: &LintDoc, e: &mut Emit) {
    for d in &doc.incident.diagnostics {
        let (rule, hint) = match d.kind {
            DiagnosticKind::UnsupportedShortcode => (
                Rule::UnsupportedShortcode,
                "write it as Markdown (an image, a link, a fenced code block), or leave it: its inner text is kept",
            ),
            DiagnosticKind::PageAddress => (
                Rule::PageAddress,
                "pick an address outside hindsight's own folders (tags/, services/, categories/, search/, trends/, files/) that no other page uses",
            ),
            _ => continue,
        };
        e.push(rule, (d.line.unwrap_or(1), 1), d.message.clone(), hint);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn left_out_shortcodes_are_warnings_at_their_line() {
        let mut d = doc("");
        d.incident.diagnose(
            DiagnosticKind::UnsupportedShortcode,
            "Hugo shortcode `youtube` ...",
            Some(7),
        );
        let f = run(&d);
        let found = only(&f, Rule::UnsupportedShortcode);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 7);
        assert_eq!(found[0].severity, crate::lint::Severity::Warning);
    }
}
