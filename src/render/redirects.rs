//! Redirect pages for old addresses: a page's `aliases` (Hugo) or `redirect_from` (Jekyll), and
//! `incidents/<slug>/` of a page that has a permalink of its own. Each is a tiny HTML page with
//! a meta refresh and a canonical link, under the site's base path, as GitHub Pages can serve
//! no real redirects.

use super::OutputFile;
use crate::analyze::SiteModel;
use crate::extract::address::file_of;
use std::collections::HashSet;

/// The redirect pages; an old address that is already a file of the site (`taken`) keeps it.
pub(super) fn render_redirects(model: &SiteModel, taken: &HashSet<String>) -> Vec<OutputFile> {
    let base = model.config.base_path();
    let absolute = model.config.base_url.contains("://");
    let mut written = HashSet::new();
    let mut out = Vec::new();
    for inc in &model.incidents {
        let target = format!("{base}{}", inc.page_path());
        let canonical = if absolute {
            format!("{}/{}", model.config.absolute_root(), inc.page_path())
        } else {
            target.clone()
        };
        let default = inc
            .permalink
            .as_ref()
            .map(|_| format!("incidents/{}/", inc.slug));
        for old in inc.aliases.iter().chain(default.iter()) {
            let file = file_of(old);
            if taken.contains(&file) || !written.insert(file.clone()) {
                continue;
            }
            out.push(OutputFile::new(
                file,
                redirect_page(&target, &canonical, inc.display_title()),
            ));
        }
    }
    out
}

fn redirect_page(target: &str, canonical: &str, title: &str) -> String {
    let (t, c, title) = (attr(target), attr(canonical), attr(title));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{c}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{t}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_page_refreshes_and_names_the_canonical_address() {
        let html = redirect_page("/pm/incidents/a/", "https://x.org/pm/incidents/a/", "A & B");
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/pm/incidents/a/\">"));
        assert!(html.contains("<link rel=\"canonical\" href=\"https://x.org/pm/incidents/a/\">"));
        assert!(html.contains("A &amp; B"));
    }
}
