//! Cause and effect within one sentence: "A typo in the config led to an overload" is about a
//! typo; "The site was down due to an expired certificate" is about the certificate.

use regex::Regex;
use std::sync::LazyLock;

/// Connectors that mark what follows as an effect.
static EFFECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(led to|leading to|leads to|lead to|resulted in|resulting in|results in|causing|caused|triggering|which made|making it|preventing|prevented|so that|until|eventually|ultimately leading)\b").unwrap()
});
/// Connectors that mark what follows as the cause.
static CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(caused by|due to|because of|because|as a result of|stemm(ing|ed) from|triggered by|owing to|introduced by|traced (back )?to)\b").unwrap()
});

/// Splits a sentence into parts weighted by their role: the cause counts fully, effects
/// ("... leading to a traffic spike") a third, and what precedes "due to" half.
pub fn cause_segments(sentence: &str) -> Vec<(&str, f64)> {
    let mut cuts: Vec<(usize, usize, bool)> = EFFECT
        .find_iter(sentence)
        .map(|m| (m.start(), m.end(), false))
        .collect();
    for m in CAUSE.find_iter(sentence) {
        cuts.retain(|c| !(c.0 < m.end() && m.start() < c.1));
        cuts.push((m.start(), m.end(), true));
    }
    cuts.sort();
    let mut segs: Vec<(&str, f64)> = Vec::new();
    let mut pos = 0;
    let mut w = 1.0;
    for (a, b, is_cause) in cuts {
        if a < pos {
            continue;
        }
        segs.push((&sentence[pos..a], w));
        if is_cause {
            for s in segs.iter_mut() {
                s.1 *= 0.5;
            }
            w = 1.0;
        } else {
            w *= 0.35;
        }
        pos = b;
    }
    segs.push((&sentence[pos..], w));
    segs.retain(|(t, _)| !t.trim().is_empty());
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_weigh_less_than_causes() {
        let segs = cause_segments("A pool configuration error led to a connection spike");
        assert_eq!(segs.len(), 2);
        assert!(segs[0].1 > segs[1].1);
        let segs = cause_segments("The site was down due to an expired certificate");
        assert!(segs[1].0.contains("expired") && segs[1].1 > segs[0].1);
    }
}
