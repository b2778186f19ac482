//! Grouping short statements from different incidents that say the same thing ("enhance
//! monitoring" / "improve alerting"): normalise each to a set of tokens, then join a statement to
//! the first group whose seed set is similar enough (Jaccard index).

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

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
    let lower = without_asides(&head_clause(&text.to_lowercase()));
    // Inner `-`, `_` and `.` stay, so `svc-3` and `OPS-1234` remain one specific word.
    let set: BTreeSet<String> = lower
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .filter(|w| !w.chars().all(|c| !c.is_alphabetic()))
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

/// The promise or suspicion itself: the first clause, without a leading clock time or a short
/// label ("Misleading path: ..."). What follows a colon, comma or "because" is detail that makes
/// two wordings of the same promise look different.
fn head_clause(text: &str) -> String {
    static CLOCK: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5})?\s*[-–—:]\s*",
        )
        .expect("valid regex")
    });
    let mut rest = CLOCK.replace(text, "").into_owned();
    if let Some((label, after)) = rest.split_once(':') {
        if label.split_whitespace().count() <= 3 && !after.trim().is_empty() {
            rest = after.to_string();
        }
    }
    let cut = [
        ":",
        ";",
        ",",
        " — ",
        " - ",
        " because ",
        " since ",
        " so that ",
        " including ",
    ]
    .iter()
    .filter_map(|sep| rest.find(sep))
    .min()
    .unwrap_or(rest.len());
    let head = &rest[..cut];
    // A head too short to say anything keeps the whole statement.
    if head.split_whitespace().count() >= 3 {
        head.to_string()
    } else {
        rest
    }
}

/// Drops parenthesised asides such as "(owner: payments team)": who does it is not what is
/// promised.
fn without_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn synonym(word: &str) -> Option<&'static str> {
    static TABLE: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
        SYNONYMS
            .iter()
            .flat_map(|(canon, words)| words.iter().map(move |w| (*w, *canon)))
            .collect()
    });
    TABLE.get(word).copied()
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

/// The Jaccard index of two sorted token lists (0 when both are empty).
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
    /// Index of the incident in the caller's list.
    pub incident: usize,
    /// The statement as written.
    pub text: &'a str,
}

/// Statements that say much the same thing, the earliest first.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// Tokens of the first statement; later ones are compared against these.
    pub seed: Vec<String>,
    /// Every statement of the group, in the order given.
    pub members: Vec<Statement<'a>>,
}

/// Groups statements in the order given (callers pass them oldest incident first, so a group's
/// seed is its earliest statement). A statement joins the group whose seed is most similar (the
/// earliest on ties) when the Jaccard index reaches `threshold`. Statements with no meaningful
/// words are left out.
///
/// Candidates are found by prefix filtering: words get ids in order of rarity, so each sorted id
/// set starts with its rarest words; two sets with Jaccard >= t share a word among the first
/// |A| - ceil(t|A|) + 1 of each, so only those are indexed and probed. A length filter and a
/// positional bound on the overlap drop most candidates before the exact check. The result is
/// the same as comparing with every group (see the brute-force test).
pub fn group<'a>(statements: &[Statement<'a>], threshold: f64) -> Vec<Group<'a>> {
    // Normalising is most of the cost and independent per statement (order is kept).
    use rayon::prelude::*;
    let token_sets: Vec<Vec<String>> = statements.par_iter().map(|s| normalise(s.text)).collect();
    let (id_sets, words) = ids_by_rarity(&token_sets);
    let mut index = SeedIndex::new(words, threshold);
    let mut groups: Vec<Group<'a>> = Vec::new();
    for (n, (st, a)) in statements.iter().zip(&id_sets).enumerate() {
        if a.is_empty() {
            continue;
        }
        match index.most_similar(n, a) {
            Some(g) => groups[g].members.push(st.clone()),
            None => {
                index.add(a, groups.len());
                groups.push(Group {
                    seed: token_sets[n].clone(),
                    members: vec![st.clone()],
                });
            }
        }
    }
    groups
}

/// Each token set as sorted word ids, the rarest word first (id 0 is the rarest word), and
/// the number of distinct words.
fn ids_by_rarity(token_sets: &[Vec<String>]) -> (Vec<Vec<u32>>, usize) {
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for set in token_sets {
        for t in set {
            *freq.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut words: Vec<(&str, usize)> = freq.into_iter().collect();
    words.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
    let id: HashMap<&str, u32> = words
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let id_sets = token_sets
        .iter()
        .map(|set| {
            let mut ids: Vec<u32> = set.iter().map(|t| id[t.as_str()]).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    (id_sets, words.len())
}

/// The seeds of the groups made so far, indexed by the words of their prefixes.
struct SeedIndex<'s> {
    threshold: f64,
    seeds: Vec<&'s [u32]>,
    exact: HashMap<&'s [u32], usize>,
    /// word id -> seeds holding it in their prefix, bucketed by (seed length, position of the
    /// word), so a bucket that cannot reach the threshold is skipped whole.
    postings: Vec<Vec<Bucket>>,
    /// Which statement last looked at each group, to visit a candidate once per statement.
    visited: Vec<usize>,
}

impl<'s> SeedIndex<'s> {
    fn new(words: usize, threshold: f64) -> Self {
        SeedIndex {
            threshold,
            seeds: Vec::new(),
            exact: HashMap::new(),
            postings: vec![Vec::new(); words],
            visited: Vec::new(),
        }
    }

    /// How many of a set's first (rarest) words any set similar enough must share one of.
    fn prefix_len(&self, len: usize) -> usize {
        len - ((self.threshold * len as f64 - 1e-9).ceil().max(1.0) as usize) + 1
    }

    /// The group whose seed is most similar to statement `n`'s ids `a` (the earliest on
    /// ties), when the Jaccard index reaches the threshold.
    fn most_similar(&mut self, n: usize, a: &[u32]) -> Option<usize> {
        if let Some(&g) = self.exact.get(a) {
            return Some(g);
        }
        let threshold = self.threshold;
        let mut best: Option<(usize, f64)> = None;
        let la = a.len() as f64;
        for (i, &t) in a.iter().take(self.prefix_len(a.len())).enumerate() {
            for bucket in &self.postings[t as usize] {
                // Length filter, then: nothing before (i, pos) is shared (or an earlier,
                // looser bound already failed), so the overlap is at most 1 + the shorter
                // remainder; Jaccard >= t needs t/(1+t) (|A|+|B|) shared words.
                let lb = bucket.len as f64;
                if lb < threshold * la - 1e-9 || la < threshold * lb - 1e-9 {
                    continue;
                }
                let bound =
                    1 + (a.len() - i - 1).min(bucket.len as usize - bucket.pos as usize - 1);
                if (bound as f64) < threshold / (1.0 + threshold) * (la + lb) - 1e-9 {
                    continue;
                }
                for &g in &bucket.groups {
                    let g = g as usize;
                    if self.visited[g] == n + 1 {
                        continue;
                    }
                    self.visited[g] = n + 1;
                    let b = self.seeds[g];
                    let o = overlap(a, b);
                    let jac = o as f64 / (a.len() + b.len() - o) as f64;
                    let better = match best {
                        None => true,
                        Some((bg, bj)) => jac > bj || (jac == bj && g < bg),
                    };
                    if jac >= threshold && better {
                        best = Some((g, jac));
                    }
                }
            }
        }
        best.map(|(g, _)| g)
    }

    /// Makes `a` the seed of group `g`.
    fn add(&mut self, a: &'s [u32], g: usize) {
        for (j, &t) in a.iter().take(self.prefix_len(a.len())).enumerate() {
            let (len, pos) = (a.len() as u32, j as u32);
            let list = &mut self.postings[t as usize];
            match list.iter_mut().find(|b| b.len == len && b.pos == pos) {
                Some(b) => b.groups.push(g as u32),
                None => list.push(Bucket {
                    len,
                    pos,
                    groups: vec![g as u32],
                }),
            }
        }
        self.exact.insert(a, g);
        self.seeds.push(a);
        self.visited.push(0);
    }
}

#[derive(Clone)]
struct Bucket {
    len: u32,
    pos: u32,
    groups: Vec<u32>,
}

/// Shared elements of two sorted id lists.
fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The wording most members used (case-insensitive), the earliest on ties.
pub fn label(members: &[Statement<'_>]) -> String {
    // (count, first wording) per lower-cased wording, in order of first appearance; the index
    // finds a wording's entry without a scan (groups can have thousands of members).
    let mut counts: Vec<(usize, &str)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for m in members {
        let key = m.text.trim().to_lowercase();
        match index.get(&key) {
            Some(&at) => counts[at].0 += 1,
            None => {
                index.insert(key, counts.len());
                counts.push((1, m.text.trim()));
            }
        }
    }
    let mut best = &counts[0];
    for c in &counts[1..] {
        if c.0 > best.0 {
            best = c;
        }
    }
    best.1.to_string()
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
        assert_eq!(
            normalise("14:20 WAT: We suspected the database first, since pages were slow"),
            normalise("We suspected the database first: the replica lagged")
        );
        assert_eq!(
            normalise("Misleading path: we suspected the load balancer"),
            normalise("We suspected the load balancer")
        );
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
    fn parenthesised_owners_are_dropped() {
        assert_eq!(
            normalise("Alert on checkout 5xx (owner: payments team)"),
            ["5xx", "checkout", "monitor"]
        );
    }

    #[test]
    fn hyphenated_names_stay_whole() {
        assert_eq!(
            normalise("Add alerts for svc-3."),
            ["add", "monitor", "svc-3"]
        );
        assert_eq!(
            normalise("Fix OPS-1234 in v2.1"),
            ["fix", "ops-1234", "v2.1"]
        );
    }

    /// Prefix filtering must find exactly the groups a comparison with every seed finds.
    #[test]
    fn prefix_filter_matches_brute_force() {
        let texts = [
            "add monitoring api",
            "improve alerting for the api gateway",
            "api gateway alerts",
            "add config validation",
            "validate config in ci",
            "config validation ci pipeline",
            "load tests",
            "add load tests for checkout",
            "checkout load testing",
            "runbook",
            "write runbook for checkout",
            "checkout runbook",
            "monitoring",
            "alerting",
        ];
        let mut all: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        // Plus pseudo-random word sets over a small vocabulary, so sets overlap a lot.
        let vocab = [
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        ];
        let mut x: u64 = 7;
        for _ in 0..300 {
            let mut words = Vec::new();
            for w in vocab {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (x >> 33).is_multiple_of(3) {
                    words.push(w);
                }
            }
            all.push(words.join(" "));
        }
        let items: Vec<Statement> = all.iter().enumerate().map(|(i, t)| st(i, t)).collect();
        for threshold in [0.3, 0.5, 0.7, 1.0] {
            let fast = group(&items, threshold);
            // Brute force: compare with every seed.
            let mut slow: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
            for it in &items {
                let tokens = normalise(it.text);
                if tokens.is_empty() {
                    continue;
                }
                let mut best: Option<(usize, f64)> = None;
                for (g, (seed, _)) in slow.iter().enumerate() {
                    let j = jaccard(&tokens, seed);
                    if j >= threshold && best.is_none_or(|(_, bj)| j > bj) {
                        best = Some((g, j));
                    }
                }
                match best {
                    Some((g, _)) => slow[g].1.push(it.incident),
                    None => slow.push((tokens, vec![it.incident])),
                }
            }
            let fast: Vec<Vec<usize>> = fast
                .iter()
                .map(|g| g.members.iter().map(|m| m.incident).collect())
                .collect();
            let slow: Vec<Vec<usize>> = slow.into_iter().map(|(_, m)| m).collect();
            assert_eq!(fast, slow, "threshold {threshold}");
        }
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
        // Case-blind counts; a tie goes to the wording seen first, as first written.
        let tie = [
            st(0, " Add alerts "),
            st(1, "add alerting"),
            st(2, "add ALERTS"),
            st(3, "Add Alerting"),
        ];
        assert_eq!(label(&tie), "Add alerts");
    }
}
