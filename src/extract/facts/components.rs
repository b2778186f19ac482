//! Components: canonical slugs found by their names and aliases, which site.toml can extend.

use crate::config::TaxonomyConfig;
use regex::Regex;

/// slug -> aliases (case-insensitive whole words), and the slugs a match implies.
const DEFAULTS: &[(&str, &[&str], &[&str])] = &[
    (
        "web-server",
        &[
            "web server",
            "web-server",
            "webserver",
            "web servers",
            "http server",
            "sites-enabled",
            "sites-available",
            "vhost",
            "virtual host",
        ],
        &[],
    ),
    ("apache", &["apache", "apache2", "httpd"], &["web-server"]),
    ("nginx", &["nginx"], &["web-server"]),
    ("haproxy", &["haproxy"], &["load-balancer"]),
    (
        "load-balancer",
        &[
            "load balancer",
            "load-balancer",
            "loadbalancer",
            "load balancers",
            "loadbalancers",
            "load balancing",
            "lb",
            "elb",
            "alb",
            "nlb",
        ],
        &[],
    ),
    (
        "database",
        &[
            "database",
            "databases",
            "db",
            "rds",
            "sql server",
            "replica database",
        ],
        &[],
    ),
    ("mysql", &["mysql", "mariadb"], &["database"]),
    (
        "postgresql",
        &["postgresql", "postgres", "psql", "pgbouncer"],
        &["database"],
    ),
    ("redis", &["redis"], &["cache"]),
    ("memcached", &["memcached", "memcache"], &["cache"]),
    (
        "dns",
        &[
            "dns",
            "nameserver",
            "nameservers",
            "name server",
            "route53",
            "route 53",
        ],
        &[],
    ),
    (
        "cdn",
        &["cdn", "cloudflare", "fastly", "akamai", "cloudfront"],
        &[],
    ),
    (
        "kubernetes",
        &[
            "kubernetes",
            "k8s",
            "kubelet",
            "kubectl",
            "pod",
            "pods",
            "statefulset",
            "daemonset",
            "aks",
            "gke",
            "eks",
            "kube-apiserver",
        ],
        &[],
    ),
    ("docker", &["docker", "dockerfile", "docker-compose"], &[]),
    (
        "tls",
        &[
            "tls",
            "ssl",
            "certificate",
            "certificates",
            "https certificate",
            "letsencrypt",
            "let's encrypt",
        ],
        &[],
    ),
    (
        "firewall",
        &[
            "firewall",
            "firewalls",
            "waf",
            "iptables",
            "ufw",
            "nftables",
            "security group",
        ],
        &[],
    ),
    ("php", &["php", "php-fpm", "php7", "php8"], &[]),
    (
        "wordpress",
        &["wordpress", "wp-settings.php", "wp-config.php"],
        &["php"],
    ),
    (
        "monitoring",
        &[
            "prometheus",
            "grafana",
            "datadog",
            "nagios",
            "monitoring system",
            "alertmanager",
        ],
        &[],
    ),
    ("cache", &["cache", "caching", "varnish"], &[]),
    (
        "queue",
        &[
            "queue",
            "queues",
            "kafka",
            "rabbitmq",
            "sqs",
            "sidekiq",
            "message broker",
        ],
        &[],
    ),
    (
        "storage",
        &[
            "storage",
            "volume",
            "volumes",
            "disk",
            "disks",
            "s3",
            "filesystem",
            "file system",
            "block storage",
            "nfs",
        ],
        &[],
    ),
    (
        "network",
        &[
            "network",
            "isp",
            "router",
            "routers",
            "port forward",
            "port forwards",
            "port forwarding",
            "connectivity",
        ],
        &[],
    ),
    (
        "cloud",
        &[
            "aws",
            "azure",
            "gcp",
            "google cloud",
            "cloud provider",
            "ec2",
            "kinesis",
            "cloud",
        ],
        &[],
    ),
];

pub struct ComponentDictionary {
    entries: Vec<(String, Regex, Vec<String>)>,
}

impl ComponentDictionary {
    pub fn new(cfg: &TaxonomyConfig) -> Self {
        let mut entries: Vec<(String, Regex, Vec<String>)> = Vec::new();
        let mut add = |slug: String, aliases: Vec<String>, implies: Vec<String>| {
            let mut all: Vec<String> = aliases;
            all.push(slug.replace('-', " "));
            all.push(slug.clone());
            all.sort_by_key(|a| std::cmp::Reverse(a.len()));
            let alt = all
                .iter()
                .filter(|a| !a.trim().is_empty())
                .map(|a| regex::escape(a.trim()))
                .collect::<Vec<_>>()
                .join("|");
            if let Ok(re) = Regex::new(&format!(
                r"(?i)(?:^|[^\w-])(?:{alt})(?:$|[^\w-]|-(?:server|config|settings)\b)"
            )) {
                match entries.iter_mut().find(|(s, _, _)| *s == slug) {
                    Some(e) => {
                        let joined = format!("{}|{}", e.1.as_str(), re.as_str());
                        if let Ok(r) = Regex::new(&joined) {
                            e.1 = r;
                        }
                        e.2.extend(implies);
                    }
                    None => entries.push((slug, re, implies)),
                }
            }
        };
        for (slug, aliases, implies) in DEFAULTS {
            add(
                slug.to_string(),
                aliases.iter().map(|s| s.to_string()).collect(),
                implies.iter().map(|s| s.to_string()).collect(),
            );
        }
        for (slug, aliases) in &cfg.components {
            add(crate::extract::slugify(slug), aliases.clone(), Vec::new());
        }
        ComponentDictionary { entries }
    }

    /// Components named in `text`, in dictionary order, with the ones they imply.
    pub fn find(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (slug, re, implies) in &self.entries {
            if re.is_match(text) {
                for s in std::iter::once(slug).chain(implies.iter()) {
                    if !out.contains(s) {
                        out.push(s.clone());
                    }
                }
            }
        }
        out
    }
}

/// Generic words in the cause and the specific components they stand for: when the cause says
/// "the web server" and the document names only nginx, the web server is nginx.
const GENERIC: &[(&str, &[&str])] = &[
    ("web-server", &["nginx", "apache", "haproxy"]),
    ("database", &["mysql", "postgresql"]),
    ("cache", &["redis", "memcached"]),
    ("@compute", &["kubernetes", "docker"]),
];

static COMPUTE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(nodes?|containers?|cluster|workers?|instances?)\b").unwrap()
});

/// Specific components the body names alone for each generic one found in the cause.
pub fn resolve_generic(found: &[String], cause: &str, body_components: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (generic, specifics) in GENERIC {
        let present = if *generic == "@compute" {
            COMPUTE.is_match(cause)
        } else {
            found.iter().any(|f| f == generic)
        };
        if !present || specifics.iter().any(|s| found.iter().any(|f| f == s)) {
            continue;
        }
        let named: Vec<&&str> = specifics
            .iter()
            .filter(|s| body_components.iter().any(|b| b == *s))
            .collect();
        if named.len() == 1 {
            out.push(named[0].to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_implied() {
        let d = ComponentDictionary::new(&TaxonomyConfig::default());
        let c =
            d.find("The LB config was fine but Postgres and the nginx-config broke; httpd too.");
        assert!(c.contains(&"postgresql".to_string()));
        assert!(c.contains(&"database".to_string()));
        assert!(c.contains(&"nginx".to_string()));
        assert!(c.contains(&"apache".to_string()));
        assert!(!d
            .find("a prefix in the address")
            .contains(&"network".to_string()));
    }

    #[test]
    fn generic_cause_takes_the_one_named_server() {
        let r = resolve_generic(
            &["web-server".into()],
            "",
            &["nginx".into(), "web-server".into()],
        );
        assert_eq!(r, vec!["nginx"]);
        let r = resolve_generic(
            &["web-server".into()],
            "",
            &["nginx".into(), "apache".into()],
        );
        assert!(r.is_empty());
    }

    #[test]
    fn site_toml_extends() {
        let mut cfg = TaxonomyConfig::default();
        cfg.components
            .insert("payments".into(), vec!["stripe".into()]);
        let d = ComponentDictionary::new(&cfg);
        assert_eq!(d.find("Stripe was down"), vec!["payments"]);
    }
}
