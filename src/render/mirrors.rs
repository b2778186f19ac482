//! Tags that repeat another list: a tag whose incidents are exactly those of the service or
//! root-cause category of the same name (teams often tag a postmortem with its services). Its
//! page names that list instead of listing the incidents again: at scale a list is dozens of
//! pages, and those tags were two fifths of the tag pages' bytes.

use crate::analyze::SiteModel;
use std::collections::HashMap;

/// The taxonomy whose terms may repeat another's: tags are free text, the others are facts.
const TAGS: &str = "tags";

/// The other list a tag repeats: its taxonomy's name and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SameAs<'a> {
    pub name: &'a str,
    pub label: &'a str,
}

/// The tags that repeat another list, by slug.
#[derive(Debug, Default)]
pub(super) struct Mirrors<'a>(HashMap<&'a str, SameAs<'a>>);

impl<'a> Mirrors<'a> {
    /// The list a term of a taxonomy repeats, if it is a tag that repeats one.
    pub fn of(&self, taxonomy: &str, term_slug: &str) -> Option<SameAs<'a>> {
        if taxonomy != TAGS {
            return None;
        }
        self.0.get(term_slug).copied()
    }
}

/// Each tag whose incidents are exactly those of a term of the same slug in another taxonomy,
/// with the first such taxonomy.
pub(super) fn tag_mirrors(model: &SiteModel) -> Mirrors<'_> {
    let Some(tags) = model.taxonomies.iter().find(|t| t.name == TAGS) else {
        return Mirrors::default();
    };
    let mut out = HashMap::new();
    for tag in &tags.terms {
        let same = model
            .taxonomies
            .iter()
            .filter(|t| t.name != TAGS)
            .find(|t| {
                t.terms
                    .iter()
                    .any(|o| o.slug == tag.slug && o.incidents == tag.incidents)
            });
        if let Some(t) = same {
            let same_as = SameAs {
                name: &t.name,
                label: &t.label,
            };
            out.insert(tag.slug.as_str(), same_as);
        }
    }
    Mirrors(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::extract::Incident;

    fn incident(slug: &str, tags: &[&str], components: &[&str]) -> Incident {
        Incident {
            slug: slug.into(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            components: components.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    /// A tag on the same incidents as a service of its name repeats it; a tag on one more
    /// incident, or on one less, does not.
    #[test]
    fn a_tag_repeats_a_service_only_on_the_same_incidents() {
        let incidents = vec![
            incident("a", &["redis", "dns", "cache"], &["redis", "dns"]),
            incident("b", &["redis", "cache"], &["redis", "dns", "cache"]),
            incident("c", &[], &["cache"]),
        ];
        let model = crate::analyze::analyze(
            SiteConfig::parse("title = \"t\"", "site.toml").unwrap(),
            incidents,
        );
        let mirrors = tag_mirrors(&model);
        assert_eq!(mirrors.0.len(), 1, "{mirrors:?}");
        assert_eq!(mirrors.of("tags", "redis").unwrap().name, "services");
        assert_eq!(mirrors.of("services", "redis"), None, "only tags repeat");
    }
}
