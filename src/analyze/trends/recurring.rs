//! Grouping short statements from different incidents that say the same thing ("enhance
//! monitoring" / "improve alerting"): normalise each to a set of tokens, then join a statement to
//! the first group whose seed set is similar enough (Jaccard index).

use std::collections::{BTreeSet, HashMap};

/// Two statements belong together when |A ∩ B| / |A ∪ B| reaches this.
pub const JACCARD_THRESHOLD: f64 = 0.5;

/// Words that carry no meaning for grouping.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "by", "can", "do", "does", "during", "each", "every", "for", "from", "has", "have",
    "if", "in", "into", "is", "it", "its", "more", "must", "need", "needs", "new", "not", "of",
    "on", "or", "our", "out", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "this", "those", "to", "up", "us", "was", "we", "were",
    "when", "which", "while", "will", "with", "would",
    // Clock and zone words from timeline-style lines ("10:00 AM EST - suspected ...").
    "am", "pm", "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet", "cest",
    "bst",
];

/// Words that mean the same for this purpose, mapped to one token.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "add",
        &[
            "add",
            "adding",
            "added",
            "enhance",
            "enhanced",
            "enhancing",
            "improve",
            "improved",
            "improving",
            "increase",
            "implement",
            "implemented",
            "introduce",
            "create",
            "expand",
            "extend",
            "strengthen",
            "better",
            "build",
            "set",
            "setup",
        ],
    ),
    (
        "monitor",
        &[
            "monitor",
            "monitors",
            "monitoring",
            "monitored",
            "alert",
            "alerts",
            "alerting",
            "alarm",
            "alarms",
            "observability",
            "paging",
            "page",
        ],
    ),
    (
        "validate",
        &[
            "validate",
            "validates",
            "validated",
            "validating",
            "validation",
            "validations",
            "verify",
            "verification",
            "check",
            "checks",
            "checking",
            "lint",
            "linting",
        ],
    ),
    (
        "config",
        &[
            "config",
            "configs",
            "configuration",
            "configurations",
            "setting",
            "settings",
        ],
    ),
    ("database", &["db", "dbs", "database", "databases"]),
    (
        "deploy",
        &[
            "deploy",
            "deploys",
            "deployed",
            "deployment",
            "deployments",
            "rollout",
            "rollouts",
            "release",
            "releases",
        ],
    ),
    ("test", &["test", "tests", "tested", "testing"]),
    ("runbook", &["runbook", "runbooks", "playbook", "playbooks"]),
    (
        "doc",
        &["doc", "docs", "document", "documentation", "documented"],
    ),
];

/// The token set of a statement: lower-case words, stop words dropped, synonyms merged, crude
/// suffixes stripped. Sorted and unique.
pub fn normalise(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let set: BTreeSet<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| match synonym(w) {
            Some(s) => s.to_string(),
            None => {
                let stem = stem(w);
                synonym(&stem).map(str::to_string).unwrap_or(stem)
            }
        })
        .collect();
    set.into_iter().collect()
}

fn synonym(word: &str) -> Option<&'static str> {
    SYNONYMS
        .iter()
        .find(|(_, words)| words.contains(&word))
        .map(|(canon, _)| *canon)
}

/// Strips common English inflections so "suspected"/"suspect", "files"/"file", "blamed"/"blame"
/// match: a plural or past/progressive suffix, then a final "e".
fn stem(word: &str) -> String {
    let mut w = strip_suffix(word);
    if w.chars().count() >= 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

fn strip_suffix(word: &str) -> String {
    let n = word.chars().count();
    let strip = |suffix: &str, min: usize| n >= min && word.ends_with(suffix);
    if strip("ies", 5) {
        return format!("{}y", &word[..word.len() - 3]);
    }
    for (suffix, min) in [("ing", 6), ("ed", 5), ("es", 5), ("s", 4)] {
        if strip(suffix, min) && !word.ends_with("ss") {
            let base = &word[..word.len() - suffix.len()];
            // "es" only after a sibilant ("fixes"); otherwise drop just the "s" ("rules").
            if suffix == "es" && !(base.ends_with(['s', 'x', 'z']) || base.ends_with("ch")) {
                continue;
            }
            return base.to_string();
        }
    }
    word.to_string()
}

pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// One statement to group: which incident said it and what it said.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    pub incident: usize,
    pub text: &'a str,
}

#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// Tokens of the first statement; later ones are compared against these.
    pub seed: Vec<String>,
    pub members: Vec<Statement<'a>>,
}

/// Groups statements in the order given (callers pass them oldest incident first, so a group's
/// seed is its earliest statement). Statements with no meaningful words are left out.
pub fn group<'a>(statements: &[Statement<'a>], threshold: f64) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut exact: HashMap<Vec<String>, usize> = HashMap::new();
    let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
    for st in statements {
        let tokens = normalise(st.text);
        if tokens.is_empty() {
            continue;
        }
        let found = exact.get(&tokens).copied().or_else(|| {
            // Only groups sharing a token can reach the threshold.
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for t in &tokens {
                for &g in postings.get(t).map(Vec::as_slice).unwrap_or(&[]) {
                    *shared.entry(g).or_default() += 1;
                }
            }
            let mut best: Option<(usize, f64)> = None;
            for (g, inter) in shared {
                let union = tokens.len() + groups[g].seed.len() - inter;
                let j = inter as f64 / union as f64;
                let better = match best {
                    None => true,
                    Some((bg, bj)) => j > bj || (j == bj && g < bg),
                };
                if j >= threshold && better {
                    best = Some((g, j));
                }
            }
            best.map(|(g, _)| g)
        });
        match found {
            Some(g) => groups[g].members.push(st.clone()),
            None => {
                let g = groups.len();
                for t in &tokens {
                    postings.entry(t.clone()).or_default().push(g);
                }
                exact.insert(tokens.clone(), g);
                groups.push(Group {
                    seed: tokens,
                    members: vec![st.clone()],
                });
            }
        }
    }
    groups
}

/// The wording most members used (case-insensitive), the earliest on ties.
pub fn label(members: &[Statement<'_>]) -> String {
    let mut counts: Vec<(String, usize, &str)> = Vec::new();
    for m in members {
        let key = m.text.trim().to_lowercase();
        match counts.iter_mut().find(|(k, _, _)| *k == key) {
            Some(c) => c.1 += 1,
            None => counts.push((key, 1, m.text.trim())),
        }
    }
    let mut best = &counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = c;
        }
    }
    best.2.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(incident: usize, text: &str) -> Statement<'_> {
        Statement { incident, text }
    }

    #[test]
    fn synonyms_and_stop_words() {
        assert_eq!(
            normalise("Enhance monitoring for the API"),
            ["add", "api", "monitor"]
        );
        assert_eq!(
            normalise("Improve alerting on API"),
            ["add", "api", "monitor"]
        );
        assert_eq!(
            normalise("Add validation of configuration files in CI"),
            ["add", "ci", "config", "fil", "validate"]
        );
        assert_eq!(
            normalise("We suspected the DB at first"),
            ["database", "first", "suspect"]
        );
        assert_eq!(normalise("Fixes for 2 classes"), ["class", "fix"]);
        assert_eq!(
            normalise("10:00 AM EST - blamed the network"),
            ["blam", "network"]
        );
        assert_eq!(normalise("blame"), normalise("blamed"));
        assert_eq!(normalise("files"), normalise("file"));
    }

    #[test]
    fn groups_by_jaccard() {
        let items = [
            st(0, "Enhance monitoring for the API"),
            st(0, "Add config validation in CI"),
            st(1, "Improve alerting on API"),
            st(2, "Add validation of configuration files in CI"),
            st(3, "Write runbook"),
        ];
        let groups = group(&items, JACCARD_THRESHOLD);
        let members: Vec<Vec<usize>> = groups
            .iter()
            .map(|g| g.members.iter().map(|m| m.incident).collect())
            .collect();
        // {add,ci,config,validate} vs {add,ci,config,file,validate}: 4/5 >= 0.5.
        assert_eq!(members, vec![vec![0, 1], vec![0, 2], vec![3]]);
    }

    #[test]
    fn below_threshold_stays_apart() {
        // {add,test} vs {add,monitor}: 1/3 < 0.5.
        let items = [st(0, "add tests"), st(1, "add alerts")];
        assert_eq!(group(&items, JACCARD_THRESHOLD).len(), 2);
    }

    #[test]
    fn label_is_most_common_wording() {
        let items = [
            st(0, "Add alerts"),
            st(1, "add alerting"),
            st(2, "add alerting"),
        ];
        assert_eq!(label(&items), "add alerting");
    }
}
