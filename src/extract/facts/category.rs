//! The root-cause category: phrases of each category weighed by where they occur. The statement
//! of the root cause counts most, then root-cause sections, the title and summary, and the rest
//! of the body least. Sentences about suspicions that proved wrong never count, and generic
//! words (deploy, change, server) weigh little.

use crate::config::TaxonomyConfig;
use crate::extract::CategoryEvidence;
use regex::Regex;
use std::sync::LazyLock;

/// Built-in categories: slug -> (pattern, weight). Patterns are case-insensitive regexes.
const DEFAULTS: &[(&str, &[(&str, f64)])] = &[
    (
        "misconfiguration",
        &[
            (r"mis-?configur\w*", 3.0),
            (
                r"(wrong|incorrect|invalid|bad|faulty|improper\w*|erroneous|broken|missing|outdated) (\w+ ){0,3}(config\w*|settings?|parameters?|values?|paths?|ports?|permissions?|rules?|options?|directives?|entry|file names?|extensions?)",
                3.0,
            ),
            (
                r"config(uration)?s? (files?|changes?|errors?|mistakes?|issues?|settings?|mismatch|update|drift|problems?)",
                2.5,
            ),
            (
                r"(not|wasn't|weren't|was not|were not|improperly|incorrectly|wrongly) (properly |correctly )?(configured|set up)",
                3.0,
            ),
            (
                r"typos?|syntax (error|issue)s?|misspel\w*|mis-?typed|semi-?colon",
                2.5,
            ),
            (r"(file )?permissions?", 1.0),
            (r"settings?", 0.8),
            (
                r"set too (low|high)|too (low|high) a (limit|value)|ulimit",
                2.5,
            ),
            (
                r"(limits?|values?|sizes?|timeouts?|thresholds?)( was| were| is)?( set)? too (low|high|small|large|short|long)",
                2.5,
            ),
            (r"symbolic link|symlink", 1.5),
            (
                r"(puppet|ansible|chef|terraform) (manifest|config|playbook)",
                1.5,
            ),
            (r"timeouts? (reduction|change|setting|value)", 2.0),
            (r"listen\w* (to|on) port", 1.5),
            (r"config(uration)? change", 1.0),
            (
                r"change (to|of) (the )?(\w+ ){0,3}(intervals?|timeouts?|limits?|settings?|values?|parameters?|rules?|polic(y|ies)|thresholds?|flags?|options?)",
                2.5,
            ),
            (
                r"(security group|firewall|acl|iptables|ingress|egress) (rules? )?changes?",
                2.5,
            ),
            (
                r"(modif\w+|chang\w+|alter\w+|edit\w*|tun\w+)( of| to| in)? (the )?(\w+ ){0,4}config\w*",
                2.5,
            ),
            (
                r"(firewall|server|nginx|apache|load balancer|proxy|haproxy|system|database|pool|ssh|php|wordpress|network|kubernetes|dns) (\w+ )?(config\w*|settings)",
                2.5,
            ),
        ],
    ),
    (
        "capacity",
        &[
            (
                r"(traffic|load|requests?|usage|demand|user|volume|connections?|transactions?) (spike|surge|increase|peak|burst)s?",
                3.0,
            ),
            (
                r"(spike|surge|increase|influx|burst|flood)s? (in|of) (\w+ ){0,2}(traffic|load|requests|users|connections|volume|throughput|transactions|visitors)",
                3.0,
            ),
            (
                r"(high|heavy|increased|unexpected|excessive) (\w+ )?(traffic|load|volume|cpu|memory|usage|throughput|demand)",
                2.5,
            ),
            (r"over-?load\w*|overwhelm\w*", 2.5),
            (
                r"out of (memory|disk|space|resources|connections)|ran out|run out|running out",
                3.0,
            ),
            (
                r"(memory|disk|connection|resource|cpu|pool|space)s? (pool )?exhaust\w*|exhaust\w*",
                2.5,
            ),
            (
                r"(disk|filesystem|file system|volume|partition) (is |was |became |got )?full|full (root )?(disk|filesystem|file system)",
                3.0,
            ),
            (r"memory leak|oom|out-of-memory", 2.5),
            (r"cpu", 1.0),
            (r"throttl\w*|rate.limit\w*|quota", 1.5),
            (r"capacity", 1.2),
            (r"bottleneck\w*|starv\w*|saturat\w*", 2.0),
            (r"too many (open )?(files|connections|requests)", 1.5),
            (r"throughput|iops", 1.5),
            (r"slow\w*", 0.3),
        ],
    ),
    (
        "deployment",
        &[
            (
                r"(code|software|application|app) (deploy\w*|changes?|updates?|push\w*|release\w*|bugs?)",
                2.5,
            ),
            (
                r"(bad|faulty|buggy|failed|broken|recent|new) (code )?(deploy\w*|release|update|script|commit|rollout|build|version|feature)",
                2.5,
            ),
            (r"bugs?|buggy", 1.5),
            (r"regression", 2.5),
            (
                r"introduced (in|by|with|during) (a |the )?(recent |new )?(commit|release|pr|pull request|change|deploy\w*|update|refactor\w*)",
                2.5,
            ),
            (r"roll(ed|ing)? ?back|rollback", 1.2),
            (r"deploy\w*", 0.5),
            (r"releas\w*", 0.5),
            (r"upgrad\w*|update[sd]?", 0.6),
            (r"scripts?", 0.8),
            (r"refactor\w*", 1.5),
            (
                r"(dependency|library|package|version) (bump|upgrade|update)s?|bump(ed|ing)? \w+ (to|from)",
                2.5,
            ),
            (r"(code|untested|without (being )?test\w*)", 0.5),
            (r"migrat\w*", 0.8),
        ],
    ),
    (
        "dependency",
        &[
            (r"third[- ]party", 2.5),
            (r"upstream", 2.0),
            (
                r"external (\w+ )?(services?|providers?|resources?|dependenc\w+|apis?|vendors?)",
                2.5,
            ),
            (
                r"(service|cloud|hosting|dns|cdn|email|payment) providers?|vendors?",
                1.5,
            ),
            (r"managed (\w+ )?services?", 2.5),
            (
                r"(shared|another|upstream|partner|downstream) (internal )?(\w+ ){0,2}services?|owned by (the |another )?(\w+ ){0,2}team",
                2.5,
            ),
            (
                r"(github|aws|azure|gcp|google cloud|slack|linode|heroku|kernel\.org)",
                1.5,
            ),
            (r"dependenc(y|ies)", 0.8),
            (r"mirrors?", 1.0),
            (
                r"(outage|incident|failure|problem)s? (at|of|with|in) (our |the |a )?(\w+ )?(provider|vendor|partner)",
                3.0,
            ),
        ],
    ),
    (
        "database",
        &[
            (r"deadlock\w*", 3.0),
            (r"corrupt\w*", 2.5),
            (r"replication|replica\w*", 1.5),
            (
                r"(primary|master) (database|db)( server)? (fail|crash|down)\w*",
                2.5,
            ),
            (
                r"data ?loss|lost data|overwrit\w*|deleted (all )?tables",
                2.0,
            ),
            (r"database|db", 0.5),
            (r"sqlite|postgres\w*|mysql|mongo\w*", 0.6),
            (r"oid|toast|wraparound", 2.0),
            (r"quer(y|ies)", 0.4),
            (r"locks?|locked", 0.7),
            (r"(schema|database|bad) migration", 1.5),
            (r"vacuum\w*", 1.0),
            (
                r"missing index|full table scans?|slow quer(y|ies)|query plans?|table locks?|lock contention",
                2.5,
            ),
            (r"inconsisten\w*", 1.5),
        ],
    ),
    (
        "network",
        &[
            (r"network\w*", 1.2),
            (r"packet loss|bgp|routing table|peering", 3.0),
            (
                r"(dropp\w+|los[ts]|losing) (\w+ )?packets|packet drops?|switch(es)?|top-of-rack|network partition\w*|mtu",
                2.0,
            ),
            (r"connectivity", 1.2),
            (r"isp|internet (service )?provider", 2.5),
            (r"routers?|switch(es)? failure", 1.5),
            (
                r"ports? (\d+ )?(forward\w*|block\w*)|block\w* (\w+ )?ports?",
                2.5,
            ),
            (r"fib(er|re)|undersea|cables?", 1.5),
            (r"latency", 0.4),
        ],
    ),
    (
        "dns",
        &[
            (r"dns", 2.0),
            (
                r"dns (records?|resolution|resolver|servers?|provider|propagation|zones?|entry|entries|lookups?)",
                3.0,
            ),
            (r"name ?servers?|nameserver", 2.5),
            (r"domain (name )?(expir\w*|resolution|registration)", 2.5),
            (r"(a|cname|mx) records?", 1.5),
            (
                r"coredns|kube-dns|dnsmasq|bind9|unbound|ndots|dns lookups?|name resolution",
                3.0,
            ),
        ],
    ),
    (
        "certificate",
        &[
            (r"(ssl|tls|x\.?509)? ?certificates?|certs?", 3.0),
            (r"expir\w*", 1.2),
            (r"ssl|tls|https", 0.8),
            (r"let'?s ?encrypt|certbot", 1.5),
        ],
    ),
    (
        "hardware",
        &[
            (r"hardware", 3.0),
            (r"hard (drive|disk)s?|hdd|ssd", 3.0),
            (r"(disk|drive|power|psu|fan|nic|ram) (failure|fault)s?", 3.0),
            (r"power (outage|failure|supply|grid|cut)", 3.0),
            (
                r"(faulty|failed|failing|dead|broken) (disk|drive|ram|memory module|nic|power supply|server hardware|psu|motherboard)",
                3.0,
            ),
            (r"overheat\w*|physical", 1.5),
            (
                r"grids?|blackout|relays?|transmission lines?|trip(ped)?",
                1.2,
            ),
            (r"firmware", 0.8),
        ],
    ),
    (
        "security",
        &[
            (r"attack\w*|attacker\w*", 3.0),
            (r"d?dos|denial of service", 3.0),
            (r"breach\w*|hack\w*|brute[- ]?forc\w*", 3.0),
            (r"malicious|malware|ransomware|phishing", 3.0),
            (r"vulnerab\w*|exploit\w*|cve-\d+", 3.0),
            (r"(sql )?injection", 2.5),
            (r"compromis\w*|intrusion|intruder|adversar\w*", 3.0),
            (r"unauthori[sz]ed (access|users?|third)", 2.0),
            (
                r"(leaked|exposed|stolen) (api )?(keys?|credentials?|secrets?|tokens?|passwords?)",
                3.0,
            ),
            (r"remote code execution|rce", 3.0),
            (r"(weak|insecure|default) passwords?|insecure", 2.0),
            (r"security (incident|breach|issue)", 2.0),
            (
                r"exposed to the (public )?internet|publicly (exposed|accessible)",
                2.5,
            ),
        ],
    ),
];

/// A compiled taxonomy.
pub struct Taxonomy {
    cats: Vec<(String, Vec<(Regex, f64)>)>,
}

impl Taxonomy {
    pub fn new(cfg: &TaxonomyConfig) -> Self {
        let mut cats: Vec<(String, Vec<(Regex, f64)>)> = Vec::new();
        if !cfg.replace_categories {
            for (slug, pats) in DEFAULTS {
                let compiled = pats
                    .iter()
                    .filter_map(|(p, w)| word_regex(p).map(|r| (r, *w)))
                    .collect();
                cats.push((slug.to_string(), compiled));
            }
        }
        for (slug, phrases) in &cfg.categories {
            let slug = crate::extract::slugify(slug);
            let compiled: Vec<(Regex, f64)> = phrases
                .iter()
                .filter(|p| !p.trim().is_empty())
                .filter_map(|p| word_regex(&regex::escape(p.trim())).map(|r| (r, 3.0)))
                .collect();
            match cats.iter_mut().find(|(s, _)| *s == slug) {
                Some((_, pats)) => pats.extend(compiled),
                None => cats.push((slug, compiled)),
            }
        }
        Taxonomy { cats }
    }

    /// Scores texts, each with a weight and a source name, and returns every category with
    /// evidence, best first.
    pub fn score(&self, texts: &[(&str, f64, &str)]) -> Vec<CategoryEvidence> {
        let mut out: Vec<CategoryEvidence> = Vec::new();
        for (slug, pats) in &self.cats {
            let mut total = 0.0;
            let mut best: Option<(f64, String, String)> = None;
            for (text, weight, source) in texts {
                if text.is_empty() {
                    continue;
                }
                for (re, w) in pats {
                    // Each phrase counts once per text, a second occurrence adds half.
                    let mut hits = re.find_iter(text);
                    if let Some(m) = hits.next() {
                        let extra = if hits.next().is_some() { 0.5 } else { 0.0 };
                        let s = w * weight * (1.0 + extra);
                        total += s;
                        if best.as_ref().is_none_or(|(b, _, _)| s > *b) {
                            best = Some((s, m.as_str().to_string(), source.to_string()));
                        }
                    }
                }
            }
            if let Some((_, phrase, source)) = best {
                out.push(CategoryEvidence {
                    slug: slug.clone(),
                    phrase,
                    source,
                    score: (total * 100.0).round() / 100.0,
                });
            }
        }
        out.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        out
    }
}

/// Connectors that mark what follows as an effect ("led to an overload") or as the cause
/// ("due to a typo").
static EFFECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(led to|leading to|leads to|lead to|resulted in|resulting in|results in|causing|caused|triggering|which made|making it|preventing|prevented|so that|until|eventually|ultimately leading)\b").unwrap()
});
static CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(caused by|due to|because of|because|as a result of|stemm(ing|ed) from|triggered by|owing to|introduced by|traced (back )?to)\b").unwrap()
});

/// Splits a sentence into parts weighted by their role: the cause counts fully, effects
/// ("... leading to a traffic spike") a third, and what precedes "due to" half.
pub fn cause_segments(sentence: &str) -> Vec<(String, f64)> {
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    for m in EFFECT.find_iter(sentence) {
        cuts.push((m.start(), m.end(), false));
    }
    for m in CAUSE.find_iter(sentence) {
        cuts.retain(|c| !(c.0 < m.end() && m.start() < c.1));
        cuts.push((m.start(), m.end(), true));
    }
    cuts.sort();
    let mut segs: Vec<(String, f64)> = Vec::new();
    let mut pos = 0;
    let mut w = 1.0;
    for (a, b, is_cause) in cuts {
        if a < pos {
            continue;
        }
        segs.push((sentence[pos..a].to_string(), w));
        if is_cause {
            for s in segs.iter_mut() {
                s.1 *= 0.5;
            }
            w = 1.0;
        } else {
            w *= 0.35;
        }
        pos = b;
    }
    segs.push((sentence[pos..].to_string(), w));
    segs.retain(|(t, _)| !t.trim().is_empty());
    segs
}

/// Words of an actual attack or breach (not merely "security").
static ATTACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(attack\w*|d?dos|breach\w*|hack\w*|brute[- ]?forc\w*|malicious|compromis\w*|intrusion|exploit\w*|vulnerabilit(y|ies)|unauthori[sz]ed access|security incident|injection|remote code execution)\b").unwrap()
});

/// The primary category from the evidence, with the labelling rules that plain scores miss:
/// an attack or breach named in the cause, summary or title is a security incident even when a
/// weak setting let it happen; a wrong setting is misconfiguration even when a deploy shipped it.
pub fn decide(evidence: &[CategoryEvidence], cause_texts: &str) -> Option<String> {
    let top = evidence.first()?;
    let score_of = |slug: &str| {
        evidence
            .iter()
            .find(|e| e.slug == slug)
            .map(|e| e.score)
            .unwrap_or(0.0)
    };
    if top.slug != "security"
        && ATTACK.is_match(cause_texts)
        && score_of("security") >= 0.25 * top.score
    {
        return Some("security".into());
    }
    if top.slug == "deployment" && score_of("misconfiguration") >= 0.6 * top.score {
        return Some("misconfiguration".into());
    }
    Some(top.slug.clone())
}

fn word_regex(p: &str) -> Option<Regex> {
    Regex::new(&format!(r"(?i)\b(?:{p})\b")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cause_text_beats_body() {
        let t = Taxonomy::new(&TaxonomyConfig::default());
        let ev = t.score(&[
            ("a typo in the nginx configuration file", 4.0, "root_cause"),
            ("the database was fine", 0.2, "body"),
        ]);
        assert_eq!(ev[0].slug, "misconfiguration");
        assert_eq!(ev[0].source, "root_cause");
    }

    #[test]
    fn effects_weigh_less_than_causes() {
        let segs = cause_segments("A pool configuration error led to a connection spike");
        assert_eq!(segs.len(), 2);
        assert!(segs[0].1 > segs[1].1);
        let segs = cause_segments("The site was down due to an expired certificate");
        assert!(segs[1].0.contains("expired") && segs[1].1 > segs[0].1);
    }

    #[test]
    fn config_extends_and_replaces() {
        let mut cfg = TaxonomyConfig::default();
        cfg.categories
            .insert("human-error".into(), vec!["fat finger".into()]);
        let t = Taxonomy::new(&cfg);
        let ev = t.score(&[("a fat finger in the console", 4.0, "root_cause")]);
        assert_eq!(ev[0].slug, "human-error");
        cfg.replace_categories = true;
        let t = Taxonomy::new(&cfg);
        assert!(t
            .score(&[("an expired certificate", 4.0, "root_cause")])
            .is_empty());
    }
}
