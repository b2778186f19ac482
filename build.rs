//! Embeds every file of themes/default/ in the binary, so a site made by `hindsight init` needs
//! no copy of the theme and nobody has to keep a list of theme files by hand. Also records which
//! GitHub repository this hindsight comes from, for the workflow `hindsight init` writes.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read at run time: a build script compiled once may serve several checkouts.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for rel in files {
        let abs = root.join(&rel);
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(dest, out).unwrap();
    code_hash(Path::new(&manifest));
    if let Some(repo) = source_repository(Path::new(&manifest)) {
        println!("cargo:rustc-env=HINDSIGHT_SOURCE_REPO={repo}");
    }
}

/// HINDSIGHT_CODE_HASH: FNV-1a of every source and data file that shapes what hindsight
/// produces (src/, data/, the default theme, Cargo.lock), so caches keyed by it are dropped when
/// the extractor, its data (taxonomy, learned models), the renderer or a dependency changes.
fn code_hash(manifest: &Path) {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut all = vec!["Cargo.lock".to_string()];
    for dir in ["src", "data", "themes/default"] {
        let root = manifest.join(dir);
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        all.extend(files.into_iter().map(|f| format!("{dir}/{f}")));
    }
    all.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for rel in all {
        let bytes = std::fs::read(manifest.join(&rel)).unwrap_or_default();
        for b in rel.as_bytes().iter().chain(&[0xff]).chain(&bytes) {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    println!("cargo:rustc-env=HINDSIGHT_CODE_HASH={h:016x}");
}

/// `owner/name` on GitHub: `HINDSIGHT_REPOSITORY` (the release workflow sets it), else the
/// `origin` remote of the checkout being built, when that is a GitHub address.
fn source_repository(manifest: &Path) -> Option<String> {
    println!("cargo:rerun-if-env-changed=HINDSIGHT_REPOSITORY");
    if let Ok(repo) = std::env::var("HINDSIGHT_REPOSITORY") {
        return Some(repo).filter(|r| r.contains('/'));
    }
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(manifest)
        .args(["config", "--get", "remote.origin.url"])
        .output()
        .ok()?;
    let url = String::from_utf8(out.stdout).ok()?;
    // https://github.com/o/n(.git), git@github.com:o/n(.git), ssh://git@github.com/o/n
    let rest = url.trim().split_once("github.com")?.1;
    let path = rest.trim_start_matches([':', '/']).trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let mut parts = path.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (ok(owner) && ok(name) && parts.next().is_none()).then(|| format!("{owner}/{name}"))
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(parts.join("/"));
        }
    }
}
