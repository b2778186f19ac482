//! Load + extract for a whole site: shared by every command that reads `content/`.
//!
//! Every bad file of the site is reported at once (sorted by path), never just the first one
//! found; with `keep_going` the good ones are kept and the bad ones listed.

use super::extract_cache::ExtractCache;
use crate::config::SiteConfig;
use crate::extract::{extract, DiagnosticKind, ExtractOptions, Incident};
use crate::load::{LoadError, SourceDoc, Strictness};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The largest postmortem hindsight reads; a bigger file is skipped with a warning (it is a log
/// dump or a mistake, and reading it would cost time and memory for nothing).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Diagnostics worth printing on every build (the rest are for `inspect` and `check`).
const BUILD_WARNINGS: &[DiagnosticKind] = &[
    DiagnosticKind::LoadWarning,
    DiagnosticKind::InputLimit,
    DiagnosticKind::DeepNesting,
    DiagnosticKind::UnsupportedShortcode,
    DiagnosticKind::PageAddress,
];

/// A site's configuration and its incidents, read and extracted, ready to analyse.
pub struct LoadedSite {
    /// The site folder (holds site.toml).
    pub root: PathBuf,
    /// The site's site.toml.
    pub config: SiteConfig,
    /// The folder of postmortems (`content/`, or site.toml's `content_dir`).
    pub content_dir: PathBuf,
    /// Every postmortem read, sorted by source path.
    pub incidents: Vec<Incident>,
    /// Problems that did not stop the build, as `path: message` lines, sorted by path.
    pub warnings: Vec<String>,
    /// Files left out because they could not be read (only with `keep_going`), sorted by path.
    pub bad_files: Vec<InputError>,
    /// Incidents taken from the extraction cache instead of extracted again.
    pub cached: usize,
}

/// How to load a site.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteLoad<'a> {
    /// Include postmortems marked `draft: true`.
    pub drafts: bool,
    /// Keep the good postmortems when some are bad (they are listed in `bad_files`).
    pub keep_going: bool,
    /// Replaces site.toml's base_url, before the postmortems are read (Jekyll's
    /// `{{ site.baseurl }}` in them stands for it).
    pub base_url: Option<&'a str>,
    /// Reuse (and keep) the incidents cached under `.hindsight/extract/` for unchanged files.
    pub cache: bool,
}

/// One postmortem that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Path relative to the site root (`content/2024-x.md`).
    pub path: String,
    /// File line (1-based), when known.
    pub line: Option<usize>,
    /// Column (1-based), when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n    hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Every bad file of a build, sorted by path.
#[derive(Debug, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl std::fmt::Display for InputErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.len();
        let files = if n == 1 { "file" } else { "files" };
        writeln!(
            f,
            "{n} postmortem {files} could not be read; nothing was written:"
        )?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        write!(
            f,
            "hint: fix them, or pass --keep-going to publish the other postmortems (the build still fails)"
        )
    }
}

/// Reads `<root>/site.toml` and every postmortem under `<root>/content/`; drafts only when asked.
/// Any unreadable postmortem is an error ([`InputErrors`], listing all of them).
pub fn load_site(root: &Path, drafts: bool) -> Result<LoadedSite> {
    load_site_with(
        root,
        &SiteLoad {
            drafts,
            ..SiteLoad::default()
        },
        &super::progress::NoProgress,
    )
}

/// [`load_site`] with every option, telling `progress` of each postmortem read.
pub fn load_site_with(
    root: &Path,
    how: &SiteLoad,
    progress: &dyn super::progress::Progress,
) -> Result<LoadedSite> {
    let mut config = SiteConfig::load_site(root)
        .with_context(|| format!("loading the site at {}", root.display()))?;
    if let Some(url) = how.base_url {
        config.set_base_url(url)?;
    }
    let content_dir = config.content_path(root);
    let content_rel = crate::load::rel_path(root, &content_dir);
    let files = crate::load::find_markdown(&content_dir)?;
    let mut ctx = source_context(root, &config);
    ctx.files = files
        .iter()
        .map(|p| crate::load::rel_path(&content_dir, p))
        .collect();
    let cache = how.cache.then(|| {
        ExtractCache::open(
            root,
            &extract_settings(&config, &ctx),
            &shortcode_inputs(&ctx),
        )
    });
    // Bad settings are reported after bad files, as when extraction came after reading.
    let opts = ExtractOptions::from_config(&config);
    let read = Reader {
        content_dir: &content_dir,
        shown_prefix: &content_rel,
        ctx: &ctx,
        cache: cache.as_ref(),
        extract: opts.as_ref().ok(),
        progress,
    };
    let mut laps = crate::timing::Laps::start("load");
    progress.stage("extract", Some(files.len() as u64));
    let (docs, mut bad_files, mut warnings) = read.all(&files);
    laps.lap("read+extract");
    bad_files.sort_by(|a, b| a.path.cmp(&b.path));
    if !bad_files.is_empty() && !how.keep_going {
        return Err(InputErrors(bad_files).into());
    }
    opts.map_err(|e| anyhow::anyhow!("{}: {e}", root.join("site.toml").display()))?;
    let mut incidents: Vec<Incident> = docs
        .into_iter()
        .filter(|i| how.drafts || !i.draft)
        .collect();
    let cached = cache.as_ref().map_or(0, |c| c.hits());
    if let Some(c) = cache {
        warnings.extend(c.finish().into_iter().map(|w| match w.split_once(": ") {
            Some((path, msg)) => (path.to_string(), msg.to_string()),
            None => (String::new(), w),
        }));
    }
    warnings.extend(dedupe_slugs(&mut incidents));
    crate::extract::address::settle_addresses(&mut incidents);
    warnings.extend(build_warnings(&incidents));
    warnings.sort();
    Ok(LoadedSite {
        root: root.to_path_buf(),
        config,
        content_dir,
        incidents,
        warnings: warnings
            .into_iter()
            .map(|(path, msg)| format!("{path}: {msg}"))
            .collect(),
        bad_files,
        cached,
    })
}

/// The settings that shape every incident (part of each extraction cache key).
fn extract_settings(config: &SiteConfig, ctx: &crate::load::SourceContext) -> String {
    format!(
        "{:?} {:?} {:?}",
        config.taxonomy, config.sections, ctx.content_prefix
    )
}

/// What shortcode expansion reads besides the document (keys of documents with shortcodes).
fn shortcode_inputs(ctx: &crate::load::SourceContext) -> Vec<String> {
    let mut all = vec![ctx.base_path.clone(), ctx.origin.clone()];
    all.extend(ctx.files.iter().cloned());
    all
}

/// What shortcode expansion needs to know about the site (the file list comes from the walk).
pub fn source_context(root: &Path, config: &SiteConfig) -> crate::load::SourceContext {
    let content = config.content_path(root);
    let origin = config
        .base_url
        .split_once("://")
        .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or("")))
        .unwrap_or_default();
    crate::load::SourceContext {
        base_path: config.base_path(),
        origin,
        content_prefix: crate::load::rel_path(root, &content),
        files: Vec::new(),
    }
}

/// The diagnostics of [`BUILD_WARNINGS`], as (`path[:line]`, message).
fn build_warnings(incidents: &[Incident]) -> Vec<Warning> {
    incidents
        .iter()
        .flat_map(|i| {
            i.diagnostics
                .iter()
                .filter(|d| BUILD_WARNINGS.contains(&d.kind))
                .map(move |d| match d.line {
                    Some(l) => (format!("{}:{l}", i.source), d.message.clone()),
                    None => (i.source.clone(), d.message.clone()),
                })
        })
        .collect()
}

type Warning = (String, String);

/// Reads the postmortem files of one site.
struct Reader<'a> {
    content_dir: &'a Path,
    /// The content folder relative to the site root, as paths are shown (`content`).
    shown_prefix: &'a str,
    ctx: &'a crate::load::SourceContext,
    cache: Option<&'a ExtractCache>,
    /// None when site.toml's settings are bad (the build then stops once files are read).
    extract: Option<&'a ExtractOptions>,
    progress: &'a dyn super::progress::Progress,
}

impl Reader<'_> {
    /// Loads every file and extracts its incident (in the same parallel pass, so the one
    /// edited file of a rebuild is extracted while the others come from the cache); the bad
    /// ones become [`InputError`]s, files over the size limit warnings.
    fn all(&self, files: &[PathBuf]) -> (Vec<Incident>, Vec<InputError>, Vec<Warning>) {
        let results: Vec<Result<Option<Incident>, Vec<InputError>>> = files
            .par_iter()
            .map(|p| {
                let r = self.one(p);
                self.progress.advance(1);
                r
            })
            .collect();
        let (mut docs, mut bad, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
        for (path, result) in files.iter().zip(results) {
            match result {
                Ok(Some(doc)) => docs.push(doc),
                // Not extracted for bad settings, which stop the build once files are read.
                Ok(None) if self.extract.is_none() => {}
                Ok(None) => warnings.push((
                    self.shown(path),
                    format!(
                        "skipped: larger than the {} MB limit for one postmortem",
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )),
                // A file that is not text is skipped with a warning, not an error.
                Err(errors)
                    if errors
                        .iter()
                        .all(|e| e.message.starts_with("not a text file")) =>
                {
                    warnings.extend(errors.into_iter().map(|e| (e.path, e.message)));
                }
                Err(errors) => bad.extend(errors),
            }
        }
        (docs, bad, warnings)
    }

    /// One file: `None` when it is over the size limit, or when the settings are bad (then the
    /// build stops before using any incident).
    fn one(&self, path: &Path) -> Result<Option<Incident>, Vec<InputError>> {
        let rel = crate::load::rel_path(self.content_dir, path);
        let shown = self.shown(path);
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Ok(None);
        }
        let loaded = match self.cache {
            // The key and the document come from the same bytes, so an edit made meanwhile
            // cannot be stored under the old key.
            Some(cache) => match std::fs::read(path) {
                Ok(bytes) => {
                    let key = cache.key(&rel, &bytes);
                    if let Some(inc) = cache.get(&key, &rel, &bytes) {
                        return Ok(Some(inc));
                    }
                    crate::load::load_bytes(path, rel, &bytes, Strictness::Strict)
                        .map(|mut doc| {
                            crate::load::expand_shortcodes(&mut doc, self.ctx);
                            doc
                        })
                        .map(|doc| {
                            let tail = bytes.ends_with(doc.body.as_bytes());
                            (doc, Some((key, tail)))
                        })
                }
                Err(source) => Err(LoadError::Io {
                    path: path.display().to_string(),
                    source,
                }),
            },
            None => crate::load::load_file_in(path, rel, Strictness::Strict, self.ctx)
                .map(|doc| (doc, None)),
        };
        match loaded {
            Ok((doc, key)) => Ok(self.extract.map(|opts| self.extract_one(&doc, key, opts))),
            Err(LoadError::NotText { what, .. }) => Err(vec![InputError {
                path: shown,
                line: None,
                column: None,
                message: format!("not a text file ({what}); skipped"),
                hint: String::new(),
            }]),
            Err(e) => Err(input_errors(&shown, e)),
        }
    }

    /// The incident of `doc`, stored in the cache under `key` (with whether its body ends the
    /// file's bytes).
    fn extract_one(
        &self,
        doc: &SourceDoc,
        key: Option<(String, bool)>,
        opts: &ExtractOptions,
    ) -> Incident {
        let mut inc = extract(doc, opts);
        inc.source = Path::new(self.shown_prefix)
            .join(&doc.rel_path)
            .display()
            .to_string();
        if let (Some(c), Some((key, tail))) = (self.cache, key) {
            c.put(&key, &inc, tail && inc.body == doc.body);
        }
        inc
    }

    /// The path as messages show it, relative to the site root.
    fn shown(&self, path: &Path) -> String {
        let rel = crate::load::rel_path(self.content_dir, path);
        if self.shown_prefix.is_empty() {
            rel
        } else {
            format!("{}/{rel}", self.shown_prefix)
        }
    }
}

/// A load error as one [`InputError`] per problem (a file may have several front matter errors).
fn input_errors(path: &str, e: LoadError) -> Vec<InputError> {
    let one = |line, message: String, hint: &str| InputError {
        path: path.to_string(),
        line,
        column: None,
        message: crate::text::strip_controls(&message).into_owned(),
        hint: hint.to_string(),
    };
    match e {
        LoadError::Invalid { issues, .. } => issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| one(i.line, i.message.clone(), &i.hint))
            .collect(),
        LoadError::Io { source, .. } => vec![one(
            None,
            format!(
                "cannot read the file: {}",
                crate::commands::report::io_message(&source)
            ),
            "check that the file exists and is readable",
        )],
        LoadError::Files(all) => all
            .into_iter()
            .flat_map(|e| input_errors(path, e))
            .collect(),
        other => vec![one(None, other.to_string(), "")],
    }
}

/// Gives every incident a slug no other incident has. The first file (by path) keeps a shared
/// slug; the others get the first `-N` that no incident declares or was given, so a declared
/// `x-2` is never taken over by a generated one. Returns a warning per clash, naming both files.
fn dedupe_slugs(incidents: &mut [Incident]) -> Vec<Warning> {
    let declared: HashSet<String> = incidents.iter().map(|i| i.slug.clone()).collect();
    let mut owner: HashMap<String, String> = HashMap::new();
    let mut warnings = Vec::new();
    for inc in incidents.iter_mut() {
        let Some(first) = owner.get(&inc.slug).cloned() else {
            owner.insert(inc.slug.clone(), inc.source.clone());
            continue;
        };
        let free = (2..)
            .map(|n| format!("{}-{n}", inc.slug))
            .find(|s| !declared.contains(s) && !owner.contains_key(s))
            .expect("an unbounded range has a free suffix");
        let msg = format!(
            "slug {:?} is already used by {first}; this one is published as {free}",
            inc.slug
        );
        inc.diagnose(DiagnosticKind::DuplicateSlug, msg.clone(), None);
        warnings.push((inc.source.clone(), msg));
        owner.insert(free.clone(), inc.source.clone());
        inc.slug = free;
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(source: &str, slug: &str) -> Incident {
        Incident {
            source: source.into(),
            slug: slug.into(),
            ..Default::default()
        }
    }

    #[test]
    fn suffixes_never_take_a_declared_slug() {
        let mut incs = vec![inc("a.md", "x"), inc("b.md", "x"), inc("c.md", "x-2")];
        let warnings = dedupe_slugs(&mut incs);
        let slugs: Vec<&str> = incs.iter().map(|i| i.slug.as_str()).collect();
        assert_eq!(slugs, ["x", "x-3", "x-2"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, "b.md");
        assert!(warnings[0].1.contains("a.md"), "{:?}", warnings[0]);
    }

    #[test]
    fn suffixes_never_take_a_generated_slug() {
        let mut incs = vec![
            inc("a.md", "x"),
            inc("b.md", "x"),
            inc("c.md", "x"),
            inc("d.md", "x-3"),
        ];
        dedupe_slugs(&mut incs);
        let slugs: HashSet<&str> = incs.iter().map(|i| i.slug.as_str()).collect();
        assert_eq!(slugs.len(), 4, "{slugs:?}");
        assert!(slugs.contains("x-3"));
    }

    #[test]
    fn input_errors_print_file_line_and_hint() {
        let e = InputErrors(vec![InputError {
            path: "content/a.md".into(),
            line: Some(3),
            column: Some(7),
            message: "bad".into(),
            hint: "fix it".into(),
        }]);
        let text = e.to_string();
        assert!(text.contains("content/a.md:3:7: bad"), "{text}");
        assert!(text.contains("hint: fix it"), "{text}");
    }
}
