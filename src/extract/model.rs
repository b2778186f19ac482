//! The Incident model: every fact hindsight knows about one postmortem, each optional, with the
//! place it came from. Later stages read only this.

use super::{Diagnostic, DiagnosticKind, Field};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One postmortem as every later stage sees it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Incident {
    /// The path as given on the command line, or relative to the site root.
    pub source: String,
    /// The page's name in URLs (`tls-expiry`), unique within a site.
    pub slug: String,
    /// The title: front matter `title`, else the first heading.
    pub title: Option<String>,
    /// The day the incident began.
    pub date: Option<NaiveDate>,
    /// Times keep the offset the document states (10:00 EAT stays +03:00).
    pub start: Option<DateTime<FixedOffset>>,
    /// When the incident ended (service restored).
    pub end: Option<DateTime<FixedOffset>>,
    /// How long it lasted: stated, or end minus start.
    pub duration_minutes: Option<f64>,
    /// Share of users (or requests) affected, 0-100.
    pub impact_percent: Option<f64>,
    /// The impact in words.
    pub impact: Option<String>,
    /// Severity as written (`SEV1`, `P2`, `major`).
    pub severity: Option<String>,
    /// A short account of what happened.
    pub summary: Option<String>,
    /// The sentence or two that state the cause (at most 300 characters).
    pub root_cause: Option<String>,
    /// The fuller text around it (its section), for the incident page.
    pub root_cause_detail: Option<String>,
    /// What set the incident off (a deploy, a traffic spike), when stated apart from the cause.
    pub trigger: Option<String>,
    /// Primary root-cause category slug.
    pub category: Option<String>,
    /// Every category with evidence, primary first.
    pub categories: Vec<CategoryEvidence>,
    /// Services and components involved, as slugs.
    pub components: Vec<String>,
    /// Labels: front matter tags and categories, plus the category and components.
    pub tags: Vec<String>,
    /// Who wrote the postmortem.
    pub authors: Vec<String>,
    /// How the incident was noticed.
    pub detection: Option<String>,
    /// The timeline's entries, in the document's order.
    pub timeline: Vec<TimelineEntry>,
    /// Leads that turned out wrong during the response.
    pub misleading_paths: Vec<String>,
    /// How the incident was escalated.
    pub escalation: Option<String>,
    /// What ended the incident.
    pub resolution: Option<String>,
    /// Follow-up work promised.
    pub action_items: Vec<ActionItem>,
    /// What went well, what went wrong, where the team got lucky.
    pub lessons: Lessons,
    /// draft, in review, reviewed, closed.
    pub status: Option<String>,
    /// When the incident was noticed.
    pub detected_at: Option<DateTime<FixedOffset>>,
    /// When the incident was resolved (often the end).
    pub resolved_at: Option<DateTime<FixedOffset>>,
    /// Unfilled template slots such as `[Insert start time with timezone]`.
    pub placeholders: Vec<Placeholder>,
    /// Marked `draft: true` (left out of builds unless `--drafts`).
    pub draft: bool,
    /// The page's own address relative to the base path (front matter `permalink` or `url`),
    /// e.g. `2022/tls-expiry/`; None: `incidents/<slug>/`.
    pub permalink: Option<String>,
    /// Old addresses that redirect to the page (front matter `aliases`, `redirect_from`).
    pub aliases: Vec<String>,
    /// Headings of the document's sections, canonicalised where known (`root_cause`), in order.
    pub sections: Vec<SectionRef>,
    /// Where each fact came from (serialised by field name).
    pub provenance: BTreeMap<Field, Provenance>,
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

/// A root-cause category with the phrase that points at it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CategoryEvidence {
    /// The category's slug in the taxonomy.
    pub slug: String,
    /// The phrase that matched, as written in the document.
    pub phrase: String,
    /// Where it was found (`root_cause`, `summary`, `body`, `front matter`).
    pub source: String,
    /// How strongly the evidence points at the category (higher is stronger).
    pub score: f64,
}

/// One line of the timeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TimelineEntry {
    /// The time as written (`10:05 AM`), if any.
    pub time_text: Option<String>,
    /// The time read from it, when hindsight could place it.
    pub at: Option<DateTime<FixedOffset>>,
    /// What happened, without the time.
    pub text: String,
    /// File line (1-based).
    pub line: usize,
}

/// A follow-up promised in the postmortem.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ActionItem {
    /// What will be done.
    pub text: String,
    /// Who owns it (`@platform`), as written.
    pub owner: Option<String>,
    /// Its status as written (`open`, `done`, `in progress`).
    pub status: Option<String>,
    /// True when the status or a checked box says it is done; None when unknown.
    pub done: Option<bool>,
    /// Priority as written (`P1`, `high`).
    pub priority: Option<String>,
    /// Due date as written.
    pub due: Option<String>,
    /// Ticket id or link (`JIRA-123`).
    pub ticket: Option<String>,
    /// File line (1-based).
    pub line: usize,
}

/// The lessons sections of a postmortem, item by item.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Lessons {
    /// "What went well".
    pub went_well: Vec<String>,
    /// "What went wrong".
    pub went_wrong: Vec<String>,
    /// "Where we got lucky".
    pub got_lucky: Vec<String>,
}

/// An unfilled template slot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Placeholder {
    /// The slot as written.
    pub text: String,
    /// File line (1-based).
    pub line: usize,
    /// Column (1-based, in characters).
    pub column: usize,
}

/// One section heading of the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SectionRef {
    /// The heading or label as written.
    pub heading: String,
    /// Canonical kind (`summary`, `root_cause`, `timeline`, ...) when recognised.
    pub kind: Option<super::SectionKind>,
    /// File line (1-based).
    pub line: usize,
}

/// The category the extractor gives a document whose cause fits none of the taxonomy's.
pub const UNKNOWN_CATEGORY: &str = "unknown";

/// Below this confidence a fact read from the text is shown as unsure and `check` asks for it
/// to be declared.
pub const LOW_CONFIDENCE: f32 = 0.6;

/// The facts an incident's card shows (the date when start and end are unknown).
pub const CARD_FACTS: &[Field] = &[
    Field::Date,
    Field::Start,
    Field::End,
    Field::DurationMinutes,
    Field::ImpactPercent,
    Field::Impact,
    Field::Severity,
    Field::RootCause,
    Field::Category,
    Field::Components,
];

/// Where a fact was read: serialised as `front_matter`, `section`, `file_name`, `title`,
/// `text` or `derived`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Declared by the author in front matter.
    FrontMatter,
    /// Read from a section of the body (its heading is in [`Provenance::section`]).
    Section,
    /// The date prefix of the file name (`2024-03-12-...`).
    FileName,
    /// The document's first heading.
    Title,
    /// Read from the text outside any known section.
    Text,
    /// Worked out from other facts (end minus start).
    Derived,
}

impl Origin {
    /// The serialised name (`front_matter`).
    pub fn name(self) -> &'static str {
        match self {
            Origin::FrontMatter => "front_matter",
            Origin::Section => "section",
            Origin::FileName => "file_name",
            Origin::Title => "title",
            Origin::Text => "text",
            Origin::Derived => "derived",
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a fact came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    /// What kind of place the fact was read from.
    pub from: Origin,
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
    /// A fact the front matter declares.
    pub fn front_matter() -> Self {
        Provenance {
            from: Origin::FrontMatter,
            section: None,
            line: None,
            confidence: None,
        }
    }
    /// A fact read under the heading `section`, at file line `line`.
    pub fn section(section: &str, line: usize) -> Self {
        Provenance {
            from: Origin::Section,
            section: Some(section.to_string()),
            line: Some(line),
            confidence: None,
        }
    }
    /// A fact from anywhere else, at a file line when known.
    pub fn other(from: Origin, line: Option<usize>) -> Self {
        Provenance {
            from,
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
        self.from != Origin::FrontMatter
    }
    /// True when the fact was read from the text with a confidence below `LOW_CONFIDENCE`.
    pub fn is_unsure(&self) -> bool {
        self.is_extracted() && self.confidence.is_some_and(|c| c < LOW_CONFIDENCE)
    }
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

    /// The root-cause category, unless it is none or [`UNKNOWN_CATEGORY`].
    pub fn known_category(&self) -> Option<&str> {
        self.category.as_deref().filter(|c| *c != UNKNOWN_CATEGORY)
    }

    /// The title, or the slug when the document has none.
    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.slug)
    }

    /// Records where `field` came from (replacing what was recorded before).
    pub fn set_provenance(&mut self, field: Field, p: Provenance) {
        self.provenance.insert(field, p);
    }

    /// Records a problem with the document.
    pub fn diagnose(
        &mut self,
        kind: DiagnosticKind,
        message: impl Into<String>,
        line: Option<usize>,
    ) {
        self.diagnostics.push(Diagnostic {
            kind,
            message: message.into(),
            line,
            hint: None,
        });
    }

    /// A diagnostic with advice on what to write instead.
    pub fn diagnose_with_hint(
        &mut self,
        kind: DiagnosticKind,
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
