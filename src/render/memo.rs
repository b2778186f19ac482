//! Keys of rendered pages: a hash of everything a page is made from (hindsight's code, every
//! template, and the page's own data), so a build can publish the previous build's copy of a
//! page whose key has not changed instead of rendering it again (see `Sink::reuse`). Only data
//! the page shows goes into its key: no site-wide counts, so one new postmortem does not make
//! every page new.

use super::Theme;
use std::hash::Hasher;

/// Builds one key from parts (each length-prefixed, so ("ab", "c") and ("a", "bc") differ).
#[derive(Clone)]
pub(super) struct Key(siphasher::sip128::SipHasher13);

impl Key {
    /// A key seeded with what every page depends on: the code, the theme's templates and its
    /// stylesheets (code blocks keep the highlighting classes they style).
    pub(super) fn salt(theme: &Theme) -> Key {
        let mut k = Key(siphasher::sip128::SipHasher13::new_with_keys(
            0x7061_6765,
            0x006b_6579,
        ));
        k.add(env!("HINDSIGHT_CODE_HASH").as_bytes());
        k.add(env!("CARGO_PKG_VERSION").as_bytes());
        for (name, source) in &theme.templates {
            k.add(name.as_bytes());
            k.add(source.as_bytes());
        }
        for (path, bytes) in theme.statics.iter().filter(|(p, _)| p.ends_with(".css")) {
            k.add(path.as_bytes()).add(bytes);
        }
        k
    }

    pub(super) fn add(&mut self, bytes: &[u8]) -> &mut Key {
        self.0.write_u64(bytes.len() as u64);
        self.0.write(bytes);
        self
    }

    /// Adds a value as its JSON text (serde_json's maps are sorted, so this is stable),
    /// streamed into the hash rather than built first; its length follows it, which keeps
    /// parts apart as a leading length does.
    pub(super) fn add_json(&mut self, value: &impl serde::Serialize) -> &mut Key {
        let mut sink = HashWriter {
            hasher: &mut self.0,
            written: 0,
        };
        serde_json::to_writer(&mut sink, value).expect(crate::SERIALISES);
        let written = sink.written;
        self.0.write_u64(written);
        self
    }

    pub(super) fn add_key(&mut self, key: u128) -> &mut Key {
        self.add(&key.to_le_bytes())
    }

    /// The key; never 0 (which means "no key").
    pub(super) fn finish(&self) -> u128 {
        siphasher::sip128::Hasher128::finish128(&self.0)
            .as_u128()
            .max(1)
    }
}

/// Feeds JSON text into a key's hasher.
struct HashWriter<'a> {
    hasher: &'a mut siphasher::sip128::SipHasher13,
    written: u64,
}

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.hasher.write(bytes);
        self.written += bytes.len() as u64;
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Values of the site's data that a theme may leave unused. A value whose name no template
/// mentions is left out of the pages' data, and so out of their keys: the similarity scores
/// change with every edit anywhere (they depend on the whole site's word counts), and the
/// default theme never shows them, so keeping them would render every incident page again.
pub(super) struct Shown {
    /// Some template mentions `score` (a similar incident's score).
    pub(super) similar_score: bool,
}

impl Shown {
    pub(super) fn of(theme: &Theme) -> Shown {
        let mentions = |word: &str| theme.templates.values().any(|t| t.contains(word));
        Shown {
            similar_score: mentions("score"),
        }
    }
}

/// Could `body` hold a link or image whose target the build rewrites (an inline `](`, or a
/// reference definition `]:`)? A body without either renders the same whatever the site's
/// other postmortems and files are.
pub(super) fn may_link(body: &str) -> bool {
    body.contains("](") || body.contains("]:")
}
