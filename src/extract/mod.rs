//! Stage 2: one `SourceDoc` -> one `Incident`. Front matter wins over text; every fact records
//! where it came from.

pub mod address;
mod diagnostic;
mod facts;
mod field;
mod model;
mod times;

pub use diagnostic::{Diagnostic, DiagnosticKind};
pub use facts::learn;
pub use field::Field;
pub use model::*;

use crate::config::TaxonomyConfig;
use crate::load::{FrontMatter, SourceDoc};
use chrono::NaiveDate;

pub use facts::{SectionKind, SectionNames};

/// Settings the extractor needs from site.toml.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The root-cause categories, component aliases and tag settings.
    pub taxonomy: TaxonomyConfig,
    /// Section names with the site's additions (`[sections]`); `None` for the built-in ones.
    pub sections: Option<std::sync::Arc<SectionNames>>,
}

impl ExtractOptions {
    /// The extraction settings of a site.toml; an unknown section kind is an error naming it.
    pub fn from_config(config: &crate::config::SiteConfig) -> Result<ExtractOptions, String> {
        let sections = match config.sections.is_empty() {
            true => None,
            false => Some(std::sync::Arc::new(SectionNames::with_site(
                &config.sections,
            )?)),
        };
        Ok(ExtractOptions {
            taxonomy: config.taxonomy.clone(),
            sections,
        })
    }
}

/// Reads the facts of one document: front matter first, then the text for what it does not declare.
pub fn extract(doc: &SourceDoc, opts: &ExtractOptions) -> Incident {
    facts::with_names(opts.sections.as_ref(), || {
        extract_with(doc, opts, learn::Models::builtin())
    })
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
    record_load_issues(doc, &mut inc);
    read_title(doc, &mut inc);
    read_date_and_slug(doc, &mut inc);
    declared_facts(fm, &mut inc);
    let text = bounded_text(&doc.body);
    note_limits(doc, &text, &mut inc);
    facts::extract_facts(
        &text,
        doc.body_line_offset,
        &opts.taxonomy,
        models,
        &mut inc,
    );
    times::extract_times(&text, doc.body_line_offset, fm, &mut inc);

    strip_control_characters(&mut inc);
    inc.tags = tags(fm, opts, &inc);
    inc
}

/// The load stage's problems, as diagnostics.
fn record_load_issues(doc: &SourceDoc, inc: &mut Incident) {
    for issue in &doc.issues {
        let kind = DiagnosticKind::of_load_issue(issue.kind);
        inc.diagnose_with_hint(kind, issue.message.clone(), issue.line, issue.hint.clone());
    }
}

/// The front matter title, else the first heading.
fn read_title(doc: &SourceDoc, inc: &mut Incident) {
    let fm = &doc.front;
    if let Some(t) = &fm.title {
        inc.title = Some(t.clone());
        inc.set_provenance(Field::Title, Provenance::front_matter());
    } else if let Some((t, line)) = facts::first_title(&doc.body) {
        inc.title = Some(t);
        inc.set_provenance(
            Field::Title,
            Provenance::other(Origin::Title, Some(line + doc.body_line_offset)),
        );
    }
}

/// The front matter date, else the file name's; the slug and the page's addresses.
fn read_date_and_slug(doc: &SourceDoc, inc: &mut Incident) {
    let fm = &doc.front;
    let stem = page_name(doc);
    if let Some(d) = fm.date.as_deref().and_then(parse_date) {
        inc.date = Some(d);
        inc.set_provenance(Field::Date, Provenance::front_matter());
    } else if let Some(d) = date_prefix(&stem) {
        inc.date = Some(d);
        inc.set_provenance(Field::Date, Provenance::other(Origin::FileName, None));
    }

    inc.slug = match &fm.slug {
        Some(s) => slugify(s),
        None if is_bundle(doc) => slugify(&strip_year_prefix(&strip_date_prefix(&stem))),
        None => slugify(&strip_date_prefix(&stem)),
    };
    if inc.slug.is_empty() {
        inc.slug = "incident".into();
    }
    set_addresses(fm, inc);
}

/// The facts front matter declares, each with a front matter provenance.
fn declared_facts(fm: &FrontMatter, inc: &mut Incident) {
    for (field, value) in [
        (Field::Severity, &fm.severity),
        (Field::RootCause, &fm.root_cause),
        (Field::Impact, &fm.impact),
    ] {
        if let Some(v) = value {
            match field {
                Field::Severity => inc.severity = Some(v.clone()),
                Field::RootCause => inc.root_cause = Some(v.clone()),
                _ => inc.impact = Some(v.clone()),
            }
            inc.set_provenance(field, Provenance::front_matter());
        }
    }
    // A category with no letters or digits (`../..`) would be an empty path segment.
    if let Some(c) = fm
        .category
        .as_deref()
        .map(slugify)
        .filter(|c| !c.is_empty())
    {
        inc.category = Some(c);
        inc.set_provenance(Field::Category, Provenance::front_matter());
    }
    if !fm.services.is_empty() {
        inc.components = fm
            .services
            .iter()
            .map(|s| slugify(s))
            .filter(|s| !s.is_empty())
            .collect();
        inc.set_provenance(Field::Components, Provenance::front_matter());
    }
    if !fm.authors.is_empty() {
        inc.authors = fm.authors.clone();
    }
}

/// Diagnostics for a body larger than the fact readers see, or nested deeper than rendered.
fn note_limits(doc: &SourceDoc, text: &str, inc: &mut Incident) {
    if text.len() < doc.body.len() {
        inc.diagnose(
            DiagnosticKind::InputLimit,
            format!(
                "facts were read from the first {} KB and the first {} characters of each line; the page shows the whole text",
                MAX_EXTRACT_BYTES / 1024,
                MAX_EXTRACT_LINE
            ),
            None,
        );
    }
    if crate::text::html_depth(&doc.body) > crate::text::MAX_HTML_DEPTH {
        inc.diagnose(
            DiagnosticKind::DeepNesting,
            format!(
                "raw HTML nested deeper than {} levels; the deeper tags are shown as text",
                crate::text::MAX_HTML_DEPTH
            ),
            None,
        );
    }
}

/// Front matter tags and blog categories, a declared category the taxonomy does not know, and
/// (unless site.toml turns it off) the category and components, each once.
fn tags(fm: &FrontMatter, opts: &ExtractOptions, inc: &Incident) -> Vec<String> {
    let tags_from_facts = opts.taxonomy.tags_from_facts.unwrap_or(true);
    // Blog categories (Hugo, Jekyll) are labels like tags, not root causes.
    let mut tags: Vec<String> = fm
        .tags
        .iter()
        .chain(&fm.categories)
        .map(|t| slugify(t))
        .collect();
    // A declared category that is not one of the taxonomy's is a tag.
    let declared_kept = inc
        .provenance
        .get(&Field::Category)
        .is_some_and(|p| !p.is_extracted());
    if fm.category.is_some() && !declared_kept {
        tags.extend(fm.category.iter().map(|c| slugify(c)));
    }
    if tags_from_facts {
        tags.extend(inc.known_category().map(str::to_string));
        tags.extend(inc.components.iter().cloned());
    }
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| !t.is_empty() && seen.insert(t.clone()));
    tags
}

/// A page bundle (`posts/2023-cdn-outage/index.md`) is named by its folder.
fn is_bundle(doc: &SourceDoc) -> bool {
    let stem = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.eq_ignore_ascii_case("index") && doc.rel_path.contains('/')
}

/// The name a page goes by: its file's stem, or a bundle's folder name.
fn page_name(doc: &SourceDoc) -> String {
    if is_bundle(doc) {
        if let Some(dir) = doc.rel_path.rsplit('/').nth(1) {
            return dir.to_string();
        }
    }
    doc.path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `2023-cdn-outage` -> `cdn-outage` (a bundle folder's year).
fn strip_year_prefix(name: &str) -> String {
    let b = name.as_bytes();
    if b.len() > 5 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'_') {
        name[5..].to_string()
    } else {
        name.to_string()
    }
}

/// The permalink and old addresses from front matter; unusable ones are said and dropped.
fn set_addresses(fm: &crate::load::FrontMatter, inc: &mut Incident) {
    let facts = address::PageFacts {
        slug: &inc.slug,
        date: inc.date,
        categories: &fm.categories,
    };
    let mut problems = Vec::new();
    let permalink = fm.permalink.as_deref().and_then(|raw| {
        address::page_address(raw, &facts)
            .map_err(|e| {
                problems.push(format!(
                    "permalink {e}; the page stays at incidents/<slug>/"
                ))
            })
            .ok()
    });
    let mut aliases = Vec::new();
    for raw in &fm.aliases {
        match address::alias_address(raw) {
            Ok(a) if !aliases.contains(&a) => aliases.push(a),
            Ok(_) => {}
            Err(e) => problems.push(format!("alias {e}; no redirect is written for it")),
        }
    }
    inc.permalink = permalink;
    inc.aliases = aliases;
    for p in problems {
        inc.diagnose(DiagnosticKind::PageAddress, p, None);
    }
}

/// Front matter escapes (`"\e[2J"` in YAML) make control characters after decoding dropped
/// them: none may reach a page, a feed or a terminal.
fn strip_control_characters(inc: &mut Incident) {
    fn clean(s: &mut String) {
        if let std::borrow::Cow::Owned(c) = crate::text::strip_controls(s) {
            *s = c;
        }
    }
    fn clean_value(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => clean(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(clean_value),
            serde_json::Value::Object(o) => o.values_mut().for_each(clean_value),
            _ => {}
        }
    }
    for s in [
        &mut inc.title,
        &mut inc.severity,
        &mut inc.root_cause,
        &mut inc.impact,
    ]
    .into_iter()
    .flatten()
    {
        clean(s);
    }
    inc.authors.iter_mut().for_each(clean);
    inc.extra.values_mut().for_each(clean_value);
}

/// Lazy-DFA cache of each big `RegexSet` (the regex crate's default is 2 MiB): with the
/// case-insensitive Unicode `\w` of the phrase sets, the default cache fills on every text and the
/// set falls back to the much slower PikeVM. Same matches either way; only speed changes.
pub(crate) const SET_DFA_CACHE: usize = 64 << 20;

/// `pattern` with each `\b` made an ASCII word boundary. A Unicode `\b` stops the lazy DFA at the
/// first non-ASCII byte and the search falls back to the PikeVM, about ten times slower on text
/// in other scripts. Only for patterns of English words: next to a non-ASCII letter the two
/// kinds of boundary differ.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    debug_assert!(
        !pattern.contains(|c: char| c.is_alphabetic() && !c.is_ascii()),
        "{pattern}"
    );
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// How much of a body the fact readers see. Real postmortems are far below both (the largest
/// seen: 42 KB, lines of 1,800 characters); the bounds keep extraction linear on a log dump.
pub const MAX_EXTRACT_BYTES: usize = 512 * 1024;
/// The longest line the fact readers see, in bytes; see [`MAX_EXTRACT_BYTES`].
pub const MAX_EXTRACT_LINE: usize = 4096;

/// The body cut to [`MAX_EXTRACT_BYTES`] at a line end, each line cut to [`MAX_EXTRACT_LINE`]
/// bytes at a character boundary; line numbers are unchanged.
fn bounded_text(body: &str) -> std::borrow::Cow<'_, str> {
    let long_line = body.split('\n').any(|l| l.len() > MAX_EXTRACT_LINE);
    if body.len() <= MAX_EXTRACT_BYTES && !long_line {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len().min(MAX_EXTRACT_BYTES));
    for line in body.split_inclusive('\n') {
        let cut = floor_char_boundary(line, MAX_EXTRACT_LINE);
        if out.len() + cut > MAX_EXTRACT_BYTES {
            break;
        }
        out.push_str(&line[..cut]);
        if cut < line.len() && line.ends_with('\n') {
            out.push('\n');
        }
    }
    std::borrow::Cow::Owned(out)
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
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

    /// The incident of a fixture document `text` read as file `name` (also used by
    /// `times::tests`).
    pub(crate) fn inc(name: &str, text: &str) -> Incident {
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
        assert_eq!(i.provenance[&Field::Date].from, Origin::FileName);
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
    fn long_lines_and_bodies_are_bounded_for_extraction() {
        let line = "x".repeat(MAX_EXTRACT_LINE * 2) + "\n";
        let body = format!("a\n{line}b\n");
        let text = bounded_text(&body);
        assert_eq!(text.lines().count(), 3);
        assert!(text.lines().all(|l| l.len() <= MAX_EXTRACT_LINE));
        let big = "word and words\n".repeat(MAX_EXTRACT_BYTES / 10);
        assert!(bounded_text(&big).len() <= MAX_EXTRACT_BYTES);
        assert!(matches!(
            bounded_text("short\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        let i = inc("big.md", &big);
        assert!(i
            .diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::InputLimit));
    }

    #[test]
    fn slugify_words() {
        assert_eq!(slugify("  Apache: vhost -- Outage!"), "apache-vhost-outage");
    }
}
