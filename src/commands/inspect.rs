//! `hindsight inspect FILE...`: the extracted facts of each file, with where they came from.

use crate::extract::{extract, ExtractOptions, Field, Incident};
use crate::load::{load_file, LoadError, Strictness};
use anyhow::Result;
use std::fmt::Write;
use std::path::Path;

/// The incidents of the given files; a file that is not text is skipped with a warning on
/// stderr.
pub fn incidents(files: &[std::path::PathBuf], opts: &ExtractOptions) -> Result<Vec<Incident>> {
    let mut out = Vec::new();
    for f in files {
        let doc = match load_file(f, f.display().to_string(), Strictness::Lenient) {
            Ok(doc) => doc,
            Err(e @ LoadError::NotText { .. }) => {
                eprintln!("warning: {e}");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let mut inc = extract(&doc, opts);
        inc.source = f.display().to_string();
        out.push(inc);
    }
    Ok(out)
}

/// Extraction options from the site.toml in the current folder, if there is one.
pub fn options_here() -> Result<ExtractOptions> {
    let path = Path::new("site.toml");
    if path.is_file() {
        let config = crate::config::SiteConfig::load(path)?;
        return ExtractOptions::from_config(&config).map_err(anyhow::Error::msg);
    }
    Ok(ExtractOptions::default())
}

/// The incidents as the pretty-printed JSON array of `inspect --json`.
pub fn to_json(incidents: &[Incident]) -> Result<String> {
    Ok(serde_json::to_string_pretty(incidents)?)
}

/// A readable listing: each fact on a line with its provenance.
pub fn to_text(inc: &Incident) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({})", inc.display_title(), inc.source);
    let value = serde_json::to_value(inc).expect(crate::SERIALISES);
    let skip = ["source", "provenance", "extra", "sections", "diagnostics"];
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            let empty = v.is_null()
                || v.as_array().is_some_and(|a| a.is_empty())
                || v.as_object().is_some_and(|o| {
                    o.values()
                        .all(|x| x.as_array().is_some_and(|a| a.is_empty()))
                });
            if skip.contains(&k.as_str()) || empty || v == &serde_json::Value::Bool(false) {
                continue;
            }
            let shown = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let from = Field::from_name(k)
                .and_then(|f| inc.provenance.get(&f))
                .map(|p| match (&p.section, p.line) {
                    (Some(s), Some(l)) => format!("  [{s}, line {l}]"),
                    (None, Some(l)) => format!("  [{}, line {l}]", p.from),
                    _ => format!("  [{}]", p.from),
                })
                .unwrap_or_default();
            let _ = writeln!(out, "  {k:<18} {}{from}", truncate(&shown, 160));
        }
    }
    for d in &inc.diagnostics {
        let line = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let _ = writeln!(out, "  note: {}{line}: {}", d.kind, d.message);
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// `hindsight inspect`: the facts of each file, as text or JSON.
pub fn main(files: &[std::path::PathBuf], json: bool) -> Result<()> {
    let opts = options_here()?;
    let incidents = incidents(files, &opts)?;
    if json {
        println!("{}", to_json(&incidents)?);
    } else {
        for inc in &incidents {
            println!("{}", crate::text::terminal_safe(&to_text(inc)));
        }
    }
    Ok(())
}
