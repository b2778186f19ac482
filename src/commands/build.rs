//! `hindsight build`: the whole pipeline, each page written as soon as it is rendered into a
//! staging folder that replaces the output atomically at the end.

use super::fingerprint::fingerprint;
use super::progress::{NoProgress, Progress};
use crate::analyze::analyze_site;
use crate::render::Theme;
use crate::render::{expected_files, find_content_assets, render_site_into, RenderError, Sink};
use crate::write::{check_output_location, read_stamp, Staging};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// What `hindsight build` was asked to do (its command-line flags).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holds `site.toml` and `content/`).
    pub root: PathBuf,
    /// Defaults to site.toml's output_dir, relative to the root.
    pub output: Option<PathBuf>,
    /// Overrides site.toml's `base_url` (a preview deploy's address, say).
    pub base_url: Option<String>,
    /// Publish postmortems marked as drafts too.
    pub drafts: bool,
    /// Replace an output folder that hindsight did not build.
    pub force: bool,
    /// Publish the good postmortems when some cannot be read (listed in the report).
    pub keep_going: bool,
}

/// What a build did, for the summary line and `--json`.
pub struct BuildReport {
    /// Where the site was written.
    pub output: PathBuf,
    /// Incidents published.
    pub incidents: usize,
    /// Files of the site (counted before writing).
    pub files: usize,
    /// Nothing had changed since the build that made the output, which was kept as it is.
    pub up_to_date: bool,
    /// Problems that did not stop the build (`path: message`), sorted by path.
    pub warnings: Vec<String>,
    /// Postmortems left out by `keep_going`, sorted by path.
    pub bad_files: Vec<super::InputError>,
    /// Incidents taken from the extraction cache (`.hindsight/extract/`), not extracted again.
    pub cached: usize,
    /// Wall time of each stage, in order (`load+extract`, `analyze`, `render+write`, `swap`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Builds the site. When nothing that shapes the site changed since the build that made the
/// output (same hindsight, options, site.toml, and bytes of every file of `content/`,
/// `templates/`, `static/`, `themes/`), the output is kept and the report says `up_to_date`;
/// this check reads each input file once and is the whole cost of an unchanged rebuild, so a
/// long-running process (`hindsight serve`) can call `run` after every change.
pub fn run(opts: &BuildOptions) -> Result<BuildReport> {
    run_with(opts, &NoProgress)
}

/// [`run`], reporting each stage's progress to `progress`.
pub fn run_with(opts: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport> {
    let result = build(opts, progress);
    progress.finish();
    result.map(|(report, kept)| {
        drop_aside(kept);
        report
    })
}

/// Frees `value` on a thread of its own: a site model of thousands of incidents takes a
/// noticeable time to free, which the caller (often a process about to exit) need not wait for.
fn drop_aside<T: Send + 'static>(value: T) {
    // When no thread can be had, the failed spawn frees the value itself.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// What a build rendered, kept by a process that goes on running (`hindsight serve` renders
/// an edited postmortem's page from it before rebuilding the whole site).
pub struct KeptSite {
    /// The analysed site the pages were rendered from.
    pub model: crate::analyze::SiteModel,
    /// The theme, with the site's own templates and static files.
    pub theme: Theme,
    /// The files beside the postmortems.
    pub assets: Vec<crate::render::ContentAsset>,
}

/// [`run`], also returning what was rendered (None when the output was up to date).
pub fn run_keeping(opts: &BuildOptions) -> Result<(BuildReport, Option<KeptSite>)> {
    build(opts, &NoProgress)
}

fn build(opts: &BuildOptions, progress: &dyn Progress) -> Result<(BuildReport, Option<KeptSite>)> {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        // What the finished stage dropped goes back to the system before the next one grows.
        crate::memory::release_freed();
        clock = std::time::Instant::now();
    };
    let (output, fingerprint, config) = output_and_fingerprint(opts)?;
    if let Some(stamp) = read_stamp(&output).as_deref().and_then(Stamp::parse) {
        if stamp.fingerprint == fingerprint {
            crate::write::remove_leftovers(&output);
            lap("check");
            return Ok((BuildReport::unchanged(output, &stamp, timings), None));
        }
    }
    lap("check");

    let how = super::SiteLoad {
        drafts: opts.drafts,
        keep_going: opts.keep_going,
        base_url: opts.base_url.as_deref(),
        cache: true,
    };
    // The theme, the files beside the postmortems and the term counts do not depend on the
    // postmortems: they are read meanwhile, mostly while the one-threaded extraction of the
    // edited files (and its first use of the extractor's patterns) runs.
    let (site, side) = std::thread::scope(|s| {
        let side = s.spawn(|| {
            let mut laps = crate::timing::Laps::start("beside");
            let theme = Theme::load(&opts.root, &config.theme);
            let assets = find_content_assets(&config.content_path(&opts.root));
            laps.lap("theme+assets");
            let counts = super::counts_cache::load(&opts.root);
            laps.lap("term counts read");
            (theme, assets, counts)
        });
        let site = super::load_site_with(&opts.root, &how, progress);
        let side = side.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (site, side)
    });
    let mut site = site?;
    let (theme, assets, (mut counts, counts_warning)) = side;
    let (theme, assets) = (theme?, assets?);
    lap("load+extract");
    let (mut warnings, bad_files) = (
        std::mem::take(&mut site.warnings),
        std::mem::take(&mut site.bad_files),
    );
    let mut laps = crate::timing::Laps::start("build");
    let (incidents, cached) = (site.incidents.len(), site.cached);
    progress.stage("analyze", None);
    warnings.extend(counts_warning);
    warnings.sort();
    let model = analyze_site(&site.root, site.config, site.incidents, &mut counts);
    laps.lap("analyze");
    super::counts_cache::save(&site.root, &counts);
    drop(counts);
    laps.lap("term counts stored");
    lap("analyze");
    let stamp = Stamp {
        // A site published with postmortems left out is never "up to date": the next build
        // reads (and reports) them again.
        fingerprint: if bad_files.is_empty() {
            fingerprint
        } else {
            format!("{fingerprint}-partial")
        },
        incidents,
        files: expected_files(&model, &assets),
    };
    let kept = KeptSite {
        model,
        theme,
        assets,
    };
    let staging = begin_staging(opts, &site.root, &output, &stamp)?;
    progress.stage("render+write", Some(stamp.files as u64));
    render_site_into(
        &kept.model,
        &kept.theme,
        &kept.assets,
        &StagingSink(&staging, progress),
    )
    .map_err(|e| e.locate(&kept.theme))?;
    let files = staging.count();
    lap("render+write");
    staging
        .commit()
        .with_context(|| format!("writing the site to {}", output.display()))?;
    lap("swap");
    let report = BuildReport {
        output,
        incidents,
        files,
        up_to_date: false,
        warnings,
        bad_files,
        cached,
        timings,
    };
    Ok((report, Some(kept)))
}

/// Where the site goes, checked, the fingerprint of everything that shapes it, and site.toml.
fn output_and_fingerprint(
    opts: &BuildOptions,
) -> Result<(PathBuf, String, crate::config::SiteConfig)> {
    let config = crate::config::SiteConfig::load_site(&opts.root)
        .with_context(|| format!("loading the site at {}", opts.root.display()))?;
    if let Some(url) = &opts.base_url {
        crate::config::validate_base_url(url)?;
    }
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.output_dir));
    check_output_location(&opts.root, &output)?;
    let fingerprint = fingerprint(
        &opts.root,
        &format!("drafts={} base_url={:?}", opts.drafts, opts.base_url),
    );
    Ok((output, fingerprint, config))
}

/// The staging folder that will replace `output`, started from the previous build's spare.
fn begin_staging(
    opts: &BuildOptions,
    root: &Path,
    output: &Path,
    stamp: &Stamp,
) -> Result<Staging> {
    let reuse = reuse_folder(root, output);
    Staging::begin_reusing(
        output,
        opts.force,
        stamp.files,
        &stamp.to_string(),
        reuse.as_deref(),
    )
    .with_context(|| format!("writing the site to {}", output.display()))
}

impl BuildReport {
    /// The report of a build that found the output up to date and kept it.
    fn unchanged(
        output: PathBuf,
        stamp: &Stamp,
        timings: Vec<(&'static str, std::time::Duration)>,
    ) -> BuildReport {
        BuildReport {
            output,
            incidents: stamp.incidents,
            files: stamp.files,
            up_to_date: true,
            warnings: Vec::new(),
            bad_files: Vec::new(),
            cached: stamp.incidents,
            timings,
        }
    }
}

/// Where the builds of `output` keep what they published and the previous site, to start the
/// next build from: `.hindsight/output/<hash of the output's path>/`. None when the output is
/// on another file system than the site (a folder cannot be moved across).
fn reuse_folder(root: &Path, output: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let device = |p: &Path| std::fs::metadata(p).ok().map(|m| m.dev());
    if device(root)? != device(parent)? {
        return None;
    }
    let absolute = std::path::absolute(output).ok()?;
    let mut h = super::fingerprint::Fnv::default();
    h.write(absolute.as_os_str().as_encoded_bytes());
    Some(root.join(REUSE_DIR).join(h.hex()))
}

/// The folder of [`reuse_folder`]s, relative to the site root.
pub const REUSE_DIR: &str = ".hindsight/output";

/// What a build records in its output's marker file.
struct Stamp {
    fingerprint: String,
    incidents: usize,
    /// Files of the site (an estimate made before writing).
    files: usize,
}

impl Stamp {
    fn parse(text: &str) -> Option<Stamp> {
        let mut fields = text.split_whitespace();
        let (fp, incidents, files) = (fields.next()?, fields.next()?, fields.next()?);
        Some(Stamp {
            fingerprint: fp.strip_prefix("fingerprint=")?.to_string(),
            incidents: incidents.strip_prefix("incidents=")?.parse().ok()?,
            files: files.strip_prefix("files=")?.parse().ok()?,
        })
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fingerprint={} incidents={} files={}",
            self.fingerprint, self.incidents, self.files
        )
    }
}

/// The render stage's files go straight into the staging folder.
struct StagingSink<'a>(&'a Staging, &'a dyn Progress);

impl Sink for StagingSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.0.write(path, bytes).map_err(output_error)?;
        self.1.advance(1);
        Ok(())
    }
    fn copy(&self, path: &str, source: &Path) -> Result<(), RenderError> {
        self.0.link_or_copy(path, source).map_err(output_error)?;
        self.1.advance(1);
        Ok(())
    }
    fn write_keyed(&self, path: &str, bytes: &[u8], key: u128) -> Result<(), RenderError> {
        self.0.write_keyed(path, bytes, key).map_err(output_error)?;
        self.1.advance(1);
        Ok(())
    }
    fn reuse(&self, path: &str, key: u128) -> Result<bool, RenderError> {
        let reused = self.0.reuse(path, key).map_err(output_error)?;
        if reused {
            self.1.advance(1);
        }
        Ok(reused)
    }
}

fn output_error(e: crate::write::WriteError) -> RenderError {
    RenderError::Io {
        path: "the output".into(),
        message: e.to_string(),
    }
}
