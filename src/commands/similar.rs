//! `hindsight similar`: the incidents most like one incident, from the search cache (the same
//! lists the site's pages show).

use super::search::hit_url;
use super::search_index::open_or_build;
use crate::config::SiteConfig;
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::path::{Path, PathBuf};

/// What `hindsight similar` was asked.
#[derive(Debug, Clone)]
pub struct SimilarOptions {
    /// Site folder (holds site.toml and content/).
    pub root: PathBuf,
    /// A slug, or a path to the postmortem's file.
    pub target: String,
    /// How many similar incidents to list.
    pub limit: usize,
}

/// One similar incident and why it is similar.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SimilarHit {
    /// Its slug.
    pub slug: String,
    /// Its title as shown.
    pub title: String,
    /// Its date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Its root-cause category, if known.
    pub category: Option<String>,
    /// The similarity score (higher is closer).
    pub score: f32,
    /// The category both have, then the components both name, then distinctive shared words.
    pub shared_category: Option<String>,
    /// The components both incidents name.
    pub shared_components: Vec<String>,
    /// Distinctive words both use.
    pub shared: Vec<String>,
    /// Its page on the site.
    pub url: String,
}

impl SimilarHit {
    /// "same category: capacity; both involve: nginx, redis; shared words: pool, eviction".
    pub fn explanation(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.shared_category {
            parts.push(format!("same category: {c}"));
        }
        if !self.shared_components.is_empty() {
            parts.push(format!(
                "both involve: {}",
                self.shared_components.join(", ")
            ));
        }
        if !self.shared.is_empty() {
            parts.push(format!("shared words: {}", self.shared.join(", ")));
        }
        parts.join("; ")
    }
}

/// The incidents most like one incident.
pub struct SimilarResult {
    /// The slug of the incident asked about.
    pub of_slug: String,
    /// Its title.
    pub of_title: String,
    /// The closest first.
    pub hits: Vec<SimilarHit>,
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Finds the incident (by slug or file) and the ones most like it, from the search cache.
pub fn run(opts: &SimilarOptions) -> Result<SimilarResult> {
    let config = SiteConfig::load_site(&opts.root)
        .with_context(|| format!("loading the site at {}", opts.root.display()))?;
    let (index, _) = open_or_build(&opts.root)?;
    let docs = index.docs()?;
    let as_path = Path::new(&opts.target);
    let found = docs.iter().position(|d| d.slug == opts.target).or_else(|| {
        as_path.is_file().then(|| {
            docs.iter()
                .position(|d| same_file(&opts.root.join(&d.source), as_path))
        })?
    });
    let Some(ord) = found else {
        bail!(
            "no incident {:?} in {}\nhint: give a slug (as in incidents/SLUG/) or the path of a postmortem under content/",
            opts.target,
            opts.root.display()
        );
    };
    let lists = index.similar()?;
    let url_root = config.absolute_root();
    let hits = lists
        .get(ord)
        .map(|l| l.as_slice())
        .unwrap_or(&[])
        .iter()
        .take(opts.limit)
        .filter_map(|s| {
            let d = docs.get(s.ord as usize)?;
            Some(SimilarHit {
                slug: d.slug.clone(),
                title: d.title.clone(),
                date: d.date.clone(),
                category: d.category.clone(),
                score: s.score,
                shared_category: s.shared_category.clone(),
                shared_components: s.shared_components.clone(),
                shared: s.shared.clone(),
                url: hit_url(&url_root, &d.slug),
            })
        })
        .collect();
    Ok(SimilarResult {
        of_slug: docs[ord].slug.clone(),
        of_title: docs[ord].title.clone(),
        hits,
    })
}

/// The hits as a JSON array.
pub fn to_json(r: &SimilarResult) -> String {
    serde_json::to_string_pretty(&json!(r.hits)).expect(crate::SERIALISES)
}

/// The hits as lines for the terminal, each with its explanation.
pub fn to_text(r: &SimilarResult) -> String {
    let mut out = format!("incidents like {} ({}):\n", r.of_title, r.of_slug);
    for (i, h) in r.hits.iter().enumerate() {
        let facts: Vec<&str> = h
            .date
            .iter()
            .chain(&h.category)
            .map(|s| s.as_str())
            .collect();
        out.push_str(&format!(
            "{}. {}  ({})  score {:.3}\n   {}\n   {}\n",
            i + 1,
            h.title,
            facts.join(" · "),
            h.score,
            h.explanation(),
            h.url
        ));
    }
    out
}

/// `hindsight similar`: the nearest incidents as a list or JSON.
pub fn main(opts: &SimilarOptions, json: bool) -> Result<()> {
    let result = run(opts)?;
    if json {
        println!("{}", to_json(&result));
    } else {
        print!("{}", crate::text::terminal_safe(&to_text(&result)));
    }
    Ok(())
}
