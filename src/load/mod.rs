//! Stage 1: walk `content/`, decode each file and split off its front matter.

mod decode;
mod frontmatter;

pub use decode::{decode_text, repair_mojibake};
pub use frontmatter::{FrontFormat, FrontMatter};

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
}

/// Walks `content_dir` for `*.md` files (no symlink following), sorted by path.
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
        let is_md = entry.path().extension().is_some_and(|x| x == "md");
        if entry.file_type().is_file() && is_md {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Reads every postmortem under `content_dir`; broken front matter is an error.
pub fn load_dir(content_dir: &Path) -> Result<Vec<SourceDoc>, LoadError> {
    use rayon::prelude::*;
    let files = find_markdown(content_dir)?;
    files
        .par_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(content_dir)
                .unwrap_or(p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            load_file(p, rel, Strictness::Strict)
        })
        .collect()
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
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    load_bytes(path, rel_path, &bytes, strictness)
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
    })
}
