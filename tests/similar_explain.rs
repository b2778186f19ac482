//! "Similar incidents" explain themselves on the demo: shared category and components first,
//! then at most five distinctive words, none of them generic and none from the site's name.

use std::path::Path;

/// Words that say nothing about why two postmortems are alike (kept apart from the list the
/// code uses, so this test can catch it letting one through).
const GENERIC: &[&str] = &[
    "two",
    "run",
    "taken",
    "reason",
    "main",
    "one",
    "three",
    "first",
    "second",
    "time",
    "minutes",
    "hour",
    "hours",
    "day",
    "team",
    "teams",
    "incident",
    "incidents",
    "issue",
    "problem",
    "users",
    "user",
    "customers",
    "people",
    "made",
    "make",
    "took",
    "take",
    "started",
    "start",
    "ended",
    "went",
    "got",
    "get",
    "also",
    "because",
    "after",
    "before",
    "during",
    "were",
    "was",
    "been",
    "change",
    "changed",
    "error",
    "errors",
    "failed",
    "service",
    "system",
    "impact",
    "cause",
    "root",
    "summary",
    "resolved",
    "fixed",
    "work",
    "worked",
    "still",
    "again",
    "next",
    "last",
    "postmortem",
    "outage",
    "action",
    "items",
    "timeline",
    "utc",
    "about",
    "would",
    "could",
];

#[test]
fn demo_similar_incidents_share_only_telling_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = hindsight::commands::load_site(root, false).expect("the demo loads");
    let title = site.config.title.to_lowercase();
    let model = hindsight::analyze::analyze(site.config, site.incidents);
    let mut explained = 0;
    let mut with_labels = 0;
    for (i, list) in model.search.similar.iter().enumerate() {
        let me = &model.incidents[i];
        for s in list {
            let other = &model.incidents[s.ord as usize];
            assert!(s.shared.len() <= 5, "{:?}", s.shared);
            for w in &s.shared {
                let lw = w.to_lowercase();
                assert!(
                    !GENERIC.contains(&lw.as_str()),
                    "{} ~ {}: generic word {w:?}",
                    me.slug,
                    other.slug
                );
                assert!(
                    !title.split(|c: char| !c.is_alphanumeric()).any(|t| t == lw),
                    "{w:?} is in the site's name"
                );
            }
            if let Some(c) = &s.shared_category {
                assert_eq!(me.category.as_ref(), Some(c));
                assert_eq!(other.category.as_ref(), Some(c));
            }
            for c in &s.shared_components {
                assert!(
                    me.components.contains(c) && other.components.contains(c),
                    "{c}"
                );
            }
            if s.shared_category.is_some() || !s.shared_components.is_empty() {
                with_labels += 1;
            }
            if s.shared_category.is_some()
                || !s.shared_components.is_empty()
                || !s.shared.is_empty()
            {
                explained += 1;
            }
        }
    }
    let total: usize = model.search.similar.iter().map(Vec::len).sum();
    assert!(total > 40, "only {total} similar pairs");
    assert!(
        explained * 10 >= total * 9,
        "{explained} of {total} pairs explained"
    );
    assert!(
        with_labels * 5 >= total * 2,
        "{with_labels} of {total} pairs share a category or component"
    );
}
