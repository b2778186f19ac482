//! Stage 1: walk `content/`, decode each file and split off its front matter.

mod decode;
mod emit;
mod frontmatter;
mod issues;
mod parse;
pub mod shortcodes;
mod split;
mod values;

pub use decode::{decode_text, not_text, repair_mojibake};
pub use emit::{add_to_file, Edited, EmitError, Entry, EntryValue};
pub use frontmatter::{FrontFormat, FrontMatter};
pub use issues::{IssueKind, IssueLevel, LoadIssue};
pub use shortcodes::{normalize as normalize_path, SourceContext};
pub use split::BlockKind;
pub use values::{parse_date, parse_datetime};

use frontmatter::BlockLines;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Why a postmortem (or the content folder) could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The front matter is broken or mistyped (`build` stops on it).
    #[error("{}", invalid_message(path, issues))]
    Invalid {
        /// The file.
        path: String,
        /// Every problem found in it.
        issues: Vec<LoadIssue>,
    },
    /// The file is binary, not a postmortem.
    #[error("{path} is not a text file ({what}); skipped")]
    NotText {
        /// The file.
        path: String,
        /// What it looks like (`a PNG image`).
        what: &'static str,
    },
    /// Several files failed; each is listed.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Files(Vec<LoadError>),
    /// The content folder is missing.
    #[error("content folder {0} does not exist\nhint: run `hindsight init DIR` to scaffold a site, or pass --root")]
    NoContent(String),
}

fn invalid_message(path: &str, issues: &[LoadIssue]) -> String {
    let mut out = Vec::new();
    for i in issues.iter().filter(|i| i.is_error()) {
        let at = i
            .line
            .map(|l| format!("{path}:{l}"))
            .unwrap_or(path.to_string());
        let mut s = format!("{at}: {}", i.message);
        if !i.hint.is_empty() {
            s.push_str("\nhint: ");
            s.push_str(&i.hint);
        }
        out.push(s);
    }
    out.join("\n")
}

/// One postmortem file as read from disk, before any facts are extracted.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// The path as given (or as found under the content folder).
    pub path: PathBuf,
    /// Path relative to the content folder, with `/` separators (`2023/apache.md`).
    pub rel_path: String,
    /// The known front matter fields, as written.
    pub front: FrontMatter,
    /// The format of the file's metadata block, if it has one (a header block counts as YAML).
    pub front_format: Option<FrontFormat>,
    /// How the metadata block was delimited, if there is one.
    pub front_block: Option<BlockKind>,
    /// The Markdown body: BOM removed, CRLF folded to LF, mojibake repaired.
    pub body: String,
    /// Number of lines before the body in the file, so body line N is file line N + offset.
    pub body_line_offset: usize,
    /// Problems found while loading (broken or mistyped front matter, non-UTF-8 text).
    pub issues: Vec<LoadIssue>,
}

/// A file under `content/` that was not read as a postmortem, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// What it is instead (`a PNG image`).
    pub what: &'static str,
}

/// Everything read from a content folder: the postmortems, the files that are not text, and
/// the files whose front matter is wrong, each sorted by path.
#[derive(Debug, Default)]
pub struct DirLoad {
    /// The postmortems read.
    pub docs: Vec<SourceDoc>,
    /// Files that are not text.
    pub skipped: Vec<Skipped>,
    /// Files whose front matter is wrong.
    pub errors: Vec<LoadError>,
}

/// Whether hindsight reads the file as a postmortem: `.md` or `.markdown` (Hugo and Jekyll
/// take both), but not a Hugo section file (`_index.md`), which describes a list of pages.
pub fn is_postmortem_file(path: &Path) -> bool {
    is_markdown(path)
        && !path
            .file_stem()
            .is_some_and(|s| s.eq_ignore_ascii_case("_index"))
}

/// `.md` or `.markdown`, in any case.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
}

/// Walks `content_dir` for postmortems (`*.md`, `*.markdown`, not `_index.md`; no symlink
/// following), sorted by path.
pub fn find_markdown(content_dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !content_dir.is_dir() {
        return Err(LoadError::NoContent(content_dir.display().to_string()));
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| LoadError::Io {
            path: e
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk error")),
        })?;
        if entry.file_type().is_file() && is_postmortem_file(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Reads every postmortem under `content_dir`. Files that are not text are skipped (and
/// listed); every file whose front matter is wrong is an error, all of them together.
pub fn load_dir_all(content_dir: &Path) -> Result<DirLoad, LoadError> {
    load_dir_all_in(content_dir, SourceContext::default())
}

/// Like [`load_dir_all`], expanding shortcodes with the site's `ctx` (its `files` are filled
/// in from the walk).
pub fn load_dir_all_in(content_dir: &Path, mut ctx: SourceContext) -> Result<DirLoad, LoadError> {
    use rayon::prelude::*;
    let files = find_markdown(content_dir)?;
    ctx.files = files.iter().map(|p| relative(p, content_dir)).collect();
    let results: Vec<(PathBuf, Result<SourceDoc, LoadError>)> = files
        .par_iter()
        .map(|p| {
            let rel = relative(p, content_dir);
            (p.clone(), load_file_in(p, rel, Strictness::Strict, &ctx))
        })
        .collect();
    let mut out = DirLoad::default();
    for (path, r) in results {
        match r {
            Ok(doc) => out.docs.push(doc),
            Err(LoadError::NotText { what, .. }) => out.skipped.push(Skipped { path, what }),
            Err(e) => out.errors.push(e),
        }
    }
    Ok(out)
}

/// Reads every postmortem under `content_dir`; any file with broken front matter is an error
/// (every such file is listed, in path order). Files that are not text are left out.
pub fn load_dir(content_dir: &Path) -> Result<Vec<SourceDoc>, LoadError> {
    let mut all = load_dir_all(content_dir)?;
    match all.errors.len() {
        0 => Ok(all.docs),
        1 => Err(all.errors.remove(0)),
        _ => Err(LoadError::Files(all.errors)),
    }
}

/// `p` relative to `dir`, `/`-separated.
pub fn rel_path(dir: &Path, p: &Path) -> String {
    relative(p, dir)
}

fn relative(p: &Path, content_dir: &Path) -> String {
    p.strip_prefix(content_dir)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// How to treat front matter that is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// An error naming file, line and key (`build`).
    Strict,
    /// Kept as issues on the document, which is read as far as it can be (`inspect`, `check`).
    Lenient,
}

/// Reads one postmortem; `rel_path` is its path relative to the content folder.
pub fn load_file(
    path: &Path,
    rel_path: String,
    strictness: Strictness,
) -> Result<SourceDoc, LoadError> {
    load_file_in(path, rel_path, strictness, &SourceContext::default())
}

/// Like [`load_file`], expanding shortcodes with the site's `ctx`.
pub fn load_file_in(
    path: &Path,
    rel_path: String,
    strictness: Strictness,
    ctx: &SourceContext,
) -> Result<SourceDoc, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut doc = load_bytes(path, rel_path, &bytes, strictness)?;
    expand_shortcodes(&mut doc, ctx);
    Ok(doc)
}

/// Replaces the body's shortcodes by what they mean (see [`shortcodes`]); the ones left out
/// become warnings.
pub fn expand_shortcodes(doc: &mut SourceDoc, ctx: &SourceContext) {
    let body = std::mem::take(&mut doc.body);
    let (body, left_out) = shortcodes::expand(body, &doc.rel_path, ctx);
    doc.body = body;
    doc.issues.extend(left_out.into_iter().map(|u| {
        LoadIssue::new(
            IssueKind::UnsupportedShortcode,
            Some(u.body_line + doc.body_line_offset),
            u.message,
        )
        .hint("write it as Markdown (an image, a link, a fenced code block), or leave it: its inner text is kept")
    }));
}

/// Loads a document from memory; never panics, whatever the bytes.
pub fn load_bytes(
    path: &Path,
    rel_path: String,
    bytes: &[u8],
    strictness: Strictness,
) -> Result<SourceDoc, LoadError> {
    let display = path.display().to_string();
    if let Some(what) = not_text(bytes) {
        return Err(LoadError::NotText {
            path: display,
            what,
        });
    }
    let (text, warnings) = decode_text(bytes);
    let mut doc = read_text(path, rel_path, &text);
    let decoding = warnings
        .into_iter()
        .map(|w| LoadIssue::new(IssueKind::NotUtf8, None, w));
    doc.issues.splice(0..0, decoding);
    if strictness == Strictness::Strict && doc.issues.iter().any(LoadIssue::is_error) {
        return Err(LoadError::Invalid {
            path: display,
            issues: doc.issues,
        });
    }
    Ok(doc)
}

/// Splits decoded text into metadata and body and reads the metadata.
fn read_text(path: &Path, rel_path: String, text: &str) -> SourceDoc {
    let mut doc = SourceDoc {
        path: path.to_path_buf(),
        rel_path,
        front: FrontMatter::default(),
        front_format: None,
        front_block: None,
        body: text.to_string(),
        body_line_offset: 0,
        issues: Vec::new(),
    };
    let Some(block) = split::split(text) else {
        return doc;
    };
    let (front, issues) = read_block(&block);
    doc.front = front;
    doc.issues = issues;
    doc.front_format = Some(block.format);
    doc.front_block = Some(block.kind);
    doc.body = block.body.to_string();
    doc.body_line_offset = block.body_line_offset;
    doc
}

/// Parses a block; when it does not parse, reports why and reads its simple lines instead.
fn read_block(block: &split::Split) -> (FrontMatter, Vec<LoadIssue>) {
    let lines = BlockLines {
        keys: parse::key_lines(block.format, block.raw)
            .into_iter()
            .map(|(k, l)| (k, l + block.raw_line - 1))
            .collect(),
        raw: block.raw,
        first_line: block.raw_line,
    };
    let mut issues = Vec::new();
    if block.kind == BlockKind::Unclosed {
        let fence = if block.format == FrontFormat::Yaml {
            "---"
        } else {
            "+++"
        };
        issues.push(
            LoadIssue::new(
                IssueKind::Unclosed,
                block.fence_line,
                format!(
                    "the {} front matter opened here never closes",
                    block.format.name()
                ),
            )
            .hint(format!(
                "add a `{fence}` line after the last `key: value` line"
            )),
        );
    }
    // Exported headers are not always valid YAML (`title: Outage: the DB`): read their lines.
    let parsed = match block.kind {
        BlockKind::Header => Ok(parse::header_pairs(block.format, block.raw)),
        _ => parse::parse(block.format, block.raw),
    };
    let map = match parsed {
        Ok(map) => map,
        Err(e) => {
            let line = e.line.map(|l| l + block.raw_line - 1).or(block.fence_line);
            issues.push(
                LoadIssue::new(
                    IssueKind::Syntax,
                    line,
                    format!("invalid {} front matter: {}", block.format.name(), e.message),
                )
                .hint("fix the front matter or remove it; hindsight also reads postmortems without any"),
            );
            parse::simple_pairs(block.format, block.raw)
        }
    };
    let (front, field_issues) = frontmatter::from_map(map, &lines);
    issues.extend(field_issues);
    (front, issues)
}

#[cfg(test)]
mod tests;
