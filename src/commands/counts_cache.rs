//! The term-count cache at `.hindsight/term-counts.bin`: each search document's analysis from
//! the previous build ([`CountsMemo`]), so a rebuild analyses only the documents whose texts
//! changed. A damaged file, or one another hindsight wrote, is ignored with a warning and
//! written again.

use super::fingerprint::CODE_HASH;
use crate::analyze::search::counts_memo::CountsMemo;
use std::io::Write;
use std::path::Path;

/// The cache file, relative to the site root.
pub const CACHE_FILE: &str = ".hindsight/term-counts.bin";
/// Bumped when the file's format changes.
const FORMAT: u32 = 1;

fn header() -> String {
    format!("hindsight term counts {FORMAT} {CODE_HASH}\n")
}

/// The memo the previous build of `root` left, with a warning when there was one that could
/// not be used (an empty memo then).
pub fn load(root: &Path) -> (CountsMemo, Option<String>) {
    let Ok(bytes) = std::fs::read(root.join(CACHE_FILE)) else {
        return (CountsMemo::default(), None);
    };
    let header = header();
    let Some(body) = bytes.strip_prefix(header.as_bytes()) else {
        let why = "made by another hindsight version; ignored and rebuilt";
        return (CountsMemo::default(), Some(format!("{CACHE_FILE}: {why}")));
    };
    match CountsMemo::decode(body) {
        Some(memo) => (memo, None),
        None => {
            let why = "damaged; ignored and rebuilt";
            (CountsMemo::default(), Some(format!("{CACHE_FILE}: {why}")))
        }
    }
}

/// Stores `memo` for the next build when that pays ([`CountsMemo::worth_storing`]; written
/// beside and renamed, so a reader never sees half a file). A failure only costs the next build
/// the analysis, so it is not an error.
pub fn save(root: &Path, memo: &CountsMemo) {
    if !memo.worth_storing() {
        return;
    }
    let path = root.join(CACHE_FILE);
    let write = || -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(header().as_bytes())?;
        tmp.write_all(&memo.encode())?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    let _ = write();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_memo_and_refuses_damage() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(load(tmp.path()).1, None, "no cache yet is no problem");
        let mut memo = CountsMemo::default();
        let site = crate::analyze::search::fields::SearchDoc::with_texts(
            0,
            "a",
            "Proxy",
            Default::default(),
        );
        memo.counts_of(&[site]);
        save(tmp.path(), &memo);
        let (back, warning) = load(tmp.path());
        assert_eq!((back.changed(), warning), (false, None));

        let file = tmp.path().join(CACHE_FILE);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes.push(7);
        std::fs::write(&file, &bytes).unwrap();
        assert!(load(tmp.path()).1.unwrap().contains("damaged"));
        std::fs::write(&file, b"hindsight term counts 0 old\n").unwrap();
        assert!(load(tmp.path()).1.unwrap().contains("another hindsight"));
    }
}
