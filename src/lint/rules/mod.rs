//! The rules. Each reads a [`LintDoc`] (the Incident model plus front matter keys) and emits
//! findings; ids are stable because teams put them in site.toml and front matter.

mod actions;
mod blame;
mod confidence;
mod fields;
mod impact;
mod links;
mod migration;
mod placeholders;
mod sections;
mod slugs;
mod times;

use super::{Finding, LintDoc, LintOptions, Severity};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// A rule as `check --list-rules` lists it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    /// Stable id, used in site.toml and front matter.
    pub id: Rule,
    /// Default level.
    pub severity: Severity,
    /// What it looks for, in one line.
    pub summary: &'static str,
}

use serde::Serialize;

use Severity::{Error, Warning};

/// Declares [`Rule`] and [`RULES`] from one table: variant = id, default level, summary.
macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $summary:literal;)*) => {
        /// A rule of `hindsight check`. Its id ([`Rule::id`]) is what users write in site.toml,
        /// front matter and baselines, and what every output format shows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $(#[doc = $summary] $variant,)*
        }

        impl Rule {
            /// The stable id (`missing-section`).
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }

        /// Every rule, in the order the docs list them.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo { id: Rule::$variant, severity: $severity, summary: $summary },)*
        ];
    };
}

rules! {
    MissingSection = "missing-section", Error, "a required section is missing";
    MissingField = "missing-field", Error, "a required front matter field is missing";
    Placeholder = "placeholder", Error, "a template placeholder was left unfilled";
    UnparsedTime = "unparsed-time", Warning, "a time or date that cannot be read";
    EndBeforeStart = "end-before-start", Error, "the incident ends before it starts";
    DurationMismatch = "duration-mismatch", Error,
        "the stated duration disagrees with start and end";
    TimelineOrder = "timeline-order", Warning, "timeline entries are out of order";
    FutureDate = "future-date", Error, "the incident is dated in the future";
    MissingTimezone = "missing-timezone", Warning, "times without a time zone (UTC assumed)";
    ActionItemOwner = "action-item-owner", Warning, "an action item has no owner";
    ActionItemStatus = "action-item-status", Warning, "an action item has no status";
    NoActionItems = "no-action-items", Error, "the postmortem has no action items";
    VagueActionItem = "vague-action-item", Warning, "an action item is not actionable";
    BlamefulLanguage = "blameful-language", Error,
        "blameful wording (human error as cause, fault, careless)";
    BlamePersonSubject = "blame-person-subject", Warning,
        "a person is the subject of what went wrong";
    ShouldHave = "should-have", Warning, "counterfactual \"should have\" about people";
    ImpactNoNumber = "impact-no-number", Warning, "impact is stated without a number";
    DuplicateSlug = "duplicate-slug", Error, "two postmortems share a slug";
    BrokenLink = "broken-link", Error, "a link to another postmortem points nowhere";
    InvalidFrontMatter = "invalid-front-matter", Error,
        "front matter that does not parse, never closes, or has a value of the wrong type";
    DuplicateKey = "duplicate-key", Warning,
        "a front matter key given twice (the last value is used)";
    DateDiffers = "date-differs", Warning,
        "the front matter date differs from the day the text gives";
    LowConfidence = "low-confidence", Warning,
        "a fact on the card was read from the text with low confidence and is not declared";
    NotText = "not-text", Warning, "a .md file that is not text (an image, binary data) is skipped";
    CheckConfig = "check-config", Warning, "per-file check settings name unknown rules or levels";
    UnsupportedShortcode = "unsupported-shortcode", Warning,
        "a Hugo shortcode or Liquid tag hindsight leaves out";
    PageAddress = "page-address", Warning, "a permalink or alias that cannot be used";
}

impl Rule {
    /// The rule with this id, as a user writes it.
    pub fn from_id(id: &str) -> Option<Rule> {
        RULES.iter().map(|r| r.id).find(|r| r.id() == id)
    }

    /// Its level and summary.
    pub fn info(self) -> &'static RuleInfo {
        RULES
            .iter()
            .find(|r| r.id == self)
            .expect("every rule is in RULES (the same macro makes both)")
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Findings sort by rule id, as they did when ids were strings.
impl Ord for Rule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id().cmp(other.id())
    }
}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Facts about the whole set of postmortems: slugs and files, for cross-file rules.
pub struct SiteContext {
    /// slug -> files using it.
    pub slugs: HashMap<String, Vec<String>>,
    /// Canonical paths of every known postmortem.
    pub files: Vec<PathBuf>,
    /// True when every postmortem of the site is known, so an unknown slug is really missing.
    pub whole_site: bool,
}

impl SiteContext {
    /// The slugs and files of `docs` (`whole_site` is set by the caller).
    pub fn new(docs: &[LintDoc]) -> Self {
        let mut slugs: HashMap<String, Vec<String>> = HashMap::new();
        for d in docs {
            slugs
                .entry(d.incident.slug.clone())
                .or_default()
                .push(d.incident.source.clone());
        }
        let files = docs
            .iter()
            .map(|d| d.path.canonicalize().unwrap_or_else(|_| d.path.clone()))
            .collect();
        SiteContext {
            slugs,
            files,
            whole_site: false,
        }
    }
}

/// Builds findings for one document with the rule's default severity.
pub(crate) struct Emit<'a> {
    pub file: &'a str,
    pub out: Vec<Finding>,
}

impl Emit<'_> {
    pub fn push(
        &mut self,
        rule: Rule,
        (line, column): (usize, usize),
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let severity = rule.info().severity;
        self.out.push(Finding {
            rule,
            severity,
            file: self.file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: hint.into(),
        });
    }
}

/// Every rule on one document, at default levels.
pub fn run_all(doc: &LintDoc, ctx: &SiteContext, opts: &LintOptions) -> Vec<Finding> {
    let mut e = Emit {
        file: &doc.incident.source,
        out: Vec::new(),
    };
    fields::check(doc, opts, &mut e);
    sections::check(doc, opts, &mut e);
    placeholders::check(doc, &mut e);
    times::check(doc, opts, &mut e);
    actions::check(doc, &mut e);
    blame::check(doc, opts, &mut e);
    impact::check(doc, &mut e);
    confidence::check(doc, &mut e);
    links::check(doc, ctx, &mut e);
    slugs::check(doc, ctx, &mut e);
    migration::check(doc, &mut e);
    e.out
}

/// A time finding on a line that holds an unfilled placeholder repeats the placeholder finding.
pub fn suppress_time_noise(findings: Vec<Finding>) -> Vec<Finding> {
    let placeholder_lines: BTreeMap<usize, ()> = findings
        .iter()
        .filter(|f| f.rule == Rule::Placeholder)
        .map(|f| (f.line, ()))
        .collect();
    findings
        .into_iter()
        .filter(|f| {
            !(matches!(
                f.rule,
                Rule::UnparsedTime
                    | Rule::MissingTimezone
                    | Rule::TimelineOrder
                    | Rule::ImpactNoNumber
            ) && placeholder_lines.contains_key(&f.line))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Hand-built documents for rule unit tests.
    pub use super::Rule;
    use super::*;
    use crate::config::CheckConfig;
    use crate::extract::Incident;
    pub use crate::extract::{DiagnosticKind, Field, Origin, SectionKind};
    use crate::lint::FrontInfo;
    use chrono::{NaiveDate, TimeZone, Utc};

    pub fn doc(body: &str) -> LintDoc {
        LintDoc {
            incident: Incident {
                source: "t.md".into(),
                slug: "t".into(),
                body: body.into(),
                ..Default::default()
            },
            front: FrontInfo::default(),
            path: PathBuf::from("t.md"),
        }
    }

    pub fn opts() -> LintOptions {
        LintOptions {
            config: CheckConfig::default(),
            today: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            now: Utc
                .with_ymd_and_hms(2025, 1, 1, 12, 0, 0)
                .unwrap()
                .fixed_offset(),
        }
    }

    pub fn run(doc: &LintDoc) -> Vec<Finding> {
        run_all(doc, &SiteContext::new(std::slice::from_ref(doc)), &opts())
    }

    /// The findings of one rule.
    pub fn only(findings: &[Finding], rule: Rule) -> Vec<Finding> {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .cloned()
            .collect()
    }

    pub fn ids(findings: &[Finding], rule: Rule) -> usize {
        findings.iter().filter(|f| f.rule == rule).count()
    }
}
