//! Pages previewed before the full build that will publish them: the HTTP side serves these
//! instead of the files on disk until a build that read the newer source has replaced them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Previewed pages by their path below the served folder (`hindsight/incidents/x/index.html`).
#[derive(Clone, Default)]
pub struct Overlay {
    pages: Arc<Mutex<HashMap<String, Entry>>>,
}

struct Entry {
    /// The change count when the page was previewed.
    seq: u64,
    bytes: Arc<Vec<u8>>,
}

impl Overlay {
    /// Serves `bytes` at `path` from now on, as of change `seq`.
    pub fn put(&self, seq: u64, path: String, bytes: Vec<u8>) {
        let entry = Entry {
            seq,
            bytes: Arc::new(bytes),
        };
        self.lock().insert(path, entry);
    }

    /// The previewed page at `path`, if any.
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.lock().get(path).map(|e| e.bytes.clone())
    }

    /// Forgets the pages previewed up to change `seq`: a build that started after it has
    /// published them.
    pub fn settle(&self, seq: u64) {
        self.lock().retain(|_, e| e.seq > seq);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_that_read_the_change_retires_its_preview() {
        let overlay = Overlay::default();
        overlay.put(1, "a/index.html".into(), b"one".to_vec());
        overlay.put(2, "b/index.html".into(), b"two".to_vec());
        overlay.settle(1);
        assert!(overlay.get("a/index.html").is_none());
        assert_eq!(overlay.get("b/index.html").unwrap().as_slice(), b"two");
        overlay.settle(2);
        assert!(overlay.get("b/index.html").is_none());
    }
}
