//! The compiled taxonomy: the built-in categories of `data/taxonomy.toml` with what site.toml
//! adds, their phrases in one `RegexSet` so a text is read once for all of them.

use crate::config::TaxonomyConfig;
use crate::extract::facts::data::{CategoryDef, TAXONOMY};
use crate::extract::slugify;
use regex::{Regex, RegexSet, RegexSetBuilder};

/// Weight of a phrase given in site.toml (a plain phrase, not a pattern).
const CONFIG_PHRASE_WEIGHT: f64 = 3.0;

pub struct Category {
    pub slug: String,
    /// Slugified names that mean this category in front matter.
    pub aliases: Vec<String>,
}

struct Phrase {
    category: usize,
    weight: f64,
    re: Regex,
}

pub struct Taxonomy {
    pub categories: Vec<Category>,
    phrases: Vec<Phrase>,
    set: RegexSet,
}

/// The phrases of one category found in one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub category: usize,
    /// Sum of the weights; a phrase found twice or more adds half again.
    pub score: f64,
    /// The strongest phrase as written, and its weight.
    pub phrase: String,
    pub best: f64,
}

impl Taxonomy {
    pub fn new(cfg: &TaxonomyConfig) -> Taxonomy {
        let mut t = Taxonomy {
            categories: Vec::new(),
            phrases: Vec::new(),
            set: RegexSet::empty(),
        };
        if !cfg.replace_categories {
            for def in &TAXONOMY.category {
                t.add_builtin(def);
            }
        }
        for (slug, phrases) in &cfg.categories {
            let c = t.category_index(&slugify(slug));
            for p in phrases.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
                t.add_phrase(c, &regex::escape(p), CONFIG_PHRASE_WEIGHT);
            }
        }
        for (alias, slug) in &cfg.category_aliases {
            let c = t.category_index(&slugify(slug));
            t.categories[c].aliases.push(slugify(alias));
        }
        let patterns: Vec<&str> = t.phrases.iter().map(|p| p.re.as_str()).collect();
        t.set = RegexSetBuilder::new(patterns)
            .dfa_size_limit(crate::extract::SET_DFA_CACHE)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
        t
    }

    fn add_builtin(&mut self, def: &CategoryDef) {
        let c = self.category_index(&def.slug);
        let aliases = def.aliases.iter().map(|a| slugify(a));
        self.categories[c].aliases.extend(aliases);
        for (pattern, weight) in &def.phrases {
            self.add_phrase(c, pattern, *weight);
        }
    }

    fn category_index(&mut self, slug: &str) -> usize {
        if let Some(i) = self.categories.iter().position(|c| c.slug == slug) {
            return i;
        }
        self.categories.push(Category {
            slug: slug.to_string(),
            aliases: Vec::new(),
        });
        self.categories.len() - 1
    }

    fn add_phrase(&mut self, category: usize, pattern: &str, weight: f64) {
        // ASCII word boundaries keep the set on the fast engines for any text.
        if let Ok(re) = Regex::new(&format!(r"(?i)(?-u:\b)(?:{pattern})(?-u:\b)")) {
            self.phrases.push(Phrase {
                category,
                weight,
                re,
            });
        }
    }

    pub fn slug(&self, category: usize) -> &str {
        &self.categories[category].slug
    }

    /// The category a front-matter value names (its slug or one of its aliases), if any.
    pub fn named(&self, value: &str) -> Option<usize> {
        let s = slugify(value);
        self.categories
            .iter()
            .position(|c| c.slug == s || c.aliases.contains(&s))
    }

    /// Every category with phrases in `text`, in taxonomy order.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let mut out: Vec<Hit> = Vec::new();
        if text.trim().is_empty() {
            return out;
        }
        for i in self.set.matches(text).iter() {
            let p = &self.phrases[i];
            let mut found = p.re.find_iter(text);
            let Some(first) = found.next() else { continue };
            let score = p.weight * if found.next().is_some() { 1.5 } else { 1.0 };
            match out.iter_mut().find(|h| h.category == p.category) {
                Some(h) => {
                    h.score += score;
                    if p.weight > h.best {
                        h.best = p.weight;
                        h.phrase = first.as_str().to_string();
                    }
                }
                None => out.push(Hit {
                    category: p.category,
                    score,
                    phrase: first.as_str().to_string(),
                    best: p.weight,
                }),
            }
        }
        out.sort_by_key(|h| h.category);
        out
    }

    /// The strongest single phrase weight of any category in `text` (0 when none).
    pub fn strongest(&self, text: &str) -> f64 {
        self.set
            .matches(text)
            .iter()
            .map(|i| self.phrases[i].weight)
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_names_are_slugs_or_aliases() {
        let t = Taxonomy::new(&TaxonomyConfig::default());
        assert_eq!(t.named("Hardware").map(|i| t.slug(i)), Some("hardware"));
        assert_eq!(
            t.named("Third party").map(|i| t.slug(i)),
            Some("dependency")
        );
        assert_eq!(t.named("deployments"), None);
        assert_eq!(t.named("engineering"), None);
    }

    #[test]
    fn site_toml_adds_categories_phrases_and_aliases() {
        let mut cfg = TaxonomyConfig::default();
        cfg.categories
            .insert("human-error".into(), vec!["fat finger".into()]);
        cfg.category_aliases
            .insert("ops mistake".into(), "human-error".into());
        let t = Taxonomy::new(&cfg);
        let h = t.hits("a fat finger in the console");
        assert_eq!(t.slug(h[0].category), "human-error");
        assert_eq!(
            t.named("Ops mistake").map(|i| t.slug(i)),
            Some("human-error")
        );
        cfg.replace_categories = true;
        let t = Taxonomy::new(&cfg);
        assert!(t.hits("an expired certificate").is_empty());
        assert_eq!(t.categories.len(), 1);
    }

    #[test]
    fn a_phrase_found_twice_adds_half() {
        let t = Taxonomy::new(&TaxonomyConfig::default());
        let once = t.hits("a deadlock");
        let twice = t.hits("a deadlock, then another deadlock");
        assert!((twice[0].score - 1.5 * once[0].score).abs() < 1e-9);
    }
}
