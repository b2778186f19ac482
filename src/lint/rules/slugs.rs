//! `duplicate-slug`: two postmortems that would be published at the same address.

use super::{Emit, Rule, SiteContext};
use crate::lint::LintDoc;

pub fn check(doc: &LintDoc, ctx: &SiteContext, e: &mut Emit) {
    let inc = &doc.incident;
    let Some(users) = ctx.slugs.get(&inc.slug) else {
        return;
    };
    let others: Vec<&str> = users
        .iter()
        .filter(|f| **f != inc.source)
        .map(String::as_str)
        .collect();
    if others.is_empty() {
        return;
    }
    let line = doc.front.lines.get("slug").copied().unwrap_or(1);
    e.push(
        Rule::DuplicateSlug,
        (line, 1),
        format!(
            "slug {:?} is also used by {}; only one can be published at incidents/{}/",
            inc.slug,
            others.join(", "),
            inc.slug
        ),
        "give one of them a distinct `slug:` in its front matter, or rename the file",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{run_all, SiteContext};

    #[test]
    fn same_slug_in_two_files() {
        let a = doc("");
        let mut b = doc("");
        b.incident.source = "2024/t.md".into();
        let mut c = doc("");
        c.incident.source = "c.md".into();
        c.incident.slug = "other".into();
        let docs = vec![a, b, c];
        let ctx = SiteContext::new(&docs);
        let f = run_all(&docs[0], &ctx, &opts());
        assert_eq!(ids(&f, Rule::DuplicateSlug), 1);
        assert!(f.iter().any(|f| f.message.contains("2024/t.md")));
        assert_eq!(
            ids(&run_all(&docs[2], &ctx, &opts()), Rule::DuplicateSlug),
            0
        );
    }
}
