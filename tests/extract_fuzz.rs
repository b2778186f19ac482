//! Property test: whatever the bytes, loading and extracting never panics.

use hindsight::extract::{extract, ExtractOptions};
use hindsight::load::{load_bytes, Strictness};
use proptest::prelude::*;
use std::path::Path;

fn run(bytes: &[u8]) {
    for strictness in [Strictness::Lenient, Strictness::Strict] {
        if let Ok(doc) = load_bytes(Path::new("fuzz.md"), "fuzz.md".into(), bytes, strictness) {
            let inc = extract(&doc, &ExtractOptions::default());
            // Every line a fact points at is inside the file (lone CRs, NEL and the Unicode
            // line and paragraph separators end lines too).
            let text = String::from_utf8_lossy(bytes)
                .replace("\r\n", "\n")
                .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
            let lines = text.split('\n').count().max(1) + 1;
            for p in &inc.placeholders {
                assert!(p.line <= lines, "placeholder line {} of {lines}", p.line);
            }
            for s in &inc.sections {
                assert!(s.line <= lines, "section line {} of {lines}", s.line);
            }
        }
    }
}

/// Pieces postmortems are made of, to build Markdown-ish documents.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\ntitle: x\n---\n".to_string()),
        Just("+++\ntitle = 1\n+++\n".to_string()),
        Just("##Root Cause\n".to_string()),
        Just("Root Cause:\n".to_string()),
        Just("**Root Cause:** ".to_string()),
        Just(">Issue Summary:\n".to_string()),
        Just("Summary\n=======\n".to_string()),
        Just("```\n".to_string()),
        Just("    indented\n".to_string()),
        Just("<h2>Timeline</h2>\n<li>10:00 AM: x</li>\n".to_string()),
        Just("| Item | Owner |\n|---|---|\n| a | b |\n".to_string()),
        Just("- [ ] task @bob P1\n".to_string()),
        Just("- 10:05 AM PST: alert\n".to_string()),
        Just("[Insert time] XX:XX [X%] TBD\n".to_string()),
        Just("The root cause was a typo in nginx.conf due to a deploy.\n".to_string()),
        Just("\r\n".to_string()),
        Just("â€™ 🔥 é\n".to_string()),
        "[ -~]{0,40}\n",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        run(&bytes);
    }

    #[test]
    fn markdownish_never_panics(parts in proptest::collection::vec(fragment(), 0..25)) {
        run(parts.concat().as_bytes());
    }
}
