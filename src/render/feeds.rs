//! sitemap.xml, atom.xml and robots.txt.

use super::OutputFile;
use crate::analyze::SiteModel;

/// Entries of atom.xml: the newest incidents, as most feeds carry (Jekyll's has 10).
pub const FEED_ENTRIES: usize = 100;

pub(super) fn render_feeds(model: &SiteModel) -> Vec<OutputFile> {
    let url = |path: &str| absolute_url(model, path);

    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let per_page = model.config.paginate_by;
    for n in 1..=super::pages::paginate(model.incidents.len(), per_page) {
        let page = super::pages::page_folder("", n);
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", xml(&url(&page))));
    }
    for inc in &model.incidents {
        sitemap.push_str(&format!(
            "  <url><loc>{}</loc>{}</url>\n",
            xml(&url(&inc.page_path())),
            inc.date
                .map(|d| format!("<lastmod>{d}</lastmod>"))
                .unwrap_or_default()
        ));
    }
    let mirrors = super::mirrors::tag_mirrors(model);
    for tax in &model.taxonomies {
        sitemap.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml(&url(&format!("{}/", tax.name)))
        ));
        for term in &tax.terms {
            let section = format!("{}/{}/", tax.name, term.slug);
            // A tag repeating another list has one page (see `mirrors`).
            let mirrored = mirrors.of(&tax.name, &term.slug).is_some();
            let listed = if mirrored { 0 } else { term.incidents.len() };
            for n in 1..=super::pages::paginate(listed, per_page) {
                let page = super::pages::page_folder(&section, n);
                sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", xml(&url(&page))));
            }
        }
    }
    sitemap.push_str("</urlset>\n");

    let updated = model
        .incidents
        .iter()
        .filter_map(|i| i.date)
        .max()
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut atom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator>hindsight</generator>\n",
        xml(&model.config.title),
        xml(&url("")),
        xml(&url("")),
        xml(&url("atom.xml")),
        xml(&model.config.title),
    );
    // Newest first (site order); a reader polls for what is new, and every entry of a large
    // site was megabytes fetched again on every poll.
    for inc in model.incidents.iter().take(FEED_ENTRIES) {
        let link = url(&inc.page_path());
        let when = inc
            .date
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| updated.clone());
        // Entries without authors inherit the feed's (Atom requires one or the other).
        let authors: String = inc
            .authors
            .iter()
            .map(|a| format!("    <author><name>{}</name></author>\n", xml(a)))
            .collect();
        atom.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{when}</updated>\n{authors}    <summary>{}</summary>\n  </entry>\n",
            xml(inc.display_title()),
            xml(&link),
            xml(&link),
            xml(inc.summary.as_deref().or(inc.root_cause.as_deref()).unwrap_or("")),
        ));
    }
    atom.push_str("</feed>\n");

    let robots = format!("User-agent: *\nAllow: /\nSitemap: {}\n", url("sitemap.xml"));
    vec![
        OutputFile::new("sitemap.xml", sitemap),
        OutputFile::new("atom.xml", atom),
        OutputFile::new("robots.txt", robots),
    ]
}

/// Absolute URL of a site path; falls back to a root-relative URL when base_url is not absolute.
pub(crate) fn absolute_url(model: &SiteModel, path: &str) -> String {
    let base = &model.config.base_url;
    if base.contains("://") {
        format!("{}/{}", base.trim_end_matches('/'), path)
    } else {
        format!("{}{}", model.config.base_path(), path)
    }
}

/// Escapes text for XML; characters XML 1.0 forbids (control characters from a mangled file)
/// are dropped so the feed always parses.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(
            super::xml("a<b>&\"c\u{1}\u{b}d\te"),
            "a&lt;b&gt;&amp;&quot;cd\te"
        );
    }
}
