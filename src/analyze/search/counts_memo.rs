//! Each document's term counts, remembered between builds. Analysing every text again was most
//! of a rebuild's search work; the counts are a pure function of the texts (and of the code,
//! which the cache file's header names), so a document whose texts hash the same reuses them
//! and the corpus comes out identical.

use super::corpus::analyse_doc;
use super::fields::{SearchDoc, N_FIELDS};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::hash::Hasher;
use std::sync::Arc;

/// Documents analysed at once. A document's analysis (maps of shared strings) is many times the
/// size of its interned counts, so only one batch of them is alive at a time.
const ANALYSE_BATCH: usize = 256;

/// One document's analysis, with terms and words as ids of the memo's dictionaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocCounts {
    /// Tokens per text field.
    pub len: [u32; N_FIELDS],
    /// Each term of the document once: (term id, its count in each field).
    pub terms: Vec<(u32, [u32; N_FIELDS])>,
    /// Each lowercased word of the document that produced a term, once (word ids).
    pub words: Vec<u32>,
}

/// Term counts of documents by a hash of their texts, and the dictionaries their ids index.
#[derive(Debug, Clone, Default)]
pub struct CountsMemo {
    terms: Vec<Arc<str>>,
    term_ids: HashMap<Arc<str>, u32>,
    /// Lowercased word and the id of its term.
    words: Vec<(Arc<str>, u32)>,
    word_ids: HashMap<Arc<str>, u32>,
    docs: HashMap<u128, Arc<DocCounts>>,
    /// Documents were analysed or dropped since the memo was made or read.
    changed: bool,
    /// The memo was read from a file ([`CountsMemo::decode`]).
    read: bool,
    /// Documents analysed or dropped since then.
    stale: usize,
}

/// A memo read from a file is stored again once this share of its documents (1 in N) is stale:
/// the file holds every document (24 MB at 10,000 postmortems), and writing it after each
/// one-edit rebuild cost more than analysing the few documents it lacks in the next builds.
const STALE_SHARE: usize = 100;

/// The key of a document's counts: its texts, each length-prefixed.
fn texts_key(doc: &SearchDoc) -> u128 {
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x7465_726d, 0x636f_756e);
    for text in &doc.texts {
        h.write_u64(text.len() as u64);
        h.write(text.as_bytes());
    }
    siphasher::sip128::Hasher128::finish128(&h).as_u128()
}

impl CountsMemo {
    /// The term with id `t`.
    pub fn term(&self, t: u32) -> &str {
        &self.terms[t as usize]
    }

    /// How many term ids there are.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The word with id `w` and its term's id.
    pub fn word(&self, w: u32) -> (&str, u32) {
        let (word, term) = &self.words[w as usize];
        (word, *term)
    }

    /// How many word ids there are.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// Whether documents were analysed or dropped since the memo was made or read (so it is
    /// worth storing again).
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Whether storing the memo pays: it changed, and it was not read from a file (none yet,
    /// or one that could not be used) or enough of it went stale since (see [`STALE_SHARE`]).
    /// A memo left unstored costs the next build only the analysis of what it lacks.
    pub fn worth_storing(&self) -> bool {
        self.changed && (!self.read || self.stale * STALE_SHARE >= self.docs.len())
    }

    /// The counts of each of `docs` (in order): remembered where the texts are known, analysed
    /// otherwise. Afterwards the memo holds just these documents.
    pub fn counts_of(&mut self, docs: &[SearchDoc]) -> Vec<Arc<DocCounts>> {
        let keys: Vec<u128> = docs.par_iter().map(texts_key).collect();
        let mut counts = Vec::with_capacity(docs.len());
        let mut analysed = 0;
        for (keys, docs) in keys.chunks(ANALYSE_BATCH).zip(docs.chunks(ANALYSE_BATCH)) {
            analysed += self.count_batch(keys, docs, &mut counts);
        }
        super::corpus::forget_words();
        let before = std::mem::take(&mut self.docs);
        self.docs = keys.iter().copied().zip(counts.iter().cloned()).collect();
        // Without a fresh document the new keys are a subset of the old ones.
        self.changed |= analysed > 0 || before.len() != self.docs.len();
        let dropped = before
            .keys()
            .filter(|k| !self.docs.contains_key(*k))
            .count();
        self.stale += analysed + dropped;
        counts
    }

    /// Appends the counts of `docs` (keyed `keys`) to `counts`, analysing those the memo does
    /// not know in parallel; returns how many were analysed.
    fn count_batch(
        &mut self,
        keys: &[u128],
        docs: &[SearchDoc],
        counts: &mut Vec<Arc<DocCounts>>,
    ) -> usize {
        let known: Vec<Option<Arc<DocCounts>>> =
            keys.iter().map(|k| self.docs.get(k).cloned()).collect();
        let fresh: Vec<super::corpus::Analysed> = known
            .iter()
            .zip(docs)
            .filter(|(k, _)| k.is_none())
            .map(|(_, d)| d)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(analyse_doc)
            .collect();
        let analysed = fresh.len();
        let mut fresh = fresh.into_iter();
        counts.extend(known.into_iter().map(|k| {
            k.unwrap_or_else(|| Arc::new(self.intern(fresh.next().expect("one a miss"))))
        }));
        analysed
    }

    fn intern(&mut self, a: super::corpus::Analysed) -> DocCounts {
        let mut terms: Vec<(u32, [u32; N_FIELDS])> = a
            .terms
            .into_iter()
            .map(|(term, tf)| (self.term_id(term), tf))
            .collect();
        terms.sort_unstable_by_key(|e| e.0);
        let mut words: Vec<u32> = a
            .words
            .into_iter()
            .map(|(word, term)| {
                let t = self.term_id(term);
                self.word_id(word, t)
            })
            .collect();
        words.sort_unstable();
        DocCounts {
            len: a.len,
            terms,
            words,
        }
    }

    fn term_id(&mut self, term: Arc<str>) -> u32 {
        let next = self.terms.len() as u32;
        *self.term_ids.entry(term.clone()).or_insert_with(|| {
            self.terms.push(term);
            next
        })
    }

    fn word_id(&mut self, word: Arc<str>, term: u32) -> u32 {
        let next = self.words.len() as u32;
        *self.word_ids.entry(word.clone()).or_insert_with(|| {
            self.words.push((word, term));
            next
        })
    }
}

/// The memo as bytes: the dictionaries (only what its documents use), then each document.
/// Numbers are LEB128 varints; a term's field counts are a mask byte and the counts set in it.
impl CountsMemo {
    /// Encodes the memo (see [`CountsMemo::decode`]).
    pub fn encode(&self) -> Vec<u8> {
        let mut term_new = vec![u32::MAX; self.terms.len()];
        let mut word_new = vec![u32::MAX; self.words.len()];
        let (mut terms, mut words) = (Vec::new(), Vec::new());
        for dc in self.docs.values() {
            for &(t, _) in &dc.terms {
                renumber(&mut term_new, &mut terms, t);
            }
            for &w in &dc.words {
                renumber(&mut term_new, &mut terms, self.words[w as usize].1);
                renumber(&mut word_new, &mut words, w);
            }
        }
        let mut out = Vec::new();
        put(&mut out, terms.len() as u64);
        for &t in &terms {
            put_str(&mut out, &self.terms[t as usize]);
        }
        put(&mut out, words.len() as u64);
        for &w in &words {
            let (word, term) = &self.words[w as usize];
            put_str(&mut out, word);
            put(&mut out, term_new[*term as usize] as u64);
        }
        put(&mut out, self.docs.len() as u64);
        for (key, dc) in &self.docs {
            out.extend_from_slice(&key.to_le_bytes());
            dc.len.iter().for_each(|&n| put(&mut out, n as u64));
            put(&mut out, dc.terms.len() as u64);
            for (t, tf) in &dc.terms {
                put(&mut out, term_new[*t as usize] as u64);
                let mask = (0..N_FIELDS).fold(0u8, |m, f| m | (u8::from(tf[f] > 0) << f));
                out.push(mask);
                tf.iter()
                    .filter(|&&n| n > 0)
                    .for_each(|&n| put(&mut out, n as u64));
            }
            put(&mut out, dc.words.len() as u64);
            for &w in &dc.words {
                put(&mut out, word_new[w as usize] as u64);
            }
        }
        out
    }

    /// The memo [`CountsMemo::encode`] wrote, or None if `bytes` are not one (damaged).
    pub fn decode(bytes: &[u8]) -> Option<CountsMemo> {
        let mut r = Reader { bytes, at: 0 };
        let mut memo = CountsMemo {
            read: true,
            ..CountsMemo::default()
        };
        for _ in 0..r.count()? {
            let term: Arc<str> = Arc::from(r.str()?);
            memo.term_ids.insert(term.clone(), memo.terms.len() as u32);
            memo.terms.push(term);
        }
        let n_terms = memo.terms.len() as u64;
        for _ in 0..r.count()? {
            let word: Arc<str> = Arc::from(r.str()?);
            let term = r.id(n_terms)?;
            memo.word_ids.insert(word.clone(), memo.words.len() as u32);
            memo.words.push((word, term));
        }
        let n_words = memo.words.len() as u64;
        for _ in 0..r.count()? {
            let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
            let mut len = [0u32; N_FIELDS];
            for n in &mut len {
                *n = r.id(u32::MAX as u64)?;
            }
            let terms = (0..r.count()?)
                .map(|_| {
                    let t = r.id(n_terms)?;
                    let mask = r.take(1)?[0];
                    let mut tf = [0u32; N_FIELDS];
                    for (f, n) in tf.iter_mut().enumerate() {
                        if mask & (1 << f) != 0 {
                            *n = r.id(u32::MAX as u64)?;
                        }
                    }
                    Some((t, tf))
                })
                .collect::<Option<Vec<_>>>()?;
            let words = (0..r.count()?)
                .map(|_| r.id(n_words))
                .collect::<Option<Vec<_>>>()?;
            let dc = DocCounts { len, terms, words };
            memo.docs.insert(key, Arc::new(dc));
        }
        (r.at == bytes.len()).then_some(memo)
    }
}

/// Gives `old` the next new number unless it has one, recording the order in `order`.
fn renumber(new: &mut [u32], order: &mut Vec<u32>, old: u32) {
    if new[old as usize] == u32::MAX {
        new[old as usize] = order.len() as u32;
        order.push(old);
    }
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A number below `limit`.
    fn id(&mut self, limit: u64) -> Option<u32> {
        self.varint().filter(|&n| n < limit).map(|n| n as u32)
    }

    /// A count of items that follow (each takes a byte at least, so never more than are left).
    fn count(&mut self) -> Option<usize> {
        let left = (self.bytes.len() - self.at) as u64;
        self.varint().filter(|&n| n <= left).map(|n| n as usize)
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> SearchDoc {
        let texts = [
            title.into(),
            "The cache expired".into(),
            String::new(),
            "dns".into(),
            body.into(),
        ];
        SearchDoc::with_texts(0, "", title, texts)
    }

    /// The counts as strings, so memos with other ids compare.
    fn spelled(memo: &CountsMemo, dc: &DocCounts) -> (Vec<(String, [u32; N_FIELDS])>, Vec<String>) {
        let mut terms: Vec<_> = dc
            .terms
            .iter()
            .map(|(t, tf)| (memo.term(*t).to_string(), *tf))
            .collect();
        terms.sort();
        let mut words: Vec<_> = dc
            .words
            .iter()
            .map(|&w| format!("{}>{}", memo.word(w).0, memo.term(memo.word(w).1)))
            .collect();
        words.sort();
        (terms, words)
    }

    #[test]
    fn remembers_known_texts_and_forgets_the_rest() {
        let docs = vec![
            doc("Proxy timeouts", "The proxy timed out."),
            doc("Disk", "Full disks"),
        ];
        let mut memo = CountsMemo::default();
        let first = memo.counts_of(&docs);
        assert!(memo.changed());
        let mut again = CountsMemo::decode(&memo.encode()).unwrap();
        assert!(!again.changed());
        let second = again.counts_of(&docs);
        assert!(!again.changed(), "nothing new was analysed");
        for (a, b) in first.iter().zip(&second) {
            assert_eq!(spelled(&memo, a), spelled(&again, b));
            assert_eq!(a.len, b.len);
        }
        again.counts_of(&docs[..1]);
        assert!(again.changed(), "a document was dropped");
        assert_eq!(CountsMemo::decode(&again.encode()).unwrap().docs.len(), 1);
    }

    #[test]
    fn a_read_memo_is_stored_again_once_enough_of_it_is_stale() {
        // An edit makes two documents stale: the one analysed and the one it replaces.
        let docs: Vec<SearchDoc> = (0..4 * STALE_SHARE)
            .map(|i| doc(&format!("Incident {i}"), "The proxy timed out."))
            .collect();
        let mut memo = CountsMemo::default();
        memo.counts_of(&docs);
        assert!(memo.worth_storing(), "a new memo");
        let bytes = memo.encode();
        let mut read = CountsMemo::decode(&bytes).unwrap();
        read.counts_of(&docs);
        assert!(!read.worth_storing(), "unchanged");
        let mut edited = docs.clone();
        edited[0] = doc("Incident 0", "The proxy timed out twice.");
        read.counts_of(&edited);
        assert!(
            read.changed() && !read.worth_storing(),
            "2 of 400 are stale"
        );
        edited[1] = doc("Incident 1", "Edited too.");
        read.counts_of(&edited);
        assert!(read.worth_storing(), "4 of 400 are");
        let mut fewer = CountsMemo::decode(&bytes).unwrap();
        fewer.counts_of(&docs[4..]);
        assert!(fewer.worth_storing(), "4 dropped");
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let mut memo = CountsMemo::default();
        memo.counts_of(&[doc("Proxy", "timeouts")]);
        let bytes = memo.encode();
        assert!(CountsMemo::decode(&bytes[..bytes.len() - 1]).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(CountsMemo::decode(&longer).is_none());
        assert!(CountsMemo::decode(b"\xff\xff\xff").is_none());
    }
}
