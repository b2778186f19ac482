//! BM25 exactly as tantivy defines it (k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df +
//! 0.5)), average length = tokens in the field / documents), summed over the text fields with
//! their boosts. The static index stores these per-term weights precomputed, and the CLI computes
//! them with this same function, so both sides add the same integers.

use super::fields::{BOOSTS, N_FIELDS};

/// Term-frequency saturation (tantivy's value).
pub const K1: f64 = 1.2;
/// How much field length normalises the score (tantivy's value).
pub const B: f64 = 0.75;
/// Weights are stored as integers (thousandths) so that sums are exact in Rust and JavaScript.
pub const SCALE: f64 = 1000.0;

/// Collection statistics: document count and total tokens per text field.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// Documents in the collection.
    pub docs: u64,
    /// Tokens per text field, summed over all documents.
    pub total_len: [u64; N_FIELDS],
}

impl Stats {
    /// Average tokens per document in text field `field` (0 for an empty collection).
    pub fn avg_len(&self, field: usize) -> f64 {
        if self.docs == 0 {
            return 0.0;
        }
        self.total_len[field] as f64 / self.docs as f64
    }
}

/// Inverse document frequency of a term found in `df` of `docs` documents, as tantivy computes it.
pub fn idf(docs: u64, df: u64) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The weight of one term in one document, in thousandths: per field boost * idf * tf part.
/// `df`, `tf` and `len` are per text field.
pub fn term_weight(
    stats: &Stats,
    df: &[u64; N_FIELDS],
    tf: &[u32; N_FIELDS],
    len: &[u32; N_FIELDS],
) -> u32 {
    let mut w = 0.0;
    for f in 0..N_FIELDS {
        if tf[f] == 0 || df[f] == 0 {
            continue;
        }
        let avg = stats.avg_len(f).max(f64::MIN_POSITIVE);
        let tf_f = tf[f] as f64;
        let norm = K1 * (1.0 - B + B * len[f] as f64 / avg);
        w += BOOSTS[f] * idf(stats.docs, df[f]) * tf_f * (K1 + 1.0) / (tf_f + norm);
    }
    (w * SCALE).round() as u32
}

/// Bit set of the text fields a term occurs in (bit i = field i).
pub fn field_mask(tf: &[u32; N_FIELDS]) -> u8 {
    tf.iter()
        .enumerate()
        .fold(0, |m, (i, &t)| if t > 0 { m | (1 << i) } else { m })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_terms_and_title_hits_weigh_more() {
        let stats = Stats {
            docs: 100,
            total_len: [500, 1000, 1000, 300, 20000],
        };
        let len = [5, 10, 10, 3, 200];
        let body_only = term_weight(&stats, &[0, 0, 0, 0, 10], &[0, 0, 0, 0, 1], &len);
        let rare = term_weight(&stats, &[0, 0, 0, 0, 2], &[0, 0, 0, 0, 1], &len);
        let title = term_weight(&stats, &[10, 0, 0, 0, 10], &[1, 0, 0, 0, 1], &len);
        assert!(rare > body_only);
        assert!(title > 2 * body_only);
        assert_eq!(field_mask(&[1, 0, 0, 0, 1]), 0b10001);
    }
}
