//! `hindsight search`: the cached tantivy index, ranked as the browser ranks.

use super::search_index::open_or_build_with;
use crate::analyze::search::snippet::{to_html, Piece};
use crate::analyze::search::{Filters, Hit, SearchError};
use crate::config::SiteConfig;
use anyhow::{Context, Result};
use serde_json::json;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub root: PathBuf,
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    /// Use the cache without checking content/ for changes.
    pub cached: bool,
}

pub struct SearchResult {
    pub hits: Vec<Hit>,
    /// The site's URL root, for links.
    pub url_root: String,
    pub rebuilt: bool,
}

/// Runs the query; a malformed query is a [`crate::analyze::search::QueryError`].
pub fn run(opts: &SearchOptions) -> Result<SearchResult> {
    let config = SiteConfig::load(&opts.root.join("site.toml"))
        .with_context(|| format!("loading the site at {}", opts.root.display()))?;
    if opts.query.trim().is_empty() && opts.filters.is_empty() {
        return Err(crate::analyze::search::QueryError::Empty.into());
    }
    // Parse before touching the index, so a bad query fails fast.
    crate::analyze::search::query::parse(&opts.query)?;
    let started = std::time::Instant::now();
    let (index, rebuilt) = open_or_build_with(&opts.root, opts.cached)?;
    let opened = started.elapsed();
    let hits = match index.search(&opts.query, &opts.filters, opts.limit) {
        Err(SearchError::Query(q)) => return Err(q.into()),
        other => other?,
    };
    if std::env::var_os("HINDSIGHT_TIMING").is_some() {
        eprintln!(
            "timing: check + open cache {:.2?}, query {:.2?}",
            opened,
            started.elapsed() - opened
        );
    }
    Ok(SearchResult {
        hits,
        url_root: config.absolute_root(),
        rebuilt,
    })
}

pub fn hit_url(url_root: &str, slug: &str) -> String {
    format!("{url_root}/incidents/{slug}/")
}

pub fn to_json(r: &SearchResult) -> String {
    let hits: Vec<serde_json::Value> = r
        .hits
        .iter()
        .map(|h| {
            json!({
                "slug": h.slug,
                "title": h.title,
                "score": h.score as f64 / 1000.0,
                "url": hit_url(&r.url_root, &h.slug),
                "snippet": to_html(&h.snippet),
                "date": h.date,
                "category": h.category,
            })
        })
        .collect();
    serde_json::to_string_pretty(&hits).unwrap_or_else(|_| "[]".into())
}

fn plain_snippet(pieces: &[Piece], color: bool) -> String {
    pieces
        .iter()
        .map(|p| match (p.hit, color) {
            (false, _) => p.text.clone(),
            (true, true) => format!("\x1b[1;33m{}\x1b[0m", p.text),
            (true, false) => format!("**{}**", p.text),
        })
        .collect()
}

pub fn to_text(r: &SearchResult) -> String {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = String::new();
    for (i, h) in r.hits.iter().enumerate() {
        let mut facts = Vec::new();
        if let Some(d) = &h.date {
            facts.push(d.clone());
        }
        if let Some(c) = &h.category {
            facts.push(c.clone());
        }
        let title = if color {
            format!("\x1b[1m{}\x1b[0m", h.title)
        } else {
            h.title.clone()
        };
        out.push_str(&format!(
            "{}. {title}  ({})  score {:.3}\n",
            i + 1,
            facts.join(" · "),
            h.score as f64 / 1000.0
        ));
        let snip = plain_snippet(&h.snippet, color);
        if !snip.is_empty() {
            out.push_str(&format!("   {snip}\n"));
        }
        out.push_str(&format!("   {}\n", hit_url(&r.url_root, &h.slug)));
    }
    out
}
