//! `hindsight check [PATHS...]`: load + extract like `build`, then the lint stage, then a report.
//! Exit 0 when clean, 1 on errors (or warnings with `--deny warnings`), 2 on a usage error.

use crate::config::{CheckConfig, SiteConfig};
use crate::extract::{extract, ExtractOptions};
use crate::lint::baseline::{self, Baseline};
use crate::lint::output::{render, Format};
use crate::lint::{self, FrontInfo, LintDoc, LintOptions, LintSet, Severity};
use crate::load::{
    decode_text, find_markdown, is_postmortem_file, load_file_in, LoadError, SourceContext,
    SourceDoc, Strictness,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `hindsight check` was asked.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Site folder (holds site.toml and content/).
    pub root: PathBuf,
    /// Files or folders; empty means the site's content/.
    pub paths: Vec<PathBuf>,
    /// Human, JSON or GitHub annotations.
    pub format: Format,
    /// Warnings fail the check too.
    pub deny_warnings: bool,
    /// Only the postmortems changed since this git revision (merge base with HEAD, plus
    /// uncommitted and untracked files).
    pub changed_since: Option<String>,
    /// Accept the findings listed in this file; only new ones are reported.
    pub baseline: Option<PathBuf>,
    /// Write every finding to this file as the baseline instead of reporting.
    pub write_baseline: Option<PathBuf>,
}

/// Why a check could not run.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// Bad arguments or settings: exit 2.
    #[error("{0}")]
    Usage(String),
    /// Anything else (reading files, git): exit 1.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// What a check found.
pub struct CheckReport {
    /// New findings, sorted by file and line.
    pub findings: Vec<lint::Finding>,
    /// Files checked.
    pub files: usize,
    /// Findings the baseline accepted (not in `findings`).
    pub known: usize,
}

/// Runs the check, prints the report to stdout and returns the exit code.
pub fn main(opts: &CheckOptions) -> ExitCode {
    match run(opts, chrono::Local::now().fixed_offset()) {
        Ok(report) if opts.write_baseline.is_some() => {
            let path = opts.write_baseline.as_deref().unwrap_or(Path::new(""));
            let json = baseline::to_json(&report.findings, &opts.root);
            match std::fs::write(path, json) {
                Ok(()) => {
                    eprintln!(
                        "wrote {} findings of {} files to {}",
                        report.findings.len(),
                        report.files,
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    ExitCode::from(1)
                }
            }
        }
        Ok(report) => {
            if report.known > 0 {
                eprintln!(
                    "{} known findings accepted by the baseline are not shown",
                    report.known
                );
            }
            let color = opts.format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            print!(
                "{}",
                render(&report.findings, report.files, opts.format, color)
            );
            let (errors, warnings) = lint::tally(&report.findings);
            if errors > 0 || (opts.deny_warnings && warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(CheckError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(CheckError::Other(e)) => {
            eprintln!("error: {}", super::report::error_text(&e));
            ExitCode::from(1)
        }
    }
}

/// Loads the site and the files to check, runs every rule and applies the baseline.
pub fn run(
    opts: &CheckOptions,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<CheckReport, CheckError> {
    let site = CheckSite::read(&opts.root)?;
    let targets = targets(opts, &site)?;
    let files = FilesToRead::of(&targets, &site);
    let (docs, targets, mut not_text) = load_docs(&files, &site)?;
    let set = LintSet {
        docs: &docs,
        targets,
        whole_site: files.whole_site,
    };
    let lint_opts = LintOptions {
        config: site.check_config,
        today: now.date_naive(),
        now,
    };
    let mut findings =
        lint::lint(&set, &lint_opts).map_err(|e| CheckError::Usage(e.to_string()))?;
    let checked = set.targets.len() + not_text.len();
    findings.append(&mut not_text);
    findings.sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
    let (findings, known) = apply_baseline(findings, opts)?;
    Ok(CheckReport {
        findings,
        files: checked,
        known,
    })
}

/// The site around the checked files: its settings (defaults without a site.toml), content
/// folder and Markdown files.
struct CheckSite {
    check_config: CheckConfig,
    extract_opts: ExtractOptions,
    content: PathBuf,
    source_ctx: SourceContext,
    files: Vec<PathBuf>,
}

impl CheckSite {
    fn read(root: &Path) -> Result<CheckSite, CheckError> {
        let config_path = root.join("site.toml");
        let (check_config, extract_opts, content, source_ctx) = if config_path.is_file() {
            let c = SiteConfig::load(&config_path).map_err(|e| CheckError::Usage(e.to_string()))?;
            let extract_opts = ExtractOptions::from_config(&c)
                .map_err(|e| CheckError::Usage(format!("{}: {e}", config_path.display())))?;
            let content = c.content_path(root);
            let ctx = super::source_context(root, &c);
            (c.check, extract_opts, content, ctx)
        } else {
            (
                CheckConfig::default(),
                ExtractOptions::default(),
                root.join("content"),
                SourceContext::default(),
            )
        };
        let files = if content.is_dir() {
            find_markdown(&content).map_err(|e| CheckError::Other(e.into()))?
        } else {
            Vec::new()
        };
        let source_ctx = SourceContext {
            files: files
                .iter()
                .map(|p| crate::load::rel_path(&content, p))
                .collect(),
            ..source_ctx
        };
        Ok(CheckSite {
            check_config,
            extract_opts,
            content,
            source_ctx,
            files,
        })
    }

    /// Whether `p` is under the site's content folder.
    fn holds(&self, p: &Path) -> bool {
        match (p.canonicalize(), self.content.canonicalize()) {
            (Ok(c), Ok(root)) => c.starts_with(root),
            _ => false,
        }
    }
}

/// The files to report on: the paths given (folders walked), else the whole content folder;
/// with `--changed-since`, only those changed.
fn targets(opts: &CheckOptions, site: &CheckSite) -> Result<Vec<PathBuf>, CheckError> {
    let mut targets: Vec<PathBuf> = Vec::new();
    if opts.paths.is_empty() {
        if !site.content.is_dir() {
            return Err(CheckError::Usage(format!(
                "{} has no content/ folder\nhint: pass the postmortems to check (`hindsight check docs/*.md`) or --root SITE",
                opts.root.display()
            )));
        }
        targets = site.files.clone();
    }
    for p in &opts.paths {
        if p.is_dir() {
            targets.extend(find_markdown(p).map_err(|e| CheckError::Other(e.into()))?);
        } else if p.is_file() {
            targets.push(p.clone());
        } else {
            return Err(CheckError::Usage(format!(
                "{} does not exist\nhint: pass Markdown files or folders",
                p.display()
            )));
        }
    }
    if let Some(since) = &opts.changed_since {
        let changed = changed_files(&opts.root, since)?;
        targets.retain(|t| {
            let c = t.canonicalize().unwrap_or_else(|_| t.clone());
            changed.contains(&c)
        });
    }
    Ok(targets)
}

/// Every file once, with whether it is reported on: the targets, then the rest of the site for
/// cross-file rules (slugs, link targets), which matters only when a target belongs to it.
struct FilesToRead {
    files: Vec<(PathBuf, bool)>,
    /// Every target is in the site, so site-wide rules may speak.
    whole_site: bool,
}

impl FilesToRead {
    fn of(targets: &[PathBuf], site: &CheckSite) -> FilesToRead {
        let any_in_site = targets.iter().any(|p| site.holds(p));
        let rest: &[PathBuf] = if any_in_site { &site.files } else { &[] };
        let mut files: Vec<(PathBuf, bool)> = Vec::new();
        let mut index: HashMap<PathBuf, usize> = HashMap::new();
        for (p, is_target) in targets
            .iter()
            .map(|p| (p, true))
            .chain(rest.iter().map(|p| (p, false)))
        {
            let key = p.canonicalize().unwrap_or_else(|_| p.clone());
            if let Some(&i) = index.get(&key) {
                files[i].1 |= is_target;
                continue;
            }
            index.insert(key, files.len());
            files.push((p.clone(), is_target));
        }
        let whole_site =
            any_in_site && files.iter().filter(|(_, t)| *t).all(|(p, _)| site.holds(p));
        FilesToRead { files, whole_site }
    }
}

/// What [`load_docs`] read: the docs, the indexes of the targets among them, and a finding
/// for each target that is not text (skipped).
type Loaded = (Vec<LintDoc>, Vec<usize>, Vec<lint::Finding>);

/// Loads and extracts every file in parallel.
fn load_docs(files: &FilesToRead, site: &CheckSite) -> Result<Loaded, CheckError> {
    let loaded: Vec<Option<LintDoc>> = files
        .files
        .par_iter()
        .map(|(p, _)| load_doc(p, &site.content, &site.extract_opts, &site.source_ctx))
        .collect::<Result<_, _>>()?;
    let mut not_text = Vec::new();
    let mut docs = Vec::new();
    let mut targets = Vec::new();
    for (doc, (path, is_target)) in loaded.into_iter().zip(&files.files) {
        match doc {
            Some(d) => {
                if *is_target {
                    targets.push(docs.len());
                }
                docs.push(d);
            }
            None if *is_target => not_text.push(not_text_finding(path)),
            None => {}
        }
    }
    Ok((docs, targets, not_text))
}

/// With `--baseline`, the findings it does not list and how many it did.
fn apply_baseline(
    findings: Vec<lint::Finding>,
    opts: &CheckOptions,
) -> Result<(Vec<lint::Finding>, usize), CheckError> {
    let Some(path) = &opts.baseline else {
        return Ok((findings, 0));
    };
    Ok(match Baseline::load(path).map_err(CheckError::Usage)? {
        Some(b) => b.filter(findings, &opts.root),
        None => {
            eprintln!(
                "note: no baseline at {}, so every finding counts (write one with --write-baseline)",
                path.display()
            );
            (findings, 0)
        }
    })
}

/// Canonical paths of the files changed since `since`: committed since the merge base of
/// `since` and HEAD, plus uncommitted and untracked ones (deleted files are gone anyway).
fn changed_files(root: &Path, since: &str) -> Result<Vec<PathBuf>, CheckError> {
    let git = |args: &[&str]| -> Result<String, CheckError> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| CheckError::Usage(format!("--changed-since needs git: {e}")))?;
        if !out.status.success() {
            return Err(CheckError::Usage(format!(
                "git {} failed: {}\nhint: is {} in a git repository with {since:?} fetched? (in GitHub Actions: actions/checkout with fetch-depth: 2 and --changed-since HEAD^1)",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim(),
                root.display()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let base = git(&["merge-base", since, "HEAD"])?;
    let listed = git(&[
        "diff",
        "--name-only",
        "--relative",
        "--diff-filter=d",
        "-z",
        base.trim(),
    ])? + &git(&["ls-files", "--others", "--exclude-standard", "-z"])?;
    Ok(listed
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(|p| root.join(p))
        .filter(|p| is_postmortem_file(p))
        .filter_map(|p| p.canonicalize().ok())
        .collect())
}

fn not_text_finding(path: &Path) -> lint::Finding {
    lint::Finding {
        rule: lint::Rule::NotText,
        severity: Severity::Warning,
        file: display_path(path),
        line: 1,
        column: 1,
        message: "not a text file; skipped".into(),
        hint: "rename it if it is not a postmortem (an image beside a postmortem is published as it is under any other name)".into(),
    }
}

/// `None` for a file that is not text.
fn load_doc(
    path: &Path,
    content: &Path,
    opts: &ExtractOptions,
    ctx: &SourceContext,
) -> Result<Option<LintDoc>, CheckError> {
    let rel = path
        .strip_prefix(content)
        .map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    let doc = match load_file_in(path, rel, Strictness::Lenient, ctx) {
        Ok(doc) => doc,
        Err(LoadError::NotText { .. }) => return Ok(None),
        Err(e) => return Err(CheckError::Other(e.into())),
    };
    let mut incident = extract(&doc, opts);
    incident.source = display_path(path);
    let front = front_info(&doc, path);
    Ok(Some(LintDoc {
        incident,
        front,
        path: path.to_path_buf(),
    }))
}

/// `./content/a.md` -> `content/a.md`, as annotations and editors expect.
fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Declared keys and the file line of each, read from the lines before the body.
fn front_info(doc: &SourceDoc, path: &Path) -> FrontInfo {
    const KNOWN: &[&str] = &[
        "title",
        "date",
        "slug",
        "tags",
        "services",
        "severity",
        "authors",
        "category",
        "root_cause",
        "start",
        "end",
        "impact",
        "categories",
        "aliases",
        "permalink",
    ];
    let mut keys: Vec<String> = KNOWN
        .iter()
        .filter(|k| doc.front.has_key(k))
        .map(|k| k.to_string())
        .collect();
    if doc.front.draft {
        keys.push("draft".into());
    }
    keys.extend(doc.front.extra.keys().map(|k| k.to_ascii_lowercase()));
    let mut lines = BTreeMap::new();
    if doc.body_line_offset > 0 {
        if let Ok(bytes) = std::fs::read(path) {
            let (text, _) = decode_text(&bytes);
            for (i, line) in text.lines().take(doc.body_line_offset).enumerate() {
                let key: String = line
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                let rest = line[key.len()..].trim_start();
                if !key.is_empty() && (rest.starts_with(':') || rest.starts_with('=')) {
                    lines.entry(key.to_ascii_lowercase()).or_insert(i + 1);
                }
            }
        }
    }
    // Aliases the loader folds together.
    for (alias, key) in [
        ("components", "services"),
        ("service", "services"),
        ("author", "authors"),
        ("redirect_from", "aliases"),
        ("url", "permalink"),
    ] {
        if let Some(&l) = lines.get(alias) {
            lines.entry(key.to_string()).or_insert(l);
            if doc.front.has_key(key) && !keys.iter().any(|k| k == alias) {
                keys.push(alias.to_string());
            }
        }
    }
    FrontInfo {
        keys,
        lines,
        start_raw: doc.front.start.clone(),
        end_raw: doc.front.end.clone(),
    }
}

/// The rule list for `--list-rules`.
pub fn rule_list() -> String {
    let mut out = String::new();
    for r in lint::RULES {
        let sev = match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{:<22} {:<8} {}\n", r.id, sev, r.summary));
    }
    out
}
