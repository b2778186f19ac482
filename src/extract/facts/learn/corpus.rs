//! The labelled postmortems of `../shared/corpus` as a training and scoring set: the fixed
//! tuning/validation split and the scoring rule of `score.py`, field by field.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The labelled sets, in the order they are reported.
pub const SETS: [&str; 3] = ["seeds", "real", "real2"];

/// `score.py`'s MAX_ROOT_CAUSE: a longer root cause is a section, not the statement.
pub const MAX_ROOT_CAUSE: usize = 300;

/// The scored fields, named as in labels.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The root-cause category.
    Category,
    /// The root-cause statement, scored by its keywords.
    RootCause,
    /// How long the incident lasted, in minutes.
    Duration,
    /// The share of users or requests affected, in percent.
    Impact,
    /// The services or systems involved.
    Components,
    /// When the incident started.
    Start,
    /// The day of the incident.
    Date,
}

impl Field {
    /// Every scored field, in report order.
    pub const ALL: [Field; 7] = [
        Field::Category,
        Field::RootCause,
        Field::Duration,
        Field::Impact,
        Field::Components,
        Field::Start,
        Field::Date,
    ];

    /// The key in labels.json.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Category => "category",
            Field::RootCause => "root_cause_keywords",
            Field::Duration => "duration_minutes",
            Field::Impact => "impact_percent",
            Field::Components => "components",
            Field::Start => "start",
            Field::Date => "date",
        }
    }
}

/// Tuning documents may be looked at; validation documents are only ever scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Documents the rules may be tuned on.
    Tuning,
    /// Documents kept out of tuning, scored only to report.
    Validation,
}

impl Part {
    /// The part's name as reports print it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Tuning => "tuning",
            Part::Validation => "validation",
        }
    }
}

/// FNV-1a 64 of the bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The bucket 0-4 of a file name; bucket 0 is the validation part (the team's fixed split).
pub fn bucket(file_name: &str) -> usize {
    ((fnv1a64(file_name.as_bytes()) >> 32) % 5) as usize
}

/// The part of the split a file name falls in.
fn part_of(file_name: &str) -> Part {
    if bucket(file_name) == 0 {
        Part::Validation
    } else {
        Part::Tuning
    }
}

/// One labelled document.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The corpus set (`seeds`, `real`, `real2`).
    pub set: String,
    /// The bare file name, as labels.json keys it.
    pub file: String,
    /// Where the document is on disk.
    pub path: PathBuf,
    /// The document's labels, as in labels.json.
    pub label: Value,
    /// Which part of the split the document is in.
    pub part: Part,
}

impl Labelled {
    /// The root-cause keywords, lower-cased (`None` when the field is not labelled).
    pub fn keywords(&self) -> Option<Vec<String>> {
        let kws = self.label.get(Field::RootCause.label_key())?.as_array()?;
        Some(kws.iter().map(lower).collect())
    }

    /// The labelled category, lower-cased (`None` when not labelled).
    pub fn category(&self) -> Option<String> {
        self.label.get("category").map(lower)
    }
}

/// `../shared/corpus` beside the repository, when it is there.
pub fn corpus_dir(manifest_dir: &Path) -> Option<PathBuf> {
    let dir = manifest_dir.join("../shared/corpus");
    dir.join("seeds/labels.json").is_file().then_some(dir)
}

/// Every labelled document of one set.
pub fn load_set(corpus: &Path, set: &str) -> Result<Vec<Labelled>, String> {
    let path = corpus.join(set).join("labels.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let labels: Vec<Value> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    labels
        .into_iter()
        .map(|label| {
            let file = label["file"]
                .as_str()
                .ok_or_else(|| format!("{}: a label without a file", path.display()))?
                .to_string();
            Ok(Labelled {
                set: set.to_string(),
                path: corpus.join(set).join(&file),
                part: part_of(&file),
                file,
                label,
            })
        })
        .collect()
}

/// Every labelled document of every set.
pub fn load_all(corpus: &Path) -> Result<Vec<Labelled>, String> {
    let mut all = Vec::new();
    for set in SETS {
        all.extend(load_set(corpus, set)?);
    }
    Ok(all)
}

fn lower(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string().to_lowercase(),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// `score.py`'s `check`: whether `got` (one incident of `inspect --json`) has `want`.
pub fn check(field: Field, want: &Value, got: &Value) -> bool {
    let g = |key: &str| got.get(key).unwrap_or(&Value::Null);
    match field {
        Field::Category => g("category")
            .as_str()
            .is_some_and(|s| s.to_lowercase() == lower(want)),
        Field::RootCause => root_cause_has(want, g("root_cause")),
        Field::Duration => near(want, g("duration_minutes"), 1.0),
        Field::Impact => near(want, g("impact_percent"), 0.5),
        Field::Components => {
            let have: Vec<String> = g("components")
                .as_array()
                .map(|a| a.iter().map(lower).collect())
                .unwrap_or_default();
            want.as_array()
                .map(|a| a.iter().all(|c| have.contains(&lower(c))))
                .unwrap_or(true)
        }
        Field::Start => prefix(want, g("start")),
        Field::Date => prefix(want, g("date")),
    }
}

fn root_cause_has(want: &Value, rc: &Value) -> bool {
    let kws = want.as_array().cloned().unwrap_or_default();
    if kws.is_empty() {
        return rc.is_null() || rc.as_str() == Some("");
    }
    rc.as_str().is_some_and(|rc| {
        let low = rc.to_lowercase();
        rc.chars().count() <= MAX_ROOT_CAUSE && kws.iter().all(|k| low.contains(&lower(k)))
    })
}

fn near(want: &Value, got: &Value, tolerance: f64) -> bool {
    match number(want) {
        None => got.is_null(),
        Some(w) => number(got).is_some_and(|x| (x - w).abs() <= tolerance),
    }
}

fn prefix(want: &Value, got: &Value) -> bool {
    match want.as_str() {
        None => got.is_null(),
        Some(w) => got.as_str().is_some_and(|s| s.starts_with(w)),
    }
}

/// Right and labelled counts per field.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Per field: (right, labelled).
    pub fields: std::collections::BTreeMap<Field, (usize, usize)>,
}

impl Tally {
    /// Scores one incident (as JSON) against its label.
    pub fn add(&mut self, label: &Value, got: &Value) {
        for f in Field::ALL {
            let Some(want) = label.get(f.label_key()) else {
                continue;
            };
            let e = self.fields.entry(f).or_default();
            e.1 += 1;
            if check(f, want, got) {
                e.0 += 1;
            }
        }
    }

    /// Adds the counts of `other` (another set or fold).
    pub fn merge(&mut self, other: &Tally) {
        for (f, (r, s)) in &other.fields {
            let e = self.fields.entry(*f).or_default();
            e.0 += r;
            e.1 += s;
        }
    }

    /// Right and labelled over all fields.
    pub fn overall(&self) -> (usize, usize) {
        self.fields
            .values()
            .fold((0, 0), |(r, s), (a, b)| (r + a, s + b))
    }

    /// The share right of one field, or of all fields for `None`; 1.0 when nothing is labelled.
    pub fn share(&self, field: Option<Field>) -> f64 {
        let (r, s) = match field {
            Some(f) => self.fields.get(&f).copied().unwrap_or_default(),
            None => self.overall(),
        };
        if s == 0 {
            1.0
        } else {
            r as f64 / s as f64
        }
    }

    /// `category 30/36 = 83%` lines and the overall, as score.py prints them.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (f, (r, s)) in &self.fields {
            let pct = 100.0 * *r as f64 / (*s).max(1) as f64;
            out.push_str(&format!("{}: {r}/{s} = {pct:.0}%\n", f.label_key()));
        }
        let (r, s) = self.overall();
        let pct = 100.0 * r as f64 / s.max(1) as f64;
        out.push_str(&format!("overall: {pct:.1}% ({r}/{s})\n"));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_split_is_the_teams() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_root_cause_over_300_characters_is_a_section_not_a_statement() {
        let want = json!(["typo"]);
        let short = json!({"root_cause": "A typo in the vhost."});
        let long = json!({"root_cause": format!("A typo in the vhost. {}", "x".repeat(300))});
        assert!(check(Field::RootCause, &want, &short));
        assert!(!check(Field::RootCause, &want, &long));
        assert!(check(
            Field::RootCause,
            &json!([]),
            &json!({"root_cause": null})
        ));
        assert!(!check(Field::RootCause, &json!([]), &short));
    }

    #[test]
    fn fields_follow_score_py() {
        let got = json!({"category": "DNS", "duration_minutes": 60.4, "impact_percent": null,
            "components": ["nginx", "web-server"], "start": "2024-01-02T10:00:00+01:00",
            "date": "2024-01-02"});
        assert!(check(Field::Category, &json!("dns"), &got));
        assert!(check(Field::Duration, &json!(61), &got));
        assert!(!check(Field::Duration, &json!(62), &got));
        assert!(check(Field::Impact, &Value::Null, &got));
        assert!(check(Field::Components, &json!(["NGINX"]), &got));
        assert!(!check(Field::Components, &json!(["apache"]), &got));
        assert!(check(Field::Start, &json!("2024-01-02T10:00"), &got));
        assert!(!check(Field::Start, &Value::Null, &got));
        assert!(check(Field::Date, &json!("2024-01-02"), &got));
    }
}
