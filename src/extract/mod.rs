//! Stage 2: one `SourceDoc` -> one `Incident`. Front matter wins over text; every fact records
//! where it came from.

mod facts;
mod model;
mod times;

pub use facts::learn;
pub use model::*;

use crate::config::TaxonomyConfig;
use crate::load::SourceDoc;
use chrono::NaiveDate;

/// Settings the extractor needs from site.toml.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    pub taxonomy: TaxonomyConfig,
}

pub fn extract(doc: &SourceDoc, opts: &ExtractOptions) -> Incident {
    extract_with(doc, opts, learn::Models::builtin())
}

/// `extract` with other learned models than the built-in ones (cross-validation trains its own).
pub fn extract_with(doc: &SourceDoc, opts: &ExtractOptions, models: &learn::Models) -> Incident {
    let fm = &doc.front;
    let mut inc = Incident {
        source: doc.path.display().to_string(),
        rel_path: doc.rel_path.clone(),
        body: doc.body.clone(),
        body_line_offset: doc.body_line_offset,
        draft: fm.draft,
        extra: fm.extra.clone(),
        ..Default::default()
    };
    for issue in &doc.issues {
        let kind = issue.kind.diagnostic();
        inc.diagnose_with_hint(kind, issue.message.clone(), issue.line, issue.hint.clone());
    }

    if let Some(t) = &fm.title {
        inc.title = Some(t.clone());
        inc.set_provenance("title", Provenance::front_matter());
    } else if let Some((t, line)) = facts::first_title(&doc.body) {
        inc.title = Some(t);
        inc.set_provenance(
            "title",
            Provenance::other("title", Some(line + doc.body_line_offset)),
        );
    }

    let stem = doc
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(d) = fm.date.as_deref().and_then(parse_date) {
        inc.date = Some(d);
        inc.set_provenance("date", Provenance::front_matter());
    } else if let Some(d) = date_prefix(&stem) {
        inc.date = Some(d);
        inc.set_provenance("date", Provenance::other("file_name", None));
    }

    inc.slug = match &fm.slug {
        Some(s) => slugify(s),
        None => slugify(&strip_date_prefix(&stem)),
    };
    if inc.slug.is_empty() {
        inc.slug = "incident".into();
    }

    for (field, value) in [
        ("severity", &fm.severity),
        ("root_cause", &fm.root_cause),
        ("impact", &fm.impact),
    ] {
        if let Some(v) = value {
            match field {
                "severity" => inc.severity = Some(v.clone()),
                "root_cause" => inc.root_cause = Some(v.clone()),
                _ => inc.impact = Some(v.clone()),
            }
            inc.set_provenance(field, Provenance::front_matter());
        }
    }
    if let Some(c) = &fm.category {
        inc.category = Some(slugify(c));
        inc.set_provenance("category", Provenance::front_matter());
    }
    if !fm.services.is_empty() {
        inc.components = fm.services.iter().map(|s| slugify(s)).collect();
        inc.set_provenance("components", Provenance::front_matter());
    }
    if !fm.authors.is_empty() {
        inc.authors = fm.authors.clone();
    }
    facts::extract_facts(
        &doc.body,
        doc.body_line_offset,
        &opts.taxonomy,
        models,
        &mut inc,
    );
    times::extract_times(&doc.body, doc.body_line_offset, fm, &mut inc);

    let tags_from_facts = opts.taxonomy.tags_from_facts.unwrap_or(true);
    let mut tags: Vec<String> = fm.tags.iter().map(|t| slugify(t)).collect();
    // A declared category that is not one of the taxonomy's is a tag.
    let declared_kept = inc
        .provenance
        .get("category")
        .is_some_and(|p| !p.is_extracted());
    if fm.category.is_some() && !declared_kept {
        tags.extend(fm.category.iter().map(|c| slugify(c)));
    }
    if tags_from_facts {
        tags.extend(inc.category.iter().filter(|c| *c != "unknown").cloned());
        tags.extend(inc.components.iter().cloned());
    }
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| !t.is_empty() && seen.insert(t.clone()));
    inc.tags = tags;
    inc
}

/// `2023-06-25`, RFC 3339, `2023-06-25 10:00[:00]`, `June 25, 2023` (as front matter writes it).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::load::parse_date(s)
}

/// A Jekyll-style `YYYY-MM-DD-` prefix of a file name.
fn date_prefix(stem: &str) -> Option<NaiveDate> {
    let head = stem.get(..10)?;
    let d = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    matches!(stem.as_bytes().get(10), None | Some(b'-') | Some(b'_')).then_some(d)
}

fn strip_date_prefix(stem: &str) -> String {
    match date_prefix(stem) {
        Some(_) if stem.len() > 11 => stem[11..].to_string(),
        _ => stem.to_string(),
    }
}

/// Lower-case ASCII words joined by `-`; other letters kept as they are.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.trim().chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_bytes, Strictness};
    use std::path::Path;

    fn inc(name: &str, text: &str) -> Incident {
        let doc = load_bytes(
            Path::new(name),
            name.into(),
            text.as_bytes(),
            Strictness::Strict,
        )
        .unwrap();
        extract(&doc, &ExtractOptions::default())
    }

    #[test]
    fn title_from_first_heading() {
        let i = inc("x.md", "\n## Postmortem: Web Server Outage\n\ntext\n");
        assert_eq!(i.title.as_deref(), Some("Postmortem: Web Server Outage"));
    }

    #[test]
    fn date_from_file_name_and_slug() {
        let i = inc("2023-06-25-apache-outage.md", "# A\n");
        assert_eq!(i.date, NaiveDate::from_ymd_opt(2023, 6, 25));
        assert_eq!(i.slug, "apache-outage");
        assert_eq!(i.provenance["date"].from, "file_name");
    }

    #[test]
    fn front_matter_wins() {
        let i = inc(
            "a.md",
            "---\ntitle: From FM\ndate: 2024-02-03\ntags: [Edge Case]\n---\n# From text\n",
        );
        assert_eq!(i.title.as_deref(), Some("From FM"));
        assert_eq!(i.date, NaiveDate::from_ymd_opt(2024, 2, 3));
        assert_eq!(i.tags, vec!["edge-case"]);
    }

    #[test]
    fn slugify_words() {
        assert_eq!(slugify("  Apache: vhost -- Outage!"), "apache-vhost-outage");
    }
}
