//! Stage 5: write the site into a temporary folder beside the output and swap it in only when
//! every file is written, so a failed build leaves the previous site untouched.

use crate::render::OutputFile;
use std::path::{Path, PathBuf};

/// Present in every folder hindsight built; only such folders are replaced without `--force`.
pub const MARKER: &str = ".hindsight-output";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is not empty and was not built by hindsight; refusing to replace it\nhint: choose another --output, empty it, or pass --force")]
    NotOurs(String),
    #[error("output path {0:?} is not a safe relative path")]
    BadPath(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes `files` as the new contents of `output`.
pub fn write_site(output: &Path, files: &[OutputFile], force: bool) -> Result<(), WriteError> {
    if output.exists() && !force && !replaceable(output)? {
        return Err(WriteError::NotOurs(output.display().to_string()));
    }
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    write_all(staging.path(), files)?;

    if output.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        let old_path = old.path().join("site");
        std::fs::rename(output, &old_path).map_err(io(output))?;
        if let Err(e) = std::fs::rename(staging.path(), output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old_path, output);
            return Err(io(output)(e));
        }
        drop(old); // removes the previous site
    } else {
        std::fs::rename(staging.path(), output).map_err(io(output))?;
    }
    // The staging folder was renamed away; forget it instead of deleting.
    let _ = staging.keep();
    Ok(())
}

fn replaceable(output: &Path) -> Result<bool, WriteError> {
    if output.join(MARKER).is_file() {
        return Ok(true);
    }
    let mut entries = std::fs::read_dir(output).map_err(io(output))?;
    Ok(entries.next().is_none())
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    use rayon::prelude::*;
    std::fs::write(dir.join(MARKER), b"built by hindsight; safe to delete\n").map_err(io(dir))?;
    files.par_iter().try_for_each(|f| {
        let rel = Path::new(&f.path);
        let safe = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe || f.path.is_empty() {
            return Err(WriteError::BadPath(f.path.clone()));
        }
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(io(p))?;
        }
        std::fs::write(&path, &f.contents).map_err(io(&path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_non_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let files = vec![OutputFile::new("index.html", "hi")];
        assert!(matches!(
            write_site(&out, &files, false),
            Err(WriteError::NotOurs(_))
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
        write_site(&out, &files, true).unwrap();
        assert!(!out.join("precious.txt").exists());
    }

    #[test]
    fn replaces_own_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_site(&out, &[OutputFile::new("a.html", "1")], false).unwrap();
        write_site(&out, &[OutputFile::new("b/index.html", "2")], false).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "2"
        );
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "staging folders must not be left behind");
    }

    #[test]
    fn rejects_escaping_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let r = write_site(&out, &[OutputFile::new("../evil", "x")], false);
        assert!(matches!(r, Err(WriteError::BadPath(_))));
        assert!(!out.exists());
    }
}
