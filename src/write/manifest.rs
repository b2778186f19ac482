//! What a build published: per file, a hash of its bytes, its length and the key of what it was
//! made from (the render stage's hash of a page's inputs, or none). Kept under the site's
//! `.hindsight/output/` (never in the published site), one file per build, so the next build can
//! tell which files it would write again unchanged without reading them, and which pages it need
//! not render at all.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::Path;

/// One published file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the bytes (0: unknown, for files published by a link to their source).
    pub hash: u128,
    /// Size in bytes.
    pub len: u64,
    /// Hash of the inputs the file was made from (0: none given).
    pub key: u128,
}

/// Path relative to the site's root -> its entry.
pub type Manifest = HashMap<String, Entry>;

/// A 128-bit hash of `bytes`, stable across machines and releases (SipHash 1-3, fixed keys).
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x6869_6e64, 0x0073_6967_6874);
    h.write(bytes);
    siphasher::sip128::Hasher128::finish128(&h).as_u128()
}

/// A hash of everything `manifest` records (the same for the same published files).
pub fn hash_manifest(manifest: &Manifest) -> u128 {
    let mut rows: Vec<(&String, &Entry)> = manifest.iter().collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x6d61_6e69, 0x6665_7374);
    for (rel, e) in rows {
        h.write_u64(rel.len() as u64);
        h.write(rel.as_bytes());
        h.write_u128(e.hash);
        h.write_u64(e.len);
        h.write_u128(e.key);
    }
    siphasher::sip128::Hasher128::finish128(&h).as_u128()
}

const HEADER: &str = "hindsight manifest 1\n";

/// Reads the manifest at `path`; None when it is missing or damaged (nothing is then reused).
pub fn read(path: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(path).ok()?;
    let body = text.strip_prefix(HEADER)?;
    let mut map = Manifest::with_capacity(body.len() / 80);
    for line in body.lines() {
        let mut parts = line.splitn(4, ' ');
        let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let key = u128::from_str_radix(parts.next()?, 16).ok()?;
        let rel = parts.next()?;
        map.insert(rel.to_string(), Entry { hash, len, key });
    }
    Some(map)
}

/// Writes `manifest` to `path` (beside, then renamed). A path with a line break cannot be
/// recorded: then no manifest is written, and the next build reuses nothing.
pub fn write(path: &Path, manifest: &Manifest) -> std::io::Result<()> {
    if manifest.keys().any(|k| k.contains(['\n', '\r'])) {
        let _ = std::fs::remove_file(path);
        return Ok(());
    }
    let mut rows: Vec<(&String, &Entry)> = manifest.iter().collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(HEADER.len() + rows.len() * 90);
    out.push_str(HEADER);
    for (rel, e) in rows {
        use std::fmt::Write as _;
        let _ = writeln!(out, "{:x} {} {:x} {rel}", e.hash, e.len, e.key);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(out.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("m");
        let mut m = Manifest::new();
        let e = Entry {
            hash: hash_bytes(b"hi"),
            len: 2,
            key: 7,
        };
        m.insert("a b/index.html".into(), e);
        write(&path, &m).unwrap();
        assert_eq!(read(&path).unwrap(), m);
        assert_ne!(hash_bytes(b"hi"), hash_bytes(b"ho"));
        std::fs::write(&path, "something else").unwrap();
        assert!(read(&path).is_none());
    }
}
