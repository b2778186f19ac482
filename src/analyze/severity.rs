//! Severity as teams write it (`SEV1`, `P2`, `critical`, `minor`) on one scale, so pages can
//! colour and sort it: level 0 is the most severe, 4 the least.

/// Words some teams use instead of numbers, and their level.
const WORDS: &[(&str, u8)] = &[
    ("emergency", 0),
    ("critical", 1),
    ("severe", 1),
    ("high", 2),
    ("major", 2),
    ("medium", 3),
    ("moderate", 3),
    ("minor", 4),
    ("low", 4),
];

/// The level of a severity: the number of `SEV1`/`P2`/`S3`/`Sev 2`/`level 1` (capped at 4), or
/// a known word; None when it cannot be read.
pub fn level(severity: &str) -> Option<u8> {
    let s = severity.trim().to_lowercase();
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let prefix = s.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '-');
    if !digits.is_empty()
        && ["sev", "p", "s", "severity", "level", "prio", "priority", ""].contains(&prefix)
    {
        return digits.parse::<u32>().ok().map(|n| n.min(4) as u8);
    }
    WORDS
        .iter()
        .find(|(w, _)| s.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
        .map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn numbers_and_words() {
        assert_eq!(level("SEV1"), Some(1));
        assert_eq!(level("sev-3"), Some(3));
        assert_eq!(level("P0"), Some(0));
        assert_eq!(level("Sev 2"), Some(2));
        assert_eq!(level("S9"), Some(4));
        assert_eq!(level("Critical"), Some(1));
        assert_eq!(level("minor"), Some(4));
        assert_eq!(level("unknown"), None);
        assert_eq!(level("v2 rollout"), None);
    }
}
