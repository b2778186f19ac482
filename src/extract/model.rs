//! The Incident model: every fact hindsight knows about one postmortem, each optional, with the
//! place it came from. Later stages read only this.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Incident {
    /// The path as given on the command line, or relative to the site root.
    pub source: String,
    pub slug: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    /// Times keep the offset the document states (10:00 EAT stays +03:00).
    pub start: Option<DateTime<FixedOffset>>,
    pub end: Option<DateTime<FixedOffset>>,
    pub duration_minutes: Option<f64>,
    /// Share of users (or requests) affected, 0-100.
    pub impact_percent: Option<f64>,
    pub impact: Option<String>,
    pub severity: Option<String>,
    pub summary: Option<String>,
    /// The sentence or two that state the cause (at most 300 characters).
    pub root_cause: Option<String>,
    /// The fuller text around it (its section), for the incident page.
    pub root_cause_detail: Option<String>,
    pub trigger: Option<String>,
    /// Primary root-cause category slug.
    pub category: Option<String>,
    /// Every category with evidence, primary first.
    pub categories: Vec<CategoryEvidence>,
    pub components: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub detection: Option<String>,
    pub timeline: Vec<TimelineEntry>,
    pub misleading_paths: Vec<String>,
    pub escalation: Option<String>,
    pub resolution: Option<String>,
    pub action_items: Vec<ActionItem>,
    pub lessons: Lessons,
    /// draft, in review, reviewed, closed.
    pub status: Option<String>,
    pub detected_at: Option<DateTime<FixedOffset>>,
    pub resolved_at: Option<DateTime<FixedOffset>>,
    /// Unfilled template slots such as `[Insert start time with timezone]`.
    pub placeholders: Vec<Placeholder>,
    pub draft: bool,
    /// The page's own address relative to the base path (front matter `permalink` or `url`),
    /// e.g. `2022/tls-expiry/`; None: `incidents/<slug>/`.
    pub permalink: Option<String>,
    /// Old addresses that redirect to the page (front matter `aliases`, `redirect_from`).
    pub aliases: Vec<String>,
    /// Headings of the document's sections, canonicalised where known (`root_cause`), in order.
    pub sections: Vec<SectionRef>,
    /// Where each fact came from, by field name.
    pub provenance: BTreeMap<String, Provenance>,
    /// Things a reader (and `hindsight check`) should know: assumed zones, disagreements.
    pub diagnostics: Vec<Diagnostic>,
    /// Front matter keys hindsight does not know, as written.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The Markdown body (after front matter), for rendering and search.
    #[serde(skip)]
    pub body: String,
    /// Lines before the body in the file (front matter), to report file line numbers.
    #[serde(skip)]
    pub body_line_offset: usize,
    /// Path relative to the content folder (`2023/apache.md`); empty outside a site.
    #[serde(skip)]
    pub rel_path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CategoryEvidence {
    pub slug: String,
    /// The phrase that matched, as written in the document.
    pub phrase: String,
    /// Where it was found (`root_cause`, `summary`, `body`, `front matter`).
    pub source: String,
    pub score: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TimelineEntry {
    /// The time as written (`10:05 AM`), if any.
    pub time_text: Option<String>,
    pub at: Option<DateTime<FixedOffset>>,
    pub text: String,
    /// File line (1-based).
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ActionItem {
    pub text: String,
    pub owner: Option<String>,
    pub status: Option<String>,
    pub done: Option<bool>,
    pub priority: Option<String>,
    pub due: Option<String>,
    pub ticket: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Lessons {
    pub went_well: Vec<String>,
    pub went_wrong: Vec<String>,
    pub got_lucky: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Placeholder {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SectionRef {
    /// The heading or label as written.
    pub heading: String,
    /// Canonical kind (`summary`, `root_cause`, `timeline`, ...) when recognised.
    pub kind: Option<String>,
    pub line: usize,
}

/// Below this confidence a fact read from the text is shown as unsure and `check` asks for it
/// to be declared.
pub const LOW_CONFIDENCE: f32 = 0.6;

/// The facts an incident's card shows (the date when start and end are unknown).
pub const CARD_FACTS: &[&str] = &[
    "date",
    "start",
    "end",
    "duration_minutes",
    "impact_percent",
    "impact",
    "severity",
    "root_cause",
    "category",
    "components",
];

/// Where a fact came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    /// `front_matter`, `section`, `file_name`, `title`, `text`, `derived`.
    pub from: String,
    /// The section heading when `from` is `section`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// File line (1-based) when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// How sure the extractor is of a fact read from the text, 0.0-1.0 (`None`: not rated).
    /// Declared facts are not rated: front matter is what the author says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

impl Provenance {
    pub fn front_matter() -> Self {
        Provenance {
            from: "front_matter".into(),
            section: None,
            line: None,
            confidence: None,
        }
    }
    pub fn section(section: &str, line: usize) -> Self {
        Provenance {
            from: "section".into(),
            section: Some(section.to_string()),
            line: Some(line),
            confidence: None,
        }
    }
    pub fn other(from: &str, line: Option<usize>) -> Self {
        Provenance {
            from: from.into(),
            section: None,
            line,
            confidence: None,
        }
    }
    /// The same provenance with a confidence (clamped to 0.0-1.0).
    pub fn with_confidence(mut self, confidence: f32) -> Self {
        self.confidence = Some(confidence.clamp(0.0, 1.0));
        self
    }
    /// True when the fact was read out of the text rather than declared in front matter.
    pub fn is_extracted(&self) -> bool {
        self.from != "front_matter"
    }
    /// True when the fact was read from the text with a confidence below `LOW_CONFIDENCE`.
    pub fn is_unsure(&self) -> bool {
        self.is_extracted() && self.confidence.is_some_and(|c| c < LOW_CONFIDENCE)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Diagnostic {
    /// Stable id: `assumed-utc`, `duration-mismatch`, `unparsed-time`, `end-before-start`, ...
    pub kind: String,
    pub message: String,
    pub line: Option<usize>,
    /// What to write instead, when the stage that found the problem knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Incident {
    /// The page's address relative to the site's base path: `incidents/<slug>/` or its
    /// permalink.
    pub fn page_path(&self) -> String {
        match &self.permalink {
            Some(p) => p.clone(),
            None => format!("incidents/{}/", self.slug),
        }
    }

    /// The output file of the page (`incidents/<slug>/index.html`).
    pub fn page_file(&self) -> String {
        super::address::file_of(&self.page_path())
    }

    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.slug)
    }

    pub fn set_provenance(&mut self, field: &str, p: Provenance) {
        self.provenance.insert(field.to_string(), p);
    }

    pub fn diagnose(&mut self, kind: &str, message: impl Into<String>, line: Option<usize>) {
        self.diagnostics.push(Diagnostic {
            kind: kind.into(),
            message: message.into(),
            line,
            hint: None,
        });
    }

    /// A diagnostic with advice on what to write instead.
    pub fn diagnose_with_hint(
        &mut self,
        kind: &str,
        message: impl Into<String>,
        line: Option<usize>,
        hint: impl Into<String>,
    ) {
        self.diagnose(kind, message, line);
        if let Some(d) = self.diagnostics.last_mut() {
            d.hint = Some(hint.into()).filter(|h: &String| !h.is_empty());
        }
    }
}
