//! Helpers shared by the integration tests (each test file includes this with `mod support;`):
//! running the binary, fixture sites, building and reading the output, `check` findings, a link
//! checker, and what a test needs from the machine (which, under `CI`, must be there).
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Whether a test's outside need (`../shared`, Node, Chromium) is met. Missing, it is a skip
/// that says so, except under `CI`, where it fails the test: CI must provide it.
pub fn need(what: &str, present: bool) -> bool {
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} is missing, and CI is set: CI must provide it"
        );
        eprintln!("skipped: {what} is missing");
    }
    present
}

/// `../shared/corpus/SUB` beside the checkout, when it is there (see [`need`]).
pub fn shared_corpus(sub: &str) -> Option<PathBuf> {
    let p = manifest_dir().join("../shared/corpus").join(sub);
    need(&p.display().to_string(), p.is_dir()).then_some(p)
}

/// Whether `program --version` runs.
pub fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The Chromium binary: `HINDSIGHT_CHROMIUM` or `CHROMIUM`, else the first of the usual names
/// on `PATH`.
pub fn chromium() -> Option<PathBuf> {
    for var in ["HINDSIGHT_CHROMIUM", "CHROMIUM"] {
        if let Some(p) = std::env::var_os(var) {
            return Some(PathBuf::from(p));
        }
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// The binary under test. `HINDSIGHT_BIN` overrides Cargo's path, for machines where several
/// checkouts share one target folder and overwrite each other's `target/debug/hindsight`.
pub fn binary() -> PathBuf {
    std::env::var_os("HINDSIGHT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_hindsight")))
}

/// `hindsight` as a command to add arguments to, without colour.
pub fn bin() -> Command {
    let mut c = Command::new(binary());
    c.env("NO_COLOR", "1");
    c
}

/// Runs `hindsight ARGS` in `cwd`.
pub fn hindsight(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run hindsight")
}

/// Runs `hindsight ARGS` and fails the test with its stderr unless it exits 0.
pub fn hindsight_ok(cwd: &Path, args: &[&str]) -> Output {
    let out = hindsight(cwd, args);
    assert!(
        out.status.success(),
        "hindsight {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `out` of a command that must have exited 0 (else the test fails with its stderr).
pub fn succeeded(out: Output) -> Output {
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Copies a folder tree (fixture sites are copied so tests can change them).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A copy of the fixture site `name` in a temporary folder (as `TMP/site`), so tests can
/// change it; the temporary folder also has room for an output folder.
pub fn scratch_site(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(name), &root);
    (tmp, root)
}

/// A copy of the demo site (`content/` and `site.toml` of the repo) in `dir/site`.
pub fn demo_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_dir(&manifest_dir().join("content"), &site.join("content"));
    std::fs::copy(manifest_dir().join("site.toml"), site.join("site.toml")).unwrap();
    site
}

/// A new site in a temporary folder: `site.toml` and the files under `content/` (paths
/// relative to it).
pub fn temp_site(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), config).unwrap();
    for (rel, text) in files {
        let p = dir.path().join("content").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Runs `hindsight build --root ROOT --output OUT EXTRA...`, whatever its outcome.
pub fn build_cmd(root: &Path, out: &Path, extra: &[&str]) -> Output {
    hindsight(root, &build_args(root, out, extra))
}

fn build_args<'a>(root: &'a Path, out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args
}

/// Builds the site at `root` into `out` with extra args; returns the output folder.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    hindsight_ok(root, &build_args(root, out, extra));
    out.to_path_buf()
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// The JSON file at `path`.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `hindsight ARGS` in `cwd`, which must succeed, and parses what it prints as JSON.
pub fn hindsight_json(cwd: &Path, args: &[&str]) -> Value {
    let out = hindsight_ok(cwd, args);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("hindsight {args:?} printed no JSON: {e}"))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every file under `dir`, as `/`-separated relative paths.
pub fn files_under(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// The values of every `href` and `src` attribute in an HTML page, entity-decoded.
pub fn links_in(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).unwrap();
    re.captures_iter(html)
        .map(|c| {
            let raw = c.get(1).or_else(|| c.get(2)).unwrap().as_str();
            raw.replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every internal `href`/`src` of every HTML page under `out`: it must start with
/// `base_path` (when root-relative) and resolve to a file once the base path is stripped
/// (`x/` -> `x/index.html`). Returns the broken links as `page: link` lines.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let files = files_under(out);
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out.join(page));
        let page_dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        for link in links_in(&html) {
            let lower = link.to_ascii_lowercase();
            if link.is_empty()
                || link.starts_with('#')
                || link.starts_with("//")
                || lower.contains("://")
                || lower.starts_with("mailto:")
                || lower.starts_with("data:")
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap_or_default();
            let path = percent_decode(path);
            let target = if let Some(abs) = path.strip_prefix('/') {
                match ("/".to_string() + abs).strip_prefix(base_path) {
                    Some(rest) => rest.to_string(),
                    None => {
                        broken.push(format!("{page}: {link} (outside base path {base_path})"));
                        continue;
                    }
                }
            } else {
                normalise(&format!("{page_dir}{path}"))
            };
            let target = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            checked += 1;
            if !files.contains(&target) {
                broken.push(format!("{page}: {link} (no file {target})"));
            }
        }
    }
    assert!(
        checked > 0,
        "the link checker found no internal links at all"
    );
    broken
}

/// Resolves `.` and `..` in a relative path.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The slugs and draft flags of the postmortems under `root/content`, as `hindsight inspect`
/// reads them (independently of `build`).
pub fn inspected(root: &Path) -> Vec<serde_json::Value> {
    let files: Vec<String> = files_under(&root.join("content"))
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| format!("content/{f}"))
        .collect();
    let mut args = vec!["inspect", "--json"];
    args.extend(files.iter().map(String::as_str));
    match hindsight_json(root, &args) {
        Value::Array(all) => all,
        other => panic!("inspect --json printed no list: {other}"),
    }
}

/// `tests/fixtures/check`, the `check` rule fixtures.
pub fn check_fixtures() -> PathBuf {
    fixture("check")
}

/// `(rule, line, message)` of every finding `hindsight check --format json` reports for `paths`.
pub fn findings(root: &Path, paths: &[&Path]) -> Vec<(String, usize, String)> {
    let out = bin()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .args(paths)
        .output()
        .expect("run hindsight");
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "exit {:?}: {}",
        out.status.code(),
        stderr(&out)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json report");
    v["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0) as usize,
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}
