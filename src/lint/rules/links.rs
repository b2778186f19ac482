//! `broken-link`: links from one postmortem to another (`../2023/apache.md`,
//! `incidents/<slug>/`) that lead nowhere. External links are not fetched.

use super::{Emit, Rule, SiteContext};
use crate::lint::text::position;
use crate::lint::LintDoc;
use pulldown_cmark::{Event, Options, Parser, Tag};

pub fn check(doc: &LintDoc, ctx: &SiteContext, e: &mut Emit) {
    let inc = &doc.incident;
    let parser = Parser::new_ext(
        &inc.body,
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES,
    );
    for (event, range) in parser.into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some(problem) = broken(doc, ctx, &dest_url) else {
            continue;
        };
        e.push(
            Rule::BrokenLink,
            position(&inc.body, inc.body_line_offset, range.start),
            format!("link `{dest_url}` {problem}"),
            "fix the path or slug; `hindsight check` lists each postmortem's slug in --format json",
        );
    }
}

/// Why the link leads nowhere, or None when it is fine or not ours to judge.
fn broken(doc: &LintDoc, ctx: &SiteContext, dest: &str) -> Option<String> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.contains(':') {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.ends_with(".md") {
        if path.starts_with('/') {
            return None;
        }
        let base = doc.path.parent().unwrap_or(std::path::Path::new(""));
        let target = base.join(path);
        let known = target
            .canonicalize()
            .map(|c| ctx.files.contains(&c) || c.is_file())
            .unwrap_or(false);
        return (!known).then(|| format!("points to {}, which does not exist", target.display()));
    }
    if !ctx.whole_site {
        return None;
    }
    let mut parts = path.split('/').skip_while(|p| *p != "incidents").skip(1);
    let slug = parts.next().filter(|s| !s.is_empty())?;
    let slug = slug.trim_end_matches(".html");
    (!ctx.slugs.contains_key(slug))
        .then(|| format!("names the incident {slug:?}, and no postmortem has that slug"))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{run_all, SiteContext};

    #[test]
    fn slug_links_checked_against_the_site() {
        let mut a = doc("See [the DNS one](../incidents/dns-outage/) and [x](https://example.com/incidents/nope/).");
        let mut b = doc("");
        b.incident.slug = "dns-outage".into();
        b.incident.source = "b.md".into();
        let docs = vec![a.clone(), b];
        let mut ctx = SiteContext::new(&docs);
        ctx.whole_site = true;
        assert_eq!(ids(&run_all(&docs[0], &ctx, &opts()), Rule::BrokenLink), 0);
        a.incident.body = "See [gone](/incidents/gone-away/#timeline).".into();
        let f = run_all(&a, &ctx, &opts());
        assert_eq!(ids(&f, Rule::BrokenLink), 1);
        let b = only(&f, Rule::BrokenLink);
        assert_eq!((b[0].line, b[0].column), (1, 5));
    }

    #[test]
    fn relative_md_links_checked_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("other.md"), "# x").unwrap();
        let mut d = doc("[ok](other.md) [bad](missing.md#x)\n");
        d.path = dir.path().join("this.md");
        let f = run(&d);
        assert_eq!(ids(&f, Rule::BrokenLink), 1);
        assert!(f.iter().any(|f| f.message.contains("missing.md")));
    }
}
