//! Section names: what a heading or label means, whatever its decoration. The names live in
//! `sections.toml` (built in, in English, German, French, Spanish and Portuguese); site.toml's
//! `[sections]` adds names to a kind.

use serde::Deserialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

pub use super::kind::SectionKind;

/// The kind a site.toml key names (`root_cause`, `root cause`, `Root-Cause`).
fn kind_from_key(name: &str) -> Option<SectionKind> {
    let key: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    NAMES
        .kinds
        .iter()
        .map(|(k, _)| *k)
        .find(|k| k.name() == key)
}

/// Section kinds in the order they are tried, each with the names that mean it (lower-case).
#[derive(Debug, Clone, PartialEq)]
pub struct SectionNames {
    kinds: Vec<(SectionKind, Vec<String>)>,
}

#[derive(Deserialize)]
struct NamesFile {
    kind: Vec<KindEntry>,
}

#[derive(Deserialize)]
struct KindEntry {
    name: SectionKind,
    #[serde(flatten)]
    languages: BTreeMap<String, Vec<String>>,
}

static NAMES: LazyLock<SectionNames> = LazyLock::new(|| {
    SectionNames::parse(include_str!("sections.toml"))
        .unwrap_or_else(|e| panic!("built-in sections.toml: {e}"))
});

impl SectionNames {
    /// The built-in names.
    pub fn built_in() -> &'static SectionNames {
        &NAMES
    }

    fn parse(text: &str) -> Result<SectionNames, toml::de::Error> {
        let file: NamesFile = toml::from_str(text)?;
        let kinds = file
            .kind
            .into_iter()
            .map(|k| {
                let names = k
                    .languages
                    .into_values()
                    .flatten()
                    .map(|n| n.to_lowercase());
                (k.name, names.collect())
            })
            .collect();
        Ok(SectionNames { kinds })
    }

    /// The built-in names plus a site's (`kind -> names`); an unknown kind is an error naming it.
    pub fn with_site(extra: &BTreeMap<String, Vec<String>>) -> Result<SectionNames, String> {
        let mut names = NAMES.clone();
        for (key, added) in extra {
            let kind = kind_from_key(key).ok_or_else(|| {
                let known: Vec<_> = NAMES.kinds.iter().map(|(k, _)| k.name()).collect();
                format!(
                    "[sections] has an unknown section kind `{key}`; known kinds: {}",
                    known.join(", ")
                )
            })?;
            if let Some((_, list)) = names.kinds.iter_mut().find(|(k, _)| *k == kind) {
                list.extend(
                    added
                        .iter()
                        .map(|n| n.trim().to_lowercase())
                        .filter(|n| !n.is_empty()),
                );
            }
        }
        Ok(names)
    }

    /// The kind of a cleaned, lower-cased heading: the first kind with a name in it.
    fn classify(&self, clean: &str) -> Option<SectionKind> {
        let padded = format!(" {clean} ");
        self.kinds.iter().find_map(|(kind, names)| {
            names
                .iter()
                .any(|p| {
                    if p.len() <= 5 {
                        // Short names must be whole words (`fix` not `prefix`, `luck` not `plucky`).
                        contains_word(&padded, p)
                    } else {
                        padded.contains(p.as_str())
                    }
                })
                .then_some(*kind)
        })
    }
}

thread_local! {
    /// The names in force while one document is read (a site's, set by `with_names`).
    static SITE_NAMES: RefCell<Option<Arc<SectionNames>>> = const { RefCell::new(None) };
}

/// Runs `f` with a site's section names in force on this thread (the built-in ones when `None`).
pub fn with_names<R>(names: Option<&Arc<SectionNames>>, f: impl FnOnce() -> R) -> R {
    let before = SITE_NAMES.with(|n| n.replace(names.cloned()));
    let out = f();
    SITE_NAMES.with(|n| *n.borrow_mut() = before);
    out
}

/// Heading text without numbering, emoji, emphasis marks or trailing colon, lower-cased.
pub fn clean_heading(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    // Numbering: `1.`, `2)`, `IV.`, `Step 3:`.
    let t = strip_numbering(t);
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    let t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '?');
    t.trim_end_matches('?').trim().to_lowercase()
}

fn strip_numbering(t: &str) -> &str {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(['.', ')', ':']) {
            return r;
        }
        if rest.starts_with(' ') {
            return rest;
        }
    }
    let roman = t
        .chars()
        .take_while(|c| matches!(c, 'I' | 'V' | 'X'))
        .count();
    if roman > 0 {
        if let Some(r) = t[roman..].strip_prefix(['.', ')']) {
            return r;
        }
    }
    t
}

/// The canonical kind of a heading or label (`root_cause`, `timeline`, ...), if known.
pub fn classify_heading(text: &str) -> Option<&'static str> {
    classify_kind(text).map(SectionKind::name)
}

/// The kind of a heading or label, with the names in force (see `with_names`).
pub fn classify_kind(text: &str) -> Option<SectionKind> {
    SITE_NAMES.with(|n| {
        let site = n.borrow();
        if text.len() > KIND_MEMO_TEXT {
            return classify_with(text, site.as_deref());
        }
        KIND_MEMO.with(|m| {
            let mut m = m.borrow_mut();
            let same = match (&m.0, &*site) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            };
            if !same {
                m.1.clear();
                m.0 = site.clone();
            }
            if let Some(kind) = m.1.get(text) {
                return *kind;
            }
            let kind = classify_with(text, site.as_deref());
            if m.1.len() >= KIND_MEMO_ENTRIES {
                m.1.clear();
            }
            m.1.insert(text.to_string(), kind);
            kind
        })
    })
}

fn classify_with(text: &str, site: Option<&SectionNames>) -> Option<SectionKind> {
    let clean = clean_heading(text);
    if clean.is_empty() || clean.split_whitespace().count() > 9 {
        return None;
    }
    site.unwrap_or(&NAMES).classify(&clean)
}

/// Texts up to this long are remembered by [`classify_kind`], at most this many per thread.
const KIND_MEMO_TEXT: usize = 120;
const KIND_MEMO_ENTRIES: usize = 1 << 16;

type KindMemo = (
    Option<Arc<SectionNames>>,
    std::collections::HashMap<String, Option<SectionKind>>,
);

thread_local! {
    /// `classify_kind`'s answers on this thread, for the names they were found with (held, so
    /// a site's names are never mistaken for another's): headings and labels repeat across a
    /// corpus, and classifying scans every name of every kind.
    static KIND_MEMO: RefCell<KindMemo> = RefCell::new((None, Default::default()));
}

fn contains_word(hay: &str, word: &str) -> bool {
    let mut start = 0;
    while let Some(i) = hay[start..].find(word) {
        let a = start + i;
        let b = a + word.len();
        let before = hay[..a]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = hay[b..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || c == 'e' || c == 's');
        if before && after {
            return true;
        }
        start = b;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms() {
        for (h, k) in [
            ("Issue Summary:", "summary"),
            ("## 1. Overview", "summary"),
            ("🔥 Root Cause Analysis", "root_cause"),
            ("Cause", "root_cause"),
            ("Root cause and Resolution", "root_cause"),
            ("Chronology", "timeline"),
            ("Mitigation", "resolution"),
            ("Corrective and Preventative Measures", "action_items"),
            ("Follow-ups", "action_items"),
            ("Red herrings", "misleading_paths"),
            ("Escalation", "escalation"),
            ("What went well", "lessons_well"),
            ("Where we got lucky", "lessons_lucky"),
        ] {
            assert_eq!(classify_heading(h), Some(k), "{h}");
        }
        assert_eq!(classify_heading("Prefix notes"), None);
        assert_eq!(classify_heading("Actions taken"), None);
        assert_eq!(
            classify_heading("Because we never tested the script on staging we lost it all again"),
            None
        );
    }

    #[test]
    fn headings_in_other_languages() {
        for (h, k) in [
            ("## Ursache", "root_cause"),
            ("Zeitablauf", "timeline"),
            ("Auswirkungen", "impact"),
            ("Zusammenfassung", "summary"),
            ("Maßnahmen", "action_items"),
            ("Cause racine", "root_cause"),
            ("Chronologie", "timeline"),
            ("Résumé", "summary"),
            ("Causa raíz", "root_cause"),
            ("Línea de tiempo", "timeline"),
            ("Resumen", "summary"),
            ("Lecciones aprendidas", "lessons"),
            ("Causa raiz", "root_cause"),
            ("Linha do tempo", "timeline"),
            ("Resumo", "summary"),
            ("Próximos passos", "action_items"),
        ] {
            assert_eq!(classify_heading(h), Some(k), "{h}");
        }
    }

    #[test]
    fn short_everyday_headings() {
        for (h, k) in [
            ("## Why", "root_cause"),
            ("Why?", "root_cause"),
            ("How it was fixed", "resolution"),
            ("What we will do", "action_items"),
            ("What we're doing about it", "action_items"),
        ] {
            assert_eq!(classify_heading(h), Some(k), "{h}");
        }
    }

    #[test]
    fn a_site_adds_names_to_a_kind() {
        let mut extra = BTreeMap::new();
        extra.insert("root cause".to_string(), vec!["Wat er misging".to_string()]);
        let names = Arc::new(SectionNames::with_site(&extra).unwrap());
        assert_eq!(classify_heading("Wat er misging"), None);
        let kind = with_names(Some(&names), || classify_heading("## Wat er misging"));
        assert_eq!(kind, Some("root_cause"));
        assert_eq!(classify_heading("Wat er misging"), None);
        let mut bad = BTreeMap::new();
        bad.insert("causes".to_string(), vec!["x".to_string()]);
        let err = SectionNames::with_site(&bad).unwrap_err();
        assert!(
            err.contains("`causes`") && err.contains("root_cause"),
            "{err}"
        );
    }
}
