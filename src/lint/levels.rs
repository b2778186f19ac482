//! Rule levels: site.toml's `[check.rules]` and per-file front matter
//! (`hindsight: { check: { rule-id: off } }` or `check_disable: [rule-id]`).

use super::{Finding, FrontInfo, Rule, Severity};
use crate::extract::Incident;
use serde_json::Value;
use std::collections::BTreeMap;

/// How a rule is reported, as site.toml `[check.rules]` or front matter sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule's own severity.
    Default,
    /// Not reported.
    Off,
    /// Reported as a warning.
    Warning,
    /// Reported as an error (fails the check).
    Error,
}

impl Level {
    /// A level as written (`off`, `warn`, `error`, ...); None when it is none.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "false" | "allow" | "ignore" => Some(Level::Off),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" | "true" | "on" => Some(Level::Error),
            "default" => Some(Level::Default),
            _ => None,
        }
    }
}

/// A site.toml `[check.rules]` entry that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LevelError {
    /// A rule id `check` does not have.
    #[error("site.toml [check.rules]: unknown rule {0:?}\nhint: run `hindsight check --list-rules` for the rule ids")]
    UnknownRule(String),
    /// A value that is not a level.
    #[error("site.toml [check.rules]: {rule} = {value:?} is not a level\nhint: use \"off\", \"warning\" or \"error\"")]
    BadLevel {
        /// The rule id.
        rule: String,
        /// The value as written.
        value: String,
    },
}

/// The level site.toml gives each rule it names.
#[derive(Debug, Clone, Default)]
pub struct Levels(BTreeMap<Rule, Level>);

impl Levels {
    /// The levels of site.toml's `[check.rules]`; an unknown rule or level is an error.
    pub fn from_config(map: &BTreeMap<String, String>) -> Result<Levels, LevelError> {
        let mut out = BTreeMap::new();
        for (id, value) in map {
            let rule = Rule::from_id(id).ok_or_else(|| LevelError::UnknownRule(id.clone()))?;
            let level = Level::parse(value).ok_or_else(|| LevelError::BadLevel {
                rule: id.clone(),
                value: value.clone(),
            })?;
            out.insert(rule, level);
        }
        Ok(Levels(out))
    }

    /// The level set for `rule`, if any.
    pub fn get(&self, rule: Rule) -> Option<Level> {
        self.0.get(&rule).copied()
    }
}

/// Levels a file sets for itself, and findings about settings it got wrong.
pub fn file_levels(inc: &Incident, front: &FrontInfo) -> (Levels, Vec<Finding>) {
    let mut levels = BTreeMap::new();
    let mut notes = Vec::new();
    let mut bad = |key: &str, what: String| {
        notes.push(Finding {
            rule: Rule::CheckConfig,
            severity: Severity::Warning,
            file: inc.source.clone(),
            line: front.lines.get(key).copied().unwrap_or(1),
            column: 1,
            message: what,
            hint: "use a rule id from `hindsight check --list-rules` and off, warning or error"
                .into(),
        });
    };
    for (key, value) in &inc.extra {
        match key.to_ascii_lowercase().as_str() {
            "check_disable" | "check-disable" => {
                let ids: Vec<String> = match value {
                    Value::Array(a) => a
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    Value::String(s) => s.split(',').map(|s| s.trim().to_string()).collect(),
                    _ => Vec::new(),
                };
                for id in ids {
                    if let Some(rule) = Rule::from_id(&id) {
                        levels.insert(rule, Level::Off);
                    } else {
                        bad(key, format!("check_disable names an unknown rule {id:?}"));
                    }
                }
            }
            "hindsight" => {
                let Some(map) = value.get("check").and_then(Value::as_object) else {
                    continue;
                };
                for (id, v) in map {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        other => other.to_string(),
                    };
                    match (Rule::from_id(id), Level::parse(&text)) {
                        (Some(rule), Some(level)) => {
                            levels.insert(rule, level);
                        }
                        (None, _) => {
                            bad(key, format!("hindsight.check names an unknown rule {id:?}"))
                        }
                        (Some(_), None) => bad(
                            key,
                            format!("hindsight.check.{id} = {text:?} is not a level"),
                        ),
                    }
                }
            }
            _ => {}
        }
    }
    (Levels(levels), notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn site_levels_reject_unknown_rules_and_levels() {
        let mut m = BTreeMap::new();
        m.insert("placeholder".to_string(), "warning".to_string());
        let l = Levels::from_config(&m).unwrap();
        assert_eq!(l.get(Rule::Placeholder), Some(Level::Warning));
        m.insert("no-such-rule".to_string(), "off".to_string());
        assert!(matches!(
            Levels::from_config(&m),
            Err(LevelError::UnknownRule(_))
        ));
        let mut m = BTreeMap::new();
        m.insert("placeholder".to_string(), "loud".to_string());
        assert!(matches!(
            Levels::from_config(&m),
            Err(LevelError::BadLevel { .. })
        ));
    }

    #[test]
    fn file_levels_from_both_front_matter_forms() {
        let mut inc = Incident::default();
        inc.extra.insert(
            "hindsight".into(),
            json!({"check": {"should-have": "off", "placeholder": "warning"}}),
        );
        inc.extra
            .insert("check_disable".into(), json!(["blameful-language", "nope"]));
        let (l, notes) = file_levels(&inc, &FrontInfo::default());
        assert_eq!(l.get(Rule::ShouldHave), Some(Level::Off));
        assert_eq!(l.get(Rule::Placeholder), Some(Level::Warning));
        assert_eq!(l.get(Rule::BlamefulLanguage), Some(Level::Off));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("nope"));
    }
}
