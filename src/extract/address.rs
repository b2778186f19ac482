//! A page's address from front matter (`permalink`, `url`) and its old addresses (`aliases`,
//! `redirect_from`), as paths relative to the site's base path: `2022/tls-expiry/` (a folder,
//! served as its index.html) or `2022/tls-expiry.html` (a file).

use chrono::{Datelike, NaiveDate};

/// Top-level folders and files that hindsight's own pages use.
const RESERVED: &[&str] = &[
    "tags",
    "services",
    "categories",
    "search",
    "trends",
    "files",
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "incidents.json",
    "trends.json",
];

/// What Jekyll's permalink placeholders stand for.
pub struct PageFacts<'a> {
    /// The incident's slug (`:slug`, `:title`).
    pub slug: &'a str,
    /// The incident's day (`:year`, `:month`, `:day`).
    pub date: Option<NaiveDate>,
    /// Front matter categories (`:categories`).
    pub categories: &'a [String],
}

/// `/2022/:title/` -> `2022/tls-expiry/`; an error says why the address cannot be used.
pub fn page_address(raw: &str, facts: &PageFacts) -> Result<String, String> {
    let filled = fill_placeholders(raw, facts);
    let path = normalize(&filled)?;
    if path.is_empty() {
        return Err(format!("`{raw}` is the home page's address"));
    }
    let first = path.split('/').next().unwrap_or("");
    if RESERVED.contains(&first) {
        return Err(format!(
            "`{raw}` is inside `{first}`, which hindsight's own pages use"
        ));
    }
    Ok(path)
}

/// An old address to redirect from; same rules as a page address.
pub fn alias_address(raw: &str) -> Result<String, String> {
    page_address(
        raw,
        &PageFacts {
            slug: "",
            date: None,
            categories: &[],
        },
    )
}

/// The file a page address is written to: `a/b/` -> `a/b/index.html`.
pub fn file_of(address: &str) -> String {
    if address.ends_with('/') {
        format!("{address}index.html")
    } else {
        address.to_string()
    }
}

/// A clean relative path: no scheme or host, no `.`/`..`, no query; a folder ends with `/`.
fn normalize(raw: &str) -> Result<String, String> {
    let mut s = raw.trim();
    if let Some((_, rest)) = s.split_once("://") {
        s = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
    }
    let s = s.split(['?', '#']).next().unwrap_or("");
    if s.chars().any(|c| c.is_control() || c == '\\') {
        return Err(format!("`{raw}` is not a path"));
    }
    let mut parts = Vec::new();
    for p in s.split('/') {
        match p {
            "" | "." => {}
            ".." => return Err(format!("`{raw}` climbs out of the site with `..`")),
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    let last = parts.last().copied().unwrap_or("");
    let is_file = last.ends_with(".html") || last.ends_with(".htm");
    if !path.is_empty() && !is_file {
        path.push('/');
    }
    Ok(path)
}

fn fill_placeholders(raw: &str, f: &PageFacts) -> String {
    if !raw.contains(':') {
        return raw.to_string();
    }
    let d = f.date;
    let two = |n: Option<u32>| n.map(|n| format!("{n:02}")).unwrap_or_default();
    let cats = f
        .categories
        .iter()
        .map(|c| crate::extract::slugify(c))
        .collect::<Vec<_>>()
        .join("/");
    // Longest names first, so `:i_month` is not read as `:i` + `_month`.
    let table: [(&str, String); 10] = [
        (":categories", cats),
        (
            ":short_year",
            d.map(|d| format!("{:02}", d.year() % 100))
                .unwrap_or_default(),
        ),
        (
            ":i_month",
            d.map(|d| d.month().to_string()).unwrap_or_default(),
        ),
        (":i_day", d.map(|d| d.day().to_string()).unwrap_or_default()),
        (":month", two(d.map(|d| d.month()))),
        (":title", f.slug.to_string()),
        (":year", d.map(|d| d.year().to_string()).unwrap_or_default()),
        (":slug", f.slug.to_string()),
        (":name", f.slug.to_string()),
        (":day", two(d.map(|d| d.day()))),
    ];
    let mut out = raw.to_string();
    for (name, value) in table {
        out = out.replace(name, &value);
    }
    out
}

/// Two pages cannot share an address: a permalink already taken (by an earlier page's
/// permalink, or by another incident's `incidents/<slug>/`) is dropped with a diagnostic.
pub fn settle_addresses(incidents: &mut [super::Incident]) {
    let defaults: std::collections::HashSet<String> = incidents
        .iter()
        .map(|i| file_of(&format!("incidents/{}/", i.slug)))
        .collect();
    let mut taken = std::collections::HashSet::new();
    for inc in incidents.iter_mut() {
        let Some(p) = inc.permalink.clone() else {
            continue;
        };
        let file = file_of(&p);
        let own_default = file_of(&format!("incidents/{}/", inc.slug));
        if (defaults.contains(&file) && file != own_default) || !taken.insert(file) {
            inc.permalink = None;
            let msg = format!(
                "permalink `/{p}` is already the address of another page; this one stays at incidents/{}/",
                inc.slug
            );
            inc.diagnose(super::DiagnosticKind::PageAddress, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> PageFacts<'static> {
        PageFacts {
            slug: "tls-expiry",
            date: NaiveDate::from_ymd_opt(2022, 2, 4),
            categories: &[],
        }
    }

    #[test]
    fn addresses_are_clean_relative_paths() {
        let f = facts();
        assert_eq!(page_address("/2022/tls/", &f).unwrap(), "2022/tls/");
        assert_eq!(
            page_address("/incidents/tls", &f).unwrap(),
            "incidents/tls/"
        );
        assert_eq!(page_address("old/page.html", &f).unwrap(), "old/page.html");
        assert_eq!(page_address("https://x.org/a/b/?q#f", &f).unwrap(), "a/b/");
        assert_eq!(
            page_address("/:year/:month/:day/:title.html", &f).unwrap(),
            "2022/02/04/tls-expiry.html"
        );
        assert!(page_address("/", &f).is_err());
        assert!(page_address("/tags/x/", &f).is_err());
        assert!(page_address("/a/../../b", &f).is_err());
        assert_eq!(file_of("a/b/"), "a/b/index.html");
        assert_eq!(file_of("a/b.html"), "a/b.html");
    }
}
