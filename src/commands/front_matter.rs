//! `hindsight inspect --front-matter FILE [--write]`: the facts hindsight read from the text as
//! front matter lines, for the author to confirm once. Printed as the file's front matter block
//! would read with them added; `--write` adds them to the file (atomically), leaving every byte
//! after the block as it was.

use crate::extract::{extract, ExtractOptions, Field, Incident, Origin, Provenance};
use crate::load::{load_file, Entry, EntryValue, Strictness};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// What `--front-matter` did for one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatterReport {
    /// The front matter block with the facts added.
    pub block: String,
    /// How many lines were added.
    pub added: usize,
    /// True when the file was rewritten.
    pub written: bool,
}

/// Builds (and with `write`, writes) the front matter block of one file.
pub fn run(path: &Path, opts: &ExtractOptions, write: bool) -> Result<FrontMatterReport> {
    let original = std::fs::read_to_string(path)
        .with_context(|| format!("{} is not a UTF-8 text file", path.display()))?;
    let doc = load_file(path, path.display().to_string(), Strictness::Lenient)?;
    let inc = extract(&doc, opts);
    let entries = undeclared_facts(&inc, |k| doc.front.has_key(k));
    let edited = crate::load::add_to_file(&original, &entries)
        .map_err(|e| anyhow::anyhow!("cannot add front matter to {}: {e}", path.display()))?;
    let block = edited.text[edited.block.clone()].to_string();
    let written = write && !entries.is_empty();
    if written {
        replace_atomically(path, edited.text.as_bytes())?;
    }
    Ok(FrontMatterReport {
        block,
        added: entries.len(),
        written,
    })
}

/// The facts worth confirming, in card order, that the front matter does not declare yet.
pub fn undeclared_facts(inc: &Incident, declared: impl Fn(&str) -> bool) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut add = |key: &str, field: Field, value: Option<EntryValue>| {
        let Some(value) = value else { return };
        let Some(p) = inc.provenance.get(&field).filter(|p| p.is_extracted()) else {
            return;
        };
        if declared(key) {
            return;
        }
        out.push(Entry {
            key: key.to_string(),
            value,
            comment: Some(comment(p)),
        });
    };
    add("date", Field::Date, inc.date.map(EntryValue::Day));
    add("start", Field::Start, inc.start.map(EntryValue::Moment));
    add("end", Field::End, inc.end.map(EntryValue::Moment));
    // A duration follows from start and end; declare it only when one of them is unknown.
    let derivable = inc.start.is_some() && inc.end.is_some();
    let duration = inc.duration_minutes.filter(|_| !derivable);
    add(
        "duration_minutes",
        Field::DurationMinutes,
        duration.map(EntryValue::Number),
    );
    add(
        "impact_percent",
        Field::ImpactPercent,
        inc.impact_percent.map(EntryValue::Number),
    );
    add(
        "impact",
        Field::Impact,
        inc.impact.clone().map(EntryValue::Text),
    );
    add(
        "severity",
        Field::Severity,
        inc.severity.clone().map(EntryValue::Text),
    );
    let category = inc.known_category().map(str::to_string);
    add("category", Field::Category, category.map(EntryValue::Text));
    add(
        "root_cause",
        Field::RootCause,
        inc.root_cause.clone().map(EntryValue::Text),
    );
    let components = Some(inc.components.clone()).filter(|c| !c.is_empty());
    if !declared("components") && !declared("service") {
        add(
            "services",
            Field::Components,
            components.map(EntryValue::List),
        );
    }
    out
}

/// Where a value was read, and whether hindsight is sure of it.
fn comment(p: &Provenance) -> String {
    let place = match (p.from, &p.section, p.line) {
        (Origin::Section, Some(s), Some(l)) => format!("from the text: {s}, line {l}"),
        (Origin::Derived, _, _) => "worked out from other facts".to_string(),
        (Origin::FileName, _, _) => "from the file name".to_string(),
        (_, _, Some(l)) => format!("from the text, line {l}"),
        _ => "from the text".to_string(),
    };
    match p.confidence {
        Some(_) if p.is_unsure() => format!("{place}; unsure, check it"),
        _ => place,
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so the file is
/// either the old one or the new one at every moment. The file's permissions are kept.
fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write beside {}", path.display()))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// `hindsight inspect --front-matter [--write]`: each file's facts as a front-matter block,
/// printed, and with `write` added to the file.
pub fn main(files: &[std::path::PathBuf], write: bool) -> Result<()> {
    let opts = super::inspect::options_here()?;
    for f in files {
        let report = run(f, &opts, write)?;
        if files.len() > 1 {
            println!("==> {} <==", f.display());
        }
        print!("{}", report.block);
        if write {
            let what = match report.added {
                0 => "nothing to add: every fact on the card is declared".to_string(),
                n => format!("added {n} line(s) to the front matter"),
            };
            eprintln!("{}: {what}", f.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSTMORTEM: &str = "# Checkout errors\r\n\r\n## Summary\r\n\r\nOn 12 March 2024 from 14:05 to 14:47 UTC about 18% of checkout requests failed.\r\n\r\n## Root cause\r\n\r\nThe proxy timeout was lowered below the provider's slowest responses.\r\n";

    #[test]
    fn write_adds_the_facts_and_keeps_the_body_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pm.md");
        std::fs::write(&path, POSTMORTEM).unwrap();
        let opts = ExtractOptions::default();
        let report = run(&path, &opts, true).unwrap();
        assert!(report.written && report.added >= 3, "{report:?}");
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.ends_with(POSTMORTEM), "{after}");
        assert!(after.starts_with("---\r\n"));
        assert_eq!(&after[..report.block.len()], report.block);
        // Now declared: front matter, and a second run adds nothing.
        let doc = load_file(&path, "pm.md".into(), Strictness::Strict).unwrap();
        let inc = extract(&doc, &opts);
        assert_eq!(inc.provenance[&Field::Start].from, Origin::FrontMatter);
        assert_eq!(inc.start.unwrap().to_rfc3339(), "2024-03-12T14:05:00+00:00");
        let again = run(&path, &opts, true).unwrap();
        assert_eq!((again.added, again.written), (0, false));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
    }

    #[test]
    fn print_only_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pm.md");
        std::fs::write(&path, POSTMORTEM).unwrap();
        let report = run(&path, &ExtractOptions::default(), false).unwrap();
        assert!(report.block.contains("start: 2024-03-12T14:05:00+00:00"));
        assert!(report.block.contains("impact_percent: 18"));
        assert!(!report.written);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), POSTMORTEM);
    }

    #[test]
    fn declared_facts_are_not_repeated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pm.md");
        let text = format!("---\nstart: 2024-03-12T14:00:00Z\n---\n{POSTMORTEM}");
        std::fs::write(&path, &text).unwrap();
        let report = run(&path, &ExtractOptions::default(), false).unwrap();
        assert_eq!(report.block.matches("start:").count(), 1);
        assert!(report
            .block
            .starts_with("---\nstart: 2024-03-12T14:00:00Z\n"));
    }
}
