//! Components: canonical slugs found by their names and aliases (`data/components.toml`, which
//! site.toml can extend or replace), all read in one pass of a `RegexSet`.

use super::data::{ComponentDef, GenericDef, COMPONENTS};
use crate::config::TaxonomyConfig;
use crate::extract::slugify;
use regex::{Regex, RegexSet, RegexSetBuilder};

struct Entry {
    slug: String,
    aliases: Vec<String>,
    implies: Vec<String>,
}

pub struct ComponentDictionary {
    entries: Vec<Entry>,
    set: RegexSet,
    generic: Vec<Generic>,
}

/// A generic name and the specific components it may stand for.
struct Generic {
    component: Option<String>,
    words: Option<Regex>,
    specific: Vec<String>,
}

impl ComponentDictionary {
    pub fn new(cfg: &TaxonomyConfig) -> Self {
        let mut entries: Vec<Entry> = Vec::new();
        if !cfg.replace_components {
            for def in &COMPONENTS.component {
                add(&mut entries, def.clone());
            }
        }
        for (slug, aliases) in &cfg.components {
            let def = ComponentDef {
                slug: slugify(slug),
                aliases: aliases.clone(),
                implies: Vec::new(),
            };
            add(&mut entries, def);
        }
        let patterns: Vec<String> = entries.iter().map(entry_pattern).collect();
        let set = RegexSetBuilder::new(&patterns)
            .dfa_size_limit(crate::extract::SET_DFA_CACHE)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
        let generic = if cfg.replace_components {
            Vec::new()
        } else {
            COMPONENTS.generic.iter().map(compile_generic).collect()
        };
        ComponentDictionary {
            entries,
            set,
            generic,
        }
    }

    /// Components named in `text`, in dictionary order, each followed by those it implies.
    pub fn find(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in self.set.matches(text).iter() {
            let e = &self.entries[i];
            for s in std::iter::once(&e.slug).chain(e.implies.iter()) {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
        out
    }

    /// Whether `text` names any component.
    pub fn names_any(&self, text: &str) -> bool {
        self.set.is_match(text)
    }

    /// Specific components the body names alone, for each generic name found in the cause:
    /// when the cause says "the web server" and the document names only nginx, it is nginx.
    pub fn resolve_generic(
        &self,
        found: &[String],
        cause: &str,
        body_components: &[String],
    ) -> Vec<String> {
        let mut out = Vec::new();
        for g in &self.generic {
            let present = match (&g.component, &g.words) {
                (Some(c), _) => found.contains(c),
                (None, Some(re)) => re.is_match(cause),
                (None, None) => false,
            };
            if !present || g.specific.iter().any(|s| found.contains(s)) {
                continue;
            }
            let named: Vec<&String> = g
                .specific
                .iter()
                .filter(|s| body_components.contains(s))
                .collect();
            if let [one] = named[..] {
                out.push(one.clone());
            }
        }
        out
    }
}

fn add(entries: &mut Vec<Entry>, def: ComponentDef) {
    let slug = slugify(&def.slug);
    let mut aliases = def.aliases;
    aliases.push(slug.replace('-', " "));
    aliases.push(slug.clone());
    match entries.iter_mut().find(|e| e.slug == slug) {
        Some(e) => {
            e.aliases.extend(aliases);
            e.implies.extend(def.implies);
        }
        None => entries.push(Entry {
            slug,
            aliases,
            implies: def.implies,
        }),
    }
}

/// A whole-word match of any alias; `nginx-config` and `apache-server` still name the server.
fn entry_pattern(e: &Entry) -> String {
    let mut all: Vec<&str> = e
        .aliases
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    all.sort_by_key(|a| std::cmp::Reverse(a.len()));
    all.dedup();
    let alt = all
        .iter()
        .map(|a| regex::escape(a))
        .collect::<Vec<_>>()
        .join("|");
    format!(r"(?i)(?:^|[^\w-])(?:{alt})(?:$|[^\w-]|-(?:server|config|settings)(?-u:\b))")
}

fn compile_generic(g: &GenericDef) -> Generic {
    let words = (!g.words.is_empty()).then(|| {
        let alt = g
            .words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{alt})(?-u:\b)")).expect("generic words")
    });
    Generic {
        component: g.component.clone(),
        words,
        specific: g.specific.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> ComponentDictionary {
        ComponentDictionary::new(&TaxonomyConfig::default())
    }

    #[test]
    fn aliases_and_implied() {
        let c = dict()
            .find("The LB config was fine but Postgres and the nginx-config broke; httpd too.");
        for want in ["postgresql", "database", "nginx", "apache", "load-balancer"] {
            assert!(c.contains(&want.to_string()), "{want} in {c:?}");
        }
        assert!(!dict()
            .find("a prefix in the address")
            .contains(&"network".to_string()));
    }

    #[test]
    fn a_generic_name_in_the_cause_is_the_one_server_the_document_names() {
        let d = dict();
        let r = d.resolve_generic(&["web-server".into()], "", &["nginx".into()]);
        assert_eq!(r, vec!["nginx"]);
        let r = d.resolve_generic(
            &["web-server".into()],
            "",
            &["nginx".into(), "apache".into()],
        );
        assert!(r.is_empty());
        let r = d.resolve_generic(
            &[],
            "the worker nodes ran out of memory",
            &["kubernetes".into()],
        );
        assert_eq!(r, vec!["kubernetes"]);
    }

    #[test]
    fn site_toml_extends_and_replaces() {
        let mut cfg = TaxonomyConfig::default();
        cfg.components
            .insert("payments".into(), vec!["stripe".into()]);
        let d = ComponentDictionary::new(&cfg);
        assert_eq!(d.find("Stripe was down"), vec!["payments"]);
        assert!(d.find("nginx").contains(&"nginx".to_string()));
        cfg.replace_components = true;
        let d = ComponentDictionary::new(&cfg);
        assert!(d.find("nginx and redis").is_empty());
        assert_eq!(d.find("stripe"), vec!["payments"]);
    }
}
