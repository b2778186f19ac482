//! The browser's analysis (static/search.js) against ours: every word of the demo content, the
//! shared corpora, and a list of tricky words must get the same term. Needs Node and
//! ../shared (a skip without them, a failure under CI); the Chromium parity test checks the
//! same in a real browser.

mod support;

use hindsight::analyze::search::analysis::{term_of, words};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const TRICKY: &str =
    "generously communism arsenal skies skis dying lying tying idly gently ugly early \
only singly news howe atlas cosmos bias andes inning outing canning herring earring proceed \
exceed succeed caresses ponies ties cries gas gaps kiwis bleed feed agreed luxuriate hopping \
hoping fizzed filing failing configured configuration configurations generalization \
rationalization relational conditional valenci hesitanci digitizer conformabli radicalli \
differentli vileli analogousli vietnamization predication operator feudalism decisiveness \
hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize \
electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic \
adjustable defensible irritant replacement adjustment dependent adoption homologou \
communism activate angulariti homologous effective bowdlerize yelling sayying yyy \
crying flying reply replies happy happiness timeouts timed proxies loadbalancer 502s v8 \
kubernetes postgresql mysql haproxy nginx apache vhosts misconfigured rollback rolled \
";

fn vocabulary() -> BTreeSet<String> {
    let mut vocab = BTreeSet::new();
    let mut add_text = |text: &str| {
        for w in words(text) {
            vocab.insert(w.text.to_lowercase());
        }
    };
    add_text(TRICKY);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("content")];
    dirs.extend(support::shared_corpus(""));
    for dir in dirs {
        for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "md") {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    add_text(&t);
                }
            }
        }
    }
    vocab
}

#[test]
fn browser_terms_equal_ours() {
    if !support::need("node", support::runs("node")) {
        return;
    }
    let vocab: Vec<String> = vocabulary().into_iter().collect();
    assert!(
        vocab.len() > 200,
        "too few words to compare: {}",
        vocab.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("words.json");
    std::fs::write(&list, serde_json::to_string(&vocab).unwrap()).unwrap();
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let script = format!(
        "const s = require({js:?}); const w = require({list:?}); \
         process.stdout.write(JSON.stringify(w.map(x => s.termOf(x))));",
        js = js.display().to_string(),
        list = list.display().to_string()
    );
    let out = support::succeeded(
        Command::new("node")
            .arg("-e")
            .arg(&script)
            .output()
            .unwrap(),
    );
    let theirs: Vec<Option<String>> = serde_json::from_slice(&out.stdout).unwrap();
    let mismatches: Vec<String> = vocab
        .iter()
        .zip(&theirs)
        .filter(|(w, t)| term_of(w) != **t)
        .map(|(w, t)| format!("{w}: ours {:?}, browser {:?}", term_of(w), t))
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} words differ:\n{}",
        mismatches.len(),
        vocab.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
