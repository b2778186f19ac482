//! Browse pages: one term page per tag, service (component) and root-cause category.

use crate::extract::Incident;
use serde::Serialize;
use std::collections::BTreeMap;

/// One way of browsing the incidents (tags, services, categories) with its terms.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    /// URL segment and template key: `tags`, `services`, `categories`.
    pub name: String,
    /// Heading shown to readers.
    pub label: String,
    /// Sorted by incident count, then slug.
    pub terms: Vec<Term>,
}

/// One value of a taxonomy (a tag, a service) and the incidents that have it.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term's URL segment.
    pub slug: String,
    /// Indexes into `SiteModel::incidents` (newest first).
    pub incidents: Vec<usize>,
}

pub(super) fn build_all(incidents: &[Incident]) -> Vec<Taxonomy> {
    vec![
        build("tags", "Tags", incidents, |i| i.tags.clone()),
        build("services", "Services", incidents, |i| i.components.clone()),
        build("categories", "Root-cause categories", incidents, |i| {
            i.category.iter().cloned().collect()
        }),
    ]
}

fn build(
    name: &str,
    label: &str,
    incidents: &[Incident],
    terms_of: impl Fn(&Incident) -> Vec<String>,
) -> Taxonomy {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (idx, inc) in incidents.iter().enumerate() {
        let mut terms = terms_of(inc);
        terms.sort();
        terms.dedup();
        for t in terms {
            map.entry(t).or_default().push(idx);
        }
    }
    let mut terms: Vec<Term> = map
        .into_iter()
        .map(|(slug, incidents)| Term { slug, incidents })
        .collect();
    terms.sort_by(|a, b| {
        b.incidents
            .len()
            .cmp(&a.incidents.len())
            .then(a.slug.cmp(&b.slug))
    });
    Taxonomy {
        name: name.into(),
        label: label.into(),
        terms,
    }
}
