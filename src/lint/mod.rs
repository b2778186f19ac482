//! Stage for `hindsight check`: reads extracted incidents (never the raw Markdown structure again)
//! and reports findings. Rules live in [`rules`], levels and overrides in [`levels`], output
//! formats in [`output`].

pub mod baseline;
pub mod levels;
pub mod output;
pub mod rules;
mod text;

use crate::config::CheckConfig;
use crate::extract::Incident;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use levels::{Level, LevelError, Levels};
pub use rules::{Rule, RuleInfo, RULES};

/// How bad a finding is: errors fail `check`; warnings only with `--deny warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; does not fail the check by default.
    Warning,
    /// Fails the check.
    Error,
}

impl Severity {
    /// The lower-case name used in output and settings.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule (shown and serialised as its stable id, `blameful-language`).
    pub rule: Rule,
    /// Its level after site.toml and per-file settings.
    pub severity: Severity,
    /// The file, as given or relative to the site.
    pub file: String,
    /// 1-based file line and column.
    pub line: usize,
    /// 1-based column on `line`.
    pub column: usize,
    /// What is wrong, quoting the text where it helps.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// What the check command knows about a file's front matter, beyond the Incident model.
#[derive(Debug, Clone, Default)]
pub struct FrontInfo {
    /// Keys declared in the front matter, lower-case.
    pub keys: Vec<String>,
    /// File line (1-based) of each declared top-level key.
    pub lines: BTreeMap<String, usize>,
    /// `start` / `end` as written, to report values that do not parse.
    pub start_raw: Option<String>,
    /// `end` as written.
    pub end_raw: Option<String>,
}

/// One postmortem to check.
#[derive(Debug, Clone)]
pub struct LintDoc {
    /// The extracted facts.
    pub incident: Incident,
    /// Its front matter as written.
    pub front: FrontInfo,
    /// The file on disk, to resolve relative links.
    pub path: PathBuf,
}

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// The `[check]` settings of site.toml.
    pub config: CheckConfig,
    /// "Today" and "now", passed in so the future-date rule can be tested.
    pub today: NaiveDate,
    /// The moment of the run, with the machine's offset.
    pub now: DateTime<FixedOffset>,
}

/// The whole set of postmortems a run can see: the ones to report on and the rest of the site
/// (for duplicate slugs and link targets).
pub struct LintSet<'a> {
    /// Every postmortem read.
    pub docs: &'a [LintDoc],
    /// Indexes into `docs` of the files to report on.
    pub targets: Vec<usize>,
    /// True when `docs` holds the whole site.
    pub whole_site: bool,
}

/// Runs every rule over the targets, applies site.toml and per-file levels, sorts the result.
pub fn lint(set: &LintSet, opts: &LintOptions) -> Result<Vec<Finding>, LevelError> {
    let site_levels = Levels::from_config(&opts.config.rules)?;
    let mut ctx = rules::SiteContext::new(set.docs);
    ctx.whole_site = set.whole_site;
    let mut out = Vec::new();
    for &i in &set.targets {
        let doc = &set.docs[i];
        let (file_levels, mut notes) = levels::file_levels(&doc.incident, &doc.front);
        let raw = rules::run_all(doc, &ctx, opts);
        let raw = rules::suppress_time_noise(raw);
        for mut f in raw {
            let level = file_levels
                .get(f.rule)
                .or_else(|| site_levels.get(f.rule))
                .unwrap_or(Level::Default);
            match level {
                Level::Off => continue,
                Level::Warning => f.severity = Severity::Warning,
                Level::Error => f.severity = Severity::Error,
                Level::Default => {}
            }
            out.push(f);
        }
        out.append(&mut notes);
    }
    out.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.rule).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.rule,
        ))
    });
    out.dedup();
    Ok(out)
}

/// Counts of errors and warnings.
pub fn tally(findings: &[Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}
