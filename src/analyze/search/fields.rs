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
        let mut labels: Vec<String> = inc.category.iter().cloned().collect();
        labels.extend(inc.components.iter().cloned());
        labels.extend(inc.tags.iter().cloned());
        SearchDoc {
            ord,
            slug: inc.slug.clone(),
            title: inc.display_title().to_string(),
            date: inc.date.or_else(|| inc.start.map(|s| s.date_naive())),
            duration_minutes: inc.duration_minutes,
            category: inc.category.as_deref().map(facet_value),
            components: inc.components.iter().map(|c| facet_value(c)).collect(),
            tags: inc.tags.iter().map(|c| facet_value(c)).collect(),
            severity: inc.severity.as_deref().map(facet_value),
            severity_label: inc.severity.clone(),
            texts: [
                inc.display_title().to_string(),
                inc.root_cause.clone().unwrap_or_default(),
                inc.summary.clone().unwrap_or_default(),
                labels.join(" "),
                markdown_text(&inc.body),
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
    #[test]
    fn markdown_text_keeps_words_and_code() {
        let t = super::markdown_text("## Root cause\n\nThe `proxy_read_timeout` was *low*.\n\n| a | b |\n|---|---|\n| x | y |\n");
        assert!(t.contains("Root cause\u{2029}"));
        assert!(t.contains("The proxy_read_timeout was low."));
        assert!(t.contains('x') && t.contains('y'));
        assert!(!t.contains('|') && !t.contains('`'));
    }
}
