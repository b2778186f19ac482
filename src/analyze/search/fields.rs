//! What of an incident is searchable, and how much each part counts.

use crate::extract::Incident;
use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, TagEnd};

/// Analysed text fields, in index order. The order is part of the static index format.
pub const TEXT_FIELDS: [&str; 5] = ["title", "cause", "summary", "labels", "body"];
/// BM25 boost per text field (title and root cause count most, the body least).
pub const BOOSTS: [f64; 5] = [3.0, 2.5, 1.5, 1.5, 1.0];
/// How many text fields there are (the length of per-field arrays).
pub const N_FIELDS: usize = TEXT_FIELDS.len();

/// Exact-match keyword fields (`category:database`) and their CLI/URL names.
pub const FACETS: [&str; 4] = ["category", "component", "tag", "severity"];

/// One incident as the search indexes see it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    /// Position in the site's order (newest first); ties in score go to the lower `ord`.
    pub ord: u32,
    /// Its slug (URL path segment).
    pub slug: String,
    /// Its title as shown.
    pub title: String,
    /// Its day: the stated date, else the day it started.
    pub date: Option<NaiveDate>,
    /// How long it lasted, if known (the "longest" order).
    pub duration_minutes: Option<f64>,
    /// Root-cause category as a facet value.
    pub category: Option<String>,
    /// Affected components as facet values.
    pub components: Vec<String>,
    /// Tags as facet values.
    pub tags: Vec<String>,
    /// Severity as written, lower-cased (`sev1`, `p2`, `major`).
    pub severity: Option<String>,
    /// Severity as written, for display.
    pub severity_label: Option<String>,
    /// Text of each of [`TEXT_FIELDS`].
    pub texts: [String; N_FIELDS],
}

impl SearchDoc {
    /// A document with no facets, only `texts`: the fixture of the search tests.
    #[cfg(test)]
    pub(crate) fn with_texts(ord: u32, slug: &str, title: &str, texts: [String; N_FIELDS]) -> Self {
        SearchDoc {
            ord,
            slug: slug.into(),
            title: title.into(),
            date: None,
            duration_minutes: None,
            category: None,
            components: vec![],
            tags: vec![],
            severity: None,
            severity_label: None,
            texts,
        }
    }

    /// The searchable parts of `inc`, which is number `ord` in site order.
    pub fn from_incident(ord: u32, inc: &Incident) -> SearchDoc {
        SearchDoc::from_source(ord, &SearchSource::of(inc))
    }

    /// The document of `src`, number `ord` in site order: made from nothing else.
    fn from_source(ord: u32, src: &SearchSource) -> SearchDoc {
        let mut labels: Vec<String> = src.category.iter().map(|c| c.to_string()).collect();
        labels.extend(src.components.iter().cloned());
        labels.extend(src.tags.iter().cloned());
        SearchDoc {
            ord,
            slug: src.slug.to_string(),
            title: src.title.to_string(),
            date: src.date,
            duration_minutes: src.duration_minutes.map(f64::from_bits),
            category: src.category.map(facet_value),
            components: src.components.iter().map(|c| facet_value(c)).collect(),
            tags: src.tags.iter().map(|c| facet_value(c)).collect(),
            severity: src.severity.map(facet_value),
            severity_label: src.severity.map(str::to_string),
            texts: [
                src.title.to_string(),
                src.root_cause.unwrap_or_default().to_string(),
                src.summary.unwrap_or_default().to_string(),
                labels.join(" "),
                markdown_text(src.body),
            ],
        }
    }

    /// The values of facet `name` (one of [`FACETS`]).
    pub fn facet(&self, name: &str) -> Vec<&str> {
        match name {
            "category" => self.category.iter().map(|s| s.as_str()).collect(),
            "component" => self.components.iter().map(|s| s.as_str()).collect(),
            "severity" => self.severity.iter().map(|s| s.as_str()).collect(),
            _ => self.tags.iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// Everything of an incident that its [`SearchDoc`] is made from, and nothing more: hashed, it
/// keys the published copy of the document (`search/d/`), so an unchanged incident's copy is
/// reused without parsing its Markdown again.
#[derive(Debug, serde::Serialize)]
pub struct SearchSource<'a> {
    slug: &'a str,
    title: &'a str,
    /// The stated date, else the day it started.
    date: Option<NaiveDate>,
    /// As bits, so every value (NaN too) keys apart.
    duration_minutes: Option<u64>,
    category: Option<&'a str>,
    components: &'a [String],
    tags: &'a [String],
    severity: Option<&'a str>,
    root_cause: Option<&'a str>,
    summary: Option<&'a str>,
    body: &'a str,
}

impl<'a> SearchSource<'a> {
    /// What `inc`'s search document is made from.
    pub fn of(inc: &'a Incident) -> SearchSource<'a> {
        SearchSource {
            slug: &inc.slug,
            title: inc.display_title(),
            date: inc.date.or_else(|| inc.start.map(|s| s.date_naive())),
            duration_minutes: inc.duration_minutes.map(f64::to_bits),
            category: inc.category.as_deref(),
            components: &inc.components,
            tags: &inc.tags,
            severity: inc.severity.as_deref(),
            root_cause: inc.root_cause.as_deref(),
            summary: inc.summary.as_deref(),
            body: &inc.body,
        }
    }
}

/// Facet values match exactly, but case-blind.
pub fn facet_value(v: &str) -> String {
    v.trim().to_lowercase()
}

/// Ends a heading in [`markdown_text`] (other blocks end with `\n`), so snippets can show
/// headings apart from the text after them. It is whitespace, so analysis does not see it.
pub const HEADING_END: char = '\u{2029}';

/// The readable text of a Markdown body: text and code, blocks separated by newlines.
pub fn markdown_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new_ext(md, pulldown_cmark::Options::all()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Heading(_)) => out.push(HEADING_END),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{SearchDoc, SearchSource};
    use crate::extract::Incident;

    #[test]
    fn the_source_changes_whenever_the_document_does() {
        let base = Incident {
            slug: "a".into(),
            title: Some("Proxy timeouts".into()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 2),
            duration_minutes: Some(12.0),
            category: Some("config".into()),
            components: vec!["nginx".into()],
            tags: vec!["web".into()],
            severity: Some("SEV2".into()),
            root_cause: Some("A low timeout.".into()),
            summary: Some("Slow pages.".into()),
            body: "## What happened\n\nIt was *slow*.\n".into(),
            ..Default::default()
        };
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-03T10:00:00+01:00").ok();
        let edits: Vec<fn(&mut Incident)> = vec![
            |i| i.slug = "b".into(),
            |i| i.title = None,
            |i| i.date = None,
            |i| i.duration_minutes = Some(f64::NAN),
            |i| i.duration_minutes = None,
            |i| i.category = None,
            |i| i.components.push("mysql".into()),
            |i| i.tags.clear(),
            |i| i.severity = Some("sev2".into()),
            |i| i.root_cause = None,
            |i| i.summary = Some("Slow.".into()),
            |i| i.body.push_str("More.\n"),
            |i| i.root_cause_detail = Some("not searched".into()),
            |i| i.source = "content/elsewhere.md".into(),
        ];
        let json = |i: &Incident| serde_json::to_string(&SearchSource::of(i)).unwrap();
        for (n, edit) in edits.iter().enumerate() {
            for start in [None, start] {
                let mut inc = base.clone();
                inc.start = start;
                let before = (SearchDoc::from_incident(0, &inc), json(&inc));
                edit(&mut inc);
                let after = (SearchDoc::from_incident(0, &inc), json(&inc));
                // NaN != NaN, so compare the documents' debug text.
                let doc_changed = format!("{:?}", before.0) != format!("{:?}", after.0);
                if doc_changed {
                    assert_ne!(
                        before.1, after.1,
                        "edit {n} changes the document, not its key"
                    );
                }
            }
        }
    }

    #[test]
    fn markdown_text_keeps_words_and_code() {
        let t = super::markdown_text("## Root cause\n\nThe `proxy_read_timeout` was *low*.\n\n| a | b |\n|---|---|\n| x | y |\n");
        assert!(t.contains("Root cause\u{2029}"));
        assert!(t.contains("The proxy_read_timeout was low."));
        assert!(t.contains('x') && t.contains('y'));
        assert!(!t.contains('|') && !t.contains('`'));
    }
}
