//! `incidents.json`: the facts of every incident as a data export. The long per-document
//! detail `hindsight inspect --json` adds (timeline, action items, sections, provenance,
//! category evidence, diagnostics) stays out: it is four fifths of the bytes, each page shows
//! it, `actions.json` carries the action items and `inspect --json` the rest.

use super::RenderError;
use crate::analyze::SiteModel;
use crate::extract::Incident;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The keys of an incident `incidents.json` keeps, each as `inspect --json` prints it.
pub const EXPORTED_FIELDS: &[&str] = &[
    "source",
    "slug",
    "title",
    "date",
    "start",
    "end",
    "duration_minutes",
    "impact_percent",
    "impact",
    "severity",
    "summary",
    "root_cause",
    "root_cause_detail",
    "trigger",
    "category",
    "components",
    "tags",
    "authors",
    "detection",
    "escalation",
    "resolution",
    "status",
    "detected_at",
    "resolved_at",
    "draft",
    "permalink",
    "aliases",
    "extra",
];

/// One incident of the export: [`EXPORTED_FIELDS`] of [`Incident`], plus its page's URL.
#[derive(Serialize)]
struct Exported<'a> {
    source: &'a str,
    slug: &'a str,
    title: &'a Option<String>,
    date: &'a Option<NaiveDate>,
    start: &'a Option<DateTime<FixedOffset>>,
    end: &'a Option<DateTime<FixedOffset>>,
    duration_minutes: &'a Option<f64>,
    impact_percent: &'a Option<f64>,
    impact: &'a Option<String>,
    severity: &'a Option<String>,
    summary: &'a Option<String>,
    root_cause: &'a Option<String>,
    root_cause_detail: &'a Option<String>,
    trigger: &'a Option<String>,
    category: &'a Option<String>,
    components: &'a [String],
    tags: &'a [String],
    authors: &'a [String],
    detection: &'a Option<String>,
    escalation: &'a Option<String>,
    resolution: &'a Option<String>,
    status: &'a Option<String>,
    detected_at: &'a Option<DateTime<FixedOffset>>,
    resolved_at: &'a Option<DateTime<FixedOffset>>,
    draft: bool,
    permalink: &'a Option<String>,
    aliases: &'a [String],
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// The incident's page, as an absolute path of the site (`/pm/incidents/tls-expiry/`).
    url: String,
}

impl<'a> Exported<'a> {
    fn new(inc: &'a Incident, base_path: &str) -> Self {
        Exported {
            source: &inc.source,
            slug: &inc.slug,
            title: &inc.title,
            date: &inc.date,
            start: &inc.start,
            end: &inc.end,
            duration_minutes: &inc.duration_minutes,
            impact_percent: &inc.impact_percent,
            impact: &inc.impact,
            severity: &inc.severity,
            summary: &inc.summary,
            root_cause: &inc.root_cause,
            root_cause_detail: &inc.root_cause_detail,
            trigger: &inc.trigger,
            category: &inc.category,
            components: &inc.components,
            tags: &inc.tags,
            authors: &inc.authors,
            detection: &inc.detection,
            escalation: &inc.escalation,
            resolution: &inc.resolution,
            status: &inc.status,
            detected_at: &inc.detected_at,
            resolved_at: &inc.resolved_at,
            draft: inc.draft,
            permalink: &inc.permalink,
            aliases: &inc.aliases,
            extra: &inc.extra,
            url: format!("{base_path}{}", inc.page_path()),
        }
    }
}

/// `incidents.json`, compact (one line).
pub fn incidents_json(model: &SiteModel) -> Result<Vec<u8>, RenderError> {
    let base_path = model.config.base_path();
    let all: Vec<Exported> = model
        .incidents
        .iter()
        .map(|inc| Exported::new(inc, &base_path))
        .collect();
    serde_json::to_vec(&all).map_err(|e| RenderError::Io {
        path: "incidents.json".into(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_keys_are_the_listed_ones_as_inspect_prints_them() {
        let inc = Incident {
            slug: "tls-expiry".into(),
            title: Some("TLS expiry".into()),
            components: vec!["cdn".into()],
            ..Default::default()
        };
        let full = serde_json::to_value(&inc).unwrap();
        let got = serde_json::to_value(Exported::new(&inc, "/pm/")).unwrap();
        let got = got.as_object().unwrap();
        let mut keys: Vec<&str> = got.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want: Vec<&str> = EXPORTED_FIELDS.iter().copied().chain(["url"]).collect();
        want.sort_unstable();
        assert_eq!(keys, want);
        for k in EXPORTED_FIELDS {
            assert_eq!(got[*k], full[*k], "{k}");
        }
        assert_eq!(got["url"], "/pm/incidents/tls-expiry/");
    }
}
