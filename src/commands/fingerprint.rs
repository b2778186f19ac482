//! A build's fingerprint: one hash of everything that shapes the site (this hindsight's code and
//! embedded data, the build options, site.toml, and the bytes of every file under `content/`,
//! `templates/`, `static/` and `themes/`). It is written into the output's marker file; a build
//! whose fingerprint matches the output's has nothing to do.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Hash of hindsight's own sources and data (computed by build.rs), so an upgrade rebuilds.
pub const CODE_HASH: &str = env!("HINDSIGHT_CODE_HASH");

/// The folders of a site whose files shape the output.
const INPUT_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// FNV-1a 64: stable across Rust releases and machines (std's hasher is not).
#[derive(Clone, Copy)]
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf29ce484222325)
    }
}

impl Fnv {
    /// Adds `bytes` and a separator, so ("ab", "c") and ("a", "bc") differ.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x100000001b3);
    }

    /// The hash so far, as 16 lowercase hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Every file under the site's input folders, sorted, relative to `root`.
fn input_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = INPUT_FOLDERS.iter().map(|f| root.join(f)).collect();
    // A site.toml `content_dir` (or Jekyll's `_posts/`) is an input folder too.
    if let Ok(config) = crate::config::SiteConfig::load(&root.join("site.toml")) {
        let content = config.content_path(root);
        if !dirs.contains(&content) {
            dirs.push(content);
        }
    }
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    files
}

/// The fingerprint of building `root` with `options` (a description of the build options that
/// change the output, such as drafts and the base URL). Files that cannot be read count as
/// changed, so an unreadable file never makes a build look up to date.
pub fn fingerprint(root: &Path, options: &str) -> String {
    let mut h = Fnv::default();
    h.write(CODE_HASH.as_bytes());
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(options.as_bytes());
    h.write(&std::fs::read(root.join("site.toml")).unwrap_or_default());
    let files = input_files(root);
    let hashes: Vec<Option<u64>> = files
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let mut f = Fnv::default();
            f.write(&bytes);
            Some(f.0)
        })
        .collect();
    for (path, hash) in files.iter().zip(hashes) {
        let rel = path.strip_prefix(root).unwrap_or(path);
        h.write(rel.as_os_str().as_encoded_bytes());
        match hash {
            Some(x) => h.write(&x.to_le_bytes()),
            None => h.write(format!("unreadable {:?}", std::time::SystemTime::now()).as_bytes()),
        }
    }
    format!("{}-{}", h.hex(), files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_with_content_and_options_only() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        std::fs::write(root.join("content/a.md"), "# A\n").unwrap();
        let first = fingerprint(root, "");
        assert_eq!(first, fingerprint(root, ""));
        assert_ne!(first, fingerprint(root, "drafts"));
        std::fs::write(root.join("content/a.md"), "# B\n").unwrap();
        let edited = fingerprint(root, "");
        assert_ne!(first, edited);
        std::fs::write(root.join("content/b.md"), "# B\n").unwrap();
        assert_ne!(edited, fingerprint(root, ""));
        std::fs::remove_file(root.join("content/b.md")).unwrap();
        assert_eq!(edited, fingerprint(root, ""));
        std::fs::write(root.join("site.toml"), "title = \"y\"\n").unwrap();
        assert_ne!(edited, fingerprint(root, ""));
    }
}
