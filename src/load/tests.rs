//! Whole files through the loader: the front matter shapes of tests/fixtures/front-matter (our
//! own posts, written the way Jekyll and Hugo users write them) and the ways they go wrong.

use super::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/front-matter");

fn fixture(name: &str, strictness: Strictness) -> Result<SourceDoc, LoadError> {
    let path = Path::new(FIXTURES).join(name);
    load_file(&path, name.into(), strictness)
}

fn lenient(name: &str) -> SourceDoc {
    fixture(name, Strictness::Lenient).unwrap()
}

fn from_text(text: &str) -> SourceDoc {
    load_bytes(
        Path::new("x.md"),
        "x.md".into(),
        text.as_bytes(),
        Strictness::Lenient,
    )
    .unwrap()
}

fn kinds(doc: &SourceDoc) -> Vec<IssueKind> {
    doc.issues.iter().map(|i| i.kind).collect()
}

#[test]
fn jekyll_post_with_multi_line_quoted_values_parses() {
    let doc = fixture("jekyll-status-post.md", Strictness::Strict).unwrap();
    assert_eq!(
        doc.front.title.as_deref(),
        Some("Degraded checkout: card payments were declined for forty minutes")
    );
    assert_eq!(doc.front.date.as_deref(), Some("2024-02-10 09:15:00 +0100"));
    assert_eq!(doc.front.tags, vec!["checkout", "payments"]);
    assert!(doc.body.starts_with("\nBetween 09:05"));
    assert_eq!(doc.body_line_offset, 12);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
}

#[test]
fn hugo_post_with_blocks_anchors_and_author_mappings_parses() {
    let doc = fixture("hugo-post.md", Strictness::Strict).unwrap();
    assert_eq!(doc.front.authors, vec!["Noor", "Ilse"]);
    assert_eq!(doc.front.extra["owner"]["team"], "search");
    assert!(doc.front.extra["summary"]
        .as_str()
        .unwrap()
        .starts_with("The nightly index rebuild stalled and search served"));
    assert!(!doc.front.draft);
}

#[test]
fn windows_line_ends_and_tabs_parse() {
    let doc = fixture("windows-line-ends.md", Strictness::Strict).unwrap();
    assert_eq!(doc.front.title.as_deref(), Some("Windows line ends"));
    assert_eq!(doc.body, "\nThe body keeps its text.\n");
    let doc = fixture("tab-separated.md", Strictness::Strict).unwrap();
    assert_eq!(doc.front.tags, vec!["one", "two"]);
}

#[test]
fn duplicate_keys_keep_the_last_value_with_a_warning() {
    let doc = fixture("duplicate-keys.md", Strictness::Strict).unwrap();
    assert_eq!(
        doc.front.title.as_deref(),
        Some("Queue backlog after a broker restart")
    );
    assert_eq!(kinds(&doc), vec![IssueKind::DuplicateKey]);
    assert_eq!(doc.issues[0].line, Some(4));
}

#[test]
fn broken_yaml_is_an_error_naming_the_file_line() {
    let err = fixture("broken-yaml.md", Strictness::Strict).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("broken-yaml.md:"), "{text}");
    assert!(text.contains("invalid YAML front matter"), "{text}");
    assert!(text.contains("hint:"), "{text}");
    let LoadError::Invalid { issues, .. } = err else {
        panic!("{err:?}")
    };
    assert!(
        issues[0].line.is_some_and(|l| (2..=6).contains(&l)),
        "{issues:?}"
    );
}

#[test]
fn broken_yaml_still_leaves_the_body_and_its_simple_lines() {
    let doc = lenient("broken-yaml.md");
    assert!(
        doc.body.starts_with("# Heading of the body"),
        "{:?}",
        doc.body
    );
    assert_eq!(
        doc.front.title.as_deref(),
        Some("Outage: the primary database")
    );
    assert_eq!(doc.front.date.as_deref(), Some("2024-05-06"));
    assert_eq!(doc.front.tags, vec!["database", "ops"]);
    assert_eq!(kinds(&doc), vec![IssueKind::Syntax]);
}

#[test]
fn unclosed_block_is_an_error_at_its_opening_line() {
    let err = fixture("unclosed.md", Strictness::Strict).unwrap_err();
    assert!(
        err.to_string()
            .contains("unclosed.md:1: the YAML front matter opened here never closes"),
        "{err}"
    );
    let doc = lenient("unclosed.md");
    assert_eq!(doc.front.title.as_deref(), Some("Never closed"));
    assert!(doc.body.contains("# The body") && !doc.body.contains("title:"));
    assert_eq!(doc.body_line_offset, 3);
}

#[test]
fn wrong_types_are_errors_naming_key_and_form() {
    let err = fixture("wrong-types.md", Strictness::Strict).unwrap_err();
    let text = err.to_string();
    for needle in [
        "wrong-types.md:2: `title`",
        "wrong-types.md:4: `draft`",
        "wrong-types.md:5: `start`",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    // `date: yesterday` is a warning: the date is ignored and the text is read instead.
    assert!(!text.contains(":3:"), "{text}");
    let doc = lenient("wrong-types.md");
    assert_eq!(doc.front.tags, vec!["ok"]);
    assert!(kinds(&doc).contains(&IssueKind::UnreadableTime));
}

#[test]
fn exported_blog_header_is_metadata_not_body() {
    let doc = fixture("exported-blog-header.md", Strictness::Strict).unwrap();
    assert_eq!(doc.front_block, Some(BlockKind::Header));
    assert_eq!(
        doc.front.title.as_deref(),
        Some("How our mail relay went quiet")
    );
    assert_eq!(doc.front.tags, vec!["mail"]);
    // A publication date is kept, but not as the incident's date.
    assert_eq!(doc.front.date, None);
    assert!(doc.front.extra.contains_key("published"));
    assert!(doc.body.trim_start().starts_with("On 4 March 2021"));
    assert_eq!(doc.body_line_offset, 5);
}

#[test]
fn capitalised_header_keys_are_read_as_metadata() {
    // Pelican and MultiMarkdown write `Title:` and `Tags: a, b`.
    let doc = from_text(
        "Title: Queue workers stalled after a broker upgrade\nDate: 2023-05-06\nTags: queue, upgrade\n\nThe workers stopped at 10:00 UTC.\n",
    );
    assert_eq!(doc.front_block, Some(BlockKind::Header));
    assert_eq!(
        doc.front.title.as_deref(),
        Some("Queue workers stalled after a broker upgrade")
    );
    assert_eq!(doc.front.tags, vec!["queue", "upgrade"]);
    assert!(doc.body.trim_start().starts_with("The workers stopped"));
}

#[test]
fn files_that_are_not_text_are_skipped() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0";
    let err = load_bytes(
        Path::new("shot.md"),
        "shot.md".into(),
        png,
        Strictness::Lenient,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "shot.md is not a text file (a PNG image); skipped"
    );
}

#[test]
fn a_content_folder_reports_every_bad_file_and_skips_binary_ones() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.md", "---\ntags: [x\n---\n"),
        ("b.md", "# Fine\n"),
        ("c.md", "---\ndraft: \"True\"\n---\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(dir.path().join("d.md"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let all = load_dir_all(dir.path()).unwrap();
    assert_eq!(all.docs.len(), 1);
    assert_eq!(all.skipped.len(), 1);
    assert_eq!(all.errors.len(), 2);
    let err = load_dir(dir.path()).unwrap_err().to_string();
    let (a, c) = (err.find("a.md:").unwrap(), err.find("c.md:").unwrap());
    assert!(a < c, "{err}");
}

#[test]
fn leading_blank_lines_shift_reported_lines() {
    let text = "\n\n---\ntitle: ok\ndraft: 1\n---\nbody\n";
    let doc = from_text(text);
    assert_eq!(doc.issues[0].line, Some(5));
    assert_eq!(doc.body_line_offset, 6);
}

#[test]
fn toml_front_matter_with_a_wrong_boolean() {
    let text = "+++\ntitle = \"DNS\"\ndraft = \"yes\"\n+++\nbody\n";
    let doc = from_text(text);
    assert_eq!(doc.front.title.as_deref(), Some("DNS"));
    assert_eq!(doc.issues[0].kind, IssueKind::WrongType);
    assert_eq!(doc.issues[0].line, Some(3));
}

#[test]
fn loading_is_linear_in_the_size_of_the_front_matter() {
    // Not a timing: a smoke test that a large block with many keys loads at all.
    let mut text = String::from("---\n");
    for i in 0..20_000 {
        text.push_str(&format!("key{i}: 'value {i}\n  continued'\n"));
    }
    text.push_str("---\nbody\n");
    let doc = load_bytes(
        Path::new("x.md"),
        "x.md".into(),
        text.as_bytes(),
        Strictness::Strict,
    )
    .unwrap();
    assert_eq!(doc.front.extra.len(), 20_000);
}
