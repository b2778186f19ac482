//! What the load and extract stages noticed about a document and did not stop for: assumed
//! zones, disagreeing times, left-out shortcodes. `check` turns these into findings and
//! `build` prints some of them.

use serde::{Deserialize, Serialize};

/// The kind of a [`Diagnostic`]. Serialised as its stable id (`assumed-utc`), which `inspect
/// --json` shows and `check` maps to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// A time without a zone, read as UTC.
    AssumedUtc,
    /// The front matter date is not the day the start or the text gives.
    DateDiffers,
    /// Raw HTML nested deeper than the renderer follows.
    DeepNesting,
    /// Two postmortems of a site share a slug.
    DuplicateSlug,
    /// A front matter key is given twice.
    DuplicateKey,
    /// The stated duration disagrees with start and end.
    DurationMismatch,
    /// The end is before the start.
    EndBeforeStart,
    /// The document is larger than the extractor reads.
    InputLimit,
    /// The front matter does not parse or has a value of the wrong type.
    InvalidFrontMatter,
    /// A file the loader read with a problem (not UTF-8).
    LoadWarning,
    /// A permalink or alias that cannot be used.
    PageAddress,
    /// Something that looks like a time but is not one.
    UnparsedTime,
    /// A Hugo or Jekyll shortcode hindsight leaves out.
    UnsupportedShortcode,
}

impl DiagnosticKind {
    /// Every kind.
    pub const ALL: [DiagnosticKind; 13] = [
        DiagnosticKind::AssumedUtc,
        DiagnosticKind::DateDiffers,
        DiagnosticKind::DeepNesting,
        DiagnosticKind::DuplicateSlug,
        DiagnosticKind::DuplicateKey,
        DiagnosticKind::DurationMismatch,
        DiagnosticKind::EndBeforeStart,
        DiagnosticKind::InputLimit,
        DiagnosticKind::InvalidFrontMatter,
        DiagnosticKind::LoadWarning,
        DiagnosticKind::PageAddress,
        DiagnosticKind::UnparsedTime,
        DiagnosticKind::UnsupportedShortcode,
    ];

    /// The stable id (`assumed-utc`), as serialised.
    pub fn id(self) -> &'static str {
        match self {
            DiagnosticKind::AssumedUtc => "assumed-utc",
            DiagnosticKind::DateDiffers => "date-differs",
            DiagnosticKind::DeepNesting => "deep-nesting",
            DiagnosticKind::DuplicateSlug => "duplicate-slug",
            DiagnosticKind::DuplicateKey => "duplicate-key",
            DiagnosticKind::DurationMismatch => "duration-mismatch",
            DiagnosticKind::EndBeforeStart => "end-before-start",
            DiagnosticKind::InputLimit => "input-limit",
            DiagnosticKind::InvalidFrontMatter => "invalid-front-matter",
            DiagnosticKind::LoadWarning => "load-warning",
            DiagnosticKind::PageAddress => "page-address",
            DiagnosticKind::UnparsedTime => "unparsed-time",
            DiagnosticKind::UnsupportedShortcode => "unsupported-shortcode",
        }
    }

    /// The kind the model records for a problem the load stage found.
    pub fn of_load_issue(kind: crate::load::IssueKind) -> DiagnosticKind {
        use crate::load::IssueKind;
        match kind {
            IssueKind::Syntax | IssueKind::Unclosed | IssueKind::WrongType => {
                DiagnosticKind::InvalidFrontMatter
            }
            IssueKind::UnreadableTime => DiagnosticKind::UnparsedTime,
            IssueKind::DuplicateKey => DiagnosticKind::DuplicateKey,
            IssueKind::NotUtf8 => DiagnosticKind::LoadWarning,
            IssueKind::UnsupportedShortcode => DiagnosticKind::UnsupportedShortcode,
        }
    }
}

impl std::fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing a reader (and `hindsight check`) should know about a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub kind: DiagnosticKind,
    /// The problem in words, for people.
    pub message: String,
    /// File line (1-based) when known.
    pub line: Option<usize>,
    /// What to write instead, when the stage that found the problem knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_kinds_are_their_ids() {
        for k in DiagnosticKind::ALL {
            let json = serde_json::to_value(k).unwrap();
            assert_eq!(json, serde_json::Value::String(k.id().into()));
            assert_eq!(serde_json::from_value::<DiagnosticKind>(json).unwrap(), k);
        }
    }
}
