//! `hindsight search`: the cached tantivy index, ranked as the browser ranks.

use super::search_index::open_or_build_with;
use crate::analyze::search::snippet::{to_html, Piece};
use crate::analyze::search::{Filters, Hit, SearchError};
use crate::config::SiteConfig;
use anyhow::{Context, Result};
use serde_json::json;
use std::io::IsTerminal;
use std::path::PathBuf;

/// What `hindsight search` was asked.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Site folder (holds site.toml and content/).
    pub root: PathBuf,
    /// The query, in the query language (`"exact phrase"`, `-excluded`, `field:value`).
    pub query: String,
    /// Category, component, tag, severity and date filters, and the order.
    pub filters: Filters,
    /// How many hits to list.
    pub limit: usize,
    /// Use the cache without checking content/ for changes.
    pub cached: bool,
}

/// The hits of a search.
pub struct SearchResult {
    /// Best first (or in the order asked).
    pub hits: Vec<Hit>,
    /// The site's URL root, for links.
    pub url_root: String,
    /// The search cache was out of date and was rebuilt first.
    pub rebuilt: bool,
}

/// Command-line arguments with `search`'s query words moved after `--` (in order), so a word
/// that starts with `-` (`-cache`, an excluded term) is a query word rather than an unknown flag.
/// The flags `search` knows are kept before `--`, with their values.
pub fn escape_query_words(
    args: Vec<std::ffi::OsString>,
    cli: &clap::Command,
) -> Vec<std::ffi::OsString> {
    let Some(sub) = cli.find_subcommand("search") else {
        return args;
    };
    if args.get(1).is_none_or(|a| a != "search") {
        return args;
    }
    let mut flags = Vec::new();
    let mut words = Vec::new();
    let mut rest = args[2..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        let known = text.strip_prefix("--").and_then(|long| {
            let name = long.split('=').next().unwrap_or(long);
            sub.get_arguments()
                .find(|a| a.get_long() == Some(name))
                .map(|a| (a.get_action().takes_values(), long.contains('=')))
        });
        match known {
            Some((takes_value, inline)) => {
                flags.push(arg.clone());
                if takes_value && !inline {
                    flags.extend(rest.next().cloned());
                }
            }
            None if text == "-h" || text == "--help" => flags.push(arg.clone()),
            None => words.push(arg.clone()),
        }
    }
    let mut out: Vec<std::ffi::OsString> = args[..2].to_vec();
    out.extend(flags);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// Runs the query; a malformed query is a [`crate::analyze::search::QueryError`].
pub fn run(opts: &SearchOptions) -> Result<SearchResult> {
    let config = SiteConfig::load_site(&opts.root)
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

/// The page of the incident `slug` under the site's URL root.
pub fn hit_url(url_root: &str, slug: &str) -> String {
    format!("{url_root}/incidents/{slug}/")
}

/// The hits as a JSON array: slug, title, URL, score, facts and a marked snippet.
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
    serde_json::to_string_pretty(&hits).expect(crate::SERIALISES)
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

/// The hits for the terminal, matches in bold where colour is allowed.
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

/// `hindsight search`: the hits as a list or JSON; "no incidents match" on stderr.
pub fn main(opts: &SearchOptions, json: bool) -> Result<()> {
    let result = run(opts)?;
    if result.rebuilt {
        eprintln!("(search index rebuilt)");
    }
    if json {
        println!("{}", to_json(&result));
    } else if result.hits.is_empty() {
        eprintln!("no incidents match");
    } else {
        print!("{}", crate::text::terminal_safe(&to_text(&result)));
    }
    Ok(())
}
