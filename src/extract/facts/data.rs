//! The built-in data files (taxonomy, component aliases, trained weights), embedded in the
//! binary and parsed once.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub const TAXONOMY_TOML: &str = include_str!("../../../data/taxonomy.toml");
pub const COMPONENTS_TOML: &str = include_str!("../../../data/components.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyFile {
    pub category: Vec<CategoryDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    pub slug: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What the category covers (documentation for readers of the file).
    #[serde(default, rename = "about")]
    pub _about: String,
    /// Regular expression -> weight.
    #[serde(default)]
    pub phrases: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentsFile {
    pub component: Vec<ComponentDef>,
    #[serde(default)]
    pub generic: Vec<GenericDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentDef {
    pub slug: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub implies: Vec<String>,
}

/// A generic name (a component, or plain words) that stands for the one specific component a
/// document names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericDef {
    #[serde(default)]
    pub component: Option<String>,
    #[serde(default)]
    pub words: Vec<String>,
    pub specific: Vec<String>,
}

pub static TAXONOMY: LazyLock<TaxonomyFile> =
    LazyLock::new(|| toml::from_str(TAXONOMY_TOML).expect("data/taxonomy.toml"));
pub static COMPONENTS: LazyLock<ComponentsFile> =
    LazyLock::new(|| toml::from_str(COMPONENTS_TOML).expect("data/components.toml"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_data_parses_and_every_phrase_compiles() {
        assert!(TAXONOMY.category.len() >= 10);
        for c in &TAXONOMY.category {
            for p in c.phrases.keys() {
                assert!(regex::Regex::new(p).is_ok(), "{}: {p}", c.slug);
            }
        }
        let slugs: Vec<&str> = COMPONENTS
            .component
            .iter()
            .map(|c| c.slug.as_str())
            .collect();
        for c in &COMPONENTS.component {
            for i in &c.implies {
                assert!(slugs.contains(&i.as_str()), "{} implies {i}", c.slug);
            }
        }
        for g in &COMPONENTS.generic {
            for s in g.specific.iter().chain(&g.component) {
                assert!(slugs.contains(&s.as_str()), "generic {s}");
            }
        }
    }
}
