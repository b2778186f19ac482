//! Stage 1: walk `content/`, decode each file and split off its front matter.

mod decode;
mod frontmatter;
pub mod shortcodes;

pub use decode::{decode_text, repair_mojibake};
pub use frontmatter::{FrontFormat, FrontMatter};
pub use shortcodes::{normalize as normalize_path, SourceContext};

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: invalid {format} front matter: {message}\nhint: fix the front matter or remove it; hindsight also reads postmortems without any")]
    FrontMatter {
        path: String,
        line: usize,
        format: &'static str,
        message: String,
    },
    #[error("content folder {0} does not exist\nhint: run `hindsight init DIR` to scaffold a site, or pass --root")]
    NoContent(String),
}

/// One postmortem file as read from disk, before any facts are extracted.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// The path as given (or as found under the content folder).
    pub path: PathBuf,
    /// Path relative to the content folder, with `/` separators (`2023/apache.md`).
    pub rel_path: String,
    pub front: FrontMatter,
    pub front_format: Option<FrontFormat>,
    /// The Markdown body: BOM removed, CRLF folded to LF, mojibake repaired.
    pub body: String,
    /// Number of lines before the body in the file, so body line N is file line N + offset.
    pub body_line_offset: usize,
    /// Problems that did not stop loading (non-UTF-8 text, broken front matter read as text).
    pub warnings: Vec<String>,
    /// Hugo shortcodes and Liquid tags that were left out of the body, by file line.
    pub unsupported_shortcodes: Vec<(usize, String)>,
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

/// Reads every postmortem under `content_dir`; broken front matter is an error.
pub fn load_dir(content_dir: &Path) -> Result<Vec<SourceDoc>, LoadError> {
    load_dir_in(content_dir, SourceContext::default())
}

/// Like [`load_dir`], expanding shortcodes with the site's `ctx` (its `files` are filled in
/// from the walk).
pub fn load_dir_in(
    content_dir: &Path,
    mut ctx: SourceContext,
) -> Result<Vec<SourceDoc>, LoadError> {
    use rayon::prelude::*;
    let files = find_markdown(content_dir)?;
    let rels: Vec<String> = files.iter().map(|p| rel_path(content_dir, p)).collect();
    ctx.files = rels.clone();
    files
        .par_iter()
        .zip(rels)
        .map(|(p, rel)| load_file_in(p, rel, Strictness::Strict, &ctx))
        .collect()
}

/// `p` relative to `dir`, `/`-separated.
pub fn rel_path(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// How to treat front matter that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// An error naming file and line (`build`).
    Strict,
    /// A warning; the whole file is read as Markdown (`inspect`, `check` on foreign files).
    Lenient,
}

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

/// Replaces the body's shortcodes by what they mean (see [`shortcodes`]).
pub fn expand_shortcodes(doc: &mut SourceDoc, ctx: &SourceContext) {
    let body = std::mem::take(&mut doc.body);
    let (body, left_out) = shortcodes::expand(body, &doc.rel_path, ctx);
    doc.body = body;
    doc.unsupported_shortcodes = left_out
        .into_iter()
        .map(|u| (u.body_line + doc.body_line_offset, u.message))
        .collect();
}

/// Loads a document from memory; never panics, whatever the bytes.
pub fn load_bytes(
    path: &Path,
    rel_path: String,
    bytes: &[u8],
    strictness: Strictness,
) -> Result<SourceDoc, LoadError> {
    let (text, mut warnings) = decode_text(bytes);
    let display = path.display().to_string();
    let (front, front_format, body, body_line_offset) = match frontmatter::split(&text) {
        None => (FrontMatter::default(), None, text.clone(), 0),
        Some(split) => match frontmatter::parse(split.format, split.raw) {
            Ok(front) => (
                front,
                Some(split.format),
                split.body.to_string(),
                split.body_line_offset,
            ),
            Err((line, message)) => {
                if strictness == Strictness::Strict {
                    return Err(LoadError::FrontMatter {
                        path: display,
                        line: line + 1,
                        format: split.format.name(),
                        message,
                    });
                }
                warnings.push(format!(
                    "line {}: {} front matter does not parse ({message}); read as text",
                    line + 1,
                    split.format.name()
                ));
                (FrontMatter::default(), None, text.clone(), 0)
            }
        },
    };
    Ok(SourceDoc {
        path: path.to_path_buf(),
        rel_path,
        front,
        front_format,
        body,
        body_line_offset,
        warnings,
        unsupported_shortcodes: Vec::new(),
    })
}
