//! Whole-extraction tests on small postmortems we wrote, one per document shape.

use crate::extract::{extract, ExtractOptions, Incident};
use crate::load::{load_bytes, Strictness};
use std::path::Path;

fn inc(text: &str) -> Incident {
    let doc = load_bytes(
        Path::new("t.md"),
        "t.md".into(),
        text.as_bytes(),
        Strictness::Lenient,
    )
    .unwrap();
    extract(&doc, &ExtractOptions::default())
}

#[test]
fn atx_without_space_title_and_sections() {
    let i = inc("##Postmortem: Cache stampede\n\n##Root Cause\nThe Redis cache expired every key at once.\n");
    assert_eq!(i.title.as_deref(), Some("Postmortem: Cache stampede"));
    assert!(i
        .root_cause
        .as_deref()
        .unwrap()
        .contains("Redis cache expired"));
    assert_eq!(
        i.provenance["root_cause"].section.as_deref(),
        Some("Root Cause")
    );
    assert_eq!(i.provenance["root_cause"].line, Some(4));
    assert!(i.components.contains(&"redis".to_string()));
}

#[test]
#[ignore]
fn debug_dump() {
    let path = std::env::var("DUMP").unwrap();
    let body = std::fs::read_to_string(path).unwrap();
    let norm = super::normalize(&body);
    println!("{norm}");
    for s in super::blocks::parse_sections(&norm, 0) {
        println!("== {:?} {:?} {} L{}", s.heading, s.kind, s.level, s.line);
        for p in &s.pieces {
            println!(
                "   {:?} L{} {:?} {:?}",
                p.kind,
                p.line,
                p.label,
                super::text::clip(&p.text, 100)
            );
        }
    }
}
