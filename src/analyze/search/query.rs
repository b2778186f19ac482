//! The query language, shared by `hindsight search` and the browser (`search.js` mirrors this
//! file): words, "quoted phrases", `field:term`, `field:"phrase"`, and `-` to exclude.
//! All positive clauses are required. If the last word is unknown, it is read as the prefix of
//! a word being typed.

use super::analysis::{analyze, words};
use super::fields::{facet_value, FACETS, TEXT_FIELDS};

/// At most this many terms stand in for a prefix (the most frequent ones).
pub const PREFIX_EXPANSIONS: usize = 8;

/// Why a query could not be parsed, with a hint for the user.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueryError {
    /// A `"` with no closing quote (characters counted from 1).
    #[error("unclosed quote at character {at}\nhint: close the phrase with another \"")]
    UnclosedQuote {
        /// Where the quote opens.
        at: usize,
    },
    /// A `name:` that is neither a text field nor a facet.
    #[error("unknown field {field:?}\nhint: fields are title, cause, summary, labels, body, category, component, tag, severity; to search for text with a colon, quote it")]
    UnknownField {
        /// The name as written.
        field: String,
    },
    /// `field:` with nothing after it.
    #[error("nothing after {field}:\nhint: write {field}:value, or quote a phrase: {field}:\"two words\"")]
    EmptyValue {
        /// The name as written.
        field: String,
    },
    /// A `-` with no word after it (characters counted from 1).
    #[error("a lone - at character {at}\nhint: write -word to exclude a word")]
    LoneMinus {
        /// Where the `-` stands.
        at: usize,
    },
    /// No words and no filters.
    #[error("empty query\nhint: give words to search for, or a filter such as --category")]
    Empty,
}

/// Where a text clause must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Any text field.
    Any,
    /// One text field, by index into `TEXT_FIELDS`.
    Field(usize),
}

/// What one item of the query asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// Words or a phrase to find.
    Text {
        /// Where they must be found.
        target: Target,
        /// The words as typed.
        raw: String,
        /// Written in quotes: a phrase, not separate words.
        quoted: bool,
    },
    /// An exact facet value (`category:database`).
    Facet {
        /// Index into `FACETS`.
        facet: usize,
        /// The value, normalised by `facet_value`.
        value: String,
    },
}

/// One clause of the query and whether it was excluded with `-`.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What the item asks for.
    pub clause: Clause,
    /// Written with a leading `-`: documents must not match.
    pub negated: bool,
}

fn field_named(name: &str) -> Result<Clause, QueryError> {
    let lower = name.to_ascii_lowercase();
    let canonical = match lower.as_str() {
        "root_cause" | "rootcause" => "cause",
        "service" | "services" | "components" => "component",
        "tags" => "tag",
        "categories" => "category",
        other => other,
    };
    if let Some(i) = TEXT_FIELDS.iter().position(|f| *f == canonical) {
        return Ok(Clause::Text {
            target: Target::Field(i),
            raw: String::new(),
            quoted: false,
        });
    }
    if let Some(i) = FACETS.iter().position(|f| *f == canonical) {
        return Ok(Clause::Facet {
            facet: i,
            value: String::new(),
        });
    }
    Err(QueryError::UnknownField {
        field: name.to_string(),
    })
}

/// Parses the query text. Positions in errors count characters from 1.
pub fn parse(query: &str) -> Result<Vec<Item>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        if chars[i] == '-' {
            negated = true;
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                return Err(QueryError::LoneMinus { at: i });
            }
        }
        let name_end = (i..chars.len())
            .find(|&j| !(chars[j].is_ascii_alphabetic() || chars[j] == '_'))
            .unwrap_or(chars.len());
        let mut clause = None;
        if name_end > i && name_end < chars.len() && chars[name_end] == ':' {
            let name: String = chars[i..name_end].iter().collect();
            clause = Some(field_named(&name)?);
            i = name_end + 1;
        }
        let (value, quoted) = if i < chars.len() && chars[i] == '"' {
            let close = (i + 1..chars.len())
                .find(|&j| chars[j] == '"')
                .ok_or(QueryError::UnclosedQuote { at: i + 1 })?;
            let v: String = chars[i + 1..close].iter().collect();
            i = close + 1;
            (v, true)
        } else {
            let end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
                .unwrap_or(chars.len());
            let v: String = chars[i..end].iter().collect();
            i = end;
            (v, false)
        };
        let clause = match clause {
            None => Clause::Text {
                target: Target::Any,
                raw: value,
                quoted,
            },
            Some(Clause::Text { target, .. }) => Clause::Text {
                target,
                raw: value,
                quoted,
            },
            Some(Clause::Facet { facet, .. }) => Clause::Facet {
                facet,
                value: facet_value(&value),
            },
        };
        let empty = match &clause {
            Clause::Text { raw, .. } => raw.trim().is_empty(),
            Clause::Facet { value, .. } => value.is_empty(),
        };
        if empty {
            match &clause {
                Clause::Facet { facet, .. } => {
                    return Err(QueryError::EmptyValue {
                        field: FACETS[*facet].to_string(),
                    })
                }
                Clause::Text {
                    target: Target::Field(f),
                    quoted: false,
                    ..
                } => {
                    return Err(QueryError::EmptyValue {
                        field: TEXT_FIELDS[*f].to_string(),
                    })
                }
                _ => continue,
            }
        }
        items.push(Item { clause, negated });
    }
    Ok(items)
}

/// A condition a document must meet (or must not).
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// The term in the given field, or in any text field.
    Term {
        /// The analysed term.
        term: String,
        /// The text field, or None for any.
        field: Option<usize>,
    },
    /// Any of these terms, in any text field (a prefix being typed).
    AnyTerm {
        /// The analysed terms.
        terms: Vec<String>,
    },
    /// Terms at these relative positions, within one field.
    Phrase {
        /// (relative position, analysed term) pairs.
        terms: Vec<(usize, String)>,
        /// The text field, or None for any.
        field: Option<usize>,
    },
    /// A document with this facet value.
    Facet {
        /// Index into `FACETS`.
        facet: usize,
        /// The normalised value.
        value: String,
    },
}

/// What to look for and how to score it: the sum over `score_groups` of the best weight
/// within each group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Conditions every hit meets.
    pub must: Vec<Match>,
    /// Conditions no hit meets.
    pub must_not: Vec<Match>,
    /// Groups of terms; a hit scores the best weight within each group (the expansions of a
    /// prefix form one group).
    pub score_groups: Vec<Vec<String>>,
}

impl Plan {
    /// True when nothing positive is asked for (only exclusions, or only stop words).
    pub fn is_unconstrained(&self) -> bool {
        self.must.is_empty()
    }

    /// Every term that scores, for highlighting.
    pub fn highlight_terms(&self) -> Vec<String> {
        let mut t: Vec<String> = self.score_groups.iter().flatten().cloned().collect();
        t.sort();
        t.dedup();
        t
    }
}

/// What planning needs to know about the index.
pub trait Lexicon {
    /// Whether any document has the term, in any field.
    fn has_term(&self, term: &str) -> bool;
    /// Every indexed word starting with `prefix`: (word, term, documents with the term).
    fn words_with_prefix(&self, prefix: &str) -> Vec<(String, String, u32)>;
}

/// Turns parsed items into a plan; the last plain word, when unknown, becomes a prefix.
pub fn plan(items: &[Item], lexicon: &dyn Lexicon) -> Plan {
    let mut p = Plan::default();
    for (idx, item) in items.iter().enumerate() {
        let m = match &item.clause {
            Clause::Facet { facet, value } => Match::Facet {
                facet: *facet,
                value: value.clone(),
            },
            Clause::Text {
                target,
                raw,
                quoted,
            } => {
                let field = match target {
                    Target::Any => None,
                    Target::Field(f) => Some(*f),
                };
                let toks = analyze(raw);
                if toks.is_empty() {
                    continue;
                }
                if toks.len() == 1 {
                    let term = toks[0].term.clone();
                    let is_last_plain = idx + 1 == items.len()
                        && !item.negated
                        && !quoted
                        && field.is_none()
                        && words(raw).len() == 1;
                    if is_last_plain && !lexicon.has_term(&term) {
                        let m = prefix_match(&raw.to_lowercase(), lexicon);
                        if let Match::AnyTerm { terms } = &m {
                            p.score_groups.push(terms.clone());
                        }
                        p.must.push(m);
                        continue;
                    }
                    Match::Term { term, field }
                } else {
                    let first = toks[0].position;
                    Match::Phrase {
                        terms: toks
                            .iter()
                            .map(|t| (t.position - first, t.term.clone()))
                            .collect(),
                        field,
                    }
                }
            }
        };
        if item.negated {
            p.must_not.push(m);
        } else {
            match &m {
                Match::Term { term, .. } => p.score_groups.push(vec![term.clone()]),
                Match::Phrase { terms, .. } => {
                    p.score_groups
                        .extend(terms.iter().map(|(_, t)| vec![t.clone()]));
                }
                _ => {}
            }
            p.must.push(m);
        }
    }
    p
}

fn prefix_match(prefix: &str, lexicon: &dyn Lexicon) -> Match {
    let mut found: Vec<(u32, String)> = Vec::new();
    if prefix.chars().count() >= 2 {
        found = lexicon
            .words_with_prefix(prefix)
            .into_iter()
            .filter(|(_, _, df)| *df > 0)
            .map(|(_, t, df)| (df, t))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found.dedup_by(|a, b| a.1 == b.1);
        found.truncate(PREFIX_EXPANSIONS);
    }
    Match::AnyTerm {
        terms: found.into_iter().map(|(_, t)| t).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lex;
    impl Lexicon for Lex {
        fn has_term(&self, term: &str) -> bool {
            ["apach", "configur", "config"].contains(&term)
        }
        fn words_with_prefix(&self, prefix: &str) -> Vec<(String, String, u32)> {
            [
                ("configuration", "configur", 3),
                ("configured", "configur", 3),
                ("config", "config", 4),
                ("apache", "apach", 5),
            ]
            .iter()
            .filter(|(w, _, _)| w.starts_with(prefix))
            .map(|(w, t, n)| (w.to_string(), t.to_string(), *n))
            .collect()
        }
    }

    #[test]
    fn parses_words_phrases_fields_and_exclusions() {
        let items =
            parse(r#"apache "vhost reload" -nginx category:Config title:"bad deploy""#).unwrap();
        assert_eq!(items.len(), 5);
        assert!(
            matches!(&items[1].clause, Clause::Text { quoted: true, raw, .. } if raw == "vhost reload")
        );
        assert!(items[2].negated);
        assert_eq!(
            items[3].clause,
            Clause::Facet {
                facet: 0,
                value: "config".into()
            }
        );
        assert!(matches!(
            &items[4].clause,
            Clause::Text {
                target: Target::Field(0),
                quoted: true,
                ..
            }
        ));
    }

    #[test]
    fn malformed_queries_are_errors() {
        assert_eq!(
            parse("\"open").unwrap_err(),
            QueryError::UnclosedQuote { at: 1 }
        );
        assert!(matches!(
            parse("colour:red"),
            Err(QueryError::UnknownField { .. })
        ));
        assert!(matches!(parse("tag:"), Err(QueryError::EmptyValue { .. })));
        assert!(matches!(parse("a - b"), Err(QueryError::LoneMinus { .. })));
        assert!(parse("10:05 outage").is_ok());
    }

    #[test]
    fn plans_prefix_for_unknown_last_word() {
        let p = plan(&parse("apache configura").unwrap(), &Lex);
        assert_eq!(
            p.score_groups,
            vec![vec!["apach".to_string()], vec!["configur".to_string()]]
        );
        let p = plan(&parse("conf").unwrap(), &Lex);
        assert_eq!(
            p.score_groups,
            vec![vec!["config".to_string(), "configur".to_string()]]
        );
        // a known word is not expanded, and the stop word is dropped
        let p = plan(&parse("the apache").unwrap(), &Lex);
        assert_eq!(
            p.must,
            vec![Match::Term {
                term: "apach".into(),
                field: None
            }]
        );
    }

    #[test]
    fn multi_token_word_is_a_phrase() {
        let p = plan(&parse("v8.26 -\"out of memory\"").unwrap(), &Lex);
        assert!(matches!(&p.must[0], Match::Phrase { terms, .. } if terms.len() == 2));
        assert!(matches!(&p.must_not[0], Match::Phrase { terms, .. } if terms[1].0 == 2));
    }
}
