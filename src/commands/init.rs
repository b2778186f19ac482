//! `hindsight init DIR`: a new site with settings, one example postmortem and a Pages workflow
//! that installs the released hindsight through its GitHub Action.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

const SITE_TOML: &str = include_str!("scaffold/site.toml");
const PAGES_YML: &str = include_str!("scaffold/pages.yml");
const EXAMPLE: &str = include_str!("scaffold/example.md");

/// Written into the workflow when nobody said where hindsight comes from.
pub const REPO_PLACEHOLDER: &str = "OWNER/REPO";

/// What `hindsight init` was asked.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The folder of the new site (created; must be empty if it exists).
    pub dir: PathBuf,
    /// `owner/name` of the GitHub repository hindsight (its action and releases) comes from.
    pub repo: Option<String>,
}

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    /// Every file written.
    pub written: Vec<PathBuf>,
    /// The repository the workflow takes the action from; None when it holds the placeholder.
    pub action_repo: Option<String>,
}

/// Creates the site and returns the files written.
pub fn run(opts: &InitOptions) -> Result<InitReport> {
    let dir = &opts.dir;
    if dir.join("site.toml").exists() {
        bail!(
            "{} already has a site.toml; refusing to overwrite it\nhint: pick an empty or new folder",
            dir.display()
        );
    }
    let action_repo = match &opts.repo {
        Some(r) => Some(valid_repo(r)?),
        None => built_from(),
    };
    let workflow = pages_workflow(action_repo.as_deref(), env!("CARGO_PKG_VERSION"));
    let files: [(&str, &str); 4] = [
        ("site.toml", SITE_TOML),
        ("content/2024-03-12-checkout-proxy-timeout.md", EXAMPLE),
        (".github/workflows/pages.yml", &workflow),
        (".gitignore", "/public/\n/.hindsight/\n"),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(InitReport {
        written,
        action_repo,
    })
}

/// The Pages workflow, taking the action from `repo` (the placeholder when None) and pinning
/// the hindsight release `version`.
pub fn pages_workflow(repo: Option<&str>, version: &str) -> String {
    PAGES_YML
        .replace("__HINDSIGHT_ACTION__", repo.unwrap_or(REPO_PLACEHOLDER))
        .replace("__HINDSIGHT_VERSION__", version)
}

/// The repository this binary was built from, when the build knew it (see build.rs).
fn built_from() -> Option<String> {
    option_env!("HINDSIGHT_SOURCE_REPO").map(str::to_string)
}

/// `owner/name`, also accepted as a GitHub URL.
fn valid_repo(s: &str) -> Result<String> {
    let s = s.trim();
    let s = s
        .split_once("github.com")
        .map(|(_, rest)| rest.trim_start_matches([':', '/']))
        .unwrap_or(s);
    let s = s.trim_end_matches('/');
    let s = s.strip_suffix(".git").unwrap_or(s);
    let ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match s.split_once('/') {
        Some((owner, name)) if ok(owner) && ok(name) => Ok(format!("{owner}/{name}")),
        _ => bail!(
            "--repo {s:?} is not a GitHub repository\nhint: give it as owner/name, e.g. --repo acme/hindsight"
        ),
    }
}

/// `hindsight init`: writes the site and says what to do next.
pub fn main(opts: &InitOptions) -> Result<()> {
    let report = run(opts)?;
    for f in &report.written {
        println!("created {}", f.display());
    }
    if report.action_repo.is_none() {
        eprintln!(
            "warning: .github/workflows/pages.yml takes hindsight from `{0}`, a placeholder\nhint: replace `{0}` with the GitHub repository you got hindsight from (or pass --repo OWNER/NAME to init)",
            REPO_PLACEHOLDER
        );
    }
    println!("next: cd {} && hindsight build", opts.dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_forms() {
        assert_eq!(valid_repo("acme/hindsight").unwrap(), "acme/hindsight");
        assert_eq!(
            valid_repo("https://github.com/acme/hind.sight.git").unwrap(),
            "acme/hind.sight"
        );
        assert_eq!(
            valid_repo("git@github.com:acme/h").unwrap(),
            "acme/h".to_string()
        );
        assert!(valid_repo("acme").is_err());
        assert!(valid_repo("a/b/c").is_err());
        assert!(valid_repo("a b/c").is_err());
    }

    #[test]
    fn workflow_is_filled_in() {
        let w = pages_workflow(Some("acme/hindsight"), "1.2.3");
        assert!(w.contains("uses: acme/hindsight@v0"), "{w}");
        assert!(w.contains("version: 1.2.3"), "{w}");
        assert!(!w.contains("__HINDSIGHT"), "{w}");
        assert!(pages_workflow(None, "1").contains("uses: OWNER/REPO@v0"));
    }
}
